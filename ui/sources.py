"""Where the measured view's profiles came from, cached per view (see winloss.profile_sources)."""

from __future__ import annotations

import streamlit as st

from winloss.profile_sources import ProfileSources, profile_sources
from winloss.text import percent


@st.cache_data(max_entries=64, show_spinner=False)
def sources(source, filters, start, end) -> ProfileSources:
    """Reps with closed deals in the range by profile source; the arguments are the view's key."""
    from ui.context import version_facts, view_deals_of

    # The roster's day from the version's kept facts (winloss.store_facts), as roster_uploaded_on reads it.
    roster_uploaded = version_facts(source.uri, source.version).roster_uploaded
    return profile_sources(view_deals_of(source, filters), start, end, roster_uploaded)


def what_to_do_ui(found: ProfileSources) -> None:
    """Most closed deals belong to Unprofiled reps: say so, and how to give reps a profile."""
    share = found.unprofiled_share or 0
    st.warning(
        f"**{percent(share)} of the closed deals in range belong to reps without a seller profile**, so most bars below "
        "would be one grey Unprofiled bar. Give reps a profile first: upload a rep roster (the Data page has a "
        "roster template), or assess reps with the profile questionnaire.",
        icon=":material/person_search:",
    )
    links = st.container(horizontal=True)
    links.page_link("app_pages/data.py", label="Upload a roster (Data page, with the template)", icon=":material/upload:")
    links.page_link("app_pages/assessment.py", label="Assess reps", icon=":material/psychology:")
