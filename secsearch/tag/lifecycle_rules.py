"""The lifecycle rules as data: how Panel papers word each step of a modification's life.

`lifecycle.py` runs them over a *template* of each sentence (or table cell), in which the tagger's
entities are replaced by tokens, so a rule says "an id, then 'was withdrawn'" rather than spelling
ids and dates out: ``⟨M0⟩`` a MODIFICATION (its quoted title, if any, removed), ``⟨D0⟩`` a DATE,
``⟨R0⟩`` a RELEASE, ``⟨S0⟩`` a SEC_REF. Rules are matched case-insensitively.

Each `Rule` names the event kind, a regular expression for the words that state it, and how to
find the rest of the event around the match (see `Rule`). The expressions are written for the
verb forms that report a step as *done*: past tense, perfect, or a past participle heading a
table cell ("Withdrawn by the Proposer on …"). A plan ("will be presented", "is due to vote"), a
request ("the Panel is asked to approve") or a condition ("If the Authority approves …") uses other
forms and so matches nothing; the few past forms that can still follow a modal ("once the DCC has
returned …", "ready to be converted") are caught by `MODAL_GUARD` in the words before the match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..models import EventKind, EventOutcome
from .lifecycle_words import (
    ADVERBS,
    ASSESSMENT,
    ASSESSMENT_VERBS,
    CONSULTATION,
    CONSULTATION_VERBS,
    DATE,
    DECIDED,
    DECIDERS,
    MANNER,
    MOD,
    MODS,
    OBJ,
    PAST_PASSIVE,
    REF,
    REFINEMENT,
    REL,
    REPORT,
    REPORT_VERBS,
)

# --------------------------------------------------------------------------- the rules

# Where the modification of a match is, when the match itself names none:
# - "object": in the words right after it ("approved MP071", "withdrew it"); when something else
#   stands there ("approved the revised budget") there is no event;
# - "subject": the nearest id (or "it") before it in its clause ("MP071 was raised", "before it
#   was withdrawn"), or a list after a colon ("were implemented …: MP099, MP139 and MP160");
# - "any": the object, else the subject, else the nearest id in the sentence.
Side = Literal["object", "subject", "any"]


@dataclass(frozen=True)
class Rule:
    """One way papers state one kind of event.

    `context`: when neither the match nor its clause names the modification, the event belongs
    to the one the table row, the section heading or the paper is about ("The Modification Report
    Consultation closed on 3 February 2020" in MP086's Final Modification Report). Rules whose
    verb needs an explicit subject ("was raised") leave it False, except that a match opening a
    clause or cell ("Withdrawn by the Proposer on …") always takes the context.
    `needs_date`: a verb-less phrase ("First Working Group meeting") states an event only with a
    date of its own (in the phrase or the row's date cell), never the paper's.
    `state`: a present state ("is now in the Refinement Process", "This paper presents the Final
    Modification Report"): dated by the words after it or by the paper, never by a date before it.
    `outcome`: fixed outcome, else read from the match's `o` group.
    `kind` "decision": a coordinated verb ("… and approved it on …") whose decision-maker is
    the previous decision's in the same sentence.
    """

    kind: EventKind | Literal["decision"]
    pattern: str
    side: Side = "any"
    context: bool = False
    needs_date: bool = False
    state: bool = False
    outcome: EventOutcome | None = None


def _decision_rules(actor: str, kind: EventKind) -> list[Rule]:
    """The ways a decision-maker's decision on a modification is reported."""
    return [
        # "The Authority approved MP212", "The Panel deferred its determination on MP084",
        # "The Change Board deferred its vote on MP092".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+(?P<o>approved|rejected|deferred)"
            rf"(?:\s+(?:its|a|the|their)\s+(?:vote|decision|determination|consideration)"
            rf"\s+(?:on|of|for))?",
            side="object",
        ),
        # "The Change Board voted unanimously to recommend that the Authority approve MP086",
        # "agreed by majority to recommend approval of MP67", "voted to reject MP072".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+{DECIDED}{MANNER}\s+to\s+(?:recommend\s+(?:to\s+the\s+"
            rf"Authority\s+)?(?:that\s+(?:the\s+Authority|Ofgem)\s+)?)?"
            rf"(?P<o>approval|rejection|deferral|approve|reject|defer)\b(?:\s+of)?",
            side="object",
            context=True,
        ),
        # "The Change Board recommended approval on 24 July 2019", "recommended that the
        # Authority approve SECMP0049", "therefore recommends that MP122A is approved".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+(?:recommended|recommends)\s+(?:that\s+(?:the\s+Authority"
            rf"|Ofgem)\s+)?(?P<o>approval|rejection|approve|reject)(?:\s+of)?",
            side="object",
            context=True,
        ),
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+(?:recommended|recommends)\s+that\s+{OBJ}\s+(?:is|be|are"
            rf"|should\s+be)\s+(?P<o>approved|rejected)",
        ),
        # "Change Board members voted unanimously in favour of MP160", "voted against MP155".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+voted{MANNER}\s+(?P<o>in\s+favour\s+of|against)",
            side="object",
        ),
        # "The Panel determined that MP104 should be approved", "agreed that … be rejected".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+{DECIDED}\s+that\s+{OBJ}\s+(?:should|would|must|is\s+to)?"
            rf"\s*(?:be\s+)?(?P<o>approved|rejected|deferred)",
        ),
        # "The Panel agreed to send SECMP0067 back to the Working Group", "the Authority sent
        # MP094 back to the Panel", "directed that MP209 be sent back".
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+(?:sent|returned|(?:{DECIDED})\s+to\s+(?:send|return))"
            rf"\s+{OBJ}\s+(?:back\b|to\s+the\s+Working\s+Group)",
            outcome="send_back",
        ),
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+{DECIDED}\s+that\s+{OBJ}\s+(?:should|would|must)\s+"
            rf"(?:return|go\s+back|be\s+(?:sent|returned)\s+back)\s+to\b",
            outcome="send_back",
        ),
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+directed\s+that\s+{OBJ}\s+(?:should\s+)?(?:be|is)\s+"
            rf"(?:sent|returned|remitted)\s+back\b",
            outcome="send_back",
        ),
        # "Approved by the Change Board under Self-Governance on 28 August 2019", "MP071 was
        # rejected by the Authority".
        Rule(
            kind,
            rf"\b(?P<o>approved|rejected|deferred|sent\s+back)\s+(?:\w+\s+){{0,3}}?by\s+{actor}\b",
            side="subject",
        ),
        # Note-style cells and dated references: "Change Board approval, 26 May 2021", "the
        # Authority's send-back decision of 17 July 2020", "Authority approval (9 June 2022)".
        Rule(
            kind,
            rf"\b{actor}(?:'s)?\s+(?P<o>approval|rejection|deferral|send-back)(?:\s+decision)?"
            rf"(?:\s+(?:of|for)\s+{OBJ})?(?=\s*(?:,|\(|\bon\b|\bof\b|\bdated\b|(?:was|were)\s+"
            rf"(?:received|given|issued|granted|published)\s+on\b)?\s*(?:on\s+)?{DATE})",
            context=True,
            needs_date=True,
        ),
        Rule(
            kind,
            rf"\b{actor}(?:'s)?\s+decision\s+(?:to|that\s+it\s+would)\s+(?P<o>approve|reject)",
            side="object",
        ),
        # "Ofgem directed that MP094 be implemented": the Authority's approval.
        Rule(
            kind,
            rf"\b{actor}{ADVERBS}\s+directed\s+(?:that\s+)?(?:the\s+implementation\s+of\s+)?"
            rf"{OBJ}\s*(?:(?:should\s+)?be\s+(?:implemented|made))?",
            outcome="approve",
        ),
    ]


RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- raised
    # "MP071 was raised by the DCC on 10 January 2019", "SECMP0067 (paper SECP_69_1406_08), which
    # was raised by …", "MP086 ‘…’ was raised as DP086". "Concerns were raised" names no id.
    Rule(
        "raised",
        rf"{MOD}(?:\s*\([^)]{{0,60}}\))?\s*,?\s+(?:which\s+|that\s+)?{PAST_PASSIVE}\s+"
        r"(?:originally\s+|first\s+|initially\s+|formally\s+)?(?:raised|submitted|proposed|registered)\b",
    ),
    # "DP094 ‘…’, raised by an Electricity Network Party on …", "Draft Proposal DP122 raised".
    Rule(
        "raised",
        rf"{MOD}\s*(?:,|\()?\s*(?:raised|submitted)(?=\s+(?:by|on|in)\b|\s*$|\s*[.;()]|\s+{DATE})",
    ),
    # "The issue was first raised as Draft Proposal DP067", "SECAS registered it as MP122A".
    Rule(
        "raised",
        r"\b(?:raised|submitted|registered)\s+(?:it\s+|this\s+)?as\s+(?:an?\s+)?(?:new\s+)?"
        rf"(?:Draft\s+Proposal\s+|Modification\s+Proposal\s+|alternative(?:\s+solution)?\s+)?{MOD}",
    ),
    # "The DCC raised SECMP0062 in October 2017", "SECMP 0030, which the DCC raised on …".
    Rule("raised", rf"\b(?:raised|submitted)\s+{MOD}"),
    Rule("raised", rf"{MOD}\s*,?\s+which\s+(?:the\s+)?[\w\s]{{1,40}}?\s+(?:raised|submitted)\b"),
    Rule(
        "raised",
        rf"\b{REF}\s+{PAST_PASSIVE}\s+(?:originally\s+|first\s+)?(?:raised|submitted)\b",
        side="subject",
    ),
    # A cell "Raised by the DCC on 2 April 2024" in a row about one modification.
    Rule("raised", r"^\s*(?:Raised|Submitted)\s+(?:by|on|in)\b", context=True),
    # ---------------------------------------------------------------- converted
    # "The Panel converted DP086 into MP086", "DP083 … was converted into a Modification
    # Proposal, MP083", "converted to MP243", "DP092 was converted to a Modification Proposal".
    Rule(
        "converted",
        rf"\bconverted\s+(?:{MOD}\s+)?(?:in)?to\s+(?:(?:an?\s+|the\s+)?(?:full\s+)?"
        rf"Modification\s+Proposal(?:\s*\(MP\))?(?:\s*,?\s*(?:as\s+)?{MOD})?|{MOD})",
        side="subject",
    ),
    # "The CSC agreed to convert DP230 into a Modification Proposal".
    Rule(
        "converted",
        rf"\b{DECIDED}\s+to\s+convert\s+{OBJ}\s+(?:in)?to\s+(?:an?\s+)?(?:Modification\s+Proposal"
        rf"|{MOD})",
    ),
    # "DP086 became MP086".
    Rule("converted", rf"{MOD}\s+(?:became|has\s+become|had\s+become)\s+{MOD}"),
    # "DP243 was converted on 19 April 2024".
    Rule(
        "converted",
        rf"\b{PAST_PASSIVE}\s+(?:formally\s+)?converted\b(?!\s+(?:in)?to\b)",
        side="subject",
    ),
    # A cell "Converted 24/09/2019", "Converted to MP122; …".
    Rule("converted", rf"^\s*Converted(?=\s+(?:on\s+)?{DATE}|\s+(?:in)?to\b)", context=True),
    # ---------------------------------------------------------------- refinement
    # "sent it to the Refinement Process", "agreed to send MP187 to the Refinement Process"
    # (sending *back* to the Working Group is a decision, below).
    Rule(
        "refinement",
        rf"\b(?:sent|referred|passed|(?:{DECIDED})\s+to\s+(?:send|refer))\s+(?:{OBJ}\s+)?"
        rf"(?:in)?to\s+{REFINEMENT}",
        context=True,
    ),
    # "The Panel agreed that MP199 should progress to the Refinement Process".
    Rule(
        "refinement",
        rf"\b{DECIDED}\s+that\s+{OBJ}\s+(?:should|would|will)\s+(?:be\s+)?(?:progress(?:ed)?"
        rf"|proceed|go|sent|move|enter)\s+(?:in)?to\s+{REFINEMENT}",
    ),
    Rule(
        "refinement",
        r"\b(?:entered|moved\s+(?:in)?to|progressed\s+(?:in)?to|began|started)\s+(?:the\s+)?"
        r"Refinement\s+(?:Process|Phase)",
        context=True,
    ),
    Rule(
        "refinement",
        r"\b(?:progressed|refined)\s+(?:through|in|by)\s+(?:the\s+)?(?:Refinement\s+"
        r"(?:Process|Phase)|Working\s+Group)",
        context=True,
    ),
    # "is now in the Refinement Process": where it stands on the paper's date.
    Rule(
        "refinement",
        r"\b(?:is|are|remains?)\s+(?:now\s+|currently\s+|still\s+)?(?:in|progressing\s+through"
        r"|going\s+through|undergoing)\s+(?:the\s+)?Refinement\s+(?:Process|Phase)",
        context=True,
        state=True,
    ),
    # "The MP072 Working Group met on 29 May 2019", "First Working Group meeting held on …".
    Rule(
        "refinement",
        rf"(?:{MOD}\s+)?Working\s+Group\s+(?:has\s+|had\s+|last\s+|first\s+)?(?:met|convened)\b",
        context=True,
    ),
    Rule(
        "refinement",
        rf"(?:{MOD}\s+)?Working\s+Group\s+meetings?\s+(?:was\s+|were\s+)?held\b",
        context=True,
    ),
    # A history-table cell "First Working Group meeting", dated by its row.
    Rule(
        "refinement",
        rf"(?:(?:first|second|third|final|last|\d+(?:st|nd|rd|th))\s+)?(?:{MOD}\s+)?"
        r"Working\s+Group\s+meetings?\b",
        context=True,
        needs_date=True,
    ),
    # ---------------------------------------------------------------- assessment
    # "DCC Preliminary Assessment requested", "the Impact Assessment it returned on …", "The
    # DCC's Preliminary Assessment, returned in April 2019, …", "Impact Assessment for MP212 was
    # requested on 3 May".
    Rule(
        "assessment",
        rf"{ASSESSMENT}(?:\s+(?:for|on)\s+{OBJ})?\s*,?\s+(?:(?:it|that|which)\s+(?:the\s+DCC\s+)?"
        rf"|which\s+the\s+DCC\s+)?(?:{PAST_PASSIVE}\s+)?{ASSESSMENT_VERBS}\b",
        context=True,
    ),
    # "the DCC returned a revised Impact Assessment for MP094", "SECAS requested a Preliminary
    # Assessment".
    Rule(
        "assessment",
        rf"\b{ASSESSMENT_VERBS}\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:revised\s+|updated\s+"
        rf"|new\s+|further\s+)?{ASSESSMENT}",
        context=True,
    ),
    # ---------------------------------------------------------------- consultation
    # "The Modification Report Consultation closed on 3 February 2020", "Refinement Consultation
    # on MP160 closed on …", "Modification Report Consultation on both solutions closed".
    Rule(
        "consultation",
        rf"(?:{MOD}(?:'s)?\s+)?{CONSULTATION}(?:\s+(?:on|for)\s+{OBJ})?\s+(?:{PAST_PASSIVE}\s+)?"
        rf"{CONSULTATION_VERBS}\b",
        context=True,
    ),
    # "SECAS issued the Refinement Consultation for MP139 on 10 August 2021".
    Rule(
        "consultation",
        rf"\b(?:issued|opened|launched|published|closed|ran)\s+(?:the\s+|a\s+|its\s+)?"
        rf"(?:{MOD}(?:'s)?\s+)?{CONSULTATION}(?:\s+(?:on|for)\s+{OBJ})?",
        context=True,
    ),
    # ---------------------------------------------------------------- modification report
    # "SECAS presented the Final Modification Report for MP086", "The Panel approved the MP071
    # Draft Modification Report", "presented the updated Final Modification Report for MP139".
    Rule(
        "modification_report",
        rf"\b{REPORT_VERBS}\s+(?:the\s+|a\s+|its\s+)?(?:updated\s+|revised\s+|amended\s+)?"
        rf"(?:{MOD}(?:'s)?\s+)?{REPORT}(?:\s+(?:for|on)\s+{OBJ})?",
        context=True,
    ),
    # "Draft Modification Report approved by the Panel on 12 April 2024".
    Rule(
        "modification_report",
        rf"(?:{MOD}(?:'s)?\s+)?{REPORT}(?:\s+(?:for|on)\s+{OBJ})?\s+(?:{PAST_PASSIVE}\s+)?{REPORT_VERBS}\b",
        context=True,
    ),
    # "This paper presents the Final Modification Report for SECMP0007": the paper is the report.
    Rule(
        "modification_report",
        rf"\bThis\s+(?:paper|report|document)\s+(?:presents|is|contains|provides)\s+(?:the\s+)?"
        rf"(?:{MOD}(?:'s)?\s+)?{REPORT}(?:\s+(?:for|on)\s+{OBJ})?",
        context=True,
        state=True,
    ),
    # ---------------------------------------------------------------- decisions
    *(rule for actor, kind in DECIDERS for rule in _decision_rules(actor, kind)),
    # "… deferred its vote on MP147 on 22 September 2021 and approved it on 27 October 2021",
    # "the Authority approved MP122A and rejected MP122": the previous decision's maker.
    Rule(
        "decision",
        r"\band\s+(?:then\s+|later\s+|subsequently\s+)?(?P<o>approved|rejected|deferred)\b",
        side="object",
    ),
    Rule("decision", rf"\band\s+{OBJ}\s+(?:is|was|be|should\s+be)\s+(?P<o>approved|rejected)\b"),
    # ---------------------------------------------------------------- withdrawn
    # "The Proposer withdrew SECMP0062", "before it was withdrawn on 19 December 2017",
    # "DP168 … was withdrawn by its Proposer", "Withdrawn by the Proposer on 19/09/2019".
    Rule("withdrawn", rf"\b(?:withdrew|(?:has|have|had)\s+withdrawn)\s+{OBJ}"),
    Rule(
        "withdrawn",
        rf"\b{PAST_PASSIVE}\s+(?:formally\s+|subsequently\s+)?withdrawn\b",
        side="subject",
    ),
    Rule("withdrawn", r"\bclosed\s+as\s+withdrawn\b", side="subject"),
    Rule(
        "withdrawn",
        rf"^\s*Withdrawn(?=\s+(?:by|on|in|at|following|after)\b|\s*\(|\s+{DATE})",
        context=True,
    ),
    # ---------------------------------------------------------------- implemented
    # "MP094 was implemented in the June 2021 SEC Release on 24 June 2021", "the following
    # modifications were implemented in …: MP099, MP139, MP160 and MP165", "MP122A went live on
    # 25 February 2021", "it came into effect in SEC v40.0", "SEC v62.0 came into effect on 18
    # July 2022 to implement MP200". A bare status word ("Implemented") is not an event.
    Rule(
        "implemented",
        rf"\b{PAST_PASSIVE}\s+(?:successfully\s+|fully\s+)?implemented\b",
        side="subject",
    ),
    Rule(
        "implemented",
        r"\b(?:went|has\s+gone|had\s+gone|have\s+gone)\s+live\b|\b(?:came|has\s+come|had\s+come)"
        r"\s+into\s+(?:effect|force)\b|\btook\s+effect\b",
        side="subject",
    ),
    Rule(
        "implemented",
        rf"{REL}\s*,?\s+(?:which\s+)?(?:came\s+into\s+(?:effect|force)|took\s+effect|went\s+live"
        rf"|was\s+implemented)(?:\s+on\s+{DATE})?\s*,?\s+(?:to\s+implement|implementing|delivering"
        rf"|including)\s+{MODS}",
    ),
    # "The November 2020 SEC Release, which included MP067 and MP086, went live on 5 November".
    Rule(
        "implemented",
        rf"{REL}\s*,\s+which\s+(?:included|contained|delivered|implemented)\s+{MODS}\s*,\s+"
        r"(?:went\s+live|was\s+implemented|was\s+deployed|took\s+effect|came\s+into\s+(?:effect|force))",
    ),
    # "… was approved by the Change Board on 27 May 2020 and implemented in the November 2020 SEC
    # Release": a participle sharing the previous verb's subject.
    Rule(
        "implemented",
        r"\band\s+(?:subsequently\s+|then\s+|later\s+)?implemented\s+(?=in|on|as)\b",
        side="subject",
    ),
    # "MP200 was delivered in the November 2022 SEC Release".
    Rule(
        "implemented",
        rf"\b{PAST_PASSIVE}\s+(?:delivered|deployed|released|included)\s+(?:in|as\s+part\s+of"
        rf"|through|via|with)\s+(?:the\s+)?{REL}",
        side="subject",
    ),
    Rule(
        "implemented",
        r"^\s*(?:Implemented|Went\s+live|Came\s+into\s+(?:effect|force)|Took\s+effect)"
        r"(?=\s+(?:in|on|as|with|via|through|from)\b|\s*\()",
        context=True,
    ),
)

# Rules are matched case-insensitively; "the Panel" at a sentence start is "The Panel".
COMPILED: tuple[tuple[Rule, re.Pattern[str]], ...] = tuple(
    (rule, re.compile(rule.pattern, re.I)) for rule in RULES
)
