"""What a request asks for: the query parameters every page and API route shares, and the filters
and classification ceiling they make (through `query.make_filters`, exactly as the CLI's options).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Depends, Query

from ..index import Filters
from ..query import make_filters

Sort = Literal["relevance", "date", "-date"]
SORT_LABELS: dict[str, str] = {
    "relevance": "relevance",
    "date": "oldest first",
    "-date": "newest first",
}
LEVELS = ("white", "green", "amber", "red")
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Asked:
    """The shared parameters of one request, empty form fields read as not given."""

    date_from: str | None = None
    date_to: str | None = None
    committees: tuple[str, ...] = ()
    classification: str | None = None
    include_classified: bool = False
    paper: str | None = None
    sort: Sort | None = None
    page: int = 1

    def filters(self, *, leaves_the_tool: bool) -> Filters:
        """The index filters; output that leaves the tool (downloads, the JSON API) stops at
        Green unless `include_classified`, as on the CLI."""
        return make_filters(
            date_from=self.date_from,
            date_to=self.date_to,
            committees=self.committees,
            max_classification=self.classification,
            include_classified=self.include_classified,
            leaves_the_tool=leaves_the_tool,
            option_names=("from", "to"),
        )

    @property
    def papers(self) -> tuple[str, ...]:
        return (self.paper,) if self.paper else ()

    def params(self) -> dict[str, str | list[str]]:
        """These parameters as a query string would carry them (only those given)."""
        out: dict[str, str | list[str]] = {}
        for name, value in (
            ("from", self.date_from),
            ("to", self.date_to),
            ("classification", self.classification),
            ("paper", self.paper),
            ("sort", self.sort),
        ):
            if value:
                out[name] = value
        if self.committees:
            out["committee"] = list(self.committees)
        if self.include_classified:
            out["include_classified"] = "1"
        if self.page > 1:
            out["page"] = str(self.page)
        return out


def _blank_is_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def asked(
    date_from: Annotated[
        str | None, Query(alias="from", description="from this year, month or date (2019-03)")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="up to this year, month or date")
    ] = None,
    committee: Annotated[
        list[str] | None, Query(description="only this committee (code or name; repeatable)")
    ] = None,
    classification: Annotated[
        str | None,
        Query(description="show passages up to this level: white, green (default), amber, red"),
    ] = None,
    include_classified: Annotated[
        bool,
        Query(description="let downloads and the JSON API carry Amber/Red passages (marked)"),
    ] = False,
    paper: Annotated[str | None, Query(description="only the paper with this reference")] = None,
    sort: Annotated[
        Sort | None, Query(description="relevance, date (oldest first) or -date (newest first)")
    ] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page of results, from 1")] = 1,
) -> Asked:
    """The shared parameters, as a FastAPI dependency (so the OpenAPI page lists them)."""
    return Asked(
        date_from=_blank_is_none(date_from),
        date_to=_blank_is_none(date_to),
        committees=tuple(c for c in (committee or []) if c.strip()),
        classification=_blank_is_none(classification),
        include_classified=include_classified,
        paper=_blank_is_none(paper),
        sort=sort,
        page=page,
    )


def query_string(params: dict[str, str | list[str] | None]) -> str:
    """`?a=1&b=2` for the parameters that have a value; empty for none."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None or value == "":
            continue
        for v in value if isinstance(value, list) else [value]:
            pairs.append((name, v))
    return "?" + urlencode(pairs) if pairs else ""


# The shared parameters as a route argument: `chosen: Chosen`.
Chosen = Annotated[Asked, Depends(asked)]
