"""Colour arithmetic: chart text that reads on its fill and on white, by WCAG contrast."""

from __future__ import annotations

import pytest

from winloss.present.colours import READABLE_ON_WHITE, channels, contrast, faded, ink, legible, luminance
from winloss.present.theme import OUTCOME_COLOURS, PROFILE_COLOURS, TEXT_COLOUR

WHITE = (1.0, 1.0, 1.0)


def test_luminance_and_contrast_match_the_wcag_reference_points() -> None:
    assert luminance((0.0, 0.0, 0.0)) == 0.0 and luminance(WHITE) == pytest.approx(1.0)
    assert contrast((0.0, 0.0, 0.0), WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    # WCAG's worked value: #777777 on white is 4.48:1, just under AA.
    assert contrast(channels("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)


def test_an_rgba_colour_is_read_as_drawn_on_white() -> None:
    assert channels("rgba(0,0,0,0.5)") == pytest.approx((0.5, 0.5, 0.5))
    assert channels(faded("#FF0000", 0.25)) == pytest.approx((1.0, 0.75, 0.75))


def test_a_line_label_in_its_series_colour_still_reads_on_white() -> None:
    for colour in (OUTCOME_COLOURS["no_decision"], OUTCOME_COLOURS["won"], "#FFFFFF", *PROFILE_COLOURS.values()):
        shade = legible(colour)
        assert contrast(channels(shade), WHITE) >= READABLE_ON_WHITE, (colour, shade)
    assert legible("#1F2937") == "#1F2937"  # already dark: unchanged
    orange = channels(legible(OUTCOME_COLOURS["no_decision"]))  # still orange, only darker
    assert orange[0] > orange[1] > orange[2]


@pytest.mark.parametrize("fill", [*OUTCOME_COLOURS.values(), *PROFILE_COLOURS.values(), "#000000", "#FFFFFF"])
def test_bar_ink_is_whichever_of_dark_and_white_reads_better(fill: str) -> None:
    chosen = contrast(channels(ink(fill)), channels(fill))
    other = "#FFFFFF" if ink(fill) == TEXT_COLOUR else TEXT_COLOUR
    assert chosen >= contrast(channels(other), channels(fill))
