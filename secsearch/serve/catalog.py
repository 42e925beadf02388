"""The pages that describe what is indexed: one paper, the papers, the glossary, entities, stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from .. import query as q
from ..errors import QueryError
from ..models import ENTITY_TYPES, Hit
from ..policy import ceiling, permits
from ..query import OutlineSection
from ..query.browse import PaperPassages, paper_with_passages, papers, year_span
from .html import linked_entities
from .params import Chosen
from .views import Links, error_response, index_of, render

router = APIRouter(include_in_schema=False)

PAPERS_PER_PAGE = 100


@dataclass
class SectionView:
    """One heading of a paper's outline with the passages directly under it."""

    section: OutlineSection
    anchor: str
    passages: list[Hit] = field(default_factory=list)


def sections_with_passages(paper: PaperPassages) -> tuple[list[SectionView], list[Hit]]:
    """The outline's sections in reading order, each with its own passages; passages whose
    heading path is not in the outline come back separately. Both lists are in reading order, so
    one walk pairs them even when two sections share a heading path."""
    views: list[SectionView] = []
    path: list[str] = []
    at = 0
    passages = paper.passages
    for i, section in enumerate(paper.outline.sections):
        path = [*path[: section.level - 1], section.label]
        view = SectionView(section, f"s-{paper.key[:8]}-{i}")
        joined = " › ".join(path)
        while at < len(passages) and passages[at].section == joined:
            view.passages.append(passages[at])
            at += 1
        views.append(view)
    placed = {h.id for v in views for h in v.passages}
    return views, [h for h in passages if h.id not in placed]


@router.get("/paper/{ident:path}", response_class=HTMLResponse)
def paper_page(request: Request, chosen: Chosen, ident: Annotated[str, Path()]) -> HTMLResponse:
    """A paper: identity, attachments, outline with committees and pages, every passage with its
    entities linked, and the PDF at each page when everything in it may leave the tool."""
    try:
        found = paper_with_passages(index_of(request), ident, chosen.filters(leaves_the_tool=False))
    except QueryError as e:
        return error_response(request, 404, str(e), e.hint)  # type: ignore[return-value]
    links = Links(request, chosen)
    download_ceiling = ceiling(
        chosen.classification, include_classified=chosen.include_classified, leaves_the_tool=True
    )
    shown = ceiling(chosen.classification)
    views = []
    for paper in found:
        sections, unplaced = sections_with_passages(paper)
        views.append(
            {
                "paper": paper,
                "sections": sections,
                "unplaced": unplaced,
                "pdf_ok": permits(paper.pdf_classification, download_ceiling),
                "pdf_askable": permits(paper.pdf_classification, shown),
            }
        )
    return render(
        request,
        "paper.html",
        chosen,
        ident=ident,
        views=views,
        entity_text=lambda hit: linked_entities(hit.text, hit.entities, links.mentions),
    )


@router.get("/papers", response_class=HTMLResponse)
def papers_page(request: Request, chosen: Chosen) -> HTMLResponse:
    """Every paper at or below the ceiling, newest first, with counts per year."""
    listed = papers(index_of(request), chosen.filters(leaves_the_tool=False))
    offset = (chosen.page - 1) * PAPERS_PER_PAGE
    return render(
        request,
        "papers.html",
        chosen,
        listed=listed,
        shown=listed.papers[offset : offset + PAPERS_PER_PAGE],
        pages={"total": len(listed.papers), "offset": offset},
        per_page=PAPERS_PER_PAGE,
        years=year_span(listed.by_year),
    )


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(
    request: Request,
    chosen: Chosen,
    acronym: Annotated[str | None, Query(description="one acronym")] = None,
) -> HTMLResponse:
    """Acronyms as the papers define them, every expansion with its first and last paper."""
    filters = chosen.filters(leaves_the_tool=False)
    try:
        glossary = q.glossary(index_of(request), acronym or None, filters)
    except QueryError as e:
        return error_response(request, 404, str(e), e.hint)  # type: ignore[return-value]
    return render(request, "glossary.html", chosen, glossary=glossary, acronym=acronym or "")


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    chosen: Chosen,
    type: Annotated[str | None, Query(description="one entity type")] = None,
) -> HTMLResponse:
    """Canonical entity values of one type with passage counts and first and last paper."""
    wanted = type or "MODIFICATION"
    table = q.entities(
        index_of(request), entity_type=wanted, filters=chosen.filters(leaves_the_tool=False)
    )
    return render(
        request, "entities.html", chosen, table=table, wanted=wanted.upper(), types=ENTITY_TYPES
    )


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, chosen: Chosen) -> HTMLResponse:
    """Papers, pages and passages at or below the ceiling, and what it holds back."""
    stats = q.stats(index_of(request), chosen.filters(leaves_the_tool=False))
    return render(request, "stats.html", chosen, stats=stats)
