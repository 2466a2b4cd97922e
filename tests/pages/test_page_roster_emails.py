"""The Data page with a roster's Email column: the report before Commit names the owners written as emails, and
the roster editor shows, refuses and saves a rep's email."""

from __future__ import annotations

from test_page_data import commit, data_page, texts, upload

from winloss.deals import deals

ROSTER = (b"Name,Email,Seller Profile,Team,Manager\n"
          b"Dana Whitfield,dana.whitfield@acme.com,Challenger,East,Mo Lee\n"
          b"Sam Ortiz,sam.ortiz@acme.com,Hard Worker,East,Mo Lee\n")
BY_EMAIL = (b"Deal - ID,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time,Deal - Organization\n"
            b"9001,dana.whitfield@acme.com,Won,1000,2026-01-05,2026-03-01,Beta A\n"
            b"9002,x_y@acme.com,Won,1000,2026-01-05,2026-03-01,Beta B\n")


def test_the_report_and_the_roster_editor_read_a_reps_email(store):
    at = commit(upload(data_page(), ("roster.csv", ROSTER)), ROSTER)
    at = upload(data_page(), ("pipedrive.csv", BY_EMAIL))
    said = texts([*at.warning, *at.info])  # as read: the page escapes the file's text
    assert ('1 deal names its owner by email ("dana.whitfield@acme.com"): counted as the roster\'s rep with that email '
            '("Dana Whitfield").') in said
    assert '"x_y@acme.com", the owner of 1 deal, is an email no roster row has' in said
    at = commit(at, BY_EMAIL)
    assert dict(deals(store).select("rep", "seller_profile").unique().iter_rows())["Dana Whitfield"] == "Challenger"
    key = f"roster_editor_{store.version()}"
    table = at.data_editor(key=key).value
    reps = list(table["rep"])
    assert list(table["email"])[reps.index("Sam Ortiz")] == "sam.ortiz@acme.com"
    at.session_state[key] = {"edited_rows": {reps.index("Sam Ortiz"): {"email": "sam at acme"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and "is not an email" in texts(at.error)
    at.session_state[key] = {"edited_rows": {reps.index("x_y@acme.com"): {"seller_profile": "Lone Wolf", "email": "x_y@acme.com"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.error, texts(at.error)
    at.button(key="roster_save").click().run()
    assert not at.exception
    assert dict(store.roster().select("rep", "email").collect().iter_rows())["x_y@acme.com"] == "x_y@acme.com"


def test_a_first_upload_whose_owners_are_emails_says_it_once_with_what_to_do(store):
    """With no roster stored, the report said one near-identical sentence per owner email."""
    emails = BY_EMAIL + b"9003,x_y@acme.com,Lost,1000,2026-01-05,2026-03-02,Beta C\n"
    at = upload(data_page(), ("pipedrive.csv", emails))
    said = [line for line in texts([*at.warning, *at.info, *at.markdown, *at.caption]).split("\n") if "@" in line]
    assert said == ['2 deal owners are written as emails ("x_y@acme.com" and "dana.whitfield@acme.com"), the owners of 3 '
                    "deals, and no roster is stored to say whose they are: each counts as a rep of its own, Unprofiled and "
                    "in no team. Upload a roster with an Email column giving each rep's email."]
    # The file's text escaped in the Markdown source: "x_y" is not drawn as emphasis.
    assert r'\"x\_y' in "\n".join(e.value for e in [*at.warning, *at.info])
