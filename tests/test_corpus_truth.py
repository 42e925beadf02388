"""Every sample paper in corpus/ goes through the pipeline to exactly its ground-truth JSON.

The generator writes `NAME.pdf` with `NAME.json` beside it (`Paper.model_dump(mode="json")`).
Each paper is read by every extraction engine, sectionized and tagged (`paper_from_pdf`), and
compared piece by piece (for readable failures) and then whole; `source.path` is compared by file
name, since the corpus may sit anywhere.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from secsearch.extract import ENGINES
from secsearch.models import Paper
from secsearch.pipeline import paper_from_pdf

# Another generated corpus can be checked the same way: SECSEARCH_TRUTH_CORPUS=/tmp/corpus pytest
CORPUS = Path(
    os.environ.get("SECSEARCH_TRUTH_CORPUS") or Path(__file__).resolve().parent.parent / "corpus"
)
PDFS = sorted(p for p in CORPUS.glob("*.pdf") if p.with_suffix(".json").exists())

# Running text that must never reach a passage.
_RUNNING_RES = [
    re.compile(r"\bPage \d+ of \d+\b"),
    re.compile(r"This document is classified as", re.I),
    re.compile(r"in accordance with the Panel Information Policy", re.I),
]


@cache
def pipeline_paper(pdf: Path, engine: str) -> Paper:
    return paper_from_pdf(pdf, engine=engine)


def extracted(pdf: Path, engine: str) -> dict[str, Any]:
    return _comparable(pipeline_paper(pdf, engine).model_dump(mode="json"))


def _comparable(paper: dict[str, Any]) -> dict[str, Any]:
    """The paper with the source path reduced to its file name."""
    paper = json.loads(json.dumps(paper))
    paper["source"]["path"] = Path(paper["source"]["path"]).name
    return paper


def _without_entities(passages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k != "entities"} for p in passages]


def _truth(pdf: Path) -> dict[str, Any]:
    return _comparable(json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8")))


def _outline(sections: list[dict[str, Any]], depth: int = 0) -> list[str]:
    """Sections as 'number title [level] committees pages' lines, for a readable diff."""
    out: list[str] = []
    for s in sections:
        out.append(
            f"{'  ' * depth}{s['number']} {s['title']} [L{s['level']}] {s['committees']} "
            f"{s['pages']} ({len(s['passages'])} passages)"
        )
        out.extend(_outline(s["sections"], depth + 1))
    return out


def _passages(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in sections:
        out.extend(s["passages"])
        out.extend(_passages(s["sections"]))
    return out


pytestmark = [
    pytest.mark.skipif(not PDFS, reason="no sample corpus in corpus/"),
    pytest.mark.parametrize("engine", sorted(ENGINES)),
]
ids = [p.stem for p in PDFS]


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_metadata(pdf: Path, engine: str) -> None:
    got, want = extracted(pdf, engine), _truth(pdf)
    assert {k: v for k, v in got.items() if k != "sections"} == {
        k: v for k, v in want.items() if k != "sections"
    }


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_section_tree(pdf: Path, engine: str) -> None:
    assert _outline(extracted(pdf, engine)["sections"]) == _outline(_truth(pdf)["sections"])


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_passages(pdf: Path, engine: str) -> None:
    got = _without_entities(_passages(extracted(pdf, engine)["sections"]))
    want = _without_entities(_passages(_truth(pdf)["sections"]))
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"passage {i} differs"
    assert len(got) == len(want)


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_entities(pdf: Path, engine: str) -> None:
    got = [p["entities"] for p in _passages(extracted(pdf, engine)["sections"])]
    want = [p["entities"] for p in _passages(_truth(pdf)["sections"])]
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"entities of passage {i} differ"
    assert extracted(pdf, engine)["acronyms"] == _truth(pdf)["acronyms"]


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_whole_paper(pdf: Path, engine: str) -> None:
    assert extracted(pdf, engine) == _truth(pdf)


@pytest.mark.parametrize("pdf", PDFS, ids=ids)
def test_no_running_text_in_passages(pdf: Path, engine: str) -> None:
    for _, passage in pipeline_paper(pdf, engine).all_passages():
        for pattern in _RUNNING_RES:
            assert not pattern.search(passage.text), passage.text
