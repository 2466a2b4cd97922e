"""The Data page's report on a deals file whose owner is spelt close to a rep of the stored roster: "did you
mean", once per owner, before Commit (pipeline.store_rep_sentences), the file's names shown as text."""

from __future__ import annotations

from test_page_data import commit, data_page, texts, upload

ROSTER = b"Name,Seller Profile,Team,Manager\nDana *Whitfeld*,Challenger,East,Mo Lee\n"
HUBSPOT = (b"Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name\n"
           b"101,Dana *Whitfield*,Closed Won,1000,2026-01-05,2026-03-01,Acme A\n"
           b"102,Dana *Whitfield*,Closed Lost,2000,2026-01-05,2026-03-02,Acme B\n")


def test_the_report_on_deals_names_the_close_roster_rep_once(store):
    commit(upload(data_page(), ("roster.csv", ROSTER)), ROSTER)
    at = upload(data_page(), ("hubspot.csv", HUBSPOT))
    elements = [*at.warning, *at.info, *at.markdown, *at.caption]
    shown = [e.value for e in elements if "did you mean" in e.value]
    assert len(shown) == 1 and shown[0].count("did you mean") == 1  # once for the owner of two deals
    assert r"Dana \*Whitfield\*" in shown[0]  # escaped: not drawn as emphasis
    assert ('"Dana *Whitfield*", the owner of 2 deals in this file, is not in the roster: did you mean "Dana *Whitfeld*"? '
            "They stay two reps, and those deals Unprofiled and in no team") in texts(elements)


def test_a_reexport_renaming_stored_deals_to_the_close_spelling_says_so_once(store):
    """Stored deals of the roster's "Dana *Whitfeld*", then an export that names their owner "Dana *Whitfield*": the
    report said it twice, the 'did you mean' sentence and the changes report's "the new rep of 2 deals ... their rep
    before". The 'did you mean' sentence, which says more, is said alone."""
    commit(upload(data_page(), ("roster.csv", ROSTER)), ROSTER)
    before = HUBSPOT.replace(b"Dana *Whitfield*", b"Dana *Whitfeld*")
    commit(upload(data_page(), ("hubspot.csv", before)), before)
    at = upload(data_page(), ("hubspot_again.csv", HUBSPOT))
    said = texts([*at.warning, *at.info, *at.markdown, *at.caption])
    # The changes report names whom the deals move between, escaped: not drawn as emphasis.
    assert ('Storing it changes 2 stored deals: 2 deals change only in their rep, from "Dana *Whitfeld*" to '
            '"Dana *Whitfield*" (101, 102).') in said
    assert any(r'from \"Dana \*Whitfeld\*\" to \"Dana \*Whitfield\*\"' in e.value for e in at.info)
    assert said.count("did you mean") == 1
    assert "the new rep of" not in said and "their rep before" not in said
