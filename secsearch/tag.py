"""Passages → typed, normalised SEC entities (the only module that imports spaCy).

The pipeline is `spacy.blank("en")` plus rule-based components:

1. `sec_terms_exact` / `sec_terms_caseless`: two SpanRulers whose phrase patterns live in
   `secsearch/data/patterns/terms_{exact,caseless}.jsonl` (label, pattern, id = canonical value).
   Acronyms and one-word names match on exact case ("TAG" the group, never "tag"; "SEC" never
   "sec"); multi-word names match on lower case. Label `NONE` marks longer phrases that contain a
   tagged word but mean something else ("Panel Information Policy").
2. `sec_identifiers`: regexes from `secsearch.domain` (identifier shapes) and `secsearch.dates`
   over the whole text, merged with the ruler's spans; where candidates overlap the longest wins,
   ties broken PAPER_REF > MODIFICATION > RELEASE > SEC_REF > MILESTONE > DATE > COMMITTEE > ORG.
3. `sec_acronyms`: inline definitions "Long Form (SHORT)", found with the Schwartz–Hearst
   algorithm. ACRONYM entities are a separate layer: they may share their span with a COMMITTEE or
   ORG entity ("Operations Group (OPSG)" gives COMMITTEE on "Operations Group", and COMMITTEE and
   ACRONYM on "OPSG").

Conventions (the sample corpus's ground truth must follow these)
----------------------------------------------------------------
Every entity has `type`, `text` (exactly `passage.text[start:end]`) and `value` (canonical);
entities are sorted by (start, end, type, value). One rule for lists and ranges of every type:
one entity per member, all sharing the span of the whole phrase.

MODIFICATION
    SECMP0067, SECMP 0030, SECMP67, MP071, MP67, mp067, DP147, MP122A → `MP` + number padded to
    three digits + alternative letter: MP067, MP030, MP067, MP071, MP067, MP067, MP147, MP122A.
    Span: the id as written. Numbers alone ("version 1.2", "50,000 Devices", "Sprint 12") are not.
PAPER_REF
    SECP_66_1503_04, OPSG_25_0903_02 (any prefix of that shape). value = as written, upper-case;
    `meeting` = 66, `ddmm` = "1503". Digits inside a reference are never a DATE.
COMMITTEE
    value = the code in DOMAIN.md: Panel, CB, SSC, SMKI PMA, TABASC, TAG, OPSG, CSC, SECCo, TSIRS.
    Span: the name as written ("Operations Group", "OPSG", "Ops Group", "PMA", "SECCo Board"),
    without a leading "the" — except the Panel, which is "the Panel"/"The Panel" (article inside
    the span, as in `domain.COMMITTEES`) or "SEC Panel"; bare "Panel" ("Panel paper") is not
    tagged, nor "the Panel Information Policy" / "the Panel Sub-Committees". Possessive "’s"
    stays outside ("TAG’s" → "TAG").
ORG
    value: DCC, SECAS, SECCo (bare "SECCo"; "SECCo Board" is the COMMITTEE), Ofgem (also "the
    Authority", span "Authority"), DECC, BEIS, DESNZ, NCSC, DSP, CSP, CSP North, CSP Central,
    CSP South. Long names map to the short one ("Data Communications Company" → DCC).
    "CSP Central/South" → two entities (CSP Central, CSP South), both over "CSP Central/South".
SEC_REF
    "Section G" → `Section G`; parts and clauses are bare: "Section G3" → `G3`, "G2.44" → `G2.44`.
    A range yields one entity per member, all with the range's span: "Sections G3-G6" → G3, G4,
    G5, G6 each on "Sections G3-G6"; "G3.17–G3.20" → G3.17 … G3.20. A list is treated the same
    way: "Sections G and H" → `Section G`, `Section H`, both over "Sections G and H".
    "Appendix AG" → `Appendix AG` when the appendix is the SEC's: two letters, or written "SEC
    Appendix X" / "Appendix X of the SEC" ("SEC" stays outside the span). A paper's own "Appendix
    A" is not tagged. "Schedule 8" → `Schedule 8`. "R1.3" is a RELEASE, never a clause.
RELEASE
    "Release 2.0" → `Release 2.0`; "R1.3" → `Release 1.3`; "November 2019 SEC Release" and
    "Nov 2019 Release" → `November 2019 SEC Release` (no DATE inside it); "SMETS1 Services
    Release" → same; "SEC v40.0", "SEC Version 5.14" → `SEC v40.0`, `SEC v5.14`.
    "version 1.2" of some other document is not a release.
MILESTONE
    "Incentive Milestone 2A", "Milestone 2B" → `Incentive Milestone 2A` / `…2B`;
    "(Incentive) Milestones 2A and 2B" → two entities over the same span, like a SEC_REF range.
    "SMETS1 IOC", "IOC", "(SMETS1) Initial Operating Capability" → `SMETS1 IOC` (also MOC, FOC);
    "Live Service(s) Criteria" → `Live Service Criteria`; "exit criteria" → `Exit Criteria`;
    "SIT/UIT completion" → `SIT Completion` / `UIT Completion`; "(planned) go(-)live date" →
    `Go-Live Date` (span includes "planned").
DATE
    `date` = DateSpan(start, end, precision); value = start date in ISO form. Shapes, spans and
    precisions are listed in `secsearch.dates`. Qualifiers ("on or before", "by 5pm on") are
    outside the span; a phrase without a year takes the paper's year, and without a paper date it
    is not tagged.
ACRONYM
    At an inline definition only: span on the short form inside the brackets; value = short form,
    `long` = the expansion with whitespace collapsed. A plural short form is made singular along
    with its expansion: "Issue Resolution Proposals (IRPs)" → text "IRPs", value `IRP`, long
    "Issue Resolution Proposal".
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from secsearch import domain
from secsearch.dates import DatePhrase, find_date_phrases, month_number
from secsearch.dates import normalise_date as normalise_date
from secsearch.models import AcronymDefinition, Entity, EntityType, Paper

# Bump whenever tagging output can change: the extraction cache keys on it.
TAGGER_VERSION = "1"

BATCH_SIZE = 256
SPANS_KEY = "sec_terms"
TEXT_KEY = "secsearch.text"

# Where candidates of equal length overlap, the more specific identifier wins.
_PRIORITY: dict[str, int] = {
    t: i
    for i, t in enumerate(
        ("NONE", "PAPER_REF", "MODIFICATION", "RELEASE", "SEC_REF", "MILESTONE", "DATE")
        + ("COMMITTEE", "ORG")
    )
}

_MODIFICATION_RE = re.compile(domain.MODIFICATION_PATTERN, re.I)
_MODIFICATION_ID_RE = re.compile(domain.MODIFICATION_ID_PATTERN, re.I)
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
_ACRONYM_RE = re.compile(domain.ACRONYM_DEFINITION_PATTERN)
_MAX_RANGE_MEMBERS = 40
# A long form never reaches back over these: they end the clause the definition sits in.
_CLAUSE_BOUNDARY_RE = re.compile(r"[()\[\].;:!?“”\"‘’]\s|[()\[\];:!?]")


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


# --------------------------------------------------------------------------- identifiers


def canonical_modification_id(text: str) -> str | None:
    """`MP` + three-digit number + alternative letter for any spelling of a modification id."""
    m = _MODIFICATION_ID_RE.fullmatch(text.strip())
    if m is None:
        return None
    return f"MP{int(m['number']):03d}{(m['alt'] or '').upper()}"


def _single(kind: EntityType, start: int, end: int, value: str, **extra: object) -> Candidate:
    return Candidate(start, end, kind, (Mention(kind, start, end, value, **extra),))  # type: ignore[arg-type]


def modification_candidates(text: str) -> Iterator[Candidate]:
    for m in _MODIFICATION_RE.finditer(text):
        value = f"MP{int(m['number']):03d}{m['alt'] or ''}"
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


def term_candidates(doc: Doc) -> Iterator[Candidate]:
    for span in doc.spans[SPANS_KEY]:
        kind = span.label_
        mentions = (
            () if kind == "NONE" else (Mention(kind, span.start_char, span.end_char, span.id_),)
        )  # type: ignore[arg-type]
        yield Candidate(span.start_char, span.end_char, kind, mentions)


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


# --------------------------------------------------------------------------- acronyms


def long_form(short: str, before: str) -> str | None:
    """Schwartz–Hearst: the shortest tail of `before` whose letters spell `short` in order."""
    s, i = len(short) - 1, len(before) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        # The first letter of the short form must start a word of the long form.
        while i >= 0 and (before[i].lower() != c or (s == 0 and i > 0 and before[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    # A word broken over a line keeps its hyphen: "Sub-\nCommittee" → "Sub-Committee".
    found = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(before[i + 1 :].split()))
    max_words = min(len(short) + 5, 2 * len(short))
    if not found or len(found.split()) > max_words or found.upper() == short.upper():
        return None
    return found


def acronym_mentions(text: str) -> Iterator[Mention]:
    for m in _ACRONYM_RE.finditer(text):
        short, plural = m["short"], bool(m["plural"])
        if short in domain.NOT_ACRONYMS or sum(c.isupper() for c in short) < 2:
            continue
        before = text[max(0, m.start() - 250) : m.start()]
        boundaries = list(_CLAUSE_BOUNDARY_RE.finditer(before))
        if boundaries:
            before = before[boundaries[-1].end() :]
        long = long_form(short, before.rstrip())
        if long is None:
            continue
        if plural and long.endswith("s"):
            long = long[:-1]
        yield Mention("ACRONYM", m.start("short"), m.end() - 1, short, long=long)


# --------------------------------------------------------------------------- pipeline


if not Doc.has_extension("sec_mentions"):
    Doc.set_extension("sec_mentions", default=None)


@Language.component("sec_identifiers")
def sec_identifiers(doc: Doc) -> Doc:
    """Identifier regexes and ruler terms, overlaps resolved, as `doc._.sec_mentions`."""
    # `doc.text` rebuilds the string from every token: compute it once per doc.
    text = doc.user_data[TEXT_KEY] = doc.text
    candidates = [
        *term_candidates(doc),
        *modification_candidates(text),
        *paper_ref_candidates(text),
        *sec_ref_candidates(text),
        *release_candidates(text),
        *milestone_candidates(text),
        *org_candidates(text),
        *date_candidates(text),
    ]
    doc._.sec_mentions = [m for c in chosen_candidates(candidates) for m in c.mentions]
    return doc


@Language.component("sec_acronyms")
def sec_acronyms(doc: Doc) -> Doc:
    """Inline acronym definitions, added to `doc._.sec_mentions`."""
    text = doc.user_data.get(TEXT_KEY) or doc.text
    doc._.sec_mentions.extend(acronym_mentions(text))
    return doc


def _patterns(name: str) -> list[dict[str, str]]:
    source = resources.files("secsearch").joinpath("data", "patterns", name).read_text("utf-8")
    return [json.loads(line) for line in source.splitlines() if line.strip()]


@cache
def nlp() -> Language:
    """The tagging pipeline, built once per process."""
    pipeline = spacy.blank("en")
    for name, attr in (("terms_exact", "ORTH"), ("terms_caseless", "LOWER")):
        ruler = pipeline.add_pipe(
            "span_ruler",
            name=f"sec_{name}",
            config={"spans_key": SPANS_KEY, "phrase_matcher_attr": attr, "overwrite": False},
        )
        ruler.add_patterns(_patterns(f"{name}.jsonl"))  # type: ignore[attr-defined]
    pipeline.add_pipe("sec_identifiers")
    pipeline.add_pipe("sec_acronyms")
    # The pipeline (and whatever else is loaded by now) lives as long as the process. Frozen, its
    # many objects are left out of the cyclic GC's full collections, which extraction's
    # short-lived words and lines otherwise trigger again and again: ~5% of a worker's CPU.
    gc.collect()
    gc.freeze()
    return pipeline


def entity_from_mention(mention: Mention, text: str, default_year: int | None) -> Entity | None:
    """The finished entity; None for a DATE whose year cannot be known."""
    if mention.phrase is not None:
        span = mention.phrase.resolve(default_year)
        if span is None:
            return None
        return Entity(
            type="DATE",
            text=text[mention.start : mention.end],
            value=span.start.isoformat(),
            start=mention.start,
            end=mention.end,
            date=span,
        )
    return Entity(
        type=mention.type,
        text=text[mention.start : mention.end],
        value=mention.value,
        start=mention.start,
        end=mention.end,
        meeting=mention.meeting,
        ddmm=mention.ddmm,
        long=mention.long,
    )


def _sort_key(e: Entity) -> tuple[int, int, str, str]:
    return (e.start, e.end, e.type, e.value)


def tag_passages(items: Iterable[tuple[str, date | None]]) -> list[list[Entity]]:
    """Entities of each passage text; the date (the paper's) supplies missing years."""
    out: list[list[Entity]] = []
    # The text travels as context too, so building entities needs no `doc.text`.
    with_context = ((text, (text, when)) for text, when in items)
    for doc, (text, when) in nlp().pipe(with_context, as_tuples=True, batch_size=BATCH_SIZE):
        year = when.year if when is not None else None
        entities = [entity_from_mention(m, text, year) for m in doc._.sec_mentions]
        out.append(sorted((e for e in entities if e is not None), key=_sort_key))
    return out


def acronym_definitions(entities_by_passage: Iterable[list[Entity]]) -> list[AcronymDefinition]:
    """Each (short, long) pair once, at the first passage that defines it."""
    seen: dict[tuple[str, str], AcronymDefinition] = {}
    for ordinal, entities in enumerate(entities_by_passage):
        for e in entities:
            if e.type == "ACRONYM" and e.long is not None and (e.value, e.long) not in seen:
                seen[(e.value, e.long)] = AcronymDefinition(
                    short=e.value, long=e.long, passage=ordinal
                )
    return list(seen.values())


def tag_paper(paper: Paper) -> Paper:
    """A copy of `paper` with entities on every passage and its acronym definitions."""
    tagged = paper.model_copy(deep=True)
    passages = [p for _, p in tagged.iter_passages()]
    entities = tag_passages((p.text, tagged.date) for p in passages)
    for passage, found in zip(passages, entities, strict=True):
        passage.entities = found
    tagged.acronyms = acronym_definitions(entities)
    return tagged
