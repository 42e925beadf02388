"""Planned lifecycles of the sample corpus's modifications, and the sentences that report them.

Every modification the corpus names has one lifecycle, fixed by its number (the same in every
corpus and every paper): raised as a Draft Proposal → converted → Working Group → DCC Preliminary
Assessment → Refinement Consultation → DCC Impact Assessment → Draft Modification Report approved
by the Panel → Modification Report Consultation → Change Board vote → (the Authority's decision)
→ implemented in a SEC Release; or withdrawn, or rejected, on the way. Dates are in that order.

A paper dated D states only steps on or before D, as done (each sentence declares the events it
states, the generator's ground truth), and may name the next step as a plan ("is due to vote"),
which states no event. The named modifications of the templates (MP007 … MP175) are anchored so
that the 30-paper sample's Final Modification Reports fall in their report phase; the others
(`REGISTRY`) give the large corpus hundreds of lifecycles to report.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from secsearch.models import LifecycleEvent, ModificationFacts, ModificationTitle, SecChange

from .content import MONTHS, Ctx
from .markup import parse_marked

# The day each SEC Release goes live in its month (February, June, November releases).
RELEASE_DAYS = {2: 27, 6: 29, 11: 5}
FIRST_RAISED = dt.date(2014, 10, 1)
DAYS_PER_NUMBER = 14  # about 26 modifications a year


@dataclass(frozen=True)
class Step:
    kind: str
    date: dt.date
    outcome: str | None = None
    detail: str | None = None
    release: str | None = None
    what: str = ""  # which step of its kind: "requested", "returned", "issued", "closed", …


@dataclass(frozen=True)
class Life:
    number: int
    letter: str
    title: str
    steps: tuple[Step, ...]

    @property
    def id(self) -> str:
        return f"MP{self.number:03d}{self.letter}"

    def first(self, kind: str, what: str = "") -> Step | None:
        return next(
            (s for s in self.steps if s.kind == kind and (not what or s.what == what)), None
        )

    def done(self, day: dt.date) -> list[Step]:
        return [s for s in self.steps if s.date <= day]

    def upcoming(self, day: dt.date) -> Step | None:
        return next((s for s in self.steps if s.date > day), None)

    def report_windows(self) -> list[tuple[dt.date, dt.date]]:
        """When its Final Modification Report is presented: from each close of the Modification
        Report Consultation to the Change Board vote after it (twice, if it was sent back)."""
        closes = [s.date for s in self.steps if s.what == "MRC closed"]
        votes = [s.date for s in self.steps if s.kind == "change_board"]
        return list(zip(closes, votes, strict=False))

    def stage(self, day: dt.date) -> str | None:
        """Where it stands on a day, as a status table says it; None when not (or no more) open."""
        done = self.done(day)
        if not done or done[-1].kind in ("implemented", "withdrawn"):
            return None
        last = done[-1]
        if last.kind == "raised":
            return "Development"
        if last.kind in ("change_board", "authority_decision"):
            return None if last.outcome == "reject" else "Decision"
        if last.kind == "modification_report" or last.what == "MRC":
            return "Report Phase"
        return "Refinement"


def _release_after(day: dt.date) -> tuple[str, dt.date]:
    """The first SEC Release at least 60 days after a decision."""
    earliest = day + dt.timedelta(days=60)
    for year in (earliest.year, earliest.year + 1):
        for month in (2, 6, 11):
            live = dt.date(year, month, RELEASE_DAYS[month])
            if live >= earliest:
                return f"{MONTHS[month - 1]} {year} SEC Release", live
    raise AssertionError("unreachable")


def sec_version(day: dt.date) -> str:
    """The SEC version in force from a day (the sample's numbering, as `Ctx.sec_version`)."""
    return f"SEC v{30 + (day.year - 2019) * 4 + day.month // 4}.0"


def _plan(number: int, letter: str, title: str, raised: dt.date, fate: str, path: str) -> Life:
    """A lifecycle from its raising date, with step gaps drawn from the modification's own seed."""
    rng = random.Random(f"lifecycle:{number}{letter}")
    steps: list[Step] = []
    day = raised

    def add(kind: str, low: int, high: int, **extra: str | None) -> dt.date:
        nonlocal day
        day = day + dt.timedelta(days=rng.randint(low, high))
        steps.append(Step(kind, day, **extra))  # type: ignore[arg-type]
        return day

    add("raised", 0, 0)
    if path == "fast_track":
        # A Fast-Track Modification: raised by the Panel, decided by it, in the next SEC version.
        verdict = "reject" if fate == "rejected" else "approve"
        decided = add("panel_decision", 14, 42, outcome=verdict)
        if verdict == "approve" and decided.year >= 2019:
            live = decided + dt.timedelta(days=rng.randint(10, 20))
            steps.append(Step("implemented", live, release=sec_version(live)))
        return Life(number, letter, title, tuple(steps))
    add("converted", 28, 56)
    add("refinement", 21, 35, what="met")
    add("assessment", 7, 14, detail="preliminary", what="requested")
    add("assessment", 35, 49, detail="preliminary", what="returned")
    if fate == "withdrawn":
        add("withdrawn", 20, 60)
        return Life(number, letter, title, tuple(steps))
    add("consultation", 10, 20, what="RC issued")
    add("consultation", 21, 21, what="RC closed")
    add("assessment", 7, 14, detail="impact", what="requested")
    add("assessment", 56, 84, detail="impact", what="returned")
    add("modification_report", 14, 28, what="draft approved")
    add("consultation", 3, 7, what="MRC")
    add("consultation", 21, 21, what="MRC closed")
    vote = "reject" if fate == "rejected" and path == "self_governance" else "approve"
    decided = add("change_board", 14, 28, outcome=vote)
    if path == "authority":
        decided = add(
            "authority_decision", 42, 84, outcome="reject" if fate == "rejected" else "approve"
        )
    if fate == "implemented":
        release, live = _release_after(decided)
        steps.append(Step("implemented", live, release=release))
    return Life(number, letter, title, tuple(steps))


def _anchored(
    number: int,
    title: str,
    report_day: dt.date,
    path: str,
    letter: str = "",
    raised_by: dt.date | None = None,
) -> Life:
    """A lifecycle whose report phase contains `report_day` (a sample paper's Final Modification
    Report): planned from a provisional start, then moved so the Modification Report
    Consultation closes five days before; raised no later than `raised_by` when given (its Draft
    Proposal stage is then longer)."""
    life = _plan(number, letter, title, dt.date(2000, 1, 1), "implemented", path)
    closed = life.first("consultation", "MRC closed")
    assert closed is not None
    shift = report_day - dt.timedelta(days=5) - closed.date
    moved = [
        Step(s.kind, s.date + shift, s.outcome, s.detail, s.release, s.what) for s in life.steps
    ]
    if moved[-1].kind == "implemented":
        decided = moved[-2].date
        release, live = _release_after(decided)
        moved[-1] = Step("implemented", live, release=release)
    if raised_by is not None and moved[0].date > raised_by:
        moved[0] = Step("raised", raised_by)
    return Life(number, letter, title, tuple(moved))


# The modifications the templates name, anchored on the sample's Final Modification Reports (MP162
# has two: sent back by the Authority in 2023, it came back in 2025).
NAMED_REPORTS: dict[int, tuple[dt.date, str]] = {
    7: (dt.date(2016, 12, 15), "self_governance"),
    30: (dt.date(2017, 3, 31), "authority"),
    46: (dt.date(2018, 11, 20), "self_governance"),
    67: (dt.date(2019, 7, 1), "authority"),
    71: (dt.date(2020, 7, 28), "self_governance"),
    120: (dt.date(2021, 11, 8), "authority"),
    122: (dt.date(2020, 11, 18), "authority"),
    147: (dt.date(2022, 6, 20), "self_governance"),
    162: (dt.date(2023, 6, 9), "authority"),
    175: (dt.date(2024, 5, 20), "self_governance"),
}
# MP067's requirements reach the TABASC in the sample's October 2018 report: raised before that.
RAISED_BY: dict[int, dt.date] = {67: dt.date(2018, 9, 4)}
NAMED_TITLES: dict[int, str] = {}  # in entity markup; filled by topics.py from MOD_TITLES


def _mp162(title: str) -> Life:
    """Sent back by the Authority after its first Change Board vote, reported again in 2025."""
    first = _anchored(162, title, dt.date(2023, 6, 9), "authority")
    steps = [s for s in first.steps if s.kind != "implemented"]
    back = steps[-1]
    steps[-1] = Step("authority_decision", back.date, outcome="send_back")
    again = _anchored(162, title, dt.date(2025, 11, 28), "authority")
    tail = [
        s
        for s in again.steps
        if s.kind in ("modification_report", "consultation")
        and s.what in ("draft approved", "MRC", "MRC closed")
    ]
    tail += [
        s for s in again.steps if s.kind in ("change_board", "authority_decision", "implemented")
    ]
    return Life(162, "", title, tuple(steps + [s for s in tail if s.date > back.date]))


def _mp122a(original: Life, title: str) -> Life:
    """MP122A: the alternative the DCC proposed in MP122's Working Group; approved, implemented."""
    met = original.first("refinement")
    assert met is not None
    shared = [s for s in original.steps if s.date > met.date and s.kind != "implemented"]
    steps = [Step("raised", met.date + dt.timedelta(days=3))]
    for s in shared:
        if s.kind == "authority_decision":
            steps.append(Step(s.kind, s.date, outcome="approve"))
            release, live = _release_after(s.date)
            steps.append(Step("implemented", live, release=release))
        elif s.kind != "raised" and s.kind != "converted":
            steps.append(s)
    return Life(122, "A", title, tuple(steps))


@cache
def life_of(number: int, letter: str = "") -> Life:
    """The lifecycle of a modification, the same wherever it is mentioned."""
    if number in NAMED_REPORTS:
        title = NAMED_TITLES.get(number, f"Modification {number}")
        if number == 162:
            return _mp162(title)
        report_day, path = NAMED_REPORTS[number]
        life = _anchored(number, title, report_day, path, raised_by=RAISED_BY.get(number))
        if number == 122:
            rejected = [
                Step(s.kind, s.date, outcome="reject") if s.kind == "authority_decision" else s
                for s in life.steps
                if s.kind != "implemented"
            ]
            original = Life(122, "", title, tuple(rejected))
            return _mp122a(original, title) if letter == "A" else original
        return life
    rng = random.Random(f"registry:{number}")
    raised = FIRST_RAISED + dt.timedelta(days=DAYS_PER_NUMBER * number + rng.randint(0, 10))
    fate = rng.choices(["implemented", "withdrawn", "rejected"], [75, 15, 10])[0]
    path = rng.choices(["self_governance", "authority", "fast_track"], [45, 45, 10])[0]
    return _plan(number, "", registry_title(number), raised, fate, path)


_WORDS_A = (
    "Alert", "Smart Meter", "Prepayment", "Firmware", "Communications Hub", "Service Request",
    "Device Log", "Meter Asset", "Tariff", "Load Control", "Anomaly Detection", "Consent",
    "Certificate", "Install and Leave", "Threshold", "Data Retention",
)  # fmt: skip
_WORDS_B = (
    "Reporting", "Notifications", "Timescales", "Retention", "Obligations", "Forecasting",
    "Exceptions", "Clarifications", "Validation", "Thresholds", "Handling", "Transparency",
)  # fmt: skip
_WORDS_C = ("Improvements", "Changes", "Review", "Updates", "Simplification", "Alignment")


def registry_title(number: int) -> str:
    rng = random.Random(f"title:{number}")
    return f"{rng.choice(_WORDS_A)} {rng.choice(_WORDS_B)} {rng.choice(_WORDS_C)}"


REGISTRY: tuple[int, ...] = tuple(
    n for n in range(8, 290) if n not in NAMED_REPORTS
)  # the modifications fallbacks may name


def registry_lives(day: dt.date) -> list[Life]:
    """The registry's lifecycles already raised on a day, by number."""
    return [life_of(n) for n in REGISTRY if life_of(n).steps[0].date <= day]


# --------------------------------------------------------------------------- sentences


@dataclass
class Facts:
    """What a paragraph states about modifications: the generator's ground truth for it."""

    events: list[LifecycleEvent] = field(default_factory=list)
    titles: list[ModificationTitle] = field(default_factory=list)
    changes: list[SecChange] = field(default_factory=list)

    def title(self, mod_id: str, title: str) -> None:
        if all((t.modification, t.title) != (mod_id, title) for t in self.titles):
            self.titles.append(
                ModificationTitle(modification=mod_id, title=parse_marked(title).text)
            )

    def change(self, mod_id: str, sec_ref: str) -> None:
        self.changes.append(SecChange(modification=mod_id, sec_ref=sec_ref))

    def sentence(self, markup: str, life: Life, step: Step) -> str:
        """A sentence (returned as given) stating a step of a lifecycle with the step's date."""
        self.events.append(event_of(life, step, _evidence(markup), "text"))
        return markup

    def paper_dated(self, markup: str, life: Life, kind: str, paper_day: dt.date) -> str:
        """A sentence stating a step without a date: the event takes the paper's date."""
        self.events.append(event_of(life, Step(kind, paper_day), _evidence(markup), "paper"))
        return markup

    def done(self) -> ModificationFacts | None:
        if not (self.events or self.titles or self.changes):
            return None
        return ModificationFacts(events=self.events, titles=self.titles, sec_changes=self.changes)


def _evidence(markup: str) -> str:
    """The sentence as the tagger quotes it: plain text, whitespace collapsed."""
    return " ".join(parse_marked(markup).text.split())


def event_of(life: Life, step: Step, evidence: str, source: str) -> LifecycleEvent:
    return LifecycleEvent(
        modification=life.id,
        alternative_of=f"MP{life.number:03d}" if life.letter else None,
        kind=step.kind,  # type: ignore[arg-type]
        outcome=step.outcome,  # type: ignore[arg-type]
        detail=step.detail,  # type: ignore[arg-type]
        release=step.release,
        date=step.date,
        date_source=source,  # type: ignore[arg-type]
        evidence=evidence,
    )


PROPOSERS = (
    "[[DCC]]",
    "[[SECAS]]",
    "a Large Supplier",
    "a Small Supplier",
    "an Electricity Network Party",
)


def proposer(life: Life) -> str:
    return PROPOSERS[life.number % len(PROPOSERS)]


def _titled(c: Ctx, life: Life, facts: Facts, spelled: str) -> str:
    facts.title(life.id, life.title)
    return f"{spelled} ‘{life.title}’"


def step_sentence(c: Ctx, life: Life, step: Step, facts: Facts, *, titled: bool = False) -> str:
    """One sentence that reports a done step (declared in `facts`), naming the modification."""
    mod = c.mod_spelled(life.number, life.letter)
    if titled and step.kind not in ("raised", "refinement"):
        mod = _titled(c, life, facts, mod)
    day = c.day(step.date, style="numeric" if life.number % 5 == 0 else "long")
    turn = (life.number + step.date.toordinal()) % 2
    if step.kind == "raised":
        draft = c.mod_spelled(life.number, draft=True) if not life.letter else mod
        if titled and not life.letter:
            draft = _titled(c, life, facts, draft)
        text = (
            f"{draft} was raised by {proposer(life)} on {day}."
            if turn
            else f"{proposer(life)[0].upper()}{proposer(life)[1:]} raised {draft} on {day}."
        )
        if not turn and proposer(life).startswith("[["):
            text = f"The {proposer(life)} raised {draft} on {day}."
    elif step.kind == "converted":
        draft = c.mod_spelled(life.number, draft=True)
        text = (
            f"{draft} was converted into {mod} on {day}."
            if turn
            else f"[[The Panel]] converted {draft} into {mod} on {day}."
        )
    elif step.kind == "refinement":
        text = f"The {c.mod_spelled(life.number, life.letter)} Working Group met on {day}."
    elif step.kind == "assessment":
        name = "Preliminary Assessment" if step.detail == "preliminary" else "Impact Assessment"
        text = (
            f"The [[DCC]] returned its {name} for {mod} on {day}."
            if step.what == "returned"
            else f"The [[DCC]] {name} for {mod} was requested on {day}."
        )
    elif step.kind == "consultation":
        name = (
            "Refinement Consultation"
            if step.what.startswith("RC")
            else "Modification Report Consultation"
        )
        text = (
            f"The {name} for {mod} closed on {day}."
            if step.what.endswith("closed")
            else f"[[SECAS]] issued the {name} for {mod} on {day}."
        )
    elif step.kind == "modification_report":
        text = f"[[The Panel]] approved the Draft Modification Report for {mod} on {day}."
    elif step.kind == "change_board":
        verb = "approve" if step.outcome == "approve" else "reject"
        text = f"The [[Change Board]] voted to {verb} {mod} on {day}."
    elif step.kind == "panel_decision":
        text = (
            f"[[The Panel]] approved {mod} as a Fast-Track Modification on {day}."
            if step.outcome == "approve"
            else f"[[The Panel]] rejected {mod} as a Fast-Track Modification on {day}."
        )
    elif step.kind == "authority_decision":
        text = {
            "approve": f"[[Ofgem]] approved {mod} on {day}.",
            "reject": f"[[Ofgem]] rejected {mod} on {day}.",
            "send_back": f"[[Ofgem]] sent {mod} back to [[the Panel]] on {day}.",
        }[step.outcome or "approve"]
    elif step.kind == "implemented" and (step.release or "").startswith("SEC v"):
        text = f"{mod} came into effect in [[RELEASE:{step.release}]] on {day}."
    elif step.kind == "implemented":
        text = f"{mod} was implemented in the [[RELEASE:{step.release}]] on {day}."
    elif step.kind == "withdrawn":
        text = f"The Proposer withdrew {mod} on {day}."
    else:  # pragma: no cover - every kind is above
        raise ValueError(step.kind)
    return facts.sentence(text, life, step)


def plan_sentence(c: Ctx, life: Life) -> str:
    """The next step as a plan (no event): what a paper dated before it can say of it."""
    step = life.upcoming(c.date)
    if step is None:
        return ""
    day = c.day_no_year(step.date) if step.date.year == c.year else c.day(step.date)
    if step.kind == "change_board":
        return f" The [[Change Board]] is due to vote on {day}."
    if step.kind == "implemented":
        return f" It is due to be implemented in the [[RELEASE:{step.release}]]."
    if step.kind == "authority_decision":
        return f" A decision by [[Ofgem]] is expected by {day}."
    if step.kind == "consultation":
        return f" The next consultation is planned for {day}."
    return ""


def recent_steps(c: Ctx, facts: Facts, *, exclude: int, count: int = 3, within: int = 45) -> str:
    """Sentences on other modifications' latest steps (within `within` days of the paper), for a
    round-up: registry modifications chosen by the paper's index, not its random source."""
    fresh = [
        (life, life.done(c.date)[-1])
        for life in registry_lives(c.date)
        if life.number != exclude and (c.date - life.done(c.date)[-1].date).days <= within
    ]
    if not fresh:
        return ""
    chosen = sorted({(c.index + 7 * k) % len(fresh) for k in range(count)})
    picked = (fresh[i] for i in chosen)
    return " ".join(step_sentence(c, life, step, facts, titled=True) for life, step in picked)


def pick_life(c: Ctx, wanted: int, usable: Callable[[Life], bool]) -> Life | None:
    """The template's modification if its lifecycle fits the paper's date, else a registry one
    that does (chosen by the paper's index, not its random source), else None."""
    life = life_of(wanted)
    if usable(life):
        return life
    fitting = [other for other in registry_lives(c.date) if usable(other)]
    return fitting[c.index % len(fitting)] if fitting else None
