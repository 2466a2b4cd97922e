"""The canonical vocabulary: opportunity and roster fields, outcomes, seller profiles."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

import polars as pl

# Outcomes, in the order charts and tables show them.
WON: Final = "won"
LOST: Final = "lost"
NO_DECISION: Final = "no_decision"
OPEN: Final = "open"
OUTCOMES: Final = (WON, LOST, NO_DECISION, OPEN)
CLOSED_OUTCOMES: Final = (WON, LOST, NO_DECISION)
OUTCOME_LABELS: Final = {WON: "Won", LOST: "Lost", NO_DECISION: "No decision", OPEN: "Open"}

# The five profiles of The Challenger Sale, plus the bucket for reps the roster does not profile.
PROFILES: Final = (
    "Challenger",
    "Hard Worker",
    "Relationship Builder",
    "Lone Wolf",
    "Reactive Problem Solver",
)
UNPROFILED: Final = "Unprofiled"

# CEB's study behind The Challenger Sale: the profile mix among all reps and among star
# performers. Measured against quota, not win rate: a reference beside the user's own data.
STUDY_MIX_ALL: Final = {
    "Challenger": 0.27,
    "Hard Worker": 0.21,
    "Relationship Builder": 0.21,
    "Lone Wolf": 0.18,
    "Reactive Problem Solver": 0.14,
}
STUDY_MIX_STARS: Final = {
    "Challenger": 0.39,
    "Lone Wolf": 0.25,
    "Hard Worker": 0.17,
    "Reactive Problem Solver": 0.12,
    "Relationship Builder": 0.07,
}
PROFILES_WITH_UNPROFILED: Final = (*PROFILES, UNPROFILED)

# The canonical opportunity frame: every reader and mapping ends here, every metric starts here.
OPPORTUNITY_SCHEMA: Final = pl.Schema(
    {
        "opportunity_id": pl.String,
        "rep": pl.String,
        "stage": pl.String,
        "outcome": pl.String,
        "created_date": pl.Date,
        "close_date": pl.Date,
        "amount": pl.Float64,
        "currency": pl.String,
        # The export's own conversion (Salesforce "Amount (converted)", HubSpot "Amount in company
        # currency"): value figures use it when present; amount and currency stay as exported.
        "converted_amount": pl.Float64,
        "converted_currency": pl.String,
        "probability": pl.Float64,
        "loss_reason": pl.String,
        "account": pl.String,
        # The deal's own name ("Acct 094 - Renewal"): a list tells an account's deals apart by it.
        "opportunity_name": pl.String,
        "segment": pl.String,
        "region": pl.String,
        "product": pl.String,
        "competitor": pl.String,
    }
)
OPPORTUNITY_FIELDS: Final = tuple(OPPORTUNITY_SCHEMA.names())
# A row cannot be stored without these (a stage or a status is mapped to `stage`).
OPPORTUNITY_REQUIRED: Final = ("opportunity_id", "rep", "stage")

ROSTER_SCHEMA: Final = pl.Schema(
    {
        "rep": pl.String,
        "seller_profile": pl.String,
        "team": pl.String,
        "manager": pl.String,
        "region": pl.String,
        # The rep's work email, as a CRM that writes a deal's owner as an email names them
        # (winloss.ingest.identity.owners_by_email): optional, null where the roster gives none.
        "email": pl.String,
        # The rep's coach in a coaching programme ("Coach", "Mentor"): a person, as a manager is, whom the
        # sidebar's Coach filter chooses reps by (winloss.filters.PEOPLE_DIMENSIONS) and anonymising gives a
        # pseudonym (winloss.anonymise.NAMED_COLUMNS). Optional, null where the roster gives none.
        "coach": pl.String,
    }
)
ROSTER_FIELDS: Final = tuple(ROSTER_SCHEMA.names())
# A roster without a profile column is still a roster: its reps are Unprofiled until profiled.
ROSTER_REQUIRED: Final = ("rep",)

# A filled-in profile questionnaire (winloss.assessment): one row per rep x rater x statement.
ASSESSMENT_SCHEMA: Final = pl.Schema(
    {"rep": pl.String, "rater": pl.String, "date": pl.Date, "statement": pl.String, "score": pl.Int64}
)
ASSESSMENT_FIELDS: Final = tuple(ASSESSMENT_SCHEMA.names())
ASSESSMENT_REQUIRED: Final = ("rep", "rater", "statement", "score")

class NoDecisionVocabulary(tuple[str, ...]):
    """The no-decision vocabulary as a store holds it: its phrases as the user wrote them (the tuple's items), and
    `excepted`: the loss reasons, as the deals write them, the user counts as lost though a phrase reads them
    ("No decision / status quo" lost while "No Decision" stays no decision). Every rule that reads a reason takes
    both from this one value (outcomes.folded_vocabulary). A plain tuple or list made of it holds the phrases
    alone: pass it on as it is. Two are equal when both their phrases and their exceptions are."""

    excepted: tuple[str, ...]

    def __new__(cls, phrases: Iterable[str] = (), excepted: Iterable[str] = ()) -> NoDecisionVocabulary:
        made = super().__new__(cls, phrases)
        made.excepted = tuple(excepted)
        return made

    def __eq__(self, other: object) -> bool:
        return tuple.__eq__(self, other) is True and self.excepted == getattr(other, "excepted", ())

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((tuple(self), self.excepted))


def as_vocabulary(reasons: Iterable[str]) -> NoDecisionVocabulary:
    """`reasons` as a NoDecisionVocabulary: itself when it is one (its exceptions kept), else its phrases with
    none excepted. Where a vocabulary is kept (a prepared file's), so its copy keeps what it excepts."""
    return reasons if isinstance(reasons, NoDecisionVocabulary) else NoDecisionVocabulary(reasons)


# Loss or status reasons that mean the customer did nothing: the status quo won.
# Editable per store (see winloss.settings); matched ignoring case, accents and punctuation
# (outcomes.folded_vocabulary), whole reasons only.
DEFAULT_NO_DECISION_REASONS: Final = (
    "No Decision",
    "Status Quo",
    "Do Nothing",
    "Went Dark",
    "Project Cancelled",
    "Project Canceled",
    "Canceled",
    "Cancelled",
    "No Budget",
    "Stayed with current solution",
    "Lost to status quo",
    "Unresponsive",
    # The phrase as reason lists also write it: whole reasons (a longer one is asked about, not read).
    "No decision made",
    "NoDecision",
    # A prospect who stopped answering went dark: CRMs' reason picklists write it these ways too.
    "Non-responsive",
    "No Decision / Non-Responsive",
    # "No decision" and "Status Quo" as a French, German or Spanish reason picklist writes them:
    # whole reasons, compared like the English ones (case and accents do not count).
    "Pas de décision",
    "Aucune décision",
    "Statu quo",
    "Keine Entscheidung",
    "Sin decisión",
    "Ninguna decisión",
    "No hubo decisión",
    # ... and as Portuguese, Italian, Dutch, Polish and Japanese ones write it ("現状維持": the status quo).
    "Sem decisão",
    "Nenhuma decisão",
    "Nessuna decisione",
    "Geen beslissing",
    "Brak decyzji",
    "現状維持",
    # ... and as Swedish, Danish, Norwegian and Finnish ones write it: a Swedish Pipedrive workbook's lost deals
    # "Inget beslut" were counted plain losses.
    "Inget beslut",
    "Ingen beslutning",
    "Ingen avgjørelse",
    "Ei päätöstä",
    # Dynamics' "Canceled" status reason as its French, German, Spanish, Italian, Portuguese and Dutch
    # editions write it.
    "Annulée",
    "Annulé",
    "Storniert",
    "Abgebrochen",
    "Cancelada",
    "Cancelado",
    "Annullata",
    "Annullato",
    "Geannuleerd",
    # "Canceled" in Japanese, as reason and status lists write it (the word, not a label Dynamics' Japanese
    # edition was seen to use): a Japanese Status Reason "キャンセル済み" was counted open.
    "キャンセル",
    "キャンセル済み",
    # French CRMs' word for a deal dropped with no follow-up, the buyer having decided nothing: "classé sans
    # suite" (shelved), as a reason or after a lost word in a stage ("Perdu - sans suite"), which was counted
    # lost. Not the Spanish "sin seguimiento": it says the seller did not follow the deal up, not that the
    # buyer made no decision.
    "Sans suite",
    "Classé sans suite",
    "Classée sans suite",
)

_PROFILE_SYNONYMS: Final = {
    "challenger": "Challenger",
    "the challenger": "Challenger",
    "hard worker": "Hard Worker",
    "hardworker": "Hard Worker",
    "relationship builder": "Relationship Builder",
    "relationship": "Relationship Builder",
    "lone wolf": "Lone Wolf",
    "lonewolf": "Lone Wolf",
    "reactive problem solver": "Reactive Problem Solver",
    "problem solver": "Reactive Problem Solver",
    "reactive": "Reactive Problem Solver",
    "unprofiled": UNPROFILED,
}


def folded(text: str) -> str:
    """Lower case with runs of spaces, underscores and hyphens made one space."""
    return re.sub(r"[\s_\-]+", " ", text).strip().lower()


# The Turkish dotless ı and dotted İ, read as i: Unicode gives "ı" no base letter, so casefold and NFKD
# left it, and "Kazanıldı" (won) never met the word list's "kazanildi" (its İ already folded so).
_DOTTED_I_TABLE: Final = str.maketrans({"\u0131": "i", "\u0130": "i"})


# The accents folding drops: the combining diacritical marks NFKD takes off Latin, Greek and Cyrillic
# letters ("é" -> "e" + U+0301, "ệ" -> "e" + U+0323 + U+0302, "й" -> "и" + U+0306), and the vowel signs Arabic
# and Hebrew write only where a text wants them read aloud or taught: Arabic harakat (U+064B-U+065F, the
# superscript alef U+0670) and the tatweel that stretches a word (U+0640), Hebrew niqqud and cantillation
# (the marks of U+0591-U+05C7, not its punctuation: maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3, nun hafukha
# U+05C6). "مُغلَق" and "مغلق" (closed), "סָגוּר" and "סגור" are one word, written with and without its vowels;
# kept, one stage was two, and one rep two reps. The marks of other scripts make another letter, not an accented
# one, and stay: the kana voicing marks (U+3099, U+309A, and the half-width ﾞ ﾟ NFKD writes as them) that make
# "プ" of "フ" and "バ", "パ" of "ハ", Devanagari and Thai vowel signs and viramas. Dropping every combining mark
# folded "オープン" (open) to "オーフン" and "ペンディング" to "ヘンティンク", one stage with "ヘンディング". The
# one accent rule of stage words and of rep names (winloss.ingest.identity.name_key).
ACCENTS: Final = (
    "[\u0300-\u036f"  # Latin, Greek and Cyrillic accents
    "\u064b-\u065f\u0670\u0640"  # Arabic harakat, superscript alef, tatweel
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"  # Hebrew niqqud and cantillation (not its punctuation)
)
_ACCENTS_RE: Final = re.compile(ACCENTS)


def folded_words(text: str) -> str:
    """Text folded for matching a word list: lower case, accents dropped (`ACCENTS`: those of Latin, Greek and
    Cyrillic letters, Arabic and Hebrew vowel signs; the Turkish "ı" and "İ" read "i"), full-width and
    half-width forms read as the plain ones (NFKC), quotes and punctuation made spaces, words one space apart. '“No  Décision”' -> 'no decision',
    'Out-Sold' -> 'out sold', 'Kazanıldı' -> 'kazanildi', 'ｵｰﾌﾟﾝ' -> 'オープン'.

    Letters of other scripts keep their marks and are composed again (NFC): "ペンディング" and "ヘンディング"
    are two words, a Hangul syllable is one character, as the text writes it. A key to compare, never text to
    show: what a page or report shows is the file's own text.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_DOTTED_I_TABLE).casefold())
    plain = unicodedata.normalize("NFC", _ACCENTS_RE.sub("", decomposed))
    if plain.isascii():
        return re.sub(r"[\W_]+", " ", plain).strip()
    # A mark left (a Devanagari or Thai vowel sign, a kana voicing mark no letter composes with) is part of
    # its word, where `\W` reads it as punctuation: "जीता" (won) was "ज त", two words.
    return " ".join("".join(c if c.isalnum() or unicodedata.category(c).startswith("M") else " " for c in plain).split())


def canonical_profile(label: str | None) -> str | None:
    """The canonical seller profile for a roster label, or None for a label we do not know."""
    if label is None:
        return None
    return _PROFILE_SYNONYMS.get(folded(label))


# How close a label not known must be to a profile's words (difflib's ratio, as a rep's "did you mean":
# identity.DID_YOU_MEAN_RATIO) to be offered as that profile: "challanger" and "challenger" (0.9).
PROFILE_GUESS_RATIO: Final = 0.8


def profile_meant(label: str | None) -> str | None:
    """The seller profile a label canonical_profile does not know may have been meant as, by its spelling
    ('Challanger' -> "Challenger", 'Lone Wolff' -> "Lone Wolf"): the profile of the closest of its words and
    synonyms at PROFILE_GUESS_RATIO or more; None when none is close, or for a label it knows. Only a guess to name
    in a sentence ("did you mean 'Challenger'?"): the row is stored without it all the same. Never Unprofiled."""
    if label is None or canonical_profile(label) is not None:
        return None
    words = [w for w, profile in _PROFILE_SYNONYMS.items() if profile != UNPROFILED]
    close = difflib.get_close_matches(folded(label), words, n=1, cutoff=PROFILE_GUESS_RATIO)
    return _PROFILE_SYNONYMS[close[0]] if close else None


def profile_guess_words(label: str | None) -> str:
    """What follows a profile not understood where one is close (profile_meant): " (did you mean 'Challenger'?)";
    "" when none is."""
    meant = profile_meant(label)
    return f" (did you mean '{meant}'?)" if meant else ""
