"""An upload that would change the currency of deals already stored says so before it is stored."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import polars as pl
from command_line import run

from winloss.deals import deals
from winloss.ingest.currency_changes import currency_changes
from winloss.ingest.file_currency import kept_file_currency
from winloss.ingest.hints import page_sentence
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

PIPEDRIVE = Path(__file__).parent.parent / "fixtures" / "money" / "currencies_pipedrive.csv"


def without_currency_column(content: bytes) -> bytes:
    """The same export with its currency column left out: every amount then reads as the reporting currency."""
    frame = pl.read_csv(io.BytesIO(content), infer_schema=False).drop("Deal - Currency of Value")
    out = io.BytesIO()
    frame.write_csv(out)
    return out.getvalue()


def test_next_weeks_export_without_its_currency_column_says_it_would_restate_stored_deals(tmp_path):
    """Committing it re-stored EUR deals as USD with only '0 new, 5 updated' to show for it."""
    store = Store(tmp_path / "store")
    week1 = PIPEDRIVE.read_bytes()
    commit(store, prepare(week1, "week1.csv"))
    week2 = without_currency_column(week1)
    changes = currency_changes(prepare(week2, "week2.csv"), store)
    assert changes is not None
    # 502 is stored in USD and read as USD: unchanged; the other four change.
    assert changes.deals == 4 and changes.unmapped
    assert changes.pairs == (("EUR", "USD", 2), ("GBP", "USD", 1), ("SEK", "USD", 1))
    assert set(changes.examples) <= {"501", "503", "504", "505"}
    said = page_sentence(changes.sentence)
    assert said.startswith("4 deals already stored change currency in this file, EUR to USD for 2, GBP to USD for 1 and SEK to USD for 1 (such as ")
    # Read by the file's rule, which it names: the file names no currency for them (no amount names one).
    assert changes.by_rule == changes.pairs and changes.read_as == "USD, the store's reporting currency"
    assert " They have no currency in this file and are read as USD, the store's reporting currency. " in said
    assert "No column of this file is mapped to Currency: if it has a currency column, map it to Currency" in said
    assert "map it to Currency in Column mapping above" in said and "--map" not in said
    assert "--map currency=COLUMN" in changes.sentence


def test_one_currency_pair_is_named_once_and_a_mapped_column_is_not_blamed(tmp_path):
    store = Store(tmp_path / "store")
    week1 = PIPEDRIVE.read_bytes()
    commit(store, prepare(week1, "week1.csv"))
    corrected = week1.replace(b"Nordwind GmbH,", b"Nordwind GmbH,").replace(b"12000,EUR", b"12000,CHF")
    changes = currency_changes(prepare(corrected, "week2.csv"), store)
    assert changes is not None and (changes.deals, changes.unmapped) == (1, False)
    assert changes.sentence.startswith("1 deal stored in EUR is in CHF in this file (such as 501): saving it stores its amount")
    assert "mapped to Currency" not in changes.sentence


def test_the_same_currencies_or_new_deals_say_nothing(tmp_path):
    store = Store(tmp_path / "store")
    week1 = PIPEDRIVE.read_bytes()
    assert currency_changes(prepare(week1, "week1.csv"), store) is None  # an empty store
    commit(store, prepare(week1, "week1.csv"))
    again = week1 + b"506,New,Sales Ops,Ines Berg,1,JPY,1,USD,,X,Sales pipeline,,Qualified,,open,2026-05-05 08:00:00,,,,,,2026-10-31,Entire company,1\n"
    assert currency_changes(prepare(again, "week2.csv"), store) is None


def test_the_command_line_says_what_storing_it_changed(tmp_path):
    store = tmp_path / "store"
    week1, week2 = tmp_path / "week1.csv", tmp_path / "week2.csv"
    week1.write_bytes(PIPEDRIVE.read_bytes())
    week2.write_bytes(without_currency_column(PIPEDRIVE.read_bytes()))

    def ingest(path: Path, *flags: str) -> subprocess.CompletedProcess:
        return run("ingest", str(path), *flags, "--store", str(store))

    first = ingest(week1)
    assert first.returncode == 0, first.stderr
    assert "changed currency" not in first.stdout
    # The earlier export had a currency column: without one, the file is stored only with the flag.
    refused = ingest(week2)
    assert refused.returncode == 1 and "--allow-missing-columns" in refused.stderr
    second = ingest(week2, "--allow-missing-columns")
    assert second.returncode == 0, second.stderr
    # What storing it did is the file's report: stdout.
    assert "4 deals already stored changed currency, EUR to USD for 2, GBP to USD for 1 and SEK to USD for 1 (such as " in second.stdout
    assert "map it to Currency (on the command line: --map currency=COLUMN)" in second.stdout
    assert set(deals(Store(store)).get_column("exported_currency")) == {"USD"}  # stored as it said


# One amount names EUR ("1.234,50 €"), the others none: the file's rule reads them as EUR, its only currency.
ONE_EUR = (
    "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Created Date,Opportunity Owner\n"
    'E1,Acme renewal,Acme Corp,Closed Won,"10,000.00",2026-03-10,2026-01-05,Alice Smith\n'
    'E2,Beta expansion,Beta Ltd,Closed Lost,"5,000.00",2026-03-12,2026-01-06,Alice Smith\n'
    'E3,Zeta renewal,Zeta AG,Closed Won,"1.234,50 €",2026-03-15,2026-01-07,Bob Jones\n'
).encode()


def test_deals_the_file_names_no_currency_for_are_said_read_by_its_rule(tmp_path):
    """Stored with USD chosen for the amounts that name none, the same file read by its own rule said "2 deals stored in
    USD are in EUR in this file ... its amounts are read as USD, the store's reporting currency": the file names no
    currency for them, and they are read as EUR, the only currency it names."""
    store = Store(tmp_path / "store")
    commit(store, prepare(ONE_EUR, "crm.csv", file_currency="USD"))
    changes = currency_changes(prepare(ONE_EUR, "crm.csv", file_currency="auto"), store)
    assert changes is not None and changes.by_rule == (("USD", "EUR", 2),) == changes.pairs
    said = page_sentence(changes.sentence)
    assert said.startswith("2 deals stored in USD have no currency in this file and are read as EUR, the only currency "
                           "the file names (such as E1, E2): saving it stores their amounts in EUR, and every value ")
    assert "USD, the store's reporting currency" not in said and "are in EUR in this file" not in said
    assert "choose it in Currency of amounts that name none above." in said
    assert changes.stored_sentence.endswith(
        " They had no currency in this file and were read as EUR, the only currency the file names. No column of this file "
        "is mapped to Currency: if it has a currency column, map it to Currency (on the command line: --map currency=COLUMN); "
        "if its amounts that name no currency are in another currency than EUR, choose it (on the command line: --currency CODE).")


def test_the_same_file_again_starts_from_the_currency_chosen_when_it_was_loaded(tmp_path):
    """Uploaded again, it started from its own reading (EUR): stored so, its USD deals turned into EUR."""
    store = Store(tmp_path / "store")
    commit(store, prepare(ONE_EUR, "crm.csv", file_currency="USD"))
    again = prepare(ONE_EUR, "crm.csv")
    assert again.table is not None
    kept = kept_file_currency(store.live_uploads(), again)
    assert kept is not None and (kept.code, kept.kept_from) == ("USD", None)
    assert kept.sentence.startswith("Amounts that name no currency are read as USD, as chosen when this file was loaded on ")
    assert kept.sentence.endswith(" (store version 1): if they are in another currency, choose it (on the command line: "
                                  "--currency CODE, or auto to read them as the file says).")
    assert currency_changes(prepare(ONE_EUR, "crm.csv", file_currency=kept.code), store) is None  # read with it: nothing changes
    # Stored again as it reads itself, it keeps nothing, nor does a later export of its report.
    other = ONE_EUR + b'E4,Eta new,Eta Co,Closed Won,"8,000.00",2026-03-20,2026-01-08,Bob Jones\n'
    commit(store, prepare(ONE_EUR, "crm.csv", file_currency="auto"))
    assert kept_file_currency(store.live_uploads(), again) is None
    assert kept_file_currency(store.live_uploads(), prepare(other, "crm.csv")) is None


def test_ingest_reads_a_file_loaded_before_with_the_currency_chosen_then_unless_told(tmp_path):
    store, path = tmp_path / "store", tmp_path / "crm.csv"
    path.write_bytes(ONE_EUR)

    def ingest(*flags: str) -> subprocess.CompletedProcess:
        return run("ingest", str(path), *flags, "--store", str(store))

    assert ingest("--currency", "USD").returncode == 0
    again = ingest()
    assert again.returncode == 0, again.stderr
    assert "Amounts that name no currency are read as USD, as chosen when this file was loaded on " in again.stdout
    assert "nothing changed" in again.stdout and "currency" not in again.stderr
    assert sorted(deals(Store(store)).get_column("exported_currency")) == ["EUR", "USD", "USD"]
    auto = ingest("--currency", "auto")  # told: read as the file says, and said so before it is stored again
    assert auto.returncode == 0, auto.stderr
    assert "2 deals already stored changed currency, USD to EUR for 2" in auto.stdout
    assert set(deals(Store(store)).get_column("exported_currency")) == {"EUR"}


# One report's weekly exports: no amount names a currency, so each reads as the reporting currency (USD) unless told.
SF_HEADER = "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Created Date,Opportunity Owner\n"
SF_WEEK1 = (SF_HEADER + "S1,Acme renewal,Acme Corp,Closed Won,10000,2026-03-10,2026-01-05,Alice Smith\n"
            "S2,Beta expansion,Beta Ltd,Closed Lost,5000,2026-03-12,2026-01-06,Alice Smith\n").encode()
SF_WEEK2 = SF_WEEK1 + b"S3,Zeta renewal,Zeta AG,Open,7000,2026-04-15,2026-02-07,Bob Jones\n"


def test_next_weeks_export_of_a_report_starts_from_the_currency_chosen_for_its_last_one(tmp_path):
    """sf_week2.csv, after sf_week1.csv was stored with EUR chosen, was read as USD: each weekly upload had to be told
    EUR again, and one that was not stored its euro deals as dollars. A rollback of that load drops the choice."""
    store = Store(tmp_path / "store")
    commit(store, prepare(SF_WEEK1, "sf_week1.csv", file_currency="EUR"))
    week2 = prepare(SF_WEEK2, "sf_week2.csv")
    kept = kept_file_currency(store.live_uploads(), week2)
    assert kept is not None and (kept.code, kept.kept_from) == ("EUR", "sf_week1.csv")
    assert kept.sentence.startswith("Amounts that name no currency are read as EUR, as chosen for sf_week1.csv, this "
                                    "report's last export, loaded on ")
    assert kept.sentence.endswith(" (store version 1): if they are in another currency, choose it (on the command line: "
                                  "--currency CODE, or auto to read them as the file says).")
    assert page_sentence(kept.sentence).endswith(": if they are in another currency, choose it in Currency of amounts "
                                                 "that name none above.")
    store.rollback(0)  # the load that chose EUR undone: nothing is kept from it
    assert kept_file_currency(store.live_uploads(), prepare(SF_WEEK2, "sf_week2.csv")) is None


def test_another_reports_file_is_not_given_the_choice(tmp_path):
    """A file of another report (another name, or other columns), and one whose every amount names its currency, read
    as they say themselves."""
    store = Store(tmp_path / "store")
    commit(store, prepare(SF_WEEK1, "sf_week1.csv", file_currency="EUR"))
    assert kept_file_currency(store.live_uploads(), prepare(SF_WEEK2, "sf_week2.csv")) is not None
    assert kept_file_currency(store.live_uploads(), prepare(SF_WEEK2, "hubspot_deals.csv")) is None
    other_columns = SF_WEEK2.replace(b"Opportunity Owner\n", b"Opportunity Owner,Region,Segment,Forecast\n").replace(
        b"Smith\n", b"Smith,EMEA,SMB,Commit\n").replace(b"Jones\n", b"Jones,EMEA,SMB,Commit\n")
    assert kept_file_currency(store.live_uploads(), prepare(other_columns, "sf_week2.csv")) is None
    all_named = SF_WEEK2.replace(b",10000,", b",USD 10000,").replace(b",5000,", b",USD 5000,").replace(b",7000,", b",USD 7000,")
    assert kept_file_currency(store.live_uploads(), prepare(all_named, "sf_week2.csv")) is None


def test_ingest_reads_next_weeks_export_with_the_currency_chosen_for_the_last(tmp_path):
    store, week1, week2 = tmp_path / "store", tmp_path / "sf_week1.csv", tmp_path / "sf_week2.csv"
    week1.write_bytes(SF_WEEK1)
    week2.write_bytes(SF_WEEK2)
    assert run("ingest", str(week1), "--currency", "EUR", "--store", str(store)).returncode == 0
    second = run("ingest", str(week2), "--store", str(store))
    assert second.returncode == 0, second.stderr
    assert ("Amounts that name no currency are read as EUR, as chosen for sf_week1.csv, this report's last export, "
            "loaded on ") in second.stdout
    assert set(deals(Store(store)).get_column("exported_currency")) == {"EUR"}
