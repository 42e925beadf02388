"""The command-line interface: thin click commands over the library.

Each command validates its options, calls one library function and hands the typed result to
`render` (through `options.echo_result`); library errors become one `Error:` line with a hint.
"""

from __future__ import annotations

import click

from .. import __version__
from .catalog import check, entities, glossary, show, stats
from .files import extract, ingest
from .finding import export, mentions, search, timeline
from .serve import serve


@click.group()
@click.version_option(__version__, prog_name="secsearch")
def main() -> None:
    """Search the papers of the SEC Panel and its Sub-Committees."""


for command in (
    extract,
    ingest,
    search,
    mentions,
    export,
    timeline,
    show,
    entities,
    glossary,
    stats,
    check,
    serve,
):
    main.add_command(command)
