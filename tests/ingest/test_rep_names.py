"""One rep whatever the accents or quotes a file writes them with, named when merged, and shown as written with care.

A roster typed "Jose Diaz" beside a CRM's "José Díaz" made two reps, one of them with no deals and
the other Unprofiled; a roster's "LI WEI" replaced the CRM's "Li Wei" on every page. Every rule that
compares rep names (deals, roster, questionnaire, links, the roster editor) uses one key.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from data_models.vocabulary import folded_words
from winloss.cli import main
from winloss.deals import deals, one_rep_per_name
from winloss.filters import rep_spellings
from winloss.ingest.identity import across_files_sentences, fold_name, name_key, rep_key, variant_sentences, variant_words
from winloss.ingest.pipeline import (
    commit, prepare, prepare_path, rep_counts, roster_unmatched_sentence, store_rep_sentences, store_roster_unmatched,
)
from winloss.ingest.questionnaire import questionnaire_csv
from winloss.profile_sources import reps_to_assess
from winloss.store.delta import Store
from winloss.views.roster import roster_for_editing

# Spellings of one rep a CRM, a spreadsheet and a careless hand write.
SAME_REP = [
    ("José Díaz", "Jose Diaz"),
    ("José Díaz", "JOSE  DIAZ"),
    ("José Díaz", "Jose\u0301 Di\u0301az"),  # the accents as combining marks (NFD), as macOS files hold them
    ("Sarah O'Connor", "Sarah O\u2019Connor"),
    ("Sarah O'Connor", "Sarah O\u2018Connor"),
    ("Sarah O'Connor", "Sarah O`Connor"),
    ("Sarah O'Connor", "sarah o\u00b4connor"),
    ("Anna Smith-Jones", "Anna Smith\u2013Jones"),
    ("Zoë Ångström", "Zoe Angstrom"),
    ("Anna", "\uff21\uff4e\uff4e\uff41"),  # full-width letters
]

# Names that are not one rep: letters Unicode does not write as letter + accent, and marks that are letters.
OTHER_REPS = [
    ("Anna Müller", "Anna Mueller"),
    ("Søren Berg", "Soren Berg"),
    ("Łukasz Nowak", "Lukasz Nowak"),
    ("राम", "रम"),  # Devanagari: the vowel sign is part of the name
    ("O'Connor", "OConnor"),
]


@pytest.mark.parametrize(("one", "other"), SAME_REP)
def test_accents_quotes_and_character_forms_are_one_key(one, other):
    assert rep_key(one) == rep_key(other)


@pytest.mark.parametrize(("one", "other"), OTHER_REPS)
def test_letters_that_are_not_accents_keep_names_apart(one, other):
    assert rep_key(one) != rep_key(other)


def test_the_key_of_a_frame_is_the_key_of_each_name():
    names = [name for pair in SAME_REP + OTHER_REPS for name in pair]
    keyed = pl.select(name_key(pl.lit(pl.Series(names, dtype=pl.String)))).to_series().to_list()
    assert keyed == [rep_key(name) for name in names]


def test_each_merge_beyond_case_or_spacing_is_named_with_how_the_names_differ():
    assert variant_words("JOSE  diaz", "Jose Diaz") is None  # case and spacing are merged silently, as before
    assert variant_words("Jose Diaz", "José Díaz") == "accents"
    assert variant_words("Sarah O\u2019Connor", "Sarah O'Connor") == "the apostrophe or quotes"
    assert variant_words("Zoe O\u2019Neil", "Zoë O'Neil") == "accents and the apostrophe or quotes"
    assert variant_words("\uff21\uff4e\uff4e\uff41", "Anna") == "the form of some characters"
    assert variant_sentences([("Jose Diaz", "José Díaz", "José Díaz"), ("JOSE DIAZ", "Jose Diaz", "José Díaz")]) == [
        '"Jose Diaz" in this file and "José Díaz" in the store are one rep (same name but for accents), shown as '
        '"José Díaz". If they are two people, tell them apart in the file by more than accents or quotes (a middle initial, say).'
    ]
    many = variant_sentences([(f"Jose Diaz {i}", f"José Díaz {i}", f"José Díaz {i}") for i in range(7)], limit=5)
    assert len(many) == 6 and many[-1].startswith("2 other rep names are one rep with another spelling the same way")


def test_a_merge_says_where_each_spelling_is_written_and_the_one_shown_in_one_phrasing():
    """'"José Núñez" is read as "Jose Nunez" ...: one rep, shown as "José Núñez"' read as if the file's spelling
    were replaced by the other, then said it was not. Each spelling is now said with where it is written, in the
    words the files loaded together are said in."""
    assert variant_sentences([("José Núñez", "Jose Nunez", "José Núñez"), ("Tom O'Brien", "Tom O\u2019Brien", "Tom O'Brien")]) == [
        '"José Núñez" in this file and "Jose Nunez" in the store are one rep (same name but for accents), shown as '
        '"José Núñez". If they are two people, tell them apart in the file by more than accents or quotes (a middle initial, say).',
        '"Tom O\'Brien" in this file and "Tom O\u2019Brien" in the store are one rep (same name but for the apostrophe or '
        'quotes), shown as "Tom O\'Brien". If they are two people, tell them apart in the file by more than accents or '
        "quotes (a middle initial, say).",
    ]
    # Two spellings in one file: both named before the one place.
    assert variant_sentences([("Jose Diaz", "José Díaz", "José Díaz")], places=("", "in this file"))[0].startswith(
        '"Jose Diaz" and "José Díaz" in this file are one rep (same name but for accents), shown as "José Díaz".')
    assert all(" is read as " not in s and ": one rep" not in s for s in variant_sentences(
        [("José Núñez", "Jose Nunez", "José Núñez")]) + across_files_sentences([([("Jose Nunez", ["a.csv"]), ("José Núñez", ["b.csv"])], "José Núñez")]))


@pytest.mark.parametrize(("one", "other"), [("Lena Weiß", "Lena Weiss"), ("LENA WEISS", "lena weiß"), ("Straße", "STRASSE")])
def test_sharp_s_and_ss_are_one_rep_by_the_one_key(one, other):
    assert rep_key(one) == rep_key(other)
    # The one rule, in a frame and one string at a time (headers are folded by it too).
    keyed = pl.select(name_key(pl.lit(pl.Series([one, other])))).to_series().to_list()
    assert keyed == [rep_key(one), rep_key(other)] == [fold_name(one), fold_name(other)]
    # As the stage and reason words fold them (str.casefold).
    assert folded_words(one) == folded_words(other)


def test_a_merge_of_sharp_s_and_ss_is_named():
    assert variant_words("Lena Weiss", "Lena Weiß") == "ß written as ss"
    assert variant_words("Lena Weiss", "Léna Weiß") == "accents and ß written as ss"
    assert variant_words("Jörg O\u2019Weiss", "Jorg O'Weiß") == "accents, ß written as ss and the apostrophe or quotes"
    # Other letters Unicode writes whole stay apart: "Müller" is not "Mueller".
    assert rep_key("Anna Müller") != rep_key("Anna Mueller")


# ---- One key everywhere names are compared --------------------------------------------------

DEALS = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "D1,Acme,José Díaz,Closed Won,1000,2026-03-05,2026-01-02\n"
    "D2,Acme,José Díaz,Closed Lost,1000,2026-03-06,2026-01-02\n"
    "D3,Acme,Li Wei,Closed Won,1000,2026-03-07,2026-01-02\n"
    "D4,Acme,Anna Müller,Closed Lost,1000,2026-03-08,2026-01-02\n"
    "D5,Acme,Sarah O'Connor,Closed Won,1000,2026-03-09,2026-01-02\n"
    "D6,Acme,John Smith,Closed Won,1000,2026-03-10,2026-01-02\n"
).encode()

ROSTER = (
    "Rep Name,Seller Profile,Team\n"
    "Jose Diaz,Challenger,EMEA\n"
    "anna  müller,Hard Worker,EMEA\n"
    "LI WEI,Lone Wolf,APAC\n"
    "Sarah O\u2019Connor,Relationship Builder,NA\n"
).encode()

LATER = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "D7,Acme,Jose Diaz,Closed Won,1000,2026-03-11,2026-01-02\n"
    "D8,Acme,Sarah O\u2018Connor,Closed Won,1000,2026-03-12,2026-01-02\n"
).encode()


def stored(store: Store, content: bytes, name: str):
    file = prepare(content, name)
    assert file.rejected is None, file.rejected
    return commit(store, file)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    stored(store, DEALS, "deals.csv")
    stored(store, ROSTER, "roster.csv")
    return store


def test_a_roster_and_a_later_export_in_other_accents_and_quotes_add_no_rep(store):
    stored(store, LATER, "later.csv")
    reps = deals(store).group_by("rep", "seller_profile", "team").agg(pl.len()).sort("rep").rows()
    # Shown as the deals write them: cased as names, with their accents, not as the roster typed them.
    assert reps == [
        ("Anna Müller", "Hard Worker", "EMEA", 1), ("John Smith", "Unprofiled", None, 1),
        ("José Díaz", "Challenger", "EMEA", 3), ("Li Wei", "Lone Wolf", "APAC", 1),
        ("Sarah O\u2019Connor", "Relationship Builder", "NA", 2),
    ]


def test_the_roster_editor_and_the_pages_count_the_same_reps(store):
    editing = roster_for_editing(store.opportunities(), store.roster())
    # The editor shows the roster's rows as stored (it saves them under that name), each with its deals.
    assert editing.select("rep", "deals", "in_roster").sort("rep").rows() == [
        ("John Smith", 1, False), ("Jose Diaz", 2, True), ("LI WEI", 1, True),
        ("Sarah O\u2019Connor", 1, True), ("anna müller", 1, True),
    ]


def test_a_questionnaire_in_other_accents_profiles_the_stored_rep(store):
    answers = pl.read_csv(questionnaire_csv(["JOSE DÍAZ"]))
    filled = answers.with_columns(pl.lit(5).alias("Score (1-5)"), pl.lit("Pat Lee").alias("Rater"),
                                  pl.lit("2026-03-01").alias("Date"))
    stored(store, filled.write_csv().encode(), "questionnaire.csv")
    assert set(store.assessments().collect().get_column("rep")) == {"Jose Diaz"}  # the roster's stored row


def test_a_link_names_a_rep_in_any_accents_or_quotes():
    shown = ["José Díaz", "Sarah O'Connor"]
    assert rep_spellings(["jose diaz", "SARAH O\u2019CONNOR", "Jose Dias"], shown, {}) == {
        "jose diaz": "José Díaz", "SARAH O\u2019CONNOR": "Sarah O'Connor",
    }


def test_the_pages_and_the_store_read_names_by_the_same_key():
    """deals.one_rep_per_name (every page) and the link rule merge exactly the names name_key merges."""
    names = [name for pair in SAME_REP + OTHER_REPS for name in pair]
    opportunities = pl.DataFrame({"rep": names})
    merged, _ = one_rep_per_name(opportunities, pl.DataFrame({"rep": [names[0]]}))
    groups = pl.DataFrame({"rep": merged.get_column("rep"), "key": [rep_key(n) for n in names]})
    assert groups.group_by("key").agg(pl.col("rep").n_unique()).get_column("rep").max() == 1
    assert merged.get_column("rep").n_unique() == len({rep_key(n) for n in names})


# ---- What the Data page and the command line say before commit -------------------------------


def test_a_roster_names_its_reps_read_as_the_deals_spell_them(store, tmp_path):
    fresh = Store(tmp_path / "fresh")
    stored(fresh, DEALS, "deals.csv")
    sentences = store_rep_sentences(fresh, prepare(ROSTER, "roster.csv"))
    assert sentences == [
        '"Jose Diaz" in this file and "José Díaz" in the store are one rep (same name but for accents), shown as "José Díaz". If they are '
        "two people, tell them apart in the file by more than accents or quotes (a middle initial, say).",
        '"Sarah O\u2019Connor" in this file and "Sarah O\'Connor" in the store are one rep (same name but for the apostrophe or quotes), shown '
        'as "Sarah O\u2019Connor". If they are two people, tell them apart in the file by more than accents or quotes '
        "(a middle initial, say).",
    ]


def test_an_export_names_a_rep_it_spells_with_other_accents_once(store, tmp_path):
    fresh = Store(tmp_path / "fresh")
    stored(fresh, DEALS, "deals.csv")
    sentences = store_rep_sentences(fresh, prepare(LATER, "later.csv"))
    assert [s.split(", shown")[0] for s in sentences] == [
        '"Jose Diaz" in this file and "José Díaz" in the store are one rep (same name but for accents)',
        '"Sarah O\u2018Connor" in this file and "Sarah O\'Connor" in the store are one rep (same name but for the apostrophe or quotes)',
    ]
    # Where the roster already wrote "Jose Diaz" (and was told so), the export's "Jose Diaz" is not news.
    assert [s.split(", shown")[0] for s in store_rep_sentences(store, prepare(LATER, "later.csv"))] == [
        '"Sarah O\u2018Connor" in this file and "Sarah O\'Connor" in the store are one rep (same name but for the apostrophe or quotes)',
    ]


def test_a_roster_names_its_reps_no_deal_names_with_the_likeliest_match(store):
    roster = b"Rep Name,Seller Profile\nJon Smith,Challenger\nZed Quux,Lone Wolf\nLi Wei,Lone Wolf\n"
    # The store's roster reps this one leaves out are said apart (tests/ingest/test_roster_omitted_reps.py).
    assert [s for s in store_rep_sentences(store, prepare(roster, "roster2.csv")) if "not in this roster" not in s] == [
        '2 reps in this roster match no rep in the stored deals ("Jon Smith" and "Zed Quux"): their profiles count on no '
        'deal until an export names them the same way. "Jon Smith": did you mean "John Smith"? Correct a misspelt name '
        "in the roster file and upload it again; a rep with no deals yet can stay as it is."
    ]


def test_one_unmatched_rep_is_one_and_a_roster_that_matches_says_nothing(store):
    deal_reps = pl.Series(["José Díaz", "Li Wei"])
    assert roster_unmatched_sentence(pl.Series(["jose diaz", "LI WEI"]), deal_reps) is None
    one = roster_unmatched_sentence(pl.Series(["Jose Dias"]), deal_reps)
    assert one is not None and one.startswith('1 rep in this roster matches no rep in the stored deals ("Jose Dias"): its profile '
                                              'counts on no deal until an export names it the same way. "Jose Dias": did you mean "José Díaz"?')


def test_a_guess_names_a_rep_the_deals_spell_several_ways_as_the_pages_show_them_in_any_order(tmp_path):
    """The store holds a rep in several spellings when exports spell them so ("JOHN SMITH" from one, "John Smith"
    from a later one), and the sentence's callers read the deals' names in no set order (a unique's, a group_by's,
    which on several threads differ from run to run): the guess named whichever spelling came first. It names the
    one the pages show (identity.spellings, the careful one), whatever the order."""
    fresh = Store(tmp_path / "fresh")
    header = "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    for i, rep in enumerate(["JOHN SMITH", "John Smith"]):
        stored(fresh, f"{header}J{i},Acme,{rep},Closed Won,1000,2026-03-05,2026-01-02\n".encode(), f"deals{i}.csv")
    held = fresh.opportunities().select("rep").collect().get_column("rep")
    assert set(held) == {"JOHN SMITH", "John Smith"}  # two spellings of one rep, as the store keeps them
    # Many reps, written in reverse order, so that any order of them but the one written is all but sure.
    others = [f"Rep{i:02d} Example" for i in range(30, 0, -1)]
    said = '"Jon Smith": did you mean "John Smith"?'
    for names in (["JOHN SMITH", "john smith", *others, "John Smith"], ["John Smith", *others, "john smith", "JOHN SMITH"]):
        sentence = roster_unmatched_sentence(pl.Series(["Jon Smith"]), pl.Series(names))
        assert sentence is not None and said in sentence
        # And what is pending (an export uploaded with the roster) spells it as the pages will.
        pending = roster_unmatched_sentence(pl.Series(["Jon Smith"]), pl.Series(others), pl.Series(names))
        assert pending is not None and said in pending
    assert said in (store_roster_unmatched(fresh, pl.Series(["Jon Smith"])) or "")


def test_a_swiss_roster_spelling_matches_the_deals_german_one_and_one_file_in_both_is_one_rep(tmp_path):
    """A roster's "Lena Weiss" matched no deal's "Lena Weiß": two reps, the roster's with no deals and
    the deals' Unprofiled. The roster match and the deals' own spellings go by the one key."""
    fresh = Store(tmp_path / "fresh")
    deals_csv = (
        "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
        "W1,Acme,Lena Weiß,Closed Won,1000,2026-03-05,2026-01-02\n"
        "W2,Acme,LENA WEISS,Closed Lost,1000,2026-03-06,2026-01-02\n"
        "W3,Acme,Lena Weiß,Closed Won,1000,2026-03-07,2026-01-02\n"
    ).encode()
    roster = b"Rep Name,Seller Profile,Team\nLena Weiss,Relationship Builder,CH\n"
    stored(fresh, deals_csv, "deals.csv")
    assert roster_unmatched_sentence(pl.Series(["Lena Weiss"]), pl.Series(["Lena Weiß"])) is None
    assert [s.split(", shown")[0] for s in store_rep_sentences(fresh, prepare(roster, "roster.csv"))] == [
        '"Lena Weiss" in this file and "Lena Weiß" in the store are one rep (same name but for ß written as ss)']
    stored(fresh, roster, "roster.csv")
    # Shown as the roster writes it: neither spelling is written with more care (no accent tells them apart).
    assert deals(fresh).group_by("rep", "seller_profile", "team").agg(pl.len()).rows() == [
        ("Lena Weiss", "Relationship Builder", "CH", 3)]


def test_nothing_is_said_for_an_empty_store_or_a_file_in_the_stored_spellings(store, tmp_path):
    assert store_rep_sentences(Store(tmp_path / "empty"), prepare(ROSTER, "roster.csv")) == []
    assert store_rep_sentences(store, prepare(DEALS, "deals.csv")) == []


def test_the_command_line_names_the_merges_and_the_unmatched_reps_and_reports_one_rep(tmp_path, capsys):
    files = {name: tmp_path / name for name in ("deals.csv", "roster.csv", "roster2.csv", "later.csv")}
    files["deals.csv"].write_bytes(DEALS)
    files["roster.csv"].write_bytes(ROSTER)
    files["roster2.csv"].write_bytes(b"Rep Name,Seller Profile\nJon Smith,Challenger\n")
    files["later.csv"].write_bytes(LATER)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", str(files["deals.csv"]), *where]) == 0
    capsys.readouterr()
    assert main(["ingest", str(files["roster.csv"]), str(files["roster2.csv"]), *where]) == 0
    said = capsys.readouterr().out
    assert ('roster.csv: "Jose Diaz" in this file and "José Díaz" in the store are one rep (same name but for accents), shown as '
            '"José Díaz".') in said
    # "Jon Smith" (no deals) and the deals' "John Smith" (not in the roster): one sentence of the two, not one each.
    assert ('roster2.csv: "Jon Smith" in this roster owns no deals and "John Smith", who owns 1 deal in the store, is not '
            'in this roster: if they are one person, write the name in the roster as "John Smith"') in said
    assert "roster2.csv: 1 rep in this roster matches no rep" not in said
    assert main(["ingest", str(files["later.csv"]), *where, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert [n.split(", shown")[0] for n in report["rep_notes"]] == [
        '"Sarah O\u2018Connor" in this file and "Sarah O\'Connor" in the store are one rep (same name but for the apostrophe or quotes)']
    assert main(["report", "--by", "rep", *where, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert sorted((r["group"], r["closed"]) for r in rows) == [
        ("Anna Müller", 1), ("John Smith", 1), ("José Díaz", 3), ("Li Wei", 1), ("Sarah O\u2019Connor", 2)]


def test_the_pages_show_the_spelling_written_with_care_over_the_rosters_careless_one():
    opportunities = pl.DataFrame({"rep": ["Anna Müller", "Li Wei", "Li Wei", "MARY JONES", "Kim Ng"]})
    roster = pl.DataFrame({"rep": ["anna  müller", "LI WEI", "Mary Jones", "KIM NG"], "seller_profile": ["A", "B", "C", "D"]})
    merged, named = one_rep_per_name(opportunities, roster)
    assert merged.get_column("rep").to_list() == ["Anna Müller", "Li Wei", "Li Wei", "Mary Jones", "Kim Ng"]
    assert named.rows() == [("Anna Müller", "A"), ("Li Wei", "B"), ("Mary Jones", "C"), ("Kim Ng", "D")]


WITHIN = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "A1,Acme,Jose Diaz,Closed Won,1,2026-03-05,2026-01-02\n"
    "A2,Acme,José Díaz,Closed Won,1,2026-03-05,2026-01-02\n"
    "A3,Acme,José Díaz,Closed Lost,1,2026-03-05,2026-01-02\n"
    "A4,Acme,LI WEI,Closed Lost,1,2026-03-05,2026-01-02\n"
    "A5,Acme,LI WEI,Closed Lost,1,2026-03-05,2026-01-02\n"
    "A6,Acme,Li Wei,Closed Lost,1,2026-03-05,2026-01-02\n"
)


def test_one_file_in_two_accents_is_stored_as_one_rep_and_says_which_read_whole_or_in_batches(tmp_path):
    (tmp_path / "within.csv").write_text(WITHIN)
    whole = prepare(WITHIN.encode(), "within.csv")
    batched = prepare_path(tmp_path / "within.csv", batch_rows=2)
    assert batched.staged is not None
    for file in (whole, batched):
        (note,) = [n for n in file.report_notes() if "another spelling" in n]
        # Which names: it said "2 rep names are another spelling" without saying which.
        assert note.startswith("2 rep names are another spelling (case, spacing, accents or quotes) of a rep's name "
                               '("Jose Diaz" as "José Díaz"; "LI WEI" as "Li Wei"): each rep is stored under one '
                               "spelling, the most carefully written")
        assert '"Jose Diaz" and "José Díaz" in this file are one rep (same name but for accents)' in note
        assert note.count("LI WEI") == 1  # a merge of case alone is named, without the warning of two people
    assert sorted(whole.accepted.get_column("rep").unique()) == ["José Díaz", "Li Wei"]
    batched.discard()


def test_a_file_with_many_names_merged_names_a_few_and_counts_the_rest():
    rows = [f"A{i},Acme,{name},Closed Won,1,2026-03-05,2026-01-02"
            for i, name in enumerate(n for k in range(7) for n in (f"Rep Number{k}", f"REP NUMBER{k}"))]
    file = prepare(("Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n" + "\n".join(rows) + "\n").encode(),
                   "many.csv")
    (note,) = [n for n in file.report_notes() if "another spelling" in n]
    assert note.startswith('7 rep names are another spelling (case, spacing, accents or quotes) of a rep\'s name ("REP '
                           'NUMBER0" as "Rep Number0"; "REP NUMBER1" as "Rep Number1"; "REP NUMBER2" as "Rep Number2"; "REP '
                           'NUMBER3" as "Rep Number3"; "REP NUMBER4" as "Rep Number4"; and 2 more): each rep is stored')


def test_the_assessment_list_counts_a_rosters_other_spelling_as_the_same_rep(store):
    """The Profile assessment page listed the deals' "José Díaz" (2 deals, Unprofiled) and the roster's
    "Jose Diaz" (0 deals, Challenger) as two reps, by an exact join of the names."""
    reps = reps_to_assess(store.opportunities(), store.roster(), store.assessments())
    assert reps.select("rep", "deals", "seller_profile").sort("rep").rows() == [
        ("John Smith", 1, "Unprofiled"), ("Jose Diaz", 2, "Challenger"), ("LI WEI", 1, "Lone Wolf"),
        ("Sarah O\u2019Connor", 1, "Relationship Builder"), ("anna müller", 1, "Hard Worker"),
    ]


# Two exports loaded together that spell two reps differently: by accents, and by case alone.
FIRST = ("Opportunity ID,Owner,Stage,Amount,Close Date\n"
         "F1,Jose Nunez,Closed Won,100,2026-03-01\nF2,ANN LEE,Closed Won,100,2026-03-01\nF3,Li Wei,Closed Lost,100,2026-03-01\n").encode()
SECOND = ("Opportunity ID,Owner,Stage,Amount,Close Date\n"
          "S1,José Núñez,Closed Won,100,2026-03-02\nS2,Ann Lee,Closed Lost,100,2026-03-02\nS3,Li Wei,Closed Won,100,2026-03-02\n").encode()
ACROSS = [
    '"ANN LEE" in first.csv and "Ann Lee" in second.csv are one rep (same name but for case), shown as "Ann Lee".',
    '"Jose Nunez" in first.csv and "José Núñez" in second.csv are one rep (same name but for accents), shown as '
    '"José Núñez". If they are two people, tell them apart in the files by more than accents or quotes (a middle initial, say).',
]


def test_two_exports_loaded_together_name_a_rep_they_spell_differently_once(tmp_path):
    """"Jose Nunez" in one export and "José Núñez" in another dropped with it (or "ANN LEE" and "Ann Lee")
    said nothing: the files are named with each spelling, once (on the later file), with the spelling the
    pages show once both are stored, by the rule a file's names are read against the store's."""
    first, second = prepare(FIRST, "first.csv"), prepare(SECOND, "second.csv")
    empty = Store(tmp_path / "empty")
    earlier = [("first.csv", rep_counts(first))]
    assert store_rep_sentences(empty, first) == []
    assert store_rep_sentences(empty, second, [first, second], earlier=earlier) == ACROSS
    # The first stored (as the command line stores each in turn): the same sentences, not a stored rep's other spelling too.
    store = Store(tmp_path / "store")
    commit(store, first)
    assert store_rep_sentences(store, second, earlier=earlier) == ACROSS
    commit(store, second)
    assert {"Ann Lee", "José Núñez", "Li Wei"} == set(deals(store).get_column("rep").unique().to_list())
    # Several other spellings: each named with its files.
    third = prepare(SECOND.replace("José Núñez".encode(), b"JOSE NUNEZ"), "third.csv")
    assert store_rep_sentences(empty, third, earlier=[*earlier, ("second.csv", rep_counts(second))])[0] == (
        '"Jose Nunez" in first.csv, "José Núñez" in second.csv and "JOSE NUNEZ" in third.csv are one rep '
        '(same name but for accents), shown as "José Núñez". If they are two people, tell them apart in the files by '
        "more than accents or quotes (a middle initial, say).")


def test_the_command_line_names_a_rep_two_of_its_files_spell_differently(tmp_path, capsys):
    (tmp_path / "first.csv").write_bytes(FIRST)
    (tmp_path / "second.csv").write_bytes(SECOND)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", str(tmp_path / "first.csv"), str(tmp_path / "second.csv"), *where]) == 0
    said = capsys.readouterr().out
    assert [line for line in said.splitlines() if "are one rep" in line] == [
        f"{tmp_path / 'second.csv'}: {sentence}" for sentence in ACROSS]
    assert main(["report", "--by", "rep", *where, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert sorted((r["group"], r["closed"]) for r in rows) == [("Ann Lee", 2), ("José Núñez", 2), ("Li Wei", 2)]
