"""Every benchmark figure of issues 2–5, printed as Markdown tables (BENCHMARKS.md holds a run).

    python benchmarks/run.py [--papers 3000] [--seed 7] [--quick] [--out FILE]
    python benchmarks/run.py --papers 300|3000|30000 --backend whoosh|tantivy [--out FILE]

With `--backend`, only the scale-curve figures of issue 15 are taken, for that many papers and
that index backend (`benchmarks/scale.py`).

The large corpus is generated once into `benchmarks/corpus-N/` (git-ignored) and reused; indexes
and caches go to `benchmarks/work/` (git-ignored) and are recreated for every figure that must
start empty. `--quick` runs the same figures on the first 300 papers of the large corpus (a few
minutes) instead of all of them. Wall-clock figures depend on what else the machine is doing: the
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus"
WORK = ROOT / "benchmarks" / "work"
PDFPLUMBER_SUBSET = 300
QUICK_SUBSET = 300

# The three user queries of issue 4 and an assortment of every query kind (issue 5).
USER_QUERIES = {
    "search SPOTI": "search SPOTI, top 10 with snippets",
    "mentions MP067": "mentions MP067, first 10 (oldest first) with snippets",
    "export": "export of 50 cited passages (search SPOTI → Markdown)",
}
ASSORTED_QUERIES = (
    "SPOTI",
    "DCC",
    "modification",
    "security OR privacy",
    "DCC AND SMETS1",
    '"SMKI Portal"',
    '"incentive milestone"',
    '"go live" NOT delay',
    '"Data Communications Company" AND release',
    "SMET*",
    "year:2019 AND release",
    "committee:SSC SPOTI",
    "modification:MP067",
    "SECMP0067",
    "org:BEIS",
)


# --------------------------------------------------------------------------- helpers


@dataclass
class Row:
    """One line of a results table."""

    figure: str
    corpus: str
    value: str
    target: str = ""
    verdict: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    queries: list[Row] = field(default_factory=list)
    stages: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, figure: str, corpus: str, value: str, target: str = "", ok: bool | None = None
    ) -> None:
        verdict = "" if ok is None else ("pass" if ok else "**fail**")
        self.rows.append(Row(figure, corpus, value, target, verdict))
        print(f"  {figure} [{corpus}]: {value} {target} {verdict}", flush=True)


def table(rows: list[Row], headers: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for r in rows:
        cells = (r.figure, r.corpus, r.value, r.target, r.verdict)[: len(headers)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if "model name" in ln), "?"
    )
    cores = len(os.sched_getaffinity(0))
    mem_kb = next(
        int(ln.split()[1])
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    return (
        f"{cores} cores ({model}), {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def fresh(path: Path) -> Path:
    """An empty folder at `path` (its old contents removed)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdf"))


def subset(source: Path, n: int, name: str) -> Path:
    """A folder of symlinks to the first `n` PDFs of `source` (stable across runs)."""
    target = WORK / name
    wanted = pdfs(source)[:n]
    have = sorted(p.name for p in target.glob("*.pdf")) if target.exists() else []
    if have != [p.name for p in wanted]:
        fresh(target)
        for p in wanted:
            (target / p.name).symlink_to(p)
    return target


def ensure_corpus(papers: int, seed: int) -> Path:
    """The generated corpus, generated once (its JSONs beside the PDFs mark it complete)."""
    folder = ROOT / "benchmarks" / f"corpus-{papers}"
    marker = folder / ".complete"
    if marker.exists() or (len(pdfs(folder)) >= 0.95 * papers and _jsons_match(folder)):
        return folder
    print(f"generating {papers} papers into {folder} (about {papers / 60:.0f} s) …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "tools.samplegen", str(folder), "--papers", str(papers)]
        + ["--seed", str(seed), "--clean", "--jobs", "2"],
        check=True,
        cwd=ROOT,  # tools/ is importable from the checkout's root
    )
    marker.write_text(f"papers={papers} seed={seed}\n")
    return folder


def _jsons_match(folder: Path) -> bool:
    return {p.stem for p in folder.glob("*.json")} == {p.stem for p in pdfs(folder)}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def page_count(folder: Path) -> int:
    """Pages of the corpus, from the ground-truth JSONs beside the PDFs."""
    total = 0
    for p in pdfs(folder):
        truth = p.resolve().with_suffix(".json")
        total += json.loads(truth.read_text("utf-8"))["page_count"]
    return total


# --------------------------------------------------------------------------- issue 2: extraction


def extraction(report: Report, folder: Path, label: str, engine: str, jobs: int) -> Path:
    """`secsearch extract`'s pipeline (extract + sectionize + tag) from an empty cache."""
    from secsearch.pipeline import RunStats, process_files

    cache = fresh(WORK / f"cache-{label}-{engine}-{jobs}")
    stats = RunStats()
    files = pdfs(folder)
    seconds, _ = timed(
        lambda: list(process_files(files, jobs=jobs, cache=cache, engine=engine, stats=stats))
    )
    rss = max(stats.worker_peak_rss_mb, default=0.0)
    report.add(
        f"extract → sections → tags, {engine}, --jobs {jobs}",
        label,
        f"{stats.pages / seconds:,.0f} pages/s ({stats.pages:,} pages, {seconds:.1f} s); "
        f"worker peak RSS {rss:.0f} MB",
        "≤ 300 MB/worker",
        rss <= 300,
    )
    if jobs == 2:
        again = RunStats()
        cached, _ = timed(
            lambda: list(process_files(files, jobs=jobs, cache=cache, engine=engine, stats=again))
        )
        report.add(f"second, fully cached run, {engine}, --jobs {jobs}", label, f"{cached:.1f} s")
    return cache


# --------------------------------------------------------------------------- issue 3: tagging


def tagging(report: Report, folder: Path, label: str) -> None:
    """Tagging throughput over the ground-truth passages (nlp.pipe with batching)."""
    from secsearch.models import Paper
    from secsearch.tag import nlp, tag_passages

    items: list[tuple[str, Any]] = []
    for path in pdfs(folder):
        paper = Paper.model_validate_json(path.resolve().with_suffix(".json").read_text("utf-8"))
        items.extend((p.text, paper.date) for _, p in paper.all_passages())
    nlp()
    tag_passages(items[:50])
    words = sum(len(text.split()) for text, _ in items)
    seconds, _ = timed(lambda: tag_passages(items))
    report.add(
        "tagging (spaCy nlp.pipe, one process)",
        label,
        f"{words / seconds:,.0f} words/s "
        f"({words:,} words, {len(items):,} passages, {seconds:.1f} s)",
    )


# --------------------------------------------------------------------------- issue 4: index


def cached_papers(folder: Path, cache: Path, engine: str = "pdfium") -> list[Any]:
    from secsearch.extract import sha256_of
    from secsearch.pipeline import Cache, stage_versions

    store = Cache(cache, stage_versions(engine))
    papers = []
    for p in pdfs(folder):
        paper = store.get(sha256_of(p))
        if paper is not None:
            papers.append(paper)
    return papers


def index_build(report: Report, folder: Path, label: str, cache: Path) -> None:
    """Whoosh alone: the Papers (already extracted) written in commits of the default size."""
    from secsearch import index

    papers = cached_papers(folder, cache)
    where = fresh(WORK / f"index-build-{label}")
    seconds, passages = timed(lambda: index.index_papers(where, papers))
    pages = sum(p.page_count for p in papers)
    size = index.size_on_disk(where) / 1e6
    report.add(
        "index build (Whoosh only, from extracted papers)",
        label,
        f"{seconds:.1f} s for {passages:,} passages "
        f"({pages / seconds:,.0f} pages/s); {size:.1f} MB",
    )


def user_query(ix: Any, which: str) -> Callable[[], Any]:
    from secsearch import query as q
    from secsearch.export import export_hits
    from secsearch.models import Classification

    if which == "search SPOTI":
        return lambda: q.search(ix, "SPOTI", limit=10)
    if which == "mentions MP067":
        return lambda: q.mentions(ix, "MP067", limit=10)
    return lambda: export_hits(
        q.search(ix, "SPOTI", limit=50, snippets=False).hits, "md", ceiling=Classification.GREEN
    )


def latency(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    fn()  # warm: searcher opened, glossary and filters cached
    times = []
    for _ in range(runs):
        seconds, _ = timed(fn)
        times.append(seconds * 1000)
    return statistics.median(times), percentile(times, 95)


def query_latencies(
    report: Report, index_dir: Path, label: str, runs: int, *, assorted: bool
) -> None:
    from secsearch.index import open_index

    with open_index(index_dir) as ix:
        _query_latencies(report, ix, label, runs, assorted=assorted)


def _query_latencies(report: Report, ix: Any, label: str, runs: int, *, assorted: bool) -> None:
    from secsearch import query as q

    for which, title in USER_QUERIES.items():
        p50, p95 = latency(user_query(ix, which), runs)
        report.add(
            f"query: {title}",
            label,
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            "p95 ≤ 30 ms",
            p95 <= 30,
        )
    full = q.mentions(ix, "MP067")
    p50, p95 = latency(lambda: q.mentions(ix, "MP067"), max(5, runs // 5))
    report.add(
        f"query: mentions MP067, all {full.total:,} hits with snippets (the CLI default)",
        label,
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
    )
    if not assorted:
        return
    worst = 0.0

    def searching(text: str) -> Callable[[], Any]:
        return lambda: q.search(ix, text, limit=10)

    for text in ASSORTED_QUERIES:
        p50, p95 = latency(searching(text), runs)
        total = q.search(ix, text, limit=10).total
        worst = max(worst, p95)
        report.queries.append(
            Row(f"`{text}`", label, f"{total:,} matches", f"p50 {p50:.1f} ms", f"p95 {p95:.1f} ms")
        )
    report.add(
        "query: assorted (terms, phrases, boolean, wildcard, fields), worst p95",
        label,
        f"{worst:.1f} ms",
        "p95 ≤ 100 ms",
        worst <= 100,
    )


# --------------------------------------------------------------------------- issue 5: end to end


class PeakRss:
    """Samples VmHWM (peak RSS) of a process tree while it runs: the CLI's parent and workers."""

    def __init__(self, root_pid: int) -> None:
        self.root = root_pid
        self.peaks: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                hwm = next(
                    (ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM")), "0"
                )
                self.peaks[pid] = (cmd, max(float(hwm) / 1024, self.peaks.get(pid, ("", 0.0))[1]))

    def stop(self) -> tuple[float, float]:
        """(parent peak MB, largest worker peak MB)."""
        self._stop.set()
        self._thread.join()
        parent = self.peaks.get(self.root, ("", 0.0))[1]
        workers = [
            mb for pid, (cmd, mb) in self.peaks.items() if pid != self.root and "forkserver" in cmd
        ]
        return parent, max(workers, default=0.0)


def cli(*args: str) -> tuple[float, str, PeakRss]:
    """Run `secsearch ARGS` in a subprocess; (wall seconds, its summary line, RSS sampler)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "secsearch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = PeakRss(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"secsearch {' '.join(args)} failed:\n{err}")
    return seconds, out.strip().splitlines()[-1], sampler


def end_to_end(
    report: Report, folder: Path, label: str, *, targets: bool, extra: tuple[str, ...] = ()
) -> Path:
    """Targets apply to the large corpus; on 30 papers process start-up dominates."""
    where = fresh(WORK / f"e2e-{label}{''.join(extra)}")
    pages = page_count(folder)
    seconds, line, sampler = cli(
        "ingest", str(folder), "--index", str(where), "--jobs", "2", *extra
    )
    parent_mb, worker_mb = sampler.stop()
    rate = pages / seconds
    report.add(
        f"end-to-end `secsearch ingest --jobs 2{' ' if extra else ''}{' '.join(extra)}`, "
        "empty index + empty cache",
        label,
        f"{rate:,.0f} pages/s ({pages:,} pages in {seconds:.1f} s; `{line}`)",
        "≥ 100 pages/s" if targets else "",
        rate >= 100 if targets else None,
    )
    report.add(
        "peak memory per worker process (VmHWM)",
        label,
        f"{worker_mb:.0f} MB (parent {parent_mb:.0f} MB)",
        "≤ 300 MB",
        worker_mb <= 300,
    )
    seconds, line, sampler = cli("ingest", str(folder), "--index", str(where), "--jobs", "2")
    sampler.stop()
    report.add(
        "no-op re-ingest (nothing changed), whole command",
        label,
        f"{seconds:.2f} s (`{line}`)",
        "≤ 2 s" if targets else "",
        seconds <= 2 if targets else None,
    )
    return where


def add_new_papers(
    report: Report, folder: Path, where: Path, label: str, seed: int, n: int = 100
) -> None:
    new = WORK / f"new-{n}"
    if len(pdfs(new)) != n:
        fresh(new)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tools.samplegen",
                str(new),
                "--papers",
                str(n),
                "--seed",
                str(seed + 1000),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
    seconds, line, sampler = cli(
        "ingest", str(folder), str(new), "--index", str(where), "--jobs", "2"
    )
    sampler.stop()
    report.add(
        f"add {n} new papers to the full index",
        label,
        f"{seconds:.1f} s (`{line}`)",
        "≤ 10 s",
        seconds <= 10,
    )


# --------------------------------------------------------------------------- per-stage profile


def stage_profile(report: Report, folder: Path, label: str, n: int) -> None:
    """CPU seconds per stage, one process, no cache: where an ingest's time goes."""
    from secsearch import index
    from secsearch.extract import engine_pages, page_layout, sha256_of
    from secsearch.models import DocumentLayout
    from secsearch.structure import build_paper
    from secsearch.tag import nlp, tag_paper

    nlp()
    files = pdfs(folder)[:n]
    spent = dict.fromkeys(("words", "lines", "sections", "tags", "ipc", "index", "commit"), 0.0)
    clock = time.process_time
    papers = []
    for path in files:
        t0 = clock()
        raw = engine_pages("pdfium")(path)
        t1 = clock()
        layout = DocumentLayout(
            path=str(path),
            sha256=sha256_of(path),
            engine="pdfium",
            pages=[page_layout(p) for p in raw],
        )
        t2 = clock()
        paper = build_paper(layout)
        t3 = clock()
        paper = tag_paper(paper)
        t4 = clock()
        paper = pickle.loads(pickle.dumps(paper))  # what a worker's result costs to send
        paper.model_dump_json()  # and to cache
        t5 = clock()
        for key, a, b in (
            ("words", t0, t1),
            ("lines", t1, t2),
            ("sections", t2, t3),
            ("tags", t3, t4),
            ("ipc", t4, t5),
        ):
            spent[key] += b - a
        papers.append(paper)
    where = fresh(WORK / "index-stages")
    with index.writing(where) as w:
        for i, paper in enumerate(papers, 1):
            t0 = clock()
            w.add_paper(paper)
            t1 = clock()
            spent["index"] += t1 - t0
            if i % 100 == 0 or i == len(papers):
                w.commit()
                spent["commit"] += clock() - t1
    pages = sum(p.page_count for p in papers)
    total = sum(spent.values())
    names = {
        "words": "extract: PDFium characters → words",
        "lines": "extract: words → lines (shared with pdfplumber)",
        "sections": "sectionize + passages",
        "tags": "tag (spaCy)",
        "ipc": "result pickling + cache JSON",
        "index": "index: add documents (Whoosh)",
        "commit": "index: commits (Whoosh, every 100 papers)",
    }
    for key, seconds in spent.items():
        report.stages.append(
            Row(
                names[key],
                label,
                f"{seconds:.2f} s",
                f"{seconds / pages * 1000:.2f} ms/page",
                f"{seconds / total:.0%}",
            )
        )
    report.stages.append(
        Row(
            "**total CPU**",
            label,
            f"{total:.2f} s",
            f"{total / pages * 1000:.2f} ms/page",
            f"{pages / total:,.0f} pages/s per core",
        )
    )


# --------------------------------------------------------------------------- main


def _backends(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names or set(names) - {"whoosh", "tantivy"}:
        raise argparse.ArgumentTypeError("whoosh, tantivy, or whoosh,tantivy")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000, help="size of the generated corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"large-corpus figures on its first {QUICK_SUBSET} papers",
    )
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument(
        "--backend",
        type=_backends,
        help="take only the scale-curve figures (issue 15), with these index backends "
        "(whoosh, tantivy, or both: whoosh,tantivy)",
    )
    parser.add_argument(
        "--replicate",
        type=int,
        default=0,
        help="with --backend: an index-only point of N × the corpus's extracted papers",
    )
    args = parser.parse_args()
    if args.backend and args.replicate:
        import scale

        before = load_average()
        lines = []
        for backend in args.backend:
            lines += scale.replicated(args.papers, backend, args.seed, args.runs, args.replicate)
        text = "\n".join([*lines, f"- load average before: {before}"])
        print("\n" + text)
        if args.out:
            with args.out.open("a", encoding="utf-8") as f:
                f.write(text + "\n")
        return
    if args.backend:
        import scale

        WORK.mkdir(parents=True, exist_ok=True)
        before = load_average()
        lines = scale.scale(args.papers, args.backend, args.seed, args.runs)
        text = "\n".join([f"- machine: {machine()}", f"- load average before: {before}"])
        text = "\n".join(lines) + "\n" + text
        print("\n" + text)
        if args.out:
            with args.out.open("a", encoding="utf-8") as f:
                f.write(text + "\n")
        return

    WORK.mkdir(parents=True, exist_ok=True)
    big = ensure_corpus(args.papers, args.seed)
    big_label = f"{args.papers:,} papers"
    if args.quick:
        big = subset(big, QUICK_SUBSET, f"subset-{QUICK_SUBSET}")
        big_label = f"first {QUICK_SUBSET} of {args.papers:,}"
    plumber = subset(big, PDFPLUMBER_SUBSET, f"pdfplumber-{PDFPLUMBER_SUBSET}")
    plumber_label = f"first {PDFPLUMBER_SUBSET} of {args.papers:,}"
    report = Report()
    report.notes.append(f"machine: {machine()}")
    report.notes.append(f"load average before: {load_average()}")
    print(report.notes[0], flush=True)
    started = time.perf_counter()

    print("per-stage profile …", flush=True)
    stage_profile(report, big, big_label if args.quick else f"first 300 of {args.papers:,}", 300)

    print("issue 2: extraction …", flush=True)
    sample_cache = Path()
    for engine in ("pdfium", "pdfplumber"):
        for jobs in (1, 2):
            cache = extraction(report, SAMPLE, "sample (30)", engine, jobs)
            if engine == "pdfium" and jobs == 2:
                sample_cache = cache
    big_cache = Path()
    for jobs in (1, 2):
        cache = extraction(report, big, big_label, "pdfium", jobs)
        if jobs == 2:
            big_cache = cache
    for jobs in (1, 2):
        extraction(report, plumber, plumber_label, "pdfplumber", jobs)

    print("issue 3: tagging …", flush=True)
    tagging(report, SAMPLE, "sample (30)")
    tagging(report, big, big_label)

    print("issue 4: index build …", flush=True)
    index_build(report, SAMPLE, "sample (30)", sample_cache)
    index_build(report, big, big_label, big_cache)

    print("issue 5: end to end …", flush=True)
    sample_index = end_to_end(report, SAMPLE, "sample (30)", targets=False)
    big_index = end_to_end(report, big, big_label, targets=True)
    print("queries …", flush=True)
    query_latencies(report, sample_index, "sample (30)", args.runs, assorted=True)
    query_latencies(report, big_index, big_label, args.runs, assorted=True)
    add_new_papers(report, big, big_index, big_label, args.seed)
    # The default before it became 300: smaller commits make Whoosh merge its segments.
    end_to_end(report, big, big_label, targets=True, extra=("--batch-size", "100"))

    report.notes.append(f"load average after: {load_average()}")
    report.notes.append(f"benchmark wall time: {time.perf_counter() - started:.0f} s")
    out = [
        "## Figures",
        "",
        table(report.rows, ("figure", "corpus", "measured", "target", "")),
        "",
        "## Per-stage CPU time (one process, PDFium engine, no cache)",
        "",
        table(report.stages, ("stage", "corpus", "CPU", "per page", "share")),
        "",
        "## Assorted queries (top 10 with snippets, warm)",
        "",
        table(report.queries, ("query", "corpus", "matches", "p50", "p95")),
        "",
        *[f"- {n}" for n in report.notes],
    ]
    text = "\n".join(out)
    print("\n" + text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
