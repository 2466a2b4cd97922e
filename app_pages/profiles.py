"""Seller profiles: which profile wins, on which deals, how much no decision takes, and who the best are."""

from __future__ import annotations

import streamlit as st

from ui import drill, numbers
from ui.context import View, from_url
from ui.style import PRESENTER_TYPE
from ui.widgets import chart, data_grid, empty_state, fitted_columns
from ui.withheld import AnywaySwitch, stand_in_ui
from winloss import employment, text
from winloss.rates import Denominator
from winloss.present import charts
from winloss.profile_sources import source_line, unprofiled_hint
from winloss.present.theme import PROFILE_COLOURS
from ui.sources import sources, what_to_do_ui
from winloss.views.profiles import (
    BAND_BASES,
    BAND_CHOICE_LABEL,
    BAND_CHOICE_PLACEHOLDER,
    BAND_MEASURES,
    PROFILE_CHOICE_LABELS,
    PROFILE_CHOICE_PLACEHOLDER,
    STUDY_NOTE,
    Profiles,
    ProfilesCaptions,
    band_choice_words,
    band_choices,
    band_deals,
    bands_note,
    bands_caption,
    bands_title,
    captions,
    mix_caption,
    mix_chart_data,
    no_losses_note,
    profile_choices,
    profile_deals,
    profile_deals_caption,
    profile_reps_caption,
    profile_reps_table,
    rate_chart_data,
    significance_cell_words,
    significance_table,
    unranked_mix_note,
    withheld_profiles_note,
)
from winloss.views.reps import (
    BOX_ROOM_PX,
    COUNT_COLUMNS_PX,
    PRESENTER_BOX_ROOM_PX,
    PROFILE_HEADER_PX,
    REP_HEADER_PX,
    TEAM_HEADER,
    TEAM_HEADER_PX,
    TEAM_HELP,
    rate_cell_words,
    rate_column_help,
    reps_name_columns,
    shows_closed_column,
)

ORIGIN = "profiles"
# The page's own choices that change what its figures show, in the URL as every filter is: a link opens
# the page as it was when it was copied.
BASIS_PARAM = "basis"  # the complexity bands' measure, by its label (?basis=Cycle+length+(days+open); the default left out)
# Its Show the charts anyway (?show_anyway=true) is ui.withheld.AnywaySwitch's, as the No decision and Reps pages' are.


def profile_rates_ui(view: View, figures: Profiles, said: ProfilesCaptions) -> str | None:
    """Win rate by profile with intervals and the significance words; returns a clicked profile."""
    overall = figures.overall.row(0, named=True)
    figure = charts.rate_bars(
        figures.by_profile, "seller_profile", title="Win rate by seller profile, with 95% intervals",
        colour_by="seller_profile", colours=PROFILE_COLOURS, n_noun=text.N_CLOSED,
        reference=overall["win_rate"], reference_n=overall["n"], reference_label="All profiles",
        notes=figures.bar_verdicts, hover_notes=figures.verdicts,  # short on the bar, whole in its hover
        horizontal=True, reps=figures.reps,
        room=drill.chart_room(view.presentation.presenter),
    )
    event = chart(
        figure, f"{said.rates} {source_line(sources(*view.key))}",
        rate_chart_data(figures),
        view=view.chart_view, key=drill.key("pr-rate"), presenter=view.presentation.presenter, on_select=True,
    )
    return _profile(event)


def _profile(event) -> str | None:
    from winloss.present.selection import selected_profile

    return selected_profile(drill.points(event))


def bands_ui(view: View, anyway: AnywaySwitch) -> None:
    basis = st.segmented_control("Complexity measured by", list(BAND_BASES), format_func=BAND_BASES.get, default="amount",
                                 key=BASIS_PARAM, bind="query-params", required=True) or "amount"
    bands = numbers.bands(*view.key, basis, view.currency)
    if (note := bands_note(bands, view.filters, drill.around(view))) is not None and not anyway():  # every rate withheld: a sentence, not stubs
        # Its bars' deals one choice away, as a click on a bar opened them.
        picked = stand_in_ui(note, BAND_CHOICE_LABEL, band_choices(bands), f"pr-band-pick-{basis}", BAND_CHOICE_PLACEHOLDER,
                             band_choice_words)
    else:
        figure = charts.band_bars(bands.table, bands.labels, title=bands_title(basis))
        event = chart(
            figure, bands_caption(bands, view.filters, view.presentation.hide_amounts, view.currency),
            bands.table.select("seller_profile", "band", "closed", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi"),
            view=view.chart_view, key=drill.key(f"pr-band-{basis}"), presenter=view.presentation.presenter, on_select=True,
        )
        custom = drill.first_custom(event)
        picked = (custom[0], custom[1]) if custom and len(custom) > 1 else None
    if picked:
        profile, band = picked
        rows = band_deals(view.deals, bands, band, profile, view.filters, view.start, view.end)
        drill.behind(view, f"{text.md(profile)}: {band} deals ({BAND_MEASURES[basis]})", rows, "pr-band-deals",
                     same=("seller_profile",), denominator=Denominator(view.filters.denominator))


def no_decision_ui(view: View, figures: Profiles, said: ProfilesCaptions) -> str | None:
    overall = figures.overall.row(0, named=True)
    frame = figures.by_profile
    figure = charts.rate_bars(
        frame, "seller_profile", title=f"{text.ND_SHARE_OF_LOSSES} by seller profile",
        rate="no_decision_share_of_losses", rate_name=text.ND_SHARE_OF_LOSSES,
        n_noun=text.N_LOSSES, colour_by="seller_profile", colours=PROFILE_COLOURS,
        reference=overall["no_decision_share_of_losses"], reference_n=overall["no_decision_share_of_losses_n"],
        reference_label="All profiles", horizontal=True,
        room=drill.chart_room(view.presentation.presenter),
    )
    event = chart(
        figure, said.no_decision,
        frame.select("seller_profile", "lost", "no_decision", "no_decision_share_of_losses_n", "no_decision_share_of_losses",
                     "no_decision_share_of_losses_lo", "no_decision_share_of_losses_hi"),
        view=view.chart_view, key=drill.key("pr-nd"), presenter=view.presentation.presenter, on_select=True,
    )
    return _profile(event)


def withheld_ui(figures: Profiles, rate: str, note: str, key: str) -> str | None:
    """In place of a profile chart (`rate`: its rate) every rate of which is withheld: the engine's sentence and a list
    of the profiles its bars stood for (ui.withheld.stand_in_ui), named for what choosing one opens. Returns the
    chosen profile."""
    return stand_in_ui(note, PROFILE_CHOICE_LABELS[rate], profile_choices(figures), key, PROFILE_CHOICE_PLACEHOLDER)


def mix_ui(view: View, figures: Profiles) -> str | None:
    mix = figures.mix
    if note := unranked_mix_note(mix, view.filters, drill.around(view)):
        st.info(note, icon=":material/leaderboard:")
        return None
    figure = charts.profile_mix(mix, title="Who the top performers are: profile mix of the top reps vs all reps",
                                room=drill.chart_room(view.presentation.presenter))  # its legend's margin at the page's type
    event = chart(
        figure,
        mix_caption(mix),
        mix_chart_data(mix), view=view.chart_view, key=drill.key("pr-mix"), presenter=view.presentation.presenter, on_select=True,
    )
    st.caption(STUDY_NOTE)
    return _profile(event)


def significance_ui(figures: Profiles, said: ProfilesCaptions) -> None:
    st.caption("Each profile's win rate against all other profiles' deals together, and how likely the gap is to be "
               "luck (a two-proportion z-test).")
    data_grid(
        significance_table(figures),
        hide_index=True,
        column_config={
            "seller_profile": st.column_config.TextColumn("Profile"),
            "verdict": st.column_config.TextColumn("Verdict", help=said.verdict),
            # Written by the engine ("42%", or "—" where withheld, the verdict saying "n too small"), so no format of their own.
            "win_rate": st.column_config.NumberColumn("Win rate"),
            "n": st.column_config.NumberColumn("n", format="localized"),
            "reps": st.column_config.NumberColumn("Reps", format="localized",
                                                  help="The reps whose deals make n: a verdict needs reps as well as deals."),
            "rest_win_rate": st.column_config.NumberColumn("Other profiles"),
            "rest_reps": st.column_config.NumberColumn(
                "Their reps", format="localized",
                help="The reps whose deals make the other profiles' n: a verdict needs reps on that side too."),
            # Written by the engine too: the gap from the percentages shown, p to three decimals.
            "difference": st.column_config.NumberColumn("Gap"),
            "p_value": st.column_config.NumberColumn("p", help=(
                "The chance of a gap this large if the profile did no better or worse than the others (the two-sided "
                "p-value of a two-proportion z-test): below 0.05 reads as likely real.")),
        },
        cell_words=significance_cell_words(figures),
    )


def profile_detail(view: View, profile: str, losses: bool = False) -> None:
    """A clicked profile: its reps (a row opens the rep) and its deals: its closed deals, or from its
    no-decision share's bar (`losses`) that share's n, its lost and no-decision deals."""
    table = profile_reps_table(numbers.reps(*view.key, view.as_of, view.currency), profile, show_closed=shows_closed_column(view.filters))
    helps = rate_column_help()
    with st.container(border=True, key="pr-detail-box"):
        drill.into_view("pr-detail-box", f"{profile}\n{losses}")
        top, close = st.columns([6, 1], vertical_alignment="center")
        top.markdown(f"**{text.md(profile)}** — {text.plural(table.height, 'rep')}. Choose a row to open the rep. "
                     f"{text.ROW_BY_KEYBOARD}")
        if close.button("Close", key="pr-detail-close", icon=":material/close:", width="stretch"):
            drill.clicked()
            st.rerun()
        # The rates are number columns the engine words ("42%"), empty where withheld on too few deals (no
        # value for the grid to sort by or read out); the column's help and the caption say what "—" means.
        # Sized as the leaderboard is (reps_name_columns): each column as wide as its words, the names then
        # sharing what the others leave of the box, a name too long wrapped onto the rows' lines.
        cell_words = rate_cell_words(table)
        config = fitted_columns(table, {
            "rep": st.column_config.TextColumn("Rep", width=REP_HEADER_PX),
            "seller_profile": st.column_config.TextColumn("Profile", width=PROFILE_HEADER_PX, help=helps["seller_profile"]),
            employment.LEFT_ON: st.column_config.TextColumn(employment.LEFT_ON_HEADER, help=employment.LEFT_ON_HELP,
                                                            width=COUNT_COLUMNS_PX[employment.LEFT_ON]),
            "team": st.column_config.TextColumn(TEAM_HEADER, help=TEAM_HELP, width=TEAM_HEADER_PX),
            "closed": st.column_config.NumberColumn("Closed", help=helps["closed"], width=COUNT_COLUMNS_PX["closed"],
                                                    format="localized"),
            "n": st.column_config.NumberColumn("n", help=helps["n"], width=COUNT_COLUMNS_PX["n"], format="localized"),
            "win_rate": st.column_config.NumberColumn("Win rate", width=drill.RATE_WIDTH, help=helps["win_rate"]),
            "nd_n": st.column_config.NumberColumn("Losses", help=helps["nd_n"], width=COUNT_COLUMNS_PX["nd_n"],
                                                  format="localized"),
            # Its name in short, as on the leaderboard: "No decision ÷ losses" took 135 px for cells of 82.
            "no_decision_share_of_losses": st.column_config.NumberColumn(
                text.ND_SHARE_OF_LOSSES_SHORT, width=drill.RATE_WIDTH,
                help=f"{text.ND_SHARE_OF_LOSSES}: {helps['no_decision_share_of_losses']}"),
        }, cell_words=cell_words)
        presenter = view.presentation.presenter
        sized = reps_name_columns(table, {c: config[c]["width"] for c in table.columns},
                                  PRESENTER_BOX_ROOM_PX if presenter else BOX_ROOM_PX, PRESENTER_TYPE if presenter else None)
        config = {**config, **{c: {**config[c], "width": w} for c, w in sized.widths.items()}}
        event = data_grid(
            table, hide_index=True, on_select="rerun", selection_mode="single-row", key=drill.key("pr-reps"),
            column_config=config, lines=sized.lines,
            cell_text={c: sized.cell(c) for c in sized.widths} if sized.lines is not None else None,
            cell_words=cell_words,
        )
        st.caption(profile_reps_caption(view.filters))
        rows = event.selection.rows if event else []
        if rows:
            drill.open_rep(view, table["rep"][rows[0]], ORIGIN)
        deals = profile_deals(view.deals, profile, view.start, view.end, losses)
        drill.deals_table(view, deals, key="pr-deals", caption=profile_deals_caption(profile, losses, text.md),
                          what=f"{profile} deals", same=("seller_profile",),
                          room=drill.LIST_WIDTH,  # in the profile's box
                          denominator=Denominator(view.filters.denominator), losses=losses)


def page() -> None:
    view = from_url()
    drill.header(view, "Seller profiles", "Which seller profile wins — and on which deals?")
    figures = numbers.profiles(*view.key)
    if figures.empty:
        empty_state("No deal closed in this range.", drill.empty_advice(view))
        return
    found = sources(*view.key)
    st.caption(f":material/badge: {' '.join(filter(None, (source_line(found), unprofiled_hint(found))))}")
    if found.mostly_unprofiled:
        what_to_do_ui(found)
    anyway = AnywaySwitch()
    if found.mostly_unprofiled and not anyway():
        return
    # One chart to a row: in a half-width column on a laptop six profile names leave no room for bars.
    said = captions(figures, view.filters, drill.around(view), numbers.roster_profiles(view.source))
    if said.absent:  # a profile with no bar, said over the charts it is missing from
        st.caption(f":material/person_off: {said.absent}")
    # A chart whose every profile's rate is withheld gives way to a sentence and a list of its profiles, unless the
    # switch, drawn over the first of them, is on.
    if (note := withheld_profiles_note(figures, "win_rate", view.filters, drill.around(view))) and not anyway():
        chosen = withheld_ui(figures, "win_rate", note, "pr-rate-pick")
    else:
        chosen = profile_rates_ui(view, figures, said)
    under_first = st.container()  # a click on the first chart opens its profile here, not a chart further down
    with st.expander("Is the gap real? The test behind the words on the bars"):
        significance_ui(figures, said)
    if (note := no_losses_note(figures, view.filters, drill.around(view))) is not None:
        st.info(note, icon=":material/filter_alt_off:")  # every closed deal won: no share of losses to chart
        chosen_nd = None
    elif (note := withheld_profiles_note(figures, "no_decision_share_of_losses", view.filters,
                                                drill.around(view))) and not anyway():
        chosen_nd = withheld_ui(figures, "no_decision_share_of_losses", note, "pr-nd-pick")
    else:
        chosen_nd = no_decision_ui(view, figures, said)
    if chosen_nd:
        profile_detail(view, chosen_nd, losses=True)
    elif chosen:
        with under_first:
            profile_detail(view, chosen)
    chosen = chosen_nd or chosen
    bands_ui(view, anyway)
    chosen_mix = mix_ui(view, figures)
    if chosen_mix and not chosen:
        profile_detail(view, chosen_mix)


page()
