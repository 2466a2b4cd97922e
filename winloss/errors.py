"""Unexpected failures as the one sentence a user sees, never a traceback."""

from __future__ import annotations

import re

from winloss.store import StoreError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, without terminal colour codes (deltalake adds them)."""
    text = _ANSI.sub("", str(exc)).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def error_sentence(exc: Exception, doing: str) -> str:
    """One sentence for a failure while `doing` something (e.g. "storing the file")."""
    if isinstance(exc, (ValueError, StoreError)):  # raised with a sentence meant for the user
        return first_line(exc)
    return f"Something went wrong while {doing} ({type(exc).__name__}: {first_line(exc)}); nothing more was written."


def store_unreachable_sentence(uri: str, exc: Exception) -> str:
    """Why the store cannot be opened, and what to check."""
    return (
        f"The store at {uri} cannot be opened ({first_line(exc)}): check WINLOSS_STORE (or --store), "
        "the credentials and the network, then reload."
    )
