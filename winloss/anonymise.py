"""Stable pseudonyms for reps, managers and coaches, so a screen-shared review shows no real names."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

import polars as pl

from data_models.vocabulary import folded_words
from winloss import team_history
from winloss.ingest.identity import cased_pattern, email_key, name_key, spelled_pattern, text_keys
from winloss.text import listed
from winloss.views.deal_lists import account_led


def pseudonyms(names: Iterable[str], prefix: str = "Rep") -> dict[str, str]:
    """Name -> "Rep 01"...; the order is a hash of the names, fixed per data set and not alphabetical."""
    distinct = sorted({n for n in names if n is not None}, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    width = max(2, len(str(len(distinct))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(distinct, start=1)}


def _by_first_deal(deals: pl.DataFrame, column: str) -> list[str]:
    """Names in the order of their first deal (ties by hash), so a rep who joins later takes the
    next number and everyone else keeps theirs: last quarter's "Rep 07" is this quarter's too."""
    dates = [c for c in ("created_date", "close_date") if c in deals.columns]
    first = (
        deals.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg((pl.coalesce(dates).min() if dates else pl.lit(None, pl.Date)).alias("first"))
        .with_columns(key=pl.col(column).map_elements(lambda n: hashlib.sha256(n.encode()).hexdigest(), return_dtype=pl.String))
        .sort("first", "key", nulls_last=True)
    )
    return first.get_column(column).to_list()


def _numbered(ordered: list[str], prefix: str) -> dict[str, str]:
    width = max(2, len(str(len(ordered))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(ordered, start=1)}


# The columns anonymising renames, and the word each one's pseudonyms start with.
NAMED_COLUMNS = {"rep": "Rep", "manager": "Manager", "coach": "Coach"}


def replaced_people_words() -> str:
    """Whose names anonymising replaces, as a sentence lists them: "rep, manager and coach" (NAMED_COLUMNS'
    words, lower case), so a sentence saying what was masked names every role it masks."""
    return listed([word.lower() for word in NAMED_COLUMNS.values()])


def is_pseudonym(name: str, column: str) -> bool:
    """Whether `name` has the shape of a pseudonym `anonymised` writes in `column` ("Manager 05" in
    "manager"): its word, a space, then digits only (a real "Manager Smith" has not)."""
    word, _, number = name.partition(" ")
    return word == NAMED_COLUMNS.get(column) and number.isascii() and number.isdigit()


def name_pseudonyms(deals: pl.DataFrame, roster: pl.DataFrame | None = None) -> dict[str, dict[str, str]]:
    """Column -> {real name: pseudonym} for every NAMED_COLUMNS column `deals` has ("rep": {"Dana
    Whitfield": "Rep 07"}, ...): what `anonymised` writes, numbered by first deal.

    `roster` (the stored roster: its "rep", "manager" and "coach" columns) adds the people it names who have no
    deal, numbered after everyone with one (by hash), so a rep who left before the first export, or a
    manager or coach none of whose reps sold yet, has a pseudonym too: their name in another deal's text is
    replaced, and a page listing roster reps tells them apart. A roster spelling of someone the deals
    already name (identity.name_key: "Jose Nunez" beside "José Núñez") is that person, with no second
    pseudonym.

    One person has one pseudonym in every column (`_one_each`): a manager who sells too is named by
    their rep pseudonym as a manager as well ("Rep 01", never "Manager 04" beside it), and so is a coach."""
    ordered = {column: _by_first_deal(deals, column) for column in NAMED_COLUMNS if column in deals.columns}
    if roster is not None:
        known = set(_keys([name for names in ordered.values() for name in names]))
        for column in NAMED_COLUMNS:
            if column not in roster.columns:
                continue
            names = roster.get_column(column).drop_nulls().unique().to_list()
            extra = {n for n, key in zip(names, _keys(names), strict=True) if key not in known}
            if extra:
                ordered.setdefault(column, []).extend(sorted(extra, key=lambda n: hashlib.sha256(n.encode()).hexdigest()))
    numbered = {column: _numbered(names, NAMED_COLUMNS[column]) for column, names in ordered.items()}
    sellers = deals.get_column("rep").drop_nulls().unique().to_list() if "rep" in deals.columns else []
    return _one_each(numbered, sellers)


def _one_each(numbered: dict[str, dict[str, str]], sellers: list[str]) -> dict[str, dict[str, str]]:
    """`numbered` (column -> {name: pseudonym}) with one pseudonym for each person named in more than one
    column (one identity.name_key): their rep pseudonym when they have a deal of their own (of `sellers`, the
    deals' reps), else that of the first other column naming them, in NAMED_COLUMNS' order (a manager the roster
    lists as a rep with no deal is "Manager 04"; a manager who coaches too is their manager pseudonym as a coach,
    never "Coach 02" beside it). Everyone else keeps their number, so the number a person no longer uses is left
    out rather than moving everyone after them ("Manager 04" named no one)."""
    if len(numbered) < 2:
        return numbered
    keyed = {column: dict(zip(_keys(list(names)), names.values(), strict=True)) for column, names in numbered.items()}
    counted: dict[str, int] = {}
    for keys in keyed.values():
        for key in keys.keys() - {""}:
            counted[key] = counted.get(key, 0) + 1
    several = {key for key, n in counted.items() if n > 1}
    if not several:
        return numbered
    selling = set(_keys(sellers)) if sellers else set()
    order = [column for column in NAMED_COLUMNS if column in keyed and column != "rep"] + (["rep"] if "rep" in keyed else [])
    chosen: dict[str, str] = {}
    for key in several:
        if key in selling and key in keyed.get("rep", {}):
            chosen[key] = keyed["rep"][key]
        else:
            chosen[key] = next(keyed[column][key] for column in order if key in keyed[column])
    return {column: {name: chosen.get(key, pseudonym)
                     for (name, pseudonym), key in zip(names.items(), _keys(list(names)), strict=True)}
            for column, names in numbered.items()}


# Text from a file that a page, list, export or download shows, which may name a rep or manager: what a
# person typed about a deal ("Acme renewal - Dana Whitfield", a loss reason "Dana Whitfield left the
# company", a competitor field used for a note), its id ("OPP-BROSSI-0042") and stage ("Waiting on
# Bianca"), an account named after its owner ("Bianca Rossi Consulting"), a team, region, segment or
# product line named after someone ("Grace Okafor's team"). Every text field of a stored deal the pages
# show (data_models.vocabulary.OPPORTUNITY_SCHEMA and the roster's team) but its rep and manager, which
# are replaced whole, and its currency codes, which the ingest reads as ISO codes.
NAMING_TEXT_COLUMNS = ("opportunity_name", "loss_reason", "competitor", "account", "team", "region", "segment", "product",
                       "opportunity_id", "stage")

# A character standing for the pseudonym of the name found `i`th while the rest are looked for
# (chr(_STAND_IN + i)), so a pseudonym written in is never read as part of another name: Unicode's
# last private use planes, which a text never shows (any such character a text holds is dropped).
_STAND_IN = 0xF0000
_PRIVATE = "[\U000F0000-\U0010FFFF]"


# ---- A name's parts: a surname or first name alone, and the ways an id or an email joins them ----------
# A first name or surname written alone ("Rossi Consulting", "Waiting on Bianca") names its person as
# the whole name does, and an id or an email joins them ("OPP-BROSSI-0042", "bianca.rossi@acme.com").
# Each word of a name (name_key's, and each half of a hyphenated one) of two letters or more is
# replaced wherever it stands as a word of its own, in any case and spelling: by the person's
# pseudonym when they alone have it, by a numbered SHARED_PREFIX ("Name 03") when several people
# do (which of them it names cannot be told: the same word reads the same "Name 03" everywhere, and two
# words never share one). The words below are the exception: an everyday English word that is also a
# name ("Young", "Price", "Bank", "Grace"), or a particle ("de", "van"), standing alone reads as the word
# and is kept, since replacing it everywhere ("Lost on Rep 03") leaves text no one can read; the whole
# name and the joined spellings of `joined_forms` ("anna.price", "aprice") are replaced all the same.
# The last set is the words of a CRM's placeholder owners and coaches ("No coach", "Integration User",
# "Unassigned Queue"): their whole name is replaced, but "No" or "Team" alone elsewhere stays a word.
SHARED_PREFIX = "Name"
EVERYDAY_WORDS = frozenset("""
    able account april august bank banks bell best bill black bond brown case cash chance chase church
    cross crown day deal door down early east english fair faith field fields free frost gold good grace
    gray green grey hall head heart hill holiday hope house just lake lane law lead less little long love
    joy major manager march mark may mill moon more name new north oak page park person pool power price
    rain read rep rich river rock rose royal sale sales sea short silver sky small snow south spring
    steel stone storm street strong summer sun wall water way well west white will win winter wood young
""".split()) | frozenset("""
    al ap bin da das de dei del della den der des di do dos du el ibn la las le les los mac mc st
    te ten ter van vander von y zu
""".split()) | frozenset("""
    admin coach default integration no none open other owner queue tbd team unassigned unknown user vacant
""".split())


def _name_words(key: str) -> list[str]:
    """The words of one name_key a part of it is looked for by: each word, each half of a hyphenated
    one and its halves run together ("lee-smith", "lee", "smith", "leesmith": a user name drops the
    hyphen), and a word with an apostrophe also without it ("o'brien", "obrien"): two letters or more."""
    words = []
    for word in key.split(" "):
        for piece in (word, *word.split("-"), word.replace("-", ""), word.replace("'", "")):
            if len(piece) >= 2 and piece not in words:
                words.append(piece)
    return words


def joined_forms(key: str) -> list[str]:
    """The ways an id, an email or a user name writes the first and last word of one name_key ("bianca
    rossi"): "bianca.rossi", "bianca_rossi", "bianca-rossi", "biancarossi", "b.rossi", "b_rossi",
    "brossi", "rossi.bianca", "rossi_bianca". None for a name of one word. A form run together is of five
    letters or more: "tito" (Tom Ito) or "petrovan" (Nadia Petrova's surname and initial) are words. A
    hyphenated surname is written both with its hyphen and without ("jlee-smith" and "jleesmith" for Jo
    Lee-Smith): "jlee-Rep 01" had kept the initial and the first half of the surname."""
    words = [w.replace("'", "") for w in key.split(" ") if w.replace("'", "").replace("-", "")]
    if len(words) < 2:
        return []
    first = words[0].replace("-", "")
    forms: list[str] = []
    together: list[str] = []
    for last in dict.fromkeys((words[-1].replace("-", ""), words[-1].strip("-"))):
        forms += [f"{first}{sep}{last}" for sep in (".", "_", "-")] + [f"{first[0]}{sep}{last}" for sep in (".", "_")]
        forms += [f"{last}{sep}{first}" for sep in (".", "_")]
        together += [f for f in (f"{first}{last}", f"{first[0]}{last}") if len(f) >= 5]
    return list(dict.fromkeys(forms + together))


# A name written as an e-mail or a user name ("sam.jones@acme.com", "sam_jones"): its mailbox, before
# any "+tag", split where a dot, an underscore or a digit stands ("sam", "jones"); the domain names a
# company, not the person.
_JOINED_NAME = re.compile(r"[._\d]+")


def name_parts(key: str) -> str:
    """One name_key as the words of a name: "sam.jones@acme.com", "sam_jones" and "sam.jones" read
    "sam jones", so their first name and surname are looked for alone, and joined otherwise
    (`joined_forms`), as "Sam Jones"'s are. A name with a space, or with no dot, underscore or "@",
    is `key` as it is."""
    if " " in key or not any(mark in key for mark in "@._"):
        return key
    mailbox = key.partition("@")[0].partition("+")[0]
    return " ".join(part for part in _JOINED_NAME.split(mailbox) if part) or key


def replacements(pseudonyms: dict[str, dict[str, str]]) -> dict[str, str]:
    """{name_key of what is replaced: its replacement} for `names_replaced`, from `name_pseudonyms`:
    each rep's and manager's whole name, its `joined_forms` and each of its words (`_name_words`, save
    EVERYDAY_WORDS), by the person's pseudonym, a name written as an e-mail read by its `name_parts`; a joined form or word several people have, by a
    numbered SHARED_PREFIX. A whole name is never taken for a word or a joined form of someone else's."""
    everyone = {name: pseudonym for names in pseudonyms.values() for name, pseudonym in names.items()}
    if not everyone:
        return {}
    whole = _by_key(everyone)
    owners: dict[str, set[str]] = {}
    for key, pseudonym in whole.items():
        parts = name_parts(key)
        spaced = [parts] if parts != key and " " in parts else []
        for form in (*spaced, *joined_forms(parts), *(w for w in _name_words(parts) if w not in EVERYDAY_WORDS)):
            if form not in whole:
                owners.setdefault(form, set()).add(pseudonym)
    shared = sorted((form for form, who in owners.items() if len(who) > 1), key=lambda f: hashlib.sha256(f.encode()).hexdigest())
    numbered = _numbered(shared, SHARED_PREFIX)
    return {**whole, **{form: numbered.get(form) or next(iter(who)) for form, who in owners.items()}}


def email_aliases(pseudonyms: dict[str, dict[str, str]], roster: pl.DataFrame | None) -> dict[str, str]:
    """{email as identity.email_key writes it: its rep's pseudonym} for each email `roster` (its "rep" and optional
    "email" columns) holds of a person `pseudonyms` (name_pseudonyms) names: a text writing the email ("call
    dw@acme.com") reads "call Rep 07", as it would the name. An email need not spell the name ("dw@..."), so
    neither its parts nor the name's find it: it is another spelling of the person, looked for whole."""
    if roster is None or "email" not in roster.columns or "rep" not in roster.columns:
        return {}
    everyone = _by_key({name: pseudonym for names in pseudonyms.values() for name, pseudonym in names.items()})
    rows = roster.select(name_key(pl.col("rep").cast(pl.String)).alias("key"),
                         email_key(pl.col("email").cast(pl.String)).alias("email")).drop_nulls()
    return {email: everyone[key] for key, email in rows.iter_rows() if key in everyone}


def _keys(names: list[str]) -> list[str]:
    """identity.name_key of each of `names`, in order."""
    return pl.select(name_key(pl.lit(pl.Series(names, dtype=pl.String)))).to_series().to_list()


def _by_key(names: dict[str, str]) -> dict[str, str]:
    """`names` ({real name: pseudonym}) as {name_key: pseudonym}, the longest key first (then
    alphabetically), so "Ann Lee-Smith" is never left as "Rep 04-Smith" by a rep called "Ann Lee". A
    rep who is also a manager has one pseudonym in both (`_one_each`)."""
    keys = _keys(list(names))
    keyed = {key: pseudonym for key, pseudonym in zip(keys, names.values(), strict=True) if key}
    return dict(sorted(keyed.items(), key=lambda item: (-len(item[0]), item[0])))


def _naming(texts: pl.Series, keys: list[str]) -> pl.DataFrame:
    """(row, text, held, cased) for each text of `texts` whose name_key holds any of `keys`: its row,
    the keys it holds as found (as text, not yet as a whole name: the pattern decides that), and whether
    `cased_pattern` finds names in it (identity.text_keys)."""
    held = pl.col("key").str.extract_many(keys, overlapping=True)
    return (text_keys(texts).with_row_index("row").select("row", pl.lit(texts).alias("text"), held.alias("held"), "cased")
            .filter(pl.col("held").list.len() > 0))


# What stands either side of a name: anything but a letter or an accent. A digit or an underscore is
# not part of a name, as it is of a regular expression's word ("OPP_BROSSI_0042", "brossi2").
_NOT_LETTER = r"[^\p{L}\p{M}]"


def _between_letters(pattern: str) -> str:
    """`pattern` (identity.cased_pattern's or spelled_pattern's, \\b at a word's edge) with the edge read
    as no letter rather than no word character, the text either side kept in the groups "before" and
    "after" (Polars' expressions have no look-around)."""
    flags = "(?i)" if pattern.startswith("(?i)") else ""
    body = pattern.removeprefix(flags)
    start, end = body.startswith(r"\b"), body.endswith(r"\b")
    body = body.removeprefix(r"\b") if start else body
    body = body.removesuffix(r"\b") if end else body
    return (flags + (f"(?P<before>^|{_NOT_LETTER})" if start else "(?P<before>)") + f"(?:{body})"
            + (f"(?P<after>{_NOT_LETTER}|$)" if end else "(?P<after>)"))


def names_replaced(texts: pl.Series, names: dict[str, str]) -> pl.Series:
    """`texts` with every whole spelling of each real name of `names` ({real name: pseudonym})
    replaced by its pseudonym: any text whose name_key is the name's (the rule that makes spellings
    one rep: case, spacing, accents, quotes and dashes, "ß" or "ss"), so "Renewal – JOSE  NUNEZ" and
    "Jose Núñez's deal" read "Renewal – Rep 14" and "Rep 14's deal" for José Núñez, whichever way
    the files or the roster spell him. Never inside a longer word ("Joseph" keeps its "Jose"); the
    longest name first (see `_by_key`).

    A few Polars passes over every text, then a regular expression per name (identity.spelled_pattern,
    or cased_pattern where it will do) over the texts holding it once folded, those holding the same
    names together."""
    keyed = _by_key(names)
    keys = list(keyed)
    if texts.dtype != pl.String:  # a column of nulls alone, read without a type
        texts = texts.cast(pl.String)
    found = _naming(texts, keys) if keys else pl.DataFrame()
    if found.height == 0:
        return texts
    rank = {key: i for i, key in enumerate(keys)}
    found = found.with_columns(pl.col("text").str.replace_all(_PRIVATE, ""), together=pl.col("held").list.join("\n"))
    rows, after = [], []
    # The texts holding the same names (as found, in the order found: a list kept as it is, as sorting a
    # million of them took seconds), together.
    for group in found.partition_by("together", "cased"):
        written = group.get_column("text")
        cased = group.get_column("cased")[0]
        for key in sorted(set(group.get_column("held")[0]), key=rank.__getitem__):
            pattern = _between_letters(cased_pattern(key) if cased and key.isascii() else spelled_pattern(key))
            # Twice: a match takes the character after it, which the next one right after it begins with.
            for _ in range(2):
                written = written.str.replace_all(pattern, f"${{before}}{chr(_STAND_IN + rank[key])}${{after}}")
        rows.append(group.get_column("row"))
        after.append(written)
    new = pl.concat(after).str.replace_many([chr(_STAND_IN + i) for i in range(len(keys))], list(keyed.values()))
    return texts.clone().scatter(pl.concat(rows), new)


def anonymised(deals: pl.DataFrame, roster: pl.DataFrame | None = None) -> pl.DataFrame:
    """Deals with every rep, manager and coach name replaced by its pseudonym, numbered by first deal, in
    their own columns and wherever a text shown of the deal (NAMING_TEXT_COLUMNS: its name, account,
    loss reason, competitor, team, ...) spells one out whole, however it spells it (`names_replaced`);
    with `roster`, the names of people it holds who have no deal too (`name_pseudonyms`). Accounts are
    kept, save a name in one: anonymising hides the people being reviewed, not the customers.

    A deal's name that a list shortens beside its account ("Bianca Rossi Consulting - Core Platform"
    reads "Core Platform") is shortened alike once anonymised (`_account_led_names`), so no row shows
    a pseudonym beside the real name it stands for."""
    pseudonyms = name_pseudonyms(deals, roster)
    everyone = {**replacements(pseudonyms), **email_aliases(pseudonyms, roster)}
    named = [c for c in NAMING_TEXT_COLUMNS if c in deals.columns] if everyone else []
    replaced = {column: _ids_replaced(deals.get_column(column), everyone) if column == "opportunity_id"
                else names_replaced(deals.get_column(column), everyone) if column == "opportunity_name"
                else _values_replaced(deals.get_column(column), everyone) for column in named}
    if "opportunity_name" in replaced and "account" in replaced:
        replaced["opportunity_name"] = _account_led_names(deals, replaced["opportunity_name"], replaced["account"], everyone)
    if "opportunity_name" in replaced:  # two deals' names a name alone told apart read apart, as their ids do
        replaced["opportunity_name"] = _kept_apart(deals.get_column("opportunity_name").cast(pl.String), replaced["opportunity_name"])
    # A rep's team now (team_history.REP_TEAM) is one of the teams the team column holds: it reads as that team reads
    # (a team named after a person, "Nadia Petrova's team", was shown whole in the lists that name a rep's team now).
    if team_history.REP_TEAM in deals.columns and (everyone or named):
        replaced[team_history.REP_TEAM] = _as_team_reads(deals, replaced.get("team"), everyone)
    # A rep's manager now (the deals frame's team_history.REP_MANAGER) is a manager's name as the manager column's.
    renamed = {**{column: column for column in pseudonyms}, **({team_history.REP_MANAGER: "manager"} if "manager" in pseudonyms else {})}
    return deals.with_columns(
        *(pl.col(column).replace_strict(pseudonyms[of], default=None) for column, of in renamed.items() if column in deals.columns),
        *(series.alias(column) for column, series in replaced.items()),
    )


def _as_team_reads(deals: pl.DataFrame, teams: pl.Series | None, names: dict[str, str]) -> pl.Series:
    """Each deal's team_history.REP_TEAM as the team column reads that team anonymised (`teams`: the team column
    with its names replaced); a team no deal's team column holds has its names replaced as any value's are."""
    now = deals.get_column(team_history.REP_TEAM).cast(pl.String)
    if teams is None or "team" not in deals.columns:
        return _values_replaced(now, names)
    read = dict(zip(deals.get_column("team").cast(pl.String).to_list(), teams.cast(pl.String).to_list(), strict=True))
    unknown = [team for team in now.drop_nulls().unique().to_list() if team not in read]
    if unknown:
        read.update(zip(unknown, _values_replaced(pl.Series(unknown, dtype=pl.String), names).to_list(), strict=True))
    return now.replace_strict(read, default=None, return_dtype=pl.String)


# An id a CRM makes (Salesforce's, 15 or 18 characters; a GUID, as Dynamics writes one): its letters are
# drawn at random and name no one, though a short surname may stand among its digits ("…015xU63…"
# for "Xu"). Every other id is read as any text is: a person typed it ("OPP-BROSSI-0042").
MACHINE_ID = (r"^006[0-9A-Za-z]{12}(?:[0-9A-Z]{3})?$"
              r"|^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$")


def _ids_replaced(ids: pl.Series, names: dict[str, str]) -> pl.Series:
    """`names_replaced` of the deals' ids but those a CRM makes (MACHINE_ID), which are kept as they are,
    each id still one deal's (`_kept_apart`)."""
    if ids.dtype != pl.String:
        ids = ids.cast(pl.String)
    typed = (~ids.str.contains(MACHINE_ID)).fill_null(False).arg_true()
    if typed.is_empty():
        return ids
    return _kept_apart(ids, ids.clone().scatter(typed, names_replaced(ids.gather(typed), names)))


# What sets apart the texts one anonymised text would stand for: the second, third... text's number.
_APART = " ({})"


def _numbers_apart(pairs: Iterable[tuple[str, str]], taken: set[str], key: Callable[[str], str]) -> dict[str, str]:
    """{text: the text shown for it, numbered} for each text of `pairs` ((text, as its names replaced read
    it), each text once) whose shown text stands for another text too, so two different texts never read
    alike. Spellings of one text are one text when their `key` is (the text itself for an id or a deal's
    name; its folded words for a value a page groups, filters or matches by, as a stage mapping finds its
    stage), unless they read exactly alike, which would count their deals as one in a group-by. Every
    spelling of a name reads as one pseudonym, so "Waiting on Bianca", "Waiting on Rossi" and "Waiting on
    Bianca Rossi" of Bianca Rossi would all read "Waiting on Rep 12". The first of them in an order fixed
    per data set (a hash of the real text's key: never the rows' order) keeps the shown text, unless a text
    anonymising left as it was reads so; each other reads it with _APART's number ("Waiting on Rep 12
    (2)"), the next one whose key no text has (`taken`: the keys of every shown text), every spelling of it
    the same number ("WAITING ON Rep 12 (2)" for "WAITING ON ROSSI")."""
    pairs = list(pairs)
    alike: dict[tuple[str, str], int] = {}  # (a text's key, its shown text) -> how many texts read so
    for text, shown in pairs:
        alike[key(text), shown] = alike.get((key(text), shown), 0) + 1
    standing: dict[str, dict[str, list[tuple[str, str]]]] = {}  # shown key -> one text's key -> (text, shown)
    for text, shown in pairs:
        real = key(text) if alike[key(text), shown] == 1 else f"{key(text)}\0{text}"
        standing.setdefault(key(shown), {}).setdefault(real, []).append((text, shown))
    apart: dict[str, str] = {}
    for said, texts in standing.items():
        if len(texts) < 2:
            continue
        ordered = sorted(texts, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
        keeper = said if said in texts else ordered[0]
        number = 1
        for real in (k for k in ordered if k != keeper):
            shown = texts[real][0][1]
            number += 1
            while key(shown + _APART.format(number)) in taken:
                number += 1
            taken.add(key(shown + _APART.format(number)))
            apart.update({text: written + _APART.format(number) for text, written in texts[real]})
    return apart


def _kept_apart(ids: pl.Series, replaced: pl.Series) -> pl.Series:
    """`replaced` (`ids` anonymised, row by row: ids, or deals' names) with distinct texts kept distinct
    (`_numbers_apart`, each text its own): ids a name's spellings alone told apart ("OPP-BROSSI-1",
    "OPP-Brossi-1", "OPP-BIANCA-1" of Bianca Rossi) would all read "OPP-Rep 12-1", and one deal's row,
    link or at-risk mark would stand for the others. Shapes: two String Series of one length; nulls stay null."""
    frame = pl.DataFrame({"id": ids, "shown": replaced})
    # Only a text anonymising wrote may stand for two: a million texts kept as they are are not read again.
    changed = frame.filter(pl.col("id") != pl.col("shown")).get_column("shown").unique()
    crowded = (frame.filter(pl.col("shown").is_in(changed.implode())).unique("id", keep="first", maintain_order=True)
               .filter(pl.len().over("shown") > 1))
    if crowded.height == 0:
        return replaced
    apart = _numbers_apart(crowded.iter_rows(), set(replaced.drop_nulls().to_list()), str)
    return frame.select(pl.col("id").replace_strict(apart, default=pl.col("shown"), return_dtype=pl.String)
                        ).to_series().alias(replaced.name)


def _values_replaced(texts: pl.Series, names: dict[str, str]) -> pl.Series:
    """`names_replaced` of a column holding few distinct texts, each a value a page groups, filters or
    matches the deals by (stages, loss reasons, competitors, accounts, teams, regions, segments, products):
    each distinct text read once, a million deals costing what their few hundred accounts do, and two
    different values never reading alike, exactly or by their folded words (`_numbers_apart`;
    data_models.vocabulary.folded_words: case, accents, punctuation, as a stage mapping finds its stage),
    so every value keeps its deals, in a group-by, a filter or a setting, once anonymised."""
    if texts.dtype != pl.String:
        texts = texts.cast(pl.String)
    distinct = texts.drop_nulls().unique()
    new = names_replaced(distinct, names)
    pairs = list(zip(distinct.to_list(), new.to_list(), strict=True))
    apart = _numbers_apart(pairs, {folded_words(text) for _, text in pairs}, folded_words)
    changed = {old: apart.get(old, text) for old, text in pairs if apart.get(old, text) != old}
    return texts.replace(changed) if changed else texts


def shown_values(values: pl.Series, pseudonyms: dict[str, dict[str, str]]) -> dict[str, str]:
    """{value: the value as `anonymised` writes it} for each distinct of `values` (one of the deals' columns
    `_values_replaced` reads: "stage", "loss_reason", "team"..., real names), by `pseudonyms`
    (name_pseudonyms'; any other column, a team's, is left out). A value naming no one reads as it is."""
    people = {column: names for column, names in pseudonyms.items() if column in NAMED_COLUMNS}
    distinct = values.cast(pl.String).drop_nulls().unique()
    everyone = replacements(people)
    shown = _values_replaced(distinct, everyone) if everyone else distinct
    return dict(zip(distinct.to_list(), shown.to_list(), strict=True))


def _account_led_names(deals: pl.DataFrame, names: pl.Series, accounts: pl.Series, everyone: dict[str, str]) -> pl.Series:
    """`names` (the deals' names anonymised) with each name a list shortens beside its real account
    (deal_lists.account_led) written as its anonymised account, the same separator and the rest
    anonymised, so the list shortens it once anonymised too: "Bianca Rossi Consulting - Core Platform"
    beside "Bianca Rossi Consulting" reads "Rep 12 Consulting - Core Platform" beside "Rep 12
    Consulting", listed as "Core Platform" as it is with names shown, never "Rep 12 Consulting - Core
    Platform" beside an account spelt otherwise. Only the deals whose account anonymising changed are
    read: a name starting with an account that names no one keeps that start as it is once anonymised."""
    real_names, real_accounts = deals.get_column("opportunity_name"), deals.get_column("account")
    changed = (accounts != real_accounts).fill_null(False).arg_true().to_list()
    rows, heads, rests = [], [], []
    for row in changed:
        split = account_led(real_names[row], real_accounts[row])
        if split is not None:
            rows.append(row)
            heads.append(f"{accounts[row]}{split[0]}")
            rests.append(split[1])
    if not rows:
        return names
    written = [head + rest for head, rest in zip(heads, names_replaced(pl.Series(rests, dtype=pl.String), everyone).to_list(), strict=True)]
    return names.clone().scatter(rows, pl.Series(written, dtype=pl.String))


# The filter columns of NAMING_TEXT_COLUMNS: a link or a sidebar choice names one of their values.
RENAMED_FILTER_COLUMNS = ("team", "region", "segment", "product")


def renamed_values(deals: pl.DataFrame, pseudonyms: dict[str, dict[str, str]],
                   columns: Iterable[str] = RENAMED_FILTER_COLUMNS) -> dict[str, dict[str, str]]:
    """Column -> {value: the value as `anonymised` writes it} of each of `columns` (of `deals`, real names;
    the filter columns unless told) whose values anonymising changes, by `pseudonyms` (`name_pseudonyms`):
    {"team": {"Nadia Petrova's team": "Manager 03's team"}} (`shown_values`, so two teams a name alone told
    apart are two teams still, "Manager 03's team (2)"). How a team chosen with names shown is found once
    anonymised, and the other way round (`other_names`)."""
    found: dict[str, dict[str, str]] = {}
    for column in (c for c in columns if c in deals.columns):
        changed = {value: new for value, new in shown_values(deals.get_column(column), pseudonyms).items() if value != new}
        if changed:
            found[column] = changed
    return found


# The deals' columns the no-decision settings (the stage mappings and the no-decision reasons) are typed against.
SETTING_COLUMNS = ("stage", "loss_reason")


def real_values(deals: pl.DataFrame, pseudonyms: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Column -> {value as `anonymised` writes it: the value of `deals` (real names) it stands for} of each
    SETTING_COLUMNS column whose values anonymising changes (`renamed_values` read backwards): how the
    no-decision settings, typed against the real values, find the anonymised deals they find with names
    shown (measures.no_decision.no_decision_causes). A settings list is not anonymised itself: a reason
    "Bianca went quiet" would read "Rep 01 went quiet", the phrase "Rossi went quiet - budget" starts with
    once anonymised, and count its deals. One real value each: two never read alike (`_numbers_apart`)."""
    return {column: {new: value for value, new in changed.items()}
            for column, changed in renamed_values(deals, pseudonyms, SETTING_COLUMNS).items()}


def rep_pseudonyms(deals: pl.DataFrame, roster: pl.DataFrame | None = None) -> dict[str, str]:
    """Rep name -> the pseudonym `anonymised` gives it ("Rep 07"), for pages that list reps apart from deals."""
    return name_pseudonyms(deals, roster).get("rep", {})


def pseudonyms_of_names(names: pl.Series, pseudonyms: dict[str, str]) -> pl.Series:
    """Each of `names` as its pseudonym of `pseudonyms` ({real name: pseudonym}, `rep_pseudonyms`), found by
    identity.name_key, so any spelling of one person finds it: a list in the roster's spelling ("Jose Diaz")
    finds the pseudonym of the deals' "José Díaz". Null where `pseudonyms` has no such person."""
    keyed = _by_key(pseudonyms)
    return pl.select(name_key(pl.lit(names.cast(pl.String))).replace_strict(keyed, default=None, return_dtype=pl.String)
                     ).to_series().alias(names.name)


def other_names(pseudonyms: dict[str, dict[str, str]], anonymise: bool) -> dict[str, dict[str, str]]:
    """Column -> {a name as the other naming spells it: the same person's name as this one spells it},
    from `name_pseudonyms` (and `renamed_values`: a team named after someone): real name -> pseudonym
    when names are anonymised, pseudonym -> real name when they are not. How a link made under one
    naming finds its people under the other."""
    if anonymise:
        return pseudonyms
    return {column: {pseudonym: name for name, pseudonym in names.items()} for column, names in pseudonyms.items()}


# ---- Texts that are no deal's: what the app keeps of who changed the store ----
# A manifest row's free text (Store.history, StoreFacts.last_upload) a page shows: who made the
# version (a user name or an e-mail), the file's name and the version's note. Any of them may name someone
# neither the deals nor the roster hold now (a rep who left before the roster, a manager, a customer's
# contact, an uploader), whom replacing known names cannot find: with names anonymised each is shown by a
# neutral label instead (`history_anonymised`), never read for names.
# The actions whose note the app words from counts, version numbers and ISO currency codes alone ("with 2
# stage mappings", "rolled back to version 3", "reporting currency USD, 1 exchange rate: EUR", "roster
# edited in the app"), kept with names anonymised, but for the change of team a roster or an edit makes, which
# names its reps (team_history.moves_note_named_by_none). Any other note (an assessment's names its rep, "Bianca
# Rossi: Challenger"; an action this version does not know) is left out.
NAME_FREE_NOTE_ACTIONS = frozenset({"ingest", "settings", "rollback", "roster_edit"})
# A file's label by the end of its name: the kind of file, which names no one.
_FILE_KINDS = {".csv": "CSV file", ".tsv": "Text file", ".txt": "Text file",
               ".xlsx": "Excel file", ".xlsm": "Excel file", ".xlsb": "Excel file", ".xls": "Excel file"}
# What the History says once, above its rows, with names anonymised.
HISTORY_ANONYMISED_CAPTION = ("Files and the people who changed the store are shown by a number (\"CSV file 2\", "
                              "\"User 1\"), the same wherever they appear, as their names may name someone anonymising "
                              "cannot know; an assessment's note, which names its rep, is left out.")


def file_label(name: str, number: int) -> str:
    """A file's neutral label: the kind its name ends in and `number` ("CSV file 2", "Excel file 3"),
    "File 4" for any other ending."""
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return f"{_FILE_KINDS.get(ending, 'File')} {number}"


def history_labels(history: pl.DataFrame) -> dict[str, dict[str, str]]:
    """"file_name" and "user" -> {text: its neutral label} for every file name and user of `history`
    (Store.history: store_version, user, file_name, ...): "CSV file 2", "User 1", numbered in the order
    of the version that first names each, one number a text, so a label is the same on every row, in the
    "Roll back to" list and on the Overview, and a new version never renumbers the older ones."""
    oldest = history.sort("store_version")
    labels: dict[str, dict[str, str]] = {}
    for column, label in (("file_name", file_label), ("user", lambda _, n: f"User {n}")):
        texts = oldest.get_column(column).drop_nulls().unique(maintain_order=True).to_list() if column in history.columns else []
        labels[column] = {text: label(text, number) for number, text in enumerate(texts, start=1)}
    return labels


def manifest_row_anonymised(row: dict | None, labels: dict[str, dict[str, str]]) -> dict | None:
    """One manifest row (Store.history's, StoreFacts.last_upload: the Overview's "Last upload" line) with
    its file and user as their `history_labels` and its note kept only for NAME_FREE_NOTE_ACTIONS; None
    stays None, and so does an empty field."""
    if row is None:
        return None
    named = {column: labels.get(column, {}).get(row[column]) if row.get(column) is not None else None
             for column in ("file_name", "user") if column in row}
    if "note" in row and row.get("action") not in NAME_FREE_NOTE_ACTIONS:
        named["note"] = None
    elif row.get("note"):  # a roster's or an edit's change of team names its reps: cut to words naming no one
        named["note"] = team_history.moves_note_named_by_none(row["note"])
    return {**row, **named}


def history_anonymised(history: pl.DataFrame) -> pl.DataFrame:
    """`history` (Store.history's rows) as the Data page's History tab and its "Roll back to" list show it
    with names anonymised: each row `manifest_row_anonymised` by the labels of the whole history."""
    labels = history_labels(history)
    rows = [manifest_row_anonymised(row, labels) for row in history.iter_rows(named=True)]
    return pl.DataFrame(rows, schema=history.schema) if rows else history
