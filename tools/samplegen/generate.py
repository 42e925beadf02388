"""Write sample papers: PDF plus ground-truth JSON, deterministic for a given seed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from secsearch.models import Paper

from .compose import compose, ground_truth
from .coverage import uncovered_mentions
from .doc import PaperPlan
from .layout import Geometry, layout
from .plan import plan_paper
from .writers import write_fpdf, write_reportlab

# Two house styles, so that extraction is not tuned to one producer's spacing.
GEOMETRIES: dict[str, Geometry] = {
    "reportlab": Geometry(),
    "fpdf2": Geometry(
        left=70.9,
        right=70.9,
        top=70.9,
        bottom=76.0,
        leading=13.9,
        para_after=9.0,
        h1_size=14.0,
        h2_size=12.0,
        heading_before=12.0,
        number_indent=42.5,
        bullet_x=14.2,
        bullet_text_x=31.2,
        title_size=15.0,
        footer_align="center",
        page_number_align="center",
        table_row=19.0,
    ),
}


def render_paper(plan: PaperPlan) -> tuple[bytes, Paper]:
    """The PDF bytes of a planned paper and its ground truth."""
    geo = GEOMETRIES[plan.writer]
    comp = compose(plan, geo)
    result = layout(comp.items, geo, plan.classification)
    if plan.writer == "reportlab":
        pdf = write_reportlab(
            result.pages, title=plan.title, author=plan.author, width=geo.width, height=geo.height
        )
    else:
        pdf = write_fpdf(
            result.pages,
            title=plan.title,
            author=plan.author,
            width=geo.width,
            height=geo.height,
            date=plan.date,
        )
    file_name = f"{plan.file_stem}.pdf"
    truth = ground_truth(
        plan, comp, result, file_name=file_name, sha256=hashlib.sha256(pdf).hexdigest()
    )
    check_coverage(truth)
    return pdf, truth


def check_coverage(paper: Paper) -> None:
    """Refuse a paper whose passages mention vocabulary no entity covers (a template bug)."""
    for _, passage in paper.all_passages():
        missed = uncovered_mentions(passage.text, passage.entities)
        if missed:
            raise ValueError(f"{paper.source.path}: unmarked {missed} in {passage.text!r}")


def truth_json(paper: Paper) -> str:
    return json.dumps(paper.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def write_paper(plan: PaperPlan, out_dir: Path) -> Path:
    """Write ``NAME.pdf`` and ``NAME.json`` for one plan; returns the PDF's path."""
    pdf, truth = render_paper(plan)
    path = out_dir / f"{plan.file_stem}.pdf"
    path.write_bytes(pdf)
    path.with_suffix(".json").write_text(truth_json(truth), encoding="utf-8")
    return path


def unique_plans(papers: int, seed: int) -> Iterator[PaperPlan]:
    """``papers`` plans with distinct file names, in index order.

    Plans are drawn independently, so in a large corpus two can land on the same meeting and
    paper number; the later one would overwrite the earlier file, so it is passed over and the
    next index drawn instead.
    """
    seen: set[str] = set()
    index = 0
    while len(seen) < papers:
        plan = plan_paper(index, seed)
        index += 1
        if plan.file_stem not in seen:
            seen.add(plan.file_stem)
            yield plan


def generate_corpus(
    out_dir: Path,
    *,
    papers: int,
    seed: int,
    iter_wrapper: Callable[[Iterable[Path]], Iterable[Path]] = lambda it: it,
    jobs: int = 1,
) -> list[Path]:
    """Write ``papers`` sample papers for ``seed`` into ``out_dir``; returns the PDF paths.

    Each paper depends only on its plan, so ``jobs`` processes write the same corpus as one.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = unique_plans(papers, seed)
    write = partial(write_paper, out_dir=out_dir)
    if jobs <= 1:
        return list(iter_wrapper(map(write, plans)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(iter_wrapper(pool.map(write, plans, chunksize=8)))
