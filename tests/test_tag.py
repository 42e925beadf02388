"""The tagger: exact output for each row of issue 3's table, and precision/recall on labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from secsearch import domain
from secsearch.domain import canonical_modification_id
from secsearch.models import Entity, Meeting, Paper, Passage, Section, Source
from secsearch.tag import TAGGER_VERSION, tag_paper, tag_passages
from secsearch.tag.dates import normalise_date
from secsearch.tag.evaluate import TYPES, load_labelled, score_by_type

LABELLED = Path(__file__).parent / "data" / "labelled_entities.jsonl"
PAPER_DATE = dt.date(2019, 3, 8)


def tagged(text: str, when: dt.date | None = PAPER_DATE) -> list[Entity]:
    return tag_passages([(text, when)])[0]


def summary(text: str, kind: str, when: dt.date | None = PAPER_DATE) -> list[tuple[str, str]]:
    """(text, value) of each entity of one type."""
    return [(e.text, e.value) for e in tagged(text, when) if e.type == kind]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("SECMP0067", "MP067"),
        ("SECMP 0030", "MP030"),
        ("SECMP67", "MP067"),
        ("MP071", "MP071"),
        ("MP67", "MP067"),
        ("DP147", "MP147"),
        ("MP122A", "MP122A"),
    ],
)
def test_modification(written: str, value: str) -> None:
    assert summary(f"The Panel discussed {written} today.", "MODIFICATION") == [(written, value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SECMP0067", "MP067"),
        ("SECMP 0067", "MP067"),
        ("MP67", "MP067"),
        ("DP067", "MP067"),
        ("mp067", "MP067"),
        ("MP122A", "MP122A"),
        ("version 1.2", None),
        ("50,000", None),
        ("MP", None),
    ],
)
def test_canonical_modification_id(text: str, value: str | None) -> None:
    assert canonical_modification_id(text) == value


@pytest.mark.parametrize(
    "text",
    ["version 1.2 of the workbook", "50,000 Devices per day", "Sprint 12", "an MP3 file"],
)
def test_numbers_are_not_modifications(text: str) -> None:
    assert summary(text, "MODIFICATION") == []


@pytest.mark.parametrize(
    ("written", "meeting", "ddmm"),
    [("SECP_66_1503_04", 66, "1503"), ("OPSG_25_0903_02", 25, "0903")],
)
def test_paper_ref(written: str, meeting: int, ddmm: str) -> None:
    entities = tagged(f"Panel paper {written} provides the detail.")
    assert [(e.type, e.text, e.value, e.meeting, e.ddmm) for e in entities] == [
        ("PAPER_REF", written, written, meeting, ddmm)
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("OPSG", "OPSG"),
        ("Operations Group", "OPSG"),
        ("SMKI PMA", "SMKI PMA"),
        ("TABASC", "TABASC"),
        ("Change Sub-Committee", "CSC"),
        ("TAG", "TAG"),
        ("SECCo Board", "SECCo"),
        ("the Panel", "Panel"),
    ],
)
def test_committee(written: str, code: str) -> None:
    assert summary(f"It was noted by {written} that work continues.", "COMMITTEE") == [
        (written, code)
    ]


@pytest.mark.parametrize("committee", domain.COMMITTEES, ids=lambda c: c.code)
def test_every_committee_alias_is_tagged(committee: domain.Committee) -> None:
    for alias in committee.aliases:
        assert summary(f"We met {alias} today.", "COMMITTEE") == [(alias, committee.code)]


@pytest.mark.parametrize("org", domain.ORGANISATIONS, ids=lambda o: o.code)
def test_every_organisation_alias_is_tagged(org: domain.Organisation) -> None:
    for alias in org.aliases:
        assert summary(f"We met {alias} today.", "ORG") == [(alias, org.code)]


def test_case_aware_collisions() -> None:
    text = "We tag the device; a sec later the Tag label and the css file; SEC matters to the TAG."
    assert [(e.type, e.text) for e in tagged(text)] == [("COMMITTEE", "TAG")]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("DCC", "DCC"),
        ("BEIS", "BEIS"),
        ("DESNZ", "DESNZ"),
        ("Ofgem", "Ofgem"),
        ("SECAS", "SECAS"),
        ("NCSC", "NCSC"),
        ("CSP North", "CSP North"),
    ],
)
def test_org(written: str, value: str) -> None:
    assert summary(f"An update from {written} was noted.", "ORG") == [(written, value)]


def test_org_list_shares_the_span() -> None:
    assert summary("for CSP Central/South only", "ORG") == [
        ("CSP Central/South", "CSP Central"),
        ("CSP Central/South", "CSP South"),
    ]


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("Section G", ["Section G"]),
        ("G2.44", ["G2.44"]),
        ("Sections G3-G6", ["G3", "G4", "G5", "G6"]),
        ("G3.17–G3.20", ["G3.17", "G3.18", "G3.19", "G3.20"]),
        ("Appendix AG", ["Appendix AG"]),
        ("Schedule 8", ["Schedule 8"]),
    ],
)
def test_sec_ref(written: str, values: list[str]) -> None:
    assert summary(f"The obligations in {written} apply.", "SEC_REF") == [
        (written, v) for v in values
    ]


def test_a_papers_own_appendix_is_not_a_sec_ref() -> None:
    assert summary("Details are in confidential Appendix A.", "SEC_REF") == []
    assert summary("See SEC Appendix A for the policy.", "SEC_REF") == [
        ("Appendix A", "Appendix A")
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("Release 2.0", "Release 2.0"),
        ("R1.3", "Release 1.3"),
        ("November 2019 SEC Release", "November 2019 SEC Release"),
        ("SMETS1 Services Release", "SMETS1 Services Release"),
        ("SEC v40.0", "SEC v40.0"),
        ("SEC Version 5.14", "SEC v5.14"),
    ],
)
def test_release(written: str, value: str) -> None:
    entities = tagged(f"The change is part of {written} as planned.")
    assert [(e.type, e.text, e.value) for e in entities] == [("RELEASE", written, value)]


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("Incentive Milestone 2A", ["Incentive Milestone 2A"]),
        ("Milestones 2A and 2B", ["Incentive Milestone 2A", "Incentive Milestone 2B"]),
        ("SMETS1 IOC", ["SMETS1 IOC"]),
        ("Live Service Criteria", ["Live Service Criteria"]),
        ("planned go live date", ["Go-Live Date"]),
    ],
)
def test_milestone(written: str, values: list[str]) -> None:
    assert summary(f"The DCC reported on the {written} today.", "MILESTONE") == [
        (written, v) for v in values
    ]


@pytest.mark.parametrize(
    ("written", "start", "end", "precision"),
    [
        ("8 March 2019", "2019-03-08", "2019-03-08", "day"),
        ("12th March 2019", "2019-03-12", "2019-03-12", "day"),
        ("February 2019", "2019-02-01", "2019-02-28", "month"),
        ("April – June 2019", "2019-04-01", "2019-06-30", "quarter"),
        ("mid-2019", "2019-05-01", "2019-08-31", "approx"),
        ("end of October 2019", "2019-10-20", "2019-10-31", "approx"),
        ("June/July", "2019-06-01", "2019-07-31", "month"),
        ("15 March", "2019-03-15", "2019-03-15", "day"),
        ("30/11/2018", "2018-11-30", "2018-11-30", "day"),
    ],
)
def test_date(written: str, start: str, end: str, precision: str) -> None:
    entities = [
        e for e in tagged(f"It is due on or before {written} as agreed.") if e.type == "DATE"
    ]
    assert len(entities) == 1
    e = entities[0]
    assert (e.text, e.value) == (written, start)
    assert e.date is not None
    assert (str(e.date.start), str(e.date.end), e.date.precision) == (start, end, precision)


def test_year_less_date_needs_the_paper_date() -> None:
    assert summary("on or before 15 March", "DATE", when=None) == []
    assert summary("on or before 15 March", "DATE", when=dt.date(2021, 3, 1)) == [
        ("15 March", "2021-03-15")
    ]


def test_no_dates_inside_references() -> None:
    assert summary("see SECP_66_1503_19 and G2.44 and Release 2.0", "DATE") == []


def test_normalise_date() -> None:
    span = normalise_date("end of October 2019", None)
    assert span is not None
    assert (span.start, span.end, span.precision) == (
        dt.date(2019, 10, 20),
        dt.date(2019, 10, 31),
        "approx",
    )
    assert normalise_date("no date here", 2019) is None


def test_acronym() -> None:
    entities = tagged("The SMKI PMA considered SMKI Portal via The Internet (SPOTI) today.")
    acronyms = [(e.text, e.value, e.long) for e in entities if e.type == "ACRONYM"]
    assert acronyms == [("SPOTI", "SPOTI", "SMKI Portal via The Internet")]


def test_acronym_shares_its_span_with_the_committee() -> None:
    entities = tagged("The Operations Group (OPSG) met.")
    assert [(e.type, e.text, e.value) for e in entities] == [
        ("COMMITTEE", "Operations Group", "OPSG"),
        ("ACRONYM", "OPSG", "OPSG"),
        ("COMMITTEE", "OPSG", "OPSG"),
    ]


def test_entities_are_sorted_and_offsets_point_at_the_text() -> None:
    text = "The DCC (on 8 March 2019) and OPSG discussed SECMP0067 and Sections G3-G6."
    entities = tagged(text)
    assert entities == sorted(entities, key=lambda e: (e.start, e.end, e.type, e.value))
    assert all(text[e.start : e.end] == e.text for e in entities)


def _paper(passages: list[str]) -> Paper:
    section = Section(
        number="1",
        title="Purpose",
        level=1,
        committees=[],
        pages=(1, 1),
        passages=[Passage(text=t, pages=[1]) for t in passages[:1]],
        sections=[
            Section(
                number="1.1",
                title="More",
                level=2,
                committees=[],
                pages=(1, 1),
                passages=[Passage(text=t, pages=[1]) for t in passages[1:]],
            )
        ],
    )
    return Paper(
        ref="SECP_66_1503_19",
        title="Sub-Committee Report",
        date=PAPER_DATE,
        action="For Discussion",
        classification=None,
        meeting=Meeting(number=66),
        page_count=1,
        source=Source(path="x.pdf", sha256="0"),
        sections=[section],
    )


def test_tag_paper_fills_entities_and_acronyms() -> None:
    paper = _paper(
        [
            "The TAG will provide a statement on or before 15 March.",
            "The Certified Products List (CPL) was reviewed.",
            "The Certified Products List (CPL) again, and the Central Products List (CPL).",
        ]
    )
    tagged_paper = tag_paper(paper)
    assert all(p.entities == [] for _, p in paper.all_passages())  # the input is untouched
    first = tagged_paper.all_passages()[0][1]
    assert [(e.type, e.text, e.value) for e in first.entities] == [
        ("COMMITTEE", "TAG", "TAG"),
        ("DATE", "15 March", "2019-03-15"),
    ]
    assert [(a.short, a.long, a.passage) for a in tagged_paper.acronyms] == [
        ("CPL", "Certified Products List", 1),
        ("CPL", "Central Products List", 2),
    ]


def test_tagger_version_is_a_string() -> None:
    assert isinstance(TAGGER_VERSION, str) and TAGGER_VERSION


def test_labelled_set_is_big_enough() -> None:
    passages = load_labelled(LABELLED)
    kinds = [key[0] for p in passages for key in p.gold]
    assert len(kinds) >= 200
    assert set(kinds) == set(TYPES)


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    return score_by_type(load_labelled(LABELLED))[0]  # type: ignore[return-value]


@pytest.mark.parametrize("kind", TYPES)
def test_precision_and_recall(kind: str, scores: dict) -> None:
    score = scores[kind]
    assert score.precision >= 0.97, f"{kind} precision {score.precision:.3f}"
    assert score.recall >= 0.95, f"{kind} recall {score.recall:.3f}"
