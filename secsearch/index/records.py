"""Papers as the flat records an index stores: one per passage, one per paper, one per acronym.

No search engine is imported here: store.py hands these dicts to Whoosh, and a second engine
would index the same records, so both would answer with the same fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..domain import KNOWN_ACRONYMS
from ..models import ENTITY_TYPES, Classification, Paper, Passage, Section
from ..policy import most_restrictive, rank

# One stored document of the index: field name → value, as written and as read back.
Record = dict[str, Any]


def _long_forms_re(table: dict[str, str]) -> re.Pattern[str]:
    alternatives = sorted((long for long in table.values()), key=len, reverse=True)
    words = [r"\s+".join(map(re.escape, long.split())) for long in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.I)


_SHORT_BY_LONG = {
    " ".join(long.split()).casefold(): short for short, long in KNOWN_ACRONYMS.items()
}
_LONG_FORMS_RE = _long_forms_re(KNOWN_ACRONYMS)
# Changes to the table change what is indexed: the index's schema version carries this
# fingerprint, so an index built with another table asks for `--rebuild`.
KNOWN_ACRONYMS_FINGERPRINT = hashlib.sha256(
    json.dumps(KNOWN_ACRONYMS, sort_keys=True).encode()
).hexdigest()[:8]


def acronyms_spelled_out(text: str) -> list[str]:
    """Known acronyms whose long form the text writes out ("SMKI Portal via The Internet")."""
    found = (
        _SHORT_BY_LONG.get(" ".join(m.group().split()).casefold())
        for m in _LONG_FORMS_RE.finditer(text)
    )
    return sorted({short for short in found if short})


def entity_field(entity_type: str) -> str:
    """The keyword field of one entity type's canonical values (MODIFICATION → e_modification)."""
    return "e_" + entity_type.lower()


@dataclass(frozen=True)
class FileEntry:
    """One manifest row: a path and the content (sha256) it held when last ingested."""

    path: str
    sha256: str
    size: int
    mtime_ns: int
    passages: int = 0


def heading_label(section: Section) -> str:
    number = (section.number or "").rstrip(".")
    return f"{number} {section.title}" if number else section.title


def _day(date: dt.date | None) -> int | None:
    return date.year * 10000 + date.month * 100 + date.day if date else None


def clean_keyword(value: str) -> str:
    return " ".join(value.replace(",", " ").split())


def passage_classification(paper: Paper, passage: Passage) -> Classification | None:
    """The passage's level: the most restrictive of its own and its paper's (None: unknown).

    A passage whose pages state nothing takes its paper's level: a statement on page 1 only
    covers the whole paper.
    """
    return most_restrictive([passage.classification or paper.classification, paper.classification])


def _paper_fields(paper: Paper) -> Record:
    return {
        "paper_key": paper.source.sha256,
        "ref": paper.ref or "",
        "title": paper.title,
        "date": paper.date.isoformat() if paper.date else None,
        # Every record has a day (0: undated), so the column exists and has no missing values.
        "day": _day(paper.date) or 0,
        "year": paper.date.year if paper.date else None,
    }


def _passage_doc(paper: Paper, seq: int, path: list[Section], passage: Passage) -> Record:
    cls = passage_classification(paper, passage)
    doc: Record = {
        **_paper_fields(paper),
        "id": f"{paper.source.sha256[:20]}:{seq}",
        "kind": "passage",
        "meeting": paper.meeting.number if paper.meeting else None,
        "action": paper.action or "",
        "committees": ",".join(path[-1].committees) if path else "",
        "section": " › ".join(heading_label(s) for s in path),
        "section_number": next(
            ((s.number or "").rstrip(".") for s in reversed(path) if s.number), ""
        ),
        "headings": [[(s.number or "").rstrip(".") or None, s.title] for s in path],
        "pages": list(passage.pages),
        "classification": cls.value if cls else "",
        "class_rank": rank(cls),
        "seq": seq,
        "text": passage.text,
        "exact": passage.text,
        # Index time does what a query would otherwise do with a phrase per expansion, much
        # more slowly: a search for SPOTI finds passages that only spell it out.
        "expands": " ".join(acronyms_spelled_out(passage.text)) or None,
        "entities": [e.model_dump(mode="json") for e in passage.entities],
        "source": paper.source.path,
        "sha256": paper.source.sha256,
    }
    for etype in ENTITY_TYPES:
        values = sorted({clean_keyword(e.value) for e in passage.entities if e.type == etype})
        if values:
            doc[entity_field(etype)] = ",".join(v for v in values if v)
    return {k: v for k, v in doc.items() if v is not None}


def _section_rank(paper: Paper, section: Section) -> int:
    """A heading's level for the gate: its own passages' most restrictive (the paper's if none)."""
    levels = [passage_classification(paper, p) for p in section.passages]
    return max((rank(level) for level in levels), default=rank(paper.classification))


def outline_of(paper: Paper) -> Record:
    """What `show` needs about a paper, without its passage texts.

    Section headings and entity counts carry the rank of the text they come from, so that an
    outline shown at a ceiling leaves out what sits only in Amber or Red passages.
    """
    counts: dict[str, dict[str, dict[str, int]]] = {}  # rank → type → value → passages
    for _, passage in paper.all_passages():
        by_type = counts.setdefault(str(rank(passage_classification(paper, passage))), {})
        for e in passage.entities:
            by_value = by_type.setdefault(e.type, {})
            by_value[e.value] = by_value.get(e.value, 0) + 1
    return {
        "ref": paper.ref,
        "title": paper.title,
        "date": paper.date.isoformat() if paper.date else None,
        "action": paper.action,
        "classification": paper.classification.value if paper.classification else None,
        "meeting": paper.meeting.number if paper.meeting else None,
        "author": paper.author,
        "page_count": paper.page_count,
        "source": paper.source.path,
        "sha256": paper.source.sha256,
        "attachments": [a.model_dump(mode="json") for a in paper.attachments],
        "sections": [
            {
                "label": heading_label(s),
                "level": len(ancestors) + 1,
                "pages": list(s.pages),
                "committees": list(s.committees),
                "passages": len(s.passages),
                "class_rank": _section_rank(paper, s),
            }
            for ancestors, s in paper.all_sections()
        ],
        "class_rank": rank(paper.classification),
        "entity_counts_by_rank": counts,
    }


def paper_records(paper: Paper) -> Iterator[Record]:
    """The records of one paper: its passages, its outline, its acronym definitions."""
    key = paper.source.sha256
    passages = paper.all_passages()
    for seq, (path, passage) in enumerate(passages):
        yield _passage_doc(paper, seq, path, passage)
    base = {k: v for k, v in _paper_fields(paper).items() if v is not None}
    yield {
        **base,
        "id": f"paper:{key}",
        "kind": "paper",
        "class_rank": rank(paper.classification),
        "outline": outline_of(paper),
    }
    for i, a in enumerate(paper.acronyms):
        # A definition is as restricted as the passage that makes it.
        defining = passages[a.passage][1] if a.passage < len(passages) else None
        level = passage_classification(paper, defining) if defining else paper.classification
        yield {
            **base,
            "id": f"acro:{key}:{i}",
            "kind": "acro",
            "acro": a.short,
            "long": a.long,
            "class_rank": rank(level),
        }
