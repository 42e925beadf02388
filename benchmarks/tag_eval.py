"""Precision and recall per entity type on the labelled sentences (see secsearch.tag_eval).

python benchmarks/tag_eval.py [labelled.jsonl]
"""

from secsearch.tag_eval import main

if __name__ == "__main__":
    raise SystemExit(main())
