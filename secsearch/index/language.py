"""The query language users type, apart from any search engine: fields, spellings, limits, checks.

`secsearch search` takes words, "phrases", AND / OR / NOT, parentheses, wildcards (`SMET*`),
fuzzy terms (`word~`, `word~2`) and `field:value` terms. This module owns what a query may say and
how its values are spelt, so every engine reads the same language the same way:

- `QUERY_FIELDS`: the fields a user may name, by the name they type; anything else (an internal
  field, a typo, `date:`) is refused with the list of fields and what to use instead;
- `canonical_field_value`: a value as the index stores it (`modification:mp67` → `MP067`,
  `committee:ssc` → `SSC`, `paper:secp_66_1503_19` → upper case);
- `joined_identifiers`: modification ids written with a space or hyphen (`SECMP 0067`, as paper
  titles print them, `MP-067`) joined into one word before parsing;
- size limits and the structural mistakes Whoosh-like parsers would silently forgive.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..domain import (
    COMMITTEE_BY_CODE,
    canonical_modification_id,
    committees_named_in,
    modification_id,
)
from ..errors import QueryError

# Name a user types → the index field it searches.
QUERY_FIELDS: dict[str, str] = {
    "text": "text",
    "title": "title",
    "section": "section",
    "year": "year",
    "committee": "committees",
    "modification": "e_modification",
    "mod": "e_modification",
    "paper": "ref",
    "cites": "e_paper_ref",
    "clause": "e_sec_ref",
    "release": "e_release",
    "milestone": "e_milestone",
    "org": "e_org",
    "acronym": "e_acronym",
}
FIELDS_HINT = (
    "fields: text, title, section, year, committee, modification (mod), paper, cites, clause, "
    "release, milestone, org, acronym; for dates use year:2019 or --from / --to"
)
SIZE_HINT = 'search for a few words or a "phrase"; combine them with AND / OR'
QUERY_HINT = (
    'put phrases in double quotes ("SMKI Portal"), use AND / OR / NOT in capitals, '
    "field:value (year:2019, committee:SSC, modification:MP067) and wildcards (SMET*)"
)

# What one query may ask: longer ones are refused at once, so no query can cost seconds.
MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 64

_PHRASE_RE = re.compile(r'"[^"]*"')
_FIELD_RE = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?=\S)")
# "SECMP 0067" and "MP-067" as papers and people write them: one id, joined before parsing.
_SPLIT_ID_RE = re.compile(r"\b(SECMP|MP|DP)[ \t-]+(\d{2,4}[A-Za-z]?)\b", re.I)
_BINARY_OPERATORS = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


def shown_query(text: str) -> str:
    """The query as error messages quote it: repr'd (control characters visible), cut short."""
    return repr(text) if len(text) <= 80 else repr(text[:77]) + "…"


def _outside_phrases(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change(part)` applied to the parts outside double-quoted phrases."""
    out, pos = [], 0
    for m in _PHRASE_RE.finditer(text):
        out.append(change(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(change(text[pos:]))
    return "".join(out)


def joined_identifiers(text: str) -> str:
    """The query with split modification ids joined (`SECMP 0067` → `SECMP0067`); phrases kept."""
    return _outside_phrases(text, lambda part: _SPLIT_ID_RE.sub(r"\1\2", part))


def checked_fields(text: str) -> None:
    """Refuse a `name:` the language does not know (outside phrases), with the list of fields."""
    outside = _PHRASE_RE.sub(" ", text)
    for m in _FIELD_RE.finditer(outside):
        if m.group(1).lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field {m.group(1)!r} in query {shown_query(text)}", hint=FIELDS_HINT
            )


def canonical_field_value(field: str, value: str) -> str:
    """A `field:value` value spelt as the index stores it."""
    if field == "e_modification":
        if value.isdigit() and 0 < int(value) < 10000:
            return modification_id(value)
        return canonical_modification_id(value) or value
    if field == "committees":
        by_lower = {code.lower(): code for code in COMMITTEE_BY_CODE}
        code = by_lower.get(value.strip().lower())
        named = committees_named_in(value)
        return code or (named[0] if named else value)
    if field in ("ref", "e_paper_ref"):
        return value.upper()
    return value


def size_problem(text: str) -> str | None:
    """Why a query is too large to run, or None."""
    words = len(text.split())
    if words > MAX_QUERY_WORDS:
        return f"has {words:,} words; the limit is {MAX_QUERY_WORDS}"
    if len(text) > MAX_QUERY_CHARS:
        return f"is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}"
    return None


def syntax_problem(text: str) -> str | None:
    """What is structurally wrong with a query, in words, or None.

    Parsers forgive almost anything ("SPOTI AND (" searches for SPOTI), which hides a user's
    typo; these checks catch the mistakes people make before a parser papers over them.
    """
    # A phrase stands for one word, so that `"a b" AND c` has a word before its AND.
    outside = _PHRASE_RE.sub(" PHRASE ", text)
    if outside.count('"') % 2:
        return "a double quote is not closed"
    depth = 0
    for ch in outside:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return "a ')' has no matching '('"
    if depth:
        return "a '(' is not closed"
    tokens = re.sub(r"[()]", " ", outside).split()
    if tokens and tokens[-1] in _BINARY_OPERATORS | {"NOT"}:
        return f"{tokens[-1]} at the end has nothing after it"
    if tokens and tokens[0] in _BINARY_OPERATORS:
        return f"{tokens[0]} at the start has nothing before it"
    return None


def prepared_query(text: str) -> str:
    """The query checked (size, syntax, fields) and its split ids joined; QueryError if unfit."""
    shown = shown_query(text)
    too_large = size_problem(text)
    if too_large:
        raise QueryError(f"query {shown} {too_large}", hint=SIZE_HINT)
    problem = syntax_problem(text)
    if problem:
        raise QueryError(f"cannot parse query {shown}: {problem}", hint=QUERY_HINT)
    checked_fields(text)
    return joined_identifiers(text)
