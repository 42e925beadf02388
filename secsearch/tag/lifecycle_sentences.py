"""Reading one sentence (or table cell) of a passage: templates, rule matches, and the events
they state (spaCy-free; the rules are data in `lifecycle_rules.py` and `lifecycle_words.py`).

A passage becomes a *template*: MODIFICATION, DATE, RELEASE and SEC_REF entities turn into tokens
(``⟨M0⟩``, ``⟨D1⟩`` …) and a quoted title after an id is taken out (and kept as the modification's
title), so words inside titles never trigger a rule. Every rule's matches in a sentence are
collected; where two claim the same words the longer wins (sharing only ids is allowed). Each
match becomes events: its modification(s) from the match, the words around it (its object, its
clause's subject) or the context (the row's id cell, the section heading, the paper's own
modification); its date from the match or the words just after it, else those before it in the
same sentence (a date the previous event took is not reused, unless the verb shares that event's
subject: "… on 10 July 2020 and sent it to …"), else the row's date cell, else the paper's. A
match preceded by a modal or conditional word in its clause is a plan, not an event, and so is
one dated after the paper.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import domain
from ..models import Entity, EventKind, LifecycleEvent, ModificationTitle
from . import lifecycle_words as words
from .lifecycle_rules import COMPILED, Rule

TOKEN_RE = re.compile(r"⟨(?P<kind>[MDRS])(?P<index>\d+)⟩")
_TOKEN_KIND = {"MODIFICATION": "M", "DATE": "D", "RELEASE": "R", "SEC_REF": "S"}
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z⟨‘“\"(\d])|;\s+")
_MODS_RE = re.compile(words.MODS)
REF_RE = re.compile(rf"\b{words.REF}\b", re.I)
_REF_OR_MOD_RE = re.compile(rf"{words.MOD}|\b{words.REF}\b", re.I)
_BOTH_RE = re.compile(r"^(?:both|them)\b", re.I)
_OBJECT_MODS_RE = re.compile(
    rf"^\s*(?:(?:of|on|for)\s+)?(?:both\s+)?(?:{words.NAMED})?(?P<mods>{words.MODS})", re.I
)
_OBJECT_REF_RE = re.compile(rf"^\s*(?:(?:of|on|for)\s+)?(?P<ref>{words.REF})\b", re.I)
_COLON_LIST_RE = re.compile(rf":\s*(?P<mods>{words.MODS})")
# An id after a preposition is not a clause's subject: "The timetable for MP067 was approved".
_AFTER_PREPOSITION_RE = re.compile(
    r"\b(?:for|of|on|about|under|with|to|in|from|than|into|against|regarding)\s+(?:the\s+)?$",
    re.I,
)
_WHICH_RE = re.compile(r"\s*(?:which|that|who)\b", re.I)
MODIFICATION_RE = re.compile(domain.MODIFICATION_PATTERN, re.I)
_RIGHT_WINDOW = 120
# What two matches may share: ids and the punctuation between them.
_SHAREABLE_RE = re.compile(rf"{words.MOD}|[\s,()]|\band\b|\bor\b", re.I)
# A match that starts with a verb, after "and", continues the previous clause's subject: "… on 10
# July 2020 and sent it to the Refinement Process", "approved MP122A and rejected MP122".
_VERB_FIRST_RE = re.compile(
    r"(?:and\s+)?(?:then\s+|later\s+|subsequently\s+)?(?:[a-z]+ed|is|are|was|were|has|have|"
    r"became|went|came|took|sent|withdrew|began|ran|met)\b"
)


# --------------------------------------------------------------------------- templates


@dataclass
class Token:
    kind: str  # M, D, R or S
    values: list[str]
    date: dt.date | None = None


@dataclass
class Template:
    """A passage's text with its entities as tokens; `pos[i]` is template index i in `source`."""

    text: str
    tokens: list[Token]
    source: str
    pos: list[int]
    titles: list[ModificationTitle] = field(default_factory=list)

    def source_text(self, start: int, end: int) -> str:
        return " ".join(self.source[self.pos[start] : self.pos[end]].split())

    def tokens_in(self, start: int, end: int, kind: str) -> list[Token]:
        return [
            self.tokens[int(m["index"])]
            for m in TOKEN_RE.finditer(self.text, start, end)
            if m["kind"] == kind
        ]


def template_of(text: str, entities: list[Entity]) -> Template:
    """The passage as a template, with the titles quoted after its ids."""
    spans: dict[tuple[int, int, str], list[Entity]] = {}
    for e in entities:
        if e.type in _TOKEN_KIND:
            spans.setdefault((e.start, e.end, e.type), []).append(e)
    out: list[str] = []
    pos: list[int] = []
    tokens: list[Token] = []
    titles: list[ModificationTitle] = []
    at = 0
    for (start, end, etype), group in sorted(spans.items()):
        if start < at:
            continue  # overlapping layers (none expected among these types)
        _copy(text, at, start, out, pos)
        token = Token(_TOKEN_KIND[etype], [e.value for e in group])
        if etype == "DATE" and group[0].date is not None:
            token.date = group[0].date.start
        name = f"⟨{token.kind}{len(tokens)}⟩"
        tokens.append(token)
        out.append(name)
        pos.extend([start] * len(name))
        at = end
        if etype == "MODIFICATION":
            quoted = words.TITLE_AFTER_ID.match(text, end)
            if quoted:
                title = " ".join(quoted["title"].split())
                titles.extend(ModificationTitle(modification=v, title=title) for v in token.values)
                at = quoted.end()
    _copy(text, at, len(text), out, pos)
    pos.append(len(text))
    return Template("".join(out), tokens, text, pos, titles)


def _copy(text: str, start: int, end: int, out: list[str], pos: list[int]) -> None:
    # Curly apostrophes become straight ones, so rules write "Authority's" once.
    out.append(text[start:end].replace("’", "'"))
    pos.extend(range(start, end))


# --------------------------------------------------------------------------- context


def family(mods: list[str]) -> list[str]:
    """The ids, an original before its alternatives, each once."""
    return sorted(dict.fromkeys(mods), key=lambda m: (domain_number(m), m))


def domain_number(mod: str) -> int:
    return int(re.sub(r"\D", "", mod))


def base_of(mod: str) -> str | None:
    """MP122 for the alternative MP122A; None for an original."""
    return mod[:-1] if mod[-1].isalpha() else None


def ids_in(text: str) -> list[str]:
    """Canonical ids written in a heading or title (headings are not tagged)."""
    return [domain.modification_id(m["number"], m["alt"]) for m in MODIFICATION_RE.finditer(text)]


def one_family(mods: list[str]) -> list[str]:
    """The ids when they are all one modification and its alternatives, else none."""
    numbers = {domain_number(m) for m in mods}
    return family(mods) if len(numbers) == 1 else []


@dataclass
class Context:
    """The modification(s) a passage is about when it does not say: its row's, section's, paper's.

    A section or paper about an original and its alternative (MP122, MP122A) is about the
    original unless a passage says "both"; a row is about every id in its id cell.
    """

    section: list[str]
    paper: list[str]
    row: list[str] = field(default_factory=list)
    row_date: dt.date | None = None

    def family(self) -> list[str]:
        return self.row or self.section or self.paper

    def about(self) -> list[str]:
        return self.row or (self.section or self.paper)[:1]


# --------------------------------------------------------------------------- matching


@dataclass
class Match:
    start: int  # template coordinates
    end: int
    rule: Rule
    groups: dict[str, str | None]


def _conflict(tpl: Template, a: Match, b: Match) -> bool:
    """Whether two matches claim the same words; sharing only ids is not a conflict ("presented
    the Modification Report for MP067, which was raised …")."""
    start, end = max(a.start, b.start), min(a.end, b.end)
    if end <= start:
        return False
    return bool(_SHAREABLE_RE.sub("", tpl.text[start:end]).strip())


_ORDER = {id(rule): i for i, (rule, _) in enumerate(COMPILED)}


def _matches(tpl: Template, start: int, end: int) -> list[Match]:
    """Every rule's matches in one sentence; where matches overlap, the longest wins."""
    segment = tpl.text[start:end]
    if not words.TRIGGER_STEMS.search(segment):
        return []
    found = [
        Match(start + m.start(), start + m.end(), rule, m.groupdict())
        for i, (rule, pattern) in enumerate(COMPILED)
        for m in pattern.finditer(segment)
        if m.end() > m.start()
    ]
    kept: list[Match] = []
    for m in sorted(found, key=lambda m: (m.start - m.end, _ORDER[id(m.rule)], m.start)):
        if not any(_conflict(tpl, m, k) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _clause_before(text: str, start: int, end: int) -> tuple[int, str]:
    """The start and words of the clause that ends at `end` (a 'which' clause joins its noun's)."""
    boundaries = [m.end() for m in words.CLAUSE_BOUNDARY.finditer(text, start, end)]
    if not boundaries:
        return start, text[start:end]
    clause_start = boundaries[-1]
    if _WHICH_RE.match(text, clause_start) and len(boundaries) > 1:
        clause_start = boundaries[-2]
    elif _WHICH_RE.match(text, clause_start):
        clause_start = start
    return clause_start, text[clause_start:end]


def _dates_with_cue(tpl: Template, start: int, end: int) -> list[tuple[int, dt.date]]:
    """Dates in a window that a preposition of time (or nothing) introduces."""
    out: list[tuple[int, dt.date]] = []
    for m in TOKEN_RE.finditer(tpl.text, start, end):
        token = tpl.tokens[int(m["index"])]
        if m["kind"] != "D" or token.date is None:
            continue
        lead = tpl.text[max(start, m.start() - 14) : m.start()]
        if not lead.strip() or words.DATE_CUE_BEFORE.search(lead):
            out.append((m.start(), token.date))
    return out


def _right_window_end(tpl: Template, start: int, limit: int) -> int:
    end = min(limit, start + _RIGHT_WINDOW)
    cut = words.CLAUSE_END.search(tpl.text, start, end)
    return cut.start() if cut else end


@dataclass
class Sentence:
    """One sentence (or cell) of a passage being read."""

    tpl: Template
    start: int
    end: int
    ctx: Context
    paper_date: dt.date | None


def resolve_ref(s: Sentence, ref: str, at: int) -> list[str]:
    """What "it", "the modification" or "both solutions" stands for at template index `at`."""
    earlier = [v for t in s.tpl.tokens_in(0, at, "M") for v in t.values]
    if _BOTH_RE.match(ref):
        known = s.ctx.family()
        if len(known) >= 2:
            return known
        return family(list(dict.fromkeys(reversed(earlier)))[:2]) if len(earlier) >= 2 else []
    return earlier[-1:] or s.ctx.about()[:1]


def _mods_in(s: Sentence, start: int, end: int) -> list[str]:
    mods = [v for t in s.tpl.tokens_in(start, end, "M") for v in t.values]
    if mods:
        return list(dict.fromkeys(mods))
    ref = REF_RE.search(s.tpl.text, start, end)
    return resolve_ref(s, ref.group(), ref.start()) if ref else []


def _object(s: Sentence, m: Match) -> list[str] | None:
    """The modification(s) right after a transitive match: [] when unsaid, None when the object
    is something else ("approved the revised budget")."""
    after = s.tpl.text[m.end : s.end]
    mods = _OBJECT_MODS_RE.match(after)
    if mods and words.FOLLOWS_OBJECT.match(after, mods.end()):
        return _mods_in(s, m.end + mods.start("mods"), m.end + mods.end("mods"))
    ref = _OBJECT_REF_RE.match(after)
    if ref:
        return resolve_ref(s, ref["ref"], m.end + ref.start("ref"))
    return [] if words.IMPLICIT_OBJECT.match(after) else None


def _coordinated(s: Sentence, m: Match, floor: int) -> bool:
    """Whether a match is a verb sharing the previous clause's subject ("… and sent it to …")."""
    between = s.tpl.text[floor : m.start]
    _, before = _clause_before(s.tpl.text, floor, m.start)
    if words.CLAUSE_BOUNDARY.search(between):
        unsaid = not before.strip()  # "… on 10 July 2020 and sent it to …"
    else:
        unsaid = not _SHAREABLE_RE.sub("", between).strip()  # "approved MP122A and rejected …"
    return floor > s.start and unsaid and bool(_VERB_FIRST_RE.match(s.tpl.text, m.start))


def _subject(s: Sentence, m: Match, floor: int) -> list[str]:
    """The nearest id (or "it") before a match in its clause (in the sentence, for a verb that
    shares an earlier clause's subject), or a list after a colon."""
    clause_start, before = _clause_before(s.tpl.text, floor, m.start)
    joined = s.tpl.text.startswith("and", m.start) or not before.strip()
    if joined and _VERB_FIRST_RE.match(s.tpl.text, m.start):
        clause_start = s.start
    nearest = [
        n
        for n in _REF_OR_MOD_RE.finditer(s.tpl.text, clause_start, m.start)
        if not _AFTER_PREPOSITION_RE.search(s.tpl.text, clause_start, n.start())
    ]
    if nearest:
        last = nearest[-1]
        return _mods_in(s, last.start(), last.end())
    colon = _COLON_LIST_RE.search(s.tpl.text, m.end, s.end)
    return _mods_in(s, colon.start("mods"), colon.end("mods")) if colon else []


def _nearest_in_sentence(s: Sentence, m: Match) -> list[str]:
    """The id nearest to a match anywhere in its sentence ("Following the Authority's send-back
    decision of 17 July 2020, the DCC returned … for MP094")."""
    ids = list(TOKEN_RE.finditer(s.tpl.text, s.start, s.end))
    ids = [t for t in ids if t["kind"] == "M"]
    if not ids:
        return []
    nearest = min(ids, key=lambda t: min(abs(t.start() - m.end), abs(m.start - t.end())))
    return list(s.tpl.tokens[int(nearest["index"])].values)


def _modifications(s: Sentence, m: Match, floor: int) -> list[str] | None:
    """The match's modification(s); None when there is no event."""
    inside = _mods_in(s, m.start, m.end)
    if inside:
        return inside
    side = m.rule.side
    found: list[str] = []
    if side in ("object", "any"):
        obj = _object(s, m)
        if obj is None and side == "object":
            return None
        found = obj or []
    if not found and side in ("subject", "any"):
        found = _subject(s, m, floor)
    if not found and side == "any":
        found = _nearest_in_sentence(s, m)
    opens_clause = not s.tpl.text[floor : m.start].strip(" ,;:(")
    if not found and (m.rule.context or opens_clause):
        found = s.ctx.about()
    return found or None


@dataclass(frozen=True)
class Dated:
    """An event's date, where it came from, and the template index of its DATE token if any."""

    date: dt.date | None
    source: str | None
    at: int | None = None


def _date(s: Sentence, m: Match, floor: int, next_start: int, previous: Dated | None) -> Dated:
    """The date the words give the event: in the match, just after it, shared with the verb it
    is coordinated with, just before it (a date the previous event took is not reused), the
    row's date cell; else the paper's."""
    inside = _dates_with_cue(s.tpl, m.start, m.end) or [
        (m.start, t.date) for t in s.tpl.tokens_in(m.start, m.end, "D") if t.date
    ]
    if inside:
        return Dated(inside[0][1], "text", inside[0][0])
    after = _dates_with_cue(s.tpl, m.end, _right_window_end(s.tpl, m.end, next_start))
    if after:
        return Dated(after[0][1], "text", after[0][0])
    if not m.rule.state:
        if previous is not None and _coordinated(s, m, floor):
            return previous
        taken = previous.at if previous is not None else None
        before = [d for d in _dates_with_cue(s.tpl, floor, m.start) if d[0] != taken]
        if before:
            return Dated(before[-1][1], "text", before[-1][0])
    if s.ctx.row_date is not None:
        return Dated(s.ctx.row_date, "text")
    if m.rule.needs_date:
        return Dated(None, None)
    return Dated(s.paper_date, "paper" if s.paper_date else None)


def _release(s: Sentence, m: Match, floor: int, next_start: int) -> str | None:
    for start, end in ((m.start, m.end), (m.end, _right_window_end(s.tpl, m.end, next_start))):
        found = s.tpl.tokens_in(start, end, "R")
        if found:
            return found[0].values[0]
    before = s.tpl.tokens_in(floor, m.start, "R")
    return before[-1].values[0] if before else None


def _outcome(m: Match) -> str | None:
    if m.rule.outcome:
        return m.rule.outcome
    word = m.groups.get("o")
    return words.OUTCOME_WORDS.get(" ".join(word.lower().split())) if word else None


def _actor_before(s: Sentence, m: Match) -> EventKind | None:
    """The decision-maker named last before a match in its sentence ("The Change Board was unable
    to reach a decision on MP209 and deferred it")."""
    named = [
        (found.start(), kind)
        for pattern, kind in words.ACTORS
        for found in pattern.finditer(s.tpl.text, s.start, m.start)
    ]
    return max(named)[1] if named else None


def sentence_events(s: Sentence) -> Iterator[LifecycleEvent]:
    """The events one sentence (or cell) states."""
    matches = _matches(s.tpl, s.start, s.end)
    previous_end = s.start
    previous_decision: EventKind | None = None
    previous_date: Dated | None = None
    for i, m in enumerate(matches):
        floor = previous_end
        previous_end = m.end
        next_start = matches[i + 1].start if i + 1 < len(matches) else s.end
        kind: EventKind | None
        if m.rule.kind == "decision":
            kind = previous_decision or _actor_before(s, m)
        else:
            kind = m.rule.kind
        if kind is None:
            continue
        _, before = _clause_before(s.tpl.text, floor, m.start)
        if words.MODAL_GUARD.search(before):
            continue
        if (m.rule.needs_date or m.rule.state) and words.FUTURE_AFTER.match(s.tpl.text, m.end):
            continue
        outcome = _outcome(m) if kind in words.DECISION_KINDS else None
        if kind in words.DECISION_KINDS:
            if outcome not in words.OUTCOMES_OF[kind]:
                continue
            previous_decision = kind
        mods = _modifications(s, m, floor)
        if not mods:
            continue
        dated = _date(s, m, floor, next_start, previous_date)
        date, source = dated.date, dated.source
        if m.rule.needs_date and date is None:
            continue
        if source == "text" and date and s.paper_date and date > s.paper_date:
            continue  # a paper cannot report as done what is dated after it: a plan
        previous_date = dated
        detail = m.groups.get("detail")
        for mod in mods:
            yield LifecycleEvent(
                modification=mod,
                alternative_of=base_of(mod),
                kind=kind,
                outcome=outcome,  # type: ignore[arg-type]
                detail=("preliminary" if detail.lower().startswith("pre") else "impact")
                if kind == "assessment" and detail
                else None,
                release=_release(s, m, floor, next_start) if kind == "implemented" else None,
                date=date,
                date_source=source,  # type: ignore[arg-type]
                evidence=s.tpl.source_text(s.start, s.end),
            )


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    at = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        yield at, m.start()
        at = m.end()
    if at < end:
        yield at, end
