"""What a file report says of deal owners written as emails (identity.owners_by_email): those counted as the
roster's reps, those no roster row holds and what to do, and an email more than one roster row holds.

One CRM writes a deal's owner as a name, another as the owner's login email: a roster's Email column says
whose email it is. The rule is identity's; the sentences are here, said once for the Data page and the
command line (pipeline.store_rep_sentences), before the file is stored.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from winloss.ingest.identity import email_key, owners_by_email, roster_emails, shared_emails, unknown_email_owners
from winloss.text import plural, quoted_name, quoted_names

# How many emails (and reps) a sentence names before counting the rest.
NAMED_EMAILS: Final = 5
# What to do about an owner email no roster row holds.
ADD_EMAIL: Final = "add it to the roster's Email column, on the row of the rep it is"


def matched_sentence(owners: pl.DataFrame, roster: pl.DataFrame, stored: bool = False) -> str | None:
    """The sentence naming the deals whose owner is written as an email a roster row holds, and whose rep they
    are counted as: '120 deals name their owner by email ("dana.whitfield@acme.com" and "sam.ortiz@acme.com"):
    counted as the roster's reps with those emails ("Dana Whitfield" and "Sam Ortiz").' `owners`: columns
    name, n (deals' owners, how many deals each); `roster`: columns rep, email; `stored`: the owners are the
    stored deals' ("stored deals"). None when no owner is such an email. Plain text: escape it to show it."""
    found = owners_by_email(owners.get_column("name"), roster)
    if found.height == 0:
        return None
    counted = found.join(owners.select("name", "n"), on="name").group_by("name", "rep").agg(pl.col("n").sum()).sort(
        ["n", "name"], descending=[True, False])
    deals = int(counted.get_column("n").sum())
    emails = counted.get_column("name").to_list()
    reps = counted.get_column("rep").unique(maintain_order=True).to_list()
    one, one_rep = deals == 1, len(reps) == 1
    noun = "stored deal" if stored else "deal"
    return (f"{plural(deals, noun)} name{'s' if one else ''} {'its' if one else 'their'} owner by email "
            f"({quoted_names(emails, NAMED_EMAILS)}): counted as the roster's {'rep' if one_rep else 'reps'} with "
            f"{'that email' if len(emails) == 1 else 'those emails'} ({quoted_names(reps, NAMED_EMAILS)}).")


def unknown_sentences(owners: pl.DataFrame, roster: pl.DataFrame, stored: bool = False) -> list[str]:
    """One sentence per owner written as an email no roster row holds (identity.unknown_email_owners), most
    deals first, saying what it does and what to do: '"x@acme.com", the owner of 14 deals, is an email no
    roster row has, so it counts as a rep of its own, Unprofiled and in no team: add it to the roster's Email
    column, on the row of the rep it is.' At most NAMED_EMAILS, then one counting the rest. A roster that holds
    no email at all (none, or one without an Email column) is why for every one of them: said once
    (no_emails_sentence). `owners`, `roster`, `stored` as for matched_sentence. Plain text: escape it to show it."""
    unknown = unknown_email_owners(owners.select("name", "n"), roster)
    if unknown.height and roster_emails(roster).height == 0:
        return [no_emails_sentence(unknown, roster, stored)]
    noun = "stored deal" if stored else "deal"
    sentences = [
        f"{quoted_name(name)}, the owner of {plural(int(n), noun)}, is an email no roster row has, so it counts as a "
        f"rep of its own, Unprofiled and in no team: {ADD_EMAIL}."
        for name, n in unknown.head(NAMED_EMAILS).iter_rows()
    ]
    if unknown.height > NAMED_EMAILS:
        rest = unknown.slice(NAMED_EMAILS)
        sentences.append(f"{plural(rest.height, 'other owner email')} ({plural(int(rest.get_column('n').sum()), noun)}) "
                         f"{'is' if rest.height == 1 else 'are'} in no roster row either: add each to the roster's Email "
                         f"column, on the row of the rep it is.")
    return sentences


def no_emails_sentence(unknown: pl.DataFrame, roster: pl.DataFrame, stored: bool = False) -> str:
    """The one sentence for owners written as emails (`unknown`: columns name, n, most deals first:
    identity.unknown_email_owners) when `roster` (columns rep, email) holds no email to tell whose they are, naming
    the first NAMED_EMAILS, then "and N more", counting their deals and saying what to do: with no roster,
    '3 deal owners are written as emails ("a@acme.com", "b@acme.com" and "c@acme.com"), the owners of 120 deals,
    and no roster is stored to say whose they are: each counts as a rep of its own, Unprofiled and in no team.
    Upload a roster with an Email column giving each rep's email.'; with a roster that gives no email, '... and
    the roster gives no emails to say whose they are: ... Give each rep's email in an Email column of the roster and
    upload it again.' It said one near-identical sentence per email. Plain text: escape it to show it."""
    emails = unknown.get_column("name").to_list()
    deals = int(unknown.get_column("n").sum())
    one = len(emails) == 1
    noun = "stored deal" if stored else "deal"
    if roster.drop_nulls("rep").height == 0:
        why, do = "no roster is stored", "Upload a roster with an Email column giving each rep's email."
    else:
        why, do = "the roster gives no emails", "Give each rep's email in an Email column of the roster and upload it again."
    return (f"{plural(len(emails), 'deal owner')} {'is' if one else 'are'} written as {'an email' if one else 'emails'} "
            f"({quoted_names(emails, NAMED_EMAILS)}), the {'owner' if one else 'owners'} of {plural(deals, noun)}, and "
            f"{why} to say whose {'it is' if one else 'they are'}: {'it counts as a rep of its own' if one else 'each counts as a rep of its own'}, "
            f"Unprofiled and in no team. {do}")


def shared_sentences(roster: pl.DataFrame, owners: pl.DataFrame | None = None) -> list[str]:
    """One sentence per email more than one rep's roster row holds (identity.shared_emails), which counts its
    deals as neither's: '"dana@acme.com" is the email of more than one roster row ("Dana Whitfield" and "Pat
    Shared"), so its deals are counted as no one's: keep it on one row.' With `owners` (columns name, n), only
    the emails some of them are. Plain text: escape it to show it."""
    shared = shared_emails(roster)
    if owners is not None:
        written = set(owners.select(email_key(pl.col("name"))).to_series().drop_nulls().to_list())
        shared = {email: reps for email, reps in shared.items() if email in written}
    return [f"{quoted_name(email)} is the email of more than one roster row ({quoted_names(reps, NAMED_EMAILS)}), so "
            f"its deals are counted as no one's: keep it on one row."
            for email, reps in list(shared.items())[:NAMED_EMAILS]]


def owner_email_sentences(owners: pl.DataFrame, roster: pl.DataFrame, stored: bool = False) -> list[str]:
    """matched_sentence, then unknown_sentences, then shared_sentences (of the emails `owners` write) for
    `owners` (columns name, n) against `roster` (columns rep, email); [] when no owner is written as an email."""
    if owners.height == 0:
        return []
    matched = matched_sentence(owners, roster, stored)
    return [*([matched] if matched else []), *unknown_sentences(owners, roster, stored), *shared_sentences(roster, owners)]


__all__ = ["ADD_EMAIL", "NAMED_EMAILS", "matched_sentence", "no_emails_sentence", "owner_email_sentences",
           "shared_sentences", "unknown_sentences"]
