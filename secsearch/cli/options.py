"""Options and error handling shared by the commands: defined once, applied by decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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
            message = " ".join(str(e).split())
            hint = f"\nhint: {e.hint}" if e.hint else ""
            raise click.ClickException(message + hint) from None

    return wrapper


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
    """--from, --to, --committee, --max-classification."""
    for option in reversed(
        [
            click.option("--from", "date_from", help="From this year, month or date (2019-03)."),
            click.option("--to", "date_to", help="Up to this year, month or date."),
            click.option("--committee", multiple=True, help="Only this committee (repeatable)."),
            click.option(
                "--max-classification",
                type=click.Choice(["white", "green", "amber", "red"], case_sensitive=False),
                help="Only passages at or below this classification.",
            ),
        ]
    ):
        f = option(f)
    return f


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


def ocr_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--ocr`: when pages are read by OCR (Tesseract)."""
    from ..config import OCR_MODES

    return click.option(
        "--ocr",
        type=click.Choice(OCR_MODES),
        default=None,
        help="Read pages by OCR with Tesseract: auto (pages without a text layer, when "
        "Tesseract is installed), always (every page, ignoring the text layer) or never "
        "(default: $SECSEARCH_OCR, then auto).",
    )(f)


def ocr_setting(ocr: str | None) -> str:
    """The OCR mode from the option or $SECSEARCH_OCR; "always" needs Tesseract installed."""
    from ..config import ocr_mode
    from ..extract import tesseract_installed

    mode = ocr_mode(ocr)
    if mode == "always" and not tesseract_installed():
        raise click.ClickException(
            "--ocr always needs Tesseract, which is not installed\n"
            "hint: apt-get install tesseract-ocr (Debian, Ubuntu), or use --ocr auto"
        )
    return mode


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
    """Print a typed result in the chosen format."""
    from ..render import TextStyle, render

    click.echo(render(result, fmt, style=TextStyle(mark=_bold, path=_shown_path)), nl=False)


def make_filters(
    date_from: str | None, date_to: str | None, committee: tuple[str, ...], max_cls: str | None
) -> Any:
    from ..query import make_filters as make

    return make(
        date_from=date_from, date_to=date_to, committees=committee, max_classification=max_cls
    )
