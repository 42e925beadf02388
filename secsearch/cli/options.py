"""Options, output and errors shared by the commands: defined once, applied by decorator.

Conventions (ripgrep, sqlite-utils, llm): `-h`; `--format` inferred from `-o FILE`'s extension;
`-o -` is standard output; an existing file is replaced only with `--force`; every failure is one
`Error:` line (and a `hint:` line) with exit status 2; a search that finds nothing exits 1.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import click

from ..errors import SecsearchError
from ..policy import MAX_CLASSIFICATION_ENV
from ..render import FORMATS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

EXIT_FOUND, EXIT_NOTHING, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXTENSION_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".txt": "text",
    ".dot": "dot",
    ".gv": "dot",
}


class Failure(click.ClickException):
    """A library error as the user sees it: one line, a hint, exit status 2."""

    exit_code = EXIT_ERROR


def printable(text: str) -> str:
    """Text any terminal can print: what a user typed may hold bytes that are not UTF-8
    (`show $'\\xff'`), which Python carries as lone surrogates; they are shown escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def failure(message: str, hint: str | None = None) -> Failure:
    text = printable(" ".join(message.split()))
    return Failure(text + (f"\nhint: {printable(hint)}" if hint else ""))


def explain_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SecsearchError into a one-line error with its hint (exit status 2): no traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except SecsearchError as e:
            raise failure(str(e), e.hint) from None

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
    """--format (its choices vary by command), -o/--output and --force."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--force", is_flag=True, help="Replace the file -o names if it exists.")(f)
        f = click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path, allow_dash=True),
            default=None,
            help="Write to this file ('-' for standard output); its extension sets --format.",
        )(f)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=None,
            help=(help or "Readable text, or JSON, CSV or Markdown for other tools.")
            + f"  [default: {default}, or from -o's extension]",
        )(f)

    return decorate


def chosen_format(
    fmt: str | None, output: Path | None, formats: tuple[str, ...], default: str
) -> str:
    """The format asked for, else the one -o's extension names, else the command's default."""
    if fmt:
        return fmt
    if output is not None and str(output) != "-":
        inferred = EXTENSION_FORMATS.get(output.suffix.lower())
        if inferred in formats:
            return inferred
    return default


def write_output(text: str, output: Path | None, *, force: bool) -> None:
    """Print `text`, or write it to `output` ('-' is standard output).

    A regular file is written whole or not at all (a temporary file renamed into place); an
    existing one only with `force`; a device or pipe (/dev/full, a FIFO) is written directly.
    Every failure is one line naming the absolute path.
    """
    if output is None or str(output) == "-":
        try:
            click.echo(text, nl=False)
        except OSError as e:
            raise failure(f"cannot write to standard output: {e.strerror}") from None
        return
    target = output.resolve()
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise failure(f"cannot write {target}: {e.strerror}") from None
    if st is not None and stat.S_ISREG(st.st_mode) and not force:
        raise failure(f"{target} exists", hint="add --force to replace it")
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise failure(f"cannot write {target}: it is a folder", hint="give -o a file name")
    data = text.encode("utf-8")
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(target, "wb") as f:
                f.write(data)
            return
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as e:
        raise failure(
            f"cannot write {target}: {e.strerror}",
            hint="check that the folder exists and can be written",
        ) from None


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
    """A matched word in bold (dropped when colour is off: not a terminal, NO_COLOR, --color)."""
    return click.style(word, bold=True, fg="yellow")


def _shown_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it: shorter, and portable."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def rendered(result: Any, fmt: str) -> str:
    """A typed result in the chosen format (matched words styled in text for a terminal)."""
    from ..render import TextStyle, render

    return render(result, fmt, style=TextStyle(mark=_bold, path=_shown_path))


def echo_result(result: Any, fmt: str, output: Path | None = None, *, force: bool = False) -> None:
    """Print or write a typed result; for formats meant for other tools, what the classification
    ceiling held back is said on stderr (the text format says it in its last line)."""
    from ..policy import held_back_note
    from ..query import Gated

    write_output(rendered(result, fmt), output, force=force)
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
