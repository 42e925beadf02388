"""Models ↔ Whoosh: the schema, the write path and the read primitives (Whoosh lives only here).

One Whoosh index holds every kind of record, told apart by the `kind` field, so that one atomic
Whoosh commit (a new TOC generation) moves documents and bookkeeping together:

- `passage`: one per passage, the unit of search;
- `paper`: one per distinct PDF content (keyed by sha256), with the paper's outline;
- `file`: the manifest, one per path (path → sha256, size, mtime), so ingest is incremental;
- `acro`: one per acronym definition, for the glossary and for query expansion;
- `meta`: the schema version.

A SIGKILL between commits loses only the uncommitted batch; manifest and documents never disagree.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh import collectors, highlight, index, query
from whoosh.analysis import Filter, RegexTokenizer, StemmingAnalyzer
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, QueryParser
from whoosh.searching import Searcher

from .config import CURRENT_GENERATION_FILE, LEGACY_WHOOSH_DIR, whoosh_dir
from .domain import KNOWN_ACRONYMS
from .errors import IndexError_, QueryError
from .locking import write_lock
from .models import ENTITY_TYPES, Paper
from .records import (
    KNOWN_ACRONYMS_FINGERPRINT,
    Doc,
    FileEntry,
    clean_keyword,
    entity_field,
    paper_docs,
)

# Bump whenever schema() or what is written into a field changes.
SCHEMA_VERSION = f"3-{KNOWN_ACRONYMS_FINGERPRINT}"
# Whoosh files live in a generation folder named by the CURRENT pointer file (config.whoosh_dir).
CURRENT_FILE = CURRENT_GENERATION_FILE
GENERATION_PREFIX = "whoosh-"
DEFAULT_LIMITMB = 128

T = TypeVar("T")


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


W3PerDocReader._cached_reader = _cached_lengths_reader


# --------------------------------------------------------------------------- schema


def is_identifier(word: str) -> bool:
    """Whether a word is shaped like an acronym or identifier (SPOTI, MP067, G2.44, SECCo)."""
    uppers = sum(c.isupper() for c in word)
    return uppers >= 2 or (uppers >= 1 and any(c.isdigit() for c in word))


class IdentifierFilter(Filter):
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
        class_rank=NUMERIC(int, bits=8, stored=False, shift_step=0),
        seq=NUMERIC(int, bits=32, stored=True, sortable=True, shift_step=0),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer(), phrase=True),
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
        # glossary (kind=acro)
        acro=ID(stored=True),
        long=STORED(),
        # paper outline (kind=paper) and schema version (kind=meta)
        outline=STORED(),
        schema_version=STORED(),
        **{entity_field(t): KEYWORD(**keyword) for t in ENTITY_TYPES},
    )


# --------------------------------------------------------------------------- opening


def _check_version(ix: Any, where: Path) -> None:
    with ix.searcher() as s:
        meta = s.document(id="meta")
    found = meta.get("schema_version") if meta else None
    if found != SCHEMA_VERSION:
        raise IndexError_(
            f"index at {where} has schema version {found}, this secsearch needs {SCHEMA_VERSION}",
            hint="run `secsearch ingest --rebuild`",
        )


def _open(index_dir: Path) -> Any:
    """The Whoosh index at `index_dir`, checked against this schema version."""
    return _retrying(lambda: _open_once(index_dir))


def _open_once(index_dir: Path) -> Any:
    wdir = whoosh_dir(index_dir)
    if not index.exists_in(str(wdir)):
        raise IndexError_(f"no index at {index_dir}", hint="run `secsearch ingest` first")
    ix = index.open_dir(str(wdir))
    _check_version(ix, index_dir)
    return ix


def _retrying(action: Callable[[], T], attempts: int = 20) -> T:
    """`action()`, tried again when a concurrent writer removed the files it was reading.

    A commit deletes the segment files its merge replaced, and a finished --rebuild deletes the
    whole previous generation; a reader that read the table of contents just before finds a
    file gone. Reading again picks up the new state.
    """
    for attempt in range(attempts):
        try:
            return action()
        except (OSError, index.EmptyIndexError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _create(index_dir: Path) -> tuple[Any, Path]:
    """A new, empty index in a fresh generation folder (not yet current), and that folder."""
    wdir = index_dir / f"{GENERATION_PREFIX}{time.time_ns():x}-{os.getpid()}"
    wdir.mkdir(parents=True)
    ix = index.create_in(str(wdir), schema())
    w = ix.writer()
    w.add_document(id="meta", kind="meta", schema_version=SCHEMA_VERSION)
    w.commit()
    return ix, wdir


def _publish(index_dir: Path, wdir: Path) -> None:
    """Make `wdir` the current generation in one atomic rename: readers see old or new, whole."""
    tmp = index_dir / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    tmp.write_text(wdir.name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT_FILE)


def _remove_stale_generations(index_dir: Path) -> None:
    """Delete generation folders the pointer does not name: a killed rebuild's, or a replaced one.

    Only called under the write lock, so no writer is filling one of them.
    """
    current = whoosh_dir(index_dir).resolve()
    for d in index_dir.iterdir():
        is_generation = d.name == LEGACY_WHOOSH_DIR or d.name.startswith(GENERATION_PREFIX)
        if is_generation and d.is_dir() and d.resolve() != current:
            shutil.rmtree(d, ignore_errors=True)


def exists(index_dir: Path) -> bool:
    return index.exists_in(str(whoosh_dir(index_dir)))


# --------------------------------------------------------------------------- writing


class IndexWriter:
    """Batches of changes, each made durable by one Whoosh commit."""

    def __init__(self, ix: Any, *, limitmb: int = DEFAULT_LIMITMB) -> None:
        self._ix = ix
        self._limitmb = limitmb
        self._w: Any = None

    def _writer(self) -> Any:
        if self._w is None:
            self._w = self._ix.writer(limitmb=self._limitmb)
        return self._w

    def add_paper(self, paper: Paper) -> int:
        """Write a paper's documents; returns its passage count."""
        w = self._writer()
        n = 0
        for doc in paper_docs(paper):
            w.add_document(**doc)
            n += doc["kind"] == "passage"
        return n

    def delete_paper(self, key: str) -> None:
        self._writer().delete_by_term("paper_key", key)

    def set_file(self, entry: FileEntry) -> None:
        self._writer().update_document(
            id=f"file:{entry.path}",
            kind="file",
            path=entry.path,
            file_key=entry.sha256,
            size=entry.size,
            mtime_ns=entry.mtime_ns,
            passages=entry.passages,
        )

    def delete_file(self, path: str) -> None:
        self._writer().delete_by_term("id", f"file:{path}")

    def commit(self) -> None:
        """Make every change since the last commit durable, atomically."""
        if self._w is not None:
            w, self._w = self._w, None
            w.commit()

    def cancel(self) -> None:
        if self._w is not None:
            w, self._w = self._w, None
            w.cancel()


@contextmanager
def writing(
    index_dir: Path, *, rebuild: bool = False, limitmb: int = DEFAULT_LIMITMB
) -> Iterator[IndexWriter]:
    """The index's writer, under the write lock; uncommitted changes are dropped on error."""
    with write_lock(index_dir):
        _remove_stale_generations(index_dir)
        fresh: Path | None = None
        if rebuild or not exists(index_dir):
            ix, fresh = _create(index_dir)
            if not rebuild:
                _publish(index_dir, fresh)  # a first index shows each batch as it commits
        else:
            ix = _open(index_dir)
        writer = IndexWriter(ix, limitmb=limitmb)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()
            if rebuild and fresh is not None:
                # The rebuilt index replaces the old one only now, whole: a rebuild killed
                # before this line leaves the old index as it was.
                _publish(index_dir, fresh)
                _remove_stale_generations(index_dir)
        finally:
            ix.close()


def index_papers(
    index_dir: Path, papers: Iterable[Paper], *, batch_size: int = 100, rebuild: bool = False
) -> int:
    """Index Paper objects directly (each under its source path); returns the passages written."""
    total = 0
    with writing(index_dir, rebuild=rebuild) as w:
        for i, paper in enumerate(papers, 1):
            w.delete_paper(paper.source.sha256)
            n = w.add_paper(paper)
            w.set_file(FileEntry(paper.source.path, paper.source.sha256, -1, -1, n))
            total += n
            if i % batch_size == 0:
                w.commit()
    return total


def read_manifest(index_dir: Path) -> dict[str, FileEntry]:
    """Every path the index holds, with the content it held when ingested."""
    if not exists(index_dir):
        return {}
    with searching(index_dir) as s:
        return {
            d["path"]: FileEntry(d["path"], d["file_key"], d["size"], d["mtime_ns"], d["passages"])
            for d in s.documents(kind="file")
        }


# --------------------------------------------------------------------------- reading

_cache_lock = threading.Lock()
_searchers: dict[Path, Searcher] = {}
_searcher_generation: dict[Path, Path] = {}


@contextmanager
def searching(index_dir: Path) -> Iterator[Searcher]:
    """A searcher on the last committed state, cached per index and refreshed when it changes."""
    key = Path(index_dir).resolve()
    with _cache_lock:
        s = _searchers.get(key)
        generation = whoosh_dir(index_dir).resolve()
        if s is not None and _searcher_generation.get(key) != generation:
            s.close()  # a rebuild replaced the generation this searcher reads
            s = None
        if s is not None and not s.up_to_date():
            s = _retrying(s.refresh)
        elif s is None:
            s = _retrying(lambda: _open(index_dir).searcher())
        _searchers[key] = s
        _searcher_generation[key] = generation
    yield s


def close_searchers() -> None:
    """Close every cached searcher (tests, and before an index directory is removed)."""
    with _cache_lock:
        for s in _searchers.values():
            s.close()
        _searchers.clear()
        _searcher_generation.clear()


@dataclass(frozen=True)
class Expansion:
    """What a bare query word also matches: canonical entity values and phrases."""

    entities: tuple[tuple[str, str], ...] = ()
    phrases: tuple[str, ...] = ()
    spelled_out: tuple[str, ...] = ()  # acronyms whose long form the `expands` field records


WordExpander = Callable[[str], Expansion | None]


@dataclass(frozen=True)
class Filters:
    day_from: int | None = None
    day_to: int | None = None
    committees: tuple[str, ...] = ()
    max_rank: int | None = None


class _Parser(QueryParser):
    """Whoosh's parser, routing identifier-shaped words to `exact` and adding expansions."""

    def __init__(self, schema_: Schema, expand: WordExpander | None) -> None:
        super().__init__("text", schema_)
        self._expand = expand
        self.add_plugin(
            FieldAliasPlugin(
                {
                    "committees": ["committee"],
                    "e_modification": ["modification", "mod"],
                    "e_sec_ref": ["clause"],
                    "e_release": ["release"],
                    "e_milestone": ["milestone"],
                    "e_org": ["org"],
                    "e_acronym": ["acronym"],
                    "e_paper_ref": ["cites"],
                    "ref": ["paper"],
                }
            )
        )

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        base = super().term_query
        if fieldname != "text" or termclass is not query.Term:
            return base(fieldname, text, termclass, boost, tokenize, removestops)
        word = text.strip(".,;:!?()[]'\"")
        first = (
            query.Term("exact", word, boost=boost)
            if is_identifier(word)
            else base(fieldname, text, termclass, boost, tokenize, removestops)
        )
        extra = self._expand(word) if self._expand and word else None
        if not extra:
            return first
        alts = [q for q in [first] if q is not None]
        alts += [query.Term(entity_field(t), v, boost=boost) for t, v in extra.entities]
        alts += [query.Term("expands", short, boost=boost) for short in extra.spelled_out]
        for phrase in extra.phrases:
            words = list(self.schema["text"].process_text(phrase, mode="query"))
            if len(words) > 1:
                alts.append(query.Phrase("text", words, boost=boost))
        return query.Or(alts) if len(alts) > 1 else (alts[0] if alts else None)


def parse_query(s: Searcher, text: str, expand: WordExpander | None = None) -> Any:
    """A Whoosh query for the user's query string; QueryError when it cannot be parsed."""
    problem = syntax_problem(text)
    if problem:
        raise QueryError(f"cannot parse query {text!r}: {problem}", hint=_QUERY_HINT)
    try:
        q = _Parser(s.schema, expand).parse(text)
    except Exception as e:  # the parser raises a zoo of types on hostile input
        raise QueryError(f"cannot parse query {text!r}: {e}", hint=_QUERY_HINT) from None
    error = _first_error(q)
    if error:
        raise QueryError(f"cannot parse query {text!r}: {error}", hint=_QUERY_HINT)
    if isinstance(q, type(query.NullQuery)):
        raise QueryError(f"query {text!r} has no searchable words", hint=_QUERY_HINT)
    return q


_BINARY_OPERATORS = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


def syntax_problem(text: str) -> str | None:
    """What is structurally wrong with a query, in words, or None.

    Whoosh's parser forgives almost anything ("SPOTI AND (" searches for SPOTI), which hides a
    user's typo; these checks catch the mistakes people make before Whoosh papers over them.
    """
    # A phrase stands for one word, so that `"a b" AND c` has a word before its AND.
    outside = re.sub(r'"[^"]*"', " PHRASE ", text)
    if outside.count('"') % 2:
        return "a double quote is not closed"
    depth = 0
    for ch in outside:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return "a ')' has no matching '('"
    if depth:
        return "a '(' is not closed"
    tokens = re.sub(r"[()]", " ", outside).split()
    if tokens and tokens[-1] in _BINARY_OPERATORS | {"NOT"}:
        return f"{tokens[-1]} at the end has nothing after it"
    if tokens and tokens[0] in _BINARY_OPERATORS:
        return f"{tokens[0]} at the start has nothing before it"
    return None


def _first_error(q: Any) -> str | None:
    """The parser's complaint attached to the query or any part of it."""
    if getattr(q, "error", None):
        return str(q.error)
    for child in q.children():
        found = _first_error(child)
        if found:
            return found
    return None


_QUERY_HINT = (
    'put phrases in double quotes ("SMKI Portal"), use AND / OR / NOT in capitals, '
    "field:value (year:2019, committee:SSC, modification:MP067) and wildcards (SMET*)"
)


def _filter_query(f: Filters) -> Any:
    parts: list[Any] = [query.Term("kind", "passage")]
    if f.day_from is not None or f.day_to is not None:
        parts.append(query.NumericRange("day", f.day_from, f.day_to))
    if f.committees:
        parts.append(query.Or([query.Term("committees", c) for c in f.committees]))
    if f.max_rank is not None:
        parts.append(query.NumericRange("class_rank", None, f.max_rank))
    return query.And(parts) if len(parts) > 1 else parts[0]


def entity_query(values: Iterable[tuple[str, str]]) -> Any:
    return query.Or([query.Term(entity_field(t), v) for t, v in values])


@dataclass
class Found:
    """Matches of one query: every match's day (for counting) and the shown documents."""

    total: int
    days: list[int | None]
    docs: list[Doc]


class _SnippetFormatter(highlight.Formatter):
    """Marks matched words **like this** and joins fragments with ' … '."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"**{highlight.get_text(text, token, replace)}**"


_fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)


def _highlight_terms(s: Searcher, q: Any, doc: Doc) -> frozenset[str]:
    """Token texts (as the text analyser makes them) to mark in this document's text."""
    analyzer = s.schema["text"].analyzer
    terms: set[str] = set()
    entity_values: set[tuple[str, str]] = set()
    for field, raw in _query_terms(s, q):
        if field not in ("text", "exact", "expands") and not field.startswith("e_"):
            continue
        value = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        if field == "text":
            terms.add(value)
        elif field == "exact":
            terms.update(t.text for t in analyzer(value, mode="query"))
        elif field == "expands":
            long = KNOWN_ACRONYMS.get(value, "")
            terms.update(t.text for t in analyzer(long, mode="query"))
        elif field.startswith("e_"):
            entity_values.add((field[2:].upper(), value))
    for e in doc.get("entities", []):
        if (e["type"], clean_keyword(e["value"])) in entity_values:
            terms.update(t.text for t in analyzer(e["text"], mode="query"))
    return frozenset(terms)


def _query_terms(s: Searcher, q: Any) -> set[tuple[str, Any]]:
    """The query's terms with wildcards and prefixes expanded, cached per searcher and query."""
    cache: dict[Any, set[tuple[str, Any]]] = s.__dict__.setdefault("_secsearch_terms", {})
    if q not in cache:
        if len(cache) > 256:
            cache.clear()
        terms = set(q.iter_all_terms(phrases=True))  # phrases' words
        terms |= set(q.existing_terms(s.reader(), phrases=True, expand=True))  # wildcards
        cache[q] = terms
    return cache[q]


def snippet(s: Searcher, q: Any, doc: Doc) -> str:
    """The text around the matched words, marked; the opening of the text when none show."""
    text = doc.get("text", "")
    marked = highlight.highlight(
        text,
        _highlight_terms(s, q, doc),
        s.schema["text"].analyzer,
        _fragmenter,
        _SnippetFormatter(),
        top=2,
    )
    if marked:
        return " ".join(marked.split())
    return text if len(text) <= 240 else text[:240].rsplit(" ", 1)[0] + " …"


def find(
    index_dir: Path,
    text: str | None,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = 10,
    expand: WordExpander | None = None,
    entities: Iterable[tuple[str, str]] = (),
    oldest_first: bool = False,
    snippets: bool = True,
) -> Found:
    """Passages matching a query string or any of the given entity values.

    Only the `limit` shown documents are loaded and highlighted; every match contributes its day.
    """
    with searching(index_dir) as s:
        q = parse_query(s, text, expand) if text is not None else entity_query(entities)
        allowed = _filter_docs(s, filters)
        sortedby = ["day", "ref", "seq"] if oldest_first else None
        if limit == 0 or not allowed:
            docnums = [d for d in s.docs_for_query(q) if d in allowed]
            results: Any = []
        else:
            docnums, results = _search_counting(s, q, allowed, limit, sortedby)
        days_col = s.reader().column_reader("day")
        days = [days_col[d] or None for d in docnums]
        docs = []
        for hit in results:
            doc = dict(hit.fields())
            doc["score"] = 0.0 if oldest_first else float(hit.score or 0.0)
            if snippets:
                doc["snippet"] = snippet(s, q, doc)
            docs.append(doc)
        return Found(total=len(docnums), days=days, docs=docs)


class _RecordingCollector(collectors.WrappingCollector):  # type: ignore[misc]
    """Hands every match to its child collector and keeps the match's document number."""

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _search_counting(
    s: Searcher, q: Any, allowed: set[int], limit: int | None, sortedby: list[str] | None
) -> tuple[list[int], Any]:
    """The top `limit` hits and every allowed match's document number, in one pass.

    `Searcher.search` skips documents that cannot reach the top N, so counting the matches took a
    second pass (`docs_for_query`) that cost as much as the search; here skipping is off and one
    walk over the matches both ranks them and records them.
    """
    child = s.collector(limit=limit, sortedby=sortedby)
    if isinstance(child, collectors.ScoredCollector):
        # Neither skip blocks nor swap in a matcher that drops documents below the top N.
        child.usequality = False
        child.replace = 0
    recorder = _RecordingCollector(child)
    top = collectors.FilterCollector(recorder, allow=allowed)
    s.search_with_collector(q, top)
    return recorder.docnums, top.results()


def _filter_docs(s: Searcher, filters: Filters) -> set[int]:
    """Document numbers passing the filters, cached on the (cached) searcher."""
    cache: dict[Filters, set[int]] = s.__dict__.setdefault("_secsearch_filters", {})
    if filters not in cache:
        cache[filters] = set(s.docs_for_query(_filter_query(filters)))
    return cache[filters]


def suggest_word(index_dir: Path, word: str) -> str | None:
    """A close term the index knows, for "did you mean"; None when the word is known."""
    with searching(index_dir) as s:
        r = s.reader()
        if is_identifier(word):
            field, probe = "exact", word
        else:
            field = "text"
            stems = list(s.schema["text"].process_text(word, mode="query"))
            if not stems:
                return None
            probe = stems[0]
        if r.doc_frequency(field, probe):
            return None
        candidates = [c for c in r.terms_within(field, probe, 2) if c != probe]
        if not candidates:
            return None
        return max(candidates, key=lambda c: r.doc_frequency(field, c))


def documents(index_dir: Path, kind: str) -> list[Doc]:
    """Stored fields of every document of one kind (paper, acro, file)."""
    with searching(index_dir) as s:
        return [dict(d) for d in s.documents(kind=kind)]


def papers_by_ref(index_dir: Path, ref: str) -> list[Doc]:
    with searching(index_dir) as s:
        return [dict(d) for d in s.documents(kind="paper", ref=ref)]


@dataclass(frozen=True)
class EntityValue:
    type: str
    value: str
    passages: int
    first: Doc
    last: Doc


def entity_values(
    index_dir: Path, entity_types: Iterable[str] = ENTITY_TYPES, *, counts: bool = True
) -> list[EntityValue]:
    """Every canonical value of the given entity types, with its passage count and first/last.

    With `counts=False` only the values are read (fast); counts are 0 and first/last empty.
    """
    out: list[EntityValue] = []
    with searching(index_dir) as s:
        r = s.reader()
        days_col = r.column_reader("day")
        for etype in entity_types:
            field = entity_field(etype)
            if field not in s.schema:
                continue
            for raw in r.lexicon(field):
                value = raw.decode() if isinstance(raw, bytes) else raw
                if not counts:
                    out.append(EntityValue(etype, value, 0, {}, {}))
                    continue
                live = [d for d in r.postings(field, value).all_ids() if not r.is_deleted(d)]
                if not live:
                    continue
                ordered = sorted(live, key=lambda d: (days_col[d] or 0, d))
                first, last = r.stored_fields(ordered[0]), r.stored_fields(ordered[-1])
                out.append(EntityValue(etype, value, len(live), dict(first), dict(last)))
    return out


def memo(index_dir: Path, key: str, build: Callable[[], T]) -> T:
    """`build()`, computed once per committed state of the index (kept on the cached searcher)."""
    with searching(index_dir) as s:
        cache: dict[str, Any] = s.__dict__.setdefault("_secsearch_memo", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def field_names(index_dir: Path) -> list[str]:
    with searching(index_dir) as s:
        return list(s.schema.names())


def passage_count(index_dir: Path) -> int:
    with searching(index_dir) as s:
        return len(_filter_docs(s, Filters()))  # doc_frequency would count deleted documents


def size_on_disk(index_dir: Path) -> int:
    """Bytes used by the Whoosh files (the extraction cache not included)."""
    return sum(f.stat().st_size for f in whoosh_dir(index_dir).glob("*") if f.is_file())


def clear_stale_files(index_dir: Path) -> None:
    """Remove the index entirely (used by --rebuild before anything else is written)."""
    close_searchers()
    with suppress(FileNotFoundError):
        shutil.rmtree(whoosh_dir(index_dir))
