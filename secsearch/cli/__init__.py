"""The command-line interface: thin click commands over the library.

Each command validates its options, calls one library function and hands the typed result to
`render` (through `options.echo_result`); library errors become one `Error:` line with a hint.
Exit statuses, colour and interruption are handled once, here.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .. import __version__
from .catalog import check, entities, glossary, papers, show, stats
from .files import extract, ingest
from .finding import export, mentions, search, timeline
from .lifecycle import history, modifications, refs
from .opening import open_command
from .options import EXIT_INTERRUPTED
from .serve import serve

EPILOG = """\b
Environment:
  SECSEARCH_INDEX               index folder (default ./index)
  SECSEARCH_CORPUS              folder of PDFs for `ingest` (default ./corpus)
  SECSEARCH_MAX_CLASSIFICATION  highest level shown (default green)
  SECSEARCH_TIMEOUT             seconds one PDF may take (default 60)
  SECSEARCH_OPENER              program `open` runs on a PDF link (default: the system's)
  NO_COLOR                      set to anything: no colour (like --color never)

\b
Exit status:
  0  found something / done
  1  nothing found (search, mentions, timeline, export, papers, modifications), or some PDFs
     failed (ingest)
  2  an error (bad option or query, no index, a damaged index, a file that cannot be written)
  130  interrupted (Ctrl-C)
"""


class SecsearchGroup(click.Group):
    """The command group: `-h`, `--color`, and exit statuses as documented in EPILOG."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.exceptions.Abort:
            # Ctrl-C (click turns KeyboardInterrupt into Abort): the shell's convention.
            click.echo("interrupted", err=True)
            return _leave(EXIT_INTERRUPTED, standalone_mode)
        except click.ClickException as e:
            e.show()
            return _leave(e.exit_code, standalone_mode)
        return _leave(result if isinstance(result, int) else 0, standalone_mode)


def _leave(code: int, standalone_mode: bool) -> int:
    if standalone_mode:
        sys.exit(code)
    return code


@click.group(
    cls=SecsearchGroup,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="secsearch")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour matched words; auto: only on a terminal, and not when NO_COLOR is set.",
)
@click.pass_context
def main(ctx: click.Context, color: str) -> None:
    """Search the papers of the SEC Panel and its Sub-Committees.

    \b
    Examples:
      secsearch ingest                       # index ./corpus
      secsearch search SPOTI                 # passages, counted by year
      secsearch mentions MP067               # every mention, oldest first
      secsearch export --mentions MP067 -o mp067.csv
    """
    if color == "always":
        ctx.color = True
    elif color == "never" or os.environ.get("NO_COLOR"):
        ctx.color = False


for command in (
    extract,
    ingest,
    search,
    mentions,
    export,
    timeline,
    history,
    modifications,
    refs,
    show,
    papers,
    entities,
    glossary,
    stats,
    check,
    serve,
    open_command,
):
    main.add_command(command)
