"""Deals whose currency an upload would change: said before it is stored, never done silently.

A deal's amount means nothing without its currency. An export whose currency column is not
mapped (or mapped to another column) reads every amount in the reporting currency: committing it
re-stores deals kept in EUR as USD, and the page only said "0 new, 72 updated". The Data page
(before Commit) and the command line (as it stores the file) say it in one sentence from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from winloss.ingest.hints import command_line_hint
from winloss.ingest.money import CURRENCY_BY_RULE, bare_read_as
from winloss.ingest.pipeline import PreparedFile
from winloss.store.delta import Store
from winloss.text import listed, plural

MAX_EXAMPLES = 3


@dataclass(frozen=True)
class CurrencyChanges:
    """Deals stored in one currency that an upload has, with an amount, in another.

    `deals`: how many; `pairs`: (stored currency, the file's currency, deals), commonest first;
    `examples`: up to MAX_EXAMPLES of their ids as the file has them (file text: escape to show);
    `unmapped`: True when the file has no currency column mapped; `by_rule`: of `pairs`, the deals whose row
    in the file names no currency, read in the currency the file's rule gives them (money.CURRENCY_BY_RULE),
    as (stored, read as, deals); `read_as`: that rule's currency and the rule, as the file's currency rule
    names it ("EUR, the only currency the file names": money.bare_read_as), None when no row was so read.
    """

    deals: int
    pairs: tuple[tuple[str, str, int], ...]
    examples: tuple[str, ...]
    unmapped: bool
    by_rule: tuple[tuple[str, str, int], ...] = ()
    read_as: str | None = None

    def _what(self) -> str:
        """What the deals do in this file, after "N deals", before it is stored: "stored in USD are in EUR in this
        file"; of deals stored in one currency that the file names none for, what its rule reads them as: "stored in
        USD have no currency in this file and are read as EUR, the only currency the file names"."""
        if len(self.pairs) == 1:
            old, new, _ = self.pairs[0]
            if not self.by_rule:
                return f"stored in {old} {'is' if self.deals == 1 else 'are'} in {new} in this file"
            if self.by_rule == self.pairs:
                return f"stored in {old} {self._read_by_rule(self.deals, stored=False)}"
        return f"already stored change currency in this file, {self._pairs_text(self.pairs)}"

    def _read_by_rule(self, deals: int, stored: bool) -> str:
        """"have no currency in this file and are read as EUR, the only currency the file names" (`stored`: in the past)."""
        one = deals == 1
        if stored:
            return f"had no currency in this file and {'was' if one else 'were'} read as {self.read_as}"
        return f"{'has' if one else 'have'} no currency in this file and {'is' if one else 'are'} read as {self.read_as}"

    def _by_rule_sentence(self, stored: bool) -> str:
        """" 3 of them have no currency in this file and are read as EUR, the only currency the file names.": what
        the file's rule read the deals it names no currency for as, unless the first words said it; "" for none."""
        ruled = sum(n for _, _, n in self.by_rule)
        if not ruled or (not stored and len(self.pairs) == 1 and self.by_rule == self.pairs):
            return ""
        who = ("It" if self.deals == 1 else "They") if ruled == self.deals else f"{ruled:,} of them"
        return f" {who} {self._read_by_rule(ruled, stored)}."

    @staticmethod
    def _pairs_text(pairs: tuple[tuple[str, str, int], ...]) -> str:
        """'EUR to USD for 2, GBP to USD for 1 and SEK to USD for 1'."""
        each = [f"{stored} to {new} for {n:,}" for stored, new, n in pairs]
        return listed(each)

    def _in(self) -> str:
        """The currency the deals' amounts are stored in: "in EUR" when one, else in the currencies this file gives them."""
        new = {pair[1] for pair in self.pairs}
        return f"in {next(iter(new))}" if len(new) == 1 else "in the currencies this file gives them"

    def _cause(self) -> str:
        """Why, when no column is mapped to Currency: how to map one, and, when some of the deals' amounts name no
        currency (read by the file's rule, which the sentence before names), how to choose theirs."""
        if not self.unmapped:
            return ""
        if not self.by_rule:
            # Each of these deals' amounts names its currency: the column, if the file has one, may say otherwise.
            return (" No column of this file is mapped to Currency: if it has a currency column, map it to Currency"
                    f"{command_line_hint('--map', 'currency=COLUMN')}.")
        return (
            f" No column of this file is mapped to Currency: if it has a currency column, map it to Currency"
            f"{command_line_hint('--map', 'currency=COLUMN')}; if its amounts that name no currency are in another currency "
            f"than {self.by_rule[0][1]}, choose it{command_line_hint('--currency', 'CODE')}."
        )

    @property
    def sentence(self) -> str:
        """Before the file is stored: what committing it would do, and why when no currency column is mapped.
        In the command line's words; the Data page shows it through hints.page_sentence."""
        them = "it" if self.deals == 1 else "them"
        return (
            f"{plural(self.deals, 'deal')} {self._what()} (such as {', '.join(self.examples)}): saving it stores "
            f"{'its amount' if self.deals == 1 else 'their amounts'} {self._in()}, and every value figure "
            f"changes with {them}.{self._by_rule_sentence(stored=False)}{self._cause()}"
        )

    @property
    def stored_sentence(self) -> str:
        """After the file was stored (the command line stores without asking): what it did."""
        return (
            f"{plural(self.deals, 'deal')} already stored changed currency, {self._pairs_text(self.pairs)} (such as "
            f"{', '.join(self.examples)}): {'its amount is' if self.deals == 1 else 'their amounts are'} now "
            f"stored {self._in()}.{self._by_rule_sentence(stored=True)}{self._cause()}"
        )


def stored_outcomes_and_currencies(store: Store) -> pl.DataFrame:
    """Every stored deal: opportunity_id, outcome, close_date, currency (null where none is stored),
    source_sha256 (the file that last wrote it), stage, rep, account and opportunity_name, one row per deal. What the checks before a
    commit compare an export with (winloss.ingest.store_effects' deals taken back and absent open
    deals and deal changes, `currency_changes`): read once for all of them, nine columns of the store (a second read
    of a million ids cost as much as the first). The source file's hash is read as a Categorical: a store
    holds a few uploads' hashes, and as 64-character strings they took 90 MB of the frame's 26 + 64
    at a million deals (30 MB so); the stage and the rep too, a few dozen or hundred values at most.
    The rep's spellings are what the commit renames a file's reps to (pipeline.store_spellings). The account
    and the deal's name (plain strings: nearly every deal's name is its own, and a Categorical's values are
    kept for the process's life) are what a renamed copy of a stored report is told by (store_effects'
    same-report rule): read here with the rest, or each of the checks that asks read the whole table again."""
    return (
        store.opportunities()
        .select("opportunity_id", "outcome", "close_date", "currency", pl.col("source_sha256").cast(pl.Categorical),
                pl.col("stage").cast(pl.Categorical), pl.col("rep").cast(pl.Categorical), "account", "opportunity_name")
        .collect()
    )


def currency_changes(prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None) -> CurrencyChanges | None:
    """The deals `prepared` would store in another currency than the one the store holds them in:
    rows of the file with an amount whose deal the store keeps (with a currency) in a different
    currency. None when there are none, or for a file that is not an opportunity export.

    `stored`: stored_outcomes_and_currencies(store) when the caller has read it already; else it is
    read here, once, and each part of the file joined to it.
    """
    if prepared.rejected or prepared.kind != "opportunities" or prepared.mapping is None:
        return None
    if stored is None:
        stored = stored_outcomes_and_currencies(store)
    stored = stored.filter(pl.col("currency").is_not_null()).select(
        "opportunity_id", pl.col("currency").alias("__stored_currency"))
    if stored.height == 0:
        return None
    by_rule = CURRENCY_BY_RULE if _has_column(prepared, CURRENCY_BY_RULE) else None
    wanted = ["opportunity_id", "amount", "currency", *([by_rule] if by_rule else [])]
    changed: list[pl.DataFrame] = []
    for part in prepared.accepted_columns(wanted):
        priced = part.filter(pl.col("amount").is_not_null() & pl.col("currency").is_not_null())
        # In the file's order: the examples are its first such deals, the same on every rerun (sorted
        # by row after the join: the join's maintain_order="left" took 0.5 s at a million stored ids).
        joined = priced.with_row_index("__row").join(stored.lazy(), on="opportunity_id", how="inner")
        changed.append(joined.filter(pl.col("currency") != pl.col("__stored_currency")).sort("__row").drop("__row").collect())
    if not changed or sum(frame.height for frame in changed) == 0:
        return None
    rows = pl.concat(changed)
    if by_rule is None:
        rows = rows.with_columns(pl.lit(False).alias(CURRENCY_BY_RULE))
    return CurrencyChanges(
        deals=rows.height,
        pairs=_pairs(rows),
        examples=tuple(rows.get_column("opportunity_id").head(MAX_EXAMPLES).to_list()),
        unmapped="currency" not in prepared.mapping.fields,
        by_rule=_pairs(rows.filter(pl.col(CURRENCY_BY_RULE).fill_null(False))),
        read_as=_read_as(prepared, store),
    )


def _pairs(rows: pl.DataFrame) -> tuple[tuple[str, str, int], ...]:
    """(stored currency, the file's currency, deals) of `rows` (the changed rows), commonest first."""
    counts = rows.group_by("__stored_currency", "currency").len().sort(["len", "__stored_currency"], descending=[True, False])
    return tuple((old, new, n) for old, new, n in counts.iter_rows())


def _has_column(prepared: PreparedFile, name: str) -> bool:
    """Whether `prepared`'s accepted rows have the column `name` (every part has the same columns)."""
    return next(iter(prepared.accepted_columns([name])), None) is not None


def _read_as(prepared: PreparedFile, store: Store) -> str | None:
    """What `prepared`'s amounts that name no currency were read as, and by which rule (money.bare_read_as), from
    the decision it was read with: the currencies it names, the choice made for it and the reporting currency
    it was read in. None when none is read so."""
    if prepared.currencies is None:
        return None
    reporting = prepared.reading.reporting_currency if prepared.reading is not None else store.exchange_rates().reporting_currency
    return bare_read_as(prepared.currencies, reporting, prepared.file_currency)
