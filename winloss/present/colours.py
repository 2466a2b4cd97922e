"""Colour arithmetic for legible chart text: WCAG luminance and contrast, the ink that reads on a
fill, a colour darkened until it reads as text on white, and a colour made translucent.

Colours are "#RRGGBB" strings (as winloss.present.theme gives them) or Plotly's "rgba(r,g,b,a)";
channels are floats 0-1. No figures here: the chart builders call these.
"""

from __future__ import annotations

from typing import Final

from winloss.present.theme import TEXT_COLOUR

READABLE_ON_WHITE: Final = 4.5  # WCAG AA contrast for text

Channels = tuple[float, float, float]


def channels(colour: str) -> Channels:
    """0-1 channels of "#RRGGBB" or "rgba(r,g,b,a)" (blended onto white, as it is drawn)."""
    if colour.startswith("rgba"):
        *rgb, alpha = (float(v) for v in colour[5:-1].split(","))
        red, green, blue = (1 - alpha + alpha * c / 255 for c in rgb)
        return red, green, blue
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def luminance(rgb: Channels) -> float:
    """WCAG relative luminance of 0-1 channels: 0 for black, 1 for white."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: Channels, other: Channels) -> float:
    """WCAG contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def legible(colour: str) -> str:
    """`colour` darkened just enough to read as text on white (WCAG AA, 4.5:1), keeping its hue:
    the no-decision orange's "53%" beside its line read at 2:1. Falls back to the text colour."""
    rgb = channels(colour)
    white = (1.0, 1.0, 1.0)
    for step in range(21):
        red, green, blue = (c * (1 - step / 20) for c in rgb)
        if contrast((red, green, blue), white) >= READABLE_ON_WHITE:
            return "#" + "".join(f"{round(c * 255):02X}" for c in (red, green, blue))
    return TEXT_COLOUR


def ink(fill: str) -> str:
    """Dark text or white, whichever has the larger contrast on `fill`: on mid tones (Challenger's
    green, the blues) a fixed luminance cut chose dark text that barely reads."""
    rgb = channels(fill)
    on_dark = contrast(rgb, channels(TEXT_COLOUR))
    on_white = contrast(rgb, (1.0, 1.0, 1.0))
    return TEXT_COLOUR if on_dark > on_white else "#FFFFFF"


def faded(colour: str, alpha: float) -> str:
    """"#RRGGBB" as "rgba(r,g,b,alpha)": the same hue, translucent (alpha 0-1)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
