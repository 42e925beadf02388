"""Identifier candidates found by regex: modifications, paper references, SEC clauses, releases,
milestones, organisations and dates (spaCy-free; the pipeline merges them with its ruler's terms).

A `Candidate` claims a stretch of text and yields zero or more `Mention`s (a range or list gives
one mention per member over the whole phrase). `chosen_candidates` keeps non-overlapping ones:
longest first, then by `_PRIORITY`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import domain
from ..models import EntityType
from .dates import DatePhrase, find_date_phrases, month_number

# Where candidates of equal length overlap, the more specific identifier wins.
_PRIORITY: dict[str, int] = {
    t: i
    for i, t in enumerate(
        ("NONE", "PAPER_REF", "MODIFICATION", "RELEASE", "SEC_REF", "MILESTONE", "DATE")
        + ("COMMITTEE", "ORG")
    )
}
_MODIFICATION_RE = re.compile(domain.MODIFICATION_PATTERN, re.I)
_PAPER_REF_RE = re.compile(domain.PAPER_REF_TEXT_PATTERN)
_SEC_SECTIONS_RE = re.compile(domain.SEC_SECTIONS_PATTERN)
_SEC_CLAUSE_RE = re.compile(domain.SEC_CLAUSE_PATTERN)
_SEC_APPENDIX_RE = re.compile(domain.SEC_APPENDIX_PATTERN)
_SEC_SCHEDULE_RE = re.compile(domain.SEC_SCHEDULE_PATTERN)
_SEC_PART_RE = re.compile(r"(?P<letter>[A-X])(?P<numbers>\d{1,2}(?:\.\d{1,3})*)?")
_RANGE_SPLIT_RE = re.compile(r"\s*(?:-|–|—|to)\s*")
_LIST_ITEM_RE = re.compile(
    r"[A-X](?:\d{1,2}(?:\.\d{1,3})*)?(?:\s*(?:-|–|—|to)\s*[A-X](?:\d{1,2}(?:\.\d{1,3})*)?)?"
)
_RELEASE_RES = {kind: re.compile(source) for kind, source in domain.RELEASE_PATTERNS.items()}
_MILESTONE_LIST_RE = re.compile(domain.MILESTONE_LIST_PATTERN)
_MILESTONE_ID_RE = re.compile(domain.MILESTONE_ID_PATTERN)
_CSP_REGION_RE = re.compile(domain.CSP_REGION_PATTERN)
_CSP_REGION_ID_RE = re.compile(domain.CSP_REGION_ID_PATTERN)
_AUTHORITY_RE = re.compile(domain.AUTHORITY_PATTERN)
_MAX_RANGE_MEMBERS = 40


@dataclass(frozen=True)
class Mention:
    """An entity before the paper's year is known (DATE holds an unresolved phrase)."""

    type: EntityType
    start: int
    end: int
    value: str
    phrase: DatePhrase | None = None
    meeting: int | None = None
    ddmm: str | None = None
    long: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A stretch of text claimed by one reading, yielding zero or more mentions."""

    start: int
    end: int
    kind: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)


def _single(kind: EntityType, start: int, end: int, value: str, **extra: object) -> Candidate:
    return Candidate(start, end, kind, (Mention(kind, start, end, value, **extra),))  # type: ignore[arg-type]


def modification_candidates(text: str) -> Iterator[Candidate]:
    for m in _MODIFICATION_RE.finditer(text):
        value = domain.modification_id(m["number"], m["alt"])
        yield _single("MODIFICATION", m.start(), m.end(), value)


def paper_ref_candidates(text: str) -> Iterator[Candidate]:
    for m in _PAPER_REF_RE.finditer(text):
        # Lower-case words joined by underscores are not references; SECP_66 always has capitals.
        if not any(c.isupper() for c in m["prefix"]):
            continue
        yield _single(
            "PAPER_REF",
            m.start(),
            m.end(),
            m.group().upper(),
            meeting=int(m["meeting"]),
            ddmm=m["ddmm"],
        )


def sec_part_value(part: str) -> str:
    """`Section G` for a bare letter, else the part as written (`G3`, `G2.44`)."""
    return f"Section {part}" if len(part) == 1 else part


def expand_sec_range(first: str, last: str) -> list[str]:
    """Members of a range of SEC parts: G3–G6 → G3 G4 G5 G6; unknown shapes → both ends."""
    a, b = _SEC_PART_RE.fullmatch(first), _SEC_PART_RE.fullmatch(last)
    if a is None or b is None:
        return [first, last]
    if not a["numbers"] and not b["numbers"]:
        letters = [chr(c) for c in range(ord(a["letter"]), ord(b["letter"]) + 1)]
        return letters if 1 < len(letters) <= _MAX_RANGE_MEMBERS else [first, last]
    if a["letter"] != b["letter"] or not a["numbers"] or not b["numbers"]:
        return [first, last]
    head_a, _, tail_a = a["numbers"].rpartition(".")
    head_b, _, tail_b = b["numbers"].rpartition(".")
    lo, hi = int(tail_a), int(tail_b)
    if head_a != head_b or not 0 < hi - lo < _MAX_RANGE_MEMBERS:
        return [first, last]
    prefix = a["letter"] + (head_a + "." if head_a else "")
    return [f"{prefix}{n}" for n in range(lo, hi + 1)]


def _sec_item_mentions(item: str, start: int, end: int) -> tuple[Mention, ...]:
    ends = _RANGE_SPLIT_RE.split(item)
    parts = expand_sec_range(ends[0], ends[1]) if len(ends) == 2 else ends
    return tuple(Mention("SEC_REF", start, end, sec_part_value(p)) for p in parts)


def sec_ref_candidates(text: str) -> Iterator[Candidate]:
    for m in _SEC_SECTIONS_RE.finditer(text):
        mentions = [
            mention
            for item in _LIST_ITEM_RE.finditer(m["ids"])
            for mention in _sec_item_mentions(item.group(), m.start(), m.end())
        ]
        yield Candidate(m.start(), m.end(), "SEC_REF", tuple(mentions))
    for m in _SEC_CLAUSE_RE.finditer(text):
        if m["last"]:
            mentions = [*_sec_item_mentions(f"{m['first']}-{m['last']}", m.start(), m.end())]
            yield Candidate(m.start(), m.end(), "SEC_REF", tuple(mentions))
        else:
            yield _single("SEC_REF", m.start(), m.end(), m["first"])
    for m in _SEC_APPENDIX_RE.finditer(text):
        # A paper's own attachments are "Appendix A", "Appendix B": only the SEC's are tagged.
        if m["sec"] or m["of"] or len(m["id"]) == 2:
            start = m.start("id") - len("Appendix ")
            yield _single("SEC_REF", start, m.end("id"), f"Appendix {m['id']}")
    for m in _SEC_SCHEDULE_RE.finditer(text):
        yield _single("SEC_REF", m.start(), m.end(), f"Schedule {int(m['id'])}")


def release_value(kind: str, m: re.Match[str]) -> str:
    """Normalised label of a release mention matched by `domain.RELEASE_PATTERNS[kind]`."""
    if kind == "sec":
        return f"{domain.MONTH_NAMES[month_number(m['month']) - 1]} {m['year']} SEC Release"
    if kind == "sec_version":
        return f"SEC v{m['version']}"
    return f"Release {m['version']}"


def release_candidates(text: str) -> Iterator[Candidate]:
    for kind, pattern in _RELEASE_RES.items():
        for m in pattern.finditer(text):
            yield _single("RELEASE", m.start(), m.end(), release_value(kind, m))


def _list_candidate(
    m: re.Match[str], id_re: re.Pattern[str], kind: EntityType, value_of: str
) -> Candidate:
    """One mention per listed id, each over the whole phrase."""
    mentions = tuple(
        Mention(kind, m.start(), m.end(), value_of.format(x.group()))
        for x in id_re.finditer(m["ids"])
    )
    return Candidate(m.start(), m.end(), kind, mentions)


def milestone_candidates(text: str) -> Iterator[Candidate]:
    for m in _MILESTONE_LIST_RE.finditer(text):
        yield _list_candidate(m, _MILESTONE_ID_RE, "MILESTONE", "Incentive Milestone {}")


def org_candidates(text: str) -> Iterator[Candidate]:
    for m in _CSP_REGION_RE.finditer(text):
        yield _list_candidate(m, _CSP_REGION_ID_RE, "ORG", "CSP {}")
    for m in _AUTHORITY_RE.finditer(text):
        yield _single("ORG", m.start(), m.end(), "Ofgem")


def date_candidates(text: str) -> Iterator[Candidate]:
    for phrase in find_date_phrases(text):
        # Year-less phrases are checked against a leap year so "29 February" survives until the
        # paper's own year decides.
        if phrase.resolve(2000) is None:
            continue
        yield Candidate(
            phrase.start,
            phrase.end,
            "DATE",
            (Mention("DATE", phrase.start, phrase.end, "", phrase),),
        )


def chosen_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then by `_PRIORITY`."""
    chosen: list[Candidate] = []
    taken = bytearray()
    for c in sorted(candidates, key=lambda c: (c.start - c.end, _PRIORITY[c.kind], c.start)):
        if len(taken) < c.end:
            taken.extend(b"\0" * (c.end - len(taken)))
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\1" * (c.end - c.start)
        chosen.append(c)
    return chosen
