"""What a page draws in place of a chart whose every rate is withheld (views.common.every_rate_withheld): the
engine's sentence (views.common.withheld_chart_sentence), a list that opens what a bar of the chart opened, and the
page's Show the charts anyway, drawn once, which draws such a chart as it would be, its bars grey stubs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st

from ui import drill
from ui.sidebar import linked_toggle
from ui.widgets import CHOICE_WIDTH
from winloss.views.common import SHOW_ANYWAY_LABEL, SHOW_ANYWAY_PARAM

T = TypeVar("T")


class AnywaySwitch:
    """A page's Show the charts anyway, drawn once: where the page asks first, over its charts (the Seller profiles
    page's, of a store whose reps are mostly unprofiled), or else in the place of the first chart whose every rate is
    withheld, whose sentence names it (views.common.withheld_advice). On, each such chart is drawn as it would be,
    its bars grey stubs. Bound to the page's address (?show_anyway=true; =yes too)."""

    def __init__(self, on: bool = False, drawn: bool = False) -> None:
        self.on, self.drawn = on, drawn

    def __call__(self) -> bool:
        """Whether it is on, drawn here if it was not yet."""
        if not self.drawn:
            self.on, self.drawn = linked_toggle(st, SHOW_ANYWAY_LABEL, SHOW_ANYWAY_PARAM, "above"), True
        return self.on


def stand_in_ui(note: str, label: str, options: Sequence[T], key: str, placeholder: str,
                format_func: Callable[[T], str] = str) -> T | None:
    """In place of a chart every rate of which is withheld: the engine's sentence `note` (why, and what to do), then a
    list of what its bars stood for (`options`, in the chart's order), `label` naming what choosing one opens, so that
    what a click on a bar opened stays one choice away (the chart's own list of bars, ui.widgets.choice_ui, goes with
    it). Returns the chosen option. Drawn in presenter mode too: there is no bar to click there either.
    `key`: the list's widget key (drill.key makes it fresh once a choice was acted on)."""
    st.info(note, icon=":material/filter_alt_off:")  # the engine's words: fixed text and numbers, nothing from a file
    # The options are plain text: a selectbox draws them as typed (no Markdown), names from a file too.
    return st.selectbox(label, options, index=None, placeholder=placeholder, key=drill.key(key), width=CHOICE_WIDTH,
                        format_func=format_func)
