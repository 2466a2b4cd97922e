"""The Overview's tiles draw under each change the two values it compares: the Win rate tile over "All time"
read "-8 pts 2026 Q4 to date vs Q3 to the same day" beside the whole range's rate, the quarters' own rates
nowhere. 2026 Q3 to 5 Jul: 30 closed deals, 15 won (50%); 2026 Q4 to 5 Oct: 30, 9 won (30%)."""

from __future__ import annotations

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date"


def rows(prefix: str, close: str, won: int, lost: int) -> list[str]:
    return [f"{prefix}{i},Ann,{'Closed Won' if i < won else 'Closed Lost'},1000,2026-06-01,{close}"
            for i in range(won + lost)]


def test_the_win_rate_tile_names_the_two_quarters_rates_under_its_change(store) -> None:
    lines = [*rows("A", "2026-07-05", 15, 15), *rows("B", "2026-10-05", 9, 21)]
    prepared = prepare(("\n".join([HEADER, *lines]) + "\n").encode(), "deals.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    drawn = {m.label: (m.value, m.proto.delta, m.proto.delta_description) for m in at.metric}
    assert drawn["Win rate"][1:] == ("-20 pts", "30% vs 50%, 2026 Q4 to date vs Q3 to the same day")
    assert drawn["Closed deals in range"][1:] == ("±0", "30 vs 30, 2026 Q4 to date vs Q3 to the same day")
