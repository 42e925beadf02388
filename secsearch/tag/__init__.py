"""Stage 3, tag: `Paper` → `Paper` with typed, canonical entities on every passage.

In: a structured paper from `structure`. Out: the same paper with `Passage.entities` and
`Paper.acronyms`. spaCy lives in this package only (`pipeline.py`: `spacy.blank("en")` plus
rule-based components); identifier shapes come from `secsearch.domain`, date phrases from
`dates.py`, acronym definitions from `acronyms.py`.
"""

from __future__ import annotations

from .pipeline import TAGGER_VERSION, acronym_definitions, nlp, tag_paper, tag_passages

__all__ = ["TAGGER_VERSION", "acronym_definitions", "nlp", "tag_paper", "tag_passages"]
