"""A store whose texts name the sample's people every way a CRM's users write them (a surname alone in an
account, a first name in a stage, an email in a competitor field, initials and surname in a typed id, a file
named after a rep uploaded by a rep's e-mail), and
the names a page, file or terminal under "Anonymise reps" must not show (tests/test_anonymise_parts.py,
tests/e2e/test_browser_sharing.py)."""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

from winloss.anonymise import EVERYDAY_WORDS, joined_forms
from winloss.ingest.identity import fold_name

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"

# Each changed deal (by its row among the sample's) and what is typed into it: every text field a page
# shows, each naming someone of the roster.
NAMED = {
    3: {"Opportunity ID": "OPP-CBRENNAN-0042", "Account Name": "Brennan Consulting", "Opportunity Name": "Brennan Consulting - Core Platform",
        "Loss Reason": "Camila left", "Primary Competitor": "hana.hughes@acme.com"},
    5: {"Opportunity ID": "OPP_RWALSH_0043", "Opportunity Name": "Ask Walsh about it", "Loss Reason": "Walsh said no",
        "Segment": "Kowalski accounts"},
    8: {"Opportunity ID": "svennovak-7", "Product": "Moreau Suite", "Primary Competitor": "Sven"},
    13: {"Region": "Lindqvist region", "Opportunity Name": "Dmitri's pick", "Loss Reason": "Went to Pablo"},
}
# An open deal's stage, which no stage rule reads as closed: "Waiting on Rafael" (an open stage).
OPEN_STAGE = "Negotiation - waiting on Rafael"
TEAM = "Pablo Tanaka's team"  # the roster's team of the APAC reps
# The export's file, named after a rep, and who uploaded it, by a rep's e-mail: the last upload, which the
# Overview's "Last upload" line and the Data page's History tab name.
EXPORT_FILE = "hana_hughes_pipeline.csv"
UPLOADER = "camila.brennan@acme.com"


def named_export() -> bytes:
    """The sample's opportunity export with NAMED's texts typed in, and one open deal's stage OPEN_STAGE."""
    rows = list(csv.reader(io.StringIO((SAMPLE / "salesforce_opportunities.csv").read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    for row, fields in NAMED.items():
        for field, value in fields.items():
            body[row][header.index(field)] = value
            if field == "Opportunity ID":
                body[row][len(header) - 1] = value  # the export's second id column (the 18-character one)
    stage, probability = header.index("Stage"), header.index("Probability (%)")
    open_row = next(i for i, r in enumerate(body) if r[stage] not in ("Closed Won", "Closed Lost") and i not in NAMED)
    body[open_row][stage] = OPEN_STAGE
    body[open_row][probability] = "50"
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *body])
    return out.getvalue().encode()


def named_roster() -> bytes:
    """The sample's roster with the APAC team named after its manager (TEAM)."""
    text = (SAMPLE / "rep_roster.csv").read_text(encoding="utf-8")
    return re.sub(r",APAC,Pablo Tanaka,", f",{TEAM},Pablo Tanaka,", text).encode()


def commit_named(store) -> None:
    """The sample's questionnaire, then named_roster and named_export (as EXPORT_FILE, by UPLOADER),
    committed to `store`."""
    from sample_data.assessments import SAMPLE_ASSESSMENTS
    from winloss.ingest.pipeline import commit, prepare

    commit(store, prepare(Path(SAMPLE_ASSESSMENTS).read_bytes(), Path(SAMPLE_ASSESSMENTS).name), user="sample")
    for name, content, user in (("rep_roster.csv", named_roster(), "sample"), (EXPORT_FILE, named_export(), UPLOADER)):
        prepared = prepare(content, name, stage_outcomes={OPEN_STAGE: "open"})
        assert prepared.rows_quarantined == 0, name
        commit(store, prepared, user=user, stage_outcomes={OPEN_STAGE: "open"})


@functools.cache
def forbidden(names: tuple[str, ...]) -> list[str]:
    """What must not show of `names` (real reps and managers) under anonymising, as name keys: each whole
    name, its first name and surname (save EVERYDAY_WORDS, which the rule keeps alone) and the email local
    parts and ids joining them (winloss.anonymise.joined_forms)."""
    found: set[str] = set()
    for name in names:
        key = fold_name(name)
        words = key.split(" ")
        found |= {key, *joined_forms(key)}
        found |= {w for w in (words[0], words[-1]) if w not in EVERYDAY_WORDS and len(w) >= 2}
    return sorted(found, key=lambda k: (-len(k), k))


@functools.cache
def as_a_word(key: str) -> re.Pattern[str]:
    """`key` standing as a word of its own: no letter right before or after it."""
    return re.compile(rf"(?<![^\W\d_]){re.escape(key)}(?![^\W\d_])")


def leaks(text: str, names: list[str]) -> list[str]:
    """Which of forbidden(names) `text` holds as a word of its own (in any case, accents or none: the text is
    folded as names are; a letter either side makes it part of another word)."""
    folded = fold_name(text) if text else ""
    # A key stands as a word only where its letters stand at all: the substring test, a fast scan, leaves the
    # pattern's slow one (a look either side of every place in the text) to the few keys the text holds.
    # The named store's 527 keys took 0.47 s of CPU on 40 kB of its deals' text by the pattern alone, 0.04 s so.
    return [key for key in forbidden(tuple(names)) if key in folded and as_a_word(key).search(folded)]
