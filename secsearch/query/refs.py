"""Who cites whom: a paper's citations both ways, or a modification's papers and the SEC parts its
passages say it changes, with the graph of papers, modifications and SEC parts.

Like `history.py`, read from the `facts` records through `index.Filters`: a citation, a paper, a
modification or a SEC part is in the result only if a passage within the filters gives it, and a
paper's title is shown only when the paper itself is within the classification filter.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from .. import index
from ..domain import PAPER_REF_RE, canonical_modification_id
from ..errors import QueryError
from ..index import Filters, Index
from ..policy import UNKNOWN_RANK
from .filters import typed
from .history import GREEN_ONLY, mod_sort_key, modification_of, nothing_about, original_of
from .lifecycle_facts import (
    FactPassage,
    citing_passages,
    every_modification,
    held_back,
    passages_about,
    visible_passages,
)
from .lifecycle_results import GraphEdge, GraphNode, PaperLink, RefsResult, SecChangeUse
from .search import level_of_rank


def refs(ix: Index, ref_or_id: str, *, filters: Filters = GREEN_ONLY) -> RefsResult:
    """A paper's citations both ways, or a modification's papers and SEC changes."""
    if PAPER_REF_RE.fullmatch(ref_or_id.strip().upper()):
        return _paper_refs(ix, ref_or_id, ref_or_id.strip().upper(), filters)
    if canonical_modification_id(ref_or_id) is not None or ref_or_id.strip().isdigit():
        return _modification_refs(ix, ref_or_id, modification_of(ref_or_id), filters)
    raise QueryError(
        f"'{typed(ref_or_id)}' is neither a paper reference nor a modification id",
        hint="give a reference (SECP_107_1208_05) or an id in any spelling (MP067, SECMP0067)",
    )


def _paper_node(ref: str | None, title: str | None) -> GraphNode:
    return GraphNode(id=f"paper:{ref or title}", kind="paper", label=ref or title or "")


def _links(passages: Iterable[FactPassage]) -> list[PaperLink]:
    """One link per paper, oldest first, with the first linking passage's citation."""
    by_paper: dict[str, list[FactPassage]] = {}
    for p in passages:
        by_paper.setdefault(p.paper_key, []).append(p)
    return [
        PaperLink(
            ref=ps[0].paper_ref,
            title=ps[0].paper_title,
            date=ps[0].paper_date,
            passages=len(ps),
            citation=ps[0].citation(),
        )
        for ps in by_paper.values()
    ]


def _modification_refs(ix: Index, query: str, mod: str, filters: Filters) -> RefsResult:
    about = passages_about(ix, mod)
    passages = visible_passages(about, filters)
    if not passages:
        hint = "`secsearch modifications` lists them"
        nothing_about(mod, filters, held_back(about, filters), hint=hint)
    papers = _links(passages)
    changes: dict[str, list[FactPassage]] = {}
    for p in passages:
        for m, part in p.changes:
            if m == mod:
                changes.setdefault(part, []).append(p)
    uses = [
        SecChangeUse(
            sec_ref=part,
            papers=len({p.paper_key for p in ps}),
            passages=len({p.passage_id for p in ps}),
            refs=list(dict.fromkeys(p.paper_ref or p.paper_title for p in ps)),
        )
        for part, ps in sorted(changes.items())
    ]
    titles = [t for p in passages for m, t in p.titles if m == mod]
    node = GraphNode(id=f"mod:{mod}", kind="modification", label=mod)
    nodes = [node] + [_paper_node(link.ref, link.title) for link in papers]
    edges = [
        GraphEdge(
            source=_paper_node(link.ref, link.title).id,
            target=node.id,
            relation="discusses",
            passages=link.passages,
        )
        for link in papers
    ]
    for use in uses:
        nodes.append(GraphNode(id=f"sec:{use.sec_ref}", kind="sec_ref", label=use.sec_ref))
        edges.append(
            GraphEdge(
                source=node.id,
                target=f"sec:{use.sec_ref}",
                relation="changes",
                passages=use.passages,
            )
        )
    for other in sorted({m for p in passages for m in p.modifications()} - {mod}):
        if original_of(other) == original_of(mod):
            alt, original = (other, mod) if len(other) > len(mod) else (mod, other)
            nodes.append(GraphNode(id=f"mod:{other}", kind="modification", label=other))
            together = sum(1 for p in passages if other in p.modifications())
            edges.append(
                GraphEdge(
                    source=f"mod:{alt}",
                    target=f"mod:{original}",
                    relation="alternative_of",
                    passages=together,
                )
            )
    return RefsResult(
        query=query,
        kind="modification",
        focus=mod,
        title=max(set(titles), key=titles.count) if titles else None,
        papers=papers,
        changes=uses,
        nodes=_unique(nodes),
        edges=edges,
        held_back=held_back(about, filters),
        ceiling=level_of_rank(filters.max_rank),
    )


def _unique(nodes: list[GraphNode]) -> list[GraphNode]:
    return list({n.id: n for n in nodes}.values())


def _paper_title(ix: Index, ref: str, filters: Filters) -> tuple[str, dt.date | None] | None:
    """The title and date of the paper with this reference, if indexed and within the filters'
    classification (a paper of unknown classification counts as Red)."""
    docs = index.papers_by_ref(ix, ref)
    for d in docs:
        if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank:
            return d.get("title", ""), dt.date.fromisoformat(d["date"]) if d.get("date") else None
    return None


def _paper_refs(ix: Index, query: str, ref: str, filters: Filters) -> RefsResult:
    linking = [p for p in citing_passages(ix) if p.paper_ref == ref or ref in p.cites]
    citations = visible_passages(linking, filters)
    own = [p for p in citations if p.paper_ref == ref]
    citing = [p for p in citations if ref in p.cites and p.paper_ref != ref]
    its_own = {
        mod: [p for p in passages if p.paper_ref == ref]
        for mod, passages in every_modification(ix).items()
    }
    about = {mod: visible_passages(passages, filters) for mod, passages in its_own.items()}
    hidden = held_back(linking + [p for ps in its_own.values() for p in ps], filters)
    known = _paper_title(ix, ref, filters)
    if known is None and not own and not citing and not any(about.values()):
        shown = index.documents(ix, "paper", max_rank=filters.max_rank)
        refs_known = sorted({d.get("ref", "") for d in shown} - {""})
        close = difflib.get_close_matches(ref, refs_known, n=1)
        hint = f"did you mean {close[0]}?" if close else "`secsearch stats` shows what is indexed"
        raise QueryError(f"no paper {ref} in the index", hint=hint)
    title, date = known if known else (None, None)
    focus = _paper_node(ref, title)
    cited: dict[str, list[FactPassage]] = {}
    for p in own:
        for c in p.cites:
            cited.setdefault(c, []).append(p)
    cites = []
    for c, ps in sorted(cited.items()):
        other = _paper_title(ix, c, filters)
        cites.append(
            PaperLink(
                ref=c,
                title=other[0] if other else "",
                date=other[1] if other else None,
                passages=len(ps),
                citation=ps[0].citation(),
            )
        )
    cited_by = _links(citing)
    mods = sorted((m for m, ps in about.items() if ps), key=mod_sort_key)
    nodes = [focus]
    edges: list[GraphEdge] = []
    for link in cites:
        nodes.append(_paper_node(link.ref, None))
        edges.append(
            GraphEdge(
                source=focus.id,
                target=_paper_node(link.ref, None).id,
                relation="cites",
                passages=link.passages,
            )
        )
    for link in cited_by:
        nodes.append(_paper_node(link.ref, link.title))
        edges.append(
            GraphEdge(
                source=_paper_node(link.ref, link.title).id,
                target=focus.id,
                relation="cites",
                passages=link.passages,
            )
        )
    for m in mods:
        nodes.append(GraphNode(id=f"mod:{m}", kind="modification", label=m))
        n = len(about[m])
        edges.append(
            GraphEdge(source=focus.id, target=f"mod:{m}", relation="discusses", passages=n)
        )
    return RefsResult(
        query=query,
        kind="paper",
        focus=ref,
        title=title,
        date=date,
        cites=cites,
        cited_by=cited_by,
        modifications=mods,
        nodes=_unique(nodes),
        edges=edges,
        held_back=hidden,
        ceiling=level_of_rank(filters.max_rank),
    )
