"""Write `platypus-subcommittee-report.pdf`: a Panel paper laid out by reportlab's platypus.

Platypus flows and justifies text itself (unlike the sample generator, which places every line),
uses the standard Helvetica fonts and a centred footer: a second producer, so the extractor's
rules are not tuned to one. Run: python tests/pdfs/make_platypus_paper.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

HERE = Path(__file__).parent
body = ParagraphStyle(
    "body", fontName="Helvetica", fontSize=10.5, leading=13, spaceAfter=7, alignment=TA_JUSTIFY
)
h1 = ParagraphStyle(
    "h1",
    parent=body,
    fontName="Helvetica-Bold",
    fontSize=12,
    spaceBefore=8,
    leftIndent=28,
    firstLineIndent=-28,
    alignment=0,
)
topic = ParagraphStyle("topic", parent=body, fontName="Helvetica-Bold", alignment=0)
title = ParagraphStyle(
    "title", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=12
)
plain = ParagraphStyle("plain", parent=body, spaceAfter=0, alignment=0)
LONG = (
    "The DCC presented the Operations Group with its initial outline proposals for evidencing "
    "its fulfilment of the enrolment criteria, and Members noted that actual testing of the "
    "migration processes will not commence until after the planned date. "
)
FOOTER = (
    "This document is classified as White in accordance with the Panel Information Policy. "
    "Information can be shared with the public, and any members may publish the information."
)


def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.drawCentredString(A4[0] / 2, 52, FOOTER[:95])
    canvas.drawCentredString(A4[0] / 2, 43, FOOTER[95:].strip())
    canvas.drawCentredString(A4[0] / 2, 30, f"{doc.page}")
    canvas.restoreState()


def story() -> list:  # type: ignore[type-arg]
    item = ParagraphStyle("item", parent=plain, leftIndent=24, bulletIndent=10)
    bullets = [
        Paragraph(t, item, bulletText="\u2022")
        for t in ("NOTE the content of this paper; and", "DISCUSS the costs set out in Appendix B.")
    ]
    return [
        Paragraph("Paper Reference: SECP_66_1503_19", plain),
        Paragraph("Action: For Discussion", plain),
        Spacer(1, 14),
        Paragraph("SEC Panel Sub-Committee Report", title),
        Paragraph("1.\u00a0\u00a0\u00a0\u00a0Purpose", h1),
        Paragraph(
            "This paper provides the Panel with an update on recent activities from the "
            "Panel Sub-Committees. The Panel are requested to note the updates.",
            body,
        ),
        Paragraph("2.\u00a0\u00a0\u00a0\u00a0Operations Group", h1),
        Paragraph("Planned Maintenance", topic),
        Paragraph(LONG * 16, body),
        Paragraph(
            "4.\u00a0\u00a0\u00a0\u00a0Technical Architecture and Business Architecture Sub-"
            "Committee (TABASC) and Testing Advisory Group (TAG)",
            h1,
        ),
        Paragraph("The TABASC agreed an approach to retire the Design Notes.", body),
        Paragraph("5.\u00a0\u00a0\u00a0\u00a0Recommendations", h1),
        Paragraph("The Panel is requested to:", body),
        *bullets,
        Spacer(1, 14),
        Paragraph("Rebecca Jones", plain),
        Paragraph("SECAS Team", plain),
        Paragraph("8 March 2019", plain),
        Spacer(1, 14),
        Paragraph("Attachments:", plain),
        Paragraph("\u2022 Appendix A \u2013 Security Assurance Status Update (RED)", plain),
    ]


if __name__ == "__main__":
    doc = SimpleDocTemplate(
        str(HERE / "platypus-subcommittee-report.pdf"),
        pagesize=A4,
        invariant=1,
        leftMargin=72,
        rightMargin=72,
        topMargin=72,
        bottomMargin=80,
    )
    doc.build(story(), onFirstPage=footer, onLaterPages=footer)
