"""Command-line interface: thin click commands over the library."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__


def engine_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--engine`: which PDF extraction engine reads the files."""
    from .extract import DEFAULT_ENGINE, ENGINES

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


@click.group()
@click.version_option(__version__, prog_name="secsearch")
def main() -> None:
    """Search the papers of the SEC Panel and its Sub-Committees."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON (the Paper model) or a readable outline.",
)
@click.option("--jobs", type=click.IntRange(1), default=None, help="Worker processes (all cores).")
@engine_option
@timeout_option
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse extractions kept beside the index ($SECSEARCH_INDEX, then ./index).",
)
@click.pass_context
def extract(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    jobs: int | None,
    engine: str,
    timeout: int | None,
    cache: bool,
) -> None:
    """Print the structured, tagged paper(s) read from PDF files or folders of PDFs.

    Unreadable files are listed at the end on stderr, one `error: PATH: reason` line each;
    the others still print, and the exit status is 1 if any file failed.

    Example: secsearch extract corpus/ --format text
    """
    import json

    from . import config
    from .extract import pdfs_under
    from .models import FileFailure, Paper
    from .outline import paper_outline
    from .pipeline import process_files

    files = pdfs_under(paths)
    where = config.cache_dir(config.index_dir()) if cache else None
    limit = config.file_timeout(timeout)
    results = list(process_files(files, jobs=jobs, cache=where, engine=engine, timeout=limit))
    order = {str(p): i for i, p in enumerate(files)}

    def path_of(r: Paper | FileFailure) -> str:
        return r.source.path if isinstance(r, Paper) else r.path

    results.sort(key=lambda r: order.get(path_of(r), len(order)))
    papers = [r for r in results if isinstance(r, Paper)]
    failures = [r for r in results if isinstance(r, FileFailure)]
    if fmt == "text":
        for paper in papers:
            click.echo(paper_outline(paper))
    elif papers:
        dumped = [p.model_dump(mode="json") for p in papers]
        single = len(paths) == 1 and not paths[0].is_dir()
        click.echo(json.dumps(dumped[0] if single else dumped, indent=2, ensure_ascii=False))
    # Failures come last, together, so a long batch's output ends with what needs attention.
    for f in failures:
        click.echo(f"error: {f.path}: {f.reason}", err=True)
    if failures and len(results) > 1:
        click.echo(f"{len(failures)} of {len(results)} PDFs failed", err=True)
    if failures:
        ctx.exit(1)


# --------------------------------------------------------------------------- search side
# Commands below are thin: parse options, call one library function, hand the result to render().

FORMATS = ("text", "json", "csv", "md")


def explain_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SecsearchError into a one-line click error with its hint: no traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import SecsearchError

        try:
            return f(*args, **kwargs)
        except SecsearchError as e:
            message = " ".join(str(e).split())
            hint = f"\nhint: {e.hint}" if e.hint else ""
            raise click.ClickException(message + hint) from None

    return wrapper


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $SECSEARCH_INDEX, then ./index).",
    )(f)


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The one --format option of every command that prints results."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Readable text, or JSON, CSV or Markdown for other tools.",
    )(f)


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
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


def _filters(
    date_from: str | None, date_to: str | None, committee: tuple[str, ...], max_cls: str | None
) -> Any:
    from .query import make_filters

    return make_filters(
        date_from=date_from, date_to=date_to, committees=committee, max_classification=max_cls
    )


def render(result: Any, fmt: str, text: Callable[[Any], str]) -> None:
    """Print a result: `text(result)` for people, otherwise JSON, CSV or Markdown."""
    from .export import render_hits
    from .query import SearchResult

    if fmt == "text":
        click.echo(text(result), nl=False)
    elif isinstance(result, SearchResult):  # hits render as exports do, with citations
        click.echo(render_hits(result.hits, fmt), nl=False)  # type: ignore[arg-type]
    elif fmt == "json":
        click.echo(json.dumps(_jsonable(result), indent=2, ensure_ascii=False))
    else:
        click.echo(_table(_rows(result), markdown=fmt == "md"), nl=False)


def _jsonable(result: Any) -> Any:
    if isinstance(result, list):
        return [_jsonable(r) for r in result]
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


def _rows(result: Any) -> list[dict[str, Any]]:
    items = result if isinstance(result, list) else [result]
    rows: list[dict[str, Any]] = []
    for item in items:
        data = _jsonable(item)
        if hasattr(item, "counts"):  # a timeline: one row per period
            rows += [{"period": k, "passages": n} for k, n in item.counts]
            continue
        if "forms" in data:  # a glossary entry: one row per expansion
            rows += [{"short": data["short"], **form} for form in data["forms"]]
            continue
        rows.append(
            {
                k: v if isinstance(v, str | int | float) or v is None else json.dumps(v)
                for k, v in data.items()
            }
        )
    return rows


def _table(rows: list[dict[str, Any]], *, markdown: bool) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    if not markdown:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = ["" if row[c] is None else str(row[c]).replace("|", "\\|") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _bold_marks(snippet: str) -> str:
    """**marked** words of a snippet in bold (click drops the styling when not on a terminal)."""

    def bold(m: re.Match[str]) -> str:
        return click.style(m.group(1), bold=True, fg="yellow")

    return re.sub(r"\*\*(.+?)\*\*", bold, snippet)


def _year_line(total: int, by_year: dict[str, int]) -> str:
    counts = " · ".join(f"{y}: {n}" for y, n in by_year.items())
    return f"{total} matching passage{'s' if total != 1 else ''} · {counts}\n"


def _hits_text(result: Any) -> str:
    if not result.hits:
        lines = ["no results"]
        if result.suggestion:
            lines.append(f"did you mean: {result.suggestion}")
        return "\n".join(lines) + "\n"
    out: list[str] = []
    for i, h in enumerate(result.hits, 1):
        cls = f" [{h.classification.value.upper()}]" if h.classification else ""
        out.append(f"{i}. {h.citation}{cls}\n   {_bold_marks(h.snippet)}\n")
    shown = "" if len(result.hits) == result.total else f"showing {len(result.hits)} of "
    out.append(shown + _year_line(result.total, result.by_year))
    return "\n".join(out)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--jobs", type=click.IntRange(1), default=None, help="Worker processes (all cores).")
@click.option("--rebuild", is_flag=True, help="Recreate the index (keeps the extraction cache).")
@engine_option
@timeout_option
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=100,
    show_default=True,
    help="Papers per commit; a crash loses at most the batch in progress.",
)
@explain_errors
def ingest(
    paths: tuple[Path, ...],
    index_path: Path | None,
    jobs: int | None,
    rebuild: bool,
    engine: str,
    timeout: int | None,
    batch_size: int,
) -> None:
    """Index new and changed PDFs; drop removed ones.

    PATHS are PDFs or folders (default: $SECSEARCH_CORPUS, then ./corpus). Unchanged files are
    skipped by size and modification time, renamed ones by content hash. Ends with one summary line.

    Example: secsearch ingest corpus/ --jobs 2
    """
    from . import config, pipeline
    from . import ingest as ingesting

    roots = list(paths) or [config.corpus_dir()]
    missing = [r for r in roots if not r.exists()]
    if missing:
        raise click.ClickException(f"no such folder: {missing[0]}\nhint: pass PDF paths or folders")
    where = config.index_dir(index_path)

    def process(todo: list[Path], hashes: dict[Path, str]) -> Iterator[Any]:
        return pipeline.process_files(
            todo,
            jobs=jobs,
            cache=config.cache_dir(where),
            engine=engine,
            hashes=hashes,
            timeout=config.file_timeout(timeout),
        )

    summary = ingesting.ingest(
        where,
        roots,
        process=process,
        rebuild=rebuild,
        batch_size=batch_size,
        iter_wrapper=_progress_bar(),
    )
    for f in summary.failures:
        click.echo(f"error: {f.path}: {f.reason}", err=True)
    click.echo(f"ingest: {summary.line()}")
    if summary.failures:
        sys.exit(1)


def _progress_bar() -> Callable[[Iterator[Any], int], Iterator[Any]] | None:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def wrap(results: Iterator[Any], length: int) -> Iterator[Any]:
        with click.progressbar(length=length, label="ingesting", file=sys.stderr) as bar:
            for r in results:
                bar.update(1)
                yield r

    return wrap


@main.command()
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@index_option
@output_options
@explain_errors
def search(
    query: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    limit: int,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Ranked passages matching QUERY, then counts per year over all matches.

    Whoosh syntax: AND / OR / NOT, "phrases", wildcards (SMET*), field:value (year:2019,
    committee:SSC, modification:MP067). A modification id in any spelling matches every spelling;
    an acronym also finds its expansions.

    Example: secsearch search SPOTI --from 2019 --committee SSC
    """
    from . import config
    from . import query as q

    filters = _filters(date_from, date_to, committee, max_classification)
    result = q.search(config.index_dir(index_path), query, filters=filters, limit=limit)
    render(result, fmt, _hits_text)


@main.command()
@click.argument("ident")
@filter_options
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many (oldest).")
@index_option
@output_options
@explain_errors
def mentions(
    ident: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    limit: int | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Every passage mentioning IDENT, oldest first, each with its citation.

    IDENT is a modification in any spelling (SECMP0067, MP67, DP067) or the canonical value of
    any entity (SPOTI, DCC, SECP_66_1503_19).

    Example: secsearch mentions SECMP0067
    """
    from . import config
    from . import query as q

    filters = _filters(date_from, date_to, committee, max_classification)
    result = q.mentions(config.index_dir(index_path), ident, filters=filters, limit=limit)
    render(result, fmt, _hits_text)


@main.command()
@click.argument("query", required=False)
@click.option("--mentions", "ident", help="Export the mentions of this id instead of a query.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--include-classified", is_flag=True, help="Include Amber and Red passages, marked.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many passages.")
@filter_options
@index_option
@explain_errors
def export(
    query: str | None,
    ident: str | None,
    fmt: str,
    output: Path | None,
    include_classified: bool,
    limit: int | None,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    index_path: Path | None,
) -> None:
    """Full passages with citations and classification, for a report.

    Amber and Red passages are left out unless --include-classified; the summary (on stderr)
    says how many.

    Example: secsearch export --mentions MP067 --format csv -o mp067.csv
    """
    from . import config
    from . import query as q
    from .export import export_hits

    if (query is None) == (ident is None):
        raise click.UsageError("give either QUERY or --mentions ID")
    where = config.index_dir(index_path)
    filters = _filters(date_from, date_to, committee, max_classification)
    # An export prints whole passages: no highlighted snippets to compute.
    if ident is not None:
        result = q.mentions(where, ident, filters=filters, limit=limit, snippets=False)
    else:
        result = q.search(where, query or "", filters=filters, limit=limit, snippets=False)
    title = f"Mentions of {ident}" if ident else f"Search: {query}"
    done = export_hits(result.hits, fmt, include_classified=include_classified, title=title)  # type: ignore[arg-type]
    if output:
        output.write_text(done.content, encoding="utf-8", newline="")
    else:
        click.echo(done.content, nl=False)
    click.echo(done.summary(), err=True)


def _timeline_text(result: Any) -> str:
    if not result.total:
        return "no results\n"
    peak = max(n for _, n in result.counts) or 1
    width = max(len(k) for k, _ in result.counts)
    lines = [f"{k:<{width}} {'█' * round(40 * n / peak):<40} {n}" for k, n in result.counts]
    return "\n".join(lines) + f"\n{result.total} matching passages\n"


@main.command()
@click.argument("query")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@filter_options
@index_option
@output_options
@explain_errors
def timeline(
    query: str,
    by: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Matching passages per year or month, as a bar chart.

    Example: secsearch timeline SPOTI --by year
    """
    from . import config
    from . import query as q

    filters = _filters(date_from, date_to, committee, max_classification)
    result = q.timeline(config.index_dir(index_path), query, by=by, filters=filters)  # type: ignore[arg-type]
    render(result, fmt, _timeline_text)


def _date(d: Any) -> str:
    from .query import format_date

    return format_date(d) if d else "undated"


def _shown_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it: shorter, and portable."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _outline_text(outlines: list[Any]) -> str:
    from .query import page_label

    out: list[str] = []
    for o in outlines:
        cls = o.classification.value.upper() if o.classification else "UNCLASSIFIED"
        out.append(f"{o.ref or '(no reference)'}  {o.title}")
        meta = [_date(o.date), o.action or "", cls, f"meeting {o.meeting}" if o.meeting else ""]
        out.append(
            " · ".join(m for m in meta if m) + f" · {o.page_count} pages · {_shown_path(o.source)}"
        )
        for s in o.sections:
            committees = f"  [{', '.join(s.committees)}]" if s.committees else ""
            out.append(f"{'  ' * s.level}{s.label}  {page_label(s.pages)}{committees}")
        for a in o.attachments:
            level = (a.get("classification") or "unclassified").upper()
            out.append(f"  attachment: {a['title']} [{level}]")
        for etype, values in sorted(o.entity_counts.items()):
            top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{v} ×{n}" for v, n in top[:8])
            more = f", … ({len(top) - 8} more)" if len(top) > 8 else ""
            out.append(f"  {etype}: {shown}{more}")
        out.append("")
    return "\n".join(out)


@main.command()
@click.argument("ref")
@index_option
@output_options
@explain_errors
def show(ref: str, index_path: Path | None, fmt: str) -> None:
    """A paper's outline: sections, pages, committees, entity counts.

    Example: secsearch show SECP_66_1503_19
    """
    from . import config
    from . import query as q

    render(q.show(config.index_dir(index_path), ref), fmt, _outline_text)


def _entities_text(stats: list[Any]) -> str:
    return "".join(
        f"{s.type:<12} {s.value:<32} {s.passages:>5}  {s.first_ref or '-'} {_date(s.first_date)}"
        f" → {s.last_ref or '-'} {_date(s.last_date)}\n"
        for s in stats
    )


@main.command()
@click.option("--type", "entity_type", help="Only this entity type (MODIFICATION, ORG, …).")
@index_option
@output_options
@explain_errors
def entities(entity_type: str | None, index_path: Path | None, fmt: str) -> None:
    """Canonical entity values with passage counts and first and last paper.

    Example: secsearch entities --type MODIFICATION
    """
    from . import config
    from . import query as q

    render(q.entities(config.index_dir(index_path), entity_type=entity_type), fmt, _entities_text)


def _glossary_text(entries: list[Any]) -> str:
    out: list[str] = []
    for e in entries:
        for f in e.forms:
            out.append(
                f"{e.short:<10} {f.long}  ({f.papers} paper{'s' if f.papers != 1 else ''}, "
                f"{f.first_ref or '-'} {_date(f.first_date)} → "
                f"{f.last_ref or '-'} {_date(f.last_date)})"
            )
    return "\n".join(out) + "\n" if out else "no acronyms\n"


@main.command()
@click.argument("acronym", required=False)
@index_option
@output_options
@explain_errors
def glossary(acronym: str | None, index_path: Path | None, fmt: str) -> None:
    """Acronyms defined in the papers, each expansion with its first and last paper.

    Example: secsearch glossary SPOTI
    """
    from . import config
    from . import query as q

    render(q.glossary(config.index_dir(index_path), acronym), fmt, _glossary_text)


def _stats_text(s: Any) -> str:
    years = f"{s.first_year}–{s.last_year}" if s.first_year else "-"
    return (
        f"papers: {s.papers}\npages: {s.pages}\npassages: {s.passages}\nyears: {years}\n"
        f"index size: {s.size_bytes / 1e6:.1f} MB\n"
    )


@main.command()
@index_option
@output_options
@explain_errors
def stats(index_path: Path | None, fmt: str) -> None:
    """Papers, pages, passages, years covered and index size.

    Example: secsearch stats
    """
    from . import config
    from . import query as q

    render(q.stats(config.index_dir(index_path)), fmt, _stats_text)


if __name__ == "__main__":
    main()
