"""The Data page's plain functions: mapping edits, sentences, previews and history rows."""

import re
from pathlib import Path

import polars as pl

from winloss.ingest.file_currency import KeptCurrency
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss import text
from winloss.views import data_page

COLUMNS = ["Opportunity ID", "Sales Rep", "Stage", "Amount", "Account"]


def test_mapping_rows_put_required_fields_first_with_the_detected_column():
    rows = data_page.mapping_rows(detect_mapping(COLUMNS))
    assert rows.head(3).select("field", "required", "column").rows() == [
        ("opportunity_id", True, "Opportunity ID"), ("rep", True, "Sales Rep"), ("stage", True, "Stage"),
    ]
    assert "outcome" not in rows.get_column("field").to_list()  # derived, never mapped
    assert rows.filter(pl.col("field") == "close_date").item(0, "column") is None


def test_overrides_are_the_differences_from_detection():
    detected = detect_mapping(COLUMNS)
    chosen = {**data_page.chosen_columns(data_page.mapping_rows(detected)), "rep": None, "account": "Sales Rep"}
    assert data_page.mapping_overrides(detected, chosen) == (("account", "Sales Rep"), ("rep", ""))
    assert data_page.mapping_overrides(detected, data_page.chosen_columns(data_page.mapping_rows(detected))) == ()


def test_a_column_chosen_twice_is_named():
    sentence = data_page.duplicate_columns_sentence({"rep": "Sales Rep", "account": "Sales Rep", "stage": None})
    assert sentence == "The column 'Sales Rep' is chosen for both Rep (deal owner) and Account: a column can feed one field only."
    assert data_page.duplicate_columns_sentence({"rep": "Sales Rep", "stage": None, "amount": None}) is None


def test_upload_limit_sentence():
    assert data_page.upload_too_large(200 * 1024 * 1024, 200) is None
    said = data_page.upload_too_large(201 * 1024 * 1024, 200)
    assert said is not None and "up to 200 MB per file" in said
    # The page's reader is told what they can do and whom to ask, not a command to type on the server.
    assert said.endswith("Split the export into files under 200 MB, or ask whoever runs the app to load it on its "
                         "server (README: Command line).")
    assert "python" not in said and "winloss " not in said


def test_unexpected_errors_become_one_sentence():
    sentence = data_page.error_sentence(KeyError("x"), "storing the file")
    assert sentence == "Something went wrong while storing the file (KeyError: 'x'); nothing more was written."
    assert data_page.error_sentence(ValueError("Plain words.\nmore"), "x") == "Plain words."


def test_preview_summary_and_history(tmp_path):
    content = b"Opportunity ID,Sales Rep,Stage,Close Date,Amount\nA,Ann,Closed Won,2025-03-01,\"1,000.00\"\nB,Bo,Proposal,,x\n"
    prepared = prepare(content, "f.csv")
    preview = data_page.preview_rows(prepared)
    assert preview.columns == ["line", "opportunity_id", "rep", "stage", "outcome", "close_date", "amount", "currency"]
    assert preview.select("line", "outcome", "amount").rows() == [(2, "Won", 1000.0)]
    assert data_page.first_failures(prepared).select("line", "column", "value").rows() == [(3, "Amount", "x")]
    assert "comma-separated" in data_page.detected_summary(prepared)
    assert "2 rows, 5 columns" in data_page.detected_summary(prepared)
    store = Store(tmp_path / "s")
    commit(store, prepared, user="ops")
    history = data_page.history_rows(store)
    assert history.select("Version", "Who", "What", "File", "Rows", "Stored", "In effect").rows() == [
        (1, "ops", "Generic export upload", "f.csv", "2 read, 1 accepted, 1 quarantined", "1 new, 0 updated, 0 unchanged",
         True)  # as its "Detected:" line named it
    ]
    # Nine columns, the counts in words: six number columns after the file pushed In effect out of a 1440 px window.
    assert history.columns == ["Version", "When", "Who", "What", "Note", "File", "Rows", "Stored", "In effect"]
    # A version's note reads beside what it was, in view: last of 13 columns it was cut ("1 stage ma…").
    assert history.columns.index("Note") == history.columns.index("What") + 1
    assert data_page.rollback_targets(store) == [0]
    assert data_page.version_label(store.history(), 1).startswith("Version 1 (")
    assert data_page.version_label(store.history(), 1).endswith(" UTC) — f.csv (Generic export)")
    already = store.already_ingested(prepared.sha256)
    assert "already loaded on" in data_page.already_ingested_sentence(already)
    # A time reads as on every other page (text.moment, "8 Dec 2026 00:58 UTC"): the Data page alone wrote
    # "2026-12-08 00:58 UTC", in its History, its "Roll back to" list and its "already loaded" sentence.
    at = text.moment(store.history().row(0, named=True)["at"])
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC", at)
    assert history.row(0, named=True)["When"] == at
    assert data_page.version_label(store.history(), 1) == f"Version 1 ({at}) — f.csv (Generic export)"
    assert f"already loaded on {at} by ops (store version 1)" in data_page.already_ingested_sentence(already)
    assert f"already loaded on {at} (store version 1)" in commit(store, prepared, user="ops").message


def test_the_preview_shows_the_close_date_read_from_pipedrives_won_and_lost_times():
    """A Pipedrive file's preview had no close date column (it has no Close date column; its won and lost times are
    the close dates), while the close date decides every deal's quarter: it shows the close date stored."""
    import datetime as dt

    prepared = prepare(b"Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Owner,Deal - Deal created,"
                       b"Deal - Won time,Deal - Lost time\n301,A,5000,USD,lost,Ben Carter,2026-02-01,,2026-03-02 10:00:00\n"
                       b"302,B,5000,USD,won,Ben Carter,2026-02-01,2026-03-01 10:00:00,\n", "pd.csv")
    preview = data_page.preview_rows(prepared)
    assert preview.select("line", "outcome", "close_date").rows() == [
        (2, "Lost", dt.date(2026, 3, 2)), (3, "Won", dt.date(2026, 3, 1))]


def test_exported_from_starts_at_the_crm_the_detected_line_names():
    """A file whose headers every CRM writes said "Detected: Generic export" while "Exported from" said
    Salesforce (the preset that won the tie): both follow one rule, and an untouched choice maps the
    columns as detection did."""
    common = prepare(b"Opportunity ID;Owner;Stage;Amount;Close Date\nA;Ann;Closed Won;45.000;03/04/2025\n", "f.csv")
    assert common.source == "salesforce"  # the preset that maps the columns, from a tie
    assert data_page.detected_source(common) == "generic"
    assert data_page.detected_summary(common).startswith("Generic export · ")
    assert data_page.source_setting(common, "opportunities", "generic") == "auto"  # untouched: as detected
    assert data_page.source_setting(common, "opportunities", "salesforce") == "salesforce"  # chosen
    hubspot = prepare(b"Record ID,Deal Owner,Deal Stage,Amount,Close Date\nA,Ann,closedwon,10,2025-03-01\n", "f.csv")
    assert data_page.detected_source(hubspot) == "hubspot" and data_page.detected_summary(hubspot).startswith("HubSpot")
    assert data_page.source_setting(hubspot, "opportunities", "hubspot") == "auto"
    assert data_page.source_setting(hubspot, "opportunities", "generic") == "generic"
    roster = prepare(b"Rep,Seller Profile,Team\nAnn,Hard Worker,North\n", "r.csv")
    assert data_page.detected_source(roster) == "generic"  # read as opportunities, it names no CRM
    assert data_page.source_setting(roster, "roster", "roster") == "auto"
    assert data_page.source_setting(roster, "opportunities", "generic") == "generic"  # another kind: as chosen


def test_the_detected_label_names_a_kind_and_a_crm_only_when_the_headers_do():
    """A file whose headers name no field was labelled "Salesforce export" (the first preset wins a
    tie at nothing), and so was any file whose headers every CRM writes."""
    nothing = prepare(b"foo,bar,baz\n1,2,3\n", "f.csv")
    assert nothing.rejected and "Salesforce" not in data_page.detected_summary(nothing)
    assert data_page.detected_summary(nothing).startswith(f"{data_page.NOT_RECOGNISED} · encoding utf-8 · comma-separated")
    common = prepare(b"Opportunity ID,Owner,Stage,Amount,Close Date\nA,Ann,Closed Won,10,2025-03-01\n", "f.csv")
    assert common.source == "salesforce"  # the mapping's preset, from a tie
    assert data_page.detected_summary(common).startswith("Generic export · ")
    salesforce = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\nA,Ann,Closed Won,10,2025-03-01\n", "f.csv")
    assert data_page.detected_summary(salesforce).startswith("Salesforce export · ")
    hubspot = prepare(b"Record ID,Deal Owner,Deal Stage,Amount,Close Date\nA,Ann,closedwon,10,2025-03-01\n", "f.csv")
    assert data_page.detected_summary(hubspot).startswith("HubSpot export · ")
    roster = prepare(b"Rep,Seller Profile,Team\nAnn,Hard Worker,North\n", "r.csv")
    assert data_page.detected_summary(roster).startswith("Rep roster · ")
    # Rejected before it was mapped (an override names no column): the rejection says why, the label nothing.
    unmapped = prepare(b"Opportunity ID,Owner,Stage\nA,Ann,Closed Won\n", "f.csv", overrides={"rep": "Nobody"})
    assert unmapped.mapping is None and unmapped.table is not None
    assert data_page.detected_summary(unmapped).startswith("encoding utf-8 · ")


def test_the_pages_quarantine_download_gives_each_reason_in_the_pages_words_and_the_cli_file_keeps_the_flag():
    """A reason that asks for a choice names the page's control in the page's download, and the
    command-line flag in the quarantine file the command line writes (the stored reason is shared)."""
    import csv
    import io
    from pathlib import Path

    content = (Path(__file__).resolve().parents[1] / "fixtures" / "money" / "unsettled.csv").read_bytes()
    prepared = prepare(content, "unsettled.csv")
    assert prepared.rows_quarantined == 2

    def reasons(data: bytes) -> list[str]:
        assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads it as UTF-8
        return [row["Why it was not stored"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]

    page = reasons(data_page.quarantine_csv(prepared))
    assert len(page) == 2 and all(r.endswith("Choose the decimal mark on the Data page, in Decimal mark of the amounts.") for r in page)
    assert not any("--decimal-mark" in r or "command line" in r for r in page)
    command_line = reasons(prepared.quarantine_csv())
    assert all(r.endswith("(on the command line: --decimal-mark point or comma, and ingest again).") for r in command_line)
    # Only the reasons change: the rows are the same rows, as they came.
    page_rows = list(csv.reader(io.StringIO(data_page.quarantine_csv(prepared).decode("utf-8-sig"))))
    cli_rows = list(csv.reader(io.StringIO(prepared.quarantine_csv().decode("utf-8-sig"))))
    assert [r[:1] + r[2:] for r in page_rows] == [r[:1] + r[2:] for r in cli_rows]


def test_a_settings_version_counts_its_exchange_rates_by_the_plural_rule_and_names_them(tmp_path):
    """The History tab read "1 exchange rates" for one rate."""
    from winloss.exchange import ExchangeRates

    store = Store(tmp_path / "s")
    store.save_exchange_rates(ExchangeRates("USD", {"CAD": 0.72}), user="ops")
    store.save_exchange_rates(ExchangeRates("USD", {"GBP": 1.27, "EUR": 1.08}), user="ops")
    store.save_exchange_rates(ExchangeRates("USD", {}), user="ops")
    history = data_page.history_rows(store)
    assert history.select("What", "Note", "Rows", "Stored").rows() == [
        ("Settings edited", "reporting currency USD, 0 exchange rates", None, None),
        ("Settings edited", "reporting currency USD, 2 exchange rates: EUR, GBP", None, None),
        ("Settings edited", "reporting currency USD, 1 exchange rate: CAD", None, None),
    ]


def test_the_preview_writes_amounts_with_cents_to_two_decimals():
    """Dynamics' 50958.3 showed as "50,958.3": money with cents shows two decimals, whole amounts none."""
    import polars as pl

    from winloss.views.data_page import preview_amount_format

    assert preview_amount_format(pl.DataFrame({"amount": [50_958.3, 12_000.0]})) == "accounting"
    assert preview_amount_format(pl.DataFrame({"amount": [12_000.0, None]})) == "localized"
    assert preview_amount_format(pl.DataFrame({"line": [2]})) == "localized"


def test_a_note_an_older_version_stored_as_1_exchange_rates_reads_1_exchange_rate(tmp_path):
    """Notes stored before the writer counted by the plural rule stay in the manifest as they are; the
    History tab and the command line's history read "1 exchange rate" for them. Only that exact shape of
    a settings note is re-worded: 2 rates, another action's note, or a note that merely contains the
    words are left as stored."""
    from winloss.cli import history_text

    store = Store(tmp_path / "s")
    old_notes = ["reporting currency USD, 1 exchange rates", "reporting currency EUR, 2 exchange rates",
                 "reporting currency USD, 11 exchange rates", "reporting currency USD, 1 exchange rates, edited"]
    for note in old_notes:  # as the older writer stored them (its own words, through the same commit)
        with store._writer_lock():
            store._save_setting("exchange_rates", {"reporting_currency": "USD", "rates": {}}, note, "ops")
    with store._writer_lock():  # another action whose note has the same words is not the writer's
        store._commit(store._ensure_tables(), action="roster_edit", note="reporting currency USD, 1 exchange rates")
    assert store.manifest().sort("store_version")["note"].to_list()[-5:] == [*old_notes, old_notes[0]]  # stored as they were
    expected = ["reporting currency USD, 1 exchange rate", "reporting currency EUR, 2 exchange rates",
                "reporting currency USD, 11 exchange rates", "reporting currency USD, 1 exchange rates, edited",
                "reporting currency USD, 1 exchange rates"]
    assert data_page.history_rows(store)["Note"].to_list()[:5] == expected[::-1]
    assert [history_text(row) for row in store.history().iter_rows(named=True)][:5] == expected[::-1]


def test_the_warnings_before_commit_read_the_stored_deals_once(tmp_path, monkeypatch):
    """The Data page read the store twice before Commit, once for the closed ids (reopened deals) and
    once for the ids with a currency (currency changes): at a million deals each read is a scan of
    the ids. One read of (id, outcome, currency) now serves both warnings, which say what they said."""
    header = "Opportunity ID,Owner,Stage,Close Date,Amount,Currency\n"
    week1 = (header + "R-1,Ann,Closed Won,2026-05-01,100,EUR\nR-2,Ann,Closed Lost,2026-05-02,200,EUR\n"
             "R-3,Bo,Prospecting,2026-09-01,300,EUR\n")
    # R-1 open again (an older export), R-2 in another currency, R-3 as it was.
    week2 = (header + "R-1,Ann,Prospecting,2026-09-01,100,EUR\nR-2,Ann,Closed Lost,2026-05-02,200,USD\n"
             "R-3,Bo,Prospecting,2026-09-01,300,EUR\n")
    store = Store(tmp_path / "s")
    commit(store, prepare(week1.encode(), "week1.csv"))
    prepared = prepare(week2.encode(), "week2.csv")
    reads = []
    scan = Store.opportunities

    def counted(self, *args, **kwargs):
        reads.append(args)
        return scan(self, *args, **kwargs)

    monkeypatch.setattr(Store, "opportunities", counted)
    warned = data_page.before_commit(prepared, store)
    assert len(reads) == 1
    assert warned.reopened is not None and warned.reopened.startswith(
        "1 deal closed in the store is open in this file (such as R-1: won on 1 May 2026 in the store, open in "
        "this file): storing it reopens it.")
    assert warned.currency_changes is not None and warned.currency_changes.startswith(
        "1 deal stored in EUR is in USD in this file (such as R-2)")
    # A roster is no export: nothing to warn of, nothing read.
    reads.clear()
    roster = prepare(b"Rep,Seller Profile,Team\nAnn,Challenger,East\n", "roster.csv")
    assert data_page.before_commit(roster, store) == data_page.BeforeCommit() and reads == []


def test_the_warnings_before_commit_name_the_files_first_deals_every_time(tmp_path):
    """The examples ("such as R-00000, R-00001, R-00002") came from joins that keep no order: on a
    few thousand deals they changed from one rerun of the page to the next. They are the file's first."""
    n = 3000
    header = "Opportunity ID,Owner,Stage,Close Date,Amount,Currency\n"
    stored = header + "".join(f"R-{i:05d},Ann,Closed Won,2026-05-01,100,EUR\n" for i in range(n))
    reopening = header + "".join(f"R-{i:05d},Ann,Prospecting,2026-09-01,100,USD\n" for i in range(n))
    store = Store(tmp_path / "s")
    commit(store, prepare(stored.encode(), "week1.csv"))
    prepared = prepare(reopening.encode(), "week0.csv")
    for _ in range(8):
        warned = data_page.before_commit(prepared, store)
        assert warned.reopened is not None and "(such as R-00000: won on 1 May 2026 in the store, open in this file; also R-00001, R-00002)" in warned.reopened
        assert warned.currency_changes is not None and "(such as R-00000, R-00001, R-00002)" in warned.currency_changes


def test_the_preview_names_the_currency_the_converted_amounts_header_names():
    """The preview headed the converted amount "Converted amount (company currency)" under a header that
    names its currency: the label names it, and keeps the general words where the header names none."""
    header = "Opportunity ID,Owner,Stage,Close Date,Amount,Currency,{}\nA,Ann,Closed Won,2025-03-01,1000,EUR,1100\n"

    def label(converted: str) -> str:
        prepared = prepare(header.format(converted).encode(), "f.csv", overrides={"converted_amount": converted})
        assert prepared.mapping is not None and prepared.mapping.fields["converted_amount"] == converted
        return data_page.preview_amount_label(prepared, "converted_amount")

    assert label("Amount in USD (converted)") == "Converted amount (USD)"
    assert label("Converted (k€)") == "Converted amount (EUR)"
    assert label("Amount in company currency") == "Converted amount (company currency)"
    assert label("Amount in company currency (kr)") == "Converted amount (company currency)"  # which kr is not said
    plain = prepare(header.format("Amount in USD (converted)").encode(), "f.csv")
    assert data_page.preview_amount_label(plain, "amount") == "Amount"


def test_the_currencies_tab_and_the_quarantine_download_word_their_counts() -> None:
    # Several currencies without a rate are "them" (it read "deals in it stay out" of five).
    assert data_page.missing_rates_sentence(["EUR"]) == "No rate yet for EUR: deals in it stay out of value figures."
    assert data_page.missing_rates_sentence(["EUR", "CHF", "JPY"]) == (
        "No rate yet for EUR, CHF, JPY: deals in them stay out of value figures.")
    assert data_page.missing_rates_sentence([]) is None
    # A roster row stored without a profile not one of the five: said what it is stored without (it read
    # "Download the 1 row accepted without a value that was not understood").
    assert data_page.quarantine_download_label(0, 1, "seller profile") == (
        "Download the 1 row stored without its seller profile (CSV, with the reason for each)")
    assert data_page.quarantine_download_label(2, 3, "seller profile") == (
        "Download the 2 quarantined rows and the 3 rows stored without their seller profile (CSV, with the reason for each)")
    assert data_page.quarantine_download_label(0, 1) == (
        "Download the 1 row stored without a value it had that was not understood (CSV, with the reason for each)")


FRENCH = Path(__file__).parents[1] / "fixtures" / "money" / "rapport_opportunites_FR.csv"


def test_the_currency_of_amounts_that_name_none_is_offered_with_a_question_when_the_file_looks_foreign():
    """A French export's amounts were read as USD with one grey line to say so: the page offers their
    currency, says what they are read as, and asks when the file's decimal commas, delimiter and
    headers point to a country that does not use the reporting currency."""
    auto = prepare(FRENCH.read_bytes(), FRENCH.name)
    assert data_page.offers_file_currency(auto)
    options = data_page.file_currency_options(auto, "USD")
    assert options[:3] == [None, "EUR", "GBP"] and "USD" not in options and "JPY" in options
    assert data_page.file_currency_label(None, auto, "USD") == "USD · the store's reporting currency"
    assert data_page.file_currency_label("EUR", auto, "USD") == "EUR · Euro"
    sentence, asks = data_page.file_currency_note(auto, "USD")
    assert asks and sentence.startswith(
        "Its decimal commas, ';' delimiter and French headers suggest this file comes from a country that does not use "
        "USD: are its amounts really in USD?")
    assert sentence.endswith("if they are in another, choose it in Currency of amounts that name none above.")
    assert data_page.file_currency_note(auto, "EUR") == (
        "Amounts that name no currency are read as EUR, the store's reporting currency: if they are in another, choose "
        "it in Currency of amounts that name none above.", False)
    chosen = prepare(FRENCH.read_bytes(), FRENCH.name, **data_page.Settings(file_currency="EUR").prepare_kwargs())
    assert data_page.file_currency_note(chosen, "USD") == ("Amounts that name no currency are read as EUR, as chosen.", False)
    # Every amount naming its currency: no choice.
    named = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date,Amount,Currency\nA,Ann,Closed Won,2025-03-01,5,EUR\n", "n.csv")
    assert not data_page.offers_file_currency(named) and data_page.file_currency_note(named, "USD") is None
    several = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date,Amount,Currency\nA,Ann,Closed Won,2025-03-01,5,EUR\n"
                      b"B,Ann,Closed Won,2025-03-01,5,GBP\nC,Ann,Closed Won,2025-03-01,5,\n", "s.csv")
    assert data_page.file_currency_label(None, several, "USD") == "Not stored · the file names several currencies"
    assert data_page.file_currency_note(several, "USD") == (
        "Amounts that name no currency are not stored: the file names several currencies (EUR, GBP). If they are all in "
        "one currency, choose it in Currency of amounts that name none above.", True)


def test_a_kept_currency_that_is_the_files_own_reading_is_listed_once_with_its_reason():
    """A file whose amounts that name none read as EUR, the only currency it names, loaded before with EUR chosen:
    the choice listed EUR twice ("EUR · the only currency the file names", "EUR · Euro") and started at the second."""
    euro = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date,Amount,Currency\nA,Ann,Closed Won,2025-03-01,5,EUR\n"
                   b"B,Ann,Closed Won,2025-03-01,5,\n", "e.csv")
    kept = KeptCurrency("EUR", "loaded on 2026-06-01 09:00 UTC by ops (store version 1)")
    options, start = data_page.file_currency_choice(euro, "USD", kept)
    labels = [data_page.file_currency_label(code, euro, "USD") for code in options]
    assert [label for label in labels if label.startswith("EUR")] == ["EUR · the only currency the file names"]
    assert start == 0
    # A kept currency the file does not read them as is still where the choice starts.
    options, start = data_page.file_currency_choice(euro, "USD", KeptCurrency("GBP", kept.loaded))
    assert options[start] == "GBP"


def test_a_re_export_says_which_deals_without_a_rate_are_already_left_out_and_which_it_newly_leaves_out(tmp_path) -> None:
    """Week 2 of an export whose EUR deals have no rate said "Once stored, 2 deals in EUR are left out of every
    value figure" though both were stored, and left out, already: only what storing it changes is news."""
    header = "Opportunity ID,Owner,Stage,Close Date,Amount\n"
    week1 = (header + "D1,Ann,Closed Won,2026-08-01,EUR 100\nD2,Ann,Closed Lost,2026-08-02,EUR 50\n"
             "D3,Bo,Closed Won,2026-08-03,USD 100\n").encode()
    store = Store(tmp_path / "store")
    commit(store, prepare(week1, "week1.csv"))
    rates = store.exchange_rates()
    again = data_page.unconverted_before_commit(prepare(week1, "week2.csv"), rates, None, store.opportunities())
    assert again == ("2 deals in EUR in this file are already stored and still left out of every value figure: no exchange "
                     "rate to USD for EUR. Ask sales ops or an admin to add the rate on the Data page.")
    # D3 now in GBP, a new deal in EUR: those are news; the two stored EUR deals are still left out.
    week3 = week1.replace(b"D3,Bo,Closed Won,2026-08-03,USD 100", b"D3,Bo,Closed Won,2026-08-03,GBP 100\nD4,Bo,Closed Won,2026-08-04,EUR 7")
    assert data_page.unconverted_before_commit(prepare(week3, "week3.csv"), rates, None, store.opportunities()) == (
        "Once stored, 1 more deal in EUR and 1 in GBP are left out of every value figure, and 2 in EUR already stored "
        "are still left out: no exchange rate to USD for EUR or GBP. Ask sales ops or an admin to add the rates on the Data page.")
    # Nothing stored: as before.
    assert data_page.unconverted_before_commit(prepare(week1, "week1.csv"), rates, None) == (
        "Once stored, 2 deals in EUR are left out of every value figure: no exchange rate to USD for EUR. Ask sales ops or "
        "an admin to add the rate on the Data page.")


def test_a_file_all_in_one_currency_without_a_rate_is_offered_that_currency_as_the_reporting_one(tmp_path) -> None:
    """A file whose amounts are all in EUR, in a store reporting in USD, was told only to "Add the rate … EUR→USD":
    when every amount stored and in the file is in EUR, making EUR the reporting currency values them all, with no
    rate. Offered only then: a store or a file holding another currency keeps the rate as the one way."""
    from winloss.access import LOCAL_ROLE

    header = "Opportunity ID,Owner,Stage,Close Date,Amount\n"
    eur = (header + "D1,Ann,Closed Won,2026-08-01,EUR 100\nD2,Ann,Closed Lost,2026-08-02,EUR 50\n"
           "D3,Bo,Closed Won,2026-08-03,\n").encode()  # D3 has no amount: it has no currency to be in
    store = Store(tmp_path / "store")
    rates = store.exchange_rates()
    said = data_page.unconverted_before_commit(prepare(eur, "eur.csv"), rates, LOCAL_ROLE)
    assert said == ("Once stored, 2 deals in EUR are left out of every value figure: no exchange rate to USD for EUR. "
                    "Add the rate in the Currencies tab at the top of the page. Or, as every amount is in EUR, set "
                    "Reporting currency to EUR there instead: value figures are then shown in EUR and need no rate.")
    assert "Data page" not in said  # said on the Data page: it names only its tab
    # The store holds a deal in EUR: still one currency.
    commit(store, prepare(eur.replace(b"D1,", b"E1,").replace(b"D2,", b"E2,").replace(b"D3,", b"E3,"), "first.csv"))
    assert "set Reporting currency to EUR" in data_page.unconverted_before_commit(
        prepare(eur, "eur.csv"), rates, LOCAL_ROLE, store.opportunities())
    # One who may not set rates is told whom to ask, both ways.
    assert data_page.unconverted_before_commit(prepare(eur, "eur.csv"), rates, None, store.opportunities()).endswith(
        "Ask sales ops or an admin to add the rate on the Data page, or, as every amount is in EUR, to make EUR the "
        "reporting currency.")
    # A stored deal in USD: switching would leave it out instead, so the rate is the one way.
    commit(store, prepare((header + "U1,Bo,Closed Won,2026-08-04,USD 10\n").encode(), "usd.csv"))
    assert data_page.unconverted_before_commit(prepare(eur, "eur.csv"), rates, LOCAL_ROLE, store.opportunities()).endswith(
        "no exchange rate to USD for EUR. Add the rate in the Currencies tab at the top of the page.")
    # A file with a USD amount of its own: the same.
    mixed = eur.replace(b"D3,Bo,Closed Won,2026-08-03,", b"D3,Bo,Closed Won,2026-08-03,USD 5")
    assert data_page.unconverted_before_commit(prepare(mixed, "mixed.csv"), rates, LOCAL_ROLE).endswith(
        "Add the rate in the Currencies tab at the top of the page.")


def test_the_stage_editor_wraps_a_long_counted_as_now_onto_lines_enough_for_it():
    """A HubSpot pipeline's "Done" was counted "Lost 1, Open 1, Won 1 (no rule matched: settled by the closed/won
    columns); No decision 1 (…)": its column grew to the grid's 500 px cap, cut that text and pushed "Count as"
    out of view at 1280 px. With the columns set, the rows are as many lines tall as the longest text needs."""
    from winloss.text import grid_px, wrapped_lines

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "hubspot_closed_stage_flags.csv"
    prepared = prepare(fixture.read_bytes(), fixture.name)
    rows = data_page.stage_rows(prepared.stages, {})
    given = max(rows.get_column("given").to_list(), key=grid_px)
    assert grid_px(given) > 1000
    widths = {"stage": 170, "given": 408}
    assert data_page.stage_editor_lines(rows, widths) == wrapped_lines(given, 408) == 4
    short = rows.filter(pl.col("given").str.len_chars() < 30)
    assert short.height and data_page.stage_editor_lines(short, widths) == 1


def test_a_cells_lines_are_counted_as_the_grid_wraps_them():
    from winloss.text import wrapped_lines

    assert wrapped_lines("Won (stage words)", 408) == 1
    assert wrapped_lines(None, 100) == wrapped_lines("", 100) == 1
    assert wrapped_lines("Lost 1, Won 1 (the status column)", 120) == 2  # "Lost 1, Won 1 (the" in the 104 px within the padding
    assert wrapped_lines("Entscheidungsträgeridentifizieren", 120) == 2  # no space: broken where each line is full


def test_a_required_field_read_from_two_columns_is_named_so_not_left_required_and_unmapped():
    """A roster naming its reps in First Name and Last Name columns showed "Rep (deal owner)" as Required
    and "— not mapped —", as if the file lacked it; an export keyed by account and name alike its id."""
    roster = data_page.mapping_rows(detect_mapping(["First Name", "Last Name", "Seller Profile"], kind="roster"))
    rep = roster.filter(pl.col("field") == "rep").row(0, named=True)
    assert (rep["label"], rep["required"], rep["column"]) == ("Rep (deal owner): read from First Name + Last Name", False, None)
    assert data_page.chosen_columns(roster)["rep"] is None  # nothing to store as an override
    keyed = data_page.mapping_rows(detect_mapping(["Opportunity Name", "Sales Rep", "Stage", "Account"]))
    deal = keyed.filter(pl.col("field") == "opportunity_id").row(0, named=True)
    assert deal["label"].endswith(": read from Account + Opportunity Name") and not deal["required"]
    # A roster with a whole-name column keeps the rep required, read from it.
    whole = data_page.mapping_rows(detect_mapping(["Employee Name", "Seller Profile"], kind="roster"))
    assert whole.filter(pl.col("field") == "rep").select("label", "required", "column").row(0) == (
        "Rep (deal owner)", True, "Employee Name")


def test_a_history_row_is_as_many_lines_as_its_longest_cell_takes() -> None:
    """At least three (the grid wraps in no fewer), at most HISTORY_MOST_LINES; a file's name as the File
    column lays it out (history_file_cell). "10,000 read, 10,000 accepted, 0 quarantined" takes four lines
    of the Rows column: in three, its last ran against the row's foot."""
    def rows(**cells: str) -> pl.DataFrame:
        return pl.DataFrame({"Version": [1], "Who": ["Ann"], "Note": [None], "File": ["a.csv"], **{k: [v] for k, v in cells.items()}},
                            schema_overrides={"Note": pl.String})

    assert data_page.history_lines(rows(Rows="140 read, 140 accepted, 0 quarantined")) == data_page.HISTORY_LINES == 3
    assert data_page.history_lines(rows(Rows="10,000 read, 10,000 accepted, 0 quarantined")) == 4
    assert data_page.history_lines(rows(Note="with 2 stage mappings " * 20)) == data_page.HISTORY_MOST_LINES
    # A file's name laid out in three lines at most, "…" inside it past them: never more.
    long_file = "Salesforce_Opportunities_Export_2026-11-30_final_version_v3_" * 4 + ".csv"
    assert data_page.history_lines(rows(File=long_file)) == 3
    assert text.ELLIPSIS in data_page.history_file_cell(long_file)


def test_the_history_fits_a_projector_in_presenter_mode_each_word_whole() -> None:
    """In presenter mode at 1024 px the History was 1,194 px wide: HISTORY_WIDTHS scaled by presenter type, its
    Stored and In effect columns off the screen and Rows cut. Its presenter widths fit the page's 962 px there
    (769 px of the app's type), every header and each column's longest word whole on a line."""
    from ui.drill import PRESENTER_NARROWEST_PAGE_WIDTH, PRESENTER_NARROWEST_SCREEN_PX
    from ui.style import PRESENTER_TYPE

    widths = data_page.history_widths(presenter=True)
    assert data_page.history_widths(presenter=False) == data_page.HISTORY_WIDTHS and widths.keys() == data_page.HISTORY_WIDTHS.keys()
    assert data_page.PRESENTER_HISTORY_ROOM_PX == PRESENTER_NARROWEST_PAGE_WIDTH
    assert sum(round(px * PRESENTER_TYPE) for px in widths.values()) <= PRESENTER_NARROWEST_SCREEN_PX
    words = {"What": "Salesforce", "Rows": "quarantined", "Stored": "unchanged", "When": "2 Dec 2026"}
    for column, px in widths.items():
        assert text.column_px(column, [words.get(column, "")]) <= px, column
    row = pl.DataFrame({"What": ["Salesforce export upload"], "Note": ["reporting currency USD, 2 exchange rates: EUR, GBP"],
                        "File": ["Salesforce_Opportunities_2026-11-30.csv"], "Rows": ["10,000 read, 10,000 accepted, 0 quarantined"],
                        "Stored": ["10,000 new, 0 updated, 0 unchanged"]})
    assert data_page.history_lines(row, widths) < data_page.HISTORY_MOST_LINES
