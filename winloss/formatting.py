"""Kept for callers of `formatting.money`; every number-to-words rule lives in winloss.text."""

from __future__ import annotations

from winloss.text import money

__all__ = ["money"]
