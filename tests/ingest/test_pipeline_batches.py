"""Ingest from disk in batches: the same stored deals, quarantine and report as reading the file whole.

Batches are forced tiny (a few rows), so files of a few hundred rows run every multi-batch path:
a repeated id in two batches, a decision (date order, currency, rep spelling) that only rows far
down the file settle, a file rejected whole, a commit that dies after its first batch.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import winloss.ingest.pipeline as ingest
from winloss import cli
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path, prepare_upload
from winloss.io import csv_batches
from winloss.io.csv_batches import CsvBatch, CsvBatches, NotUtf8Text
from winloss.store.delta import Store
from winloss.views import data_page

from batch_sizes import both_ways, several_batches
from store_contents import stored

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Every CSV, in every encoding: UTF-16 (with a BOM, and Excel's "Unicode text"), cp1252, Latin-1,
# lines in two encodings, a byte that is not UTF-8 in the last batch (tests/fixtures/encodings).
CSV_FIXTURES = sorted([*FIXTURES.rglob("*.csv"), FIXTURES / "excel_unicode_text.txt"])
ENCODED = {"cp1252.csv", "salesforce_latin1.csv", "excel_unicode_text.txt", *(p.name for p in (FIXTURES / "encodings").iterdir())}
HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Created Date,Close Date"


def deals_csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def deal(n: int, *, day: str = "03/04/2024", amount: str = "1000", stage: str = "Closed Won", rep: str = "Ines Moreau") -> str:
    return f"OPP-{n:05d},{rep},Account {n},{stage},{amount},01/02/2024,{day}"


def batched_ingest(path: Path, tmp_path: Path, batch_rows: int):
    """(batched prepare_path of `path`, the store in `tmp_path` it was committed to unless rejected)."""
    batched = prepare_path(path, batch_rows=batch_rows)
    store = Store(tmp_path / "batched")
    if not batched.rejected:
        commit(store, batched)
    return batched, store


@pytest.fixture(scope="module")
def whole_ingest(tmp_path_factory):
    """`path` -> (its whole-file prepare, the store it was committed to; nothing committed when it was
    rejected), made once for this module with the readers' own settings: the tests that vary only
    how a batched read cuts a file all compare against the same whole-file ingest, read-only."""
    done: dict[Path, tuple] = {}

    def of(path: Path):
        if path not in done:
            whole = prepare(path.read_bytes(), path.name)
            store = Store(tmp_path_factory.mktemp("whole") / "store")
            if not whole.rejected:
                commit(store, whole)
            done[path] = whole, store
        return done[path]

    return of


# Read whole, not in batches: rosters and files with no table (every other CSV, whatever its encoding).
READ_WHOLE = {
    "empty.csv", "hr_people.csv", "hr_roster.csv", "rep_roster.csv", "roster.csv", "sales_teams.csv", "whitespace_only.csv",
}


def _read_through(batches: CsvBatches) -> tuple[list[CsvBatch], Exception | None]:
    """Every batch `batches` yields, and the exception that stopped it (None when it read to the end)."""
    read: list[CsvBatch] = []
    try:
        read.extend(batches)
    except Exception as exc:  # noqa: BLE001 (compared with the other reading's, type and words)
        return read, exc
    return read, None


def _joined(batches: list[CsvBatch], part: str) -> pl.DataFrame:
    frames = [getattr(batch, part) for batch in batches]
    return pl.concat(frames) if frames else pl.DataFrame()


class ReadAlsoInParts(CsvBatches):
    """The pipeline's batch reader, which also reads its file with each batch's text cut into texts of
    a row or two, each parsed alone, and fails unless that reading holds the same rows, ragged rows,
    dashes and footer lines, or stops with the same error. The batches' rows are all the pipeline
    reads of a file, and how the batches are cut is the comparison with the whole-file ingest's
    business, so this stands for a second batched ingest of every fixture at the cost of a reading.

    A batch is cut into texts of 150 bytes (a row or two), or into about TEXTS_PER_BATCH texts when
    its rows are many: every short fixture is still cut at every row or two, and a 1,200-row one is
    parsed in 32 texts, not in 700 (3.5 of its test's 7 s). A file is compared once: the pipeline
    reads it again for repeated ids or a changed decision, and a second comparison of the same bytes
    cut the same way can only agree with the first."""

    TEXTS_PER_BATCH = 4

    compared: set[tuple[Path, int]] = set()

    def __iter__(self):
        if (self.path, self.batch_rows) in self.compared:
            yield from super().__iter__()
            return
        self.compared.add((self.path, self.batch_rows))
        batches = max(1, self.path.read_bytes().count(b"\n") / self.batch_rows)
        other = CsvBatches(self.path, self.batch_rows, batch_bytes=max(150, int(self.size / batches / self.TEXTS_PER_BATCH)))
        in_parts, their_error = _read_through(other)
        mine, my_error = _read_through(super().__iter__())
        assert type(my_error) is type(their_error)
        if not isinstance(my_error, NotUtf8Text):  # where in a batch a byte is met depends on the cut
            assert str(my_error) == str(their_error)
            for part in ("frame", "ragged", "dashes"):
                assert_frame_equal(_joined(mine, part), _joined(in_parts, part))
            assert self.footer_notes == other.footer_notes
        yield from mine
        if my_error is not None:
            raise my_error


@pytest.mark.parametrize("path", CSV_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_batched_ingest_stores_what_the_whole_file_ingest_stores(path, tmp_path, monkeypatch, whole_ingest):
    """Every fixture, whatever its encoding, uploaded as the Data page hands it over (its bytes, copied
    to disk and prepared from there in several batches), shows the report, preview, loss reasons and
    detected mapping, and stores the deals, quarantine, roster and archived bytes, of the whole-file
    ingest; the common case is the bounded one (the comparison would also pass if nothing took the
    batched path): only rosters and files with no table are read whole."""
    whole, whole_store = whole_ingest(path)
    monkeypatch.setattr(ingest, "CsvBatches", ReadAlsoInParts)
    read_whole: list[str] = []
    prepare_whole = ingest.prepare
    monkeypatch.setattr(ingest, "prepare", lambda content, name, **k: read_whole.append(name) or prepare_whole(content, name, **k))
    content = path.read_bytes()
    with prepare_upload(content, path.name, batch_rows=several_batches(path)) as batched:
        assert read_whole == ([path.name] if path.name in READ_WHOLE else [])
        assert file_report(batched) == file_report(whole)
        assert batched.sha256 == whole.sha256
        assert batched.rows_read == batched.rows_accepted + batched.rows_quarantined
        assert_frame_equal(data_page.preview_rows(batched), data_page.preview_rows(whole))
        assert_frame_equal(data_page.reason_outcomes(batched), data_page.reason_outcomes(whole))
        if whole.table is not None and whole.mapping is not None:
            for kind, source in ((whole.mapping.kind, "auto"), ("opportunities", "salesforce")):
                assert data_page.detected_mapping(batched.table, kind, source) == data_page.detected_mapping(whole.table, kind, source)
        if whole.rejected:
            assert whole_store.version() == 0
            return
        assert (batched.staged is None) == (path.name in READ_WHOLE)
        batched_store = Store(tmp_path / "batched")
        commit(batched_store, batched)
    for mine, theirs in zip(stored(batched_store), stored(whole_store), strict=True):
        assert_frame_equal(mine, theirs)
    assert batched_store.archived(batched.sha256) == content


def test_the_batched_path_is_taken_by_the_exports_that_test_it():
    """The parametrised comparison above is only as good as its fixtures: enough of them, of each
    kind (product lines, currencies, a continental file, ragged rows, every row failing, every
    encoding), must be opportunity exports read in batches."""
    exports = {p.name for p in CSV_FIXTURES} - READ_WHOLE
    assert len(exports) >= 29
    assert {"product_lines.csv", "currencies_hubspot.csv", "continental.csv", "ragged.csv", "all_rows_fail.csv"} <= exports
    assert ENCODED <= exports
    with pytest.raises(NotUtf8Text):
        CsvBatches(FIXTURES / "cp1252.csv")


@pytest.mark.parametrize("chunk_bytes", [1, 3, 7])
@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "encodings").iterdir()))
def test_a_file_rewritten_as_utf8_in_chunks_of_any_size_stores_what_the_whole_file_stores(
        tmp_path, monkeypatch, name, chunk_bytes, whole_ingest):
    """Chunks of a few bytes cut multi-byte characters (UTF-16 pairs, the UTF-8 lines of a mixed file)
    between reads; the stored file is the original: its hash, its archived bytes, its encoding's name."""
    import hashlib

    import winloss.io.transcoding as transcoding

    path = FIXTURES / "encodings" / name
    whole, whole_store = whole_ingest(path)
    monkeypatch.setattr(transcoding, "CHUNK_BYTES", chunk_bytes)
    batched, batched_store = batched_ingest(path, tmp_path, 3)
    with batched:
        assert batched.staged is not None and len(batched.staged.files) > 1
        assert file_report(batched) == file_report(whole)
        assert batched.sha256 == whole.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert batched.rows_read == batched.rows_accepted + batched.rows_quarantined == whole.rows_read >= 12
    for mine, theirs in zip(stored(batched_store), stored(whole_store), strict=True):
        assert_frame_equal(mine, theirs)
    assert batched_store.archived(batched.sha256) == path.read_bytes()


def test_an_id_repeated_in_two_batches_of_a_utf16_file_is_quarantined(tmp_path):
    with prepare_path(FIXTURES / "encodings" / "utf16_bom.csv", batch_rows=2) as prepared:
        report = file_report(prepared)
        assert report["encoding"] == "utf-16" and prepared.rows_quarantined == 3
        assert sorted(prepared.quarantine.get_column("line").to_list()) == [4, 8, 11]  # line 8 has no stage
        repeated = prepared.quarantine.filter(pl.col("line") != 8).get_column("reason").to_list()
        assert all("appears on lines 4, 11" in reason for reason in repeated)
        accounts = pl.concat(list(prepared.accepted_batches())).get_column("account").to_list()
    assert "Niño Foods 🚀" in accounts and 'Café "Nord" 東京' in accounts


def test_a_mixed_file_is_noted_line_by_line_as_the_whole_file_reader_notes_it():
    with prepare_path(FIXTURES / "encodings" / "mixed_lines.csv", batch_rows=2) as prepared:
        report = file_report(prepared)
    assert report["encoding"] == "utf-8+iso-8859-1"
    assert report["notes"][0].startswith("This file mixes two encodings: line 9 is in iso-8859-1, the rest in UTF-8")


def test_a_double_byte_file_with_a_utf8_line_is_noted_as_mixed_whole_and_in_batches(tmp_path):
    path = FIXTURES / "encodings" / "japanese_cp932_one_utf8_line.csv"
    whole, batched, _ = both_ways(path, tmp_path, batch_rows=4)
    with batched:
        for report in (file_report(whole), file_report(batched)):
            assert report["encoding"] == "utf-8+cp932"
            assert report["notes"][0].startswith("This file mixes two encodings: lines 2, 3, 4, 5, 6 and 24 more are in cp932")


def test_the_utf8_copy_of_a_file_is_deleted_however_the_prepare_ends(tmp_path, monkeypatch):
    """Staged rows stay until the prepared file is discarded; the rewritten copy never outlives the prepare."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = FIXTURES / "encodings" / "cp1252_euro_quotes.csv"
    with prepare_path(path, batch_rows=2) as prepared:
        assert prepared.staged is not None
        assert [p.name.startswith("winloss-ingest-") for p in scratch.iterdir()] == [True]  # the staged rows only
    assert list(scratch.iterdir()) == []
    rejected = prepare_path(path, batch_rows=2, overrides={"amount": "No such column"})
    assert rejected.rejected and rejected.staged is None and list(scratch.iterdir()) == []
    broken = tmp_path / "broken.csv"
    broken.write_bytes(path.read_bytes().decode("cp1252").encode("utf-16") + b"x")  # an odd byte: not UTF-16
    assert prepare_path(broken).rejected == prepare(broken.read_bytes(), "broken.csv").rejected
    assert list(scratch.iterdir()) == []

    def failing(*args, **kwargs):
        raise RuntimeError("normalising failed")

    monkeypatch.setattr(ingest, "normalised_opportunities", failing)
    with pytest.raises(RuntimeError, match="normalising failed"):
        prepare_path(path, batch_rows=2)
    assert list(scratch.iterdir()) == []


def test_an_id_repeated_in_different_batches_is_quarantined(tmp_path):
    rows = [deal(n) for n in range(1, 301)]
    rows[249] = deal(4, amount="2500")  # line 251 repeats line 5's id with another amount
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    with prepare_path(path, batch_rows=50) as prepared:
        assert prepared.staged is not None and len(prepared.staged.files) > 1
        assert prepared.rows_read == 300 and prepared.rows_quarantined == 2 and prepared.rows_accepted == 298
        assert sorted(prepared.quarantine.get_column("line").to_list()) == [5, 251]
        assert all("appears on lines 5, 251" in r for r in prepared.quarantine.get_column("reason").to_list())
        store = Store(tmp_path / "store")
        commit(store, prepared)
    ids = store.opportunities().collect().get_column("opportunity_id")
    assert ids.len() == 298 and "OPP-00004" not in ids.to_list()


@pytest.mark.parametrize(("first", "again"), [
    ('"12,345,678"', "12345678"),  # a spreadsheet's number format, then the CRM's digits
    ("0065g000015ftq1", "0065g000015ftq1AAA"),  # Salesforce's 15 characters, then its 18
    ("OPP-\u200b77", "OPP-77"),  # a zero-width space copied in
])
def test_one_id_written_two_ways_in_different_batches_is_quarantined_as_repeated(tmp_path, first, again):
    """A batch's deal keys are taken from its normalised ids; the rows of a repeated id are found again
    by keys worked out from the raw text: both must store an id one way, or a repeat goes unseen."""
    rows = [deal(n) for n in range(1, 61)]
    rows[2] = f"{first},Ines Moreau,Account 3,Closed Won,1000,01/02/2024,03/04/2024"
    rows[55] = f"{again},Ines Moreau,Account 56,Closed Lost,2000,01/02/2024,03/04/2024"
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    with prepare_path(path, batch_rows=10) as prepared:
        assert (prepared.rows_accepted, sorted(prepared.quarantine.get_column("line").to_list())) == (58, [4, 57])
        assert all("appears on lines 4, 57" in r for r in prepared.quarantine.get_column("reason").to_list())


def test_product_lines_in_different_batches_fold_into_one_deal(tmp_path):
    rows = [deal(n) for n in range(1, 201)]
    rows[150] = deal(7)  # the same deal written again 144 lines later: a second product line
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=20)
    with batched:
        assert batched.rows_accepted == 200 and batched.rows_quarantined == 0
        assert file_report(batched) == file_report(whole)
    assert_frame_equal(stored(batched_store)[0], stored(whole_store)[0])
    assert stored(batched_store)[0].height == 199


def test_a_day_first_date_far_down_the_file_decides_every_date(tmp_path):
    """03/04/2024 is ambiguous; a 25/04/2024 on line 290 makes the whole file day-first, first batch included."""
    rows = [deal(n) for n in range(1, 300)] + [deal(300, day="25/04/2024")]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=25)
    with batched:
        assert file_report(batched) == file_report(whole)
    deals = stored(batched_store)[0]
    assert deals.filter(pl.col("opportunity_id") == "OPP-00001").get_column("close_date").item().isoformat() == "2024-04-03"
    assert_frame_equal(deals, stored(whole_store)[0])


def test_a_rep_spelling_that_wins_further_down_is_used_from_the_first_row(tmp_path):
    rows = [deal(n, rep="ines moreau") for n in range(1, 41)] + [deal(n, rep="Ines Moreau") for n in range(41, 201)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=30)
    with batched:
        assert file_report(batched)["notes"] == file_report(whole)["notes"]
    assert stored(batched_store)[0].get_column("rep").unique().to_list() == ["Ines Moreau"]


def _notes_both_ways(path: Path, tmp_path: Path, batch_rows: int) -> tuple[list[str], list[str]]:
    """The file report's notes of `path` read whole and read in batches of `batch_rows`."""
    whole, batched, _ = both_ways(path, tmp_path, batch_rows=batch_rows)
    with batched:
        return file_report(whole)["notes"], file_report(batched)["notes"]


def test_a_file_of_dashes_and_dates_either_order_notes_them_in_one_order_whole_and_in_batches(tmp_path):
    """Read in batches, the dashes note came before the date-order notes; read whole, after them.
    One order now (reading_notes.ReadingNotes): the dates, then the cells read as blank."""
    rows = [deal(n, amount="-" if n % 10 == 0 else "1000") for n in range(1, 61)]  # every date could be either order
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched = _notes_both_ways(path, tmp_path, batch_rows=10)
    assert batched == whole
    assert [note.split(":")[0] for note in whole] == [
        "Created Date", "Close Date", "Cells written as a dash ('-') are read as blank, as an empty cell is",
        "6 closed deals have no amount in the file",  # PreparedFile.report_notes' own, after these
    ]


def test_every_part_of_a_file_report_is_noted_in_one_order_whole_and_in_batches(tmp_path):
    """Read in batches, the dashes came before the ids, the reps and the dates, and deals dated ahead
    before product lines; read whole, after them. A file that makes a note of each part: 15-character
    Salesforce ids, a rep written two ways, dates either order reads, a dash for an amount, a probability
    column, product lines of one deal, an open deal created next year."""
    import datetime as dt

    next_year = dt.date.today().year + 1
    header = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Created Date,Close Date,Probability (%),Product"
    rows = [f"0065g00000SF{n:03d},{'ines moreau' if n == 25 else 'Ines Moreau'},Account {n},"
            f"{'Negotiation' if n == 7 else 'Closed Won'},{'-' if n % 10 == 0 else '1000'},"
            f"{f'01/02/{next_year},03/04/{next_year}' if n == 7 else '01/02/2024,03/04/2024'},50,Core"
            for n in range(1, 41)]
    rows.append("0065g00000SF003,Ines Moreau,Account 3,Closed Won,1000,01/02/2024,03/04/2024,50,Extra")
    path = tmp_path / "export.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode())
    whole, batched = _notes_both_ways(path, tmp_path, batch_rows=5)
    assert batched == whole
    starts = ["41 Salesforce IDs", "1 rep name", "Created Date", "Close Date", "Cells written as a dash", "Probability",
              "2 rows are product lines", "1 open deal was created after today", "4 closed deals have no amount"]
    assert [next((s for s in starts if note.startswith(s)), note) for note in whole] == starts


def test_a_file_whose_rows_all_fail_in_every_batch_writes_nothing(tmp_path):
    rows = [deal(n, stage="") for n in range(1, 301)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    store = Store(tmp_path / "store")
    with prepare_path(path, batch_rows=40) as prepared:
        assert prepared.rejected and "None of the 300 rows could be stored" in prepared.rejected
        with pytest.raises(ValueError):
            commit(store, prepared)
    assert store.version() == 0


def test_a_commit_that_fails_after_its_first_batch_leaves_nothing_visible(tmp_path, monkeypatch):
    """Every table is written in one commit that only the manifest row makes visible: a failure
    after the first batch was streamed leaves the store as it was, and the next write cleans up."""
    import winloss.store.delta as store_module

    monkeypatch.setattr(store_module, "APPEND_ROWS", 100)  # the first 100 rows are a table version of their own
    rows = [deal(n) for n in range(1, 301)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    store = Store(tmp_path / "store")
    with prepare_path(path, batch_rows=50) as prepared:
        assert prepared.staged is not None and prepared.staged.store_files is not None
        prepared.staged.store_files.invalidate()  # the rows go through deltalake's writer, as a re-upload's do
        real = prepared.accepted_batches

        def failing():
            batches = real()
            yield from (next(batches) for _ in range(3))
            raise OSError("disk full")

        monkeypatch.setattr(prepared, "accepted_batches", failing)
        with pytest.raises(Exception, match="disk full"):  # deltalake passes the reader's error on
            commit(store, prepared)
        assert store.version() == 0
        assert store.opportunities().collect().height == 0
        assert store._table("opportunities").version() > 0  # written, but named by no manifest row
        monkeypatch.setattr(prepared, "accepted_batches", real)
        committed = commit(store, prepared)
    assert committed.change is not None and committed.change.inserted == 300
    assert store.opportunities().collect().height == 300


def test_the_batch_reader_never_holds_more_than_a_batch_of_rows(tmp_path, monkeypatch):
    rows = [deal(n) for n in range(1, 301)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    sizes = [batch.frame.height + batch.ragged.height for batch in CsvBatches(path, 7)]
    assert sum(sizes) == 300 and len(sizes) == 43 and max(sizes) == 7
    seen: list[int] = []
    normalise = ingest.normalised_opportunities
    monkeypatch.setattr(ingest, "normalised_opportunities", lambda table, *a, **k: seen.append(table.height) or normalise(table, *a, **k))
    monkeypatch.setenv("WINLOSS_BATCH_ROWS", "7")
    with prepare_path(path) as prepared:
        assert prepared.rows_accepted == 300
    assert max(seen) == 7 and sum(seen) == 300


def test_a_batch_longer_than_its_bytes_is_parsed_in_parts(tmp_path, monkeypatch):
    rows = [deal(n) for n in range(1, 301)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    row_bytes = len(rows[0]) + 1
    texts: list[int] = []
    parse = csv_batches.fast_rows
    monkeypatch.setattr(csv_batches, "fast_rows", lambda text, *a, **k: texts.append(len(text)) or parse(text, *a, **k))
    batches = list(CsvBatches(path, 100, batch_bytes=20 * row_bytes))
    sizes = [b.frame.height for b in batches]
    assert sum(sizes) == 300 and all(90 <= n <= 100 for n in sizes[:-1])  # the checks still see batches of about 100
    assert pl.concat([b.frame for b in batches]).get_column("__line").to_list() == list(range(2, 302))
    header = len(deals_csv([]))
    assert len(texts) >= 12 and max(texts) <= header + 25 * row_bytes  # each parsed text near 20 rows
    texts.clear()
    assert [b.frame.height for b in CsvBatches(path, 100)] == [100, 100, 100] and len(texts) == 3  # a few kB: one text a batch


def test_a_quoted_value_over_two_lines_is_not_cut_between_batches(tmp_path):
    rows = [deal(n) for n in range(1, 21)]
    rows[2] = 'OPP-00003,Ines Moreau,"Account\nover two lines",Closed Won,1000,01/02/2024,03/04/2024'
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    frames = [batch.frame for batch in CsvBatches(path, 3)]
    assert sum(frame.height for frame in frames) == 20
    assert "Account\nover two lines" in pl.concat(frames).get_column("Account Name").to_list()  # read whole
    with prepare_path(path, batch_rows=3) as prepared:
        accepted = pl.concat(list(prepared.accepted_batches()))
    # Stored by the rule every text field is (identity.tidy_texts): the line break is one space.
    assert accepted.filter(pl.col("opportunity_id") == "OPP-00003").get_column("account").item() == "Account over two lines"
    assert accepted.get_column("__line").to_list()[3] == 6  # the line after the two-line record


@pytest.mark.parametrize("cap", [None, 2_000], ids=["grown", "cut at a line end past the cap"])
def test_rows_far_longer_than_the_first_ones_are_read_as_the_whole_file_reads_them(tmp_path, monkeypatch, cap):
    """The reader's buffer is sized from the file's first lines: rows further down that are a
    hundred times longer, and a quote left open for good, must be neither cut nor lost."""
    import winloss.io.csv_batches as csv_batches

    if cap is not None:
        monkeypatch.setattr(csv_batches, "_MAX_PENDING_BYTES", cap)
    rows = [deal(n) for n in range(1, 41)]
    for n in range(20, 30):
        rows[n] = f'OPP-{n + 1:05d},Ines Moreau,"{"Long account name " * 4000}",Closed Won,1000,01/02/2024,03/04/2024'
    rows[35] = 'OPP-00036,Ines Moreau,"An account whose quote never closes,Closed Won,1000,01/02/2024,03/04/2024'
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=3)
    with batched:
        assert batched.staged is not None
        assert file_report(batched) == file_report(whole)
        assert batched.rows_read == batched.rows_accepted + batched.rows_quarantined == whole.rows_read
    for mine, theirs in zip(stored(batched_store), stored(whole_store), strict=True):
        assert_frame_equal(mine, theirs)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_shows_progress_by_rows_on_a_terminal_only(tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv([deal(n) for n in range(1, 301)]))
    monkeypatch.setenv("WINLOSS_BATCH_ROWS", "100")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert cli.main(["ingest", str(path), "--store", str(tmp_path / "a")]) == 0
    shown = terminal.getvalue()
    assert "Reading and checking rows: 100 of about" in shown and "Reading and checking rows: 300 of 300" in shown
    assert "[" + "#" * 30 + "]" in shown
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    assert cli.main(["ingest", str(path), "--store", str(tmp_path / "b")]) == 0
    assert "Reading and checking rows" not in piped.getvalue() and "\r" not in piped.getvalue()


def test_the_raw_file_is_archived_from_disk_in_parts_as_one_store_version(tmp_path, monkeypatch):
    import hashlib

    from winloss.store import data_files

    monkeypatch.setattr(data_files, "ARCHIVE_PART_BYTES", 1000)  # 30 KB: several data files of 8 parts
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv([deal(n) for n in range(1, 501)]))
    store = Store(tmp_path / "store")
    with prepare_path(path, batch_rows=60) as prepared:
        assert prepared.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        commit(store, prepared)
    assert store.version() == 1
    assert store.archived(prepared.sha256) == path.read_bytes()


def test_probabilities_are_read_one_way_for_the_whole_file(tmp_path):
    """0.5 alone reads as a fraction (50%); a 60 far down shows the column is in percent, so 0.5 is 0.5%."""
    header = HEADER + ",Probability (%)"
    rows = [deal(n) + ",0.5" for n in range(1, 200)] + [deal(200) + ",60"]
    path = tmp_path / "export.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode())
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=25)
    batched.discard()
    deals = stored(batched_store)[0]
    assert deals.filter(pl.col("opportunity_id") == "OPP-00001").get_column("probability").item() == pytest.approx(0.5)
    assert_frame_equal(deals, stored(whole_store)[0])


@pytest.mark.parametrize("memory_bytes", [0, 1 << 30], ids=["on disk", "in memory"])
def test_accepted_rows_are_staged_in_memory_up_to_the_cap_and_on_disk_beyond(tmp_path, monkeypatch, memory_bytes):
    """Either way the store gets the same deals; past the cap the parts are files, so memory stays bounded."""
    monkeypatch.setattr(ingest, "STAGE_MEMORY_BYTES", memory_bytes)
    rows = [deal(n, amount=str(1000 + n)) for n in range(1, 201)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=30)
    with batched:
        assert batched.staged is not None and len(batched.staged.files) == 7
        on_disk = [part for part in batched.staged.files if isinstance(part, Path)]
        assert len(on_disk) == (7 if memory_bytes == 0 else 0)
        assert all(part.exists() for part in on_disk)
        assert file_report(batched) == file_report(whole)
    assert_frame_equal(stored(batched_store)[0], stored(whole_store)[0])
    assert not any(part.exists() for part in on_disk)  # discarded with the prepared file


def test_an_id_repeated_within_one_batch_is_quarantined_as_in_a_whole_file(tmp_path):
    """Batches are validated without the repeated-id check: the whole-file search for repeats must still catch these."""
    rows = [deal(n) for n in range(1, 41)]
    rows[20] = deal(3, amount="2500")  # line 22 repeats line 4's id, in the same batch of 50
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    whole, batched, _ = both_ways(path, tmp_path, batch_rows=50)
    with batched:
        assert batched.rows_quarantined == 2 and sorted(batched.quarantine.get_column("line").to_list()) == [4, 22]
        assert all("appears on lines 4, 22" in r for r in batched.quarantine.get_column("reason").to_list())
        assert file_report(batched) == file_report(whole)


def test_each_distinct_amount_is_parsed_once_per_file_however_many_batches(tmp_path, monkeypatch):
    """Batches look amounts up in the file's decision instead of parsing their distinct values again."""
    import winloss.ingest.values as values

    parsed: list[str] = []
    shapes = values.amount_shapes
    monkeypatch.setattr(values, "amount_shapes", lambda raw: parsed.extend(raw.drop_nulls().to_list()) or shapes(raw))
    amounts = ["1000", "2500.50", "USD 300", "4.000"]
    rows = [deal(n, amount=amounts[n % 4]) for n in range(1, 201)] + [deal(201, amount="EUR 75")]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    with prepare_path(path, batch_rows=20) as prepared:
        assert prepared.rows_read == 201
    assert sorted(parsed) == sorted([*amounts, "EUR 75"])


def test_each_distinct_date_is_parsed_once_per_file_however_many_batches(tmp_path, monkeypatch):
    """A later batch's decision reuses the dates earlier batches parsed, the day-first date far down included."""
    import winloss.ingest.values as values

    parsed: list[str] = []
    parts = values.date_parts
    monkeypatch.setattr(values, "date_parts", lambda raw: parsed.extend(raw.drop_nulls().to_list()) or parts(raw))
    days = ["03/04/2024", "05/06/2024", "07/08/2024"]
    rows = [deal(n, day=days[n % 3]) for n in range(1, 200)] + [deal(200, day="25/04/2024")]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows))
    with prepare_path(path, batch_rows=20) as prepared:
        assert prepared.rows_accepted == 200
        first = next(prepared.accepted_batches()).get_column("close_date").to_list()[0]
    assert first.isoformat() == "2024-06-05"  # 05/06/2024, read day-first as line 201 shows
    assert sorted(parsed) == sorted(["01/02/2024", *days, "25/04/2024"])  # the created date and the close dates


@pytest.mark.parametrize("where", ["a byte cp1252 lacks", "euro signs first met far down"])
def test_a_cp1252_export_keeps_its_euro_signs_and_curly_quotes(tmp_path, where):
    """Western text is read as cp1252 whatever its start or one odd byte says: read as ISO-8859-1,
    every euro amount was quarantined and every curly quote stored as an invisible control character."""
    header = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Created Date,Close Date\n"
    plain = [f"OPP-{n:05d},Ines Moreau,Account {n},Closed Won,1000,01/02/2024,03/04/2024\n" for n in range(1, 6001)]
    euro = [f"OPP-{n:05d},Renée O\u2019Brien,\u201cCafé\u201d {n},Closed Lost,\u20ac1250.50,01/02/2024,03/04/2024\n" for n in range(7001, 7004)]
    if where == "a byte cp1252 lacks":
        content = (header + "".join(euro + plain)).encode("cp1252") + b"OPP-09999,Ines Moreau,Acme \x81,Closed Won,5,01/02/2024,03/04/2024\n"
    else:  # the first byte in 0x80-0x9F is beyond the sample the code page is guessed from
        content = (header + "".join(plain + euro)).encode("cp1252")
        assert content.index("\u20ac".encode("cp1252")) > 4 * 64 * 1024
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=1000)
    for prepared, store in ((whole, whole_store), (batched, batched_store)):
        assert file_report(prepared)["encoding"] == "cp1252"
        assert prepared.rows_quarantined == 0, prepared.errors.head(3)
        euros = store.opportunities().filter(pl.col("opportunity_id") == "OPP-07001").collect().row(0, named=True)
        assert (euros["rep"], euros["account"], euros["amount"]) == ("Renée O\u2019Brien", "\u201cCafé\u201d 7001", 1250.5)
    assert_frame_equal(stored(whole_store)[0], stored(batched_store)[0])


@pytest.mark.parametrize("path", sorted((FIXTURES / "code_pages").glob("*.csv")), ids=lambda p: p.stem)
def test_a_short_export_stores_its_names_as_written(path, whole_ingest):
    """A short Western export is stored as Western text (French names with one 0x81 byte were read
    as Arabic: the byte stored as "\u067e"); a short Cyrillic, Greek, Arabic, Hebrew, Japanese, Chinese
    or Korean one keeps its script. Names as the UTF-8 twin of the file (.expected.txt) writes them.
    Read in batches, each stores and reports what it does read whole (the comparison above)."""
    import csv

    twin = path.with_name(f"{path.stem}.expected.txt").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(twin, newline="")))
    expected = sorted((r["Opportunity ID"], r["Opportunity Owner"], r["Account Name"]) for r in rows)
    whole, store = whole_ingest(path)
    assert (file_report(whole)["encoding"] == "cp1252") == path.stem.startswith("western_")
    # One code page throughout: never "mixes two encodings" (Shift-JIS, GBK, EUC-KR, Big5 were).
    # No note of the text's reading: the only note such a file has names the loss reasons it reads as no
    # decision in its own language (outcomes.no_decision_reasons_sentence).
    notes = [n for n in file_report(whole)["notes"] if "are counted as no decision" not in n and "is counted as no decision" not in n]
    assert not file_report(whole)["encoding"].startswith("utf-8+") and notes == []
    deals = store.opportunities().select("opportunity_id", "rep", "account").collect()
    assert sorted(deals.iter_rows()) == expected


def test_the_rows_step_names_the_rows_read_of_about_how_many():
    assert ingest.rows_step(200_000, 20 << 20, 100 << 20) == "Reading and checking rows: 200,000 of about 1,000,000"
    assert ingest.rows_step(1_234, 333, 1000) == "Reading and checking rows: 1,234 of about 3,700"  # two figures
    assert ingest.rows_step(1_234, 999, 1000) == "Reading and checking rows: 1,234 of about 1,234"  # never fewer than read
    assert ingest.rows_step(1_235, 1000, 1000) == "Reading and checking rows: 1,235 of 1,235"  # the whole file: exact


def late_non_utf8(tmp_path: Path) -> Path:
    """3,000 UTF-8 rows, then one in cp1252: found not UTF-8 only in its last batch of 1,000 rows."""
    path = tmp_path / "late.csv"
    path.write_bytes(deals_csv([deal(n) for n in range(1, 3001)]) + deal(9999, rep="Ren\u00e9e Dubois").encode("cp1252") + b"\n")
    return path


def test_progress_names_the_step_and_says_why_it_starts_again(tmp_path):
    """The progress said "Read 2,000 rows", and went back to 0 without a word when a line that is
    not UTF-8 turned up after the first batch and the file was read again from the start."""
    steps: list[tuple[float, str]] = []
    with prepare_path(late_non_utf8(tmp_path), batch_rows=1000, progress=lambda f, s: steps.append((f, s))) as prepared:
        assert prepared.rows_accepted == 3001 and file_report(prepared)["encoding"] == "iso-8859-1"
    said = [s for _, s in steps]
    assert said[1] == "Reading and checking rows: 1,000 of about 3,000"
    assert "This file is not all UTF-8: converting it to read it again from the start" in said
    again = "This file is not all UTF-8: reading it again as Western European text (iso-8859-1)"
    assert again in said
    assert f"{again}. Reading and checking rows: 3,001 of 3,001" in said
    assert not any(s.startswith("Read ") for s in said)
    # Whenever the bar goes back, the step says why.
    for (before, _), (fraction, step) in itertools.pairwise(steps):
        assert fraction >= before or step.startswith("This file is not all UTF-8"), (before, fraction, step)
    # A file not UTF-8 from its start is read once: nothing starts again.
    steps.clear()
    with prepare_path(FIXTURES / "encodings" / "cp1252_euro_quotes.csv", batch_rows=2, progress=lambda f, s: steps.append((f, s))):
        pass
    assert steps and not any("again" in s and "UTF-8" in s for _, s in steps)


@pytest.mark.parametrize("last", [b"", b"\n"], ids=["at the file's end", "before a line end"])
def test_a_line_longer_than_any_export_refuses_the_file_and_writes_nothing(tmp_path, monkeypatch, last):
    """The batch reader holds a record whole until its line ends: a line with no end for longer than
    table.LONGEST_LINE_BYTES is refused, not held, and nothing of the file is written."""
    from winloss.io import table

    monkeypatch.setattr(table, "LONGEST_LINE_BYTES", 5_000)
    rows = [deal(n) for n in range(1, 21)]
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv(rows) + b"OPP-00021,Ines Moreau," + b"x" * 200_000 + last + deals_csv([deal(22)]).split(b"\n", 1)[1])
    store = Store(tmp_path / "store")
    with prepare_path(path, batch_rows=3) as prepared:
        assert prepared.rejected is not None and "a line longer than" in prepared.rejected
        assert prepared.staged is None
        with pytest.raises(ValueError):
            commit(store, prepared)
    assert store.version() == 0
    assert not list((tmp_path / "store").rglob("*.parquet"))  # the batches' data files written so far are gone


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_an_upload_of_one_long_line_is_refused_from_its_start(monkeypatch, encoding):
    """One 3 MB line with no line end (a 50 MB one took 1.6 GB and 2.5 minutes, then was refused as a header
    without data rows) is refused as what it is, from the batch reader's first look at it: the file is
    neither read whole nor rewritten as UTF-8 first."""
    def whole(*args, **kwargs):
        raise AssertionError("the file was read whole")

    monkeypatch.setattr(ingest, "prepare", whole)
    monkeypatch.setattr(ingest, "_transcoded_in_batches", whole)
    line = "Opportunity Owner,Stage,Amount,Close Date,Opportunity ID,Zoë" + "a" * (3 << 20)
    prepared = prepare_upload(line.encode(encoding), "export.csv")
    assert prepared.rejected is not None and prepared.rejected.startswith("The first line is "), prepared.rejected
    assert "long with no line end, so this is not a CSV export" in prepared.rejected


@pytest.mark.parametrize(
    ("encoded", "what"),
    [
        (lambda text: text.encode("cp1252"), "Converting the file to UTF-8"),
        (lambda text: text.replace("\n", "\r").encode(), "Converting the file's Mac line ends"),
    ],
    ids=["code page", "Mac line ends"],
)
def test_the_rewrite_before_reading_shows_its_progress(tmp_path, monkeypatch, encoded, what):
    """A file rewritten before it is read in batches (a code page, classic Mac line ends) showed no
    progress while it was rewritten: the words now move through the file, the bar stays at its start
    (the reading's share begins there, so it never goes back), and the reading follows."""
    import winloss.io.transcoding as transcoding

    monkeypatch.setattr(transcoding, "CHUNK_BYTES", 4_096)
    rows = [deal(n, rep="Zoë Brandt") for n in range(1, 401)]
    path = tmp_path / "export.csv"
    path.write_bytes(encoded(deals_csv(rows).decode()))
    seen: list[tuple[float, str]] = []
    with prepare_path(path, batch_rows=100, progress=lambda fraction, step: seen.append((fraction, step))) as prepared:
        assert prepared.rows_accepted == 400
    converting = [(i, fraction, step) for i, (fraction, step) in enumerate(seen) if step.startswith(f"{what}: ")]
    assert len(converting) > path.stat().st_size // 4_096
    assert {fraction for _, fraction, _ in converting} == {0.0}
    reading = [i for i, (_, step) in enumerate(seen) if step.startswith("Reading and checking rows")]
    assert reading and converting[-1][0] < reading[0]


def test_a_first_load_appended_in_several_parts_is_stored_whole(tmp_path, monkeypatch):
    """A first load larger than APPEND_ROWS is appended in parts; each part's commit was numbered as the
    write's first, so the manifest named the first part's version alone: 300 rows stored, 100 shown."""
    import winloss.store.delta as store_module

    monkeypatch.setattr(store_module, "APPEND_ROWS", 100)
    path = tmp_path / "export.csv"
    path.write_bytes(deals_csv([deal(n) for n in range(1, 301)]))
    store = Store(tmp_path / "store")
    with prepare_path(path, batch_rows=50) as prepared:
        assert prepared.staged is not None and prepared.staged.store_files is not None
        prepared.staged.store_files.invalidate()  # through deltalake's writer, in parts of 100
        committed = commit(store, prepared)
    assert committed.change is not None and committed.change.inserted == 300
    assert store.opportunities().collect().height == 300
