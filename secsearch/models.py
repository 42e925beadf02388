"""Pydantic models passed between the pipeline's stages.

extract → `DocumentLayout` (pages of lines with font, size, position)
sectionize → `Paper` (metadata, section tree, passages)
tag → `Paper` with `Entity` lists and `ModificationFacts` on every passage, and `acronyms`
index/query → `Hit`
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Base for every model: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=BaseModel)
_set_attribute = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """A `cls` from `values` that are every field's value, already of the field's type.

    What `cls.model_construct(**values)` makes (no validation), at a quarter of its cost: that
    method looks up aliases and defaults field by field, which adds up for the hundred thousand
    words of a thousand pages. Only for models without private attributes or `extra="allow"`.
    """
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", values)
    _set_attribute(model, "__pydantic_fields_set__", set(values))
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


class Classification(StrEnum):
    """Panel Information Policy levels, in increasing order of restriction."""

    WHITE = "white"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        return _CLASSIFICATION_RANK[self]


_CLASSIFICATION_RANK = {c: i for i, c in enumerate(Classification)}


# --------------------------------------------------------------------------- layout (extract)


class Word(Model):
    text: str
    fontname: str
    size: float
    color: str = Field(default="", description="fill colour as '#rrggbb'; '' when unknown")
    x0: float
    x1: float
    top: float
    bottom: float


class Line(Model):
    """One visual line: words sharing a baseline, left to right."""

    words: list[Word]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fontname: str = Field(description="font of most characters on the line")
    size: float
    bold: bool
    color: str = Field(default="", description="fill colour of most characters on the line")
    column: int = Field(default=0, description="1 or 2 on a page set in columns; 0: full width")
    links: list[str] = Field(default_factory=list, description="hyperlink targets on the line")


class PageLayout(Model):
    number: int = Field(description="1-based page number")
    width: float
    height: float
    lines: list[Line]


class DocumentLayout(Model):
    """What an extraction engine returns for one PDF."""

    path: str
    sha256: str
    engine: str
    pages: list[PageLayout]


# --------------------------------------------------------------------------- structured paper

EntityType = Literal[
    "MODIFICATION",
    "PAPER_REF",
    "COMMITTEE",
    "ORG",
    "SEC_REF",
    "RELEASE",
    "MILESTONE",
    "DATE",
    "ACRONYM",
]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)
DatePrecision = Literal["day", "month", "quarter", "year", "approx"]
PassageKind = Literal["paragraph", "list_item", "table_row", "footnote"]


class DateSpan(Model):
    start: dt.date
    end: dt.date
    precision: DatePrecision


class Entity(Model):
    """One tagged mention; `start`/`end` are character offsets in the passage text."""

    type: EntityType
    text: str
    value: str = Field(description="canonical value, e.g. MP067 for SECMP0067")
    start: int
    end: int
    date: DateSpan | None = Field(default=None, description="DATE only")
    meeting: int | None = Field(default=None, description="PAPER_REF only: meeting number")
    ddmm: str | None = Field(default=None, description="PAPER_REF only: meeting day+month")
    long: str | None = Field(default=None, description="ACRONYM only: the expansion")


EventKind = Literal[
    "raised",
    "converted",
    "refinement",
    "assessment",
    "consultation",
    "modification_report",
    "change_board",
    "panel_decision",
    "authority_decision",
    "withdrawn",
    "implemented",
]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)
EventOutcome = Literal["approve", "reject", "defer", "send_back"]
AssessmentDetail = Literal["preliminary", "impact"]
DateSource = Literal["text", "paper"]


class LifecycleEvent(Model):
    """One step in a modification's life that a passage states has happened (or is happening)."""

    modification: str = Field(description="canonical id, e.g. MP122A")
    alternative_of: str | None = Field(
        default=None, description="for an alternative solution (MP122A), the original (MP122)"
    )
    kind: EventKind
    outcome: EventOutcome | None = Field(
        default=None, description="change_board, panel_decision and authority_decision only"
    )
    detail: AssessmentDetail | None = Field(default=None, description="assessment only")
    release: str | None = Field(
        default=None, description="implemented only: the RELEASE entity's value"
    )
    date: dt.date | None = Field(description="the date the text gives, else the paper's")
    date_source: DateSource | None = Field(description="None when neither gives a date")
    evidence: str = Field(description="the sentence (or table cell) that states the event")


class ModificationTitle(Model):
    modification: str
    title: str = Field(description="as written, without its quotation marks")


class SecChange(Model):
    """A passage saying that a modification changes a part of the SEC."""

    modification: str
    sec_ref: str = Field(description="the SEC_REF entity's value, e.g. 'Section H' or 'H3.10'")


class ModificationFacts(Model):
    """What a passage says about modifications beyond naming them (the tag stage's lifecycle
    rules), including facts about the modification its section or paper is about."""

    events: list[LifecycleEvent] = Field(default_factory=list)
    titles: list[ModificationTitle] = Field(default_factory=list)
    sec_changes: list[SecChange] = Field(default_factory=list)


class Passage(Model):
    """A paragraph, list item or table row, with the page(s) it sits on."""

    text: str
    pages: list[int]
    kind: PassageKind = "paragraph"
    classification: Classification | None = Field(
        default=None, description="of the paper, or of the appendix the passage sits in"
    )
    links: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    modification_facts: ModificationFacts | None = Field(
        default=None, description="None when the passage states no title, event or SEC change"
    )


class Section(Model):
    number: str | None = Field(description="as printed, e.g. '2.1'; None for topic headings")
    title: str
    level: int
    committees: list[str] = Field(description="canonical committee codes, inherited by children")
    pages: tuple[int, int] = Field(description="first and last page, children included")
    passages: list[Passage] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Meeting(Model):
    number: int
    date: dt.date | None = None


class Attachment(Model):
    title: str
    classification: Classification | None = None


class Source(Model):
    path: str
    sha256: str


class AcronymDefinition(Model):
    short: str
    long: str
    passage: int = Field(description="ordinal of the defining passage in reading order")


class Paper(Model):
    ref: str | None
    title: str
    date: dt.date | None
    action: str | None
    classification: Classification | None
    meeting: Meeting | None
    paper_number: int | None = None
    author: str | None = None
    team: str | None = None
    page_count: int
    source: Source
    attachments: list[Attachment] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    acronyms: list[AcronymDefinition] = Field(default_factory=list)

    def all_sections(self) -> list[tuple[list[Section], Section]]:
        """Every section in reading order, with its ancestors (outermost first)."""
        out: list[tuple[list[Section], Section]] = []

        def walk(sections: list[Section], path: list[Section]) -> None:
            for s in sections:
                out.append((path, s))
                walk(s.sections, [*path, s])

        walk(self.sections, [])
        return out

    def all_passages(self) -> list[tuple[list[Section], Passage]]:
        """Every passage in reading order, with its section path (outermost first)."""
        return [
            ([*path, section], p) for path, section in self.all_sections() for p in section.passages
        ]


# --------------------------------------------------------------------------- search results


class Hit(Model):
    """One passage found by a query, with everything needed to cite it."""

    id: str
    paper_ref: str | None
    paper_title: str
    date: dt.date | None
    year: int | None
    section: str = Field(description="heading path, e.g. '3.5 SSC Highlights › SPOTI'")
    section_number: str | None
    committees: list[str]
    pages: list[int]
    classification: Classification | None
    text: str
    snippet: str
    citation: str
    entities: list[Entity] = Field(default_factory=list)
    score: float = 0.0
    source: str = ""
    link: str = Field("", description="the PDF at the passage's page: file:///…/paper.pdf#page=3")


class FileFailure(Model):
    """A PDF that could not be processed, with the reason in one line."""

    path: str
    reason: str
