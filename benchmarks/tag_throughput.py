"""Tagging throughput in words/s over the passages of ground-truth paper JSONs.

    python benchmarks/tag_throughput.py [folder-of-json] [--repeat N]

Reads every `*.json` in the folder (default `corpus/`) as a `Paper`, tags all passages in one
`tag_passages` call (nlp.pipe with batching), and prints words, seconds and words/s. The pipeline
is built and warmed up first so the figure is steady-state tagging.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from secsearch.models import Paper
from secsearch.tag import TAGGER_VERSION, nlp, tag_passages


def passages_of(folder: Path) -> list[tuple[str, object]]:
    """(text, paper date) for every passage of every paper JSON in the folder."""
    items = []
    for path in sorted(folder.glob("*.json")):
        paper = Paper.model_validate_json(path.read_text("utf-8"))
        items.extend((p.text, paper.date) for _, p in paper.all_passages())
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="tag the passages N times")
    args = parser.parse_args()
    items = passages_of(args.folder) * args.repeat
    words = sum(len(text.split()) for text, _ in items)
    tag_passages(items[:50])  # build and warm the pipeline outside the timing
    nlp()
    started = time.perf_counter()
    entities = tag_passages(items)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    print(
        f"tagger {TAGGER_VERSION}: {len(items)} passages, {words} words, "
        f"{sum(map(len, entities))} entities in {seconds:.2f}s → {words / seconds:,.0f} words/s"
    )


if __name__ == "__main__":
    main()
