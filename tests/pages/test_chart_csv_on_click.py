"""A chart's "Data behind this chart (CSV)" is made when its button is clicked, not on every run of its page
(ui.widgets.chart): every run wrote the file of every chart it drew, clicked or not, which was about a seventh
of a page's run. Made on a click, on a thread without the run's context, it is the file the run would have
written: the chart's data by the chart CSV rule, its amounts to the reporting currency's minor unit (read in
the run, from the URL's store: here yen, whole, where a deal's dollars converted carry fractions)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest
from app_driver import opened
from streamlit.runtime.media_file_manager import MediaFileManager

import ui.widgets
from winloss.exchange import exchange_rates
from winloss.file_values import file_csv
from winloss.ingest.pipeline import commit, prepare
from winloss.views import common

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Opportunity Currency,Created Date,Close Date,Loss Reason"
REPS = ("Ann Lee", "Bo Chan", "Cy Ward")
USD_IN_JPY = "151.37"
LABEL = "Data behind this chart (CSV)"


def deals_csv() -> bytes:
    """Ten deals a rep in dollars and cents: 2 won, 5 lost to no decision, 3 to price."""
    rows = []
    for r, rep in enumerate(REPS):
        for d in range(10):
            stage, reason = ("Closed Won", "") if d < 2 else ("Closed Lost", "No Decision") if d < 7 else ("Closed Lost", "Price")
            rows.append(f"D{r}{d:02d},{rep},Acct {d},Deal {r}-{d},{stage},{1234.57 + 100 * d + r:.2f},USD,"
                        f"2026-0{d % 5 + 1}-01,2026-08-{1 + d:02d},{reason}")
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def stored(store) -> None:
    """The deals in a store that reports in yen (a currency without a minor unit)."""
    store.save_exchange_rates(exchange_rates("JPY", [("USD", USD_IN_JPY)]), user="ops")
    prepared = prepare(deals_csv(), "deals.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)


@pytest.mark.parametrize("page", ["no_decision", "overview"])
def test_a_charts_csv_is_made_only_when_its_button_is_clicked_and_as_the_run_would_have_written_it(
        store, filled, downloads, monkeypatch, page) -> None:
    filled(stored)
    # Every frame the chart CSV rule writes, wherever the app holds the rule.
    written: list[pl.DataFrame] = []
    rule = common.chart_csv

    def counted(data: pl.DataFrame, *args, **kwargs) -> pl.DataFrame:
        written.append(data)
        return rule(data, *args, **kwargs)

    monkeypatch.setattr(common, "chart_csv", counted)
    monkeypatch.setattr(ui.widgets, "chart_csv", counted, raising=False)
    # The callable behind each button whose file is made on a click, by its placeholder id.
    made: dict[str, Callable[[], bytes]] = {}
    add_deferred = MediaFileManager.add_deferred

    def kept(self, data, mimetype, coordinates, file_name=None, **options):
        file_id = add_deferred(self, data, mimetype, coordinates, file_name, **options)
        made[file_id] = data
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", kept)

    at = opened(page, period="All time")
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b.proto for b in at.get("download_button") if b.proto.label == LABEL]
    assert len(buttons) >= 2, [b.proto.label for b in at.get("download_button")]
    assert not written, f"the run wrote {len(written)} chart CSVs nobody clicked"
    assert not [name for name in downloads if name.endswith(".csv")], "a chart's CSV was sent with the page"
    assert all(b.deferred_file_id in made and not b.url for b in buttons)

    files = []
    with ThreadPoolExecutor(1) as click:  # as a click makes it: on a thread of its own, after the run
        for button in buttons:
            before = len(written)
            data = click.submit(made[button.deferred_file_id]).result()
            assert len(written) == before + 1  # each click writes its own chart's file, and only it
            files.append((written[-1], data))
    amounts = 0
    for frame, data in files:
        # The bytes the run wrote before it made them on a click: the chart's frame by the rule, amounts in yen,
        # then the view it is of (common.with_view), its currency yen where it has amounts.
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        own = [{c: v for c, v in row.items() if c not in (*common.VIEW_CSV, common.VIEW_CURRENCY)} for row in rows]
        assert own == list(csv.DictReader(io.StringIO(file_csv(rule(frame), "JPY").decode("utf-8-sig"))))
        assert {row.get(common.VIEW_CURRENCY, "JPY") for row in rows} <= {"JPY"}
        for column in [c for c in (rows[0] if rows else ()) if c == "amount" or c.endswith("_amount")]:
            values = [float(row[column]) for row in rows if row[column]]
            amounts += len(values)
            assert all(v == round(v) for v in values), (column, values)  # whole yen, not 186876.86
    if page == "no_decision":
        assert amounts, "no chart's CSV of the page held an amount to check"
        assert 1234.57 * float(USD_IN_JPY) % 1, "a dollar amount in yen has a fraction to round"
