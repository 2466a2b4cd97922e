"""An e-mail address or a web address from a file is text: a rep "bianca.rossi@acme.com" was drawn as a
mailto link and "www.example.com" as a link to that site, by Streamlit's Markdown (GFM autolinks), in
the rep's heading and every sentence naming them. They read as written, copy as written, and link nowhere."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from drive import app_storing, main_text, open_page, problems, stop_app

LINK_NAMES = ("bianca.rossi@acme.com", "www.example.com")


@pytest.fixture(scope="module")
def links_app(tmp_path_factory, built_sample):
    """Eight closed deals each for reps named as an e-mail address and as a web address, lost to a
    reason naming both."""
    lines = ["Opportunity ID,Rep,Stage,Close Date,Amount,Loss Reason"]
    for r, rep in enumerate(LINK_NAMES):
        for d in range(8):
            stage, reason = [("Closed Won", ""), ("Closed Lost", "Went with www.rival.io (ask bianca@acme.com)")][d % 2]
            lines.append(f"E-{r}-{d},{rep},{stage},2026-0{1 + d % 8}-1{d},{1000 + d},{reason}")
    content = ("\n".join(lines) + "\n").encode()
    app = app_storing(tmp_path_factory.mktemp("links") / "links_app", [(content, "links.csv")], built_sample)
    yield app
    stop_app(app)


# Every link drawn on the main part of the page but a heading's own anchor, with where it goes. A chart's list
# of choices has a label that is not drawn (display: none, aria-hidden; its input is named by aria-label):
# a link there is neither seen nor reached, and the label keeps its "@" and "www." bare (text.md_spoken).
LINKS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] a')]
    .filter(a => a.getAttribute('aria-label') !== 'Link to heading' && a.getClientRects().length > 0)
    .map(a => `${a.getAttribute('href')} ${a.textContent}`)"""

COPIED_JS = """e => { const r = document.createRange(); r.selectNodeContents(e); const s = getSelection();
    s.removeAllRanges(); s.addRange(r); return s.toString(); }"""


@pytest.mark.parametrize("name", LINK_NAMES)
def test_a_rep_named_as_an_email_or_a_web_address_reads_as_written_and_links_nowhere(links_app, reused_tab, name):
    """The rep's own view names them in its heading and its sentences (Markdown): no element there is a
    link made of the name or the loss reason, and the heading copies as the name's own characters."""
    tab = reused_tab()
    page = tab.page
    open_page(tab, f"{links_app.url}/reps?period=all&rep={quote(name)}", f"{name}'s deals")
    made = [link for link in page.evaluate(LINKS_JS)
            if any(part in link for part in ("acme.com", "example.com", "rival.io", "mailto:"))]
    assert made == [], made
    assert f"{name}'s deals" in main_text(page)
    heading = page.get_by_role("heading", name=f"{name}'s deals").first
    assert heading.evaluate(COPIED_JS).strip() == f"{name}'s deals"
    assert problems(page) == []
