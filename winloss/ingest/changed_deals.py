"""The stored deals a re-export changes, one row each: the open deals whose close date it moves to another
quarter (said in a sentence) and every changed deal with each changed field before and after (a CSV).

store_effects.deal_changes finds the changed deals, each beside its stored self (`changed`: the file's
value of each compared field under its own name, the stored one under "__stored_<field>", and
"__differs_<field>" for each). This module reads that frame; it reads neither the file nor the store.

The first question of a weekly load is pipeline slipping out of the quarter: "close date on 5" had
said neither which way nor out of which quarter, and a deal that also moved stage was said only as a
stage move, its slip out of the fiscal year unsaid. `quarter_moves` says every open deal the file keeps
open whose close date falls in another quarter now, whatever else changed in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import OPEN, OUTCOME_LABELS
from winloss.ingest.mapping import FIELD_LABELS
from winloss.ingest.quarantine import excel_safe_csv
from winloss.periods import format_quarter, quarter_expr, quarter_index_expr
from winloss.text import file_name_part, listed, plural, whole, whole_money

# The fields hidden amounts leave out of the sentence and the CSV (deal_lists.AMOUNT_COLUMNS' rule): counts only.
AMOUNT_FIELDS = ("amount", "currency", "converted_amount", "converted_currency")
# How many quarters a deal left (and, of each, how many it went to) the sentence names; the CSV has every deal.
MAX_QUARTERS = 3
STORED_PREFIX = "__stored_"
DIFFERS_PREFIX = "__differs_"
APART = "__apart"  # a deal another report stored (other_report_deals' warning says it): in the CSV, not the sentence
# A compared column that is no field of the file's, as the sentences name it.
_COLUMN_WORDS = {"status_outcome": "status's outcome", "closing_outcome": "closed/won columns' outcome"}


def field_words(field: str) -> str:
    """A field as a sentence names it: "amount", "close date", "opportunity name"; what a deal's status and
    closed/won columns said (outcomes.STORED_STATUS, outcomes.STORED_CLOSING, which the commit compares too):
    "status's outcome", "closed/won columns' outcome"."""
    return _COLUMN_WORDS.get(field) or FIELD_LABELS.get(field, field).split(" (")[0].lower()


def field_label(field: str) -> str:
    """A compared field as the CSV's header and "What changes" column name it: "Close date", "Rep", "Stage or status"."""
    words = field_words(field)
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class QuarterMove:
    """Open deals whose close date moved from one quarter (`before`, a label such as "FY2027 Q4") to another
    (`after`): how many (`deals`) and their value per currency ((currency, amount), the currencies' order; None
    for amounts that name none), each deal's amount as the file has it, else as stored; a deal with none is
    counted, not valued."""

    before: str
    after: str
    deals: int
    value: tuple[tuple[str | None, float], ...]

    def as_json(self) -> dict:
        return {"from": self.before, "to": self.after, "deals": self.deals,
                "value": {currency or "": amount for currency, amount in self.value}}


@dataclass(frozen=True)
class QuarterMoves:
    """The open deals a file keeps open with a close date in another quarter of the fiscal year in force
    (`fy_start_month`), whatever else it changes in them: those moved to a later quarter (`slipped`) and
    to an earlier one (`pulled`), each by quarter left then quarter reached, in the quarters' order."""

    slipped: tuple[QuarterMove, ...]
    pulled: tuple[QuarterMove, ...]
    fy_start_month: int = 1

    def as_json(self) -> dict:
        """{"fy_start_month": int, "slipped": [{"from", "to", "deals", "value": {currency: amount}}], "pulled": [...]}."""
        return {"fy_start_month": self.fy_start_month, "slipped": [m.as_json() for m in self.slipped],
                "pulled": [m.as_json() for m in self.pulled]}

    def sentence(self, *, stored: bool = False, hide_amounts: bool = False) -> str:
        """"Their close dates move 4 open deals to another quarter: 3 slip out of FY2027 Q4 (2 into FY2028 Q1,
        $120,000; 1 into FY2028 Q2, $5,000); 1 is pulled in from FY2028 Q1 (into FY2027 Q4, $10,000)." Once
        `stored`, in the past ("moved", "slipped", "was pulled in"). `hide_amounts`: counts only. At most
        MAX_QUARTERS quarters left are named each way, the rest counted ("2 more out of 2 other quarters")."""
        deals = sum(m.deals for m in (*self.slipped, *self.pulled))
        parts = []
        for moves, present, past, present_one, past_one in (
            (self.slipped, "slip out of", "slipped out of", "slips out of", "slipped out of"),
            (self.pulled, "are pulled in from", "were pulled in from", "is pulled in from", "was pulled in from"),
        ):
            if moves:
                parts.append(_direction(moves, (past_one if stored else present_one, past if stored else present), hide_amounts))
        return (f"Their close dates {'moved' if stored else 'move'} {plural(deals, 'open deal')} to another quarter: "
                f"{'; '.join(parts)}.")


def _direction(moves: tuple[QuarterMove, ...], verbs: tuple[str, str], hide_amounts: bool) -> str:
    """One way's clause: "3 slip out of FY2027 Q4 (2 into FY2028 Q1, $120,000; 1 into FY2028 Q2, $5,000) and 1 out
    of FY2027 Q3 (into FY2027 Q4)", the quarters left with the most deals first."""
    left: dict[str, list[QuarterMove]] = {}
    for move in moves:
        left.setdefault(move.before, []).append(move)
    ranked = sorted(left.items(), key=lambda item: -sum(m.deals for m in item[1]))  # stable: the quarters' order on ties
    said = []
    for i, (before, into) in enumerate(ranked[:MAX_QUARTERS]):
        n = sum(m.deals for m in into)
        targets = [f"{'' if len(into) == 1 else f'{m.deals:,} '}into {m.after}{_value(m.value, hide_amounts)}" for m in into[:MAX_QUARTERS]]
        if (rest := sum(m.deals for m in into[MAX_QUARTERS:])):
            targets.append(f"{rest:,} into {plural(len(into) - MAX_QUARTERS, 'other quarter')}")
        verb = (verbs[0] if n == 1 else verbs[1]) if i == 0 else "out of" if "out of" in verbs[1] else "from"
        said.append(f"{n:,} {verb} {before} ({'; '.join(targets)})")
    if (others := ranked[MAX_QUARTERS:]):
        n = sum(m.deals for _, into in others for m in into)
        said.append(f"{n:,} more {'out of' if 'out of' in verbs[1] else 'from'} {plural(len(others), 'other quarter')}")
    return listed(said)


def _value(value: tuple[tuple[str | None, float], ...], hide_amounts: bool) -> str:
    """", $120,000" (", €5,000 and $3,000" in several currencies); "" with amounts hidden or no amount."""
    if hide_amounts or not value:
        return ""
    return ", " + listed([whole_money(amount, currency) if currency is not None else f"{whole(amount):,} in no currency"
                          for currency, amount in value])


def _stored(field: str) -> str:
    return f"{STORED_PREFIX}{field}"


def quarter_moves(changed: pl.DataFrame, fy_start_month: int = 1) -> QuarterMoves | None:
    """The open deals of `changed` (deal_changes' changed deals beside the stored ones) open in the store and in
    the file whose close date lies in another quarter of a fiscal year starting in `fy_start_month` (1-12;
    ValueError otherwise); None for none. A deal of another report (APART) is left to its warning."""
    if changed.height == 0:
        return None
    before, after = quarter_index_expr(_stored("close_date"), fy_start_month), quarter_index_expr("close_date", fy_start_month)
    kept_open = (pl.col(_stored("outcome")) == OPEN) & (pl.col("outcome") == OPEN) & ~pl.col(APART)
    moved = changed.filter(kept_open & (before != after).fill_null(False)).with_columns(
        before.alias("__before"), after.alias("__after"),
        pl.when(pl.col("amount").is_not_null()).then(pl.col("amount")).otherwise(pl.col(_stored("amount"))).alias("__amount"),
        pl.when(pl.col("amount").is_not_null()).then(pl.col("currency")).otherwise(pl.col(_stored("currency"))).alias("__in"),
    )
    if moved.height == 0:
        return None
    counts = moved.group_by("__before", "__after").agg(pl.len().alias("deals")).sort("__before", "__after")
    values = (moved.filter(pl.col("__amount").is_not_null()).group_by("__before", "__after", "__in")
              .agg(pl.col("__amount").sum()).sort("__in", nulls_last=True))
    worth: dict[tuple[int, int], list[tuple[str | None, float]]] = {}
    for b, a, currency, amount in values.iter_rows():
        worth.setdefault((b, a), []).append((currency, float(amount)))

    def label(index: int) -> str:
        return format_quarter((index // 4, index % 4 + 1), fy_start_month)

    slipped: list[QuarterMove] = []
    pulled: list[QuarterMove] = []
    for b, a, n in counts.iter_rows():
        move = QuarterMove(label(b), label(a), int(n), tuple(worth.get((b, a), ())))
        (slipped if a > b else pulled).append(move)
    return QuarterMoves(tuple(slipped), tuple(pulled), fy_start_month)


def changed_deals_frame(changed: pl.DataFrame, fields: Sequence[str], fy_start_month: int = 1,
                        hide_amounts: bool = False) -> pl.DataFrame:
    """Every deal of `changed`, one row each in the file's order, as the CSV holds them (all text): its id, deal
    name and rep as the file has them (the stored ones where it has none), "What changes" (the changed fields'
    labels), its amount and currency (the file's, else the stored ones), the quarter of its close date stored
    and in the file (the fiscal year starting in `fy_start_month`), then, for each of `fields` (the compared
    fields, in their order) that changes in some deal, its value before and after, filled only where it changes
    in that deal (an outcome by its label, "Won"). `hide_amounts`: no amount, currency or converted amount."""
    shown = [f for f in fields if not (hide_amounts and f in AMOUNT_FIELDS)]
    differing = [f for f in fields if changed.height and changed.get_column(f"{DIFFERS_PREFIX}{f}").any()]

    def text(expr: pl.Expr, field: str) -> pl.Expr:
        if field in ("outcome", "status_outcome", "closing_outcome"):
            return expr.cast(pl.String).replace(OUTCOME_LABELS)
        if changed.schema.get(field) in (pl.Float64, pl.Float32):  # 1200.0 written 1200, cents kept
            return pl.when(expr == expr.round(0)).then(expr.round(0).cast(pl.Int64).cast(pl.String)).otherwise(expr.cast(pl.String))
        return expr.cast(pl.String)

    def either(field: str) -> pl.Expr:
        return pl.coalesce(text(pl.col(field), field), text(pl.col(_stored(field)), field))

    what = pl.concat_list([pl.when(pl.col(f"{DIFFERS_PREFIX}{f}")).then(pl.lit(field_label(f))) for f in differing]).list.drop_nulls().list.join(", ") \
        if differing else pl.lit("")
    columns = [
        pl.col("opportunity_id").alias("Opportunity ID"), either("opportunity_name").alias("Deal name"), either("rep").alias("Rep"),
        what.alias("What changes"),
    ]
    if not hide_amounts:
        columns += [
            pl.when(pl.col("amount").is_not_null()).then(text(pl.col("amount"), "amount")).otherwise(text(pl.col(_stored("amount")), "amount")).alias("Amount"),
            pl.when(pl.col("amount").is_not_null()).then(pl.col("currency")).otherwise(pl.col(_stored("currency"))).alias("Currency"),
        ]
    columns += [quarter_expr(_stored("close_date"), fy_start_month).alias("Quarter before"),
                quarter_expr("close_date", fy_start_month).alias("Quarter after")]
    for field in (f for f in shown if f in differing):
        flag = pl.col(f"{DIFFERS_PREFIX}{field}")
        columns += [pl.when(flag).then(text(pl.col(_stored(field)), field)).alias(f"{field_label(field)} before"),
                    pl.when(flag).then(text(pl.col(field), field)).alias(f"{field_label(field)} after")]
    return changed.select(columns)


def changed_deals_csv(changed: pl.DataFrame, fields: Sequence[str], fy_start_month: int = 1, hide_amounts: bool = False,
                      delimiter: str | None = None) -> bytes:
    """changed_deals_frame as a CSV safe to open in Excel (quarantine.excel_safe_csv: a cell from the file that
    starts like a formula is written as text), split by ';' when the file was (`delimiter`), as its quarantine
    report is."""
    frame = changed_deals_frame(changed, fields, fy_start_month, hide_amounts)
    return excel_safe_csv(frame, ";" if delimiter == ";" else ",")


def changed_deals_file_name(file_name: str) -> str:
    """The Data page's download of the deals a file changes: "Opportunities_report_2026-12-06.changed-deals.csv"."""
    return f"{file_name_part(file_name.rsplit('.', 1)[0] if '.' in file_name else file_name)}.changed-deals.csv"


def changed_deals_label(deals: int) -> str:
    """The download's label: "Download the 9 changed deals (CSV)"."""
    return f"Download the {plural(deals, 'changed deal')} (CSV)"

