"""The pages that find passages: search, an entity's mentions, downloads, and a paper's PDF.

Each route reads its parameters, calls one library function and renders a template, as a CLI
command does. What a page shows is computed under the display ceiling (Green unless the
`classification` filter raises it); what leaves the tool (downloads, PDFs) under the export
ceiling, which needs `include_classified` to reach Amber or Red.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse

from ..errors import QueryError
from ..export import export_hits
from ..index import Filters, Index
from ..policy import ceiling
from ..query import ModificationHistory, entity_targets, history
from ..query.browse import find_passages, paper_pdf, year_span
from .params import Chosen
from .views import error_response, index_of, render

router = APIRouter(include_in_schema=False)

PER_PAGE = 10
MENTIONS_PER_PAGE = 50
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "md": ("text/markdown; charset=utf-8", "md"),
}
QueryText = Annotated[str | None, Query(description="Whoosh query syntax, as `secsearch search`")]


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, chosen: Chosen, q: QueryText = None) -> HTMLResponse:
    """Search: one box, filters, ranked passages with citations, counts per year and committee."""
    result = error = None
    if q and q.strip():
        try:
            result = find_passages(
                index_of(request),
                query=q,
                filters=chosen.filters(leaves_the_tool=False),
                papers=chosen.papers,
                sort=chosen.sort,
                offset=(chosen.page - 1) * PER_PAGE,
                limit=PER_PAGE,
            )
        except QueryError as e:
            error = e
    return render(
        request,
        "search.html",
        chosen,
        status=400 if error else 200,
        q=q or "",
        result=result,
        error=error,
        per_page=PER_PAGE,
        years=year_span(result.by_year) if result else [],
    )


@router.get("/mentions/{ident:path}", response_class=HTMLResponse)
def mentions_page(request: Request, chosen: Chosen, ident: Annotated[str, Path()]) -> HTMLResponse:
    """Every passage mentioning a modification (any spelling) or an entity value, oldest first."""
    ix = index_of(request)
    filters = chosen.filters(leaves_the_tool=False)
    result = find_passages(
        ix,
        ident=ident,
        filters=filters,
        papers=chosen.papers,
        sort=chosen.sort,
        offset=(chosen.page - 1) * MENTIONS_PER_PAGE,
        limit=MENTIONS_PER_PAGE,
    )
    targets = entity_targets(ix, ident, filters)
    return render(
        request,
        "mentions.html",
        chosen,
        status=200 if result.total or targets else 404,
        ident=ident,
        result=result,
        targets=targets,
        per_page=MENTIONS_PER_PAGE,
        years=year_span(result.by_year),
        history=modification_history(ix, targets, filters),
    )


def modification_history(
    ix: Index, targets: list[tuple[str, str]], filters: Filters
) -> ModificationHistory | None:
    """A modification's lifecycle (raised, assessed, decided, implemented), shown at the top of
    its mentions page: what `secsearch history` prints, under the same ceiling; None for any
    other entity, or when no permitted passage states a step."""
    mods = [value for kind, value in targets if kind == "MODIFICATION"]
    if not mods:
        return None
    try:
        found = history(ix, mods[0], filters=filters)
    except QueryError:
        return None
    return found if found.events else None


@router.get("/export")
def export_download(
    request: Request,
    chosen: Chosen,
    q: QueryText = None,
    ident: Annotated[str | None, Query(description="export the mentions of this id")] = None,
    format: Annotated[Literal["csv", "json", "md"], Query(description="csv, json or md")] = "csv",
) -> Response:
    """The current results as a download, from the same export code as `secsearch export`:
    Amber/Red passages only with include_classified, and then marked."""
    if bool(q and q.strip()) == bool(ident and ident.strip()):
        return error_response(request, 400, "give either q (a query) or ident (an id)")
    result = find_passages(
        index_of(request),
        query=q if q and q.strip() else None,
        ident=ident if not (q and q.strip()) else None,
        filters=chosen.filters(leaves_the_tool=True),
        papers=chosen.papers,
        sort=chosen.sort,
        limit=None,
        snippets=False,
    )
    title = f"Mentions of {ident}" if ident and not q else f"Search: {q}"
    done = export_hits(
        result.hits, format, ceiling=result.ceiling, held_back=result.held_back, title=title
    )
    media_type, extension = EXPORT_TYPES[format]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", (q or ident or "").strip()).strip("-.")[:60]
    headers = {
        "Content-Disposition": f'attachment; filename="secsearch-{stem or "export"}.{extension}"',
        "X-Secsearch-Summary": done.summary().encode("ascii", "replace").decode(),
    }
    return Response(done.content, media_type=media_type, headers=headers)


@router.get("/pdf/{key}")
def pdf_file(request: Request, chosen: Chosen, key: str) -> Response:
    """The PDF of an indexed paper, named by its sha256 only: no path can be asked for. A PDF
    leaves the tool, so one holding Amber/Red text needs include_classified as a download."""
    if not re.fullmatch(r"[0-9a-f]{64}", key):
        return error_response(request, 404, "no indexed PDF has that key")
    top = ceiling(
        chosen.classification,
        include_classified=chosen.include_classified,
        leaves_the_tool=True,
    )
    try:
        path = paper_pdf(index_of(request), key, top)
    except QueryError as e:
        return error_response(request, 404, str(e), e.hint)
    return FileResponse(
        path, media_type="application/pdf", filename=path.name, content_disposition_type="inline"
    )
