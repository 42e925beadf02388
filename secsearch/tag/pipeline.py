"""Passages → typed, normalised SEC entities: the spaCy pipeline (spaCy is imported only here).

The pipeline is `spacy.blank("en")` plus rule-based components:

1. `sec_terms_exact` / `sec_terms_caseless`: two SpanRulers whose phrase patterns live in
   `secsearch/tag/patterns/terms_{exact,caseless}.jsonl` (label, pattern, id = canonical value).
   Acronyms and one-word names match on exact case ("TAG" the group, never "tag"; "SEC" never
   "sec"); multi-word names match on lower case. Label `NONE` marks longer phrases that contain a
   tagged word but mean something else ("Panel Information Policy").
2. `sec_identifiers`: regexes from `secsearch.domain` (identifier shapes) and `tag.dates`
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
    precisions are listed in `tag.dates`. Qualifiers ("on or before", "by 5pm on") are
    outside the span; a phrase without a year takes the paper's year, and without a paper date it
    is not tagged.
ACRONYM
    At an inline definition only: span on the short form inside the brackets; value = short form,
    `long` = the expansion with whitespace collapsed. A plural short form is made singular along
    with its expansion: "Issue Resolution Proposals (IRPs)" → text "IRPs", value `IRP`, long
    "Issue Resolution Proposal".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..models import AcronymDefinition, Entity, Paper, Section
from .acronyms import acronym_mentions
from .identifiers import (
    Candidate,
    Mention,
    chosen_candidates,
    date_candidates,
    milestone_candidates,
    modification_candidates,
    org_candidates,
    paper_ref_candidates,
    release_candidates,
    sec_ref_candidates,
)
from .lifecycle import add_modification_facts

BATCH_SIZE = 256
SPANS_KEY = "sec_terms"
TEXT_KEY = "secsearch.text"


def term_candidates(doc: Doc) -> Iterator[Candidate]:
    for span in doc.spans[SPANS_KEY]:
        kind = span.label_
        mentions = (
            () if kind == "NONE" else (Mention(kind, span.start_char, span.end_char, span.id_),)
        )  # type: ignore[arg-type]
        yield Candidate(span.start_char, span.end_char, kind, mentions)


if not Doc.has_extension("sec_mentions"):
    Doc.set_extension("sec_mentions", default=None)


@Language.component("sec_identifiers")
def sec_identifiers(doc: Doc) -> Doc:
    """Identifier regexes and ruler terms, overlaps resolved, as `doc._.sec_mentions`."""
    # `doc.text` rebuilds the string from every token: `tag_passages` hands the text in with
    # the doc, and a doc made elsewhere computes it once.
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
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
    source = resources.files(__package__).joinpath("patterns", name).read_text("utf-8")
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


def _doc_of(text: str) -> Doc:
    """The tokenised text, carrying the text itself for the components."""
    doc = nlp().make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def tag_passages(items: Iterable[tuple[str, date | None]]) -> list[list[Entity]]:
    """Entities of each passage text; the date (the paper's) supplies missing years."""
    out: list[list[Entity]] = []
    # The text travels with each doc (and as context), so nothing rebuilds it from the tokens.
    with_context = ((_doc_of(text), (text, when)) for text, when in items)
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


def _with_own_sections(sections: list[Section]) -> list[Section]:
    return [
        s.model_copy(
            update={
                "passages": [p.model_copy() for p in s.passages],
                "sections": _with_own_sections(s.sections),
            }
        )
        for s in sections
    ]


def _with_own_passages(paper: Paper) -> Paper:
    """A copy of `paper` whose sections and passages are its own (tagging sets their fields).

    Shallow below the passages: words, pages and links are not changed by tagging, and a deep
    copy of the whole paper cost ~4 % of a worker's time.
    """
    return paper.model_copy(update={"sections": _with_own_sections(paper.sections)})


def tag_paper(paper: Paper) -> Paper:
    """A copy of `paper` with entities on every passage, its acronym definitions, and what its
    passages say about modifications (`lifecycle.add_modification_facts`)."""
    tagged = _with_own_passages(paper)
    passages = [p for _, p in tagged.all_passages()]
    entities = tag_passages((p.text, tagged.date) for p in passages)
    for passage, found in zip(passages, entities, strict=True):
        passage.entities = found
    tagged.acronyms = acronym_definitions(entities)
    add_modification_facts(tagged)
    return tagged
