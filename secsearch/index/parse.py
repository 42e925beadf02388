"""The user's query string → the engine-neutral match tree (`querytree.Match`), once, for every
backend.

The language itself (fields, spellings, limits, syntax checks) is `language.py`; the syntax tree
is `querytree.parse_syntax`. Here each word becomes terms of the index: identifier-shaped words
(SPOTI, MP067) go to the case-preserving `exact` field, other words are analysed like the text
they are looked up in (`analysis.py`), field values are spelt as stored, and each word's
expansions (canonical entity values, long forms), which the query layer supplies as a
`WordExpander`, are ORed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import QueryError
from .analysis import TEXT_FIELDS, analysed, is_identifier
from .language import QUERY_FIELDS, QUERY_HINT, canonical_field_value, prepared_query, shown_query
from .querytree import (
    All,
    Any,
    Every,
    Fuzzy,
    Group,
    Match,
    Negated,
    Pattern,
    Phrase,
    Quoted,
    Syntax,
    Term,
    Word,
    all_of,
    any_of,
    parse_syntax,
)
from .records import entity_field


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

# Fields whose values are numbers.
NUMERIC_FIELDS = frozenset({"year"})
# Fuzzy words match within at most this many edits (`word~5` is read as `word~2`).
MAX_FUZZY_DISTANCE = 2
_WORD_EDGES = ".,;:!?()[]'\""


def entity_query(values: list[tuple[str, str]]) -> Match | None:
    """Passages tagged with any of these (type, canonical value) pairs."""
    return any_of([Term(entity_field(t), v) for t, v in values])


def parse_query(text: str, expand: WordExpander | None = None) -> Match:
    """The match tree of a user's query string; QueryError when it cannot be parsed or asks for
    nothing searchable."""
    shown = shown_query(text)
    syntax = parse_syntax(prepared_query(text))
    match = _Resolver(expand, shown).resolve(syntax) if syntax is not None else None
    if match is None:
        raise QueryError(f"query {shown} has no searchable words", hint=QUERY_HINT)
    return match


class _Resolver:
    """Turns syntax into matches: the words analysed, the fields named, expansions added."""

    def __init__(self, expand: WordExpander | None, shown: str) -> None:
        self.expand = expand
        self.shown = shown

    def resolve(self, node: Syntax) -> Match | None:
        if isinstance(node, Word):
            return self.word(node.text, QUERY_FIELDS.get((node.field or "text").lower(), "text"))
        if isinstance(node, Quoted):
            return self.quoted(node.text, QUERY_FIELDS.get((node.field or "text").lower(), "text"))
        if isinstance(node, Negated):
            inner = self.resolve(node.item)
            return All((Every(),), must_not=(inner,)) if inner is not None else None
        return self.group(node)

    def group(self, node: Group) -> Match | None:
        parts = [self.resolve(item) for item in node.items]
        if node.op == "or":
            return any_of([p for p in parts if p is not None])
        if node.op in ("andnot", "andmaybe"):
            first, other = parts
            if first is None or other is None:
                return first
            if node.op == "andnot":
                return All((first,), must_not=(other,))
            return All((first,), should=(other,))
        return _conjunction([p for p in parts if p is not None])

    # ------------------------------------------------------------------ words

    def word(self, text: str, field: str) -> Match | None:
        if text.endswith("~") or "~" in text[1:] and _is_number(text.rsplit("~", 1)[1]):
            base, _, number = text.rpartition("~")
            if base:
                distance = min(int(number) if number else 1, MAX_FUZZY_DISTANCE)
                return self.fuzzy(base, field, distance) if distance else self.word(base, field)
        base = text.split("^", 1)[0] if "^" in text[1:] else text  # `word^2` boosts: ignored
        if "*" in base or "?" in base:
            return self.pattern(base, field)
        if field != "text":
            return self.value(base, field)
        word = base.strip(_WORD_EDGES)
        first = Term("exact", word) if word and is_identifier(word) else _words("text", base)
        return self.expanded(first, word)

    def value(self, text: str, field: str) -> Match | None:
        """`field:value`: a number, words of a text field, or a value as the index stores it."""
        if field in NUMERIC_FIELDS:
            number = text.strip(_WORD_EDGES)
            if not _is_number(number) or len(number) > 9:
                raise QueryError(
                    f"cannot parse query {self.shown}: {field} takes a number, not {text!r}",
                    hint=QUERY_HINT,
                )
            return Term(field, int(number))
        if field in TEXT_FIELDS:
            return _words(field, text)
        return Term(field, canonical_field_value(field, text))

    def quoted(self, text: str, field: str) -> Match | None:
        if field in TEXT_FIELDS:
            terms = analysed(text)
            if len(terms) > 1:
                start = terms[0][0]
                return Phrase(field, tuple((pos - start, term) for pos, term in terms))
            return Term(field, terms[0][1]) if terms else None
        return self.value(text, field) if text.strip() else None

    def pattern(self, glob: str, field: str) -> Match | None:
        if field in NUMERIC_FIELDS:
            raise QueryError(
                f"cannot parse query {self.shown}: {field} takes a number, not {glob!r}",
                hint=QUERY_HINT,
            )
        if glob.strip("*") == "":
            return Every()  # `*` alone: every passage
        if field != "text":
            value = glob if field not in ("ref", "e_paper_ref") else glob.upper()
            return Pattern(field, value)
        return self.expanded(Pattern("text", glob.lower()), glob)

    def fuzzy(self, text: str, field: str, distance: int) -> Match | None:
        if field != "text":
            return Fuzzy(field, canonical_field_value(field, text), distance)
        # The text field holds lower-case terms; `SPOTI~1` finds what `SPOTI` finds, and near
        # words.
        return self.expanded(Fuzzy("text", text.lower(), distance), text)

    def expanded(self, first: Match | None, word: str) -> Match | None:
        """`first` ORed with everything the expansion says the word also matches."""
        extra = self.expand(word) if self.expand and word else None
        if not extra:
            return first
        alts = [q for q in [first] if q is not None]
        alts += [Term("exact", w) for w in extra.identifiers]
        alts += [Term(entity_field(t), v) for t, v in extra.entities]
        alts += [Term("expands", short) for short in extra.spelled_out]
        for phrase in extra.phrases:
            terms = analysed(phrase)
            if len(terms) > 1:
                start = terms[0][0]
                alts.append(Phrase("text", tuple((p - start, t) for p, t in terms)))
        return any_of(alts)


def _is_number(text: str) -> bool:
    """ASCII digits only (`str.isdigit` also takes '¹', which int() refuses)."""
    return text.isascii() and text.isdigit()


def _words(field: str, text: str) -> Match | None:
    """The terms a word analyses to in a text field, all required (`go-live` is go AND live)."""
    return all_of([Term(field, term) for _, term in analysed(text)])


def _conjunction(parts: list[Match]) -> Match | None:
    """Parts ANDed: exclusions (`NOT x` items) folded into one `All`."""
    must: list[Match] = []
    must_not: list[Match] = []
    for part in parts:
        if isinstance(part, All) and part.must == (Every(),) and not part.should:
            must_not.extend(part.must_not)  # a `NOT x` item of this conjunction
        else:
            must.append(part)
    if not must_not:
        return all_of(must)
    return All(tuple(must) or (Every(),), must_not=tuple(must_not))


__all__ = ["Any", "Expansion", "Match", "WordExpander", "entity_query", "parse_query"]
