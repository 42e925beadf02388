"""Bad input: each way a file can fail to be a readable PDF gets one line naming it and why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfgen import canvas

from secsearch.cli import main
from secsearch.errors import BadPdfError
from secsearch.extract import ENGINES, is_bold_font, read_layout
from secsearch.models import FileFailure, Paper
from secsearch.pipeline import process_files

# A PDF whose page tree holds no pages, written by hand: no library writes one.
ZERO_PAGES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


# A page of marks and no text: read by OCR when Tesseract is installed (--ocr auto, the default),
# which finds no text either; without Tesseract the reason says how to enable OCR.
NO_TEXT_REASON = (
    "no text layer (scanned image?); OCR read no text either"
    if shutil.which("tesseract")
    else "no text layer (scanned image?); install Tesseract (apt-get install tesseract-ocr) "
    "to read it"
)


def _text_pdf(path: Path, *, encrypt: str | None = None) -> Path:
    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 760, "SEC Panel Sub-Committee Report")
    c.setFont("Helvetica", 11)
    c.drawString(72, 730, "This paper provides the Panel with an update.")
    c.showPage()
    c.save()
    return path


def _scan_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path))
    c.rect(72, 400, 300, 300, fill=1)  # an "image" of a page: marks, no text
    c.showPage()
    c.save()
    return path


@pytest.fixture
def bad_pdfs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """One file per failure, with the exact reason it must be reported with."""
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "not-a-pdf.pdf"
    text.write_text("Paper Reference: SECP_66_1503_19\n")
    good = _text_pdf(tmp_path / "whole.tmp")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    zero = tmp_path / "zero-pages.pdf"
    zero.write_bytes(ZERO_PAGES)
    return {
        "empty": (empty, "empty file"),
        "not_pdf": (text, "not a PDF (no %PDF header)"),
        "truncated": (truncated, "damaged PDF: unexpected end of file (truncated?)"),
        "encrypted": (
            _text_pdf(tmp_path / "encrypted.pdf", encrypt="secret"),
            "encrypted PDF (password required)",
        ),
        "scan": (_scan_pdf(tmp_path / "scan.pdf"), NO_TEXT_REASON),
        "zero_pages": (zero, "PDF has no pages"),
    }


CASES = ["empty", "not_pdf", "truncated", "encrypted", "scan", "zero_pages"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_library_raises_bad_pdf_error(
    bad_pdfs: dict[str, tuple[Path, str]], case: str, engine: str
) -> None:
    path, reason = bad_pdfs[case]
    with pytest.raises(BadPdfError) as info:
        read_layout(path, engine=engine)
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"


@pytest.mark.parametrize("case", CASES)
def test_cli_prints_one_line_and_fails(bad_pdfs: dict[str, tuple[Path, str]], case: str) -> None:
    path, reason = bad_pdfs[case]
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {path}: {reason}\n"
    assert "Traceback" not in result.output


def test_truncated_anywhere_is_a_bad_pdf_not_a_crash(tmp_path: Path) -> None:
    whole = _text_pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    for size in range(16, len(whole) - 40, 97):
        cut.write_bytes(whole[:size])
        with pytest.raises(BadPdfError):
            read_layout(cut)


def test_batch_extracts_good_files_and_lists_failures(
    bad_pdfs: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    _text_pdf(tmp_path / "good.pdf")
    results = list(process_files(sorted(tmp_path.glob("*.pdf")), jobs=2))
    papers = [r for r in results if isinstance(r, Paper)]
    failures = [r for r in results if isinstance(r, FileFailure)]
    assert [Path(p.source.path).name for p in papers] == ["good.pdf"]
    assert sorted((f.path, f.reason) for f in failures) == sorted(
        (str(path), reason) for path, reason in bad_pdfs.values()
    )


def test_cli_batch_prints_good_papers_then_summary(
    bad_pdfs: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    _text_pdf(tmp_path / "good.pdf")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "text"])
    assert result.exit_code == 1
    assert "This paper provides the Panel with an update." in result.stdout
    expected = sorted(f"error: {path}: {reason}" for path, reason in bad_pdfs.values())
    *errors, summary = result.stderr.splitlines()
    assert errors == expected
    assert summary == f"{len(bad_pdfs)} of {len(bad_pdfs) + 1} PDFs failed"


def test_cli_json_for_one_good_file(tmp_path: Path) -> None:
    path = _text_pdf(tmp_path / "good.pdf")
    result = CliRunner().invoke(main, ["extract", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    paper = Paper.model_validate_json(result.stdout)
    assert paper.page_count == 1
    assert paper.title == "SEC Panel Sub-Committee Report"


@pytest.mark.parametrize(
    ("fontname", "bold"),
    [
        ("ABCDEF+Arial-BoldMT", True),
        ("Vera-Bold", True),
        ("Arial,Bold", True),
        ("BCDEEE+Calibri-Bold", True),
        ("ABCDEF+ArialMT", False),
        ("Helvetica", False),
        ("Vera", False),
    ],
)
def test_is_bold_font(fontname: str, bold: bool) -> None:
    assert is_bold_font(fontname) is bold


def test_trusted_models_are_what_model_construct_makes() -> None:
    """`models.trusted` (extraction's fast path for words and lines) skips model_construct's
    per-field work; the instance must be indistinguishable from model_construct's."""
    import pickle

    from secsearch.models import Line, Word, trusted

    values = {"text": "Panel", "fontname": "ABCDEF+Arial", "size": 11.0, "color": "#000000"}
    values |= {"x0": 72.0, "x1": 101.5, "top": 90.25, "bottom": 102.0}
    fast, slow = trusted(Word, dict(values)), Word.model_construct(**values)
    for attribute in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__"):
        assert getattr(fast, attribute) == getattr(slow, attribute)
    assert fast.__pydantic_private__ == slow.__pydantic_private__
    assert fast == slow == Word(**values)
    assert pickle.loads(pickle.dumps(fast)) == fast
    assert fast.model_copy(update={"text": "x"}).text == "x"
    line = {"words": [fast], "text": "Panel", "x0": 72.0, "x1": 101.5, "top": 90.25}
    line |= {"bottom": 102.0, "fontname": "ABCDEF+Arial", "size": 11.0, "bold": False}
    line |= {"color": "#000000", "column": 0}
    line |= {"links": []}
    assert trusted(Line, dict(line)).model_dump_json() == Line(**line).model_dump_json()
