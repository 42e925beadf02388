"""The document plan of one sample paper: what to write, before any layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from secsearch.models import ModificationFacts

SectionStyle = Literal["section", "subsection", "topic", "appendix"]


@dataclass
class Para:
    """A paragraph or bullet item, in entity/link markup, with the modification facts it states
    (events, titles, SEC changes: see `lifecycle.py`)."""

    marked: str
    kind: Literal["paragraph", "list_item"] = "paragraph"
    facts: ModificationFacts | None = None


@dataclass
class Table:
    """A table; the first row is the header. Cells are in markup."""

    rows: list[list[str]]


Block = Para | Table


@dataclass
class Topic:
    """A bold unnumbered topic heading with its blocks, and the committees it is about when
    that is not its parent section's (stated here, never inferred from the title)."""

    title: str
    blocks: list[Block]
    committees: tuple[str, ...] | None = None


@dataclass
class SectionPlan:
    """A heading and what sits under it. `committees`: the committees the section is about, as
    the plan's author states them; None means its parent's (or, at the top, the paper's)."""

    number: str | None
    title: str
    style: SectionStyle
    blocks: list[Block] = field(default_factory=list)
    children: list[SectionPlan] = field(default_factory=list)
    classification: str | None = None
    committees: tuple[str, ...] | None = None


@dataclass
class AttachmentPlan:
    title: str
    classification: str
    included: list[Block] | None = None


@dataclass
class PaperPlan:
    ref: str
    prefix: str
    committee: str | None  # the committee whose papers use this prefix (SECP → Panel)
    title: str
    date: dt.date
    meeting_number: int
    meeting_date: dt.date
    paper_number: int
    action: str
    classification: str
    author: str
    team: str
    sections: list[SectionPlan]
    attachments: list[AttachmentPlan]
    ligatures: bool
    writer: Literal["reportlab", "fpdf2"]

    @property
    def file_stem(self) -> str:
        return f"{self.date.isoformat()}_{self.ref}"


def P(marked: str, facts: ModificationFacts | None = None) -> Para:  # noqa: N802 - short names keep templates readable
    return Para(marked, facts=facts)


def B(marked: str, facts: ModificationFacts | None = None) -> Para:  # noqa: N802
    return Para(marked, "list_item", facts)
