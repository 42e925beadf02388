"""What every engine's reads take and give: filters, the match tree of a search, found matches.

Engine-free: `search.py` (Whoosh) and `tantivy_search.py` both answer with these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..policy import DEFAULT_CEILING, UNKNOWN_RANK
from .parse import WordExpander, entity_query, parse_query
from .querytree import Match, any_of
from .records import Record


@dataclass(frozen=True)
class Filters:
    """Which passages a read may see. `max_rank` is the classification ceiling (policy.rank):
    it defaults to the policy's default, so a caller that forgets it shows nothing restricted."""

    day_from: int | None = None
    day_to: int | None = None
    committees: tuple[str, ...] = ()
    max_rank: int = DEFAULT_CEILING.rank

    def any_level(self) -> Filters:
        """The same filters without the classification ceiling (to count what it holds back)."""
        return replace(self, max_rank=UNKNOWN_RANK)


def match_of(
    text: str | None, expand: WordExpander | None, entities: list[tuple[str, str]]
) -> Match:
    """The query string's matches, or the entity values', or either, as one match tree."""
    parts = [parse_query(text, expand)] if text is not None else []
    by_entity = entity_query(entities)
    if by_entity is not None:
        parts.append(by_entity)
    found = any_of(parts)
    if found is None:
        raise ValueError("a search needs a query string or entity values")
    return found


@dataclass
class Found:
    """Matches of one query: how many permitted matches fall on each day (yyyymmdd, 0 for
    undated), the shown documents, and how many matches the classification ceiling held back."""

    total: int
    day_counts: dict[int, int]
    docs: list[Record]
    held_back: int = 0
    by_committee: dict[str, int] | None = None


# Did-you-mean is for typos in words people type: longer "words" (pasted identifiers, noise) are
# not corrected, and building an edit-distance automaton for them is what made it slow.
MAX_SUGGESTED_WORD = 32
# Suggested words start with the letter the word typed starts with: people rarely mistype the
# first letter, and the look-up then walks one letter's part of the vocabulary, not all of it.
SAME_PREFIX = 1


@dataclass(frozen=True)
class EntityValue:
    type: str
    value: str
    passages: int
    first: Record
    last: Record
