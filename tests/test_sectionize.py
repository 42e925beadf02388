"""Sectioning rules on a paper from a second producer (reportlab platypus) and on text joins."""

from __future__ import annotations

from pathlib import Path

import pytest

from secsearch.pipeline import structured_paper
from secsearch.structure.textjoin import Vocabulary, joined_lines

PLATYPUS = Path(__file__).parent / "pdfs" / "platypus-subcommittee-report.pdf"


@pytest.fixture(scope="module")
def platypus_paper():  # type: ignore[no-untyped-def]
    return structured_paper(PLATYPUS)


def test_platypus_metadata(platypus_paper) -> None:  # type: ignore[no-untyped-def]
    p = platypus_paper
    assert (p.ref, p.action, p.title) == (
        "SECP_66_1503_19",
        "For Discussion",
        "SEC Panel Sub-Committee Report",
    )
    assert (p.author, p.team, p.date.isoformat()) == ("Rebecca Jones", "SECAS Team", "2019-03-08")
    assert p.meeting.number == 66 and p.meeting.date.isoformat() == "2019-03-15"
    assert p.paper_number == 19 and p.classification == "white" and p.page_count == 2
    assert [(a.title, a.classification) for a in p.attachments] == [
        ("Appendix A – Security Assurance Status Update", "red")
    ]


def test_platypus_sections(platypus_paper) -> None:  # type: ignore[no-untyped-def]
    outline = [
        (s.number, s.title, s.level, s.committees, s.pages)
        for _, s in platypus_paper.all_sections()
    ]
    assert outline == [
        ("1.", "Purpose", 1, ["Panel"], (1, 1)),
        ("2.", "Operations Group", 1, ["OPSG"], (1, 2)),
        (None, "Planned Maintenance", 2, ["OPSG"], (1, 2)),
        (
            "4.",
            "Technical Architecture and Business Architecture Sub-Committee (TABASC) and "
            "Testing Advisory Group (TAG)",
            1,
            ["TABASC", "TAG"],
            (2, 2),
        ),
        ("5.", "Recommendations", 1, ["Panel"], (2, 2)),
    ]


def test_platypus_passages(platypus_paper) -> None:  # type: ignore[no-untyped-def]
    passages = [p for _, p in platypus_paper.all_passages()]
    crossing = passages[1]
    assert crossing.pages == [1, 2] and crossing.text.endswith("until after the planned date.")
    assert [(p.kind, p.text) for p in passages[-2:]] == [
        ("list_item", "NOTE the content of this paper; and"),
        ("list_item", "DISCUSS the costs set out in Appendix B."),
    ]
    assert not any("classified as" in p.text or p.text.isdigit() for p in passages)


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["the implemen-", "tation plan"], "the implementation plan"),  # no other evidence: join
        (["Architecture Sub-", "Committee (TABASC)"], "Architecture Sub-Committee (TABASC)"),
        (["potentially non-", "compliant users"], "potentially non-compliant users"),  # a prefix
        (["a cost-", "benefit analysis"], "a cost-benefit analysis"),
        (["April –", "June 2019"], "April – June 2019"),  # a dash is not a hyphen
        (["soft\u00ad", "ware"], "software"),  # a soft hyphen always joins
        (["a scenario-", "based exercise"], "a scenario-based exercise"),  # a compound's suffix
    ],
)
def test_joined_lines(lines: list[str], text: str) -> None:
    assert joined_lines(lines, Vocabulary([])) == text


def test_joined_lines_follows_the_document() -> None:
    vocabulary = Vocabulary(["a re-assessment was needed", "the preassessment stage ends"])
    assert joined_lines(["the re-", "assessment"], vocabulary) == "the re-assessment"
    assert joined_lines(["the pre-", "assessment"], vocabulary) == "the preassessment"


def test_joined_lines_keeps_compounds_of_printed_words() -> None:
    vocabulary = Vocabulary(["the Incident Management plan", "data for each scenario we ran"])
    assert joined_lines(["a scenario-", "management tool"], vocabulary) == (
        "a scenario-management tool"
    )
    assert joined_lines(["the manage-", "ment plan"], vocabulary) == "the management plan"
