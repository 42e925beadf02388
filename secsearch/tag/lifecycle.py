"""What a tagged paper's passages say about modifications: lifecycle events, titles, SEC changes.

Runs after the entity tagger, over the whole paper, and fills `Passage.modification_facts`.
Sentences are read by `lifecycle_sentences.py`; this module supplies what a sentence cannot know:
which modification the passage's table row, section or paper is about (its id cell, a heading
that names one, the paper's title or opening section), table headers (a "Title" column gives
titles, a "Change Board recommendation" column decisions, a date cell dates its row, a table
introduced as "the expected timetable" holds plans), titles from headings, and the parts of the
SEC a sentence says its modification changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import domain
from ..models import (
    EventKind,
    LifecycleEvent,
    ModificationFacts,
    ModificationTitle,
    Paper,
    Passage,
    SecChange,
    Section,
)
from . import lifecycle_words as words
from .lifecycle_sentences import (
    MODIFICATION_RE,
    REF_RE,
    TOKEN_RE,
    Context,
    Sentence,
    Template,
    base_of,
    family,
    ids_in,
    one_family,
    resolve_ref,
    sentence_events,
    sentences,
    template_of,
)

_CELL_SEPARATOR = " | "
_ID_CELL_RE = re.compile(rf"^\s*{words.MODS}\s*$")
_DATE_CELL_RE = re.compile(rf"^\s*(?:on\s+)?{words.DATE}\s*$", re.I)


# --------------------------------------------------------------------------- tables


@dataclass
class TableState:
    """The header row most recently seen in a section, naming its columns, and whether the
    paragraph before the table introduced plans ("The expected timetable is:")."""

    header: list[str] = field(default_factory=list)
    plans: bool = False


def _cells(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    at = 0
    while True:
        cut = text.find(_CELL_SEPARATOR, at)
        if cut < 0:
            out.append((at, len(text)))
            return out
        out.append((at, cut))
        at = cut + len(_CELL_SEPARATOR)


def _row_facts(
    tpl: Template, ctx: Context, table: TableState, paper_date: dt.date | None
) -> tuple[list[LifecycleEvent], list[ModificationTitle]]:
    cells = _cells(tpl.text)
    texts = [tpl.text[a:b] for a, b in cells]
    if not TOKEN_RE.search(tpl.text) and any(words.HEADER_CELL.match(t) for t in texts):
        table.header = [t.strip() for t in texts]
        return [], []
    row = next((t for t in texts if _ID_CELL_RE.match(t)), None)
    row_mods = [v for m in TOKEN_RE.finditer(row or "") for v in tpl.tokens[int(m["index"])].values]
    date_cell = next((t for t in texts if _DATE_CELL_RE.match(t)), None)
    row_date = tpl.tokens[int(TOKEN_RE.search(date_cell)["index"])].date if date_cell else None  # type: ignore[index]
    row_ctx = Context(ctx.section, ctx.paper, family(row_mods) if row_mods else [], row_date)
    events: list[LifecycleEvent] = []
    titles: list[ModificationTitle] = []
    for i, (a, b) in enumerate(cells):
        heading = table.header[i] if i < len(table.header) else ""
        if words.TITLE_HEADER.match(heading) and len(row_mods) == 1 and texts[i].strip():
            titles.append(ModificationTitle(modification=row_mods[0], title=tpl.source_text(a, b)))
            continue
        decided = next(
            (kind for pattern, kind in words.DECISION_HEADERS if pattern.match(heading)), None
        )
        if decided and row_mods:
            events.extend(_decision_cell(tpl, a, b, decided, row_ctx, paper_date))
            continue
        for start, end in sentences(tpl.text, a, b):
            events.extend(sentence_events(Sentence(tpl, start, end, row_ctx, paper_date)))
    return events, titles


def _decision_cell(
    tpl: Template, start: int, end: int, kind: EventKind, ctx: Context, paper_date: dt.date | None
) -> Iterator[LifecycleEvent]:
    """A cell under a "Change Board recommendation" header: "Approve (vote of 27 January 2021)"."""
    m = words.DECISION_CELL.match(tpl.text, start, end)
    outcome = words.OUTCOME_WORDS.get(" ".join(m["o"].lower().split())) if m else None
    if outcome is None or outcome not in words.OUTCOMES_OF[kind]:
        return
    dates = [t.date for t in tpl.tokens_in(start, end, "D") if t.date]
    date, source = (dates[0], "text") if dates else (ctx.row_date, "text")
    if date is None:
        date, source = paper_date, "paper"
    if source == "text" and date and paper_date and date > paper_date:
        return
    for mod in ctx.row:
        yield LifecycleEvent(
            modification=mod,
            alternative_of=base_of(mod),
            kind=kind,
            outcome=outcome,
            date=date,
            date_source=source if date else None,  # type: ignore[arg-type]
            evidence=tpl.source_text(start, end),
        )


# --------------------------------------------------------------------------- SEC changes


def _sec_changes(tpl: Template, ctx: Context) -> list[SecChange]:
    """SEC parts a sentence says its modification changes."""
    out: list[SecChange] = []
    names_any = bool(tpl.tokens_in(0, len(tpl.text), "M"))
    for start, end in sentences(tpl.text, 0, len(tpl.text)):
        parts = [v for t in tpl.tokens_in(start, end, "S") for v in t.values]
        cue = words.SEC_CHANGE_CUE.search(tpl.text, start, end)
        if not parts or cue is None:
            continue
        s = Sentence(tpl, start, end, ctx, None)
        before = [v for t in tpl.tokens_in(start, cue.start(), "M") for v in t.values]
        after = [v for t in tpl.tokens_in(cue.end(), end, "M") for v in t.values]
        if before or after:
            mods = before[-1:] or after[:1]
        else:
            ref = REF_RE.search(tpl.text, start, end)
            if ref:
                mods = resolve_ref(s, ref.group(), ref.start())
            else:
                mods = [] if names_any else ctx.about()
        out.extend(SecChange(modification=mod, sec_ref=part) for mod in mods for part in parts)
    return out


# --------------------------------------------------------------------------- papers


def _unique(items: list[LifecycleEvent]) -> list[LifecycleEvent]:
    seen: set[tuple[object, ...]] = set()
    out: list[LifecycleEvent] = []
    for e in items:
        key = (e.modification, e.kind, e.outcome, e.detail, e.release, e.date)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _heading_title(heading: str) -> ModificationTitle | None:
    """`MP086 ‘SMETS1 Prepayment Top-up Timescales’ – …` → MP086's title."""
    m = MODIFICATION_RE.search(heading)
    if m is None:
        return None
    quoted = words.TITLE_AFTER_ID.match(heading, m.end())
    if quoted is None:
        return None
    mod = domain.modification_id(m["number"], m["alt"])
    return ModificationTitle(modification=mod, title=" ".join(quoted["title"].split()))


def paper_context(paper: Paper) -> list[str]:
    """The modification(s) a paper is about: those its title names; else, when the paper names
    only one (with its alternatives) and its opening section names it, that one. A Sub-Committee
    report that mentions one modification in passing is about none."""
    from_title = one_family(ids_in(paper.title))
    if from_title:
        return from_title
    named = [
        e.value for _, p in paper.all_passages() for e in p.entities if e.type == "MODIFICATION"
    ]
    opening = next((s for _, s in paper.all_sections() if s.number and s.passages), None)
    if opening is None:
        return []
    in_opening = [e.value for p in opening.passages for e in p.entities if e.type == "MODIFICATION"]
    return one_family(named) if in_opening else []


def passage_facts(
    passage: Passage, ctx: Context, table: TableState, paper_date: dt.date | None
) -> ModificationFacts | None:
    """The facts one passage states (None when it states none)."""
    tpl = template_of(passage.text, passage.entities)
    titles = list(tpl.titles)
    events: list[LifecycleEvent] = []
    if "⟨M" not in tpl.text and not ctx.family():
        # No modification named, none in context: no event, title or change can be stated.
        if passage.kind != "table_row":
            table.plans = bool(words.PLAN_TABLE_LEAD.search(passage.text))
        else:
            _row_facts(tpl, ctx, table, paper_date)  # a header row still names the columns
        return None
    if passage.kind == "table_row":
        row_events, row_titles = _row_facts(tpl, ctx, table, paper_date)
        events += [] if table.plans else row_events
        titles += row_titles
    else:
        table.plans = bool(words.PLAN_TABLE_LEAD.search(passage.text))
        for start, end in sentences(tpl.text, 0, len(tpl.text)):
            events.extend(sentence_events(Sentence(tpl, start, end, ctx, paper_date)))
    changes = _sec_changes(tpl, ctx)
    if not (events or titles or changes):
        return None
    return ModificationFacts(
        events=_unique(events),
        titles=list({(t.modification, t.title): t for t in titles}.values()),
        sec_changes=list({(c.modification, c.sec_ref): c for c in changes}.values()),
    )


def add_modification_facts(paper: Paper) -> None:
    """Fill `modification_facts` on every passage of a tagged paper, in place."""
    about_paper = paper_context(paper)
    heading_titles: list[tuple[Section, ModificationTitle]] = []
    first_passage: Passage | None = None
    for ancestors, section in paper.all_sections():
        path = [*ancestors, section]
        section_mods = next(
            (one_family(ids_in(s.title)) for s in reversed(path) if ids_in(s.title)), []
        )
        ctx = Context(section_mods, about_paper)
        table = TableState()
        title = _heading_title(section.title)
        if title and section.passages:
            heading_titles.append((section, title))
        for passage in section.passages:
            first_passage = first_passage or passage
            passage.modification_facts = passage_facts(passage, ctx, table, paper.date)
    extra = [(s.passages[0], t) for s, t in heading_titles]
    paper_title = _heading_title(paper.title)
    if paper_title and first_passage is not None:
        extra.append((first_passage, paper_title))
    for passage, title in extra:
        facts = passage.modification_facts or ModificationFacts()
        if all(
            (t.modification, t.title) != (title.modification, title.title) for t in facts.titles
        ):
            facts.titles.append(title)
        passage.modification_facts = facts
