"""Outcomes from real exports: unknown stages never open, localised words, closed/won flags, won/lost times,
loss reasons however typed, and stage mappings kept per store."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.cli import main
from winloss.deals import deals
from winloss.ingest.identity import salesforce_18
from winloss.ingest.outcomes import merged_stage_outcomes, parse_stage_outcomes, with_outcomes
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.views.data_page import stage_rows
from winloss.store.delta import Store, StoreError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
REASON_RULE = "loss reason in the no-decision vocabulary"


def prepared(name: str, **kwargs):
    return prepare((FIXTURES / name).read_bytes(), name, **kwargs)


def outcomes_by_id(p) -> dict[str, str]:
    return dict(p.accepted.select("opportunity_id", "outcome").iter_rows())


def counts(p) -> Counter:
    return Counter(p.accepted.get_column("outcome").to_list())


def messages(p) -> dict[int, str]:
    return dict(p.errors.select("line", "message").iter_rows())


# ---- one fixture per kind ------------------------------------------------------------------------
def test_stage_values_no_rule_places_are_quarantined_never_open_and_listed_with_their_rows():
    p = prepared("unknown_stages.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 3, 3)
    assert counts(p) == Counter({"won": 1, "open": 1, "lost": 1})
    assert "open" not in {outcomes_by_id(p).get(i) for i in ("U2", "U3", "U5")}
    said = messages(p)
    assert said[3].startswith("Stage 'Verbal Commit' matches no stage rule, so it is not counted as open, won or lost")
    assert '--stage "Verbal Commit=won"' in said[3]
    report = {(r["stage"], r["outcome"]): r for r in file_report(p)["stages"]}
    assert report[("Verbal Commit", None)]["rows"] == 2 and not report[("Verbal Commit", None)]["matched"]
    assert report[("Stage 7", None)]["rows"] == 1 and not report[("Stage 7", None)]["matched"]
    assert report[("Prospecting", "open")]["matched"] and report[("Closed Won", "won")]["rule"] == "stage words"
    assert [r["matched"] for r in file_report(p)["stages"]][:2] == [False, False]  # unmatched values come first


def test_a_stage_mapping_places_the_values_it_names_however_they_are_spelt():
    p = prepared("unknown_stages.csv", stage_outcomes={"VERBAL commit": "won", "Stage 7": "open"})
    assert (p.rows_accepted, p.rows_quarantined) == (6, 0)
    assert counts(p) == Counter({"won": 3, "open": 2, "lost": 1})
    report = {r["stage"]: r["rule"] for r in file_report(p)["stages"]}
    assert report["Verbal Commit"] == "your stage mapping"


@pytest.mark.parametrize(
    ("language", "won", "lost", "open_"),
    [
        ("fr", "Gagné", "Perdu", "Ouvert"), ("de", "Gewonnen", "Verloren", "Offen"), ("es", "Ganado", "Perdido", "Abierto"),
        ("it", "Vinto", "Perso", "Aperto"), ("pt", "Ganho", "Perdido", "Aberto"), ("nl", "Gewonnen", "Verloren", "Open"),
        ("fr HubSpot", "Fermé gagné", "Fermé perdu", "En cours"), ("es HubSpot", "Cerrado ganado", "Cerrado perdido", "En curso"),
        ("sv", "Vunnen", "Förlorad", "Öppen"), ("pl", "Wygrana", "Przegrana", "Otwarta"),
    ],
)  # fmt: skip
def test_status_words_of_the_crms_languages_folded_for_case_and_accents(language, won, lost, open_):
    stages = [won, won.upper(), lost, lost.lower(), open_, open_.upper()]
    folded = [s.replace("é", "e").replace("ö", "o").replace("Ö", "O") for s in stages]
    frame = pl.DataFrame({"stage": stages + folded})
    outcomes = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    assert outcomes == ["won", "won", "lost", "lost", "open", "open"] * 2


def test_turkish_dotless_and_dotted_i_fold_to_i_in_stage_words_and_mappings():
    """"Kazanıldı" (won) was quarantined: casefold and NFKD keep the dotless "ı", so it never met the word
    list's "kazanildi"; "Açık" (open) likewise. A user's mapping matches whichever "i" a value is typed with."""
    stages = ["Kazanıldı", "KAZANILDI", "Kaybedildi", "Açık", "AÇIK", "Kısmen kazanıldı", "Teklif İletildi", "Teklif iletildi"]
    frame = pl.DataFrame({"stage": stages})
    mapped = {"TEKLİF İLETİLDİ": "open"}
    outcomes = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS, mapped).get_column("outcome").to_list()
    # "Kısmen" (partly) beside a won word leaves the stage asked about, as "kismen" does.
    assert outcomes == ["won", "won", "lost", "open", "open", None, "open", "open"]


def test_a_localised_export_counts_each_language_s_statuses():
    p = prepared("localised_statuses.csv")
    assert (p.rows_read, p.rows_accepted) == (20, 20)
    assert counts(p) == Counter({"won": 7, "lost": 7, "open": 6})


def test_closed_and_won_flags_decide_stages_that_are_ids_in_any_boolean_spelling():
    p = prepared("closed_won_flags.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (10, 9, 1)
    assert counts(p) == Counter({"won": 3, "lost": 3, "open": 3})
    assert outcomes_by_id(p)["F5"] == "lost" and outcomes_by_id(p)["F9"] == "open"
    assert messages(p)[11].startswith("Stage '54' matches no stage rule")
    rules = {r["stage"]: r["rule"] for r in file_report(p)["stages"]}
    assert rules["52"] == "no rule matched: settled by the closed/won columns"


def test_won_and_lost_times_give_each_closed_deal_the_close_date_of_its_outcome():
    p = prepared("won_lost_times.csv")
    assert p.rejected is None and p.rows_accepted == 4
    closes = dict(p.accepted.select("opportunity_id", "close_date").iter_rows())
    assert closes == {"21": dt.date(2025, 4, 1), "22": dt.date(2025, 4, 15), "23": dt.date(2025, 5, 2), "24": None}
    assert counts(p) == Counter({"won": 1, "lost": 2, "open": 1})  # the win rate is not 100%


def test_loss_reasons_match_the_vocabulary_whatever_the_case_accents_punctuation_and_quotes():
    p = prepared("loss_reasons_typed.csv")
    assert counts(p) == Counter({"no_decision": 6, "lost": 2})
    assert outcomes_by_id(p)["R7"] == "lost"


# ---- one export per CRM, several quirks at once ----------------------------------------------------
def test_salesforce_custom_stages_settled_by_is_closed_and_is_won_and_a_curly_quoted_reason():
    p = prepared("salesforce_flags.csv")
    assert p.source == "salesforce" and p.mapping.fields["is_closed"] == "Closed" and p.mapping.fields["is_won"] == "Won"
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 5, 1)
    # The export's 15-character Salesforce ids are stored in their 18-character form (identity rule).
    ids = dict(zip([f"0065g00000SF00{k}" for k in (1, 2, 3, 4, 6)],
                   salesforce_18(pl.Series([f"0065g00000SF00{k}" for k in (1, 2, 3, 4, 6)])).to_list()))
    assert outcomes_by_id(p) == {
        ids["0065g00000SF001"]: "won", ids["0065g00000SF002"]: "no_decision", ids["0065g00000SF003"]: "open",
        ids["0065g00000SF004"]: "lost", ids["0065g00000SF006"]: "won",
    }  # fmt: skip
    amounts = dict(p.accepted.select("opportunity_id", "amount").iter_rows())
    assert amounts[ids["0065g00000SF001"]] == 12000.0 and amounts[ids["0065g00000SF004"]] == 3000.0
    assert "Stage 'Verbal Commit' matches no stage rule" in messages(p)[6]


def test_hubspot_custom_pipeline_ids_localised_labels_and_typographic_reasons():
    p = prepared("hubspot_custom_pipeline.csv")
    assert p.source == "hubspot"
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 5, 1)
    assert outcomes_by_id(p) == {"9001": "won", "9002": "no_decision", "9003": "open", "9004": "no_decision", "9005": "won"}
    assert sum(p.accepted.get_column("amount")) == 1200 + 800 + 500 + 900 + 300
    assert messages(p)[7].startswith("dealstage '1049339' matches no stage rule")


def test_pipedrive_in_french_with_won_and_lost_times_and_no_closed_on_column():
    p = prepared("pipedrive_fr.csv")
    assert p.source == "pipedrive"
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (5, 4, 1)
    rows = {r["opportunity_id"]: r for r in p.accepted.iter_rows(named=True)}
    assert {k: r["outcome"] for k, r in rows.items()} == {"11": "won", "12": "lost", "13": "no_decision", "14": "open"}
    assert rows["12"]["close_date"] == dt.date(2025, 2, 20)  # a lost deal takes its lost time
    assert rows["11"]["close_date"] == dt.date(2025, 2, 3)  # a won deal its won time
    assert rows["14"]["close_date"] == dt.date(2025, 9, 30)  # an open one its expected close
    assert messages(p)[6] == "Deal - Status 'Supprimé' is a deal deleted in the CRM: it is not stored."


def test_dynamics_in_german_status_settles_custom_status_reasons_and_a_closed_one_is_never_open():
    p = prepared("dynamics_de.csv")
    assert p.source == "dynamics" and p.mapping.fields["status"] == "Status"
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 5, 1)
    assert outcomes_by_id(p) == {"a1": "won", "a2": "no_decision", "a3": "open", "a4": "won", "a5": "lost"}
    said = messages(p)[7]
    assert "'Wartet auf Freigabe' matches no stage rule and the row's closing columns say the deal closed" in said
    grouped = set(p.errors.get_column("check").to_list())
    assert grouped == {"Stage matches no rule (closed deal)"}


# ---- stage mappings kept per store, re-applied at read time -----------------------------------------
def test_stage_mappings_are_kept_beside_the_no_decision_vocabulary_and_re_applied_at_read_time(tmp_path):
    store = Store(tmp_path / "store")
    store.save_no_decision_reasons(["No Decision", "Budget frozen"])
    store.save_stage_outcomes({"Verbal Commit": "won", "Stage 7": "open"})
    assert list(store.no_decision_reasons()) == ["Budget frozen", "No Decision"]  # saving one setting keeps the other
    store.save_no_decision_reasons(["No Decision"])
    assert store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}
    commit(store, prepared("unknown_stages.csv", stage_outcomes=store.stage_outcomes()))
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 2, "lost": 1})
    store.save_stage_outcomes({"Verbal Commit": "lost", "Stage 7": "open"})  # changed later: every page follows
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows())["U2"] == "lost"
    with pytest.raises(StoreError, match="is not an outcome"):
        store.save_stage_outcomes({"Stage 7": "maybe"})


def test_a_settings_versions_note_counts_in_the_singular_and_the_plural(tmp_path):
    """The History tab read "1 stage mappings" and "1 no-decision reasons"."""
    store = Store(tmp_path / "store")
    store.save_stage_outcomes({"Verbal Commit": "won"})
    store.save_stage_outcomes({"Verbal Commit": "won", "Parked": "open"})
    store.save_no_decision_reasons(["Went dark"])
    notes = store.manifest().select("note").to_series().to_list()
    assert notes == ["1 stage mapping", "1 stage mapping added (2 in effect)", "1 no-decision reason"]


def test_stage_mappings_chosen_for_a_file_are_stored_in_its_own_version_or_not_at_all(tmp_path):
    store = Store(tmp_path / "store")
    mappings = {"Verbal Commit": "won"}
    with pytest.raises(StoreError, match="is not an outcome"):
        commit(store, prepared("unknown_stages.csv"), stage_outcomes={"Verbal Commit": "maybe"})
    assert store.version() == 0  # checked before anything is written

    done = commit(store, prepared("unknown_stages.csv", stage_outcomes=mappings), stage_outcomes=mappings)
    assert done.change is not None and done.change.store_version == store.version() == 1
    assert store.manifest().select("action", "note").rows() == [("ingest", "with 1 stage mapping")]
    assert store.stage_outcomes() == mappings
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 1, "lost": 1})

    # Mapped once more, the same file stores the row it quarantined: the new mapping comes in its version.
    more = {**mappings, "Stage 7": "open"}
    commit(store, prepared("unknown_stages.csv", stage_outcomes=more), stage_outcomes=more)
    assert store.version() == 2 and store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}
    # Skipped as already ingested: the mappings it came with are not stored either.
    skipped = commit(store, prepared("unknown_stages.csv", stage_outcomes=more), stage_outcomes={"Stage 7": "lost"})
    assert skipped.already is not None and store.version() == 2 and store.stage_outcomes()["Stage 7"] == "open"

    store.rollback(1)  # undoing a file undoes the mappings stored with it
    assert store.stage_outcomes() == mappings
    # The store's own mappings, or none given: the settings are left as they are and the note says nothing.
    header = b"Opportunity ID,Sales Rep,Stage,Close Date\n"
    commit(store, prepare(header + b"W1,Ann,Verbal Commit,2025-01-02\n", "w1.csv", stage_outcomes=mappings),
           stage_outcomes=mappings)
    commit(store, prepare(header + b"W2,Ann,Closed Won,2025-01-03\n", "w2.csv"))
    assert store.manifest().tail(2).get_column("note").to_list() == [None, None]
    assert store.manifest().tail(3).get_column("settings_version").n_unique() == 1


def test_outcomes_settled_by_flags_survive_a_read_and_a_vocabulary_edit(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared("hubspot_custom_pipeline.csv"))
    stored = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert stored == {"9001": "won", "9002": "no_decision", "9003": "open", "9004": "no_decision", "9005": "won"}
    store.save_no_decision_reasons(["Status Quo"])  # "Went dark" no longer counts: the flag-lost deal is lost
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows())["9002"] == "lost"


def test_parse_and_merge_stage_mappings():
    assert parse_stage_outcomes(["Verbal Commit=won", '"Stage 7"=no decision', "A=B=open"]) == {
        "Verbal Commit": "won", "Stage 7": "no_decision", "A=B": "open",
    }  # fmt: skip
    for bad in ("Verbal Commit", "=won", "Verbal Commit=maybe"):
        with pytest.raises(ValueError, match="--stage takes VALUE=OUTCOME"):
            parse_stage_outcomes([bad])
    assert merged_stage_outcomes({"verbal commit": "open", "X": "won"}, {"Verbal Commit": "won", "X": ""}) == {
        "Verbal Commit": "won"
    }


# ---- the command line -----------------------------------------------------------------------------
def test_cli_lists_stage_values_and_maps_them_with_stage_kept_for_later(tmp_path, capsys):
    path, store_dir = str(FIXTURES / "unknown_stages.csv"), str(tmp_path / "store")
    assert main(["ingest", path, "--store", store_dir, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["rows_quarantined"] == 3
    unmatched = {r["stage"]: r["rows"] for r in report["stages"] if not r["matched"]}
    assert unmatched == {"Verbal Commit": 2, "Stage 7": 1}
    # The same file with the values mapped stores the rows it quarantined before.
    code = main(["ingest", path, "--store", store_dir, "--stage", "Verbal Commit=won", "--stage", "stage 7=open"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "!" not in "".join(line[:4] for line in out.splitlines() if "->" in line)  # nothing unmatched now
    assert "'Verbal Commit' -> won, 2 rows (your stage mapping)" in out
    assert f"{path}: stage mappings stored with it, in version 2: 'Verbal Commit' = won, 'stage 7' = open." in out and err == ""
    store = Store(store_dir)
    assert store.version() == 2  # one version for the file, mappings included
    assert store.stage_outcomes() == {"Verbal Commit": "won", "stage 7": "open"}
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 2, "lost": 1})


def test_cli_marks_unmatched_stage_values_in_its_text_report(tmp_path, capsys):
    assert main(["ingest", str(FIXTURES / "unknown_stages.csv"), "--store", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "! 'Verbal Commit' -> not stored, 2 rows (no rule matched: quarantined until you map it)" in out
    assert "  'Closed Won' -> won, 1 row (stage words)" in out
    assert '    Count a stage value as won, lost, no_decision or open,\n    then ingest the file again with --stage "VALUE=OUTCOME".' in out


def test_cli_refuses_a_malformed_stage_mapping_and_writes_nothing(tmp_path, capsys):
    code = main(["ingest", str(FIXTURES / "unknown_stages.csv"), "--store", str(tmp_path / "s"), "--stage", "Verbal=maybe"])
    assert code == 2
    assert "--stage takes VALUE=OUTCOME" in capsys.readouterr().err
    assert Store(tmp_path / "s").version() == 0


# ---- the mutation property, with outcome quirks ----------------------------------------------------
BASE = [  # id, stage, reason, outcome, amount
    ("Q1", "Closed Won", "", "won", "1200"),
    ("Q2", "Closed Lost", "No Decision", "no_decision", "800"),
    ("Q3", "Closed Lost", "Price", "lost", "500"),
    ("Q4", "Prospecting", "", "open", "300"),
    ("Q5", "Closed Lost", "Status Quo", "no_decision", "200"),
]
SPELLINGS = {
    "Closed Won": ["closed won", "CLOSED WON", "Closed (Won)", "closedwon", "Gagné", "GAGNE", "Gewonnen", "Ganado", "Vinto",
                   "Ganho", "Fermé gagné", "Won"],
    "Closed Lost": ["closed-lost", "CLOSED LOST", "closedlost", "Perdu", "VERLOREN", "Perdido", "Perso", "Lost"],
    "Prospecting": ["PROSPECTING", "Ouvert", "offen", "Abierto", "Aperto", "Aberto", "In Progress", "Open"],
}  # fmt: skip
REASONS = {
    "No Decision": ["“No Decision”", "no-decision", "NO DECISION.", "Nò Décision", "‘no decision’", " no   decision "],
    "Status Quo": ["“Status Quo”", "status-quo", "STATUS QUO!", "Státus Quo"],
    "Price": ["price", "PRICE", "“Price”"],
}
BOOLEANS = {True: ["true", "TRUE", "1", "yes", "Yes", "True"], False: ["false", "FALSE", "0", "no", "No", "False"]}


@st.composite
def quirky_exports(draw):
    """A small export of known outcomes, rewritten the ways real exports write them."""
    ids_for_stages = draw(st.booleans())  # a custom pipeline: stages are ids, the flags say the outcome
    header = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason" + (",IsClosed,IsWon" if ids_for_stages else "")
    lines = [header]
    for key, stage, reason, outcome, amount in BASE:
        if ids_for_stages:
            written = str(draw(st.integers(1_000_000, 1_000_003)))
        else:
            written = draw(st.sampled_from([stage, *SPELLINGS[stage]]))
        reason_text = draw(st.sampled_from([reason, *REASONS.get(reason, [])])) if reason else ""
        row = [key, "Ann Lee", written, amount, "2025-03-01", reason_text]
        if ids_for_stages:
            row += [draw(st.sampled_from(BOOLEANS[outcome != "open"])), draw(st.sampled_from(BOOLEANS[outcome == "won"]))]
        lines.append(",".join('"' + c.replace('"', '""') + '"' for c in row))
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quirky_exports())
def test_outcome_quirks_change_no_deal_s_outcome_or_amount(content):
    p = prepare(content, "quirky.csv")
    assert p.rejected is None
    assert p.rows_read == p.rows_accepted + p.rows_quarantined == len(BASE)
    assert p.rows_quarantined == 0
    got = {r["opportunity_id"]: (r["outcome"], r["amount"]) for r in p.accepted.iter_rows(named=True)}
    assert got == {key: (outcome, float(amount)) for key, _, _, outcome, amount in BASE}


def test_a_reason_saying_no_decision_or_non_responsive_counts_as_no_decision():
    """"No Decision / Non-Responsive" counted as lost while "No budget" counted as no decision: a
    prospect who stopped answering went dark, which the vocabulary already names ("Went Dark", "Unresponsive")."""
    reasons = ["No Decision / Non-Responsive", "No decision - non responsive", "Non-responsive", "NON RESPONSIVE",
               "Price", "No decision maker access"]
    frame = pl.DataFrame({"stage": ["Closed Lost"] * len(reasons), "loss_reason": reasons})
    outcomes = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    # Matched as whole reasons, never as a phrase inside one: a reason that only mentions a decision stays lost.
    assert outcomes == ["no_decision"] * 4 + ["lost", "lost"]


# ---- a status beside the stage: the status says the outcome, the stage is kept -----------------------
def test_pipedrive_status_says_the_outcome_and_the_pipeline_stage_is_kept():
    """'Stage or status' took 'Deal - Status': deal lists showed 'won' as the stage, the pipeline stage
    ('Proposal Made') was never kept, and a deal lost at 'Qualified' would have been read as open."""
    p = prepared("pipedrive_stage_and_status.csv")
    assert p.source == "pipedrive"
    assert (p.mapping.fields["stage"], p.mapping.fields["status"]) == ("Deal - Stage", "Deal - Status")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (7, 6, 1)
    rows = {r["opportunity_id"]: (r["stage"], r["outcome"]) for r in p.accepted.iter_rows(named=True)}
    assert rows == {
        "701": ("Qualified", "lost"), "702": ("Qualified", "won"), "703": ("Qualified", "open"),
        "704": ("Proposal Made", "open"), "705": ("Negotiations Started", "no_decision"),
        "707": ("Closed Won", "lost"),  # the status decides over a stage's own words
    }
    assert messages(p)[7] == "Deal - Status 'deleted' is a deal deleted in the CRM: it is not stored."
    report = file_report(p)["stages"]
    assert {(s["stage"], s["outcome"]): s["rule"] for s in report if s["outcome"]} == {
        ("Qualified", "lost"): "the status column", ("Qualified", "won"): "the status column",
        ("Qualified", "open"): "the status column", ("Proposal Made", "open"): "the status column",
        ("Negotiations Started", "no_decision"): REASON_RULE, ("Closed Won", "lost"): "the status column",
    }
    assert all(s["matched"] for s in report)  # no pipeline stage asks to be mapped: the status placed each


def test_the_status_still_decides_at_read_time_whatever_the_stage_mappings(tmp_path):
    """Outcomes are derived again from the stored stage at read time: without the stored status a
    deal lost at 'Qualified' came back open on every page."""
    store = Store(tmp_path / "store")
    commit(store, prepared("pipedrive_stage_and_status.csv"))
    assert dict(deals(store).select("opportunity_id", "stage").iter_rows())["704"] == "Proposal Made"
    measured = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert measured == {"701": "lost", "702": "won", "703": "open", "704": "open", "705": "no_decision", "707": "lost"}
    store.save_stage_outcomes({"Qualified": "open", "Proposal Made": "won"})  # a mapping of pipeline stages
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == measured
    store.save_no_decision_reasons([])  # the vocabulary still turns a lost status into no decision, or not
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows())["705"] == "lost"


def test_a_generic_export_with_a_stage_and_a_status_takes_the_outcome_from_the_status():
    content = (
        b"Opportunity ID,Owner,Stage,Status,Close Date,Amount\n"
        b"G1,Ann,Discovery,Won,2026-02-01,100\n"
        b"G2,Ann,Demo,Lost,2026-02-02,100\n"
        b"G3,Ann,Demo,Open,2026-09-02,100\n"
        b"G4,Ann,Negotiation,,2026-09-03,100\n"  # no status: the stage decides, as before
    )
    p = prepare(content, "generic.csv")
    assert (p.mapping.fields["stage"], p.mapping.fields["status"]) == ("Stage", "Status")
    assert dict(p.accepted.select("opportunity_id", "outcome").iter_rows()) == {"G1": "won", "G2": "lost", "G3": "open", "G4": "open"}
    assert dict(p.accepted.select("opportunity_id", "stage").iter_rows())["G1"] == "Discovery"


def test_a_status_alone_is_still_the_stage():
    p = prepared("won_lost_times.csv")
    assert p.mapping.fields["stage"] == "Deal - Status" and "status" not in p.mapping.fields


# ---- the rule credited for each outcome: the one that gave it ---------------------------------------
# The file report said 'Closed Lost' -> no_decision (stage words) and a Pipedrive 'Contact Made' ->
# no_decision (the status column), though the stage and the status said lost and the loss reason
# ("No Decision", in the vocabulary) made the deals no decision.
CREDITED = {
    "no_decision_by_reason.csv": {
        ("Closed Lost", "lost"): (2, "stage words", True),
        ("Closed Lost", "no_decision"): (3, REASON_RULE, True),
        ("Closed - No Decision", "no_decision"): (2, "stage words", True),  # the stage itself says no decision
        ("Closed Won", "won"): (1, "stage words", True),
        ("Stage 9", "lost"): (1, "no rule matched: settled by the closed/won columns", False),
        ("Stage 9", "no_decision"): (1, f"no rule matched: settled by the closed/won columns, then the {REASON_RULE}", False),
    },
    "pipedrive_stage_and_status.csv": {
        ("Qualified", "lost"): (1, "the status column", True), ("Qualified", "won"): (1, "the status column", True),
        ("Qualified", "open"): (1, "the status column", True), ("Proposal Made", "open"): (1, "the status column", True),
        ("Negotiations Started", "no_decision"): (1, REASON_RULE, True), ("Closed Won", "lost"): (1, "the status column", True),
        ("Proposal Made", None): (1, "the status column: deleted in the CRM, not stored", True),
    },
    # Dynamics' Status says Lost and the Status Reason "Canceled" (the stage) says no decision: the stage's words.
    "dynamics_status_reasons.csv": {
        ("Won", "won"): (2, "the status column", True), ("Out-Sold", "lost"): (2, "the status column", True),
        ("Canceled", "no_decision"): (2, "stage words", True), ("Budget frozen", "lost"): (1, "the status column", True),
        ("In Progress", "open"): (1, "the status column", True), ("On Hold", "open"): (1, "the status column", True),
    },
}  # fmt: skip


def credited(report: dict) -> dict:
    return {(s["stage"], s["outcome"]): (s["rows"], s["rule"], s["matched"]) for s in report["stages"]}


@pytest.mark.parametrize("name", sorted(CREDITED))
@pytest.mark.parametrize("batch_rows", [None, 2, 3])
def test_the_report_credits_each_outcome_to_the_rule_that_gave_it_whole_file_and_in_batches(name, batch_rows):
    if batch_rows is None:
        assert credited(file_report(prepared(name))) == CREDITED[name]
        return
    with prepare_path(FIXTURES / name, batch_rows=batch_rows) as batched:
        assert credited(file_report(batched)) == CREDITED[name]


def test_cli_text_and_json_name_the_loss_reason_for_deals_it_made_no_decision(tmp_path, capsys):
    path = str(FIXTURES / "no_decision_by_reason.csv")
    assert main(["ingest", path, "--store", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    # One line per value, its outcomes grouped by the rule that gave them.
    assert f"  'Closed Lost' -> no decision, 3 rows ({REASON_RULE}); lost, 2 rows (stage words)" in out
    assert main(["ingest", path, "--store", str(tmp_path / "b"), "--json"]) == 0
    stages = json.loads(capsys.readouterr().out)["files"][0]["stages"]
    assert {(s["stage"], s["outcome"]): s["rule"] for s in stages}[("Closed Lost", "no_decision")] == REASON_RULE


def test_the_data_page_stage_editor_names_each_outcome_s_rule_when_they_differ():
    rows = {r["stage"]: r["given"] for r in stage_rows(prepared("no_decision_by_reason.csv").stages, {}).iter_rows(named=True)}
    assert rows["Closed Lost"] == f"No decision 3 ({REASON_RULE}); Lost 2 (stage words)"
    assert rows["Closed - No Decision"] == "No decision (stage words)"
    dynamics = stage_rows(prepared("dynamics_status_reasons.csv").stages, {})
    assert dict(dynamics.select("stage", "given").iter_rows())["Canceled"] == "No decision (stage words)"


# ---- HubSpot's default pipeline in German, French and Spanish ---------------------------------------
def test_a_german_hubspot_export_keeps_its_open_deals_whole_file_and_in_batches(tmp_path):
    """The default pipeline's open stages were known in English only: a German export quarantined every open deal."""
    expected = {f"810000{k}": "open" for k in range(1, 7)} | {"8100007": "won", "8100008": "lost"}
    name = "hubspot_localised_open_stages.csv"
    whole = prepared(name)
    assert (whole.rows_accepted, whole.rows_quarantined) == (8, 1)
    assert outcomes_by_id(whole) == expected
    # A phrase holding a stage's words is not that stage: matched as whole values only.
    assert messages(whole)[10].startswith("Deal-Phase 'Vertrag gesendet und geprüft' matches no stage rule")
    with prepare_path(FIXTURES / name, batch_rows=2) as batched:
        commit(Store(tmp_path / "batched"), batched)
    assert dict(deals(Store(tmp_path / "batched")).select("opportunity_id", "outcome").iter_rows()) == expected


@pytest.mark.parametrize(
    "stage",
    [
        "Termin vereinbart", "Termin geplant", "Qualifiziert zum Kauf", "Für Kauf qualifiziert", "Präsentation vereinbart",
        "Entscheidungsträger an Bord", "Entscheidungsträger eingebracht", "Vertrag gesendet",
        "Rendez-vous programmé", "Rendez-vous pris", "Qualifié pour l'achat", "Qualifiée pour l’achat",
        "Présentation programmée", "Présentation planifiée", "Décideur impliqué", "Intégration du décisionnaire",
        "Contrat envoyé", "Cita programada", "Calificado para comprar", "Presentación programada",
        "Responsable de toma de decisiones involucrado", "Contrato enviado",
    ],
)  # fmt: skip
def test_hubspot_s_localised_open_stages_are_open_however_cased_or_spaced(stage):
    stages = [stage, stage.upper(), f"  {stage.lower()} ", stage.replace(" ", "  ")]
    outcomes = with_outcomes(pl.DataFrame({"stage": stages}), DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    assert outcomes == ["open"] * len(stages)


def test_the_stage_editor_offers_no_outcome_for_an_excel_error_in_the_stage_column():
    """A stage of "#REF!" was listed as a value no rule matched, inviting a mapping for an error."""
    from winloss.ingest.pipeline import prepare
    from winloss.views.data_page import stage_rows

    p = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\nA1,Ann,#REF!,100,2026-03-01\n"
                b"A2,Ann,Verbal Yes,100,2026-03-01\nA3,Ann,Closed Won,100,2026-03-01\n", "stages.csv")
    assert sorted(stage_rows(p.stages, {}).get_column("stage").to_list()) == ["Closed Won", "Verbal Yes"]


# ---- a stage placed only when its words name one outcome ------------------------------------------
@pytest.mark.parametrize(("stage", "outcome"), [
    # "Win" within an open stage's name is a step towards winning, not a won deal.
    ("Technical Win", None), ("Develop Win Plan", None), ("Win Strategy", None), ("Verbal Win", None),
    ("Win", "won"), ("Closed Win", "won"), ("Closed Won", "won"), ("Fermé gagné", "won"),
    # Two outcomes named, or the one named negated: asked about.
    ("Closed Lost (Competitor Won)", None), ("Lost - Competitor Won", None), ("Won - Reopened", None),
    ("Not won", None), ("Nicht gewonnen", None), ("Won't proceed", None), ("Not lost", None), ("Non gagné", None),
    # A no-decision phrase makes a lost or closed stage no decision, as a loss reason does.
    ("Closed Lost - No Decision", "no_decision"), ("Verloren - Keine Entscheidung", "no_decision"),
    ("Perdu - pas de décision", "no_decision"), ("Closed - No Decision", "no_decision"), ("Canceled", "no_decision"),
    ("Non-responsive", "no_decision"), ("Won - No Budget", None), ("Negotiation - no decision yet", None),
    ("Closed Lost - No decision / Status quo", "no_decision"), ("Lost - Status Quo / No Decision", "no_decision"),
    # Other words after a lost one: the stage says lost, as it did before its phrase was read.
    ("Closed Lost - Timing / No decision", "lost"), ("Lost - no decision made", "no_decision"),
    # ... and beside words that say by or to whom; a competitor beside "won", or a deal not closed yet, is asked.
    ("Lost to no decision", "no_decision"), ("Closed Lost - Customer Went Dark", "no_decision"),
    ("Lost - Project Cancelled by Customer", "no_decision"), ("Closed Lost (No Decision Made)", "no_decision"),
    ("Won by competitor", None), ("Verbally Won", None), ("Won - Pending Signature", None),
    ("Closed Lost", "lost"), ("Negotiation", "open"), ("Closed", None),
])
def test_a_stage_is_placed_by_its_words_only_when_they_name_one_outcome(stage, outcome):
    """Any one word placed a stage, won before lost: "Technical Win" and "Closed Lost (Competitor Won)" were
    stored won, "Not lost" lost and "Closed Lost - No Decision" lost, each with "stage words" as the rule."""
    content = ("Opportunity ID,Owner,Stage,Close Date,Amount,Loss Reason\n"
               f"S1,Ann,\"{stage}\",2025-03-05,100,\nS2,Ann,Closed Won,2025-03-05,100,\n").encode()
    p = prepare(content, "stages.csv")
    assert outcomes_by_id(p).get("S1") == outcome
    if outcome is None:
        assert messages(p)[2].startswith(f"Stage '{stage}' matches no stage rule")


# A won word beside words that say the deal is not signed yet, or only partly won, in each language the
# won words cover: German, Dutch, Spanish, French, Italian, Portuguese, Swedish, Finnish, Polish, Czech,
# Japanese, with English's own.
_NOT_WON_YET = [
    "Mündlich gewonnen", "Gewonnen (mündlich)", "Gewonnen - Vertrag ausstehend", "Gewonnen - wartet auf Unterschrift",
    "Teilweise gewonnen", "Gewonnen - wacht op handtekening", "Gewonnen (verbaal)", "Mondeling gewonnen",
    "Gedeeltelijk gewonnen", "Ganado - pendiente de firma", "Ganado (verbal)", "Ganado parcialmente",
    "Gagné verbalement", "Gagné - en attente de signature", "Gagné (partiel)", "Vinto (verbale)",
    "Vinto - in attesa di firma", "Vinto parzialmente", "Ganho - aguardando assinatura", "Ganho (pendente)",
    "Ganho parcialmente", "Vunnen (muntligt)", "Won (partial)", "Won - Awaiting Signature", "Partially Won",
    "Voitettu (suullisesti)", "Wygrana - oczekuje na podpis", "Vyhráno (ústně)", "受注 (口頭)",
]


def test_a_won_stage_not_signed_yet_or_partly_won_is_asked_about_in_every_language():
    """English "Won - Pending Signature" was quarantined as not closed yet, but "Mündlich gewonnen",
    "Ganado - pendiente de firma", "Gagné verbalement", "Vinto (verbale)" and "Ganado parcialmente" were
    counted as won deals by their won word. The plain won stages of those languages stay won."""
    won = ["Gewonnen", "Gesloten gewonnen", "Cerrado ganado", "Fermée gagnée", "Vinto", "Fechado e ganho"]
    rows = "".join(f'N{i},Ann,"{stage}",2025-03-05,100,\n' for i, stage in enumerate(_NOT_WON_YET))
    rows += "".join(f'W{i},Ann,"{stage}",2025-03-05,100,\n' for i, stage in enumerate(won))
    p = prepare(("Opportunity ID,Owner,Stage,Close Date,Amount,Loss Reason\n" + rows).encode(), "stages.csv")
    assert outcomes_by_id(p) == {f"W{i}": "won" for i in range(len(won))}
    said = messages(p)
    assert [said[line].startswith(f"Stage '{stage}' matches no stage rule") for line, stage in enumerate(_NOT_WON_YET, 2)] \
        == [True] * len(_NOT_WON_YET)


def test_a_status_no_rule_reads_beside_an_open_stage_is_asked_about_and_mappable(tmp_path):
    """A Copper export's "Abandoned" was ignored and the stage made the deal open; "Active" and "Pending"
    were read as open statuses, so a Closed Won and a Closed Lost deal were counted as pipeline."""
    content = (b"Opportunity ID,Owner,Stage,Status,Close Date,Amount\n"
               b"C1,Ann,Negotiation,Abandoned,2025-03-05,5000\n"
               b"C2,Ann,Proposal,Closed,2025-03-06,7000\n"
               b"C3,Ann,Closed Won,Active,2025-03-07,9000\n"
               b"C4,Ann,Closed Lost,Pending,2025-03-08,3000\n"
               b"C5,Ann,Negotiation,Open,2025-03-09,3000\n"
               b"C6,Ann,Negotiation,Lost,2025-03-10,3000\n"
               b"C7,Ann,Negotiation,Abandoned,2025-03-11,1000\n")
    path = tmp_path / "copper.csv"
    path.write_bytes(content)
    # Batches of five: the first holds a status the rules read, as any real first batch (200,000 rows) does.
    for p in (prepare(content, "copper.csv"), prepare_path(path, batch_rows=5)):
        accepted = pl.concat(list(p.accepted_batches()))
        assert dict(accepted.select("opportunity_id", "outcome").iter_rows()) == {"C3": "won", "C4": "lost", "C5": "open", "C6": "lost"}
        said = messages(p)
        assert set(said) == {2, 3, 8}
        assert said[2].startswith("Status 'Abandoned' is not a status this app reads (open, won or lost)")
        assert '--stage "Abandoned=won"' in said[2]
        assert dict(p.errors.select("line", "column").iter_rows())[3] == "Status"
        editor = stage_rows(p.stages, {})
        asked = editor.filter(~pl.col("matched"))
        assert dict(asked.select("stage", "quarantined").iter_rows()) == {"Abandoned": 2, "Closed": 1}
        assert asked.get_column("rows").to_list() == [0, 0]  # none stored until mapped
    mapped = prepare(content, "copper.csv", stage_outcomes={"abandoned": "no_decision", "Closed": "lost"})
    assert mapped.rows_quarantined == 0
    assert outcomes_by_id(mapped) == {"C1": "no_decision", "C2": "lost", "C3": "won", "C4": "lost", "C5": "open", "C6": "lost",
                                      "C7": "no_decision"}


@pytest.mark.parametrize(("stage", "outcome"), [
    ("Perdu - non qualifié", "lost"), ("Perdido - no calificado", "lost"), ("Closed Lost - not a fit", "lost"),
    ("Verloren - nicht relevant", "lost"), ("Not won", None), ("Closed not won", None), ("Pas gagné", None),
])
def test_a_negation_turns_round_only_the_outcome_word_it_stands_before(stage, outcome):
    content = f"Opportunity ID,Owner,Stage,Close Date,Amount\nS1,Ann,\"{stage}\",2025-03-05,100\n".encode()
    assert outcomes_by_id(prepare(content + b"S2,Ann,Closed Won,2025-03-05,100\n", "stages.csv")).get("S1") == outcome
