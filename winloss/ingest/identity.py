"""Which rows are the same deal, and which names the same rep.

CRMs write one record in several ways: a Salesforce id in 15 or 18 characters, a rep's name in
another case or with stray spaces, a deal once per product line, or no id at all. The rules here
make each of them one deal or one rep. Every rule is a Polars expression or runs once per
distinct value, so a million-row export pays for a few thousand values, not a million.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, NamedTuple

import polars as pl
from rapidfuzz import fuzz, process

from data_models.vocabulary import ACCENTS

from winloss.text import HIDDEN_CHARACTERS, listed, plural, quoted_name, quoted_names

# ---- Salesforce ids ------------------------------------------------------------------------

# An Opportunity record id: key prefix 006, then 12 letters or digits (pod, reserved character
# and record number). Ids of other objects, HubSpot's numbers and ids other CRMs make up are not
# touched: only this shape is known to have an 18-character form.
SALESFORCE_15 = r"^006[0-9A-Za-z]{12}$"
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


# An id a spreadsheet wrote as a number is formatted: digits in groups of three ("12,345,678",
# "12.345.678", "12 345 678", "12'345'678", "12’345’678"), in India's lakh groups ("1,23,45,678"), or
# with a decimal part of zeros ("12345678.0" from a tool that read it as a number, "12,345,678.00"
# from a currency-like format). One separator throughout, and at most two zeros after the mark:
# "1.000" is one thousand (a group), "1.00" is one.
_NUMBER_WRITTEN_ID = (
    r"^[0-9]{1,3}(?:(?:,[0-9]{3})+(?:\.0{1,2})?|(?:\.[0-9]{3})+(?:,0{1,2})?"
    r"|(?:[ \u00a0\u202f'\u2019][0-9]{3})+(?:[.,]0{1,2})?)$"
    r"|^[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.0{1,2})?$"
    r"|^[0-9]+[.,]0{1,2}$"
)


def digits_only_ids(ids: pl.Series) -> pl.Series:
    """`ids` with every id a spreadsheet formatted as a number ("12,345,678", "12345678.0") written
    as its digits alone ("12345678"), as the CRM writes it; other ids come back unchanged (the same
    Series when none is so written)."""
    formatted = ids.str.contains(_NUMBER_WRITTEN_ID)
    if not formatted.any():  # the usual case: one pattern match, nothing rewritten
        return ids
    digits = ids.str.replace(r"[.,]0{1,2}$", "").str.replace_all(r"[^0-9]", "")
    return pl.select(pl.when(pl.lit(formatted)).then(pl.lit(digits)).otherwise(pl.lit(ids)).alias(ids.name)).to_series()


# What to do about an id Excel rounded (the rounded-id reason, and the note on ids that may be).
REEXPORT_WITHOUT_EXCEL = ("export the report from the CRM again and upload it without opening it in Excel (or open "
                          "it in Excel through Data > From Text/CSV with that column set to Text)")
# How to store the deals whose ids lost their leading zeros once (store_effects.zeros_dropped): the
# command line's refusal and the Data page's box say it.
ZEROS_FIX = ("export the report again with the ID column as text (or open the CSV in Excel through Data > From "
             "Text/CSV with the ID column set to Text, and save it)")

# Excel keeps 15 significant digits of a number: a longer id it read as one is written back with zeros
# for the rest ("3652397000000120000" for a 19-digit Zoho id). Two zeros or more: a 16-digit id ends in
# one zero as often as one in ten.
_EXCEL_ZERO_TAILED = r"^[1-9][0-9]{14}0{2,}$"


def zero_tailed_ids(ids: pl.Series) -> pl.Series:
    """Per id, whether it is a number of 17 digits or more whose digits after the 15th are all zeros, as
    Excel writes a longer number it rounded (null for a null id). Such an id may be rounded or the CRM's
    own: it is stored as written and the file report says so."""
    return ids.str.contains(_EXCEL_ZERO_TAILED)


# An id Excel showed in scientific notation keeps six significant digits ("1.23457E+14"); saved so, then opened
# and saved again with a number format, it comes back as those digits and zeros ("123457000000000").
_EXCEL_SHORTENED = r"^[1-9][0-9]{0,5}0+$"


def shortened_ids(ids: pl.Series) -> pl.Series:
    """Per id, whether it is a number of 12 to 16 digits that is at most six digits followed by zeros, as an id
    Excel wrote in scientific notation ("1.23457E+14") comes back once saved as a number ("123457000000000"; null
    for a null id). Such an id may have lost its last digits or be the CRM's own: it is stored as written and
    the file report says so. Longer ones are zero_tailed_ids'; one still in scientific notation is quarantined
    (data_models.schemas.rounded_id)."""
    length = ids.str.len_chars()
    return ids.str.contains(_EXCEL_SHORTENED) & (length >= 12) & (length <= 16)


def visible_ids(ids: pl.Series) -> pl.Series:
    """`ids` without invisible characters (INVISIBLE: "B1" for "B1" followed by a zero-width space);
    the same Series when none holds one."""
    # The usual case, nothing rewritten: every id ASCII (a byte per character) without a NUL, found at a
    # tenth of the pattern's cost; else one pattern match.
    ascii_only = bool((ids.str.len_bytes() == ids.str.len_chars().cast(pl.UInt32)).all())
    if ascii_only and not ids.str.contains("\x00", literal=True).any():
        return ids
    if not ids.str.contains(INVISIBLE).any():
        return ids
    return ids.str.replace_all(INVISIBLE, "")


def salesforce_18(ids: pl.Series) -> pl.Series:
    """`ids` with every 15-character Salesforce opportunity id in its 18-character form.

    Salesforce appends three characters to make an id case-insensitive: for each 5-character
    chunk, bit i is set when character i is an upper-case letter, and the 5-bit number picks a
    character of A-Z0-5. So "0065g00000AbCdE" and "0065g00000AbCdEAAV" are the same record. Other
    values (18-character ids, other objects' ids, other CRMs' ids) come back unchanged.
    """
    if not (ids.str.len_bytes() == 15).any():  # the usual case: skip the pattern match entirely
        return ids
    frame = pl.DataFrame({"id": ids})
    bits = pl.col("id").str.replace_all("[^A-Z]", "0").str.replace_all("[A-Z]", "1")
    chunks = [
        pl.lit(_SUFFIX_ALPHABET).str.slice(bits.str.slice(5 * k, 5).str.reverse().str.to_integer(base=2), 1)
        for k in range(3)
    ]
    full = pl.when(pl.col("id").str.contains(SALESFORCE_15)).then(pl.concat_str([pl.col("id"), *chunks])).otherwise("id")
    return frame.select(full.alias(ids.name)).to_series()


# ---- Rep names (and loss reasons) -------------------------------------------------------------
# Loss reasons are read by the same rule (winloss.deals): "No Decision" and "No decision" are one reason.

_SPACES = r"[\s\u00a0\u2007\u202f]+"  # ordinary, no-break, figure and narrow no-break spaces
# Typographic apostrophes, quotes and dashes, and the plain character each stands for: a CRM and a
# spreadsheet (which "smartens" what is typed) write the same O'Connor or Smith-Jones differently.
_TYPOGRAPHIC = {
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
}
# The sharp s, small and capital, and the "ss" it is written as where it is not typed (Swiss German
# writes no ß at all): "Weiß" and "Weiss" are one name, as str.casefold and the stage words
# (data_models.vocabulary.folded_words) read them. Unicode writes neither as a letter and a mark,
# so NFKD alone kept "Lena Weiß" in the deals and "Lena Weiss" in a roster two reps.
_SHARP_S = {"\u00df": "ss", "\u1e9e": "ss"}
# Both as str.translate tables, made once: made on each call, they cost a header as much as its folding.
_TYPOGRAPHIC_TABLE = str.maketrans(_TYPOGRAPHIC)
_SHARP_S_TABLE = str.maketrans(_SHARP_S)
# The combining diacritical marks: the accents NFKD takes off Latin, Greek and Cyrillic letters
# ("é" -> "e" + U+0301), and the optional Arabic and Hebrew vowel signs ("مُحَمَّد" is "محمد"). Marks of other
# scripts (Devanagari vowel signs, kana voicing marks) are letters of the name, not accents on it, and stay:
# the rule stage words are folded by too (data_models.vocabulary.ACCENTS).
_ACCENTS = ACCENTS


# Characters that show nothing: a soft hyphen, a zero-width space, a word joiner, a byte-order mark and
# the marks and controls that set the direction of text, which copying from a web page or a chat leaves
# behind (text.HIDDEN_CHARACTERS, which the pages never draw), and the NUL byte a damaged export may hold. A
# name or an id holding one looks like one without it and is the same. (The zero-width joiners, which
# shape letters in some scripts, are not among them.)
INVISIBLE = f"[\\x00{HIDDEN_CHARACTERS}]"


def tidy_name(names: pl.Expr) -> pl.Expr:
    """A name (a rep's, a loss reason) without invisible characters, with every run of spaces (no-break
    ones included) made one space, and trimmed."""
    return names.str.replace_all(INVISIBLE, "").str.replace_all(_SPACES, " ").str.strip_chars()


# The text fields of a deal and of a roster stored by tidy_name's rule, as reps are (a rep's spelling
# is tidy_name's): a region, an account, a stage or a reason holding a direction override or a zero-width
# space is stored, filtered on and downloaded without it, and one with a double space is one group with
# the same words singly spaced. Ids have their own rules (normalise.ID_RULES); amounts, currencies and dates
# are read, not stored as text.
TIDIED_FIELDS = ("stage", "loss_reason", "account", "opportunity_name", "segment", "region", "product",
                 "competitor", "team", "manager", "email", "coach")
# Those a page groups or filters deals by, tidied again as stored deals are read (winloss.deals): a value
# stored before this rule is one group with the same value stored since. (A deal's name groups nothing, nor
# a roster's email: it is compared by email_key, which tidies it itself.)
GROUPED_FIELDS = tuple(f for f in TIDIED_FIELDS if f not in ("opportunity_name", "email"))
# What tidy_name changes in a text: a character INVISIBLE lists, a space that is not a single ordinary space
# between words (a tab, a no-break space, two spaces, a space at either end).
_UNTIDY = f"{INVISIBLE}|[^\\S ]|[\u00a0\u2007\u202f]|  |^\\s|\\s$"


def tidy_texts(texts: pl.Series) -> pl.Series:
    """`texts` by tidy_name's rule, a text left empty by it null; the same Series when no text needs it (the
    usual case: one pattern search over the distinct texts, no copy).

    The search runs over the distinct texts: a region, stage or reason column holds a handful, and the search
    over every row of a 1M-row file's eight text fields took 0.46 s of CPU against 0.14 s."""
    distinct = texts.unique()
    untidy = distinct.filter(distinct.str.contains(_UNTIDY))
    if untidy.is_empty():
        return texts
    tidied = pl.select(tidy_name(pl.lit(untidy))).to_series().replace("", None)
    return texts.replace(untidy, tidied)


def tidy_fields(frame: pl.DataFrame, fields: Sequence[str] = TIDIED_FIELDS) -> pl.DataFrame:
    """`frame` with each of its `fields` (text columns) by tidy_texts; the same frame when none changes."""
    changed = []
    for name in fields:
        if name in frame.columns and frame.schema[name] == pl.String:
            column = frame.get_column(name)
            if (tidied := tidy_texts(column)) is not column:
                changed.append(tidied)
    return frame.with_columns(changed) if changed else frame


def name_key(names: pl.Expr) -> pl.Expr:
    """What two spellings of one rep (or loss reason) share, the one rule every comparison of rep
    names uses (deals, roster, questionnaires, links, filters): the name with typographic quotes and
    dashes made plain, "ß" written "ss", Unicode NFKD with its combining marks (accents) dropped,
    spaces tidied, in lower case. "ANNA  KOVAC" -> "anna kovac", "José Díaz" -> "jose diaz",
    "O’Connor" -> "o'connor", "Lena Weiß" -> "lena weiss".

    Other letters Unicode does not write as a base letter and a mark ("ø", "ł") stay as they are:
    "Muller" and "Müller" are one rep, "Mueller" another.
    """
    folds = {**_TYPOGRAPHIC, **_SHARP_S}
    plain = names.str.replace_many(list(folds), list(folds.values()))
    return tidy_name(plain.str.normalize("NFKD").str.replace_all(_ACCENTS, "")).str.to_lowercase()


def rep_key(name: str) -> str:
    """`name_key` of one name, for code that compares a few names outside a frame."""
    return str(pl.select(name_key(pl.lit(name, pl.String))).item())


# ---- A deal's owner written as an email ---------------------------------------------------------
# One CRM writes a deal's owner as a name ("Dana Whitfield", HubSpot), another as the owner's login email
# ("dana.whitfield@acme.com", Pipedrive). A roster's Email column says whose email it is: such an owner is
# that row's rep. An email is no spelling of a name (name_key keeps its dots and "@"), so this is a rule of
# its own, applied before names are matched by name_key.

# What an owner must look like to be read as an email: one "@", something either side, a dot in the domain,
# no space. A name is never one, and a roster's Email cell of any other shape ("n/a") matches no owner.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_key(emails: pl.Expr) -> pl.Expr:
    """What two writings of one email share: tidied (tidy_name: invisible characters and spaces either side
    off) and in lower case (" Dana.Whitfield@ACME.com " -> "dana.whitfield@acme.com"); null for a text that is
    not of EMAIL_SHAPE once tidied, which no owner is matched by."""
    tidied = tidy_name(emails).str.to_lowercase()
    return pl.when(tidied.str.contains(EMAIL_SHAPE)).then(tidied).otherwise(None)


def roster_emails(roster: pl.DataFrame) -> pl.DataFrame:
    """Columns email (email_key), rep: each email of `roster` (columns rep and, optionally, email: a stored
    roster, before or after one_rep_per_name) held by one rep, with that rep as the roster spells them. An
    email two reps' rows hold (by name_key) names neither: which of them owns its deals cannot be told, so
    they stay the email's own (a rep the roster lacks), and the file report says so (`shared_emails`).
    Empty for a roster without an email column (a store written before it was kept) or without emails."""
    empty = pl.DataFrame(schema={"email": pl.String, "rep": pl.String})
    if "email" not in roster.columns or roster.height == 0:
        return empty
    held = (roster.select(email_key(pl.col("email").cast(pl.String)).alias("email"), pl.col("rep").cast(pl.String))
            .drop_nulls().unique(maintain_order=True).with_columns(key=name_key(pl.col("rep"))))
    one = held.group_by("email").agg(pl.col("key").n_unique().alias("people")).filter(pl.col("people") == 1)
    return held.join(one.select("email"), on="email", how="semi").unique("email", keep="first", maintain_order=True).select("email", "rep")


def shared_emails(roster: pl.DataFrame) -> dict[str, list[str]]:
    """{email (email_key): the reps of `roster` whose rows hold it, in the roster's order} for each email
    more than one rep's row holds (by name_key): the emails roster_emails matches no owner by."""
    if "email" not in roster.columns or roster.height == 0:
        return {}
    held = (roster.select(email_key(pl.col("email").cast(pl.String)).alias("email"), pl.col("rep").cast(pl.String))
            .drop_nulls().with_columns(key=name_key(pl.col("rep"))).unique(["email", "key"], maintain_order=True))
    shared = held.group_by("email", maintain_order=True).agg("rep").filter(pl.col("rep").list.len() > 1)
    return {email: list(reps) for email, reps in shared.iter_rows()}


def owners_by_email(owners: pl.Series, roster: pl.DataFrame) -> pl.DataFrame:
    """Columns name, rep: each distinct owner of `owners` (deals' rep names as stored) that is an email a
    row of `roster` holds (roster_emails, compared by email_key: case and spaces either side aside), with
    that row's rep. The one rule by which an owner written as an email is counted as the roster's rep,
    wherever deals meet the roster (winloss.deals.one_rep_per_name, the roster editor's deal counts, the file
    report). Per distinct owner; empty when no owner is such an email."""
    empty = pl.DataFrame(schema={"name": pl.String, "rep": pl.String})
    emails = roster_emails(roster)
    if emails.height == 0:
        return empty
    distinct = owners.cast(pl.String).drop_nulls().unique()
    keyed = pl.DataFrame({"name": distinct}).with_columns(email=email_key(pl.col("name"))).drop_nulls("email")
    return keyed.join(emails, on="email").select("name", "rep").sort("name")


def as_roster_reps(owners: pl.Series, roster: pl.DataFrame) -> pl.Series:
    """`owners` (deals' rep names) with each owner written as an email a roster row holds replaced by that
    row's rep (owners_by_email); the same Series when none is."""
    found = owners_by_email(owners, roster)
    if found.height == 0:
        return owners
    return owners.cast(pl.String).replace(found.get_column("name"), found.get_column("rep"))


def unknown_email_owners(owners: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    """Columns name, n: of `owners` (columns name, n: deals' owners and how many deals each), those written
    as an email (EMAIL_SHAPE) that no roster row holds (roster_emails), most deals first. Each is a rep of its
    own, Unprofiled and in no team, until the roster's Email column holds it."""
    emails = roster_emails(roster).get_column("email")
    return (owners.drop_nulls("name").with_columns(email=email_key(pl.col("name"))).drop_nulls("email")
            .filter(~pl.col("email").is_in(emails.implode())).group_by("name").agg(pl.col("n").sum())
            .sort(["n", "name"], descending=[True, False]))


# How close two reps' name keys must be (difflib's ratio) for one to be offered as "did you mean" the other:
# "anna muller" and "anna mueller" (0.96), "jon smith" and "john smith" (0.95).
DID_YOU_MEAN_RATIO = 0.8


# Common English given names and their usual short forms, (short form, full name) in name_key's lower case: a
# roster's "Robert Smith" beside deals owned by "Bob Smith" is likely one person, and no spelling ratio sees it.
# One name may shorten several ways, and one short form stand for several names ("Chris": Christopher, Christina).
SHORT_FORMS: Final = frozenset({
    ("abby", "abigail"), ("alex", "alexander"), ("alex", "alexandra"), ("andy", "andrew"), ("becky", "rebecca"),
    ("ben", "benjamin"), ("beth", "elizabeth"), ("bill", "william"), ("billy", "william"), ("bob", "robert"),
    ("cathy", "catherine"), ("chris", "christina"), ("chris", "christine"), ("chris", "christopher"), ("dan", "daniel"),
    ("danny", "daniel"), ("dave", "david"), ("debbie", "deborah"), ("ed", "edward"), ("fred", "frederick"),
    ("greg", "gregory"), ("jack", "john"), ("jeff", "jeffrey"), ("jen", "jennifer"), ("jenny", "jennifer"),
    ("jim", "james"), ("jimmy", "james"), ("joe", "joseph"), ("jon", "jonathan"), ("josh", "joshua"),
    ("kate", "catherine"), ("kate", "katherine"), ("kathy", "katherine"), ("kim", "kimberly"), ("larry", "lawrence"),
    ("liz", "elizabeth"), ("maggie", "margaret"), ("matt", "matthew"), ("meg", "margaret"), ("mike", "michael"),
    ("nate", "nathan"), ("nate", "nathaniel"), ("nick", "nicholas"), ("pat", "patricia"), ("pat", "patrick"),
    ("phil", "philip"), ("ray", "raymond"), ("rich", "richard"), ("rick", "richard"), ("rob", "robert"),
    ("ron", "ronald"), ("sam", "samantha"), ("sam", "samuel"), ("steve", "stephen"), ("steve", "steven"),
    ("sue", "susan"), ("ted", "edward"), ("tim", "timothy"), ("tom", "thomas"), ("tommy", "thomas"),
    ("tony", "anthony"), ("vicky", "victoria"), ("will", "william"), ("zach", "zachary"),
})


def _short_form_of(key: str, other: str) -> tuple[int, int] | None:
    """Whether the name keys `key` and `other` are one name but for a given name in its short form ("bob smith",
    "robert smith": the same surname after a pair of SHORT_FORMS): (the index of the short form, 0 for `key`, 1 for
    `other`; the index of the full name) when they are, else None. A name of one word has no surname to share."""
    first, _, rest = key.partition(" ")
    other_first, _, other_rest = other.partition(" ")
    if not rest or rest != other_rest:
        return None
    if (first, other_first) in SHORT_FORMS:
        return 0, 1
    if (other_first, first) in SHORT_FORMS:
        return 1, 0
    return None


def did_you_mean(key: str, spelled: Mapping[str, str], same_surname: Mapping[str, str] | None = None) -> str | None:
    """The name a rep whose name key is `key` may have been meant as, among `spelled` (name key -> the
    name as shown): one that is the same name with the given name in its short or full form (SHORT_FORMS:
    "bob smith" for "robert smith"; short_form_words says so), else the closest key of DID_YOU_MEAN_RATIO or
    more (difflib); None when none is. Only a guess to name in a sentence, never a match: "Anna Müller" and
    "Anna Mueller", "Robert Smith" and "Bob Smith" stay two reps until a file names them one way. `same_surname`, when
    given, is those of `spelled` whose key has `key`'s words after the first (by_surname), the only ones a short form
    can match: a caller guessing for many names looks them up once rather than going through every key each time."""
    for other, shown in (spelled if same_surname is None else same_surname).items():
        if other != key and _short_form_of(key, other) is not None:
            return shown
    close = difflib.get_close_matches(key, _within_reach(key, spelled), n=1, cutoff=DID_YOU_MEAN_RATIO)
    return spelled[close[0]] if close else None


def _within_reach(key: str, keys: Iterable[str]) -> list[str]:
    """Those of `keys` that difflib's ratio to `key` may put at DID_YOU_MEAN_RATIO or above, in their order: those whose
    longest common subsequence with it does (rapidfuzz's `fuzz.ratio`, 2 x its length / both lengths, x 100). difflib
    counts the characters of blocks the two share in order, a common subsequence, so its ratio is never the higher:
    no key it would choose is left out, and difflib then chooses as it did among all. For 2,050 names against a
    roster of 500 the guesses took 2.0 s of CPU, every pair through difflib in Python."""
    # A hair under the ratio, so that a float rounded the other way never drops a key difflib would take.
    found = process.extract(key, list(keys), scorer=fuzz.ratio, score_cutoff=DID_YOU_MEAN_RATIO * 100 - 1e-6, limit=None)
    return [choice for choice, _, _ in sorted(found, key=lambda match: match[2])]


def roster_lookalikes(names: Iterable[str], roster_reps: Iterable[str]) -> dict[str, str]:
    """Each of `names` (deal owners, or reps the roster editor lists) that no rep of `roster_reps` is (by name_key)
    whose name did_you_mean finds close to a roster rep's -> that roster rep, as the roster spells them (its first
    spelling of one name_key): "Dana Whitfield" -> "Dana Whitfeld", "Bob Smith" -> "Robert Smith". The one rule
    by which a name the roster lacks is offered as maybe a roster rep: the roster editor's warning, a deals file's
    report. A guess, never a match: they stay two reps. In the order of `names`; a name given twice once."""
    listed = pl.Series("rep", list(roster_reps), pl.String).drop_nulls()
    if listed.is_empty():
        return {}
    spelled: dict[str, str] = {}
    for key, rep in zip(_keys(listed), listed.to_list(), strict=True):  # keyed in one pass, not one name at a time
        spelled.setdefault(key, rep)
    given = pl.Series("name", list(names), pl.String).drop_nulls().unique(maintain_order=True)
    surnames = by_surname(spelled)
    found: dict[str, str] = {}
    for name, key in zip(given.to_list(), _keys(given), strict=True):
        if key not in spelled and (meant := did_you_mean(key, spelled, surnames.get(key.partition(" ")[2], {}))):
            found[name] = meant
    return found


def by_surname(spelled: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """`spelled` (name key -> the name as shown) grouped by each key's words after the first ("smith" of "bob
    smith"), in its order: where did_you_mean looks for a given name's short form. Keys of one word are left out."""
    grouped: dict[str, dict[str, str]] = {}
    for key, shown in spelled.items():
        if rest := key.partition(" ")[2]:
            grouped.setdefault(rest, {})[key] = shown
    return grouped


def _keys(names: pl.Series) -> list[str]:
    """name_key of each of `names` (no nulls), in order."""
    return pl.select(name_key(pl.lit(names))).to_series().to_list()


def short_form_words(name: str, meant: str) -> str | None:
    """Why `meant` is offered for `name` (did_you_mean), when it is for a given name's short form: "Bob is a short
    form of Robert", each given name as its name writes it; None when the guess is by spelling. Names are the
    files': escape the words to show them."""
    which = _short_form_of(rep_key(name), rep_key(meant))
    if which is None:
        return None
    given = (_first_word(name), _first_word(meant))
    return f"{given[which[0]]} is a short form of {given[which[1]]}"


def _first_word(name: str) -> str:
    """The first word of `name` with its spaces tidied (tidy_name's rule): "Bob" of " Bob  Smith"."""
    return str(re.sub(_SPACES, " ", re.sub(INVISIBLE, "", name)).strip().partition(" ")[0])


def fold_name(text: str) -> str:
    """`name_key` of one string in plain Python, for code that folds a few strings one at a time
    (column headers: winloss.ingest.mapping.header_key): "Date de Création" -> "date de creation",
    "Nom de l’entreprise" -> "nom de l'entreprise", "Straße" -> "strasse"."""
    return _folded(text, True, "NFKD")


def _folded(name: str, quotes: bool, marks: str | None, sharp_s: bool = True) -> str:
    """`name` tidied, in lower case, with quotes made plain (`quotes`), "ß" written "ss" (`sharp_s`) and
    accents dropped after the Unicode normalisation `marks` ("NFD", "NFKD"; None keeps them): the
    steps of `name_key` one by one."""
    if quotes:
        name = name.translate(_TYPOGRAPHIC_TABLE)
    if sharp_s:
        name = name.translate(_SHARP_S_TABLE)
    if marks is not None:
        name = re.sub(_ACCENTS, "", unicodedata.normalize(marks, name))  # type: ignore[arg-type]
    return re.sub(_SPACES, " ", name).strip().lower()


# ---- A name written inside free text ---------------------------------------------------------
# The code points read for what spells each folded character: the multilingual and supplementary
# planes (letters, accents, full-width and mathematical letters). Later planes hold ideographs and
# private characters, which fold to themselves.
_READ_CODE_POINTS = 0x20000


class _Folds(NamedTuple):
    """How `name_key` folds each character, read from `name_key` itself (each character between
    two letters, so a space or an accent folds as it does inside a name). Characters are of a
    name_key composed (NFC): "김" as one character, as text writes it."""

    written_as: dict[str, frozenset[str]]  # character -> the others that fold to it: "e" -> "EéÉèȩＥ…", "'" -> "’‘ʼ…"
    ligatures: dict[str, tuple[tuple[str, frozenset[str]], ...]]  # first letter -> (letters, the one letter
    # that folds to them all): "s" -> (("ss", "ßẞ"), ("st", "ﬅﬆ")), "f" -> (("ff", "ﬀ"), ("ffi", "ﬃ"), ...)
    nothing: frozenset[str]  # what folds to nothing: accents, INVISIBLE
    beyond_case: str  # a regex finding what name_key does more to than lower case and plain quotes and dashes
    words: dict[str, bool]  # character -> whether \b reads it as a word character (those above)


@functools.cache
def _folds() -> _Folds:
    """`_Folds`, read once. The lower-case sigma is one letter in either of its forms ("σ", "ς")."""
    chars = pl.Series("char", [chr(c) for c in range(_READ_CODE_POINTS) if not 0xD800 <= c <= 0xDFFF])
    typographic = {**_TYPOGRAPHIC}
    every = pl.DataFrame({"char": chars}).with_columns(
        raw=name_key(pl.concat_str(pl.lit("a"), pl.col("char"), pl.lit("a"))).str.slice(1).str.head(-1),
    )
    cased = pl.col("char").str.replace_many(list(typographic), list(typographic.values())).str.to_lowercase()
    beyond = every.filter(pl.col("raw") != cased).get_column("char")
    table = every.with_columns(folded=pl.col("raw").str.normalize("NFC")).filter(pl.col("folded") != pl.col("char"))
    single = {folded: set(written) for folded, written in
              table.filter(pl.col("folded").str.len_chars() == 1).group_by("folded").agg("char").iter_rows()}
    sigma = single.setdefault("σ", set()) | single.setdefault("ς", set()) | {"σ", "ς"}
    single["σ"] = single["ς"] = sigma
    letters = table.filter(pl.col("char").str.contains(r"^\p{L}$") & (pl.col("folded").str.len_chars() > 1)
                           & ~pl.col("folded").str.contains(" ", literal=True))
    ligatures: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for folded, written in letters.group_by("folded").agg("char").sort("folded").iter_rows():
        ligatures.setdefault(folded[0], []).append((folded, frozenset(written)))
    return _Folds(
        written_as={k: frozenset(v) for k, v in single.items()},
        ligatures={k: tuple(v) for k, v in ligatures.items()},
        nothing=frozenset(table.filter(pl.col("folded") == "").get_column("char")),
        beyond_case=_one_of(beyond) + r"|\s\s",
        words=dict(zip(table.get_column("char"), table.get_column("char").str.contains(r"^\w$"), strict=True)),
    )


def _one_of(chars: Iterable[str]) -> str:
    """A regex class of `chars`, each written by its code point so none is read as syntax, runs of
    consecutive ones as a range."""
    points = sorted({ord(c) for c in chars})
    runs: list[list[int]] = []
    for point in points:
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "[" + "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in runs) + "]"


def text_keys(texts: pl.Series) -> pl.DataFrame:
    """(key, cased), row by row of `texts`: its `name_key` but for spaces at either end, where a name
    is looked for in it, and whether that is only its lower case with plain quotes and dashes (most
    text: "Renewal – Acme"), as `cased_pattern` finds a name in. Such text is folded without
    name_key's other passes."""
    typographic = {**_TYPOGRAPHIC}
    beyond = texts.str.contains(_folds().beyond_case).fill_null(False)
    key = texts.str.replace_many(list(typographic), list(typographic.values())).str.to_lowercase()
    if beyond.any():
        rows = beyond.arg_true()
        key = key.scatter(rows, pl.select(name_key(pl.lit(texts.gather(rows)))).to_series())
    return pl.DataFrame({"key": key, "cased": ~beyond})


@functools.cache
def cased_pattern(key: str) -> str:
    """`spelled_pattern` of an ASCII `key` for text whose name_key is its lower case with plain quotes
    and dashes (`text_keys`' cased text): the key in any case, its quotes and dashes plain or
    typographic. Far quicker to build and run than `spelled_pattern`, with the same matches in such text."""
    plain: dict[str, set[str]] = {}
    for typographic, char in _TYPOGRAPHIC.items():
        plain.setdefault(char, {char}).add(typographic)
    body = "".join(_one_of(plain[c]) if c in plain else c if c.isalnum() or c == " " else f"\\x{{{ord(c):X}}}" for c in key)
    start = r"\b" if key and _is_word(key[0]) else ""
    end = r"\b" if key and _is_word(key[-1]) else ""
    return "(?i)" + start + body + end


def _is_word(char: str) -> bool:
    """Whether `char` is a word character as the regex engine's \b reads it."""
    words = _folds().words
    if char not in words:
        words[char] = bool(pl.select(pl.lit(char, pl.String).str.contains(r"^\w$")).item())
    return words[char]


@functools.cache
def _written(char: str, edge: bool) -> str:
    """A regex of one character of a composed name_key written any way that folds to it, with what
    folds to nothing after it (accents, INVISIBLE), or any more spaces after a space. Where the name
    begins or ends (`edge`), only ways of its word kind, as \b reads them."""
    folds = _folds()
    written = folds.written_as.get(char, frozenset()) | {char}
    if edge:
        written = frozenset(w for w in written if _is_word(w) == _is_word(char))
    if char == " ":
        return _one_of(written) + _one_of(written | folds.nothing) + "*"
    return _one_of(written) + _one_of(folds.nothing) + "*"


@functools.cache
def spelled_pattern(key: str) -> str:
    """A regular expression (Polars') matching, as a whole name, any text whose `name_key` is `key`
    (a `name_key` itself): "José Núñez", "JOSE  NUNEZ", "Jose Núñez" with its accents written apart,
    "jose nunez" for "jose nunez"; "O’Brien" and "O'Brien" for "o'brien"; "Weiß" for "weiss". Whole:
    never inside a longer word ("Jose" is not found in "Joseph", nor "Ann" in "Anna"), where the name
    begins or ends with a letter or digit; a name that begins or ends otherwise ("(Bob)") is found
    wherever it stands.

    Each character of the key is matched by every character that folds to it, followed by any that
    fold to nothing (accents, INVISIBLE); a space by any run of spaces; a character name_key writes
    as several ("김", "ガ") as one or as those written apart. Letters one character may stand for
    ("ss" for "ß", "fi" for "ﬁ") are read as the longest such from the left: "ss" is written "ss" or
    "ß", and a rarer spelling split across them ("sß" for the "sss" of a name) is not found."""
    folds = _folds()
    key = unicodedata.normalize("NFC", key)

    def unit(i: int) -> str:
        edge = i in (0, len(key) - 1)
        apart = unicodedata.normalize("NFD", key[i])
        if len(apart) == 1:
            return _written(key[i], edge)
        return "(?:" + _written(key[i], edge) + "|" + "".join(_written(c, False) for c in apart) + ")"

    def ways(i: int, end: int) -> list[str]:
        """Every way to write key[i:end], letter by letter or a ligature at a time."""
        if i == end:
            return [""]
        found = [unit(i) + rest for rest in ways(i + 1, end)]
        for letters, written in folds.ligatures.get(key[i], ()):
            if key.startswith(letters, i) and i + len(letters) <= end:
                found += [_one_of(written) + _one_of(folds.nothing) + "*" + rest for rest in ways(i + len(letters), end)]
        return found

    parts, i = [], 0
    while i < len(key):
        longest = max((len(letters) for letters, _ in folds.ligatures.get(key[i], ()) if key.startswith(letters, i)), default=1)
        written = ways(i, i + longest)
        parts.append(written[0] if len(written) == 1 else "(?:" + "|".join(written) + ")")
        i += longest
    start = r"\b" if key and _is_word(key[0]) else ""
    end = r"\b" if key and _is_word(key[-1]) else ""
    return start + "".join(parts) + end


def variant_words(name: str, spelling: str) -> str | None:
    """How `name` differs from `spelling`, another spelling of the same rep (same `name_key`), in
    words for "same name but for ...": "accents", "the apostrophe or quotes", "ß written as ss", or
    those that do joined ("accents and the apostrophe or quotes", "accents, ß written as ss and the
    apostrophe or quotes"), "the form of some characters" (full-width letters, ligatures); None when they differ
    only in case, spacing or characters that show nothing (INVISIBLE), as a file report need not
    name those one by one."""
    name, spelling = re.sub(INVISIBLE, "", name), re.sub(INVISIBLE, "", spelling)
    # The fewest of the folds (accents, ß, quotes) that make the two one, tried fewest first.
    for accents, sharp_s, quotes in sorted(itertools.product((False, True), repeat=3), key=sum):
        marks = "NFD" if accents else None
        if _folded(name, quotes, marks, sharp_s) == _folded(spelling, quotes, marks, sharp_s):
            words = [w for w, used in (("accents", accents), ("ß written as ss", sharp_s), ("the apostrophe or quotes", quotes)) if used]
            return None if not words else words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return "the form of some characters"


# What a sentence naming two spellings of one rep adds when they differ by more than case.
_TWO_PEOPLE = ("If they are two people, tell them apart in the {files} by more than accents or quotes (a middle "
               "initial, say).")


def one_rep_sentence(placed: list[tuple[str, str]], words: str | None, shown: str, files: str = "file") -> str:
    """The one sentence saying that spellings of one rep, each with where it is written (`placed`: (name,
    place) in order, such as "in this file", "in the store", "in week1.csv"), are one rep: '"José Núñez" in
    this file and "Jose Nunez" in the store are one rep (same name but for accents), shown as "José Núñez".'
    Names in one place in a row are joined before it ('"Jose Diaz" and "José Díaz" in this file ...').
    `words` says how they differ (`variant_words`; None: case alone, said without the warning that two
    people may be spelt so, which names the `files` to tell them apart in)."""
    groups: list[tuple[list[str], str]] = []
    for name, place in placed:
        if groups and groups[-1][1] == place:
            groups[-1][0].append(name)
        else:
            groups.append(([name], place))
    where = listed([" ".join([quoted_names(names), place]).rstrip() for names, place in groups])
    sentence = f'{where} are one rep (same name but for {words or "case"}), shown as {quoted_name(shown)}.'
    return f"{sentence} {_TWO_PEOPLE.format(files=files)}" if words else sentence


def variant_sentences(pairs: Iterable[tuple[str, str, str]], limit: int = 5,
                      places: tuple[str, str] = ("in this file", "in the store")) -> list[str]:
    """One sentence per (name, the other spelling it is one rep with, the spelling pages show) whose
    two names differ beyond case or spacing: two real people can differ only by an accent, so each
    such merge is named, never silent (`one_rep_sentence`). `places` says where the name and the other
    spelling are written: '"Jose Diaz" in this file and "José Díaz" in the store are one rep (same name
    but for accents), shown as "José Díaz". ...'; one place for both names in one file ('"Jose Diaz"
    and "José Díaz" in this file are one rep ...'). At most `limit`, then one sentence counting the
    rest. Names are plain text: escape them where they are shown."""
    named = [(n, o, s, w) for n, o, s in pairs if (w := variant_words(n, o)) is not None]
    sentences = [one_rep_sentence([(n, places[0]), (o, places[1])], w, s) for n, o, s, w in named[:limit]]
    if len(named) > limit:
        rest = len(named) - limit
        sentences.append(f"{plural(rest, 'other rep name')} {'is' if rest == 1 else 'are'} one rep with another "
                         "spelling the same way (accents or quotes aside).")
    return sentences


def across_files_sentences(reps: Iterable[tuple[list[tuple[str, list[str]]], str]], limit: int = 5) -> list[str]:
    """One sentence per rep that the files uploaded together spell in more than one way, each given as
    ([(a spelling, the files that spell it so), ...] in the files' order, the spelling pages show): the
    same rule as `variant_sentences` reads them by (one `name_key`, one rep), said once for the files
    together in the same words (`one_rep_sentence`). '"Jose Nunez" in week1.csv and "José Núñez" in
    week2.csv are one rep (same name but for accents), shown as "José Núñez". If they are two people,
    ...'; a difference of case alone is said too (two exports of two CRMs often write names in
    capitals), without the warning. At most `limit`, then one sentence counting the rest. Names are
    plain text: escape them where they are shown."""
    reps = list(reps)
    sentences = []
    for spelt, shown in reps[:limit]:
        words = next((w for (a, _), (b, _) in itertools.pairwise(spelt) if (w := variant_words(a, b)) is not None), None)
        sentences.append(one_rep_sentence([(name, f"in {listed(files)}") for name, files in spelt], words, shown, "files"))
    if len(reps) > limit:
        rest = len(reps) - limit
        sentences.append(f"{plural(rest, 'other rep')} {'is' if rest == 1 else 'are'} spelt another way in another "
                         "file loaded with it, and one rep the same way (case, accents or quotes aside).")
    return sentences


def _well_written(spelled: pl.Expr) -> list[pl.Expr]:
    """Sort keys (descending) ranking spellings of one name by how carefully they are written: cased
    as a name is (not all lower or all upper case: "Li Wei" over "LI WEI" and "li wei"; a name of a
    script without case counts as cased), then with its accents ("José Díaz" over "Jose Diaz"). An owner
    written as an email (EMAIL_SHAPE) is cased as an email is, in lower case: "dana.whitfield@acme.com" over
    "DANA.WHITFIELD@Acme.com", which the name's rule had taken for the careful one."""
    upper, lower = spelled.str.contains(r"\p{Lu}"), spelled.str.contains(r"\p{Ll}")
    cased = pl.when(spelled.str.contains(EMAIL_SHAPE)).then(~upper).otherwise(upper == lower)
    return [cased.alias("cased"), spelled.str.normalize("NFD").str.count_matches(_ACCENTS).alias("accents")]


def spellings(counts: pl.DataFrame, preferred: pl.Series | None = None, *, careful_first: bool = False) -> pl.DataFrame:
    """For each distinct name in `counts` (columns `name`, `n`: how often it occurs), the one spelling to show.

    Two names are one rep when they have one `name_key` (they differ only in case, spacing,
    accents or typographic quotes). The spelling is `preferred`'s (a roster's, earlier first) where
    it has one, else the most carefully written (`_well_written`), else the most frequent; ties go
    to the spelling that sorts first, so the choice does not depend on row order.

    `careful_first` puts a carefully written spelling before `preferred`'s: how the pages show a
    rep, so a roster typed "LI WEI" or "Jose Diaz" does not replace the deals' "Li Wei" or "José
    Díaz". Storing keeps `preferred` first, as stored rows are matched under their stored spelling.
    Returns columns `name`, `spelling`.
    """
    spelled = counts.drop_nulls("name").with_columns(key=name_key(pl.col("name")), tidy=tidy_name(pl.col("name")))
    candidates = spelled.group_by("tidy", "key").agg(pl.col("n").sum()).with_columns(rank=pl.lit(None, pl.UInt32))
    if preferred is not None and preferred.len():
        known = (
            pl.DataFrame({"name": preferred.cast(pl.String)}).drop_nulls().with_row_index("rank")
            .select(tidy_name(pl.col("name")).alias("tidy"), name_key(pl.col("name")).alias("key"),
                    pl.lit(0, pl.UInt32).alias("n"), "rank")
        )
        candidates = pl.concat([known, candidates.select(known.columns)], how="vertical_relaxed").group_by("tidy", "key").agg(
            pl.col("n").sum(), pl.col("rank").min())
    candidates = candidates.with_columns(_well_written(pl.col("tidy")))
    careful = ["cased", "accents"]
    order = [*careful, "rank", "n", "tidy"] if careful_first else ["rank", *careful, "n", "tidy"]
    chosen = (
        candidates.sort(["key", *order], descending=[False, *[c not in ("rank", "tidy") for c in order]],
                        nulls_last=True)
        .unique("key", keep="first", maintain_order=True)
        .select("key", pl.col("tidy").alias("spelling"))
    )
    return spelled.join(chosen, on="key").select("name", "spelling")


def one_spelling(names: pl.Series, preferred: pl.Series | None = None, *, careful_first: bool = False) -> pl.Series:
    """`names` with each rep (or loss reason) written one way (see `spellings`); the work is per distinct name.

    A column whose names are already one per rep comes back as it is, without a pass over its rows.
    """
    counts = names.drop_nulls().value_counts(name="n").rename({names.name: "name"})
    renamed = spellings(counts, preferred, careful_first=careful_first).filter(pl.col("name") != pl.col("spelling"))
    if renamed.height == 0:
        return names
    return names.replace(renamed.get_column("name"), renamed.get_column("spelling"))


# ---- Deals written once per product line -----------------------------------------------------

PRODUCT_SEPARATOR = "; "


def product_lines(frame: pl.DataFrame, key: str = "opportunity_id", product: str = "product") -> tuple[pl.DataFrame, pl.DataFrame]:
    """(`frame` with each deal's product lines as one row, the lines folded away and the row that kept them).

    Rows that repeat a key with every other column identical (lines aside) are one deal written
    once per product, as "Opportunities with Products" reports do: the first row stays, with the
    distinct products joined by "; ", so its amount is counted once. A key whose rows differ in
    anything but the product is left as it is, for the duplicate check to quarantine. The second
    frame has columns `__line` (folded away), `into` (the line that kept the deal) and `repeated`
    (True where the deal's rows name one product or none, as a file without a product column does:
    the same deal written more than once, a 15- and an 18-character Salesforce id say, not its
    product lines; stored once all the same).
    """
    empty = pl.DataFrame(schema={"__line": pl.Int64, "into": pl.Int64, "repeated": pl.Boolean})
    repeated = frame.filter(pl.col(key).is_duplicated() & pl.col(key).is_not_null())
    if repeated.height == 0:
        return frame, empty
    deal_columns = [c for c in frame.columns if c not in ("__line", product)]
    shapes = repeated.unique(deal_columns).group_by(key).agg(pl.len().alias("shapes"))
    same = repeated.join(shapes.filter(pl.col("shapes") == 1).select(key), on=key, how="semi")
    if same.height == 0:
        return frame, empty
    has_product = product in frame.columns
    groups = same.group_by(key, maintain_order=True).agg(
        pl.col("__line").first().alias("into"),
        pl.col("__line").slice(1).alias("folded"),
        (pl.col(product).drop_nulls().n_unique() <= 1 if has_product else pl.lit(True)).alias("repeated"),
        *([pl.col(product).drop_nulls().unique(maintain_order=True).str.join(PRODUCT_SEPARATOR).alias("products")] if has_product else []),
    )
    folded = groups.select(pl.col("folded").alias("__line"), "into", "repeated").explode("__line").drop_nulls("__line")
    kept = frame.filter(~pl.col("__line").is_in(folded.get_column("__line").implode()))
    if has_product:
        products = groups.select(pl.col("into").alias("__line"), "products")
        kept = kept.join(products, on="__line", how="left", maintain_order="left").with_columns(
            pl.when(pl.col("products").is_not_null() & (pl.col("products") != ""))
            .then(pl.col("products"))
            .otherwise(pl.col(product))
            .alias(product)
        ).drop("products")
    return kept, folded.cast({"__line": pl.Int64, "into": pl.Int64, "repeated": pl.Boolean})


# ---- Deals without an id ---------------------------------------------------------------------

NAME_KEY_SEPARATOR = " / "


def name_based_id(account: pl.Expr, opportunity_name: pl.Expr) -> pl.Expr:
    """The key of a deal an export gives no id: "Account / Opportunity name", null when either is blank.

    Spacing is tidied so a stray space in a later export does not make a new deal; case is kept,
    as a CRM keeps it from export to export.
    """
    return pl.concat_str([tidy_name(account), tidy_name(opportunity_name)], separator=NAME_KEY_SEPARATOR)


__all__ = [
    "SALESFORCE_15",
    "salesforce_18",
    "INVISIBLE",
    "tidy_name",
    "tidy_texts",
    "tidy_fields",
    "TIDIED_FIELDS",
    "GROUPED_FIELDS",
    "name_key",
    "rep_key",
    "EMAIL_SHAPE",
    "email_key",
    "roster_emails",
    "shared_emails",
    "owners_by_email",
    "as_roster_reps",
    "unknown_email_owners",
    "did_you_mean",
    "roster_lookalikes",
    "short_form_words",
    "SHORT_FORMS",
    "fold_name",
    "spelled_pattern",
    "text_keys",
    "cased_pattern",
    "variant_words",
    "across_files_sentences",
    "one_rep_sentence",
    "variant_sentences",
    "one_spelling",
    "spellings",
    "product_lines",
    "name_based_id",
    "NAME_KEY_SEPARATOR",
    "PRODUCT_SEPARATOR",
]
