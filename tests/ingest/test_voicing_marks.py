"""Stage and status words folded for matching keep the marks that make another letter: the kana voicing marks
(dakuten, handakuten) that make "プ" of "フ" and "パ", "バ" of "ハ", Devanagari and Thai vowel signs, a Hangul
syllable whole. Only the accents of Latin, Greek and Cyrillic letters are folded away ("é" is "e"). Every
combining mark was dropped: "オープン" (open) was read as "オーフン", and "ペンディング" and "ヘンディング" were
one stage, a mapping of one applying to the other."""

from __future__ import annotations

import unicodedata

import pytest

from data_models.vocabulary import folded_words
from winloss.ingest.outcomes import stage_placement
from winloss.ingest.pipeline import file_report, prepare

HEADER = "案件ID,案件名,営業担当者,取引先企業,ステージ,金額,通貨,作成日,完了予定日\n"


def _prepared(stages: list[str], stage_outcomes: dict[str, str] | None = None):
    """A Japanese team's own spreadsheet of one deal at each of `stages`, ids D1, D2..."""
    rows = "".join(f"D{i},案件{i},佐藤 健,山田製作所,{stage},1000,JPY,2025/11/04,2026/03/31\n"
                   for i, stage in enumerate(stages, start=1))
    return prepare((HEADER + rows).encode(), "案件.csv", stage_outcomes=stage_outcomes)


def _outcomes(prepared) -> dict[str, str]:
    return dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows())


@pytest.mark.parametrize(("voiced", "plain"), [
    ("ペンディング", "ヘンディング"),  # pending; its marks dropped
    ("ビジネス", "ヒシネス"),
    ("バ", "ハ"), ("パ", "ハ"), ("バ", "パ"),
    ("ｶﾞ", "ｶ"),  # half-width, the mark a character of its own
    ("पड़ा", "पडा"),  # Devanagari: a nukta makes another consonant
    ("ไม่", "ไม"),  # Thai: a tone mark
])
def test_words_that_differ_only_by_a_mark_that_makes_another_letter_fold_apart(voiced, plain):
    assert folded_words(voiced) != folded_words(plain)


@pytest.mark.parametrize("word", ["ペンディング", "진행중", "जीता", "オープン"])
def test_a_word_of_another_script_folds_to_itself_composed_and_whole(word):
    """A Hangul syllable is one character again, not the jamo NFKD writes it as; a vowel sign stays in its word
    (it was read as punctuation and split it: "जीता" was "ज त")."""
    assert folded_words(word) == unicodedata.normalize("NFC", word)


@pytest.mark.parametrize(("written", "key"), [
    ("Fermé gagné", "ferme gagne"), ("Thắng", "thang"), ("Ελληνικά", "ελληνικα"), ("ＷＯＮ", "won"),
    ("ｵｰﾌﾟﾝ", "オープン"),  # half-width kana read as the full-width word, its mark kept
])
def test_latin_greek_accents_and_width_still_fold(written, key):
    assert folded_words(written) == key


def test_two_stages_differing_only_by_a_voicing_mark_are_two_stages():
    """Mapped apart, each keeps its own meaning: the second mapping of one folded key overwrote the first, so
    both deals were lost."""
    prepared = _prepared(["ペンディング", "ヘンディング"], {"ペンディング": "open", "ヘンディング": "lost"})
    assert _outcomes(prepared) == {"D1": "open", "D2": "lost"}


def test_a_mapping_of_one_stage_is_not_quietly_the_other_stages():
    """Only "ペンディング" is mapped: "ヘンディング" matches no rule and is asked about, under its own text."""
    prepared = _prepared(["ペンディング", "ヘンディング"], {"ペンディング": "open"})
    assert _outcomes(prepared) == {"D1": "open"}
    stages = {s["stage"]: (s["outcome"], s["matched"]) for s in file_report(prepared)["stages"]}
    assert stages == {"ペンディング": ("open", True), "ヘンディング": (None, False)}
    assert prepared.errors.get_column("value").to_list() == ["ヘンディング"]


def test_the_japanese_open_status_still_maps_and_the_word_without_its_mark_does_not():
    """"オープン" (open), full-width or half-width, is open by the stage words; "オーフン" is no word and is asked about."""
    prepared = _prepared(["オープン", "ｵｰﾌﾟﾝ", "オーフン"])
    assert _outcomes(prepared) == {"D1": "open", "D2": "open"}
    report = file_report(prepared)
    assert {s["stage"]: s["outcome"] for s in report["stages"]} == {"オープン": "open", "ｵｰﾌﾟﾝ": "open", "オーフン": None}
    assert stage_placement("オーフン", frozenset(), {})[0] is None
