"""Refuses the passwords anyone would try first, on sign-up, password change and reset.

Length alone lets `password123` and `qwertyuiop` through. The words common passwords are built
on ship with the project (common_passwords.txt, written for it, docs/security.md); the rules
here see through the usual disguises: capitals, look-alike digits (p4ssw0rd), digits or
symbols added at either end (Password2024!), a word said twice, a run along the keyboard or
the alphabet, one character repeated. The product's own name counts as a common word.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..config import Settings

WORDS_PATH = Path(__file__).with_name("common_passwords.txt")
TOO_COMMON_MESSAGE = (
    "This password is one of the first anyone would try (a common word or name with digits "
    "or symbols added, a keyboard pattern, or this site's name); choose a few unrelated words "
    "instead."
)
# Runs a guesser walks first: along a keyboard row, the alphabet, the digits (and backwards).
_SEQUENCES = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890")
_LOOK_ALIKES = str.maketrans("013457@$!", "oieastasi")
_LEAD = re.compile(r"^[\W\d_]*")
_TRAIL = re.compile(r"[\W\d_]*$")
_EDGE = 4


@cache
def common_words() -> frozenset[str]:
    """The shipped words, plus the product's name and each of its words of four letters or more."""
    lines = WORDS_PATH.read_text(encoding="utf-8").splitlines()
    words = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    product = str(Settings.model_fields["project_name"].default).lower()
    names = re.findall(r"[a-z]+", product)
    words.add("".join(names))
    words.update(name for name in names if len(name) >= 4)
    return frozenset(words)


def _is_run(text: str) -> bool:
    """One character repeated, or a stretch of a keyboard row, the alphabet or the digits."""
    if len(set(text)) <= 1:
        return True
    return any(text in seq or text in seq[::-1] for seq in _SEQUENCES)


def _repeats_a_word(base: str, words: frozenset[str]) -> bool:
    """`base` is one common word said several times (passwordpassword)."""
    for size in range(1, len(base) // 2 + 1):
        if len(base) % size == 0 and base[:size] * (len(base) // size) == base:
            return base[:size] in words or _is_run(base[:size])
    return False


def _bases(text: str) -> set[str]:
    """What is left once digits and symbols at either end are set aside, look-alikes read as
    letters; every split is tried, as a look-alike digit may open the word (4dmin2024)."""
    lead = len(_LEAD.match(text).group())  # type: ignore[union-attr]
    trail = len(_TRAIL.search(text).group())  # type: ignore[union-attr]
    if lead >= len(text):
        return {""}
    # A word opens or closes with at most a few look-alikes: the splits near each edge suffice,
    # which bounds the work at 36 bases whatever the length.
    starts = {0, *range(max(0, lead - _EDGE), lead + 1)}
    ends = {0, *range(max(0, trail - _EDGE), trail + 1)}
    return {text[i : len(text) - j].translate(_LOOK_ALIKES) for i in starts for j in ends}


def is_common(password: str) -> bool:
    """True when `password` is a common word or pattern under the usual disguises."""
    text = password.lower().replace(" ", "")
    if _is_run(text):
        return True
    words = common_words()
    return any(
        not base or base in words or _is_run(base) or _repeats_a_word(base, words)
        for base in _bases(text)
    )
