"""The quarantine CSV opens in Excel without running anything."""

import io

import polars as pl

from winloss.ingest.quarantine import excel_safe, excel_safe_csv, quarantine_rows, unguarded


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
    assert rows.row(1, named=True)["reason"] == "Amount 'x' is not an amount of money. Second problem."
    csv = excel_safe_csv(rows)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(csv[3:]), infer_schema=False)
    assert back.columns[:2] == ["line", "reason"]
    assert back.filter(pl.col("line") == "3").item(0, "Amount") == "'=cmd|' /C calc'!A0"
    assert back.filter(pl.col("line") == "9").item(0, "raw line") == "a,b,c,d"


def test_a_semicolon_files_quarantine_report_is_split_by_semicolons_and_reads_back(tmp_path) -> None:
    """Excel in a decimal-comma locale splits a CSV on ';': a comma-separated report of a German
    export opened in one column. The report is split as the file was, and still reads back."""
    from winloss.ingest.pipeline import prepare
    from winloss.views.data_page import quarantine_csv

    content = ("Opportunity ID;Owner;Stage;Amount;Close Date\n"
               "G-1;Ann;Closed Won;1.234,56;31.12.2025\n"
               "G-2;Ann;Closed Won;viel;31.12.2025\n").encode()
    prepared = prepare(content, "export.csv")
    assert prepared.rows_quarantined == 1
    for report in (prepared.quarantine_csv(), quarantine_csv(prepared)):
        header = report.decode("utf-8-sig").splitlines()[0]
        assert header.count(";") >= 4 and "," not in header, header
    back = prepare(prepared.quarantine_csv(), "quarantine.csv")
    assert back.rows_read == 1 and "viel" in back.quarantine.row(0, named=True).values()
    comma = prepare(content.replace(b";", b",").replace(b"1.234,56", b"1234.56"), "export.csv")
    assert comma.quarantine_csv().decode("utf-8-sig").splitlines()[0].count(";") == 0


def test_columns_named_like_patterns_are_quarantined_and_guarded_as_plain_names() -> None:
    # A header "*" or "^a.*$" is a name, not every column or a pattern: the rejected row is written
    # with each cell under its own header, the formula cell guarded (this raised a duplicate-name error).
    table = pl.DataFrame({"__line": [2, 3], "Opportunity ID": ["a", "b"], "*": ["x", "=1+1"], "^a.*$": ["-3+1", "ok"]})
    errors = pl.DataFrame({"line": [3], "column": ["*"], "value": ["=1+1"], "check": ["c"], "message": ["Bad."]})
    rows = quarantine_rows(table, errors, pl.DataFrame(schema={"__line": pl.Int64, "raw": pl.String, "message": pl.String}))
    assert rows.columns == ["line", "reason", "Opportunity ID", "*", "^a.*$"]
    assert rows.rows() == [(3, "Bad.", "b", "=1+1", "ok")]
    back = pl.read_csv(io.BytesIO(excel_safe_csv(rows)[3:]), infer_schema=False)
    assert back.columns == ["line", "reason", "Opportunity ID", "*", "^a.*$"]
    assert back.rows() == [("3", "Bad.", "b", "'=1+1", "ok")]
    assert unguarded(excel_safe(table.drop("__line"))).equals(table.drop("__line"))
