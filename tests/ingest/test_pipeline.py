"""The whole path, bytes to store: every row accounted for, bad files change nothing."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from winloss.ingest.hints import page_sentence
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views import data_page

HEADER = '"Opportunity Owner","Account Name","Stage","Amount","Created Date","Close Date","Loss Reason","Opportunity ID","Opportunity ID"'
ROWS = [
    '"Ann Lee","Acme","Closed Won","USD 485,000.00","01/15/2025","03/20/2025","","0065g00000AAAAA","0065g00000AAAAAAA1"',
    '"Bo Chen","Beta","Closed Lost","USD 12,000.00","02/01/2025","04/02/2025","No Decision","0065g00000BBBBB","0065g00000BBBBBAA2"',
    '"Bo Chen","Gamma","Closed Lost","USD 9,500.50","02/03/2025","04/28/2025","Price","0065g00000CCCCC","0065g00000CCCCCAA3"',
    '"Ann Lee","Delta","Prospecting","-","10/01/2025","12/31/2025","","0065g00000DDDDD","0065g00000DDDDDAA4"',
]
FOOTER = ['', '"Grand Totals (4 records)"', '', '"Confidential Information - Do Not Distribute"', '',
          '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."']


def export(rows: list[str], footer: bool = True) -> bytes:
    return "\r\n".join([HEADER, *rows, *(FOOTER if footer else [])]).encode("cp1252")


def test_a_clean_salesforce_export_is_stored_whole(tmp_path):
    prepared = prepare(export(ROWS), "pipeline.csv")
    assert prepared.rejected is None
    assert (prepared.source, prepared.kind, prepared.rows_read, prepared.rows_accepted) == ("salesforce", "opportunities", 4, 4)
    accepted = prepared.accepted.sort("__line")
    assert accepted.get_column("opportunity_id").to_list()[0] == "0065g00000AAAAAAA1"  # the 18-character id
    assert accepted.get_column("outcome").to_list() == ["won", "no_decision", "lost", "open"]
    assert accepted.get_column("amount").to_list() == [485000.0, 12000.0, 9500.5, None]
    assert accepted.get_column("close_date").to_list()[0] == dt.date(2025, 3, 20)
    assert accepted.get_column("currency").to_list()[0] == "USD"
    store = Store(tmp_path / "store")
    result = commit(store, prepared)
    assert result.change.store_version == 1 and result.change.inserted == 4
    again = commit(store, prepare(export(ROWS), "pipeline-copy.csv"))
    assert again.change is None and "already loaded" in again.message
    assert store.version() == 1


def test_bad_rows_are_quarantined_with_line_column_value_and_a_sentence():
    rows = [
        ROWS[0],
        '"","Beta","Closed Lost","USD 1.00","02/01/2025","04/02/2025","","0065g00000EEEEE","0065g00000EEEEEAA5"',
        '"Cy","Gamma","Closed Won","USD 5.00","02/03/2025","31/02/2025","","0065g00000FFFFF","0065g00000FFFFFAA6"',
        '"Cy","Gamma","Closed Won","(1,200.00)","02/03/2025","03/03/2025","","0065g00000GGGGG","0065g00000GGGGGAA7"',
        '"Cy","Gamma","Closed Won","5","05/03/2025","03/03/2025","","0065g00000HHHHH","0065g00000HHHHHAA8"',
        '"Cy","Gamma","Closed Won","5","","","","0065g00000IIIII","0065g00000IIIIIAA9"',
        ROWS[1].replace("BBBBBAA2", "AAAAAAA1"),  # the same 18-char id as line 2
        ROWS[2],
    ]
    prepared = prepare(export(rows), "bad.csv")
    assert prepared.rejected is None
    assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (8, 1, 7)
    messages = {line: msg for line, msg in prepared.errors.select("line", "message").iter_rows()}
    assert messages[3] == "Opportunity Owner is blank: every deal needs a rep (its owner)."
    assert messages[4] == ("Close Date '31/02/2025' is not a date: February has no 31st; correct the day in the file "
                           "(or in the CRM, and export again).")
    assert messages[5] == "Amount '(1,200.00)' is negative: amounts must be 0 or more."
    assert messages[6] == "Close Date '03/03/2025' is before Created Date '05/03/2025'."
    assert "closed deals need a close date" in messages[7]
    assert "appears on lines 2, 8" in messages[8]
    assert prepared.accepted.get_column("__line").to_list() == [9]
    assert set(prepared.quarantine.get_column("line").to_list()) == {2, 3, 4, 5, 6, 7, 8}


def test_a_file_whose_every_row_fails_is_rejected_and_writes_nothing(tmp_path):
    prepared = prepare(export(ROWS), "wrong.csv", overrides={"close_date": "Account Name"})
    assert prepared.rejected and prepared.rejected.startswith("None of the 4 rows could be stored")
    store = Store(tmp_path / "s")
    try:
        commit(store, prepared)
    except ValueError as exc:
        assert str(exc) == prepared.rejected
    assert store.version() == 0


def test_missing_required_column_is_one_sentence():
    content = b"Opportunity ID,Stage,Amount\n1,Closed Won,5\n"
    prepared = prepare(content, "x.csv")
    assert prepared.rejected.startswith("This opportunity export has no column for the rep (deal owner)")
    assert "'Opportunity ID', 'Stage', 'Amount'" in prepared.rejected
    assert prepared.rejected.count(". ") <= 1


def test_every_missing_required_column_is_named_with_how_to_map_each_in_one_sentence():
    """Only the first missing field's --map was given: the user mapped the rep, and was refused
    again for the stage."""
    content = ('"Opportunity-ID";"Opportunity-Name";"Betreuer";"Stufe"\n'
               '"006Ab0000000001";"Rahmenvertrag";"Anna";"Offen"\n').encode()
    prepared = prepare(content, "de.csv")
    assert prepared.rejected == (
        "This opportunity export has no column for the rep (deal owner) or the stage or status: the columns found are "
        "'Opportunity-ID', 'Opportunity-Name', 'Betreuer', 'Stufe'. Choose a column for each "
        '(on the command line: --map rep="Column name" --map stage="Column name").'
    )
    # The Data page names its mapping editor once, for every field.
    assert data_page.rejection(prepared) == page_sentence(prepared.rejected)
    assert data_page.rejection(prepared).endswith(
        "Choose a column for each in Column mapping above, under Column in your file.")
    # Three missing: each named, each with its --map.
    three = prepare(b"Amount,Close Date\n5,2026-01-01\n", "x.csv").rejected
    assert "no column for the opportunity id, the rep (deal owner) or the stage or status:" in three
    assert three.endswith('--map opportunity_id="Column name" --map rep="Column name" --map stage="Column name").')


def test_roster_labels_are_normalised_and_unknown_ones_left_out_of_a_stored_row():
    content = (
        "Rep Name,Seller Profile,Team,Manager\nAnn Lee,Problem solver,East,Kim\nBo Chen,  HARD   worker ,East,Kim\n"
        "Cy,Closer,West,Kim\nDee,,West,Kim\n"
    ).encode()
    prepared = prepare(content, "roster.csv")
    assert prepared.kind == "roster"
    # Cy's row is stored (team and manager) without the profile it names: no meaning is given to 'Closer'.
    assert prepared.accepted.sort("__line").select("seller_profile", "team").rows() == [
        ("Reactive Problem Solver", "East"), ("Hard Worker", "East"), (None, "West"), ("Unprofiled", "West"),
    ]
    assert prepared.errors.get_column("message").to_list() == [
        "Seller Profile 'Closer' is not one of the five seller profiles (Challenger, Hard Worker, Relationship Builder, "
        "Lone Wolf, Reactive Problem Solver): the rep is stored without it (Unprofiled, or keeping the profile already "
        "stored for them); fill in one of the five (or leave it blank for Unprofiled) and upload the roster again."
    ]
    assert prepared.quarantine.get_column("line").to_list() == [4]


def _mutations():
    """Edits a user's spreadsheet habits make to a valid export, and the ways CRMs write one deal or rep.

    "short_id" writes the 15-character form of the Salesforce id, "respell" retypes the rep's name
    in another case or spacing, "dup" repeats a row as a report with one row per product line does.
    """
    cell = st.sampled_from(["", "-", "=1+1", "31/02/2025", "USD -5", "(1,000)", "Closed Won", "Closed Lost", "x" * 40,
                            "2025-13-45", "45000", "é", '"', ",", "\n", "N/A",
                            # outcome quirks: a stage no rule places, localised statuses, a typographic reason
                            "Verbal Commit", "1049337", "Gagné", "VERLOREN", "Supprimé", "“No Decision”"])
    actions = st.sampled_from(["set", "drop", "dup", "extra", "short_id", "respell", "dup"])
    return st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, 8), cell, actions), max_size=6)


def _respelled(name: str, how: int) -> str:
    return [name.upper(), name.lower(), f" {name}  ", name.replace(" ", "\u00a0"), name.replace(" ", "   ")][how % 5]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(), st.booleans())
def test_any_mutation_accounts_for_every_row_and_never_raises(mutations, footer):
    rows = [r[1:-1].split('","') for r in ROWS]
    origin = list(range(len(rows)))  # which clean row each row is a copy of
    touched: set[int] = set()  # rows whose deal fields were edited, not only written another way
    shifted = False  # a quoted newline moves every later row down a line
    for row_index, column, value, action in mutations:
        index = row_index % len(rows)
        row = rows[index]
        if action == "set" and column < len(row):
            row[column] = value
            touched.add(index)
            shifted = shifted or "\n" in value
        elif action == "drop" and len(row) > 1:
            row.pop(column % len(row))
            touched.add(index)
        elif action == "dup":
            rows.append(list(row))
            origin.append(origin[index])
            if index in touched:
                touched.add(len(rows) - 1)
        elif action == "extra":
            row.append(value)
            touched.add(index)
            shifted = shifted or "\n" in value
        elif action == "short_id" and len(row) == 9:
            row[8] = row[7]
        elif action == "respell":
            row[0] = _respelled(row[0], column)
    text = "\r\n".join([HEADER, *['"' + '","'.join(c.replace('"', '""') for c in r) + '"' for r in rows], *(FOOTER if footer else [])])
    prepared = prepare(text.encode("utf-8"), "mutated.csv")
    if prepared.rejected is None:
        assert prepared.rows_read == len(rows) == prepared.rows_accepted + prepared.rows_quarantined
        # Every row is in exactly one place, by its own line: stored, or quarantined with a reason.
        accepted = set(prepared.accepted_lines.to_list())  # a deal's repeated product lines count as stored
        quarantined = set(prepared.quarantine.get_column("line").to_list())
        assert accepted.isdisjoint(quarantined)
        assert len(accepted | quarantined) == len(rows)  # lines are physical: a quoted newline shifts them
        assert prepared.quarantine.get_column("reason").is_not_null().all()
        if not shifted:
            # Writing a deal or rep another way never changes what a stored row says.
            clean = prepare(export(ROWS, footer=False), "clean.csv").accepted.sort("__line")
            for line, outcome, amount, rep in prepared.accepted.select("__line", "outcome", "amount", "rep").iter_rows():
                if line - 2 not in touched:
                    expected = clean.row(origin[line - 2], named=True)
                    assert (outcome, amount) == (expected["outcome"], expected["amount"])
                    assert rep.lower() == expected["rep"].lower()
    else:
        assert isinstance(prepared.rejected, str) and prepared.rejected.endswith(".")


# The amount column of ROWS (index 3), and each row's true amount.
TRUE_AMOUNTS = {"0065g00000AAAAAAA1": 485_000.0, "0065g00000BBBBBAA2": 12_000.0, "0065g00000CCCCCAA3": 9_500.5}


def _spellings(value: float, convention: str) -> list[str]:
    """Ways one file writes an amount (a file keeps one convention): codes, symbols, grouping, scale words."""
    point = f"{value:,.2f}"
    if convention == "comma":  # 485.000,00, as a decimal-comma locale writes it
        grouped = point.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
        ways = [f"{grouped} USD", f"USD {grouped}", point.replace(",", " ").replace(".", ",") + " $", f"{value:.2f}".replace(".", ",")]
        whole = [f"USD {value:,.0f}".replace(",", "."), f"{value:.0f} USD"]
    else:
        ways = [f"USD {point}", f"${point}", f"{value:.2f}", f"{point} USD", f"USD {point}-"[:-1]]
        whole = [f"USD {value:,.0f}", f"{value:.0f}"]
    if value == int(value):
        ways += [*whole, f"${value / 1000:g}K", f"{value / 1000:g}k USD"]
    if value % 100_000 == 0:
        ways.append(f"${value / 1_000_000:g}M")
    return ways


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 20), min_size=3, max_size=3), st.sampled_from(["point", "comma"]), st.booleans())
def test_money_quirks_never_change_an_amount_they_either_read_it_right_or_quarantine_it(choices, convention, footer):
    rows = [r[1:-1].split('","') for r in ROWS]
    for row, choice in zip(rows, choices, strict=False):
        ways = _spellings(TRUE_AMOUNTS[row[8]], convention)
        row[3] = ways[choice % len(ways)]
    text = "\r\n".join([HEADER, *['"' + '","'.join(r) + '"' for r in rows], *(FOOTER if footer else [])])
    prepared = prepare(text.encode("utf-8"), "money.csv")
    assert prepared.rejected is None or prepared.rows_accepted == 0
    assert prepared.rows_read == prepared.rows_accepted + prepared.rows_quarantined == len(rows)
    for opportunity_id, amount, currency in prepared.accepted.select("opportunity_id", "amount", "currency").iter_rows():
        if opportunity_id in TRUE_AMOUNTS:
            assert amount == TRUE_AMOUNTS[opportunity_id]  # read right, never off by a thousand
            assert currency == "USD"
    reasons = prepared.quarantine.get_column("reason").to_list() if prepared.quarantine.height else []
    assert all("decimal mark" in r for r in reasons)  # the only reason a spelling is refused: it reads two ways
    assert prepared.money_rules["separator_rule"]


def test_one_date_order_per_file_a_settled_column_decides_an_ambiguous_one():
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Created Date,Close Date\n"
        "X1,Zoë,Closed Won,03/01/2024,25/03/2024\nX2,Zoë,Closed Lost,04/01/2024,26/03/2024\n"
    ).encode("utf-8-sig")
    prepared = prepare(content, "day_first.csv")
    # The order is said once for the file, quoting a date only it reads ("03/01/2024" shows nothing).
    assert prepared.rows_accepted == 2
    assert prepared.notes == ["Dates are read day-first (DD/MM/YYYY), as Close Date '25/03/2024' shows."]
    rows = prepared.accepted.sort("__line")
    assert rows.get_column("created_date").to_list() == [dt.date(2024, 1, 3), dt.date(2024, 1, 4)]
    # With nothing to settle it, the ambiguity is reported rather than silently guessed.
    unsettled = prepare(content.replace(b"25/03", b"02/03").replace(b"26/03", b"02/04"), "ambiguous.csv")
    assert any("day-first or month-first" in note for note in unsettled.notes)


@pytest.mark.parametrize("batch_rows", [None, 1])
def test_the_file_report_says_which_date_order_the_dates_settled(tmp_path, batch_rows):
    """An ops person saw how the amounts were read, but nothing said whether 04/05/2026 was 5 April or 4 May."""
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Created Date,Close Date\n"
        "X1,Ann Lee,Closed Won,04/05/2026,05/06/2026\nX2,Ann Lee,Closed Lost,04/15/2026,06/30/2026\n"
    ).encode()
    path = tmp_path / "us.csv"
    path.write_bytes(content)
    prepared = prepare(content, "us.csv") if batch_rows is None else prepare_path(path, batch_rows=batch_rows)
    assert prepared.notes == ["Dates are read month-first (MM/DD/YYYY), as Created Date '04/15/2026' shows."]
    assert sorted(pl.concat(list(prepared.accepted_batches())).get_column("created_date").to_list()) == [
        dt.date(2026, 4, 5), dt.date(2026, 4, 15)]
    # ISO dates, and dates whose order is chosen or guessed, are said as before (or not at all).
    assert prepare(content.replace(b"04/15/2026", b"2026-04-15").replace(b"06/30/2026", b"2026-06-30")
                   .replace(b"04/05/2026", b"2026-04-05").replace(b"05/06/2026", b"2026-05-06"), "iso.csv").notes == []


def test_a_fixed_quarantine_report_can_be_uploaded_again_as_it_is():
    """Its own columns are not data: 'Why it was not stored' must not become the loss reason."""
    content = b"Opportunity ID,Owner,Stage,Close Date,Reason\nA1,Ann,Closed Lost,2025-01-05,Price\nA2,,Closed Won,2025-01-06,\n"
    report = prepare(content, "export.csv").quarantine_csv()
    header = report.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Line in your file,Why it was not stored,Opportunity ID")
    fixed = report.replace(b"A2,,", b"A2,Bo,")
    again = prepare(fixed, "export.quarantine.csv")
    assert again.rejected is None and again.rows_accepted == 1
    assert "Line in your file" not in again.mapping.fields.values()
    assert "Why it was not stored" not in again.mapping.fields.values()


def test_pipedrive_open_deals_keep_their_expected_close_and_deleted_deals_are_not_pipeline():
    content = (
        "Deal - ID,Deal - Title,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal closed on,Deal - Expected close date\n"
        "1,A,Ann,won,100,2025-03-01,2025-02-15\n2,B,Ann,open,50,,2025-12-31\n3,C,Bo,deleted,10,,2025-06-30\n4,D,Bo,,10,,\n"
    ).encode()
    prepared = prepare(content, "pipedrive.csv")
    assert prepared.source == "pipedrive"
    rows = {r["opportunity_id"]: r for r in prepared.accepted.iter_rows(named=True)}
    assert rows["1"]["close_date"] == dt.date(2025, 3, 1)  # a closed deal keeps its actual close date
    assert rows["2"]["outcome"] == "open" and rows["2"]["close_date"] == dt.date(2025, 12, 31)
    messages = dict(prepared.errors.select("line", "message").iter_rows())
    assert messages[4] == "Deal - Status 'deleted' is a deal deleted in the CRM: it is not stored."
    assert messages[5] == "Deal - Status is blank: every deal needs a stage or status."
    assert prepared.errors.filter(pl.col("line") == 5).height == 1  # said once, not twice


def test_a_column_whose_dates_read_the_same_either_way_settles_nothing():
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Created Date,Close Date\n"
        "X1,Zoë,Closed Won,01/01/2026,03/04/2026\nX2,Zoë,Closed Won,02/02/2026,05/06/2026\n"
    ).encode()
    prepared = prepare(content, "same_either_way.csv")
    assert any("day-first or month-first" in note for note in prepared.notes)


def test_the_same_file_committed_twice_at_once_is_stored_once(tmp_path):
    import threading

    prepared = prepare(export(ROWS), "pipeline.csv")
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(commit(Store(tmp_path / "s"), prepared))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.change is None for r in results) == [False, True]
    assert Store(tmp_path / "s").version() == 1


def _workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    """An .xlsx with these sheets (name -> rows of cells), in order."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


_COVER = [["Quarterly pipeline export"], ["Prepared for the sales review"], ["Data on the next sheet"]]
_DEALS = [
    ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"],
    ["W-1", "Rosa Vidal", "Closed Won", "1000", "2026-03-03"],
    ["W-2", "Teo Park", "Closed Lost", "2000", "2026-03-04"],
]


def test_a_workbook_whose_first_sheet_is_a_cover_page_is_read_from_the_sheet_with_the_fields_and_says_so():
    from winloss.ingest.pipeline import prepare

    p = prepare(_workbook({"Cover": _COVER, "Opportunities": _DEALS}), "with_cover.xlsx")
    assert p.rejected is None
    assert (p.rows_read, p.rows_accepted) == (2, 2)
    assert p.notes[0].startswith("The first sheet 'Cover' has no header with the export's fields; deals were read from sheet 'Opportunities'.")


def test_a_workbook_with_no_sheet_of_the_fields_points_to_the_sheet_choice_and_names_the_sheets():
    from winloss.ingest.pipeline import prepare

    p = prepare(_workbook({"Cover": _COVER, "Notes": [["Prepared by ops"], ["Figures in USD"]]}), "covers.xlsx")
    assert p.rejected is not None
    assert p.rejected.startswith("None of this workbook's 2 sheets ('Cover', 'Notes') has the header of an opportunity export")
    assert "choose the sheet that holds it (on the command line: --sheet NAME)" in p.rejected
    from winloss.views.data_page import rejection

    assert "choose the sheet that holds it in Sheet above" in (rejection(p) or "")


def test_a_line_of_one_field_is_quarantined_in_the_singular():
    from winloss.ingest.pipeline import prepare

    content = b"Opportunity ID,Rep,Stage,Close Date\nR-1,Ivo Novak,Closed Won,2026-03-10\nR-2\nR-3,Ivo Novak,Closed Won,2026-03-11,a,b\n"
    reasons = prepare(content, "ragged.csv").quarantine.get_column("reason").to_list()
    assert reasons == ["Line 3 has 1 field but the header has 4.", "Line 4 has 6 fields but the header has 4."]


def test_the_report_counts_closed_deals_without_an_amount_whichever_way_the_file_is_read(tmp_path, monkeypatch):
    """A closed deal with a blank amount is stored (its outcome counts in win rates) and left out of
    value figures: the report says how many, read whole or in batches; open deals and converted
    amounts do not count."""
    from winloss.ingest.pipeline import file_report, prepare_path

    rows = [
        "D1,Ann,Closed Won,2026-08-01,100", "D2,Ann,Closed Won,2026-08-02,", "D3,Bo,Closed Lost,2026-08-03,",
        "D4,Bo,Negotiation,2026-12-04,", "D5,Bo,Closed Lost,2026-08-05,250",
    ]
    content = ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    note = "2 closed deals have no amount in the file: they count in win rates and are left out of value figures."
    whole = prepare(content, "export.csv")
    assert whole.rows_accepted == 5 and whole.closed_without_amount() == 2
    assert file_report(whole)["notes"][-1] == note
    with prepare_path(path, batch_rows=2) as batched:
        assert batched.staged is not None and batched.closed_without_amount() == 2
        assert file_report(batched)["notes"] == file_report(whole)["notes"]
    from winloss.ingest import pipeline

    monkeypatch.setattr(pipeline, "STAGE_MEMORY_BYTES", 0)  # every batch staged on disk, read back by column
    with prepare_path(path, batch_rows=2) as on_disk:
        assert on_disk.staged is not None and all(not isinstance(part, pl.DataFrame) for part in on_disk.staged.files)
        assert on_disk.closed_without_amount() == 2
    priced = prepare(content.replace(b",\n", b",7\n"), "export.csv")
    assert priced.closed_without_amount() == 0 and note not in file_report(priced)["notes"]
    one = prepare(content.replace(b"D3,Bo,Closed Lost,2026-08-03,\n", b"D3,Bo,Closed Lost,2026-08-03,9\n"), "export.csv")
    assert file_report(one)["notes"][-1].startswith("1 closed deal has no amount in the file: it counts in win rates and is left")


@pytest.mark.parametrize(("date1904", "created", "since"), [
    (False, "2023-03-15", "1899-12-30"),
    (True, "2027-03-16", "1904-01-01, as the workbook's 1904 date system counts them"),
])
def test_serial_day_numbers_count_from_the_workbooks_own_date_system(tmp_path, date1904, created, since):
    """A workbook of the 1904 date system (old Mac Excel) whose dates were plain numbers was read 4 years
    and a day early, with a note saying the numbers count from 1899-12-30."""
    import xlsxwriter

    path = tmp_path / "deals.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    sheet, shown = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"])
    sheet.write_row(1, 0, ["A1", "Ann", "Negotiation", 100])
    sheet.write_datetime(1, 4, dt.datetime(2028, 3, 1), shown)  # a date cell: read right in either system (an open deal: a closed one dated after the upload is quarantined)
    sheet.write_number(1, 5, 45000)
    book.close()
    p = prepare(path.read_bytes(), path.name)
    assert p.accepted.select("close_date", "created_date").rows() == [(dt.date(2028, 3, 1), dt.date.fromisoformat(created))]
    assert (f"Created Date: every date is a number, read as an Excel serial day number (days since {since}: "
            f"'45000' is {created}).") in p.notes


@pytest.mark.parametrize(("encoding", "named", "newline"), [("mac_roman", "mac-roman", "\r"), ("cp850", "cp850", "\r\n")])
def test_a_mac_or_dos_csv_keeps_its_accents_and_its_no_decision_reasons(tmp_path, encoding, named, newline):
    """Excel for Mac's "Comma Separated Values" (Mac Roman, CR line ends) and Windows' "CSV (MS-DOS)" (cp850)
    were read as cp1252: "Hélène" stored as "HŽl\\x8fne", and "Pas de décision" lost instead of no decision."""
    from winloss.ingest.pipeline import prepare_path

    text = ("Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date,Loss Reason\n"
            "M1,Hélène Dupré,Perdu,1500,EUR,2025-03-05,Pas de décision\n"
            "M2,Jürgen Müller,Perdido,2500,EUR,2025-03-06,Sin decisión\n")
    path = tmp_path / "export.csv"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert file.table.encoding == named
        rows = dict(pl.concat(list(file.accepted_batches())).select("rep", "outcome").iter_rows())
        assert rows == {"Hélène Dupré": "no_decision", "Jürgen Müller": "no_decision"}


def test_a_workbook_of_many_sheets_is_looked_through_for_the_export_a_bounded_number_of_sheets(monkeypatch):
    """Each sheet is read by a reader with a budget of its own: 600 small sheets took 164 s of processor
    time before the file was refused. Past MAX_SHEETS_TRIED the rest are not read."""
    from winloss.ingest import pipeline

    notes = {f"Notes {i}": [["Region", "Quarter"], ["EMEA", "Q1"]] for i in range(6)}
    read: list[str | None] = []
    original = pipeline.read_table
    monkeypatch.setattr(pipeline, "read_table", lambda *a, **k: read.append(a[2] if len(a) > 2 else None) or original(*a, **k))
    monkeypatch.setattr(pipeline, "MAX_SHEETS_TRIED", 3)
    late = pipeline.prepare(_workbook({**notes, "Opportunities": _DEALS}), "many.xlsx")
    assert late.rejected is not None and late.rows_accepted == 0
    assert len([name for name in read if name is not None]) == 3
    early = pipeline.prepare(_workbook({"Cover": _COVER, "Opportunities": _DEALS, **notes}), "early.xlsx")
    assert early.rows_accepted == 2


@pytest.mark.parametrize("batch_rows", [None, 1])
@pytest.mark.parametrize(("created", "close", "said"), [
    # A German export writes dots: the pattern shown is the file's own, not DD/MM/YYYY.
    ("21.06.2025", "01.08.2025", "Dates are read day-first (DD.MM.YYYY), as Created Date '21.06.2025' shows."),
    ("21-06-2025", "01-08-2025", "Dates are read day-first (DD-MM-YYYY), as Created Date '21-06-2025' shows."),
    ("06/21/25", "08/01/25", "Dates are read month-first (MM/DD/YY), as Created Date '06/21/25' shows."),
    # Two separators in one file: the order alone, no pattern that would misdescribe one of them.
    ("21.06.2025", "01/08/2025", "Dates are read day-first, as Created Date '21.06.2025' shows."),
])
def test_the_date_order_sentence_shows_the_pattern_in_the_files_own_separator(tmp_path, batch_rows, created, close, said):
    """'Dates are read day-first (DD/MM/YYYY), as Erstelldatum '21.06.2025' shows.' for a file of dotted dates."""
    content = ("Opportunity ID,Opportunity Owner,Stage,Created Date,Close Date\n"
               f"X1,Ann Lee,Closed Won,{created},{close}\n").encode()
    path = tmp_path / "dates.csv"
    path.write_bytes(content)
    prepared = prepare(content, "dates.csv") if batch_rows is None else prepare_path(path, batch_rows=batch_rows)
    assert prepared.notes == [said]


_DATES_HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"]


def _dates_file(tmp_path, shape: str, rows: list[list[str]]):
    """The file prepared as `shape` says: a CSV whole ("csv"), a CSV in batches of one row ("batches"),
    or a workbook whose date cells are text ("xlsx")."""
    if shape == "xlsx":
        return prepare(_workbook({"Deals": [_DATES_HEADER, *rows]}), "dates.xlsx")
    content = "\n".join(",".join(row) for row in [_DATES_HEADER, *rows]).encode() + b"\n"
    if shape == "csv":
        return prepare(content, "dates.csv")
    path = tmp_path / "dates.csv"
    path.write_bytes(content)
    return prepare_path(path, batch_rows=1)


@pytest.mark.parametrize("shape", ["csv", "batches", "xlsx"])
@pytest.mark.parametrize(("created", "close", "read_close"), [
    # A dotted date that reads both ways is day-first by the dots' custom: it shows nothing of a slashed column.
    ("03.09.2025", "11/03/2025", dt.date(2025, 11, 3)),
    ("04.10.2025", "12/04/2025", dt.date(2025, 12, 4)),
    ("02-09-2025", "11/03/2025", dt.date(2025, 11, 3)),
])
def test_a_date_that_reads_both_ways_settles_no_other_columns_order(tmp_path, shape, created, close, read_close):
    """Created '03.09.2025' (ambiguous itself) was said to show the file's dates day-first; Close
    '11/03/2025' was then read as 11 March, before its created date, and the whole file was refused."""
    p = _dates_file(tmp_path, shape, [["X1", "Ann Lee", "Closed Won", "100", created, close]])
    assert p.rejected is None and p.rows_accepted == 1
    accepted = pl.concat(list(p.accepted_batches())) if shape == "batches" else p.accepted
    assert accepted.get_column("close_date").to_list() == [read_close]
    assert not any(note.startswith("Dates are read") for note in p.notes)
    assert data_page.asks_date_order(p)


def _dotted_note(example: str) -> str:
    return (f"Created Date: dates like {example} were read day-first ({example[:2]} = day), the usual order for dotted "
            "dates. If that is wrong, choose the date order (on the command line: --day-first yes or no, and ingest again).")


@pytest.mark.parametrize("shape", ["csv", "batches", "xlsx"])
@pytest.mark.parametrize("amount", ["100", "1.234,50"])
def test_dotted_dates_no_date_of_the_file_settles_are_read_day_first_and_the_report_names_the_rule(tmp_path, shape, amount):
    """'03.09.2025' with no day above 12 in the file was read day-first with no note: the report hid a guess and
    the Data page offered no date order (nor with a decimal comma, whose own note would name another rule)."""
    amount = amount if shape == "xlsx" else f'"{amount}"'  # a CSV's comma in quotes
    p = _dates_file(tmp_path, shape, [["X1", "Ann Lee", "Closed Won", amount, "03.09.2025", "04.10.2025"],
                                      ["X2", "Ann Lee", "Closed Lost", "200", "01.09.2025", "05.10.2025"]])
    assert p.rows_accepted == 2
    accepted = pl.concat(list(p.accepted_batches())) if shape == "batches" else p.accepted
    assert accepted.get_column("created_date").to_list() == [dt.date(2025, 9, 3), dt.date(2025, 9, 1)]
    assert _dotted_note("03.09.2025") in p.notes
    assert not any("decimal comma (1.234,56)" in note for note in p.notes)
    assert data_page.asks_date_order(p)


@pytest.mark.parametrize("shape", ["csv", "batches", "xlsx"])
@pytest.mark.parametrize(("close", "read_created", "said"), [
    ("25/09/2025", dt.date(2025, 9, 3), "Dates are read day-first, as Close Date '25/09/2025' shows."),
    # One order per file: a month-first close date shows the dotted created dates' order too.
    ("09/25/2025", dt.date(2025, 3, 9), "Dates are read month-first, as Close Date '09/25/2025' shows."),
])
def test_dotted_dates_that_read_both_ways_follow_the_order_another_column_shows(tmp_path, shape, close, read_created, said):
    p = _dates_file(tmp_path, shape, [["X1", "Ann Lee", "Closed Won", "100", "03.09.2025", close]])
    accepted = pl.concat(list(p.accepted_batches())) if shape == "batches" else p.accepted
    assert accepted.get_column("created_date").to_list() == [read_created]
    assert p.notes == [said]
    assert not data_page.asks_date_order(p)


@pytest.mark.parametrize("shape", ["csv", "batches", "xlsx"])
@pytest.mark.parametrize(("created", "close"), [
    ("09/10/2025", "03/11/2025"),  # month-first 10 Sep and 11 Mar; day-first 9 Oct and 3 Nov
    ("10.09.2025", "03/11/2025"),  # dotted read day-first, slashed month-first; both day-first are in order
    ("10-09-2025", "04-11-2025"),
])
def test_a_close_before_created_that_the_other_date_order_puts_right_asks_for_the_date_order(
    tmp_path, shape, created, close,
):
    """The refusal said only "Check the column mapping", when the file's date order was the likely fault."""
    p = _dates_file(tmp_path, shape, [["X1", "Ann Lee", "Closed Won", "100", created, close]])
    reason = p.errors.filter(pl.col("check") == "Close date before created date").get_column("message").to_list()
    assert reason == [f"Close Date '{close}' is before Created Date '{created}' as the dates are read, but not in the other "
                      "day/month order: if that is the file's, choose the date order (on the command line: --day-first "
                      "yes or no, and ingest again)."]
    assert p.rejected is not None and p.rejected.endswith(
        "Choose the date order first; if that is not it, check the column mapping and the export, then upload again.")
    assert "choose the date order in Date order above" in data_page.rejection(p)
    assert data_page.asks_date_order(p)


@pytest.mark.parametrize("shape", ["csv", "batches", "xlsx"])
@pytest.mark.parametrize("proof", [
    ["X0", "Bob Roy", "Closed Won", "100", "25/01/2025", "28/02/2025"],  # a day above 12 shows day-first
    ["X0", "Bob Roy", "Closed Won", "100", "01/25/2025", "02/28/2025"],  # and one month-first
])
@pytest.mark.parametrize("proof_first", [True, False])  # in batches, the proof in the first batch or the last
def test_a_close_before_created_does_not_ask_for_the_date_order_another_date_of_the_file_shows(
    tmp_path, shape, proof, proof_first,
):
    """'03/09/2025' and '09/03/2025' read both ways, but the file's '25/01/2025' shows its order: the reason asked
    to choose the other order, which cannot read that date, and the Data page offered it."""
    created, close = ("03/09/2025", "09/03/2025") if proof[4].startswith("25") else ("09/03/2025", "03/09/2025")
    late = ["X1", "Ann Lee", "Closed Won", "100", created, close]
    p = _dates_file(tmp_path, shape, [proof, late] if proof_first else [late, proof])
    assert p.rows_accepted == 1
    reason = p.errors.filter(pl.col("check") == "Close date before created date").get_column("message").to_list()
    assert reason == [f"Close Date '{close}' is before Created Date '{created}'."]
    assert not data_page.asks_date_order(p)


@pytest.mark.parametrize(("created", "close"), [("2025-09-01", "2025-03-01"), ("25/09/2025", "11/03/2025")])
def test_a_close_before_created_in_either_order_does_not_ask_for_the_date_order(created, close):
    """Dates no order puts right (ISO, or a created date only day-first reads) are the CRM's, not the order's."""
    content = ("\n".join(",".join(r) for r in [_DATES_HEADER, ["X1", "Ann", "Closed Won", "100", created, close]]) + "\n").encode()
    p = prepare(content, "dates.csv")
    assert p.errors.get_column("message").to_list() == [f"Close Date '{close}' is before Created Date '{created}'."]
    assert p.rejected is not None and p.rejected.endswith("Check the column mapping and the export, then upload again.")
    assert not data_page.asks_date_order(p)


def test_a_date_order_note_for_dates_that_read_both_ways_uses_their_separator():
    from winloss.ingest.values import dates

    column = dates(pl.Series(["03-04-2026", "05-06-2026"]), "Close Date")
    assert column.note is not None and "read as month-first (MM-DD-YYYY)" in column.note
