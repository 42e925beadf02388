"""Papers laid out by Word's rules and printed by a third writer (LibreOffice) read like the corpus.

`tests/pdfs/word-like/NAME.pdf` is sample paper `corpus/NAME` rebuilt as a .docx (header block
table, Heading styles with list numbering, justified Arial body, Word bullets, tables with
wrapping cells, PAGE/NUMPAGES footer fields) and converted by LibreOffice; see
`make_word_like.py`. LibreOffice paginates differently from our generator, so everything that
depends on pagination (pages, page count, source) is left out; the rest must match the ground
truth exactly, with both engines.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from secsearch.extract import ENGINES
from secsearch.pipeline import structured_paper

HERE = Path(__file__).parent
PDFS = sorted((HERE / "pdfs" / "word-like").glob("*.pdf"))
CORPUS = HERE.parent / "corpus"
_UNPAGINATED = {"page_count", "source", "sections", "acronyms"}

pytestmark = [
    pytest.mark.skipif(not PDFS, reason="no word-like fixtures"),
    pytest.mark.parametrize("engine", sorted(ENGINES)),
]
ids = [p.stem for p in PDFS]


@cache
def extracted(pdf: Path, engine: str) -> dict[str, Any]:
    return structured_paper(pdf, engine=engine).model_dump(mode="json")


def truth(pdf: Path) -> dict[str, Any]:
    return json.loads((CORPUS / f"{pdf.stem}.json").read_text(encoding="utf-8"))


def _outline(sections: list[dict[str, Any]], depth: int = 0) -> list[str]:
    out: list[str] = []
    for s in sections:
        out.append(f"{'  ' * depth}{s['number']} {s['title']} [L{s['level']}] {s['committees']}")
        out.extend(_outline(s["sections"], depth + 1))
    return out


def _passages(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("kind", "classification", "links", "text")
    out: list[dict[str, Any]] = []
    for s in sections:
        out.extend({k: p[k] for k in keep} for p in s["passages"])
        out.extend(_passages(s["sections"]))
    return out


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_metadata(pdf: Path, engine: str) -> None:
    got, want = extracted(pdf, engine), truth(pdf)
    assert {k: v for k, v in got.items() if k not in _UNPAGINATED} == {
        k: v for k, v in want.items() if k not in _UNPAGINATED
    }


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_section_tree(pdf: Path, engine: str) -> None:
    assert _outline(extracted(pdf, engine)["sections"]) == _outline(truth(pdf)["sections"])


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_passages(pdf: Path, engine: str) -> None:
    got = _passages(extracted(pdf, engine)["sections"])
    want = _passages(truth(pdf)["sections"])
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"passage {i} differs"
    assert len(got) == len(want)


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_fixture_is_small(pdf: Path, engine: str) -> None:
    assert pdf.stat().st_size < 100_000
