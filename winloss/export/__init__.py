"""The quarterly review as files: an editable PowerPoint deck (deck.py) and a self-contained HTML
report (html.py), saying the same things (words.py)."""

from typing import Final

FORMATS: Final = ("pptx", "html")
MIME: Final = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
}
