"""A workbook's sheets counted, and listed, once for its bytes and budget (workbooks.remembered): the Data page
asks for an upload's sheets each time it runs, and each asking had counted every sheet's XML again (0.5 s of
processing for 190 MB of it) and read every sheet in a child (2 s more), then counted them once more to read."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from hostile import HEADER, rows_xml, workbook

from winloss.io import workbooks
from winloss.io.readers import workbook_sheets
from winloss.io.workbooks import Budget, WorkbookRefused, sheet_cells, visible_sheet_names


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The sheet parts counted, in order, with nothing remembered from before the test."""
    monkeypatch.setattr(workbooks, "_REMEMBERED", OrderedDict(), raising=False)
    parts: list[str] = []
    counting = workbooks._counted_rows_and_cells

    def spied(archive, info, budget):
        parts.append(info.filename)
        return counting(archive, info, budget)

    monkeypatch.setattr(workbooks, "_counted_rows_and_cells", spied)
    return parts


@pytest.fixture
def readers(monkeypatch) -> list[str]:
    """What each reader child was asked to do ("sheets", "cells"), in order."""
    asked: list[str] = []
    running = workbooks._run_child

    def spied(request, data, budget, waited=workbooks.unwaited):
        asked.append(request["op"])
        return running(request, data, budget, waited)

    monkeypatch.setattr(workbooks, "_run_child", spied)
    return asked


def deals(first: int = 1) -> bytes:
    return workbook(rows_xml([HEADER, *([f"OP-{n}", "Ana Silva", "Closed Won", str(n), "2024-05-06"] for n in range(first, first + 4))]))


def test_a_page_that_runs_again_counts_and_lists_the_sheets_once(counted, readers):
    data = deals()
    for _ in range(3):  # the page's runs: the sheet choice each time
        assert workbook_sheets(data, "deals.xlsx") == ["Deals"]
    read = sheet_cells(bytes(data), None)  # the same bytes in another object, as a new run of the page has them
    assert read.frame.height == 5
    assert counted == ["xl/worksheets/sheet1.xml"]
    assert readers == ["sheets", "cells"]


def test_other_bytes_or_another_budget_are_counted_for_themselves(counted):
    data, other = deals(), deals(first=100)
    visible_sheet_names(data)
    visible_sheet_names(other)
    assert len(counted) == 2
    # The same bytes under a budget they break are refused by it, not let through as they were under the default.
    small = Budget(cells=10)
    for _ in range(2):
        with pytest.raises(WorkbookRefused, match="holds more than 10 filled cells"):
            visible_sheet_names(data, small)
        with pytest.raises(WorkbookRefused, match="holds more than 10 filled cells"):
            sheet_cells(data, None, small)
    assert len(counted) == 3
    assert visible_sheet_names(data) == ["Deals"]
    assert len(counted) == 3


def test_a_refused_workbook_is_refused_again_with_the_same_sentence_without_being_counted_again(counted, readers):
    many = b'<row r="1">' + b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(30)) + b"</row>"
    data = workbook(many * 5)
    sentences = []
    for _ in range(3):
        with pytest.raises(WorkbookRefused) as refused:
            sheet_cells(data, None, Budget(cells=100))
        sentences.append(str(refused.value))
    assert len(set(sentences)) == 1 and "holds more than 100 filled cells" in sentences[0]
    assert len(counted) == 1
    assert readers == []  # refused before any reader was started


def test_only_the_last_few_workbooks_are_remembered(counted):
    small = Budget(cells=10)  # each refused by its count: no reader started

    def asked(data: bytes) -> None:
        with pytest.raises(WorkbookRefused, match="holds more than 10 filled cells"):
            visible_sheet_names(data, small)

    first = deals()
    asked(first)
    for n in range(workbooks._REMEMBERED_KEPT):
        asked(deals(first=10 * (n + 2)))
    assert len(workbooks._REMEMBERED) <= workbooks._REMEMBERED_KEPT
    before = len(counted)
    asked(first)  # let go of for the later ones: counted again
    assert len(counted) == before + 1
