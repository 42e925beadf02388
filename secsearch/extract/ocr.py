"""OCR for pages without a text layer: page images → words with positions, sizes and weight.

The Tesseract command-line program reads each page image (rendered by PDFium in `pdfium.py`) and
reports hOCR: lines with their baseline, words with their boxes and confidences. This module
turns that into the `Word`s the text engines report — PDF points, top-down — so everything after
words (`lines.py`, `structure/`) reads a scanned page as it reads a printed one.

An image does not say what a text layer does, so the rest is measured on it, always relative to
the document's own text rather than to fixed numbers:

- **size**: from the height of capitals and ascenders above the line's baseline; sizes within a
  few per cent of the body size are the body size (measuring a line to the pixel is noisier than
  the steps between a paper's type sizes).
- **bold**: from stroke width, the mean length of the ink runs across a word's rows relative to
  its size; a word whose strokes are much thicker than the document's typical word is bold.
- **box**: the word's left and right edges as Tesseract found them; top and bottom from the
  baseline and the size, as a font's em box would give, so every word on a line shares them
  whatever letters it has (line spacing then reads like a text PDF's).
- **bullets**: a solid round mark opening a line is "•" (Tesseract reads it as "e" or "¢").

Words Tesseract is far less sure of than of the page's typical word are dropped (speckles, rules
and picture edges read as letters). Tesseract runs as a program; no Python binding is needed
(`pytesseract` would live here if one ever were).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..config import DEFAULT_OCR, OCR_MODES
from ..models import Word, trusted
from .lines import ASCENT, DESCENT

__all__ = ["DEFAULT_OCR", "OCR_MODES", "PageImage", "effective_ocr", "ocr_words", "render_dpi"]

TESSERACT = "tesseract"
# Pages are rendered at their scan's own resolution (no resampling) between these bounds, and at
# OCR_DPI when they hold no image. On tests/fixtures/other/SECP_73_1110_06_scan.pdf (a 200 dpi
# scan) Tesseract read 527 of 529 words at 200 dpi and 526 at 300 or 360 dpi, ~20% slower.
SCAN_DPI_RANGE = (150, 400)
OCR_DPI = 300
FONT = "OCR"
BOLD_FONT = "OCR-Bold"  # lines.is_bold_font reads "Bold" in a font name as bold

# Height of capitals and ascenders as a share of the type size: Arial 0.72-0.73, Times 0.66-0.68,
# Calibri 0.64-0.75. Only ratios between sizes matter downstream, not the absolute value.
ASCENT_EM = 0.72
# A line measured within this share of the body size is set in the body size.
SAME_SIZE = 0.08
# Words Tesseract is far less sure of than of the page's median word are debris (speckles, rules,
# picture edges read as letters): below MIN_CONFIDENCE_SHARE of the median a word is dropped, and
# below PUNCTUATION_CONFIDENCE_SHARE one without a letter or digit is. Real words misread score
# lower too ("(IOC)," read as "(l1OC)," at 42 on a page whose median is 96), and are kept.
MIN_CONFIDENCE_SHARE = 0.3
PUNCTUATION_CONFIDENCE_SHARE = 0.6
# Bold faces have strokes ~1.6x as wide as regular ones (Arial Bold vs Arial); a word is bold
# when its strokes are this much wider than the document's median word, about halfway between.
BOLD_STROKE = 1.3
# A bullet is a filled disc (it covers pi/4 of its box); letters cover less than half of theirs.
# Its height, as a share of the capitals': Word's bullet is about half a capital high.
BULLET_FILL = 0.6
BULLET_HEIGHT = (0.3, 1.0)
# Characters that reach cap height or above: the ones a size can be measured on.
_TALL_RE = re.compile(r"[A-Z0-9bdfhklt]")
_BBOX_RE = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE_RE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_CONF_RE = re.compile(r"x_wconf (\d+)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


class OcrError(Exception):
    """Tesseract could not be run or failed on a page; the message says why, on one line."""


@dataclass(frozen=True)
class PageImage:
    """A page rendered in 8-bit grey: `width` x `height` pixels, rows top to bottom, no padding."""

    width: int
    height: int
    pixels: bytes
    dpi: int

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self.dpi / 72


def render_dpi(image_dpi: float | None) -> int:
    """The resolution to render a page at, given that of its scan image (None: no image)."""
    if image_dpi is None:
        return OCR_DPI
    low, high = SCAN_DPI_RANGE
    return max(low, min(high, round(image_dpi)))


def tesseract_installed() -> bool:
    """True when the `tesseract` program is on PATH."""
    return shutil.which(TESSERACT) is not None


def effective_ocr(mode: str) -> str:
    """What `mode` does on this machine: "auto" without Tesseract reads no image, like "never"."""
    if mode not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {mode!r}; known: {', '.join(OCR_MODES)}")
    return "never" if mode == "auto" and not tesseract_installed() else mode


# --------------------------------------------------------------------------- measuring words


@dataclass
class _OcrWord:
    text: str
    confidence: int
    left: int
    right: int
    baseline: float  # y of the line's baseline under the word, in pixels
    stroke: float  # mean ink run across the word's rows, per pixel of its line's ascent
    chars: int


@dataclass
class _OcrLine:
    words: list[_OcrWord]
    ascent: float  # pixels from baseline to the top of capitals and ascenders
    scale: float

    @property
    def size(self) -> float:
        return self.ascent / ASCENT_EM / self.scale


def ocr_words(images: Iterable[PageImage | None]) -> list[list[Word]]:
    """The words Tesseract reads on each image (none for None), sizes and weights measured
    across all the images together; raises OcrError if Tesseract fails."""
    pages = [_read_page(image) if image else [] for image in images]
    lines = [line for page in pages for line in page]
    body = _weighted_median([(line.size, sum(w.chars for w in line.words)) for line in lines])
    stroke = _weighted_median([(w.stroke, w.chars) for line in lines for w in line.words])
    return [[w for line in page for w in _words(line, body, stroke)] for page in pages]


def _read_page(image: PageImage) -> list[_OcrLine]:
    """The page's lines with their measured words, debris dropped."""
    root = ElementTree.fromstring(_tesseract_hocr(image))
    ink = _Ink(image)
    lines: list[_OcrLine] = []
    for element in root.iter():
        if element.get("class") in _LINE_CLASSES:
            line = _measured_line(element, ink, image.scale)
            if line:
                lines.append(line)
    confidences = [w.confidence for line in lines for w in line.words]
    if not confidences:
        return []
    median = statistics.median(confidences)
    for line in lines:
        line.words = [w for w in line.words if not _is_debris(w, median)]
    return [line for line in lines if line.words]


def _is_debris(word: _OcrWord, median: float) -> bool:
    """True for a word read with far less confidence than the page's median word (a bullet,
    recognised by its shape, is never debris)."""
    if word.text == "•" or word.confidence >= PUNCTUATION_CONFIDENCE_SHARE * median:
        return False
    return word.confidence < MIN_CONFIDENCE_SHARE * median or not any(
        c.isalnum() for c in word.text
    )


def _measured_line(element: ElementTree.Element, ink: _Ink, scale: float) -> _OcrLine | None:
    """One hOCR line: its words with baseline and stroke width, and the line's ascent."""
    title = element.get("title", "")
    box = _bbox(title)
    base = _BASELINE_RE.search(title)
    slope, offset = (float(base.group(1)), float(base.group(2))) if base else (0.0, 0.0)
    found: list[tuple[str, int, tuple[int, int, int, int], float]] = []
    for child in element:
        if child.get("class") != "ocrx_word":
            continue
        text = "".join(child.itertext()).strip()
        scored = _CONF_RE.search(child.get("title", ""))
        if not text or not scored:
            continue  # rules and blank boxes come back as empty words
        wbox = _bbox(child.get("title", ""))
        baseline = box[3] + offset + slope * (wbox[0] - box[0])
        found.append((text, int(scored.group(1)), wbox, baseline))
    if not found:
        return None
    tall = [baseline - b[1] for text, _, b, baseline in found if _TALL_RE.search(text)]
    ascent = statistics.median(tall) if tall else max(baseline - b[1] for *_, b, baseline in found)
    if ascent <= 0:
        return None
    words: list[_OcrWord] = []
    for i, (text, conf, (x0, y0, x1, y1), baseline) in enumerate(found):
        dark, runs = ink.measure(x0, y0, x1, y1)
        if i == 0 and len(text) <= 2 and _is_disc(x1 - x0, y1 - y0, dark, ascent):
            text = "•"
        stroke = dark / runs / ascent if runs else 0.0
        words.append(_OcrWord(text, conf, x0, x1, baseline, stroke, len(text)))
    return _OcrLine(words, ascent, scale)


def _is_disc(width: int, height: int, dark: int, ascent: float) -> bool:
    """A filled round mark between a third of a capital's height and a capital's: a bullet,
    whatever Tesseract read (a smaller one is a speck of dirt)."""
    if width <= 0 or not BULLET_HEIGHT[0] * ascent <= height <= BULLET_HEIGHT[1] * ascent:
        return False
    return 0.6 <= width / height <= 1.6 and dark / (width * height) >= BULLET_FILL


def _words(line: _OcrLine, body: float, stroke: float) -> list[Word]:
    """The line's words as Words in PDF points, in the body size when measured close to it."""
    size = line.size
    if body and abs(size - body) <= SAME_SIZE * body:
        size = body
    size = round(size, 2)
    em = size * line.scale
    out: list[Word] = []
    for w in line.words:
        bold = stroke > 0 and w.stroke >= BOLD_STROKE * stroke and w.text != "•"
        values = {
            "text": w.text,
            "fontname": BOLD_FONT if bold else FONT,
            "size": size,
            "color": "",
            "x0": round(w.left / line.scale, 2),
            "x1": round(w.right / line.scale, 2),
            "top": round((w.baseline - ASCENT * em) / line.scale, 2),
            "bottom": round((w.baseline + DESCENT * em) / line.scale, 2),
        }
        out.append(trusted(Word, values))
    return out


def _weighted_median(values: list[tuple[float, int]]) -> float:
    """The value at the middle of the total weight (0.0 for no values)."""
    values = sorted(v for v in values if v[1] > 0)
    half = sum(weight for _, weight in values) / 2
    seen = 0
    for value, weight in values:
        seen += weight
        if seen >= half:
            return value
    return 0.0


def _bbox(title: str) -> tuple[int, int, int, int]:
    m = _BBOX_RE.search(title)
    if not m:
        return (0, 0, 0, 0)
    x0, y0, x1, y1 = (int(v) for v in m.groups())
    return (x0, y0, x1, y1)


class _Ink:
    """The page's pixels as ink (1) or paper (0), thresholded halfway between the two."""

    def __init__(self, image: PageImage) -> None:
        sample = sorted(image.pixels[:: max(1, len(image.pixels) // 100_000)])
        # Paper is what most of a page is; ink is the darkest percent of it.
        paper, ink = sample[len(sample) // 2], sample[len(sample) // 100]
        threshold = (paper + ink + 1) // 2
        self.bits = image.pixels.translate(_ink_table(threshold))
        self.width, self.height = image.width, image.height

    def measure(self, x0: int, y0: int, x1: int, y1: int) -> tuple[int, int]:
        """Ink pixels in the box and the number of horizontal ink runs they form."""
        x0, x1 = max(0, x0), min(self.width, x1)
        dark = runs = 0
        for y in range(max(0, y0), min(self.height, y1)):
            row = self.bits[y * self.width + x0 : y * self.width + x1]
            dark += row.count(1)
            runs += row.count(b"\x00\x01") + (row[:1] == b"\x01")
        return dark, runs


@lru_cache(maxsize=256)
def _ink_table(threshold: int) -> bytes:
    return bytes(1 if value < threshold else 0 for value in range(256))


# --------------------------------------------------------------------------- running Tesseract


def _tesseract_hocr(image: PageImage) -> str:
    """Tesseract's hOCR for one page image, passed as a PGM on stdin."""
    pgm = b"P5\n%d %d\n255\n" % (image.width, image.height) + image.pixels
    command = [TESSERACT, "stdin", "stdout", "--dpi", str(image.dpi), "hocr"]
    # One thread: Tesseract's OpenMP threads spin while they wait and made a page ~5x slower
    # here (16 s instead of 3); secsearch runs one worker per core for parallelism instead.
    env = os.environ | {"OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=pgm, capture_output=True, env=env, check=False)
    except OSError as exc:
        raise OcrError(f"cannot run Tesseract ({exc.strerror or exc})") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = " ".join(lines[-1].split())[:160] if lines else f"exit status {done.returncode}"
        raise OcrError(f"Tesseract failed ({detail})")
    return done.stdout.decode("utf-8", "replace")
