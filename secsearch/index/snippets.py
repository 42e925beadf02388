"""Snippets: the text around a passage's matched words, marked, the same whatever engine found it.

Which words to mark is decided from the match tree and the passage's own words (a pattern or a
fuzzy term marks the words of this passage it matches), never from an engine's term dictionary;
Whoosh's highlighter is used as a library to cut and mark fragments.
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache
from typing import Any

from whoosh import highlight

from ..domain import KNOWN_ACRONYMS
from .analysis import analysed, text_analyzer
from .querytree import All, Fuzzy, Match, Pattern, Phrase, Term
from .querytree import Any as AnyOf
from .records import Record, clean_keyword


class _SnippetFormatter(highlight.Formatter):  # type: ignore[misc]
    """Marks matched words **like this** and joins fragments with ' … '."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"**{highlight.get_text(text, token, replace)}**"


_fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    return text_analyzer()


def _leaves(m: Match) -> list[Match]:
    if isinstance(m, AnyOf):
        return [leaf for p in m.parts for leaf in _leaves(p)]
    if isinstance(m, All):
        return [leaf for p in (*m.must, *m.should) for leaf in _leaves(p)]
    return [m]


def _within(a: str, b: str, distance: int) -> bool:
    """Whether two words are at most `distance` insertions, deletions or substitutions apart."""
    if abs(len(a) - len(b)) > distance:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > distance:
            return False
        previous = current
    return previous[-1] <= distance


def _stems(text: str) -> set[str]:
    return {t for _, t in analysed(text)}


def marked_terms(m: Match, doc: Record) -> frozenset[str]:
    """Terms (as the text analyser makes them) to mark in this passage's text."""
    words: set[str] | None = None
    terms: set[str] = set()
    entities: set[tuple[str, str]] = set()
    for leaf in _leaves(m):
        if isinstance(leaf, Term):
            value = str(leaf.value)
            if leaf.field == "text":
                terms.add(value)
            elif leaf.field == "exact":
                terms |= _stems(value)
            elif leaf.field == "expands":
                terms |= _stems(KNOWN_ACRONYMS.get(value, ""))
            elif leaf.field.startswith("e_"):
                entities.add((leaf.field[2:].upper(), value))
        elif isinstance(leaf, Phrase) and leaf.field == "text":
            terms.update(t for _, t in leaf.terms)
        elif isinstance(leaf, Pattern | Fuzzy) and leaf.field == "text":
            if words is None:
                words = _stems(doc.get("text", ""))
            if isinstance(leaf, Pattern):
                terms.update(w for w in words if fnmatch.fnmatchcase(w, leaf.glob))
            else:
                terms.update(w for w in words if _within(w, leaf.text, leaf.distance))
    for e in doc.get("entities", []):
        if (e["type"], clean_keyword(e["value"])) in entities:
            terms |= _stems(e["text"])
    return frozenset(terms)


def snippet(m: Match | None, doc: Record) -> str:
    """The text around the matched words, marked; the opening of the text when none show."""
    text = doc.get("text", "")
    if m is not None:
        marked = highlight.highlight(
            text, marked_terms(m, doc), _analyzer(), _fragmenter, _SnippetFormatter(), top=2
        )
        if marked:
            return " ".join(marked.split())
    return text if len(text) <= 240 else text[:240].rsplit(" ", 1)[0] + " …"
