"""The Quarterly review's headline as records: the same tiles on the page, in the deck and in the HTML
report, each change shown only when both quarters have enough deals."""

from __future__ import annotations

from dataclasses import dataclass

from winloss import text
from winloss.rates import change_too_small
from winloss.review import Review, kpi_change, kpi_value_text


@dataclass(frozen=True)
class HeadlineTile:
    """One KPI of the review. `change` / `change_value` are against the previous quarter and `yoy`
    against the same quarter last year: None when either side is missing or has fewer than MIN_N
    deals in the KPI's n (a rate's own n; closed deals for counts; won deals for value)."""

    kpi: str
    label: str
    kind: str  # rate, count, money, index
    text: str  # "42%", "n too small (n = 5)", "$1.2M", "310"
    n: int
    small: bool
    change: str | None  # "+3 pts", "+8%", "+120"
    change_value: float | None  # the change as a number (its sign decides the arrow)
    yoy: str | None  # "+3 pts vs 2025 Q3"
    bad_when_up: bool


def headline_tiles(review: Review) -> list[HeadlineTile]:
    tiles = []
    for row in review.kpis.iter_rows(named=True):
        qoq = None if change_too_small(row["n"], row["n_previous"]) else kpi_change(
            row["kind"], row["value"], row["previous"])
        yoy = None if change_too_small(row["n"], row["n_last_year"]) else kpi_change(
            row["kind"], row["value"], row["last_year"])
        tiles.append(HeadlineTile(
            kpi=row["kpi"],
            label=row["label"],
            kind=row["kind"],
            text=kpi_value_text(row["kind"], row["value"], row["n"], row["small_n"], review.currency),
            n=row["n"],
            small=bool(row["small_n"]),
            change=None if qoq is None else qoq[1],
            change_value=None if qoq is None else qoq[0],
            yoy=None if yoy is None else f"{yoy[1]} vs {review.last_year}",
            bad_when_up=row["kpi"] == "no_decision_share_of_losses",
        ))
    return tiles


def n_text(tile: HeadlineTile) -> str:
    """"n = 310" under a rate (its n is what makes it a number or "n too small"); "" otherwise."""
    return f"n = {tile.n:,}" if tile.kind == "rate" else ""


def change_lines(tile: HeadlineTile, previous: str) -> tuple[str, str]:
    """The two change lines a tile shows (QoQ, YoY), "—" where a change is not shown."""
    qoq = f"{tile.change} vs {previous}" if tile.change else text.DASH
    return qoq, tile.yoy or text.DASH
