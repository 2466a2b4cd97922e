"""The Delta store: merge on id, versions, rollback, the already-ingested check, crash safety."""

import datetime as dt
import shutil

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.exchange import ExchangeRates
from winloss.store.delta import RESTORED_WORDS, SETTING_WORDS, Store, StoreError, rollback_restores
from winloss.store.tables import DATA_TABLES, ROLLBACK_TABLES


def deals(rows: list[tuple[str, str, float | None]]) -> pl.DataFrame:
    """Accepted rows as the pipeline hands them to the store: (id, stage, amount)."""
    frame = pl.DataFrame(
        {
            "__line": list(range(2, len(rows) + 2)),
            "opportunity_id": [r[0] for r in rows],
            "rep": ["Ann"] * len(rows),
            "stage": [r[1] for r in rows],
            "outcome": ["won" if r[1] == "Closed Won" else "open" for r in rows],
            "close_date": [dt.date(2025, 3, 1)] * len(rows),
            "amount": [r[2] for r in rows],
        }
    )
    missing = {n: pl.lit(None, t) for n, t in OPPORTUNITY_SCHEMA.items() if n not in frame.columns}
    # No status column, no closing columns.
    return frame.with_columns(**missing, status_outcome=pl.lit(None, pl.String), closing_outcome=pl.lit(None, pl.String))


def put(store: Store, name: str, frame: pl.DataFrame, sha: str | None = None):
    return store.commit_file(
        kind="opportunities", file_name=name, sha256=sha or name, content=name.encode(), source="generic",
        accepted=frame, quarantine=pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String}),
        rows_read=frame.height,
    )


def test_new_store_is_empty_at_version_zero(tmp_path):
    store = Store(tmp_path / "s")
    assert store.version() == 0
    assert store.opportunities().collect().height == 0
    assert not store.has_opportunities()
    assert store.history().height == 0


def test_merge_updates_a_deal_instead_of_duplicating_it(tmp_path):
    store = Store(tmp_path / "s")
    first = put(store, "week1.csv", deals([("A", "Proposal", 100.0), ("B", "Proposal", 200.0)]))
    assert (first.store_version, first.inserted, first.updated) == (1, 2, 0)
    second = put(store, "week2.csv", deals([("A", "Closed Won", 120.0), ("B", "Proposal", 200.0), ("C", "Proposal", 5.0)]))
    assert (second.store_version, second.inserted, second.updated, second.unchanged) == (2, 1, 1, 1)
    stored = store.opportunities().collect().sort("opportunity_id")
    assert stored.get_column("opportunity_id").to_list() == ["A", "B", "C"]
    assert stored.filter(pl.col("opportunity_id") == "A").row(0, named=True)["amount"] == 120.0
    assert stored.get_column("source_sha256").to_list() == ["week2.csv", "week1.csv", "week2.csv"]


def test_rollback_restores_an_earlier_version_as_a_new_one(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    put(store, "week2.csv", deals([("A", "Closed Won", 120.0), ("B", "Proposal", 1.0)]))
    change = store.rollback(1)
    assert change.store_version == 3
    stored = store.opportunities().collect()
    assert stored.height == 1 and stored.item(0, "amount") == 100.0
    history = store.history()
    assert history.get_column("action").to_list() == ["rollback", "ingest", "ingest"]
    assert history.filter(pl.col("file_name") == "week2.csv").item(0, "in_effect") is False
    # Once undone, the same file is no longer "already ingested", so it can be loaded again.
    assert store.already_ingested("week2.csv") is None
    assert store.already_ingested("week1.csv")["store_version"] == 1
    # Rolling back to 0 empties the store; the raw files stay archived.
    store.rollback(0)
    assert store.opportunities().collect().height == 0
    assert store.archived("week1.csv") == b"week1.csv"


def test_history_marks_every_kind_of_version_a_rollback_undid_and_only_those(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))  # v1
    store.save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))  # v2
    store.save_no_decision_reasons(["Budget"])  # v3
    store.save_stage_outcomes({"Dead": "lost"})  # v4
    store.save_roster_rows(pl.DataFrame({"rep": ["Ann"], "seller_profile": ["Challenger"], "team": [None],
                                         "manager": [None], "region": [None]}, schema_overrides={
                                             "team": pl.String, "manager": pl.String, "region": pl.String}))  # v5
    store.save_assessment(pl.DataFrame({"rep": ["Ann"], "rater": ["Bo"], "date": [dt.date(2026, 1, 5)],
                                        "statement": ["s1"], "score": [3]}), None)  # v6
    put(store, "week2.csv", deals([("B", "Proposal", 1.0)]))  # v7
    store.rollback(1)  # v8: undoes v2 to v7
    assert store.exchange_rates().rates == {} and store.assessments().collect().height == 0

    def in_effect() -> dict[int, bool]:
        return dict(store.history().select("store_version", "in_effect").iter_rows())

    assert in_effect() == {1: True, 2: False, 3: False, 4: False, 5: False, 6: False, 7: False, 8: True}
    store.rollback(5)  # v9: back to the roster edit, so v2 to v5 are in effect again, v8 is undone
    assert in_effect() == {1: True, 2: True, 3: True, 4: True, 5: True, 6: False, 7: False, 8: False, 9: True}
    assert store.exchange_rates().rates == {"EUR": 1.1}
    # Uploads in effect are read by the same rule.
    assert store.live_uploads().get_column("file_name").to_list() == ["week1.csv"]


def test_the_rollback_sentence_names_what_every_restored_table_holds() -> None:
    assert set(ROLLBACK_TABLES) == set(DATA_TABLES) - {"archive"} == set(RESTORED_WORDS)
    words = rollback_restores()
    for table in ROLLBACK_TABLES:
        assert all(w in words for w in RESTORED_WORDS[table]), table
    for setting in ("exchange rates", "the reporting currency", "no-decision reasons", "stage mappings",
                    "remembered column mappings", "the fiscal year's first month"):
        assert setting in words
    assert "profile assessments" in words and words.startswith("deals, the roster")


def test_a_setting_the_rollback_sentence_does_not_name_is_refused(tmp_path):
    store = Store(tmp_path / "s")
    with pytest.raises(ValueError, match="SETTING_WORDS"):
        store._save_setting("targets", {}, "targets", None)
    assert store.version() == 0 and "targets" not in SETTING_WORDS


def test_a_table_deleted_while_a_change_is_stored_is_one_sentence_and_no_new_version(tmp_path, monkeypatch):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    put(store, "week2.csv", deals([("A", "Closed Won", 120.0)]))
    ensure = Store._ensure_tables

    def ensure_then_lose_the_roster(self):
        versions = ensure(self)
        shutil.rmtree(tmp_path / "s" / "roster")  # as if someone deleted the folder mid-write
        return versions

    monkeypatch.setattr(Store, "_ensure_tables", ensure_then_lose_the_roster)
    with pytest.raises(StoreError, match=r"^The store's roster table disappeared while a change was being stored"):
        store.rollback(1)
    assert store.version() == 2
    assert store.opportunities().collect().item(0, "amount") == 120.0


def test_rollback_refuses_versions_that_do_not_exist(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    with pytest.raises(StoreError, match="no store version 7"):
        store.rollback(7)
    with pytest.raises(StoreError, match="already at version 1"):
        store.rollback(1)


def test_a_write_that_died_before_its_manifest_row_is_invisible_and_undone(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    # Simulate a crash: the data table is written, the manifest row never is.
    deals([("Z", "Proposal", 1.0)]).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit("x"), updated_at=pl.lit(dt.datetime.now(dt.UTC))
    ).write_delta(str(tmp_path / "s" / "opportunities"), mode="append")
    assert store.opportunities().collect().get_column("opportunity_id").to_list() == ["A"]
    put(store, "week2.csv", deals([("B", "Proposal", 2.0)]))
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["A", "B"]



def test_a_commit_opens_no_table_at_the_version_the_manifest_names_unless_it_puts_the_table_back(tmp_path, monkeypatch):
    """Each commit opened every data table to learn its version (2-5 ms of CPU each): a local table's newest
    version is read from its log's file names, and one at the version the manifest records is not opened.
    After a write that died, its table is opened once (looked at, put back, cleaned up and read for its version),
    and so is each table after it, to clean it up."""
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    opened: list[str] = []
    table = Store._table

    def counted(self, name, version=None):
        opened.append(name)
        return table(self, name, version)

    monkeypatch.setattr(Store, "_table", counted)
    versions = store._ensure_tables()
    assert opened == ["uploads"]
    assert versions == {t: store._versions()[t] for t in DATA_TABLES}
    # A write that died before its manifest row: the opportunities table is put back, and read again.
    deals([("Z", "Proposal", 1.0)]).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit("x"), updated_at=pl.lit(dt.datetime.now(dt.UTC))
    ).write_delta(str(tmp_path / "s" / "opportunities"), mode="append")
    opened.clear()
    versions = store._ensure_tables()
    assert opened == ["uploads", *DATA_TABLES]
    assert versions["opportunities"] == table(store, "opportunities").version() > store._versions()["opportunities"]


def test_no_decision_vocabulary_is_a_versioned_setting(tmp_path):
    store = Store(tmp_path / "s")
    default = store.no_decision_reasons()
    assert "No Decision" in default
    change = store.save_no_decision_reasons(["Went dark", " ", "Budget frozen"])
    assert list(store.no_decision_reasons()) == ["Budget frozen", "Went dark"]
    store.rollback(change.store_version - 1)
    assert store.no_decision_reasons() == default


def test_store_uri_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "elsewhere"))
    assert Store().uri == str(tmp_path / "elsewhere")


def test_the_data_is_as_of_the_last_ingest_and_the_sample_of_its_own_day(tmp_path):
    from sample_data.generator import AS_OF
    from winloss.deals import data_as_of

    store = Store(tmp_path / "s")
    assert data_as_of(store) == dt.date.today()
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    store.save_no_decision_reasons(["Went dark"])  # a settings change is not new data
    assert data_as_of(store) == store.manifest().filter(pl.col("action") == "ingest").item(0, "at").date()
    assert data_as_of(store, is_sample=True) == min(AS_OF, dt.date.today())


def test_two_uploads_at_once_take_turns_and_both_land(tmp_path):
    import threading

    store = Store(tmp_path / "s")
    put(store, "seed.csv", deals([("S", "Proposal", 1.0)]))
    results: list = []

    def upload(name: str, deal_id: str) -> None:
        results.append(put(Store(tmp_path / "s"), name, deals([(deal_id, "Proposal", 2.0)])))

    threads = [threading.Thread(target=upload, args=(f"w{i}.csv", f"D{i}")) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.store_version for r in results) == [2, 3, 4]
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["D0", "D1", "D2", "S"]


def test_on_shared_storage_an_unrecorded_write_whose_heartbeat_is_fresh_is_left_alone(tmp_path, monkeypatch):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    store._announce("another-server", done=False)  # a write under way on another server
    deals([("Z", "Proposal", 1.0)]).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit("x"), updated_at=pl.lit(dt.datetime.now(dt.UTC))
    ).write_delta(str(tmp_path / "s" / "opportunities"), mode="append")
    monkeypatch.setattr(Store, "is_local", property(lambda self: False))  # as on S3: no shared lock
    with pytest.raises(StoreError, match="being stored right now"):
        put(store, "week2.csv", deals([("B", "Proposal", 2.0)]))
    assert store.version() == 1
    assert Store(tmp_path / "s")._table("opportunities").version() == 2  # its commit is still there


def test_presets_count_from_the_as_of_day_but_not_past_the_datas_last_quarter():
    from winloss.deals import preset_day

    # Taken on 10 October, last deal closed 28 September, data to 10 October (deals created since): Q3 is
    # the last complete quarter.
    assert preset_day(dt.date(2026, 10, 10), dt.date(2026, 9, 28)) == dt.date(2026, 10, 1)
    assert preset_day(dt.date(2026, 10, 10), dt.date(2026, 9, 28), data_day=dt.date(2026, 10, 10)) == dt.date(2026, 10, 1)
    # Data to 30 September uploaded on 1 December: Q3 is complete on the data's day.
    assert preset_day(dt.date(2026, 12, 1), dt.date(2026, 9, 28), data_day=dt.date(2026, 9, 30)) == dt.date(2026, 10, 1)
    # Data to 28 September, uploaded on 10 October: Q3 is not over on the data's day, so it is this quarter.
    assert preset_day(dt.date(2026, 10, 10), dt.date(2026, 9, 28), data_day=dt.date(2026, 9, 28)) == dt.date(2026, 9, 29)
    # An export of 2024 deals opened in 2026 counts from the end of its own last quarter.
    assert preset_day(dt.date(2026, 11, 26), dt.date(2024, 2, 10)) == dt.date(2024, 4, 1)
    # Deals closing this quarter: today's date stands.
    assert preset_day(dt.date(2026, 11, 26), dt.date(2026, 11, 20)) == dt.date(2026, 11, 26)
    # A fiscal year from February: the quarter of 10 Feb ends 30 April.
    assert preset_day(dt.date(2026, 11, 26), dt.date(2024, 2, 10), fy_start_month=2) == dt.date(2024, 5, 1)


def test_a_roster_upload_or_an_undone_export_does_not_move_the_as_of_day(tmp_path, monkeypatch):
    from winloss.deals import data_as_of
    from winloss.store import delta as store_module

    store = Store(tmp_path / "s")
    monkeypatch.setattr(store_module, "now", lambda: dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    put(store, "export.csv", deals([("A", "Proposal", 1.0)]))
    monkeypatch.setattr(store_module, "now", lambda: dt.datetime(2026, 10, 5, tzinfo=dt.UTC))
    roster = pl.DataFrame({"__line": [2], "rep": ["Ann"], "seller_profile": ["Challenger"], "team": [None], "manager": [None], "region": [None]})
    store.commit_file(kind="roster", file_name="roster.csv", sha256="r", content=b"r", source="roster",
                      accepted=roster, quarantine=pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String}),
                      rows_read=1)
    put(store, "export2.csv", deals([("B", "Proposal", 1.0)]))
    store.rollback(2)  # undo export2
    assert data_as_of(store) == dt.date(2026, 9, 1)


def test_a_deal_deleted_in_the_crm_stored_by_an_older_version_is_no_deal(tmp_path):
    from winloss.deals import deals as measured_deals

    store = Store(tmp_path / "s")
    put(store, "old.csv", deals([("A", "Closed Won", 1.0), ("B", "Deleted", 2.0)]))
    assert measured_deals(store).get_column("opportunity_id").to_list() == ["A"]


def _files(table_dir) -> set[str]:
    return {str(p.relative_to(table_dir)) for p in table_dir.rglob("*.parquet")}


def test_what_a_killed_write_left_on_disk_is_deleted_by_the_next_writer(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    put(store, "week2.csv", deals([("A", "Closed Won", 150.0), ("B", "Proposal", 5.0)]))  # A's first file is now history
    table_dir = tmp_path / "s" / "opportunities"
    recorded = _files(table_dir)
    # Killed after the table commit but before the manifest row: a whole table version nobody names.
    deals([("Z", "Proposal", 1.0)]).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit("x"), updated_at=pl.lit(dt.datetime.now(dt.UTC))
    ).write_delta(str(table_dir), mode="append")
    # Killed while writing its data files, before any commit: a file the log never mentions.
    (table_dir / "part-00000-killed-before-commit.snappy.parquet").write_bytes(b"PAR1 half a file")
    assert len(_files(table_dir)) == len(recorded) + 2
    assert (tmp_path / "s" / "_write_unfinished").exists() is False  # the finished writes left no marker

    put(store, "week3.csv", deals([("C", "Proposal", 3.0)]))
    assert _files(table_dir) >= recorded  # every version the manifest names keeps its files
    assert len(_files(table_dir) - recorded) == 1  # week3's file; the killed writes' are gone
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["A", "B", "C"]
    assert store.opportunities(at=1).collect().get_column("amount").to_list() == [100.0]
    store.rollback(1)
    assert store.opportunities().collect().get_column("amount").to_list() == [100.0]


def test_a_write_killed_before_any_commit_is_found_by_its_marker(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    archive = tmp_path / "s" / "archive"
    recorded = _files(archive)
    # Killed half way through archiving a large upload: no table version shows it, the marker does.
    (tmp_path / "s" / "_write_unfinished").touch()
    (archive / "part-00000-half-an-upload.snappy.parquet").write_bytes(b"PAR1" + b"x" * 4096)
    put(store, "week2.csv", deals([("B", "Proposal", 2.0)]))
    assert "part-00000-half-an-upload.snappy.parquet" not in _files(archive)
    assert _files(archive) > recorded
    assert store.archived("week1.csv") == b"week1.csv" and store.archived("week2.csv") == b"week2.csv"
    assert not (tmp_path / "s" / "_write_unfinished").exists()


def test_a_stored_date_outside_the_window_breaks_no_reader(tmp_path, capsys):
    """A 9999-12-31 stored before dates were checked is left out of what pages, reports and exports read."""
    from winloss.cli import main
    from winloss.deals import deals as measured_deals

    store = Store(tmp_path / "s")
    frame = deals([("A", "Closed Won", 1.0), ("B", "Closed Won", 2.0), ("C", "Open", 3.0)])
    frame = frame.with_columns(close_date=pl.Series([dt.date(2025, 3, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 30)]))
    put(store, "old.csv", frame)
    assert store.opportunities().collect().get_column("opportunity_id").to_list() == ["A"]
    assert store.deals_outside_date_window() == 2
    assert measured_deals(store).get_column("opportunity_id").to_list() == ["A"]
    assert main(["report", "--by", "quarter", "--store", str(tmp_path / "s")]) == 0
    assert main(["export", "--format", "html", "--out", str(tmp_path / "r.html"), "--store", str(tmp_path / "s")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_files_stage_mapping_note_says_what_it_changed_not_every_mapping_in_effect():
    """History read "with 2 stage mappings" for a file that added one to one already stored."""
    from winloss.store.delta import stage_mappings_note

    assert stage_mappings_note({}, {"Verbal": "won", "Parked": "open"}) == "with 2 stage mappings"
    assert stage_mappings_note({"Verbal": "won"}, {"Verbal": "won", "Parked": "open"}) == (
        "with 1 stage mapping added (2 in effect)")
    assert stage_mappings_note({"Verbal": "won", "Old": "lost"}, {"Verbal": "lost", "Parked": "open", "New": "won"}) == (
        "with 2 stage mappings added, 1 changed, 1 removed (3 in effect)")
    assert stage_mappings_note({"Verbal": "won"}, {"Verbal": "lost"}) == "with 1 stage mapping changed (1 in effect)"


def test_a_version_of_the_stage_mappings_alone_names_what_it_changed_as_a_files_note_does(tmp_path):
    """The History tab read "2 stage mappings" for a version whose confirmation said "Stage mapping saved:
    'Parked' → No decision": the note counted every mapping stored, not the one it changed."""
    store = Store(tmp_path / "s")
    store.save_stage_outcomes({"Verbal": "won", "Parked": "lost"})
    store.save_stage_outcomes({"Verbal": "won", "Parked": "no_decision"})
    store.save_stage_outcomes({"Verbal": "won"})
    store.save_stage_outcomes({"Verbal": "won"})
    assert store.manifest().select("note").to_series().to_list() == [
        "2 stage mappings", "1 stage mapping changed (2 in effect)", "1 stage mapping removed (1 in effect)",
        "no stage mapping changed (1 in effect)"]


def test_a_store_reading_the_same_manifest_again_sees_another_writers_version_at_once(tmp_path, monkeypatch):
    """The manifest is read once per store version, not once per call: a reader that read it before
    another Store (another process, say) wrote sees the new version and its deals on its next call."""
    # The writer names the folder as a file:// URI: it shares no reads with the reader, as another process's Store.
    reader, writer = Store(tmp_path / "s"), Store(f"file://{tmp_path / 's'}")
    put(writer, "week1.csv", deals([("A", "Proposal", 100.0)]))
    reads = []
    original = pl.read_delta
    monkeypatch.setattr(pl, "read_delta", lambda *a, **k: reads.append(1) or original(*a, **k))
    assert [reader.manifest().height for _ in range(3)] == [1, 1, 1]
    assert len(reads) == 1
    put(writer, "week2.csv", deals([("A", "Closed Won", 120.0), ("B", "Proposal", 5.0)]))
    reads.clear()
    assert [reader.manifest().height for _ in range(2)] == [2, 2]
    assert len(reads) == 1
    assert sorted(reader.opportunities().collect()["opportunity_id"]) == ["A", "B"]


def test_a_store_made_afresh_at_the_same_place_is_read_afresh(tmp_path):
    """A local store knows its manifest is unchanged from the uploads table's newest commit file
    (number, time, inode), not by opening the table: a store deleted and written again up to the same
    version number is still read afresh, and the version is the one the table itself gives."""
    from deltalake import DeltaTable

    place = tmp_path / "s"
    reader = Store(place)
    assert reader.version() == 0 and reader.manifest().height == 0
    put(Store(place), "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert reader.manifest()["file_name"].to_list() == ["week1.csv"] and reader.version() == 1
    shutil.rmtree(place)
    assert reader.version() == 0 and reader.manifest().height == 0
    put(Store(place), "other.csv", deals([("B", "Proposal", 5.0)]))
    assert reader.manifest()["file_name"].to_list() == ["other.csv"]
    assert reader.version() == DeltaTable(str(place / "uploads")).version() == 1
    assert reader.opportunities().collect()["opportunity_id"].to_list() == ["B"]
