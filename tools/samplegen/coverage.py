"""Check that the templates marked every mention a tagger following content.py should find.

A vocabulary word outside every entity span means a template forgot its markup, and the tagger's
output could never equal the ground truth; the generator refuses to write such a paper.
"""

from __future__ import annotations

import re

from secsearch.domain import COMMITTEES, PAPER_REF_RE
from secsearch.models import Entity

from .content import MONTHS

_ALIASES = sorted({a for c in COMMITTEES for a in c.aliases}, key=len, reverse=True)
SUSPECTS: list[re.Pattern[str]] = [
    re.compile(r"\b(?:DCC|SECAS|Ofgem|BEIS|DECC|DESNZ|NCSC)\b"),
    re.compile(r"\bCSP (?:North|Central|South)\b"),
    re.compile(r"\b(?:SECMP ?\d+|MP\d+[A-Z]?|DP\d+)\b"),
    PAPER_REF_RE,
    re.compile(r"\bSections? [A-X]\b|\b[A-X]\d+\.\d+\b|\bAppendix [A-Z]{2}\b|\bSchedule \d+\b"),
    re.compile(r"\bRelease \d|\bSEC Release\b|\bR\d\.\d\b|\bSEC v\d|\bSEC Version\b"),
    re.compile(r"\bMilestones?\b|\b(?:IOC|MOC|FOC)\b|\bLive Service Criteria\b"),
    re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b|\b(?:19|20)\d\d\b|\b\d+/\d+/\d+\b"),
    *(
        re.compile(
            r"(?<![\w-])" + re.escape(a) + r"(?![\w-])",
            0 if a.isupper() or " " not in a and a[0].isupper() else re.I,
        )
        for a in _ALIASES
    ),
]
_PAREN_CAPS = re.compile(r"\((?P<short>[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)\)")


def uncovered_mentions(text: str, entities: list[Entity]) -> list[str]:
    """Vocabulary matches in ``text`` that no entity span covers."""
    spans = [(e.start, e.end) for e in entities]

    def covered(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    misses = [
        m.group(0) for p in SUSPECTS for m in p.finditer(text) if not covered(m.start(), m.end())
    ]
    acronyms = [(e.start, e.end) for e in entities if e.type == "ACRONYM"]
    misses += [
        m.group(0) for m in _PAREN_CAPS.finditer(text) if (m.start(1), m.end(1)) not in acronyms
    ]
    return misses
