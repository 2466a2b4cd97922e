"""Seeded generator of the synthetic Salesforce opportunity export and rep roster the app starts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from data_models.vocabulary import (
    LOST,
    NO_DECISION,
    OPEN,
    OPPORTUNITY_FIELDS,
    OPPORTUNITY_SCHEMA,
    PROFILES,
    STUDY_MIX_ALL,
    UNPROFILED,
    WON,
)

SAMPLE_OPPORTUNITIES: Final = Path(__file__).with_name("salesforce_opportunities.csv")
SAMPLE_ROSTER: Final = Path(__file__).with_name("rep_roster.csv")

# A fixed calendar, never the clock, so the committed sample stays byte-identical.
FIRST_CLOSE: Final = date(2024, 10, 1)  # closed deals: 8 complete quarters ...
LAST_CLOSE: Final = date(2026, 9, 30)  # ... ending here
AS_OF: Final = date(2026, 11, 26)  # "today" for open deals: expected closes before it are at risk
OPEN_FIRST_CREATED: Final = date(2026, 1, 1)
OPEN_FIRST_CLOSE: Final = date(2026, 10, 1)
OPEN_LAST_CLOSE: Final = date(2027, 3, 31)
OPEN_SHARE: Final = 0.09

# The reps are mixed as the study found among all reps (vocabulary.STUDY_MIX_ALL).
PROFILE_MIX: Final = STUDY_MIX_ALL
# Roster labels written the way people type them, so the profile normaliser has work to do.
MESSY_PROFILE_LABELS: Final = {"Hard Worker": "hard worker", "Reactive Problem Solver": "Problem solver"}
UNROSTERED_REPS: Final = 2  # reps who own deals but are missing from the roster (shown as Unprofiled)

REGIONS: Final = ("North America", "EMEA", "APAC", "LATAM")
SEGMENTS: Final = ("Enterprise", "Mid-Market", "SMB")
CURRENCY: Final = "USD"
_OUTCOMES: Final = (WON, LOST, NO_DECISION, OPEN)  # the generator's outcome codes 0..3 index this

# Stages as a default Salesforce org names them, with their default probabilities.
WON_STAGE: Final = "Closed Won"
LOST_STAGE: Final = "Closed Lost"
OPEN_STAGES: Final = {
    "Prospecting": 10.0,
    "Qualification": 10.0,
    "Needs Analysis": 20.0,
    "Value Proposition": 50.0,
    "Proposal/Price Quote": 75.0,
    "Negotiation/Review": 90.0,
}
_OPEN_STAGE_WEIGHTS: Final = (0.15, 0.20, 0.20, 0.17, 0.15, 0.13)

# Competitive losses; "Timing" is left out on purpose: it could mean either kind of loss.
LOST_REASONS: Final = {"Lost to Competitor": 0.45, "Price": 0.25, "Product Fit": 0.15, "Missing Feature": 0.15}
# All of these are in vocabulary.DEFAULT_NO_DECISION_REASONS, so the outcome survives the export.
NO_DECISION_REASONS: Final = {
    "No Decision": 0.35,
    "Status Quo": 0.20,
    "Do Nothing": 0.15,
    "Went Dark": 0.20,
    "Project Cancelled": 0.10,
}
COMPETITORS: Final = {
    "Northwind Analytics": 0.30,
    "Contoso Revenue": 0.25,
    "Fabrikam Insights": 0.20,
    "Tailspin CRM": 0.15,
    "Litware": 0.10,
}
# Product: (share of deals, deal size relative to the platform).
PRODUCTS: Final = {
    "Core Platform": (0.40, 1.00),
    "Analytics Suite": (0.25, 0.80),
    "Forecasting": (0.20, 0.60),
    "Data Connectors": (0.15, 0.40),
}
# Segment: (median deal in USD, log-normal sigma).
_SEGMENT_AMOUNTS: Final = {"Enterprise": (140_000.0, 0.75), "Mid-Market": (38_000.0, 0.65), "SMB": (11_000.0, 0.55)}
_MIN_AMOUNT: Final = 1_000.0
_MAX_AMOUNT: Final = 1_500_000.0
_TYPICAL_AMOUNT: Final = 30_000.0  # the deal of complexity 0


@dataclass(frozen=True)
class _Team:
    name: str
    region: str
    share: float  # of the rostered reps
    segment_mix: tuple[float, float, float]  # Enterprise, Mid-Market, SMB


_TEAMS: Final = (
    _Team("NA Enterprise", "North America", 0.20, (0.55, 0.35, 0.10)),
    _Team("NA Commercial", "North America", 0.20, (0.05, 0.45, 0.50)),
    _Team("EMEA North", "EMEA", 0.15, (0.30, 0.40, 0.30)),
    _Team("EMEA South", "EMEA", 0.15, (0.20, 0.40, 0.40)),
    _Team("APAC", "APAC", 0.18, (0.25, 0.40, 0.35)),
    _Team("LATAM", "LATAM", 0.12, (0.15, 0.40, 0.45)),
)


@dataclass(frozen=True)
class _Behaviour:
    """How a profile sells, on the logit scale (the effects are illustrative, not from the study)."""

    win: float  # win logit on a deal of complexity 0
    win_per_complexity: float  # how the win logit moves as deals get bigger and longer
    rep_spread: float  # standard deviation of the per-rep win logit around the profile
    no_decision: float  # logit of a loss being a no-decision rather than a competitive loss


_BEHAVIOUR: Final = {
    # Challengers win most, and more so on large, long deals; they lose least to the status quo.
    "Challenger": _Behaviour(win=0.08, win_per_complexity=0.18, rep_spread=0.15, no_decision=-0.40),
    # Lone Wolves do well but vary a lot from one wolf to the next.
    "Lone Wolf": _Behaviour(win=-0.22, win_per_complexity=-0.05, rep_spread=0.40, no_decision=-0.05),
    "Hard Worker": _Behaviour(win=-0.38, win_per_complexity=-0.12, rep_spread=0.20, no_decision=0.00),
    "Reactive Problem Solver": _Behaviour(win=-0.45, win_per_complexity=-0.12, rep_spread=0.20, no_decision=0.05),
    # Relationship Builders keep deals warm that never close: the most no-decisions.
    "Relationship Builder": _Behaviour(win=-0.66, win_per_complexity=-0.15, rep_spread=0.20, no_decision=0.45),
    UNPROFILED: _Behaviour(win=-0.35, win_per_complexity=-0.10, rep_spread=0.20, no_decision=0.00),
}
_NO_DECISION_DRIFT: Final = 0.09  # logit per quarter: the status quo wins a little more each quarter
_NO_DECISION_PER_COMPLEXITY: Final = 0.15  # bigger deals stall more often
_REP_NO_DECISION_SPREAD: Final = 0.15

_FIRST_NAMES: Final = (
    "Ava", "Ben", "Chloé", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Isabel", "Jonas",
    "Keiko", "Liam", "Maya", "Noah", "Olivia", "Pablo", "Priya", "Quinn", "Rafael", "Sara",
    "Tomás", "Uma", "Victor", "Wei", "Yara", "Zoë", "Aiden", "Björn", "Camila", "Dmitri",
    "Emma", "Felix", "Hana", "Inès", "Jakob", "Lucía", "Mateo", "Nina", "Omar", "Sofia",
    "Arjun", "Leah", "Marcus", "Naomi", "Ravi", "Sven", "Tara", "Ethan",
)  # fmt: skip
_LAST_NAMES: Final = (
    "Abbott", "Bauer", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Hughes", "Ito",
    "Jansen", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Patel", "Quintero",
    "Rossi", "Schmidt", "Tanaka", "Urquhart", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang",
    "Alvarez", "Brennan", "Chen", "Delgado", "Okafor", "Moreau", "Novak", "Singh", "Haddad",
    "Kim", "Larsen", "Mendes", "Park", "Reyes",
)  # fmt: skip
_ACCOUNT_PREFIXES: Final = (
    "Acme", "Apex", "Blue Ridge", "Brightwater", "Cedar", "Cobalt", "Crescent", "Evergreen",
    "Falcon", "Granite", "Harbor", "Horizon", "Ironwood", "Juniper", "Keystone", "Lakeside",
    "Meridian", "Northstar", "Oakline", "Pinnacle", "Quarry", "Redwood", "Silverline", "Summit",
    "Tidewater", "Union", "Vantage", "Westbrook", "Yellowfin", "Zenith",
)  # fmt: skip
_ACCOUNT_INDUSTRIES: Final = (
    "Logistics", "Health", "Foods", "Capital", "Energy", "Software", "Manufacturing", "Retail",
    "Insurance", "Telecom", "Pharma", "Media",
)  # fmt: skip
# Per region: extra prefixes (non-ASCII on purpose: the export must stay UTF-8) and legal suffixes.
_REGIONAL_ACCOUNTS: Final = {
    "North America": (("Lone Star", "Great Lakes", "Cascade"), ("Inc.", "Corp.", "LLC")),
    "EMEA": (("Großmann", "Élan", "Nordlys"), ("GmbH", "Ltd", "S.A.", "AG", "B.V.")),
    "APAC": (("Sakura", "Kōyō", "Coral Sea"), ("Pty Ltd", "K.K.", "Pte. Ltd.")),
    "LATAM": (("São Bento", "Señorío", "Andina"), ("S.A. de C.V.", "Ltda.", "S.A.S.")),
}
_ACCOUNTS_PER_SEGMENT: Final = (40, 100, 200)  # per region: few large accounts, many small ones

# Salesforce ids: key prefix 006 (Opportunity), pod "5g", a reserved 0, 9 base-62 digits, then
# the 3-character case-safe suffix that makes the 18-character id.
_ID_PREFIX: Final = b"0065g0"
_BASE62: Final = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", np.uint8)
_SUFFIX_CHARS: Final = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", np.uint8)

SALESFORCE_HEADER: Final = (
    "Opportunity Owner",
    "Account Name",
    "Opportunity Name",
    "Stage",
    "Amount",
    "Probability (%)",
    "Created Date",
    "Close Date",
    "Loss Reason",
    "Region",
    "Segment",
    "Product",
    "Primary Competitor",
    "Opportunity ID",  # 15 characters
    "Opportunity ID",  # 18 characters
)
ROSTER_HEADER: Final = ("Rep Name", "Seller Profile", "Team", "Manager", "Region")
_SALESFORCE_FOOTER: Final = (
    "Confidential Information - Do Not Distribute",
    "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
)
_CRLF: Final = "\r\n"


def _day(d: date) -> int:
    """Days since 1970-01-01, the integer behind pl.Date."""
    return (d - date(1970, 1, 1)).days


def _quarter_starts() -> np.ndarray:
    """Day numbers of the 8 closed quarters' first days, plus the day after the last one."""
    months = [FIRST_CLOSE.year * 12 + FIRST_CLOSE.month - 1 + 3 * k for k in range(9)]
    return np.array([_day(date(m // 12, m % 12 + 1, 1)) for m in months], dtype=np.int64)


def _apportion(total: int, shares: list[float] | tuple[float, ...]) -> np.ndarray:
    """Split `total` into whole counts proportional to `shares` (largest remainder, ties to the first)."""
    weights = np.asarray(shares, dtype=np.float64)
    raw = total * weights / weights.sum()
    counts = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _rep_table(n_reps: int, seed: int) -> pl.DataFrame:
    """Every rep who owns deals: the rostered ones first, then the unrostered ones.

    Both the roster and the opportunities come from this, so they agree for a seed whatever `n`.
    Columns: rep, profile (true; Unprofiled for unrostered reps), label (as the roster writes it),
    team, manager, region, on_roster, weight (share of deals), window_start/window_end (the
    close-day numbers the rep closes deals in), win_effect, no_decision_effect.
    """
    if n_reps < 1:
        raise ValueError(f"n_reps must be at least 1, got {n_reps}")
    rng = np.random.default_rng([seed, 1])
    n_all = n_reps + UNROSTERED_REPS

    team_of_rep = np.repeat(np.arange(len(_TEAMS)), _apportion(n_reps, [t.share for t in _TEAMS]))
    team_of_rep = np.concatenate([team_of_rep, rng.integers(0, len(_TEAMS), UNROSTERED_REPS)])
    profile_counts = _apportion(n_reps, [PROFILE_MIX[p] for p in PROFILES])
    profiles = [PROFILES[i] for i in rng.permutation(np.repeat(np.arange(len(PROFILES)), profile_counts))]
    profiles += [UNPROFILED] * UNROSTERED_REPS

    n_names = n_all + len(_TEAMS)  # reps, then one manager per team
    pool = len(_FIRST_NAMES) * len(_LAST_NAMES)
    if n_names > pool:
        raise ValueError(f"at most {pool - len(_TEAMS) - UNROSTERED_REPS} reps, got {n_reps}")
    picks = rng.choice(pool, size=n_names, replace=False)
    names = [f"{_FIRST_NAMES[i // len(_LAST_NAMES)]} {_LAST_NAMES[i % len(_LAST_NAMES)]}" for i in picks]
    reps, managers = names[:n_all], names[n_all:]

    labels = list(profiles)
    for canonical, messy in MESSY_PROFILE_LABELS.items():
        if canonical in profiles:
            labels[profiles.index(canonical)] = messy

    quarters = _quarter_starts()
    window_start = np.full(n_all, quarters[0])
    window_end = np.full(n_all, quarters[-1])  # exclusive
    weight = rng.gamma(8.0, 1 / 8.0, n_all)  # mean 1, sd ~0.35: some reps simply run more deals
    # The last rostered rep is a new hire: only the last quarter, a handful of deals (small n).
    window_start[n_reps - 1], weight[n_reps - 1] = quarters[7], 0.07
    # Unrostered: one rep who left after three quarters, one contractor who joined two quarters ago.
    window_end[n_reps], weight[n_reps] = quarters[3], 0.6
    window_start[n_reps + 1], weight[n_reps + 1] = quarters[6], 0.12

    spread = np.array([_BEHAVIOUR[p].rep_spread for p in profiles])
    return pl.DataFrame(
        {
            "rep": reps,
            "profile": profiles,
            "label": labels,
            "team": [_TEAMS[t].name for t in team_of_rep],
            "manager": [managers[t] for t in team_of_rep],
            "region": [_TEAMS[t].region for t in team_of_rep],
            "team_index": team_of_rep,
            "on_roster": np.arange(n_all) < n_reps,
            "weight": weight,
            "window_start": window_start,
            "window_end": window_end,
            "win_effect": rng.normal(0.0, 1.0, n_all) * spread,
            "no_decision_effect": rng.normal(0.0, _REP_NO_DECISION_SPREAD, n_all),
        }
    )


def _account_pool(seed: int) -> tuple[pl.Series, np.ndarray, np.ndarray]:
    """Account names grouped by (region, segment), region-major; with each group's start and size."""
    rng = np.random.default_rng([seed, 3])
    names: list[str] = []
    for region in REGIONS:
        extra_prefixes, suffixes = _REGIONAL_ACCOUNTS[region]
        prefixes = _ACCOUNT_PREFIXES + extra_prefixes
        industries = len(_ACCOUNT_INDUSTRIES)
        # Unique (prefix, industry) pairs within a region; the suffixes keep regions apart.
        combos = rng.choice(len(prefixes) * industries, size=sum(_ACCOUNTS_PER_SEGMENT), replace=False)
        legal = rng.integers(0, len(suffixes), combos.size)
        names += [
            f"{prefixes[c // industries]} {_ACCOUNT_INDUSTRIES[c % industries]} {suffixes[s]}"
            for c, s in zip(combos, legal, strict=True)
        ]
    sizes = np.tile(np.array(_ACCOUNTS_PER_SEGMENT, dtype=np.int64), len(REGIONS))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return pl.Series("account", names), starts, sizes


def _salesforce_ids(record_numbers: np.ndarray) -> pl.Series:
    """18-character Salesforce opportunity ids, vectorised, with a correct case-safe suffix."""
    n = record_numbers.size
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, : len(_ID_PREFIX)] = np.frombuffer(_ID_PREFIX, np.uint8)
    value = record_numbers.astype(np.int64)
    for position in range(14, len(_ID_PREFIX) - 1, -1):
        chars[:, position] = _BASE62[value % 62]
        value //= 62
    # Suffix: for each 5-character chunk, bit i is set when character i is an upper-case letter.
    upper = ((chars[:, :15] >= ord("A")) & (chars[:, :15] <= ord("Z"))).reshape(n, 3, 5)
    chars[:, 15:] = _SUFFIX_CHARS[(upper * np.array([1, 2, 4, 8, 16])).sum(axis=2)]
    return pl.Series("opportunity_id", chars.view("S18").ravel()).cast(pl.String)


def _pick(rng: np.random.Generator, shares: dict[str, float] | tuple[float, ...], n: int) -> np.ndarray:
    """n indices into `shares`, drawn with those probabilities."""
    p = np.asarray(list(shares.values()) if isinstance(shares, dict) else shares, dtype=np.float64)
    return rng.choice(p.size, size=n, p=p / p.sum())


def _labels(values: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    """values[index] as a string Series; index -1 gives null."""
    return pl.Series([None, *values], dtype=pl.String).gather(index + 1)


def sample_opportunities(n: int = 10_000, seed: int = 7, n_reps: int = 40) -> pl.DataFrame:
    """`n` synthetic opportunities in the canonical schema, the same for the same arguments.

    Owned by the `n_reps` rostered reps of `sample_roster(n_reps, seed)` plus two reps the roster
    does not list. About 9% are open; the rest closed in the 8 quarters FIRST_CLOSE..LAST_CLOSE.
    Sorted by created date; ids ascend with it, as Salesforce's do.
    """
    reps = _rep_table(n_reps, seed)
    rng = np.random.default_rng([seed, 2])
    quarters = _quarter_starts()
    is_open = rng.random(n) < OPEN_SHARE

    # Owner: closed deals by activity weight; open deals only by reps still here today.
    weight = reps["weight"].to_numpy()
    window_start, window_end = reps["window_start"].to_numpy(), reps["window_end"].to_numpy()
    active_weight = np.where(window_end == quarters[-1], weight, 0.0)
    rep_idx = np.where(
        is_open,
        rng.choice(weight.size, size=n, p=active_weight / active_weight.sum()),
        rng.choice(weight.size, size=n, p=weight / weight.sum()),
    )
    team_idx = reps["team_index"].to_numpy()[rep_idx]
    region_idx = np.array([REGIONS.index(_TEAMS[t].region) for t in range(len(_TEAMS))])[team_idx]
    segment_cdf = np.cumsum([t.segment_mix for t in _TEAMS], axis=1)[team_idx]
    segment_idx = np.minimum((rng.random(n)[:, None] > segment_cdf).sum(axis=1), len(SEGMENTS) - 1)
    product_idx = _pick(rng, tuple(share for share, _ in PRODUCTS.values()), n)

    accounts, group_start, group_size = _account_pool(seed)
    group = region_idx * len(SEGMENTS) + segment_idx
    account_idx = group_start[group] + np.floor(rng.random(n) * group_size[group]).astype(np.int64)

    median = np.array([_SEGMENT_AMOUNTS[s][0] for s in SEGMENTS])[segment_idx]
    sigma = np.array([_SEGMENT_AMOUNTS[s][1] for s in SEGMENTS])[segment_idx]
    size = np.array([scale for _, scale in PRODUCTS.values()])[product_idx]
    amount = median * size * np.exp(sigma * rng.standard_normal(n))
    amount = np.clip(np.round(amount / 100.0) * 100.0, _MIN_AMOUNT, _MAX_AMOUNT)
    # Complexity: bigger deals, and deals that would run long anyway, are harder to win. The same
    # draw lengthens the cycle below, so the Challenger edge shows in amount and in cycle length.
    cycle_noise = rng.standard_normal(n)
    complexity = np.log(amount / _TYPICAL_AMOUNT) / 1.3 + 0.5 * cycle_noise

    # Close dates of closed deals: volume grows a little each quarter and bunches at quarter end.
    quarter = _pick(rng, tuple(np.linspace(1.0, 1.3, 8)), n)
    quarter_length = np.diff(quarters)
    close = quarters[quarter] + np.floor(rng.random(n) ** 0.6 * quarter_length[quarter]).astype(np.int64)
    # Reps who joined or left close only inside their window (unskewed: few deals anyway).
    rep_start, rep_end = window_start[rep_idx], window_end[rep_idx]
    windowed = (rep_start != quarters[0]) | (rep_end != quarters[-1])
    in_window = rep_start + np.floor(rng.random(n) * (rep_end - rep_start)).astype(np.int64)
    close = np.where(windowed, in_window, close)
    quarter = np.searchsorted(quarters, close, side="right") - 1

    profiles = reps["profile"].to_list()
    behaviour = [_BEHAVIOUR[p] for p in profiles]
    win_logit = (
        np.array([b.win for b in behaviour])[rep_idx]
        + reps["win_effect"].to_numpy()[rep_idx]
        + np.array([b.win_per_complexity for b in behaviour])[rep_idx] * complexity
    )
    no_decision_logit = (
        np.array([b.no_decision for b in behaviour])[rep_idx]
        + reps["no_decision_effect"].to_numpy()[rep_idx]
        + _NO_DECISION_DRIFT * (quarter - 3.5)
        + _NO_DECISION_PER_COMPLEXITY * complexity
    )
    won = rng.random(n) < _sigmoid(win_logit)
    no_decision = ~won & (rng.random(n) < _sigmoid(no_decision_logit))
    outcome = np.select([is_open, won, no_decision], [3, 0, 2], default=1)  # index into _OUTCOMES

    # Cycle length: grows with amount; no-decision deals drag on before they die.
    outcome_drag = np.array([-0.05, -0.10, 0.25, 0.0])[outcome]
    log_cycle = np.log(45.0) + 0.35 * np.log(amount / _TYPICAL_AMOUNT) + 0.35 * cycle_noise + outcome_drag
    cycle = np.clip(np.round(np.exp(log_cycle)), 14, 300).astype(np.int64)
    created = close - cycle

    # Open deals: most were created in the last two months and expect to close in the next two
    # quarters; about a fifth have gone stale (open for months) and some have slipped past their
    # expected close date: the at-risk list a manager acts on should be the minority it is in life.
    stale = rng.random(n) < 0.2
    age = np.where(stale, rng.integers(75, 240, n), rng.integers(0, 60, n))
    open_created = np.maximum(_day(AS_OF) - age, _day(OPEN_FIRST_CREATED))
    slipped = rng.random(n) < 0.12
    upcoming = _day(AS_OF) + rng.integers(1, _day(OPEN_LAST_CLOSE) - _day(AS_OF) + 1, n)
    past_due = _day(OPEN_FIRST_CLOSE) + rng.integers(0, _day(AS_OF) - _day(OPEN_FIRST_CLOSE), n)
    open_close = np.maximum(np.where(slipped, past_due, upcoming), open_created)
    close = np.where(is_open, open_close, close)
    created = np.where(is_open, open_created, created)

    open_stage = _pick(rng, _OPEN_STAGE_WEIGHTS, n)
    stages = (WON_STAGE, LOST_STAGE, *OPEN_STAGES)
    stage_idx = np.select([outcome == 0, outcome == 3], [0, 2 + open_stage], default=1)
    probability = np.array([100.0, 0.0, *OPEN_STAGES.values()])[stage_idx]

    lost_reason = _pick(rng, LOST_REASONS, n)
    reason_idx = np.select(
        [outcome == 1, outcome == 2],
        [lost_reason, len(LOST_REASONS) + _pick(rng, NO_DECISION_REASONS, n)],
        default=-1,
    )
    # A named competitor on every "Lost to Competitor" and on half the price losses.
    named = (outcome == 1) & ((lost_reason == 0) | ((lost_reason == 1) & (rng.random(n) < 0.5)))
    competitor_idx = np.where(named, _pick(rng, COMPETITORS, n), -1)
    record_step = rng.integers(1, 2_000, n)

    frame = pl.DataFrame(
        {
            "rep": reps["rep"].gather(rep_idx),
            "stage": _labels(stages, stage_idx),
            "outcome": _labels(_OUTCOMES, outcome),
            "created_date": pl.Series(created.astype(np.int32)).cast(pl.Date),
            "close_date": pl.Series(close.astype(np.int32)).cast(pl.Date),
            "amount": amount,
            "probability": probability,
            "loss_reason": _labels((*LOST_REASONS, *NO_DECISION_REASONS), reason_idx),
            "account": accounts.gather(account_idx),
            "segment": _labels(SEGMENTS, segment_idx),
            "region": _labels(REGIONS, region_idx),
            "product": _labels(tuple(PRODUCTS), product_idx),
            "competitor": _labels(tuple(COMPETITORS), competitor_idx),
        }
    ).sort("created_date", maintain_order=True)
    return frame.with_columns(
        _salesforce_ids(1_000_000_000 + np.cumsum(record_step)),
        pl.lit(CURRENCY).alias("currency"),
        pl.lit(None, pl.Float64).alias("converted_amount"),  # one currency: nothing to convert
        pl.lit(None, pl.String).alias("converted_currency"),
        # Named as a Salesforce user names a deal: its account and what it sells.
        pl.concat_str([pl.col("account"), pl.col("product")], separator=" - ", ignore_nulls=True).alias("opportunity_name"),
    ).select(OPPORTUNITY_FIELDS).cast(dict(OPPORTUNITY_SCHEMA))


def sample_roster(n_reps: int = 40, seed: int = 7) -> pl.DataFrame:
    """The rep roster in its export shape: Rep Name, Seller Profile, Team, Manager, Region.

    Lists the `n_reps` rostered reps only (the two unrostered deal owners are missing on purpose);
    two profile labels are written loosely ("hard worker", "Problem solver").
    """
    return (
        _rep_table(n_reps, seed)
        .filter(pl.col("on_roster"))
        .select(
            pl.col("rep").alias("Rep Name"),
            pl.col("label").alias("Seller Profile"),
            pl.col("team").alias("Team"),
            pl.col("manager").alias("Manager"),
            pl.col("region").alias("Region"),
        )
        .sort("Team", "Rep Name")
    )


def _thousands(whole: pl.Expr) -> pl.Expr:
    """A non-negative integer expression written with comma thousands separators: 1234567 -> "1,234,567"."""

    def group(power: int) -> pl.Expr:
        return ((whole // 10**power) % 1000).cast(pl.String).str.zfill(3)

    def lead(power: int) -> pl.Expr:
        return (whole // 10**power).cast(pl.String)

    return (
        pl.when(whole < 10**3)
        .then(whole.cast(pl.String))
        .when(whole < 10**6)
        .then(pl.concat_str([lead(3), group(0)], separator=","))
        .when(whole < 10**9)
        .then(pl.concat_str([lead(6), group(3), group(0)], separator=","))
        .otherwise(pl.concat_str([lead(9), group(6), group(3), group(0)], separator=","))
    )


def _salesforce_amount(amount: pl.Expr, currency: pl.Expr) -> pl.Expr:
    """Amounts as a US-locale Salesforce report writes them: "USD 485,000.00"."""
    cents = (amount.abs() * 100).round(0).cast(pl.Int64)
    sign = pl.when(amount < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    digits = pl.concat_str([sign, _thousands(cents // 100), pl.lit("."), (cents % 100).cast(pl.String).str.zfill(2)])
    return pl.concat_str([currency, pl.lit(" "), digits])


def _quoted_line(cells: tuple[str, ...] | list[str]) -> str:
    return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells) + _CRLF


def salesforce_csv(opportunities: pl.DataFrame) -> bytes:
    """The opportunities as a Salesforce report export (US locale), footer included.

    Every cell quoted, CRLF line ends, UTF-8, two "Opportunity ID" columns (15 then 18
    characters). A missing Primary Competitor is "-" on closed deals and "" on open ones, the mix
    real reports show. Vectorised: a million rows take a few seconds.
    """
    us_date = "%m/%d/%Y"
    columns = (
        pl.col("rep"),
        pl.col("account"),
        pl.col("opportunity_name"),
        pl.col("stage"),
        _salesforce_amount(pl.col("amount"), pl.col("currency")),
        pl.col("probability").round(0).cast(pl.Int64).cast(pl.String),
        pl.col("created_date").dt.strftime(us_date),
        pl.col("close_date").dt.strftime(us_date),
        pl.col("loss_reason"),
        pl.col("region"),
        pl.col("segment"),
        pl.col("product"),
        pl.when(pl.col("competitor").is_not_null())
        .then(pl.col("competitor"))
        .when(pl.col("stage").str.starts_with("Closed"))
        .then(pl.lit("-"))
        .otherwise(pl.lit("")),
        pl.col("opportunity_id").str.slice(0, 15),
        pl.col("opportunity_id"),
    )
    # Positional names: the real headers repeat one, which a Polars frame cannot hold.
    cells = opportunities.select(e.alias(f"c{i}") for i, e in enumerate(columns)).fill_null("")
    body = cells.write_csv(include_header=False, quote_style="always", line_terminator=_CRLF)
    footer = _CRLF + _quoted_line([f"Grand Totals ({opportunities.height} records)"])
    for line in _SALESFORCE_FOOTER:
        footer += _CRLF + _quoted_line([line])
    return (_quoted_line(SALESFORCE_HEADER) + body + footer).encode("utf-8")


def roster_csv(roster: pl.DataFrame) -> bytes:
    """The roster as a plain UTF-8 CSV (quoted only where needed, LF line ends)."""
    return roster.select(ROSTER_HEADER).write_csv().encode("utf-8")


def write_sample(out_dir: Path, n: int = 10_000, seed: int = 7) -> list[Path]:
    """Write the Salesforce export and the roster into `out_dir`; return [opportunities, roster]."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    opportunities = out_dir / SAMPLE_OPPORTUNITIES.name
    roster = out_dir / SAMPLE_ROSTER.name
    opportunities.write_bytes(salesforce_csv(sample_opportunities(n, seed)))
    roster.write_bytes(roster_csv(sample_roster(seed=seed)))
    return [opportunities, roster]


if __name__ == "__main__":
    for path in write_sample(SAMPLE_OPPORTUNITIES.parent):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
