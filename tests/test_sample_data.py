"""Tests for the sample data generator: its export format, determinism and the story the data tells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import (
    DEFAULT_NO_DECISION_REASONS,
    OPPORTUNITY_SCHEMA,
    PROFILES,
    UNPROFILED,
    canonical_profile,
    folded,
)
from sample_data.generator import (
    AS_OF,
    SAMPLE_OPPORTUNITIES,
    SAMPLE_ROSTER,
    roster_csv,
    salesforce_csv,
    sample_opportunities,
    sample_roster,
    write_sample,
)

HEADER = (
    b'"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Probability (%)",'
    b'"Created Date","Close Date","Loss Reason","Region","Segment","Product","Primary Competitor",'
    b'"Opportunity ID","Opportunity ID"'
)
FOOTER = (
    b'\r\n"Grand Totals (10000 records)"\r\n'
    b'\r\n"Confidential Information - Do Not Distribute"\r\n'
    b'\r\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
)
# DESIGN.md: the mix among all reps in CEB's study.
DESIGN_MIX = {
    "Challenger": 0.27,
    "Hard Worker": 0.21,
    "Relationship Builder": 0.21,
    "Lone Wolf": 0.18,
    "Reactive Problem Solver": 0.14,
}
WON, LOST, NO_DECISION, OPEN = "won", "lost", "no_decision", "open"

is_won = pl.col("outcome") == WON
is_no_decision = pl.col("outcome") == NO_DECISION
RATES = {
    "n": pl.len(),
    "win_rate": is_won.mean(),
    "no_decision_share": is_no_decision.sum() / (~is_won).sum(),  # of losses, closed deals only
}


@pytest.fixture(scope="module")
def opportunities() -> pl.DataFrame:
    return sample_opportunities()


@pytest.fixture(scope="module")
def roster() -> pl.DataFrame:
    return sample_roster()


@pytest.fixture(scope="module")
def export(opportunities: pl.DataFrame) -> bytes:
    return salesforce_csv(opportunities)


@pytest.fixture(scope="module")
def closed(opportunities: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    """Closed deals with each owner's canonical profile (Unprofiled when not on the roster)."""
    profiles = roster.select(
        pl.col("Rep Name").alias("rep"),
        pl.col("Seller Profile").map_elements(canonical_profile, return_dtype=pl.String).alias("profile"),
    )
    return (
        opportunities.filter(pl.col("outcome") != OPEN)
        .join(profiles, on="rep", how="left")
        .with_columns(
            pl.col("profile").fill_null(UNPROFILED),
            pl.col("close_date").dt.truncate("1q").alias("quarter"),
        )
    )


def rates_by(closed: pl.DataFrame, *keys: str | pl.Expr) -> dict:
    """{key: {n, win_rate, no_decision_share}} for one grouping key."""
    table = closed.group_by(*keys).agg(**RATES)
    key = table.columns[0]
    return {row[key]: row for row in table.iter_rows(named=True)}


# --- determinism and the committed files ---------------------------------------------------------


def test_same_seed_gives_the_same_bytes() -> None:
    first = salesforce_csv(sample_opportunities(2_000, seed=3))
    assert first == salesforce_csv(sample_opportunities(2_000, seed=3))
    assert first != salesforce_csv(sample_opportunities(2_000, seed=4))
    assert roster_csv(sample_roster(seed=3)) == roster_csv(sample_roster(seed=3))


def test_committed_files_are_what_the_generator_writes_now(tmp_path: Path) -> None:
    written = write_sample(tmp_path)
    assert [p.name for p in written] == [SAMPLE_OPPORTUNITIES.name, SAMPLE_ROSTER.name]
    for fresh, committed in zip(written, (SAMPLE_OPPORTUNITIES, SAMPLE_ROSTER), strict=True):
        assert committed.read_bytes() == fresh.read_bytes(), f"regenerate {committed.name}"


# --- the Salesforce rendering ---------------------------------------------------------------------


def test_header_row_is_salesforces_with_two_opportunity_id_columns(export: bytes) -> None:
    assert export.split(b"\r\n", 1)[0] == HEADER


def test_report_footer_follows_the_data(export: bytes) -> None:
    assert export.endswith(FOOTER)


def test_one_line_per_opportunity(export: bytes, opportunities: pl.DataFrame) -> None:
    assert opportunities.height == 10_000
    data = export[: -len(FOOTER)].split(b"\r\n")
    assert data[-1] == b""  # the last data row ends with CRLF too
    assert len(data) - 2 == opportunities.height  # minus header and that empty tail


def test_crlf_line_ends_and_every_value_quoted(export: bytes) -> None:
    assert export.count(b"\n") == export.count(b"\r\n")
    lines = [line for line in export.split(b"\r\n") if line]
    assert all(line.startswith(b'"') and line.endswith(b'"') for line in lines)
    export.decode("utf-8")  # UTF-8, and the sample really carries non-ASCII names
    assert any(byte > 127 for byte in export)


def test_values_are_written_as_a_us_salesforce_report_writes_them() -> None:
    frame = pl.DataFrame(
        {
            "opportunity_id": ["0065g00000AbCdEAAV", "0065g00000XyZabAAE", "0065g00000QqQqqAAA"],
            "rep": ["Ava Müller", "Ben Ito", "Omar O'Brien"],
            "stage": ["Closed Lost", "Closed Won", "Negotiation/Review"],
            "outcome": ["lost", "won", "open"],
            "created_date": [date(2025, 1, 5), date(2025, 3, 1), date(2026, 9, 9)],
            "close_date": [date(2025, 3, 7), date(2025, 12, 31), date(2026, 11, 2)],
            "amount": [485_000.0, 1_234_567.5, 999.99],
            "currency": ["USD", "USD", "USD"],
            "converted_amount": [None, None, None],
            "converted_currency": [None, None, None],
            "probability": [0.0, 100.0, 90.0],
            "loss_reason": ["Price", None, None],
            "account": ['Acme "Big" Corp.', "Zenith Foods Inc.", "Élan AG"],
            "opportunity_name": ['Acme "Big" Corp. - Core Platform', "Zenith Foods Inc. - Forecasting",
                                 "Élan AG - Data Connectors"],
            "segment": ["Enterprise", "SMB", "Mid-Market"],
            "region": ["North America", "APAC", "EMEA"],
            "product": ["Core Platform", "Forecasting", "Data Connectors"],
            "competitor": [None, None, None],
        },
        schema=OPPORTUNITY_SCHEMA,
    )
    lines = salesforce_csv(frame).decode("utf-8").split("\r\n")
    assert lines[1:4] == [
        '"Ava Müller","Acme ""Big"" Corp.","Acme ""Big"" Corp. - Core Platform","Closed Lost",'
        '"USD 485,000.00","0","01/05/2025","03/07/2025","Price","North America","Enterprise",'
        '"Core Platform","-","0065g00000AbCdE","0065g00000AbCdEAAV"',
        '"Ben Ito","Zenith Foods Inc.","Zenith Foods Inc. - Forecasting","Closed Won",'
        '"USD 1,234,567.50","100","03/01/2025","12/31/2025","","APAC","SMB","Forecasting","-",'
        '"0065g00000XyZab","0065g00000XyZabAAE"',
        '"Omar O\'Brien","Élan AG","Élan AG - Data Connectors","Negotiation/Review","USD 999.99","90",'
        '"09/09/2026","11/02/2026","","EMEA","Mid-Market","Data Connectors","","0065g00000QqQqq",'
        '"0065g00000QqQqqAAA"',
    ]
    assert lines[5] == '"Grand Totals (3 records)"'


def test_roster_csv_has_the_roster_headers(roster: pl.DataFrame) -> None:
    text = roster_csv(roster).decode("utf-8")
    assert text.splitlines()[0] == "Rep Name,Seller Profile,Team,Manager,Region"
    assert len(text.splitlines()) == roster.height + 1


# --- the typed frame ------------------------------------------------------------------------------


def test_frame_has_the_canonical_schema(opportunities: pl.DataFrame) -> None:
    assert opportunities.schema == OPPORTUNITY_SCHEMA


def case_safe_suffix(id15: str) -> str:
    """Salesforce's 3-character suffix, written the slow, obvious way."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    chunks = (id15[i : i + 5] for i in range(0, 15, 5))
    return "".join(alphabet[sum(1 << k for k, ch in enumerate(chunk) if "A" <= ch <= "Z")] for chunk in chunks)


def test_ids_are_unique_18_character_salesforce_ids(opportunities: pl.DataFrame) -> None:
    ids = opportunities["opportunity_id"].to_list()
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 18 and i.startswith("006") and i.isalnum() for i in ids)
    assert all(i[15:] == case_safe_suffix(i[:15]) for i in ids)
    assert case_safe_suffix("0065g00000AbCdE") == "AAV"  # the documented example


def test_created_never_after_close_and_cycles_follow_amount(opportunities: pl.DataFrame) -> None:
    cycle = (pl.col("close_date") - pl.col("created_date")).dt.total_days()
    assert opportunities.select((cycle >= 0).all()).item()  # an open deal's expected close too
    closed = opportunities.filter(pl.col("outcome") != OPEN)  # a sales cycle is a closed deal's
    days = closed.select(cycle.min().alias("min"), cycle.max().alias("max")).row(0, named=True)
    assert 14 <= days["min"] and days["max"] <= 300
    correlation = closed.select(pl.corr(pl.col("amount").log(), cycle.log())).item()
    assert correlation > 0.4


def test_open_deals_are_mostly_fresh_with_a_stale_minority(opportunities: pl.DataFrame) -> None:
    """The at-risk list should be the minority it is in life, not most of the pipeline."""
    open_deals = opportunities.filter(pl.col("outcome") == OPEN)
    age = (pl.lit(AS_OF) - pl.col("created_date")).dt.total_days()
    stale = open_deals.select((age > 90).mean()).item()
    slipped = open_deals.select((pl.col("close_date") < AS_OF).mean()).item()
    assert 0.1 < stale < 0.3 and 0.05 < slipped < 0.2
    assert open_deals.select((age >= 0).all()).item()


def test_closed_deals_span_eight_quarters_and_open_deals_the_next_two(opportunities: pl.DataFrame) -> None:
    closed = opportunities.filter(pl.col("outcome") != OPEN)
    assert closed["close_date"].min() >= date(2024, 10, 1)
    assert closed["close_date"].max() <= date(2026, 9, 30)
    assert closed["close_date"].dt.truncate("1q").n_unique() == 8

    open_deals = opportunities.filter(pl.col("outcome") == OPEN)
    assert 0.08 <= open_deals.height / opportunities.height <= 0.10
    assert open_deals["close_date"].min() >= date(2026, 10, 1)
    assert open_deals["close_date"].max() <= date(2027, 3, 31)
    assert open_deals["created_date"].min() >= date(2026, 1, 1)
    assert open_deals["created_date"].max() <= date(2026, 11, 26)
    at_risk = open_deals.filter(pl.col("close_date") < date(2026, 11, 26)).height
    assert 0 < at_risk < open_deals.height / 2


def test_amounts_are_log_normal_from_a_few_thousand_to_about_a_million(opportunities: pl.DataFrame) -> None:
    amount = opportunities["amount"]
    assert amount.min() >= 1_000 and amount.max() <= 1_500_000
    assert amount.quantile(0.05) < 10_000 and amount.quantile(0.999) > 500_000
    assert amount.mean() > 1.5 * amount.median()  # right-skewed, as deal sizes are
    log_amount = amount.log()
    assert abs((log_amount.mean() - log_amount.median()) / log_amount.std()) < 0.2


def test_stage_probability_and_reasons_agree_with_the_outcome(opportunities: pl.DataFrame) -> None:
    by_outcome = {
        row["outcome"]: row
        for row in opportunities.group_by("outcome")
        .agg(
            pl.col("stage").unique().sort().alias("stages"),
            pl.col("probability").unique().sort().alias("probabilities"),
            pl.col("loss_reason").drop_nulls().unique().sort().alias("reasons"),
            pl.col("loss_reason").null_count().alias("no_reason"),
            pl.col("competitor").drop_nulls().n_unique().alias("competitors"),
            pl.len().alias("n"),
        )
        .iter_rows(named=True)
    }
    assert set(by_outcome) == {WON, LOST, NO_DECISION, OPEN}
    assert by_outcome[WON]["stages"] == ["Closed Won"] and by_outcome[WON]["probabilities"] == [100.0]
    for outcome in (LOST, NO_DECISION):
        assert by_outcome[outcome]["stages"] == ["Closed Lost"]
        assert by_outcome[outcome]["probabilities"] == [0.0]
        assert by_outcome[outcome]["no_reason"] == 0
    assert by_outcome[OPEN]["stages"] == sorted(
        ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Proposal/Price Quote",
         "Negotiation/Review"]
    )  # fmt: skip
    assert all(0 < p < 100 for p in by_outcome[OPEN]["probabilities"])
    for outcome in (WON, OPEN):
        assert by_outcome[outcome]["no_reason"] == by_outcome[outcome]["n"]
        assert by_outcome[outcome]["competitors"] == 0
    # The export keeps the outcome recoverable: no-decision reasons are all in the vocabulary,
    # competitive ones none of them, and the ambiguous "Timing" is not used at all.
    vocabulary = {folded(reason) for reason in DEFAULT_NO_DECISION_REASONS}
    assert all(folded(r) in vocabulary for r in by_outcome[NO_DECISION]["reasons"])
    assert not any(folded(r) in vocabulary for r in by_outcome[LOST]["reasons"])
    assert "Lost to Competitor" in by_outcome[LOST]["reasons"]
    assert by_outcome[NO_DECISION]["competitors"] == 0 and by_outcome[LOST]["competitors"] >= 3


def test_categorical_columns_use_the_documented_values(opportunities: pl.DataFrame) -> None:
    assert set(opportunities["currency"].unique()) == {"USD"}
    assert set(opportunities["segment"].unique()) == {"Enterprise", "Mid-Market", "SMB"}
    assert set(opportunities["region"].unique()) == {"North America", "EMEA", "APAC", "LATAM"}
    assert 3 <= opportunities["product"].n_unique() <= 5
    required = opportunities.select(pl.all().exclude("loss_reason", "competitor", "converted_amount", "converted_currency"))
    assert required.null_count().sum_horizontal().item() == 0


# --- reps and roster ------------------------------------------------------------------------------


def test_profile_mix_is_close_to_the_studys(roster: pl.DataFrame) -> None:
    profiles = [canonical_profile(label) for label in roster["Seller Profile"]]
    assert None not in profiles
    for profile, share in DESIGN_MIX.items():
        assert abs(profiles.count(profile) / len(profiles) - share) <= 0.03, profile


def test_roster_has_loose_labels_for_the_normaliser(roster: pl.DataFrame) -> None:
    loose = set(roster["Seller Profile"]) - set(PROFILES)
    assert loose and len(loose) <= 3
    assert roster["Rep Name"].n_unique() == roster.height == 40
    assert roster["Region"].n_unique() == 4 and roster["Team"].n_unique() >= 4
    assert roster["Manager"].n_unique() == roster["Team"].n_unique()


def test_two_deal_owners_are_missing_from_the_roster(opportunities: pl.DataFrame, roster: pl.DataFrame) -> None:
    owners = set(opportunities["rep"])
    assert len(owners - set(roster["Rep Name"])) == 2
    assert set(roster["Rep Name"]) <= owners


def test_some_reps_have_too_few_deals_to_rate(closed: pl.DataFrame) -> None:
    per_rep = closed.group_by("rep").len()
    assert per_rep.filter(pl.col("len") < 20).height >= 1
    assert per_rep["len"].median() > 100  # ... and most reps have plenty


# --- what the data shows --------------------------------------------------------------------------


def test_overall_win_rate_and_no_decision_share(closed: pl.DataFrame) -> None:
    overall = closed.select(**RATES).row(0, named=True)
    assert 0.40 <= overall["win_rate"] <= 0.47
    assert 0.40 <= overall["no_decision_share"] <= 0.60


def test_no_decision_share_drifts_up_over_the_quarters(closed: pl.DataFrame) -> None:
    share = closed.group_by("quarter").agg(**RATES).sort("quarter")["no_decision_share"].to_list()
    assert len(share) == 8
    assert sum(share[4:]) / 4 - sum(share[:4]) / 4 >= 0.04
    assert share[-1] - share[0] >= 0.05


def test_challengers_win_most(closed: pl.DataFrame) -> None:
    rates = rates_by(closed, "profile")
    challenger = rates["Challenger"]["win_rate"]
    for profile in (*PROFILES, UNPROFILED):
        assert 0.30 <= rates[profile]["win_rate"] <= 0.55, profile
        if profile != "Challenger":
            assert challenger > rates[profile]["win_rate"] + 0.02, profile
    assert rates["Relationship Builder"]["win_rate"] == min(rates[p]["win_rate"] for p in PROFILES)


def test_relationship_builders_lose_most_to_no_decision_and_challengers_least(closed: pl.DataFrame) -> None:
    share = {p: r["no_decision_share"] for p, r in rates_by(closed, "profile").items() if p in PROFILES}
    assert max(share, key=share.get) == "Relationship Builder"
    assert min(share, key=share.get) == "Challenger"
    assert share["Relationship Builder"] - share["Challenger"] >= 0.10


@pytest.mark.parametrize(
    "size",
    [
        pl.col("segment"),
        # cycle terciles: 1 the shortest third of deals, 3 the longest
        ((pl.col("close_date") - pl.col("created_date")).rank("ordinal") * 3 / pl.len()).ceil().cast(pl.Int64),
    ],
    ids=["segment", "cycle tercile"],
)
def test_challenger_edge_grows_with_deal_size_and_length(closed: pl.DataFrame, size: pl.Expr) -> None:
    table = closed.group_by(size.cast(pl.String).alias("size"), pl.col("profile") == "Challenger").agg(**RATES)
    win = {(row["size"], row["profile"]): row["win_rate"] for row in table.iter_rows(named=True)}
    smallest, largest = ("SMB", "Enterprise") if "SMB" in {s for s, _ in win} else ("1", "3")
    edge_small = win[smallest, True] - win[smallest, False]
    edge_large = win[largest, True] - win[largest, False]
    assert edge_large > 0.08
    assert edge_large - edge_small >= 0.06


def test_lone_wolves_vary_most(closed: pl.DataFrame) -> None:
    per_rep = closed.group_by("rep", "profile").agg(**RATES).filter(pl.col("n") >= 50)
    spread = dict(per_rep.group_by("profile").agg(pl.col("win_rate").std()).iter_rows())
    assert spread["Lone Wolf"] == max(spread[p] for p in PROFILES)


def test_top_performers_over_represent_challengers_and_lone_wolves(closed: pl.DataFrame) -> None:
    per_rep = closed.group_by("rep", "profile").agg(**RATES).filter(pl.col("n") >= 50)
    top = per_rep.sort("win_rate", descending=True).head(10)
    top_share = top["profile"].is_in(["Challenger", "Lone Wolf"]).mean()
    all_share = per_rep["profile"].is_in(["Challenger", "Lone Wolf"]).mean()
    assert top_share >= all_share + 0.2


def test_the_committed_sample_questionnaire_is_what_its_generator_writes_and_assesses_a_handful_of_reps(tmp_path):
    from sample_data.assessments import SAMPLE_ASSESSMENTS, assessments_csv, sample_assessments
    from winloss.deals import ASSESSED, deals, load_sample
    from winloss.store.delta import Store

    assert SAMPLE_ASSESSMENTS.read_bytes() == assessments_csv(sample_assessments())
    store = Store(tmp_path / "sample")
    load_sample(store)
    by_rep = deals(store).select("rep", "seller_profile", "profile_source").unique()
    assessed = dict(by_rep.filter(pl.col("profile_source") == ASSESSED).select("rep", "seller_profile").iter_rows())
    assert assessed == {"Sven Xu": "Challenger", "Camila Brennan": "Challenger", "Hana Hughes": "Relationship Builder",
                        "Rafael Walsh": "Hard Worker"}
    # Björn García's raters disagree: he stays Unprofiled, as does no one else.
    assert by_rep.filter(pl.col("seller_profile") == UNPROFILED)["rep"].to_list() == ["Björn García"]
    assert store.assessments().collect().height == 7 * 20
