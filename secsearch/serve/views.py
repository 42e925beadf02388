"""What every page shares: links that keep the user's choices, rendering a template with them, and
errors as one line (with the CLI's hint) as a page or as JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..domain import COMMITTEES
from ..index import Index
from ..policy import ceiling
from .params import LEVELS, SORT_LABELS, Asked, query_string


def index_of(request: Request) -> Index:
    return request.app.state.index  # type: ignore[no-any-return]


class Links:
    """URLs for a page's links: the same page with parameters changed, or another page carrying
    the classification the user chose."""

    def __init__(self, request: Request, chosen: Asked) -> None:
        self.request = request
        self.asked = chosen

    def here(self, **changes: Any) -> str:
        """This page's URL with parameters changed (None removes one); back to page 1 unless
        `page` is among the changes."""
        names = {self._name(k) for k in changes} | ({"page"} if "page" not in changes else set())
        params: dict[str, Any] = {}
        for name, value in self.request.query_params.multi_items():
            if name not in names:
                params.setdefault(name, []).append(value)
        for key, value in changes.items():
            if value is not None:
                params[self._name(key)] = value if isinstance(value, list) else str(value)
        return self.request.url.path + query_string(params)

    def to(self, path: str, **params: Any) -> str:
        """Another page, keeping the chosen classification."""
        carried: dict[str, Any] = {"classification": self.asked.classification}
        carried.update({self._name(k): None if v is None else str(v) for k, v in params.items()})
        return path + query_string(carried)

    def mentions(self, value: str) -> str:
        return self.to("/mentions/" + quote(value, safe=""))

    def paper(self, ref: str | None, key: str, anchor: str = "") -> str:
        return self.to("/paper/" + quote(ref or key[:20], safe="")) + (
            f"#{anchor}" if anchor else ""
        )

    @staticmethod
    def _name(key: str) -> str:
        return {"date_from": "from", "date_to": "to"}.get(key, key)


def passage_anchor(hit_id: str) -> str:
    """The id of a passage's element on its paper's page ("p-<key>-<n>")."""
    return "p-" + hit_id.replace(":", "-")


def render(
    request: Request, name: str, chosen: Asked | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page from its template, with the links, filters and ceiling every page shows."""
    chosen = chosen or Asked()
    shown = ceiling(chosen.classification)
    page = request.app.state.templates.get_template(name)
    text = page.render(
        request=request,
        asked=chosen,
        links=Links(request, chosen),
        shown_ceiling=shown,
        levels=LEVELS,
        committees=COMMITTEES,
        sort_labels=SORT_LABELS,
        passage_anchor=passage_anchor,
        year_chosen=year_filter(chosen),
        **context,
    )
    return HTMLResponse(text, status_code=status)


def year_filter(chosen: Asked) -> str | None:
    """The year the filters name, when `from` and `to` are that one whole year."""
    if chosen.date_from and chosen.date_from == chosen.date_to and chosen.date_from.isdigit():
        return chosen.date_from
    return None


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status: int, message: str, hint: str | None = None
) -> Response:
    """One line, and a hint when there is one: JSON under /api/, a page elsewhere."""
    message = " ".join(message.split())
    if wants_json(request):
        body: dict[str, Any] = {"error": message}
        if hint:
            body["hint"] = hint
        return JSONResponse(body, status_code=status)
    return render(request, "error.html", None, status=status, message=message, hint=hint)
