"""The review's findings: which changes and gaps pass the rule (n, a two-proportion z-test, a minimum size
in points), and each one in a plain sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import UNPROFILED
from winloss.exchange import DEFAULT_REPORTING_CURRENCY, Unconverted
from winloss.measures.profiles import too_few_reps
from winloss.measures.at_risk import at_risk_rule
from winloss.rates import MIN_N, MIN_REPS, Denominator, two_proportion_z_test
from winloss.text import ND_SHARE_OF_LOSSES, money, percent, whole_percent

MEASURE_LABELS: Final = {
    "win_rate": "Win rate",
    "no_decision_share_of_losses": ND_SHARE_OF_LOSSES,
}
MIN_POINTS: Final = 3
"""A change or gap smaller than this many percentage points is not reported, however certain."""
ALPHA: Final = 0.05
"""A change is reported only when the two-proportion z-test's two-sided p-value is below this."""
MOVER_FINDINGS: Final = 3

_PLURALS: Final = {
    "Challenger": "Challengers",
    "Hard Worker": "Hard Workers",
    "Relationship Builder": "Relationship Builders",
    "Lone Wolf": "Lone Wolves",
    "Reactive Problem Solver": "Reactive Problem Solvers",
    UNPROFILED: "Unprofiled reps",
}


@dataclass(frozen=True)
class Finding:
    """One plain-language finding and the numbers behind it.

    For a change, `before`/`after` are the rate in the earlier and the reviewed period; for a
    gap between a group and the rest, `before` is the rest and `after` the group. Rates are
    fractions. `good` says whether it is good news (for an icon), None when neither.
    """

    topic: str  # win_rate, no_decision, profile, mover, at_risk
    text: str
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    p_value: float | None
    good: bool | None

    @property
    def points(self) -> int | None:
        """The change in whole percentage points, as the rounded rates in the text show it."""
        if self.before is None or self.after is None:
            return None
        return whole_percent(self.after) - whole_percent(self.before)


def _moved(before: float, after: float, up: str = "rose", down: str = "fell") -> str:
    return up if after > before else down


def n_change(n_before: int, n_after: int, space: str = " ") -> str:
    """The deals a change between two quarters is on, as every table and finding writes them: "320 → 345",
    or "345 in both" when the two are equal ("345 → 345" read as a slip of the pen). `space` goes between
    the words (a no-break space where a sentence must not end a line inside it)."""
    if n_before == n_after:
        return f"{n_after:,}{space}in{space}both"
    return f"{n_before:,}{space}→{space}{n_after:,}"


def _arrow_n(n_before: int, n_after: int) -> str:
    """The deals a change is on in a finding: "n = 320 → 345", "n = 345 in both" (n_change)."""
    # No-break spaces: "n =" never ends a line with its number on the next.
    return "n\u00a0=\u00a0" + n_change(n_before, n_after, "\u00a0")


def passes(x_before: int, n_before: int, x_after: int, n_after: int, min_n: int = MIN_N) -> tuple[bool, float | None]:
    """Whether a change from x_before/n_before to x_after/n_after is worth a finding, and its p-value.

    The rule: both sides have at least `min_n` deals (the app's small-n rule), the pooled
    two-proportion z-test gives a two-sided p-value below ALPHA (0.05), and the rates differ by
    at least MIN_POINTS (3) percentage points. The test keeps chance out; the minimum change
    keeps out differences too small to act on, which a large enough sample makes "significant".
    """
    if n_before < min_n or n_after < min_n:
        return False, None
    _, p_value = two_proportion_z_test(x_after, n_after, x_before, n_before)
    if p_value is None:
        return False, None
    change = x_after / n_after - x_before / n_before
    return (p_value < ALPHA and abs(change) * 100 >= MIN_POINTS), p_value


def change_finding(
    topic: str,
    subject: str,
    counts_before: tuple[int, int],
    counts_after: tuple[int, int],
    periods_text: tuple[str, str],
    *,
    higher_is_good: bool,
    min_n: int = MIN_N,
    unit: str = "",
    suffix: str = "",
) -> Finding | None:
    """A finding for a rate that changed between two periods, or None when it fails `passes`.

    `subject` starts the sentence ("Win rate", "Rep 07's win rate"); counts are (successes, n);
    periods_text names the periods ("2026 Q2", "2026 Q3"), or is ("", "") to leave them out;
    `unit` follows the first rate (" of losses"), `suffix` ends the sentence.
    """
    (x0, n0), (x1, n1) = counts_before, counts_after
    ok, p_value = passes(x0, n0, x1, n1, min_n)
    if not ok:
        return None
    before, after = x0 / n0, x1 / n1
    first, second = periods_text
    when_before = f" in {first}" if first else ""
    when_after = f" in {second}" if second else ""
    text = (
        f"{subject} {_moved(before, after)} from {percent(before)}{unit}{when_before} to {percent(after)}"
        f"{when_after} ({_arrow_n(n0, n1)}){suffix}."
    )
    return Finding(topic, text, before, after, n0, n1, p_value, (after > before) == higher_is_good)


def profile_gap_finding(row: dict, denominator: Denominator, min_n: int = MIN_N) -> Finding | None:
    """A finding for a profile whose win rate differs from all other profiles' deals together (`row`: a row of
    Review.profiles), or None when it fails `passes` or either side's deals are of too few reps for a verdict
    (measures.profiles.too_few_reps: the row's verdict withholds it, and a finding would say what it withholds)."""
    if too_few_reps(row.get("reps"), row.get("rest_reps")):
        return None
    ok, p_value = passes(row["rest_won"], row["rest_n"], row["won"], row["n"], min_n)
    if not ok:
        return None
    who = _PLURALS.get(row["seller_profile"], row["seller_profile"])
    what = "closed deals" if denominator is Denominator.CLOSED else "deals won or lost (no decision excluded)"
    rate, rest = row["won"] / row["n"], row["rest_won"] / row["rest_n"]
    text = (
        f"{who} won {percent(rate)} of their {what}, against {percent(rest)} for the other profiles"
        f" (n\u00a0=\u00a0{row['n']:,}\u00a0vs\u00a0{row['rest_n']:,})."
    )
    return Finding("profile", text, rest, rate, row["rest_n"], row["n"], p_value, rate > rest)


def at_risk_finding(
    at_risk: int, open_deals: int, at_risk_value_share: float | None, at_risk_amount: float | None,
    pipeline: str, min_n: int = MIN_N, currency: str = DEFAULT_REPORTING_CURRENCY, rule: str | None = None,
    left_out: Unconverted | None = None, priced: int | None = None,
) -> Finding | None:
    """A finding for the at-risk open pipeline, shown when at least `min_n` open deals are at risk.

    Not a change, so no test: the count rule alone keeps a handful of stale deals from
    becoming a headline. `at_risk_amount` is None when amounts are hidden. `pipeline` says which deals
    ("deals open at the end of 2026 Q3", review.pipeline_phrase); `rule` is the at-risk
    rule they were judged on in words (at_risk_rule, the default; age_rule for a past day).

    `left_out`: the at-risk deals no exchange rate converts, `priced`: those with an amount in
    `currency`. When some are left out the worth is said of the priced ones alone, and the others
    by currency: "The 5 with an amount in USD are worth $25k; 25 in GBP have no exchange rate to USD for
    GBP." (exchange.Unconverted.reason; the section's note says where to add the rate). A
    worth said of all the at-risk deals ("30 ... worth $25k") was that of the 5.
    """
    if at_risk < min_n or open_deals == 0:
        return None
    share = at_risk / open_deals
    if left_out is not None and left_out.deals:
        return Finding("at_risk", _at_risk_left_out_text(
            at_risk, open_deals, share, at_risk_value_share, at_risk_amount, pipeline, currency, rule, left_out,
            priced or 0), None, share, open_deals, at_risk, None, False)
    if at_risk_value_share is None:
        value = ""
    elif at_risk_amount is None:
        value = f", {percent(at_risk_value_share)} of open pipeline value"
    else:
        value = f", worth {money(at_risk_amount, currency)} ({percent(at_risk_value_share)} of open pipeline value)"
    text = (
        f"{at_risk:,} of {open_deals:,} {pipeline} ({percent(share)}) are at risk"
        f"{value}: {(rule or at_risk_rule()).lower()}."
    )
    return Finding("at_risk", text, None, share, open_deals, at_risk, None, False)


def _at_risk_left_out_text(
    at_risk: int, open_deals: int, share: float, value_share: float | None, amount: float | None, pipeline: str,
    currency: str, rule: str | None, left_out: Unconverted, priced: int,
) -> str:
    """at_risk_finding's sentence when some at-risk deals have no amount in `currency`: the count, the
    rule, then the worth of those that have one and which deals have none, by currency."""
    lacking = left_out.in_currencies("")
    has = "has" if left_out.deals == 1 else "have"
    no_rate = left_out.reason  # in the words of every note on such deals: "no exchange rate to USD for GBP"
    opening = f"{at_risk:,} of {open_deals:,} {pipeline} ({percent(share)}) are at risk: {(rule or at_risk_rule()).lower()}."
    if not priced:
        return f"{opening} None has an amount in {currency}: {lacking} {has} {no_rate}."
    who = f"The {priced:,} with an amount in {currency}" if priced > 1 else f"The one with an amount in {currency}"
    verb = "are" if priced > 1 else "is"
    of_value = "" if value_share is None else f" ({percent(value_share)} of the open pipeline value in {currency})"
    if amount is None:  # amounts hidden: the share alone
        worth = f"{who} {verb} {percent(value_share)} of the open pipeline value in {currency}" if value_share is not None else ""
    else:
        worth = f"{who} {verb} worth {money(amount, currency)}{of_value}"
    return f"{opening} {worth}; {lacking} {has} {no_rate}." if worth else f"{opening} {lacking} {has} {no_rate}."


def _counts(row: dict, x: str, n: str) -> tuple[int, int]:
    return int(row[x] or 0), int(row[n] or 0)


def _rate_counts(rate: float, n: int) -> tuple[int, int]:
    """(successes, n) back from a rate of whole deals."""
    return round(rate * n), n


def findings_for(
    this: dict,
    previous: dict,
    last_year: dict,
    labels: tuple[str, str, str],
    profiles: pl.DataFrame,
    movers: pl.DataFrame,
    at_risk_by_profile: pl.DataFrame,
    pipeline: str,
    denominator: Denominator,
    min_n: int = MIN_N,
    hide_amounts: bool = False,
    currency: str = DEFAULT_REPORTING_CURRENCY,
    at_risk_rule_text: str | None = None,
    at_risk_left_out: Unconverted | None = None,
    closed_left_out: Unconverted | None = None,
) -> tuple[Finding, ...]:
    """Every finding the data supports, in the review's section order; none when nothing passes.

    this / previous / last_year are overall outcome_summary rows; labels are their quarters;
    at_risk_by_profile is at_risk_tables' second table with its amounts (hidden_amounts only
    changes the words). Changes and gaps must pass `passes`; the at-risk pipeline has its own count rule.
    `at_risk_left_out` / `closed_left_out`: the at-risk deals and the quarter's closed deals no exchange
    rate converts (exchange.left_out_of), said beside the worth they are not part of.
    """
    quarter, previous_label, last_year_label = labels
    found: list[Finding | None] = []
    rate_counts = ("won", "n")
    nd_counts = ("no_decision", "no_decision_share_of_losses_n")
    for other, other_label in ((previous, previous_label), (last_year, last_year_label)):
        found.append(
            change_finding(
                "win_rate", "Win rate", _counts(other, *rate_counts), _counts(this, *rate_counts),
                (other_label, quarter), higher_is_good=True, min_n=min_n,
            )
        )
    # Won value unknown (won deals without an amount, counting.won_amount) leaves the closed value
    # unknown too: the no-decision deals' worth is said, not a share of a total that counts them as $0.
    won_known = this["won_amount"] is not None
    closed_value = sum(float(this[c] or 0.0) for c in ("won_amount", "lost_amount", "no_decision_amount"))
    nd_value = float(this["no_decision_amount"] or 0.0)
    cost = ""
    if this["no_decision_amount"] is None:
        pass  # their amounts unknown (none converts, counting.amount_total): no worth is claimed for them
    elif not won_known and nd_value > 0 and not hide_amounts:
        cost = f"; in {quarter} they were worth {money(nd_value, currency)}"
    elif won_known and closed_value > 0:
        share = percent(nd_value / closed_value)
        cost = (
            f"; in {quarter} they were {share} of closed deal value" if hide_amounts
            else f"; in {quarter} they were worth {money(nd_value, currency)}, {share} of closed deal value"
        )
    if cost and closed_left_out is not None and closed_left_out.deals:
        cost += f" ({closed_left_out.in_currencies('closed deal')} left out: {closed_left_out.no_rate})"
    for other, other_label in ((previous, previous_label), (last_year, last_year_label)):
        nd_finding = change_finding(
            "no_decision", "No-decision losses", _counts(other, *nd_counts), _counts(this, *nd_counts),
            (other_label, quarter), higher_is_good=False, min_n=min_n, unit=" of losses", suffix=cost,
        )
        found.append(nd_finding)
        if nd_finding is not None:
            # What the quarter's no-decision deals were worth is said once, by the first finding on them:
            # both findings, against last quarter and last year, had ended on the same clause word for word.
            cost = ""
    for row in profiles.filter(pl.col("rest_n").is_not_null()).iter_rows(named=True):
        found.append(profile_gap_finding(row, denominator, min_n))
    significant = movers.filter(pl.col("significant")).sort(pl.col("change").abs(), descending=True)
    for row in significant.head(MOVER_FINDINGS).iter_rows(named=True):
        measure = row["measure"]
        found.append(
            change_finding(
                "mover", f"{row['rep']}'s {MEASURE_LABELS[measure].lower()}",
                _rate_counts(row["before"], row["n_before"]), _rate_counts(row["after"], row["n_after"]),
                (previous_label, quarter), higher_is_good=measure == "win_rate", min_n=min_n,
            )
        )
    at_risk = int(at_risk_by_profile.get_column("at_risk").sum())
    open_deals = int(at_risk_by_profile.get_column("open").sum())
    open_value = float(at_risk_by_profile.get_column("open_amount").sum())
    at_risk_value = float(at_risk_by_profile.get_column("at_risk_amount").sum())
    value_share = at_risk_value / open_value if open_value else None
    priced = (int(at_risk_by_profile.get_column("at_risk_priced").sum())
              if "at_risk_priced" in at_risk_by_profile.columns else None)
    found.append(
        at_risk_finding(
            at_risk, open_deals, value_share, None if hide_amounts else at_risk_value, pipeline, min_n, currency,
            at_risk_rule_text, at_risk_left_out, priced,
        )
    )
    return tuple(f for f in found if f is not None)


def rule_text(min_n: int = MIN_N) -> str:
    """The findings rule in one sentence, for captions and the deck: the test said in words first, its
    name and threshold in brackets ("a two-proportion z-test gives p < 0.05" alone read as jargon)."""
    return (
        f"Findings are computed from the data: a change or gap is reported only when both sides have at least"
        f" {min_n} deals, it is likely real (a two-proportion z-test: less than a 1 in {round(1 / ALPHA)} chance"
        f" it is luck, p < {ALPHA:g}), and it is at least {MIN_POINTS} percentage points; a seller profile's gap"
        f" also needs the deals of at least {MIN_REPS} reps on each side; at-risk pipeline is reported from {min_n}"
        " at-risk deals."
    )
