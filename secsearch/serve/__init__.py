"""Stage 8 beside the CLI, serve: the local, read-only web app over the same library functions.

In: an index folder. Out: pages rendered on the server (search, paper, mentions, papers,
glossary, entities, stats, downloads, the PDF at a page) and a JSON API under /api/, built on
`query`, `query.browse` and `export` with the CLI's classification ceilings. FastAPI, Starlette,
Jinja2 and uvicorn live in this package only: `app.py` (the application, safety headers, errors),
`views.py` (links and rendering), `pages.py` and `catalog.py` (the pages), `api.py` (JSON),
`params.py` (shared parameters → filters), `html.py` (escaped, marked text and charts),
`server.py` (binding a socket and running uvicorn).
"""

from __future__ import annotations

from .app import create_app
from .server import Listening, is_loopback, listen, run

__all__ = ["Listening", "create_app", "is_loopback", "listen", "run"]
