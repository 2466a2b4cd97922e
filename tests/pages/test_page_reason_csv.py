"""The loss-reason charts' CSVs hold what the charts draw, on the No decision page and on a rep's view: the ten
reasons drawn a bar each and one row for the bar of the others, not every reason one by one."""

from __future__ import annotations

import csv
import io
import json

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason"
REP = "Ana Ruiz"
# 13 reasons of 16, 15, … 4 lost deals, one rep's.
REASONS = {f"Reason {i:02d}": 16 - i for i in range(13)}


def stored(store) -> None:
    rows, number = [], 0
    for reason, deals in REASONS.items():
        for _ in range(deals):
            number += 1
            rows.append(f"D{number:03d},{REP},Closed Lost,1000,2026-08-{1 + number % 28:02d},{reason}")
    prepared = prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "reasons.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)


def written_reasons(data: bytes) -> list[tuple[str, int]]:
    return [(r["loss_reason"], int(r["deals"])) for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]


def drawn_categories(at, title_start: str) -> list[str]:
    """The bars (categories, in order) of the chart whose title starts with `title_start`."""
    (layout,) = [spec["layout"] for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                 if (spec["layout"].get("title") or {}).get("text", "").startswith(title_start)]
    return list(layout["yaxis"]["categoryarray"])


def expected() -> list[tuple[str, int]]:
    return [*list(REASONS.items())[:10], ("3 other reasons", 6 + 5 + 4)]


def test_the_no_decision_pages_reasons_csv_holds_the_ten_bars_and_the_others(store, deferred) -> None:
    stored(store)
    at = opened("no_decision", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (name,) = [n for n in deferred if n.startswith("why-deals-were-lost-most-frequent-first_")]  # then its view
    written = written_reasons(deferred[name]())  # as a click makes it
    assert written == expected()  # Reason 10, 11 and 12 had been written one by one
    assert [reason for reason, _ in written] == drawn_categories(at, "Why deals were lost")


def test_a_reps_reasons_csv_holds_the_ten_bars_and_the_others(store, deferred) -> None:
    stored(store)
    at = opened("reps", period="All time", rep=REP)
    assert not at.exception, [e.value for e in at.exception]
    (name,) = [n for n in deferred if n.startswith("why-") and n.endswith(".csv")]
    written = written_reasons(deferred[name]())
    assert written == expected()
    assert [reason for reason, _ in written] == drawn_categories(at, "Why")
