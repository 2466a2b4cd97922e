"""A stored roster rep whose deals name them only by email holds deals: a roster that leaves them out without
giving that email to the rep it corrects them to would leave those deals with no rep, so they stay
(winloss.ingest.corrected_spellings)."""

from __future__ import annotations

import polars as pl

from winloss.ingest.corrected_spellings import corrected_spellings


def _held(email: str | None) -> pl.DataFrame:
    return pl.DataFrame({"rep": ["Tom J. Nguyen", "Ann Lee"], "email": [email, None]})


def test_a_rep_whose_deals_name_them_by_email_is_not_taken_as_a_spelling_with_no_deals():
    deal_reps = pl.Series(["TOM.NGUYEN@acme.com", "Tom Nguyen", "Ann Lee"])
    given = pl.Series(["Tom Nguyen", "Ann Lee"])
    assert corrected_spellings(_held("tom.nguyen@acme.com"), deal_reps, given) == []


def test_without_the_email_the_same_rep_is_a_spelling_with_no_deals():
    deal_reps = pl.Series(["TOM.NGUYEN@acme.com", "Tom Nguyen", "Ann Lee"])
    given = pl.Series(["Tom Nguyen", "Ann Lee"])
    found = corrected_spellings(_held(None), deal_reps, given)
    assert [(c.old, c.new) for c in found] == [("Tom J. Nguyen", "Tom Nguyen")]
    assert corrected_spellings(_held(None).lazy(), deal_reps, given) == found
