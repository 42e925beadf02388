"""`secsearch serve` benchmark: the search page's server time and weight on the 3,000-paper corpus.

    python benchmarks/serve.py [--papers 3000] [--seed 7] [--runs 200] [--out FILE]

Generates the corpus once (as `benchmarks/run.py` does, into `benchmarks/corpus-N/`), ingests it
once into `benchmarks/work/serve-index-N/` (reused while it holds every PDF of the corpus), then
requests pages from the ASGI app in-process (httpx's ASGI transport: no socket, no server
process), one request at a time. Server time is what the app's `Server-Timing` header says (from
the request entering the app to its response leaving it: routing, the library's query, the
template); CPU is the process's CPU time over the request, steadier than wall time on a shared
machine. Page weight is the HTML plus what the page loads (the stylesheet and the script).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # noqa: E402 - benchmarks/ is not a package
    ASSORTED_QUERIES,
    ROOT,
    WORK,
    ensure_corpus,
    load_average,
    machine,
    pdfs,
    percentile,
)

TARGET_P95_MS = 50.0
TARGET_WEIGHT = 100_000
ASSETS = ("/static/style.css", "/static/app.js")


def ensure_index(corpus: Path, papers: int) -> Path:
    """The corpus ingested once, with the real command; reused while it holds every PDF and
    this secsearch can read it (an index of another schema version is built again)."""
    from secsearch.errors import SecsearchError
    from secsearch.index import read_manifest

    where = WORK / f"serve-index-{papers}"
    try:
        held = len(read_manifest(where))
        rebuild = []
    except SecsearchError:
        held, rebuild = -1, ["--rebuild"]
    if held != len(pdfs(corpus)):
        print(f"ingesting {corpus} into {where} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "secsearch", "ingest", str(corpus), "--index", str(where)]
            + ["--jobs", "2", *rebuild],
            check=True,
            cwd=ROOT,
        )
    return where


async def measure(index_dir: Path, pages: list[str], runs: int) -> list[dict[str, Any]]:
    try:
        import httpx2 as httpx
    except ImportError:
        import httpx  # type: ignore[no-redef]

    from secsearch.serve import create_app

    app = create_app(index_dir)
    transport = httpx.ASGITransport(app=app)
    out = []
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        assets = 0
        for asset in ASSETS:
            assets += len((await client.get(asset)).content)
        for url in pages:
            first = await client.get(url)  # warm: searcher opened, caches filled
            assert first.status_code == 200, (url, first.status_code)
            server: list[float] = []
            cpu: list[float] = []
            for _ in range(runs):
                started = time.process_time()
                r = await client.get(url)
                cpu.append((time.process_time() - started) * 1000)
                server.append(float(r.headers["server-timing"].split("dur=")[1]))
            total = first.text.partition('data-total="')[2].partition('"')[0] or "0"
            out.append(
                {
                    "url": url,
                    "matches": int(total),
                    "p50": statistics.median(server),
                    "p95": percentile(server, 95),
                    "cpu50": statistics.median(cpu),
                    "cpu95": percentile(cpu, 95),
                    "html": len(first.content),
                    "weight": len(first.content) + assets,
                }
            )
            row = out[-1]
            print(
                f"  {url}: {row['matches']:,} matches, server p50 {row['p50']:.1f} ms, "
                f"p95 {row['p95']:.1f} ms; CPU p50 {row['cpu50']:.1f} ms, p95 {row['cpu95']:.1f} "
                f"ms; {row['weight'] / 1000:.1f} kB",
                flush=True,
            )
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| page | matches | server p50 | server p95 | CPU p50 | CPU p95 | page weight |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['url']}` | {r['matches']:,} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
            f"{r['cpu50']:.1f} ms | {r['cpu95']:.1f} ms | {r['weight'] / 1000:.1f} kB "
            f"({r['html'] / 1000:.1f} kB HTML) |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=200, help="timed requests per page")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(args.papers, args.seed)
    index_dir = ensure_index(corpus, args.papers)
    print(f"machine: {machine()}\nload average before: {load_average()}", flush=True)
    target_pages = ["/?q=SPOTI", "/mentions/MP067"]
    other_pages = [
        "/?q=SPOTI&sort=-date",
        "/?q=SPOTI&page=2",
        *(f"/?q={text}" for text in ASSORTED_QUERIES if text != "SPOTI"),
    ]
    other_pages = [
        u.split("=", 1)[0] + "=" + quote(u.split("=", 1)[1], safe="=&") for u in other_pages
    ]
    rows = asyncio.run(measure(index_dir, target_pages + other_pages, args.runs))
    spoti = rows[0]
    verdict = (
        f"search page `/?q=SPOTI`: server p95 {spoti['p95']:.1f} ms (target ≤ {TARGET_P95_MS:.0f} "
        f"ms: {'pass' if spoti['p95'] <= TARGET_P95_MS else 'FAIL'}), page weight "
        f"{spoti['weight'] / 1000:.1f} kB (target ≤ {TARGET_WEIGHT / 1000:.0f} kB: "
        f"{'pass' if spoti['weight'] <= TARGET_WEIGHT else 'FAIL'})"
    )
    text = "\n\n".join(
        [
            verdict,
            table(rows),
            f"{args.runs} requests per page; machine: {machine()}; load average before/after: "
            f"{load_average()}",
        ]
    )
    print("\n" + text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
