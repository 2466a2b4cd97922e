"""The roster's "did you mean" guess looks at the roster names within reach of each name (a common subsequence long
enough for difflib's ratio to reach the threshold) and, for short forms, only at names of the same surname: it must
guess exactly what the plain rule guesses, every roster name through difflib and every name scanned for a short form."""

from __future__ import annotations

import difflib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from winloss.ingest import identity
from winloss.ingest.identity import DID_YOU_MEAN_RATIO, _short_form_of, did_you_mean, roster_lookalikes


def plain_guess(key: str, spelled: dict[str, str]) -> str | None:
    """did_you_mean's rule as it reads, with no name set aside: a short form anywhere in `spelled`, else difflib
    over every key."""
    for other, shown in spelled.items():
        if other != key and _short_form_of(key, other) is not None:
            return shown
    close = difflib.get_close_matches(key, list(spelled), n=1, cutoff=DID_YOU_MEAN_RATIO)
    return spelled[close[0]] if close else None


# Few letters, so that names come close to each other often, and short forms among the given names.
GIVEN = st.sampled_from(["bob", "robert", "rob", "ann", "anna", "jon", "john", "kate", "katherine", "ab", "aba"])
SURNAME = st.text(alphabet="abem ü", min_size=0, max_size=9).map(lambda text: " ".join(text.split()))
NAME = st.builds(lambda given, surname: f"{given} {surname}".strip(), GIVEN, SURNAME)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=25, unique=True), st.lists(NAME, min_size=1, max_size=25))
def test_the_guess_is_the_plain_rules_guess(roster, names):
    spelled = {key: key.title() for key in roster}
    surnames = identity.by_surname(spelled)
    for key in names:
        expected = plain_guess(key, spelled)
        assert did_you_mean(key, spelled) == expected
        assert did_you_mean(key, spelled, surnames.get(key.partition(" ")[2], {})) == expected


def test_a_roster_of_150_against_600_names_guesses_as_the_plain_rule():
    """Many names against a roster, with near misses of roster names and short forms mixed in (the reference, every
    pair through difflib, is the slow part: 2.0 s of CPU for 2,050 names against 500)."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def name() -> str:
        return rng.choice(["Anna", "Robert", "Bob", "Maria", "Jean", "Kenji", "Olga", "Dana"]) + " " + "".join(
            rng.choice(letters) for _ in range(rng.randint(3, 8))).capitalize()

    roster = [name() for _ in range(150)]
    names = [name() for _ in range(600)] + [rep[:-1] + "x" for rep in roster[:40]] + ["Bob " + rep.split(" ")[1] for rep in roster[:20]]
    spelled: dict[str, str] = {}
    for rep in roster:
        spelled.setdefault(identity.rep_key(rep), rep)
    expected = {}
    for given_name in dict.fromkeys(names):
        key = identity.rep_key(given_name)
        if key not in spelled and (meant := plain_guess(key, spelled)):
            expected[given_name] = meant
    assert len(expected) >= 40
    assert roster_lookalikes(names, roster) == expected
