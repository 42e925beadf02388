"""The Whoosh schema of a secsearch index, its analysers, and the Whoosh tweaks it needs.

One Whoosh index holds every kind of record, told apart by the `kind` field, so that one atomic
Whoosh commit (a new TOC generation) moves documents and bookkeeping together:

- `passage`: one per passage, the unit of search;
- `paper`: one per distinct PDF content (keyed by sha256), with the paper's outline;
- `file`: the manifest, one per path (path → sha256, size, mtime), so ingest is incremental;
- `acro`: one per acronym definition, for the glossary and for query expansion;
- `failure`: one per file that failed to ingest, with the reason, until it is fixed;
- `facts`: one per paper year, with what its papers' passages say about modifications and which
  papers they cite (`facts.py`), for history, modifications and refs;
- `meta`: the schema version.
"""

from __future__ import annotations

import inspect
import io
from typing import Any

import whoosh
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.structfile import BufferFile

from ..errors import IndexAccessError
from ..models import ENTITY_TYPES
from ..tag.lifecycle_version import LIFECYCLE_FINGERPRINT
from .analysis import fieldnorm, fieldnorm_id, is_identifier, text_analyzer
from .records import KNOWN_ACRONYMS_FINGERPRINT, entity_field

# Bump whenever schema() or what is written into a field changes (for either backend: both
# index the same records, cut into the same terms). The lifecycle rules' fingerprint is part of
# it: facts records are written by those rules, so an index built with other rules asks for
# `--rebuild`. (9: main's facts records (7) merged with the two-backend records (8); 10: tantivy's
# `hidden` field, the classification gate as postings.)
SCHEMA_VERSION = f"10-{KNOWN_ACRONYMS_FINGERPRINT}-{LIFECYCLE_FINGERPRINT}"


# The unstemmed, lower-cased words of `text`, which Whoosh writes beside it (spelling=True).
SPELLING_FIELD = "spell_text"

__all__ = ["SCHEMA_VERSION", "SPELLING_FIELD", "is_identifier", "schema"]


def schema() -> Schema:
    """The one Whoosh schema of a secsearch index.

    Only what a query looks up is indexed: the text fields (scored, with the lengths BM25
    needs), the case-preserving identifiers, and keyword fields matched as values (unscored:
    no lengths). Numbers the reads filter or sort by are columns; everything a result shows is
    stored.
    """
    keyword = {"stored": False, "commas": True, "lowercase": False, "scorable": False}
    column = {"bits": 32, "stored": True, "sortable": True, "shift_step": 0}
    return Schema(
        id=ID(unique=True, stored=True),
        kind=ID(stored=True),
        paper_key=ID(stored=True),
        ref=ID(stored=True, sortable=True),  # a column: relevance ties are ordered by it
        title=TEXT(stored=True, analyzer=text_analyzer(), phrase=True),
        date=STORED(),
        day=NUMERIC(int, **column),
        year=NUMERIC(int, bits=32, stored=True, shift_step=0),
        meeting=STORED(),
        action=STORED(),
        committees=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        section=TEXT(stored=True, analyzer=text_analyzer(), phrase=True),
        section_number=STORED(),
        headings=STORED(),
        pages=STORED(),
        classification=STORED(),
        # a column: the classification gate reads each match's rank from it
        class_rank=NUMERIC(int, **{**column, "bits": 8}),
        seq=NUMERIC(int, **column),
        # spelling=True: Whoosh also keeps the unstemmed words (SPELLING_FIELD), for suggestions
        # that are words people write, never stems.
        text=TEXT(stored=True, analyzer=text_analyzer(), phrase=True, spelling=True),
        # identifier-shaped words as written, one space apart (records.py picks them)
        exact=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
        expands=KEYWORD(lowercase=False, commas=False, scorable=False),
        entities=STORED(),
        source=STORED(),
        sha256=STORED(),
        # manifest (kind=file)
        path=ID(stored=True),
        file_key=STORED(),
        size=STORED(),
        mtime_ns=STORED(),
        passages=STORED(),
        # files that failed (kind=failure), until fixed
        reason=STORED(),
        # glossary (kind=acro)
        acro=STORED(),
        long=STORED(),
        # modification facts and citations of a year's papers (kind=facts)
        facts=STORED(),
        # paper outline (kind=paper) and schema version (kind=meta)
        outline=STORED(),
        schema_version=STORED(),
        **{entity_field(t): KEYWORD(**keyword) for t in ENTITY_TYPES},
    )


# --------------------------------------------------------------------------- field lengths

_WHOOSH_LENGTH_TO_BYTE = whoosh3.length_to_byte
_WHOOSH_BYTE_TO_LENGTH = whoosh3.byte_to_length


def apply_fieldnorm_encoding() -> None:
    """Make Whoosh keep each field length as tantivy's fieldnorm bucket (`analysis.FIELD_NORMS`).

    Whoosh stores a document's field length as one byte in an encoding of its own; BM25 as
    both backends compute it needs tantivy's buckets instead, so the Whoosh codec is given
    tantivy's encoding (the W3 codec looks both functions up by name at each call). Required,
    not a speed-up: without it the Whoosh backend would score differently, so a Whoosh whose
    codec does not have these names is refused.
    """
    if not (hasattr(whoosh3, "length_to_byte") and hasattr(whoosh3, "byte_to_length")):
        raise IndexAccessError(
            f"this Whoosh release ({whoosh.versionstring()}) stores field lengths in a way "
            "secsearch does not know",
            hint="install the whoosh-reloaded release pyproject.toml names",
        )
    whoosh3.length_to_byte = fieldnorm_id
    whoosh3.byte_to_length = fieldnorm


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


# Field lengths are kept in tantivy's buckets by every Whoosh index secsearch opens or writes.
apply_fieldnorm_encoding()


# --------------------------------------------------------- segment files read in place

_ORIGINAL_BUFFER_INIT = BufferFile.__init__


class _ViewFile(io.RawIOBase):
    """A read-only file over a memoryview (a part of Whoosh's memory-mapped compound file),
    reading it in place."""

    def __init__(self, view: Any) -> None:
        super().__init__()
        self._view = memoryview(view).cast("B")
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = max(0, min(len(b), len(self._view) - self._pos))
        b[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._pos + size
        data = self._view[self._pos : end].tobytes()
        self._pos += len(data)
        return data

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def getvalue(self) -> bytes:
        return self._view.tobytes()


def _buffer_file_in_place(
    self: BufferFile, buf: Any, name: str | None = None, onclose: Any = None
) -> None:
    """BufferFile.__init__, reading the buffer in place.

    Whoosh wraps each file of a segment in `BytesIO(buf)`, which copies it: opening a 30,000-paper
    index copied its term and column files into memory (a no-op ingest peaked at 1.9 GB and a
    `search` at 2.0 GB; 0.66 and 0.79 GB in place, and about a second faster).
    """
    self._buf = buf
    self._name = name
    self.file = _ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def buffer_tweak_applies() -> bool:
    """True when the installed Whoosh builds BufferFile as the tweak expects."""
    if tuple(whoosh.__version__[:3]) != PATCHED_WHOOSH_VERSION:
        return False
    return "self.file = BytesIO(buf)" in inspect.getsource(_ORIGINAL_BUFFER_INIT)


def apply_buffer_tweak() -> bool:
    """Read Whoosh's segment files in place (every index secsearch opens); True if installed.
    With another Whoosh release its own copying BufferFile is kept."""
    if BufferFile.__init__ is _buffer_file_in_place:
        return True
    if not buffer_tweak_applies():
        return False
    BufferFile.__init__ = _buffer_file_in_place  # type: ignore[method-assign]
    return True


apply_buffer_tweak()
