"""Precision and recall per entity type on the labelled sentences (see secsearch.tag.evaluate).

python benchmarks/tag_eval.py [labelled.jsonl]   (default: tests/data/labelled_entities.jsonl)
"""

import sys
from pathlib import Path

from secsearch.tag.evaluate import main

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_entities.jsonl"

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or [str(LABELLED)]))
