"""The Quarterly review's win rate by seller profile gives each profile's n with the reps who make it, on the
page, in the HTML report and in the deck alike (one caption, views.review.section_captions; the chart's
hover): a profile's rate on one or two reps' deals measures those reps, and its n alone did not say so."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from small_deals import closed_rows, make_deals

from winloss.export.deck import deck_bytes
from winloss.present.review_charts import profile_figure
from winloss.views.review import SECTION_TITLES, quarterly_review, section_captions

END = dt.date(2026, 9, 30)


def test_the_reviews_profile_caption_and_hover_give_the_reps_behind_each_n(frame) -> None:
    # Unprofiled: 35 closed deals in 2026 Q3, Ann's 5 and Bo's 30: two reps.
    review = quarterly_review(frame, "2026 Q3", END)
    assert review.profiles["reps"].to_list() == [2]
    assert "n per profile in 2026 Q3: Unprofiled 35 deals of 2 reps." in section_captions(review)["profiles"]
    (now,) = [t for t in profile_figure(review).data if t.type == "bar" and t.name == review.quarter]
    assert "<br>35 deals of 2 reps<br>" in now.hovertext[0]
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in s.shapes)]
    assert any(sh.has_text_frame and "Unprofiled 35 deals of 2 reps" in sh.text_frame.text for sh in slide.shapes)


def test_a_profile_against_other_profiles_of_two_reps_has_no_verdict_nor_finding() -> None:
    # Challenger 30 of 50 over three reps against Hard Worker 10 of 50 over two: a gap a test over deals calls
    # likely real (p < 0.001), yet the Challengers are measured against two people's record, and the Hard
    # Workers are two people. The verdict says so on the page and in the HTML report (the chart's hover), and no
    # finding (page, HTML report, deck) states a gap that the verdict withholds.
    challengers = {f"C{i}": ("Challenger", None, None) for i in (1, 2, 3)}
    hard_workers = {f"H{i}": ("Hard Worker", None, None) for i in (1, 2)}
    rows = (closed_rows("C1", 10, 7) + closed_rows("C2", 10, 7) + closed_rows("C3", 10, 6)
            + closed_rows("H1", 5, 20) + closed_rows("H2", 5, 20))
    review = quarterly_review(make_deals(rows, challengers | hard_workers), "2025 Q1", dt.date(2025, 3, 31))
    verdicts = dict(zip(review.profiles["seller_profile"], review.profiles["verdict"], strict=True))
    assert verdicts == {"Challenger": "the other profiles are 2 reps: too few to compare the profile with",
                        "Hard Worker": "2 reps: too few to tell a profile from its reps"}
    (now,) = [t for t in profile_figure(review).data if t.type == "bar" and t.name == review.quarter]
    assert "Against all other profiles: the other profiles are 2 reps: too few to compare" in now.hovertext[0]
    assert [f.text for f in review.findings or () if f.topic == "profile"] == []
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    said = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "for the other profiles" not in said
    # A third Hard Worker makes three reps on each side: the verdict and the finding are the test's.
    third = closed_rows("H3", 5, 20)
    review = quarterly_review(make_deals(rows + third, challengers | hard_workers | {"H3": ("Hard Worker", None, None)}),
                              "2025 Q1", dt.date(2025, 3, 31))
    assert review.profiles["verdict"].to_list() == ["likely real", "likely real"]
    assert [f.text.split(" won ")[0] for f in review.findings or () if f.topic == "profile"] == ["Challengers", "Hard Workers"]
