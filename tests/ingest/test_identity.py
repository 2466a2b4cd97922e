"""One deal is one deal and one rep is one rep, however an export writes them."""

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from winloss.cli import main
from winloss.deals import deals
from winloss.ingest.identity import digits_only_ids, name_key, one_spelling, salesforce_18
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.ingest.quarantine import excel_safe, unguarded
from winloss.views.roster import roster_for_editing
from winloss.store.delta import Store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "identity"


def prepared(name: str):
    return prepare((FIXTURES / name).read_bytes(), name)


def ingested(store: Store, *names: str) -> list:
    results = []
    for name in names:
        file = prepared(name)
        assert file.rejected is None, file.rejected
        results.append(commit(store, file))
    return results


def by_outcome(frame: pl.DataFrame) -> dict[str, tuple[int, float]]:
    """Deals and amount per outcome."""
    rows = frame.group_by("outcome").agg(pl.len(), pl.col("amount").sum()).iter_rows()
    return {outcome: (n, amount) for outcome, n, amount in rows}


# ---- Salesforce ids ---------------------------------------------------------------------------


def test_a_15_character_id_gets_the_public_case_safe_suffix():
    ids = pl.Series("id", ["0065g00000QxTrA", "0064X00001bCdEf", "0065g00000abcde", "0065g00000ABCDE"])
    assert salesforce_18(ids).to_list() == ["0065g00000QxTrAAAV", "0064X00001bCdEfQAK", "0065g00000abcdeAAA", "0065g00000ABCDEAA5"]


def test_only_opportunity_shaped_ids_change():
    ids = pl.Series("id", ["0015g00000QxTrA", "123456789012345", "0065g00000QxTrAAAV", "0065g00000QxTr", "0065g0000-QxTrA", None])
    assert salesforce_18(ids).to_list() == ids.to_list()


def test_a_report_of_15s_then_one_of_18s_updates_the_same_deals(tmp_path):
    store = Store(tmp_path / "store")
    first, second = ingested(store, "salesforce_ids_15.csv", "salesforce_ids_18.csv")
    assert (first.change.inserted, second.change.inserted, second.change.updated, second.change.unchanged) == (4, 0, 1, 3)
    stored = deals(store)
    assert stored.height == 4 and stored.get_column("opportunity_id").str.len_chars().to_list() == [18] * 4
    assert by_outcome(stored) == {"won": (3, 20000.0), "lost": (1, 8000.0)}


def test_the_file_report_says_the_ids_were_lengthened():
    file = prepared("salesforce_ids_15.csv")
    report = file_report(file)
    assert report["key"] == "Opportunity ID"
    assert any("4 Salesforce IDs are in their 15-character form" in note for note in report["notes"])
    assert file_report(prepared("salesforce_ids_18.csv"))["notes"] == []


# ---- Ids a spreadsheet formatted as numbers ----------------------------------------------------


def test_an_id_formatted_as_a_number_is_stored_as_its_digits():
    ids = pl.Series("id", ["12,345,678", "12.345.678", "12 345 678", "12\u202f345\u00a0678", "12'345'678", "12345678.0",
                           "12345678,00", "12,345,678.00", "12.345.678,00", "1.000", "1.00", "4,711"])
    assert digits_only_ids(ids).to_list() == ["12345678"] * 9 + ["1000", "1", "4711"]


def test_an_id_in_lakh_groups_or_with_a_typographic_apostrophe_is_stored_as_its_digits():
    """"1,23,45,678" (India) and "12’345’678" (Switzerland, a curly apostrophe) were kept as written
    beside "12,345,678" made digits: the next export, in digits, stored each deal again."""
    ids = pl.Series("id", ["1,23,45,678", "12,34,567.00", "1,23,456", "12’345’678"])
    assert digits_only_ids(ids).to_list() == ["12345678", "1234567", "123456", "12345678"]


@pytest.mark.parametrize("written", [
    "12,34",  # not a group of three
    "1,234.5",  # a fraction that is not zeros: no whole number
    "12,345.678,9",  # two marks mixed
    "12,345.678",  # groups by two separators
    "12345678.000",  # three zeros after a mark is a group, and 12345678 has no groups
    "1234,567",  # a first group of four
    "1,23,4567", "123,45,678",  # lakh groups of the wrong widths
    "0065g00000QxTrA", "OPP-1,234", "A1.00", " 1,234", None,
])
def test_other_ids_are_kept_as_written(written):
    assert digits_only_ids(pl.Series("id", [written, "0065g00000QxTrAAAV"])).to_list() == [written, "0065g00000QxTrAAAV"]


def test_an_export_with_ids_formatted_as_numbers_then_one_without_updates_the_same_deals(tmp_path):
    """Ids saved through a spreadsheet that formatted them ("12,345,678") were kept as written, so the
    CRM's next export ("12345678") stored every deal a second time."""
    store = Store(tmp_path / "store")
    first, second = ingested(store, "hubspot_number_ids.csv", "hubspot_plain_ids.csv")
    assert (first.change.inserted, second.change.inserted, second.change.updated, second.change.unchanged) == (4, 0, 1, 3)
    assert sorted(deals(store).get_column("opportunity_id").to_list()) == ["12345678", "12345679", "4711", "9876543"]
    assert any(note.startswith("4 opportunity IDs are written as a spreadsheet formats a number")
               for note in file_report(prepared("hubspot_number_ids.csv"))["notes"])
    assert file_report(prepared("hubspot_plain_ids.csv"))["notes"] == []


def test_two_ways_of_writing_one_id_in_a_file_are_one_deal_written_twice(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("Record ID,Deal Name,Deal Stage,Deal owner,Close Date,Amount\n"
                    '"12,345,678",A,Closed Won,Jana Kohler,2025-03-05,100\n12345678,B,Closed Lost,Jana Kohler,2025-03-05,200\n')
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert (file.rows_accepted, file.rows_quarantined) == (0, 2)


# ---- Rep names -------------------------------------------------------------------------------


def test_names_differing_in_case_and_spacing_are_one_rep_with_the_most_frequent_spelling():
    names = pl.Series("rep", ["Anna Kovac", "ANNA KOVAC", "anna\u00a0 kovac ", "Anna Kovac", "Bo", None])
    assert one_spelling(names).to_list() == ["Anna Kovac"] * 4 + ["Bo", None]
    assert one_spelling(names, pl.Series(["anna KOVAC"])).to_list() == ["anna KOVAC"] * 4 + ["Bo", None]
    assert pl.select(name_key(pl.lit(" Anna\u00a0\u00a0KOVAC "))).item() == "anna kovac"


def test_one_rep_in_deals_in_the_roster_match_and_across_exports(tmp_path):
    store = Store(tmp_path / "store")
    file = prepared("rep_spellings.csv")
    assert file.accepted.get_column("rep").unique().sort().to_list() == ["Anna Kovac", "Lior Benami"]
    assert any("4 rep names are another spelling" in note for note in file.notes)
    ingested(store, "rep_spellings.csv", "rep_roster.csv", "rep_later.csv")
    reps = deals(store).group_by("rep", "seller_profile").agg(pl.len(), pl.col("amount").sum()).sort("rep")
    # The roster's spelling wins; the later export's "ANNA KOVAC" joins the same rep.
    assert reps.rows() == [("ANNA kovac", "Challenger", 5, 10700.0), ("Lior Benami", "Lone Wolf", 2, 1100.0)]
    editing = roster_for_editing(store.opportunities(), store.roster())
    assert editing.select("rep", "deals", "in_roster").sort("rep").rows() == [("ANNA kovac", 5, True), ("Lior Benami", 2, True)]


def test_a_roster_uploaded_again_in_another_case_updates_the_rep(tmp_path):
    store = Store(tmp_path / "store")
    ingested(store, "rep_roster.csv")
    again = prepare(b"Rep Name,Seller Profile\nanna kovac,Hard Worker\n", "roster2.csv")
    result = commit(store, again)
    assert (result.change.inserted, result.change.updated) == (0, 1)
    roster = store.roster().collect().sort("rep")
    assert roster.select("rep", "seller_profile", "team").rows() == [("ANNA kovac", "Hard Worker", "North"), ("Lior Benami", "Lone Wolf", "South")]


# ---- Product lines ---------------------------------------------------------------------------


def test_product_lines_of_one_deal_are_one_deal_and_conflicting_rows_stay_quarantined(tmp_path):
    file = prepared("product_lines.csv")
    assert (file.rows_read, file.rows_accepted, file.rows_quarantined) == (6, 4, 2)
    deals_ = file.accepted.sort("opportunity_id")
    assert deals_.select("opportunity_id", "amount", "product").rows() == [
        ("P-1", 9000.0, "Analytics; Storage; Support"), ("P-2", 4000.0, "Analytics"),
    ]
    assert file.accepted_lines.to_list() == [2, 3, 4, 5]
    assert sorted(file.quarantine.get_column("line").to_list()) == [6, 7]
    assert "appears on lines 6, 7" in file.errors.get_column("message").first()
    assert any("3 rows are product lines of 1 deal" in note for note in file.notes)
    store = Store(tmp_path / "store")
    commit(store, file)
    assert by_outcome(deals(store)) == {"won": (1, 9000.0), "lost": (1, 4000.0)}


def test_product_lines_whose_kept_row_is_bad_are_quarantined_with_it():
    content = (
        b"Opportunity ID,Owner,Stage,Amount,Close Date,Product\n"
        b"P-9,Ann,Closed Won,abc,2025-01-01,A\nP-9,Ann,Closed Won,abc,2025-01-01,B\nP-8,Ann,Closed Won,5,2025-01-01,A\n"
    )
    file = prepare(content, "lines.csv")
    assert (file.rows_read, file.rows_accepted, file.rows_quarantined) == (3, 1, 2)
    assert sorted(file.quarantine.get_column("line").to_list()) == [2, 3]


# ---- No id column ----------------------------------------------------------------------------


def test_an_export_without_ids_is_keyed_by_account_and_opportunity_name(tmp_path):
    file = prepared("no_id.csv")
    assert file.rejected is None and file.key == "Account Name + Opportunity Name"
    assert (file.rows_read, file.rows_accepted, file.rows_quarantined) == (4, 3, 1)
    assert file.errors.get_column("message").to_list() == [
        "Account Name + Opportunity Name: one of them is blank, and with no ID column every deal needs both."
    ]
    assert any("a later export must keep both names" in note for note in file.notes)
    store = Store(tmp_path / "store")
    commit(store, file)
    later = commit(store, prepared("no_id_later.csv"))
    # A doubled space is not a new deal, nor a change to it: the account is stored with single spaces.
    assert (later.change.inserted, later.change.updated, later.change.unchanged) == (0, 1, 1)
    assert by_outcome(deals(store)) == {"won": (2, 18000.0), "lost": (1, 1500.0)}


def test_the_cli_states_the_name_key_in_its_report(tmp_path, capsys):
    code = main(["ingest", str(FIXTURES / "no_id.csv"), "--store", str(tmp_path / "store"), "--json"])
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert code == 0 and report["key"] == "Account Name + Opportunity Name" and report["rows_accepted"] == 3
    assert any("no opportunity ID column" in note for note in report["notes"])


# ---- Quarantine report round trip ---------------------------------------------------------------

EXPORT = (
    b"Opportunity ID,Owner,Stage,Amount,Close Date,Loss Reason\n"
    b"Q1,Ann,Closed Lost,100,2025-01-05,Price\n"
    b"Q2,,Closed Lost,200,2025-01-06,=HYPERLINK(x)\n"
    b"Q3,Bo,Closed Won,abc,2025-01-07,\n"
    b"Q4,,Closed Won,300,2025-01-08,\n"
)


def test_a_partly_fixed_quarantine_report_stores_the_fixed_rows_and_quarantines_the_rest(tmp_path):
    first = prepare(EXPORT, "export.csv")
    assert (first.rows_accepted, first.rows_quarantined) == (1, 3)
    report = first.quarantine_csv()
    assert b"'=HYPERLINK(x)" in report  # guarded so Excel does not run it
    fixed = report.replace(b"Q2,,", b"Q2,Bo,")
    again = prepare(fixed, "export.quarantine.csv")
    assert again.rejected is None
    assert (again.rows_read, again.rows_accepted, again.rows_quarantined) == (3, 1, 2)
    assert again.accepted.select("opportunity_id", "loss_reason").rows() == [("Q2", "=HYPERLINK(x)")]
    header = again.quarantine_csv().decode("utf-8-sig").splitlines()[0]
    assert header == "Line in your file,Why it was not stored,Opportunity ID,Owner,Stage,Amount,Close Date,Loss Reason"
    store = Store(tmp_path / "store")
    commit(store, first)
    commit(store, again)
    assert by_outcome(deals(store)) == {"lost": (2, 300.0)}


def test_only_the_guard_the_report_added_is_removed():
    frame = pl.DataFrame({"a": ["=1+1", "'Reilly", "-12.5", "@home", "'-12.5", None]})
    assert unguarded(excel_safe(frame)).equals(frame)


# ---- Rosters without profiles -----------------------------------------------------------------


def test_a_sales_teams_table_without_profiles_is_a_roster(tmp_path):
    file = prepared("sales_teams.csv")
    assert file.kind == "roster" and file.rejected is None
    assert file.accepted.select("rep", "seller_profile", "manager", "region").rows() == [
        ("Marta Quell", "Unprofiled", "Elsa Rowan", "Central"),
        ("Tobin Hale", "Unprofiled", "Elsa Rowan", "Central"),
        ("Yara Lind", "Unprofiled", "Piet Aalders", "West"),
    ]
    assert any("no seller-profile column" in note for note in file.notes)


def test_a_roster_without_profiles_keeps_the_profiles_already_stored(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(b"Rep,Seller Profile\nMarta Quell,Challenger\n", "profiles.csv"))
    commit(store, prepared("sales_teams.csv"))
    roster = store.roster().collect().sort("rep")
    assert roster.select("rep", "seller_profile", "region").rows() == [
        ("Marta Quell", "Challenger", "Central"), ("Tobin Hale", "Unprofiled", "Central"), ("Yara Lind", "Unprofiled", "West"),
    ]


# ---- The identity quirks never change a deal's outcome or amount --------------------------------

BASE = [  # id (15), rep, stage, amount, product
    ("0065g00000QxTrA", "Mira Solberg", "Closed Won", "12000", "Analytics"),
    ("0065g00000mnOpq", "Teo Varga", "Closed Lost", "8000", "Storage"),
    ("0065g00000ZZaaB", "Mira Solberg", "Prospecting", "5000", "Support"),
    ("0064X00001bCdEf", "Teo Varga", "Closed Won", "3000", "Analytics"),
]


def _spelled(name: str, how: int) -> str:
    return [name, name.upper(), name.lower(), f"  {name} ", name.replace(" ", "\u00a0"), name.replace(" ", "   ")][how]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.booleans(), min_size=4, max_size=4),  # the 18-character form of each id
    st.lists(st.integers(0, 5), min_size=4, max_size=4),  # how each rep's name is typed
    st.lists(st.integers(0, 3), min_size=4, max_size=4),  # extra product lines per deal
)
def test_identity_quirks_keep_every_row_and_change_no_outcome_or_amount(long_ids, spellings_, extra_lines):
    full = salesforce_18(pl.Series([row[0] for row in BASE])).to_list()
    lines = ["Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Product"]
    for (short, rep, stage, amount, product), long_id, long, how, extra in zip(BASE, full, long_ids, spellings_, extra_lines):
        for n in range(1 + extra):
            name = f"{product} {n}" if n else product
            lines.append(f"{long_id if long else short},{_spelled(rep, how)},{stage},{amount},2025-03-01,{name}")
    file = prepare("\n".join(lines).encode(), "quirks.csv")
    assert file.rows_read == len(lines) - 1 == file.rows_accepted + file.rows_quarantined
    assert file.rows_quarantined == 0
    stored = file.accepted.sort("opportunity_id")
    expected = {i: (stage, float(amount), rep) for i, (_, rep, stage, amount, _) in zip(full, BASE)}
    assert stored.get_column("opportunity_id").to_list() == sorted(expected)
    outcome = {"Closed Won": "won", "Closed Lost": "lost", "Prospecting": "open"}
    for row in stored.iter_rows(named=True):
        stage, amount, rep = expected[row["opportunity_id"]]
        assert (row["outcome"], row["amount"]) == (outcome[stage], amount)
        assert row["rep"].lower() == rep.lower()
    assert stored.get_column("rep").n_unique() == 2
    assert by_outcome(stored) == {"won": (2, 15000.0), "lost": (1, 8000.0), "open": (1, 5000.0)}


@pytest.mark.parametrize("spelling", ["ANNA KOVAC", "anna  kovac ", "Anna\u00a0Kovac"])
def test_a_later_export_in_another_spelling_updates_nothing_but_what_changed(tmp_path, spelling):
    store = Store(tmp_path / "store")
    header = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    commit(store, prepare(f"{header}K1,Anna Kovac,Closed Won,10,2025-01-02\n".encode(), "a.csv"))
    later = commit(store, prepare(f"{header}K1,{spelling},Closed Won,10,2025-01-02\n".encode(), "b.csv"))
    assert (later.change.inserted, later.change.updated, later.change.unchanged) == (0, 0, 1)
    assert deals(store).get_column("rep").to_list() == ["Anna Kovac"]


def test_a_guarded_header_is_read_back_as_it_was_and_the_report_columns_are_dropped():
    from winloss.ingest.quarantine import report_as_export

    frame = pl.DataFrame({"Line in your file": ["2"], "Why it was not stored": ["x"], "'=Notes": ["'=1+1"], "Stage": ["Won"]})
    assert report_as_export(frame).rows(named=True) == [{"=Notes": "=1+1", "Stage": "Won"}]


# ---- Loss reasons ----------------------------------------------------------------------------


REASONS_CSV = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason\n"
    "L-1,Ann,Closed Lost,100,2025-03-01,No Decision\n"
    "L-2,Ann,Closed Lost,100,2025-03-02,No decision\n"
    "L-3,Ann,Closed Lost,100,2025-03-03,No decision\n"
    "L-4,Ann,Closed Lost,100,2025-03-04,no  budget\n"
    "L-5,Ann,Closed Lost,100,2025-03-05,No Budget\n"
    "L-6,Ann,Closed Lost,100,2025-03-06,No Budget\n"
    "L-7,Ann,Closed Lost,100,2025-03-07,Price\n"
)


def test_loss_reasons_differing_in_case_or_spacing_are_one_reason_in_their_most_frequent_spelling(tmp_path):
    """"No Decision" and "No decision" were two reasons on the No decision page while "ANN" and "Ann" were one rep."""
    from winloss.measures.no_decision import loss_reasons

    file = prepare(REASONS_CSV.encode(), "reasons.csv")
    assert file.rejected is None
    report = file_report(file)
    # Which reasons, and the spelling each is shown under: it said "2 loss reasons are another spelling" alone.
    note = ('2 loss reasons are another spelling (case, spacing, accents or quotes) of a reason ("No Decision" as '
            '"No decision"; "no budget" as "No Budget"): each reason counts as one, shown in its most carefully written '
            "spelling (not all lower or upper case), else the most frequent (the file's text is kept as written, its "
            "spacing tidied).")
    assert note in report["notes"]
    # Read from disk a few rows at a time, the file report says the same.
    (tmp_path / "reasons.csv").write_text(REASONS_CSV)
    batched = prepare_path(tmp_path / "reasons.csv", batch_rows=2)
    assert batched.staged is not None and note in file_report(batched)["notes"]
    batched.discard()
    store = Store(tmp_path / "store")
    commit(store, file)
    assert sorted(store.opportunities().collect().get_column("loss_reason").unique()) == [
        "No Budget", "No Decision", "No decision", "Price", "no budget"]  # stored as written, but for its spacing
    later = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason\n"
                    b"L-8,Ann,Closed Lost,100,2025-03-08,NO DECISION\n", "later.csv")
    assert not any("loss reason" in note for note in file_report(later)["notes"])  # one spelling in that file
    commit(store, later)
    shown = deals(store)
    by_reason = loss_reasons(shown).select("loss_reason", "outcome", "deals").sort("loss_reason").rows()
    assert by_reason == [("No Budget", "no_decision", 3), ("No decision", "no_decision", 4), ("Price", "lost", 1)]



def test_a_file_with_many_reasons_merged_names_a_few_and_counts_the_rest_as_the_rep_note_does():
    """The loss-reason note names the reasons as the rep-name note names reps: five spellings, then "and N more"."""
    rows = [f"L-{i},Ann,Closed Lost,100,2025-03-01,{reason}"
            for i, reason in enumerate(r for k in range(7) for r in (f"Reason Number{k}", f"REASON NUMBER{k}"))]
    file = prepare(("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason\n" + "\n".join(rows) + "\n").encode(),
                   "many.csv")
    (note,) = [n for n in file_report(file)["notes"] if "loss reason" in n and "another spelling" in n]
    assert note.startswith('7 loss reasons are another spelling (case, spacing, accents or quotes) of a reason ("REASON '
                           'NUMBER0" as "Reason Number0"; "REASON NUMBER1" as "Reason Number1"; "REASON NUMBER2" as '
                           '"Reason Number2"; "REASON NUMBER3" as "Reason Number3"; "REASON NUMBER4" as "Reason Number4"; '
                           "and 2 more): each reason counts as one")

ROUNDED_IDS = (
    "Deal ID,Deal owner,Deal stage,Amount,Close date\n"
    "1.23457E+14,Ann,closedwon,100,2024-03-01\n"  # 2 and 3: two deals rounded to the same text
    "1.23457E+14,Bob,closedwon,200,2024-03-02\n"
    "9.87654E+14,Cat,closedlost,300,2024-03-03\n"  # 4: one alone is no repeat, and still no deal's id
    "\"9,87654E+14\",Cat,closedlost,300,2024-03-03\n"  # 5: as a decimal-comma Excel writes it
    "12345678901234,Dan,closedwon,400,2024-03-04\n"  # 6: a long id written whole is kept
    "1E+15,Eve,closedwon,500,2024-03-05\n"  # 7
    "1E3,Fay,closedwon,600,2024-03-06\n"  # 8: a CRM's own id, not a number Excel wrote
)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_an_id_excel_rounded_into_scientific_notation_is_quarantined_once_with_why(tmp_path, batched):
    """A numeric id opened and saved in Excel comes back as "9.87654E+14": it was stored as a deal's
    id, and the deal's next export (its real id) stored it a second time; two ids rounded alike were
    called one deal written twice."""
    path = tmp_path / "hubspot.csv"
    path.write_text(ROUNDED_IDS)
    p = prepare_path(path, batch_rows=2) if batched else prepare(path.read_bytes(), path.name)
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (7, 2, 5)
    assert [r[0] for r in p.accepted_head(10).select("opportunity_id").rows()] == ["12345678901234", "1E3"]
    reasons = p.quarantine.select("line", "reason").rows()
    assert [line for line, _ in reasons] == [2, 3, 4, 5, 7]
    for line, reason in reasons:
        assert " is an ID Excel read as a number and rounded, so it no longer says which deal it is: export the report " \
            "from the CRM again and upload it without opening it in Excel" in reason, (line, reason)
        assert "appears on lines" not in reason


# ---- characters that show nothing -----------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200e", "\u200f", "\u202c", "\u2066"])
def test_a_character_that_shows_nothing_makes_no_second_rep_or_deal(tmp_path, invisible):
    """"Ann Lee" with a zero-width space copied into it was a second rep, and "B1" with one a second deal,
    each looking the same as the other on every page."""
    path = tmp_path / "invisible.csv"
    path.write_text("Opportunity ID,Owner,Stage,Close Date,Amount\n"
                    "B1,Ann Lee,Closed Won,2025-03-05,100\n"
                    f"B2{invisible},Ann{invisible} Lee,Closed Won,2025-03-05,100\n"
                    f"B3,{invisible}Ann Lee{invisible},Closed Lost,2025-03-05,100\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert file.rows_quarantined == 0
        accepted = pl.concat(list(file.accepted_batches())).sort("opportunity_id")
        assert accepted.select("opportunity_id", "rep").rows() == [("B1", "Ann Lee"), ("B2", "Ann Lee"), ("B3", "Ann Lee")]
        assert any(note.startswith("1 opportunity ID holds characters that show nothing") for note in file.notes)
    commit(store, prepare(path.read_bytes(), path.name))
    again = tmp_path / "again.csv"
    again.write_text("Opportunity ID,Owner,Stage,Close Date,Amount\nB2,Ann Lee,Closed Lost,2025-03-05,100\n", encoding="utf-8")
    change = commit(store, prepare(again.read_bytes(), again.name)).change
    assert (change.inserted, change.updated) == (0, 1)


def test_long_ids_ending_as_excel_rounds_them_are_named_in_the_report_whole_and_in_batches(tmp_path):
    """A 19-digit Zoho id column saved by Excel with a number format ends in zeros: stored as written without
    a word, two deals that rounded alike were even folded into one as its product lines."""
    path = tmp_path / "zoho.csv"
    path.write_text("Record Id,Deal Owner,Stage,Amount,Closing Date\n"
                    "3652397000000120000,Ann Lee,Closed Won,100,2025-03-05\n"
                    "3652397000000130000,Ann Lee,Closed Lost,250,2025-03-06\n"
                    "3652397000000134567,Ann Lee,Closed Lost,250,2025-03-06\n"  # the CRM's own digits: not named
                    "1234567890123450,Ann Lee,Closed Lost,250,2025-03-06\n")  # 16 digits: one zero proves nothing
    said = ("2 opportunity IDs have more than 15 digits and only zeros after their 15th, as Excel writes a long number "
            "it rounded: if this file was opened and saved in Excel, those IDs no longer say which deal they are")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert [n for n in file.notes if n.startswith(said)]
        assert file.rows_accepted == 4


def test_a_nul_byte_past_the_start_of_a_csv_makes_no_second_rep(tmp_path):
    """The start of a file is checked for binary bytes; a NUL further down stayed in a name, a second
    "Ann Lee" that looked like the first (a NUL near the start makes the file binary, refused whole)."""
    lines = ["Opportunity ID,Owner,Stage,Close Date,Amount"] + [f"B{n},Ann Lee,Closed Won,2025-03-05,100" for n in range(3000)]
    lines.append("X1,Ann Lee\x00,Closed Lost,2025-03-05,100")
    path = tmp_path / "nul.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1000)):
        reps = pl.concat(list(file.accepted_batches())).get_column("rep").unique().to_list()
        assert reps == ["Ann Lee"]
