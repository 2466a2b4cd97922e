"""What a deals file's report says of an owner the roster lacks whose name is close to a roster rep's.

A roster uploaded after the deals says "did you mean" of its reps that match no deal (pipeline.roster_unmatched_sentence);
deals uploaded after the roster said nothing of the same two names seen the other way: the roster's "Dana Whitfeld"
beside an export's "Dana Whitfield" stayed two reps, the export's deals Unprofiled and in no team, unsaid. The guess is
identity.roster_lookalikes' (the roster upload's did_you_mean); the sentences are here, said once for the Data page
and the command line (pipeline.store_rep_sentences), before the file is stored. Never a match: the two stay two reps
until a file names them one way.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from winloss.ingest.identity import EMAIL_SHAPE, roster_lookalikes, short_form_words
from winloss.text import plural, quoted_name

# How many owners the sentences name, one sentence each, before one counts the rest.
NAMED_OWNERS: Final = 5


def lookalike_sentences(owners: pl.DataFrame, roster_reps: pl.Series) -> list[str]:
    """One sentence per owner of a deals file (`owners`: columns name, n: each owner as it will be stored and how
    many of the file's deals it owns) that the roster (`roster_reps`: the reps the pages will read the deals with)
    lacks, whose name is close to a roster rep's (identity.roster_lookalikes), most deals first, saying so, whom it
    may mean, what that does to the deals and how to fix it:

    '"Dana Whitfield", the owner of 12 deals in this file, is not in the roster: did you mean "Dana Whitfeld"? They
    stay two reps, and those deals Unprofiled and in no team, until the roster and the CRM spell the name one way:
    correct it in the roster and upload the roster again, or correct the deal owner in the CRM and export again. If
    they are two people, give "Dana Whitfield" a row in the roster.'

    A guess of a given name's short form says so ('did you mean "Robert Smith" (Bob is a short form of Robert)?').
    An owner written as an email is the owner-email sentences' (owner_emails). At most NAMED_OWNERS, then one
    counting the rest. [] when no owner is such. Names are the files': escape the sentences to show them."""
    found = _lookalikes(owners, roster_reps)
    sentences = [_one_sentence(name, n, rep) for name, n, rep in found[:NAMED_OWNERS]]
    if rest := found[NAMED_OWNERS:]:
        deals = sum(n for _, n, _ in rest)
        one = len(rest) == 1
        sentences.append(f"{plural(len(rest), 'other owner')} of {plural(deals, 'deal')} in this file "
                         f"{'is' if one else 'are'} not in the roster and close to a rep it names: correct each name in "
                         f"the roster or the CRM, or give {'it' if one else 'each'} a row in the roster.")
    return sentences


def lookalike_owners(owners: pl.DataFrame, roster_reps: pl.Series) -> list[str]:
    """The owners lookalike_sentences gives a sentence of their own (as `owners` writes them, most deals first; at
    most NAMED_OWNERS): what another sentence of the same file report leaves to them (store_effects.deal_changes'
    new reps the roster lacks), so an owner is said once."""
    return [name for name, _, _ in _lookalikes(owners, roster_reps)[:NAMED_OWNERS]]


def _lookalikes(owners: pl.DataFrame, roster_reps: pl.Series) -> list[tuple[str, int, str]]:
    """(owner, its deals, the roster rep it may mean) for each owner of `owners` (columns name, n) not written as an
    email that the roster lacks and whose name is close to a roster rep's (identity.roster_lookalikes), most deals
    first, then by name. [] with no such owner or an empty roster."""
    named = owners.drop_nulls("name").filter(~pl.col("name").str.contains(EMAIL_SHAPE))
    if named.height == 0 or roster_reps.drop_nulls().len() == 0:
        return []
    counted = named.group_by("name").agg(pl.col("n").sum()).sort(["n", "name"], descending=[True, False])
    meant = roster_lookalikes(counted.get_column("name").to_list(), roster_reps.cast(pl.String).to_list())
    return [(name, int(n), meant[name]) for name, n in counted.iter_rows() if name in meant]


def _one_sentence(name: str, deals: int, rep: str) -> str:
    """lookalike_sentences' sentence for one owner (`name`, of `deals` deals in the file) and the roster `rep`."""
    why = short_form_words(name, rep)
    one = deals == 1
    return (f"{quoted_name(name)}, the owner of {plural(deals, 'deal')} in this file, is not in the roster: did you mean "
            f"{quoted_name(rep)}{f' ({why})' if why else ''}? They stay two reps, and {'that deal' if one else 'those deals'} "
            f"Unprofiled and in no team, until the roster and the CRM spell the name one way: correct it in the roster and "
            f"upload the roster again, or correct the deal owner in the CRM and export again. If they are two people, give "
            f"{quoted_name(name)} a row in the roster.")


__all__ = ["NAMED_OWNERS", "lookalike_owners", "lookalike_sentences"]
