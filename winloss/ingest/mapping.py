"""Map an export's columns to the canonical fields."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field

import polars as pl

from data_models.vocabulary import (
    ASSESSMENT_FIELDS,
    ASSESSMENT_REQUIRED,
    OPPORTUNITY_FIELDS,
    OPPORTUNITY_REQUIRED,
    ROSTER_FIELDS,
    ROSTER_REQUIRED,
    folded,
)
from winloss import employment, team_history
from winloss.ingest import name_order, outcomes, values
from winloss.ingest.header_units import header_unit, unit_and_name
from winloss.ingest.hints import command_line_hint, quoted
from winloss.ingest.identity import fold_name
from winloss.ingest.questionnaire import own_text_columns
from winloss.ingest.reading_notes import one
from winloss.io.table import MOST_COLUMNS
from winloss.text import count, listed, plural

# A roster's fields: those it stores as they are (ROSTER_FIELDS), the rep's name in two columns when no
# column holds it whole (winloss.ingest.name_order), and its employment columns, read into whether each rep
# has left (winloss.employment), and the day each rep joined their team (winloss.team_history).
ROSTER_MAPPED = (*ROSTER_FIELDS, *name_order.PARTS, *employment.FIELDS, team_history.TEAM_SINCE)

SOURCES = ("salesforce", "hubspot", "pipedrive", "dynamics", "generic")
SOURCE_LABELS = {
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "pipedrive": "Pipedrive",
    "dynamics": "Dynamics 365",
    "generic": "Generic",
    "roster": "Rep roster",
    "assessment": "Profile questionnaire",
}
FIELD_LABELS = {
    **employment.FIELD_LABELS,
    **team_history.FIELD_LABEL,
    **name_order.FIELD_LABELS,
    "opportunity_id": "Opportunity ID",
    "rep": "Rep (deal owner)",
    "stage": "Stage or status",
    "outcome": "Outcome",
    "created_date": "Created date",
    "close_date": "Close date",
    "expected_close_date": "Expected close date (open deals)",
    "won_date": "Won date (won deals' close date)",
    "lost_date": "Lost date (lost deals' close date)",
    "is_closed": "Closed flag (true / false)",
    "is_won": "Won flag (true / false)",
    "status": "Status (open / won / lost)",
    "amount": "Amount",
    "currency": "Currency",
    "converted_amount": "Converted amount (company currency)",
    "converted_currency": "Currency of the converted amount",
    "probability": "Probability",
    "loss_reason": "Loss reason",
    "account": "Account",
    "segment": "Segment",
    "region": "Region",
    "product": "Product",
    "competitor": "Competitor",
    "opportunity_name": "Opportunity name (the key when there is no ID)",
    "seller_profile": "Seller profile",
    "team": "Team",
    "manager": "Manager",
    "email": "Email",
    "coach": "Coach",
    "rater": "Rater",
    "date": "Date rated",
    "statement": "Statement ID",
    "score": "Score (1-5)",
}


def _header_words(header: str) -> str:
    """A header's words as CRMs write them apart: camelCase split, `__c` and a "(2)" repeat mark off,
    dots, hyphens and underscores made spaces, lower case (accents and quotes as written)."""
    text = re.sub(r"\s*\(\d+\)$", "", header.strip())  # "Opportunity ID (2)" matches like "Opportunity ID"
    text = re.sub(r"__c$", "", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = text.replace(".", " ")
    return folded(text)


def header_key(header: str) -> str:
    """A header folded for matching: its words (_header_words), then accents, typographic quotes and
    dashes, case and spacing folded as rep names are (identity.fold_name), so "Date de creation",
    "DATE DE CRÉATION" and "Date de création" are one header, as are "Nom de l'entreprise" and
    "Nom de l’entreprise". Every table of known headers below is compared under this key.

    Folded once per header: mapping a file asks for each column's key some thirty times (each preset,
    the kind, the signatures), so a header up to _KEPT_KEY_CHARS long is kept (the last _KEPT_KEYS of
    them), a longer one folded again (it is no CRM's field name, and is not held after its file)."""
    return _kept_header_key(header) if len(header) <= _KEPT_KEY_CHARS else _header_key(header)


# Headers whose keys are kept: more than a file may have columns (table.MOST_COLUMNS) with the
# presets' own names, each at most _KEPT_KEY_CHARS long, so at most a few megabytes are held.
_KEPT_KEYS = 4 * MOST_COLUMNS
_KEPT_KEY_CHARS = 200


def _header_key(header: str) -> str:
    return folded(fold_name(_header_words(header)))


_kept_header_key = functools.lru_cache(maxsize=_KEPT_KEYS)(_header_key)


def layout_key(columns: Iterable[str]) -> str:
    """A file's layout as a key (20 hex digits): a hash of the set of its headers, each folded by
    header_key. The same columns in another order, or spelled "CloseDate" for "Close Date", give
    the same key; a column more or less gives another."""
    return _layout_hash(layout_names(columns))


def _layout_key_before_accents(columns: Iterable[str]) -> str:
    """layout_key as it was computed before header_key folded accents and quotes: the key under which
    a mapping chosen by hand then for a layout with accented headers ("Date de création") is stored."""
    return _layout_hash({_header_words(c) for c in columns})


def _layout_hash(names: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(names)).encode("utf-8")).hexdigest()[:20]


def layout_names(columns: Iterable[str]) -> set[str]:
    """The headers of a layout, folded by header_key (a repeated header once)."""
    return {header_key(c) for c in columns}


@dataclass(frozen=True)
class Remembered:
    """A column mapping chosen by hand for one layout (layout_key), kept by the store so the next
    export of the same columns is mapped the same way (winloss.ingest.remembered reads and writes it)."""

    kind: str  # the Mapping.kind it maps: "opportunities", "roster" or "assessment"
    fields: tuple[tuple[str, str], ...]  # (field, column header as that file wrote it), by field
    file_name: str  # the file it was chosen for
    on: str  # the day that file was committed, YYYY-MM-DD (UTC)
    columns: int  # the headers of the layout (layout_names)


# Header synonyms per source, per field, in order of preference (written folded; _keyed folds them by
# header_key when the module loads, with the localised names below).
_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "salesforce": {
        "opportunity_id": ("opportunity id", "id", "opportunity id 18", "opportunity 18 digit id"),
        "rep": ("opportunity owner", "owner name", "owner full name", "owner", "opportunity owner name"),
        "stage": ("stage", "stage name"),
        "created_date": ("created date", "created"),
        "close_date": ("close date",),
        "amount": ("amount", "total amount"),
        "currency": ("opportunity currency", "amount currency", "currency iso code", "currency"),
        "converted_amount": ("amount (converted)", "amount converted", "converted amount"),
        "converted_currency": ("amount (converted) currency", "amount converted currency"),
        "probability": ("probability (%)", "probability"),
        "loss_reason": ("loss reason", "closed lost reason", "reason lost", "lost reason"),
        "account": ("account name", "account"),
        "segment": ("segment", "customer segment"),
        "region": ("region", "sales region", "territory"),
        "product": ("product", "product name", "primary product"),
        "competitor": ("primary competitor", "competitor", "main competitor"),
        "opportunity_name": ("opportunity name",),
    },
    "hubspot": {
        "opportunity_id": ("record id", "deal id", "hs object id"),
        "rep": ("deal owner", "hubspot owner id", "hubspot owner"),
        "stage": ("deal stage", "dealstage"),
        "created_date": ("create date", "createdate"),
        "close_date": ("close date", "closedate"),
        "amount": ("amount",),
        "currency": ("currency", "deal currency code"),
        "converted_amount": (
            "amount in company currency", "amount in home currency", "hs amount in home currency",
            "amount in company currency (converted)",
        ),
        "probability": ("deal probability", "hs deal stage probability"),
        "loss_reason": ("closed lost reason", "closed lost reason"),
        "account": ("associated company", "company name", "associated company (primary)"),
        "segment": ("segment", "deal type", "dealtype"),
        "region": ("region", "territory"),
        "product": ("product", "product name", "line items"),
        "competitor": ("competitor", "primary competitor"),
        "opportunity_name": ("deal name", "dealname"),
    },
    "pipedrive": {
        "opportunity_id": ("deal id",),
        "rep": ("deal owner", "deal user"),
        # The pipeline stage ("Proposal Made") is the stage; the status (open / won / lost) the outcome.
        # An export without the stage column keeps the status as its stage (see detect_mapping).
        "stage": ("deal stage",),
        "status": ("deal status",),
        "created_date": ("deal deal created", "deal created", "deal add time"),
        # Won and lost times are each a closed deal's close date only for its own outcome (see won_date).
        "close_date": ("deal deal closed on", "deal close time"),
        "expected_close_date": ("deal expected close date",),
        "amount": ("deal value",),
        # Pipedrive's export names the value's currency "Deal - Currency of Value" (older and
        # localised exports "Deal - Currency"); "Currency of Weighted value" is another column's.
        "currency": ("deal currency of value", "deal currency", "deal value currency"),
        "converted_amount": ("deal value in default currency",),
        "probability": ("deal probability",),
        "loss_reason": ("deal lost reason",),
        "account": ("deal organization", "organization name", "deal organisation"),
        "segment": ("deal segment", "organization segment"),
        "region": ("deal region", "organization region"),
        "product": ("deal product", "deal products"),
        "competitor": ("deal competitor",),
        "opportunity_name": ("deal title", "deal name"),
    },
    "dynamics": {
        "opportunity_id": ("(do not modify) opportunity",),
        "rep": ("owner",),
        "stage": ("status reason",),
        "created_date": ("created on",),
        "close_date": ("actual close date", "est close date", "est. close date", "estimated close date"),
        "expected_close_date": ("est close date", "est. close date", "estimated close date"),
        "amount": ("est revenue", "est. revenue", "actual revenue", "estimated revenue"),
        # Dynamics 365's lookup is "Currency" in a view's export, "Transaction Currency" in the entity's own.
        "currency": ("currency", "transaction currency"),
        "converted_amount": ("est revenue (base)", "actual revenue (base)", "estimated revenue (base)"),
        "probability": ("probability",),
        "loss_reason": ("reason lost", "loss reason"),
        "account": ("potential customer", "account"),
        "segment": ("segment", "industry"),
        "region": ("region", "territory"),
        "product": ("product", "product line"),
        "competitor": ("competitor", "competitors"),
        "status": ("status",),  # Open / Won / Lost beside the Status Reason
        "opportunity_name": ("topic", "opportunity name"),
    },
    "generic": {
        "opportunity_id": ("opportunity id", "deal id", "id", "opportunity", "record id", "opp id", "deal"),
        "rep": (
            "rep", "sales rep", "owner", "sales agent", "seller", "account executive", "ae",
            "salesperson", "sales person", "rep name", "deal owner", "opportunity owner", "agent",
        ),
        "stage": ("stage", "deal stage", "status", "outcome", "result", "stage name", "status reason"),
        "created_date": (
            "created date", "create date", "engage date", "created", "created on", "open date",
            "start date", "created at", "created time", "date created", "creation date",
        ),
        "close_date": ("close date", "closed date", "closed on", "close", "closing date", "closed at"),
        "expected_close_date": ("expected close date", "expected close", "forecast close date"),
        "amount": (
            "amount", "close value", "value", "revenue", "deal value", "deal size", "acv", "arr",
            "contract value", "deal amount",
        ),
        # Every CRM's name of a deal's currency column, and a spreadsheet's: left unread, each row was stored
        # in the reporting currency whatever the column said.
        "currency": (
            "currency", "currency code", "currency iso code", "currency (iso)", "currency iso", "iso currency",
            "iso currency code", "deal currency", "deal currency code", "opportunity currency", "amount currency",
            "transaction currency", "ccy",
        ),
        "converted_amount": (
            "amount (converted)", "converted amount", "amount in company currency", "amount in home currency",
            "amount (base)", "amount in reporting currency",
        ),
        "probability": ("probability", "probability (%)", "win probability"),
        # Under any of these a lost deal's reason says whether it was lost to no decision: left unread,
        # every such deal was counted a plain loss. Salesforce's custom Win_Loss_Reason__c folds to
        # "win loss reason", Zoho's field is "Reason For Loss".
        "loss_reason": (
            "loss reason", "lost reason", "reason", "closed lost reason", "reason lost", "win/loss reason",
            "win loss reason", "reason for loss", "primary loss reason", "loss reason category",
            "lost reason category", "reason closed lost", "closed reason", "close reason",
        ),
        "account": ("account", "account name", "company", "customer", "client", "organization", "organisation"),
        "segment": ("segment", "customer segment", "sector", "industry"),
        "region": ("region", "territory", "geo", "regional office", "area"),
        "product": ("product", "product name", "series", "product line"),
        "competitor": ("competitor", "primary competitor", "lost to"),
        # The columns that say whether a deal closed and how, read when the stage alone cannot say.
        "won_date": ("deal won time", "won time", "won date", "date won", "won on"),
        "lost_date": ("deal lost time", "lost time", "lost date", "date lost", "lost on"),
        "is_closed": ("is closed", "hs is closed", "is deal closed?", "is deal closed", "closed"),
        "is_won": ("is won", "hs is closed won", "is closed won", "won"),
        # Beside a Stage column, a Status (open / won / lost) says the outcome; alone, it is the stage.
        # A column of won and lost words beside the stage ("Outcome: Lost" beside "Stage: Proposal")
        # was not read, and such deals were counted open. Read only where its values are status words.
        "status": (
            "status", "deal status", "opportunity status", "outcome", "deal outcome", "result", "deal result",
            "win/loss", "won/lost", "win loss", "won lost",
        ),
        "opportunity_name": ("opportunity name", "deal name", "deal title", "opportunity title", "topic"),
    },
}

# The same columns as a CRM writes them when its interface is in another language, as its users
# see them (header_key folds them like any header): an export made in German writes "Deal-Phase"
# where an English one writes "Deal Stage". Each language's names follow the preset's English ones,
# so an English name still wins where a file has both; stage values in these languages are read by
# winloss.ingest.outcomes. Each is HubSpot's label for one of the English names above (Record ID,
# Deal Stage, Deal owner, Create Date, Close Date, Amount, Currency, Amount in company currency,
# Deal Name...) as its knowledge base and interface in that language write it, or a word whose
# meaning in an export is not in doubt ("Erstellungsdatum", "Verlustgrund"); none is a word that
# could name another column (Spanish "Cantidad" may be a line item's quantity: only "Importe" is read).
# Every field of the English preset has its names in each language, so an export made in French
# does not leave its loss reason unmapped (its lost deals then all counted as plain losses).
#
# The loss reason ("Closed Lost Reason"), and Region, Product, Competitor (not HubSpot properties:
# an account's own, named as its users name them), are the names we are least sure of. Confirmed:
# "Raison de la perte", the header of a French HubSpot export we were sent. Likely, not confirmed
# against an export or HubSpot's own label: the other loss-reason names, each a plain "reason for
# the loss" or "reason closed lost" that names nothing else in a deal export.
_LOCALISED: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "hubspot": {
        "de": {
            "opportunity_id": ("Datensatz-ID",),
            "rep": ("Deal-Inhaber",),
            "stage": ("Deal-Phase",),
            "created_date": ("Erstelldatum", "Erstellungsdatum"),
            "close_date": ("Abschlussdatum",),
            "amount": ("Betrag",),
            "currency": ("Währung", "Deal-Währung", "Währungscode"),
            "converted_amount": ("Betrag in Firmenwährung",),
            "probability": ("Deal-Wahrscheinlichkeit",),
            # Likely, not confirmed (see above).
            "loss_reason": (
                "Verlustgrund", "Grund für Verlust", "Grund für verlorenen Deal", "Grund für den Verlust",
                "Grund für Verlust des Deals",
            ),
            "account": ("Zugeordnetes Unternehmen", "Unternehmensname", "Firmenname"),
            "segment": ("Deal-Typ",),
            "region": ("Region", "Gebiet"),
            "product": ("Produkt", "Produktname"),
            "competitor": ("Wettbewerber", "Hauptwettbewerber"),
            "opportunity_name": ("Deal-Name",),
        },
        "fr": {
            "opportunity_id": ("ID de fiche d'informations",),
            "rep": ("Propriétaire de la transaction",),
            "stage": ("Phase de la transaction", "Phase de transaction"),
            "created_date": ("Date de création",),
            "close_date": ("Date de fermeture",),
            "amount": ("Montant",),
            "currency": ("Devise", "Devise de la transaction", "Code de devise"),
            "converted_amount": ("Montant dans la devise de l'entreprise",),
            "probability": ("Probabilité de la transaction",),
            # "Raison de la perte" confirmed (a French export's header); the others likely.
            "loss_reason": (
                "Raison de la perte", "Raison de perte", "Motif de la perte", "Motif de perte",
                "Raison de la perte de la transaction", "Raison de fermeture perdue",
            ),
            "account": ("Entreprise associée", "Nom de l'entreprise"),
            "segment": ("Type de transaction",),
            "region": ("Région", "Territoire"),
            "product": ("Produit", "Nom du produit"),
            "competitor": ("Concurrent", "Concurrent principal"),
            "opportunity_name": ("Nom de la transaction",),
        },
        "es": {
            "opportunity_id": ("ID de registro",),
            "rep": ("Propietario del negocio",),
            "stage": ("Etapa del negocio",),
            "created_date": ("Fecha de creación",),
            "close_date": ("Fecha de cierre",),
            "amount": ("Importe",),
            "currency": ("Moneda", "Moneda del negocio", "Código de moneda"),
            "converted_amount": ("Importe en la moneda de la empresa",),
            "probability": ("Probabilidad del negocio",),
            # Likely, not confirmed (see above).
            "loss_reason": (
                "Motivo de pérdida", "Motivo de la pérdida", "Razón de pérdida", "Razón de la pérdida",
                "Motivo de cierre perdido", "Motivo de pérdida del negocio",
            ),
            "account": ("Empresa asociada", "Nombre de la empresa"),
            "segment": ("Tipo de negocio",),
            "region": ("Región", "Territorio"),
            "product": ("Producto", "Nombre del producto"),
            "competitor": ("Competidor", "Competidor principal"),
            "opportunity_name": ("Nombre del negocio",),
        },
        # HubSpot's Japanese labels (取引 is its deal, 取引担当者 the deal owner).
        "ja": {
            "opportunity_id": ("レコードID",),
            "rep": ("取引担当者",),
            "stage": ("取引ステージ",),
            "created_date": ("作成日",),
            "close_date": ("完了日",),
            "amount": ("金額",),
            "currency": ("通貨", "取引の通貨コード"),
            "converted_amount": ("会社の通貨での金額",),
            "probability": ("取引確度",),
            # Likely, not confirmed (see above).
            "loss_reason": ("失注理由", "取引の失注理由"),
            "account": ("関連付けられた会社", "会社名"),
            "segment": ("取引タイプ",),
            "region": ("地域", "テリトリー"),
            "product": ("製品", "製品名"),
            "competitor": ("競合", "競合他社"),
            "opportunity_name": ("取引名",),
        },
    },
    # Salesforce's labels of the standard Opportunity fields the English preset reads (Opportunity
    # Owner, Account Name, Opportunity Name, Stage, Amount, Opportunity Currency, Probability (%), Close
    # Date, Created Date, Opportunity ID) as its interface in each language writes them in a report's header: a
    # German report export was refused for want of a rep and a stage column ("Opportunity-Inhaber",
    # "Phase"). Type and Lead Source are left out, as the English preset leaves "Type" and "Lead
    # Source" out: no field reads them. Salesforce has no standard loss reason; an org's own field
    # is named in its language, so each language's plain "reason for the loss" names are read, as
    # for HubSpot above (the French one is Trailhead's French example of that field, "Motif de
    # perte"). Each name says the field whole ("Nom du compte", not "Nom"): "Fase", "Phase", "Etapa"
    # and "Étape" name nothing but the stage in an opportunity export.
    "salesforce": {
        "de": {
            "opportunity_id": ("Opportunity-ID",),
            "rep": ("Opportunity-Inhaber",),
            "stage": ("Phase",),
            "created_date": ("Erstelldatum",),
            "close_date": ("Schlusstermin",),
            "amount": ("Betrag",),
            "currency": ("Opportunity-Währung", "Währung"),
            "probability": ("Wahrscheinlichkeit (%)", "Wahrscheinlichkeit"),
            "loss_reason": ("Verlustgrund", "Grund für Verlust", "Grund für den Verlust"),
            "account": ("Accountname",),
            "opportunity_name": ("Opportunity-Name",),
        },
        "fr": {
            "opportunity_id": ("ID de l'opportunité",),
            "rep": ("Propriétaire de l'opportunité",),
            "stage": ("Étape",),
            "created_date": ("Date de création",),
            "close_date": ("Date de clôture",),
            "amount": ("Montant",),
            "currency": ("Devise de l'opportunité", "Devise"),
            "probability": ("Probabilité (%)", "Probabilité"),
            "loss_reason": ("Motif de perte", "Motif de la perte", "Raison de la perte", "Raison de perte"),
            "account": ("Nom du compte",),
            "opportunity_name": ("Nom de l'opportunité",),
        },
        "es": {
            "opportunity_id": ("ID de la oportunidad", "ID de oportunidad"),
            "rep": ("Propietario de la oportunidad", "Propietario de oportunidad"),
            "stage": ("Etapa",),
            "created_date": ("Fecha de creación",),
            "close_date": ("Fecha de cierre",),
            "amount": ("Importe",),
            "currency": ("Divisa de la oportunidad", "Moneda de la oportunidad", "Divisa", "Moneda"),
            "probability": ("Probabilidad (%)", "Probabilidad"),
            "loss_reason": ("Motivo de pérdida", "Motivo de la pérdida", "Razón de pérdida", "Razón de la pérdida"),
            "account": ("Nombre de la cuenta",),
            "opportunity_name": ("Nombre de la oportunidad",),
        },
        "pt": {
            "opportunity_id": ("ID da oportunidade",),
            "rep": ("Proprietário da oportunidade",),
            "stage": ("Fase",),
            "created_date": ("Data de criação",),
            "close_date": ("Data de fechamento",),
            "amount": ("Valor",),
            "currency": ("Moeda da oportunidade", "Moeda"),
            "probability": ("Probabilidade (%)", "Probabilidade"),
            "loss_reason": ("Motivo da perda", "Motivo de perda", "Razão da perda"),
            "account": ("Nome da conta",),
            "opportunity_name": ("Nome da oportunidade",),
        },
        "it": {
            "opportunity_id": ("ID opportunità",),
            "rep": ("Titolare opportunità",),
            "stage": ("Fase",),
            "created_date": ("Data creazione",),
            "close_date": ("Data chiusura",),
            "amount": ("Importo",),
            "currency": ("Valuta opportunità", "Valuta"),
            "probability": ("Probabilità (%)", "Probabilità"),
            "loss_reason": ("Motivo della perdita", "Motivo perdita"),
            "account": ("Nome account",),
            "opportunity_name": ("Nome opportunità",),
        },
        "nl": {
            "opportunity_id": ("Opportunity-id",),
            "rep": ("Opportunity-eigenaar",),
            "stage": ("Fase",),
            "created_date": ("Aanmaakdatum",),
            "close_date": ("Sluitingsdatum",),
            "amount": ("Bedrag",),
            "currency": ("Opportunity-valuta", "Valuta"),
            "probability": ("Waarschijnlijkheid (%)", "Waarschijnlijkheid"),
            "loss_reason": ("Reden van verlies", "Verliesreden"),
            "account": ("Accountnaam",),
            "opportunity_name": ("Opportunitynaam", "Opportunity-naam"),
        },
        # A Japanese report writes a space inside some labels ("商談 所有者"), its layout editor none.
        "ja": {
            "opportunity_id": ("商談 ID", "商談ID"),
            "rep": ("商談 所有者", "商談所有者"),
            "stage": ("フェーズ",),
            "created_date": ("作成日",),
            "close_date": ("完了予定日",),
            "amount": ("金額",),
            "currency": ("商談 通貨", "商談通貨", "通貨"),
            "probability": ("確度(%)", "確度 (%)", "確度"),
            "loss_reason": ("失注理由",),
            "account": ("取引先名",),
            "opportunity_name": ("商談名",),
        },
    },
    # Dynamics 365's opportunity columns in its Japanese edition, as the English preset reads them: Topic, Potential
    # Customer (取引先企業 where a view shows the account), Est. and Actual Revenue, Est. and Actual Close Date, Status
    # and Status Reason, Owner, Created On, Currency, Probability; its record id under the Japanese "(Do Not
    # Modify)" (_IGNORED passes over its other such columns). Its status reasons are read by winloss.ingest.outcomes.
    "dynamics": {
        "ja": {
            "opportunity_id": ("(変更しないでください) 営業案件",),
            "rep": ("所有者",),
            "stage": ("ステータス理由",),
            "status": ("ステータス",),
            "created_date": ("作成日",),
            # Its Est. Close Date is Salesforce's Close Date label too (完了予定日): as the English preset reads Est.
            # Close Date, the expected close beside the actual (an open deal's close date), the close date only
            # where the file has no actual one (expected_close_note). Read as the close date only, after the
            # actual, the open deals of an export with both had no close date.
            "close_date": ("実際の終了日", "完了予定日"),
            "expected_close_date": ("完了予定日",),
            "amount": ("見積収益", "実収益"),
            "currency": ("通貨",),
            "converted_amount": ("見積収益 (基本)", "実収益 (基本)"),
            "probability": ("確度",),
            "account": ("見込み顧客", "取引先企業"),
            "segment": ("業種",),
            "region": ("地域",),
            "opportunity_name": ("トピック",),
        },
    },
    # Pipedrive's "Deal - Currency" as its interface in each language names the deal ("Affaire", "Trato") and the
    # currency. Likely, not confirmed against an export: each names nothing but a deal's currency.
    "pipedrive": {
        "de": {"currency": ("Deal - Währung",)},
        "fr": {"currency": ("Affaire - Devise",)},
        "es": {"currency": ("Trato - Moneda",)},
        "pt": {"currency": ("Negócio - Moeda",)},
        "it": {"currency": ("Affare - Valuta",)},
        "nl": {"currency": ("Deal - Valuta",)},
        "ja": {"currency": ("取引 - 通貨",)},
        # Its Swedish stage ("Steg") beside the status: read by their plain words, the status ("Status", every
        # language's stage word too) was read as the stage and the stage left unread.
        "sv": {"currency": ("Affär - Valuta",), "stage": ("Affär - Steg",), "status": ("Affär - Status",)},
    },
    # A spreadsheet's or another CRM's plain header words in each language, beyond the CRMs' labels above (which the
    # generic names take too, _with_localised): a Dutch export of "Eigenaar", "Naam", "Fase", "Bedrag" was refused
    # for want of a rep column, and its "Valuta" of EUR, USD and GBP had been passed over before, every row stored
    # in the reporting currency. Each word names one field and nothing else in a deal export ("Eigenaar", "Ägare",
    # "Właściciel": the deal's owner, as the English "Owner" is); a bare "Name" ("Naam", "Nom", "Nombre") may be a
    # contact's as well as the deal's and is none of them: it is read by its own rule (BARE_NAMES).
    "generic": {
        "de": {
            "rep": ("Inhaber", "Besitzer", "Eigentümer", "Verkäufer", "Vertriebsmitarbeiter"),
            "stage": ("Verkaufsphase", "Vertriebsphase"),
            "created_date": ("Erstellt am", "Angelegt am"),
            "close_date": ("Abgeschlossen am",),
            "amount": ("Wert", "Umsatz", "Auftragswert"),
            "account": ("Kunde", "Kundenname", "Firma", "Unternehmen", "Organisation"),
            "expected_close_date": ("Voraussichtliches Abschlussdatum", "Erwartetes Abschlussdatum"),
            "opportunity_name": ("Dealname", "Name der Verkaufschance"),
        },
        "fr": {
            # Not "Commercial" (a salesperson in French): an English export may head a yes/no column so.
            "rep": ("Propriétaire", "Vendeur"),
            "stage": ("Phase",),
            "status": ("Statut",),
            "amount": ("Valeur",),
            "currency": ("Code devise",),
            "account": ("Compte", "Client", "Entreprise", "Société", "Nom du client", "Organisation"),
            # Dynamics 365's French actual and estimated close dates, a spreadsheet's too.
            "close_date": ("Date de clôture réelle",),
            "expected_close_date": ("Date de clôture prévue", "Date de fermeture prévue", "Date de clôture estimée"),
            "opportunity_id": ("Identifiant",),
            "opportunity_name": ("Nom de l'affaire",),
        },
        "es": {
            "rep": ("Propietario", "Vendedor"),
            "stage": ("Fase",),
            "status": ("Estado",),
            "amount": ("Valor", "Monto"),
            "account": ("Cuenta", "Cliente", "Empresa", "Nombre del cliente", "Organización"),
            "expected_close_date": ("Fecha de cierre prevista", "Fecha prevista de cierre"),
            # Pipedrive's "Deal created" in Spanish, after its "Trato - " (_deals_own_key): "Trato - Trato creado".
            "created_date": ("Trato creado",),
            "opportunity_name": ("Nombre del trato",),
        },
        "pt": {
            "rep": ("Proprietário", "Vendedor"),
            "stage": ("Etapa", "Estágio"),
            "status": ("Situação",),
            "close_date": ("Data de encerramento", "Data de fecho"),
            "amount": ("Montante",),
            "currency": ("Código da moeda",),
            "account": ("Conta", "Cliente", "Empresa", "Nome da empresa", "Nome do cliente", "Organização"),
            "expected_close_date": ("Data de fechamento prevista", "Data prevista de fechamento"),
            "opportunity_name": ("Nome do negócio",),
        },
        "it": {
            "rep": ("Proprietario", "Titolare", "Venditore"),
            "status": ("Stato",),
            "created_date": ("Data di creazione",),
            "close_date": ("Data di chiusura",),
            "amount": ("Valore",),
            "currency": ("Codice valuta",),
            "account": ("Cliente", "Azienda", "Nome azienda", "Nome cliente", "Organizzazione"),
            "expected_close_date": ("Data di chiusura prevista",),
            "opportunity_name": ("Nome trattativa",),
        },
        "nl": {
            "rep": ("Eigenaar", "Verkoper", "Dealeigenaar", "Deal-eigenaar"),
            "stage": ("Dealfase", "Stadium"),
            "created_date": ("Datum aangemaakt", "Aangemaakt op", "Creatiedatum"),
            "close_date": ("Afsluitdatum", "Datum gesloten", "Gesloten op"),
            "amount": ("Waarde", "Dealwaarde", "Omzet"),
            "currency": ("Valutacode",),
            "loss_reason": ("Reden verlies",),
            "account": ("Klant", "Klantnaam", "Bedrijf", "Bedrijfsnaam", "Organisatie"),
            "opportunity_id": ("Dealnummer",),
            "opportunity_name": ("Dealnaam", "Deal-naam", "Naam van de deal"),
        },
        "sv": {
            "rep": ("Ägare", "Affärsägare", "Säljare"),
            # "Vunnen tid", "Förlorad tid", "Affär skapad": Pipedrive's won and lost times and "Deal created" in
            # Swedish, after its "Affär - " (_deals_own_key). Likely, not confirmed against an export: each names
            # nothing else in a deal export.
            "stage": ("Fas", "Affärsfas", "Säljsteg"),
            "won_date": ("Vunnen tid",),
            "lost_date": ("Förlorad tid",),
            "expected_close_date": ("Förväntat stängningsdatum",),
            "created_date": ("Skapad", "Skapad datum", "Datum skapad", "Skapandedatum", "Affär skapad"),
            "close_date": ("Stängningsdatum", "Stängd datum", "Datum stängd", "Avslutsdatum"),
            "amount": ("Belopp", "Värde", "Affärsvärde"),
            "currency": ("Valuta", "Valutakod"),
            "loss_reason": ("Förlustorsak", "Orsak till förlust", "Anledning till förlust"),
            "account": ("Kund", "Kundnamn", "Företag", "Företagsnamn", "Konto", "Kontonamn"),
            "opportunity_id": ("Affärs-ID",),
            "opportunity_name": ("Affärsnamn", "Affärens namn"),
        },
        "da": {
            "rep": ("Ejer", "Aftaleejer", "Sælger"),
            "stage": ("Fase", "Stadie", "Aftalefase"),
            "created_date": ("Oprettet", "Oprettet dato", "Dato oprettet", "Oprettelsesdato"),
            "close_date": ("Lukkedato", "Lukket dato", "Afslutningsdato"),
            "amount": ("Beløb", "Værdi"),
            "currency": ("Valuta", "Valutakode"),
            "loss_reason": ("Tabsårsag", "Årsag til tab"),
            "account": ("Kunde", "Kundenavn", "Firma", "Konto", "Virksomhed", "Virksomhedsnavn", "Kontonavn", "Firmanavn"),
            "opportunity_id": ("Aftale-ID",),
            "opportunity_name": ("Aftalenavn",),
        },
        "pl": {
            "rep": ("Właściciel", "Handlowiec", "Sprzedawca"),
            "stage": ("Etap", "Etap sprzedaży", "Faza"),
            "created_date": ("Data utworzenia",),
            "close_date": ("Data zamknięcia",),
            "amount": ("Kwota", "Wartość"),
            "currency": ("Waluta", "Kod waluty"),
            "loss_reason": ("Powód przegranej", "Przyczyna przegranej", "Powód utraty"),
            "account": ("Klient", "Nazwa klienta", "Firma", "Nazwa firmy", "Konto", "Nazwa konta"),
            "opportunity_name": ("Nazwa szansy", "Nazwa transakcji", "Nazwa okazji"),
        },
        # A spreadsheet's Japanese words beyond the CRMs' labels: 営業担当者 the salesperson, 取引先企業 the account.
        "ja": {
            "opportunity_id": ("案件ID", "案件番号"),
            "rep": ("営業担当者", "営業担当", "担当者"),
            "stage": ("ステージ", "営業ステージ"),
            "created_date": ("作成日時", "登録日"),
            "close_date": ("成約日", "クローズ日"),
            "amount": ("受注金額", "商談金額"),
            "currency": ("通貨コード",),
            "account": ("取引先", "顧客", "顧客名"),
            "expected_close_date": ("受注予定日",),
            "opportunity_name": ("案件名", "商談名"),
        },
    },
}
# The localised names only one CRM writes (its record id, owner, stage and deal name), which
# count towards recognising its exports as its English ones do (_signature_bonus). Salesforce's
# localised stage ("Phase", "Fase", "Etapa") is any CRM's word for it, so it is no signature, nor
# is a name that folds to one the generic names read ("Opportunity-ID" is "Opportunity ID").
_LOCALISED_SIGNATURE_FIELDS = {
    "hubspot": ("opportunity_id", "rep", "stage", "opportunity_name"),
    "salesforce": ("opportunity_id", "rep", "opportunity_name"),
}


def _with_localised(presets: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, tuple[str, ...]]]:
    """`presets` with each CRM's localised names (_LOCALISED) after its own, as written. The generic names take
    every CRM's localised names too, but those of the fields that tell its exports apart
    (_LOCALISED_SIGNATURE_FIELDS): "Fase", "Bedrag", "Sluitingsdatum" head a Dutch spreadsheet as they head a
    Dutch Salesforce report, and are written once, in Salesforce's list."""
    merged = {source: dict(fields) for source, fields in presets.items()}
    for source, languages in _LOCALISED.items():
        for names in languages.values():
            for field_name, labels in names.items():
                merged[source][field_name] = merged[source].get(field_name, ()) + labels
                if source != "generic" and field_name not in _LOCALISED_SIGNATURE_FIELDS.get(source, ()):
                    merged["generic"][field_name] = merged["generic"].get(field_name, ()) + labels
    return merged


def _keyed(synonyms: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A field -> names table with each name folded by header_key (the key columns are matched by),
    a name repeated under the fold once, in the order written."""
    return {field_name: tuple(dict.fromkeys(map(header_key, names))) for field_name, names in synonyms.items()}


# Each name the presets give in English, folded: what a localised name also spelled so ("Phase") is not
# counted as a language's by header_language.
_ENGLISH_KEYS = frozenset(header_key(name) for fields in _PRESETS.values() for names in fields.values() for name in names)
_PRESETS = {source: _keyed(fields) for source, fields in _with_localised(_PRESETS).items()}
# The headers that name an expected close date by their words, folded: every table's names of the expected close
# date ("Expected Close Date", "Est. Close Date", "Date de clôture prévue", "受注予定日", "完了予定日", Salesforce
# Japan's label of its Close Date: "scheduled completion date"). Some are a close date's names too, read so where
# the file has no other (expected_close_note).
EXPECTED_CLOSE_KEYS = frozenset(name for fields in _PRESETS.values() for name in fields.get("expected_close_date", ()))
# The headers some table reads as the close date that name an expected one ("Est. Close Date", "完了予定日"): read
# so only where the file names no actual close date (_actual_close_first).
CLOSE_OR_EXPECTED_KEYS = frozenset(
    name for fields in _PRESETS.values() for name in fields.get("close_date", ())
) & EXPECTED_CLOSE_KEYS
# The headers that name the day a deal closed: every table's close date names but the expected ones ("Close Date",
# "Actual Close Date", "成約日", "実際の終了日", "Date de clôture réelle").
ACTUAL_CLOSE_KEYS = frozenset(
    name for fields in _PRESETS.values() for name in fields.get("close_date", ())
) - EXPECTED_CLOSE_KEYS
# The languages _LOCALISED holds names in, as a sentence names them ("its French headers").
LANGUAGE_NAMES: dict[str, str] = {
    "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "sv": "Swedish",
    "da": "Danish", "pl": "Polish", "ja": "Japanese",
}
# Each language's localised names (every CRM's), folded, but those English headers use too.
_LANGUAGE_KEYS: dict[str, frozenset[str]] = {
    language: frozenset(
        header_key(label) for languages in _LOCALISED.values() for names in languages.get(language, {}).values()
        for label in names
    ) - _ENGLISH_KEYS
    for language in LANGUAGE_NAMES
}


def header_language(headers: Iterable[str]) -> str | None:
    """The language (a key of LANGUAGE_NAMES) a CRM's interface was in when it wrote `headers` (a file's
    mapped columns): the one whose localised names (_LOCALISED) name at least two of them, more than any
    other language's do; None when none does, or two tie ("Fase" is Italian, Dutch and Portuguese)."""
    keys = {header_key(header) for header in headers}
    counts = sorted(((len(keys & names), language) for language, names in _LANGUAGE_KEYS.items()), reverse=True)
    (most, language), (second, _) = counts[0], counts[1]
    return language if most >= 2 and most > second else None
_GENERIC_NAMES = {name for names in _PRESETS["generic"].values() for name in names}
_LOCALISED_SIGNATURES = {
    source: {
        header_key(label) for names in languages.values() for f in _LOCALISED_SIGNATURE_FIELDS.get(source, ())
        for label in names.get(f, ())
    } - _GENERIC_NAMES
    for source, languages in _LOCALISED.items()
}

# The questionnaire the app hands out (winloss.ingest.questionnaire) uses the first name of each.
_ASSESSMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rep": ("rep", "rep name", "sales rep", "seller"),
    "rater": ("rater", "rated by", "assessor", "rater name"),
    "date": ("date", "date rated", "assessment date", "rated on"),
    "statement": ("statement id", "statement no", "statement number", "item"),
    "score": ("score (1 5)", "score", "rating", "answer"),
}

_ROSTER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rep": (
        "rep", "rep name", "sales rep", "name", "sales agent", "seller", "owner", "full name", "employee",
        "employee name", "user",
    ),
    "seller_profile": ("seller profile", "profile", "challenger profile", "seller type", "rep profile", "selling style"),
    "team": ("team", "sales team", "pod", "group"),
    "manager": ("manager", "sales manager", "reports to", "line manager"),
    "region": ("region", "territory", "geo", "regional office"),
    # The rep's work email, which a CRM writing a deal's owner as an email names them by (identity.owners_by_email).
    "email": ("email", "e-mail", "email address", "e-mail address", "work email", "work e-mail", "business email"),
    # The rep's coach in a coaching programme: a person the sidebar's Coach filter chooses reps by.
    "coach": ("coach", "mentor", "sales coach", "coached by", "rep coach", "sales mentor"),
    # The rep's name in two columns, as HR tools export it in each language the presets know (winloss.ingest.name_order).
    name_order.FIRST_NAME: (
        "first name", "firstname", "given name", "forename", "vorname", "prenom", "nombre", "nome", "voornaam",
        "primeiro nome",
    ),
    name_order.LAST_NAME: (
        "last name", "lastname", "surname", "family name", "nachname", "familienname", "nom", "nom de famille",
        "apellidos", "apellido", "cognome", "achternaam", "sobrenome", "apelido",
    ),
    # Whether the rep still works here (winloss.employment): an HR tool's Status or Active column, or its end date.
    employment.STATUS: (
        "status", "employment status", "employee status", "rep status", "user status", "active", "is active",
        "active status",
    ),
    employment.END_DATE: (
        "end date", "left on", "date left", "leave date", "leaving date", "termination date", "last day",
        "last working day", "departure date", "end of employment",
    ),
    # The day the rep joined their team (winloss.team_history): their deals closed before it stay with their earlier team.
    team_history.TEAM_SINCE: (
        "team start date", "team since", "start date in team", "in team since", "team start", "joined team",
        "team joined", "date joined team",
    ),
}
# A roster's headers in the languages the exports' plain headers are read in (_LOCALISED's generic names), one list a
# field, each after English's so an English header wins where a file has both. A field a deal export has too is read
# from the words written for it there, once (_roster_with_localised): the rep from each language's words for a deal's
# owner or seller ("Eigenaar", "Verkäufer"), the region from every CRM's localised region ("Gebiet", "Région").
# Written here are the words only a list of people has: a person's whole name (not "Nom", "Nombre", "Nome", the
# name parts below), an employee; a team, a manager, a seller profile; an employment status and an end date, whose
# values winloss.employment reads in the same languages; the day the rep joined their team.
_ROSTER_LOCALISED: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "rep": ("Naam", "Volledige naam", "Medewerker", "Naam medewerker", "Vertegenwoordiger"),
        "email": ("E-mailadres",),
        "seller_profile": ("Verkopersprofiel", "Profiel", "Verkoopprofiel"),
        "team": ("Verkoopteam",),
        "manager": ("Leidinggevende", "Teamleider", "Verkoopmanager"),
        "coach": ("Verkoopcoach", "Begeleider"),
        "region": ("Regio",),
        employment.STATUS: ("Dienstverband", "Actief", "Status medewerker"),
        employment.END_DATE: ("Uit dienst", "Datum uit dienst", "Einddatum", "Einde dienstverband"),
        team_history.TEAM_SINCE: ("In team sinds", "Startdatum team", "Team sinds"),
    },
    "de": {
        "rep": ("Vollständiger Name", "Mitarbeiter", "Mitarbeitername", "Mitarbeiterin"),
        "email": ("E-Mail-Adresse",),
        "seller_profile": ("Verkäuferprofil", "Profil", "Vertriebsprofil"),
        "team": ("Vertriebsteam", "Verkaufsteam"),
        "manager": ("Vorgesetzter", "Vorgesetzte", "Führungskraft", "Teamleiter", "Vertriebsleiter"),
        "coach": ("Vertriebscoach", "Verkaufscoach"),
        employment.STATUS: ("Beschäftigungsstatus", "Aktiv", "Mitarbeiterstatus"),
        employment.END_DATE: ("Austrittsdatum", "Austritt", "Enddatum", "Letzter Arbeitstag"),
        team_history.TEAM_SINCE: ("Im Team seit", "Team seit", "Teameintritt", "Startdatum Team"),
    },
    "fr": {
        "rep": ("Nom complet", "Prénom et nom", "Nom et prénom", "Employé", "Collaborateur"),
        "email": ("Adresse e-mail", "Courriel"),
        "seller_profile": ("Profil", "Profil du vendeur", "Profil commercial"),
        "team": ("Équipe", "Équipe commerciale"),
        "manager": ("Responsable", "Supérieur hiérarchique", "Manager direct", "Responsable commercial"),
        "coach": ("Coach commercial", "Tuteur", "Tutrice"),
        employment.STATUS: ("Statut", "Actif", "Statut de l'employé"),
        employment.END_DATE: ("Date de départ", "Date de sortie", "Date de fin de contrat"),
        team_history.TEAM_SINCE: ("Dans l'équipe depuis", "Équipe depuis", "Date d'entrée dans l'équipe"),
    },
    "es": {
        "rep": ("Nombre completo", "Nombre y apellidos", "Empleado", "Comercial"),
        "email": ("Correo electrónico", "Correo"),
        "seller_profile": ("Perfil", "Perfil del vendedor", "Perfil comercial"),
        "team": ("Equipo", "Equipo de ventas", "Equipo comercial"),
        "manager": ("Gerente", "Responsable", "Jefe", "Jefe directo", "Supervisor"),
        "coach": ("Coach de ventas", "Tutor"),
        employment.STATUS: ("Estado", "Activo", "Estado del empleado"),
        employment.END_DATE: ("Fecha de baja", "Fecha de salida", "Último día"),
        team_history.TEAM_SINCE: ("En el equipo desde", "Equipo desde", "Fecha de entrada al equipo"),
    },
    "it": {
        "rep": ("Nome e cognome", "Nome completo", "Dipendente", "Commerciale"),
        "email": ("Indirizzo email", "Indirizzo e-mail"),
        "seller_profile": ("Profilo", "Profilo venditore", "Profilo commerciale"),
        "team": ("Squadra", "Team di vendita", "Team commerciale"),
        "manager": ("Responsabile", "Responsabile diretto", "Capo"),
        "coach": ("Coach commerciale", "Tutor"),
        "region": ("Regione",),
        employment.STATUS: ("Stato", "Attivo", "Stato dipendente"),
        employment.END_DATE: ("Data di cessazione", "Data fine rapporto", "Ultimo giorno"),
        team_history.TEAM_SINCE: ("Nel team dal", "Team dal", "Data ingresso team"),
    },
    "pt": {
        "rep": ("Nome completo", "Funcionário", "Colaborador", "Comercial"),
        "email": ("Endereço de e-mail",),
        "seller_profile": ("Perfil", "Perfil do vendedor", "Perfil comercial"),
        "team": ("Equipe", "Equipa", "Equipe de vendas", "Equipa comercial"),
        "manager": ("Gerente", "Gestor", "Supervisor", "Responsável"),
        "coach": ("Coach de vendas", "Tutor"),
        "region": ("Região",),
        employment.STATUS: ("Situação", "Ativo", "Status do funcionário"),
        employment.END_DATE: ("Data de saída", "Data de desligamento", "Último dia"),
        team_history.TEAM_SINCE: ("Na equipe desde", "Na equipa desde", "Equipe desde", "Equipa desde"),
    },
    "sv": {
        "rep": ("Namn", "Fullständigt namn", "Anställd", "Medarbetare"),
        "email": ("E-postadress", "E-post"),
        "seller_profile": ("Profil", "Säljarprofil", "Säljprofil"),
        "team": ("Säljteam",),
        "manager": ("Chef", "Närmaste chef", "Säljchef"),
        "coach": ("Säljcoach", "Handledare"),
        "region": ("Område",),
        employment.STATUS: ("Anställningsstatus", "Aktiv"),
        employment.END_DATE: ("Slutdatum", "Sista arbetsdag", "Avgångsdatum"),
        team_history.TEAM_SINCE: ("I teamet sedan", "Team sedan", "Startdatum team"),
    },
    "da": {
        "rep": ("Navn", "Fulde navn", "Fuldt navn", "Medarbejder", "Medarbejdernavn"),
        "email": ("E-mailadresse",),
        "seller_profile": ("Profil", "Sælgerprofil", "Salgsprofil"),
        "team": ("Salgsteam",),
        "manager": ("Leder", "Nærmeste leder", "Chef", "Salgschef"),
        "coach": ("Salgscoach",),
        "region": ("Område",),
        employment.STATUS: ("Ansættelsesstatus", "Aktiv"),
        employment.END_DATE: ("Fratrædelsesdato", "Slutdato", "Sidste arbejdsdag"),
        team_history.TEAM_SINCE: ("På holdet siden", "I teamet siden", "Team siden"),
    },
    "pl": {
        "rep": ("Imię i nazwisko", "Pracownik"),
        "email": ("Adres e-mail",),
        "seller_profile": ("Profil", "Profil sprzedawcy", "Profil handlowca"),
        "team": ("Zespół", "Zespół sprzedaży", "Dział sprzedaży"),
        "manager": ("Kierownik", "Przełożony", "Menedżer", "Kierownik sprzedaży"),
        "coach": ("Trener", "Trener sprzedaży"),
        "region": ("Rejon", "Województwo"),
        employment.STATUS: ("Status zatrudnienia", "Aktywny"),
        employment.END_DATE: ("Data zwolnienia", "Data zakończenia zatrudnienia", "Ostatni dzień pracy"),
        team_history.TEAM_SINCE: ("W zespole od", "Zespół od", "Data dołączenia do zespołu"),
    },
    "ja": {
        "rep": ("氏名", "社員名", "従業員名", "営業担当者名"),
        "email": ("メールアドレス",),
        "seller_profile": ("プロファイル", "営業プロファイル", "セラープロファイル"),
        "team": ("チーム", "営業チーム"),
        "manager": ("上司", "マネージャー", "営業マネージャー"),
        "coach": ("コーチ", "営業コーチ", "メンター"),
        employment.STATUS: ("在籍状況",),
        employment.END_DATE: ("退職日", "最終出社日"),
    },
}
# The first-name and last-name headers (name_order) of the languages above the English list does not write yet.
_ROSTER_LOCALISED["sv"] |= {name_order.FIRST_NAME: ("Förnamn",), name_order.LAST_NAME: ("Efternamn",)}
_ROSTER_LOCALISED["da"] |= {name_order.FIRST_NAME: ("Fornavn",), name_order.LAST_NAME: ("Efternavn",)}
_ROSTER_LOCALISED["pl"] |= {name_order.FIRST_NAME: ("Imię",), name_order.LAST_NAME: ("Nazwisko",)}
# The deal export's fields a roster reads too, whose localised words (_LOCALISED) name the same thing in a roster.
_SHARED_WITH_EXPORTS = ("rep", "region")


def _roster_with_localised(english: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The roster's header names: `english` (field -> names), then each language's (_ROSTER_LOCALISED) and, for the
    fields an export has too (_SHARED_WITH_EXPORTS), the exports' plain words for them in each language (_LOCALISED's
    generic names, and every CRM's localised region), in that order."""
    merged = dict(english)
    for language in LANGUAGE_NAMES:
        for field_name, names in _ROSTER_LOCALISED.get(language, {}).items():
            merged[field_name] = merged[field_name] + names
        for field_name in _SHARED_WITH_EXPORTS:
            sources = _LOCALISED if field_name == "region" else {"generic": _LOCALISED["generic"]}
            for languages in sources.values():
                merged[field_name] = merged[field_name] + languages.get(language, {}).get(field_name, ())
    return merged


_ASSESSMENT_SYNONYMS, _ROSTER_SYNONYMS = _keyed(_ASSESSMENT_SYNONYMS), _keyed(_roster_with_localised(_ROSTER_SYNONYMS))

# Columns that are not fields: the ones Dynamics adds to every export, in English or Japanese (its record id
# is mapped above), and a quarantine report's own, so a fixed report can be uploaded again as it is.
_IGNORED = re.compile(r"^\(do not modify\) (?!opportunity$)|^\(変更しないでください\) (?!営業案件$)|^line in your file$|^why it was not stored$|^row as it came$")


@dataclass(frozen=True)
class Mapping:
    """Which column feeds which canonical field, for one file."""

    kind: str  # "opportunities", "roster" or "assessment"
    source: str  # one of SOURCES, or "roster", or "assessment"
    fields: dict[str, str]  # canonical field -> column header in the file
    score: int = 0  # how many headers the chosen preset recognised
    overridden: tuple[str, ...] = field(default_factory=tuple)
    # Columns whose header named a field but whose values do not fit it (see _values_checked):
    # (that field, the column, the field it feeds instead or None when it feeds none).
    unfit: tuple[tuple[str, str, str | None], ...] = field(default_factory=tuple)
    # The mapping remembered for this layout that the fields started from instead of the presets'.
    remembered: Remembered | None = None
    # (field, column): columns whose header also names a mapped field that changes the figures (the
    # amount), left unread; the file report names them (passed_over_notes).
    passed_over: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # What the headers said of the file's kind, when it was detected (kind "auto"), mapped by the
    # presets and the headers left the kind in doubt (KindDecision.doubt); None otherwise.
    doubt: KindDecision | None = None
    # Columns each headed as an amount in its own currency ("Amount EUR", "Amount USD"), none read as the amount
    # (which is each deal's is not guessed): the file report names them (several_amounts_note).
    unit_amounts: tuple[str, ...] = ()
    # The column read as the currency because every value it holds is one (currency_by_values), with the codes
    # it names and the merged header it is a part of beside the amount ("" when it is the file's only such column).
    currency_found: tuple[str, tuple[str, ...], str] | None = None
    # Several columns that each hold only currencies, none read (the file has no currency column): which gives
    # each deal's currency is the user's to say, and amounts that name none are not stored (held_currency_sentence).
    currency_columns: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return {"roster": ROSTER_REQUIRED, "assessment": ASSESSMENT_REQUIRED}.get(self.kind, OPPORTUNITY_REQUIRED)

    @property
    def missing_required(self) -> list[str]:
        return [f for f in self.required if f not in self.fields and not (f == "opportunity_id" and self.keyed_by_name)
                and not (f == "rep" and self.rep_in_parts)]

    @property
    def rep_in_parts(self) -> bool:
        """True when a roster's rep is read from a first-name and a last-name column (name_order.joined)."""
        return self.kind == "roster" and "rep" not in self.fields and all(f in self.fields for f in name_order.PARTS)

    @property
    def keyed_by_name(self) -> bool:
        """True when no column holds an id but account and opportunity name together can be the key."""
        return (
            self.kind == "opportunities" and "opportunity_id" not in self.fields
            and "account" in self.fields and OPPORTUNITY_NAME in self.fields
        )  # fmt: skip

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The file's headers that say which deal (or rep) a row is: one id column, or account and name."""
        if self.kind == "roster":
            if self.rep_in_parts:
                return tuple(self.fields[f] for f in name_order.PARTS)
            return tuple(c for c in (self.fields.get("rep"),) if c)
        if self.keyed_by_name:
            return (self.fields["account"], self.fields[OPPORTUNITY_NAME])
        return tuple(c for c in (self.fields.get("opportunity_id"),) if c)

    def column_for(self, field_name: str) -> str:
        """The file's header for a field, or the field's own label when unmapped."""
        if (field_name == "opportunity_id" and self.keyed_by_name) or (field_name == "rep" and self.rep_in_parts):
            return " + ".join(self.key_columns)
        return self.fields.get(field_name, FIELD_LABELS.get(field_name, field_name))


# Headers of a stage column whose closed values are reasons as well: Dynamics' Status Reason says
# why a deal closed without a win ("Out-Sold", "Canceled", or a custom reason), not only that it did.
_STATUS_REASON_HEADERS = frozenset({"status reason"})


def reason_in_stage(mapping: Mapping) -> str | None:
    """The stage column (a header in the file) whose values are a lost or no-decision deal's loss
    reason, when no column of the file feeds the loss reason: a Status Reason column. None otherwise.

    README (Outcomes) and DESIGN treat Dynamics' status reason as the reason; kept only in the stage,
    every Canceled or Out-Sold deal showed "Loss reason —" and sat under "(no reason given)".
    """
    if mapping.kind != "opportunities" or "loss_reason" in mapping.fields:
        return None
    column = mapping.fields.get("stage")
    return column if column is not None and header_key(column) in _STATUS_REASON_HEADERS else None


def _match(columns: Sequence[str], synonyms: MappingOf[str, Iterable[str]], frame: pl.DataFrame | None,
           key: Callable[[str], str | None] = header_key) -> dict[str, str]:
    """Assign each field the first synonym found among the columns, each column used once. `key`: what a
    column is matched by (header_key; _deals_own_key for a header naming the deal around a field's word),
    a column it gives None left out."""
    keys: dict[str, list[str]] = {}
    for column in columns:
        matched_by = key(column)
        if matched_by is not None and not _IGNORED.match(header_key(column)):
            keys.setdefault(matched_by, []).append(column)
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for field_name, names in synonyms.items():
        for name in names:
            candidates = [c for c in keys.get(name, []) if c not in used]
            if candidates:
                best = _longest_values(candidates, frame) if field_name == "opportunity_id" else candidates[0]
                chosen[field_name] = best
                used.add(best)
                break
    return chosen


def _longest_values(candidates: list[str], frame: pl.DataFrame | None) -> str:
    """Of duplicate id columns (Salesforce writes 15- and 18-character ids), the one with longer ids."""
    if frame is None or len(candidates) == 1:
        return candidates[0]
    lengths = {c: frame.get_column(c).head(1000).str.len_chars().mean() or 0 for c in candidates}
    return max(candidates, key=lambda c: lengths[c])


# Fields whose columns only an opportunity export has: a file naming one holds deals. Their names are
# every preset's (the generic ones, each CRM's, each language's) but for those a roster or an HR tool's
# people table writes too (_SHARED_NAMES): a Status of Active / Left, an ID, a Name, a Start Date.
# The created date is no sign either way (a CRM's users table has a Created Date), nor the rep,
# region, segment, product or currency.
_DEAL_FIELDS = (
    "opportunity_id", "stage", "close_date", "expected_close_date", "won_date", "lost_date", "is_closed",
    "is_won", "amount", "converted_amount", "probability", "loss_reason", "account", "competitor",
    "opportunity_name",
)
_SHARED_NAMES = frozenset(map(header_key, (
    "status", "id", "name", "reason", "company", "organization", "organisation", "start date", "created",
)))
# The columns an HR tool or a CRM's users table adds to a list of people, which no deal export has on
# its own ("Owner Email" would be a deal's; a plain "Email" is a person's).
_PEOPLE_NAMES = frozenset(map(header_key, (
    "email", "e-mail", "email address", "e-mail address", "work email", "business email", "employee id",
    "employee number", "employee no", "staff id", "personnel number", "job title", "title", "position", "role",
    "hire date", "date hired", "date of hire", "start date", "end date", "leave date", "termination date",
    "quota", "annual quota", "quarterly quota", "location", "office", "department", "active", "is active",
    "employment status", "employment type", "phone", "mobile", "work phone",
    # The same in the languages a roster's headers are read in (_ROSTER_LOCALISED): an email, a job title, a
    # department, a hire date.
    "E-mailadres", "Functie", "Functietitel", "Afdeling", "Datum in dienst", "In dienst sinds",
    "E-Mail-Adresse", "Berufsbezeichnung", "Stellenbezeichnung", "Abteilung", "Eintrittsdatum",
    "Adresse e-mail", "Courriel", "Intitulé du poste", "Poste", "Département", "Date d'embauche", "Date d'entrée",
    "Correo electrónico", "Correo", "Puesto", "Cargo", "Departamento", "Fecha de alta", "Fecha de incorporación",
    "Indirizzo email", "Qualifica", "Mansione", "Reparto", "Data di assunzione",
    "Endereço de e-mail", "Função", "Data de admissão",
    "E-postadress", "Befattning", "Avdelning", "Anställningsdatum",
    "E-mailadresse", "Stilling", "Stillingsbetegnelse", "Ansættelsesdato",
    "Adres e-mail", "Stanowisko", "Dział", "Data zatrudnienia",
)))
_DEAL_NAMES = frozenset(
    name for preset in _PRESETS.values() for field_name in _DEAL_FIELDS for name in preset.get(field_name, ())
) - _SHARED_NAMES
# How many more columns one kind must have than the other for the file to be read as it without doubt.
_CLEAR_LEAD = 2


@dataclass(frozen=True)
class KindDecision:
    """What a file's headers say it holds (detect_kind): the kind, the headers that only an
    opportunity export has (`deal`) and those only a list of people has (`roster`: a seller profile,
    an HR tool's columns), and the team, manager and region columns (`organisation`), which both
    may have. `doubt` when the headers name both kinds with neither clearly ahead, or a roster's
    columns without a roster's rep and organisation: the file report then says so (kind_doubt_sentence)."""

    kind: str
    deal: tuple[str, ...] = ()
    roster: tuple[str, ...] = ()
    organisation: tuple[str, ...] = ()
    doubt: bool = False


def kind_decision(columns: Sequence[str]) -> KindDecision:
    """What `columns` say the file holds. A profile questionnaire (statement and score columns) is
    'assessment'. Else the columns only an export has are weighed against those only a roster has
    (a seller profile; an HR tool's email, employee id, job title, start date, quota, location,
    active...): a file with more of an export's is 'opportunities', one with a rep and more of a
    roster's is 'roster' (with a seller profile, or two of team, manager, region and the HR columns,
    so a CRM's sales-teams table of rep, manager and regional office is one). A Status column is
    neither's (Active / Left, or Open / Won / Lost), nor are Team and Manager, which exports carry too.
    With neither kind named, or a roster's columns and no rep, it is 'opportunities'."""
    questionnaire = _match(columns, _ASSESSMENT_SYNONYMS, None)
    if "statement" in questionnaire and "score" in questionnaire:
        return KindDecision("assessment")
    keys = [(c, header_key(c)) for c in columns if not _IGNORED.match(header_key(c))]
    # An HR tool's Active or End date column is a sign of a list of people even though a roster reads it
    # (winloss.employment): a roster's own columns here are its rep, profile, team, manager and region.
    matched = {f: c for f, c in _match(columns, _ROSTER_SYNONYMS, None).items()
               if f not in (*employment.FIELDS, team_history.TEAM_SINCE, "email", "coach")}
    deal = tuple(c for c, key in keys if key in _DEAL_NAMES)
    people = [c for c, key in keys if key in _PEOPLE_NAMES and c not in matched.values()]
    roster = tuple(c for c in columns if c == matched.get("seller_profile") or c in people)
    organisation = tuple(matched[f] for f in ("team", "manager", "region") if f in matched)
    rep = ("rep" in matched and matched["rep"] not in deal) or all(f in matched for f in name_order.PARTS)
    like_roster = rep and ("seller_profile" in matched or len(roster) + len(organisation) >= 2)
    if like_roster and (not deal or len(roster) - len(deal) >= _CLEAR_LEAD):
        return KindDecision("roster", deal, roster, organisation)
    doubt = bool(roster) and len(deal) - len(roster) < _CLEAR_LEAD
    return KindDecision("opportunities", deal, roster, organisation, doubt=doubt)


def detect_kind(columns: Sequence[str]) -> str:
    """The kind of file `columns` head: 'opportunities', 'roster' or 'assessment' (kind_decision)."""
    return kind_decision(columns).kind


def detect_mapping(
    columns: Sequence[str],
    *,
    kind: str = "auto",
    source: str = "auto",
    overrides: MappingOf[str, str] | None = None,
    frame: pl.DataFrame | None = None,
    remembered: MappingOf[str, Remembered] | None = None,
    stage_outcomes: MappingOf[str, str] | None = None,
    header_parts: MappingOf[str, str] | None = None,
) -> Mapping:
    """The mapping for a file: the best preset (or the one named), generic synonyms for gaps, then overrides,
    then, with no currency column, the one column whose values are all currencies (currency_by_values).

    `remembered`: the store's hand-made mappings by layout_key. When one is for these columns'
    layout and the same kind, and no source preset is named, its fields are taken instead of the
    presets' (Mapping.remembered says so); their values are checked as the presets' are, and
    `overrides` still win over them.

    `stage_outcomes`: the user's stage mappings the file is read with (the store's, with the choices made for
    it), which map status values too: a Status column whose values are all ones the user maps ("Signed") says
    the outcome, as one of open / won / lost words does, so it is read.

    `header_parts`: a workbook's columns under a header cell merged across them (RawTable.header_parts).

    Raises ValueError with a sentence when an override names a field or column that does not exist.
    """
    decision = kind_decision(columns) if kind == "auto" else None
    kind = decision.kind if decision is not None else kind
    headed: tuple[str, ...] = ()  # an export's amount columns each headed with its unit (_amounts_with_unit)
    if kind in ("roster", "assessment"):
        synonyms = _ROSTER_SYNONYMS if kind == "roster" else _ASSESSMENT_SYNONYMS
        fields, chosen = _match(columns, synonyms, frame), kind
        score = len(fields)
    else:
        if source != "auto" and source not in SOURCES:
            raise ValueError(f"Unknown source '{source}': choose one of auto, {', '.join(SOURCES)}.")
        candidates = SOURCES if source == "auto" else (source,)
        scored = [(len(_match(columns, _PRESETS[s], frame)) + _signature_bonus(s, columns), s) for s in candidates]
        # Ties go to the earlier preset; generic only wins when nothing specific matches better.
        score, chosen = max(scored, key=lambda pair: (pair[0], -SOURCES.index(pair[1])))
        fields = _match(columns, _PRESETS[chosen], frame)
        # Only the fields still without a column: the stage, found already, took the "Outcome" beside it
        # (a generic stage word) and the status that column is went unread.
        gaps = {name: words for name, words in _PRESETS["generic"].items() if name not in fields}
        fields.update(_match([c for c in columns if c not in fields.values()], gaps, frame))
        # Then a header naming the deal around a field's plain word ("Étape de la transaction", "Trato - Etapa").
        gaps = {name: words for name, words in _DEALS_OWN_NAMES.items() if name not in fields}
        fields.update(_match([c for c in columns if c not in fields.values()], gaps, frame, key=_deals_own_key))
        if "stage" not in fields and "status" in fields:  # a Status column with no stage column is the stage
            fields["stage"] = fields.pop("status")
        if "converted_amount" not in fields:
            converted = _converted_amount_column([c for c in columns if c not in fields.values()])
            if converted is not None:
                fields["converted_amount"] = converted
        if OPPORTUNITY_NAME not in fields and "opportunity_id" in fields:
            fields.update(_bare_name([c for c in columns if c not in fields.values()]))
        headed = _amounts_with_unit([c for c in columns if c not in fields.values()]) if "amount" not in fields else ()
        if len(headed) == 1:
            fields["amount"] = headed[0]
        fields = _actual_close_first(fields, columns)
    known = remembered or {}
    used = (known.get(layout_key(columns)) or known.get(_layout_key_before_accents(columns))) if source == "auto" else None
    if used is not None and used.kind == kind:
        fields = remembered_fields(used, columns)
    else:
        used = None
    unfit: list[tuple[str, str, str | None]] = []
    if kind == "opportunities" and frame is not None:
        fields, unfit = _values_checked(fields, frame, stage_outcomes)
    fields, overridden = _apply_overrides(fields, overrides or {}, columns, kind)
    if kind == "roster":
        fields = _one_rep_name(fields, overridden)
    found: tuple[str, tuple[str, ...], str] | None = None
    several: tuple[str, ...] = ()
    if kind == "opportunities" and frame is not None and "currency" not in fields and "currency" not in overridden:
        found, several = currency_by_values(columns, fields, frame, header_parts or {})
        if found is not None:
            fields["currency"] = found[0]
    # What an override chose is the user's: no note on a column they put back or moved on.
    kept = tuple(
        (name, column, instead) for name, column, instead in unfit
        if fields.get(name) != column and (instead is None or fields.get(instead) == column)
    )  # fmt: skip
    also = _passed_over(columns, fields, chosen) if kind == "opportunities" and "amount" not in overridden else ()
    # A file whose columns were chosen (overrides, a remembered mapping) is what its choices made it.
    doubt = decision if decision is not None and decision.doubt and not overridden and used is None else None
    return Mapping(kind=kind, source=chosen, fields=fields, score=score, overridden=overridden, unfit=kept, remembered=used,
                   passed_over=also, doubt=doubt, unit_amounts=headed if len(headed) > 1 and "amount" not in fields else (),
                   currency_found=found, currency_columns=several)


def _actual_close_first(fields: dict[str, str], columns: Sequence[str]) -> dict[str, str]:
    """`fields` with the close date read from a header naming the day a deal closed (ACTUAL_CLOSE_KEYS: "成約日",
    "Actual Close Date", "Date de clôture réelle") where a preset took one that can name an expected close
    (CLOSE_OR_EXPECTED_KEYS: "完了予定日", "Est. Close Date") and the actual one was left unread; the expected
    one is then the expected close date, where no column is. Whatever CRM the file looks like: Salesforce Japan's
    Close Date is "完了予定日", and a Salesforce-looking export with an added "成約日" closed its won deals on
    their planned day, "成約日" unread, where a Dynamics-looking one read it (actual_close_note says which)."""
    column = fields.get("close_date")
    if column is None or header_key(column) not in CLOSE_OR_EXPECTED_KEYS:
        return fields
    taken = set(fields.values())
    actual = next((c for c in columns if c not in taken and header_key(c) in ACTUAL_CLOSE_KEYS
                   and not _IGNORED.match(header_key(c))), None)
    if actual is None:
        return fields
    result = {**fields, "close_date": actual}
    result.setdefault(EXPECTED_CLOSE, column)
    return result


# The words for a deal of the CRMs' interfaces in the languages _LOCALISED knows, folded by header_key: Pipedrive's
# deal ("Deal", "Affaire", "Trato", "Negócio", "Affare", Swedish "Affär", Norwegian "Avtale", as its Swedish and
# Norwegian help pages name a deal), HubSpot's ("Transaction", "Negocio", "Negócio", "Trattativa"), Salesforce's and
# Dynamics' opportunity ("Opportunité", "Oportunidad", "Oportunidade", "Opportunità"; Dynamics' German "Verkaufschance",
# "Verkaufschancen-" in a compound: "Verkaufschancen-Inhaber" had left a German export with no rep column). A Swedish
# Pipedrive workbook headed "Affär - Ägare", "Affär - Värde" was not recognised: no column's deal prefix was stripped.
_PIPEDRIVE_DEAL_NOUNS = ("deal", "affaire", "trato", "negocio", "affare", "affar", "avtale", "取引")
_DEAL_NOUNS = (
    *_PIPEDRIVE_DEAL_NOUNS, "deals", "opportunity", "transaction", "opportunite", "oportunidad", "oportunidade",
    "trattativa", "opportunita", "verkaufschance", "verkaufschancen", "商談", "案件",
)
_NOUNS = "|".join(_DEAL_NOUNS)
# Pipedrive's export heads each column with the deal and " - " ("Trato - Propietario"), which header_key leaves as the
# deal's word and a space; a field named with whose it is after it ("Étape de la transaction", "Fecha de creación
# del trato", "Phase des Deals", "Nome dell'opportunità").
_DEAL_PREFIX = re.compile(rf"^(?:{_NOUNS}) (?=\S)")
_DEAL_SUFFIX = re.compile(rf"\s+(?:of the|of|de la|de l'|de l|del|de|du|des|der|da|do|della|dell'|dell|van de)\s*(?:{_NOUNS})$")


def _deals_own_key(header: str) -> str | None:
    """The key (header_key) of a header that names a field by its plain word and the deal it is the deal's, without the
    deal's words: "Étape de la transaction" -> "etape", "Trato - Fecha de cierre del trato" -> "fecha de cierre",
    "Trato - Título" -> "titulo"; None for a header that names no deal so. An export made in French headed its stage
    "Étape de la transaction", which no list holds whole though "Étape" is the stage's word, and a Spanish Pipedrive
    export's "Trato - " before every field left all but its currency unread."""
    key = header_key(header)
    plain = _DEAL_SUFFIX.sub("", _DEAL_PREFIX.sub("", key, count=1))
    return plain if plain != key and plain else None


# A header that is only the word for a name, in English or a language _LOCALISED knows ("Naam", "Nom", "Nombre",
# "Nazwa"), or Pipedrive's deal title in Spanish and Portuguese ("Título"): in an opportunity export it may be the
# deal's name or a contact's (or a contact's title), so no preset's list holds it, not even Salesforce's or Dynamics'
# (their APIs' Name is the opportunity's, but a report may add a contact's Name). It is read by one rule the file report
# names, beside an id column only (bare_name_note; without one, bare_name_unread_note).
BARE_NAMES = frozenset(map(header_key, ("Name", "Naam", "Nom", "Nombre", "Nome", "Namn", "Navn", "Nazwa", "Título")))


def _bare_name(columns: Sequence[str]) -> dict[str, str]:
    """{opportunity_name: column} when exactly one of `columns` (those no field reads yet) is a bare name
    (BARE_NAMES), else {}. Asked only of an export with an id column: a name that was a contact's would then
    only label its deals wrongly, which the report's note lets the user undo, never key them (Mapping.keyed_by_name)
    and merge a contact's deals into one."""
    bare = [c for c in columns if not _IGNORED.match(header_key(c)) and header_key(c) in BARE_NAMES]
    return {OPPORTUNITY_NAME: bare[0]} if len(bare) == 1 else {}


def bare_name_note(mapping: Mapping) -> str | None:
    """The file report's sentence when detection read a bare name column (BARE_NAMES: "Name", "Naam", "Nom") as the
    opportunity name: the rule that did, and how to leave the column unread if it holds a contact's name. None when
    no such column is the opportunity name, or the user chose it (an override, a remembered mapping)."""
    column = mapping.fields.get(OPPORTUNITY_NAME)
    if (mapping.kind != "opportunities" or column is None or header_key(column) not in BARE_NAMES
            or OPPORTUNITY_NAME in mapping.overridden or mapping.remembered is not None):
        return None
    return (f"{_names([column])} is read as the opportunity name: in an opportunity export, a column headed only "
            f"'Name' or 'Title' (in any language) is taken to name the deal. If it holds another name, such as a contact's, "
            f"leave it unread{command_line_hint('--map', OPPORTUNITY_NAME + '=' + quoted(''))}.")


def bare_name_unread_note(mapping: Mapping, columns: Sequence[str]) -> str | None:
    """The file report's sentence when an opportunity export without an id column has one bare name column
    (BARE_NAMES) that detection left unread, as _bare_name's rule leaves it: why, and how to read it as the deal's
    name all the same, the account and it then keying each deal (Mapping.keyed_by_name). None when the export has
    an id, names the deal, has no account column (the name could key nothing) or no such single column."""
    fields = mapping.fields
    if mapping.kind != "opportunities" or "opportunity_id" in fields or OPPORTUNITY_NAME in fields or "account" not in fields:
        return None
    bare = _bare_name([c for c in columns if c not in fields.values()]).get(OPPORTUNITY_NAME)
    if bare is None:
        return None
    return (f"{_names([bare])} is not read as the opportunity name: a column headed only 'Name' (in any language) is "
            f"taken to name the deal only beside an id column, as with the account it would key each deal and a "
            f"contact's name would merge that contact's deals into one. If it names each deal, choose it"
            f"{command_line_hint('--map', OPPORTUNITY_NAME + '=' + quoted(bare))}.")


# A header that is an amount's name and a word saying it was converted ("Amount (converted)", "Betrag umgerechnet",
# "Est. Revenue (Base)", "Amount in company currency"), with, at most, the currency it is in ("Amount in USD
# (converted)", "Converted amount (USD)"): the converted amount, however the CRM spells it around those words.
_CONVERTED_WORDS = re.compile(
    r"\b(?:converted|conversion|umgerechnet|konvertiert|converti|convertie|convertido|convertito|omgerekend|base|basis"
    r"|in (?:the )?(?:company|home|reporting|default|corporate|base|system|organi[sz]ation) currency"
    r"|in firmenwahrung|in unternehmenswahrung|in hauswahrung)\b"
)
_FILLER_WORDS = {"in", "to", "into", "nach", "en"}  # "Amount in USD (converted)", "Betrag umgerechnet in EUR"
_AMOUNT_NAMES = frozenset(name for fields in _PRESETS.values() for name in fields.get("amount", ()))


def _converted_amount_column(columns: Sequence[str]) -> str | None:
    """The first of `columns` whose header names a converted amount (_converted_amount_header), or None."""
    return next((c for c in columns if not _IGNORED.match(header_key(c)) and _converted_amount_header(c)), None)


def _converted_amount_header(header: str) -> bool:
    """Whether `header` is an amount's name (any preset's, "Amount", "Betrag", "Est. Revenue") and a word saying it
    was converted, and else only a currency unit: "Amount in USD (converted)", "Converted amount (USD)", "Betrag
    umgerechnet", "Est. Revenue (Base)". A currency it names must be one the money rules read from a header
    (header_units.header_unit), so no converted amount is read in a currency its header does not say: "Amount
    converted to USD" is left to be mapped by hand. "Amount (converted) Currency" (the currency's column), "Expected
    Revenue (converted)" (a weighted figure) and a plain "Amount (USD)" are not converted amounts."""
    key = fold_name(header_key(header).replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " "))
    if _CONVERTED_WORDS.search(key) is None:
        return False
    rest = _CONVERTED_WORDS.sub(" ", key)
    words = [w for w in re.split(r"[\s,;/]+", rest) if w]
    units = [w for w in words if values.is_currency_unit(w.upper()) or values.is_currency_unit(w)]
    named = " ".join(w for w in words if w not in units and w not in _FILLER_WORDS)
    if named not in _AMOUNT_NAMES:
        return False
    return not units or header_unit(header) is not None


def _amounts_with_unit(columns: Sequence[str]) -> tuple[str, ...]:
    """Those of `columns` whose header is an amount's name (any preset's: "Amount", "Betrag", "Valor") with the
    unit its amounts are in ("Amount EUR", "EUR Amount", "Betrag in Euro", "Amount (k€)": header_units.unit_and_name),
    not a converted amount's. One is the amount, its unit applied as the money rules say; of several ("Amount EUR",
    "Amount USD"), which is a deal's amount is not guessed (several_amounts_note)."""
    return tuple(c for c in columns if not _IGNORED.match(header_key(c)) and not _converted_amount_header(c)
                 and (named := unit_and_name(c)) is not None and header_key(named[1]) in _AMOUNT_NAMES)


# Fields a file may name twice, where which column is read changes the figures: Dynamics' "Est. Revenue"
# and "Actual Revenue" are both an amount (the estimate is read: open deals have no actual revenue).
_NAMED_TWICE = ("amount",)


def _passed_over(columns: Sequence[str], fields: MappingOf[str, str], source: str) -> tuple[tuple[str, str], ...]:
    """(field, column) for each column whose header also names one of _NAMED_TWICE's mapped fields, by
    the chosen preset's words or the generic ones, and that feeds no field: the report names it."""
    used = set(fields.values())
    found = []
    for name in _NAMED_TWICE:
        if name not in fields:
            continue
        words = {*(_PRESETS.get(source, {}).get(name, ())), *_PRESETS["generic"].get(name, ())}
        found += [(name, c) for c in columns if c not in used and header_key(c) in words]
    return tuple(found)


def remembered_fields(remembered: Remembered, columns: Sequence[str]) -> dict[str, str]:
    """A remembered mapping's fields with each column as this file writes it: the same header, else
    the first one header_key folds alike ("CloseDate" for "Close Date"); each column feeds one field.
    A field whose column this file does not have is left out (the layouts match, so none should be)."""
    fields: dict[str, str] = {}
    for field_name, column in remembered.fields:
        alike = [c for c in columns if c == column] or [c for c in columns if header_key(c) == header_key(column)]
        free = [c for c in alike if c not in fields.values()]
        if free:
            fields[field_name] = free[0]
    return fields


def remembered_note(mapping: Mapping) -> str | None:
    """The file report's sentence when the columns were mapped as a remembered mapping says
    (Mapping.remembered), naming the file it was chosen for; None otherwise. The file name is as it
    came: escape it to show it."""
    used = mapping.remembered
    if used is None:
        return None
    return (
        f"Columns mapped as you mapped them for «{used.file_name}» on {used.on} "
        f"(same {plural(used.columns, 'column')})."
    )


# The unused columns a sentence names: a wide export (Salesforce's run to a hundred columns) is
# named by its first ones and a count, not a paragraph of headers.
UNUSED_SHOWN = 8


def unused_columns(columns: Sequence[str], mapped: Iterable[str | None]) -> list[str]:
    """The file's columns (`columns`, in file order) that feed no field: not among `mapped` (the
    mapping's columns, None for a field left unmapped). The questionnaire's own statement words
    (questionnaire.own_text_columns) are no field of anyone's and are not named."""
    used = {c for c in mapped if c} | set(own_text_columns(columns))
    return [c for c in columns if c not in used]


def unused_columns_sentence(columns: Sequence[str], mapped: Iterable[str | None], shown: int = UNUSED_SHOWN,
                            kind: str = "opportunities") -> str | None:
    """The sentence naming the columns the app ignores, or None when every column feeds a field:
    "Not used: 'Raison de la perte', 'Pipeline'. If one of them holds a field, map it (on the
    command line: --map FIELD=COLUMN)." The first `shown` are named, then how many more. The names are as the file
    wrote them: escape the sentence to show it (md, terminal_text); the Data page shows it through
    page_sentence, which names its own control instead of the flag.

    A file of another `kind` than a roster names its team column (a roster's word for a team: "Team", "Pod")
    apart, saying what the product does with it (team_history.EXPORT_TEAM_WORDS): no field of a deal takes a
    team, so the advice to map it would point at nothing.

    The mapping table lists fields; a column it leaves out was never named, so a column holding
    the loss reason under a name the app does not know went unseen."""
    unused = unused_columns(columns, mapped)
    teams = [c for c in unused if header_key(c) in _ROSTER_SYNONYMS["team"]] if kind != "roster" else []
    unused = [c for c in unused if c not in teams]
    team_names = ", ".join(f"'{c}'" for c in teams)
    said = [f"Not read: {team_names}: {team_history.EXPORT_TEAM_WORDS}."] if teams else []
    if unused:
        names = ", ".join(f"'{c}'" for c in unused[:shown])
        more = f" and {count(len(unused) - shown)} more" if len(unused) > shown else ""
        who = "it" if len(unused) == 1 else "one of them"
        said.insert(0, f"Not used: {names}{more}. If {who} holds a field, map it{command_line_hint('--map', 'FIELD=COLUMN')}.")
    return " ".join(said) or None


def currency_code_columns(columns: Sequence[str], mapped: Iterable[str | None], frame: pl.DataFrame) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each of `columns` no field reads (unused_columns) whose values in `frame`'s first SAMPLE_ROWS rows are,
    all that are not blank, currencies ("EUR", "usd", "€", "US Dollar": values.currency_code), as (the column,
    the ISO codes they name, sorted), in file order: a currency column under a name no preset knows ("Valuta",
    "Divisa"), which the file report names instead of saying the file names no currency."""
    unused = [column for column in unused_columns(columns, mapped) if column in frame.columns]
    if not unused:
        return ()
    # Every column's values in one column, read by one query: a query per column cost as much for a file's
    # 20 rows as for its first thousand, on every file with a few columns no field reads.
    values_of = frame.head(SAMPLE_ROWS).select(pl.col(column).cast(pl.String) for column in unused).unpivot(
        variable_name="column", value_name="value").drop_nulls("value").unique(maintain_order=True)
    codes = values_of.select("column", values.currency_code(pl.col("value")).alias("code")).drop_nulls("code")
    read = codes.group_by("column").agg(pl.col("code").unique().sort().alias("codes"), (pl.col("code") == "").any().alias("unread"))
    by_column = {column: (tuple(found), unread) for column, found, unread in read.iter_rows()}
    return tuple((column, by_column[column][0]) for column in unused if column in by_column and not by_column[column][1])


def currency_by_values(
    columns: Sequence[str], fields: MappingOf[str, str], frame: pl.DataFrame, header_parts: MappingOf[str, str],
) -> tuple[tuple[str, tuple[str, ...], str] | None, tuple[str, ...]]:
    """For a file whose mapping (`fields`) reads an amount and no currency: (the column to read as the deals'
    currency, the codes it names, the merged header it is a part of or ""), or None, and the columns that each
    hold only currencies when no one of them can be chosen.

    A column no field reads whose every value is a currency (currency_code_columns) is the currency the amounts
    are in: left unread, its JPY and EUR amounts were stored as US dollars. It is read when it is the part of
    the amount's merged header (`header_parts`: "Est. Revenue" merged over the amount and its currency), else
    when it is the file's only such column; with several, which one is the deals' cannot be told.
    """
    if "amount" not in fields:
        return None, ()
    candidates = [(column, codes) for column, codes in currency_code_columns(columns, fields.values(), frame)
                  if _another_columns(column, columns, fields["amount"]) is None]
    merged = [(column, codes) for column, codes in candidates if header_parts.get(column) == fields["amount"]]
    if len(merged) == 1:
        return (*merged[0], fields["amount"]), ()
    if len(candidates) == 1:
        return (*candidates[0], ""), ()
    return None, tuple(column for column, _ in candidates)


def _another_columns(column: str, columns: Sequence[str], amount: str) -> str | None:
    """The column of `columns` (not the `amount`'s) whose name, or its part after a CRM's "Deal - " prefix, the
    header `column` holds: Pipedrive's "Deal - Currency of Weighted value" is the currency of "Deal - Weighted
    value", not the deal's, whose amount differs in it (8000 USD weighted as 8000 EUR). None when it holds none."""
    key = column.casefold()
    for other in columns:
        name = other.rpartition(" - ")[2].strip().casefold()
        if other not in (column, amount) and len(name) > 2 and name in key:
            return other
    return None


def currency_found_note(mapping: Mapping) -> str | None:
    """The file report's sentence on the column read as the deals' currency by its values (Mapping.currency_found):
    why, and how to read it otherwise; None when none was."""
    if mapping.currency_found is None:
        return None
    column, codes, head = mapping.currency_found
    why = (f"has no header of its own: the header '{head}' is merged across it and the amount's column"
           if head else "is the file's only column whose every value is a currency")
    return (f"The column '{column}' {why}, and every value it holds is a currency ({listed(list(codes))}): it is read as "
            f"each deal's currency. If it is not, map the column that is to Currency, or none"
            f"{command_line_hint('--map', 'currency=')}.")


def held_currency_sentence(mapping: Mapping) -> str | None:
    """Why a file whose amounts name no currency is not stored while several columns each hold only currencies
    (Mapping.currency_columns) and none is read: one sentence, with how to choose; None when there are none."""
    if len(mapping.currency_columns) < 2:
        return None
    first = mapping.currency_columns[0]
    return (f"The columns {_names(mapping.currency_columns)} each hold only currencies and none is read as the deals' "
            "currency, so amounts that name no currency of their own cannot be placed and the file is not stored: "
            f"map the one that gives each deal's currency to Currency{command_line_hint('--map', 'currency=' + quoted(first))}, "
            f"or, if every amount is in one currency, choose it{command_line_hint('--currency', 'EUR')}.")


# The closing columns whose values are read without a check of their own: a value that is not a
# true/false word, an open/won/lost word or a date is quietly nothing there (a Close date that is
# not a date, an amount that is not one, are quarantined row by row instead). So a column is
# auto-mapped to one only when its values fit: a hand-made sheet's "Closed" column of dates was read
# as the closed flag, and every closed deal then had no close date.
_FLAG_FIELDS = ("is_closed", "is_won")
_DATE_FIELDS = ("expected_close_date", "won_date", "lost_date")
_KIND_WORDS = {"is_closed": "true / false", "is_won": "true / false", "status": "open / won / lost", "date": "dates"}
# A flag column that holds dates is the date of what it flags, when no column gives that date.
_DATES_INSTEAD = {"is_closed": "close_date", "is_won": "won_date"}
SAMPLE_ROWS = 1_000  # the rows looked at: a file read in batches is mapped on these, however many batches hold them


def _values_checked(
    fields: dict[str, str], frame: pl.DataFrame, stage_outcomes: MappingOf[str, str] | None = None
) -> tuple[dict[str, str], list[tuple[str, str, str | None]]]:
    """`fields` without the closing columns whose values do not fit their field, and those columns:
    (field, column, the field it feeds instead or None). A column with no value in the first
    SAMPLE_ROWS rows is kept: nothing shows it does not fit. A status fits when a value says an outcome
    by its words or by the user's mapping of it (`stage_outcomes`), as the status is read (status_outcomes)."""
    result, unfit = dict(fields), []
    for name in (*_FLAG_FIELDS, "status", *_DATE_FIELDS):
        column = fields.get(name)
        if column is None or column not in frame.columns:
            continue
        sample = frame.get_column(column).head(SAMPLE_ROWS).drop_nulls().unique()
        if sample.len() == 0:
            continue
        dates = values.dates(sample, column).values.is_not_null()
        if name in _FLAG_FIELDS:
            fits = outcomes.flags(sample).is_not_null().any()
        elif name == "status":
            fits = outcomes.status_outcomes(sample, stage_outcomes).is_not_null().any()
        else:
            # A date no calendar has ("2026-02-31") is still a date mistyped: its row says so (close_date_parses),
            # where a column dropped for it left every closed deal's close date "blank".
            fits = dates.any() or any(values.written_as_date(v) for v in sample.to_list())
        if fits:
            continue
        del result[name]
        instead = _DATES_INSTEAD.get(name)
        if instead is not None and instead not in result and 2 * dates.sum() >= dates.len():  # mostly dates
            result[instead] = column
        else:
            instead = None
        unfit.append((name, column, instead))
    return result, unfit


def mapping_notes(mapping: Mapping) -> list[str]:
    """The file report's sentences on how its columns were mapped: that the file was read as an export
    though a roster's columns are there too (kind_doubt_note), that a remembered mapping mapped them
    (remembered_note), that a bare "Name" column is read as the deal's (bare_name_note), which column a closed
    deal's close date is read from where a header names an expected close (expected_close_note,
    actual_close_note), then each column not read as its header's field (unfit_notes)."""
    first = [note for note in (kind_doubt_note(mapping), remembered_note(mapping)) if note]
    return [*first, *one(bare_name_note(mapping)), *one(expected_close_note(mapping)),
            *one(actual_close_note(mapping)), *unfit_notes(mapping),
            *passed_over_notes(mapping), *one(several_amounts_note(mapping)), *one(currency_found_note(mapping))]


def expected_close_note(mapping: Mapping) -> str | None:
    """The file report's sentence on a close date read from a column whose header names an expected close date
    (EXPECTED_CLOSE_KEYS: "Est. Close Date", Salesforce Japan's "完了予定日"), with no expected close date column
    beside it: that each closed deal's close date is taken from it too, as from one Close Date column, and how
    to choose the actual close date's column. None otherwise, and where the user chose the close date's column."""
    column = mapping.fields.get("close_date")
    if (mapping.kind != "opportunities" or column is None or EXPECTED_CLOSE in mapping.fields
            or "close_date" in mapping.overridden or header_key(column) not in EXPECTED_CLOSE_KEYS):
        return None
    example = f"close_date={quoted('Column name')} --map {EXPECTED_CLOSE}={quoted(column)}"
    return (f"{column} names an expected close date and is read as the close date, as one Close Date column is: "
            f"the day an open deal expects to close, and the day a closed deal closed. If the file gives the day a "
            f"deal closed in another column, choose it as the close date and {column} as the expected close date"
            f"{command_line_hint('--map', example)}.")


def expected_close_only(mapping: Mapping) -> str | None:
    """Why a closed deal of a file whose only date of a deal's close is an expected one has no close date: the
    clause the quarantine reason of each such deal (winloss.ingest.validation) and the file report's note
    (expected_close_only_note) both say, naming the column: 'the file's only close date is "Expected Close Date",
    an expected close, which is not read as the day a deal closed; export the actual close date (…)'. None where
    the file has a close date, a won or a lost date column, or no expected close date column. An expected close
    is not a close, so such deals stay quarantined; the reason had said only "Close date is blank", the column the
    file does have unnamed."""
    column = mapping.fields.get(EXPECTED_CLOSE)
    if mapping.kind != "opportunities" or column is None or any(
            f in mapping.fields for f in ("close_date", WON_DATE, LOST_DATE)):
        return None
    return (f'the file\'s only close date is "{column}", an expected close, which is not read as the day a deal '
            "closed; export the actual close date (the day each deal was won or lost) as a column of its own and "
            "upload the file again")


def expected_close_only_note(mapping: Mapping, closed_without: int) -> str | None:
    """The file report's sentence, said once, on the `closed_without` closed deals quarantined for want of a close
    date where the file's only one is an expected close (expected_close_only), with how to choose that column if
    it does hold the day each closed deal closed. None when there are none, or the file has a close date."""
    clause = expected_close_only(mapping)
    if clause is None or closed_without == 0:
        return None
    column = mapping.fields[EXPECTED_CLOSE]
    return (f"{plural(closed_without, 'closed deal')} {'is' if closed_without == 1 else 'are'} quarantined without a "
            f"close date: {clause}. If {column} does hold the day each closed deal closed, choose it as the close date"
            f"{command_line_hint('--map', 'close_date=' + quoted(column))}.")


def actual_close_note(mapping: Mapping) -> str | None:
    """The file report's sentence on a close date read from a header naming the day a deal closed beside one that
    can name an expected close and is read as the expected close date (_actual_close_first: "成約日" beside
    "完了予定日", "Actual Close Date" beside "Est. Close Date"): which column gives a closed deal's close date,
    and that the other is not read as it. None otherwise, and where the user chose either column."""
    actual, expected = mapping.fields.get("close_date"), mapping.fields.get(EXPECTED_CLOSE)
    if (mapping.kind != "opportunities" or actual is None or expected is None
            or {"close_date", EXPECTED_CLOSE} & set(mapping.overridden)
            or header_key(actual) not in ACTUAL_CLOSE_KEYS or header_key(expected) not in CLOSE_OR_EXPECTED_KEYS):
        return None
    return (f"{actual} is read as the close date, the day a deal closed; {expected}, which names an expected close "
            f"date, is not read as a closed deal's close date: it gives an open deal the day it expects to close.")


def several_amounts_note(mapping: Mapping) -> str | None:
    """The file report's sentence on columns each headed as an amount in its own currency (Mapping.unit_amounts),
    none read: that the file names its amounts' currencies there, and how to choose the column; None when none."""
    if not mapping.unit_amounts:
        return None
    first = mapping.unit_amounts[0]
    return (f"{_names(mapping.unit_amounts)} each name an amount in a currency of its own: none is read as the amount, "
            f"as which holds each deal's amount cannot be told. If one column holds every deal's amount, choose it"
            f"{command_line_hint('--map', 'amount=' + quoted(first))}; else export the amount as one column and its "
            f"currency as another.")


def _names(columns: Sequence[str]) -> str:
    """Column headers quoted and listed: "'Email'", "'Email' and 'Team'", "'Email', 'Team' and 'Manager'"."""
    quoted_names = [f"'{c}'" for c in columns]
    return quoted_names[0] if len(quoted_names) == 1 else f"{', '.join(quoted_names[:-1])} and {quoted_names[-1]}"


def _roster_columns(roster: Sequence[str]) -> str:
    """"'Email' is a roster's column", "'Email' and 'Team' are a roster's columns"."""
    return f"{_names(roster)} is a roster's column" if len(roster) == 1 else f"{_names(roster)} are a roster's columns"


def _kind_evidence(doubt: KindDecision, columns: Sequence[str]) -> str:
    """What the headers said of a file whose kind is in doubt, as a clause: the roster's columns, the
    Status column either may have, and the export's columns or that there were none."""
    roster = [*doubt.roster, *doubt.organisation]
    parts = [_roster_columns(roster)]
    either = [c for c in columns if header_key(c) == "status" and c not in roster]
    if either:
        parts.append(f"{_names(either)} could be a person's or a deal's")
    if doubt.deal:
        parts.append(f"{_names(doubt.deal)} {'is an export' if len(doubt.deal) == 1 else 'are an export'}'s")
    else:
        parts.append("no column names a deal's stage, amount, close date or id")
    return ", ".join(parts[:-1]) + f" and {parts[-1]}"


def kind_doubt_sentence(mapping: Mapping, columns: Sequence[str]) -> str | None:
    """The rejection of a file whose headers leave its kind in doubt (Mapping.doubt) and that, read as
    the export it was taken for, lacks a column it needs: what was seen, and both ways on, where a
    sentence that it has "no column for the opportunity id" took a roster for a broken export. None
    for a file not in doubt or with every column it needs."""
    doubt, missing = mapping.doubt, mapping.missing_required
    if doubt is None or not missing:
        return None
    labels = [FIELD_LABELS.get(f, f).lower() for f in missing]
    named = labels[0] if len(labels) == 1 else f"{', the '.join(labels[:-1])} and the {labels[-1]}"
    where = command_line_hint("--map", " --map ".join(f'{f}="Column name"' for f in missing))
    return (
        f"This file could be a rep roster or an opportunity export: {_kind_evidence(doubt, columns)}. "
        f"Choose what it holds{command_line_hint('--roster', 'PATH for a rep roster')}, or, for an export, "
        f"the column{'s' if len(missing) > 1 else ''} for the {named}{where}."
    )


def kind_doubt_note(mapping: Mapping) -> str | None:
    """The file report's sentence for a file read as an opportunity export whose headers name a
    roster's columns too (Mapping.doubt): which, and how to read it as a roster. None otherwise."""
    doubt = mapping.doubt
    if doubt is None or mapping.missing_required:
        return None
    roster = [*doubt.roster, *doubt.organisation]
    return (
        f"This file is read as an opportunity export for its {_names(doubt.deal)}, though {_roster_columns(roster)}: "
        f"if it is a rep roster, choose so{command_line_hint('--roster', 'PATH')}."
    )


def passed_over_notes(mapping: Mapping) -> list[str]:
    """The file report's sentence for each column that also names a mapped field and is not read
    (Mapping.passed_over): which column is read, and how to choose the other."""
    notes = []
    for name, column in mapping.passed_over:
        label = FIELD_LABELS[name].split(" (")[0].lower()
        notes.append(
            f"{mapping.fields[name]} is read as the {label}; {column}, which could be the {label} too, is not read. "
            f"If it is the {label}, choose it{command_line_hint('--map', f'{name}={quoted(column)}')}."
        )
    return notes


def unfit_notes(mapping: Mapping) -> list[str]:
    """The file report's sentence for each column not read as the field its header names, because
    its values do not fit that field (Mapping.unfit), with how to choose it all the same."""
    notes = []
    for name, column, instead in mapping.unfit:
        kind = _KIND_WORDS.get(name, "dates")
        label = FIELD_LABELS[name]
        if instead is not None:
            notes.append(
                f"{column} holds dates, not {kind}, so it is read as {FIELD_LABELS[instead]}, not as {label}. "
                f"If it is the {label.split(' (')[0].lower()}, choose it"
                f"{command_line_hint('--map', f'{name}={quoted(column)}')}."
            )
        else:
            notes.append(
                f"{column} is not read as {label}: none of its values is {'a date' if kind == 'dates' else kind}. "
                f"If it is the {label.split(' (')[0].lower()}, choose it{command_line_hint('--map', f'{name}={quoted(column)}')}."
            )
    return notes


def _signature_bonus(source: str, columns: Sequence[str]) -> int:
    """Extra points for headers only one CRM writes, so 'Close Date' alone does not decide."""
    keys = {header_key(c) for c in columns}
    signatures = {
        "salesforce": {"opportunity owner", "opportunity name", "probability (%)", "stage name", "owner name"},
        "hubspot": {"deal stage", "dealstage", "deal owner", "record id", "hubspot owner id", "closed lost reason", "dealname", "deal name"},
        # Its " - " after the deal's word, in each language its interface writes it ("Deal - Owner", "Affär - Ägare"):
        # the dash as written, which header_key folds away. Zoho's "Deal Id", "Deal Name", "Deal Owner" (HubSpot
        # writes the last two too) had made a Zoho export "Pipedrive export".
        "pipedrive": {header_key(c) for c in columns if _pipedrive_prefixed(c)},
        "dynamics": {k for k in keys if k.startswith("(do not modify)")} | {"status reason", "est revenue", "topic"},
        "generic": set(),
    }[source] | _LOCALISED_SIGNATURES.get(source, set())
    return 2 * len(keys & signatures)


# A header as Pipedrive's export writes it: the deal's word, a dash between spaces, the field ("Deal - Owner").
_PIPEDRIVE_PREFIX = re.compile(r"^\s*(\S+)\s+[-\u2013\u2014]\s+\S")


def _pipedrive_prefixed(header: str) -> bool:
    """Whether a header is written as Pipedrive's export writes its columns: "Deal - Owner", "Trato - Etapa"."""
    found = _PIPEDRIVE_PREFIX.match(header)
    return found is not None and header_key(found.group(1)) in _PIPEDRIVE_DEAL_NOUNS


def names_its_crm(mapping: Mapping, columns: Sequence[str]) -> bool:
    """Whether an opportunity export's headers (`columns`) say which CRM wrote it: the preset of
    `mapping.source` recognises more of them, with the headers only that CRM writes, than the generic
    names do. False for the generic preset, rosters and questionnaires.

    Presets tie on headers every CRM writes (Stage, Amount, Close Date), and a tie goes to the first
    preset, Salesforce: the mapping is the same, but the file was not recognised as Salesforce's.
    """
    return mapping.kind == "opportunities" and headers_name(mapping.source, columns)


def headers_name(source: str, columns: Sequence[str]) -> bool:
    """Whether an opportunity export's headers (`columns`) name `source` (one of SOURCES) as the CRM that wrote
    it, as names_its_crm says of the preset that mapped them: False for "generic" and a source not known."""
    if source == "generic" or source not in _PRESETS:
        return False
    own = len(_match(columns, _PRESETS[source], None)) + _signature_bonus(source, columns)
    return own > len(_match(columns, _PRESETS["generic"], None))



NOT_RECOGNISED = "file not recognised (no column has a name the app knows for an opportunity export, a rep roster or a profile questionnaire)"


def exported_from(mapping: Mapping, columns: Sequence[str]) -> str:
    """The source (one of SOURCES) an opportunity export with these headers (`columns`) was exported
    from, as far as they say: `mapping.source` when they name its CRM (names_its_crm), else "generic".

    One rule for the Data page's "Detected:" line (recognised_as) and its "Exported from" choice: the
    choice showed the preset that won a tie (Salesforce) while the line said "Generic export". The
    preset that maps the columns is still `mapping.source`; this says only what the file names.
    """
    return mapping.source if names_its_crm(mapping, columns) else "generic"


def recognised_as(mapping: Mapping, columns: Sequence[str]) -> str:
    """What a file with these headers (`columns`) was recognised as, in the words the Data page and
    the command line both show: its kind, and for an opportunity export the CRM only when the headers
    name it ("Salesforce export"; else "Generic export", see exported_from), with ", perhaps a rep
    roster" when its columns name a roster's too (Mapping.doubt); NOT_RECOGNISED when no column
    feeds any field (the kind and preset are then only defaults)."""
    if not mapping.fields:
        return NOT_RECOGNISED
    if mapping.doubt is not None:  # its columns name a roster's too (kind_doubt_sentence says which)
        return f"{source_words(mapping.kind, exported_from(mapping, columns))}, perhaps a rep roster"
    return source_words(mapping.kind, exported_from(mapping, columns) if mapping.kind == "opportunities" else None)


def source_words(kind: str | None, source: str | None) -> str:
    """A file's kind and source in the words the Data page shows: "Salesforce export", "Generic
    export", "Rep roster", "Profile questionnaire". `source` (one of SOURCES) matters only for an
    opportunity export.

    One rule for a file just read (recognised_as) and an upload the store keeps (stored_source_words).
    A kind or source the app does not know (a store written by a newer version) is quoted as it is,
    never read as one it knows.
    """
    if kind in ("roster", "assessment"):
        return SOURCE_LABELS[kind]
    if kind != "opportunities":
        return "File" if kind is None else f"'{kind}' file"
    if source in SOURCES:
        return f"{SOURCE_LABELS[source]} export"
    return "Opportunity export" if source is None else f"'{source}' export"


def stored_source_words(kind: str | None, source: str | None, exported_from: str | None) -> str:
    """An upload's kind and source as the store's manifest keeps them, in source_words' words: what
    its headers named it as (`exported_from`) or, in a row written before that was kept, the preset
    that mapped its columns (`source`, its display name: a file whose headers every CRM writes went
    to Salesforce's preset and was then called a Salesforce export, as the Data page called it)."""
    return source_words(kind, exported_from or source)

# Not stored on its own: fills an open deal's close date when the export keeps the actual close
# date (blank until a deal closes) and the expected one in separate columns (Pipedrive, Dynamics).
EXPECTED_CLOSE = "expected_close_date"
# Not stored either: the columns that settle a deal's outcome when its stage matches no rule
# (closed/won flags, Dynamics' Status) and give a closed deal the close date that fits it.
WON_DATE = "won_date"
LOST_DATE = "lost_date"
CLOSED_FLAG = "is_closed"
WON_FLAG = "is_won"
STATUS = "status"
CLOSING_FIELDS = (EXPECTED_CLOSE, WON_DATE, LOST_DATE, CLOSED_FLAG, WON_FLAG, STATUS)
# Stored (deal lists name a deal by it) and, with the account, the key of deals in an export without an id column.
OPPORTUNITY_NAME = "opportunity_name"
MAPPABLE_FIELDS = (*(f for f in OPPORTUNITY_FIELDS if f != "outcome"), *CLOSING_FIELDS)
# Every field's generic names (each language's) and, for the opportunity name, the bare names too: named as the
# deal's own ("Trato - Título", "Nombre del trato"), a bare name is the deal's without doubt (_deals_own_key).
_DEALS_OWN_NAMES = {**_PRESETS["generic"], OPPORTUNITY_NAME: (*_PRESETS["generic"][OPPORTUNITY_NAME], *sorted(BARE_NAMES))}


# A roster's bare "name" in the languages whose rosters write it beside a first name for the surname ("Vorname",
# "Name"; "Voornaam", "Naam"), as French writes "Prénom", "Nom" (name_order's parts list "nom", "nombre", "nome").
_BARE_NAME_KEYS = frozenset(header_key(word) for word in ("Name", "Naam", "Namn", "Navn"))


def _one_rep_name(fields: dict[str, str], overridden: Sequence[str]) -> dict[str, str]:
    """A roster's `fields` with one source for the rep's name: its whole-name column, or its first-name and
    last-name columns (name_order). A whole-name column wins, unless the user chose a name part
    (`overridden`) and not it; a name part found without the other feeds nothing. A bare "Name" beside a
    first name and no last name is the last name (_BARE_NAME_KEYS): read as the whole name, "Vorname, Name" had
    stored every rep by the surname alone."""
    parts = [f for f in name_order.PARTS if f in fields]
    if not parts:
        return fields
    if (parts == [name_order.FIRST_NAME] and "rep" in fields and "rep" not in overridden
            and header_key(fields["rep"]) in _BARE_NAME_KEYS):
        fields = {(name_order.LAST_NAME if f == "rep" else f): c for f, c in fields.items()}
        parts = [f for f in name_order.PARTS if f in fields]
    chose_parts = any(f in overridden for f in parts) and "rep" not in overridden
    if "rep" in fields and chose_parts:
        return {f: c for f, c in fields.items() if f != "rep"}
    if "rep" in fields or (len(parts) < len(name_order.PARTS) and not chose_parts):
        return {f: c for f, c in fields.items() if f not in name_order.PARTS}
    return fields


def _apply_overrides(
    fields: dict[str, str], overrides: MappingOf[str, str], columns: Sequence[str], kind: str
) -> tuple[dict[str, str], tuple[str, ...]]:
    known = {"roster": ROSTER_MAPPED, "assessment": ASSESSMENT_FIELDS}.get(kind, MAPPABLE_FIELDS)
    result = dict(fields)
    for field_name, column in overrides.items():
        if field_name not in known:
            raise ValueError(f"'{field_name}' is not a field: choose one of {', '.join(known)}.")
        if column in ("", None):
            result.pop(field_name, None)
            continue
        if column not in columns:
            raise ValueError(f"The file has no column '{column}' for {field_name}: its columns are {', '.join(columns)}.")
        # A column feeds one field: an override takes it away from wherever auto-detection put it.
        result = {f: c for f, c in result.items() if c != column}
        result[field_name] = column
    return result, tuple(overrides)


def parse_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """FIELD=COLUMN pairs from the command line; raises ValueError with a sentence for a malformed one."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--map takes FIELD=COLUMN, e.g. rep=\"Account Executive\"; got '{pair}'.")
        result[name.strip()] = column.strip().strip('"')
    return result
