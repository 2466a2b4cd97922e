"""A probability column is read on one scale for the whole file, by a rule the file report names: written as
percents ("75%", "75 %", a workbook cell formatted as percent, plain numbers 0-100) it is read as percent, as
fractions of 1 it is read times 100; a column mixing the two leaves a value from 0 to 1 open, and its row is
quarantined; a value outside 0-100% is quarantined with why. Whole file and in batches alike."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from winloss.ingest.pipeline import file_report

from batch_sizes import both_ways
from store_contents import stored

HEAD = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date"


def export(tmp_path: Path, probabilities: list[str], header: str = "Probability") -> Path:
    rows = [f'K-{n:02d},Ana Lima,Closed Won,1000,2026-03-{n % 27 + 1:02d},"{p}"' for n, p in enumerate(probabilities, 1)]
    path = tmp_path / "deals.csv"
    path.write_text("\n".join([f"{HEAD},{header}", *rows]) + "\n", encoding="utf-8")
    return path


def read_both_ways(path: Path, tmp_path: Path, batch_rows: int | None = 2):
    """(stored probabilities by id, the quarantine's (line, reason), the file report's notes on probability),
    each the same whole and in batches."""
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path, batch_rows=batch_rows)
    with batched:
        said = [n for n in file_report(whole)["notes"] if n.startswith("Probability:")]
        assert [n for n in file_report(batched)["notes"] if n.startswith("Probability:")] == said
        quarantined = whole.quarantine.select("line", "reason").rows()
        assert batched.quarantine.select("line", "reason").sort("line").rows() == quarantined
    deals = stored(whole_store)[0].sort("opportunity_id")
    assert_frame_equal(deals, stored(batched_store)[0].sort("opportunity_id"))
    return dict(deals.select("opportunity_id", "probability").rows()), quarantined, said


@pytest.mark.parametrize(("written", "example"), [
    (["75%", "50%", "10%", "100%"], "'75%' are written with a % sign"),
    (["75 %", "50 %", "0 %", "100 %"], "'75 %' are written with a % sign"),
    (["75", "50", "1", "100"], "'75' are more than 1, which no fraction of 1 is"),
], ids=["75%", "75 %", "plain 0-100"])  # fmt: skip
def test_percents_are_read_as_percent_and_the_report_names_the_rule(tmp_path, written, example):
    stored_as, quarantined, said = read_both_ways(export(tmp_path, written), tmp_path)
    assert quarantined == []
    numbers = [float(w.strip(" %")) for w in written]
    assert list(stored_as.values()) == numbers  # "1" among percents is 1%, as the rule says
    assert said == [f"Probability: 'Probability' is read as percent (0–100), as values such as {example}."]


def test_fractions_of_one_are_read_times_100_and_a_column_of_0_and_1_is_fractions(tmp_path):
    """A column of 1s and 0s (won and lost deals of a CRM writing fractions) was stored as 1% and 0%."""
    stored_as, quarantined, said = read_both_ways(export(tmp_path, ["1", "0", "1", "0", "1"]), tmp_path)
    assert quarantined == []
    assert list(stored_as.values()) == [100.0, 0.0, 100.0, 0.0, 100.0]
    assert said == ["Probability: 'Probability' is read as fractions of 1 (0–1), each stored as a percentage ('1' is 100%), "
                    "as every value lies from 0 to 1. If they are percentages, write them with a % sign ('1%') and upload "
                    "the file again."]
    stored_as, _, _ = read_both_ways(export(tmp_path, ["0.75", "0,5", "1", "0"]), tmp_path / "fractions")
    assert list(stored_as.values()) == [75.0, 50.0, 100.0, 0.0]


@pytest.mark.parametrize("percent", ["75", "75%"])
def test_a_column_mixing_fractions_and_percents_quarantines_the_values_it_leaves_open(tmp_path, percent):
    """"0.5" beside "75" was stored as 0.5% without a word; it may as well be 50%."""
    path = export(tmp_path, [percent, "0.5", "1", "0", "40"] * 3)
    stored_as, quarantined, said = read_both_ways(path, tmp_path)
    assert sorted(set(stored_as.values())) == [0.0, 40.0, 75.0]
    assert [line for line, _ in quarantined] == [3, 4, 8, 9, 13, 14]  # every 0.5 and 1
    reasons = dict(quarantined)
    assert reasons[3] == (
        "Probability '0.5' is not read: the column does not settle whether its probabilities are fractions of 1 or "
        "percentages (the file report says why), so it could be 0.5% or 50%; write it with a % sign (such as '50%') and "
        "upload the file again.")
    assert reasons[4].startswith("Probability '1' is not read:") and "could be 1% or 100%" in reasons[4]
    assert said == [f"Probability: 'Probability' holds both fractions of 1 such as '0.5' and percentages such as '{percent}', "
                    "so a value from 0 to 1 could be read either way: its rows are quarantined, the others read as percent "
                    "(0–100). Write every probability with a % sign ('50%') and upload the file again."]


def test_a_header_naming_percent_settles_the_scale_its_values_agree_with_and_not_one_they_contradict(tmp_path):
    stored_as, quarantined, said = read_both_ways(export(tmp_path, ["60", "0.5", "100"], "Probability (%)"), tmp_path)
    assert list(stored_as.values()) == [60.0, 0.5, 100.0] and quarantined == []
    assert said == ["Probability: 'Probability (%)' is read as percent (0–100), as its header names percent and values "
                    "such as '60' agree."]
    stored_as, quarantined, said = read_both_ways(export(tmp_path, ["0.6", "0.5", "0"], "Probability (%)"), tmp_path / "b")
    assert list(stored_as.values()) == [0.0]
    assert [line for line, _ in quarantined] == [2, 3]
    assert said[0].startswith("Probability: 'Probability (%)' names percent in its header but holds fractions of 1 such as '0.6'")


@pytest.mark.parametrize(("written", "bad"), [(["150", "50"], "150"), (["-5%", "50%"], "-5%"), (["-0.5", "0.5"], "-0.5")])
def test_a_probability_outside_0_to_100_percent_is_quarantined_with_why(tmp_path, written, bad):
    stored_as, quarantined, _ = read_both_ways(export(tmp_path, written * 2), tmp_path)
    assert len(stored_as) == 2
    assert [reason for _, reason in quarantined] == [
        f"Probability '{bad}' is outside 0-100%: a probability runs from 0% to 100%; correct it in the CRM and upload the "
        "file again."] * 2


def test_workbook_cells_formatted_as_percent_are_read_as_excel_shows_them(tmp_path):
    """A cell formatted as percent holds 0.75 and shows 75%: read as its number, a column of 100% and 0% cells was
    stored as 1% and 0%, and 0.25 (25%) beside a plain 60 as 0.25%."""
    path = tmp_path / "deals.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    whole, tenths = workbook.add_format({"num_format": "0%"}), workbook.add_format({"num_format": "0.0 %"})
    sheet.write_row(0, 0, [*HEAD.split(","), "Probability"])
    cells = [(1.0, whole), (0.0, whole), (0.755, tenths), (60, None), (0.25, whole), (1.0, whole)]
    for row, (value, shown) in enumerate(cells, 1):
        sheet.write_row(row, 0, [f"K-{row}", "Ana Lima", "Closed Won", 1000, "2026-03-02"])
        sheet.write_number(row, 5, value, shown)
    workbook.close()
    stored_as, quarantined, said = read_both_ways(path, tmp_path)
    assert quarantined == []
    assert list(stored_as.values()) == [100.0, 0.0, 75.5, 60.0, 25.0, 100.0]
    assert said == ["Probability: 'Probability' is read as percent (0–100), as values such as '100%' are written with a % sign."]


def test_a_probability_that_is_no_number_is_still_said_to_be_none(tmp_path):
    stored_as, quarantined, _ = read_both_ways(export(tmp_path, ["high", "50"]), tmp_path)
    assert list(stored_as.values()) == [50.0]
    assert quarantined == [(2, "Probability 'high' is not a percentage.")]


def test_reading_a_batch_at_a_time_meets_a_percent_only_far_down(tmp_path):
    """The first batches hold fractions alone ("0.5"); a "60" far down makes the column mixed: every batch is read
    as the whole file is."""
    path = export(tmp_path, ["0.5"] * 40 + ["60"])
    stored_as, quarantined, _ = read_both_ways(path, tmp_path, batch_rows=5)
    assert list(stored_as.values()) == [60.0] and len(quarantined) == 40
    assert pl.Series([r for _, r in quarantined]).str.contains("could be 0.5% or 50%").all()
