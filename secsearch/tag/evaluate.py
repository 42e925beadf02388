"""Precision and recall of the tagger against hand-labelled sentences.

The labelled file is JSONL, one passage a line: `{"date": "2019-03-08" | null, "text": "..."}`
where `text` carries inline labels in the entity markup of `markup.py`
(`[[COMMITTEE:OPSG=OPSG;ACRONYM:OPSG|Operations Group]]`). Unlabelled text is a negative:
anything the tagger finds there counts against precision.

Run `python -m secsearch.tag.evaluate LABELLED.jsonl` (or `benchmarks/tag_eval.py`) for the
per-type table.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..models import ENTITY_TYPES, Entity
from .markup import parse_marked

# (type, start, end, value key): what must match exactly for a true positive.
Key = tuple[str, int, int, str]

TYPES: tuple[str, ...] = ENTITY_TYPES


@dataclass(frozen=True)
class LabelledPassage:
    text: str
    date: dt.date | None
    gold: tuple[Key, ...]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def entity_key(e: Entity) -> Key:
    """What a predicted entity is compared on."""
    if e.type == "DATE" and e.date is not None:
        return (e.type, e.start, e.end, f"{e.date.start}/{e.date.end}/{e.date.precision}")
    if e.type == "ACRONYM":
        return (e.type, e.start, e.end, f"{e.value}|{e.long}")
    return (e.type, e.start, e.end, e.value)


def parse_labelled(marked: str, when: dt.date | None) -> LabelledPassage:
    """Plain text and gold keys from one passage in entity markup (see `markup.py`)."""
    parsed = parse_marked(marked)
    return LabelledPassage(parsed.text, when, tuple(entity_key(e) for e in parsed.entities))


def load_labelled(path: Path) -> list[LabelledPassage]:
    """Every labelled passage in a JSONL file."""
    passages: list[LabelledPassage] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        when = dt.date.fromisoformat(row["date"]) if row.get("date") else None
        passages.append(parse_labelled(row["text"], when))
    return passages


def score_by_type(passages: Iterable[LabelledPassage]) -> tuple[dict[str, Score], list[str]]:
    """Per-type counts, and one line per disagreement for debugging."""
    from .pipeline import tag_passages

    passages = list(passages)
    predicted = tag_passages((p.text, p.date) for p in passages)
    counts = {t: Counter[str]() for t in TYPES}
    errors: list[str] = []
    for passage, entities in zip(passages, predicted, strict=True):
        gold = Counter(passage.gold)
        found = Counter(entity_key(e) for e in entities)
        for key, n in (found & gold).items():
            counts[key[0]]["tp"] += n
        for key, n in (found - gold).items():
            counts[key[0]]["fp"] += n
            errors.append(f"FP {key} {passage.text[key[1] : key[2]]!r} in {passage.text[:60]!r}")
        for key, n in (gold - found).items():
            counts[key[0]]["fn"] += n
            errors.append(f"FN {key} {passage.text[key[1] : key[2]]!r} in {passage.text[:60]!r}")
    scores = {t: Score(c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}
    return scores, errors


def format_table(scores: dict[str, Score]) -> str:
    """A Markdown table: type, gold count, precision, recall."""
    lines = ["| type | gold | found | precision | recall |", "|---|---:|---:|---:|---:|"]
    for t, s in scores.items():
        lines.append(
            f"| {t} | {s.tp + s.fn} | {s.tp + s.fp} | {s.precision:.3f} | {s.recall:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m secsearch.tag.evaluate LABELLED.jsonl", file=sys.stderr)
        return 2
    path = Path(args[0])
    scores, errors = score_by_type(load_labelled(path))
    for line in errors:
        print(line)
    print(format_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
