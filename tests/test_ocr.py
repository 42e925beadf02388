"""Scanned papers: pages without a text layer are read by OCR (Tesseract) into the same words →
lines → sections path as text PDFs, so their hits cite the right page.

`tests/fixtures/other/SECP_73_1110_06_scan.pdf` is a two-page paper printed, scanned at 200 dpi
with speckle noise and grey toner (see that folder's README); its truth file says which page each
passage is on. Tests that need Tesseract skip without it; the ones about what happens without
Tesseract hide it from PATH in a subprocess, so they run everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from secsearch.cli import main
from secsearch.extract import read_layout
from secsearch.models import FileFailure, Paper, Section
from secsearch.pipeline import Cache, process_files, process_one, stage_versions

FIXTURES = Path(__file__).parent / "fixtures" / "other"
SCAN = FIXTURES / "SECP_73_1110_06_scan.pdf"
SAMPLE = Path(__file__).parent.parent / "corpus" / "2016-02-12_SECP_29_1902_03.pdf"
TRUTH = json.loads((FIXTURES / "SECP_73_1110_06_scan.truth.json").read_text(encoding="utf-8"))
A4_SCAN = (595.44, 842.04)  # the scan fixture's page size, in points
NO_TEXT = "no text layer (scanned image?)"
NO_TESSERACT = f"{NO_TEXT}; install Tesseract (apt-get install tesseract-ocr) to read it"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr); .ci/run installs it",
)


def _text_pdf(path: Path) -> Path:
    """A one-page text PDF: a bold heading over a paragraph."""
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 760, "1. Purpose of this paper")
    c.setFont("Helvetica", 11)
    lines = [
        "This paper provides the Panel with an update on the SMETS1 migration",
        "and asks the Panel to note the revised plan for the Operations Group.",
        "The Change Board will consider the modification at its next meeting.",
    ]
    for i, text in enumerate(lines):
        c.drawString(72, 730 - 15 * i, text)
    c.showPage()
    c.save()
    return path


def _scan_images() -> list[ImageReader]:
    """The scan fixture's pages as images, at its own 200 dpi."""
    pdf = pdfium.PdfDocument(str(SCAN))
    try:
        return [ImageReader(page.render(scale=200 / 72, grayscale=True).to_pil()) for page in pdf]
    finally:
        pdf.close()


def _text_then_scan_pdf(path: Path, tmp_path: Path) -> Path:
    """Page 1 with a text layer; page 2 the scan fixture's second page, as an image only."""
    c = canvas.Canvas(str(path), pagesize=A4_SCAN)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "This page has a text layer about the Panel.")
    c.showPage()
    c.drawImage(_scan_images()[1], 0, 0, width=A4_SCAN[0], height=A4_SCAN[1])
    c.showPage()
    c.save()
    return path


def _scanned_copies_pdf(path: Path, *, copies: int) -> Path:
    """The scan fixture's two pages `copies` times over, images only."""
    c = canvas.Canvas(str(path), pagesize=A4_SCAN)
    for image in _scan_images() * copies:
        c.drawImage(image, 0, 0, width=A4_SCAN[0], height=A4_SCAN[1])
        c.showPage()
    c.save()
    return path


def _all_sections(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out += [s, *_all_sections(s.sections)]
    return out


def _without_tesseract() -> dict[str, str]:
    """This process's environment with a PATH that holds no `tesseract`."""
    return os.environ | {"PATH": os.pathsep.join(["/nonexistent"])}


# --------------------------------------------------------------------------- with Tesseract


@pytest.fixture(scope="module")
def scanned_paper() -> Paper:
    result, _ = process_one(SCAN, timeout=None)
    assert isinstance(result, Paper), result
    return result


@needs_tesseract
def test_scanned_paper_has_the_truths_sections(scanned_paper: Paper) -> None:
    found = [
        (s.title, (s.number or "").rstrip(".") or None, s.level)
        for s in _all_sections(scanned_paper.sections)
        if s.number
    ]
    assert found == [(s["title"], s["number"], s["level"]) for s in TRUTH["sections"]]


@needs_tesseract
@pytest.mark.parametrize("fact", TRUTH["passages"], ids=lambda f: f["contains"][:30])
def test_scanned_passages_are_on_the_truths_pages(
    scanned_paper: Paper, fact: dict[str, Any]
) -> None:
    where = [
        (section, p)
        for section in _all_sections(scanned_paper.sections)
        for p in section.passages
        if fact["contains"] in " ".join(p.text.split())
    ]
    assert len(where) == 1
    section, passage = where[0]
    assert (passage.pages, section.title, passage.kind) == (
        fact["pages"],
        fact["section_title"],
        fact["kind"],
    )
    for more in fact.get("also_contains", []):
        assert more in passage.text
    for absent in fact.get("not_contains", []):
        assert absent not in passage.text


@needs_tesseract
@pytest.mark.slow
def test_ingest_a_scanned_paper_and_cite_its_pages(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(SCAN, folder)
    # A dated paper beside the scan: an index in which no paper has a date cannot be searched
    # yet (IndexError reading the "day" column in index/search.py, text PDFs alike), and the
    # scan's date sits in a header-table row the structure stage does not read yet.
    shutil.copy(SAMPLE, folder)
    ix = tmp_path / "index"
    runner = CliRunner()
    result = runner.invoke(
        main, ["ingest", str(folder), "--index", str(ix)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ingest: 2 added, 0 updated, 0 removed, 0 failed, ")

    def cited(query: str) -> list[tuple[str, str, list[int], str]]:
        """Each hit's paper, section, pages and the citation's section and pages."""
        args = ["search", query, "--index", str(ix), "--format", "json"]
        found = runner.invoke(main, args, catch_exceptions=False)
        assert found.exit_code == 0, found.output
        return [
            (h["paper_ref"], h["section"], h["pages"], h["citation"].rpartition(", §")[2])
            for h in json.loads(found.output)
        ]

    assert cited('"MOC migration will start on 21 October 2019"') == [
        ("SECP_73_1110_06", "4 Next steps", [2], "4 Next steps, p. 2")
    ]
    assert cited('"enrolled in DCC Systems in three groups"') == [
        ("SECP_73_1110_06", "2 Background", [1], "2 Background, p. 1")
    ]
    # The paragraph that runs on from page 1 to page 2 is one passage, cited with both pages.
    assert cited('"contact the consumers concerned"') == [
        (
            "SECP_73_1110_06",
            "3 TAG assessment › 3.2 Outstanding defects",
            [1, 2],
            "3.2 Outstanding defects, pp. 1–2",
        )
    ]


@needs_tesseract
def test_both_engines_give_the_same_ocr_pages() -> None:
    """OCR does not depend on the engine that found no text (pages are rendered by PDFium)."""
    # Page sizes differ in the last float digits (PDFium reads them as 32-bit floats); lines not.
    pdfium_lines = [page.lines for page in read_layout(SCAN, engine="pdfium").pages]
    plumber_lines = [page.lines for page in read_layout(SCAN, engine="pdfplumber").pages]
    assert plumber_lines == pdfium_lines
    assert "4. Next steps" in [line.text for line in pdfium_lines[1]]


@needs_tesseract
def test_auto_reads_only_the_pages_without_text(tmp_path: Path) -> None:
    pdf = _text_then_scan_pdf(tmp_path / "mixed.pdf", tmp_path)
    auto = read_layout(pdf, ocr="auto")
    never = read_layout(pdf, ocr="never")
    assert auto.pages[0] == never.pages[0]
    assert {w.fontname for line in auto.pages[0].lines for w in line.words} == {"Helvetica"}
    assert never.pages[1].lines == []
    texts = [line.text for line in auto.pages[1].lines]
    assert (
        "If the Panel agrees, MOC migration will start on 21 October 2019. The DCC will report"
        in (texts)
    )
    assert {w.fontname for line in auto.pages[1].lines for w in line.words} == {"OCR", "OCR-Bold"}


@needs_tesseract
def test_always_reads_a_text_pdf_like_its_text_layer(tmp_path: Path) -> None:
    """Words read off the rendered page land where the text layer puts them, in its sizes."""
    pdf = _text_pdf(tmp_path / "text.pdf")
    text, ocr = read_layout(pdf, ocr="never").pages[0], read_layout(pdf, ocr="always").pages[0]
    assert [line.text for line in ocr.lines] == [line.text for line in text.lines]
    assert [line.bold for line in ocr.lines] == [True, False, False, False]
    for got, want in zip(ocr.lines, text.lines, strict=True):
        assert abs(got.x0 - want.x0) < 1 and abs(got.x1 - want.x1) < 2
        # Both boxes are set from the baseline and the size alone (lines.ASCENT, lines.DESCENT),
        # so they differ only by OCR's measure of the baseline and the size.
        assert abs(got.top - want.top) < 1.5 and abs(got.bottom - want.bottom) < 1.5
        assert abs(got.size - want.size) <= 0.08 * want.size


@needs_tesseract
def test_the_cache_keeps_ocr_and_text_only_readings_apart(tmp_path: Path) -> None:
    pdf = _text_then_scan_pdf(tmp_path / "mixed.pdf", tmp_path)
    root = tmp_path / "cache"
    never, _ = process_one(
        pdf, ocr="never", cache=Cache(root, stage_versions("pdfium", "never")), timeout=None
    )
    auto, _ = process_one(
        pdf, ocr="auto", cache=Cache(root, stage_versions("pdfium", "auto")), timeout=None
    )
    assert isinstance(never, Paper) and isinstance(auto, Paper)
    assert "MOC migration" not in never.model_dump_json()
    assert "MOC migration" in auto.model_dump_json()
    assert len(list(root.rglob("*.json"))) == 2


@needs_tesseract
@pytest.mark.slow
def test_the_time_limit_stops_ocr_too(tmp_path: Path) -> None:
    """OCR runs inside the worker, under the same per-file limit."""
    long_scan = _scanned_copies_pdf(tmp_path / "long scan.pdf", copies=4)  # ~1.5 s a page
    [result] = process_files([long_scan], jobs=1, timeout=1)
    assert result == FileFailure(path=str(long_scan), reason="took longer than 1 s; stopped")


# --------------------------------------------------------------------------- without OCR


def test_ocr_never_gives_todays_one_line_error() -> None:
    result = CliRunner().invoke(main, ["extract", str(SCAN), "--ocr", "never"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {SCAN}: {NO_TEXT}\n"


def test_environment_variable_sets_the_ocr_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECSEARCH_OCR", "never")
    result = CliRunner().invoke(main, ["extract", str(SCAN)])
    assert (result.exit_code, result.stderr) == (1, f"error: {SCAN}: {NO_TEXT}\n")
    monkeypatch.setenv("SECSEARCH_OCR", "sometimes")
    result = CliRunner().invoke(main, ["extract", str(SCAN)])
    assert (result.exit_code, result.stdout) == (2, "")  # a usage error, not a failed file
    assert result.stderr == (
        "Error: $SECSEARCH_OCR is 'sometimes', not one of auto, always, never\n"
        "hint: unset it, or set it to one of auto, always, never\n"
    )


@pytest.mark.slow
def test_without_tesseract_the_error_names_how_to_enable_ocr(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    scan = Path(shutil.copy(SCAN, folder))
    run = subprocess.run(
        [sys.executable, "-m", "secsearch", "ingest", str(folder), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        env=_without_tesseract(),
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr == f"error: {scan}: {NO_TESSERACT}\n"
    assert run.stdout.startswith("ingest: 0 added, 0 updated, 0 removed, 1 failed, 0 passages")


@pytest.mark.slow
def test_ocr_always_without_tesseract_stops_before_reading(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "secsearch", "extract", str(SCAN), "--ocr", "always"],
        capture_output=True,
        text=True,
        env=_without_tesseract(),
        timeout=120,
    )
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (
        "Error: --ocr always needs Tesseract, which is not installed\n"
        "hint: apt-get install tesseract-ocr (Debian, Ubuntu), or use --ocr auto\n"
    )
