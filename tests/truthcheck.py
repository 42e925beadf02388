"""Every fact of a fixture's hand-written truth (tests/fixtures/TRUTH_FORMAT.md), checked against
the Paper the real pipeline makes of its PDF.

`facts_of(paper, truth)` turns one truth file into `Fact`s, each with a category, a name that says
which fact it is, what the truth expects and what the paper gives. The fixture tests assert that
every fact holds; `benchmarks/fidelity.py` counts the share that does.

How the truth is read (where TRUTH_FORMAT.md leaves the comparison open):

* Texts are compared with runs of white space collapsed to one space; otherwise exactly.
* A heading's number is compared without its trailing dot ("2." is printed, "2" is the truth).
* Committees are compared as sets (a heading naming two groups may be written in either order).
  The pipeline gives a section that names no committee, and has no parent, the committee that
  issues the paper (`SECP_` → Panel); the truth writes such sections `[]`. So a section's
  committees hold when they equal the truth's, or the truth's plus the paper's own committee.
* An attachment's title is compared without a leading "Appendix A –" / "Attachment B –" label:
  the truth names the document, the pipeline keeps the label as printed.
* A passage's `section_title` is the innermost section's title, or null for a passage in an
  untitled section (text before the first heading, footnotes, a spreadsheet's rows).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from secsearch.domain import PAPER_REF_RE, committee_for_ref_prefix
from secsearch.models import Paper, Passage, Section
from secsearch.pipeline import paper_from_pdf

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SETS: tuple[str, ...] = ("shared", "word", "other", "lifecycle")
CATEGORIES: tuple[str, ...] = ("identity", "headers/footers", "headings", "passages", "entities")
IDENTITY_FIELDS = (
    "ref",
    "title",
    "date",
    "action",
    "classification",
    "meeting",
    "author",
    "attachments",
    "page_count",
)
_ATTACHMENT_LABEL_RE = re.compile(
    r"^(?:appendix|annex|attachment|enclosure)\s+[A-Z0-9]{1,2}\s*[–—:-]\s*", re.I
)


@dataclass(frozen=True)
class Fact:
    """One truth fact: what the truth expects and what the pipeline's paper gives."""

    category: str
    name: str
    expected: Any
    got: Any
    holds: bool

    def message(self) -> str:
        """A readable line for a failure: which fact, expected, got."""
        return f"[{self.category}] {self.name}: expected {self.expected!r}, got {self.got!r}"


@dataclass(frozen=True)
class Document:
    """One fixture: its set, PDF and truth."""

    set: str
    pdf: Path
    truth: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.set}/{self.pdf.stem}"


def documents(*, sets: tuple[str, ...] = SETS, scans: bool = False) -> list[Document]:
    """Every fixture document of the sets; scans (only OCR reads them) when asked, as set "scan"."""
    out: list[Document] = []
    for name in sets:
        for path in sorted((FIXTURES / name).glob("*.truth.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            if truth.get("kind") == "scan":
                if scans:
                    out.append(Document("scan", path.parent / truth["pdf"], truth))
                continue
            out.append(Document(name, path.parent / truth["pdf"], truth))
    return out


@cache
def pipeline_paper(pdf: Path, engine: str) -> Paper:
    """The tagged paper the real pipeline makes of the PDF (cached per engine)."""
    return paper_from_pdf(pdf, engine=engine)


def check(document: Document, engine: str) -> list[Fact]:
    """Every fact of the document's truth, evaluated on the pipeline's paper."""
    return facts_of(pipeline_paper(document.pdf, engine), document.truth)


def facts_of(paper: Paper, truth: dict[str, Any]) -> list[Fact]:
    """Every fact of one truth file, evaluated on `paper`."""
    passages = [(path, p) for path, p in paper.all_passages()]
    return [
        *_identity(paper, truth),
        *_running_text(passages, truth),
        *_headings(paper, truth),
        *_passage_facts(passages, truth),
        *_entities(paper, passages, truth),
    ]


def collapsed(text: str | None) -> str | None:
    """The text with runs of white space as one space, trimmed."""
    return None if text is None else " ".join(text.split())


# --------------------------------------------------------------------------- identity


def _identity(paper: Paper, truth: dict[str, Any]) -> Iterator[Fact]:
    for field in IDENTITY_FIELDS:
        if field in truth:
            expected, got = _identity_values(paper, truth, field)
            yield Fact("identity", field, expected, got, expected == got)


def _identity_values(paper: Paper, truth: dict[str, Any], field: str) -> tuple[Any, Any]:
    """(expected, got) for one identity field, both in the truth's shape."""
    want = truth[field]
    if field == "title":
        return collapsed(want), collapsed(paper.title)
    if field == "date":
        return want, _iso(paper.date)
    if field == "classification":
        return want, paper.classification.value if paper.classification else None
    if field == "meeting":
        got = paper.meeting and {"number": paper.meeting.number, "date": _iso(paper.meeting.date)}
        return want, got
    if field == "attachments":
        got_list = [
            {"title": a.title, "classification": a.classification and a.classification.value}
            for a in paper.attachments
        ]
        return [_attachment(a) for a in want], [_attachment(a) for a in got_list]
    if field == "author":
        return collapsed(want), collapsed(paper.author)
    return want, getattr(paper, field)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _attachment(a: dict[str, Any]) -> dict[str, Any]:
    title = _ATTACHMENT_LABEL_RE.sub("", collapsed(a["title"]) or "")
    return {"title": title, "classification": a["classification"]}


# --------------------------------------------------------------------------- running text


def _running_text(
    passages: list[tuple[list[Section], Passage]], truth: dict[str, Any]
) -> Iterator[Fact]:
    texts = [collapsed(p.text) or "" for _, p in passages]
    for rule in truth.get("forbid_in_passages", []):
        pattern = rule["pattern"]
        if rule.get("regex"):
            regex = re.compile(pattern)
            found = [t for t in texts if regex.search(t)]
        else:
            found = [t for t in texts if collapsed(pattern) in t]
        yield Fact("headers/footers", f"no passage contains {pattern!r}", [], found, not found)
    header = collapsed(truth.get("header_text"))
    if header:
        found = [t for t in texts if t == header]
        yield Fact("headers/footers", f"header {header!r} is not a passage", [], found, not found)


# --------------------------------------------------------------------------- headings


def section_rows(paper: Paper) -> list[dict[str, Any]]:
    """The paper's headings in reading order, in the truth's shape (untitled sections left out)."""
    return [
        {
            "title": collapsed(s.title),
            "number": s.number.rstrip(".") if s.number else None,
            "level": s.level,
            "committees": sorted(s.committees),
        }
        for _, s in paper.all_sections()
        if s.title
    ]


def _headings(paper: Paper, truth: dict[str, Any]) -> Iterator[Fact]:
    if "sections" not in truth:
        return
    own = _own_committee(paper)
    want = [
        {
            "title": collapsed(s["title"]),
            "number": s["number"],
            "level": s["level"],
            "committees": sorted(s["committees"]),
        }
        for s in truth["sections"]
    ]
    got = section_rows(paper)
    # Each truth heading is matched, in order, to a heading with the same title; its fields are
    # then compared. The whole list is one more fact, so an extra heading fails too.
    matcher = difflib.SequenceMatcher(
        a=[w["title"] for w in want], b=[g["title"] for g in got], autojunk=False
    )
    matched: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            matched[block.a + k] = block.b + k
    for i, w in enumerate(want):
        g = got[matched[i]] if i in matched else None
        holds = g is not None and _same_heading(w, g, own)
        yield Fact("headings", f"heading {i + 1} {w['title']!r}", w, g, holds)
    whole = len(want) == len(got) and all(
        _same_heading(w, g, own) for w, g in zip(want, got, strict=True)
    )
    yield Fact(
        "headings",
        "the whole list of headings, in order",
        [w["title"] for w in want],
        [g["title"] for g in got],
        whole,
    )


def _own_committee(paper: Paper) -> str | None:
    m = PAPER_REF_RE.search(paper.ref or "")
    return committee_for_ref_prefix(m.group("prefix")) if m else None


def _same_heading(want: dict[str, Any], got: dict[str, Any], own: str | None) -> bool:
    committees = set(got["committees"])
    truth = set(want["committees"])
    return (
        want["title"] == got["title"]
        and want["number"] == got["number"]
        and want["level"] == got["level"]
        and (committees == truth or (own is not None and committees == truth | {own}))
    )


# --------------------------------------------------------------------------- passages


def _passage_facts(
    passages: list[tuple[list[Section], Passage]], truth: dict[str, Any]
) -> Iterator[Fact]:
    texts = [collapsed(p.text) or "" for _, p in passages]
    for fact in truth.get("passages", []):
        needle = collapsed(fact["contains"]) or ""
        name = f"passage {needle[:60]!r}"
        found = [i for i, t in enumerate(texts) if needle in t]
        yield Fact("passages", f"{name} is in exactly one passage", 1, len(found), len(found) == 1)
        path, passage = passages[found[0]] if len(found) == 1 else ([], None)
        text = texts[found[0]] if len(found) == 1 else None
        for more in fact.get("also_contains", []):
            more = collapsed(more) or ""
            ok = text is not None and more in text
            yield Fact("passages", f"{name} also contains {more[:50]!r}", more, text, ok)
        for other in fact.get("not_contains", []):
            other = collapsed(other) or ""
            ok = text is not None and other not in text
            yield Fact("passages", f"{name} does not contain {other[:50]!r}", other, text, ok)
        if "equals" in fact:
            want = collapsed(fact["equals"])
            yield Fact("passages", f"{name} text", want, text, text == want)
        got_pages = passage.pages if passage else None
        ok = got_pages == fact["pages"]
        yield Fact("passages", f"{name} pages", fact["pages"], got_pages, ok)
        got_section = (path[-1].title or None) if passage and path else None
        want_section = collapsed(fact["section_title"])
        yield Fact(
            "passages",
            f"{name} section",
            want_section,
            collapsed(got_section),
            passage is not None and collapsed(got_section) == want_section,
        )
        got_kind = passage.kind if passage else None
        yield Fact("passages", f"{name} kind", fact["kind"], got_kind, got_kind == fact["kind"])


# --------------------------------------------------------------------------- entities


def _entities(
    paper: Paper, passages: list[tuple[list[Section], Passage]], truth: dict[str, Any]
) -> Iterator[Fact]:
    counts: dict[tuple[str, str], int] = {}
    types: dict[str, list[str]] = {}
    for _, p in passages:
        for e in p.entities:
            counts[(e.type, e.value)] = counts.get((e.type, e.value), 0) + 1
            types.setdefault(e.type, []).append(e.text)
    for fact in truth.get("entities", []):
        n = counts.get((fact["type"], fact["value"]), 0)
        yield Fact(
            "entities",
            f"{fact['type']} {fact['value']} at least {fact['count_min']}×",
            fact["count_min"],
            n,
            n >= fact["count_min"],
        )
    defined = {(a.short, a.long) for a in paper.acronyms}
    for acronym in truth.get("acronyms", []):
        pair = (acronym["short"], acronym["long"])
        got = sorted(a.long for a in paper.acronyms if a.short == acronym["short"])
        yield Fact("entities", f"acronym {pair[0]}", pair[1], got, pair in defined)
    for kind in truth.get("forbid_entity_types", []):
        found = types.get(kind, [])
        yield Fact("entities", f"no {kind} entity", [], found, not found)
    texts = [p.text for _, p in passages]
    for term in truth.get("mentions_terms", []):
        ok = any(term in t for t in texts)
        yield Fact("entities", f"the text mentions {term!r}", True, ok, ok)
