"""Options and error handling shared by the commands: defined once, applied by decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..policy import MAX_CLASSIFICATION_ENV
from ..render import FORMATS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def explain_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SecsearchError into a one-line click error with its hint: no traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import SecsearchError

        try:
            return f(*args, **kwargs)
        except SecsearchError as e:
            message = printable(" ".join(str(e).split()))
            hint = f"\nhint: {printable(e.hint)}" if e.hint else ""
            raise click.ClickException(message + hint) from None

    return wrapper


def printable(text: str) -> str:
    """Text any terminal can print: what a user typed may hold bytes that are not UTF-8
    (`show $'\\xff'`), which Python carries as lone surrogates; they are shown escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--index`: the index folder."""
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $SECSEARCH_INDEX, then ./index).",
    )(f)


def output_options(
    formats: tuple[str, ...] = FORMATS, default: str = "text", help: str | None = None
) -> Decorator:
    """The one --format option of every command that prints results (its choices vary)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default=default,
        show_default=True,
        help=help or "Readable text, or JSON, CSV or Markdown for other tools.",
    )


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--from, --to, --committee, and the classification options."""
    for option in reversed(
        [
            click.option("--from", "date_from", help="From this year, month or date (2019-03)."),
            click.option("--to", "date_to", help="Up to this year, month or date."),
            click.option("--committee", multiple=True, help="Only this committee (repeatable)."),
        ]
    ):
        f = option(f)
    return classification_options(f)


def classification_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--max-classification and --include-classified: how far past Green an output may go."""
    f = click.option(
        "--include-classified",
        is_flag=True,
        help="Let JSON, CSV, Markdown and exports carry Amber/Red passages too (marked); "
        "without it they stop at Green whatever --max-classification says.",
    )(f)
    return click.option(
        "--max-classification",
        type=click.Choice(["white", "green", "amber", "red"], case_sensitive=False),
        envvar=MAX_CLASSIFICATION_ENV,
        show_envvar=True,
        help="Show passages up to this level (default: green). Unclassified papers count as red.",
    )(f)


def engine_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--engine`: which PDF extraction engine reads the files."""
    from ..extract import DEFAULT_ENGINE, ENGINES

    return click.option(
        "--engine",
        type=click.Choice(sorted(ENGINES)),
        default=DEFAULT_ENGINE,
        show_default=True,
        help="PDF extraction engine (pdfplumber is the slower reference).",
    )(f)


def timeout_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--timeout`: how long one PDF may take before it is stopped and reported."""
    return click.option(
        "--timeout",
        type=click.IntRange(0),
        default=None,
        help="Seconds one PDF may take before it is stopped and reported; 0 for no limit "
        "(default: $SECSEARCH_TIMEOUT, then 60). With --jobs 1 and no limit, PDFs are read "
        "in this process.",
    )(f)


def jobs_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--jobs", type=click.IntRange(1), default=None, help="Worker processes (all cores)."
    )(f)


def _bold(word: str) -> str:
    """A matched word in bold (click drops the styling when output is not a terminal)."""
    return click.style(word, bold=True, fg="yellow")


def _shown_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it: shorter, and portable."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def echo_result(result: Any, fmt: str) -> None:
    """Print a typed result in the chosen format; for formats meant for other tools, what the
    classification ceiling held back is said on stderr."""
    from ..policy import held_back_note
    from ..query import Gated
    from ..render import TextStyle, render

    click.echo(render(result, fmt, style=TextStyle(mark=_bold, path=_shown_path)), nl=False)
    if fmt != "text" and isinstance(result, Gated) and result.held_back:
        click.echo(held_back_note(result.held_back, result.ceiling, leaves_the_tool=True), err=True)


def make_filters(
    fmt: str,
    *,
    max_classification: str | None,
    include_classified: bool,
    date_from: str | None = None,
    date_to: str | None = None,
    committee: tuple[str, ...] = (),
) -> Any:
    """The filters of a command's options; output in `fmt` other than text leaves the tool."""
    from ..query import make_filters as make

    return make(
        date_from=date_from,
        date_to=date_to,
        committees=committee,
        max_classification=max_classification,
        include_classified=include_classified,
        leaves_the_tool=fmt != "text",
    )
