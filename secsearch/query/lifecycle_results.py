"""The typed results of `history`, `modifications` and `refs` (see `history.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ..models import AssessmentDetail, Classification, DateSource, EventKind, EventOutcome, Model
from .results import Gated


class EventSource(Model):
    """One passage that states an event."""

    paper_ref: str | None
    paper_title: str
    paper_date: dt.date | None
    passage_id: str
    classification: Classification | None
    citation: str
    evidence: str


class HistoryEvent(Model):
    """One step of a modification's life, with every passage (within the filters) that states it.

    The same step stated by several papers is one event; a step dated only by its paper's date
    joins the same step dated by the text in the 45 days before it."""

    modification: str
    alternative_of: str | None = None
    kind: EventKind
    outcome: EventOutcome | None = None
    detail: AssessmentDetail | None = None
    release: str | None = None
    date: dt.date | None
    date_source: DateSource | None
    label: str = Field(description="the step in words, e.g. 'Change Board: approve'")
    sources: list[EventSource]


class TitleUse(Model):
    title: str
    passages: int
    first_date: dt.date | None
    first_ref: str | None
    last_date: dt.date | None
    last_ref: str | None


class CommitteeActivity(Model):
    committee: str
    papers: int
    passages: int
    dates: list[dt.date] = Field(description="the dates of its papers about the modification")


class RelatedModification(Model):
    modification: str
    relation: Literal["alternative", "original", "mentioned together"]
    passages: int = Field(
        description="passages naming both (0 for an alternative never named with it)"
    )


class ModificationHistory(Gated):
    query: str
    modification: str
    alternative_of: str | None = None
    titles: list[TitleUse]
    status: HistoryEvent | None = Field(description="the latest event, None when none is known")
    events: list[HistoryEvent]
    committees: list[CommitteeActivity]
    related: list[RelatedModification]
    papers: int
    passages: int
    first_date: dt.date | None
    last_date: dt.date | None


class CatalogueRow(Model):
    modification: str
    title: str | None = Field(description="the title written most often")
    first_date: dt.date | None
    first_ref: str | None
    last_date: dt.date | None
    last_ref: str | None
    papers: int
    passages: int
    status: str | None = Field(description="the latest event in words")
    status_kind: EventKind | None
    status_outcome: EventOutcome | None
    status_date: dt.date | None


class ModificationCatalogue(Gated):
    status: str | None = Field(description="the --status asked for, if any")
    rows: list[CatalogueRow]


class PaperLink(Model):
    """A paper in a citation graph, with how many passages make the link."""

    ref: str | None
    title: str
    date: dt.date | None
    passages: int
    citation: str = Field(description="the first linking passage's citation, '' if not indexed")


class SecChangeUse(Model):
    sec_ref: str
    papers: int
    passages: int
    refs: list[str] = Field(description="the papers that say so")


class GraphNode(Model):
    id: str
    kind: Literal["paper", "modification", "sec_ref"]
    label: str


class GraphEdge(Model):
    source: str
    target: str
    relation: Literal["cites", "discusses", "changes", "alternative_of"]
    passages: int


class RefsResult(Gated):
    """What a paper cites and what cites it, or the papers about a modification and the SEC parts
    its passages say it changes; with the graph of both."""

    query: str
    kind: Literal["paper", "modification"]
    focus: str = Field(description="the paper's reference or the modification's canonical id")
    title: str | None
    date: dt.date | None = None
    cites: list[PaperLink] = Field(default_factory=list)
    cited_by: list[PaperLink] = Field(default_factory=list)
    modifications: list[str] = Field(
        default_factory=list, description="a paper's: the modifications its passages are about"
    )
    papers: list[PaperLink] = Field(default_factory=list, description="a modification's papers")
    changes: list[SecChangeUse] = Field(default_factory=list)
    nodes: list[GraphNode]
    edges: list[GraphEdge]
