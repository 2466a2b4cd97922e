"""Ids Excel changed: one still in scientific notation ("6.00E+14") is quarantined with what to do; one it saved
back as a number after showing it so ("600000000000000": six digits or fewer, then zeros) may have lost digits or be
the CRM's own, so it is stored as written and the file report says so; other numeric ids are stored without a word.
Whole file and in batches alike."""

from __future__ import annotations

from pathlib import Path

from polars.testing import assert_frame_equal

from winloss.ingest.pipeline import file_report

from batch_sizes import both_ways
from store_contents import stored

IDS = [
    "6.00E+14",  # 2: scientific notation, as Excel writes a number it showed so
    "600000000000000",  # 3: the same saved back as a number: noted
    "123457000000000",  # 4: 1.23457E+14 saved back as a number: noted
    "123456789012345",  # 5: a numeric id written whole
    "12345678901",  # 6: an 11-digit HubSpot id
    "10000000000",  # 7: eleven digits: too short for Excel to have shown it in scientific notation
    "3652397000000134567",  # 8: a 19-digit Zoho id, its own digits
    "6,00E+14",  # 9: as a decimal-comma Excel writes it
]


def test_ids_excel_wrote_in_scientific_notation_are_quarantined_and_ids_it_may_have_shortened_are_noted(tmp_path: Path):
    """"600000000000000" was stored without a word, though it reads as Excel saves the id it showed as 6.00E+14."""
    rows = [f'"{i}",Ana Lima,Closed Won,{100 * n},2026-03-0{n}' for n, i in enumerate(IDS, 1)]
    path = tmp_path / "opened_in_excel.csv"
    path.write_text("\n".join(["Opportunity ID,Opportunity Owner,Stage,Amount,Close Date", *rows]) + "\n")
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=2)
    with batched:
        for prepared in (whole, batched):
            reasons = prepared.quarantine.select("line", "reason").sort("line").rows()
            assert [line for line, _ in reasons] == [2, 9]
            for _, reason in reasons:
                assert "is an ID Excel read as a number and rounded, so it no longer says which deal it is: export the " \
                    "report from the CRM again and upload it without opening it in Excel (or open it in Excel through " \
                    "Data > From Text/CSV with that column set to Text)." in reason
            said = [n for n in file_report(prepared)["notes"] if "scientific notation" in n]
            assert said == [
                "2 opportunity IDs have 12 to 16 digits, all zeros after the first six or fewer, as an ID Excel showed in "
                "scientific notation (1.23457E+14) reads once saved as a number: if this file was opened and saved in "
                "Excel, they may have lost their last digits and no longer say which deals they are. They are stored as "
                "written; to be sure, export the report from the CRM again and upload it without opening it in Excel (or "
                "open it in Excel through Data > From Text/CSV with that column set to Text)."
            ]
    deals = stored(whole_store)[0].sort("opportunity_id")
    assert sorted(deals.get_column("opportunity_id").to_list()) == sorted(IDS[1:-1])
    assert_frame_equal(deals, stored(batched_store)[0].sort("opportunity_id"))


def test_numeric_ids_that_end_in_a_few_zeros_say_nothing(tmp_path: Path):
    path = tmp_path / "numbers.csv"
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
                    "123456789012000,Ana Lima,Closed Won,100,2026-03-01\n"
                    "1234567000000,Ana Lima,Closed Won,100,2026-03-02\n"
                    "9000000,Ana Lima,Closed Won,100,2026-03-03\n")
    whole, batched, _ = both_ways(path, tmp_path)
    with batched:
        for prepared in (whole, batched):
            assert prepared.rows_quarantined == 0
            assert not [n for n in file_report(prepared)["notes"] if "opportunity ID" in n]
