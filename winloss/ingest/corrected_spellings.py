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

from winloss.ingest.identity import as_roster_reps, did_you_mean, email_key, name_key, roster_emails
from winloss.text import plural, quoted_name

# The corrected spellings a report names before "and N more".
CORRECTED_NAMED = 5


class Corrected(NamedTuple):
    """A stored roster rep (`old`, as the store spells it) a roster corrects to `new` (as the roster spells it);
    `same_email`: because the roster gives `new` the email `old`'s stored row holds (else: a close spelling);
    `by_email`: how many stored deals name `old` by that email (they are `new`'s once `old` is taken out)."""

    old: str
    new: str
    same_email: bool = False
    by_email: int = 0


_NO_EMAILS = pl.Schema({"rep": pl.String(), "email": pl.String()})


def corrected_spellings(held: pl.LazyFrame | pl.DataFrame, deal_reps: pl.Series,
                        given: pl.Series | pl.DataFrame) -> list[Corrected]:
    """The reps of the stored roster (`held`: Store.roster, columns `rep` and, optionally, `email`) that a new
    roster corrects, sorted by the old spelling. `deal_reps`: the stored deals' owners as written (one per deal,
    so deals are counted); `given`: the new roster's reps (a Series of names), or its rows (columns rep and,
    optionally, email). A stored rep is corrected when all of these hold:

    - the new roster leaves them out (no rep of `given` has their identity.name_key);
    - no stored deal names them by their own name (the owners as written, by name_key: an owner written as
      an email is not their name);
    - the new roster gives their email (their stored row's, by identity.email_key) to one of its reps, the one
      they are corrected to ("same email": the same email is the same person, whatever the spelling); or else
      their name is close, by identity.did_you_mean (the rule the report's "did you mean" follows), to a rep
      the new roster names whom the deals use;
    - every stored deal that names them by their email follows them: the new roster gives that email to the
      rep they are corrected to. Else a deal would lose its rep, and they are not corrected.

    A rep left out who is not corrected is kept by the roster merge (pipeline.roster_omitted_sentence says so).
    Only the deals already stored count: a rep an export not yet stored names is matched once it is stored."""
    columns = [c for c in ("rep", "email") if c in held.collect_schema().names()]
    roster = held.lazy().select(columns).collect() if isinstance(held, pl.LazyFrame) else held.select(columns)
    if "email" not in roster.columns:
        roster = roster.with_columns(email=pl.lit(None, pl.String))
    roster = roster.select(pl.col("rep").cast(pl.String), pl.col("email").cast(pl.String))
    new_rows = (given.select([c for c in ("rep", "email") if c in given.columns]) if isinstance(given, pl.DataFrame)
                else pl.DataFrame({"rep": given.cast(pl.String)}))
    if "email" not in new_rows.columns:
        new_rows = new_rows.with_columns(email=pl.lit(None, pl.String))
    new_rows = new_rows.select(pl.col("rep").cast(pl.String), pl.col("email").cast(pl.String))
    named = new_rows.select("rep").drop_nulls().unique(maintain_order=True).with_columns(key=name_key(pl.col("rep")))
    # The deals' owners as written, each with how many deals: a name is the rep's own; an email is a login.
    owners = (pl.DataFrame({"name": deal_reps.cast(pl.String)}).drop_nulls().group_by("name").agg(pl.len().alias("n"))
              .with_columns(key=name_key(pl.col("name")), email=email_key(pl.col("name"))))
    by_name = owners.filter(pl.col("email").is_null()).select("key").unique()
    by_email = owners.drop_nulls("email").group_by("email").agg(pl.col("n").sum())
    dealt_emails = dict(by_email.iter_rows())
    keyed = roster.drop_nulls("rep").with_columns(key=name_key(pl.col("rep")), mail=email_key(pl.col("email")))
    left_out = keyed.join(named.select("key"), on="key", how="anti").join(by_name, on="key", how="anti")
    if left_out.is_empty():
        return []
    # The email the new roster gives one rep (roster_emails: one shared by two reps is no one's).
    new_by_email = dict(roster_emails(new_rows).iter_rows())
    # The new roster's reps the deals use (by name, or by an email it gives them), under its spelling.
    mapped = as_roster_reps(owners.get_column("name"), new_rows)
    used = named.join(pl.DataFrame({"key": mapped}).select(name_key(pl.col("key"))).unique(), on="key", how="semi")
    spelled = dict(zip(used.get_column("key").to_list(), used.get_column("rep").to_list(), strict=True))
    found = []
    for (old, key), rows in left_out.sort("rep").group_by(["rep", "key"], maintain_order=True):
        emails = sorted(set(rows.get_column("mail").drop_nulls().to_list()))
        given_to = {new_by_email[email] for email in emails if email in new_by_email}
        same_email = len(given_to) == 1
        new = next(iter(given_to)) if same_email else (did_you_mean(str(key), spelled) if spelled else None)
        if new is None:
            continue
        followed = [email for email in emails if email in dealt_emails]
        if any(new_by_email.get(email) != new for email in followed):
            continue  # a deal naming them by an email the new roster gives no one, or another rep, would lose its rep
        found.append(Corrected(str(old), new, same_email, sum(int(dealt_emails[email]) for email in followed)))
    return found


def _old_words(corrected: Corrected) -> str:
    """'"Tom J. Nguyen" (no deals)', or for one whose deals name them by email only, '"Dana Whitfeld" (no deals
    by that name, 9 by email)'."""
    if not corrected.by_email:
        return f"{quoted_name(corrected.old)} (no deals)"
    return f"{quoted_name(corrected.old)} (no deals by that name, {corrected.by_email:,} by email)"


def _new_words(corrected: Corrected) -> str:
    """'"Tom Nguyen"', with " (same email)" when that is why."""
    return f"{quoted_name(corrected.new)}{' (same email)' if corrected.same_email else ''}"


def corrected_sentence(corrected: list[Corrected]) -> str | None:
    """The roster report's sentence naming the stored reps it corrects (corrected_spellings) and what storing it
    does to them, said before it is stored; None for none:
    '"Tom J. Nguyen" (no deals) is taken as corrected to "Tom Nguyen", which this roster names: it leaves the
    roster when this roster is stored (a rollback brings it back). If they are two people, give "Tom J. Nguyen"
    a row in the roster.' A rep corrected because the roster gives the new name their email says so: '...
    corrected to "Dana Whitfield" (same email), ...'; one whose deals name them by email says how many: '"Dana
    Whitfeld" (no deals by that name, 9 by email)'. For more, '2 reps the store holds with no deals are taken
    as corrected to a name this roster gives: "Ann M. Lee" to "Ann Lee" and "Tom J. Nguyen" to "Tom Nguyen".
    They leave ...' ("with no deals by their own name" when some have deals by email), the first
    CORRECTED_NAMED named, then "and N more". Names are the files': escape the sentence to show it."""
    if not corrected:
        return None
    if len(corrected) == 1:
        (one,) = corrected
        return (f"{_old_words(one)} is taken as corrected to {_new_words(one)}, which this roster names: "
                f"it leaves the roster when this roster is stored (a rollback brings it back). If they are two people, "
                f"give {quoted_name(one.old)} a row in the roster.")
    pairs = [f"{quoted_name(c.old)} to {_new_words(c)}" for c in corrected[:CORRECTED_NAMED]]
    rest = len(corrected) - len(pairs)
    named = f"{', '.join(pairs)} and {rest} more" if rest else f"{', '.join(pairs[:-1])} and {pairs[-1]}"
    deals = "no deals by their own name" if any(c.by_email for c in corrected) else "no deals"
    return (f"{plural(len(corrected), 'rep')} the store holds with {deals} are taken as corrected to a name this "
            f"roster gives: {named}. They leave the roster when this roster is stored (a rollback brings them back). "
            f"If one is another person, give them a row in the roster.")


def corrected_note(taken: int) -> str:
    """The History note of a roster version that took `taken` corrected spellings out of the roster (no names:
    the note is shown with names anonymised too): "2 misspelt roster reps taken out (corrected in
    this roster)"."""
    return f"{plural(taken, 'misspelt roster rep')} taken out (corrected in this roster)"


__all__ = ["CORRECTED_NAMED", "Corrected", "corrected_note", "corrected_sentence", "corrected_spellings"]
