"""Every page, the Overview and the Data page among them, says how many stored deals no page counts and what
to do: deals whose own closed flag said closed, stored before the user mapped their stage to open. They
were left out of every page and nothing said so."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

CLOSED_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "hubspot_closed_flag_only.csv"
SAID = ("2 stored deals are not counted on any page: stage 'Paused' is mapped to open, but their closed/won columns said "
        "closed when they were stored. Map 'Paused' to won, lost or no decision on the Data page, in Stage outcomes, "
        "under Count as, with an export holding 'Paused' uploaded again, or correct the deals in the CRM.")


@pytest.mark.parametrize("page", ["overview", "data"])
def test_every_page_says_which_stored_deals_a_mapping_saved_later_leaves_uncounted(store, page) -> None:
    commit(store, prepare(CLOSED_ONLY.read_bytes(), CLOSED_ONLY.name, stage_outcomes={"Paused": "lost"}))
    before = opened(page)
    assert not before.exception, [e.value for e in before.exception]
    assert not [w for w in before.warning if "not counted on any page" in as_read(w.value)]
    store.save_stage_outcomes({"Paused": "open"})
    at = opened(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [as_read(w.value) for w in at.warning if "not counted on any page" in as_read(w.value)] == [SAID]
