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


def test_with_names_anonymised_the_banner_names_no_stage(store) -> None:
    """The stage is a file's words: "Waiting on Dana Whitfield", of someone neither the deals nor the roster
    name, showed whole in the banner of every page in presenter mode with names anonymised. It says how many
    deals, and where to see which stage."""
    stage = "Waiting on Dana Whitfield"
    content = CLOSED_ONLY.read_bytes().replace(b"Paused", stage.encode())
    commit(store, prepare(content, CLOSED_ONLY.name, stage_outcomes={stage: "lost"}))
    store.save_stage_outcomes({stage: "open"})
    for page in ("overview", "data"):
        at = opened(page, present="true", anon="true")
        assert not at.exception, [e.value for e in at.exception]
        said = [as_read(w.value) for w in at.warning if "not counted on any page" in as_read(w.value)]
        assert said == ["2 stored deals are not counted on any page: their stage gives them no outcome. Turn off "
                        "'Anonymise reps' to see which stage and what to do."], page
        assert not [w for w in at.warning if "Dana" in as_read(w.value)]
