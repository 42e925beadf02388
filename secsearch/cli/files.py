"""`ingest` and `extract`: the commands that read PDFs."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..config import DEFAULT_BATCH_SIZE
from .options import (
    chosen_format,
    engine_option,
    explain_errors,
    failure,
    index_option,
    jobs_option,
    ocr_option,
    ocr_setting,
    output_options,
    timeout_option,
    write_output,
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
    fmt: str | None,
    output: Path | None,
    force: bool,
    jobs: int | None,
    engine: str,
    ocr: str | None,
    timeout: int | None,
    cache: bool,
) -> None:
    """Print the structured, tagged paper(s) read from PDF files or folders of PDFs, without
    indexing them.

    Unreadable files are listed at the end on stderr, one `error: PATH: reason` line each;
    the others still print, and the exit status is 1 if any file failed.

    \b
    Examples:
      secsearch extract corpus/2019-07-01_SECP_70_1307_08.pdf --format text
      secsearch extract corpus/ -o papers.json
    """
    from .. import config
    from ..extract import find_pdfs
    from ..pipeline import extract_files
    from ..render import paper_outline

    fmt = chosen_format(fmt, output, ("json", "text"), "json")
    mode = ocr_setting(ocr)
    found = find_pdfs(paths)
    files = found.pdfs
    where = config.cache_dir(config.index_dir()) if cache else None
    limit = config.file_timeout(timeout)
    done = extract_files(files, jobs=jobs, cache=where, engine=engine, ocr=mode, timeout=limit)
    if fmt == "text":
        write_output("".join(paper_outline(p) + "\n" for p in done.papers), output, force=force)
    elif done.papers:
        dumped = [p.model_dump(mode="json") for p in done.papers]
        single = len(paths) == 1 and not paths[0].is_dir()
        text = json.dumps(dumped[0] if single else dumped, indent=2, ensure_ascii=False)
        write_output(text + "\n", output, force=force)
    # Failures come last, together, so a long batch's output ends with what needs attention.
    for where_, reason in found.skipped:
        click.echo(f"skipped: {where_}: {reason}", err=True)
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
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Papers per commit; a crash loses at most the batch in progress.",
)
@click.option(
    "--backend",
    type=click.Choice(["whoosh", "tantivy"]),
    default=None,
    help="Search engine of a new index (default whoosh; tantivy needs secsearch[tantivy]). "
    "The index remembers it; naming the other one rebuilds the index.",
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
    backend: str | None,
) -> None:
    """Index new and changed PDFs; drop removed ones.

    PATHS are PDFs or folders (default: $SECSEARCH_CORPUS, then ./corpus). Unchanged files are
    skipped by size and modification time, renamed ones by content hash. Ends with one summary line.
    Scanned pages (no text layer) are read by OCR when Tesseract is installed (--ocr).

    \b
    Examples:
      secsearch ingest                       # ./corpus, or $SECSEARCH_CORPUS
      secsearch ingest /data/panel-papers --jobs 2 --index /data/secsearch-index
      secsearch ingest --rebuild             # after upgrading secsearch
      secsearch ingest --backend tantivy     # the faster engine (pip install 'secsearch[tantivy]')
    """
    from .. import config
    from ..ingest import ingest as run_ingest

    mode = ocr_setting(ocr)
    roots = list(paths) or [config.corpus_dir()]
    missing = [r for r in roots if not r.exists()]
    if missing:
        raise failure(
            f"no such folder: {missing[0].absolute()}",
            hint="pass PDF files or folders, or set $SECSEARCH_CORPUS",
        )
    summary = run_ingest(
        config.index_dir(index_path),
        roots,
        jobs=jobs,
        engine=engine,
        ocr=mode,
        timeout=timeout,
        rebuild=rebuild,
        batch_size=batch_size,
        backend=backend,
        iter_wrapper=_progress_bar(),
    )
    for where, reason in summary.skipped:
        click.echo(f"skipped: {where}: {reason}", err=True)
    for problem in summary.cache_problems:
        click.echo(f"warning: {problem}; going on without it", err=True)
    for path in summary.unclassified:
        click.echo(f"warning: {path}: states no classification; handled as Red", err=True)
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
        eta = Eta(length)
        bar: Any
        with click.progressbar(
            length=length,
            label="ingesting",
            file=sys.stderr,
            show_eta=False,
            item_show_func=lambda _: eta.text(),
        ) as bar:
            for r in results:
                eta.tick()
                bar.update(1, r)
                yield r

    return wrap


class Eta:
    """Time left, from the pace since the first file finished.

    The first result arrives only after the workers have started and loaded the tagger, so an
    estimate that counts that start-up (as click's does) begins many times too long.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.first: float | None = None

    def tick(self) -> None:
        self.done += 1
        if self.first is None:
            self.first = time.monotonic()

    def text(self) -> str:
        if self.first is None or self.done < 3:
            return ""
        per_file = (time.monotonic() - self.first) / (self.done - 1)
        left = int(per_file * (self.total - self.done))
        return f"{left // 60:02d}:{left % 60:02d} left"
