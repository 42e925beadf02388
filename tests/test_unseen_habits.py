"""Habits no fixture shows, drawn with the reportlab canvas and read through the real pipeline.

A paper laid out by yet another writer: the title given as a header-block row ("Title:"), a
"Paper Reference No." label, a numeric paper date, the meeting named in a row of its own,
top-level headings numbered "1.0" and set in capitals at body size, subsections in bold, Word's
"2 | P a g e" footer, a running header that is neither the reference nor a page number, the
classification only in the first page's footer, and a footnote. Then a header block of labels
over their values, and a signature with no date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from secsearch.extract import ENGINES
from secsearch.models import Classification, Paper
from secsearch.pipeline import paper_from_pdf

WIDTH, HEIGHT = 595.0, 842.0
BODY = [
    "The Panel is asked to note the revised timetable for the review of the Incident",
    "Management Policy and to agree the scope set out in section 2.",
]


def _page(c: canvas.Canvas, number: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, HEIGHT - 40, "SEC Panel – Incident Management Policy review")
    c.drawString(480, 40, f"{number} | P a g e")
    if number == 1:
        c.drawString(72, 52, "Classification: Amber")


def _write(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _page(c, 1)
    y = HEIGHT - 90
    for label, value in [
        ("Title:", "Incident Management Policy Review – Scope"),
        ("Paper Reference No.", "SECP_99_1205_07"),
        ("Date of paper:", "05/05/2021"),
        ("Meeting:", "SEC Panel 99, 12 May 2021"),
        ("Action:", "For Decision"),
    ]:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, y, label)
        c.setFont("Helvetica", 10)
        c.drawString(200, y, value)
        y -= 16
    y -= 20

    def heading(text: str, font: str = "Helvetica") -> None:
        nonlocal y
        y -= 10
        c.setFont(font, 10)
        c.drawString(72, y, text)
        y -= 18

    def body(lines: list[str], note: str = "") -> None:
        nonlocal y
        c.setFont("Helvetica", 10)
        for line in lines:
            c.drawString(72, y, line)
            y -= 13
        if note:
            c.setFont("Helvetica", 6)
            c.drawString(72 + c.stringWidth(lines[-1], "Helvetica", 10) + 0.3, y + 17, note)
        y -= 6

    heading("1.0 INTRODUCTION")
    body(BODY, note="1")
    heading("1.1 Scope of this paper", "Helvetica-Bold")
    body(["This paper covers the policy itself and the procedures that support it."])
    heading("2.0 PROPOSED SCOPE")
    body(["The review will cover Incident categories, escalation routes and reporting."])
    c.setFont("Helvetica", 6)
    c.drawString(72, 78, "1")
    c.setFont("Helvetica", 8)
    c.drawString(76, 75, "The policy is SEC Appendix AG, last reviewed in 2019.")
    c.showPage()
    _page(c, 2)
    y = HEIGHT - 90
    heading("3.0 RECOMMENDATIONS")
    body(["The Panel is invited to AGREE the proposed scope of the review."])
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("unseen") / "review.pdf")


@pytest.fixture(scope="module", params=sorted(ENGINES))
def paper(request: pytest.FixtureRequest, pdf: Path) -> Paper:
    return paper_from_pdf(pdf, engine=request.param)


def test_identity(paper: Paper) -> None:
    assert (paper.ref, paper.title, paper.action) == (
        "SECP_99_1205_07",
        "Incident Management Policy Review – Scope",
        "For Decision",
    )
    assert paper.date == dt.date(2021, 5, 5)
    assert paper.meeting is not None
    assert (paper.meeting.number, paper.meeting.date) == (99, dt.date(2021, 5, 12))
    assert paper.classification == Classification.AMBER


def test_headings(paper: Paper) -> None:
    outline = [(s.number, s.title, s.level) for _, s in paper.all_sections() if s.title]
    assert outline == [
        ("1.0", "INTRODUCTION", 1),
        ("1.1", "Scope of this paper", 2),
        ("2.0", "PROPOSED SCOPE", 1),
        ("3.0", "RECOMMENDATIONS", 1),
    ]


def test_running_text_and_footnote(paper: Paper) -> None:
    passages = [p for _, p in paper.all_passages()]
    texts = [p.text for p in passages]
    assert not [t for t in texts if "P a g e" in t or "Classification" in t or t == "review"]
    assert not [t for t in texts if t.startswith("SEC Panel – Incident")]
    notes = [p for p in passages if p.kind == "footnote"]
    assert [(n.text, n.pages) for n in notes] == [
        ("The policy is SEC Appendix AG, last reviewed in 2019.", [1])
    ]
    assert all(p.classification == Classification.AMBER for p in passages)
    first = next(p for p in passages if p.text.startswith("The Panel is asked"))
    assert first.text == " ".join(BODY) + "1"


def _write_stacked(path: Path) -> Path:
    """A header block as a definition list: each label on a line of its own, its value below."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, y, "Release Readiness Review")
    y -= 36
    for label, value in [
        ("Paper Reference", "CSC_40_1211_02"),
        ("Action", "For Information"),
        ("Date", "2 November 2021"),
    ]:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, y, label)
        c.setFont("Helvetica", 10)
        c.drawString(72, y - 13, value)
        y -= 34
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y, "1. Purpose")
    c.setFont("Helvetica", 10)
    c.drawString(72, y - 18, "This paper reports on the readiness of Parties for the release.")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_labels_above_their_values(tmp_path: Path, engine: str) -> None:
    paper = paper_from_pdf(_write_stacked(tmp_path / "stacked.pdf"), engine=engine)
    assert (paper.ref, paper.title, paper.action, paper.date) == (
        "CSC_40_1211_02",
        "Release Readiness Review",
        "For Information",
        dt.date(2021, 11, 2),
    )
    assert [s.title for _, s in paper.all_sections() if s.title] == ["Purpose"]
    texts = [p.text for _, p in paper.all_passages()]
    assert "CSC_40_1211_02" not in " ".join(texts)


def _write_undated_signature(path: Path) -> Path:
    """A paper signed with a name over a team, and no date under them."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    y = HEIGHT - 80
    for font, size, text in [
        ("Helvetica-Bold", 16, "Smart Metering Key Infrastructure Review"),
        ("Helvetica", 10, "Paper Reference: SECP_80_1011_04"),
        ("Helvetica", 10, "Action: For Information"),
        ("Helvetica", 10, "Date: 2 October 2020"),
        ("Helvetica-Bold", 12, "1. Purpose"),
        ("Helvetica", 10, "This paper reports on the review of the SMKI Recovery Procedure."),
        ("Helvetica", 10, "Rachel Dunmore"),
        ("Helvetica-Bold", 10, "SECAS Team"),
    ]:
        c.setFont(font, size)
        c.drawString(72, y, text)
        y -= 24
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_undated_signature(tmp_path: Path, engine: str) -> None:
    paper = paper_from_pdf(_write_undated_signature(tmp_path / "signed.pdf"), engine=engine)
    assert (paper.author, paper.team, paper.date) == (
        "Rachel Dunmore",
        "SECAS Team",
        dt.date(2020, 10, 2),
    )
    texts = [p.text for _, p in paper.all_passages()]
    assert texts[-1] == "This paper reports on the review of the SMKI Recovery Procedure."
    assert not [t for t in texts if "Rachel Dunmore" in t or "SECAS Team" in t]
