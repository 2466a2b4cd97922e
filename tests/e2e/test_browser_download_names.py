"""A download named after a rep written in another script arrives under that name: the file name is sent
in a header (RFC 5987's encoded form for a name beyond ASCII), and the browser saves it whole."""

from __future__ import annotations

import time
from urllib.parse import quote

from drive import WAIT_MS, app_storing, open_page, problems, stop_app

from winloss import text

REP = "田中 花子"
ARRIVAL_S = 30


def test_a_chart_csv_named_after_a_japanese_rep_arrives_with_the_name_whole(tmp_path_factory, built_sample, new_tab):
    lines = ["Opportunity ID,Rep,Stage,Close Date,Amount,Loss Reason"]
    for d in range(8):
        stage, reason = [("Closed Won", ""), ("Closed Lost", "価格")][d % 2]
        lines.append(f"J-{d},{REP},{stage},2026-0{1 + d % 8}-1{d},{1000 + d},{reason}")
    app = app_storing(tmp_path_factory.mktemp("names") / "app", [(("\n".join(lines) + "\n").encode(), "jp.csv")],
                      built_sample)
    try:
        tab = new_tab()
        page = tab.page
        open_page(tab, f"{app.url}/reps?period=all&rep={quote(REP)}", f"{REP}'s deals")
        # The chart's subject, then the range it is of (views.common.chart_file_name): every deal of the file.
        expected = f"{text.slug(f'Why {REP}' + chr(39) + 's deals were lost')}_2026-01-10-to-2026-08-17.csv"
        assert expected == "why-田中-花子-s-deals-were-lost_2026-01-10-to-2026-08-17.csv"
        arrived: list[str] = []
        page.on("download", lambda download: arrived.append(download.suggested_filename))
        buttons = page.locator('[data-testid="stDownloadButton"] button').filter(has_text="Data behind this chart (CSV)")
        assert buttons.count() >= 1
        for i in range(buttons.count()):
            buttons.nth(i).scroll_into_view_if_needed(timeout=WAIT_MS)
            buttons.nth(i).click(timeout=WAIT_MS)
        deadline = time.monotonic() + ARRIVAL_S
        while expected not in arrived and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert expected in arrived, arrived
        assert problems(page) == []
    finally:
        stop_app(app)
