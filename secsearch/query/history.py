"""A modification's whole life, the catalogue of modifications, and who cites whom.

`history` (one modification: titles over time, events in date order with citations, status,
committees, related modifications), `modifications` (one row per modification) and `refs` (a
paper's citations both ways, or a modification's papers and the SEC parts it changes, as a
graph) read the `facts` records written at ingest (no PDF, no passage text), through the same
`index.Filters` as search. Nothing in a result comes only from a passage the filters leave out;
by default at most Green passages are used (the policy's ceiling, as everywhere), a passage of
unknown classification counts as Red, and each result says how many passages the ceiling held
back.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, NoReturn

from .. import index
from ..domain import canonical_modification_id, modification_id
from ..errors import QueryError
from ..index import Filters, Index
from ..models import EVENT_KINDS, Classification
from ..policy import held_back_note
from .filters import typed
from .lifecycle_facts import (
    FactPassage,
    every_modification,
    held_back,
    passages_about,
    visible,
    visible_passages,
)
from .lifecycle_results import (
    CatalogueRow,
    CommitteeActivity,
    EventSource,
    HistoryEvent,
    ModificationCatalogue,
    ModificationHistory,
    RelatedModification,
    TitleUse,
)
from .search import level_of_rank

# The default filters: no date or committee filter, the policy's default ceiling (Green).
GREEN_ONLY = Filters()
# A step dated only by the paper that reports it joins the same step dated by another paper's
# text in this many days before ("The Change Board voted to approve MP231", in minutes written
# after the meeting that another paper dates). A step that happens once in a modification's life
# joins it whenever it was ("The issue was first raised as Draft Proposal DP067", undated, in a
# 2019 report about a modification another paper says was raised on 30 November 2018).
JOIN_PAPER_DATED_DAYS = 45
ONCE_ONLY = frozenset({"raised", "converted", "withdrawn", "implemented"})
_KIND_ORDER = {k: i for i, k in enumerate(EVENT_KINDS)}
_DECIDERS = {
    "change_board": "Change Board",
    "panel_decision": "Panel",
    "authority_decision": "Authority",
}


def modification_of(ident: str) -> str:
    """The canonical id for any spelling (a bare number too, as `mentions` takes it), or a
    QueryError naming what was typed."""
    mod = canonical_modification_id(ident)
    if mod is None and ident.strip().isdigit() and 0 < int(ident) < 10000:
        mod = modification_id(ident.strip())
    if mod is None:
        raise QueryError(
            f"'{typed(ident)}' is not a modification id",
            hint="give an id in any spelling: MP067, SECMP0067, DP067",
        )
    return mod


def original_of(mod: str) -> str:
    """MP122 for its alternative MP122A; an original is its own."""
    return mod.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def mod_sort_key(mod: str) -> tuple[int, str]:
    """Modifications in number order, an original before its alternatives."""
    return int(original_of(mod)[2:]), mod


def event_label(e: dict[str, Any]) -> str:
    """A step in words: 'raised', 'Change Board: approve', 'implemented (SEC v40.0)'."""
    kind = e["kind"]
    if kind in _DECIDERS:
        return f"{_DECIDERS[kind]}: {(e.get('outcome') or '').replace('_', ' ')}"
    if kind == "assessment":
        return f"DCC {'Preliminary' if e.get('detail') == 'preliminary' else 'Impact'} Assessment"
    if kind == "implemented" and e.get("release"):
        return f"implemented ({e['release']})"
    return {
        "converted": "converted to a Modification Proposal",
        "refinement": "refinement (Working Group)",
        "modification_report": "Modification Report",
    }.get(kind, kind)


def _order(e: dict[str, Any]) -> tuple[bool, str, int]:
    return (e.get("date") is None, e.get("date") or "", _KIND_ORDER[e["kind"]])


def _source(p: FactPassage, e: dict[str, Any]) -> EventSource:
    return EventSource(
        paper_ref=p.paper_ref,
        paper_title=p.paper_title,
        paper_date=p.paper_date,
        passage_id=p.passage_id,
        classification=Classification(p.classification) if p.classification else None,
        citation=p.citation(),
        evidence=e["evidence"],
    )


# A step (kind, outcome, detail), its date (ISO) and whether the text gives that date.
Step = tuple[str, str | None, str | None]
GroupKey = tuple[Step, str | None, bool]


def _days(later: str, earlier: str) -> int:
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def _joins(groups: dict[GroupKey, Any]) -> dict[GroupKey, GroupKey]:
    """Where each paper-dated group goes: the latest text-dated group of the same step in the
    days before its paper's date (any day before it, for a step that happens once); else the
    earliest paper-dated group of the same step in a run of papers each within those days of
    the one before (successive papers reporting one step without dating it)."""
    dated: dict[Step, list[str]] = {}
    for step, day, from_text in groups:
        if from_text and day is not None:
            dated.setdefault(step, []).append(day)
    moves: dict[GroupKey, GroupKey] = {}
    undated: dict[Step, list[str]] = {}
    for key in sorted(groups, key=lambda k: k[1] or ""):
        step, day, from_text = key
        if from_text or day is None:
            continue
        window = 10**6 if step[0] in ONCE_ONLY else JOIN_PAPER_DATED_DAYS
        before = [d for d in dated.get(step, []) if d <= day]
        if before and _days(day, max(before)) <= window:
            moves[key] = (step, max(before), True)
            continue
        run = undated.get(step)
        if run and _days(day, run[-1]) <= JOIN_PAPER_DATED_DAYS:
            moves[key] = (step, run[0], False)
            run.append(day)
        else:
            undated[step] = [day]
    return moves


def merged_events(mod: str, passages: Iterable[FactPassage]) -> list[HistoryEvent]:
    """The modification's events, one per step: the same step from several papers is one event."""
    groups: dict[GroupKey, list[tuple[dict[str, Any], FactPassage]]] = {}
    for p in passages:
        for e in p.events:
            if e["modification"] == mod:
                step = (e["kind"], e.get("outcome"), e.get("detail"))
                key = (step, e.get("date"), e.get("date_source") == "text")
                groups.setdefault(key, []).append((e, p))
    for key, target in _joins(groups).items():
        groups[target].extend(groups.pop(key))
    events: list[HistoryEvent] = []
    for members in groups.values():
        first = min((e for e, _ in members), key=lambda e: e.get("date_source") != "text")
        release = next((e["release"] for e, _ in members if e.get("release")), None)
        events.append(
            HistoryEvent(
                modification=mod,
                alternative_of=first.get("alternative_of"),
                kind=first["kind"],
                outcome=first.get("outcome"),
                detail=first.get("detail"),
                release=release,
                date=first.get("date"),
                date_source=first.get("date_source"),
                label=event_label({**first, "release": release}),
                sources=list(
                    {s.passage_id: s for s in (_source(p, e) for e, p in members)}.values()
                ),
            )
        )
    return sorted(
        events, key=lambda h: (h.date is None, h.date or dt.date.min, _KIND_ORDER[h.kind])
    )


def _title_uses(mod: str, passages: Sequence[FactPassage]) -> list[TitleUse]:
    uses: dict[str, list[FactPassage]] = {}
    for p in passages:
        for m, title in p.titles:
            if m == mod:
                uses.setdefault(title, []).append(p)
    return [
        TitleUse(
            title=title,
            passages=len({p.passage_id for p in ps}),
            first_date=ps[0].paper_date,
            first_ref=ps[0].paper_ref,
            last_date=ps[-1].paper_date,
            last_ref=ps[-1].paper_ref,
        )
        for title, ps in uses.items()
    ]


def _committees(passages: Sequence[FactPassage]) -> list[CommitteeActivity]:
    by: dict[str, list[FactPassage]] = {}
    for p in passages:
        for c in p.committees:
            by.setdefault(c, []).append(p)
    rows = [
        CommitteeActivity(
            committee=c,
            papers=len({p.paper_key for p in ps}),
            passages=len(ps),
            dates=sorted({p.paper_date for p in ps if p.paper_date}),
        )
        for c, ps in by.items()
    ]
    return sorted(rows, key=lambda r: (-r.papers, r.committee))


def _related(
    mod: str, passages: Sequence[FactPassage], original_seen: bool
) -> list[RelatedModification]:
    together = Counter(m for p in passages for m in p.modifications() - {mod})
    base = original_of(mod)
    out: list[RelatedModification] = []
    if base != mod and original_seen:
        out.append(
            RelatedModification(
                modification=base, relation="original", passages=together.pop(base, 0)
            )
        )
    for m, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0])):
        if original_of(m) == base and m != base:
            out.append(RelatedModification(modification=m, relation="alternative", passages=n))
        else:
            out.append(
                RelatedModification(modification=m, relation="mentioned together", passages=n)
            )
    return sorted(
        out, key=lambda r: (r.relation == "mentioned together", -r.passages, r.modification)
    )


def history(ix: Index, ident: str, *, filters: Filters = GREEN_ONLY) -> ModificationHistory:
    """Everything the index holds about one modification, within the filters."""
    with index.collector_paused():
        return _history(ix, ident, filters)


def _history(ix: Index, ident: str, filters: Filters) -> ModificationHistory:
    mod = modification_of(ident)
    about = passages_about(ix, mod)
    passages = visible_passages(about, filters)
    if not passages:
        nothing_about(mod, filters, held_back(about, filters), hint=_close_hint(ix, mod, filters))
    events = merged_events(mod, passages)
    base = original_of(mod)
    original_seen = base != mod and any(
        True for _ in visible_passages(passages_about(ix, base), filters)
    )
    dated = [p.paper_date for p in passages if p.paper_date]
    return ModificationHistory(
        query=ident,
        modification=mod,
        alternative_of=base if base != mod else None,
        titles=_title_uses(mod, passages),
        status=events[-1] if events else None,
        events=events,
        committees=_committees(passages),
        related=_related(mod, passages, original_seen),
        papers=len({p.paper_key for p in passages}),
        passages=len({p.passage_id for p in passages}),
        first_date=min(dated, default=None),
        last_date=max(dated, default=None),
        held_back=held_back(about, filters),
        ceiling=level_of_rank(filters.max_rank),
    )


def nothing_about(mod: str, filters: Filters, hidden: int, *, hint: str) -> NoReturn:
    """Raise the error for a modification no passage within the filters is about; when the
    ceiling held passages back, the hint says how many and how to show them (not what)."""
    narrowed = replace(filters, max_rank=GREEN_ONLY.max_rank) != GREEN_ONLY
    within = " within these filters" if narrowed else ""
    if hidden:
        hint = held_back_note(hidden, level_of_rank(filters.max_rank), leaves_the_tool=False)
    raise QueryError(f"nothing about {mod} in the index{within}", hint=hint)


def _close_hint(ix: Index, mod: str, filters: Filters) -> str:
    known = [r.modification for r in modifications(ix, filters=filters).rows]
    close = difflib.get_close_matches(mod, known, n=1)
    return f"did you mean {close[0]}?" if close else "`secsearch modifications` lists them"


# --------------------------------------------------------------------------- the catalogue


def _status_filter(status: str | None) -> tuple[str, str | None] | None:
    if not status:
        return None
    kind, _, outcome = status.strip().lower().replace("-", "_").partition(":")
    if kind not in EVENT_KINDS:
        raise QueryError(
            f"unknown status {status!r}",
            hint="one of: " + ", ".join(EVENT_KINDS) + " (decisions also as change_board:approve)",
        )
    return kind, outcome or None


def modifications(
    ix: Index, *, filters: Filters = GREEN_ONLY, status: str | None = None
) -> ModificationCatalogue:
    """One row per modification the visible passages name or state facts about."""
    wanted = _status_filter(status)

    def build() -> list[CatalogueRow]:
        rows = []
        for mod, passages in every_modification(ix).items():
            seen = visible_passages(passages, filters)
            if seen:
                rows.append(_row(mod, seen))
        return rows

    rows = index.cached_without_collector(ix, "lifecycle-catalogue", filters, build)
    hidden = index.cached_without_collector(
        ix,
        "lifecycle-held-back",
        filters,
        lambda: len(
            {
                p.passage_id
                for passages in every_modification(ix).values()
                for p in passages
                if p.rank > filters.max_rank and visible(p, filters.any_level())
            }
        ),
    )
    if wanted:
        kind, outcome = wanted
        rows = [
            r
            for r in rows
            if r.status_kind == kind and (outcome is None or r.status_outcome == outcome)
        ]
    ordered = sorted(rows, key=lambda r: mod_sort_key(r.modification))
    return ModificationCatalogue(
        status=status, rows=ordered, held_back=hidden, ceiling=level_of_rank(filters.max_rank)
    )


def _row(mod: str, passages: list[FactPassage]) -> CatalogueRow:
    titles: Counter[str] = Counter()
    last_seen: dict[str, int] = {}
    latest: dict[str, Any] | None = None
    for i, p in enumerate(passages):
        for m, t in p.titles:
            if m == mod:
                titles[t] += 1
                last_seen[t] = i
        for m, kind, qualifier, date, release in p.steps:
            step = {"kind": kind, "date": date or None}
            if m == mod and (latest is None or _order(step) >= _order(latest)):
                assessed = kind == "assessment"  # its qualifier is the detail, not an outcome
                latest = {
                    **step,
                    "outcome": None if assessed else qualifier or None,
                    "detail": qualifier if assessed else None,
                    "release": release or None,
                }
    title = max(titles, key=lambda t: (titles[t], last_seen[t])) if titles else None
    first, last = passages[0], passages[-1]
    return CatalogueRow(
        modification=mod,
        title=title,
        first_date=first.paper_date,
        first_ref=first.paper_ref,
        last_date=last.paper_date,
        last_ref=last.paper_ref,
        papers=len({p.paper_key for p in passages}),
        passages=len({p.passage_id for p in passages}),
        status=event_label(latest) if latest else None,
        status_kind=latest["kind"] if latest else None,
        status_outcome=latest.get("outcome") if latest else None,
        status_date=latest.get("date") if latest else None,
    )
