"""Hand-built deals whose every number is worked out in the comments, shared by the measures' tests and the CLI's."""

from __future__ import annotations

from datetime import date

import polars as pl

from data_models.vocabulary import OPPORTUNITY_SCHEMA, canonical_profile
from sample_data.generator import sample_opportunities, sample_roster

DEALS_SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}


# Reps: Ann and Bob are Challengers in team East, Cat a Hard Worker in West, Dan a Lone Wolf
# with no team.
REPS = {
    "Ann": ("Challenger", "East", "Eve"),
    "Bob": ("Challenger", "East", "Eve"),
    "Cat": ("Hard Worker", "West", "Wes"),
    "Dan": ("Lone Wolf", None, None),
}


Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))


# id, rep, outcome, created, close (expected close when open), amount, loss reason, region.
# Cycle days (created -> close) worked out by hand for the closed ones.
ROWS = [
    ("D01", "Ann", "won", date(2024, 11, 1), date(2025, 1, 10), 100.0, None, "EMEA"),  # 70 d
    ("D02", "Ann", "won", date(2024, 12, 1), date(2025, 2, 15), 300.0, None, "EMEA"),  # 76 d
    ("D03", "Ann", "lost", date(2024, 12, 15), date(2025, 2, 20), 200.0, "Price", "EMEA"),  # 67
    ("D04", "Ann", "no_decision", date(2025, 1, 5), date(2025, 3, 1), None, "No Decision", "NA"),  # 55
    ("D05", "Bob", "won", date(2025, 1, 10), date(2025, 3, 10), None, None, "NA"),  # 59 d
    ("D06", "Bob", "lost", date(2025, 1, 2), date(2025, 3, 15), 50.0, "Price", "NA"),  # 72 d
    ("D07", "Bob", "no_decision", date(2024, 10, 1), date(2025, 3, 20), 400.0, "Went Dark", "NA"),  # 170
    ("D08", "Cat", "won", None, date(2025, 3, 25), 150.0, None, None),  # no created date
    ("D09", "Cat", "no_decision", date(2025, 2, 1), date(2025, 3, 31), 100.0, None, None),  # 58 d
    ("D10", "Cat", "lost", date(2024, 9, 1), date(2024, 12, 20), 80.0, "Price", None),  # 2024 Q4
    ("D11", "Ann", "open", date(2025, 2, 1), date(2025, 4, 30), 500.0, None, "EMEA"),
    ("D12", "Bob", "open", date(2025, 5, 1), date(2025, 6, 30), 70.0, None, "NA"),  # after Q1
    ("D13", "Dan", "open", None, date(2025, 1, 15), 90.0, None, "EMEA"),
    ("D14", "Dan", "won", date(2025, 1, 20), date(2025, 4, 5), 60.0, None, "EMEA"),  # 75 d, Q2
]


def make_deals(
    rows: list[tuple], reps: dict[str, tuple[str, str | None, str | None]] = REPS
) -> pl.LazyFrame:
    """The deals frame for rows; a rep missing from `reps` is Unprofiled with no team."""
    records = []
    for opp, rep, outcome, created, close, amount, reason, region in rows:
        profile, team, manager = reps.get(rep, ("Unprofiled", None, None))
        records.append(
            {
                "opportunity_id": opp,
                "rep": rep,
                "stage": outcome,
                "outcome": outcome,
                "created_date": created,
                "close_date": close,
                "amount": amount,
                "currency": "USD",
                "probability": None,
                "loss_reason": reason,
                "account": f"Account {opp}",
                "segment": None,
                "region": region,
                "product": None,
                "competitor": None,
                "seller_profile": profile,
                "team": team,
                "manager": manager,
            }
        )
    return pl.DataFrame(records, schema=DEALS_SCHEMA).lazy()


def closed_rows(rep: str, won: int, lost: int, start: int = 0) -> list[tuple]:
    """`won` won and `lost` lost deals for a rep, all closed on 1 Feb 2025."""
    outcomes = ["won"] * won + ["lost"] * lost
    return [
        (f"{rep}-{start + i}", rep, o, date(2025, 1, 1), date(2025, 2, 1), 10.0, None, None)
        for i, o in enumerate(outcomes)
    ]


def ids(frame: pl.DataFrame) -> list[str]:
    return frame["opportunity_id"].to_list()


def generated_deals() -> pl.DataFrame:
    """3,000 generated deals joined to their roster (two unrostered reps become Unprofiled)."""
    roster = sample_roster(12, seed=3).select(
        pl.col("Rep Name").alias("rep"),
        pl.col("Seller Profile").map_elements(canonical_profile, return_dtype=pl.String).alias("seller_profile"),
        pl.col("Team").alias("team"),
        pl.col("Manager").alias("manager"),
    )
    return (
        sample_opportunities(3_000, seed=3, n_reps=12)
        .join(roster, on="rep", how="left")
        .with_columns(pl.col("seller_profile").fill_null("Unprofiled"))
    )
