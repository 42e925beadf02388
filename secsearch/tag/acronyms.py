"""Inline acronym definitions ("SMKI Portal via The Internet (SPOTI)"), by Schwartz–Hearst."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import domain
from .identifiers import Mention

_ACRONYM_RE = re.compile(domain.ACRONYM_DEFINITION_PATTERN)
# A long form never reaches back over these: they end the clause the definition sits in.
_CLAUSE_BOUNDARY_RE = re.compile(r"[()\[\].;:!?“”\"‘’]\s|[()\[\];:!?]")


def long_form(short: str, before: str) -> str | None:
    """Schwartz–Hearst: the shortest tail of `before` whose letters spell `short` in order."""
    s, i = len(short) - 1, len(before) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        # The first letter of the short form must start a word of the long form.
        while i >= 0 and (before[i].lower() != c or (s == 0 and i > 0 and before[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    # A word broken over a line keeps its hyphen: "Sub-\nCommittee" → "Sub-Committee".
    found = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(before[i + 1 :].split()))
    max_words = min(len(short) + 5, 2 * len(short))
    if not found or len(found.split()) > max_words or found.upper() == short.upper():
        return None
    return found


def acronym_mentions(text: str) -> Iterator[Mention]:
    for m in _ACRONYM_RE.finditer(text):
        short, plural = m["short"], bool(m["plural"])
        if short in domain.NOT_ACRONYMS or sum(c.isupper() for c in short) < 2:
            continue
        before = text[max(0, m.start() - 250) : m.start()]
        boundaries = list(_CLAUSE_BOUNDARY_RE.finditer(before))
        if boundaries:
            before = before[boundaries[-1].end() :]
        long = long_form(short, before.rstrip())
        if long is None:
            continue
        if plural and long.endswith("s"):
            long = long[:-1]
        yield Mention("ACRONYM", m.start("short"), m.end() - 1, short, long=long)
