"""Hostile files: every case of the corpus (tests/hostile.py) under a memory limit, fuzzing, and the CLI.

Each case runs in a worker process whose address space is limited (RLIMIT_AS), so a reader that
tried to allocate what a file declares would fail the test instead of the machine; a worker that
dies fails the test that killed it.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import re
import resource
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import hostile
from hostile import CASES, HEADER, column_letters, inline, workbook
from winloss.store.delta import Store

LIMIT = 4 << 30  # the worker's address space; a workbook child gets less (its budget)
KINDS = {
    "workbook", "merged", "stray quote", "long header", "encoding", "bare CR", "trailing delimiter",
    "apostrophe", "date window", "formula header", "rejected whole", "terminal",
}  # fmt: skip


def _limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.fixture(scope="module")
def limited():
    """One worker process under the memory limit, shared by the module's tests (one interpreter start)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_limit, initargs=(LIMIT,)) as pool:
        yield pool


def test_the_corpus_covers_every_kind_with_forty_cases():
    assert len(CASES) >= 40
    assert {case.kind for case in CASES} == KINDS
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_hostile_case(limited, index):
    case = CASES[index]
    result = limited.submit(hostile.outcome, index).result(timeout=180)
    if case.rejected is not None:
        assert result["rejected"] is not None, f"read: {result}"
        assert case.rejected in result["rejected"], result["rejected"]
        assert_one_sentence(result["rejected"])
        if case.prepare:  # rejected whole: the report of rejected rows must not be offered
            assert result["rejected"].startswith("None of the")
        return
    assert result["rejected"] is None, result["rejected"]
    if case.lines is not None:
        assert result["lines"] == case.lines
    if case.rows is not None:
        assert len(result["lines"]) == case.rows
    assert set(result["quarantined"]) == set(case.quarantined), result["quarantined"]
    for line, phrase in case.quarantined.items():
        assert phrase in result["quarantined"][line]
    for column, values in case.values.items():
        assert result["values"][column] == values
    if case.note:
        assert any(case.note in note for note in result["notes"]), result["notes"]
    else:
        assert not any("encoding" in note for note in result["notes"])
    if case.kind == "formula header":
        header = next(csv.reader(io.StringIO(result["quarantine_csv"].decode("utf-8-sig"))))
        assert not [cell for cell in header if re.match(r"[=+\-@]", cell)], header
        assert any(cell.startswith("'") for cell in header)


def assert_one_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message and "panicked" not in message
    assert message.endswith("."), message


# --- Fuzzing, inside the limited worker ---------------------------------------------------------


def test_fuzzed_csv_bytes_are_read_or_refused_in_one_sentence(limited):
    limited.submit(_fuzz_csv).result(timeout=300)


def test_fuzzed_workbook_structure_is_read_or_refused_in_one_sentence(limited):
    limited.submit(_fuzz_workbook).result(timeout=300)


def _fuzz_csv() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from winloss.io.readers import read_table
    from winloss.io.table import FileRejected

    pieces = st.sampled_from(
        [b"a", b"Zo\xc3\xab", b"Zo\xeb", b"\x93q\x94", b",", b";", b'"', b"'", b"\n", b"\r", b"\r\n", b"\t", b" ",
         b"9999-12-31", b"=1+1", b"\x1b[2J", b"\xef\xbb\xbf", b"\x00", b"-", b"\xa0"]
    )  # fmt: skip

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body=st.lists(pieces, max_size=80).map(b"".join))
    def check(body: bytes) -> None:
        data = b"Opportunity ID,Owner,Stage\n" + body
        try:
            table = read_table(data, "fuzz.csv")
        except FileRejected as exc:
            assert_one_sentence(str(exc))
            return
        lines = table.frame["__line"].to_list()
        ragged = table.ragged["__line"].to_list()
        assert lines == sorted(set(lines)) and not set(lines) & set(ragged)
        physical = data.count(b"\n") + 1
        assert all(1 <= n <= physical for n in lines + ragged)
        assert all(isinstance(m, str) and m.startswith("Line ") for m in table.ragged["message"].to_list())

    check()


def _fuzz_workbook() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from winloss.io.readers import read_table
    from winloss.io.table import FileRejected
    from winloss.io.workbooks import Budget

    budget = Budget(memory_bytes=1 << 30, seconds=30, cells=2_000_000)
    cell = st.tuples(st.integers(2, 12), st.integers(1, 6), st.text(alphabet="ab'= é\x1b", min_size=1, max_size=5))
    far = st.tuples(st.sampled_from([70000, 40]), st.sampled_from([700, 8]))  # XFD1048576 is a corpus case

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(
        cells=st.lists(cell, max_size=20, unique_by=lambda c: c[:2]),
        far_cell=st.none() | far,
        dimension=st.none() | st.sampled_from(["A1:F12", "A1:XFD1048576", "A1", "B2:A1", "ZZZZ9"]),
        shared_count=st.none() | st.sampled_from([0, 5, 4_000_000_000]),
        merges=st.lists(st.sampled_from(["A2:A4", "B3:C5", "A1:F1", "D9:D12", "A1:A1048576"]), max_size=3, unique=True),
    )
    def check(cells, far_cell, dimension, shared_count, merges) -> None:
        rows: dict[int, list[str]] = {}
        for r, c, text in sorted(cells):
            rows.setdefault(r, []).append(inline(f"{column_letters(c)}{r}", text))
        xml = '<row r="1">' + "".join(inline(f"{column_letters(i)}1", h) for i, h in enumerate(HEADER[:6], start=1)) + "</row>"
        xml += "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
        if far_cell:
            xml += f'<row r="{far_cell[0]}">{inline(f"{column_letters(far_cell[1])}{far_cell[0]}", "x")}</row>'
        data = workbook(xml, dimension=dimension, shared=["s"] if shared_count is not None else None,
                        shared_count=shared_count, merges=tuple(merges))  # fmt: skip
        try:
            table = read_table(data, "fuzz.xlsx", budget=budget)
        except FileRejected as exc:
            assert_one_sentence(str(exc))
            return
        lines = table.frame["__line"].to_list()
        assert lines == sorted(set(lines)) and all(n >= 2 for n in lines)

    check()


# --- The command line ---------------------------------------------------------------------------


def _run_cli(limited: ProcessPoolExecutor, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`winloss *args` in `cwd` with no WINLOSS_STORE, in the worker under the memory limit: its exit code and
    what it printed."""
    return limited.submit(hostile.command_result, args, cwd).result(timeout=300)


def test_a_file_rejected_whole_writes_its_quarantine_csv_and_stores_nothing(limited, tmp_path):
    """A file whose every row is quarantined stores nothing, and its rows come back with their
    reasons in a quarantine CSV, as the Data page offers them to download."""
    path = tmp_path / "all_bad.csv"
    path.write_bytes(hostile._dated("9999-12-31", "9999-12-30"))
    result = _run_cli(limited, "ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 1
    assert "None of the 2 rows" in result.stderr
    (report,) = tmp_path.rglob("*.quarantine.csv")
    assert len(report.read_text(encoding="utf-8-sig").strip().splitlines()) == 3  # the header and both rows
    assert not (tmp_path / "store" / "opportunities").exists() or Store(tmp_path / "store").opportunities().collect().height == 0


def test_a_partly_bad_file_still_writes_its_quarantine_csv(limited, tmp_path):
    path = tmp_path / "some_bad.csv"
    path.write_bytes(hostile._dated("2024-05-06", "9999-12-30"))
    result = _run_cli(limited, "ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.rglob("*.quarantine.csv"))) == 1


ESCAPES = ["\x1b]0;owned\x07", "\x1b[2J", "\x9b31m", "\u202e"]  # retitle, clear, C1 CSI, right-to-left override


def test_the_cli_prints_no_control_character_from_a_file(limited, tmp_path):
    """Values in error lines, column names in a rejection, and the file's own name are all escaped."""
    paths = []
    for n, escape in enumerate(ESCAPES):
        # Enough ordinary rows that the file is not taken for a binary one (1% control characters).
        bad_date = hostile.deals_csv([["OP-1", "Anna Kovac", "Closed Won", "1", f"05/06{escape}"]]) + b"".join(hostile.many_deals(20))
        no_rep = hostile.deals_csv(header=["Opportunity ID", f"Own{escape}er", "Stage"], rows=[["OP-1", "Anna", "Closed Won"]] * 20)
        for name, content in ((f"dates{n}{escape}.csv", bad_date), (f"columns{n}.csv", no_rep)):
            path = tmp_path / name
            path.write_bytes(content)
            paths.append(str(path))
    result = _run_cli(limited, "ingest", *paths, "--store", str(tmp_path / "store"), cwd=tmp_path)
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", printed), printed
    for escape in ESCAPES:
        assert escape.encode("unicode_escape").decode("ascii")[:4] in printed  # "\x1b", "\x9b" or "\u20"
    assert printed.count("no column for the") == len(ESCAPES)


def test_terminal_text_escapes_every_control_character():
    from winloss.errors import terminal_text

    assert terminal_text("Anna\x1b]0;x\x07 Kovac") == "Anna\\x1b]0;x\\x07 Kovac"
    assert terminal_text("a\nb\tc\u202ed\x9b") == "a\\nb\\tc\\u202ed\\x9b"
    assert terminal_text("Zoë “Z” Brandt — $1.2M") == "Zoë “Z” Brandt — $1.2M"


# --- The app --------------------------------------------------------------------------------------


def test_the_data_page_survives_a_workbook_that_would_abort_the_reader(tmp_path, monkeypatch, sample_store):
    """Uploading the far-cell workbook shows one sentence; the page (and the server process) carry on."""
    from pages.test_page_data import data_page, texts, upload

    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    far = hostile._far_cell("XFD1048576")
    at = upload(data_page(), ("far.xlsx", far))
    assert "needs more than the" in texts(at.error)
    at = upload(at, ("week.csv", hostile.deals_csv()))  # the same session reads the next file
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Rows read"], metrics["Accepted"]) == ("3", "3")
