"""The JSON API under /api/: the library's results with the CLI's JSON field names, and a page
that documents it from its OpenAPI description (served here; nothing loads from elsewhere).

JSON leaves the tool, so every route stops at Green unless `include_classified` is given, as
`--format json` does on the CLI.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from .. import query as q
from ..index import Filters
from ..models import Hit
from ..policy import is_restricted
from ..query.browse import PaperList, PaperPassages, ResultPage, find_passages, paper_with_passages
from ..query.browse import papers as list_papers
from .params import Asked, Chosen
from .views import index_of, render

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000, description="hits per page")]


class ApiHit(Hit):
    """A hit as `secsearch search --format json` writes it: every Hit field and `restricted`."""

    restricted: bool


class ApiResultPage(ResultPage):
    hits: list[ApiHit]  # type: ignore[assignment]


def _api_page(result: ResultPage) -> ApiResultPage:
    hits = [
        ApiHit(**h.model_dump(), restricted=is_restricted(h.classification)) for h in result.hits
    ]
    return ApiResultPage(**{**result.model_dump(exclude={"hits"}), "hits": hits})


def _filters(chosen: Asked) -> Filters:
    return chosen.filters(leaves_the_tool=True)


@router.get("/search", response_model=ApiResultPage)
def api_search(
    request: Request,
    chosen: Chosen,
    q: Annotated[str, Query(description="Whoosh query syntax, as `secsearch search`")],
    limit: Limit = 10,
) -> ApiResultPage:
    """Ranked passages for a query, a page at a time, with counts per year and per committee."""
    return _api_page(
        find_passages(
            index_of(request),
            query=q,
            filters=_filters(chosen),
            papers=chosen.papers,
            sort=chosen.sort,
            offset=(chosen.page - 1) * limit,
            limit=limit,
        )
    )


@router.get("/mentions/{ident:path}", response_model=ApiResultPage)
def api_mentions(
    request: Request,
    chosen: Chosen,
    ident: Annotated[str, Path(description="a modification in any spelling, or an entity value")],
    limit: Limit = 50,
) -> ApiResultPage:
    """Every passage mentioning an id, oldest first (unless `sort` says otherwise)."""
    return _api_page(
        find_passages(
            index_of(request),
            ident=ident,
            filters=_filters(chosen),
            papers=chosen.papers,
            sort=chosen.sort,
            offset=(chosen.page - 1) * limit,
            limit=limit,
        )
    )


@router.get("/timeline", response_model=q.TimelineResult)
def api_timeline(
    request: Request,
    chosen: Chosen,
    q_: Annotated[str, Query(alias="q", description="Whoosh query syntax")],
    by: Annotated[Literal["year", "month"], Query(description="year or month")] = "year",
) -> q.TimelineResult:
    """Matching passages per year or month, gaps filled with zeros."""
    return q.timeline(index_of(request), q_, by=by, filters=_filters(chosen))


@router.get("/papers", response_model=PaperList)
def api_papers(request: Request, chosen: Chosen) -> PaperList:
    """Every paper within the filters, newest first."""
    return list_papers(index_of(request), _filters(chosen))


@router.get("/papers/{ident:path}", response_model=list[PaperPassages])
def api_paper(
    request: Request,
    chosen: Chosen,
    ident: Annotated[str, Path(description="a paper reference (or the start of its sha256)")],
) -> list[PaperPassages]:
    """The paper(s) with a reference: outline (as `secsearch show`) and every passage."""
    return paper_with_passages(index_of(request), ident, _filters(chosen))


@router.get("/entities", response_model=q.EntityTable)
def api_entities(
    request: Request,
    chosen: Chosen,
    type: Annotated[str | None, Query(description="one entity type")] = None,
) -> q.EntityTable:
    """Canonical entity values with passage counts and first and last paper."""
    return q.entities(index_of(request), entity_type=type, filters=_filters(chosen))


@router.get("/glossary", response_model=q.Glossary)
def api_glossary(
    request: Request,
    chosen: Chosen,
    acronym: Annotated[str | None, Query(description="one acronym")] = None,
) -> q.Glossary:
    """Acronyms with every expansion the papers define."""
    return q.glossary(index_of(request), acronym or None, _filters(chosen))


@router.get("/stats", response_model=q.IndexStats)
def api_stats(request: Request, chosen: Chosen) -> q.IndexStats:
    """Papers, pages and passages at or below the ceiling, and how many are held back."""
    return q.stats(index_of(request), _filters(chosen))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def api_page(request: Request, chosen: Chosen) -> HTMLResponse:
    """The API's routes, parameters and result fields, read from its OpenAPI description."""
    spec = request.app.openapi()
    routes: list[dict[str, Any]] = []
    for path, methods in spec["paths"].items():
        op = methods["get"]
        routes.append(
            {
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                "result": _result_name(op),
            }
        )
    return render(request, "api.html", None, routes=routes, schemas=_schemas(spec))


def _result_name(op: dict[str, Any]) -> str:
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    if "items" in schema:
        return "list of " + schema["items"].get("$ref", "").rsplit("/", 1)[-1]
    return str(schema.get("$ref", "").rsplit("/", 1)[-1])


def _schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        if name in ("HTTPValidationError", "ValidationError") or "properties" not in schema:
            continue
        out.append({"name": name, "fields": list(schema["properties"])})
    return out
