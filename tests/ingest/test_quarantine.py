"""The quarantine CSV opens in Excel without running anything."""

import io

import polars as pl

from winloss.ingest.quarantine import excel_safe, excel_safe_csv, quarantine_rows


def test_formula_cells_are_neutralised_but_numbers_are_not():
    frame = pl.DataFrame({"v": ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-12.5", "+7", "1,200.00", "plain", None]})
    assert excel_safe(frame).get_column("v").to_list() == [
        "'=HYPERLINK(\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "-12.5", "+7", "1,200.00", "plain", None,
    ]


def test_quarantine_rows_keep_the_row_as_it_came_with_line_and_reason():
    table = pl.DataFrame({"__line": [2, 3, 4], "Opportunity ID": ["a", "b", "c"], "Amount": ["1", "=cmd|' /C calc'!A0", "x"]})
    errors = pl.DataFrame(
        {"line": [3, 4, 4], "column": ["Amount"] * 3, "value": ["x"] * 3, "check": ["c"] * 3,
         "message": ["Amount is bad.", "Amount 'x' is not an amount of money.", "Second problem."]}
    )
    ragged = pl.DataFrame({"__line": [9], "raw": ["a,b,c,d"], "message": ["Line 9 has 4 fields but the header has 2."]})
    rows = quarantine_rows(table, errors, ragged)
    assert rows.get_column("line").to_list() == [3, 4, 9]
    assert rows.row(1, named=True)["reason"] == "Amount 'x' is not an amount of money.; Second problem."
    csv = excel_safe_csv(rows)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(csv[3:]), infer_schema=False)
    assert back.columns[:2] == ["line", "reason"]
    assert back.filter(pl.col("line") == "3").item(0, "Amount") == "'=cmd|' /C calc'!A0"
    assert back.filter(pl.col("line") == "9").item(0, "raw line") == "a,b,c,d"
