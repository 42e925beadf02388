"""The Panel Information Policy as code: which levels an output may show. Fails closed.

Papers are White (public), Green, Amber or Red. Every output path — every command, format,
suggestion, page and export — asks this module how far it may go:

- a passage's level is the most restrictive of its own (the pages it spans, the appendix it sits
  in) and its paper's; an unknown level counts as Red;
- by default nothing above Green is shown, in any format;
- `--max-classification` (or $SECSEARCH_MAX_CLASSIFICATION) raises the ceiling for text meant for
  a person; machine-readable formats and exports, which leave the tool, also need
  `--include-classified` before they carry Amber or Red.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .errors import SecsearchError
from .models import Classification

MAX_CLASSIFICATION_ENV = "SECSEARCH_MAX_CLASSIFICATION"
DEFAULT_CEILING = Classification.GREEN
RESTRICTED = frozenset({Classification.AMBER, Classification.RED})
# An unknown level is handled exactly as Red: nothing proves it may be shown.
UNKNOWN_RANK = Classification.RED.rank


def rank(level: Classification | None) -> int:
    """The level's rank for filters and comparisons (White 0 … Red 3); unknown is Red."""
    return level.rank if level is not None else UNKNOWN_RANK


def most_restrictive(levels: Iterable[Classification | None]) -> Classification | None:
    """The highest of the levels; None (unknown) when any level is unknown or there is none."""
    found: list[Classification] = []
    for level in levels:
        if level is None:
            return None
        found.append(level)
    return max(found, key=lambda c: c.rank) if found else None


def permits(level: Classification | None, top: Classification) -> bool:
    """Whether text at `level` may be shown under the ceiling `top` (unknown only under Red)."""
    return rank(level) <= top.rank


def is_restricted(level: Classification | None) -> bool:
    """Amber, Red and unknown levels are restricted: shown only when the caller asks for them."""
    return rank(level) >= Classification.AMBER.rank


def label(level: Classification | None) -> str:
    """WHITE … RED, or UNCLASSIFIED (handled as Red)."""
    return level.value.upper() if level is not None else "UNCLASSIFIED"


def parse_level(text: str) -> Classification:
    """A level typed by a user or set in the environment, case-insensitively."""
    try:
        return Classification(text.strip().lower())
    except ValueError:
        raise SecsearchError(
            f"unknown classification {text!r}",
            hint="one of: " + ", ".join(c.value for c in Classification),
        ) from None


def ceiling(
    max_classification: str | Classification | None = None,
    *,
    include_classified: bool = False,
    leaves_the_tool: bool = False,
) -> Classification:
    """The most restrictive level an output may show.

    `max_classification` (else $SECSEARCH_MAX_CLASSIFICATION, else Green) is what the user asked
    for. Output that leaves the tool (JSON, CSV, Markdown, exports) stays at Green unless
    `include_classified` is also given; with it and no explicit level it may show everything
    (today's `export --include-classified`).
    """
    asked = max_classification or os.environ.get(MAX_CLASSIFICATION_ENV) or None
    level = parse_level(asked) if isinstance(asked, str) else asked
    if not leaves_the_tool:
        return level or DEFAULT_CEILING
    if not include_classified:
        return min(level or DEFAULT_CEILING, DEFAULT_CEILING, key=lambda c: c.rank)
    return level or Classification.RED


def held_back_note(count: int, ceiling_level: Classification, *, leaves_the_tool: bool) -> str:
    """The sentence that says how many passages the ceiling held back and how to show them."""
    noun = "passage" if count == 1 else "passages"
    # The levels above the ceiling: under a White ceiling Green text is held back too.
    above = "/".join(c.value.capitalize() for c in Classification if c.rank > ceiling_level.rank)
    how = "--max-classification red"
    if leaves_the_tool:
        how += " --include-classified"
    return f"{count} {above} {noun} held back (use {how} to show them)"
