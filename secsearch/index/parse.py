"""The user's query string → a Whoosh query: syntax checks, identifier routing, expansions.

Whoosh's parser does the parsing; `_Parser` routes identifier-shaped words (SPOTI, MP067) to the
case-preserving `exact` field and ORs in each word's expansions (canonical entity values, long
forms), which the query layer supplies as a `WordExpander`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, QueryParser
from whoosh.searching import Searcher

from ..errors import QueryError
from .records import entity_field
from .schema import is_identifier


@dataclass(frozen=True)
class Expansion:
    """What a bare query word also matches: canonical entity values and phrases."""

    entities: tuple[tuple[str, str], ...] = ()
    phrases: tuple[str, ...] = ()
    spelled_out: tuple[str, ...] = ()  # acronyms whose long form the `expands` field records


WordExpander = Callable[[str], Expansion | None]


class _Parser(QueryParser):
    """Whoosh's parser, routing identifier-shaped words to `exact` and adding expansions."""

    def __init__(self, schema_: Schema, expand: WordExpander | None) -> None:
        super().__init__("text", schema_)
        self._expand = expand
        # `word~` and `word~2`: a fuzzy term, as the query syntax help promises.
        self.add_plugin(FuzzyTermPlugin())
        self.add_plugin(
            FieldAliasPlugin(
                {
                    "committees": ["committee"],
                    "e_modification": ["modification", "mod"],
                    "e_sec_ref": ["clause"],
                    "e_release": ["release"],
                    "e_milestone": ["milestone"],
                    "e_org": ["org"],
                    "e_acronym": ["acronym"],
                    "e_paper_ref": ["cites"],
                    "ref": ["paper"],
                }
            )
        )

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        base = super().term_query
        if fieldname == "text" and termclass is not query.Term:
            # Fuzzy, wildcard and prefix terms are not analysed by Whoosh; the text field holds
            # lower-case words, so `SPOTI~1` must look for `spoti~1`.
            return base(fieldname, text.lower(), termclass, boost, tokenize, removestops)
        if fieldname != "text":
            return base(fieldname, text, termclass, boost, tokenize, removestops)
        word = text.strip(".,;:!?()[]'\"")
        first = (
            query.Term("exact", word, boost=boost)
            if is_identifier(word)
            else base(fieldname, text, termclass, boost, tokenize, removestops)
        )
        extra = self._expand(word) if self._expand and word else None
        if not extra:
            return first
        alts = [q for q in [first] if q is not None]
        alts += [query.Term(entity_field(t), v, boost=boost) for t, v in extra.entities]
        alts += [query.Term("expands", short, boost=boost) for short in extra.spelled_out]
        for phrase in extra.phrases:
            words = list(self.schema["text"].process_text(phrase, mode="query"))
            if len(words) > 1:
                alts.append(query.Phrase("text", words, boost=boost))
        return query.Or(alts) if len(alts) > 1 else (alts[0] if alts else None)


# What one query may ask: longer ones are refused at once, so no query can cost seconds.
MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 64


def shown_query(text: str) -> str:
    """The query as error messages quote it: repr'd (control characters visible), cut short."""
    return repr(text) if len(text) <= 80 else repr(text[:77]) + "…"


def query_size_problem(text: str) -> str | None:
    """Why a query is too large to run, or None."""
    words = len(text.split())
    if words > MAX_QUERY_WORDS:
        return f"has {words:,} words; the limit is {MAX_QUERY_WORDS}"
    if len(text) > MAX_QUERY_CHARS:
        return f"is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}"
    return None


def parse_query(s: Searcher, text: str, expand: WordExpander | None = None) -> Any:
    """A Whoosh query for the user's query string; QueryError when it cannot be parsed."""
    shown = shown_query(text)
    too_large = query_size_problem(text)
    if too_large:
        raise QueryError(f"query {shown} {too_large}", hint=SIZE_HINT)
    problem = syntax_problem(text)
    if problem:
        raise QueryError(f"cannot parse query {shown}: {problem}", hint=QUERY_HINT)
    try:
        q = _Parser(s.schema, expand).parse(text)
    except Exception as e:  # the parser raises a zoo of types on hostile input
        raise QueryError(f"cannot parse query {shown}: {e}", hint=QUERY_HINT) from None
    error = _first_error(q)
    if error:
        raise QueryError(f"cannot parse query {shown}: {error}", hint=QUERY_HINT)
    if isinstance(q, type(query.NullQuery)):
        raise QueryError(f"query {shown} has no searchable words", hint=QUERY_HINT)
    return q


_BINARY_OPERATORS = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


def syntax_problem(text: str) -> str | None:
    """What is structurally wrong with a query, in words, or None.

    Whoosh's parser forgives almost anything ("SPOTI AND (" searches for SPOTI), which hides a
    user's typo; these checks catch the mistakes people make before Whoosh papers over them.
    """
    # A phrase stands for one word, so that `"a b" AND c` has a word before its AND.
    outside = re.sub(r'"[^"]*"', " PHRASE ", text)
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


def _first_error(q: Any) -> str | None:
    """The parser's complaint attached to the query or any part of it."""
    if getattr(q, "error", None):
        return str(q.error)
    for child in q.children():
        found = _first_error(child)
        if found:
            return found
    return None


SIZE_HINT = 'search for a few words or a "phrase"; combine them with AND / OR'
QUERY_HINT = (
    'put phrases in double quotes ("SMKI Portal"), use AND / OR / NOT in capitals, '
    "field:value (year:2019, committee:SSC, modification:MP067) and wildcards (SMET*)"
)
