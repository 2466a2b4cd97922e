"""Anonymising replaces a rep's or manager's name in free text however it is spelled: every spelling
that folds to the name (accents, case, quotes, spaces, "ß"), as ingest makes such spellings one rep,
whole names only, on every page, download and exported review. A store whose exports spell a rep
"Jose Nunez" and "José Núñez" showed "Renewal – Jose Nunez" beside "Rep 14" in the Reps page's Deals
(CSV), as only the shown spelling was replaced."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import app_driver
import polars as pl
import pytest
from anonymised_stores import app_store, export
from rendered import downloaded, rendered_text

from winloss.anonymise import anonymised, name_pseudonyms, names_replaced
from winloss.deals import page_deals
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.ingest.identity import fold_name
from winloss.store.delta import Store
from winloss.views.review import review_from_store


def holds(text: str, name: str) -> bool:
    """Whether `text` spells `name` out whole in any way that folds to it (checked apart from the
    engine: Python's own folding and a whole-word search)."""
    return spelled_in(fold_name(text), name)


def spelled_in(folded: str, name: str) -> bool:
    """`holds` of a text already folded (`fold_name`): a text searched for several names is folded once."""
    return re.search(rf"(?<!\w){re.escape(fold_name(name))}(?!\w)", folded) is not None


def renamed(reps: list[str], texts: list[str], managers: list[str | None] | None = None) -> tuple[list[str], dict[str, str]]:
    """`texts` as deal names of `reps`' deals (one each) once anonymised, and each rep's and manager's pseudonym."""
    deals = pl.DataFrame({"rep": reps, "manager": managers or [None] * len(reps), "opportunity_name": texts},
                         schema={"rep": pl.String, "manager": pl.String, "opportunity_name": pl.String})
    result = anonymised(deals)
    shown = dict(zip(deals.get_column("rep"), result.get_column("rep"), strict=True))
    shown |= {m: p for m, p in zip(deals.get_column("manager"), result.get_column("manager"), strict=True) if m}
    return result.get_column("opportunity_name").to_list(), shown


# ---- the engine -------------------------------------------------------------------------------

@pytest.mark.parametrize(("rep", "texts"), [
    ("José Núñez", ["Renewal – Jose Nunez", "JOSE NUNEZ upsell", "jose  núñez", "Jose\u00a0Nunez pilot",
                    "Jose\u0301 Nun\u0303ez (accents written apart)", "José Núñez", "Call José\u200b Núñez"]),
    ("Tom O'Brien", ["Tom O’Brien expansion", "TOM O`BRIEN", "tom   o'brien", "Tom O‘Brien, again"]),
    ("Siobhán O’Brien", ["Siobhan O'Brien pilot", "SIOBHÁN O’BRIEN"]),
    ("Jürgen Weiß", ["Jurgen Weiss renewal", "JÜRGEN WEISS", "Jürgen Weiss"]),
    ("Ana-María López", ["Ana–Maria Lopez: renewal", "ANA-MARÍA LÓPEZ"]),
])
def test_every_spelling_that_folds_to_a_rep_is_replaced(rep, texts):
    names, shown = renamed([rep] * len(texts), texts)
    assert not [n for n in names if holds(n, rep)], names
    assert all(shown[rep] in n for n in names), names


def test_the_rest_of_a_deal_name_is_kept_as_written():
    names, shown = renamed(["José Núñez"] * 3, ["Renewal – Jose  Nunez", "JOSE NUNEZ: upsell", "Mañana – José Núñez’s pilot"])
    rep = shown["José Núñez"]
    assert names == [f"Renewal – {rep}", f"{rep}: upsell", f"Mañana – {rep}’s pilot"]


def test_a_name_is_replaced_only_whole():
    """"Jose" is not taken out of "Joseph", nor "Ann Lee" (or either of its words) out of "Anna Leeds". An
    underscore or a digit is no part of a name: "jose_x" and "Jose2" name Jose."""
    texts = ["Joseph's renewal", "Josefina deal", "Anna Leeds", "Jose's deal", "ANN LEE call", "José, again", "jose_x", "Jose2"]
    names, shown = renamed(["Jose"] * len(texts), texts, ["Ann Lee"] * len(texts))
    rep, manager = shown["Jose"], shown["Ann Lee"]
    assert names == ["Joseph's renewal", "Josefina deal", "Anna Leeds", f"{rep}'s deal", f"{manager} call",
                     f"{rep}, again", f"{rep}_x", f"{rep}2"]


def test_the_longer_of_two_names_is_replaced_first():
    names, shown = renamed(["Ann Lee", "Ann Lee-Smith"], ["Ann Lee–Smith renewal", "ann lee pilot"])
    assert names == [f"{shown['Ann Lee-Smith']} renewal", f"{shown['Ann Lee']} pilot"]


def test_names_with_regex_and_markdown_characters_are_read_as_written():
    reps = ["$x$ Xavier", "[click](http://evil.example) Mallory", "(Bob)", "J.R. Ewing", "J.R. Ewing"]
    texts = ["$X$  xavier deal", "[Click](http://evil.example)\u00a0Mallory renewal", "Renewal (Böb)", "j.r.  ewing call",
             "JxRx Ewing stays"]
    names, shown = renamed(reps, texts)
    # "JxRx" is not read as "J.R.": only the surname, which names him alone, is replaced.
    assert names == [f"{shown['$x$ Xavier']} deal", f"{shown['[click](http://evil.example) Mallory']} renewal",
                     f"Renewal {shown['(Bob)']}", f"{shown['J.R. Ewing']} call", f"JxRx {shown['J.R. Ewing']} stays"]


def test_scripts_other_than_latin():
    """Greek in either sigma, Korean as one character per syllable or written apart (as a Mac may write it),
    Cyrillic in another case."""
    texts = ["Νίκος – ανανέωση", "ΝΙΚΟΣ", "계약 김민준 님", "계약 \u1100\u1175\u11b7\u1106\u1175\u11ab\u110c\u116e\u11ab", "ИВАН ПЕТРОВ"]
    reps = ["Νίκος", "Νίκος", "김민준", "김민준", "Иван Петров"]
    names, shown = renamed(reps, texts)
    assert names == [f"{shown['Νίκος']} – ανανέωση", shown["Νίκος"], f"계약 {shown['김민준']} 님", f"계약 {shown['김민준']}",
                     shown["Иван Петров"]]


def test_names_replaced_leaves_texts_without_names_and_nulls_alone():
    texts = pl.Series("opportunity_name", ["Acme renewal", None, "Dana  Whitfield's", "acme"])
    before = texts.clone()
    assert names_replaced(texts, {"Dana Whitfield": "Rep 01"}).to_list() == ["Acme renewal", None, "Rep 01's", "acme"]
    assert texts.equals(before, null_equal=True)  # the caller's Series is not written over
    assert names_replaced(texts, {}).equals(before, null_equal=True)


# ---- a store whose files spell a rep two ways: pages, downloads, the review ------------------------

SPELLINGS = ("Jose Nunez", "José Núñez", "JOSE  NUNEZ", "Jose Núñez", "Tom O’Brien", "TOM O'BRIEN")
# Priya Raman is in the roster with no deal, under a manager (Omar Haddad) none of whose reps has one.
REAL = ("José Núñez", "Tom O'Brien", "Kim Park", "Lena Weiß", "Priya Raman", "Omar Haddad")


@pytest.fixture(scope="module")
def spelled_store(tmp_path_factory, sample_store: Path) -> Iterator[Store]:
    """Two exports spelling José Núñez and Tom O'Brien differently, each deal's name naming its rep in
    another spelling again, and a roster in capitals: closed deals last quarter, open ones at risk."""
    path = tmp_path_factory.mktemp("spellings") / "store"
    today = date.today()
    closed, opened = today - timedelta(days=120), today - timedelta(days=300)
    old, due = today - timedelta(days=900), today - timedelta(days=10)  # open for years: at risk
    first = [("Jose Nunez", "Vandelay", "Renewal – José Núñez", "Closed Lost", opened, closed, "A1"),
             ("Jose Nunez", "Vandelay", "JOSE  NUNEZ expansion", "Negotiation", old, due, "A2"),
             ("Tom O'Brien", "Hooli", "Tom O’Brien – pilot", "Closed Won", opened, closed, "A3"),
             ("Kim Park", "Initech", "Initech – platform (Omar Haddad signs)", "Closed Won", opened, closed, "A4")]
    second = [("José Núñez", "Umbrella", "Upsell (Jose Núñez)", "Closed Won", opened, closed, "B1"),
              ("José Núñez", "Umbrella", "Jose Nunez – at risk, LENA WEISS to sign, from PRIYA RAMAN", "Proposal", old, due, "B2"),
              ("TOM O'BRIEN", "Hooli", "tom o'brien renewal", "Proposal", old, due, "B3"),
              ("Kim Park", "Initech", "Initech – Joseph's add-on", "Closed Lost", opened, closed, "B4")]
    roster = ("Rep Name,Seller Profile,Team,Manager,Region\nJOSE NUNEZ,Challenger,East,Lena Weiß,EMEA\nKim Park,Hard Worker,East,Lena Weiß,EMEA\n"
              "Priya Raman,Lone Wolf,West,Omar Haddad,AMER\n").encode()
    with app_store(path, sample_store, (("week1.csv", export(first)), ("week2.csv", export(second)), ("roster.csv", roster))) as store:
        yield store


def leaks(text: str) -> list[str]:
    """The real names `text` spells out in any way, line by line (an HTML or XML file is one long line)."""
    folded_lines = [fold_name(line) for line in text.splitlines()]  # each line folded once, not once a name
    return sorted({name for folded in folded_lines for name in REAL if spelled_in(folded, name)})


def test_a_loss_reason_or_competitor_naming_a_rep_is_anonymised_too():
    """Only the deal's name was scrubbed: a loss reason such as "Jose Nunez left the company" (or a note
    typed in the competitor field) showed the real name on the No decision page and in the review."""
    deals = pl.DataFrame({
        "rep": ["José Núñez", "Kim Park"], "manager": ["Lena Weiß", "Lena Weiß"],
        "opportunity_name": ["Vandelay renewal", "Initech"],
        "loss_reason": ["JOSE NUNEZ left the company", "Price"], "competitor": ["Acme (Kim Park's old firm)", None],
    })
    masked = anonymised(deals)
    assert leaks("\n".join(str(v) for row in masked.iter_rows() for v in row)) == []
    assert leaks("\n".join(str(v) for row in deals.iter_rows() for v in row)) == ["José Núñez", "Kim Park", "Lena Weiß"]
    assert masked.get_column("loss_reason").to_list()[1] == "Price"
    assert masked.get_column("loss_reason").to_list()[0].endswith(" left the company")


def test_people_of_the_roster_with_no_deal_have_pseudonyms_after_everyone_with_one():
    """A rep in the roster with no deal (and a manager none of whose reps has one) had no pseudonym: their
    name in another deal's text was shown while anonymised, and the Assessment page listed every such
    rep as "Rep —". They are numbered after the people with deals, whose numbers do not move; a roster
    spelling of someone the deals name is that person."""
    deals = pl.DataFrame({"rep": ["José Núñez", "Kim Park"], "manager": ["Lena Weiß", "Lena Weiß"],
                          "opportunity_name": ["Handover from Priya Raman", "Omar Haddad & JOSE NUNEZ"],
                          "close_date": [date(2026, 1, 5), date(2026, 2, 5)]})
    roster = pl.DataFrame({"rep": ["Jose Nunez", "Kim Park", "Priya Raman", "Sam Cole"],
                           "manager": ["Lena Weiss", "Lena Weiß", "Omar Haddad", None]})
    alone, with_roster = name_pseudonyms(deals), name_pseudonyms(deals, roster)
    assert alone == {"rep": {"José Núñez": "Rep 01", "Kim Park": "Rep 02"}, "manager": {"Lena Weiß": "Manager 01"}}
    assert {name: with_roster["rep"][name] for name in alone["rep"]} == alone["rep"]  # numbers kept
    assert sorted(with_roster["rep"]) == ["José Núñez", "Kim Park", "Priya Raman", "Sam Cole"]  # no "Jose Nunez"
    assert sorted(with_roster["rep"].values()) == ["Rep 01", "Rep 02", "Rep 03", "Rep 04"]
    assert with_roster["manager"] == {"Lena Weiß": "Manager 01", "Omar Haddad": "Manager 02"}
    names = anonymised(deals, roster).get_column("opportunity_name").to_list()
    assert names == [f"Handover from {with_roster['rep']['Priya Raman']}", "Manager 02 & Rep 01"]
    assert anonymised(deals).get_column("opportunity_name").to_list()[0] == "Handover from Priya Raman"


def test_the_store_names_its_reps_in_deal_names_until_anonymised(spelled_store):
    shown = page_deals(spelled_store).get_column("opportunity_name").to_list()
    assert leaks("\n".join(shown)) == ["José Núñez", "Lena Weiß", "Omar Haddad", "Priya Raman", "Tom O'Brien"], (
        "the search finds the names: it can fail")
    masked = page_deals(spelled_store, anonymise=True)
    assert leaks("\n".join(masked.get_column("opportunity_name").to_list())) == []
    assert "Initech – Joseph's add-on" in masked.get_column("opportunity_name").to_list()


def office_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())


def test_the_review_deck_and_report_show_no_spelling_of_a_name(spelled_store):
    plain = review_from_store(spelled_store)
    assert leaks(report_html(plain)), "the at-risk list names the deals: the search can fail"
    review = review_from_store(spelled_store, anonymize=True)
    assert review.at_risk.height
    assert leaks(report_html(review)) == []
    assert leaks(office_text(deck_bytes(review))) == []


def test_the_reps_page_and_its_downloads_show_no_spelling_of_a_name(spelled_store, downloads, made_on_click):
    """The Reps page of José Núñez (by his pseudonym), its tables and charts, and its downloads, the
    "Deals (CSV)" made on click among them."""
    masked = page_deals(spelled_store, anonymise=True)
    rep = masked.filter(pl.col("opportunity_id") == "B2").get_column("rep").item()
    at = app_driver.opened("reps", anon="true", period="all", rep=rep)
    assert not at.exception, [e.value for e in at.exception]
    files = downloaded(downloads) + "\n".join(data.decode("utf-8-sig") for data in made_on_click.values())
    assert f"{rep} – at risk" in files, "the deals were downloaded"
    assert leaks(rendered_text(at)) == []
    assert leaks(files) == []
