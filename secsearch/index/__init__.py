"""Stage 4, index: `Paper` → search records on disk, and the reads every command makes.

In: tagged papers (written by `ingest` through `writing()`). Out: `Index` objects that answer
queries (`find`), suggestions, stored documents and entity values. Whoosh and tantivy live in
this package only, behind `backend.py`: a query is parsed once (`parse.py`, into the match trees
of `querytree.py`) and translated per engine (`whoosh_query.py`, `tantivy_backend.py`); `store.py`
keeps generations and the `Index` reader, `writing.py` the writer, `search.py` the reads (Whoosh)
and `tantivy_search.py` the same reads over tantivy; `events.py` and `browse.py` read the
papers' modification facts and one paper's passages on either engine. `records.py` and `facts.py`
(papers → flat records) and `locking.py` (the single-writer lock) need no engine.
"""

from __future__ import annotations

from .events import (
    cached_without_collector,
    collector_paused,
    facts_records,
    modification_entries,
)
from .facts import CITES_PREFIX as CITES_RECORD_PREFIX
from .facts import MOD_PREFIX as MOD_RECORD_PREFIX
from .facts import RECORD as FACTS_RECORD
from .facts import UNIT as FACTS_UNIT
from .language import QUERY_FIELDS, QUERY_HINT, syntax_problem
from .parse import Expansion, WordExpander
from .records import FileEntry
from .schema import SCHEMA_VERSION, is_identifier
from .search import (
    MAX_SUGGESTED_WORD,
    EntityValue,
    Filters,
    Found,
    documents,
    entity_values,
    find,
    papers_by_ref,
    passage_count,
    record_by_id,
    suggest_word,
)
from .store import Index, backend_in_use, exists, open_index, size_on_disk
from .writing import IndexWriter, index_papers, read_manifest, writing

__all__ = [
    "CITES_RECORD_PREFIX",
    "FACTS_RECORD",
    "FACTS_UNIT",
    "MAX_SUGGESTED_WORD",
    "MOD_RECORD_PREFIX",
    "QUERY_FIELDS",
    "QUERY_HINT",
    "SCHEMA_VERSION",
    "EntityValue",
    "Expansion",
    "FileEntry",
    "Filters",
    "Found",
    "Index",
    "IndexWriter",
    "WordExpander",
    "backend_in_use",
    "documents",
    "entity_values",
    "exists",
    "cached_without_collector",
    "collector_paused",
    "facts_records",
    "find",
    "index_papers",
    "is_identifier",
    "modification_entries",
    "open_index",
    "papers_by_ref",
    "passage_count",
    "read_manifest",
    "record_by_id",
    "size_on_disk",
    "suggest_word",
    "syntax_problem",
    "writing",
]
