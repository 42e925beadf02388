"""Queries over an open index, each returning a typed result (see `results.py`).

In: an `index.Index` and what the user asked (a query string, an identifier, filters). Out:
`SearchResult`, `TimelineResult`, outlines, entity and glossary tables, statistics — pydantic
models that `render` and `export` print. `search.py` answers search, mentions and timeline;
`catalog.py` what the index holds; `filters.py` reads typed filters; `citations.py` makes hits;
`history.py` and `refs.py` a modification's life, the catalogue of modifications and who cites
whom, from the facts records (`lifecycle_facts.py`, results in `lifecycle_results.py`).
"""

from __future__ import annotations

from .catalog import entities, glossary, papers, pdf_to_open, show, stats
from .citations import citation, format_date, hit_from_record, page_label, pdf_link
from .filters import committee_codes, make_filters, parse_when
from .history import history, modifications
from .lifecycle_results import (
    CatalogueRow,
    HistoryEvent,
    ModificationCatalogue,
    ModificationHistory,
    RefsResult,
)
from .refs import refs
from .results import (
    EntityStat,
    EntityTable,
    Gated,
    Glossary,
    GlossaryEntry,
    GlossaryForm,
    IndexStats,
    OutlineSection,
    PaperList,
    PaperOutline,
    PaperOutlines,
    PaperRow,
    SearchResult,
    Sort,
    TimelineResult,
    TimeUnit,
)
from .search import did_you_mean, entity_targets, mentions, search, timeline

__all__ = [
    "CatalogueRow",
    "HistoryEvent",
    "ModificationCatalogue",
    "ModificationHistory",
    "RefsResult",
    "EntityStat",
    "EntityTable",
    "Gated",
    "Glossary",
    "GlossaryEntry",
    "GlossaryForm",
    "IndexStats",
    "OutlineSection",
    "PaperList",
    "PaperOutline",
    "PaperOutlines",
    "PaperRow",
    "SearchResult",
    "Sort",
    "TimeUnit",
    "TimelineResult",
    "citation",
    "committee_codes",
    "did_you_mean",
    "entities",
    "entity_targets",
    "format_date",
    "glossary",
    "history",
    "hit_from_record",
    "make_filters",
    "mentions",
    "modifications",
    "page_label",
    "papers",
    "pdf_link",
    "pdf_to_open",
    "parse_when",
    "refs",
    "search",
    "show",
    "stats",
    "timeline",
]
