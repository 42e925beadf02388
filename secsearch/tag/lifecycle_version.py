"""The tag stage's version: a number for the tagger and a fingerprint of the lifecycle rules.

Kept apart from `pipeline.py` so that reading them (every ingest does, to key the extraction
cache) does not load spaCy. The index's schema version and the extraction cache's key both carry
the fingerprint, so editing a rule makes an old index ask for `--rebuild` and cached papers be
tagged again, without anyone having to remember to bump a number. Read from the files
themselves: importing the rules is not needed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Bump whenever tagging output can change: the extraction cache keys on it.
# 2: modification facts (lifecycle events, titles, SEC changes) on every passage.
TAGGER_VERSION = "2"

RULE_FILES = ("lifecycle_words.py", "lifecycle_rules.py", "lifecycle_sentences.py", "lifecycle.py")
_HERE = Path(__file__).resolve().parent


def rules_fingerprint(folder: Path = _HERE) -> str:
    """Eight hex digits of the SHA-256 of the rule files in `folder`, in `RULE_FILES` order."""
    return hashlib.sha256(
        b"".join((folder / name).read_bytes() for name in RULE_FILES)
    ).hexdigest()[:8]


LIFECYCLE_FINGERPRINT = rules_fingerprint()
