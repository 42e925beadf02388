"""Classification on the sample corpus: every passage carries the most restrictive of its own
level (its appendix's) and its paper's; by default every command and format stops at Green;
`--max-classification` raises the ceiling for text, and formats that leave the tool (JSON, CSV,
Markdown, exports) also need `--include-classified`, and then mark each restricted passage.

The index is built by `secsearch ingest` from the sample PDFs (several have Amber and Red
appendices); what each command must return is computed from the ground-truth JSON beside each
PDF, passage by passage (a passage's id is its paper's sha256 prefix and its reading-order number).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch import index
from secsearch.cli import main
from secsearch.models import Classification, Paper, Passage

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RANK = {c.value: c.rank for c in Classification}
RESTRICTED = {"amber", "red"}


def truth() -> list[Paper]:
    return [Paper.model_validate_json(p.read_text()) for p in sorted(CORPUS.glob("*.json"))]


def level(paper: Paper, passage: Passage) -> str:
    """The most restrictive of the passage's and its paper's levels."""
    own, of_paper = passage.classification, paper.classification
    assert own is not None and of_paper is not None, "every sample passage has a level"
    return max(own, of_paper, key=lambda c: c.rank).value


@pytest.fixture(scope="module")
def expected() -> dict[str, tuple[Paper, Passage, str]]:
    """Passage id → (paper, passage, classification), for every passage of the sample corpus."""
    return {
        f"{paper.source.sha256[:20]}:{seq}": (paper, passage, level(paper, passage))
        for paper in truth()
        for seq, (_, passage) in enumerate(paper.all_passages())
    }


def run(index_dir: Path, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, [*args, "--index", str(index_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_the_sample_corpus_has_amber_and_red_appendices(expected: dict) -> None:
    counts = Counter(cls for _, _, cls in expected.values())
    assert counts["amber"] and counts["red"]
    # Appendix passages carry their own level, above their paper's.
    assert any(RANK[cls] > RANK[paper.classification.value] for paper, _, cls in expected.values())
    # A White appendix of a Green paper is Green: the paper's level is a floor.
    assert any(
        p.classification == Classification.WHITE and paper.classification == Classification.GREEN
        for paper, p, _ in expected.values()
    )


def test_every_indexed_passage_carries_its_classification(
    sample_index: Path, expected: dict
) -> None:
    with index.open_index(sample_index) as ix:
        stored = {d["id"]: d["classification"] for d in index.documents(ix, "passage")}
    assert stored == {pid: cls for pid, (_, _, cls) in expected.items()}


@pytest.mark.parametrize("include", [False, True], ids=["default", "include-classified"])
def test_export_leaves_out_amber_and_red_unless_asked(
    sample_index: Path, expected: dict, include: bool
) -> None:
    flag = ["--include-classified"] if include else []
    by_ref: dict[str, list[str]] = {}
    for pid, (paper, _, _) in expected.items():
        by_ref.setdefault(paper.ref, []).append(pid)
    exported: set[str] = set()
    for ref, pids in sorted(by_ref.items()):
        out, err = run(sample_index, "export", f"paper:{ref}", "--format", "json", *flag)
        records = json.loads(out)
        secret = [p for p in pids if expected[p][2] in RESTRICTED]
        want = set(pids) if include else set(pids) - set(secret)
        assert {r["id"] for r in records} == want, ref
        for r in records:
            assert r["classification"] == expected[r["id"]][2]
            assert r["restricted"] is (r["classification"] in RESTRICTED)
        held_back = 0 if include else len(secret)
        summary = f"exported {len(want)} passage{'s' if len(want) != 1 else ''}"
        if held_back:
            summary += (
                f"; {held_back} Amber/Red passage{'s' if held_back != 1 else ''} held back "
                "(use --max-classification red --include-classified to show them)"
            )
        assert err == summary + "\n"
        exported |= {r["id"] for r in records}
    all_secret = {p for p, (_, _, cls) in expected.items() if cls in RESTRICTED}
    assert exported == (set(expected) if include else set(expected) - all_secret)


def test_markdown_and_csv_exports_mark_each_classified_passage(
    sample_index: Path, expected: dict
) -> None:
    paper = next(p for p, _, cls in expected.values() if cls == "red")
    ids = [pid for pid, (pp, _, _) in expected.items() if pp is paper]
    levels = Counter(expected[pid][2] for pid in ids)
    md, _ = run(sample_index, "export", f"paper:{paper.ref}", "--include-classified")
    # The mark opens the block quote, so the quote stays one (`> **[RED]** text`).
    assert md.count("\n> **[RED]** ") == levels["red"]
    assert md.count("\n> **[AMBER]** ") == levels["amber"]
    md_default, _ = run(sample_index, "export", f"paper:{paper.ref}")
    assert "[RED]" not in md_default and "[AMBER]" not in md_default
    assert "· RED" not in md_default and "· AMBER" not in md_default
    csv_text, _ = run(
        sample_index, "export", f"paper:{paper.ref}", "--format", "csv", "--include-classified"
    )
    rows = csv_text.splitlines()[1:]
    assert sum(",RED,yes," in r for r in rows) == levels["red"]


def test_search_mentions_and_show_display_the_classification(
    sample_index: Path, expected: dict
) -> None:
    paper = next(p for p, _, cls in expected.values() if cls == "red")
    ids = [pid for pid, (pp, _, _) in expected.items() if pp is paper]
    out, _ = run(
        sample_index,
        "search",
        f"paper:{paper.ref}",
        "--limit",
        "1000",
        "--max-classification",
        "red",
    )
    # Hit lines are `N. citation [LEVEL]`.
    marks = Counter(m[1] for m in re.finditer(r"^\d+\. .* \[([A-Z]+)\]$", out, re.M))
    assert marks == Counter(expected[pid][2].upper() for pid in ids)
    default, _ = run(sample_index, "search", f"paper:{paper.ref}", "--limit", "1000")
    shown = Counter(m[1] for m in re.finditer(r"^\d+\. .* \[([A-Z]+)\]$", default, re.M))
    held = sum(expected[pid][2] in RESTRICTED for pid in ids)
    assert shown == Counter(
        expected[pid][2].upper() for pid in ids if expected[pid][2] not in RESTRICTED
    )
    assert default.endswith(
        f"{held} Amber/Red passage{'s' if held != 1 else ''} held back "
        "(use --max-classification red to show them)\n"
    )
    shown, _ = run(sample_index, "show", paper.ref)
    assert paper.classification.value.upper() in shown.splitlines()[1]
    for a in paper.attachments:
        assert f"attachment: {a.title} [{a.classification.value.upper()}]" in shown
    mod = next(
        e.value
        for _, p, cls in expected.values()
        if cls in RESTRICTED
        for e in p.entities
        if e.type == "ORG"
    )
    hits = json.loads(run(sample_index, "mentions", mod, "--format", "json")[0])
    assert hits and all(h["classification"] == expected[h["id"]][2] for h in hits)
    assert not any(h["classification"] in RESTRICTED for h in hits)
    text, _ = run(sample_index, "mentions", mod, "--max-classification", "red")
    assert sum(f"[{lvl.upper()}]" in text for lvl in RESTRICTED) >= 1


@pytest.mark.parametrize("ceiling", ["white", "green", "amber", "red"])
def test_max_classification_filters_every_command(
    sample_index: Path, expected: dict, ceiling: str
) -> None:
    def allowed(pid: str) -> bool:
        return RANK[expected[pid][2]] <= RANK[ceiling]

    dcc = {pid for pid, (_, p, _) in expected.items() if "DCC" in p.text}
    flag = ["--max-classification", ceiling, "--include-classified"]
    hits = json.loads(run(sample_index, "search", "DCC", "--limit", "1000", "--format", "json",
                          *flag)[0])  # fmt: skip
    assert {h["id"] for h in hits} == {pid for pid in dcc if allowed(pid)}
    text, _ = run(sample_index, "search", "DCC", "--max-classification", ceiling)
    assert f"of {sum(allowed(pid) for pid in dcc)} matching passages" in text
    timeline = json.loads(run(sample_index, "timeline", "DCC", "--format", "json", *flag)[0])
    assert sum(p["count"] for p in timeline) == sum(allowed(pid) for pid in dcc)
    mod_ids = {
        pid
        for pid, (_, p, _) in expected.items()
        if any(e.type == "MODIFICATION" and e.value == "MP067" for e in p.entities)
    }
    mentioned = json.loads(run(sample_index, "mentions", "MP067", "--format", "json", *flag)[0])
    assert {h["id"] for h in mentioned} == {pid for pid in mod_ids if allowed(pid)}
    exported = json.loads(run(sample_index, "export", "DCC", "--format", "json", *flag)[0])
    assert {r["id"] for r in exported} == {pid for pid in dcc if allowed(pid)}


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_machine_formats_stop_at_green_without_include_classified(
    sample_index: Path, expected: dict, fmt: str
) -> None:
    """--max-classification alone raises the ceiling of text for people, not of what leaves."""
    dcc = {pid for pid, (_, p, _) in expected.items() if "DCC" in p.text}
    held = sum(expected[pid][2] in RESTRICTED for pid in dcc)
    out, err = run(
        sample_index, "search", "DCC", "--limit", "1000", "--format", fmt,
        "--max-classification", "red",
    )  # fmt: skip
    assert "RED" not in out and "AMBER" not in out
    assert err == (
        f"{held} Amber/Red passages held back "
        "(use --max-classification red --include-classified to show them)\n"
    )
