"""How fast `modifications` and `history` answer on the large generated corpus (issue 12).

    python benchmarks/lifecycle.py [--papers 3000] [--seed 7] [--runs 10]

Uses the corpus `benchmarks/run.py` generates (`benchmarks/corpus-N/`) and an index built from
it with the real CLI (`benchmarks/work/lifecycle-index`, built once, rebuilt when the schema
changed). Figures, each in a fresh process so nothing is cached:

- cold: the first call on a freshly opened index (the index opening timed apart), wall clock
  and CPU; p50 and p95 over `--runs` processes;
- warm: the same call again in that process, 50 times (`modifications` then answers from the
  index's per-commit cache, so only `history` is a real warm figure);
- CLI: the whole command (`python -m secsearch history MP067`) from start to exit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import WORK, ensure_corpus, load_average, machine, percentile  # noqa: E402

PROBE = """
import json, sys, time
from pathlib import Path
from secsearch import query as q
from secsearch.index import open_index
what, where = sys.argv[1], Path(sys.argv[2])
if what == "modifications":
    call = lambda ix: q.modifications(ix)  # noqa: E731
else:
    call = lambda ix: q.history(ix, what)  # noqa: E731
started = time.perf_counter()
with open_index(where) as ix:
    opened = time.perf_counter()
    cpu = time.process_time()
    result = call(ix)
    cold_cpu = time.process_time() - cpu
    cold = time.perf_counter() - opened
    warm = []
    for _ in range(50):
        t = time.perf_counter()
        call(ix)
        warm.append(time.perf_counter() - t)
size = len(result.rows) if what == "modifications" else len(result.events)
print(json.dumps({"open": opened - started, "cold": cold, "cold_cpu": cold_cpu, "warm": warm,
                  "size": size}))
"""


def ensure_index(corpus: Path) -> Path:
    """The corpus's index, built with `secsearch ingest` unless it is current."""
    where = WORK / "lifecycle-index"
    check = subprocess.run(
        [sys.executable, "-m", "secsearch", "stats", "--index", str(where)],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        print(f"indexing {corpus} into {where} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "secsearch", "ingest", str(corpus), "--index", str(where)]
            + ["--jobs", "2", "--rebuild"],
            check=True,
        )
    return where


def probe(what: str, where: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, what, str(where)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def cli(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "secsearch", *args], capture_output=True, check=True)
    return time.perf_counter() - started


def ms(values: list[float]) -> str:
    return (
        f"p50 {1000 * statistics.median(values):.0f} ms, p95 {1000 * percentile(values, 95):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per figure")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(args.papers, args.seed)
    where = ensure_index(corpus)
    label = f"{args.papers:,} papers"
    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    rows = [
        "| figure | corpus | measured | target |",
        "|---|---|---|---|",
    ]
    for what, target, name in (
        ("modifications", 300, "`modifications`"),
        ("MP067", 100, "`history MP067`"),
        ("MP152", 100, "`history MP152`"),
    ):
        runs = [probe(what, where) for _ in range(args.runs)]
        size = runs[0]["size"]
        unit = "rows" if what == "modifications" else "events"
        rows.append(
            f"| {name}, cold: first call after opening the index ({size:,} {unit}) | {label} "
            f"| {ms([r['cold'] for r in runs])}; CPU {ms([r['cold_cpu'] for r in runs])} "
            f"| ≤ {target} ms |"
        )
        warm = [w for r in runs[:3] for w in r["warm"]]
        rows.append(
            f"| {name}, warm (same process, again) | {label} | {ms(warm)} | ≤ {target} ms |"
        )
        if what == "MP067":
            rows.append(f"| opening the index | {label} | {ms([r['open'] for r in runs])} | |")
    whole = [cli(["history", "MP067", "--index", str(where)]) for _ in range(5)]
    rows.append(
        f"| whole command `secsearch history MP067` (interpreter start-up included) | {label} "
        f"| {ms(whole)} | |"
    )
    print("\n".join(rows))
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
