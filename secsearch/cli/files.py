"""`ingest` and `extract`: the commands that read PDFs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from .options import (
    engine_option,
    explain_errors,
    index_option,
    jobs_option,
    ocr_option,
    ocr_setting,
    output_options,
    timeout_option,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@output_options(("json", "text"), "json", "JSON (the Paper model) or a readable outline.")
@jobs_option
@engine_option
@ocr_option
@timeout_option
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse extractions kept beside the index ($SECSEARCH_INDEX, then ./index).",
)
@click.pass_context
@explain_errors
def extract(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    jobs: int | None,
    engine: str,
    ocr: str | None,
    timeout: int | None,
    cache: bool,
) -> None:
    """Print the structured, tagged paper(s) read from PDF files or folders of PDFs.

    Unreadable files are listed at the end on stderr, one `error: PATH: reason` line each;
    the others still print, and the exit status is 1 if any file failed.

    Example: secsearch extract corpus/ --format text
    """
    from .. import config
    from ..extract import pdfs_under
    from ..pipeline import extract_files
    from ..render import paper_outline

    mode = ocr_setting(ocr)
    files = pdfs_under(paths)
    where = config.cache_dir(config.index_dir()) if cache else None
    limit = config.file_timeout(timeout)
    done = extract_files(files, jobs=jobs, cache=where, engine=engine, ocr=mode, timeout=limit)
    if fmt == "text":
        for paper in done.papers:
            click.echo(paper_outline(paper))
    elif done.papers:
        dumped = [p.model_dump(mode="json") for p in done.papers]
        single = len(paths) == 1 and not paths[0].is_dir()
        click.echo(json.dumps(dumped[0] if single else dumped, indent=2, ensure_ascii=False))
    # Failures come last, together, so a long batch's output ends with what needs attention.
    for f in done.failures:
        click.echo(f"error: {f.path}: {f.reason}", err=True)
    total = len(done.papers) + len(done.failures)
    if done.failures and total > 1:
        click.echo(f"{len(done.failures)} of {total} PDFs failed", err=True)
    if done.failures:
        ctx.exit(1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@jobs_option
@click.option("--rebuild", is_flag=True, help="Recreate the index (keeps the extraction cache).")
@engine_option
@ocr_option
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
    ocr: str | None,
    timeout: int | None,
    batch_size: int,
) -> None:
    """Index new and changed PDFs; drop removed ones.

    PATHS are PDFs or folders (default: $SECSEARCH_CORPUS, then ./corpus). Unchanged files are
    skipped by size and modification time, renamed ones by content hash. Ends with one summary line.
    Scanned pages (no text layer) are read by OCR when Tesseract is installed (--ocr).

    Example: secsearch ingest corpus/ --jobs 2
    """
    from .. import config
    from ..ingest import ingest as run_ingest

    mode = ocr_setting(ocr)
    roots = list(paths) or [config.corpus_dir()]
    missing = [r for r in roots if not r.exists()]
    if missing:
        raise click.ClickException(f"no such folder: {missing[0]}\nhint: pass PDF paths or folders")
    summary = run_ingest(
        config.index_dir(index_path),
        roots,
        jobs=jobs,
        engine=engine,
        ocr=mode,
        timeout=timeout,
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
