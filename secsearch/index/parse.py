"""The user's query string → a Whoosh query: identifier routing, field values, expansions.

The language itself (fields, spellings, limits, syntax checks) is `language.py`, engine-free.
Whoosh's parser does the parsing; `_Parser` routes identifier-shaped words (SPOTI, MP067) to the
case-preserving `exact` field and ORs in each word's expansions (canonical entity values, long
forms), which the query layer supplies as a `WordExpander`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, QueryParser
from whoosh.searching import Searcher

from ..errors import QueryError
from .language import QUERY_FIELDS, QUERY_HINT, canonical_field_value, prepared_query, shown_query
from .records import entity_field
from .schema import is_identifier


@dataclass(frozen=True)
class Expansion:
    """What a query word (or wildcard pattern) also matches.

    `entities`: canonical entity values (a modification in any spelling); `identifiers`: words
    of the case-preserving `exact` field (`SPOTI` for a typed `spoti`, `SPOTI` for `SPOT*`);
    `spelled_out`: acronyms whose well-known long form the `expands` field records; `phrases`:
    long forms papers define, matched as phrases.
    """

    entities: tuple[tuple[str, str], ...] = ()
    phrases: tuple[str, ...] = ()
    spelled_out: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()


WordExpander = Callable[[str], Expansion | None]


class _Parser(QueryParser):
    """Whoosh's parser over the secsearch language: identifier-shaped words go to `exact`,
    field values are spelt as stored, and each word's expansions are ORed in."""

    def __init__(self, schema_: Schema, expand: WordExpander | None) -> None:
        super().__init__("text", schema_)
        self._expand = expand
        # `word~` and `word~2`: a fuzzy term, as the query syntax help promises.
        self.add_plugin(FuzzyTermPlugin())
        aliases: dict[str, list[str]] = {}
        for typed, field in QUERY_FIELDS.items():
            if typed != field:
                aliases.setdefault(field, []).append(typed)
        self.add_plugin(FieldAliasPlugin(aliases))

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
        if fieldname != "text":
            value = canonical_field_value(fieldname, text)
            return base(fieldname, value, termclass, boost, tokenize, removestops)
        if termclass is not query.Term:
            # Fuzzy, wildcard and prefix terms are not analysed by Whoosh; the text field holds
            # lower-case words, so `SPOTI~1` must look for `spoti~1`.
            first = base(fieldname, text.lower(), termclass, boost, tokenize, removestops)
            # A pattern keeps the expansions of the acronyms it matches (`SPOT*` those of SPOTI),
            # and a fuzzy acronym its own (`SPOTI~1` finds what `SPOTI` finds, and near words).
            pattern = f"{text}*" if termclass is query.Prefix else text
            extra = self._expand(pattern) if self._expand else None
            return self._with_expansion(first, extra, boost)
        word = text.strip(".,;:!?()[]'\"")
        first = (
            query.Term("exact", word, boost=boost)
            if is_identifier(word)
            else base(fieldname, text, termclass, boost, tokenize, removestops)
        )
        extra = self._expand(word) if self._expand and word else None
        return self._with_expansion(first, extra, boost)

    def _with_expansion(self, first: Any, extra: Expansion | None, boost: float) -> Any:
        """`first` ORed with everything the expansion says the word also matches."""
        if not extra:
            return first
        alts = [q for q in [first] if q is not None]
        alts += [query.Term("exact", w, boost=boost) for w in extra.identifiers]
        alts += [query.Term(entity_field(t), v, boost=boost) for t, v in extra.entities]
        alts += [query.Term("expands", short, boost=boost) for short in extra.spelled_out]
        for phrase in extra.phrases:
            words = list(self.schema["text"].process_text(phrase, mode="query"))
            if len(words) > 1:
                alts.append(query.Phrase("text", words, boost=boost))
        return query.Or(alts) if len(alts) > 1 else (alts[0] if alts else None)


def parse_query(s: Searcher, text: str, expand: WordExpander | None = None) -> Any:
    """A Whoosh query for the user's query string; QueryError when it cannot be parsed."""
    shown = shown_query(text)
    prepared = prepared_query(text)
    try:
        q = _Parser(s.schema, expand).parse(prepared)
    except Exception as e:  # the parser raises a zoo of types on hostile input
        detail = " ".join(str(e).split())[:120]
        raise QueryError(f"cannot parse query {shown}: {detail}", hint=QUERY_HINT) from None
    error = _first_error(q)
    if error:
        raise QueryError(f"cannot parse query {shown}: {error}", hint=QUERY_HINT)
    if isinstance(q, type(query.NullQuery)):
        raise QueryError(f"query {shown} has no searchable words", hint=QUERY_HINT)
    return q


def _first_error(q: Any) -> str | None:
    """The parser's complaint attached to the query or any part of it."""
    if getattr(q, "error", None):
        return str(q.error)
    for child in q.children():
        found = _first_error(child)
        if found:
            return found
    return None
