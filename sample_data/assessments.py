"""Seeded profile questionnaires for a handful of the sample's reps, so the Profile assessment page
and the source line under the profile charts have something to show on the bundled sample."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from winloss.assessment import STATEMENTS
from winloss.ingest.questionnaire import COLUMNS

SAMPLE_ASSESSMENTS: Final = Path(__file__).with_name("profile_assessments.csv")

# (rep, rater, date, the profile the rater sees). Sven Xu, missing from the roster, is a clear
# Challenger to both his raters; Björn García, also missing, splits his raters and stays
# Unprofiled (mixed); three rostered reps are assessed as the roster has them.
RATINGS: Final = (
    ("Sven Xu", "Keiko Novak", "2026-10-05", "Challenger"),
    ("Sven Xu", "Pablo Tanaka", "2026-10-12", "Challenger"),
    ("Björn García", "Keiko Novak", "2026-10-05", "Lone Wolf"),
    ("Björn García", "Quinn Bauer", "2026-10-20", "Hard Worker"),
    ("Camila Brennan", "Pablo Tanaka", "2026-09-28", "Challenger"),
    ("Hana Hughes", "Pablo Tanaka", "2026-09-28", "Relationship Builder"),
    ("Rafael Walsh", "Pablo Tanaka", "2026-09-28", "Hard Worker"),
)


def sample_assessments(seed: int = 7) -> pl.DataFrame:
    """The filled-in questionnaire, in the downloadable questionnaire's columns: statements of the profile
    a rater sees score 4-5, the rest 1-3."""
    rng = np.random.default_rng(seed)
    rows = []
    for rep, rater, day, profile in RATINGS:
        for statement in STATEMENTS:
            high = statement.profile == profile
            score = int(rng.integers(4, 6) if high else rng.integers(1, 4))
            rows.append((rep, rater, day, statement.id, statement.text, str(score)))
    return pl.DataFrame(rows, schema={c: pl.String for c in COLUMNS}, orient="row")


def assessments_csv(frame: pl.DataFrame) -> bytes:
    return frame.write_csv().encode("utf-8")
