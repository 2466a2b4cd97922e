"""The Reps page's win-rate-by-rep CSV says the view it is of: the close-date range, the filters in force and
what the win rate counts, on every row and in its file name, and each rep's no-decision share of losses with
its n; a share on too few losses is empty, its n beside it, as the leaderboard's cell is."""

from __future__ import annotations

import csv
import io

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.rates import MIN_N

# won, lost, no decision: Tom on enough losses, Bob on too few; Ann in another team.
REPS = {"Tom Hale": ("East", 6, 15, 9), "Bob Ray": ("East", 14, 4, 2), "Ann Lee": ("West", 10, 5, 5)}


def stored(store) -> None:
    rows = [f"{rep[:2]}{i:03d},{rep},{stage},{reason},2026-08-{1 + i % 28:02d},1000"
            for rep, (_, won, lost, nd) in REPS.items()
            for i, (stage, reason) in enumerate([("Closed Won", "")] * won + [("Closed Lost", "Price")] * lost
                                                + [("Closed Lost", "No Decision")] * nd)]
    # The quarter's first and last days closed a deal each, so the range asked for is the range shown.
    rows[0], rows[-1] = rows[0].replace("2026-08-01", "2026-07-01"), rows[-1].replace(rows[-1].split(",")[4], "2026-09-30")
    deals = "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = "Rep,Team,Email\n" + "".join(f"{rep},{team},{rep[:2]}@x.com\n" for rep, (team, *_) in REPS.items())
    for content, name in ((roster, "team.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def test_the_rep_csv_names_its_range_and_filters_and_gives_the_no_decision_share_with_its_n(store, deferred) -> None:
    stored(store)
    at = opened("reps", period="Custom range", start="2026-07-01", end="2026-09-30", team="East")
    assert not at.exception, [e.value for e in at.exception]
    (name,) = [k for k in deferred if k.startswith("win-rate-by-rep")]
    assert name == "win-rate-by-rep-with-95-intervals_2026-07-01-to-2026-09-30_team-east.csv"
    rows = {r["rep"]: r for r in csv.DictReader(io.StringIO(deferred[name]().decode("utf-8-sig")))}
    assert set(rows) == {"Tom Hale", "Bob Ray"}  # the team filter's reps
    for r in rows.values():
        assert (r["close_date_from"], r["close_date_to"], r["filters"]) == ("2026-07-01", "2026-09-30", "Team = East")
        assert (r["win_rate_counts"], r["names_anonymised"]) == ("All closed deals", "false")  # the sidebar's words
    tom, bob = rows["Tom Hale"], rows["Bob Ray"]
    assert (tom["losses"], float(tom["no_decision_share_of_losses"])) == ("24", 9 / 24)
    assert int(bob["losses"]) == 6 < MIN_N and bob["no_decision_share_of_losses"] == ""  # withheld, its n beside it


def test_a_view_with_no_filter_says_none_and_what_the_win_rate_counts() -> None:
    import datetime as dt

    import polars as pl

    from winloss.filters import Filters
    from winloss.views.common import NO_FILTERS, VIEW_CSV, chart_view, with_view
    from winloss.views.reps import REP_CHART_CSV, rep_chart_data

    board = pl.DataFrame({c: [None] for c in REP_CHART_CSV}).with_columns(pl.lit("Ann").alias("rep"))
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    view = chart_view(Filters(denominator="excluding_no_decision"), start, end, False, "USD")
    written = with_view(rep_chart_data(board), view)
    assert written.columns == [*REP_CHART_CSV, *VIEW_CSV]
    assert written.row(0)[-5:] == (start, end, NO_FILTERS, "Excluding no decision", False)
