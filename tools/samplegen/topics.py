"""Topic templates: bold topic headings with paragraphs, in entity markup (see content.py)."""

from __future__ import annotations

from collections.abc import Callable

from .content import Ctx
from .doc import B, P, Table, Topic
from .lifecycle import (
    NAMED_TITLES,
    Facts,
    Life,
    life_of,
    pick_life,
    plan_sentence,
    recent_steps,
    step_sentence,
)
from .markup import parse_marked

SITE = "https://smartenergycodecompany.co.uk"
TopicFn = Callable[[Ctx], Topic]

MOD_TITLES: dict[int, str] = {
    7: "Firmware Updates to IHDs and PPMIDs",
    30: "[[DCC]] Technical Operations Procedures",
    46: "Allowing DNOs to Control Electric Vehicle Chargers",
    67: "Service Request Traffic Management",
    71: "Release Management Policy Review",
    120: "Switching Data Access for Registration",
    122: "Operational Metrics",
    147: "Enduring Meter Asset Register",
    162: "SEC Changes Required to Deliver MHHS",
    175: "Reducing the SMKI Recovery Key Risk",
}


NAMED_TITLES.update(MOD_TITLES)  # in markup, as the templates write them


def mod_title(number: int) -> str:
    """The modification's title as plain text (MOD_TITLES may hold entity markup)."""
    return parse_marked(MOD_TITLES[number]).text


def mod_slug(number: int) -> str:
    return mod_title(number).lower().replace(" ", "-")


# --------------------------------------------------------------------------- Operations Group


def planned_maintenance(c: Ctx) -> Topic:
    trial = c.days_after(25, 70)
    return Topic(
        "Planned Maintenance",
        [
            P(
                f"The [[DCC]] provided the [[OPSG]] with its updated proposals for Planned "
                f"Maintenance. The [[DCC]] gave assurances regarding the population of the "
                f"{c.define('Forward Schedule of Change', 'FSC')} and the classification of core "
                f"and non-core functionality. The [[OPSG]] welcomed the additional detail and "
                f"reiterated its support for the proposed trial, which would start on "
                f"{c.day(trial)}."
            ),
            P(
                "[[OPSG]] Members asked the [[DCC]] to inform SEC Parties about the trial "
                "following approval by [[the Panel]], and to report the outcome of each "
                "maintenance window to the next meeting of the [[Ops Group]]."
            ),
        ],
    )


def comms_hub_returns(c: Ctx) -> Topic:
    cut_year = c.year if c.date.month < 10 else c.year + 1
    return Topic(
        c.pick(["Communications Hub Returns Process", "Comms Hub Returns"]),
        [
            P(
                "In review of the quarterly Communications Hub Returns Report, it was noted that "
                "at the time of writing few returned Comms Hubs had been through the full triage "
                "process. [[OPSG]] Members raised concerns that the process does not work from a "
                "User perspective, and that the lack of a bulk returns process was affecting "
                "their field operations."
            ),
            P(
                f"Suppliers cited the cut over to [[RELEASE:Release 2.0]] compliant Communications "
                f"Hubs at the {c.end_of_month(cut_year, 10)}. It was agreed that the [[DCC]] "
                "would hold a workshop with [[OPSG]] Members, "
                f"[[SECAS]] and {c.dept()} representatives to establish a firm understanding of "
                "the issue and drive its resolution."
            ),
        ],
    )


def incentive_milestones(c: Ctx) -> Topic:
    return Topic(
        "Release 2.0 Incentive Scheme Milestones 2A and 2B",
        [
            P(
                "The [[DCC]] presented the [[OPSG]] with an update on its fulfilment of the "
                "[[RELEASE:Release 2.0]] [[MILESTONE:Incentive Milestones 2A and 2B="
                "Incentive Milestone 2A;Incentive Milestone 2B]]. The [[DCC]] noted that, as per "
                "the Independent Auditor’s report, it had not met [[MILESTONE:Incentive Milestone "
                "2A]], but had met [[MILESTONE:Incentive Milestone 2B]]. The [[DCC]] and the "
                "Independent Auditor did not agree on the date that [[MILESTONE:Milestone 2B="
                "Incentive Milestone 2B]] was met."
            ),
            P(
                "The [[OPSG]] considered the details provided and could find no reason to dispute "
                "the findings of the Independent Auditor. There was no input from Members on User "
                "experience for [[MILESTONE:Milestone 2B=Incentive Milestone 2B]] and the "
                "[[Operations Group]] accepted the Independent Auditor’s findings."
            ),
        ],
    )


def smets1_live_service(c: Ctx) -> Topic:
    cap = c.pick(["IOC", "MOC", "FOC"])
    return Topic(
        "SMETS1 Live Service Criteria",
        [
            P(
                "The [[DCC]] presented its initial outline proposals for evidencing the fulfilment "
                "of the SMETS1 Enrolment and Adoption [[MILESTONE:Live Service Criteria]]. "
                f"Members noted that migration testing for [[MILESTONE:SMETS1 {cap}]] would not "
                f"commence until {c.month(*c.next_month())}, and raised concerns about capacity "
                "planning for the volumes required in the timescales."
            ),
            P(
                f"It was noted that {c.dept()} would oversee the execution of the migration "
                "process. The [[DCC]] will bring a formal paper of the supporting evidence to the "
                f"next [[OPSG]] meeting, due on {c.day(c.days_after(20, 35))}."
            ),
        ],
    )


def performance_report(c: Ctx) -> Topic:
    y, m = c.last_month()
    csp = c.pick(["CSP North", "CSP Central", "CSP South"])
    return Topic(
        "Performance Measurement Report",
        [
            P(
                f"The [[DCC]] presented its Performance Measurement Report for {c.month(y, m)}. "
                f"Service Request response times were within target, although [[{csp}]] reported "
                "a reduced first-time install success rate for Communications Hubs in some "
                "regions."
            ),
            P(
                "Members asked for the underlying data to be shared in a format that allows "
                "comparison across regions, and noted the following points:"
            ),
            B(f"the [[DCC]] should explain the variance reported by [[{csp}]];"),
            B(
                "the number of Alerts delayed beyond the target time should be broken down by "
                "cause; and"
            ),
            B("the report should be published on the <<" + SITE + "/operations/|SEC website>>."),
        ],
    )


def incident_management(c: Ctx) -> Topic:
    return Topic(
        "Major Incident Management",
        [
            P(
                "The [[DCC]] provided an update on its scenario-based exercises, which should "
                "ensure correct handling of events such as malicious firmware or attacks. The "
                "exercise covered incident categorisation, assignment, escalation and reporting, "
                "and the [[DCC]] clarified the requirements of [[SEC_REF:Section H]] and "
                "SEC [[SEC_REF:Appendix AG]] Incident Management Policy."
            ),
            P(
                f"A report on the incident of {c.day(c.days_before(10, 30), style='ordinal')} "
                f"will be presented to the [[Operations Group]] once the root cause analysis has "
                "been completed by the [[DCC]] and its Service Providers."
            ),
        ],
    )


def ssi_sprints(c: Ctx) -> Topic:
    sprint = c.rng.randint(8, 30)
    return Topic(
        "SSI Enhancement and Adoption",
        [
            P(
                "Confidential Appendix B provides a breakdown of forecast and actual costs for "
                f"individual work items of the {c.define('Self Service Interface', 'SSI')}."
            ),
            P(
                f"The [[OPSG]] approved Sprint {sprint}. Concerns were raised about the costs of "
                f"the proposed Sprint {sprint + 1}, which are outside the agreed value range. The "
                "[[DCC]] agreed to provide further detail about the items driving the costs and "
                "to offer the [[Ops Group]] options for splitting the implementation of the "
                "sprint."
            ),
        ],
    )


def operational_metrics(c: Ctx) -> Topic:
    facts = Facts()
    facts.title(life_of(122).id, MOD_TITLES[122])
    return Topic(
        "Operational Metrics Modification",
        [
            P(
                f"[[SECAS]] updated the [[OPSG]] on {c.mod(122)} ‘{MOD_TITLES[122]}’ and its "
                f"alternative solution {c.mod(122, letter='A')}. The [[OPSG]] supported the "
                "alternative, which limits the new reporting obligations to the metrics already "
                "collected by the [[DCC]].",
                facts.done(),
            ),
        ],
    )


# --------------------------------------------------------------------------- Security / SMKI PMA


def assurance_decisions(c: Ctx) -> Topic:
    y, m = c.last_month()
    n = c.pick(["one", "two", "three", "four"])
    return Topic(
        "Assurance Status Decisions",
        [
            P(
                f"The {c.define_committee('Security Sub-Committee', 'SSC')} "
                f"set {n} assurance status in {c.month(y, m)}. Details can be found in "
                "confidential Appendix A."
            ),
        ],
    )


def verification_assessments(c: Ctx) -> Topic:
    y, m = c.last_month()
    return Topic(
        "Verification Assessments",
        [
            P(
                "As part of their wider obligations, the [[SSC]] review the outcomes of "
                "Verification Assessments. If the [[SSC]] believe that a User is non-compliant "
                "with the obligations contained in SEC [[SEC_REF:Sections G3-G6=G3;G4;G5;G6]], "
                "they will notify [[the Panel]]."
            ),
            P(
                f"During {c.month(y, m)}, the [[SSC]] reviewed "
                f"{c.pick(['three', 'five', 'six', 'seven'])} "
                f"{c.define('Verification User Security Assessment', 'VUSA')} reports in which "
                "Compliance Statuses were set. Details can be found in confidential Appendix A."
            ),
        ],
    )


def cpa_certificates(c: Ctx) -> Topic:
    return Topic(
        "CPA Conditional Certificates",
        [
            P(
                "The [[SSC]] considered options for the handling of Devices that have not been "
                f"remediated when a {c.define('Commercial Product Assurance', 'CPA')} certificate "
                "expires, and when such Devices should be removed from the "
                f"{c.cpl_definition()}. A proposed ‘minded to’ position was agreed, to be "
                f"confirmed at the meeting on {c.day_soon(12, 30)}."
            ),
            P(
                "Members noted that Device Models must appear on the CPL before they can be "
                "commissioned, and asked [[SECAS]] to confirm the notification arrangements for "
                "Suppliers whose Devices are affected."
            ),
        ],
    )


def spoti(c: Ctx, *, define: bool = True) -> Topic:
    # Papers that do not define SPOTI name the portal in full: a search for the acronym must
    # still find them, through the glossary's expansions.
    first = (
        c.define("SMKI Portal via The Internet", "SPOTI")
        if define
        else "the SMKI Portal via The Internet"
    )
    return Topic(
        c.pick(["SMKI issues arising from the use of SPOTI", "SPOTI Access Arrangements"]),
        [
            P(
                f"The [[SMKI PMA]] considered the issues arising from the use of {first}, "
                f"recapping on the risk assessment reviewed on {c.day(c.days_before(30, 80))}. "
                "The assessment concluded that alternative solutions must be considered to "
                "reduce the risk to the [[DCC]] Systems while still allowing Device Certificates "
                "to be obtained."
            ),
            P(
                "It was noted that there may be a need to modify the existing SEC provisions on "
                "Authorised Subscribers and the General Provisions around the use of SPOTI. The "
                "[[SMKI PMA]] agreed to seek [[NCSC]] and legal advice on the changes, as set out "
                "in the <<" + SITE + "/smki/spoti-guidance/|SPOTI guidance>>."
            ),
        ],
    )


def work_package(c: Ctx, committee: str) -> Topic:
    y, q = c.next_quarter()
    return Topic(
        f"{committee} Quarterly Work Package",
        [
            P(
                f"The [[{committee}]] were provided with the Quarterly Work Package, which "
                "clarified the activities and associated costs for the [[SECAS]] core team and "
                f"project resource for the period {c.quarter(y, q)}. The [[{committee}]] "
                "recommended the work package for [[SECCo Board]] approval."
            ),
        ],
        committees=(committee,),
    )


def section_g_changes(c: Ctx) -> Topic:
    return Topic(
        "SMETS1 Update",
        [
            P(
                "The [[SSC]] considered options raised by the [[DCC]] for the separation of XML "
                "and SMKI keys for SMETS1 Devices. The [[DCC]] also provided an update on the "
                "proposed changes to [[SEC_REF:Section G]], specifically [[SEC_REF:G2.44]] and "
                "[[SEC_REF:G2.45]], highlighting the current issues with the wording."
            ),
            P(
                "Members asked that the drafting of [[SEC_REF:G3.17–G3.20=G3.17;G3.18;G3.19;"
                "G3.20]] is reviewed at the same time, so that the obligations on Users remain "
                "consistent."
            ),
        ],
    )


def recovery_key(c: Ctx) -> Topic:
    facts = Facts()
    facts.title(life_of(175).id, MOD_TITLES[175])
    facts.change(life_of(175).id, "Schedule 8")
    return Topic(
        "SMKI Recovery Key",
        [
            P(
                f"The [[SMKI PMA]] reviewed the progress of {c.mod(175)} ‘{MOD_TITLES[175]}’. The "
                "proposal would change the procedure in [[SEC_REF:Schedule 8]] so that the "
                "Recovery Key is used only as a last resort, after the [[DCC]] has exhausted "
                "other options.",
                facts.done(),
            ),
        ],
    )


def self_assessment_scf(c: Ctx) -> Topic:
    return Topic(
        "Self-Assessment Changes for the Security Controls Framework",
        [
            P(
                "The [[SSC]] discussed updates to the Self-Assessment section of the "
                f"{c.define('Security Controls Framework', 'SCF')} that have been endorsed by "
                "the User community. The changes are reflected in the latest version of the "
                "Validation Workbook, published on the "
                "<<" + SITE + "/security/scf/>>."
            ),
        ],
    )


# --------------------------------------------------------------------------- TABASC / TAG


def architecture_documents(c: Ctx) -> Topic:
    return Topic(
        "SMETS1 Services Release Business Architecture Document",
        [
            P(
                "The [[TABASC]] are reviewing the updates needed to the "
                f"{c.define('Business Architecture Document', 'BAD')} and the "
                f"{c.define('Technical Architecture Document', 'TAD')} to capture the changes "
                "being implemented as part of the [[RELEASE:SMETS1 Services Release]]. The "
                f"updated documents are expected in {c.month(*c.next_month())}."
            ),
            P(
                "The [[TABASC]] discussed the value of maintaining the Business Architecture "
                "Model and agreed that it should be updated with the new content."
            ),
        ],
    )


def design_notes(c: Ctx) -> Topic:
    return Topic(
        "Retiring Design Notes",
        [
            P(
                "The [[TABASC]] agreed an approach to retire the Design Notes, which are guidance "
                "documents that detail specific areas of interest to aid industry understanding. "
                "The approach retains a statement of each design challenge while referencing "
                "where the content is reflected in other formal documentation."
            ),
        ],
    )


def irp_handover(c: Ctx) -> Topic:
    return Topic(
        "Progressing IRPs through the Change Process",
        [
            P(
                "[[SECAS]] provided an update on how "
                + c.define("Issue Resolution Proposal", "IRP")
                + " documents are progressed following formal handover from the "
                + c.define_committee("Technical Specification Issue Resolution Sub-Group", "TSIRS")
                + ". "
                "The [[TABASC]] agreed to triage each IRP at the outset to assess the extent of "
                "the changes and recommend a release management path."
            ),
        ],
    )


def mod67_requirements(c: Ctx) -> Topic:
    """What the TABASC says of MP067 depends on where it stands on the paper's date."""
    life, facts = life_of(67), Facts()
    mod = c.mod(67)
    facts.title(life.id, MOD_TITLES[67])
    done = life.done(c.date)
    if not any(s.kind == "assessment" for s in done):
        text = (
            f"[[SECAS]] provided the [[TABASC]] with the business requirements analysis for "
            f"{mod} ‘{MOD_TITLES[67]}’. The [[TABASC]] discussed the requirements prior "
            "to their submission to the [[DCC]] for Preliminary Assessment, and proposed that "
            "it should govern the list of priority Service Requests."
        )
    elif done[-1].kind != "implemented":
        assessment = [s for s in done if s.kind == "assessment"][-1]
        text = (
            f"[[SECAS]] updated the [[TABASC]] on {mod} ‘{MOD_TITLES[67]}’. "
            + step_sentence(c, life, assessment, facts)
            + " The [[TABASC]] proposed that it should govern the list of priority Service "
            "Requests."
        )
    else:
        live = done[-1]
        text = facts.sentence(
            f"The [[TABASC]] noted that {mod} ‘{MOD_TITLES[67]}’ was implemented in the "
            f"[[RELEASE:{live.release}]] on {c.day(live.date)}, and agreed to keep the list of "
            "priority Service Requests under review.",
            life,
            live,
        )
    return Topic(
        "Service Request Traffic Management",
        [
            P(text, facts.done()),
            P(
                "The business requirements are published on the "
                "<<" + SITE + "/modifications/" + mod_slug(67) + "/|modification page>>."
            ),
        ],
    )


def dbch_testing(c: Ctx) -> Topic:
    later = c.year if c.date.month <= 4 else c.year + 1
    pair_month = c.pick([5, 6, 7])
    return Topic(
        "Release 2.0",
        [
            P(
                "The [[DCC]] provided an update to the [[TAG]] on the progress of [[CSP North]] "
                f"{c.define('Dual Band Communications Hub', 'DBCH')} "
                f"{c.define('Systems Integration Testing', 'SIT')}, noting that some of the "
                "testing was now complete."
            ),
            P(
                "The [[TAG]] and [[DCC]] also discussed the latest progress of "
                "[[RELEASE:Release 2.0]] Device Integration Testing. The [[DCC]] estimated that "
                f"devices from a second manufacturer should be available in {c.mid_year(later)}, "
                + (
                    f"allowing testing to finish in {c.month_pair(pair_month)}."
                    if later == c.year and c.date.month < pair_month
                    else "allowing testing to finish shortly afterwards."
                )
            ),
        ],
    )


def sec_release_planning(c: Ctx) -> Topic:
    y = c.year if c.date.month < 6 else c.year + 1
    month = c.pick([2, 6, 11])
    return Topic(
        "SEC Release Planning",
        [
            P(
                f"The [[TABASC]] reviewed the scope of the {c.sec_release(y, month)}, which is "
                f"expected to be incorporated into {c.sec_version()} of the code. "
                f"The [[DCC]] confirmed that its [[RELEASE:R1.3=Release 1.3]] fixes would be "
                "deployed ahead of the release."
            ),
        ],
    )


def tag_panel_paper(c: Ctx) -> Topic:
    return Topic(
        "SMETS1 Testing",
        [
            P(
                "The [[TAG]] and [[DCC]] have met several times ahead of making a "
                "recommendation to [[the Panel]] on [[MILESTONE:SMETS1 IOC]]. Panel paper "
                f"{c.paper_ref(prefix='SECP', number=c.rng.randint(2, 9))} provides the detail of "
                "the discussions and the actions recommended."
            ),
            P(
                "The [[TAG]] expects to provide a simple statement to [[the Panel]] on or before "
                f"{c.day_no_year(c.meeting_date)} "
                "to confirm whether those actions are addressed."
            ),
        ],
    )


# --------------------------------------------------------------------------- Change / Panel


def draft_proposals(c: Ctx) -> Topic:
    """A Draft Proposal the CSC considered: converted since, or about to be."""
    draft, final = c.mod(147, draft=True), c.mod(147)

    def in_development(life: Life) -> bool:
        """Raised by the paper's date, and not converted more than two months before it."""
        converted = life.first("converted")
        recent = converted is None or (c.date - converted.date).days <= 60
        return life.steps[0].date <= c.date and recent and not life.letter

    life = pick_life(c, 147, in_development) or life_of(147)
    if life.number != 147:
        draft, final = c.mod_spelled(life.number, draft=True), c.mod_spelled(life.number)
    facts = Facts()
    facts.title(life.id, life.title)
    converted = life.first("converted")
    title = MOD_TITLES[147] if life.number == 147 else life.title
    if converted is not None and converted.date <= c.date:
        text = facts.sentence(
            f"The [[CSC]] noted that {draft} ‘{title}’ was converted to a Modification Proposal, "
            f"{final}, on {c.day(converted.date)}.",
            life,
            converted,
        )
    else:
        text = (
            f"The [[CSC]] considered {draft} ‘{title}’ and agreed that it should be converted to "
            f"a Modification Proposal as {final}."
        )
    return Topic(
        "Draft Proposals",
        [
            P(text, facts.done()),
            P(
                f"The [[Change Sub-Committee]] also reviewed {c.mod(67, draft=True)}, the draft "
                "proposal that originally raised the traffic management issue, and agreed that "
                "no further action was required on it."
            ),
        ],
    )


def modification_decisions(c: Ctx) -> Topic:
    """The Panel's latest decision on a modification: its Draft Modification Report, approved for
    consultation in the last two months, with the Change Board vote to come."""
    number = c.pick([71, 120, 162, 46, 30])
    # The draws the topic made before it knew lifecycles, so the rest of the paper is unchanged.
    c.mod(number), c.sec_release(c.year + 1, c.pick([2, 6, 11])), c.days_after(10, 30)

    def recent_report(life: Life) -> bool:
        report = life.first("modification_report")
        return report is not None and 0 <= (c.date - report.date).days <= 60

    life = pick_life(c, number, recent_report)
    facts, others = Facts(), Facts()
    if life is None:
        text = "[[The Panel]] made no modification decisions at this meeting."
    else:
        report = life.first("modification_report")
        assert report is not None
        text = step_sentence(c, life, report, facts, titled=True) + plan_sentence(c, life)
    blocks = [P(text, facts.done())]
    round_up = recent_steps(c, others, exclude=life.number if life else 0)
    if round_up:
        blocks.append(P("Other modifications progressed as follows. " + round_up, others.done()))
    return Topic("Modification Decisions", blocks)


def actions_table(c: Ctx) -> Topic:
    rows = [
        ["Action", "Owner", "Due date"],
        ["Share the updated plan", "[[DCC]]", c.day(c.days_after(14, 40), style="numeric")],
        ["Circulate the consultation", "[[SECAS]]", c.day(c.days_after(14, 40), style="numeric")],
        ["Review the risk register", "[[SSC]]", c.day(c.days_after(20, 60), style="numeric")],
    ]
    return Topic(
        "Actions",
        [
            P("The following actions were agreed at the meeting:"),
            Table(rows),
        ],
    )


# --------------------------------------------------------------------------- more topics


def css_readiness(c: Ctx) -> Topic:
    return Topic(
        "Switching Programme Readiness",
        [
            P(
                "[[Ofgem]] and the [[DCC]] presented an update on the "
                f"{c.define('Centralised Switching Service', 'CSS')} and the changes needed to "
                f"the {c.define_org('Data Service Provider', 'DSP')} interfaces. The CSS will "
                "become the master of all registration data for Gas and Electricity, and the "
                "[[DSP]] will notify it of installation updates."
            ),
            P(
                f"The cutover is planned for {c.late_year(c.year)}, subject to the outcome of the "
                f"final readiness assessment. [[{c.pick(['OPSG', 'Operations Group'])}]] Members "
                "asked to see the detailed transition plan before the next meeting."
            ),
        ],
    )


def smets1_migration(c: Ctx) -> Topic:
    migrated = c.rng.randint(2, 14) * 100_000
    cap = c.pick(["IOC", "MOC", "FOC"])
    return Topic(
        "SMETS1 Migration Progress",
        [
            P(
                f"The [[DCC]] reported that {migrated:,} SMETS1 installations had been migrated "
                f"by {c.day(c.days_before(5, 20))}. Migration of the [[MILESTONE:SMETS1 {cap}]] "
                "cohort is progressing in line with the plan agreed with "
                f"{c.dept()}."
            ),
            P(
                "Suppliers noted that the number of Devices failing migration remains higher "
                "than forecast, and asked the [[DCC]] to publish a breakdown by Device Model."
            ),
        ],
    )


def four_g_hubs(c: Ctx) -> Topic:
    return Topic(
        "4G Communications Hubs",
        [
            P(
                f"The [[DCC]] updated the [[OPSG]] on the rollout of 4G Communications Hubs, "
                f"which will replace the 2G and 3G networks used in the regions of [[CSP Central]] "
                f"and [[CSP South]] before their switch-off in {c.early_year(c.year + 2)}."
            ),
            B("first deliveries to Suppliers are expected in " + c.month(*c.next_month()) + ";"),
            B("Device Integration Testing is under way with two manufacturers; and"),
            B(f"{c.dept()} will publish its consultation response separately."),
        ],
    )


def director_letters(c: Ctx) -> Topic:
    y, m = c.last_month()
    return Topic(
        "Director Letters",
        [
            P(
                f"The [[SSC]] reviewed {c.pick(['two', 'three', 'four'])} Director’s Letters in "
                f"{c.month(y, m)}, which were approved and can be found in confidential "
                "Appendix A."
            ),
        ],
    )


def risk_assessment(c: Ctx) -> Topic:
    return Topic(
        "Annual Security Risk Assessment",
        [
            P(
                "The [[SSC]] reviewed the draft annual Security Risk Assessment, which identifies "
                "the threats to the end-to-end smart metering system and the controls in place "
                "to manage them. Members agreed to share the assessment with [[NCSC]] and "
                f"{c.dept()} for comment by {c.day(c.days_after(14, 40))}."
            ),
            P(
                "The [[Security Sub-Committee]] noted that the assessment will inform the "
                f"controls required under [[SEC_REF:Section G]] and the next update of the "
                f"{c.define('Security Controls Framework', 'SCF')}."
            ),
        ],
    )


def aro_statistics(c: Ctx) -> Topic:
    url = f"{SITE}/modifications/aro-statistics/"
    return Topic(
        "ARO Statistics",
        [
            P(
                "The [[SMKI PMA]] considered a proposal to provide "
                f"{c.define('Authorised Responsible Officer', 'ARO')} statistics to [[DCC]] Users "
                "and SMKI Participants. The proposal is published at <<" + url + ">>."
            ),
        ],
    )


def smki_compliance(c: Ctx) -> Topic:
    return Topic(
        "SMKI Compliance Policy",
        [
            P(
                "The [[SMKI PMA]] reviewed the outcome of the annual SMKI compliance audit of the "
                "[[DCC]] against [[SEC_REF:Section L]]. The auditor raised no major findings; one "
                "minor finding on [[SEC_REF:L11.3]] will be closed by "
                f"{c.end_of_month(*c.next_month())}."
            ),
        ],
    )


def mhhs(c: Ctx) -> Topic:
    facts = Facts()
    facts.title(life_of(162).id, MOD_TITLES[162])
    return Topic(
        "Market-wide Half-Hourly Settlement",
        [
            P(
                f"[[SECAS]] presented the impacts of "
                f"{c.define('Market-wide Half-Hourly Settlement', 'MHHS')} on the SEC, "
                f"which will be delivered through {c.mod(162)} ‘{MOD_TITLES[162]}’. The "
                f"[[TABASC]] will review the design documents in {c.month(*c.next_month())}.",
                facts.done(),
            ),
        ],
    )


def duis_updates(c: Ctx) -> Topic:
    return Topic(
        "Interface Specification Updates",
        [
            P(
                "The [[TABASC]] reviewed the changes to the "
                f"{c.define('[[DCC]] User Interface Specification', 'DUIS')} proposed for the "
                f"{c.sec_release(c.year + 1, c.pick([2, 6, 11]))}. Members asked the [[DCC]] "
                "to confirm that the changes remain backwards compatible for existing Users."
            ),
        ],
    )


def uit_environment(c: Ctx) -> Topic:
    return Topic(
        "Testing Environments",
        [
            P(
                "The [[TAG]] and [[DCC]] discussed concerns about a recent [[DCC]] communication "
                f"on the {c.define('User Integration Testing', 'UIT')} environment. The [[DCC]] "
                "confirmed that Testing Participants are not required to leave the environment, "
                "but noted a risk of interruption while it is upgraded."
            ),
        ],
    )


NEXT_STEP = {"Development": "Conversion", "Refinement": "Consultation", "Report Phase": "Vote"}


def modification_status_table(c: Ctx) -> Topic:
    """Where open modifications stand on the paper's date (status words: no events)."""
    rows = [["Modification", "Stage", "Next step"]]
    for number in c.rng.sample([71, 120, 147, 162, 175, 46], 3):
        if c.year <= 2019 and number > 100:
            continue
        # The draws the table made before it knew lifecycles, in their order, so the rest of
        # the paper is unchanged; the stage itself now comes from the lifecycle.
        c.pick(["Refinement", "Report Phase", "Development"])
        spelled = c.mod(number)
        c.pick(["Working Group", "Consultation", "Vote"])
        stage = life_of(number).stage(c.date)
        if stage is not None:
            rows.append([spelled, stage, NEXT_STEP.get(stage, "Decision")])
    if len(rows) == 1:
        life = pick_life(c, 67, lambda lf: lf.number != 67 and lf.stage(c.date) is not None)
        if life is not None:
            stage = life.stage(c.date) or ""
            rows.append([c.mod_spelled(life.number), stage, NEXT_STEP.get(stage, "Decision")])
    return Topic(
        "Modification Status",
        [
            P("The [[CSC]] noted the status of the modifications in progress:"),
            Table(rows),
        ],
    )


def change_board_votes(c: Ctx) -> Topic:
    """A Change Board vote of the last two months, and what follows from it."""
    number = c.pick([71, 120, 122, 147, 162])
    # The draws the topic made before it knew lifecycles, so the rest of the paper is unchanged.
    c.mod(number), c.days_before(5, 25), c.sec_release(c.year + 1, c.pick([2, 6, 11]))

    def recent_vote(life: Life) -> bool:
        vote = life.first("change_board")
        return vote is not None and 0 <= (c.date - vote.date).days <= 60

    life = pick_life(c, number, recent_vote)
    facts = Facts()
    if life is None:
        text = "The [[Change Board]] did not vote on any modification this month."
    else:
        vote = life.first("change_board")
        assert vote is not None
        mod, day = c.mod_spelled(life.number, life.letter), c.day(vote.date)
        verb = "approved" if vote.outcome == "approve" else "voted to reject"
        text = facts.sentence(
            f"The [[Change Board]] {verb} {mod} at its meeting on {day}.", life, vote
        )
        following = [s for s in life.done(c.date) if s.date > vote.date]
        text += "".join(" " + step_sentence(c, life, s, facts) for s in following)
        if not following and vote.outcome == "approve":
            text += plan_sentence(c, life)
    return Topic("Change Board Outcomes", [P(text, facts.done())], committees=("CB",))


# Topics and the first year they may appear in (the vocabulary follows the SEC's history).
SINCE: dict[TopicFn, int] = {
    incentive_milestones: 2018,
    smets1_live_service: 2018,
    smets1_migration: 2019,
    css_readiness: 2019,
    four_g_hubs: 2022,
    dbch_testing: 2018,
    tag_panel_paper: 2018,
    architecture_documents: 2018,
    spoti: 2017,
    aro_statistics: 2018,
    mhhs: 2022,
    operational_metrics: 2020,
    mod67_requirements: 2018,
    draft_proposals: 2019,
    modification_status_table: 2019,
    ssi_sprints: 2018,
    comms_hub_returns: 2017,
    cpa_certificates: 2019,
    recovery_key: 2023,
    irp_handover: 2017,
    sec_release_planning: 2018,
}


def in_era(fn: TopicFn, year: int) -> bool:
    return year >= SINCE.get(fn, 0)


OPSG_TOPICS: list[TopicFn] = [
    planned_maintenance,
    comms_hub_returns,
    incentive_milestones,
    smets1_live_service,
    performance_report,
    incident_management,
    ssi_sprints,
    operational_metrics,
    css_readiness,
    smets1_migration,
    four_g_hubs,
]
SSC_TOPICS: list[TopicFn] = [
    verification_assessments,
    cpa_certificates,
    section_g_changes,
    self_assessment_scf,
    director_letters,
    risk_assessment,
]
PMA_TOPICS: list[TopicFn] = [spoti, recovery_key, aro_statistics, smki_compliance]
TABASC_TOPICS: list[TopicFn] = [
    architecture_documents,
    design_notes,
    irp_handover,
    mod67_requirements,
    sec_release_planning,
    mhhs,
    duis_updates,
]
TAG_TOPICS: list[TopicFn] = [dbch_testing, tag_panel_paper, uit_environment]
CSC_TOPICS: list[TopicFn] = [
    draft_proposals,
    modification_decisions,
    modification_status_table,
    change_board_votes,
]
