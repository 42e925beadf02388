"""Match trees (`querytree.Match`) → Whoosh queries that score as tantivy does.

The meaning of every node is written in `querytree.py`; this module gives Whoosh that meaning:
BM25 with tantivy's idf and fieldnorm buckets (`TantivyBm25`, with the field lengths Whoosh
stores re-encoded by `schema.apply_fieldnorm_encoding`), phrases with gaps scored as one term,
and constant scores for value fields, patterns and fuzzy terms.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching, query, scoring

from .analysis import K1, SCORED_FIELDS, B, fieldnorm, fieldnorm_id, idf
from .querytree import All, Every, Fuzzy, Match, Pattern, Phrase, Term
from .querytree import Any as AnyOf
from .whoosh_columns import field_length_bytes

_K1, _B = float(K1), float(B)


def _global(searcher: Any) -> Any:
    return searcher.get_parent()


def _average_length(searcher: Any, fieldname: str) -> float:
    top = _global(searcher)
    return float(top.field_length(fieldname)) / max(top.doc_count(), 1)


class _Bm25Scorer(scoring.BaseScorer):  # type: ignore[misc]
    """tantivy's BM25 of one term (or one phrase, `weight` being the phrases' idf sum)."""

    def __init__(self, searcher: Any, fieldname: str, weight: float) -> None:
        self.searcher = searcher
        self.fieldname = fieldname
        self.weight = weight
        self.average = _average_length(searcher, fieldname) or 1.0
        self._norms: dict[int, float] = {}
        # The segment's field lengths read whole: a length byte is the fieldnorm bucket
        # (`schema.apply_fieldnorm_encoding`), so the normaliser is one of 256, looked up by it.
        self._length_bytes = field_length_bytes(searcher.reader(), fieldname)
        self._norm_of_byte = [self._norm(fieldnorm(b) if b else 0) for b in range(256)]

    def _norm(self, length: int) -> float:
        bucket = fieldnorm(fieldnorm_id(length))
        return _K1 * (1.0 - _B + _B * bucket / self.average)

    def supports_block_quality(self) -> bool:
        return False

    def score_of(self, docnum: int, tf: float) -> float:
        lengths = self._length_bytes
        if lengths is not None:
            by_byte = self._norm_of_byte[lengths[docnum] if docnum < len(lengths) else 0]
            return self.weight * tf / (tf + by_byte)
        length = self.searcher.doc_field_length(docnum, self.fieldname, 0)
        norm = self._norms.get(length)
        if norm is None:  # one per fieldnorm bucket: at most 256
            norm = self._norms[length] = self._norm(length)
        return self.weight * tf / (tf + norm)

    def score(self, matcher: Any) -> float:
        return self.score_of(matcher.id(), matcher.weight())


def term_weight(searcher: Any, fieldname: str, texts: list[Any]) -> float:
    """(sum of the terms' tantivy idf) × (1 + k1), over the whole index."""
    top = _global(searcher)
    n = top.doc_count()
    total = sum(float(idf(top.doc_frequency(fieldname, t), n)) for t in texts)
    return total * (1.0 + _K1)


class TantivyBm25(scoring.WeightingModel):  # type: ignore[misc]
    """BM25 exactly as tantivy defines it, for the scored text fields."""

    def supports_block_quality(self) -> bool:
        return False

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if fieldname not in SCORED_FIELDS:
            return scoring.WeightScorer(1.0)
        return _Bm25Scorer(searcher, fieldname, term_weight(searcher, fieldname, [text]))


class _PhraseMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """The documents where the terms stand at the phrase's relative positions."""

    def __init__(self, child: Any, leaves: list[Any], offsets: list[int], scorer: Any) -> None:
        super().__init__(child)
        self.leaves = leaves
        self.offsets = offsets
        self.scorer = scorer
        self._count = 0
        self._seek()

    def _phrase_count(self) -> int:
        starts: set[int] | None = None
        for leaf, offset in zip(self.leaves, self.offsets, strict=True):
            here = {p - offset for p in leaf.value_as("positions")}
            starts = here if starts is None else starts & here
            if not starts:
                return 0
        return len(starts or ())

    def _seek(self) -> None:
        while self.child.is_active():
            self._count = self._phrase_count()
            if self._count:
                return
            self.child.next()

    def _replacement(self, newchild: Any) -> Any:
        return _PhraseMatcher(newchild, self.leaves, self.offsets, self.scorer)

    def next(self) -> None:
        self.child.next()
        self._seek()

    def skip_to(self, docnum: int) -> None:
        self.child.skip_to(docnum)
        self._seek()

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        return float(self._count)

    def score(self) -> float:
        return float(self.scorer.score_of(self.child.id(), float(self._count)))

    def copy(self) -> Any:
        return _PhraseMatcher(self.child.copy(), self.leaves, self.offsets, self.scorer)


class GappedPhrase(query.Query):  # type: ignore[misc]
    """Terms at relative positions (gaps where stop words stood), scored as tantivy's phrase."""

    def __init__(self, fieldname: str, terms: tuple[tuple[int, str], ...]) -> None:
        self.fieldname = fieldname
        self.terms = terms
        self.boost = 1.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GappedPhrase) and (self.fieldname, self.terms) == (
            other.fieldname,
            other.terms,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.terms))

    def __repr__(self) -> str:
        return f"GappedPhrase({self.fieldname!r}, {self.terms!r})"

    def _words(self) -> list[str]:
        return [t for _, t in self.terms]

    def estimate_size(self, ixreader: Any) -> int:
        return min(ixreader.doc_frequency(self.fieldname, w) for w in self._words())

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def terms_iter(self, phrases: bool = True) -> Any:
        return [(self.fieldname, t) for t in self._words()] if phrases else []

    def iter_all_terms(self, phrases: bool = True) -> Any:
        return iter(self.terms_iter(phrases))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        words = self._words()
        if any((self.fieldname, w) not in reader for w in words):
            return matching.NullMatcher()
        leaves = [
            reader.postings(self.fieldname, w, scorer=scoring.WeightScorer(1.0)) for w in words
        ]
        child = leaves[0]
        for leaf in leaves[1:]:
            child = matching.IntersectionMatcher(child, leaf)
        scorer = _Bm25Scorer(searcher, self.fieldname, term_weight(searcher, self.fieldname, words))
        return _PhraseMatcher(child, leaves, [p for p, _ in self.terms], scorer)


class _ConstantMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    def __init__(self, child: Any, value: float) -> None:
        super().__init__(child)
        self.value = value

    def _replacement(self, newchild: Any) -> Any:
        return _ConstantMatcher(newchild, self.value)

    def copy(self) -> Any:
        return _ConstantMatcher(self.child.copy(), self.value)

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        return self.value


class Constant(query.WrappingQuery):  # type: ignore[misc]
    """The child's matches, each scoring `value` (Whoosh's ConstantScoreQuery keeps the child's
    scores whenever a sort needs them, which every secsearch search does)."""

    def __init__(self, child: Any, value: float = 1.0) -> None:
        super().__init__(child)
        self.value = value

    def _rewrap(self, child: Any) -> Any:
        return Constant(child, self.value)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        m = self.child.matcher(searcher, context)
        return m if isinstance(m, matching.NullMatcherClass) else _ConstantMatcher(m, self.value)


def _glob(field: str, glob: str) -> Any:
    return Constant(query.Wildcard(field, glob))


def to_whoosh(m: Match, reader: Any) -> Any:
    """The Whoosh query giving `m` the meaning `querytree.py` writes (`reader`, the whole index's,
    expands fuzzy terms: Whoosh's own FuzzyTerm finds nothing in a multi-segment index)."""
    if isinstance(m, Term):
        q = query.Term(m.field, m.value)
        return q if m.field in SCORED_FIELDS else Constant(q)
    if isinstance(m, Phrase):
        return GappedPhrase(m.field, m.terms)
    if isinstance(m, Pattern):
        return _glob(m.field, m.glob)
    if isinstance(m, Fuzzy):
        near = sorted(reader.terms_within(m.field, m.text, m.distance))
        if not near:
            return query.NullQuery()
        return Constant(query.Or([query.Term(m.field, t) for t in near]))
    if isinstance(m, Every):
        return Constant(query.Every(), 0.0)
    if isinstance(m, AnyOf):
        return query.Or([to_whoosh(p, reader) for p in m.parts])
    if isinstance(m, All):
        must = [to_whoosh(p, reader) for p in m.must]
        q = must[0] if len(must) == 1 else query.And(must)
        if m.must_not:
            q = query.AndNot(q, query.Or([to_whoosh(p, reader) for p in m.must_not]))
        for optional in m.should:
            q = query.AndMaybe(q, to_whoosh(optional, reader))
        return q
    raise TypeError(f"not a match: {m!r}")
