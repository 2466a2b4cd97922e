"""How far apart a trend's quarter ticks are drawn, for the chart and page tests: the plots' widths as
Chromium drew them, and the least gap between two ticks' words side by side."""

from __future__ import annotations

# Arial's advance widths (ems) of what a tick writes, which Liberation Sans, Chromium's Arial here, shares;
# any other character is taken as wide as a capital.
ARIAL = {**dict.fromkeys("0123456789nodaek", 0.556), " ": 0.278, ",": 0.278, ".": 0.278, "t": 0.278, "’": 0.222,
         "=": 0.584, "Q": 0.778, "F": 0.611, "Y": 0.667}


def width_em(line: str) -> float:
    return sum(ARIAL.get(c, 0.72) for c in line)

# Measured in Chromium on the sample, the sidebar open at the app's type and folded in presenter mode
# (True): px of a trend beside the outcome mix (st.columns([3, 2]): a rep's, the Overview's a little
# wider) and of the No decision page's chart across the page at 1280 px, and of the plot inside each at
# 1024 (a projector's), 1280 and 1440 px.
BESIDE = {True: (712, {1024: 483, 1280: 637, 1440: 733}), False: (543, {1024: 330, 1280: 483, 1440: 579})}
ACROSS = {True: (1220, {1024: 860, 1280: 1116, 1440: 1276}), False: (932, {1024: 590, 1280: 846, 1440: 1006})}
# The same charts' px at 1024 px (the rep's trend; the Overview's is no narrower).
BESIDE_1024 = {True: 558, False: 390}
ACROSS_1024 = {True: 964, False: 676}


def least_gap_px(ticks: list[str], plot_px: float, font: int, named: list[str] | None = None) -> float:
    """The least px between two neighbouring ticks' lines at one height, each tick centred in an even
    share of the plot (lines from the top, as Plotly sets them); of the `named` ticks alone where the
    axis names only some (charts.named_quarters), each pair as far apart as the quarters between them."""
    slot = plot_px / len(ticks)
    at = [i for i, t in enumerate(ticks) if named is None or t in named]
    lines = [ticks[i].split("<br>") for i in at]
    return min((j - i) * slot - (width_em(a) + width_em(b)) * font / 2
               for i, j, left, right in zip(at, at[1:], lines, lines[1:], strict=False)
               for a, b in zip(left, right, strict=False))
