"""The tantivy backend (`pip install 'secsearch[tantivy]'`): the same records, terms and scores.

tantivy lives here only. Every record is stored whole as JSON (`record`) and its searchable fields
are indexed as `analysis.py` defines them: text fields cut by the same regular expression,
lower-cased, stop words dropped (positions kept) and Snowball-stemmed; identifiers as written;
keyword values whole. Match trees become tantivy queries whose scores are `querytree.py`'s.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy

from ..policy import UNKNOWN_RANK
from .analysis import STOP_WORDS, TEXT_FIELDS, TOKEN_PATTERN
from .querytree import All, Every, Fuzzy, Match, Pattern, Phrase, Term
from .querytree import Any as AnyOf
from .records import ENTITY_TYPES, Record, entity_field

TEXT_TOKENIZER = "sec_text"
SPELL_TOKENIZER = "sec_words"
KEYWORD_FIELDS = ("committees", *(entity_field(t) for t in ENTITY_TYPES))
# Value fields indexed whole (ID-like), one value each.
VALUE_FIELDS = ("id", "kind", "paper_key", "ref", "path")
INT_FIELDS = ("day", "year", "class_rank", "seq")
# Fields with a term dictionary (what `check` walks).
INDEXED_FIELDS = (*VALUE_FIELDS, *KEYWORD_FIELDS, *sorted(TEXT_FIELDS), "exact", "expands", "spell")
HEAP_BYTES = 128 * 1024 * 1024
# The paper reference's first 16 bytes as two big-endian numbers: orders hits by reference from
# fast fields, without loading stored records (references are shorter than 16 characters).
REF_KEYS = ("ref_k1", "ref_k2")


def ref_keys(ref: str) -> tuple[int, int]:
    raw = ref.encode("utf-8")[:16].ljust(16, b"\0")
    return int.from_bytes(raw[:8], "big"), int.from_bytes(raw[8:], "big")


# The classification gate as postings, so that a gated search excludes a few sparse lists
# instead of intersecting with the dense list of every passage and scanning a rank column (`DCC`
# at 30,000 papers: each pass over its matches ~40 % cheaper). `hidden` holds NOT_A_PASSAGE on
# every record that is not a passage, and `above<c>` on a passage for every ceiling c below its
# rank. A passage whose rank is missing or unknown counts as UNKNOWN_RANK: hidden under every
# ceiling that does not admit everything (fails closed).
GATE_FIELD = "hidden"
NOT_A_PASSAGE = "record"


def gate_rank(value: Any) -> int:
    """The rank the gate holds a passage to: its `class_rank`, or UNKNOWN_RANK when that is
    missing or not a rank."""
    valid = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= UNKNOWN_RANK
    return int(value) if valid else UNKNOWN_RANK


def hidden_terms(record: Record) -> list[str]:
    """The `hidden` terms of a record: under which ceilings a gated search must not see it."""
    if record.get("kind") != "passage":
        return [NOT_A_PASSAGE]
    return [f"above{ceiling}" for ceiling in range(gate_rank(record.get("class_rank")))]


# Fields holding bytes (the pickled facts records, `facts.py`), kept in the JSON record as base64.
BYTES_FIELDS = ("facts",)

DAMAGE_ERRORS: tuple[type[BaseException], ...] = (ValueError, OSError)


def schema() -> Any:
    b = tantivy.SchemaBuilder()
    # stored only: a text field would also index the whole JSON as one term
    b.add_bytes_field("record", stored=True, indexed=False, fast=False)
    for name in VALUE_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in KEYWORD_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in sorted(TEXT_FIELDS):
        b.add_text_field(name, tokenizer_name=TEXT_TOKENIZER, index_option="position")
    b.add_text_field("exact", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("expands", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("spell", tokenizer_name=SPELL_TOKENIZER, index_option="basic")
    b.add_text_field(GATE_FIELD, tokenizer_name="raw", index_option="basic")
    for name in INT_FIELDS:
        b.add_integer_field(name, indexed=True, fast=True)
    for name in REF_KEYS:
        b.add_unsigned_field(name, fast=True)
    return b.build()


def _analyzers() -> dict[str, Any]:
    def chain(*, stemmed: bool) -> Any:
        builder = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.custom_stopword(list(STOP_WORDS)))
        )
        if stemmed:
            builder = builder.filter(tantivy.Filter.stemmer("english"))
        return builder.build()

    return {TEXT_TOKENIZER: chain(stemmed=True), SPELL_TOKENIZER: chain(stemmed=False)}


def _registered(index: Any) -> Any:
    for name, analyzer in _analyzers().items():
        index.register_tokenizer(name, analyzer)
    return index


def create(folder: Path) -> Any:
    return _registered(tantivy.Index(schema(), path=str(folder)))


def exists(folder: Path) -> bool:
    return folder.is_dir() and (folder / "meta.json").exists()


def open_folder(folder: Path) -> Any:
    return _registered(tantivy.Index.open(str(folder)))


def committed_files(folder: Path) -> list[str]:
    """The files the last commit's meta.json names (every segment component present)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    names = ["meta.json"]
    for seg in meta.get("segments", []):
        seg_id = seg["segment_id"].replace("-", "")
        names += [p.name for p in folder.glob(f"{seg_id}.*")]
    return sorted(set(names))


def state(folder: Path) -> tuple[int, int]:
    try:
        st = (folder / "meta.json").stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


# --------------------------------------------------------------------------- documents


def to_document(record: Record) -> Any:
    doc = tantivy.Document()
    kept = record
    if any(isinstance(record.get(name), bytes) for name in BYTES_FIELDS):
        kept = dict(record)
        for name in BYTES_FIELDS:
            if isinstance(kept.get(name), bytes):
                kept[name] = base64.b64encode(kept[name]).decode("ascii")
    doc.add_bytes("record", json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode())
    for name in VALUE_FIELDS:
        value = record.get(name)
        if value:
            doc.add_text(name, str(value))
    for name in KEYWORD_FIELDS:
        for value in str(record.get(name) or "").split(","):
            if value:
                doc.add_text(name, value)
    for name in (*TEXT_FIELDS, "exact", "expands"):
        value = record.get(name)
        if value:
            doc.add_text(name, value)
    if record.get("text"):
        doc.add_text("spell", record["text"])
    for term in hidden_terms(record):
        doc.add_text(GATE_FIELD, term)
    for name in INT_FIELDS:
        value = record.get(name)
        if value is not None:
            doc.add_integer(name, int(value))
    if record.get("kind") == "passage":
        for name, key in zip(REF_KEYS, ref_keys(record.get("ref") or ""), strict=True):
            doc.add_unsigned(name, key)
    return doc


def stored(searcher: Any, address: Any) -> Record:
    doc = searcher.doc(address)
    record: Record = json.loads(doc.get_first("record"))
    for name in BYTES_FIELDS:
        if name in record:
            record[name] = base64.b64decode(record[name])
    return record


# --------------------------------------------------------------------------- queries


def _glob_regex(glob: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)


def _const(q: Any, score: float = 1.0) -> Any:
    return tantivy.Query.const_score_query(q, score)


def on_days(q: Any, sch: Any, days: list[int]) -> Any:
    """`q`'s matches on these days (yyyymmdd), scored as `q` scores them: the days' postings,
    not a range (a range scans the day column of every document)."""
    any_day = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(sch, "day", d)) for d in days]
    )
    return within(q, [(tantivy.Occur.Must, _const(any_day, 0.0))])


def _term(sch: Any, field: str, value: Any) -> Any:
    if isinstance(value, int) or field in INT_FIELDS:
        # A term of the (indexed) integer field: its postings. A range of one value would scan
        # the field's column for every document (`year:2019 AND release`: 87 ms on 3,000 papers).
        return tantivy.Query.term_query(sch, field, int(value))
    return tantivy.Query.term_query(sch, field, value)


def to_tantivy(sch: Any, m: Match) -> Any:
    """The tantivy query giving `m` the meaning `querytree.py` writes."""
    from .analysis import SCORED_FIELDS

    if isinstance(m, Term):
        q = _term(sch, m.field, m.value)
        return q if m.field in SCORED_FIELDS else _const(q)
    if isinstance(m, Phrase):
        if len(m.terms) == 1:
            return tantivy.Query.term_query(sch, m.field, m.terms[0][1])
        return tantivy.Query.phrase_query(sch, m.field, [(p, t) for p, t in m.terms])
    if isinstance(m, Pattern):
        return _const(tantivy.Query.regex_query(sch, m.field, _glob_regex(m.glob)))
    if isinstance(m, Fuzzy):
        fuzzy = tantivy.Query.fuzzy_term_query(
            sch, m.field, m.text, distance=m.distance, transposition_cost_one=False
        )
        return _const(fuzzy)
    if isinstance(m, Every):
        return _const(tantivy.Query.all_query(), 0.0)
    if isinstance(m, AnyOf):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, to_tantivy(sch, p)) for p in m.parts]
        )
    if isinstance(m, All):
        clauses = [(tantivy.Occur.Must, to_tantivy(sch, p)) for p in m.must]
        clauses += [(tantivy.Occur.MustNot, to_tantivy(sch, p)) for p in m.must_not]
        clauses += [(tantivy.Occur.Should, to_tantivy(sch, p)) for p in m.should]
        return tantivy.Query.boolean_query(clauses)
    raise TypeError(f"not a match: {m!r}")


Clauses = list[tuple[Any, Any]]


def filter_clauses(
    sch: Any,
    *,
    day_from: int | None,
    day_to: int | None,
    committees: tuple[str, ...],
    max_rank: int | None,
    refs: tuple[str, ...] = (),
) -> Clauses:
    """Boolean clauses keeping only passages within the filters (and, given `refs`, of the papers
    with those references), `max_rank` the classification ceiling (None: every level); each
    scores 0 (a filter never changes a score)."""
    parts: Clauses = [(tantivy.Occur.MustNot, _hidden(sch, NOT_A_PASSAGE))]
    if max_rank is not None and max_rank < UNKNOWN_RANK:
        if max_rank < 0:
            return [(tantivy.Occur.MustNot, tantivy.Query.all_query())]  # nothing is that open
        parts.append((tantivy.Occur.MustNot, _hidden(sch, f"above{max_rank}")))
    if refs:
        any_ref = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(sch, "ref", r)) for r in refs]
        )
        parts.append((tantivy.Occur.Must, _const(any_ref, 0.0)))
    if day_from is not None or day_to is not None:
        low = day_from if day_from is not None else 0
        high = day_to if day_to is not None else 99_999_999
        rng = tantivy.Query.range_query(sch, "day", tantivy.FieldType.Integer, low, high)
        parts.append((tantivy.Occur.Must, _const(rng, 0.0)))
    if committees:
        anyc = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(sch, "committees", c))
                for c in committees
            ]
        )
        parts.append((tantivy.Occur.Must, _const(anyc, 0.0)))
    return parts


def _hidden(sch: Any, term: str) -> Any:
    return tantivy.Query.term_query(sch, GATE_FIELD, term)


def within(q: Any, clauses: Clauses) -> Any:
    """`q`'s matches that pass the filter clauses, scored as `q` scores them."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q), *clauses])


def passing(clauses: Clauses) -> Any:
    """Every document that passes the filter clauses (scoring 0)."""
    return within(_const(tantivy.Query.all_query(), 0.0), clauses)


def kind_query(sch: Any, **terms: str) -> Any:
    if not terms:
        return tantivy.Query.all_query()
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tantivy.Query.term_query(sch, k, v)) for k, v in terms.items()]
    )


def all_documents(searcher: Any, sch: Any, **terms: str) -> Iterator[Record]:
    """Stored records of every document whose fields hold these values, in index order."""
    q = kind_query(sch, **terms)
    total = searcher.search(q, limit=1, count=True).count or 0
    if not total:
        return
    hits = searcher.search(q, limit=total, count=False).hits
    for _, address in sorted(hits, key=lambda h: (h[1].segment_ord, h[1].doc)):
        yield stored(searcher, address)


# --------------------------------------------------------------------------- writing


class TantivyWriter:
    """Batches of changes, each made durable by one tantivy commit."""

    def __init__(self, index: Any, *, heap_bytes: int = HEAP_BYTES, threads: int = 0) -> None:
        self._index = index
        self._heap = heap_bytes
        self._threads = threads
        self._w: Any = None

    def writer(self) -> Any:
        if self._w is None:
            self._w = self._index.writer(heap_size=self._heap, num_threads=self._threads)
        return self._w

    def add(self, record: Record) -> None:
        self.writer().add_document(to_document(record))

    def delete(self, field: str, value: str) -> None:
        self.writer().delete_documents_by_term(field, value)

    def commit(self) -> None:
        if self._w is not None:
            self._w.commit()

    def cancel(self) -> None:
        if self._w is not None:
            self._w.rollback()

    def close(self) -> None:
        if self._w is not None:
            w, self._w = self._w, None
            w.wait_merging_threads()
