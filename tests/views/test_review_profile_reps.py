"""The Quarterly review's win rate by seller profile gives each profile's n with the reps who make it, on the
page, in the HTML report and in the deck alike (one caption, views.review.section_captions; the chart's
hover): a profile's rate on one or two reps' deals measures those reps, and its n alone did not say so."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation

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
