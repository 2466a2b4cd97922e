"""Where profiles came from: the source line, assessed profiles in the store, roster conflicts, the questionnaire round trip."""

import datetime as dt
import io

import polars as pl
import pytest

from built_stores import committed
from winloss.assessment import STATEMENTS, answers_frame, scored
from winloss.deals import ASSESSED, FROM_ROSTER, PROFILE_RATERS, deals
from winloss.ingest.pipeline import commit, prepare
from winloss.measures.profiles import NOTHING_TO_COMPARE, profile_significance, significance_words
from winloss.profile_sources import (
    PROFILE_SHOWN,
    assessment_to_save,
    profile_as_shown,
    profile_source_words,
    with_rep_profiles_shown,
    profile_source_without_names,
    ProfileSources,
    profiled_line,
    ranks_profiled_reps,
    profile_sources,
    roster_conflicts,
    roster_uploaded_on,
    settled_roster_row,
    source_line,
    unprofiled_hint,
)
from winloss.ingest.questionnaire import questionnaire_csv, questionnaire_frame, questionnaire_xlsx
from winloss.store.delta import Store
from winloss.views.data_page import offers_date_order

DAY = dt.date(2026, 11, 30)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def deals_csv(rows: list[tuple[str, str, str]]) -> bytes:
    """Closed deals: (id, rep, stage), all closed in October 2026."""
    return csv_bytes(pl.DataFrame(
        {"Opportunity ID": [r[0] for r in rows], "Rep": [r[1] for r in rows], "Stage": [r[2] for r in rows],
         "Created Date": ["2026-09-01"] * len(rows), "Close Date": ["2026-10-15"] * len(rows)}
    ))


def roster_csv(rows: list[tuple[str, str]]) -> bytes:
    return csv_bytes(pl.DataFrame({"Rep": [r[0] for r in rows], "Seller Profile": [r[1] for r in rows],
                                   "Team": ["East"] * len(rows)}))


def ingest(store: Store, content: bytes, name: str, **kwargs):
    prepared = prepare(content, name)
    assert prepared.rejected is None, prepared.rejected
    return commit(store, prepared, user="ops", **kwargs)


def challenger_answers(rater: str = "Mara Quint") -> pl.DataFrame:
    return answers_frame(rater, {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS})


def save(store: Store, rep: str, answers: pl.DataFrame, day: dt.date = DAY):
    result = scored(answers)
    current = store.roster().collect().filter(pl.col("rep") == rep)
    row = settled_roster_row(rep, result, current.row(0, named=True) if current.height else None,
                             f"assessment by {answers['rater'][0]}, {day} (1 rater)")
    rows = answers.with_columns(rep=pl.lit(rep), date=pl.lit(day))
    return store.save_assessment(rows, row, user="mgr", note=f"{rep}: {result.verdict()}")


@pytest.fixture
def store(tmp_path) -> Store:
    """Ann (Hard Worker) and Bo (Challenger) on the roster, six deals of theirs and two reps of none, stored by "ops"."""
    roster = roster_csv([("Ann Obi", "Hard Worker"), ("Bo Lind", "Challenger")])
    closed = deals_csv([("1", "Ann Obi", "Closed Won"), ("2", "Bo Lind", "Closed Lost"), ("3", "Cy Vale", "Closed Won"),
                        ("4", "Cy Vale", "Closed Lost"), ("5", "Cy Vale", "Closed Lost"), ("6", "Dee Moss", "Closed Lost")])
    return committed(tmp_path / "store", (roster.decode(), "team.csv"), (closed.decode(), "deals.csv"), user="ops")


def test_the_source_line_counts_reps_by_where_their_profile_came_from(store):
    before = profile_sources(deals(store).lazy(), dt.date(2026, 10, 1), dt.date(2026, 12, 31), roster_uploaded_on(store))
    today = dt.date.today()
    assert source_line(before) == (
        f"Profiles: 2 reps from the roster (uploaded {today.day} {today:%b %Y}), 0 from assessments, "
        "2 unprofiled (67% of closed deals)."
    )
    assert before.mostly_unprofiled
    save(store, "Cy Vale", challenger_answers())
    after = profile_sources(deals(store).lazy(), dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert (after.roster_reps, after.assessed_reps, after.unprofiled_reps) == (2, 1, 1)
    assert source_line(after) == "Profiles: 2 reps from the roster, 1 from assessments, 1 unprofiled (17% of closed deals)."
    assert not after.mostly_unprofiled


def test_the_unprofiled_count_says_where_those_reps_are_and_how_to_profile_them():
    """"2 unprofiled (43% of closed deals)" said nothing of who they were: reps the deals name that
    no roster row does (often a name spelled another way), or roster rows without a profile."""
    assert unprofiled_hint(ProfileSources(1, 0, 0, 10, 0, None)) is None
    assert unprofiled_hint(ProfileSources(3, 0, 2, 10, 4, None)) == (
        "The unprofiled reps have no seller profile: no roster row, or a row with no profile. To give a rep one: "
        "set it in the roster table on the Data page, which lists the unprofiled reps first, with their deals; "
        "upload a roster that spells the rep's name as the deals do; or assess the rep with the questionnaire on "
        "the Profile assessment page.")
    assert (unprofiled_hint(ProfileSources(3, 0, 1, 10, 4, None)) or "").startswith("The unprofiled rep has no seller profile")


def test_the_source_line_says_one_rep_and_no_share_without_closed_deals():
    empty = ProfileSources(1, 0, 0, 0, 0, None)
    assert source_line(empty) == "Profiles: 1 rep from the roster, 0 from assessments, 0 unprofiled."
    assert not empty.mostly_unprofiled


def test_an_assessed_profile_is_one_version_that_rolls_back(store):
    version = store.version()
    change = save(store, "Cy Vale", challenger_answers())
    assert change.store_version == version + 1
    frame = deals(store)
    cy = frame.filter(pl.col("rep") == "Cy Vale")
    assert set(cy["seller_profile"]) == {"Challenger"} and set(cy["profile_source"]) == {ASSESSED}
    assert set(frame.filter(pl.col("rep") == "Ann Obi")["profile_source"]) == {FROM_ROSTER}
    assert frame.filter(pl.col("rep") == "Dee Moss")["profile_source"].to_list() == [None]
    assert store.assessments().collect().height == len(STATEMENTS)
    assert store.history().row(0, named=True)["action"] == "assessment"
    store.rollback(version)
    assert set(deals(store).filter(pl.col("rep") == "Cy Vale")["seller_profile"]) == {"Unprofiled"}
    assert store.assessments().collect().height == 0


def test_a_mixed_result_leaves_the_rep_unprofiled_but_keeps_the_answers(store):
    tie = answers_frame("Mara Quint", {s.id: 4 if s.profile in ("Challenger", "Lone Wolf") else 2 for s in STATEMENTS})
    save(store, "Cy Vale", tie)
    assert store.assessments().collect().height == len(STATEMENTS)
    assert set(deals(store).filter(pl.col("rep") == "Cy Vale")["seller_profile"]) == {"Unprofiled"}


def test_a_roster_upload_lists_conflicts_and_keeps_assessed_profiles_unless_told(store):
    save(store, "Ann Obi", challenger_answers())  # the roster said Hard Worker; the assessment says Challenger
    save(store, "Cy Vale", challenger_answers())
    upload = roster_csv([("Ann Obi", "Hard Worker"), ("Cy Vale", "Lone Wolf"), ("Bo Lind", "Challenger")])
    conflicts = roster_conflicts(prepare(upload, "team2.csv").accepted, store.roster())
    assert conflicts.select("rep", "assessed", "uploaded").rows() == [
        ("Ann Obi", "Challenger", "Hard Worker"), ("Cy Vale", "Challenger", "Lone Wolf")]
    done = ingest(store, upload, "team2.csv", take_uploaded=["Cy Vale"])
    assert done.notes == ('"Ann Obi": the assessed profile is kept (the roster says otherwise).',)
    roster = {r["rep"]: r for r in store.roster().collect().iter_rows(named=True)}
    assert roster["Ann Obi"]["seller_profile"] == "Challenger" and roster["Ann Obi"]["profile_origin"] == "assessment"
    assert roster["Cy Vale"]["seller_profile"] == "Lone Wolf" and roster["Cy Vale"]["profile_origin"] == "roster"
    assert roster["Cy Vale"]["profile_source"].startswith("roster upload team2.csv, ")


def test_the_questionnaire_round_trips_through_the_upload_path(store):
    blank = prepare(questionnaire_csv(["Cy Vale", "Dee Moss"], "Olu Brandt", DAY), "questionnaire.csv")
    # Unfilled, every row is quarantined for its blank score: nothing partial is stored.
    assert blank.kind == "assessment" and blank.rows_accepted == 0 and blank.rejected
    filled = questionnaire_frame(["Cy Vale", "Dee Moss"], "Olu Brandt", DAY)
    scores = {s.id: "5" if s.profile == "Relationship Builder" else "2" for s in STATEMENTS}
    filled = filled.with_columns(pl.col("Statement ID").replace_strict(scores).alias("Score (1-5)"))
    # One of Dee Moss's scores is off the scale: her whole set is quarantined, Cy Vale's is stored.
    bad_line = filled.with_row_index().filter((pl.col("Rep") == "Dee Moss") & (pl.col("Statement ID") == "S04"))["index"][0]
    filled = filled.with_columns(pl.when(pl.int_range(pl.len()) == bad_line).then(pl.lit("6"))
                                 .otherwise(pl.col("Score (1-5)")).alias("Score (1-5)"))
    prepared = prepare(csv_bytes(filled), "questionnaire.csv")
    assert (prepared.rows_accepted, prepared.rows_quarantined) == (len(STATEMENTS), len(STATEMENTS))
    messages = prepared.errors.get_column("message").to_list()
    assert "Score (1-5) '6' is not a score: use a whole number from 1 (strongly disagree) to 5 (strongly agree)." in messages
    assert any("leave 1 of 20 statements without a valid score" in m for m in messages)
    done = commit(store, prepared, user="ops")
    assert done.notes == ("Cy Vale: Relationship Builder: 3.00 points ahead of Challenger (a clear lead is 0.5 or more).",)
    cy = store.roster().collect().filter(pl.col("rep") == "Cy Vale").row(0, named=True)
    assert cy["seller_profile"] == "Relationship Builder"
    assert cy["profile_source"] == "assessment by Olu Brandt, 30 Nov 2026 (1 rater)"
    assert store.assessments().collect().height == len(STATEMENTS)
    assert store.quarantine().collect().height == len(STATEMENTS)


def test_a_second_rater_is_scored_with_the_first_raters_answers_saved_under_another_spelling(store):
    """Saving read the other raters' answers by the exact name: Mara Quint's, saved for "Cy Vàle", were
    left out of the score when Olu Brandt rated the roster's "Cy Vale" (one rep under identity.name_key)."""
    save(store, "Cy Vàle", challenger_answers("Mara Quint"))
    scores = {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS}
    saving = assessment_to_save("Cy Vale", "Olu Brandt", DAY, scores, store.assessments(), store.roster())
    assert saving.result.raters == ("Mara Quint", "Olu Brandt")


def test_answers_without_a_date_are_counted_in_the_singular_and_the_plural():
    """"1 answers have no date: they are dated …": the count met its noun by hand."""
    filled = questionnaire_frame(["Cy Vale"], "Olu Brandt", DAY).with_columns(
        pl.col("Statement ID").replace_strict({s.id: "3" for s in STATEMENTS}).alias("Score (1-5)"))
    one = filled.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col("Date")).alias("Date"))
    said = " ".join(prepare(csv_bytes(one), "questionnaire.csv").notes)
    assert "1 answer has no date: it is dated " in said and "answers have" not in said
    every = filled.with_columns(pl.lit(None, pl.String).alias("Date"))
    said = " ".join(prepare(csv_bytes(every), "questionnaire.csv").notes)
    assert f"{len(STATEMENTS)} answers have no date: they are dated " in said


def test_the_questionnaire_workbook_reads_back_and_keeps_a_roster_profile(store):
    filled = questionnaire_frame(["Ann Obi"], "Olu Brandt", DAY).with_columns(pl.lit("3").alias("Score (1-5)"))
    workbook = questionnaire_xlsx(["Ann Obi"], "Olu Brandt", DAY)
    assert prepare(workbook, "q.xlsx").kind == "assessment"
    scores = {s.id: "5" if s.profile == "Lone Wolf" else "1" for s in STATEMENTS}
    filled = filled.with_columns(pl.col("Statement ID").replace_strict(scores).alias("Score (1-5)"))
    done = ingest(store, csv_bytes(filled), "ann.csv")
    assert "The roster's profile (Hard Worker) is kept" in done.notes[0]
    assert store.roster().collect().filter(pl.col("rep") == "Ann Obi")["seller_profile"].to_list() == ["Hard Worker"]


def test_the_significance_words_say_there_is_nothing_to_compare_with_for_a_lone_group(tmp_path):
    assert significance_words(None, 500, 0) == NOTHING_TO_COMPARE
    assert significance_words(None, 5, 30) == "n too small"
    store = Store(tmp_path / "s")
    ingest(store, deals_csv([(str(i), "Cy Vale", "Closed Won") for i in range(3)]), "d.csv")
    verdicts = profile_significance(deals(store).lazy())
    assert verdicts.select("seller_profile", "verdict").rows() == [("Unprofiled", NOTHING_TO_COMPARE)]


def test_a_store_written_before_assessments_reads_and_takes_the_new_table(tmp_path):
    # A manifest without an assessments_version column, and a roster without profile sources,
    # as every store written before this table existed.
    store = Store(tmp_path / "old")
    ingest(store, roster_csv([("Ann Obi", "Hard Worker")]), "team.csv")
    from deltalake import DeltaTable

    for table, drop in (("uploads", ["assessments_version"]), ("roster", ["profile_origin", "profile_source"])):
        frame = pl.read_delta(str(tmp_path / "old" / table)).drop(drop)
        frame.write_delta(str(tmp_path / "old" / table), mode="overwrite", delta_write_options={"schema_mode": "overwrite"})
    # The manifest's own table versions moved with the rewrite: point its row at the new roster version.
    manifest = pl.read_delta(str(tmp_path / "old" / "uploads")).with_columns(
        roster_version=pl.lit(DeltaTable(str(tmp_path / "old" / "roster")).version(), pl.Int64))
    manifest.write_delta(str(tmp_path / "old" / "uploads"), mode="overwrite")
    assert "assessments_version" not in pl.read_delta(str(tmp_path / "old" / "uploads")).columns
    assert store.manifest().get_column("assessments_version").to_list() == [None]  # read as blank
    assert store.assessments().collect().height == 0
    save(store, "Ann Obi", challenger_answers())
    assert store.assessments().collect().height == len(STATEMENTS)
    assert deals(store).height == 0
    assert store.roster().collect().filter(pl.col("rep") == "Ann Obi")["profile_origin"].to_list() == ["assessment"]


def test_the_overview_line_counts_profiled_reps_and_their_share_of_deals():
    line = profiled_line(ProfileSources(31, 6, 5, 100, 14, None))
    assert line == ("Seller profiles: 37 of 42 reps with closed deals are profiled (31 from the roster, 6 assessed), "
                    "owning 86% of closed deals.")
    # One rep, profiled from the roster: "1 of 1 rep … is profiled", never "1 reps … are".
    one = profiled_line(ProfileSources(1, 0, 0, 100, 0, None))
    assert one.startswith("Seller profiles: 1 of 1 rep with closed deals is profiled (1 from the roster, 0 assessed)")


def test_the_top_performer_comparison_needs_a_ranked_rep_with_a_profile():
    table = pl.DataFrame({"seller_profile": ["Challenger", "Unprofiled"], "all_count": [0, 7]})
    assert not ranks_profiled_reps(table)
    assert ranks_profiled_reps(table.with_columns(pl.Series("all_count", [1, 6])))


def test_the_command_line_ingests_a_questionnaire_and_says_what_it_set(tmp_path, capsys):
    from winloss.cli import main

    filled = questionnaire_frame(["Cy Vale"], "Olu Brandt", DAY).with_columns(
        pl.col("Statement ID").replace_strict({s.id: "5" if s.profile == "Lone Wolf" else "2" for s in STATEMENTS})
        .alias("Score (1-5)"))
    path = tmp_path / "q.csv"
    path.write_bytes(csv_bytes(filled))
    assert main(["ingest", str(path), "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "20 rows read (Profile questionnaire): 20 accepted, 0 quarantined." in out  # as the Data page names it
    assert "Cy Vale: Lone Wolf: 3.00 points ahead" in out


def test_an_anonymised_profile_source_names_no_rater_and_no_source_for_the_unprofiled():
    reps = pl.DataFrame({
        "rep": ["Ann", "Bo", "Cy", "Di"],
        "seller_profile": ["Challenger", "Hard Worker", "Unprofiled", "Lone Wolf"],
        "profile_origin": ["assessment", "roster", None, None],  # Di: stored before origins were kept
        "profile_source": ["assessed by Eve Rater", "roster.csv", None, None],
        "raters": [2, 0, 0, 0],
    })
    shown = reps.with_columns(profile_source_without_names())["profile_source"].to_list()
    assert shown == ["assessment (2 raters)", "roster", None, "roster"]
    one = reps.head(1).with_columns(raters=pl.lit(1)).with_columns(profile_source_without_names())
    assert one["profile_source"].item() == "assessment (1 rater)"


def test_the_saved_sentence_says_what_the_rep_is_now_and_names_a_roster_profile_only_when_there_is_one():
    """A mixed result for a rep with no roster profile read "is now Unprofiled (the roster's profile stays
    until the result is clear)": a roster profile that did not exist, beside a profile it said was new."""
    empty = pl.DataFrame(schema={"rep": pl.String, "rater": pl.String, "date": pl.Date, "statement": pl.String,
                                 "score": pl.Int64})
    profiles = sorted({s.profile for s in STATEMENTS})
    mixed = {s.id: 5 if s.profile in profiles[:2] else 2 for s in STATEMENTS}  # two profiles tie at the top
    clear = {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS}
    from data_models.vocabulary import ROSTER_SCHEMA

    no_roster = pl.DataFrame(schema=ROSTER_SCHEMA)
    rostered = pl.DataFrame([{"rep": "Cy Vale", "seller_profile": "Hard Worker"}], schema=ROSTER_SCHEMA)
    said = {
        name: assessment_to_save("Cy Vale", "Olu Brandt", DAY, scores, empty, roster).saved_sentence("Cy Vale", 7)
        for name, scores, roster in (("mixed", mixed, no_roster), ("kept", mixed, rostered), ("clear", clear, rostered))
    }
    assert said["mixed"] == ("Saved as store version 7: Cy Vale stays **Unprofiled**: the raters' result is mixed. "
                             "Roll it back from Data → History.")
    assert said["kept"].startswith("Saved as store version 7: Cy Vale stays **Hard Worker**, the roster's profile, until")
    assert said["clear"].startswith("Saved as store version 7: Cy Vale is now **Challenger**.")


HOSTILE_REP = '=HYPERLINK("http://x","Eve")'


def filled_questionnaire(csv_text: bytes) -> bytes:
    """The questionnaire's CSV as a manager sends it back: a score in every row, the rest as written."""
    frame = pl.read_csv(csv_text, infer_schema=False)
    return b"\xef\xbb\xbf" + csv_bytes(frame.with_columns(pl.lit("3").alias("Score (1-5)")))


def test_the_questionnaire_csv_writes_a_formula_like_name_as_text_and_reads_it_back_unchanged(store):
    """The CSV wrote '=HYPERLINK("http://x","Eve")' as it was: Excel ran it when the manager opened the file."""
    written = questionnaire_csv([HOSTILE_REP], "Olu Brandt", DAY)
    rows = pl.read_csv(written, infer_schema=False)
    assert set(rows["Rep"]) == {"'" + HOSTILE_REP}
    prepared = prepare(filled_questionnaire(written), "profile_questionnaire.csv")
    assert prepared.kind == "assessment" and prepared.rejected is None
    assert prepared.rows_accepted == len(STATEMENTS)
    assert set(prepared.accepted["rep"]) == {HOSTILE_REP}


def test_the_questionnaires_own_statement_column_is_not_named_as_not_used():
    """"Not used: 'Statement'. If it holds a field, map it": the column is the statement's words, for the
    person filling it in."""
    from winloss.ingest.pipeline import file_report

    prepared = prepare(filled_questionnaire(questionnaire_csv(["Cy Vale"], "Olu Brandt", DAY)), "q.csv")
    report = file_report(prepared)
    assert prepared.kind == "assessment"
    assert report["unused_columns"] == [] and report["unused_sentence"] is None
    # Another file's column of that name is still named: only the questionnaire's own is known.
    other = prepare(csv_bytes(pl.DataFrame({"Rep": ["Cy Vale"], "Statement ID": ["S01"], "Score": ["3"],
                                            "Statement": ["x"]})), "answers.csv")
    assert "Statement" in file_report(other)["unused_columns"]


def test_a_profile_from_an_assessment_is_shown_with_its_raters_and_one_from_the_roster_as_it_is():
    assert profile_as_shown("Challenger", ASSESSED, 1) == "Challenger (assessment, 1 rater)"
    assert profile_as_shown("Lone Wolf", ASSESSED, 3) == "Lone Wolf (assessment, 3 raters)"
    assert profile_as_shown("Challenger", FROM_ROSTER, None) == "Challenger"
    assert profile_as_shown(None, None, None) == "Unprofiled"
    assert [profile_source_words(s, r) for s, r in ((ASSESSED, 2), (FROM_ROSTER, None), (None, None))] == [
        "assessment (2 raters)", "roster", None]
    with pytest.raises(ValueError, match="Unknown profile source"):  # never quietly shown as the roster's
        profile_as_shown("Challenger", "Imported", None)


def test_a_grid_marks_a_profile_from_an_assessment_in_one_line_and_its_column_help_says_what_the_mark_means():
    """The whole label wrapped in the leaderboard's Profile column, and a grid's rows are one height: one
    assessed rep made every row three lines tall. A grid's cell marks it; the column's help says what it means."""
    from winloss.profile_sources import ASSESSED_MARK, profile_in_grid
    from winloss.views.reps import rate_column_help

    assert profile_in_grid("Relationship Builder", ASSESSED, 2) == "Relationship Builder†"
    assert profile_in_grid("Challenger", FROM_ROSTER, None) == "Challenger"
    assert profile_in_grid(None, None, None) == "Unprofiled"
    assert ASSESSED_MARK == "†" and "marked † where it comes from the profile questionnaire" in rate_column_help()["seller_profile"]
    with pytest.raises(ValueError, match="Unknown profile source"):
        profile_in_grid("Challenger", "Imported", None)


def test_a_grid_checks_the_source_by_the_one_rule_of_sources_without_writing_the_pages_label(monkeypatch):
    """A grid's cell built the rep page's whole label ("Challenger (assessment, 2 raters)") only to throw it
    away, for the check of its source that profile_source_words makes: it asks that rule itself, for every source."""
    from winloss import profile_sources

    asked: list[tuple[str | None, int | None]] = []
    words = profile_sources.profile_source_words

    def source_words(source: str | None, raters: int | None) -> str | None:
        asked.append((source, raters))
        return words(source, raters)

    def label(*_: object) -> str:
        raise AssertionError("a grid's cell needs no page label")

    monkeypatch.setattr(profile_sources, "profile_source_words", source_words)
    monkeypatch.setattr(profile_sources, "profile_as_shown", label)
    cells = [profile_sources.profile_in_grid(*row) for row in (("Challenger", ASSESSED, 2), ("Challenger", FROM_ROSTER, None),
                                                               (None, None, None))]
    assert cells == ["Challenger†", "Challenger", "Unprofiled"]
    assert asked == [(ASSESSED, 2), (FROM_ROSTER, None), (None, None)]


def test_the_deals_carry_an_assessed_profiles_raters_under_the_deals_spelling_of_the_rep(store):
    save(store, "Cy Vale", challenger_answers())
    save(store, "cy  vale", challenger_answers("Olu Brandt"))  # a second rater, the name spelled otherwise
    frame = deals(store)
    raters = dict(frame.select("rep", PROFILE_RATERS).unique().iter_rows())
    assert raters == {"Cy Vale": 2, "Ann Obi": None, "Bo Lind": None, "Dee Moss": None}
    board = with_rep_profiles_shown(pl.DataFrame({"rep": ["Cy Vale", "Ann Obi", "Dee Moss"],
                                                  "seller_profile": ["Challenger", "Hard Worker", "Unprofiled"]}),
                                    frame.lazy())
    assert board[PROFILE_SHOWN].to_list() == ["Challenger†", "Hard Worker", "Unprofiled"]
    assert board["profile_source"].to_list() == ["assessment (2 raters)", "roster", None]


def test_saving_the_same_answers_again_changes_nothing(store):
    """A second press of "Score and save" (or Enter in the rater's name) stored the same 20 answers as a new
    version, "20 new, 0 updated, 0 unchanged"; a re-upload of an identical file stores none. Saved again they
    are unchanged; another score, another date or another rater is a new rating."""
    scores = {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS}
    first = assessment_to_save("Cy Vale", "Olu Brandt", DAY, scores, store.assessments(), store.roster())
    assert not first.unchanged
    store.save_assessment(first.answers, first.roster_row, user="mgr", note=first.note)
    again = assessment_to_save("Cy Vale", "Olu Brandt", DAY, scores, store.assessments(), store.roster())
    assert again.unchanged
    assert again.unchanged_sentence("Cy Vale").startswith("Nothing new to save: Cy Vale has these answers")
    other = {**scores, "S01": 4}
    assert not assessment_to_save("Cy Vale", "Olu Brandt", DAY, other, store.assessments(), store.roster()).unchanged
    later = DAY + dt.timedelta(days=1)
    assert not assessment_to_save("Cy Vale", "Olu Brandt", later, scores, store.assessments(), store.roster()).unchanged
    assert not assessment_to_save("Cy Vale", "Mara Quint", DAY, scores, store.assessments(), store.roster()).unchanged
    # A later save of that day with other scores counts: the first set saved again is a change back.
    changed = assessment_to_save("Cy Vale", "Olu Brandt", DAY, other, store.assessments(), store.roster())
    store.save_assessment(changed.answers, changed.roster_row, user="mgr", note=changed.note)
    assert not assessment_to_save("Cy Vale", "Olu Brandt", DAY, scores, store.assessments(), store.roster()).unchanged


def test_a_questionnaires_dates_can_be_read_day_first_and_the_note_names_its_column():
    """A questionnaire dated 07/12/2026 was read month-first (12 Jul) with a note asking to choose the date order
    "in Date order above", a choice the Data page drew for exports only, and starting "date:", no column of
    the file; the order chosen was not even passed on. The choice is offered and read; the note names "Date"."""
    filled = questionnaire_frame(["Cy Vale"], "Olu Brandt").with_columns(
        pl.lit("07/12/2026").alias("Date"), pl.lit("3").alias("Score (1-5)"))
    guessed = prepare(csv_bytes(filled), "questionnaire.csv")
    assert any(n.startswith("Date: every date could be day-first or month-first; read as month-first")
               for n in guessed.notes), guessed.notes
    assert offers_date_order(guessed, "assessment", chosen=False)
    assert not offers_date_order(guessed, "roster", chosen=False)
    chosen = prepare(csv_bytes(filled), "questionnaire.csv", day_first=True)
    assert chosen.accepted_head(100).get_column("date").unique().to_list() == [dt.date(2026, 12, 7)]
    assert not any("every date could be" in n for n in chosen.notes)


def test_the_roster_editor_says_where_each_profile_came_from_as_the_reps_page_marks_an_assessed_one(store):
    """The Data page's Roster tab listed Cy's profile from the questionnaire as if the roster gave it, while the
    Reps page read "Challenger†": beside each profile, where it came from, in the words a CSV of reps writes."""
    from winloss.profile_sources import PROFILE_FROM, PROFILE_FROM_HELP, with_profile_from
    from winloss.views.roster import roster_for_editing

    save(store, "Cy Vale", challenger_answers())
    save(store, "Cy Vale", challenger_answers("Ola Brandt"))
    table = with_profile_from(roster_for_editing(store.opportunities(), store.roster()), store.roster(), store.assessments())
    assert table.columns[table.columns.index("seller_profile") + 1] == PROFILE_FROM
    said = dict(zip(table["rep"], table[PROFILE_FROM], strict=True))
    assert said == {"Dee Moss": None, "Cy Vale": "assessment (2 raters)", "Ann Obi": "roster", "Bo Lind": "roster"}
    assert "†" in PROFILE_FROM_HELP and "questionnaire" in PROFILE_FROM_HELP
