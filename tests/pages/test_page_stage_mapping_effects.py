"""The Data page and a stage mapping chosen with the next export: the deals only the mapping changes are
said as the mapping's doing, with no box asking the user to confirm the CRM changed them; the confirmation
after Commit says what each mapping counted, or why none; the stage editor stays open while the user maps."""

from __future__ import annotations

from pathlib import Path

from app_driver import committed, counted_as
from parked_exports import WEEK1, WEEK2
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit, prepare, sha256_of
from winloss.text import md
from winloss.views.data_page import REOPEN_CONFIRM

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def uploaded(name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="uploads").set_value([(name, content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stage_expander(at: AppTest):
    (found,) = [e for e in at.expander if e.label.startswith("Stage outcomes")]
    return found


def test_a_mapping_chosen_with_the_next_export_needs_no_box_and_is_said_as_the_mappings(store):
    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    at = counted_as(uploaded("week2.csv", WEEK2.encode()), {"Parked": "no_decision"})
    assert REOPEN_CONFIRM not in [c.label for c in at.checkbox]
    assert not [w for w in at.warning if "closed in the store" in w.value]
    said = "\n".join(i.value for i in at.info)
    assert md("2 stored deals change from lost to no decision because you map 'Parked' to No decision (\"Parked one\", \"Parked two\")") in said
    done = committed(at, WEEK2.encode())
    # The file's count and the mapping's apart: the file changed O-1 alone, the mapping P-1 and P-2 ("0 new,
    # 3 updated, 1 unchanged" counted them together), and the mapping's change is said once, not again below.
    assert done == md("Stored as version 2: 0 new, 1 updated, 3 unchanged by the file. Stage mapping saved: 'Parked' → "
                      "No decision, which counts 2 stored deals as no decision (it changed 2 from lost to no decision: "
                      "\"Parked one\", \"Parked two\"). It applies to later files too.")
    moved = [i.value for i in at.info if i.value.startswith("It ")]
    assert moved == [md('It closed 1 open deal: 1 won ("Open one").')]


def test_the_confirmation_of_a_mapping_the_deals_own_flags_overrule_says_why_it_counts_none(store):
    at = counted_as(uploaded("week2.csv", WEEK2.encode()), {"Contract Signed": "no_decision"})
    done = committed(at, WEEK2.encode())
    assert done == md("Stored as version 1: 4 new, 0 updated, 0 unchanged. Stage mapping saved: 'Contract Signed' → "
                      "No decision, which counts none of the 2 stored deals at that value: they keep Won, as their own "
                      "status or closed/won columns say, and a mapping never overrides those. It applies to later files too.")


def test_the_stage_editor_stays_open_while_the_user_maps(store):
    """Each choice reruns the page: the editor (closed at first, every row placed by its flags) closed again,
    hiding the note under it on what the choice does."""
    at = uploaded("week2.csv", WEEK2.encode())
    assert stage_expander(at).proto.expanded is False
    at = counted_as(at, {"Contract Signed": "no_decision"})
    assert stage_expander(at).proto.expanded is True
    at = counted_as(at, {"Contract Signed": "no_decision", "Parked": "no_decision"})
    assert stage_expander(at).proto.expanded is True


def test_a_file_stored_already_commits_a_changed_stage_mapping_alone_and_says_what_it_changed(store):
    """Uploading week 1 again and mapping "Parked" to No decision left Commit greyed ("this file is already
    stored as it is"): committing the same bytes stored nothing, mappings included, and the page offered no
    way to store a mapping for the stored deals, as `ingest --stage` with no file does."""
    from winloss.deals import deals
    from winloss.views.data_page import ALREADY_STORED_WAITING, mappings_alone_waiting

    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    at = counted_as(uploaded("week1 again.csv", WEEK1.encode()), {"Parked": "no_decision"})
    said = "\n".join(i.value for i in at.info)
    assert md("none of its rows is stored again, but your choice in Stage outcomes differs from the stored stage mappings. "
              "Save to the dashboard stores only it, as a version of its own: 2 stored deals change from lost to no decision because "
              "you map 'Parked' to No decision (\"Parked one\", \"Parked two\"). It applies to later files too.") in said
    captions = "\n".join(c.value for c in at.caption)
    assert md(mappings_alone_waiting(1)) in captions and md(ALREADY_STORED_WAITING) not in captions
    done = committed(at, WEEK1.encode())
    assert done == md("Stored as version 2. Stage mapping saved: 'Parked' → No decision, which counts 2 stored deals "
                      "as no decision (it changed 2 from lost to no decision: \"Parked one\", \"Parked two\"). It applies to later files too.")
    assert store.stage_outcomes() == {"Parked": "no_decision"}
    outcomes = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert (outcomes["P-1"], outcomes["P-2"]) == ("no_decision", "no_decision")
    (history,) = [d.value for d in at.dataframe if "In effect" in d.value.columns]
    latest = history.iloc[0]
    assert (latest["Version"], latest["What"], latest["Note"]) == (2, "Settings edited", "1 stage mapping")
    assert history.iloc[1]["File"] == "week1.csv"  # the file's one version: it was not stored again
    assert len(history) == 2


def test_a_file_stored_already_with_no_mapping_changed_keeps_commit_greyed(store):
    from winloss.views.data_page import ALREADY_STORED_WAITING, mappings_alone_waiting

    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    at = uploaded("week1 again.csv", WEEK1.encode())
    assert at.button(key=f"commit_{sha256_of(WEEK1.encode())[:16]}").disabled
    captions = "\n".join(c.value for c in at.caption)
    assert md(ALREADY_STORED_WAITING) in captions and "stores only your" not in captions
    assert store.version() == 1


def test_the_stage_editor_says_what_a_value_counts_as_with_the_choice_and_the_note_under_it(store):
    """Mapping 'Parked' (closed, not won by its flags) to No decision: the editor's "Counted as now (rule)"
    kept saying "Lost (no rule matched: settled by the closed/won columns)" while the preview showed the
    rows as No decision, and no note under the editor said how many of its rows the choice counts."""
    from app_driver import stage_editor

    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    at = counted_as(uploaded("week2.csv", WEEK2.encode()), {"Parked": "no_decision"})
    table = stage_editor(at).value
    given = dict(zip(table["stage"], table["given"], strict=True))
    assert given["Parked"] == "No decision (your stage mapping)"
    assert given["Contract Signed"].startswith("Won")
    said = "\n".join(i.value for i in at.info)
    assert md("Your choice counts 'Parked' (2 rows) as no decision.") in said


def test_the_stage_editor_says_where_a_choice_is_stored(store):
    """Uploaded again as it is stored, the file is not stored again and Commit stores the choices alone: the
    editor's caption said a choice "is then stored with this file" there too."""
    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    for name, content, alone in (("week1 again.csv", WEEK1.encode(), True), ("week2.csv", WEEK2.encode(), False)):
        at = counted_as(uploaded(name, content), {"Parked": "no_decision"})
        (caption,) = [c.value for c in at.caption if "A choice here" in c.value]
        assert ("stored by itself, as a version of its own" in caption) is alone, name
        assert ("stored with this file" in caption) is not alone, name


def test_the_next_export_after_a_mapping_saved_alone_counts_the_files_changes_apart(store):
    """A mapping saved by itself leaves P-1 and P-2 stored lost, read no decision: the next export's confirmation
    said "0 new, 3 updated, 1 unchanged", counting them as the file's. The command line says the same."""
    from winloss.ingest.mapping_effects import store_stage_mappings

    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    store_stage_mappings(store, {"Parked": "no_decision"})
    at = uploaded("week2.csv", WEEK2.encode())
    done = committed(at, WEEK2.encode())
    assert done == md("Stored as version 3: 0 new, 1 updated, 3 unchanged by the file.")
    # The tiles under it count the same, not the store's "3 updated".
    tiles = {m.label: m.value for m in at.metric if m.label.startswith(("New", "Updated", "Unchanged"))}
    assert tiles == {"New deals": "0", "Updated deals": "1", "Unchanged deals by the file": "3"}
