"""The quarterly review as files: an editable PowerPoint deck and a self-contained HTML report."""
