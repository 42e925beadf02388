"""Stage 3, tag: `Paper` → `Paper` with typed, canonical entities on every passage and what the
passages say about modifications.

In: a structured paper from `structure`. Out: the same paper with `Passage.entities`,
`Paper.acronyms` and `Passage.modification_facts`. spaCy lives in this package only
(`pipeline.py`: `spacy.blank("en")` plus rule-based components); identifier shapes come from
`secsearch.domain`, date phrases from `dates.py`, acronym definitions from `acronyms.py`.
Modification facts — lifecycle events (raised … implemented), titles, SEC parts changed — come
from regular-expression rules kept as data (`lifecycle_words.py`, `lifecycle_rules.py`), read
sentence by sentence (`lifecycle_sentences.py`) with the paper's context (`lifecycle.py`);
`lifecycle_version.py` fingerprints them for the index schema and the extraction cache.

The names below are loaded on first use, so a module that needs only a spaCy-free part of this
package (the index reading `lifecycle_version`) does not pay for loading spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lifecycle import add_modification_facts
    from .lifecycle_version import TAGGER_VERSION
    from .pipeline import acronym_definitions, nlp, tag_paper, tag_passages

__all__ = [
    "TAGGER_VERSION",
    "acronym_definitions",
    "add_modification_facts",
    "nlp",
    "tag_paper",
    "tag_passages",
]

_HOME = {name: "pipeline" for name in __all__} | {
    "add_modification_facts": "lifecycle",
    "TAGGER_VERSION": "lifecycle_version",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
