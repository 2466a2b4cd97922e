"""A day-first CSV opened in Excel with US settings and saved as .xlsx: Excel made every date it could
read month-first (03/04/2024, 3 April) a date cell of 4 March, and left the others (25/03/2024) as
text. Such a column's date cells are read with day and month swapped back when the column shows it
for sure, their rows are quarantined when it does not, and any other workbook or CSV is read as before."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest

from winloss.ingest.pipeline import PreparedFile, prepare

# The close dates as the CRM wrote them, day-first: five with a day of 12 or less (date cells once
# Excel has read them month-first), five with a day above 12 (left as text).
CLOSES = [
    dt.date(2024, 4, 3), dt.date(2024, 3, 25), dt.date(2024, 5, 7), dt.date(2024, 6, 18), dt.date(2024, 2, 9),
    dt.date(2024, 7, 30), dt.date(2024, 11, 1), dt.date(2024, 8, 14), dt.date(2024, 9, 10), dt.date(2024, 10, 22),
]
HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"]
UPLOAD_THE_CSV = "export the file from the CRM again and upload the CSV itself, not a copy saved by Excel"

Cell = dt.date | str


def excel_us(day: dt.date) -> Cell:
    """What Excel with US settings makes of the CRM's text dd/mm/yyyy: a date cell of the day read
    month-first when it can be (03/04/2024 -> 4 March), else the text as it was."""
    if day.day <= 12:
        return dt.date(day.year, day.day, day.month)
    return f"{day:%d/%m/%Y}"


def workbook(closes: list[Cell], created: list[Cell] | None = None) -> bytes:
    """An .xlsx of one deal per close date: a date given as a date is a date cell, a text a text cell."""
    import xlsxwriter

    data = io.BytesIO()
    book = xlsxwriter.Workbook(data, {"in_memory": True})
    sheet, shown = book.add_worksheet("Opportunities"), book.add_format({"num_format": "m/d/yyyy"})
    sheet.write_row(0, 0, HEADER)
    for row, close in enumerate(closes, start=1):
        sheet.write_row(row, 0, [f"D{row}", "Ann Lee", "Closed Won", 1000 * row])
        for column, cell in ((4, created[row - 1] if created else None), (5, close)):
            if isinstance(cell, dt.date):
                sheet.write_datetime(row, column, dt.datetime.combine(cell, dt.time()), shown)
            elif cell is not None:
                sheet.write_string(row, column, cell)
    book.close()
    return data.getvalue()


def stored(prepared: PreparedFile, field: str = "close_date") -> dict[str, dt.date]:
    """Each accepted deal's date, by its id."""
    return dict(prepared.accepted.select("opportunity_id", field).iter_rows())


def reasons(prepared: PreparedFile) -> dict[int, str]:
    return dict(prepared.quarantine.select("line", "reason").iter_rows())


def swapped_notes(prepared: PreparedFile) -> list[str]:
    return [note for note in prepared.notes if "Excel with US settings" in note]


def test_date_cells_beside_day_first_text_are_read_with_day_and_month_swapped_back_in_every_date_column():
    """Every deal closed on a day of 12 or less had been stored in the wrong month (3 April as 4 March),
    in every date column, and no note said so. Five date cells (the least that settles it) are enough."""
    created = [day.replace(year=2023) for day in CLOSES]
    prepared = prepare(workbook([excel_us(d) for d in CLOSES], [excel_us(d) for d in created]), "deals.xlsx")
    assert prepared.rows_quarantined == 0
    assert stored(prepared) == {f"D{i}": day for i, day in enumerate(CLOSES, start=1)}
    assert stored(prepared, "created_date") == {f"D{i}": day for i, day in enumerate(created, start=1)}
    assert swapped_notes(prepared) == [
        "Created Date: 5 date cells are read with day and month swapped back ('2023-03-04' as 3 April 2023): the "
        "column's other dates are written day-first as text (25/03/2023), as when a day-first CSV is opened in Excel "
        "with US settings.",
        "Close Date: 5 date cells are read with day and month swapped back ('2024-03-04' as 3 April 2024): the "
        "column's other dates are written day-first as text (25/03/2024), as when a day-first CSV is opened in Excel "
        "with US settings.",
    ]


def test_fewer_date_cells_than_settle_it_keep_their_rows_out_with_what_to_do():
    """Four date cells could all have a day of 12 or less by chance (one column in 45): their rows are
    quarantined, not guessed, and the text dates are stored day-first."""
    closes = CLOSES[:-2] + CLOSES[-1:]  # 10 September left out: four date cells
    prepared = prepare(workbook([excel_us(d) for d in closes]), "deals.xlsx")
    cell_lines = [line for line, day in enumerate(closes, start=2) if day.day <= 12]
    assert sorted(reasons(prepared)) == cell_lines
    assert reasons(prepared)[2] == (
        "Close Date '2024-03-04' is a date cell that may have its day and month swapped (it may be 3 April 2024), "
        f"as when a day-first CSV is opened in Excel with US settings: {UPLOAD_THE_CSV}."
    )
    assert stored(prepared) == {f"D{i}": day for i, day in enumerate(closes, start=1) if day.day > 12}
    assert swapped_notes(prepared) == [
        "Close Date: 4 date cells may have their day and month swapped ('2024-03-04' may be 3 April 2024), as when a "
        "day-first CSV is opened in Excel with US settings (the column's other dates are written day-first as text: "
        f"25/03/2024), but only 4 date cells show it (5 settle it): their rows are quarantined; {UPLOAD_THE_CSV}."
    ]


def test_a_date_cell_with_a_day_above_12_beside_day_first_text_keeps_the_other_date_cells_rows_out():
    """A date cell of 20 March was no text Excel read month-first, so which cells were is not known: the
    cells that could be swapped are quarantined, the one that cannot be is stored as it is."""
    cells = [excel_us(d) for d in CLOSES] + [dt.date(2024, 3, 20)]
    prepared = prepare(workbook(cells), "deals.xlsx")
    swappable = [line for line, day in enumerate(CLOSES, start=2) if day.day <= 12]
    assert sorted(reasons(prepared)) == swappable
    assert stored(prepared)["D11"] == dt.date(2024, 3, 20)
    assert swapped_notes(prepared) == [
        "Close Date: 5 date cells may have their day and month swapped ('2024-03-04' may be 3 April 2024), as when a "
        "day-first CSV is opened in Excel with US settings (the column's other dates are written day-first as text: "
        "25/03/2024), but a date cell has a day over 12 ('2024-03-20'), which no swap made: their rows are "
        f"quarantined; {UPLOAD_THE_CSV}."
    ]


def test_a_column_of_date_cells_alone_is_read_as_its_cells_say():
    """Date cells with no text beside them are what they show: the rule is the text beside them."""
    cells = [excel_us(d) for d in CLOSES if d.day <= 12]
    alone = prepare(workbook(cells), "deals.xlsx")
    assert stored(alone) == {f"D{i}": cell for i, cell in enumerate(cells, start=1)} and swapped_notes(alone) == []
    mixed = prepare(workbook([excel_us(d) for d in CLOSES]), "deals.xlsx")
    assert stored(mixed)["D1"] == dt.date(2024, 4, 3)


def test_date_cells_beside_month_first_text_are_read_as_their_cells_say():
    """Text written month-first (03/25/2024) shows no day-first CSV: the date cells beside it are kept."""
    month_first = [day if isinstance(day, dt.date) else f"{dt.datetime.strptime(day, '%d/%m/%Y'):%m/%d/%Y}"
                   for day in (excel_us(d) for d in CLOSES)]
    prepared = prepare(workbook(month_first), "deals.xlsx")
    assert stored(prepared)["D1"] == dt.date(2024, 3, 4) and stored(prepared)["D2"] == dt.date(2024, 3, 25)
    assert swapped_notes(prepared) == []
    day_first = prepare(workbook([excel_us(d) for d in CLOSES]), "deals.xlsx")
    assert stored(day_first)["D1"] == dt.date(2024, 4, 3)


def test_a_csv_of_the_same_values_is_read_as_written():
    """A CSV has no date cells: '2024-03-04' beside '25/03/2024' is 4 March, as written."""
    texts = [day.isoformat() if isinstance(day, dt.date) else day for day in (excel_us(d) for d in CLOSES)]
    lines = [",".join(HEADER)] + [f"D{i},Ann Lee,Closed Won,{1000 * i},,{text}" for i, text in enumerate(texts, start=1)]
    prepared = prepare(("\n".join(lines) + "\n").encode(), "deals.csv")
    assert stored(prepared)["D1"] == dt.date(2024, 3, 4) and swapped_notes(prepared) == []
    assert stored(prepare(workbook([excel_us(d) for d in CLOSES]), "deals.xlsx"))["D1"] == dt.date(2024, 4, 3)


@pytest.mark.parametrize("cells", [4, 5])
def test_the_rule_needs_five_date_cells(cells):
    """The threshold's edge: four date cells are quarantined, five are swapped back."""
    closes = [d for d in CLOSES if d.day > 12] + [d for d in CLOSES if d.day <= 12][:cells]
    prepared = prepare(workbook([excel_us(d) for d in closes]), "deals.xlsx")
    if cells == 5:
        assert prepared.rows_quarantined == 0 and stored(prepared) == {f"D{i}": d for i, d in enumerate(closes, start=1)}
    else:
        assert prepared.rows_quarantined == 4 and len(stored(prepared)) == 5
    assert pl.Series(swapped_notes(prepared)).str.contains("swapped back").to_list() == [cells == 5]
