"""Profile assessment: a manager rates a rep on the questionnaire; the result becomes the rep's profile."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
import streamlit as st

from ui import signin
from ui.context import View, from_url
from ui.widgets import chart, data_grid, download
from winloss.access import NOBODY, may
from winloss.anonymise import pseudonyms_of_names, rep_pseudonyms
from winloss.views import data_page, roster
from winloss.assessment import (
    DISCLAIMER,
    MIXED_MARGIN,
    SCALE,
    SCALE_LABELS,
    STATEMENTS,
    AnswersInvalid,
    latest_answers,
    scored,
)
from winloss import employment, text
from winloss.deals import deals, roster_people
from winloss.present.assessment_charts import profile_scores
from winloss.profile_sources import assessment_to_save, profile_source_without_names, reps_to_assess
from winloss.ingest.questionnaire import questionnaire_csv, questionnaire_xlsx
from winloss.store.delta import Store, StoreError
from winloss.views.common import answers_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(max_entries=4, show_spinner=False)
def pseudonyms(uri: str, version: int) -> dict[str, str]:
    """Rep -> the pseudonym every other page shows for it, per store version."""
    store = Store(uri)
    return rep_pseudonyms(deals(store, version), roster_people(store, version))


def answers_of(store: Store, rep: str) -> pl.DataFrame:
    """`rep`'s answers that count (winloss.assessment.latest_answers), read once per store version."""
    return store.per_version(("latest answers", rep), lambda: latest_answers(store.assessments(), rep))


def rater_pseudonyms(raters: list[str]) -> dict[str, str]:
    """Rater -> "Rater 1", ...: stable for a set of raters, in no alphabetical order."""
    ordered = sorted(set(raters), key=lambda r: hashlib.sha256(r.encode()).hexdigest())
    return {r: f"Rater {i}" for i, r in enumerate(ordered, start=1)}


def shown_reps(view: View, store: Store) -> pl.DataFrame:
    """The reps to list, with the name as shown (a pseudonym when names are anonymised). Worked out once per
    store version and day (Store.per_version; whether a rep has left is as of today), not on every run: it was
    half the page's CPU."""
    reps = store.per_version(("reps to assess", dt.date.today()), lambda: reps_to_assess(
        store.opportunities(), store.roster(), store.assessments()))
    if view.presentation.anonymize:
        names = pseudonyms(store.uri, store.version())
        reps = reps.with_columns(shown=pseudonyms_of_names(reps.get_column("rep"), names).fill_null("Rep —"),
                                 profile_source=profile_source_without_names())
    else:
        reps = reps.with_columns(shown=pl.col("rep"))
    return reps


def assessed_ui(view: View, store: Store, reps: pl.DataFrame) -> None:
    """Reps with answers on file: their profile, where it came from, and how many raters."""
    rated = reps.filter(pl.col("raters") > 0)
    st.subheader("Assessed reps")
    if rated.height == 0:
        st.caption("No rep has been assessed yet.")
        return
    data_grid(
        rated.select("shown", "seller_profile", "profile_source", "raters", "deals"), hide_index=True,
        column_config={
            "shown": st.column_config.TextColumn("Rep"),
            "seller_profile": st.column_config.TextColumn("Profile now"),
            "profile_source": st.column_config.TextColumn("Where the profile came from"),
            "raters": st.column_config.NumberColumn("Raters"),
            "deals": st.column_config.NumberColumn(roster.DEALS_STORED_LABEL, help=roster.DEALS_STORED_HELP, format="localized"),
        },
    )


def result_ui(rep_shown: str, answers: pl.DataFrame, anonymize: bool, key: str) -> None:
    """The scores of a rep's current answers, the verdict, and how far the raters are apart."""
    try:
        result = scored(answers.drop("date"))
    except AnswersInvalid as exc:
        st.warning(str(exc), icon=":material/warning:")
        return
    names = rater_pseudonyms(list(result.raters)) if anonymize else {r: r for r in result.raters}
    raters = ", ".join(text.md(names[r]) for r in result.raters)
    (st.success if result.profile else st.warning)(
        f"**{text.md(rep_shown)}** — {result.verdict()}", icon=":material/psychology:"
    )
    figure = profile_scores(result.scores, f"Profile scores for {text.label(rep_shown)} (mean of {len(result.raters)} "
                            f"rater{'s' if len(result.raters) != 1 else ''})")
    chart(
        figure,
        f"Rated by {raters}. Each bar is the mean of the profile's four statements, averaged over raters; whiskers "
        f"run from the lowest to the highest rater (the spread). A top profile less than {MIXED_MARGIN:.1f} points "
        "ahead of the second is mixed and leaves the rep Unprofiled.",
        result.scores, view=answers_view(anonymize), key=key,
    )
    if result.raters_disagree:
        tops = "; ".join(f"{text.md(names[r])}: {t or 'a tie'}" for r, t in result.rater_tops.items())
        st.caption(f":material/compare_arrows: The raters disagree on the top profile ({tops}).")


def form_ui(view: View, store: Store, reps: pl.DataFrame, user: str, rater_name: str) -> None:
    """Pick a rep, rate every statement, save: one store version."""
    st.subheader("Rate a rep")
    names = reps.get_column("rep").to_list()
    if not names:
        st.info("No reps yet: upload deals or a roster on the Data page first.", icon=":material/info:")
        return
    # The label names no profile: a widget keeps the labels it was first drawn with, and a save changes the profile.
    # A rep who left is marked, never left out: their deals are profiled as anyone's (winloss.employment).
    labels = {r["rep"]: employment.picker_label(r["rep"], r[employment.REP_LEFT], text.plural(r["deals"], "deal"),
                                                 r[employment.REP_LEFT_ON]) for r in reps.iter_rows(named=True)}
    rep = st.selectbox("Rep (reps with deals but no profile first)", names, format_func=labels.get, key="as-rep")
    row = reps.filter(pl.col("rep") == rep).row(0, named=True)
    done = st.session_state.pop("_as_saved", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    if same := st.session_state.pop("_as_unchanged", None):
        st.info(same, icon=":material/info:")
    st.caption(f"Profile now: **{row['seller_profile']}**"
               + (f" ({text.md(row['profile_source'])})" if row["profile_source"] else ""))
    if row["profile_origin"] not in (None, "assessment") and row["seller_profile"] != "Unprofiled":
        st.caption(
            f":material/info: {text.md(rep)} is a {row['seller_profile']} in the roster "
            f"({text.md(row['profile_source'] or 'roster')}): a clear result here replaces it."
        )
    current = answers_of(store, rep)
    if current.height:
        result_ui(rep, current, False, key=f"as-now-{_slug(rep)}")
    slug = _slug(rep)
    # Enter in the rater's name saved the form (Streamlit's "Press Enter to submit form"): only the button saves.
    with st.form(f"as-form-{slug}", border=True, enter_to_submit=False):
        left, right = st.columns([2, 1])
        rater = left.text_input("Rater (your name)", value=rater_name, key=f"as-rater-{slug}")
        day = right.date_input("Date rated", value=dt.date.today(), max_value=dt.date.today(), key=f"as-day-{slug}")
        st.caption("How well does each statement describe this rep? " +
                   " · ".join(f"{k} {v.lower()}" for k, v in SCALE_LABELS.items()))
        scores: dict[str, int | None] = {}
        for statement in STATEMENTS:
            scores[statement.id] = st.radio(
                f"{statement.id}. {statement.text}", SCALE, index=None, horizontal=True,
                key=f"as-{slug}-{statement.id}",
            )
        saved = st.form_submit_button("Score and save", type="primary", icon=":material/save:")
    if saved:
        save(store, rep, rater, day, scores, user)


def save(store: Store, rep: str, rater: str, day: dt.date, scores: dict[str, int | None], user: str) -> None:
    try:
        saving = assessment_to_save(rep, rater, day, scores, store.assessments(), store.roster())
        if saving.unchanged:  # the same answers saved again: no version that changes nothing
            st.session_state["_as_unchanged"] = saving.unchanged_sentence(text.md(rep))
            st.rerun()
        change = store.save_assessment(saving.answers, saving.roster_row, user=user, note=saving.note)
    except (AnswersInvalid, StoreError) as exc:
        st.error(f"{exc} Nothing was saved.", icon=":material/error:")
        return
    st.session_state["_as_saved"] = saving.saved_sentence(text.md(rep), change.store_version)
    st.rerun()


def questionnaire_ui(reps: pl.DataFrame, anonymize: bool) -> None:
    """The questionnaire as a file for managers who do not use the app."""
    st.subheader("Questionnaire for managers outside the app")
    st.markdown(
        "Download the questionnaire for the reps you choose — one row per rep and statement — send it to their "
        "managers, and upload the filled-in file on the **Data** page: it is checked like every other file, and rows "
        "that cannot be stored are quarantined with the reason."
    )
    if anonymize:
        st.caption("Names are anonymised: turn off 'Anonymise reps' to download a questionnaire with names.")
        return
    unprofiled = reps.filter((pl.col("deals") > 0) & (pl.col("seller_profile") == "Unprofiled")).get_column("rep")
    chosen = st.multiselect("Reps", reps.get_column("rep").to_list(), default=unprofiled.head(20).to_list(),
                            key="as-q-reps", placeholder="Choose reps")
    buttons = st.container(horizontal=True)
    download(buttons, "Questionnaire (CSV)", questionnaire_csv(chosen), file_name="profile_questionnaire.csv",
             mime="text/csv", icon=":material/download:", disabled=not chosen, key="as-q-csv")
    download(buttons, "Questionnaire (Excel)", questionnaire_xlsx(chosen), file_name="profile_questionnaire.xlsx",
             mime=XLSX, icon=":material/download:", disabled=not chosen, key="as-q-xlsx")
    st.page_link("app_pages/data.py", label="Upload a filled-in questionnaire on the Data page", icon=":material/upload:")


def _slug(rep: str) -> str:
    return hashlib.sha256(rep.encode()).hexdigest()[:12]


def page() -> None:
    view = from_url()
    st.title("Profile assessment")
    st.markdown(
        "Few teams keep a record of each rep's seller profile. Rate a rep on the statements below and the result "
        "becomes their profile on every page, labelled as an assessment."
    )
    st.info(DISCLAIMER, icon=":material/info:")
    store = view.measured if view.is_sample else view.store
    reps = shown_reps(view, store)
    visitor = signin.access()
    # Saving writes a profile to the roster: the roster right, and names on screen to rate by.
    may_rate = may(visitor.role, "roster")
    editing = data_page.editing_allowed(view.presentation.presenter, view.presentation.anonymize) and not view.is_sample and may_rate
    if view.is_sample:
        st.caption(
            ":material/science: These are the bundled sample's reps and assessments. Upload your deals on the Data page "
            "to assess your own reps."
        )
    elif not may_rate:
        st.caption("Rating a rep changes the roster: ask a sales ops or admin user to assess, or send managers the "
                   "questionnaire below.")
    elif not editing:
        st.caption(data_page.ANONYMISED_SENTENCE if view.presentation.anonymize else
                   "Presenter mode: rating is off while presenting.")
    assessed_ui(view, store, reps)
    if editing:
        form_ui(view, store, reps, visitor.who or NOBODY, visitor.who if visitor.signed_in else "")
    else:
        rated = reps.filter(pl.col("raters") > 0)
        if rated.height:
            shown = dict(zip(rated["rep"], rated["shown"], strict=True))
            marked = {r["rep"]: employment.picker_label(r["shown"], r[employment.REP_LEFT], day=r[employment.REP_LEFT_ON])
                      for r in rated.iter_rows(named=True)}
            rep = st.selectbox("Show the result for", rated["rep"].to_list(), format_func=marked.get, key="as-show")
            result_ui(shown[rep], answers_of(store, rep), view.presentation.anonymize,
                      key=f"as-show-{_slug(rep)}")
    questionnaire_ui(reps, view.presentation.anonymize)


page()
