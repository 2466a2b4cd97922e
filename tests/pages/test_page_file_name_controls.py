"""A file named "**evil** <b>x<i>y $y$ \u202eslx.csv": the right-to-left override (U+202E) took effect on the
pages. The Data page's heading and History's File column read "… vsc.xls" (a .csv passing for .xls), and the
Overview's "Last upload" caption was reversed from the file's name to the end of the sentence, the app's own
dates and store version included."""

from __future__ import annotations

from app_driver import grid_text, opened

from tests.pages.test_page_data import commit, data_page, upload

OVERRIDDEN = "**evil** <b>x<i>y $y$ \u202eslx.csv"
SHOWN = "**evil** <b>x<i>y $y$ slx.csv"  # its letters, in the order they were typed
CONTENT = ("Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
           + "".join(f"A{i},Ann,Closed Won,1000,2026-07-10,2026-08-09\n" for i in range(6))).encode()
HIDDEN = "\u202e\u202d\u2066\u2067\u2068\u200e\u200f"


def test_a_file_name_with_a_direction_override_reads_as_its_letters_on_the_data_page_and_the_overview(store) -> None:
    at = upload(data_page(), (OVERRIDDEN, CONTENT))
    (heading,) = [h.value for h in at.subheader if "evil" in h.value]
    assert not any(c in heading for c in HIDDEN) and heading.endswith("slx\\.csv")
    commit(at, CONTENT)
    at = data_page()
    (history,) = [d for d in at.dataframe if "In effect" in d.value.columns]
    (drawn,) = grid_text(history, "File")
    assert not any(c in drawn for c in HIDDEN)
    assert drawn.replace(" ", "") == SHOWN.replace(" ", "")  # laid out at its spaces only

    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (line,) = [c.value for c in at.caption if "Last upload:" in c.value]
    assert not any(c in line for c in HIDDEN)
    assert "slx\\.csv**, " in line and "(store version 1). Open deals are judged as of" in line
