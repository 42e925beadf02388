"""Stage 3, tag: `Paper` → `Paper` with typed, canonical entities on every passage and what the
passages say about modifications.

In: a structured paper from `structure`. Out: the same paper with `Passage.entities`,
`Paper.acronyms` and `Passage.modification_facts`. spaCy lives in this package only
(`pipeline.py`: `spacy.blank("en")` plus rule-based components); identifier shapes come from
`secsearch.domain`, date phrases from `dates.py`, acronym definitions from `acronyms.py`.
Modification facts — lifecycle events (raised … implemented), titles, SEC parts changed — come
from regular-expression rules kept as data (`lifecycle_words.py`, `lifecycle_rules.py`), read
sentence by sentence (`lifecycle_sentences.py`) with the paper's context (`lifecycle.py`).
"""

from __future__ import annotations

from .lifecycle import add_modification_facts
from .pipeline import TAGGER_VERSION, acronym_definitions, nlp, tag_paper, tag_passages

__all__ = [
    "TAGGER_VERSION",
    "acronym_definitions",
    "add_modification_facts",
    "nlp",
    "tag_paper",
    "tag_passages",
]
