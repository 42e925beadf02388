"""Stage 4, index: `Paper` → search records on disk, and the reads every command makes.

In: tagged papers (written by `ingest` through `writing()`). Out: `Index` objects that answer
queries (`find`), suggestions, stored documents and entity values. Whoosh lives in this package
only: `schema.py` (fields, analysers), `store.py` (generations, the `Index` reader, the writer),
`parse.py` (query strings → Whoosh queries), `search.py` (matching, counting, snippets).
`records.py` (papers → flat records) and `locking.py` (the single-writer lock) need no engine.
"""

from __future__ import annotations

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
from .store import (
    Index,
    IndexWriter,
    exists,
    index_papers,
    open_index,
    read_manifest,
    size_on_disk,
    writing,
)

__all__ = [
    "MAX_SUGGESTED_WORD",
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
    "documents",
    "entity_values",
    "exists",
    "find",
    "index_papers",
    "is_identifier",
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
