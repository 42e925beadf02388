"""How text becomes index terms, and how a term's score is computed: one definition, two engines.

Every backend must cut a passage into the same terms at the same positions and score a match the
same way, or the two engines would answer one query differently. This module is that contract:

- words are runs of letters and digits, with single dots inside (`G2.44`, `e.g`), of at least two
  characters (`TOKEN_PATTERN`), lower-cased; the English stop words are dropped but keep their
  position, so a phrase matches the same distances on every engine; the rest are stemmed by the
  Snowball English stemmer (the same algorithm tantivy's Rust stemmer implements);
- identifiers and acronyms (`SPOTI`, `MP067`, `SECCo`) are kept as written, for the
  case-preserving `exact` field (`identifier_tokens`);
- a term's relevance is BM25 exactly as tantivy computes it, in 32-bit floats, over document
  lengths quantised to tantivy's 256 "fieldnorm" buckets (`Bm25`), so the Whoosh backend can
  reproduce tantivy's scores bit for bit.

The Python side uses Whoosh's analysis classes (pure Python, no index involved); the tantivy
backend builds the same chain from tantivy's own tokenizer and filters.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.snowball.english import EnglishStemmer

# Whoosh's `\w+(\.?\w+)*`, minus one-character words: a word of one letter is never indexed and
# takes no position (the regex simply does not match it, on either engine).
TOKEN_PATTERN = r"\w(?:\.?\w+)+"
# Whoosh's English stop words, given to both engines.
STOP_WORDS: tuple[str, ...] = (
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in",
    "is", "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we",
    "when", "will", "with", "yet", "you", "your",
)  # fmt: skip
IDENTIFIER_PATTERN = re.compile(r"\w+(?:[./-]\w+)*")

# Fields scored by BM25; a match in any other field scores 1.
SCORED_FIELDS = frozenset({"text", "exact", "title", "section"})
# Fields analysed as text (the rest hold values as written).
TEXT_FIELDS = frozenset({"text", "title", "section"})


def is_identifier(word: str) -> bool:
    """Whether a word is shaped like an acronym or identifier (SPOTI, MP067, G2.44, SECCo)."""
    uppers = sum(map(str.isupper, word))
    return uppers >= 2 or (uppers == 1 and any(map(str.isdigit, word)))


def identifier_tokens(text: str) -> list[str]:
    """The identifier-shaped words of a text, as written, in order (the `exact` field)."""
    # A word with no capital (most words) is never one: `islower` rules it out at C speed.
    return [w for w in IDENTIFIER_PATTERN.findall(text) if not w.islower() and is_identifier(w)]


_stem = EnglishStemmer().stem


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word."""
    return str(_stem(word))


def text_analyzer(*, stemmed: bool = True) -> Any:
    """The Whoosh analyser of text fields (stemmed) or of the spelling vocabulary (not)."""
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=frozenset(STOP_WORDS), minsize=1, renumber=False)
    )
    return chain | StemFilter(stemfn=_stem, cachesize=100_000) if stemmed else chain


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    return text_analyzer()


def analysed(text: str) -> list[tuple[int, str]]:
    """(position, term) of each term of a text, as the text fields index it."""
    return [(t.pos, t.text) for t in _analyzer()(text, positions=True, mode="query")]


def analysed_spans(text: str) -> Iterable[tuple[str, int, int]]:
    """(term, start, end) for each term of a text, with character offsets (for highlighting)."""
    for t in _analyzer()(text, chars=True, mode="index"):
        yield t.text, t.startchar, t.endchar


# --------------------------------------------------------------------------- scoring

K1 = np.float32(1.2)
B = np.float32(0.75)
_F = np.float32


def _fieldnorm_table() -> list[int]:
    """tantivy's fieldnorm buckets: lengths 0–40 exact, then groups of 8 whose step doubles."""
    table, top, step = list(range(41)), 40, 2
    while len(table) < 256:
        table.extend(top + step * k for k in range(1, 9))
        top, step = top + 8 * step, step * 2
    return table[:256]


FIELD_NORMS = _fieldnorm_table()
_FIELD_NORMS_F32 = np.array(FIELD_NORMS, dtype=np.float32)


def fieldnorm_id(length: int | None) -> int:
    """The bucket a field length falls in (tantivy's `fieldnorm_to_id`); None (no length) is 0."""
    return 0 if length is None else bisect_right(FIELD_NORMS, length) - 1


def fieldnorm(fid: int) -> int:
    """The length a bucket stands for (tantivy's `id_to_fieldnorm`)."""
    return FIELD_NORMS[fid]


def _libm_logf() -> Callable[[float], float]:
    """The C library's `logf`, which tantivy's `f32::ln` calls: the same last bit."""
    name = ctypes.util.find_library("m")
    try:
        logf = ctypes.CDLL(name).logf if name else None
    except OSError:
        logf = None
    if logf is None:
        return lambda x: float(_F(math.log(x)))
    logf.restype = ctypes.c_float
    logf.argtypes = [ctypes.c_float]
    return logf  # type: ignore[no-any-return]


_logf = _libm_logf()


def idf(doc_freq: int, doc_count: int) -> np.float32:
    """ln(1 + (N - n + 0.5) / (n + 0.5)) in 32-bit floats, as tantivy computes it."""
    x = (_F(doc_count - doc_freq) + _F(0.5)) / (_F(doc_freq) + _F(0.5))
    return _F(_logf(float(_F(1.0) + x)))


@dataclass(frozen=True)
class Bm25:
    """One term's (or one phrase's) BM25 weight over one field: score(fieldnorm id, frequency).

    `weight` is (sum of the terms' idf) × (1 + k1) × boost; `norms` the tf-normaliser of each
    fieldnorm bucket for the field's average length, both in 32-bit floats.
    """

    weight: np.float32
    norms: Any  # np.ndarray[float32] of 256

    @classmethod
    def of(cls, idfs: Iterable[np.float32], total_tokens: int, doc_count: int) -> Bm25:
        total = _F(0.0)
        for value in idfs:
            total = _F(total + value)
        average = _F(total_tokens) / _F(max(doc_count, 1))
        norms = K1 * (_F(1.0) - B + B * _FIELD_NORMS_F32 / average)
        return cls(weight=_F(total * (_F(1.0) + K1)), norms=norms.astype(np.float32))

    def scores(self, fids: Any, freqs: Any) -> Any:
        """Scores (float32) of documents with these fieldnorm ids and term frequencies."""
        tf = np.asarray(freqs, dtype=np.float32)
        return (self.weight * (tf / (tf + self.norms[np.asarray(fids, dtype=np.intp)]))).astype(
            np.float32
        )


def shown_score(score: float) -> float:
    """A score as results show and order it: three decimals, so that the last bits of 32-bit
    sums taken in another order never decide which of two hits comes first."""
    return round(float(score), 3)
