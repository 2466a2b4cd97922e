"""The review's files say what they mask: an anonymised review said "Rep and manager names replaced by pseudonyms"
though anonymising replaces coaches' names too (the roster's Coach field)."""

from __future__ import annotations

from datetime import date

from small_deals import ROWS, make_deals

from winloss.anonymise import NAMED_COLUMNS
from winloss.export.words import privacy_note
from winloss.views.review import quarterly_review


def test_the_privacy_note_names_every_role_whose_names_are_replaced() -> None:
    deals = make_deals(ROWS).collect()
    masked = quarterly_review(deals, "2025 Q1", date(2025, 3, 31), hide_amounts=True, anonymized=True)
    assert privacy_note(masked) == ("Rep, manager and coach names replaced by pseudonyms; amounts shown as shares and "
                                    "indices only.")
    named = privacy_note(quarterly_review(deals, "2025 Q1", date(2025, 3, 31), anonymized=True))
    assert named == "Rep, manager and coach names replaced by pseudonyms."
    assert all(word.lower() in named.lower() for word in NAMED_COLUMNS.values())
    assert privacy_note(quarterly_review(deals, "2025 Q1", date(2025, 3, 31))) is None
