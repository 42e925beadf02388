"""SEC knowledge as data: committees, organisations, paper-reference prefixes, identifier patterns.

Every other module takes domain facts from here; nothing else hard-codes a committee name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Committee:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    ref_prefixes: tuple[str, ...] = ()


COMMITTEES: tuple[Committee, ...] = (
    Committee("Panel", "SEC Panel", ("SEC Panel", "the Panel"), ("SECP",)),
    Committee("CB", "Change Board", ("Change Board",), ("CB",)),
    Committee("SSC", "Security Sub-Committee", ("Security Sub-Committee", "SSC"), ("SSC",)),
    Committee(
        "SMKI PMA",
        "SMKI Policy Management Authority",
        ("SMKI Policy Management Authority", "SMKI PMA"),
        ("SMKI_PMA", "PMA"),
    ),
    Committee(
        "TABASC",
        "Technical Architecture and Business Architecture Sub-Committee",
        ("Technical Architecture and Business Architecture Sub-Committee", "TABASC"),
        ("TABASC",),
    ),
    Committee("TAG", "Testing Advisory Group", ("Testing Advisory Group", "TAG"), ("TAG",)),
    Committee("OPSG", "Operations Group", ("Operations Group", "Ops Group", "OPSG"), ("OPSG",)),
    Committee("CSC", "Change Sub-Committee", ("Change Sub-Committee", "CSC"), ("CSC",)),
    Committee("SECCo", "SECCo Board", ("SECCo Board",), ("SECCO",)),
    Committee(
        "TSIRS",
        "Technical Specification Issue Resolution Sub-Group",
        (
            "Technical Specification Issue Resolution Sub-Group",
            "Technical Specification Issue Resolution Subgroup",
            "TSIRS",
        ),
        ("TSIRS",),
    ),
)

COMMITTEE_BY_CODE: dict[str, Committee] = {c.code: c for c in COMMITTEES}

# Upper-case aliases are acronyms: they match case-sensitively ("TAG" the group, not "tag").
_ALIAS_PATTERNS: list[tuple[re.Pattern[str], str]] = sorted(
    (
        (
            re.compile(
                r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])",
                0 if alias.isupper() or " " not in alias and alias[0].isupper() else re.I,
            ),
            c.code,
        )
        for c in COMMITTEES
        for alias in c.aliases
    ),
    key=lambda pair: -len(pair[0].pattern),
)


def committees_named_in(text: str) -> list[str]:
    """Canonical codes of the committees a heading names, in order of first appearance."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, code in _ALIAS_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), code))
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return ordered


# --------------------------------------------------------------------------- paper references

PAPER_REF_PREFIXES: tuple[str, ...] = tuple(
    sorted({p for c in COMMITTEES for p in c.ref_prefixes} | {"SECCO", "SECAS"}, key=len, reverse=True)
)
# SECP_66_1503_19: prefix, meeting number, meeting DDMM, paper number (optionally with a letter).
PAPER_REF_RE = re.compile(
    r"\b(?P<prefix>[A-Z][A-Z0-9]{1,9}(?:_PMA)?)_(?P<meeting>\d{1,3})_(?P<ddmm>\d{4})"
    r"(?:_(?P<paper>\d{1,3}[A-Z]?))?\b"
)


def committee_for_ref_prefix(prefix: str) -> str | None:
    """The committee that issues papers with this reference prefix (SECP → Panel)."""
    for c in COMMITTEES:
        if prefix.upper() in (p.upper() for p in c.ref_prefixes):
            return c.code
    return None


# --------------------------------------------------------------------------- classification

CLASSIFICATION_WORDS: dict[str, str] = {
    "WHITE": "white",
    "GREEN": "green",
    "AMBER": "amber",
    "RED": "red",
}
CLASSIFICATION_STATEMENT_RE = re.compile(
    r"This document is classified as (?P<level>White|Green|Amber|Red)\b", re.I
)

ACTIONS: tuple[str, ...] = ("For Decision", "For Discussion", "For Information")
