"""The FastAPI application: one open `Index` for its lifetime, the pages and the JSON API, safety
headers, and every error as one line (with the CLI's hint) instead of a traceback.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import IndexAccessError, SecsearchError
from ..index import Index
from . import html
from .views import error_response

STATIC = Path(__file__).parent / "static"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")

# Everything a page uses comes from the app itself: no script, style, font or image from
# elsewhere can load, and no other site may frame the pages or receive their forms.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def templates() -> Environment:
    """The Jinja2 environment: HTML autoescaped, a missing variable an error."""
    env = Environment(
        loader=PackageLoader("secsearch.serve", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        badge=html.badge,
        marked_snippet=html.marked_snippet,
        bars=html.bars,
        CHART_WIDTH=html.CHART_WIDTH,
        CHART_HEIGHT=html.CHART_HEIGHT,
        CHART_BASELINE=html.CHART_BASELINE,
        version=__version__,
    )
    return env


def create_app(index_dir: Path, *, allowed_hosts: Sequence[str] = LOOPBACK_NAMES) -> FastAPI:
    """The web app over the index at `index_dir`, opened now (IndexAccessError if there is none)
    and kept open: each request reads the latest commit, so a re-ingest shows at the next one.

    `allowed_hosts` are the Host headers answered (others get 400), so a page elsewhere cannot
    reach a loopback server through a name it rebinds to 127.0.0.1; ("*",) allows any.
    """
    from . import api, catalog, pages

    ix = Index(index_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        ix.close()

    app = FastAPI(
        title="secsearch",
        version=__version__,
        summary="Search the papers of the SEC Panel and its Sub-Committees (read-only).",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        # FastAPI's own documentation pages load their scripts from a CDN; /api/ is served here.
        docs_url=None,
        redoc_url=None,
    )
    app.state.index = ix
    app.state.templates = templates()
    app.include_router(pages.router)
    app.include_router(catalog.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app)
    app.middleware("http")(_safety_headers)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


async def _safety_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Safety headers on every response, and the server's time in `Server-Timing`."""
    started = time.perf_counter()
    response = await call_next(request)
    response.headers.update(SAFETY_HEADERS)
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


def status_of(error: SecsearchError) -> int:
    """503 when the index cannot be read (missing, damaged, of another version); 400 for what
    the request asked (a query, a date, a committee or a level that cannot be read)."""
    return 503 if isinstance(error, IndexAccessError) else 400


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SecsearchError)
    async def library_error(request: Request, error: SecsearchError) -> Response:
        return error_response(request, status_of(error), str(error), error.hint)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = first.get("loc", ("", "?"))[-1]
        return error_response(
            request, 400, f"invalid value for {where!s}: {first.get('msg', 'not understood')}"
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        messages = {404: "no such page", 405: "this server is read-only: only GET is answered"}
        default = error.detail == HTTPStatus(error.status_code).phrase
        message = messages.get(error.status_code, str(error.detail)) if default else error.detail
        response = error_response(request, error.status_code, message)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # Never a traceback in a page: one line naming the kind of failure.
        return error_response(request, 500, f"internal error ({type(error).__name__})")
