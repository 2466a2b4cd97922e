"""The Data page's reruns: what only a new store version changes is read once per version, and read again
once any version is stored (a commit, a rollback, a roster edit on the page, another session's change)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from winloss import exchange
from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare, sha256_of
from winloss.views import data_page as engine, reasons, roster

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = Path(__file__).resolve().parents[1] / "fixtures" / "workspace"
# Each reads the store for one part of the page: the counts, the History, the roster editor, the reasons tab,
# the rates tab, and what an export waiting on the uploader changes in the stored deals.
READS = {
    engine: ("store_counts", "history_rows", "rollback_targets", "before_commit", "stored_again", "rep_names_sentences"),
    roster: ("roster_for_editing",),
    reasons: ("reason_coverage", "vocabulary_effect"),
    exchange: ("rates_rows",),
}


def stored(store) -> None:
    """week1.csv and the roster, committed."""
    for name in ("week1.csv", "roster.csv"):
        prepared = prepare((WORKSPACE / name).read_bytes(), name)
        assert prepared.rejected is None, name
        commit(store, prepared, user="ops")


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How many times each of READS ran since the test began."""
    counted: Counter = Counter()
    for module, names in READS.items():
        for name in names:
            real = getattr(module, name)
            monkeypatch.setattr(module, name, lambda *args, real=real, name=name, **kw: counted.update([name]) or real(*args, **kw))
    return counted


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn_tables(at: AppTest) -> tuple[list, list, list]:
    """The page's metrics, its grids' and editors' rows, and its notes."""
    return ([(m.label, m.value) for m in at.metric], [d.value.to_dict() for d in at.dataframe],
            [e.value for e in (*at.info, *at.warning, *at.caption)])


def counts(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_rerun_reads_nothing_again_of_a_store_no_version_changed(store, filled, reads):
    """Every widget reran the whole page, and each run read the store again for the counts, the History, the
    roster editor's rows, the reasons and the rates, and what the export on the uploader changes, though only a
    new store version changes them. A rerun on the same version reads none of them again."""
    filled(stored)
    week2 = (WORKSPACE / "week2.csv").read_bytes()
    at = data_page()
    at.file_uploader(key="uploads").set_value([("week2.csv", week2, "text/csv")])
    drawn = run(at)
    first = Counter(reads)
    assert set(first) == {name for names in READS.values() for name in names}, first
    seen = drawn_tables(drawn)
    run(at)
    run(at)
    assert reads == first
    assert drawn_tables(at) == seen  # drawn as before


def test_another_sessions_change_is_read_at_the_next_rerun(store, filled, reads):
    """A version stored by another session (or the command line) while the page stood open: its next run
    reads the counts, the rates and the roster again, and draws the new ones."""
    filled(stored)
    at = data_page()
    assert counts(at)["Version"] == "2"
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.1")]), user="ops")
    before = Counter(reads)
    run(at)
    assert counts(at)["Version"] == "3"
    assert reads["rates_rows"] == before["rates_rows"] + 1 and reads["store_counts"] == before["store_counts"] + 1
    rates = at.data_editor(key="rates_3").value
    assert dict(zip(rates["currency"], rates["rate"], strict=True))["EUR"] == pytest.approx(1.1)
    week2 = prepare((WORKSPACE / "week2.csv").read_bytes(), "week2.csv")
    commit(store, week2, user="ops")
    run(at)
    assert counts(at)["Deals stored"] == str(store.opportunities().collect().height) == "6"
    assert list(at.data_editor(key="roster_editor_4").value["rep"])  # the editor of the new version, drawn


def test_a_roster_edit_and_a_rollback_on_the_page_are_read_at_once(store, filled, reads):
    """The page's own saves store a version and rerun: the roster editor shows the profile saved, and after a
    rollback the roster editor, the counts and the History are the rolled-back store's."""
    filled(stored)
    at = data_page()
    table = at.data_editor(key="roster_editor_2").value
    assert list(table["rep"])[0] == "Cara Cole" and list(table["seller_profile"])[0] == "Unprofiled"
    at.session_state["roster_editor_2"] = {"edited_rows": {0: {"seller_profile": "Lone Wolf"}}, "added_rows": [],
                                           "deleted_rows": []}
    run(at)
    at.button(key="roster_save").click()
    run(at)
    assert store.version() == 3
    saved = at.data_editor(key="roster_editor_3").value
    assert dict(zip(saved["rep"], saved["seller_profile"], strict=True))["Cara Cole"] == "Lone Wolf"
    history = next(d.value for d in at.dataframe if "In effect" in d.value.columns)
    assert list(history["Version"]) == [3, 2, 1]
    at.selectbox(key="rollback_target").set_value(1)
    at.button(key="rollback").click()
    run(at)
    at.button(key="rollback_confirm").click()
    run(at)
    assert store.version() == 4 and counts(at)["Version"] == "4"
    assert counts(at)["Reps in the roster"] == "0"
    table = at.data_editor(key="roster_editor_4").value
    assert not table["in_roster"].any() and "Lone Wolf" not in set(table["seller_profile"])
    history = next(d.value for d in at.dataframe if "In effect" in d.value.columns)
    assert list(history["Version"]) == [4, 3, 2, 1]


def test_a_commit_on_the_page_is_read_at_once(store, filled, reads):
    """Committing an export stores a version and reruns: the counts, the History and what is said of the store
    are the new version's."""
    filled(stored)
    week2 = (WORKSPACE / "week2.csv").read_bytes()
    at = data_page()
    at.file_uploader(key="uploads").set_value([("week2.csv", week2, "text/csv")])
    run(at)
    assert counts(at)["Deals stored"] == "5"
    at.button(key=f"commit_{sha256_of(week2)[:16]}").click()
    run(at)
    assert store.version() == 3
    assert counts(at)["Deals stored"] == "6" and counts(at)["Version"] == "3"
    history = next(d.value for d in at.dataframe if "In effect" in d.value.columns)
    assert list(history["Version"]) == [3, 2, 1]
