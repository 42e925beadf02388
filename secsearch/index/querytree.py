"""The engine-neutral query tree: what a query asks, parsed once, before any engine sees it.

Two layers, both plain data:

- the syntax tree of what the user typed (`parse_syntax`): words, "phrases", `word*` patterns,
  `word~N` fuzzy words, `field:` prefixes, parentheses, AND / OR / NOT / ANDNOT / ANDMAYBE;
- the match tree the backends run (`Match`): terms, phrases, patterns and fuzzy terms on index
  fields, combined by `All` / `Any`. `parse.py` turns the first into the second (analysing
  words, routing identifiers, adding each word's expansions); each backend translates a `Match`
  into its own query objects and must give it the meaning written here.

Precedence follows Whoosh's parser, which the language was first written for: explicit AND binds
tighter than OR, and words next to each other are ANDed last (`a OR b c` is `(a OR b) AND c`);
ANDNOT and ANDMAYBE bind tightest; NOT applies to the one item after it.

Scores (the meaning every backend reproduces): a term of a text field (`analysis.SCORED_FIELDS`)
or a phrase scores BM25 as `analysis.Bm25` computes it; a term of any other field, a pattern
and a fuzzy term score 1; `Every` scores 0; `All` adds its required parts (and its optional
ones where they match, in order); `Any` adds the parts that match, in order; excluded parts
score nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

# --------------------------------------------------------------------------- the match tree


@dataclass(frozen=True)
class Term:
    """Documents holding `value` (already analysed, or a field's value as stored) in `field`."""

    field: str
    value: str | int


@dataclass(frozen=True)
class Phrase:
    """Documents holding the terms at these relative positions (gaps where stop words were)."""

    field: str
    terms: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Pattern:
    """Documents holding a term that matches a glob (`*` any run, `?` one character)."""

    field: str
    glob: str


@dataclass(frozen=True)
class Fuzzy:
    """Documents holding a term within `distance` insertions, deletions or substitutions."""

    field: str
    text: str
    distance: int


@dataclass(frozen=True)
class Every:
    """Every document (as the base of a query that only excludes)."""


@dataclass(frozen=True)
class All:
    """Documents matching every `must` part and no `must_not` part; `should` parts only add
    their score where they match."""

    must: tuple[Match, ...]
    must_not: tuple[Match, ...] = ()
    should: tuple[Match, ...] = ()


@dataclass(frozen=True)
class Any:
    """Documents matching at least one part."""

    parts: tuple[Match, ...]


Match = Union[Term, Phrase, Pattern, Fuzzy, Every, All, Any]  # noqa: UP007 - used at runtime


def any_of(parts: list[Match]) -> Match | None:
    """One part as itself, several as `Any`, none as None."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Any(tuple(parts))


def all_of(parts: list[Match]) -> Match | None:
    """One part as itself, several as `All`, none as None."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


# --------------------------------------------------------------------------- the syntax tree


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Quoted:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Group:
    """`op` is "and", "or", "andnot" (first minus the rest) or "andmaybe"."""

    op: str
    items: tuple[Syntax, ...]


@dataclass(frozen=True)
class Negated:
    item: Syntax


Syntax = Union[Word, Quoted, Group, Negated]  # noqa: UP007 - used at runtime

# A field prefix is a name and a colon followed by its value (not by a space or the end).
_TOKEN_RE = re.compile(
    r'(?P<space>\s+)|(?P<paren>[()])|(?P<quoted>"[^"]*"?)'
    r'|(?P<field>[A-Za-z_]\w*:)(?=[^\s)])|(?P<word>[^\s()"]+)'
)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
# A token: (kind, text), kind one of paren, quoted, field, word.
Token = tuple[str, str]


def _lex(text: str) -> list[Token]:
    """Tokens: parentheses, "phrases", `field:` prefixes and words (operators among them)."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "word"
        if kind != "space":
            out.append((kind, m.group()))
    return out


class _Parser:
    """Recursive descent over the tokens; forgiving (a stray operator is a word), since the
    structural mistakes users make are refused before parsing (`language.syntax_problem`)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> str | None:
        """The next token's text (None at the end)."""
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def sequence(self, *, closing: bool) -> Syntax | None:
        """Items next to each other, ANDed (the loosest binding)."""
        items: list[Syntax] = []
        while self.peek() is not None:
            if self._at_close():
                if closing:
                    break
                self.take()  # an unmatched ')' is ignored
                continue
            item = self.either()
            if item is not None:
                items.append(item)
        return items[0] if len(items) == 1 else (Group("and", tuple(items)) if items else None)

    def either(self) -> Syntax | None:
        return self._binary(self.both, "OR", "or")

    def both(self) -> Syntax | None:
        return self._binary(self.but, "AND", "and")

    def but(self) -> Syntax | None:
        first = self.unary()
        while self.peek() in ("ANDNOT", "ANDMAYBE"):
            op = self.take()[1].lower()
            other = self.unary()
            if first is None:
                first = other
            elif other is not None:
                first = Group(op, (first, other))
        return first

    def _binary(self, operand: Callable[[], Syntax | None], word: str, op: str) -> Syntax | None:
        first = operand()
        items = [first] if first is not None else []
        while self.peek() == word:
            self.take()
            nxt = operand()
            if nxt is not None:
                items.append(nxt)
        if len(items) <= 1:
            return items[0] if items else None
        return Group(op, tuple(items))

    def unary(self) -> Syntax | None:
        if self.peek() is None or self._at_close():
            return None
        if self.peek() == "NOT":
            self.take()
            item = self.unary()
            return Negated(item) if item is not None else None
        return self.atom(None)

    def _at_close(self) -> bool:
        return self.tokens[self.i] == ("paren", ")")

    def atom(self, field: str | None) -> Syntax | None:
        if self.peek() is None or self._at_close():
            return None
        kind, token = self.take()
        if kind == "paren":  # "(": a group
            inner = self.sequence(closing=True)
            if self.peek() is not None and self._at_close():
                self.take()
            return _with_field(inner, field) if inner is not None else None
        if kind == "field":  # `field:` then its value: a word, a phrase or a group
            return self.atom(token[:-1])
        if kind == "quoted":
            return Quoted(token.strip('"'), field)
        if token in _OPERATORS:
            return None  # an operator where an item belongs: nothing to search
        return Word(token, field)


def _with_field(item: Syntax, field: str | None) -> Syntax:
    """`field:(a OR b)`: the field applies to every word inside that names none itself."""
    if field is None:
        return item
    if isinstance(item, Word | Quoted):
        return item if item.field else type(item)(item.text, field)
    if isinstance(item, Negated):
        return Negated(_with_field(item.item, field))
    return Group(item.op, tuple(_with_field(i, field) for i in item.items))


def parse_syntax(text: str) -> Syntax | None:
    """The syntax tree of a query string (checked beforehand by `language.prepared_query`)."""
    return _Parser(_lex(text)).sequence(closing=False)
