"""Which stored roster reps a new roster corrects the spelling of.

A roster that misspells a rep ("Tom J. Nguyen" where the deals say "Tom Nguyen") is told so by its report's
"did you mean" (identity.did_you_mean). Corrected and uploaded again, the roster names "Tom Nguyen" and leaves
"Tom J. Nguyen" out, and a roster merge keeps every rep it leaves out: the misspelling stayed a rep with no
deals, counted among the reps in the roster and offered in the rep pickers "(0 deals)". The rule here says
which of the reps a roster leaves out are such a spelling it corrects, so the report names them and the commit
takes them out of the roster (in the roster's own version: a rollback brings them back).
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from winloss.ingest.identity import as_roster_reps, did_you_mean, name_key
from winloss.text import plural, quoted_name

# The corrected spellings a report names before "and N more".
CORRECTED_NAMED = 5


class Corrected(NamedTuple):
    """A stored roster rep (`old`, as the store spells it) a roster corrects to `new` (as the roster spells it)."""

    old: str
    new: str


def corrected_spellings(held: pl.LazyFrame | pl.DataFrame, deal_reps: pl.Series, given: pl.Series) -> list[Corrected]:
    """The reps of the stored roster (`held`: Store.roster, column `rep`) that a new roster whose reps are `given`
    corrects, sorted by the old spelling. A stored rep is corrected when all three hold:

    - the new roster leaves them out (no rep of `given` has their identity.name_key);
    - they hold no deal (no name of `deal_reps`, the stored deals' reps, has their name_key, an owner written
      as an email the stored roster holds counting as that email's rep: identity.as_roster_reps);
    - their name is close, by identity.did_you_mean (the rule the report's "did you mean" follows), to a rep
      the new roster names whom the deals use.

    A rep left out who holds deals, or with no close spelling in the new roster, is not corrected: the roster
    merge keeps them (pipeline.roster_omitted_sentence says so). Only the deals already stored count: a rep an
    export not yet stored names is matched once it is stored."""
    columns = [c for c in ("rep", "email") if c in held.collect_schema().names()]
    roster = held.lazy().select(columns).collect() if isinstance(held, pl.LazyFrame) else held.select(columns)
    # A rep whose deals name them by email holds those deals: they are not a spelling with none.
    deal_reps = as_roster_reps(deal_reps, roster)
    keyed = roster.drop_nulls("rep").unique("rep").with_columns(key=name_key(pl.col("rep")))
    named = pl.DataFrame({"rep": given.cast(pl.String)}).drop_nulls().unique(maintain_order=True).with_columns(
        key=name_key(pl.col("rep")))
    dealt = pl.DataFrame({"rep": deal_reps.cast(pl.String)}).drop_nulls().select(name_key(pl.col("rep")).alias("key")).unique()
    left_out = keyed.join(named.select("key"), on="key", how="anti").join(dealt, on="key", how="anti")
    if left_out.is_empty():
        return []
    # The new roster's reps the deals use, under the new roster's spelling.
    used = named.join(dealt, on="key", how="semi")
    spelled = dict(zip(used.get_column("key").to_list(), used.get_column("rep").to_list(), strict=True))
    found = []
    for old, key in left_out.sort("rep").select("rep", "key").iter_rows():
        if spelled and (new := did_you_mean(key, spelled)) is not None:
            found.append(Corrected(old, new))
    return found


def corrected_sentence(corrected: list[Corrected]) -> str | None:
    """The roster report's sentence naming the stored reps it corrects (corrected_spellings) and what storing it
    does to them, said before it is stored; None for none:
    '"Tom J. Nguyen" (no deals) is taken as corrected to "Tom Nguyen", which this roster names: it leaves the
    roster when this roster is stored (a rollback brings it back). If they are two people, give "Tom J. Nguyen"
    a row in the roster.' For more, '2 reps the store holds with no deals are taken as corrected to a name this
    roster gives: "Ann M. Lee" to "Ann Lee" and "Tom J. Nguyen" to "Tom Nguyen". They leave ...', the first
    CORRECTED_NAMED named, then "and N more". Names are the files': escape the sentence to show it."""
    if not corrected:
        return None
    if len(corrected) == 1:
        old, new = corrected[0]
        return (f"{quoted_name(old)} (no deals) is taken as corrected to {quoted_name(new)}, which this roster names: "
                f"it leaves the roster when this roster is stored (a rollback brings it back). If they are two people, "
                f"give {quoted_name(old)} a row in the roster.")
    pairs = [f"{quoted_name(old)} to {quoted_name(new)}" for old, new in corrected[:CORRECTED_NAMED]]
    rest = len(corrected) - len(pairs)
    named = f"{', '.join(pairs)} and {rest} more" if rest else f"{', '.join(pairs[:-1])} and {pairs[-1]}"
    return (f"{plural(len(corrected), 'rep')} the store holds with no deals are taken as corrected to a name this "
            f"roster gives: {named}. They leave the roster when this roster is stored (a rollback brings them back). "
            f"If one is another person, give them a row in the roster.")


def corrected_note(taken: int) -> str:
    """The History note of a roster version that took `taken` corrected spellings out of the roster (no names:
    the note is shown with names anonymised too): "2 misspelt roster reps with no deals taken out (corrected in
    this roster)"."""
    return f"{plural(taken, 'misspelt roster rep')} with no deals taken out (corrected in this roster)"


__all__ = ["CORRECTED_NAMED", "Corrected", "corrected_note", "corrected_sentence", "corrected_spellings"]
