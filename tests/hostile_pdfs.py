"""A folder of broken, hostile and oddly named PDFs, generated with a fixed seed.

Made from the sample papers (truncated at many offsets, bytes flipped at random) and from
scratch (page trees that lie, objects nested 10,000 deep, dictionaries referring to each
other, image-only pages, zero bytes, text with a .pdf name). `write_hostile_corpus` returns
what each file is expected to do: some must fail with a known reason, some must be indexed,
the rest may go either way but must never take the batch down with them.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SEED = 6
TEXT = b"BT /F1 12 Tf 72 720 Td (Panel Headline Report) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


@dataclass
class HostileCorpus:
    """What the generated files should do when ingested."""

    must_fail: dict[str, str] = field(default_factory=dict)  # file name → exact reason
    must_index: list[str] = field(default_factory=list)  # file names
    either: list[str] = field(default_factory=list)  # must be reported or indexed, nothing else
    ignored: list[str] = field(default_factory=list)  # not PDFs by name: never looked at

    @property
    def pdfs(self) -> list[str]:
        return [*self.must_fail, *self.must_index, *self.either]


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with these objects (numbered from 1) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(count: int = 1, page_extra: bytes = b"", catalog_extra: bytes = b"") -> list[bytes]:
    """Catalog, page tree claiming `count` pages, one page with a line of text, its font."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        stream(TEXT),
        FONT,
    ]


def image_only_page() -> list[bytes]:
    pixels = bytes(random.Random(SEED).randrange(256) for _ in range(16 * 16 * 3))
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 16 /Height 16 "
        b"/ColorSpace /DeviceRGB /BitsPerComponent 8 ",
    )
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 400 0 0 400 100 200 cm /Im1 Do Q"),
        image,
    ]


def from_scratch() -> dict[str, bytes]:
    """Hand-made hostile files, by name."""
    deep_array = b"[" * 10_000 + b"]" * 10_000
    deep_dict = b"<< /A " * 10_000 + b"1" + b" >>" * 10_000
    files = {
        "huge page count.pdf": pdf_bytes(one_page(count=1_000_000)),
        "nested arrays in page.pdf": pdf_bytes(one_page(page_extra=b"/X " + deep_array)),
        "nested arrays in catalog.pdf": pdf_bytes(one_page(catalog_extra=b"/X " + deep_array)),
        "nested dicts in page.pdf": pdf_bytes(one_page(page_extra=b"/X " + deep_dict)),
        "nested arrays as contents.pdf": pdf_bytes(one_page()[:3] + [deep_array] + one_page()[4:]),
        "dicts referring to each other.pdf": pdf_bytes(
            one_page(page_extra=b"/X 6 0 R") + [b"<< /A 7 0 R >>", b"<< /A 6 0 R /B 6 0 R >>"]
        ),
        "page tree loop.pdf": pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            ]
            + one_page()[2:]
        ),
        "parent loop.pdf": pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
            ]
            + one_page()[2:]
        ),  # fmt: skip
        "root is not a dict.pdf": pdf_bytes([b"[1 0 R]"] + one_page()[1:]),
        "no pages.pdf": pdf_bytes(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
        ),
        "stream length lies.pdf": pdf_bytes(
            one_page()[:3]
            + [b"<< /Length 999999999 >>\nstream\n" + TEXT + b"\nendstream"]
            + one_page()[4:]
        ),
        "xref points nowhere.pdf": pdf_bytes(one_page()).replace(b"startxref\n", b"startxref\n9"),
        "header only.pdf": b"%PDF-1.7\n",
        "header and garbage.pdf": b"%PDF-1.4\n" + bytes(random.Random(SEED).randbytes(4000)),
        "huge media box.pdf": pdf_bytes(one_page()).replace(b"0 0 612 792", b"0 0 1e30 -1e30"),
        "negative font size.pdf": pdf_bytes(one_page()).replace(b"/F1 12 Tf", b"/F1 -1e9 Tf"),
        "missing font.pdf": pdf_bytes(one_page()[:4] + [b"null"]),
        "empty content.pdf": pdf_bytes(one_page()[:3] + [stream(b"")] + one_page()[4:]),
        "bad filter.pdf": pdf_bytes(
            one_page()[:3] + [stream(TEXT, b"/Filter /FlateDecode ")] + one_page()[4:]
        ),
        "many blank pages.pdf": pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count 500 >>"
                % b" ".join(b"3 0 R" for _ in range(500)),
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            ]
        ),  # fmt: skip
    }
    return files


def write_hostile_corpus(folder: Path, samples: list[Path], good: list[Path]) -> HostileCorpus:
    """Write the hostile corpus into `folder`; `samples` are mangled, `good` copied intact."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = HostileCorpus()

    def put(name: str, data: bytes) -> str:
        (folder / name).write_bytes(data)
        return name

    # Intact papers under awkward names must be indexed like any other.
    for name, src in zip(
        ["Ünïcödé paper 日本語.pdf", "  spaces  everywhere .pdf", "emoji 📄 (copy) #1.PDF"],
        good,
        strict=False,
    ):
        shutil.copy(src, folder / name)
        corpus.must_index.append(name)
    # Known failures, each with its exact one-line reason.
    corpus.must_fail[put("zero bytes.pdf", b"")] = "empty file"
    corpus.must_fail[put("a text file.pdf", b"Minutes of the Panel\n" * 50)] = (
        "not a PDF (no %PDF header)"
    )
    # Read by OCR when Tesseract is installed (it finds no text in 16x16 random pixels).
    corpus.must_fail[put("image only.pdf", pdf_bytes(image_only_page()))] = (
        "no text layer (scanned image?); OCR read no text either"
        if shutil.which("tesseract")
        else "no text layer (scanned image?); install Tesseract (apt-get install tesseract-ocr) "
        "to read it"
    )
    corpus.must_fail[put("huge page count.pdf", from_scratch()["huge page count.pdf"])] = (
        "damaged PDF: page 2 of the 1000000 it declares cannot be read"
    )
    # Not PDFs by name: a real PDF named .txt is never read.
    corpus.ignored.append(put("a paper named.txt", samples[0].read_bytes()))
    for name, data in from_scratch().items():
        if name not in corpus.must_fail:
            corpus.either.append(put(name, data))
    # Truncated at many offsets, denser near the start where the structure is.
    for src in samples:
        data = src.read_bytes()
        offsets = sorted(
            {1, 8, 9, 64, 512, len(data) - 1}
            | {rng.randrange(1, len(data)) for _ in range(40)}
            | {rng.randrange(1, 4096) for _ in range(20)}
        )
        for cut in offsets:
            corpus.either.append(put(f"{src.stem} cut at {cut}.pdf", data[:cut]))
    # Random bytes replaced (1 to 64 of them), a different set per file.
    for src in samples:
        data = src.read_bytes()
        for i in range(45):
            mangled = bytearray(data)
            for _ in range(rng.choice([1, 2, 8, 64])):
                mangled[rng.randrange(len(mangled))] = rng.randrange(256)
            corpus.either.append(put(f"{src.stem} flipped {i}.pdf", bytes(mangled)))
    return corpus
