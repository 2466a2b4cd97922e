"""Arabic and Hebrew vowel signs are written only where a text wants to be read aloud or taught: "مُغلَق" and
"مغلق" (closed) are one word, "סָגוּר" and "סגור" one word, as "Fermé" and "Ferme" are. Stage words and rep names
fold them away (data_models.vocabulary.ACCENTS, the one accent rule), with the Arabic tatweel that only stretches a
word; kept, one stage written both ways was two stages, a mapping of one not the other's, and one rep two reps.
The marks that make another letter still stay: the kana voicing marks ("ペ" is not "ヘ"), Devanagari and Thai signs."""

from __future__ import annotations

import polars as pl
import pytest

from data_models.vocabulary import folded_words
from winloss.ingest.identity import name_key, rep_key
from winloss.ingest.pipeline import file_report, prepare

# (with its vowel signs, without): one word.
SAME_WORD = [
    ("مُغلَق", "مغلق"),  # closed: damma, fatha
    ("مُغْلَقٌ", "مغلق"),  # with sukun and tanwin too
    ("مـغـلـق", "مغلق"),  # stretched by tatweel
    ("ربح الصفقةَ", "ربح الصفقة"),
    ("סָגוּר", "סגור"),  # closed: qamats, and the dagesh-like shuruq dot
    ("נִסְגַּר", "נסגר"),
    ("סָגוּר֑", "סגור"),  # a cantillation mark (etnahta)
]
SAME_REP = [
    ("مُحَمَّد عَلِي", "محمد علي"),  # with shadda
    ("مـحـمـد علي", "محمد علي"),
    ("דָּוִד כֹּהֵן", "דוד כהן"),
    ("שָׁרָה לֵוִי", "שרה לוי"),  # the shin dot
]
# Marks that make another letter, or are punctuation, not vowel signs: they keep words and names apart.
APART = [
    ("ペ", "ヘ"), ("ペンディング", "ヘンディング"),
    ("पड़ा", "पडा"),  # Devanagari nukta
    ("ไม่", "ไม"),  # Thai tone mark
]


@pytest.mark.parametrize(("pointed", "plain"), SAME_WORD)
def test_a_stage_word_with_or_without_its_vowel_signs_is_one_word(pointed, plain):
    assert folded_words(pointed) == folded_words(plain)


@pytest.mark.parametrize(("pointed", "plain"), SAME_REP)
def test_a_rep_name_with_or_without_its_vowel_signs_is_one_rep(pointed, plain):
    assert rep_key(pointed) == rep_key(plain)
    keys = pl.select(name_key(pl.Series([pointed, plain]))).to_series()
    assert keys.n_unique() == 1


@pytest.mark.parametrize(("marked", "other"), APART)
def test_marks_that_make_another_letter_still_keep_words_and_names_apart(marked, other):
    assert folded_words(marked) != folded_words(other)
    assert rep_key(marked) != rep_key(other)


def test_the_hebrew_maqaf_is_no_vowel_sign():
    """U+05BE, between the marks folded, is punctuation: a double name keeps it."""
    assert rep_key("כהן\u05beלוי") != rep_key("כהןלוי")


HEADER = "Deal ID,Owner,Stage,Amount,Close Date,Created Date\n"


def _prepared(rows: list[tuple[str, str]], stage_outcomes: dict[str, str] | None = None):
    """A spreadsheet of one deal per (rep, stage), ids D1, D2..."""
    body = "".join(f"D{i},{rep},{stage},1000,2026-03-18,2025-11-04\n" for i, (rep, stage) in enumerate(rows, start=1))
    return prepare((HEADER + body).encode(), "deals.csv", stage_outcomes=stage_outcomes)


@pytest.mark.parametrize(("pointed", "plain"), [("مُغلَق", "مغلق"), ("סָגוּר", "סגור")])
def test_a_stage_mapped_without_its_vowel_signs_maps_the_stage_written_with_them(pointed, plain):
    """One mapping for the stage written both ways: the pointed one was asked about again, its deal quarantined."""
    prepared = _prepared([("Ann Lee", pointed), ("Ann Lee", plain)], {plain: "won"})
    assert dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows()) == {"D1": "won", "D2": "won"}
    assert all(stage["outcome"] == "won" for stage in file_report(prepared)["stages"])
