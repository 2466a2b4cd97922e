"""The outcome of each deal: stage words in the CRMs' languages, the user's stage mappings, closed/won columns.

Where an export keeps a status (open / won / lost) beside its stage (Pipedrive's Status and pipeline
Stage, Dynamics' Status and Status Reason), the status says the outcome and the stage is kept as the
stage: a deal lost at "Qualified" is lost, not open. The stage only refines a lost status into no
decision (Dynamics' "Canceled"); a status no rule reads leaves the stage to decide.
A stage or status that no rule places is never taken as open. The row's closing columns settle
it when they can (a closed or won flag, a won or lost date, Dynamics' Status); otherwise the row
has no outcome and is quarantined with a sentence naming the value and how to map it.
A row's own outcome (its status, or what its closing columns say) is never overridden by the user's
stage mapping: the mapping fills only the rows neither settles, and only makes a lost one no decision.
A won flag that says false and nothing more says "not won" (open or lost, not which): a mapping to
lost, no decision or open places such a row; a mapping to won contradicts it, and the row is quarantined.
A closed flag that says true with nothing saying won or lost says "closed" (won, lost or no decision,
not which), and so do a close date filled in where the file keeps the expected close date apart, and a
won and a lost date both filled in: a mapping to any of those places the row; a mapping to open
contradicts it, and the row is quarantined. A status value the user maps is a mapping too: the same
rules hold for it. The stage words are held to the same two rules: a stage whose words say won on a
row that says "not won", or open on one that says "closed", is quarantined, never counted so.
Every rule runs once per distinct value, never once per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import (
    DEFAULT_NO_DECISION_REASONS, LOST, NO_DECISION, OPEN, OUTCOME_LABELS, OUTCOMES, WON, NoDecisionVocabulary, folded_words,
)
from winloss.ingest.hints import (
    READ_REASONS_LABEL, SAVE_FILE_LABEL, SAVE_REASONS_LABEL, VOCABULARY_TAB, command_line_hint, quoted,
)
from winloss.text import listed, plural

# How a stage value was placed (the `__stage_rule` column with_outcomes adds).
RULE_MAPPED: Final = "mapped"  # the user's stage mapping
RULE_WORDS: Final = "words"  # the built-in stage and status words
RULE_DELETED: Final = "deleted"  # a deal deleted in the CRM: no outcome, never stored
RULE_NONE: Final = "none"  # no rule: the closing columns settle it, or nothing does
RULE_STATUS: Final = "status"  # the row's status column said the outcome (per row, not per stage value)
RULE_REASON: Final = "reason"  # the row's loss reason, in the no-decision vocabulary, made a lost deal no decision
# The row's closing columns said the outcome of a value the user mapped: they decide over the mapping (per row).
RULE_CLOSING: Final = "closing"
# The row's closing columns said the outcome of a value the built-in stage words place: they decide over the
# words as over a mapping (per row), so the file's own flags are never overruled by the app's inference.
RULE_CLOSING_WORDS: Final = "closing over words"
# The user mapped a value to won, but the row's won flag says it was not won: no outcome, quarantined (per row).
RULE_NOT_WON: Final = "not won"
# The user mapped a value to open, but the row's closed flag says it closed: no outcome, quarantined (per row).
RULE_CLOSED_OPEN: Final = "closed, mapped open"
# The same two, where the value the user mapped is the row's status (its stage is what the report lists).
RULE_STATUS_NOT_WON: Final = "status not won"
RULE_STATUS_CLOSED_OPEN: Final = "status closed, mapped open"
# The same two, where the built-in stage words (not the user) say won (open): no outcome, quarantined (per row).
RULE_WORDS_NOT_WON: Final = "words won, not won"
RULE_WORDS_CLOSED_OPEN: Final = "words open, closed"
# Why a row has no outcome: "deleted", "closed" (its closing columns say it closed, not how), "unknown",
# or STATUS_DELETED_WHY (its status column says the deal was deleted), or one of the contradictions below
# (CONTRADICTION_WHYS).
UNPLACED: Final = "__unplaced"
# The user's stage mapping says won, the row's won flag says not won (NOT_WON): the row is quarantined.
NOT_WON_WHY: Final = "not won"
# A stage no rule matches on a row whose won flag says only "not won": it was open or lost, never won.
UNMATCHED_NOT_WON_WHY: Final = "unknown, not won"
STATUS_DELETED_WHY: Final = "status deleted"
# The row's status column holds a value no rule reads (and the user did not map), beside a stage that
# says the deal is open: whether it is still open is not known.
STATUS_UNREAD_WHY: Final = "status unread"
# The row's status value's words say the record is not a real deal ("Duplicate", "Merged", "Spam": not_a_deal) and the
# user did not map it: whatever its stage says, a duplicate counted lost (won) moved its rep's win rate.
STATUS_NOT_A_DEAL_WHY: Final = "status not a deal"
# The user's mapping says open, the row's closed flag says closed (CLOSED): the row is quarantined.
CLOSED_OPEN_WHY: Final = "closed, mapped open"
# The user's mapping of the row's status value says won (open), its won flag says not won (closed flag says closed).
STATUS_NOT_WON_WHY: Final = "status mapped won, not won"
STATUS_CLOSED_OPEN_WHY: Final = "status mapped open, closed"
# The stage's words say won (open), the row's won flag says not won (its closing columns say closed).
WORDS_NOT_WON_WHY: Final = "words won, not won"
WORDS_CLOSED_OPEN_WHY: Final = "words open, closed"
# Why a row whose own closing flags contradict the user's mapping has no outcome, and the rule each is credited to.
CONTRADICTION_RULES: Final = {
    NOT_WON_WHY: RULE_NOT_WON, CLOSED_OPEN_WHY: RULE_CLOSED_OPEN,
    STATUS_NOT_WON_WHY: RULE_STATUS_NOT_WON, STATUS_CLOSED_OPEN_WHY: RULE_STATUS_CLOSED_OPEN,
    WORDS_NOT_WON_WHY: RULE_WORDS_NOT_WON, WORDS_CLOSED_OPEN_WHY: RULE_WORDS_CLOSED_OPEN,
}  # fmt: skip
CONTRADICTION_WHYS: Final = frozenset(CONTRADICTION_RULES)
# Those the row's status column says (its header and value name it), and those its closed flag says.
STATUS_WHYS: Final = frozenset(
    {STATUS_DELETED_WHY, STATUS_UNREAD_WHY, STATUS_NOT_A_DEAL_WHY, STATUS_NOT_WON_WHY, STATUS_CLOSED_OPEN_WHY}
)
CLOSED_FLAG_WHYS: Final = frozenset({CLOSED_OPEN_WHY, STATUS_CLOSED_OPEN_WHY, WORDS_CLOSED_OPEN_WHY})
# Those its won flag says.
NOT_WON_WHYS: Final = frozenset({NOT_WON_WHY, STATUS_NOT_WON_WHY, UNMATCHED_NOT_WON_WHY, WORDS_NOT_WON_WHY})
# A lost (or no decision) row whose loss reason's words say the record is not a real deal ("Duplicate", "Merged",
# "Test", "Spam"): a duplicate counted lost lowered its rep's win rate, so it is quarantined, naming the reason.
REASON_NOT_A_DEAL_WHY: Final = "reason not a deal"

# The row signals with_outcomes reads when the frame carries them (normalise makes them from the
# mapped closing columns): booleans, an outcome from a Status column, dates.
CLOSED_FLAG: Final = "__closed_flag"
WON_FLAG: Final = "__won_flag"
STATUS_OUTCOME: Final = "__status_outcome"
STATUS_DELETED: Final = "__status_deleted"  # the status says the deal was deleted in the CRM
STATUS_UNREAD: Final = "__status_unread"  # the status text where no rule reads it ("Abandoned"), else null
# True where the status's outcome is the user's mapping of its value, not its own words: a mapping, which
# the row's closing columns decide over as they do over a mapping of its stage.
STATUS_MAPPED: Final = "__status_mapped"
# The row's status value as the stage mappings match it (folded_words), null for none: kept with the accepted
# rows (not stored), so the checks before a commit tell a status value mapped otherwise since its deal was stored
# (with this file, by itself, or a mapping cleared) from a status the CRM changed (mapping_effects.status_remapped).
MAPPED_STATUS: Final = "__mapped_status"
# The outcome the status said, kept with each stored deal so the status still decides at read
# time, whatever the stage's words or the user's stage mappings say (null: no status, or none read).
STORED_STATUS: Final = "status_outcome"
# The outcome the row's closing columns (closed/won flags, won/lost dates) said, kept with each stored
# deal so they still decide over the user's stage mappings at read time (null: they said none), or
# NOT_WON: a won flag said false and nothing said closed or open, so the deal was open or lost, not won;
# or CLOSED: a closed flag said true, or a close date, or a won and a lost date both, were filled in, and
# nothing said won or lost, so the deal closed, not how.
CLOSING_OUTCOME: Final = "__closing_outcome"
NOT_WON: Final = "not_won"
CLOSED: Final = "closed"
# What the closing columns said that is no outcome alone: it settles nothing, it only rules out a mapping.
_NO_OUTCOME_ALONE: Final = (NOT_WON, CLOSED)
STORED_CLOSING: Final = "closing_outcome"
WON_ON: Final = "__won_on"
LOST_ON: Final = "__lost_on"
CLOSED_ON: Final = "__closed_on"  # an actual close date is filled in (only where the file keeps the expected one apart)
_CLOSING_SIGNALS: Final = (CLOSED_FLAG, WON_FLAG, WON_ON, LOST_ON, CLOSED_ON, CLOSING_OUTCOME)
# Each column a stored deal keeps its row's own outcome in, and the signal with_outcomes reads it as.
_STORED_SIGNALS: Final = ((STORED_STATUS, STATUS_OUTCOME), (STORED_CLOSING, CLOSING_OUTCOME))


def stored_signals(columns: Iterable[str]) -> list[pl.Expr]:
    """The stored deals' columns (`columns`: the names a frame of them has) that keep each row's own
    outcome, named as with_outcomes reads them: the status and the closing columns still decide over
    the stage mappings when outcomes are derived again at read time."""
    names = set(columns)
    return [pl.col(stored).alias(signal) for stored, signal in _STORED_SIGNALS if stored in names]

# ---- the words, folded by folded_words ---------------------------------------------------------
# Status words of the languages Pipedrive, HubSpot and Dynamics 365 ship in (English, French, German,
# Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Norwegian, Finnish, Polish, Czech, Turkish,
# Japanese, Chinese). A stage holding one of these words is placed by it ("Closed Won", "Fermé gagné").
# The Japanese "獲得" (won), "他社に敗北" (lost to another company, Dynamics' Out-Sold) and "キャンセル済み"
# (canceled, no decision as "Canceled" is) are the words for those outcomes, not labels confirmed from
# Dynamics' Japanese edition: a Japanese Status Reason of them left its deals unplaced. "オープン" is its open
# Status (beside 受注 won, 失注 lost), "保留" its On Hold.
_WON_WORDS: Final = frozenset(
    "won gagne gagnee gewonnen ganado ganada ganho ganha vinto vinta vunnen vunnet vundet voitettu "
    "wygrana wygrany wygrane vyhrano vyhrany vyhrana kazanildi kazanilan 受注 成約 獲得 赢单 赢得".split()
)
# "Win" is a won stage only alone: within a stage's name it names a step towards winning ("Technical
# Win", "Develop Win Plan", "Verbal Win"), an open stage.
_WON_PHRASES: Final = frozenset({"closedwon", "booked", "win", "closed win", "closedwin"})
_LOST_WORDS: Final = frozenset(
    "lost perdu perdue verloren perdido perdida perso persa forlorad forlorat tabt tapt menetetty "
    "przegrana przegrany przegrane prohrano prohrany prohrana kaybedildi kaybedilen outsold 失注 他社に敗北 输单 "
    "canceled cancelled annule annulee storniert abgebrochen cancelado cancelada annullato annullata geannuleerd "
    "キャンセル キャンセル済み".split()
)
_LOST_PHRASES: Final = frozenset({"closedlost", "loss", "out sold", "closed no decision", "no decision"})
_DELETED_PHRASES: Final = frozenset(
    "deleted removed supprime supprimee geloscht eliminado eliminada eliminato excluido excluida verwijderd "
    "borttagen slettet poistettu usuniety usunieta smazano smazany silindi".split()
)
_OPEN_WORDS: Final = frozenset(
    "open opened reopened ouvert ouverte offen abierto abierta aperto aperta aberto aberta oppen aben apen avoin "
    "otwarta otwarty otevreno otevreny otevrena acik 進行中 保留 进行中 オープン".split()
)
# Open stages as the CRMs name them by default (Salesforce's sales process, HubSpot's default
# pipeline by label and internal name, Dynamics' status reasons), and common custom ones.
_OPEN_PHRASES: Final = frozenset(
    {
        "prospecting", "prospect", "qualification", "qualified", "qualify", "needs analysis", "value proposition",
        "id decision makers", "perception analysis", "proposal price quote", "proposal", "negotiation review",
        "negotiation", "discovery", "demo", "evaluation", "solution", "contracting", "commit", "best case",
        "upside", "pipeline", "engaging", "lead", "new", "active", "pending", "in progress", "on hold",
        "appointment scheduled", "appointmentscheduled", "qualified to buy", "qualifiedtobuy",
        "presentation scheduled", "presentationscheduled", "decision maker bought in", "decisionmakerboughtin",
        "contract sent", "contractsent",
        "en cours", "en attente", "in bearbeitung", "angehalten", "zuruckgestellt", "en curso", "en espera",
        "in corso", "in attesa", "em andamento", "em espera", "in behandeling", "in de wacht",
    }
) | frozenset(
    # HubSpot's default pipeline's open stages as its German, French and Spanish interfaces write them
    # (each spelling HubSpot has used), matched as whole values: a German export lost every open deal.
    folded_words(stage)
    for stage in (
        "Termin vereinbart", "Termin geplant", "Qualifiziert zum Kauf", "Für Kauf qualifiziert",
        "Präsentation vereinbart", "Entscheidungsträger an Bord",
        "Entscheidungsträger eingebracht", "Vertrag gesendet",
        "Rendez-vous programmé", "Rendez-vous pris", "Qualifié pour l'achat", "Qualifiée pour l'achat",
        "Présentation programmée", "Présentation planifiée", "Décideur impliqué", "Intégration du décisionnaire",
        "Contrat envoyé",
        "Cita programada", "Calificado para comprar", "Presentación programada",
        "Responsable de toma de decisiones involucrado", "Contrato enviado",
    )
) | frozenset(
    # Salesforce's default sales process's open stages (Prospecting, Qualification, Needs Analysis,
    # Value Proposition, Id. Decision Makers, Perception Analysis, Proposal/Price Quote,
    # Negotiation/Review) as its German, French, Spanish, Portuguese, Italian and Dutch interfaces
    # write them, matched as whole values: a German report quarantined every open deal as unplaced.
    # Each names a step of a deal still in progress and no outcome; its closed stages ("Geschlossen
    # und gewonnen", "Fermée gagnée") are placed by their won and lost words above.
    folded_words(stage)
    for stage in (
        "Qualifizierung", "Bedarfsanalyse", "Wertbestimmung", "Entscheidungsträger identifizieren",
        "Id. Entscheidungsträger", "Wahrnehmungsanalyse", "Angebot/Preisangebot", "Verhandlung/Überprüfung",
        "Prospection", "Analyse des besoins", "Proposition de valeur", "Identification des décideurs",
        "Id. des décideurs", "Analyse de perception", "Proposition/Devis", "Négociation/Révision",
        "Prospección", "Calificación", "Análisis de necesidades", "Propuesta de valor", "Análisis de percepción",
        "Propuesta/Presupuesto", "Negociación/Revisión",
        "Prospecção", "Qualificação", "Análise de necessidades", "Proposta de valor", "Análise de percepção",
        "Proposta/Cotação", "Negociação/Revisão",
        "Prospezione", "Qualificazione", "Analisi delle esigenze", "Proposta di valore", "Analisi della percezione",
        "Proposta/Preventivo", "Negoziazione/Revisione",
        "Kwalificatie", "Behoefteanalyse", "Waardepropositie", "Perceptieanalyse", "Voorstel/Offerte",
        "Onderhandeling/Beoordeling",
    )
)  # fmt: skip
_TRUE: Final = frozenset("true t yes y 1 x ja oui vrai si sim vero wahr waar".split())
_FALSE: Final = frozenset("false f no n 0 nein non faux falso nao onwaar nee".split())
_OUTCOME_WORDS: Final = {
    "won": WON, "lost": LOST, "no decision": NO_DECISION, "nodecision": NO_DECISION, "open": OPEN,
}  # fmt: skip


class FoldedVocabulary(frozenset[str]):
    """The no-decision vocabulary folded for matching (folded_words: its phrases are the set's members), with
    `excepted`: the loss reasons, folded the same way, the user counts as lost though a phrase reads them
    ("No decision / status quo" kept lost while "No Decision" stays no decision). Only loss reasons are
    excepted: a stage placed by the phrases' words is not a reason."""

    excepted: frozenset[str]

    def __new__(cls, phrases: Iterable[str] = (), excepted: Iterable[str] = ()) -> FoldedVocabulary:
        made = super().__new__(cls, phrases)
        made.excepted = frozenset(excepted)
        return made


def folded_vocabulary(reasons: Iterable[str]) -> FoldedVocabulary:
    """The no-decision vocabulary folded for matching: case, accents, punctuation and quotes do not count.
    `reasons`: its phrases; a NoDecisionVocabulary (Store.no_decision_reasons) carries the loss reasons the
    user keeps lost too, which the folded one keeps as `excepted`, folded the same way."""
    excepted = reasons.excepted if isinstance(reasons, NoDecisionVocabulary) else ()
    return FoldedVocabulary((folded_words(r) for r in reasons if r and r.strip()),
                            (folded_words(r) for r in excepted if r and r.strip()))


def _excepted(vocabulary: frozenset[str]) -> frozenset[str]:
    """The folded loss reasons `vocabulary` counts as lost though a phrase reads them (none for a plain set)."""
    return vocabulary.excepted if isinstance(vocabulary, FoldedVocabulary) else frozenset()


def folded_stage_outcomes(stage_outcomes: Mapping[str, str] | None) -> dict[str, str]:
    """The user's stage mappings keyed the way stage values are matched."""
    return {folded_words(stage): outcome for stage, outcome in (stage_outcomes or {}).items()}


def _names_no_decision(key: str, vocabulary: frozenset[str]) -> bool:
    return key in vocabulary or key.removeprefix("closed ") in vocabulary


# What may stand between a no-decision phrase and the words a CRM export adds after it ("No decision -
# status quo", "No Decision – budget frozen", "No decision: went dark", "Status quo (kept spreadsheet)").
# A hyphen counts only with spaces around it: "No decision-maker" is one word, not a qualifier.
_QUALIFIER_SEPARATOR: Final = re.compile(r"\s+[-\u2010\u2011\u2012]+\s+|\s*[\u2013\u2014\u2015]+\s*|\s*[:;|/]\s*|,\s*|\.\s+|\s*[(\[]")


# Words after a no-decision phrase that say the customer bought elsewhere ("No decision - went with
# competitor"): the reason says both, so no rule decides it; it is asked about as a near miss.
_COMPETITOR_WORDS: Final = frozenset("competitor competitors competition competing vendor rival".split())
_COMPETITOR_PHRASES: Final = ("went with", "switched to", "lost to", "bought from", "signed with", "moved to")


def _went_elsewhere(words: str, vocabulary: frozenset[str]) -> bool:
    """Whether the words after a no-decision phrase say the deal went to someone else: a competitor,
    vendor or rival, or "went with", "lost to"…, and no phrase of the folded `vocabulary` ("lost to
    status quo" is no decision)."""
    padded = f" {folded_words(words)} "
    if any(phrase and f" {phrase} " in padded for phrase in vocabulary):
        return False
    return bool(set(padded.split()) & _COMPETITOR_WORDS) or any(f" {phrase} " in padded for phrase in _COMPETITOR_PHRASES)


def _qualified(reason: str, vocabulary: frozenset[str]) -> tuple[str, str, str] | None:
    """(phrase, separator, the words after it) as the reason writes them when it starts with a phrase of
    the folded no-decision `vocabulary`, then a separator and more words; None otherwise (and for a
    reason the vocabulary holds whole)."""
    text = reason.strip()
    if _names_no_decision(folded_words(text), vocabulary):
        return None
    for separator in _QUALIFIER_SEPARATOR.finditer(text):
        head, rest = text[: separator.start()], text[separator.end() :]
        if folded_words(rest) and _names_no_decision(folded_words(head), vocabulary):
            return head.strip(), separator.group(), rest
    return None


def no_decision_phrase(reason: str, vocabulary: frozenset[str]) -> tuple[str, str] | None:
    """(phrase, separator) as the reason writes them when `reason` starts with a phrase of the folded
    no-decision `vocabulary`, then a separator (" - ", " – ", " — ", ":", ";", "/", "|", ",", ". ",
    " (") and more words: "No decision - status quo" -> ("No decision", " - "). The rule counts such a
    reason as no decision, so it is one predictable rule (the file report names each reason it applied
    to), unless the words after the separator name a competitor ("No decision - went with competitor":
    the reason says both, so it is a near miss, asked about and still lost; near_miss_phrase).

    None for a reason the vocabulary holds whole (that is the whole-reason rule), for one with no
    separator after the phrase ("No decision maker access") and for one with nothing after it.
    """
    found = _qualified(reason, vocabulary)
    if found is None or _went_elsewhere(found[2], vocabulary):
        return None
    return found[0], found[1]


def reason_is_no_decision(reason: str, vocabulary: frozenset[str]) -> bool:
    """Whether a lost deal's loss `reason` makes it no decision under the folded `vocabulary`: the
    vocabulary holds the whole reason (case, accents, punctuation and quotes do not count), or the
    reason starts with one of its phrases followed by a separator and more words (no_decision_phrase),
    and the user has not excepted the reason (FoldedVocabulary.excepted: counted as lost, whatever phrase
    reads it). The one rule every count of no-decision deals goes through (outcome_of, outcomes_and_stages)."""
    key = folded_words(reason)
    if key in _excepted(vocabulary):
        return False
    return read_as_no_decision(reason, vocabulary)


def read_as_no_decision(reason: str, vocabulary: frozenset[str]) -> bool:
    """Whether a phrase of the folded `vocabulary` reads a loss `reason` as no decision (reason_is_no_decision
    before the user's exceptions): the reasons the No-decision reasons tab lists under the phrases, to except."""
    return _names_no_decision(folded_words(reason), vocabulary) or no_decision_phrase(reason, vocabulary) is not None


def phrase_reading(reason: str, vocabulary: frozenset[str]) -> str | None:
    """The folded phrase of `vocabulary` that reads a loss `reason` as no decision (read_as_no_decision): the
    reason whole (or after "closed "), else the phrase it starts with before a separator ("No decision / status
    quo" -> "no decision"); None when no phrase reads it. The phrase a reason kept lost is listed under."""
    key = folded_words(reason)
    if not _names_no_decision(key, vocabulary):
        found = no_decision_phrase(reason, vocabulary)
        if found is None:
            return None
        key = folded_words(found[0])
    return key if key in vocabulary else key.removeprefix("closed ")


_AFTER_START, _BEFORE_COMPETITOR, _RUNS_ON = "after the start", "before a competitor", "runs on"
# Where a near miss's phrase stands, as the file report and the Data page say it.
NEAR_MISS_PLACES: Final = "after the start, before a competitor, or going on with no separator"


def _near_miss(reason: str, vocabulary: frozenset[str]) -> tuple[str, str] | None:
    """(the folded vocabulary phrase, where it stands: _AFTER_START, _BEFORE_COMPETITOR or _RUNS_ON) for a
    near miss (near_miss_phrase); None for a reason that is not one. The reason is split by `_qualified` once."""
    if _names_no_decision(folded_words(reason), vocabulary):
        return None  # no decision whole
    if (found := _qualified(reason, vocabulary)) is not None:
        # No decision by the phrase-then-separator rule, unless a competitor after it kept it lost.
        return (folded_words(found[0]), _BEFORE_COMPETITOR) if _went_elsewhere(found[2], vocabulary) else None
    padded = f" {folded_words(reason)} "
    later = [phrase for phrase in vocabulary if phrase and padded.find(f" {phrase} ", 1) > 0]
    if later:
        return max(later, key=lambda phrase: (len(phrase), phrase)), _AFTER_START
    first = [phrase for phrase in vocabulary if phrase and padded.startswith(f" {phrase} ")]
    return (max(first, key=lambda phrase: (len(phrase), phrase)), _RUNS_ON) if first else None


def near_miss_phrase(reason: str, vocabulary: frozenset[str]) -> str | None:
    """The folded vocabulary phrase a loss `reason` holds when no rule makes the reason no decision:
    as whole words after its start ("Lost - no decision", "Went dark / no decision" -> "no decision"),
    at its start before words naming a competitor ("No decision - went with competitor"), or at its
    start with more words and no separator after it ("No decision made", "Went dark after demo",
    "No decision maker access"); None otherwise. Such a reason stays lost: it is asked about (the
    file report, the Data page's no-decision reasons), never decided."""
    found = _near_miss(reason, vocabulary)
    return found[0] if found is not None else None


def near_miss_why(reason: str, vocabulary: frozenset[str]) -> str | None:
    """Why a near miss (near_miss_phrase) is asked about, in the words the Data page lists it with, the phrase as
    the reason writes it: "holds 'No Decision' after the start", "names a competitor after 'No decision'", or
    "goes on after 'No decision' with no separator"; None for a reason that is not one."""
    found = _near_miss(reason, vocabulary)
    if found is None:
        return None
    phrase, where = _as_written(reason, found[0]), found[1]
    if where == _BEFORE_COMPETITOR:
        return f"names a competitor after '{phrase}'"
    return f"holds '{phrase}' after the start" if where == _AFTER_START else f"goes on after '{phrase}' with no separator"


def _as_written(text: str, key: str) -> str:
    """The whole words of `text` that fold (folded_words) to `key`, as `text` writes them: ("Went quiet / No
    Décision", "no decision") -> "No Décision"; `key` itself where no run of whole words does. A phrase shown
    beside a reason is the reason's own words, not the key it was matched by (lower case, accents dropped)."""
    words = [m.span() for m in re.finditer(r"[^\W_]+", text)]
    for i, (start, _) in enumerate(words):
        for _, end in words[i:]:
            if folded_words(text[start:end]) == key:
                return text[start:end]
    return key


# Words that turn an outcome word round ("Not won", "Nicht gewonnen", "Won't proceed": "won t" once
# folded), in the languages above: such a stage is asked about, never placed by the word it negates.
_NEGATIONS: Final = frozenset("not t never nicht kein keine nie non pas ne no geen niet nao nunca ikke inte ei".split())


_NEGATABLE: Final = _WON_WORDS | _LOST_WORDS | {"win"}  # the words a negation right before turns round


def _negated(words: list[str]) -> bool:
    """Whether a negation stands right before an outcome word ("not won", "nicht gewonnen", "non gagné"),
    or "won" is "won't" ("won t" once folded). A negation elsewhere ("Perdu - non qualifié") turns
    nothing round."""
    return any(
        (word in _NEGATABLE and i > 0 and words[i - 1] in _NEGATIONS) or (word == "won" and words[i + 1 : i + 2] == ["t"])
        for i, word in enumerate(words)
    )


def _no_decision_phrase_in(key: str, vocabulary: frozenset[str]) -> str | None:
    """The longest phrase of the folded no-decision `vocabulary` the folded stage holds as whole words
    ("closed lost no decision" holds "no decision"), or None."""
    padded = f" {key} "
    held = [phrase for phrase in vocabulary if phrase and f" {phrase} " in padded]
    return max(held, key=len) if held else None


# Words in a stage's name that say a won deal is not closed yet, or only partly won: given by word of
# mouth, its signature pending or awaited ("Verbally Won", "Won - Pending Signature", "Won (partial)"),
# in the languages of the won words above ("Mündlich gewonnen", "Gewonnen - Vertrag ausstehend", "Gagné -
# en attente de signature", "Ganado - pendiente de firma", "Ganho (verbal)", "Vinto (verbale)",
# "Gewonnen - wacht op handtekening", "Ganado parcialmente"). Beside a won word they leave the stage asked about.
_UNFINISHED_WORDS: Final = frozenset(
    "verbal verbally oral orally pending awaiting unsigned partial partially partly "  # English
    "mundlich mundliche mundlicher ausstehend ausstehende wartet warten teilweise teilweiser vorbehaltlich "  # German
    "verbale verbalement oralement attente partiel partielle partiellement "  # French
    "verbalmente pendiente pendientes espera parcial parcialmente "  # Spanish
    "pendente pendentes aguardando aguarda "  # Portuguese (verbal, verbalmente, espera, parcial, parcialmente above)
    "orale oralmente attesa parziale parzialmente "  # Italian (verbale, verbalmente above)
    "verbaal mondeling mondelinge wacht wachten afwachting gedeeltelijk deels "  # Dutch
    "muntlig muntligt mundtlig mundtligt delvis delvist "  # Swedish, Norwegian, Danish
    "suullisesti suullinen osittain odottaa "  # Finnish
    "ustnie ustna czesciowo czesciowa oczekuje oczekujaca "  # Polish
    "ustne ustni castecne castecna ceka cekajici "  # Czech
    "sozlu kismen bekliyor beklemede "  # Turkish (folded_words reads "kısmen" so)
    "口頭 口头 署名待ち 一部 部分 待签 待签约".split()  # Japanese, Chinese, set apart from the won word ("受注 (口頭)")
)
# Words that say by or to whom, beside a no-decision phrase in a stage: they leave it no decision.
_WHOSE_WORDS: Final = frozenset("to by the customer client prospect buyer".split())


# Words that say a record is not a real deal: a duplicate, merged into another, a test, spam or junk, invalid,
# entered in error, not to be used; in the languages of the outcome words above. A stage or status holding one
# ("Closed Lost - Duplicate", "Closed - Merged", "Doublon", "Test") is placed by no word it also holds: a
# duplicate counted lost lowered its rep's win rate. It is asked about as a value no rule matches is (the user's
# mapping still places it), and the file report says why (not_a_deal).
_NOT_A_DEAL_WORDS: Final = frozenset(
    "duplicate duplicates duplicated dup dupe dupes merged merge spam junk invalid "  # English
    "duplikat duplikate dublette dubletten doppelt doppelter zusammengefuhrt ungultig "  # German
    "doublon doublons fusionne fusionnee fusionnes fusionnees invalide invalides "  # French
    "duplicado duplicada duplicados duplicadas fusionado fusionada invalido invalida "  # Spanish
    "duplicata duplicato duplicati "  # Italian, Portuguese (duplicado, invalido above)
    "dubbel dubbele samengevoegd ongeldig "  # Dutch
    "dubblett dubblet dublet sammanslagen sammenslatt ugyldig ogiltig "  # Swedish, Danish, Norwegian
    "kaksoiskappale yhdistetty virheellinen duplikaatti "  # Finnish
    "duplikat zduplikowany scalony nieprawidlowy "  # Polish
    "duplicitni sloucen sloucena neplatny neplatna "  # Czech
    "mukerrer yinelenen birlestirildi gecersiz "  # Turkish
    "重複 重复 無効 无效 統合済み 已合并".split()  # Japanese, Chinese
)
# A test record's words: they say so only beside nothing but outcome words ("Test", "Closed Won (TEST)", "Gewonnen
# (Test)"); in "Closed Won - Test Drive" or a loss reason "Testing budget" they name the deal's own business.
_TEST_WORDS: Final = frozenset("test tests testing prueba teste testowy テスト 测试".split())
_BESIDE_TEST: Final = _WON_WORDS | _LOST_WORDS | _OPEN_WORDS | frozenset("closed close closedwon closedlost deal record".split())
_NOT_A_DEAL_PHRASES: Final = (
    "in error", "do not use", "dont use", "don t use", "not a deal",
    "not a real deal", "falsch erfasst", "nicht verwenden", "erreur de saisie", "ne pas utiliser", "no usar",
    "error de entrada", "non usare", "niet gebruiken",
)


def not_a_deal(stage: str) -> bool:
    """Whether a stage or status value's words say the record is not a real deal (a duplicate, merged, a test,
    spam, junk, invalid, entered in error, "do not use"): no stage or status word places such a value; it is
    asked about until the user maps it, and the file report says why."""
    key = folded_words(stage)
    padded = f" {key} "
    words = set(key.split())
    test = bool(words & _TEST_WORDS) and words <= _TEST_WORDS | _BESIDE_TEST
    return test or bool(words & _NOT_A_DEAL_WORDS) or any(f" {phrase} " in padded for phrase in _NOT_A_DEAL_PHRASES)


def _by_words(key: str, vocabulary: frozenset[str], stage: bool = True) -> str | None:
    """The outcome the built-in words give a folded stage (a status, when not `stage`: then only the
    open words, not the open stages' names, say open), or None when none applies.

    A stage is placed only when its words name one outcome: "Closed Lost (Competitor Won)" names
    two and "Not won" negates the one it names, so both are asked about. A phrase of the no-decision
    vocabulary makes a lost or closed stage no decision ("Closed Lost - No Decision", Dynamics'
    "Canceled"), as a loss reason does; beside a won or open word it is asked about too.
    """
    if not_a_deal(key):  # "Closed Lost - Duplicate" is no lost deal: no word of it places it
        return None
    # Every no-decision phrase's own words ("no decision", "non responsive") are set apart: they are not a
    # negation of the rest, and a second phrase ("No decision / Status quo") is no other word. A stage the
    # vocabulary holds whole, or after "closed" (_names_no_decision), is found so too.
    padded, no_decision = f" {key} ", False
    while (phrase := _no_decision_phrase_in(padded.strip(), vocabulary)) is not None:
        padded, no_decision = padded.replace(f" {phrase} ", " ", 1), True
    rest = padded.split()
    words = set(rest)
    if _negated(rest):
        return None
    won = key in _WON_PHRASES or bool(words & _WON_WORDS)
    # "Won by competitor" is a loss; "Verbally Won", "Won - Pending Signature" and "Mündlich gewonnen" are not won yet.
    lost = key in _LOST_PHRASES or bool(words & _LOST_WORDS) or "out sold" in key or (won and bool(words & _COMPETITOR_WORDS))
    opened = (stage and key in _OPEN_PHRASES) or bool(words & _OPEN_WORDS)
    if won and stage and words & _UNFINISHED_WORDS:
        return None
    if no_decision:
        # No decision beside words that only say the deal closed or was lost, and by or to whom ("Lost to
        # no decision", "Project Cancelled by Customer"). Beside a won or open word ("Negotiation - no
        # decision yet") it is asked about; beside other words after a lost one ("Closed Lost - Timing /
        # No decision") the stage says lost, as before the phrase was read.
        if won or opened:
            return None
        if words <= _LOST_WORDS | _CLOSED_WORDS | _WHOSE_WORDS | {"closedlost"}:
            return NO_DECISION
        return LOST if lost else None
    if won + lost + opened > 1:
        return None
    return WON if won else LOST if lost else OPEN if opened else None


def stage_placement(stage: str, vocabulary: frozenset[str], mapped: Mapping[str, str]) -> tuple[str | None, str]:
    """(outcome, rule) for one stage value: the user's mapping first, then deleted, then the words.

    `vocabulary` is folded_vocabulary's, `mapped` folded_stage_outcomes'. The outcome is None for a
    deleted deal and for a stage no rule places (rule RULE_NONE).
    """
    key = folded_words(stage)
    if key in mapped:
        return mapped[key], RULE_MAPPED
    if key in _DELETED_PHRASES:
        return None, RULE_DELETED
    outcome = _by_words(key, vocabulary)
    return (outcome, RULE_WORDS) if outcome is not None else (None, RULE_NONE)


def outcome_of(
    stage: str | None,
    reason: str | None,
    vocabulary: frozenset[str],
    mapped: Mapping[str, str] | None = None,
    settled: str | None = None,
    status: str | None = None,
    closing: str | None = None,
) -> str | None:
    """The outcome of one deal from its stage (or status) and loss reason; `vocabulary` is folded.

    `settled` is the outcome the deal had when it was stored, used for a stage no rule places;
    `status` the outcome its status column said (STORED_STATUS), which decides over the stage (see
    by_status); `closing` the outcome its closing columns said (STORED_CLOSING), which settles a stage
    no rule places and decides over the user's stage mapping (NOT_WON and CLOSED settle nothing: NOT_WON
    leaves a deal whose stage the user mapped, or whose stage words say, won without an outcome, CLOSED one
    mapped to open or open by its words). A lost deal whose loss reason the
    vocabulary makes no decision (reason_is_no_decision) is `no_decision`. The same rule as
    with_outcomes, for one deal.
    """
    if stage is None:
        return None
    placed, rule = stage_placement(stage, vocabulary, mapped or {})
    outcome = placed
    # A stage whose words say no real deal ("Closed Lost - Duplicate") and that the user did not map is placed by
    # no status or closing column either: a "Lost" status beside it counted a duplicate lost.
    no_deal = rule == RULE_NONE and not_a_deal(stage)
    if status is not None and not no_deal:
        outcome = NO_DECISION if status == LOST and placed == NO_DECISION else status
    elif rule == RULE_NONE:
        said = None if no_deal or closing in _NO_OUTCOME_ALONE else closing
        outcome = said if said is not None else LOST if settled in (LOST, NO_DECISION) else settled
    elif rule in (RULE_MAPPED, RULE_WORDS) and closing in _NO_OUTCOME_ALONE:
        outcome = None if _contradicts(closing, placed) else placed  # won against "not won", open against "closed"
    elif rule in (RULE_MAPPED, RULE_WORDS) and _decides(closing, placed):
        outcome = closing  # the row's own closing columns decide over a mapping and over the stage words
    if outcome in (LOST, NO_DECISION) and reason is not None and not_a_deal(reason):
        if (chosen := reason_choice(reason, mapped)) is not None:
            return chosen  # the user mapped the reason as a stage is mapped ("Duplicate" counts as lost); never won or open
        if reason_not_a_deal(reason, vocabulary):
            return None
    if outcome == LOST and reason is not None and reason_is_no_decision(reason, vocabulary):
        return NO_DECISION
    return outcome


def reason_not_a_deal(reason: str, vocabulary: frozenset[str], mapped: Mapping[str, str] | None = None) -> bool:
    """Whether a loss reason's words say the record is not a real deal (not_a_deal: "Duplicate", "Merged",
    "Test", "Spam"), and the user has not chosen what it counts as: mapped it as a stage value is (`mapped`:
    folded_stage_outcomes, `--stage "Duplicate=lost"`, the Data page's Stage outcomes), or kept it lost
    (FoldedVocabulary.excepted). A lost or no-decision deal with such a reason is quarantined (REASON_NOT_A_DEAL_WHY)
    until then; a mapping to an outcome a loss reason cannot give (won, open: KIND_OUTCOMES) is no choice of it."""
    return not_a_deal(reason) and folded_words(reason) not in _excepted(vocabulary) and reason_choice(reason, mapped) is None


def reason_choice(reason: str, mapped: Mapping[str, str] | None) -> str | None:
    """What the user mapped a loss reason to (`mapped`: folded_stage_outcomes), when it is an outcome a loss reason
    can give (KIND_OUTCOMES: lost or no decision); None otherwise: a mapping to won or open is no choice of it."""
    chosen = (mapped or {}).get(folded_words(reason))
    return chosen if chosen in KIND_OUTCOMES[VALUE_LOSS_REASON] else None


def _decides(closing: str | None, placed: str | None) -> bool:
    """Whether the row's closing columns (`closing`, as stored) decide over a stage's placement (`placed`,
    by the user's mapping or by the stage words): they said an outcome, and not lost against no decision
    (which only refines lost). The one rule with_outcomes writes as `decides`."""
    return closing is not None and closing not in _NO_OUTCOME_ALONE and not (closing == LOST and placed == NO_DECISION)


def _contradicts(closing: str | None, mapped: str | None) -> bool:
    """Whether a placement of a value to `mapped` (by the user's mapping or the stage words) says what the
    row's closing columns (`closing`, as stored) rule out: won against NOT_WON, open against CLOSED. The
    one rule with_outcomes writes as `_contradiction`."""
    return (closing, mapped) in ((NOT_WON, WON), (CLOSED, OPEN))


# Why a row's own "not won" or "closed" clashes with its placement, by 2 x (placed by the user's mapping, not
# the stage words) + (its won flag said not won, not "closed").
_CLASH_WHYS: Final = {3: NOT_WON_WHY, 2: CLOSED_OPEN_WHY, 1: WORDS_NOT_WON_WHY, 0: WORDS_CLOSED_OPEN_WHY}


def _contradiction(said: pl.Expr, mapped: pl.Expr) -> pl.Expr:
    """`_contradicts` as an expression: false where either is null."""
    return ((said == NOT_WON) & (mapped == WON) | (said == CLOSED) & (mapped == OPEN)).fill_null(False)


def flags(raw: pl.Series) -> pl.Series:
    """Boolean from exported flag text: true/false, TRUE/FALSE, 1/0, yes/no (and their translations); else null."""
    distinct = raw.drop_nulls().unique()
    keys = [folded_words(v) for v in distinct.to_list()]
    parsed = pl.Series([True if k in _TRUE else False if k in _FALSE else None for k in keys], dtype=pl.Boolean)
    return raw.replace_strict(distinct, parsed, default=None, return_dtype=pl.Boolean)


def status_outcomes(raw: pl.Series, stage_outcomes: Mapping[str, str] | None = None) -> pl.Series:
    """The outcome a Status column says: the user's mapping of the value (`stage_outcomes`, which maps
    stage and status values alike), else its words (Open / Won / Lost, in any of the languages); null
    when it says none. A stage's name is no status: "Active" or "Pending" is not read as open."""
    distinct = raw.drop_nulls().unique()
    mapped = folded_stage_outcomes(stage_outcomes)
    empty: frozenset[str] = frozenset()
    keys = [folded_words(v) for v in distinct.to_list()]
    parsed = pl.Series([mapped.get(k) or _by_words(k, empty, stage=False) for k in keys], dtype=pl.String)
    return raw.replace_strict(distinct, parsed, default=None, return_dtype=pl.String)


def status_mapped(raw: pl.Series, stage_outcomes: Mapping[str, str] | None = None) -> pl.Series:
    """Row for row, whether the outcome status_outcomes gives the status is the user's mapping of its
    value (`stage_outcomes`) rather than its own words: False where the user mapped none of them."""
    mapped = folded_stage_outcomes(stage_outcomes)
    distinct = raw.drop_nulls().unique()
    parsed = pl.Series([folded_words(v) in mapped for v in distinct.to_list()], dtype=pl.Boolean)
    return raw.replace_strict(distinct, parsed, default=False, return_dtype=pl.Boolean).alias(STATUS_MAPPED)


def folded_statuses(raw: pl.Series) -> pl.Series:
    """Row for row, the status value folded as the mappings match it (folded_words), null for none
    (MAPPED_STATUS): whether the user maps it now or did when its deal was stored is the checks' to tell."""
    distinct = raw.drop_nulls().unique()
    keys = pl.Series([folded_words(v) for v in distinct.to_list()], dtype=pl.String)
    return raw.replace_strict(distinct, keys, default=None, return_dtype=pl.String).alias(MAPPED_STATUS)


def unread_statuses(raw: pl.Series, said: pl.Series, deleted: pl.Series) -> pl.Series:
    """Row for row, the status text where no rule reads it (`said`: status_outcomes, `deleted`:
    status_deleted, of the same rows), else null; a blank status says nothing, so it is not one."""
    unread = said.is_null() & ~deleted & (raw.str.strip_chars() != "").fill_null(False)
    return pl.select(pl.when(pl.lit(unread)).then(pl.lit(raw))).to_series().alias(STATUS_UNREAD)


def status_deleted(raw: pl.Series) -> pl.Series:
    """True where a Status column says the deal was deleted in the CRM (Pipedrive's "deleted"), else False."""
    distinct = raw.drop_nulls().unique()
    parsed = pl.Series([folded_words(v) in _DELETED_PHRASES for v in distinct.to_list()], dtype=pl.Boolean)
    return raw.replace_strict(distinct, parsed, default=False, return_dtype=pl.Boolean)


def _signal(frame: pl.DataFrame, name: str, dtype: type[pl.DataType]) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype)


def _carries(frame: pl.DataFrame, name: str) -> bool:
    """Whether `frame` has the signal column `name` with any value in it: a stored status outcome is
    read for every deal, and a store whose exports had no status column skips its rule."""
    return name in frame.columns and frame.get_column(name).null_count() < frame.height


def _closing_outcome(frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    """(outcome, closed): the outcome the row's own closing columns say (closed/won flags, won/lost
    dates; at read time what they said when the deal was stored, CLOSING_OUTCOME), NOT_WON where a
    won flag says false and nothing more, CLOSED where they say the deal closed (a closed flag true, a
    close date kept apart from the expected one, a won and a lost date both) and nothing says won or
    lost, null where they say none; and whether they say the deal closed at all."""
    won, closed = _signal(frame, WON_FLAG, pl.Boolean), _signal(frame, CLOSED_FLAG, pl.Boolean)
    won_on, lost_on = _signal(frame, WON_ON, pl.Date), _signal(frame, LOST_ON, pl.Date)
    closed_on = _signal(frame, CLOSED_ON, pl.Boolean).fill_null(False)
    kept = _signal(frame, CLOSING_OUTCOME, pl.String)
    is_closed = closed.eq(True) | won_on.is_not_null() | lost_on.is_not_null() | closed_on
    outcome = (
        pl.when(won.eq(True)).then(pl.lit(WON))
        .when(closed.eq(False)).then(pl.lit(OPEN))
        .when(closed.eq(True) & won.eq(False)).then(pl.lit(LOST))
        .when(won_on.is_not_null() & lost_on.is_null()).then(pl.lit(WON))
        .when(lost_on.is_not_null() & won_on.is_null()).then(pl.lit(LOST))
        .when(won.eq(False) & is_closed).then(pl.lit(LOST))
        .when(won.eq(False)).then(pl.lit(NOT_WON))  # open or lost: it does not say which
        # Won, lost or no decision: it does not say which. A close date alone, or a won and a lost date both,
        # say closed as a closed flag does (a stage no rule places was quarantined as closed on them already).
        .when(is_closed).then(pl.lit(CLOSED))
        .otherwise(kept)
    )  # fmt: skip
    return outcome, is_closed


def _settled_unplaced(frame: pl.DataFrame, closing: pl.Expr) -> pl.Expr:
    """The outcome of a row whose stage no rule places: what its closing columns say (`closing`), else
    its status, else (read time, a deal stored before closing outcomes were kept) its stored outcome.
    "Not won" (NOT_WON) and "closed" (CLOSED) are no outcome: they settle nothing here."""
    status = _signal(frame, STATUS_OUTCOME, pl.String)
    return pl.coalesce(pl.when(~closing.is_in(_NO_OUTCOME_ALONE)).then(closing), status, _kept_outcome(frame))


def _kept_outcome(frame: pl.DataFrame) -> pl.Expr:
    """At read time, the outcome a stored deal was stored with, no decision read as lost (its loss reason makes it so
    again); null for a file's rows, which have none."""
    stored = _signal(frame, "outcome", pl.String)
    return pl.when(stored.is_in([LOST, NO_DECISION])).then(pl.lit(LOST)).otherwise(stored)


def with_outcomes(
    frame: pl.DataFrame, no_decision_reasons: Iterable[str], stage_outcomes: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """The frame with `outcome` derived from `stage`, the user's stage mappings, `loss_reason` (may be
    absent) and the row signals above: the status decides over the stage; the closing columns settle
    stages no rule places (else the stored outcome) and decide over the user's stage mapping, which
    fills only the rows they leave unsettled.

    Adds UNPLACED: why a row has no outcome ("deleted", "closed", "unknown", STATUS_DELETED_WHY, STATUS_UNREAD_WHY,
    UNMATCHED_NOT_WON_WHY or one of CONTRADICTION_WHYS), else null; and, where the frame carries closing signals,
    CLOSING_OUTCOME: what they said (stored as STORED_CLOSING). Where a status value the user mapped was decided
    over by the closing columns, STATUS_OUTCOME becomes what they said (stored as STORED_STATUS).
    `no_decision_reasons`: the vocabulary as folded_vocabulary takes it (a NoDecisionVocabulary carries the
    loss reasons the user keeps lost).
    """
    return outcomes_and_stages(frame, no_decision_reasons, stage_outcomes, report=False)[0]


@dataclass(frozen=True)
class StageRows:
    """What a file's stage report counts, before its rows are validated: each row's `__line`,
    `__stage_index`, `outcome` and the flags stage_report reads (`rows`), and each stage value's
    index, text and rule (`placed`). `report` counts them once it is known which rows are stored."""

    rows: pl.DataFrame
    placed: pl.DataFrame

    def report(self, stored: pl.Series | None = None) -> pl.DataFrame:
        """stage_report of these rows, with the lines of the rows `stored` (a deal's product lines
        folded into a stored row among them): the others are counted as quarantined. None: every
        row is stored."""
        rows = self.rows
        if stored is not None and "__line" in rows.columns:
            rows = rows.with_columns((~pl.col("__line").is_in(stored.implode())).alias("__kept_out"))
        return stage_report(rows.drop("__line", strict=False), self.placed)


def outcomes_and_stages(
    frame: pl.DataFrame,
    no_decision_reasons: Iterable[str],
    stage_outcomes: Mapping[str, str] | None = None,
    report: bool = True,
) -> tuple[pl.DataFrame, StageRows | None]:
    """with_outcomes' frame, and what its stage report counts (StageRows, reported once the rows are
    validated: see stage_report; None unless `report`).

    The stage rules run once per distinct stage and the reason rule once per distinct reason; per
    row there is one lookup (stage -> its index among the distinct stages) and gathers by that index.
    """
    vocabulary = folded_vocabulary(no_decision_reasons)
    mapped = folded_stage_outcomes(stage_outcomes)
    stages = frame.get_column("stage")
    distinct = stages.drop_nulls().unique()
    placements = [stage_placement(s, vocabulary, mapped) for s in distinct.to_list()]
    index = stages.replace_strict(
        distinct, pl.arange(0, distinct.len(), dtype=pl.UInt32, eager=True), default=None, return_dtype=pl.UInt32
    )
    by_stage = pl.Series([p[0] for p in placements], dtype=pl.String).gather(index)
    result = frame.with_columns(by_stage.alias("__by_stage"), index.alias("__stage_index"))
    rules = {r for _, r in placements}
    # The rows of a stage whose words say no real deal ("Closed Lost - Duplicate") and that the user did not map: no
    # status or closing column places them either (a "Lost" status beside a duplicate counted it lost).
    no_deal_stages = [r == RULE_NONE and not_a_deal(s) for s, (_, r) in zip(distinct.to_list(), placements, strict=True)]
    no_deal: pl.Expr = (pl.lit(pl.Series(no_deal_stages, dtype=pl.Boolean).gather(index)).fill_null(False)
                        if any(no_deal_stages) else pl.lit(False))
    unplaced: pl.Expr = pl.lit(None, pl.String)
    by_closing: pl.Expr = pl.lit(False)
    over_words: pl.Expr = pl.lit(False)
    carries_closing = any(name in frame.columns for name in _CLOSING_SIGNALS)
    if carries_closing:  # what the row's own closing columns say: kept with each stored deal
        closing, is_closed = _closing_outcome(frame)
        result = result.with_columns(closing.alias(CLOSING_OUTCOME), is_closed.alias("__is_closed"))
    over_mapping = carries_closing and (RULE_MAPPED in rules or RULE_WORDS in rules)
    if RULE_NONE in rules or RULE_DELETED in rules or over_mapping:  # only then does a row need its rule
        rule = pl.Series([p[1] for p in placements], dtype=pl.String).gather(index)
        result = result.with_columns(rule.alias("__rule"))
        rule_col, closed_or_not = pl.col("__rule"), pl.lit("unknown")
        said = pl.col(CLOSING_OUTCOME) if carries_closing else pl.lit(None, pl.String)
        outcome = pl.col("__by_stage")
        if RULE_NONE in rules:
            # A stage whose words say no real deal ("Closed Lost - Duplicate") is settled by no closing column nor
            # status: its own words win, and it is asked about (a mapping still places it). Read again, a stored
            # deal keeps the outcome it was stored with.
            outcome = (pl.when((rule_col == RULE_NONE) & no_deal).then(_kept_outcome(frame))
                       .when(rule_col == RULE_NONE).then(_settled_unplaced(frame, said)).otherwise(outcome))
            if carries_closing:
                closed_or_not = (
                    pl.when(pl.col("__is_closed")).then(pl.lit("closed"))
                    .when(said.eq(NOT_WON)).then(pl.lit(UNMATCHED_NOT_WON_WHY))
                    .otherwise(pl.lit("unknown"))
                )  # fmt: skip
        if over_mapping:
            # The row's closing columns decide over the user's mapping of its stage, which fills only the
            # rows they leave unsettled; a mapping to no decision makes a lost one so, as a stage does a
            # lost status.
            # A won flag that says only "not won" agrees with a mapping to lost, no decision or open, and a
            # closed flag that says only "closed" with one to won, lost or no decision: the mapping places
            # the row. A mapping to won (to open) contradicts it: the row has no outcome and is quarantined.
            # The stage words are the app's inference, not the row's: the closing columns that say an outcome
            # decide over them too ("appointmentscheduled" with Is Closed Won true is won, "Closed Won" with
            # IsClosed false is open), and the file report credits those rows to the columns, naming the words.
            mapped_col, by_mapping = rule_col == RULE_MAPPED, pl.col("__by_stage")
            worded = rule_col == RULE_WORDS
            decisive = (said.is_not_null() & ~said.is_in(_NO_OUTCOME_ALONE)
                        & ~(said.eq(LOST) & by_mapping.eq(NO_DECISION)))
            decides = (mapped_col | worded) & decisive
            # The stage words are held to the same two rules: "Closed Won" on a row whose won flag says only
            # "not won", "Prospecting" on one whose closing columns say only "closed", is neither won nor open.
            # Only a placement by the mapping or the words can clash: a value no rule places has no `by_mapping` yet.
            # Each test is made once, as a column: in one chain of whens they were made again for each branch, and
            # reading 2M stored deals took a third longer.
            result = result.with_columns(_contradiction(said, by_mapping).alias("__clash"), mapped_col.alias("__mapped"),
                                         (said == NOT_WON).fill_null(False).alias("__not_won"))
            clash, mapped_col, not_won = pl.col("__clash"), pl.col("__mapped"), pl.col("__not_won")
            kind = pl.when(clash).then(mapped_col.cast(pl.UInt8) * 2 + not_won.cast(pl.UInt8))  # null: no clash
            why = kind.replace_strict(_CLASH_WHYS, return_dtype=pl.String)
            # Read once "__contradicted" holds `why` (the frame gets it below, before the outcome is taken).
            contradicts = pl.col("__contradicted").is_not_null()
            outcome = pl.when(decides).then(said).when(contradicts).then(pl.lit(None, pl.String)).otherwise(outcome)
            over_words = (worded & decisive & said.ne(by_mapping)).fill_null(False)
            result = result.with_columns((mapped_col & decisive).fill_null(False).alias("__by_closing"),
                                         over_words.alias("__over_words"), why.alias("__contradicted"))
            by_closing, over_words = pl.col("__by_closing"), pl.col("__over_words")
        contradicted = pl.col("__contradicted") if over_mapping else pl.lit(None, pl.String)
        result = result.with_columns(outcome.alias("__by_stage"))
        unplaced = (
            pl.when(rule_col == RULE_DELETED).then(pl.lit("deleted"))
            .when((rule_col == RULE_NONE) & pl.col("__by_stage").is_null()).then(closed_or_not)
            .otherwise(contradicted)
        )  # fmt: skip
    outcome = pl.col("__by_stage")
    by_status: pl.Expr = pl.lit(False)
    by_status_mapping: pl.Expr = pl.lit(False)
    if _carries(frame, STATUS_OUTCOME) or _carries(frame, STATUS_DELETED):
        # The status says the outcome where it says one; the stage's own placement (not what the
        # closing columns settled for it) only turns a lost status into no decision.
        status, deleted = _signal(frame, STATUS_OUTCOME, pl.String), _signal(frame, STATUS_DELETED, pl.Boolean).fill_null(False)
        status = pl.when(no_deal).then(pl.lit(None, pl.String)).otherwise(status)  # a duplicate's stage wins over it
        placed_alone = by_stage.alias("__placed")
        result = result.with_columns(placed_alone)
        by_closing_over_status, asked = pl.lit(False), pl.lit(None, pl.String)
        if carries_closing and STATUS_MAPPED in frame.columns and frame.get_column(STATUS_MAPPED).any():
            # A status value the user mapped is a mapping: the row's closing columns decide over it as over a
            # mapping of its stage, and a mapping to won (to open) their "not won" ("closed") rules out is asked about.
            closing_said, mapped_status = pl.col(CLOSING_OUTCOME), pl.col(STATUS_MAPPED).fill_null(False)
            by_closing_over_status = (mapped_status & closing_said.is_not_null() & ~closing_said.is_in(_NO_OUTCOME_ALONE)
                                      & ~(closing_said.eq(LOST) & status.eq(NO_DECISION))).fill_null(False)
            contradicts = mapped_status & _contradiction(closing_said, status)
            asked = pl.when(contradicts).then(
                pl.when(closing_said == NOT_WON).then(pl.lit(STATUS_NOT_WON_WHY)).otherwise(pl.lit(STATUS_CLOSED_OPEN_WHY)))
            status = pl.when(by_closing_over_status).then(closing_said).when(contradicts).then(pl.lit(None, pl.String)).otherwise(status)
            # What the status said, as the row's own, is stored so (STORED_STATUS): the closing columns' outcome
            # where they decided over the mapping of it.
            result = result.with_columns(status.alias(STATUS_OUTCOME), asked.alias("__asked"))
            status, asked = pl.col(STATUS_OUTCOME), pl.col("__asked")
            by_closing = by_closing | by_closing_over_status
        refined = (status == LOST) & (pl.col("__placed") == NO_DECISION)
        said = pl.when(refined).then(pl.lit(NO_DECISION)).otherwise(status)
        outcome = (pl.when(deleted | asked.is_not_null()).then(pl.lit(None, pl.String)).when(status.is_not_null()).then(said)
                   .otherwise(outcome))
        unplaced = (pl.when(deleted).then(pl.lit(STATUS_DELETED_WHY)).when(asked.is_not_null()).then(asked)
                    .when(status.is_not_null()).then(pl.lit(None, pl.String)).otherwise(unplaced))
        # A lost status the stage made no decision (Dynamics' "Canceled") is credited to the stage's rule; a status
        # the closing columns decided over, to them.
        by_status = deleted | (status.is_not_null() & ~refined.fill_null(False) & ~by_closing_over_status)
        if STATUS_MAPPED in frame.columns:  # a status value the user mapped: the report credits the mapping
            by_status_mapping = by_status & ~deleted & pl.col(STATUS_MAPPED).fill_null(False)
    unread_status: pl.Expr = pl.lit(None, pl.String)
    if _carries(frame, STATUS_UNREAD):
        # A status no rule reads ("Abandoned", "Closed") beside a stage that says open: the stage alone
        # does not say the deal is still open, so the row is asked about, naming the status. One whose words say
        # the record is not a real deal ("Duplicate", "Merged") is asked about beside any stage: "Closed Lost" with a
        # "Duplicate" status counted a duplicate lost. A value the user mapped is read, so it is never unread.
        statuses = frame.get_column(STATUS_UNREAD).drop_nulls().unique().to_list()
        no_deal_status = pl.col(STATUS_UNREAD).is_in([s for s in statuses if not_a_deal(s)]) & outcome.is_not_null()
        unread_status = pl.when((outcome == OPEN) | no_deal_status).then(pl.col(STATUS_UNREAD))
        outcome = pl.when(unread_status.is_not_null()).then(pl.lit(None, pl.String)).otherwise(outcome)
        unplaced = (pl.when(no_deal_status).then(pl.lit(STATUS_NOT_A_DEAL_WHY))
                    .when(unread_status.is_not_null()).then(pl.lit(STATUS_UNREAD_WHY)).otherwise(unplaced))
    by_reason: pl.Expr = pl.lit(False)
    not_deal_reason: pl.Expr = pl.lit(False)
    reason_value: pl.Expr = pl.lit(None, pl.String)
    if "loss_reason" in frame.columns:
        reasons = frame.get_column("loss_reason").drop_nulls().unique().to_list()
        # A lost or no-decision row whose loss reason says no real deal ("Duplicate") is quarantined, naming the
        # reason, before the no-decision phrases read it, until the user maps the reason as a stage value is
        # mapped (its rows then count as the mapping says) or keeps it lost.
        voiding = [r for r in reasons if reason_not_a_deal(r, vocabulary, mapped)]
        # A mapping counts such a row only as an outcome a loss reason can give (KIND_OUTCOMES): "Duplicate=won"
        # counted a "Closed Lost" deal won; it leaves the row quarantined, and the command line and page refuse it.
        chosen = {r: c for r in reasons if not_a_deal(r) and (c := reason_choice(r, mapped)) is not None}
        closed_reason = outcome.is_in([LOST, NO_DECISION])
        if voiding:
            voided = (closed_reason & pl.col("loss_reason").is_in(voiding)).fill_null(False)
            result = result.with_columns(voided.alias("__not_deal_reason"))
            not_deal_reason = pl.col("__not_deal_reason")
            outcome = pl.when(not_deal_reason).then(pl.lit(None, pl.String)).otherwise(outcome)
            unplaced = pl.when(not_deal_reason).then(pl.lit(REASON_NOT_A_DEAL_WHY)).otherwise(unplaced)
        by_mapped_reason: pl.Expr = pl.lit(False)
        if chosen:
            result = result.with_columns(
                (closed_reason & pl.col("loss_reason").is_in(list(chosen))).fill_null(False).alias("__by_mapped_reason"))
            by_mapped_reason = pl.col("__by_mapped_reason")
            outcome = pl.when(by_mapped_reason).then(
                pl.col("loss_reason").replace_strict(chosen, default=None, return_dtype=pl.String)).otherwise(outcome)
        # The stage report lists these rows under the reason, which is what to map (as an unread status's rows).
        reason_value = pl.when(not_deal_reason | by_mapped_reason).then(pl.col("loss_reason"))
        hits = [r for r in reasons if reason_is_no_decision(r, vocabulary) and r not in chosen]
        if hits:
            made_no_decision = (outcome == LOST) & pl.col("loss_reason").is_in(hits)
            if report:  # only the report asks which rows the loss reason made no decision
                by_reason = made_no_decision.fill_null(False)
            outcome = pl.when(made_no_decision).then(pl.lit(NO_DECISION)).otherwise(outcome)
    result = result.with_columns(
        outcome.alias("outcome"), unplaced.alias(UNPLACED), by_status.alias("__by_status"), by_reason.alias("__by_reason"),
        unread_status.alias("__unread_status"), by_closing.alias("__by_closing"), over_words.alias("__over_words"),
        by_status_mapping.alias("__by_status_mapping"), not_deal_reason.alias("__not_deal_reason"),
        reason_value.alias("__reason_value"),
    )
    # The rows whose own closing flags rule out the user's mapping (of their stage, or of their status, which
    # decides over the stage): why each has no outcome.
    result = result.with_columns(pl.when(pl.col(UNPLACED).is_in(CONTRADICTION_WHYS)).then(pl.col(UNPLACED)).alias("__contradicted"))
    columns = ("__by_stage", "__is_closed", "__rule", "__stage_index", "__placed", "__by_status", "__by_reason",
               "__unread_status", "__by_closing", "__over_words", "__contradicted", "__asked", "__by_status_mapping",
               "__clash", "__mapped", "__not_won", "__not_deal_reason", "__by_mapped_reason", "__reason_value")
    if not report:
        return result.drop(columns, strict=False), None
    placed = pl.DataFrame(
        {"__stage_index": pl.arange(0, distinct.len(), dtype=pl.UInt32, eager=True), "stage": distinct,
         "__rule": [p[1] for p in placements]},
        schema={"__stage_index": pl.UInt32, "stage": pl.String, "__rule": pl.String},
    )  # fmt: skip
    line = ["__line"] if "__line" in result.columns else []
    report_rows = result.select(*line, "__stage_index", "outcome", "__by_status", "__by_reason", "__by_closing",
                                "__over_words", "__contradicted", "__unread_status", "__by_status_mapping",
                                "__reason_value")
    return result.drop(columns, strict=False), StageRows(report_rows, placed)


def parse_stage_outcomes(pairs: Iterable[str]) -> dict[str, str]:
    """VALUE=OUTCOME pairs from the command line (--stage "Verbal Commit=won"); outcome one of won, lost,
    no_decision, open. Raises ValueError with a sentence for a malformed pair."""
    result: dict[str, str] = {}
    for pair in pairs:
        value, sep, outcome = pair.rpartition("=")
        value = value.strip().strip('"').strip()
        chosen = _OUTCOME_WORDS.get(folded_words(outcome))
        if not sep or not value or chosen is None:
            raise ValueError(
                f"--stage takes VALUE=OUTCOME with OUTCOME one of {', '.join(OUTCOMES)}, "
                f'e.g. --stage "Verbal Commit=won"; got \'{pair}\'.'
            )
        result[value] = chosen
    return result


def merged_stage_outcomes(stored: Mapping[str, str], changes: Mapping[str, str]) -> dict[str, str]:
    """The stored stage mappings with `changes` on top (an empty outcome removes a mapping). A value
    spelt differently but folding the same as a stored one replaces it rather than sitting beside it."""
    changed = {folded_words(k) for k in changes}
    kept = {k: v for k, v in stored.items() if folded_words(k) not in changed}
    return {**kept, **{k: v for k, v in changes.items() if v}}


# Reasons a file report names one by one; the rest are counted in one sentence.
REASONS_NAMED: Final = 5


def listed_reasons(rows: list[tuple[str, int]]) -> str:
    """"'Lost - no decision' (2 deals), 'Went quiet / no decision' (1 deal)", the first REASONS_NAMED
    and how many more."""
    named = ", ".join(f"'{reason}' ({plural(deals, 'deal')})" for reason, deals in rows[:REASONS_NAMED])
    rest = rows[REASONS_NAMED:]
    if rest:
        named += f" and {plural(len(rest), 'more reason')} ({plural(sum(d for _, d in rest), 'deal')})"
    return named


@dataclass(frozen=True)
class ReasonRules:
    """Loss reasons the whole-reason match does not settle, most deals first, each with its deals.

    `qualified`: (reason, deals, phrase, separator) counted as no decision by no_decision_phrase;
    `near`: (reason, deals) still counted as lost though they hold a vocabulary phrase after the
    start (near_miss_phrase). Reasons are as the deals carry them: callers escape them."""

    qualified: list[tuple[str, int, str, str]]
    near: list[tuple[str, int]]


def reason_rules(counts: pl.DataFrame, no_decision_reasons: Iterable[str]) -> ReasonRules:
    """ReasonRules of deals counted per reason: `counts` has loss_reason, outcome and deals (one row
    per pair or more; summed), the outcomes derived under `no_decision_reasons` (the vocabulary as stored)."""
    vocabulary = folded_vocabulary(no_decision_reasons)
    ordered = counts.group_by("loss_reason", "outcome").agg(pl.col("deals").sum()).sort(
        ["deals", "loss_reason"], descending=[True, False]
    )
    qualified: list[tuple[str, int, str, str]] = []
    near: list[tuple[str, int]] = []
    for reason, outcome, deals in ordered.iter_rows():
        if reason is None:
            continue
        if outcome == NO_DECISION and (phrase := no_decision_phrase(reason, vocabulary)) is not None:
            qualified.append((reason, deals, *phrase))
        elif outcome == LOST and near_miss_phrase(reason, vocabulary) is not None:
            near.append((reason, deals))
    return ReasonRules(qualified, near)


def qualified_sentences(qualified: list[tuple[str, int, str, str]]) -> list[str]:
    """One sentence per reason counted as no decision by no_decision_phrase (ReasonRules.qualified),
    REASONS_NAMED of them, then one sentence for the rest: "'No decision - status quo' (41 deals) is
    counted as no decision: it starts with 'No decision' from the no-decision vocabulary followed by ' - '."
    """
    sentences = [
        f"'{reason}' ({plural(deals, 'deal')}) is counted as no decision: it starts with '{head}' from the "
        f"no-decision vocabulary followed by '{separator}'."
        for reason, deals, head, separator in qualified[:REASONS_NAMED]
    ]
    if rest := qualified[REASONS_NAMED:]:
        deals = sum(d for _, d, _, _ in rest)
        others = ", ".join(f"'{reason}'" for reason, *_ in rest[:REASONS_NAMED])
        sentences.append(
            f"{plural(len(rest), 'more loss reason')} ({plural(deals, 'deal')}) {'is' if len(rest) == 1 else 'are'} "
            "counted as no decision by the same rule (a no-decision phrase at the start, then a separator and more "
            f"words): {others}{', …' if len(rest) > REASONS_NAMED else ''}."
        )
    return sentences


def reason_rule_notes(counts: pl.DataFrame, no_decision_reasons: Iterable[str], *, page: bool = False) -> list[str]:
    """The file report's sentences on loss reasons: every reason read as no decision besides "No decision"
    itself, each with its rule, and every reason the user keeps lost though a phrase reads it
    (no_decision_reasons_sentence, worded for the Data page with `page`, else for the command line), then the
    near misses still counted as lost with how to add them (near_miss_sentence). `counts` as reason_rules takes
    (PreparedFile.loss_reason_counts). Empty when none applies."""
    rules = reason_rules(counts, no_decision_reasons)
    said = no_decision_reasons_sentence(counts, no_decision_reasons, page=page)
    return [*([said] if said else []), *([near_miss_sentence(rules.near)] if rules.near else [])]


# The outcome's own name as a loss reason: a reader takes it as no decision without being told why.
_PLAIN_NO_DECISION: Final = folded_words(OUTCOME_LABELS[NO_DECISION])
# Where a phrase of the vocabulary is unticked, as the command line says it: it has no flag that takes a phrase
# out of the vocabulary, so it names the page. The page itself names only the tab (no_decision_reasons_sentence).
VOCABULARY_PLACE: Final = f"{VOCABULARY_TAB} of the Data page"


def no_decision_reasons_sentence(counts: pl.DataFrame, no_decision_reasons: Iterable[str], *, page: bool = False) -> str | None:
    """The file report's one sentence naming every loss reason read as no decision other than "No decision"
    itself (any spelling), most deals first, each with its deals and the rule that read it so, then what the
    reader can do to count one as lost: "'Status quo' (4 deals) is counted as no decision: the built-in list of
    no-decision phrases holds 'Status quo'.", then, with `page` (the Data page's file report, shown before the
    file is stored), the page's own controls as it labels them: "To count it as lost instead, press Save to the
    dashboard, open the No-decision reasons tab, untick it under Loss reasons counted as no decision and press Save the
    no-decision reasons. Or untick its phrase, 'Status Quo', in the tab's first table, to count as lost every
    loss reason that phrase matches."; without it, the command line's (the file is stored by then): "To count it
    as lost instead, run ingest with --lost-reason "Status quo" (no file needed). Or untick its phrase, 'Status
    Quo', in the No-decision reasons tab of the Data page, to count as lost every loss reason that phrase
    matches." (no flag takes a phrase out). It said both at once ("…or keep only that reason lost in the
    No-decision reasons tab at the top of the Data page, once the file is committed: untick the reason under
    Loss reasons counted as no decision."), which the page's readers could not follow. The phrase is named as the
    vocabulary lists it, for one reason; "its phrase" for several.

    Then the reasons the user keeps lost though a phrase reads them (NoDecisionVocabulary.excepted),
    with their deals and how to count one as no decision again, in the same two wordings (_kept_lost_sentence).

    A reason the built-in list (DEFAULT_NO_DECISION_REASONS) holds whole is said to be held by it; one only the
    store's own vocabulary holds, by "your no-decision vocabulary". A reason on no-decision deals that no
    phrase reads (their stage made them so) is not named: the loss reason did not decide them. REASONS_NAMED
    reasons are named, the rest counted. `counts` as reason_rules takes; reasons as the file writes them
    (callers escape them). None when no such reason.
    """
    listed_as = {folded_words(r): r.strip() for r in no_decision_reasons if r and r.strip()}
    vocabulary = folded_vocabulary(no_decision_reasons)
    built_in = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    summed = counts.group_by("loss_reason", "outcome").agg(pl.col("deals").sum()).sort(
        ["deals", "loss_reason"], descending=[True, False])
    read: list[tuple[str, int, str, str]] = []  # (reason, deals, the rule that read it as a clause, its phrase)
    for reason, deals in summed.filter(pl.col("outcome") == NO_DECISION).drop("outcome").iter_rows():
        if reason is None or folded_words(reason) == _PLAIN_NO_DECISION:
            continue
        phrase = phrase_reading(reason, vocabulary)
        listed_phrase = listed_as.get(phrase, reason.strip()) if phrase is not None else reason.strip()
        if _names_no_decision(key := folded_words(reason), vocabulary):
            holder = ("the built-in list of no-decision phrases" if _names_no_decision(key, built_in)
                      else "your no-decision vocabulary")
            read.append((reason, deals, f"{holder} holds '{reason}'", listed_phrase))
        elif (found := no_decision_phrase(reason, vocabulary)) is not None:
            head, separator = found
            read.append((reason, deals, f"'{reason}' starts with '{head}' from the no-decision vocabulary followed by "
                                        f"'{separator}'", listed_phrase))
    # The lost deals whose reason a phrase reads but the user excepted: their count follows the choice, said so.
    # Spellings of one reason (case, accents, punctuation) are one: kept lost together, named by the commonest.
    kept_by: dict[str, tuple[str, int]] = {}
    for reason, deals in summed.filter(pl.col("outcome") == LOST).drop("outcome").iter_rows():
        if reason is not None and (key := folded_words(reason)) in vocabulary.excepted and read_as_no_decision(reason, vocabulary):
            named_as, so_far = kept_by.get(key, (reason, 0))
            kept_by[key] = (named_as, so_far + deals)
    kept = sorted(kept_by.values(), key=lambda pair: (-pair[1], pair[0]))
    sentences = [_read_sentence(read, page=page)] if read else []
    if kept:
        sentences.append(_kept_lost_sentence(kept, vocabulary, page=page))
    return " ".join(sentences) or None


# What the page's reader does in the No-decision reasons tab, after the file is stored, to keep one reason lost or
# count it as no decision again: its box in the tab's list of the reasons the phrases read, then the tab's save.
def _in_the_tab(tick: str) -> str:
    """"press Save to the dashboard, open the No-decision reasons tab, untick it under Loss reasons counted as no decision and
    press Save the no-decision reasons" (`tick`: "untick" or "tick"), with the tab and the controls as the Data
    page labels them (hints: the labels are the page's)."""
    return (f"press {SAVE_FILE_LABEL}, open {VOCABULARY_TAB}, {tick} it under {READ_REASONS_LABEL} and press "
            f"{SAVE_REASONS_LABEL}")


def _command(flag: str, reason: str, one: bool) -> str:
    """The command line's `ingest` with `flag` and a reason, after "run": ': python -m winloss ingest --lost-reason
    "Status quo" (no file needed)' for the `one` reason named; for several, the first as the example."""
    command = f"python -m winloss ingest {flag} {quoted(reason)}"
    return f": {command} (no file needed)" if one else f" {command}, or with another reason as written (no file needed)"


def _read_sentence(read: list[tuple[str, int, str, str]], *, page: bool) -> str:
    """no_decision_reasons_sentence's part on the reasons read as no decision (`read`: reason, deals, the rule's
    clause, the phrase as the vocabulary lists it; most deals first), then the two ways to count one as lost: that
    reason alone (the tab's list on the page, --lost-reason on the command line), or every reason its phrase
    matches (the phrase unticked in the tab, on either surface: no flag takes a phrase out)."""
    named, rest = read[:REASONS_NAMED], read[REASONS_NAMED:]
    listed = [f"'{reason}' ({plural(deals, 'deal')})" for reason, deals, *_ in named]
    if rest:
        listed.append(f"{plural(len(rest), 'more reason')} ({plural(sum(d for _, d, *_ in rest), 'deal')}) by the same rules")
    subject = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
    one = len(read) == 1
    # In words a spreadsheet user reads: the phrase a reason "matches", not the phrase that "reads" it.
    phrase = f"its phrase, '{read[0][3]}'," if one else "its phrase"
    if page:
        alone = f"{_in_the_tab('untick')}."
        where = "in the tab's first table"
    else:
        alone = f"run{_command('--lost-reason', read[0][0], one)}."
        where = f"in {VOCABULARY_PLACE}"
    return (f"{subject} {'is' if one else 'are'} counted as no decision: {'; '.join(rule for _, _, rule, _ in named)}. "
            f"To count {'it' if one else 'one'} as lost instead, {alone} Or untick {phrase} {where}, to count as "
            f"lost every loss reason that phrase matches.")


def _kept_lost_sentence(kept: list[tuple[str, int]], vocabulary: FoldedVocabulary, *, page: bool) -> str:
    """no_decision_reasons_sentence's part on the reasons the user keeps lost though a phrase of the folded
    `vocabulary` reads them (`kept`: reason, deals; most deals first), naming the phrase as each reason writes it,
    then how to count one as no decision again, on the page (`page`: its box in the No-decision reasons tab) or
    the command line (--no-decision-reason): "'No decision / status quo' (53 deals, read by 'No decision') is
    counted as lost, as you chose, though a phrase of the no-decision vocabulary reads it. To count it as no
    decision again, …"."""
    named = []
    for reason, deals in kept[:REASONS_NAMED]:
        found = _qualified(reason, vocabulary)
        phrase = found[0] if found is not None else reason.strip()
        named.append(f"'{reason}' ({plural(deals, 'deal')}, read by '{phrase}')")
    if rest := kept[REASONS_NAMED:]:
        named.append(f"{plural(len(rest), 'more reason')} ({plural(sum(d for _, d in rest), 'deal')})")
    one = len(kept) == 1
    subject = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    again = _in_the_tab("tick") if page else f"run{_command('--no-decision-reason', kept[0][0], one)}"
    return (f"{subject} {'is' if one else 'are'} counted as lost, as you chose, though a phrase of the no-decision "
            f"vocabulary reads {'it' if one else 'each'}. To count {'it' if one else 'one'} as no decision again, {again}.")


def near_miss_sentence(near: list[tuple[str, int]]) -> str:
    """How many deals are still counted as lost though their loss reason holds a no-decision phrase
    after its start, naming the reasons (`near`: reason, deals; most deals first) and how to add them
    to the vocabulary, written as the command line shows it (the Data page shows it through
    hints.page_sentence: the No-decision reasons tab instead of the flag)."""
    total = sum(d for _, d in near)
    example = " --no-decision-reason ".join(quoted(reason) for reason, _ in near[:3])
    hint = command_line_hint("--no-decision-reason", f"{example} to ingest, with or without a file")
    return (
        f"{plural(total, 'deal')} {'is' if total == 1 else 'are'} still counted as lost though "
        f"{'its loss reason holds' if total == 1 else 'their loss reasons hold'} a no-decision phrase "
        f"no rule decides ({NEAR_MISS_PLACES}): {listed_reasons(near)}. Add each reason that means no decision to the "
        f"no-decision vocabulary{hint}."
    )


_REASON_TEXT: Final = "loss reason in the no-decision vocabulary"
# A row of a value the user mapped whose own closing columns said its outcome: the mapping does not override them.
CLOSING_RULE_TEXT: Final = "settled by the closed/won columns, not your stage mapping"
MAPPED_RULE_TEXT: Final = "your stage mapping"
# A row whose own closing columns said another outcome than its stage's words: the words do not override them.
CLOSING_WORDS_RULE_TEXT: Final = "settled by the closed/won columns, not the stage words"
# A row whose status value the user mapped, its outcome the mapping's (the status decides over the stage).
STATUS_MAPPED_RULE_TEXT: Final = "your mapping of its status"
# A row of a value the user mapped to won whose won flag says it was not won: counted apart, never as won.
NOT_WON_RULE_TEXT: Final = "your stage mapping says won, but the row's won flag says not won: quarantined"
# A row of a value the user mapped to open whose closed flag (or close date, or won and lost dates) says it
# closed: counted apart, never as open.
CLOSED_OPEN_RULE_TEXT: Final = "your stage mapping says open, but the row's closed/won columns say closed: quarantined"
# The same two where the value mapped is the row's status, listed under its stage.
STATUS_NOT_WON_RULE_TEXT: Final = "your mapping of its status says won, but the row's won flag says not won: quarantined"
STATUS_CLOSED_OPEN_RULE_TEXT: Final = "your mapping of its status says open, but the row's closed/won columns say closed: quarantined"
# The same two where the built-in stage words, not the user, place the value.
WORDS_NOT_WON_RULE_TEXT: Final = "the stage words say won, but the row's won flag says not won: quarantined"
WORDS_CLOSED_OPEN_RULE_TEXT: Final = "the stage words say open, but the row's closed/won columns say closed: quarantined"
# The rules whose rows are counted apart: quarantined because the row's own flags rule out the mapping.
CONTRADICTION_RULE_TEXTS: Final = frozenset({
    NOT_WON_RULE_TEXT, CLOSED_OPEN_RULE_TEXT, STATUS_NOT_WON_RULE_TEXT, STATUS_CLOSED_OPEN_RULE_TEXT,
    WORDS_NOT_WON_RULE_TEXT, WORDS_CLOSED_OPEN_RULE_TEXT,
})  # fmt: skip
_RULE_TEXT: Final = {
    RULE_MAPPED: MAPPED_RULE_TEXT,
    RULE_CLOSING: CLOSING_RULE_TEXT,
    RULE_CLOSING_WORDS: CLOSING_WORDS_RULE_TEXT,
    RULE_NOT_WON: NOT_WON_RULE_TEXT,
    RULE_CLOSED_OPEN: CLOSED_OPEN_RULE_TEXT,
    RULE_STATUS_NOT_WON: STATUS_NOT_WON_RULE_TEXT,
    RULE_STATUS_CLOSED_OPEN: STATUS_CLOSED_OPEN_RULE_TEXT,
    RULE_WORDS_NOT_WON: WORDS_NOT_WON_RULE_TEXT,
    RULE_WORDS_CLOSED_OPEN: WORDS_CLOSED_OPEN_RULE_TEXT,
    RULE_WORDS: "stage words",
    RULE_DELETED: "deleted in the CRM: not stored",
}


def stage_report(rows: pl.DataFrame, placed: pl.DataFrame) -> pl.DataFrame:
    """Every distinct stage value with the outcome it was given, its rows and the rule that gave it.

    `rows`: each row's `__stage_index`, `outcome`, `__by_status` (whether its status column said
    the outcome), `__by_status_mapping` (whether that status was one the user mapped: credited to the
    mapping), `__by_closing` (whether its closing columns said it over the user's mapping of its
    stage), `__over_words` (whether they said another outcome than its stage's words),
    `__contradicted` (why, of CONTRADICTION_WHYS, where its own flags ruled out the user's mapping of
    its stage or status, or the stage words: a won flag saying not won against won, its closing columns saying closed
    against open; else null), `__by_reason`
    (whether its loss reason made it no decision), `__kept_out` (whether validation kept it out
    of the store; any of them absent: none) and `__reason_value` (its loss reason where one that says no real deal
    left it without an outcome or the user's mapping of that reason settled it: the row is listed under the reason,
    which is what to map; else null); `placed`: per
    `__stage_index` its `stage` and `__rule`. One row per (stage, outcome, rule):
    stage (String), outcome (String, null when the rows are not stored), rows (UInt32: the value's
    rows given that outcome), stored and quarantined (UInt32: of those rows, the ones stored and
    the ones kept out, so a won value counts the won deals stored, not rows quarantined for a
    missing rep; a value without an outcome has every row quarantined), rule (String,
    the words the report shows: the rule that gave the outcome, so a lost deal its loss reason made no
    decision is credited to the reason, not to the stage or status that said lost, and a row of a
    mapped value its closing columns settled to them, not to the mapping), matched (Boolean:
    False when neither a stage rule nor the status placed the value), kind (String: what the value is,
    VALUE_STAGE, VALUE_STATUS for a status no rule reads, VALUE_LOSS_REASON for a loss reason that says
    no real deal; each listed under itself, what to map). Values no rule matched come first, then the commonest.
    """
    for flag in ("__by_status", "__by_status_mapping", "__by_closing", "__over_words", "__by_reason", "__kept_out"):
        if flag not in rows.columns:
            rows = rows.with_columns(pl.lit(False).alias(flag))
    if "__contradicted" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.String).alias("__contradicted"))
    # A row without an outcome is never stored, whatever validation says of it.
    rows = rows.with_columns(pl.col("__kept_out") | pl.col("outcome").is_null())
    tally = [pl.len().cast(pl.UInt32).alias("rows"), pl.col("__kept_out").sum().cast(pl.UInt32).alias("quarantined")]
    unread = None
    if "__unread_status" in rows.columns:
        # Rows a status no rule reads left without an outcome are listed under the status value, which
        # is what to map (the stage editor maps status values too), not under their open stage.
        asked = pl.col("__unread_status").is_not_null()
        unread = rows.filter(asked).group_by("__unread_status").agg(tally).select(
            pl.col("__unread_status").alias("stage"), pl.lit(None, pl.String).alias("outcome"), "rows",
            (pl.col("rows") - pl.col("quarantined")).alias("stored"), "quarantined", pl.lit(_UNREAD_STATUS_TEXT).alias("rule"),
            pl.lit(False).alias("matched"), pl.lit(VALUE_STATUS).alias("kind"),
        )
        # A status whose words say no real deal ("Duplicate") is said so, as such a stage is.
        not_deal = [s for s in unread.get_column("stage").to_list() if not_a_deal(s)]
        if not_deal:
            unread = unread.with_columns(
                pl.when(pl.col("stage").is_in(not_deal)).then(pl.lit(NOT_A_DEAL_RULE_TEXT)).otherwise("rule").alias("rule"))
        rows = rows.filter(~asked)
    by_reason_value = None
    if "__reason_value" in rows.columns:  # every row its loss reason left without an outcome (`__not_deal_reason`)
        # Rows a loss reason that says no real deal ("Duplicate") left without an outcome, or whose mapping of it
        # settled them, are listed under the reason, which is what to map (the stage editor maps it as a stage value).
        listed = pl.col("__reason_value").is_not_null()
        by_reason_value = rows.filter(listed).group_by("__reason_value", "outcome").agg(tally).select(
            pl.col("__reason_value").alias("stage"), "outcome", "rows", (pl.col("rows") - pl.col("quarantined")).alias("stored"),
            "quarantined", pl.when(pl.col("outcome").is_null()).then(pl.lit(NOT_A_DEAL_REASON_RULE_TEXT))
            .otherwise(pl.lit(MAPPED_RULE_TEXT)).alias("rule"), pl.col("outcome").is_not_null().alias("matched"),
            pl.lit(VALUE_LOSS_REASON).alias("kind"),
        )
        rows = rows.filter(~listed)
    counts = rows.group_by(
        "__stage_index", "outcome", "__by_status", "__by_status_mapping", "__by_closing", "__over_words", "__contradicted",
        "__by_reason",
    ).agg(tally)
    counts = counts.join(placed, on="__stage_index", how="inner")
    placed_by = (
        pl.when(pl.col("__by_status")).then(pl.lit(RULE_STATUS))
        .when(pl.col("__by_closing")).then(pl.lit(RULE_CLOSING))
        .when(pl.col("__over_words")).then(pl.lit(RULE_CLOSING_WORDS))
        .when(pl.col("__contradicted").is_not_null())
        .then(pl.col("__contradicted").replace_strict(CONTRADICTION_RULES, default=None, return_dtype=pl.String))
        .otherwise(pl.col("__rule"))
    )  # fmt: skip
    rule = pl.when(pl.col("__by_reason")).then(pl.lit(RULE_REASON)).otherwise(placed_by)
    # The values whose words say the record is not a real deal: the report says so, not only "no rule matched".
    not_deals = pl.Series([s for s in counts.get_column("stage").unique().to_list() if not_a_deal(s)], dtype=pl.String)
    text = (
        pl.when(rule == RULE_REASON)
        .then(
            pl.when(placed_by == RULE_NONE)
            .then(pl.lit(f"no rule matched: settled by the closed/won columns, then the {_REASON_TEXT}"))
            .when(placed_by == RULE_CLOSING)
            .then(pl.lit(f"{CLOSING_RULE_TEXT}, then the {_REASON_TEXT}"))
            .when(placed_by == RULE_CLOSING_WORDS)
            .then(pl.lit(f"{CLOSING_WORDS_RULE_TEXT}, then the {_REASON_TEXT}"))
            .otherwise(pl.lit(_REASON_TEXT))
        )
        .when(rule == RULE_STATUS)
        .then(
            pl.when(pl.col("outcome").is_null())
            .then(pl.lit("the status column: deleted in the CRM, not stored"))
            .when(pl.col("__by_status_mapping")).then(pl.lit(STATUS_MAPPED_RULE_TEXT))
            .otherwise(pl.lit("the status column"))
        )
        .when(rule == RULE_NONE)
        .then(
            pl.when(pl.col("outcome").is_null() & pl.col("stage").is_in(not_deals.implode()))
            .then(pl.lit(NOT_A_DEAL_RULE_TEXT))
            .when(pl.col("outcome").is_null())
            .then(pl.lit("no rule matched: quarantined until you map it"))
            .otherwise(pl.lit("no rule matched: settled by the closed/won columns"))
        )
        .otherwise(rule.replace_strict(_RULE_TEXT, default=None, return_dtype=pl.String))
    )
    matched = placed_by != RULE_NONE  # the reason only turns a lost deal no decision: something placed it lost
    counts = counts.select("stage", "outcome", "rows", "quarantined", text.alias("rule"), matched.alias("matched"))
    # Two groups can share a rule's words (the status said no decision; the reason made a lost status so).
    summed = counts.group_by("stage", "outcome", "rule", "matched").agg(pl.col("rows", "quarantined").sum())
    summed = summed.select("stage", "outcome", "rows", (pl.col("rows") - pl.col("quarantined")).alias("stored"),
                           "quarantined", "rule", "matched", pl.lit(VALUE_STAGE).alias("kind"))
    for apart in (unread, by_reason_value):
        if apart is not None and apart.height:
            summed = pl.concat([summed, apart])
    return in_stage_report_order(summed)


# What a stage report's value is (its `kind`): a stage, a status no rule reads (listed under itself, which is
# what to map), or a loss reason that says no real deal (the same): the stage editor names each by it.
VALUE_STAGE: Final = "stage"
VALUE_STATUS: Final = "status"
VALUE_LOSS_REASON: Final = "loss_reason"
# How the stage editor and the command line name a value of each kind, in its order: one, several, and as its column's header.
VALUE_WORDS: Final = {
    VALUE_STAGE: ("stage value", "stage values", "Stage value"),
    VALUE_STATUS: ("status value", "status values", "Status value"),
    VALUE_LOSS_REASON: ("loss reason", "loss reasons", "Loss reason"),
}


def value_kinds(kinds: Iterable[str | None]) -> list[str]:
    """The kinds of value among a stage report's `kinds` (its `kind` column; None, from a report made before it had
    one, is a stage value), each once, in VALUE_WORDS' order; [VALUE_STAGE] when there are none. The stage editor's
    title, header and warning and the command line's stage lines name the values by it."""
    present = {kind or VALUE_STAGE for kind in kinds}
    return [kind for kind in VALUE_WORDS if kind in present] or [VALUE_STAGE]


def value_kinds_words(kinds: Iterable[str | None]) -> str:
    """The kinds of value among a stage report's `kinds` (value_kinds), each as several: "stage values and loss
    reasons". The command line's stage lines are headed by it, as the stage editor's title names them."""
    return listed([VALUE_WORDS[kind][1] for kind in value_kinds(kinds)])


# What a value of each kind can be counted as. A loss reason is read only on a row its stage or status said lost or
# no decision: a mapping of it keeps the row lost or makes it no decision; won or open would count a lost deal won or open.
KIND_OUTCOMES: Final[dict[str, tuple[str, ...]]] = {
    VALUE_STAGE: OUTCOMES, VALUE_STATUS: OUTCOMES, VALUE_LOSS_REASON: (LOST, NO_DECISION),
}


def kind_outcomes(kind: str | None) -> tuple[str, ...]:
    """The outcomes a value of `kind` (a stage report's `kind`; None is a stage value) can be counted as (KIND_OUTCOMES)."""
    return KIND_OUTCOMES.get(kind or VALUE_STAGE, OUTCOMES)


def kind_choices_words(kinds: Iterable[str | None]) -> str:
    """What each kind of value among `kinds` (value_kinds) can be counted as, in the command line's words (kinds
    that can take the same outcomes said together): "a stage value as won, lost, no_decision or open, and a loss
    reason as lost or no_decision"."""
    by_outcomes: dict[tuple[str, ...], list[str]] = {}
    for kind in value_kinds(kinds):
        by_outcomes.setdefault(kind_outcomes(kind), []).append(VALUE_WORDS[kind][0])
    said = [f"a {' or '.join(names).replace(' value or ', ' or ')} as {listed(list(outcomes), 'or')}"
            for outcomes, names in by_outcomes.items()]
    return ", and ".join(said)  # two groups at most: stage and status values, and loss reasons


def refused_choice_sentence(value: str, kind: str | None, outcome: str, *, page: bool = False,
                            not_stored: str = "nothing was stored") -> str | None:
    """The one sentence that refuses counting `value`, a value of `kind`, as `outcome`, one it cannot be counted as
    (kind_outcomes); None when it can. Worded for the Data page's stage editor with `page` (outcome_label's words),
    else for the command line's --stage, naming the outcomes it can be counted as:
    "'Duplicate' is a loss reason, so it can count only as lost or no_decision: give --stage "Duplicate=lost" or
    --stage "Duplicate=no_decision" instead; nothing was stored." (`not_stored`: what was not stored, when files
    of the same command were stored before it). Plain text: the page escapes it."""
    allowed = kind_outcomes(kind)
    if not outcome or outcome in allowed:
        return None
    what = VALUE_WORDS.get(kind or VALUE_STAGE, VALUE_WORDS[VALUE_STAGE])[0]
    if page:
        return (f"'{value}' is a {what}, so it can count only as {listed([outcome_label(o) for o in allowed], 'or')}: "
                f"choose one of those for it; your choice of {outcome_label(outcome)} is not used.")
    options = " or ".join("--stage " + quoted(f"{value}={o}") for o in allowed)
    return (f"'{value}' is a {what}, so it can count only as {listed(list(allowed), 'or')}: give {options} instead; "
            f"{not_stored}.")


def refused_choices(report: pl.DataFrame | None, changes: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(value, kind, outcome) for each of `changes` (value -> outcome, as --stage or the stage editor give them; ""
    clears a mapping) that names a value of the stage `report` (stage_report's frame: stage, kind) with an outcome
    its kind cannot be counted as (kind_outcomes), in the report's order, each once."""
    if report is None or report.height == 0 or not changes:
        return []
    wanted = {folded_words(k): v for k, v in changes.items() if v}
    kinds = report.get_column("kind") if "kind" in report.columns else pl.Series([None] * report.height, dtype=pl.String)
    refused: list[tuple[str, str, str]] = []
    for value, kind in zip(report.get_column("stage").to_list(), kinds.to_list(), strict=True):
        outcome = wanted.get(folded_words(value)) if value is not None else None
        if outcome and outcome not in kind_outcomes(kind) and all(r[0] != value for r in refused):
            refused.append((value, kind or VALUE_STAGE, outcome))
    return refused


_UNREAD_STATUS_TEXT: Final = "the status column: no rule reads this status, quarantined until you map it"
# A stage report's rule for a value whose words say the record is not a real deal (not_a_deal), none of its rows settled.
NOT_A_DEAL_RULE_TEXT: Final = "a duplicate, merged, test or other record that is not a real deal: quarantined until you map it"
# A stage report's rule for the rows of a value whose loss reason says the record is not a real deal (reason_not_a_deal).
NOT_A_DEAL_REASON_RULE_TEXT: Final = ("a loss reason that says a duplicate, merged, test or other record that is not a real "
                                      "deal: quarantined until you map it")


def in_stage_report_order(report: pl.DataFrame) -> pl.DataFrame:
    """A stage report's rows in its order: values no rule matched first, then the commonest, then by
    stage, outcome and rule, so one stage value's several outcomes (a status says each) have one order."""
    return report.sort(
        ["matched", "rows", "stage", "outcome", "rule", "kind"], descending=[False, True, False, False, False, False],
        nulls_last=True,
    )


def by_rule_words(outcomes: Iterable[tuple[str, str, int]], joiner: str) -> str:
    """One stage value's outcomes in words, grouped by the rule that gave them, as the command line and
    the Data page's stage editor say them: "won, 1 row (your stage mapping); lost, 1 row and won, 1 row
    (settled by the closed/won columns, not your stage mapping)".

    `outcomes`: (the words for an outcome and its rows, the rule's words, its rows) in the stage report's
    order; `joiner` joins the outcomes one rule gave. The user's mapping comes first, so a value they
    mapped says what the mapping counts before the rows their own columns settled; then the rule of
    most rows."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for words, rule, rows in outcomes:
        groups.setdefault(rule, []).append((words, rows))
    ordered = sorted(groups.items(), key=lambda group: (group[0] != MAPPED_RULE_TEXT, -sum(n for _, n in group[1])))
    return "; ".join(f"{joiner.join(words for words, _ in said)} ({rule})" for rule, said in ordered)


def stage_rows_words(outcome: str | None, rows: int, quarantined: int) -> str:
    """A stage report row's rows as the command line says them: "7 rows" when every one is stored,
    "7 rows stored, 4 quarantined" when some are not (a missing rep, a bad date), so a won value
    counts the won deals the store gets. A value without an outcome stores none: "5 rows" (its
    rule says they are quarantined)."""
    if outcome is None or not quarantined:
        return plural(rows, "row")
    return f"{plural(rows - quarantined, 'row')} stored, {quarantined:,} quarantined"


def unplaced_sentence(column: str, stage: str, why: str | None, flag: tuple[str, str | None] | None = None) -> str:
    """The quarantine reason for a row without an outcome; `why` is the UNPLACED value. For STATUS_WHYS,
    `column` and `stage` are the status column's header and value; for NOT_WON_WHYS, `flag` is the won
    flag's header and the row's value of it, for CLOSED_FLAG_WHYS the header and value of the column that
    says the deal closed (its closed flag, else its won, lost or close date).

    Written as the command line shows it, --stage and all; the Data page shows it through
    hints.page_sentence, which names the page's stage editor instead ("Stage outcomes above").
    """
    if why in ("deleted", STATUS_DELETED_WHY):
        return f"{column} '{stage}' is a deal deleted in the CRM: it is not stored."
    if why in CLOSED_FLAG_WHYS:  # open is no choice: the row's own flag says the deal closed
        header, said = flag if flag is not None else ("the closed flag", None)
        remap = command_line_hint("--stage", quoted(f"{stage}=won") + " or lost or no_decision, and ingest again")
        closed = f"{header} says '{said or 'true'}' (the deal closed), so it is not counted"
        if why == WORDS_CLOSED_OPEN_WHY:  # the app's words, not the user, said open: the row is what to correct
            return (f"{column} '{stage}' says the deal is open, but {closed}: correct the row's {column} or {header} in "
                    f"the CRM and export it again, or, if '{stage}' is a closed deal's stage in your CRM, map it to won, "
                    f"lost or no decision{remap}.")
        return f"{column} '{stage}' is mapped to open, but {closed}: map '{stage}' to won, lost or no decision{remap}, or correct the row in the CRM."
    if why == REASON_NOT_A_DEAL_WHY:  # `flag`: the loss reason's header and value
        header, reason = flag if flag is not None else ("Loss Reason", None)
        remap = command_line_hint("--stage", quoted(f"{reason or ''}=lost") + " or no_decision, and ingest again")
        return (f"{header} '{reason or ''}' says the record is a duplicate, merged, a test or otherwise not a real deal, "
                f"so it is not counted as lost: if it is a real loss, choose what it counts as{remap}.")
    if why == UNMATCHED_NOT_WON_WHY and not_a_deal(stage):
        why = "unknown"  # its words say duplicate, merged, test…: said as such below, not as a stage no rule matches
    if why in NOT_WON_WHYS:  # won is no choice: the row's own flag says it was not won
        header, said = flag if flag is not None else ("the won flag", None)
        not_won = f"{header} says '{said or 'false'}' (the deal was not won), so it is not counted"
        remap = command_line_hint("--stage", quoted(f"{stage}=lost") + " or no_decision or open, and ingest again")
        if why == WORDS_NOT_WON_WHY:
            return (f"{column} '{stage}' says won, but {not_won}: correct the row's {column} or {header} in the CRM and "
                    f"export it again, or, if '{stage}' is no won deal's stage in your CRM, map it to lost, no decision "
                    f"or open{remap}.")
        if why != UNMATCHED_NOT_WON_WHY:
            return (f"{column} '{stage}' is mapped to won, but {not_won}: map '{stage}' to lost, no decision or open"
                    f"{remap}, or correct the row in the CRM.")
        return f"{column} '{stage}' matches no stage rule, and {not_won}: choose lost, no decision or open for it{remap}."
    example = quoted(f"{stage}=won") + f" or {', '.join(o for o in OUTCOMES if o != WON)}, and ingest again"
    choose = f"choose what it counts as{command_line_hint('--stage', example)}"
    if why in ("unknown", "closed", STATUS_NOT_A_DEAL_WHY) and not_a_deal(stage):  # its words say duplicate, merged…: no deal
        return (f"{column} '{stage}' says the record is a duplicate, merged, a test or otherwise not a real deal, so it is "
                f"not counted as open, won or lost: if it is a real deal, {choose}.")
    if why == STATUS_UNREAD_WHY:
        return (
            f"{column} '{stage}' is not a status this app reads (open, won or lost), and the stage says the deal is open "
            f"while the status may say it closed, so it is not counted: {choose}."
        )
    if why == "closed":
        return (
            f"{column} '{stage}' matches no stage rule and the row's closing columns say the deal closed but not "
            f"whether it was won or lost, so it is not counted: {choose}."
        )
    return f"{column} '{stage}' matches no stage rule, so it is not counted as open, won or lost: {choose}."


def outcome_label(outcome: str | None) -> str:
    """'Won', 'No decision'…; 'Not stored' for no outcome."""
    return OUTCOME_LABELS.get(outcome, "Not stored") if outcome is not None else "Not stored"


# ---- a stage beside its outcome ------------------------------------------------------------------
# Words that only say a deal is closed ("Closed", "Fermé", "Geschlossen"), in the languages above.
_CLOSED_WORDS: Final = frozenset(
    "closed close ferme fermee geschlossen abgeschlossen cerrado cerrada chiuso chiusa fechado fechada gesloten "
    "stangd stangt lukket suljettu zamkniete zamknieta zamkniety uzavreno uzavreny kapali kapandi".split()
)
# Words that join "closed" to the outcome in a localised stage ("Geschlossen und gewonnen", Salesforce's
# German; "Fechado e ganho", "Cerrada y ganada"): they say nothing more than the outcome.
_JOINING_WORDS: Final = frozenset("and und et e y en og och ja i ve".split())
# Lost words that say more than "lost": a cancelled deal (Dynamics' "Canceled" status reason).
_CANCEL_WORDS: Final = frozenset(
    "canceled cancelled annule annulee storniert abgebrochen cancelado cancelada annullato annullata geannuleerd".split()
)


def outcome_stage_repeats(stage: str | None) -> str | None:
    """The outcome a stage value says and nothing more: "Closed Won", "Won", "closedwon", "Fermé gagné"
    say won; "Closed Lost", "Lost" lost; "Closed - No Decision", "No decision" no decision. None for a
    stage that says more than a closed deal's outcome: an open stage ("Negotiation", the stage a
    Pipedrive deal was lost at), "Canceled", "Lost to competitor", or no stage at all.

    A deal list whose every stage is such has no Stage column (winloss.views.common.stages_that_say_more).
    """
    if stage is None:
        return None
    words = [w for w in folded_words(stage).split() if w not in _CLOSED_WORDS and w not in _JOINING_WORDS]
    rest = " ".join(words)
    if rest == "closedwon" or (len(words) == 1 and words[0] in _WON_WORDS):
        return WON
    if rest in ("no decision", "nodecision"):
        return NO_DECISION
    if rest == "closedlost" or (len(words) == 1 and words[0] in _LOST_WORDS - _CANCEL_WORDS):
        return LOST
    return None


# ---- stored deals no page counts ---------------------------------------------------------------
# Why a stored deal has no outcome yet is no deal: deleted in the CRM (stored before such deals were quarantined).
_NO_DEAL_WHYS: Final = frozenset({"deleted", STATUS_DELETED_WHY})


def deleted_ids(normal: pl.DataFrame) -> list[str]:
    """The ids (opportunity_id, as they would be stored: prefixed, trimmed) of the rows of a normalised
    export (`normal`, with UNPLACED) whose stage or status says the deal was deleted in the CRM: such a row
    is quarantined, and a stored deal with its id leaves the store (store_effects.deleted_stored), in the
    file's order, each once. Empty for a frame without UNPLACED (not an export)."""
    if UNPLACED not in normal.columns or "opportunity_id" not in normal.columns:
        return []
    ids = normal.filter(pl.col(UNPLACED).is_in(_NO_DEAL_WHYS).fill_null(False)).get_column("opportunity_id")
    return ids.drop_nulls().filter(ids.drop_nulls() != "").unique(maintain_order=True).to_list()


def row_ids(normal: pl.DataFrame, rows: pl.Expr) -> list[str]:
    """The ids (opportunity_id, as they would be stored: prefixed, trimmed, a 15-character Salesforce id in its
    18-character form) of the rows of a normalised export (`normal`) that `rows` selects, in the file's order, each
    once; a row whose id is blank has none to give. Empty for a frame without opportunity_id."""
    if "opportunity_id" not in normal.columns:
        return []
    ids = normal.filter(rows).get_column("opportunity_id").drop_nulls()
    return ids.filter(ids != "").unique(maintain_order=True).to_list()


def blank_ids(normal: pl.DataFrame, rows: pl.Expr) -> int:
    """How many rows of a normalised export (`normal`) that `rows` selects have no id (blank): rows `row_ids` has
    none of. 0 for a frame without opportunity_id."""
    if "opportunity_id" not in normal.columns:
        return 0
    ids = normal.filter(rows).get_column("opportunity_id")
    return int((ids.is_null() | (ids == "")).sum())


def uncounted_groups(derived: pl.DataFrame) -> pl.DataFrame:
    """The stored deals with_outcomes left without an outcome at read time, other than deals deleted in the
    CRM (no deal), counted per stage value and why (UNPLACED): stage (String), why (String), deals (UInt32),
    most deals first. Such a deal is on no page: a stored "not won" deal under a mapping of its stage to won
    saved later, a stored "closed" one under a mapping to open, or either at a stage whose words say won (open),
    stored before the words were held to its flags. `derived`: with_outcomes' frame of them."""
    return (
        derived.filter(pl.col("outcome").is_null() & ~pl.col(UNPLACED).is_in(_NO_DEAL_WHYS).fill_null(False))
        .group_by("stage", pl.col(UNPLACED).alias("why")).agg(pl.len().cast(pl.UInt32).alias("deals"))
        .sort(["deals", "stage", "why"], descending=[True, False, False], nulls_last=True)
    )


def uncounted_sentence(stage: str | None, why: str | None, deals: int, *, page: bool = False) -> str:
    """What one group of uncounted_groups is and what to do now, written as the command line shows it
    (`page`: as every page shows it, naming the Data page's stage editor): "2 stored deals are not counted
    on any page: stage 'Closed' is mapped to won, but their won flag said not won when they were stored.
    Map 'Closed' to lost, no decision or open (…), or correct the deals in the CRM.", where the parenthesis
    gives the --stage flag, with no file, in hints.py's command line words. It said "With the next export you store, map …",
    written before a mapping could be stored without a file: `ingest --stage` needs none, and the Data page's
    Stage outcomes re-applies a mapping to the stored deals with an export holding the value uploaded again.
    Where the stage words, not a mapping, said won (open), the deals are what to correct first: "stage 'Closed
    Won' says won, but its won flag said not won when it was stored. Correct the deal in the CRM and store an
    export holding it, or, if 'Closed Won' is no won deal's stage in your CRM, map it to …"."""
    one = deals == 1
    head = f"{plural(deals, 'stored deal')} {'is' if one else 'are'} not counted on any page"
    value, them = f"stage '{stage}'", "the deal" if one else "the deals"
    when = f"when {'it was' if one else 'they were'} stored"
    if why in (NOT_WON_WHY, CLOSED_OPEN_WHY, WORDS_NOT_WON_WHY, WORDS_CLOSED_OPEN_WHY):
        not_won = why in NOT_WON_WHYS
        said, mapped = ("won flag said not won", "won") if not_won else ("closed/won columns said closed", "open")
        choices = "lost, no decision or open" if not_won else "won, lost or no decision"
        first, rest = ("lost", "no_decision or open") if not_won else ("won", "lost or no_decision")
        example = quoted(f"{stage}={first}") + f" or {rest}"
    else:
        choices = ""
        example = quoted(f"{stage}=won") + f" or {', '.join(o for o in OUTCOMES if o != WON)}"
    how = (f" on the Data page, in Stage outcomes, under Count as, with an export holding '{stage}' uploaded again"
           if page else command_line_hint("--stage", f"{example}, with no file"))
    if choices and why in (WORDS_NOT_WON_WHY, WORDS_CLOSED_OPEN_WHY):  # the app's words said it, not a mapping
        means = "no won deal's" if mapped == WON else "a closed deal's"
        return (f"{head}: {value} says {'won' if mapped == WON else 'the deal is open'}, but {'its' if one else 'their'} "
                f"{said} {when}. Correct {them} in the CRM and store an export holding {'it' if one else 'them'}, or, if "
                f"'{stage}' is {means} stage in your CRM, map it to {choices}{how}.")
    if why == REASON_NOT_A_DEAL_WHY:
        return (f"{head}: at {value}, {'its' if one else 'their'} loss reason says the record is a duplicate, merged, a "
                f"test or otherwise not a real deal, so {'it is' if one else 'they are'} not counted as lost. If "
                f"{'it is a real loss' if one else 'they are real losses'}, correct the loss reason in the CRM and store "
                f"an export holding {'it' if one else 'them'}.")
    if choices:
        return (f"{head}: {value} is mapped to {mapped}, but {'its' if one else 'their'} {said} {when}. Map '{stage}' "
                f"to {choices}{how}, or correct {them} in the CRM.")
    return f"{head}: {value} gives {'it' if one else 'them'} no outcome. Choose what it counts as{how}."
