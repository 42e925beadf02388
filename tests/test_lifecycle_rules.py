"""The lifecycle rules on sentences written for this test: wordings of each step that the
labelled fixtures (tests/fixtures/lifecycle, scored by test_lifecycle.py) do not use, and plans,
requests and conditions that must give no event."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secsearch.models import Passage
from secsearch.tag import tag_passages
from secsearch.tag.lifecycle import Context, TableState, passage_facts
from tests.profiles import examples

PAPER_DATE = dt.date(2022, 12, 2)
Expected = set[tuple[str, str, str | None, str]]


def events_of(
    text: str,
    *,
    section: tuple[str, ...] = (),
    paper: tuple[str, ...] = (),
    kind: str = "paragraph",
    paper_date: dt.date = PAPER_DATE,
) -> Expected:
    entities = tag_passages([(text, paper_date)])[0]
    passage = Passage(text=text, pages=[1], kind=kind, entities=entities)  # type: ignore[arg-type]
    facts = passage_facts(passage, Context(list(section), list(paper)), TableState(), paper_date)
    events = facts.events if facts else []
    return {
        (e.modification, e.kind, e.outcome, e.date.isoformat() if e.date else "") for e in events
    }


def ev(
    mod: str, kind: str, date: str, outcome: str | None = None
) -> tuple[str, str, str | None, str]:
    return (mod, kind, outcome, date)


PAPER = PAPER_DATE.isoformat()

POSITIVE: list[tuple[str, Expected]] = [
    ("SECMP0040 was raised by Npower on 3 March 2017.", {ev("MP040", "raised", "2017-03-03")}),
    ("The Proposer raised DP201 on 5 June 2022.", {ev("MP201", "raised", "2022-06-05")}),
    (
        "DP150 ‘Smart Meter Alert Filtering’ (raised 12 May 2021) seeks to reduce Alert volumes.",
        {ev("MP150", "raised", "2021-05-12")},
    ),
    (
        "A new Draft Proposal, DP210, was submitted by the DCC on 1 March 2022.",
        {ev("MP210", "raised", "2022-03-01")},
    ),
    (
        "DP155 was converted to MP155 by the CSC on 21 September 2021.",
        {ev("MP155", "converted", "2021-09-21")},
    ),
    (
        "The CSC agreed to convert DP230 into a Modification Proposal.",
        {ev("MP230", "converted", PAPER)},
    ),
    (
        "The MP162 Working Group met twice in March 2022 to develop the solution.",
        {ev("MP162", "refinement", "2022-03-01")},
    ),
    (
        "The Panel agreed that MP199 should progress to the Refinement Process.",
        {ev("MP199", "refinement", PAPER)},
    ),
    (
        "The DCC has provided its Preliminary Assessment for MP160.",
        {ev("MP160", "assessment", PAPER)},
    ),
    (
        "SECAS received the DCC's Impact Assessment for MP175 on 2 March 2022.",
        {ev("MP175", "assessment", "2022-03-02")},
    ),
    (
        "A consultation on MP133 closed on 30 June 2021 with nine responses.",
        {ev("MP133", "consultation", "2021-06-30")},
    ),
    (
        "The Refinement Consultation for MP162 ran from 1 to 22 March 2022.",
        {ev("MP162", "consultation", "2022-03-01")},
    ),
    (
        "The Panel agreed the Final Modification Report for MP113.",
        {ev("MP113", "modification_report", PAPER)},
    ),
    (
        "At its meeting on 22 June 2022 the Change Board voted to approve MP160.",
        {ev("MP160", "change_board", "2022-06-22", "approve")},
    ),
    (
        "Change Board members voted unanimously in favour of MP160.",
        {ev("MP160", "change_board", PAPER, "approve")},
    ),
    (
        "The Change Board recommended that MP072 be rejected.",
        {ev("MP072", "change_board", PAPER, "reject")},
    ),
    (
        "MP160 was approved by the Change Board on 22 June 2022.",
        {ev("MP160", "change_board", "2022-06-22", "approve")},
    ),
    (
        "The Panel approved the Fast-Track Modification MP221 on 12 May 2022.",
        {ev("MP221", "panel_decision", "2022-05-12", "approve")},
    ),
    ("The Panel agreed to approve MP221.", {ev("MP221", "panel_decision", PAPER, "approve")}),
    ("The Panel determined to reject MP118.", {ev("MP118", "panel_decision", PAPER, "reject")}),
    (
        "The Panel returned MP173 to the Working Group in April 2022.",
        {ev("MP173", "panel_decision", "2022-04-01", "send_back")},
    ),
    ("Ofgem has approved MP094.", {ev("MP094", "authority_decision", PAPER, "approve")}),
    (
        "On 3 May 2021 Ofgem directed that MP094 be implemented.",
        {ev("MP094", "authority_decision", "2021-05-03", "approve")},
    ),
    ("Ofgem decided to reject MP110.", {ev("MP110", "authority_decision", PAPER, "reject")}),
    ("The Proposer has withdrawn MP135.", {ev("MP135", "withdrawn", PAPER)}),
    (
        "The DCC withdrew its modification MP188 on 4 April 2022.",
        {ev("MP188", "withdrawn", "2022-04-04")},
    ),
    ("MP135 has been withdrawn.", {ev("MP135", "withdrawn", PAPER)}),
    (
        "MP104 was implemented on 26 June 2020 as part of SEC v40.0.",
        {ev("MP104", "implemented", "2020-06-26")},
    ),
    (
        "MP200 was delivered in the November 2022 SEC Release.",
        {ev("MP200", "implemented", PAPER)},
    ),
    (
        "The November 2020 SEC Release, which included MP067 and MP086, went live on 5 November "
        "2020.",
        {ev("MP067", "implemented", "2020-11-05"), ev("MP086", "implemented", "2020-11-05")},
    ),
    (
        "The Authority approved MP122A on 28 January 2021, and it was implemented in the February "
        "2021 SEC Release on 25 February 2021.",
        {
            ev("MP122A", "authority_decision", "2021-01-28", "approve"),
            ev("MP122A", "implemented", "2021-02-25"),
        },
    ),
    (
        "MP071 was raised on 10 January 2019 and the Panel approved it.",
        {ev("MP071", "raised", "2019-01-10"), ev("MP071", "panel_decision", PAPER, "approve")},
    ),
    (
        "The Change Board voted on MP160 at its meeting on 22 June 2022, and approved it.",
        {ev("MP160", "change_board", "2022-06-22", "approve")},
    ),
    (
        "MP092 ‘Threshold Anomaly Detection Procedures’ was approved by the Change Board on 27 May "
        "2020 under Self-Governance and implemented in the November 2020 SEC Release.",
        {ev("MP092", "change_board", "2020-05-27", "approve"), ev("MP092", "implemented", PAPER)},
    ),
    (
        "Ofgem's approval of MP086 was received on 12 May 2020.",
        {ev("MP086", "authority_decision", "2020-05-12", "approve")},
    ),
    (
        "Following the Authority’s approval on 8 May 2020, MP067 was implemented in the November "
        "2020 SEC Release.",
        {
            ev("MP067", "authority_decision", "2020-05-08", "approve"),
            ev("MP067", "implemented", PAPER),
        },
    ),
    (
        "The Panel approved MP071’s Draft Modification Report for consultation.",
        {ev("MP071", "modification_report", PAPER)},
    ),
    (
        "The Authority rejected both MP122 and MP122A.",
        {
            ev("MP122", "authority_decision", PAPER, "reject"),
            ev("MP122A", "authority_decision", PAPER, "reject"),
        },
    ),
    (
        "The Change Board was unable to reach a decision on MP209 and deferred it.",
        {ev("MP209", "change_board", PAPER, "defer")},
    ),
    (
        "DP243 ‘Removal of Obsolete SMETS1 Service Requests’ was converted on 19 April 2022.",
        {ev("MP243", "converted", "2022-04-19")},
    ),
]

NEGATIVE: list[str] = [
    "The Panel will be asked to approve MP160 in July 2023.",
    "MP160 is expected to be approved by the Authority in August 2023.",
    "If MP160 is approved by the Change Board, it will be implemented in the next SEC Release.",
    "MP160, if approved, will be implemented in the November 2023 SEC Release.",
    "The Change Board is due to vote on MP160 on 22 June 2023.",
    "SECAS recommends that the Panel approves MP221.",
    "The Panel is invited to APPROVE MP221.",
    "Ofgem's decision on MP094 is awaited.",
    "The DCC has been asked to provide an Impact Assessment for MP160.",
    "Once the Impact Assessment for MP160 has been received, the Change Board will vote.",
    "MP099 was not implemented in the June 2021 SEC Release because of a defect.",
    "MP160 has not yet been withdrawn.",
    "The timetable for MP067 was approved by the Panel.",
    "The Change Board approved the MP140 Terms of Reference.",
    "Members approved the minutes of the meeting at which MP099 was discussed.",
    "Concerns were raised by Members about the cost of MP067.",
    "SECAS will raise MP102 with the Panel.",
    "The Panel approved the SECCo budget, which includes MP187 workshops.",
    "MP231 is not yet targeted at a release.",
    "The November 2022 SEC Release went live on 3 November 2022.",
    "AGREE that MP071 should be approved; and",
    "DETERMINE whether MP122 or MP122A should be approved.",
    "The Working Group will meet again in January 2023 to consider MP240.",
    "SECAS expects to issue the MP240 Refinement Consultation in June 2023.",
    "The Authority decision on MP205 is expected by the end of January 2023.",
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t[:50] for t, _ in POSITIVE])
def test_wordings_of_each_step(text: str, expected: Expected) -> None:
    assert events_of(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:50] for t in NEGATIVE])
def test_plans_requests_and_conditions_are_not_events(text: str) -> None:
    assert events_of(text) == set()


def test_a_section_about_one_modification_supplies_it() -> None:
    text = "The Working Group met on 16 April 2022 and agreed the business requirements."
    assert events_of(text, section=("MP240",)) == {ev("MP240", "refinement", "2022-04-16")}
    assert events_of(text) == set()


def test_both_solutions_means_the_original_and_its_alternative() -> None:
    text = "The Modification Report Consultation on both solutions closed on 2 November 2020."
    got = events_of(text, paper=("MP122", "MP122A"))
    assert got == {
        ev("MP122", "consultation", "2020-11-02"),
        ev("MP122A", "consultation", "2020-11-02"),
    }


def test_an_event_dated_after_the_paper_is_a_plan() -> None:
    text = "MP160 was approved by the Change Board on 22 June 2023."
    assert events_of(text) == set()


def test_a_row_without_an_id_belongs_to_the_paper_s_modification() -> None:
    row = "14/10/2019 | DCC Preliminary Assessment returned"
    assert events_of(row, kind="table_row", paper=("MP086",)) == {
        ev("MP086", "assessment", "2019-10-14")
    }
    assert events_of("26/02/2020 | Change Board vote", kind="table_row", paper=("MP086",)) == set()


lifecycle_words = st.lists(
    st.sampled_from(
        [
            "MP122",
            "MP122A",
            "DP086",
            "SECMP 0067",
            "‘Operational Metrics’",
            "the Panel",
            "The Change Board",
            "the Authority",
            "Ofgem",
            "approved",
            "rejected",
            "deferred",
            "voted to",
            "recommend",
            "approval",
            "was raised",
            "raised by",
            "converted into",
            "became",
            "withdrew",
            "was withdrawn",
            "Withdrawn",
            "went live",
            "implemented in",
            "the November 2020 SEC Release",
            "SEC v40.0",
            "on 3 May 2020",
            "12/07/2019",
            "in April 2019",
            "by 30 April 2021",
            "Working Group met",
            "Refinement Process",
            "Preliminary Assessment returned",
            "Impact Assessment requested",
            "Modification Report Consultation closed",
            "Final Modification Report",
            "it",
            "both",
            "and",
            ",",
            ";",
            ".",
            " | ",
            ":",
            "(",
            ")",
            "will",
            "if",
            "once",
            "sent",
            "back",
            "to the Working Group",
            "amends Section H",
            "Title",
            "Date",
            "‘",
            "’",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=examples(300))
@given(
    st.one_of(lifecycle_words, st.text()),
    st.sampled_from(["paragraph", "list_item", "table_row"]),
    st.one_of(st.none(), st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 1, 1))),
)
def test_reading_any_text_never_raises(text: str, kind: str, when: dt.date | None) -> None:
    entities = tag_passages([(text, when)])[0]
    passage = Passage(text=text, pages=[1], kind=kind, entities=entities)  # type: ignore[arg-type]
    facts = passage_facts(passage, Context(["MP122", "MP122A"], []), TableState(), when)
    for e in facts.events if facts else []:
        assert e.date_source != "text" or when is None or e.date is None or e.date <= when
        assert e.alternative_of == (e.modification[:-1] if e.modification[-1].isalpha() else None)
        assert e.evidence and e.evidence in " ".join(text.split())
