"""The frame: page config, navigation, and the shared filter sidebar every page reads."""

from pathlib import Path

import streamlit as st

from ui import context, sidebar, signin, style
from winloss.access import may
from winloss.errors import store_unreachable_sentence
from winloss.exchange import unconverted_or_switch
from winloss.store.delta import Store

# The favicon ships with the app: a material icon here would be fetched from a font CDN, which an
# offline machine or a locked-down network cannot reach.
FAVICON = Path(__file__).parent / "assets" / "favicon.svg"
st.set_page_config(page_title="Win/loss — Challenger view", page_icon=str(FAVICON), layout="wide")

# Nothing, not even the sample, is drawn before the visitor's role allows it.
access = signin.current_access()
signin.gate(access)
presentation = sidebar.presentation_ui()
context.stale_upload_folders_removed()  # a killed server's upload copies do not fill the disk
try:
    loaded = context.load(presentation.anonymize)
except OSError as exc:  # a store on object storage that cannot be reached: one sentence, no traceback
    st.error(store_unreachable_sentence(Store().uri, exc), icon=":material/cloud_off:")
    st.stop()
pages = {
    "Analysis": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("app_pages/profiles.py", title="Seller profiles", icon=":material/groups:"),
        st.Page("app_pages/no_decision.py", title="No decision", icon=":material/hourglass_empty:"),
        st.Page("app_pages/reps.py", title="Reps", icon=":material/person:"),
    ],
    "Present": [st.Page("app_pages/review.py", title="Quarterly review", icon=":material/co_present:")],
    "Data": [
        st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
        st.Page("app_pages/assessment.py", title="Profile assessment", icon=":material/psychology:"),
    ],
}
navigation = st.navigation(pages)
# The sidebar's widgets are bound to the URL; each page builds its view from the URL (context.from_url).
# A link's filter values are read against the data first, so none is dropped without a word.
options = context.filter_options(loaded.source)
# A link's Presenting switch spelled otherwise than its toggle reads it (anon=1) was respelled above.
if sidebar.switches_respelled() or sidebar.settle_link(options, lambda: context.names_elsewhere(loaded.source),
                                                       context.filter_blanks(loaded.source)):
    # The link was respelled: the same page runs anew on the new URL before any widget reads it. Here,
    # after st.navigation has chosen the page, a rerun keeps it; before, on a session's first run, a
    # rerun lost it (a deep link to /reps opened the Overview). st.switch_page would set the URL
    # itself and refuses a parameter a widget drawn above holds (?anon=true).
    st.rerun()
# The store's fiscal year is the Settings' month; one who may change the store's settings may save another.
sidebar.filters_ui(options, context.region_rule(loaded.source), loaded.fy_start_month,
                   context.facts_of(loaded).data_as_of(loaded.is_sample),
                   None if presentation.presenter or not may(access.role, "settings") else loaded.store, access.who,
                   context.default_period(loaded))
signin.account_ui(access, presentation.anonymize)
style.presenter_style(presentation.presenter)
# On the Data page itself the banners name its tabs, not the page the reader is on.
on_data_page = navigation.url_path == "data"
style.sample_banner(loaded.is_sample, here=on_data_page)
style.unconverted_banner(unconverted_or_switch(loaded.coded, context.reporting_currency(loaded)).sentence_for(
    access.role, here=on_data_page))
style.uncounted_banner(context.uncounted_sentences(loaded))
style.unmatched_link_banner(sidebar.unmatched_sentences(loaded.fy_start_month))
navigation.run()
