"""A corpus of hostile files, each built here from a few lines of code, with the outcome it must have.

Nothing large is committed: a workbook that declares a billion cells is 1 KB of XML written by
`workbook()` below, and a 200,000-row CSV is a bytes join. `CASES` lists every case; the
tests in test_hostile.py run each one in a process with a memory limit.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# A minimal .xlsx writer: enough parts for Excel's readers, and full control over what they declare.

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letters(number: int) -> str:
    """A for 1, AA for 27, XFD for 16384."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline(ref: str, text: str) -> str:
    """One inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{_escaped(text)}</t></is></c>'


def rows_xml(rows: list[list[str | None]], first_row: int = 1) -> str:
    """<row> elements for a table of text cells (None leaves a cell out), from `first_row`."""
    out = []
    for r, values in enumerate(rows, start=first_row):
        cells = "".join(inline(f"{column_letters(c)}{r}", v) for c, v in enumerate(values, start=1) if v is not None)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def workbook(
    sheet_data: str | bytes,
    *,
    dimension: str | None = None,
    shared: list[str] | None = None,
    shared_count: int | None = None,
    merges: tuple[str, ...] = (),
) -> bytes:
    """An .xlsx with one sheet "Deals" holding `sheet_data` (<row> elements), as declared as asked."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merged = ""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    body = sheet_data.encode() if isinstance(sheet_data, str) else sheet_data
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + dim.encode() + b"<sheetData>" + body + b"</sheetData>" + merged.encode() + b"</worksheet>"
    )  # fmt: skip
    strings = shared or []
    count = len(strings) if shared_count is None else shared_count
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">' + "".join(f"<si><t>{_escaped(s)}</t></si>" for s in strings) + "</sst>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"]
DEALS = [
    ["OP-1", "Anna Kovac", "Closed Won", "1200", "2024-05-06"],
    ["OP-2", "Ben Ortiz", "Closed Lost", "800", "2024-05-07"],
    ["OP-3", "Anna Kovac", "Closed Won", "450", "2024-05-08"],
]


def deals_csv(rows: list[list[str]] | None = None, header: list[str] | None = None, sep: str = ",") -> bytes:
    lines = [sep.join(header or HEADER)] + [sep.join(r) for r in (rows if rows is not None else DEALS)]
    return ("\n".join(lines) + "\n").encode()


def many_deals(n: int) -> list[bytes]:
    return [b"OP-%d,Rep %d,Closed Won,%d,2024-05-06\n" % (i, i % 40, i) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# The cases


@dataclass(frozen=True)
class Case:
    """One hostile file and what must come of it.

    `rejected`: a phrase the one-sentence refusal must contain (None: the file must be read).
    `lines`: the spreadsheet lines of the rows read (checked when given); `rows`: how many.
    `quarantined`: line -> a phrase the reason for that line must contain.
    `values`: column -> the values read, in order (checked when given).
    `note`: a phrase some note about the file must contain.
    `prepare`: run the whole ingest preparation (mapping and validation) instead of the reader alone.
    `budget`: keyword arguments of winloss.io.workbooks.Budget for this case.
    """

    name: str
    kind: str
    make: Callable[[], bytes]
    file_name: str = "export.csv"
    rejected: str | None = None
    rows: int | None = None
    lines: list[int] | None = None
    quarantined: dict[int, str] = field(default_factory=dict)
    values: dict[str, list] = field(default_factory=dict)
    note: str | None = None
    prepare: bool = False
    budget: dict = field(default_factory=dict)


def _far_cell(last: str) -> bytes:
    header = rows_xml([HEADER])
    return workbook(header + f'<row r="{last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{inline(last, "x")}</row>')


def _inline_million() -> bytes:
    # Cells without an r attribute are legal and let one template make every row.
    row = b'<row><c t="inlineStr"><is><t>Opportunity note text</t></is></c></row>'
    return workbook(b'<row r="1">' + inline("A1", "Note").encode() + b"</row>" + row * 1_000_000)


def _rows_past_excel() -> bytes:
    """A sheet of 1,100,000 rows, past Excel's 1,048,576, that declares no range and numbers no row: as a
    6.3-million-row workbook (3.7 MB packed, 950 MB unpacked) that took the reader to 2.8 GB before a refusal."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook(b'<row r="1">' + inline("A1", "Note").encode() + b"</row>" + row * 1_100_000)


def _big_part() -> bytes:
    return workbook(rows_xml([HEADER, *DEALS]) + "<!--" + " " * (3 << 20) + "-->")


def _merged_rep() -> bytes:
    rows = [HEADER, ["OP-1", "Anna Kovac", "Closed Won", "1", "2024-05-06"], ["OP-2", None, "Closed Won", "2", "2024-05-07"],
            ["OP-3", None, "Closed Lost", "3", "2024-05-08"], ["OP-4", "Ben Ortiz", "Closed Won", "4", "2024-05-09"]]  # fmt: skip
    return workbook(rows_xml(rows), merges=("B2:B4",))


def _merged_block() -> bytes:
    rows = [HEADER, ["OP-1", "Anna Kovac", "Closed Won", "1", "2024-05-06"], ["OP-2", None, None, "2", "2024-05-07"]]
    return workbook(rows_xml(rows), merges=("B2:C3",))


def _merged_title() -> bytes:
    rows = [["Pipeline report Q2", None, None, None, None], HEADER, *DEALS]
    return workbook(rows_xml(rows), merges=("A1:E1",))


def _apostrophe_workbook() -> bytes:
    return workbook(rows_xml([HEADER, ["'00042", "Anna Kovac", "Closed Won", "'9800", "'2024-05-06"]]))


def _stray(at: int, n: int) -> bytes:
    body = many_deals(n)
    body[at - 2] = b'OP-X,"Cara Diaz,Closed Won,10,2024-05-06\n'  # line `at` opens a quote it never closes
    return (",".join(HEADER) + "\n").encode() + b"".join(body)


def _two_strays() -> bytes:
    body = many_deals(20)
    body[1] = b'OP-X,"Cara Diaz,Closed Won,10,2024-05-06\n'  # line 3
    body[8] = b'OP-Y,Dev Shah,"Closed Won,10,2024-05-06\n'  # line 10
    return (",".join(HEADER) + "\n").encode() + b"".join(body)


def _columns(count: int) -> bytes:
    """A deals file of `count` columns: the five a deal needs, then custom fields named at length, so
    2,000 of them make a header longer than 64 KB (the readers' first sample)."""
    names = [f"Custom field with a long internal name {i}" for i in range(count - len(HEADER))]
    header = ",".join(HEADER + names)
    rows = [",".join(r + ["v"] * len(names)) for r in DEALS]
    return ("\n".join([header, *rows]) + "\n").encode()


def _mixed(encoding: str, name: str) -> bytes:
    lines = [",".join(HEADER), f"OP-1,{name},Closed Won,10,2024-05-06", f"OP-2,{name},Closed Lost,20,2024-05-07",
             "OP-3,Ben Ortiz,Closed Won,30,2024-05-08"]  # fmt: skip
    return (lines[0] + "\n" + lines[1] + "\n").encode("utf-8") + (lines[2] + "\n").encode(encoding) + (lines[3] + "\n").encode()


def _future(years: int) -> str:
    today = dt.date.today()
    return today.replace(year=today.year + years, day=min(today.day, 28)).isoformat()


def _dated(*dates: str, stage: str = "Closed Won") -> bytes:
    return deals_csv([[f"OP-{i}", "Anna Kovac", stage, "10", d] for i, d in enumerate(dates, start=1)])


CASES: list[Case] = [
    # --- Workbooks that declare huge things ------------------------------------------------
    Case("last cell XFD1048576, no dimension", "workbook", lambda: _far_cell("XFD1048576"), "far.xlsx",
         rejected="memory", budget={"memory_bytes": 1536 << 20}),
    Case("last cell XFD1048576, declared", "workbook", lambda: workbook(rows_xml([HEADER]) + '<row r="1048576">'
         + inline("XFD1048576", "x") + "</row>", dimension="A1:XFD1048576"), "far.xlsx", rejected="XFD1048576"),
    Case("shared strings declare 4 billion", "workbook", lambda: workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
         shared=["Opportunity ID"], shared_count=4_000_000_000), "sst.xlsx", rejected="shared-string table"),
    Case("shared strings count beyond the cell budget", "workbook", lambda: workbook(rows_xml([HEADER, *DEALS]),
         shared=["a"], shared_count=3_000_000_000), "sst.xlsx", rejected="3,000,000,000"),
    Case("far cell fills millions of empty cells", "workbook", lambda: _far_cell("AZ1048576"), "fill.xlsx",
         rejected="memory", budget={"memory_bytes": 1536 << 20}),
    Case("far cell declared within a dimension that lies small", "workbook", lambda: workbook(
         rows_xml([HEADER]) + '<row r="1048576">' + inline("CV1048576", "x") + "</row>", dimension="A1:E1"),
         "lie.xlsx", rejected="memory", budget={"memory_bytes": 1536 << 20}),
    # Its reading took 2.0 s on the idle 2-core development machine, so a 2 s budget let it through
    # there and refused it under load: half a second refuses it with room on a faster machine.
    Case("a million rows of inline strings", "workbook", _inline_million, "inline.xlsx", rejected="workbook",
         budget={"memory_bytes": 1536 << 20, "seconds": 0.5}),
    # Counted while streaming, not read: a reader given only 256 MB would die on it, and would name memory.
    Case("rows past Excel's limit, no range declared", "workbook", _rows_past_excel, "rows.xlsx",
         rejected="holds more than 1,048,576 rows", budget={"memory_bytes": 256 << 20}),
    Case("rows past Excel's limit, declared", "workbook", lambda: workbook(rows_xml([HEADER, *DEALS]), dimension="A1:E2000000"),
         "rows.xlsx", rejected="holds more than 1,048,576 rows"),
    Case("cells beyond a small cell budget, no range declared", "workbook", lambda: workbook(rows_xml([HEADER, *DEALS])),
         "cells.xlsx", rejected="holds more than 10 filled cells", budget={"cells": 10}),
    Case("archive unpacks beyond the budget", "workbook", _big_part, "big.xlsx", rejected="unpacks to",
         budget={"unpacked_bytes": 1 << 20}),
    # Within the cell budget, but 16,384 columns wide: read, it took the ingest 2 GB and 44 s after the reader.
    Case("one cell in column XFD 1,500 rows down", "workbook", lambda: _far_cell("XFD1500"), "wide.xlsx",
         rejected="columns a sheet may have here"),
    Case("one cell in column XFD 1,500 rows down, declared", "workbook", lambda: workbook(rows_xml([HEADER]) + '<row r="1500">'
         + inline("XFD1500", "x") + "</row>", dimension="A1:XFD1500"), "wide.xlsx", rejected="XFD1500 (16,384 columns)"),
    Case("declared range beyond a small cell budget", "workbook", lambda: workbook(rows_xml([HEADER, *DEALS]),
         dimension="A1:E4"), "cells.xlsx", rejected="cells a sheet may hold", budget={"cells": 10}),
    Case("damaged workbook part", "workbook", lambda: workbook(rows_xml([HEADER]))[:-40], "broken.xlsx",
         rejected="damaged"),
    Case("workbook whose sheet XML is not XML", "workbook", lambda: workbook(b"<row r='1'><c r='A1' t='inlineStr'><is><t>x"),
         "notxml.xlsx", rejected="could not be opened"),
    Case("legacy .xls header over garbage", "workbook", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
         "old.xls", rejected="could not be opened"),
    Case("a normal small workbook", "workbook", lambda: workbook(rows_xml([HEADER, *DEALS])), "fine.xlsx",
         lines=[2, 3, 4], values={"Opportunity Owner": ["Anna Kovac", "Ben Ortiz", "Anna Kovac"]}),
    # --- Merged cells ----------------------------------------------------------------------
    Case("rep merged over three rows", "merged", _merged_rep, "merged.xlsx", lines=[2, 3, 4, 5],
         values={"Opportunity Owner": ["Anna Kovac", "Anna Kovac", "Anna Kovac", "Ben Ortiz"]}),
    Case("block merged over two rows and columns fills its first column", "merged", _merged_block, "block.xlsx",
         values={"Opportunity Owner": ["Anna Kovac", "Anna Kovac"], "Stage": ["Closed Won", None]}),
    Case("title merged across columns is not data", "merged", _merged_title, "title.xlsx", lines=[3, 4, 5],
         values={"Opportunity ID": ["OP-1", "OP-2", "OP-3"]}),
    # --- Stray quotes ----------------------------------------------------------------------
    Case("stray quote on line 3 of 200,000 rows", "stray quote", lambda: _stray(3, 200_000),
         lines=[2, *range(4, 200_002)], quarantined={3: "Line 3 opens a quote"}),
    Case("stray quote on the last line", "stray quote", lambda: _stray(21, 20), rows=19, quarantined={21: "Line 21"}),
    Case("two stray quotes", "stray quote", _two_strays, rows=18, quarantined={3: "Line 3", 10: "Line 10"}),
    Case("a quoted note over two lines is one row", "stray quote", lambda: deals_csv(header=[*HEADER, "Note"],
         rows=[[*DEALS[0], '"first line\nsecond line"'], [*DEALS[1], "short"]]), lines=[2, 4],
         values={"Note": ["first line\nsecond line", "short"]}),
    # --- Long headers ----------------------------------------------------------------------
    Case("header of 2,000 columns, longer than 64 KB", "long header", lambda: _columns(2_000), lines=[2, 3, 4],
         values={"Custom field with a long internal name 1994": ["v", "v", "v"]}),
    Case("header of 10,000 columns", "long header", lambda: _columns(10_000),
         rejected="This file has 10,000 columns, past the 2,000 a file may have here"),
    Case("one line of 1,500,000 commas", "long header", lambda: b"x," * 1_500_000,
         rejected="This file has 1,500,001 columns, past the 2,000"),
    # A 50 MB line of this kind took 1.6 GB and 2.5 minutes, then was refused as a header without data rows.
    Case("one line of 2 MB with no line end", "long header",
         lambda: (",".join(HEADER) + ",").encode() + b"a" * (2 << 20),
         rejected="The first line is 2 MB long with no line end, so this is not a CSV export"),
    Case("a first line of 2 MB above deals", "long header",
         lambda: deals_csv(header=[*HEADER, "n" * (2 << 20)], rows=[[*r, "v"] for r in DEALS]),
         rejected="The first line is 2 MB long, longer than any CSV export's header line (at most 1 MB here)"),
    Case("blank lines, then one line of 2 MB", "long header", lambda: b"\n \r\n" + b"x" * (2 << 20),
         rejected="The first line is 2 MB long with no line end"),
    Case("header of three 40 KB names", "long header", lambda: deals_csv(header=["A" * 40_000, "B" * 40_000, "C" * 40_000],
         rows=[["1", "2", "3"], ["4", "5", "6"]]), lines=[2, 3]),
    # --- Encodings -------------------------------------------------------------------------
    Case("UTF-8 and cp1252 lines in one file", "encoding", lambda: _mixed("cp1252", "Zoë Brandt"),
         values={"Opportunity Owner": ["Zoë Brandt", "Zoë Brandt", "Ben Ortiz"]}, note="line 3"),
    Case("UTF-8 and cp1252 curly quotes", "encoding", lambda: _mixed("cp1252", "Renée “Rae” Dubois"),
         values={"Opportunity Owner": ["Renée “Rae” Dubois", "Renée “Rae” Dubois", "Ben Ortiz"]}, note="line 3"),
    Case("a plain cp1252 file is one encoding", "encoding", lambda: deals_csv([["OP-1", "Zoë “Z” Brandt", "Closed Won", "1", "2024-05-06"]]).decode().encode("cp1252"),
         values={"Opportunity Owner": ["Zoë “Z” Brandt"]}),
    # --- Bare carriage returns -------------------------------------------------------------
    Case("bare CR inside an unquoted value", "bare CR", lambda: deals_csv([DEALS[0], ["OP-2", "Ben\rOrtiz", "Closed Lost", "8", "2024-05-07"], DEALS[2]]),
         lines=[2, 4], quarantined={3: "Line 3 has a line break"}),
    Case("bare CR inside a quoted value", "bare CR", lambda: deals_csv([DEALS[0], ["OP-2", '"Ben\rOrtiz"', "Closed Lost", "8", "2024-05-07"]]),
         lines=[2, 3]),
    Case("CRLF line ends are not bare CRs", "bare CR", lambda: deals_csv().replace(b"\n", b"\r\n"), lines=[2, 3, 4]),
    # --- Trailing delimiters ---------------------------------------------------------------
    Case("delimiter after the header only", "trailing delimiter", lambda: deals_csv().replace(b"Close Date\n", b"Close Date,\n"),
         lines=[2, 3, 4], values={"Close Date": ["2024-05-06", "2024-05-07", "2024-05-08"]}),
    Case("delimiter after every data row only", "trailing delimiter", lambda: deals_csv([[*r[:-1], r[-1] + ","] for r in DEALS]),
         lines=[2, 3, 4]),
    Case("semicolon export with a trailing delimiter on data rows", "trailing delimiter",
         lambda: deals_csv(sep=";").replace(b"6\n", b"6;\n").replace(b"7\n", b"7;\n").replace(b"8\n", b"8;\n"), lines=[2, 3, 4]),
    Case("a real extra value is still a ragged row", "trailing delimiter", lambda: deals_csv([DEALS[0], [*DEALS[1], "extra"]]),
         lines=[2], quarantined={3: "6 fields"}),
    # --- Leading apostrophes ---------------------------------------------------------------
    Case("spreadsheet apostrophes before id, amount and date", "apostrophe",
         lambda: deals_csv([["'00042", "Anna Kovac", "Closed Won", "'9800", "'2024-05-06"]]),
         values={"Opportunity ID": ["00042"], "Amount": ["9800"], "Close Date": ["2024-05-06"]}),
    Case("an apostrophe inside a name stays", "apostrophe", lambda: deals_csv([["OP-1", "Renée O'Brien", "Closed Won", "1", "2024-05-06"]]),
         values={"Opportunity Owner": ["Renée O'Brien"]}),
    Case("spreadsheet apostrophes in a workbook", "apostrophe", _apostrophe_workbook, "apos.xlsx",
         values={"Opportunity ID": ["00042"], "Amount": ["9800"]}),
    Case("an apostrophe before a letter is the value's own", "apostrophe",
         lambda: deals_csv([["'s-Hertogenbosch-7", "'t Hooft", "Closed Won", "1", "2024-05-06"]]),
         values={"Opportunity ID": ["'s-Hertogenbosch-7"], "Opportunity Owner": ["'t Hooft"]}),
    Case("an apostrophe before a letter in a workbook is the value's own", "apostrophe",
         lambda: workbook(rows_xml([HEADER, ["'s-Hertogenbosch-7", "'t Hooft", "Closed Won", "1", "'2024-05-06"]])), "apos.xlsx",
         values={"Opportunity ID": ["'s-Hertogenbosch-7"], "Opportunity Owner": ["'t Hooft"], "Close Date": ["2024-05-06"]}),
    # --- Dates outside the window ----------------------------------------------------------
    Case("close date 9999-12-31", "date window", lambda: _dated("2024-05-06", "9999-12-31"), prepare=True,
         lines=[2], quarantined={3: "outside the dates this app accepts"}),
    Case("close date 1900-01-01", "date window", lambda: _dated("1900-01-01", "2024-05-06"), prepare=True,
         lines=[3], quarantined={2: "outside the dates"}),
    # Open deals: a closed deal dated after the upload day is quarantined whatever the window (ingest.future_closes).
    Case("close date eleven years ahead", "date window", lambda: _dated(_future(11), _future(9), stage="Prospecting"), prepare=True,
         lines=[3], quarantined={2: "outside the dates"}),
    Case("Excel serial day of 9999-12-31", "date window", lambda: _dated("45000", "2958465"), prepare=True,
         lines=[2], quarantined={3: "outside the dates"}),
    # --- Formula text in a header cell -----------------------------------------------------
    Case("formula in a header cell", "formula header", lambda: deals_csv(header=[*HEADER, '=HYPERLINK("http://x.invalid")'],
         rows=[[*DEALS[0], "a"], ["OP-2", "", "Closed Won", "1", "2024-05-06", "b"]]), prepare=True, lines=[2], quarantined={3: "blank"}),
    Case("DDE-style header cell", "formula header", lambda: deals_csv(header=[*HEADER, "@SUM(1+1)*cmd|' /C calc'!A0"],
         rows=[[*DEALS[0], "a"], ["OP-2", "", "Closed Won", "1", "2024-05-06", "b"]]), prepare=True, lines=[2], quarantined={3: "blank"}),
    # --- Files rejected whole --------------------------------------------------------------
    Case("NUL bytes in a CSV", "rejected whole", lambda: deals_csv() + b"\x00" * 4000, rejected="binary"),
    Case("every row fails", "rejected whole", lambda: _dated("9999-12-31", "9999-12-30"), prepare=True, rejected="None of the 2 rows"),
    Case("terminal escapes in values are data", "terminal", lambda: deals_csv([["OP-1", "Anna\x1b]0;pwned\x07 Kovac", "Closed Won", "1", "2024-05-06"]]) + b"".join(many_deals(20)),
         rows=21),
]


def outcome(index: int) -> dict:
    """What reading (or preparing) case `index`'s file gave, as plain data: runs in the limited worker."""
    from winloss.ingest.pipeline import prepare
    from winloss.io.readers import read_table
    from winloss.io.table import FileRejected
    from winloss.io.workbooks import Budget

    case = CASES[index]
    data = case.make()
    budget = Budget(**case.budget)
    if case.prepare:
        prepared = prepare(data, case.file_name)
        result = {"rejected": prepared.rejected, "notes": list(prepared.notes), "quarantine_csv": prepared.quarantine_csv()}
        if prepared.table is None:
            return result
        table = prepared.table
        result["quarantined"] = dict(zip(prepared.errors["line"].to_list(), prepared.errors["message"].to_list()))
        result["lines"] = prepared.accepted["__line"].to_list() if "__line" in prepared.accepted.columns else []
        result["columns"] = table.columns
        return result
    try:
        table = read_table(data, case.file_name, budget=budget)
    except FileRejected as exc:
        return {"rejected": str(exc)}
    frame = table.frame
    return {
        "rejected": None,
        "lines": frame["__line"].to_list(),
        "quarantined": dict(zip(table.ragged["__line"].to_list(), table.ragged["message"].to_list())),
        "values": {c: frame[c].to_list() for c in frame.columns if c != "__line"} if frame.width < 50 else
                  {c: frame[c].to_list() for c in frame.columns[-3:]},
        "columns": len(table.columns),
        "notes": list(table.notes),
    }


def command_result(args: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess:
    """`winloss *args` run by the command line's main in `cwd` (command_line.run): its exit code and what it
    printed, as text. Runs in the limited worker, which has imported the readers already: a process of
    its own per command started the interpreter and imported the validation library again, 1.5 s of CPU."""
    from command_line import run

    return run(*args, cwd=cwd)
