"""Three small papers, drawn with reportlab for the classification tests, and the words in them.

Each restricted word below occurs only in text of its level, so any output that shows one of
them (a hit, a snippet, a suggestion, a glossary line, an entity, a section title, an error)
has let restricted text out:

- `SECP_90_1803_07` is White (page 1), with a paragraph that runs from page 1 onto page 2,
  whose footer says Red, a Red appendix (page 3) and an Amber appendix (page 4);
- `SECP_90_1803_08` states no classification anywhere (handled as Red);
- `SECP_90_1803_09` is an ordinary White paper, so that searches have something to find.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

WHITE_PAPER = "SECP_90_1803_07"
UNSTATED_PAPER = "SECP_90_1803_08"
PLAIN_PAPER = "SECP_90_1803_09"

# Word → the only level of text it occurs in.
RED_WORDS = ("Zanzibarite", "Quokka", "Xylophonic", "QXR", "MP987", "SSC_999_0101_01")
AMBER_WORDS = ("Marmalade", "Tangerinecost")
SPANNING_WORDS = ("Crossoverite",)  # in a White page's half of a paragraph that ends on Red
UNSTATED_WORDS = ("Unstatedium", "Pangolin", "PYI")
RESTRICTED_WORDS = RED_WORDS + AMBER_WORDS + SPANNING_WORDS + UNSTATED_WORDS

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14, spaceAfter=8)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20)
FOOTER = "This document is classified as {level} in accordance with the Panel Information Policy."

FILLER = (
    "The Security Sub-Committee reviewed the assurance work of the quarter with the DCC and "
    "noted the progress made on the actions agreed at its previous meeting in March 2019. "
)


def _footer(levels: dict[int, str]) -> object:
    def draw(canvas: object, doc: object) -> None:
        level = levels.get(canvas.getPageNumber())  # type: ignore[attr-defined]
        if level:
            canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
            canvas.drawString(72, 40, FOOTER.format(level=level))  # type: ignore[attr-defined]

    return draw


def _header(ref: str, title: str) -> list[object]:
    return [
        Paragraph(f"<b>Paper Reference:</b> {ref}", BODY),
        Paragraph("<b>Action:</b> For Information", BODY),
        Spacer(1, 12),
        Paragraph(title, TITLE),
        Spacer(1, 12),
    ]


def _signature(date: str) -> list[object]:
    return [Spacer(1, 18), Paragraph("Alex Morgan", BOLD), Paragraph("SECAS Team", BODY),
            Paragraph(date, BODY)]  # fmt: skip


def _white_paper(path: Path) -> None:
    story: list[object] = _header(WHITE_PAPER, "Security Assurance Update")
    story += [Paragraph("1. Purpose", BOLD), Paragraph(FILLER * 2, BODY)]
    story += [Paragraph("2. Update", BOLD)]
    story += [Paragraph(FILLER * 3, BODY) for _ in range(4)]
    # Long enough to run from page 1 onto page 2; the restricted word sits in the page-1 half.
    story += [
        Paragraph(
            "The Crossoverite review began on the White page and "
            + FILLER * 6
            + "and it closed with the members' agreement to return to the matter in May 2019.",
            BODY,
        )
    ]
    story += _signature("8 March 2019")
    story += [
        Paragraph("Attachments:", BOLD),
        Paragraph("• Appendix A – Incident Detail (RED)", BODY),
        Paragraph("• Appendix B – Cost Breakdown (AMBER)", BODY),
        PageBreak(),
        Paragraph("Appendix A – Zanzibarite Incident Detail (RED)", BOLD),
        Paragraph(
            "The Zanzibarite incident was logged in the Quokka Xylophonic Register (QXR) and is "
            "covered by modification MP987 and by Panel paper SSC_999_0101_01.",
            BODY,
        ),
        PageBreak(),
        Paragraph("Appendix B – Marmalade Cost Breakdown (AMBER)", BOLD),
        Paragraph("The Marmalade line shows the Tangerinecost of the DCC work.", BODY),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, bottomMargin=72)
    levels = {1: "White", 2: "Red", 3: "Red", 4: "Amber"}
    doc.build(story, onFirstPage=_footer(levels), onLaterPages=_footer(levels))


def _unstated_paper(path: Path) -> None:
    story: list[object] = _header(UNSTATED_PAPER, "Pangolin Yield Review")
    story += [
        Paragraph("1. Purpose", BOLD),
        Paragraph(
            "This paper reports the Unstatedium findings and the Pangolin Yield Index (PYI) "
            "agreed with the DCC in February 2019.",
            BODY,
        ),
    ]
    story += _signature("8 March 2019")
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def _plain_paper(path: Path) -> None:
    story: list[object] = _header(PLAIN_PAPER, "Operations Update")
    story += [
        Paragraph("1. Purpose", BOLD),
        Paragraph(
            "This paper updates the Panel on Zanzibar office moves and the Data Communications "
            "Company (DCC) service. " + FILLER,
            BODY,
        ),
    ]
    story += _signature("8 March 2019")
    levels = {1: "White"}
    SimpleDocTemplate(str(path), pagesize=A4).build(
        story, onFirstPage=_footer(levels), onLaterPages=_footer(levels)
    )


def write_classified_corpus(folder: Path) -> Path:
    """The three papers as PDFs in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    _white_paper(folder / f"{WHITE_PAPER}.pdf")
    _unstated_paper(folder / f"{UNSTATED_PAPER}.pdf")
    _plain_paper(folder / f"{PLAIN_PAPER}.pdf")
    return folder
