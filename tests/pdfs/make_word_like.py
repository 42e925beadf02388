"""Write `word-like/NAME.pdf`: sample papers laid out as Word documents, printed by LibreOffice.

The sample corpus comes from two writers of our own (reportlab, fpdf2). Real Panel papers come
from Microsoft Word, so this script rebuilds a few sample papers from their ground truth
(`corpus/NAME.json`) as .docx files the way SECAS writes them — header block as a borderless
table, Heading styles with real multi-level list numbering (typed where the paper misnumbers),
bold topic headings, justified Arial body with space-after spacing, Word bullet lists, tables
(some with wrapping cells), hyperlinks, a footer with the classification statement and
"Page N of M" fields, a signature block, an attachments list and appendices in their own
sections — and converts them to PDF with LibreOffice (Arial becomes Liberation Sans).

Needs python-docx and LibreOffice (`soffice`); the tests only read the PDFs it writes.
Run: python tests/pdfs/make_word_like.py
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tools.samplegen.layout import footer_statement

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "corpus"
OUT = HERE / "word-like"
_ORDINAL_RE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans


@dataclass(frozen=True)
class Look:
    """The layout choices that vary between fixtures, as they vary between real papers."""

    header_table: bool = True  # header block as a 2-column table, else "Label:<tab>value" lines
    space_after: float = 6.0  # points after each body paragraph
    line_spacing: float = 1.0
    narrow_table: bool = False  # columns narrow enough that cells wrap onto two lines
    appendix_size: float = 14.0  # appendix titles: larger than Heading 1, or the same 12 pt


# Four varied papers: a Sub-Committee Report (wrapped heading, misnumbered "1.5", Red and Amber
# appendices with tables), a modification report (links, bullets, a table with wrapping cells),
# a Panel headline report (no attachments) and a TAG headline report (an Amber appendix).
FIXTURES: dict[str, Look] = {
    "2020-04-06_SECP_79_1604_19": Look(),
    "2019-07-01_SECP_70_1307_08": Look(header_table=False, narrow_table=True),
    "2016-02-12_SECP_29_1902_03": Look(space_after=8.0, line_spacing=1.15),
    "2021-11-12_TAG_83_2311_20": Look(
        header_table=False, space_after=10.0, narrow_table=True, appendix_size=12.0
    ),
}


# --------------------------------------------------------------------------- styles


def _set_font(rpr_owner: Any, *, size: float, bold: bool = False) -> None:
    """Arial at `size` on a style, theme fonts removed (they would override the name)."""
    rpr_owner.font.name = FONT
    rpr_owner.font.size = Pt(size)
    rpr_owner.font.bold = bold
    rpr_owner.font.color.rgb = RGBColor(0, 0, 0)
    fonts = rpr_owner.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _styles(doc: Any, look: Look) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal, size=11)
    normal.paragraph_format.space_after = Pt(look.space_after)
    normal.paragraph_format.line_spacing = look.line_spacing
    for name, size in (("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        _set_font(style, size=size, bold=True)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(12), Pt(6)
        fmt.keep_with_next = True
    _set_font(doc.styles["List Bullet"], size=11)


def _heading_numbering(doc: Any) -> int:
    """A multi-level list "1." / "1.1" (tab after the number) like Word's heading numbering."""
    numbering = doc.part.numbering_part.element
    abstract_id = 90
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    for ilvl, text in enumerate(("%1.", "%1.%2")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:lvlText", text),
            ("w:suff", "tab"),
            ("w:lvlJc", "left"),
        ):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "567")
        ind.set(qn("w:hanging"), "567")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num_id = 90
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def _number_paragraph(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", ilvl), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(val))
        numpr.append(el)
    ppr.insert(0, numpr)


# --------------------------------------------------------------------------- runs and fields


def _field(paragraph: Paragraph, instr: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) as Word writes it: begin, instruction, result, end."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("result", shown)):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "result":
            run.text = text or ""
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    end = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)


def _hyperlink(paragraph: Paragraph, text: str, uri: str) -> None:
    r_id = paragraph.part.relate_to(uri, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([color, underline])
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


@dataclass(frozen=True)
class LinkSpot:
    """Where a hyperlink's anchor text sits: `context` ends with it, and is unique in the paper."""

    uri: str
    context: str
    anchor: str


def _text_with_links(
    paragraph: Paragraph, text: str, links: list[str], spots: list[LinkSpot]
) -> None:
    """The passage's text; each link on its URI where printed, else on the last two words."""
    done = ""
    for uri in links:
        if uri in text:
            before, after = text.split(uri, 1)
            anchor = uri
        else:
            words = text.rstrip(".").rsplit(" ", 2)
            anchor = " ".join(words[-2:])
            before = text[: len(text.rstrip(".")) - len(anchor)]
            after = text[len(before) + len(anchor) :]
        _runs(paragraph, before)
        _hyperlink(paragraph, anchor, uri)
        done += before + anchor
        spots.append(LinkSpot(uri, done[-60:], anchor))
        text = after
    if text:
        _runs(paragraph, text)


def _runs(paragraph: Paragraph, text: str) -> None:
    """The text as runs, ordinal suffixes superscript ("24th") as Word's AutoFormat sets them."""
    at = 0
    for m in _ORDINAL_RE.finditer(text):
        paragraph.add_run(text[at : m.start()])
        paragraph.add_run(m.group(0)).font.superscript = True
        at = m.end()
    if text[at:]:
        paragraph.add_run(text[at:])


# --------------------------------------------------------------------------- page furniture


def _footer(section: Any, classification: str) -> None:
    section.footer.is_linked_to_previous = False
    first = section.footer.paragraphs[0]
    first.text = ""
    run = first.add_run(footer_statement(classification))
    run.font.size = Pt(8)
    first.paragraph_format.space_after = Pt(2)
    page = section.footer.add_paragraph()
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page.add_run("Page ").font.size = Pt(8)
    _field(page, "PAGE", "1")
    page.add_run(" of ").font.size = Pt(8)
    _field(page, "NUMPAGES", "1")


def _header_block(doc: Any, paper: dict[str, Any], look: Look) -> None:
    rows = [("Paper Reference:", paper["ref"]), ("Action:", paper["action"])]
    if look.header_table:
        table = doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for row, (label, value) in zip(table.rows, rows, strict=True):
            row.cells[0].width, row.cells[1].width = Cm(4), Cm(8)
            row.cells[0].paragraphs[0].add_run(label).bold = True
            row.cells[1].paragraphs[0].add_run(value)
    else:
        for label, value in rows:
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Cm(4))
            p.add_run(label).bold = True
            p.add_run(f"\t{value}")
    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(12)
    run = title.add_run(paper["title"])
    run.bold = True
    run.font.size = Pt(14)


def _closing(doc: Any, paper: dict[str, Any]) -> None:
    doc.add_paragraph()
    for text in (paper["author"], paper["team"], _long_date(paper["date"])):
        if text:
            p = doc.add_paragraph(text)
            p.paragraph_format.space_after = Pt(0)
    if paper["attachments"]:
        doc.add_paragraph()
        doc.add_paragraph().add_run("Attachments:").bold = True
        for a in paper["attachments"]:
            level = f" ({a['classification'].upper()})" if a["classification"] else ""
            doc.add_paragraph(a["title"] + level, style="List Bullet")


def _long_date(iso: str | None) -> str | None:
    if not iso:
        return None
    import datetime as dt

    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


# --------------------------------------------------------------------------- body


class BodyWriter:
    """Sections and passages of the ground truth written as Word paragraphs and tables."""

    def __init__(self, doc: Any, look: Look) -> None:
        self.doc = doc
        self.look = look
        self.num_id = _heading_numbering(doc)
        self.counters = [0, 0]
        self.links: list[LinkSpot] = []

    def heading(self, section: dict[str, Any]) -> None:
        number, title, level = section["number"], section["title"], section["level"]
        if number is None and level == 1:  # an appendix title: Heading 1, larger, unnumbered
            p = self.doc.add_paragraph(style="Heading 1")
            p.add_run(title).font.size = Pt(self.look.appendix_size)
            return
        if number is None:  # a topic heading: a bold Normal paragraph
            p = self.doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(3)
            p.add_run(title).bold = True
            return
        depth = number.rstrip(".").count(".")
        p = self.doc.add_paragraph(style="Heading 1" if depth == 0 else "Heading 2")
        if self._next_number(depth) == number:  # Word's list numbering prints it
            self._count(depth)
            _number_paragraph(p, self.num_id, depth)
            p.add_run(title)
        else:  # typed by hand, as in papers whose numbering went wrong
            p.paragraph_format.left_indent = Cm(1)
            p.paragraph_format.first_line_indent = Cm(-1)
            p.add_run(f"{number}\t{title}")

    def _next_number(self, depth: int) -> str | None:
        """The number Word's list would print at this depth; the counters move only if used."""
        if depth > 1:
            return None
        c = list(self.counters)
        c[depth] += 1
        if depth == 0:
            c[1] = 0
        return f"{c[0]}." if depth == 0 else f"{c[0]}.{c[1]}"

    def _count(self, depth: int) -> None:
        self.counters[depth] += 1
        if depth == 0:
            self.counters[1] = 0

    def passages(self, passages: list[dict[str, Any]]) -> None:
        i = 0
        while i < len(passages):
            p = passages[i]
            if p["kind"] == "table_row":
                j = i
                while j < len(passages) and passages[j]["kind"] == "table_row":
                    j += 1
                self.table([q["text"].split(" | ") for q in passages[i:j]])
                i = j
                continue
            if p["kind"] == "list_item":
                para = self.doc.add_paragraph(style="List Bullet")
                para.paragraph_format.space_after = Pt(3)
            else:
                para = self.doc.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _text_with_links(para, p["text"], p["links"], self.links)
            i += 1

    def table(self, rows: list[list[str]]) -> None:
        cols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths = [Cm(2.6)] * cols if self.look.narrow_table else [Cm(15.9 / cols)] * cols
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for r, row in enumerate(rows):
            for c in range(cols):
                cell = table.rows[r].cells[c]
                cell.width = widths[c]
                run = cell.paragraphs[0].add_run(row[c] if c < len(row) else "")
                run.bold = r == 0
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)


def build_docx(paper: dict[str, Any], look: Look, path: Path) -> list[LinkSpot]:
    """Write the paper as a .docx; returns where its hyperlinks are, for `add_link_annotations`."""
    doc = Document()
    _styles(doc, look)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    _footer(section, paper["classification"])
    _header_block(doc, paper, look)
    writer = BodyWriter(doc, look)
    body = [s for s in paper["sections"] if not _is_appendix(s)]
    appendices = [s for s in paper["sections"] if _is_appendix(s)]

    def write(s: dict[str, Any]) -> None:
        if s["title"]:
            writer.heading(s)
        writer.passages(s["passages"])
        for child in s["sections"]:
            write(child)

    for s in body:
        write(s)
    _closing(doc, paper)
    for s in appendices:
        new = doc.add_section(WD_SECTION.NEW_PAGE)
        level = next((p["classification"] for p in s["passages"]), paper["classification"])
        _footer(new, level)
        write(s)
    doc.save(str(path))
    return writer.links


def _is_appendix(section: dict[str, Any]) -> bool:
    return section["number"] is None and section["level"] == 1 and bool(section["title"])


def add_link_annotations(pdf_path: Path, spots: list[LinkSpot]) -> None:
    """Link annotations over each anchor's text, one rectangle per printed line.

    LibreOffice 7.4 converting headless writes no link annotations at all (Word and Acrobat
    do), so they are added afterwards where the anchor text was printed.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(pdf_path))
    texts = []
    for page in pdf:
        tp = page.get_textpage()
        chars = [tp.get_text_range(i, 1) for i in range(tp.count_chars())]
        texts.append((page, tp, chars))
    for spot in spots:
        for page, tp, chars in texts:
            found = _find_normalised(chars, spot.context)
            if found is None:
                continue
            indices = found[len(found) - len(spot.anchor.replace(" ", "")) :]
            lines: list[list[float]] = []
            for i in indices:
                left, bottom, right, top = tp.get_charbox(i)
                if not lines or left < lines[-1][2] - 1:  # back to the left: the next line
                    lines.append([left, bottom, right, top])
                box = lines[-1]
                box[0], box[1] = min(box[0], left), min(box[1], bottom)
                box[2], box[3] = max(box[2], right), max(box[3], top)
            for left, bottom, right, top in lines:
                annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_LINK)
                rect = pdfium_c.FS_RECTF(left, top + 1, right, bottom - 1)
                pdfium_c.FPDFAnnot_SetRect(annot, rect)
                pdfium_c.FPDFAnnot_SetURI(annot, spot.uri.encode())
                pdfium_c.FPDFPage_CloseAnnot(annot)
            break
        else:
            sys.exit(f"link anchor not found: {spot.context!r}")
    for page, tp, _ in texts:
        tp.close()
        page.gen_content()
    tmp = pdf_path.with_suffix(".linked.pdf")
    pdf.save(str(tmp))
    pdf.close()
    tmp.replace(pdf_path)


def _find_normalised(chars: list[str], context: str) -> list[int] | None:
    """Indices of the non-space characters matching `context` (spaces and line breaks ignored)."""
    kept = [(i, c) for i, c in enumerate(chars) if c.strip() and c != "\x02"]
    page = "".join(c for _, c in kept)
    target = "".join(context.split())
    at = page.rfind(target)
    if at < 0:
        return None
    return [i for i, _ in kept[at : at + len(target)]]


def convert(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the word-like fixtures")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
        check=True,
        capture_output=True,
    )
    return out_dir / (docx.stem + ".pdf")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, look in FIXTURES.items():
            paper = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
            docx = Path(tmp) / f"{name}.docx"
            spots = build_docx(paper, look, docx)
            pdf = convert(docx, Path(tmp))
            add_link_annotations(pdf, spots)
            shutil.copyfile(pdf, OUT / pdf.name)
            print(f"wrote {OUT / pdf.name} ({pdf.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
