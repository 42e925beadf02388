"""The typed results every query returns; `render` and `export` turn them into text and files."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from ..models import Classification, FileFailure, Hit, Model

TimeUnit = Literal["year", "month"]
Sort = Literal["relevance", "date", "-date"]


class Gated(Model):
    """A result computed under a classification ceiling, saying what the ceiling held back."""

    held_back: int = Field(0, description="passages above the classification ceiling")
    ceiling: Classification = Field(description="the most restrictive level shown")


class SearchResult(Gated):
    query: str
    total: int = Field(description="matching passages, all of them, not only the hits shown")
    hits: list[Hit]
    by_year: dict[str, int] = Field(description="matching passages per year ('undated' if none)")
    by_committee: dict[str, int] | None = Field(
        None, description="matching passages per committee (with --facets)"
    )
    suggestion: str | None = None


class TimelineResult(Gated):
    query: str
    by: TimeUnit
    total: int
    counts: list[tuple[str, int]]


class OutlineSection(Model):
    label: str
    level: int
    pages: list[int]
    committees: list[str]
    passages: int


class PaperOutline(Model):
    ref: str | None
    title: str
    date: dt.date | None
    action: str | None
    classification: Classification | None
    meeting: int | None
    page_count: int
    source: str
    attachments: list[dict[str, Any]]
    sections: list[OutlineSection]
    entity_counts: dict[str, dict[str, int]]


class EntityStat(Model):
    type: str
    value: str
    passages: int
    first_ref: str | None
    first_date: dt.date | None
    last_ref: str | None
    last_date: dt.date | None


class GlossaryForm(Model):
    long: str
    papers: int
    first_ref: str | None
    first_date: dt.date | None
    last_ref: str | None
    last_date: dt.date | None


class GlossaryEntry(Model):
    short: str
    forms: list[GlossaryForm]


class IndexStats(Gated):
    """What the index holds at or below the classification ceiling, and what it holds back."""

    papers: int
    pages: int
    passages: int
    first_year: int | None
    last_year: int | None
    size_bytes: int
    unclassified: list[str] = Field(
        default_factory=list, description="files of papers that state no classification"
    )
    failed: list[FileFailure] = Field(
        default_factory=list, description="files the last ingests could not read, and why"
    )


class PaperOutlines(Model):
    """The outlines of the paper(s) with one reference (a reference can be reused by versions)."""

    papers: list[PaperOutline]


class PaperRow(Model):
    """One indexed paper, as `papers` lists it."""

    ref: str | None
    date: dt.date | None
    title: str
    committees: list[str]
    classification: Classification | None
    pages: int
    path: str


class PaperList(Model):
    papers: list[PaperRow]


class EntityTable(Model):
    entities: list[EntityStat]


class Glossary(Model):
    entries: list[GlossaryEntry]
