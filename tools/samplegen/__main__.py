"""``python -m tools.samplegen DIR --papers N --seed S``: write a sample corpus."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .generate import generate_corpus


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--papers", default=30, show_default=True, help="How many papers to write.")
@click.option("--seed", default=1, show_default=True, help="Seed: same seed, same corpus.")
@click.option("--clean", is_flag=True, help="Delete existing *.pdf/*.json in OUT_DIR first.")
@click.option(
    "--jobs", default=1, show_default=True, help="Processes writing papers (same corpus)."
)
def main(out_dir: Path, papers: int, seed: int, clean: bool, jobs: int) -> None:
    """Write PAPERS sample Panel papers (PDF + ground-truth JSON) into OUT_DIR.

    Example: python -m tools.samplegen corpus --papers 30 --seed 1 --clean
    """
    if clean and out_dir.is_dir():
        for old in [*out_dir.glob("*.pdf"), *out_dir.glob("*.json")]:
            old.unlink()
    started = time.perf_counter()
    with click.progressbar(length=papers, label="Writing papers") as bar:

        def advance(paths):  # type: ignore[no-untyped-def]
            for path in paths:
                yield path
                bar.update(1)

        written = generate_corpus(
            out_dir, papers=papers, seed=seed, iter_wrapper=advance, jobs=jobs
        )
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size + p.with_suffix(".json").stat().st_size for p in written)
    click.echo(
        f"Wrote {len(written)} papers to {out_dir} ({size / 1e6:.1f} MB) "
        f"in {elapsed:.1f}s ({len(written) / max(elapsed, 1e-9):.0f} papers/s)"
    )


if __name__ == "__main__":
    main()
