"""Reading the `facts` records (`facts.py`): the papers about a modification or citing a
reference, with what their passages say. Used by `query.history`."""

from __future__ import annotations

from typing import Any

from .facts import FACTS_KIND
from .store import Index


def facts_documents(
    ix: Index, *, modification: str | None = None, cites: str | None = None, ref: str | None = None
) -> list[dict[str, Any]]:
    """Stored facts records: every paper's, or those about a modification, citing a reference,
    or of the paper(s) with a reference."""
    terms: dict[str, str] = {"kind": FACTS_KIND}
    if modification:
        terms["facts_mods"] = modification
    if cites:
        terms["facts_cites"] = cites
    if ref:
        terms["ref"] = ref
    with ix.lock:
        return [dict(d) for d in ix.searcher().documents(**terms)]
