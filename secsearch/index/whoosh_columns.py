"""Whoosh numeric columns read whole: one read per segment instead of one lookup per document.

Whoosh reads a column value by value in Python (a few microseconds each, through the multi-segment
reader); a broad term's matches read two columns each. Its numeric columns are fixed-width
big-endian numbers on disk, so a segment's column is one read and one `numpy.frombuffer`. This
relies on the layout of Whoosh 2.7's `NumericColumn.Reader`; any other reader is read value by
value, with the same results. The same holds for the one-byte field lengths BM25 reads for
every scored match (`field_length_bytes`).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.searching import Searcher


def whole_numeric_column(s: Searcher, name: str) -> list[int]:
    """`[s.reader().column_reader(name)[d] for d in every document number]`, read per segment."""
    field = s.schema[name]
    parts: list[list[int]] = []
    for sub, _offset in s.leaf_searchers():
        parts.append(_segment_values(sub.reader(), field, name))
    return [v for part in parts for v in part]


def _segment_values(reader: Any, field: Any, name: str) -> list[int]:
    doc_count = reader.doc_count_all()
    raw = reader.column_reader(name, translate=False)
    if not _readable_whole(raw, doc_count) or field.numtype is not int or field.decimal_places:
        column = reader.column_reader(name)
        return [column[d] for d in range(doc_count)]
    data = raw._dbfile.get(raw._basepos, raw._count * raw._fixedlen)
    values = np.frombuffer(data, dtype=np.dtype(">" + raw._typecode)).astype(np.int64)
    if raw._count < doc_count:
        tail = np.full(doc_count - raw._count, raw._default, dtype=np.int64)
        values = np.concatenate([values, tail])
    shift = (1 << (field.bits - 1)) if field.signed else 0
    return (values - shift).tolist()  # type: ignore[no-any-return]


def _readable_whole(raw: Any, doc_count: int) -> bool:
    return (
        type(raw) is NumericColumn.Reader
        and raw._typecode in "bBhHiIlLqQ"
        and getattr(raw, "_doccount", None) == doc_count
        and not raw._reverse
        and all(hasattr(raw, a) for a in ("_dbfile", "_basepos", "_count", "_fixedlen"))
    )


# Segment readers' field-length bytes, kept as long as the segment reader is (segment files
# never change once written).
_LENGTH_BYTES: weakref.WeakKeyDictionary[Any, dict[str, bytes | None]] = weakref.WeakKeyDictionary()


def field_length_bytes(segment_reader: Any, fieldname: str) -> bytes | None:
    """The one-byte encoded length of `fieldname` in each document of one segment (document
    numbers past the end have none: 0), read whole once; None where Whoosh's layout is not the
    one this was written against (then lengths are read document by document)."""
    perdoc = getattr(segment_reader, "_perdoc", None)
    if perdoc is None:
        return None
    try:
        cache = _LENGTH_BYTES.setdefault(perdoc, {})
    except TypeError:  # not weakly referenceable
        return None
    if fieldname not in cache:
        cache[fieldname] = _read_length_bytes(perdoc, fieldname)
    return cache[fieldname]


def _read_length_bytes(perdoc: Any, fieldname: str) -> bytes | None:
    try:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    except AttributeError:
        return None
    if column is None:
        return b""
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        return None
    return bytes(column._dbfile.get(column._basepos, column._count))
