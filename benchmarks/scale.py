"""The scale curve of issue 15: one corpus size, one index backend, every figure of its table.

    python benchmarks/run.py --papers 3000 --backend whoosh,tantivy [--runs 30] [--out FILE]

Run by `run.py` when `--backend` is given. Figures, for the first `--papers` papers of the
generated corpus (a folder of symlinks, so 300 is the first 300 of the 3,000):

- extraction alone (`pipeline.process_files --jobs 2`, empty cache): the pace ingest should keep;
- end-to-end `secsearch ingest --jobs 2 --backend B`, empty index and empty cache: wall time,
  pages/s, its ratio to extraction alone, total peak RSS of the command's process tree (parent +
  workers, each process's VmHWM summed), the index's size on disk;
- no-op re-ingest and adding 100 new papers, whole commands;
- p50/p95 of each query kind, top 10 with snippets, warm, through the library calls behind the
  commands (`query.search`, `query.mentions`), and `mentions` of a common id shown 10 at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import run as base

# One query of each kind; "broad" terms match a large share of all passages.
QUERY_KINDS: dict[str, str] = {
    "term": "SPOTI",
    "broad term": "DCC",
    "broad term 2": "modification",
    "phrase": '"SMKI Portal"',
    "boolean": "DCC AND SMETS1",
    "or": "security OR privacy",
    "wildcard": "SMET*",
    "fuzzy": "securty~1",
    "field": "committee:SSC SPOTI",
    "year + word": "year:2019 AND release",
}


def scale(papers: int, backends: list[str], seed: int, runs: int) -> list[str]:
    """Measure the (corpus size, backend) points of the curve for each backend; Markdown lines.
    Extraction alone is measured once, before the first backend: the pace each should keep."""
    corpus = base.ensure_corpus(3000 if papers <= 3000 else papers, seed)
    folder = corpus if papers >= 3000 else base.subset(corpus, papers, f"subset-{papers}")
    pages = base.page_count(folder)
    print(f"{papers:,} papers ({pages:,} pages): extraction alone …", flush=True)
    extract_rate = _extraction_rate(folder, pages)
    out: list[str] = []
    for backend in backends:
        out += _point(folder, papers, pages, backend, seed, runs, extract_rate)
    return out


def _point(
    folder: Path, papers: int, pages: int, backend: str, seed: int, runs: int, extract_rate: float
) -> list[str]:
    label = f"{papers:,} papers ({pages:,} pages), {backend}"
    rows: list[tuple[str, str]] = []
    rows.append(("extraction → sections → tags alone, --jobs 2", f"{extract_rate:,.0f} pages/s"))

    print(f"{label}: end-to-end ingest …", flush=True)
    where = base.fresh(base.WORK / f"scale-{papers}-{backend}")
    seconds, line, total_mb, parent_mb = _ingest(folder, where, backend)
    rate = pages / seconds
    rows.append(
        (
            "end-to-end ingest, empty index + empty cache",
            f"{seconds:.1f} s, {rate:,.0f} pages/s "
            f"({rate / extract_rate:.2f} × extraction alone); `{line}`",
        )
    )
    rows.append(("total peak RSS during ingest", f"{total_mb:,.0f} MB (parent {parent_mb:.0f})"))
    from secsearch import index

    rows.append(("index size on disk", f"{index.size_on_disk(where) / 1e6:,.1f} MB"))
    seconds, line, *_ = _ingest(folder, where, None)
    rows.append(("no-op re-ingest, whole command", f"{seconds:.2f} s"))
    new = _new_papers(seed)
    seconds, line, *_ = _ingest_many([folder, new], where)
    rows.append(("add 100 papers, whole command", f"{seconds:.1f} s (`{line}`)"))

    print(f"{label}: queries …", flush=True)
    rows.extend(_latencies(where, runs))
    out = [f"### {label}", "", "| figure | measured |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in rows]
    out += ["", f"- load average after: {base.load_average()}", ""]
    return out


def replicated(papers: int, backend: str, seed: int, runs: int, factor: int) -> list[str]:
    """Index-only point: the `papers` corpus's extracted papers (from the extraction cache of
    the `scale()` run) written `factor` times as distinct papers; build time, size, latencies."""
    from secsearch import config, index
    from secsearch.models import Paper

    source = base.WORK / f"scale-{papers}-{backend}"
    corpus = base.ensure_corpus(3000 if papers <= 3000 else papers, seed)
    folder = corpus if papers >= 3000 else base.subset(corpus, papers, f"subset-{papers}")
    originals = base.cached_papers(folder, config.cache_dir(source))

    def copies() -> Any:
        for k in range(factor):
            for p in originals:
                digest = f"{k:04x}{p.source.sha256[4:]}"
                src = p.source.model_copy(update={"sha256": digest, "path": f"{k}/{p.source.path}"})
                yield p.model_copy(update={"source": src})

    total = len(originals) * factor
    pages = sum(p.page_count for p in originals) * factor
    label = f"{total:,} papers ({pages:,} pages; {factor} × {papers:,} extracted), {backend}"
    print(f"{label}: index only …", flush=True)
    where = base.fresh(base.WORK / f"replicated-{total}-{backend}")
    seconds, passages = base.timed(
        lambda: index.index_papers(where, copies(), backend=backend, batch_size=500)
    )
    _ = Paper  # the copies are Paper objects
    rows = [
        (
            "index build alone (from extracted papers, commits of 500)",
            f"{seconds:.0f} s, {passages:,} passages, {pages / seconds:,.0f} pages/s",
        ),
        ("index size on disk", f"{index.size_on_disk(where) / 1e6:,.1f} MB"),
    ]
    rows.extend(_latencies(where, runs))
    out = [f"### {label}", "", "| figure | measured |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in rows]
    out += ["", f"- load average after: {base.load_average()}", ""]
    return out


def _extraction_rate(folder: Path, pages: int) -> float:
    from secsearch.pipeline import process_files

    cache = base.fresh(base.WORK / "scale-extract-cache")
    files = base.pdfs(folder)
    seconds, _ = base.timed(lambda: list(process_files(files, jobs=2, cache=cache)))
    return pages / seconds


def _ingest(folder: Path, where: Path, backend: str | None) -> tuple[float, str, float, float]:
    extra = ("--backend", backend) if backend else ()
    seconds, line, sampler = base.cli(
        "ingest", str(folder), "--index", str(where), "--jobs", "2", *extra
    )
    total, parent = _total_rss(sampler)
    return seconds, line, total, parent


def _ingest_many(folders: list[Path], where: Path) -> tuple[float, str]:
    seconds, line, sampler = base.cli(
        "ingest", *map(str, folders), "--index", str(where), "--jobs", "2"
    )
    sampler.stop()
    return seconds, line


def _total_rss(sampler: Any) -> tuple[float, float]:
    """(sum of every process's peak RSS, the parent's): an upper bound of the total at any
    moment, since peaks need not coincide."""
    sampler.stop()
    parent = sampler.peaks.get(sampler.root, ("", 0.0))[1]
    return sum(mb for _, mb in sampler.peaks.values()), parent


def _new_papers(seed: int) -> Path:
    import subprocess
    import sys

    new = base.WORK / "new-100"
    if len(base.pdfs(new)) != 100:
        base.fresh(new)
        subprocess.run(
            [sys.executable, "-m", "tools.samplegen", str(new), "--papers", "100"]
            + ["--seed", str(seed + 1000)],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=base.ROOT,
        )
    return new


def _latencies(where: Path, runs: int) -> list[tuple[str, str]]:
    from secsearch import query as q
    from secsearch.index import open_index

    rows: list[tuple[str, str]] = []
    with open_index(where) as ix:

        def searching(text: str) -> Callable[[], Any]:
            return lambda: q.search(ix, text, limit=10)

        for kind, text in QUERY_KINDS.items():
            total = q.search(ix, text, limit=10).total
            p50, p95 = base.latency(searching(text), runs)
            rows.append(
                (
                    f"query {kind} `{text}`, top 10 + snippets ({total:,} hits)",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                )
            )
        for ident in ("MP067", "SECMP0042"):
            total = q.mentions(ix, ident, limit=10).total
            p50, p95 = base.latency(lambda i=ident: q.mentions(ix, i, limit=10), runs)
            rows.append(
                (
                    f"mentions {ident}, first 10 ({total:,} hits)",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                )
            )
        started = time.perf_counter()
        q.search(ix, "DCC", limit=10, facets=True)
        rows.append(
            (
                "search DCC --facets (cold for facets)",
                f"{(time.perf_counter() - started) * 1000:.1f} ms",
            )
        )
    return rows
