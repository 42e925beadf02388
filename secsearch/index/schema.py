"""The Whoosh schema of a secsearch index, its analysers, and the one Whoosh tweak it needs.

One Whoosh index holds every kind of record, told apart by the `kind` field, so that one atomic
Whoosh commit (a new TOC generation) moves documents and bookkeeping together:

- `passage`: one per passage, the unit of search;
- `paper`: one per distinct PDF content (keyed by sha256), with the paper's outline;
- `file`: the manifest, one per path (path → sha256, size, mtime), so ingest is incremental;
- `acro`: one per acronym definition, for the glossary and for query expansion;
- `failure`: one per file that failed to ingest, with the reason, until it is fixed;
- `meta`: the schema version.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from typing import Any

import whoosh
from whoosh.analysis import Filter, RegexTokenizer, StemmingAnalyzer
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..models import ENTITY_TYPES
from .records import KNOWN_ACRONYMS_FINGERPRINT, entity_field

# Bump whenever schema() or what is written into a field changes.
SCHEMA_VERSION = f"6-{KNOWN_ACRONYMS_FINGERPRINT}"


# The unstemmed, lower-cased words of `text`, which Whoosh writes beside it (spelling=True).
SPELLING_FIELD = "spell_text"


def is_identifier(word: str) -> bool:
    """Whether a word is shaped like an acronym or identifier (SPOTI, MP067, G2.44, SECCo)."""
    uppers = sum(c.isupper() for c in word)
    return uppers >= 2 or (uppers >= 1 and any(c.isdigit() for c in word))


class IdentifierFilter(Filter):  # type: ignore[misc]
    """Keeps only identifier-shaped tokens, case preserved, for the `exact` field."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if is_identifier(t.text):
                yield t


def identifier_analyzer() -> Any:
    return RegexTokenizer(r"\w+(?:[./-]\w+)*") | IdentifierFilter()


def schema() -> Schema:
    """The one schema of a secsearch index."""
    keyword = {"stored": False, "commas": True, "lowercase": False, "scorable": True}
    # Whoosh indexes a number once per `shift_step` bits of precision (8 terms for 32 bits by
    # default) to make wide ranges cheap. Only `day` takes date ranges; the others are matched
    # exactly or over a few values, so one term each: numbers were half of all postings written.
    return Schema(
        id=ID(unique=True, stored=True),
        kind=ID(stored=True),
        paper_key=ID(stored=True),
        ref=ID(stored=True, sortable=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer(), phrase=False),
        date=STORED(),
        day=NUMERIC(int, bits=32, stored=True, sortable=True, shift_step=8),
        year=NUMERIC(int, bits=32, stored=True, shift_step=0),
        meeting=NUMERIC(int, bits=32, stored=True, shift_step=0),
        action=ID(stored=True),
        committees=KEYWORD(stored=True, commas=True, lowercase=False, scorable=True),
        section=TEXT(stored=True, analyzer=StemmingAnalyzer(), phrase=False),
        section_number=ID(stored=True),
        headings=STORED(),
        pages=STORED(),
        classification=ID(stored=True),
        # a column too: the classification gate reads each match's rank from it
        class_rank=NUMERIC(int, bits=8, stored=True, sortable=True, shift_step=0),
        seq=NUMERIC(int, bits=32, stored=True, sortable=True, shift_step=0),
        # spelling=True: Whoosh also keeps the unstemmed words (SPELLING_FIELD), for suggestions
        # that are words people write, never stems.
        text=TEXT(stored=True, analyzer=StemmingAnalyzer(), phrase=True, spelling=True),
        exact=TEXT(analyzer=identifier_analyzer(), phrase=False),
        expands=KEYWORD(lowercase=False, commas=False, scorable=True),
        entities=STORED(),
        source=STORED(),
        sha256=STORED(),
        # manifest (kind=file)
        path=ID(stored=True),
        file_key=ID(stored=True),
        size=STORED(),
        mtime_ns=STORED(),
        passages=STORED(),
        # files that failed (kind=failure), until fixed
        reason=STORED(),
        # glossary (kind=acro)
        acro=ID(stored=True),
        long=STORED(),
        # paper outline (kind=paper) and schema version (kind=meta)
        outline=STORED(),
        schema_version=STORED(),
        **{entity_field(t): KEYWORD(**keyword) for t in ENTITY_TYPES},
    )


# --------------------------------------------------------------------------- the Whoosh tweak

# The Whoosh release whose W3PerDocReader._cached_reader the tweak below was written against.
PATCHED_WHOOSH_VERSION = (2, 7, 5)
_ORIGINAL_CACHED_READER = W3PerDocReader._cached_reader


def _cached_lengths_reader(self: W3PerDocReader, fieldname: str, column: Any) -> Any:
    """W3PerDocReader._cached_reader, remembering a missing column as well as a present one.

    Whoosh 2.7 caches only columns it finds: for a field without a lengths column (ID, NUMERIC,
    unscored KEYWORD fields) it asks the file system again for every posting it writes, which was
    a fifth of index build time (280,000 stat calls per 300 papers). Segment files never change
    once written, so the answer can be kept for the reader's life.
    """
    if fieldname not in self._readers:
        found = self.has_column(fieldname)
        self._readers[fieldname] = self.column_reader(fieldname, column) if found else None
    return self._readers[fieldname]


def whoosh_tweak_applies() -> bool:
    """True when the installed Whoosh is the release the tweak was written for, unchanged there."""
    if tuple(whoosh.__version__[:3]) != PATCHED_WHOOSH_VERSION:
        return False
    source = inspect.getsource(_ORIGINAL_CACHED_READER)
    return "self._readers[fieldname] = reader" in source and "has_column" in source


def apply_whoosh_tweak() -> bool:
    """Install the missing-column cache on Whoosh's per-document reader, once; True if installed.

    Called by the index writer, the only place that benefits. With another Whoosh release the
    original method is kept: the tweak is a speed-up, never needed for correct results.
    """
    if W3PerDocReader._cached_reader is _cached_lengths_reader:
        return True
    if not whoosh_tweak_applies():
        return False
    W3PerDocReader._cached_reader = _cached_lengths_reader
    return True
