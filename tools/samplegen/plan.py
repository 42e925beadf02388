"""Deterministic paper plans: which paper, when, by whom, with which sections and topics.

Paper ``i`` of a corpus gets its kind and year from a fixed schedule (so any 30 consecutive papers
cover every kind and every year 2016–2025) and everything else from a generator seeded with
(seed, i), so papers can be produced independently and in any order.
"""

from __future__ import annotations

import datetime as dt
import random

from . import topics as t
from .content import Ctx
from .doc import AttachmentPlan, B, P, PaperPlan, Para, SectionPlan, Table, Topic
from .lifecycle import Facts, Life, pick_life, registry_lives

KINDS = ("subcommittee_report", "modification_report", "headline_report", "committee_report")
FIRST_YEAR = 2016
YEARS = 10

AUTHORS = (
    "Rebecca Harlow",
    "Daniel Okafor",
    "Priya Raman",
    "Thomas Ellery",
    "Hannah Whitcombe",
    "Joseph Marsh",
    "Aisha Bello",
    "Oliver Pennant",
    "Grace Lindqvist",
    "Michael Tranter",
)
TEAMS = ("SECAS Team", "SECAS Security Team", "SECAS Change Team", "SECAS Operations Team")

# The committee whose papers each reference prefix marks (DOMAIN.md), stated here by hand.
PREFIX_COMMITTEES: dict[str, str] = {
    "SECP": "Panel",
    "SSC": "SSC",
    "TAG": "TAG",
    "TABASC": "TABASC",
    "OPSG": "OPSG",
    "CSC": "CSC",
}

# First month a committee's papers exist (DOMAIN.md), for prefixes other than SECP.
COMMITTEE_SINCE: dict[str, dt.date] = {
    "SSC": dt.date(2015, 1, 1),
    "TAG": dt.date(2015, 1, 1),
    "TABASC": dt.date(2017, 1, 1),
    "OPSG": dt.date(2017, 8, 1),
    "CSC": dt.date(2018, 12, 1),
}


def meeting_number(prefix: str, meeting: dt.date) -> int:
    """A plausible meeting number for a committee's meeting on ``meeting``."""
    months = (meeting.year - 2014) * 12 + meeting.month
    if prefix == "SECP":
        return months + 3
    if prefix == "SSC":
        return 2 * (months - 12)
    since = COMMITTEE_SINCE.get(prefix, dt.date(2015, 1, 1))
    return months - ((since.year - 2014) * 12 + since.month) + 1


def paper_date(rng: random.Random, year: int) -> dt.date:
    d = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


# --------------------------------------------------------------------------- sections


def _topic_section(topic: Topic) -> SectionPlan:
    return SectionPlan(None, topic.title, "topic", list(topic.blocks), committees=topic.committees)


def _topics(
    c: Ctx, pool: list[t.TopicFn], k: int, must: tuple[t.TopicFn, ...] = ()
) -> list[SectionPlan]:
    """``k`` topics of the pool that fit the paper's year, ``must`` ones first when in era."""
    first = [f for f in must if t.in_era(f, c.year)]
    rest = [f for f in pool if f not in first and t.in_era(f, c.year)]
    chosen = first + c.rng.sample(rest, k=min(len(rest), max(0, k - len(first))))
    return [_topic_section(fn(c)) for fn in chosen]


def purpose(c: Ctx, text: str) -> SectionPlan:
    return SectionPlan("1.", "Purpose", "section", [P(text)])


def recommendations(number: int, items: list[str], lead: str) -> SectionPlan:
    return SectionPlan(
        f"{number}.", "Recommendations", "section", [P(lead), *[B(i) for i in items]]
    )


def _ops_section(c: Ctx, n: int) -> SectionPlan:
    return SectionPlan(
        f"{n}.",
        "Operations Group",
        "section",
        committees=("OPSG",),
        children=[
            SectionPlan(
                f"{n}.1",
                "Operations Group Meeting Highlights",
                "subsection",
                children=_topics(c, t.OPSG_TOPICS, c.rng.randint(3, 5)),
            )
        ],
    )


def _security_section(c: Ctx, n: int, index: int) -> SectionPlan:
    must = (t.cpa_certificates,)
    ssc = _topics(c, t.SSC_TOPICS, 2, must)
    ssc.append(_topic_section(t.work_package(c, "SSC")))
    pma_topics = [_topic_section(t.work_package(c, "SMKI PMA"))]
    if c.year >= 2017:
        pma_topics.insert(0, _topic_section(t.spoti(c, define=index % 8 < 4)))
    pma_topics += _topics(c, [t.recovery_key, t.aro_statistics, t.smki_compliance], 1)
    misnumbered = index % 3 == 0
    return SectionPlan(
        f"{n}.",
        "Security Sub-Committee and SMKI PMA",
        "section",
        committees=("SSC", "SMKI PMA"),
        children=[
            SectionPlan(
                f"{n}.1",
                "Assurance Status Decisions",
                "subsection",
                list(t.assurance_decisions(c).blocks),
            ),
            SectionPlan(
                f"{n}.2",
                "Verification Assessments",
                "subsection",
                list(t.verification_assessments(c).blocks),
            ),
            SectionPlan(
                f"{n}.3", "SSC Highlights", "subsection", children=ssc, committees=("SSC",)
            ),
            SectionPlan(
                "1.5" if misnumbered else f"{n}.4",
                "SMKI PMA Highlights",
                "subsection",
                children=pma_topics,
                committees=("SMKI PMA",),
            ),
        ],
    )


def _tabasc_tag_section(c: Ctx, n: int) -> SectionPlan:
    return SectionPlan(
        f"{n}.",
        "Technical Architecture and Business Architecture Sub-Committee (TABASC) and Testing "
        "Advisory Group (TAG)",
        "section",
        committees=("TABASC", "TAG"),
        children=[
            SectionPlan(
                f"{n}.1",
                "TABASC Highlights",
                "subsection",
                children=_topics(c, t.TABASC_TOPICS, 3, (t.mod67_requirements,)),
                committees=("TABASC",),
            ),
            SectionPlan(
                f"{n}.2",
                "TAG Highlights",
                "subsection",
                children=_topics(c, t.TAG_TOPICS, 2),
                committees=("TAG",),
            ),
        ],
    )


def _tag_section(c: Ctx, n: int) -> SectionPlan:
    return SectionPlan(
        f"{n}.",
        "Testing Advisory Group",
        "section",
        children=_topics(c, t.TAG_TOPICS, 1),
        committees=("TAG",),
    )


def _csc_section(c: Ctx, n: int) -> SectionPlan:
    return SectionPlan(
        f"{n}.",
        "Change Sub-Committee",
        "section",
        children=_topics(c, t.CSC_TOPICS, 2),
        committees=("CSC",),
    )


def subcommittee_report(c: Ctx, index: int) -> tuple[str, list[SectionPlan], list[AttachmentPlan]]:
    sections = [
        purpose(
            c,
            "This paper provides [[the Panel]] with an update on recent activities of its "
            "Sub-Committees. It highlights the key issues discussed and the points the "
            "Sub-Committees would like to bring to the attention of [[the Panel]].",
        )
    ]
    builders = []
    if c.date >= COMMITTEE_SINCE["OPSG"]:
        builders.append(lambda n: _ops_section(c, n))
    builders.append(lambda n: _security_section(c, n, index))
    if c.date >= COMMITTEE_SINCE["TABASC"]:
        builders.append(lambda n: _tabasc_tag_section(c, n))
    else:
        builders.append(lambda n: _tag_section(c, n))
    if c.date >= COMMITTEE_SINCE["CSC"] and c.rng.random() < 0.5:
        builders.append(lambda n: _csc_section(c, n))
    for build in builders:
        sections.append(build(len(sections) + 1))
    sections.append(
        recommendations(
            len(sections) + 1,
            [
                "NOTE the content of this paper; and",
                "DISCUSS the [[DCC]] Self Service Interface sprint costs set out in Appendix B.",
            ],
            "[[The Panel]] is requested to:",
        )
    )
    attachments = [
        AttachmentPlan("Appendix A – Security Assurance Status Update", "red"),
        AttachmentPlan("Appendix B – DCC Self Service Interface Sprint Costs", "amber"),
    ]
    return "SEC Panel Sub-Committee Report", sections, attachments


# --------------------------------------------------------------------------- modification report

MOD_BY_YEAR: dict[int, tuple[int, ...]] = {
    2016: (7,),
    2017: (30,),
    2018: (46, 67),
    2019: (67,),
    2020: (67, 71),
    2021: (120, 122),
    2022: (147, 67),
    2023: (162,),
    2024: (175,),
    2025: (175, 162),
}


def _plain(markup: str) -> str:
    from .markup import parse_marked

    return parse_marked(markup).text


def _report_subject(c: Ctx, number: int) -> Life:
    """The modification a Final Modification Report dated on the paper's date can be about: the
    year's usual one when it is in its report phase then, else one of the registry that is (or,
    failing that, the one whose Draft Modification Report was approved last)."""

    def reporting(life: Life) -> bool:
        return any(start <= c.date <= end for start, end in life.report_windows())

    found = pick_life(c, number, reporting)
    if found is not None:
        return found
    started = [
        (max(start for start, _ in lf.report_windows() if start <= c.date), lf)
        for lf in registry_lives(c.date)
        if any(start <= c.date for start, _ in lf.report_windows())
    ]
    return max(started, key=lambda pair: pair[0])[1]


def modification_report(c: Ctx, index: int) -> tuple[str, list[SectionPlan], list[AttachmentPlan]]:
    number = c.pick(MOD_BY_YEAR[c.year])
    mod = c.mod(number)
    cost = c.rng.randint(12, 480) * 1000
    y = c.year + (1 if c.date.month >= 6 else 0)
    release = c.sec_release(y, c.pick([2, 6, 11]))
    # Draws the template made before it knew lifecycles, in their order, so the rest of the
    # paper is unchanged; the dates themselves now come from the lifecycle.
    c.days_before(200, 400), c.days_before(40, 120)
    life = _report_subject(c, number)
    if life.number != number:
        mod = c.mod_spelled(life.number)
    name = t.MOD_TITLES.get(life.number, life.title) if life.number in t.MOD_TITLES else life.title
    live = life.first("implemented")
    if live is not None:
        release = f"[[RELEASE:{live.release}]]"
    raised, assessed = life.first("raised"), life.first("assessment", "returned")
    impact = [s for s in life.steps if s.kind == "assessment" and s.detail == "impact"]
    assessed = impact[-1] if impact else assessed
    assert raised is not None and assessed is not None
    page = f"{t.SITE}/modifications/{t.mod_slug(number) if life.number == number else life.id}/"

    purpose_facts, background, solution = Facts(), Facts(), Facts()
    purpose_facts.title(life.id, name)
    purpose_text = purpose_facts.paper_dated(
        f"This paper presents the Final Modification Report for {mod} ‘{name}’ and asks "
        "[[the Panel]] to make its determination.",
        life,
        "modification_report",
        c.date,
    )
    background_text = (
        background.sentence(
            f"The proposal was raised by [[SECAS]] on {c.day(raised.date)} following discussions "
            "at the [[Operations Group]].",
            life,
            raised,
        )
        + " "
        + background.sentence(
            f"The [[DCC]] provided its Impact Assessment on "
            f"{c.day(assessed.date, style='ordinal')}.",
            life,
            assessed,
        )
    )
    history: list[Para] = []
    if life.number == 67 and c.year >= 2019:
        first = Facts()
        text = (
            "The issue was first raised as Draft Proposal "
            f"{c.mod(67, draft=True)} and refined by the Working Group before its conversion."
        )
        first.paper_dated(text, life, "raised", c.date)
        first.paper_dated(text, life, "refinement", c.date)
        history.append(P(text, first.done()))
    clause = c.rng.randint(2, 30)
    solution.change(life.id, "Section H")
    solution.change(life.id, f"H3.{clause}")
    sections = [
        SectionPlan("1.", "Purpose", "section", [P(purpose_text, purpose_facts.done())]),
        SectionPlan(
            "2.",
            "Background",
            "section",
            [
                P(background_text, background.done()),
                *history,
                P(
                    "The Working Group found that the current arrangements place an unnecessary "
                    "burden on Users and create inconsistent outcomes across the regions of "
                    "[[CSP North]], [[CSP Central]] and [[CSP South]]."
                ),
            ],
        ),
        SectionPlan(
            "3.",
            "Solution",
            "section",
            [
                P("The Proposed Solution would:"),
                B(
                    "introduce a new obligation on the [[DCC]] to publish the relevant data "
                    "monthly;"
                ),
                B(
                    "amend [[SEC_REF:Section H]] and the associated subsidiary documents, "
                    f"including [[SEC_REF:H3.{clause}]]; and",
                    solution.done(),
                ),
                B(
                    "require Users to notify the [[DCC]] of changes at least five working days in "
                    "advance."
                ),
            ],
            children=[
                _topic_section(
                    Topic(
                        "Legal text",
                        [
                            P(
                                "The legal text was reviewed by the Working Group and is "
                                f"published at <<{page}|the modification page>>."
                            )
                        ],
                    )
                )
            ],
        ),
        SectionPlan(
            "4.",
            "Impacts",
            "section",
            [
                P("The Working Group assessed the impacts on each SEC Party category as follows:"),
                Table(
                    [
                        ["Party category", "Impact", "Comment"],
                        ["Large Suppliers", c.pick(["High", "Medium"]), "System changes"],
                        ["Small Suppliers", c.pick(["Medium", "Low"]), "Process changes"],
                        ["Network Parties", "Low", "None identified"],
                        ["[[DCC]]", c.pick(["High", "Medium"]), "Service changes"],
                    ]
                ),
            ],
        ),
        SectionPlan(
            "5.",
            "Costs and Implementation",
            "section",
            [
                P(
                    f"The [[DCC]] implementation costs are estimated at £{cost:,}, with "
                    f"[[SECAS]] support costs of £{c.rng.randint(3, 40) * 1000:,}. The proposal "
                    f"would be implemented as part of the {release}."
                ),
            ],
        ),
        recommendations(
            6,
            [
                f"AGREE that {mod} should be approved; and",
                "NOTE the implementation approach set out in this paper.",
            ],
            "[[The Panel]] is invited to:",
        ),
    ]
    title = f"{_plain(mod)} ‘{_plain(name)}’ – Modification Report"
    attachments = [
        AttachmentPlan("Appendix A – Legal Text", "white"),
        AttachmentPlan("Appendix B – Consultation Responses", "green"),
    ]
    return title, sections, attachments


# --------------------------------------------------------------------------- headline reports


def headline_report(c: Ctx, index: int) -> tuple[str, list[SectionPlan], list[AttachmentPlan]]:
    updates: list[SectionPlan] = []
    pools = [("OPSG", t.OPSG_TOPICS), ("SSC", t.SSC_TOPICS), ("TAG", t.TAG_TOPICS)]
    if c.date >= COMMITTEE_SINCE["CSC"]:
        pools.append(("CSC", t.CSC_TOPICS))
    for i, (code, pool) in enumerate(
        p for p in pools if p[0] not in COMMITTEE_SINCE or c.date >= COMMITTEE_SINCE[p[0]]
    ):
        updates.append(
            SectionPlan(
                f"3.{i + 1}",
                f"{code} Update",
                "subsection",
                children=_topics(c, pool, 1),
                committees=(code,),
            )
        )
    sections = [
        purpose(
            c,
            "This paper summarises the headline decisions of [[the Panel]] and the "
            "updates received from its Sub-Committees.",
        ),
        SectionPlan(
            "2.",
            "Decisions",
            "section",
            children=[
                _topic_section(t.modification_decisions(c) if c.year >= 2017 else t.design_notes(c))
            ],
        ),
        SectionPlan("3.", "Sub-Committee Updates", "section", children=updates),
        SectionPlan("4.", "Actions", "section", list(t.actions_table(c).blocks)),
    ]
    return "Panel Headline Report", sections, []


COMMITTEE_POOLS: dict[str, list[t.TopicFn]] = {
    "OPSG": t.OPSG_TOPICS,
    "SSC": t.SSC_TOPICS + t.PMA_TOPICS,
    "TABASC": t.TABASC_TOPICS,
    "TAG": t.TAG_TOPICS,
    "CSC": t.CSC_TOPICS,
}


def committee_report(c: Ctx, index: int) -> tuple[str, list[SectionPlan], list[AttachmentPlan]]:
    code = c.prefix
    pool = COMMITTEE_POOLS[code]
    sections = [
        purpose(
            c,
            f"This paper provides the [[{code}]] with an update on the matters raised "
            "since its last meeting.",
        ),
        SectionPlan(
            "2.",
            "Meeting Highlights",
            "section",
            children=_topics(c, pool, min(len(pool), c.rng.randint(2, 4))),
        ),
        SectionPlan("3.", "Actions", "section", list(t.actions_table(c).blocks)),
        recommendations(4, ["NOTE the updates in this paper."], f"The [[{code}]] is asked to:"),
    ]
    return (
        f"{code} Headline Report",
        sections,
        [AttachmentPlan("Appendix A – Risk Register Extract", "amber")],
    )


# --------------------------------------------------------------------------- whole paper


def _prefix_for(kind: str, rng: random.Random, date: dt.date) -> str:
    if kind == "committee_report":
        options = [p for p, since in COMMITTEE_SINCE.items() if date >= since]
        return rng.choice(sorted(options))
    if kind == "modification_report" and date >= COMMITTEE_SINCE["CSC"] and rng.random() < 0.3:
        return "CSC"
    return "SECP"


def appendix_blocks(c: Ctx, attachment: AttachmentPlan) -> list[P | Table]:  # type: ignore[valid-type]
    y, m = c.last_month()
    return [
        P(
            f"This appendix sets out the detail summarised in the paper for {c.month(y, m)}. It "
            "must be handled in line with its classification."
        ),
        Table(
            [
                ["Item", "Status", "Owner"],
                ["Assessment 1", c.pick(["Approved", "Deferred"]), "[[SSC]]"],
                ["Assessment 2", c.pick(["Approved", "Rejected"]), "[[SSC]]"],
                ["Sprint costs", "Under review", "[[DCC]]"],
            ]
        ),
        P("Further information is available from the [[SECAS]] Security Team on request."),
    ]


BUILDERS = {
    "subcommittee_report": subcommittee_report,
    "modification_report": modification_report,
    "headline_report": headline_report,
    "committee_report": committee_report,
}
ACTIONS = {
    "subcommittee_report": "For Discussion",
    "modification_report": "For Decision",
    "headline_report": "For Information",
    "committee_report": "For Information",
}


def plan_paper(index: int, seed: int) -> PaperPlan:
    """The plan of paper ``index`` in the corpus generated with ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    kind = KINDS[index % len(KINDS)]
    year = FIRST_YEAR + (index // 3) % YEARS
    date = paper_date(rng, year)
    prefix = _prefix_for(kind, rng, date)
    meeting = date + dt.timedelta(days=rng.randint(5, 12))
    c = Ctx(rng=rng, date=date, meeting_date=meeting, prefix=prefix, index=index)
    title, sections, attachments = BUILDERS[kind](c, index)
    if attachments and index % 3 == 0:
        for a in attachments:
            a.included = appendix_blocks(c, a)
    paper_no = rng.randint(2, 24)
    number = meeting_number(prefix, meeting)
    return PaperPlan(
        ref=f"{prefix}_{number}_{meeting:%d%m}_{paper_no:02d}",
        prefix=prefix,
        committee=PREFIX_COMMITTEES.get(prefix),
        title=title,
        date=date,
        meeting_number=number,
        meeting_date=meeting,
        paper_number=paper_no,
        action=ACTIONS[kind],
        classification="green" if index % 5 == 4 else "white",
        author=rng.choice(AUTHORS),
        team=rng.choice(TEAMS),
        sections=sections,
        attachments=attachments,
        # Writer and ligatures cycle independently of the paper kind (index % 4).
        ligatures=index // 2 % 2 == 1,
        writer="reportlab" if (index + index // 4) % 2 == 0 else "fpdf2",
    )
