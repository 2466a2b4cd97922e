"""Anonymising leaves no part of a name: a surname or first name alone, an id or email joining them, in
every text of a deal a page shows (its id and stage too). An everyday English word that is also a name
("Young", "Price") is kept where it stands alone, so a loss reason "Price" still reads "Price"."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.anonymise import (
    EVERYDAY_WORDS,
    SHARED_PREFIX,
    anonymised,
    joined_forms,
    name_parts,
    name_pseudonyms,
    renamed_values,
    replacements,
)


def frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    columns = ("opportunity_id", "rep", "manager", "stage", "account", "opportunity_name", "loss_reason", "competitor", "team")
    return pl.DataFrame([{c: row.get(c) for c in columns} for row in rows], schema=dict.fromkeys(columns, pl.String))


PEOPLE = [
    {"rep": "Bianca Rossi", "manager": "Nadia Petrova"},
    {"rep": "Tom Young", "manager": "Nadia Petrova"},
    {"rep": "Uma Lindqvist", "manager": "Nadia Petrova"},
    {"rep": "Elena Lindqvist", "manager": "Nadia Petrova"},
    {"rep": "Ana de la Cruz", "manager": "Nadia Petrova"},
]


def shown(texts: dict[str, list[str | None]]) -> tuple[pl.DataFrame, dict[str, str]]:
    """The deals of PEOPLE with `texts` (column -> one text per person), anonymised; and each name's pseudonym."""
    rows = [{**person, **{column: values[i] for column, values in texts.items()}} for i, person in enumerate(PEOPLE)]
    deals = frame(rows)
    named = name_pseudonyms(deals)
    return anonymised(deals), {**named["rep"], **named["manager"]}


def test_a_surname_or_first_name_alone_reads_as_its_persons_pseudonym():
    result, who = shown({
        "account": ["Rossi Consulting", "Acme", "Acme", "Acme", "Cruz Holdings"],
        "stage": ["Waiting on Bianca", "Closed Won", "Closed Won", "Closed Won", "Sent to PETROVA"],
        "loss_reason": ["Bianca left", None, None, None, "nadia said no"],
    })
    bianca, nadia, ana = who["Bianca Rossi"], who["Nadia Petrova"], who["Ana de la Cruz"]
    assert result["account"].to_list() == [f"{bianca} Consulting", "Acme", "Acme", "Acme", f"{ana} Holdings"]
    assert result["stage"].to_list() == [f"Waiting on {bianca}", "Closed Won", "Closed Won", "Closed Won", f"Sent to {nadia}"]
    assert result["loss_reason"].to_list() == [f"{bianca} left", None, None, None, f"{nadia} said no"]


def test_ids_and_emails_joining_a_name_read_as_its_pseudonym():
    result, who = shown({
        "opportunity_id": ["OPP-BROSSI-0042", "OPP_TYOUNG_7", "ulindqvist2", "OPP-3", "OPP-4"],
        "opportunity_name": ["Renewal bianca.rossi@acme.com", "From tom.young@acme.com", "Rossi_Bianca pilot",
                             "Ask BiancaRossi", "Ana-de-la-Cruz deal"],
    })
    bianca, tom, uma, ana = who["Bianca Rossi"], who["Tom Young"], who["Uma Lindqvist"], who["Ana de la Cruz"]
    assert result["opportunity_id"].to_list() == [f"OPP-{bianca}-0042", f"OPP_{tom}_7", f"{uma}2", "OPP-3", "OPP-4"]
    assert result["opportunity_name"].to_list() == [f"Renewal {bianca}@acme.com", f"From {tom}@acme.com", f"{bianca} pilot",
                                                    f"Ask {bianca}", f"{ana}-de-la-{ana} deal"]


def test_a_word_several_people_share_reads_as_one_numbered_name_everywhere():
    """"Lindqvist" names Uma or Elena: which cannot be told, so it reads "Name 01" wherever it stands, never one
    of their pseudonyms; another shared word has another number."""
    result, who = shown({
        "account": ["Lindqvist AB", "Acme", "LINDQVIST AB", "Acme", "Acme"],
        "stage": ["Waiting on Lindqvist", "Closed Won", "Closed Won", "Closed Won", "Closed Won"],
    })
    shared = result["account"][0].removesuffix(" AB").removesuffix(" AB (2)")
    assert shared.startswith(f"{SHARED_PREFIX} ") and shared.split(" ")[1].isdigit()
    assert shared not in who.values()
    # Two accounts with names shown, two once anonymised (tests/test_anonymise_values.py).
    assert sorted(result["account"].to_list()) == ["Acme"] * 3 + [f"{shared} AB", f"{shared} AB (2)"]
    assert result["stage"][0] == f"Waiting on {shared}"
    two = frame([{"rep": "Uma Lindqvist"}, {"rep": "Elena Lindqvist"}, {"rep": "Uma Berg"}, {"rep": "Elena Berg"}])
    table = replacements(name_pseudonyms(two))
    assert table["lindqvist"] != table["berg"] and table["uma"] != table["elena"]
    assert {table[w] for w in ("lindqvist", "berg", "uma", "elena")} <= {f"{SHARED_PREFIX} 0{i}" for i in range(1, 5)}


def test_an_everyday_word_that_is_a_name_is_kept_alone_and_replaced_joined():
    """Tom Young: "Young" alone reads as the word ("Young Professionals Ltd", "lost to a young rival"); his
    whole name and his email are still replaced. Particles ("de", "la") are kept; "Cruz" is not."""
    assert {"young", "price", "bank", "grace", "de", "la"} <= EVERYDAY_WORDS
    result, who = shown({
        "account": ["Acme", "Young Professionals Ltd", "Acme", "Acme", "Banco de la Plaza"],
        "opportunity_name": ["Acme", "Lost to a young rival", "TOM YOUNG renewal", "tyoung@acme.com", "Cruz renewal"],
        "loss_reason": ["Price", "Price", "Price", "Price", "Price"],
    })
    tom, ana = who["Tom Young"], who["Ana de la Cruz"]
    assert result["account"].to_list() == ["Acme", "Young Professionals Ltd", "Acme", "Acme", "Banco de la Plaza"]
    assert result["opportunity_name"].to_list() == ["Acme", "Lost to a young rival", f"{tom} renewal", f"{tom}@acme.com",
                                                    f"{ana} renewal"]
    assert result["loss_reason"].to_list() == ["Price"] * 5


@pytest.mark.parametrize(("text", "person"), [("Rossini Opera for Rossi", "Bianca Rossi"), ("Biancamano SpA: Bianca", "Bianca Rossi"),
                                              ("Petrovan, ask Petrova", "Nadia Petrova"), ("Unusual, ask Uma", "Uma Lindqvist"),
                                              ("Cruzeiro by CRUZ", "Ana de la Cruz")])
def test_a_name_inside_a_longer_word_is_kept(text, person):
    """The longer word is kept, the name beside it is not."""
    result, who = shown({"account": [text] * len(PEOPLE)})
    longer = text.rpartition(" ")[0]
    assert result["account"].to_list() == [f"{longer} {who[person]}"] * len(PEOPLE)


def test_a_team_named_by_a_surname_is_renamed_for_links_too():
    deals = frame([{**person, "team": team} for person, team in zip(PEOPLE, ["Petrova's team", "Rossi's team", "East", "East", "East"],
                                                                        strict=True)])
    named = name_pseudonyms(deals)
    renamed = renamed_values(deals, named)
    nadia, bianca = named["manager"]["Nadia Petrova"], named["rep"]["Bianca Rossi"]
    assert renamed["team"] == {"Petrova's team": f"{nadia}'s team", "Rossi's team": f"{bianca}'s team"}
    assert anonymised(deals)["team"].to_list()[:2] == [f"{nadia}'s team", f"{bianca}'s team"]


def test_joined_forms_of_one_name():
    forms = joined_forms("bianca rossi")
    assert {"bianca.rossi", "bianca_rossi", "biancarossi", "brossi", "b.rossi", "rossi.bianca"} <= set(forms)
    assert "rossib" not in forms and "biancar" not in forms  # a surname and a letter is too often a word
    assert joined_forms("cher") == [] and "tito" not in joined_forms("tom ito")
    assert "tomobrien" in joined_forms("tom o'brien")


def test_an_id_a_crm_makes_is_kept_and_one_typed_is_read():
    """A Salesforce id's letters are drawn at random: "…015xU63…" holds "xU", not Hiro Xu, and the id is kept
    (it read "0065g000015Name 2463AAE"); a GUID too. An id a person typed is read as any text."""
    deals = frame([{"rep": "Hiro Xu", "opportunity_id": "0065g000015xU63AAE"},
                   {"rep": "Hiro Xu", "opportunity_id": "0065g000015xU63"},
                   {"rep": "Ed Ito", "opportunity_id": "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}"},
                   {"rep": "Ed Ito", "opportunity_id": "ED-2"},
                   {"rep": "Hiro Xu", "opportunity_id": "OPP-XU-7"}])
    named = name_pseudonyms(deals)["rep"]
    assert anonymised(deals)["opportunity_id"].to_list() == [
        "0065g000015xU63AAE", "0065g000015xU63", "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}", f"{named['Ed Ito']}-2",
        f"OPP-{named['Hiro Xu']}-7"]


@pytest.mark.parametrize("rep", ["sam.jones@acme.com", "Sam.Jones@Acme.com", "sam_jones", "sam.jones", "sam.jones+crm@acme.com"])
def test_a_rep_named_by_an_email_or_user_name_has_its_parts_replaced_too(rep):
    """A rep named "sam.jones@acme.com" (the CRM's owner field as an e-mail) is Sam Jones: "Jones
    Consulting" read "Jones Consulting" beside "Rep 05". Their surname, first name and the ways an id
    joins them read as the pseudonym, as they do for a rep named "Sam Jones"; the e-mail's domain is kept."""
    deals = frame([{"rep": rep, "account": "Jones Consulting", "opportunity_id": "OPP-SJONES-1",
                    "opportunity_name": "Acme renewal for Sam Jones", "stage": "Waiting on sam"},
                   {"rep": "Bianca Rossi", "account": "Acme", "opportunity_id": "OPP-2",
                    "opportunity_name": "Ask SAM.JONES", "stage": "Closed Won"}])
    sam = name_pseudonyms(deals)["rep"][rep]
    result = anonymised(deals)
    assert result["rep"][0] == sam
    assert result["account"].to_list() == [f"{sam} Consulting", "Acme"]
    assert result["opportunity_id"].to_list() == [f"OPP-{sam}-1", "OPP-2"]
    assert result["opportunity_name"].to_list() == [f"Acme renewal for {sam}", f"Ask {sam}"]
    assert result["stage"].to_list() == [f"Waiting on {sam}", "Closed Won"]


def test_name_parts_of_an_email_or_user_name():
    assert name_parts("sam.jones@acme.com") == "sam jones"
    assert name_parts("sam_jones2") == "sam jones"
    assert name_parts("ana.de.la.cruz@acme.com") == "ana de la cruz"
    assert name_parts("sam jones") == "sam jones" and name_parts("cher") == "cher"
    assert "sam.jones" in replacements({"rep": {"sam.jones@acme.com": "Rep 05"}})
    assert "acme" not in replacements({"rep": {"sam.jones@acme.com": "Rep 05"}})


@pytest.mark.parametrize("placeholder", ["No coach", "Integration User", "Unassigned Queue", "TBD Owner"])
def test_a_placeholder_owner_is_replaced_whole_and_its_words_kept_elsewhere(placeholder):
    """A coach named "No coach" made "No team" read "Coach 02 team" and "No decision" read "Coach 02
    decision": the words of a CRM's placeholder owners are everyday words, kept where they stand alone."""
    deals = frame([{**person, "manager": placeholder if i == 0 else person["manager"]} for i, person in enumerate(PEOPLE)])
    deals = deals.with_columns(pl.Series("loss_reason", ["No decision", "No team owner", "Unknown user", "Default queue", "Other"]),
                               pl.Series("account", [f"{placeholder} Ltd", "Acme", "Acme", "Acme", "Acme"]))
    result = anonymised(deals)
    assert result["loss_reason"].to_list() == ["No decision", "No team owner", "Unknown user", "Default queue", "Other"]
    assert placeholder not in result["account"][0]
    assert placeholder not in result["manager"].to_list()
