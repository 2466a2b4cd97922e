"""Unexpected failures as the one sentence a user sees, never a traceback."""

from __future__ import annotations

import re

from winloss.store.delta import StoreError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Characters a terminal acts on instead of showing: C0 controls (ESC starts sequences that retitle
# or clear the terminal), DEL, C1 controls (U+009B is a one-byte CSI), and the bidirectional
# overrides that make text read differently from what it is.
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_text(text: object, keep_newlines: bool = False) -> str:
    """`text` safe to print to a terminal: every control character shown as an escape (ESC as \\x1b).

    Used for every line the command line prints, since file values (names, reasons, column and
    file names) reach those lines. `keep_newlines` keeps "\\n" for text that is laid out in lines.
    """
    def escaped(match: re.Match[str]) -> str:
        ch = match.group(0)
        if keep_newlines and ch == "\n":
            return ch
        return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _TERMINAL_CONTROLS.sub(escaped, str(text))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, without terminal colour codes (deltalake adds them)."""
    text = _ANSI.sub("", str(exc)).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


# What an object store's answer means, by the words deltalake and the S3/Azure/GCS APIs put in it.
_MISSING = re.compile(r"404|not ?found|NoSuchKey|NoSuchBucket|No such file", re.I)
_DENIED = re.compile(r"403|401|AccessDenied|Forbidden|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|credential", re.I)
_UNREACHABLE = re.compile(r"timed? ?out|error sending request|connection (refused|reset)|dns error|Connect", re.I)


def object_store_sentence(exc: BaseException) -> str | None:
    """The one sentence for an object store's or Delta log's failure, its cause named and no raw XML
    or HTTP body: a missing file, refused credentials, a store that did not answer, or a commit another
    write took first; None for any other failure."""
    from deltalake.exceptions import CommitFailedError, DeltaError

    from winloss.store.delta import CONFLICT

    if isinstance(exc, CommitFailedError):
        return CONFLICT
    if not isinstance(exc, (DeltaError, OSError)):  # where deltalake and the object stores raise
        return None
    text = _ANSI.sub("", str(exc))  # an S3 error's code (NoSuchKey, InvalidAccessKeyId) is in its XML body
    if isinstance(exc, FileNotFoundError) or _MISSING.search(text):
        return ("A file the store's current version names is missing from its storage (deleted outside the app): "
                "roll back to an earlier version on the Data page, or restore the file from a backup.")
    if isinstance(exc, PermissionError) or _DENIED.search(text):
        return "The store's storage refused the credentials: check the AWS_* (or Azure, GCS) keys the server runs with."
    if isinstance(exc, (TimeoutError, ConnectionError)) or _UNREACHABLE.search(text):
        return ("The store's storage did not answer: check the endpoint (AWS_ENDPOINT_URL) and the network, "
                "then try again; nothing more was written.")
    return None


def error_sentence(exc: Exception, doing: str) -> str:
    """One sentence for a failure while `doing` something (e.g. "storing the file")."""
    if isinstance(exc, (ValueError, StoreError)):  # raised with a sentence meant for the user
        return first_line(exc)
    if (sentence := object_store_sentence(exc)) is not None:
        return sentence
    return f"Something went wrong while {doing} ({type(exc).__name__}: {first_line(exc)}); nothing more was written."


def store_unreachable_sentence(uri: str, exc: Exception) -> str:
    """Why the store cannot be opened, and what to check."""
    if (cause := object_store_sentence(exc)) is not None:
        return f"The store at {uri} cannot be opened. {cause}"
    return (
        f"The store at {uri} cannot be opened ({first_line(exc)}): check WINLOSS_STORE (or --store), "
        "the credentials and the network, then reload."
    )
