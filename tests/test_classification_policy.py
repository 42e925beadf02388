"""The Panel Information Policy as the structure stage applies it, on real PDFs.

Paper.classification is the level the paper states (None when it states none, never a guess);
each page carries its own level, an appendix heading's level covers its pages, and a passage
carries the most restrictive of its pages' levels; where passages are read (the index, the
classification gate), the paper's level is a floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secsearch.index.records import passage_classification
from secsearch.models import Classification, Paper
from secsearch.structure.classification import stated_level, title_level
from tests.truthcheck import FIXTURES, documents, pipeline_paper

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RANK = {c: c.rank for c in Classification}


def _levels(paper: Paper) -> set[Classification | None]:
    return {p.classification for _, p in paper.all_passages()}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("This document is classified as Green in accordance with the Panel", "green"),
        ("Classification: GREEN", "green"),
        ("AMBER – for Panel members only SECP_101_1802_07", "amber"),
        ("TLP:AMBER – limited disclosure: recipients may share", "amber"),
        ("TLP:CLEAR", "white"),
        ("Protective marking: RED – named recipients only Page 1 of 2", "red"),
        ("The classification of core documents is under review", None),
        ("Amber and red alerts were raised in March", None),
    ],
)
def test_wordings(text: str, level: str | None) -> None:
    assert stated_level(text) == (Classification(level) if level else None)


def test_attachment_levels() -> None:
    assert title_level("Appendix A – Returns Triage Data by Supplier (TLP:RED, not included)") == (
        "Appendix A – Returns Triage Data by Supplier",
        Classification.RED,
    )
    assert title_level("Appendix B – Consultation Responses (AMBER)")[1] == Classification.AMBER
    assert title_level("Appendix C – Glossary") == ("Appendix C – Glossary", None)


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_no_passage_is_less_restricted_than_its_paper(document) -> None:  # type: ignore[no-untyped-def]
    paper = pipeline_paper(document.pdf, "pdfium")
    if paper.classification is None:
        return
    floor = paper.classification.rank
    shown = [passage_classification(paper, p) for _, p in paper.all_passages()]
    assert all(level and level.rank >= floor for level in shown)


@pytest.mark.parametrize(
    ("name", "paper_level", "passage_levels"),
    [
        # Stated only in the cover page's footer: the whole paper is White.
        ("word/SECP_97_1510_08", "white", {"white"}),
        # Stated only in the first page's footer.
        ("word/CSC_30_1405_09", "white", {"white"}),
        # Stated only in the running header, in its own wording.
        ("word/SECP_101_1802_07", "amber", {"amber"}),
        # Stated once, in the body under the header block.
        ("other/CSC_31_2806_05", "green", {"green"}),
        # States none: no level anywhere, not a guess.
        ("word/OPSG_45_0203_02", None, {None}),
    ],
)
def test_stated_levels(name: str, paper_level: str | None, passage_levels: set[str | None]) -> None:
    folder, stem = name.split("/")
    paper = pipeline_paper(FIXTURES / folder / f"{stem}.pdf", "pdfium")
    assert paper.classification == (Classification(paper_level) if paper_level else None)
    assert {c.value if c else None for c in _levels(paper)} == passage_levels


def test_an_appendix_keeps_its_own_stricter_level() -> None:
    """A White paper with a Red and an Amber appendix: each appendix's passages carry its level."""
    paper = pipeline_paper(CORPUS / "2016-12-27_SECP_40_0701_10.pdf", "pdfium")
    by_section = {s.title: {p.classification for p in s.passages} for _, s in paper.all_sections()}
    assert paper.classification == Classification.WHITE
    red = next(t for t in by_section if t.startswith("Appendix A"))
    amber = next(t for t in by_section if t.startswith("Appendix B"))
    assert by_section[red] == {Classification.RED}
    assert by_section[amber] == {Classification.AMBER}


def test_a_less_restricted_appendix_takes_its_papers_level() -> None:
    """A Green paper's White appendix: its passages state White and are read as Green."""
    paper = pipeline_paper(CORPUS / "2019-07-01_SECP_70_1307_08.pdf", "pdfium")
    appendix = next(s for _, s in paper.all_sections() if s.title.startswith("Appendix A"))
    assert paper.classification == Classification.GREEN
    assert {p.classification for p in appendix.passages} == {Classification.WHITE}
    shown = {passage_classification(paper, p) for p in appendix.passages}
    assert shown == {Classification.GREEN}
