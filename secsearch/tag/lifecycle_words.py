"""The words of the lifecycle rules: building blocks, guards and cues (data, like `patterns/`).

`lifecycle_rules.py` builds its rules from these pieces; `lifecycle_sentences.py` uses the guards
and cues to decide what a match means. Every expression runs over a sentence *template*, in which
the tagger's entities are tokens: ``⟨M0⟩`` a MODIFICATION (its quoted title taken out), ``⟨D1⟩`` a
DATE, ``⟨R2⟩`` a RELEASE, ``⟨S3⟩`` a SEC_REF; curly apostrophes are straight.
"""

from __future__ import annotations

import re

from ..models import EventKind, EventOutcome

# --------------------------------------------------------------------------- building blocks

MOD = r"⟨M\d+⟩"
DATE = r"⟨D\d+⟩"
REL = r"⟨R\d+⟩"
# A list of ids: "MP099, MP139, MP160 and MP165", "MP122 and MP122A", "MP122 and its alternative
# solution, MP122A".
JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:its\s+alternative(?:\s+solution)?\s*,?\s*)?|\s+or\s+)"
MODS = rf"{MOD}(?:{JOIN}{MOD})*"
# Words that stand for a modification named earlier (resolved by lifecycle.py): "it", "the
# modification", "both solutions" (an original and its alternative).
REF = (
    r"(?:it|them|both(?:\s+(?:solutions|modifications|proposals))?|the\s+(?:same\s+)?"
    r"(?:modification|proposal|Modification\s+Proposal)|this\s+(?:modification|proposal))"
)
# "its modification MP188", "the Fast-Track Modification MP221", "the alternative solution, MP122A".
NAMED = (
    r"(?:(?:the|its|their|a)\s+)?(?:[\w-]+\s+){0,2}?(?:modification|proposal|solution)s?\s*,?\s*"
)
OBJ = rf"(?:(?:{NAMED})?{MODS}|{REF})"
# Who decides. "The Authority" in SEC papers is Ofgem (the Gas and Electricity Markets Authority).
CHANGE_BOARD = r"(?:the\s+)?Change\s+Board(?:\s+members)?"
PANEL = r"(?:the\s+)?(?:SEC\s+)?Panel"
AUTHORITY = r"(?:the\s+)?(?:Authority|Ofgem|Gas\s+and\s+Electricity\s+Markets\s+Authority)"
# Each decision-maker and the kind of its decisions.
DECIDERS: tuple[tuple[str, EventKind], ...] = (
    (CHANGE_BOARD, "change_board"),
    (PANEL, "panel_decision"),
    (AUTHORITY, "authority_decision"),
)
# Words that may sit between a decision-maker and its verb ("the Panel has also approved").
ADVERBS = (
    r"(?:\s+(?:has|have|had|also|then|therefore|subsequently|formally|unanimously|now|already"
    r"|finally|later|duly|members))*"
)
PAST_PASSIVE = r"(?:was|were|has\s+been|have\s+been|had\s+been)"
DECIDED = r"(?:voted|agreed|decided|resolved|determined)"
# How a vote went, or when: "voted unanimously", "voted on 23 March 2022".
MANNER = (
    rf"(?:\s+(?:unanimously|by\s+(?:a\s+)?majority|on\s+{DATE}|in\s+{DATE}"
    rf"|at\s+its\s+\w+\s+meeting))*"
)
# An assessment's name: the DCC's Preliminary Assessment, or its (Full) Impact Assessment.
ASSESSMENT = r"(?:DCC(?:'s)?\s+)?(?P<detail>Preliminary|(?:Full\s+)?Impact)\s+Assessments?"
ASSESSMENT_VERBS = (
    r"(?:requested|received|returned|issued|completed|delivered|provided|published|commissioned"
    r"|submitted)"
)
CONSULTATION = (
    r"(?:(?:Refinement|Modification\s+Report|Modification|Report\s+Phase|Draft\s+Proposal"
    r"|Final\s+Modification\s+Report)\s+)?Consultation"
)
CONSULTATION_VERBS = (
    r"(?:issued|opened|closed|launched|published|ended|started|began|commenced|ran|went\s+out)"
)
REPORT = r"(?:(?:Draft|Final)\s+)?Modification\s+Report(?!\s+Consultation)"
REPORT_VERBS = (
    r"(?:presented|issued|approved|agreed|published|submitted|sent|circulated|tabled|finalised)"
)
REFINEMENT = r"(?:the\s+|a\s+)?(?:Refinement\s+(?:Process|Phase)|Working\s+Group)"

# Words before a match (in its own clause) that turn a past form into a plan, a condition or a
# request: "once the DCC has returned its Impact Assessment", "is ready to be converted",
# "would not object if MP122 were rejected".
MODAL_GUARD = re.compile(
    r"\b(?:will|would|shall|should|could|may|might|must|can|cannot|if|once|unless|whether"
    r"|expected|due\s+to|planned|scheduled|intends?|aims?|be|asked|invited|requested|awaiting"
    r"|pending|not|never|yet|hopes?|wants?)\b",
    re.I,
)
# Every rule needs one of these stems (its verb or noun): a sentence without any is skipped before
# the rules run, as most sentences of a paper are. Keep in step with `lifecycle_rules.RULES`
# (tests/test_lifecycle_rules.py checks every rule's examples pass through it).
TRIGGER_STEMS = re.compile(
    r"rais|submit|regist|conver|becam|becom|refin|working\s+group|assessment|consultation"
    r"|modification\s+report|approv|reject|defer|send|sent|return|withdr|implement|live|effect"
    r"|force|vot|recommend|determin|direct|decision|agree|decide|resolv|favour|against|progress"
    r"|enter|moved|began|start|\bran\b|went\s+out|deliver|deploy|releas|includ|contain",
    re.I,
)
# Words after a verb-less match ("First Working Group meeting to be held in September") that
# make it a plan.
FUTURE_AFTER = re.compile(
    r"\s*(?:\(|,)?\s*(?:to\s+be|is\s+to|are\s+to|will|would|planned|scheduled|expected|due"
    r"|proposed|provisionally|tbc|tbd|pending|awaited)\b",
    re.I,
)

# A date in the words after a match belongs to the event when a preposition of time (or nothing
# at all, in a note-style cell) leads to it: "on 3 May", "in April 2019", "of 17 July 2020",
# ", 26 May 2021", "(29/06/2023)", "ran from 1 to 22 March". "by", "before", "until" and "after"
# give a deadline or another moment ("by 30 April 2021", "installed before 2020").
DATE_CUE_BEFORE = re.compile(
    r"(?:^|\b(?:on|in|of|at|dated|during|from)|[,(])\s*(?:\bon\s+)?$", re.I
)
# The words after a match end at a clause that says something else: "…, as the legal text does
# not yet cover …", "…, because …", "…; it closes on 31 August".
CLAUSE_END = re.compile(
    r",\s+(?:as|because|since|so\s+that|which|while|whereas|although|though|asking|noting|but)\b"
    r"|\s+(?:so\s+that|until|pending|because|once|unless)\b|[;:]|\.\s",
    re.I,
)
# Clause boundaries inside a sentence, for finding the clause a match sits in.
CLAUSE_BOUNDARY = re.compile(r",\s+|;\s*|:\s+|\s+(?:and|but|while|whereas|although)\s+|\(", re.I)
# What may follow a decision's object. An id followed by a noun is that noun's modifier, not the
# object: "approved the MP071 Draft Modification Report", "approved the MP140 timetable".
FOLLOWS_OBJECT = re.compile(
    r"\s*(?:$|[.,;:)(]|⟨D\d+⟩|(?:on|in|at|under|by|with|as|and|or|subject|following|after|for|to"
    r"|from|because|since|without|via|when|which|but|so|unanimously|alongside|together|is|was"
    r"|were|be|should|would|until|pending|unless|if|once|rather|now|again|then|later|instead"
    r"|outright|too|also|only|while|whereas|where|who|that|in\s+full)\b)",
    re.I,
)
# What may follow a decision verb when its object is left unsaid ("The Change Board recommended
# approval on 24 July 2019"): the decision is about the modification in context.
IMPLICIT_OBJECT = re.compile(
    r"^\s*(?:$|[.,;:)(]|⟨D\d+⟩|(?:on|in|at|under|by|with|as|and|subject|following|after|for"
    r"|unanimously|via|without|when)\b|to\s+the\s+Authority\b)",
    re.I,
)
# SEC_REF entities in a sentence with one of these words are parts of the SEC the modification in
# the sentence changes: "MP162 changes Section H", "which amends Sections A, E and G", "amend
# Section H … including H3.10" (a Modification Report's solution), "would change … Schedule 8".
SEC_CHANGE_CUE = re.compile(
    r"\b(?:amend(?:s|ed|ing|ment|ments)?|chang(?:e|es|ed|ing)|modif(?:y|ies|ied|ying)"
    r"|insert(?:s|ed|ing)?|delet(?:e|es|ed|ing)|replac(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)"
    r"|add(?:s|ed|ing)?|remov(?:e|es|ed|ing)|redline|legal\s+text)\b",
    re.I,
)
# Table header cells: the column holding the title, and columns whose cells are a committee's
# decision ("Change Board recommendation", "Authority decision").
TITLE_HEADER = re.compile(r"^\s*(?:Modification\s+)?(?:Title|Name|Subject)\s*$", re.I)
DECISION_HEADERS: tuple[tuple[re.Pattern[str], EventKind], ...] = tuple(
    (
        re.compile(
            rf"^\s*{actor}(?:'s)?\s+(?:recommendation|decision|vote|determination|outcome)s?\s*$",
            re.I,
        ),
        kind,
    )
    for actor, kind in DECIDERS
)
# A header row: no ids or dates, and at least one cell that names a column.
HEADER_CELL = re.compile(
    r"^\s*(?:Modification|Mod|Ref|Reference|Title|Name|Subject|Date|Event|Milestone|Step|Update"
    r"|Progress|Decision|Status|Stage|Recommendation|Vote|Route|Path|Proposer|Owner|Action|Due"
    r"|Next\s+step|Outcome|Release)\b",
    re.I,
)
# A decision cell under such a header: "Approve (vote of 27 January 2021)", "Rejected".
DECISION_CELL = re.compile(
    r"\s*(?P<o>approve[sd]?|approval|reject(?:s|ed)?|rejection|defer(?:s|red)?|deferral"
    r"|sen[dt]\s+back)\b",
    re.I,
)
# A paragraph that introduces a table of plans ("The expected timetable is:", "The proposed
# timetable is as follows:"): its rows state no events.
PLAN_TABLE_LEAD = re.compile(
    r"\b(?:expected|proposed|planned|indicative|provisional|draft|revised|forward|next)\s+"
    r"(?:timetable|timeline|steps|plan|schedule|milestones)\b|\bwill\b.*:\s*$",
    re.I,
)
# A quoted title right after an id: MP071 ‘Second-Comer Charging’.
TITLE_AFTER_ID = re.compile(r"\s*[‘'“\"](?P<title>[^’'”\"\n]{2,200}?)[’'”\"]")

OUTCOME_WORDS: dict[str, EventOutcome] = {
    "approve": "approve",
    "approves": "approve",
    "approved": "approve",
    "approval": "approve",
    "reject": "reject",
    "rejects": "reject",
    "rejected": "reject",
    "rejection": "reject",
    "defer": "defer",
    "defers": "defer",
    "deferred": "defer",
    "deferral": "defer",
    "send back": "send_back",
    "sent back": "send_back",
    "send-back": "send_back",
    "in favour of": "approve",
    "against": "reject",
}
# The outcomes each decision-maker's decisions can have (the Authority does not defer; the Change
# Board does not send back).
OUTCOMES_OF: dict[EventKind, tuple[EventOutcome, ...]] = {
    "change_board": ("approve", "reject", "defer"),
    "panel_decision": ("approve", "reject", "defer", "send_back"),
    "authority_decision": ("approve", "reject", "send_back"),
}
DECISION_KINDS: frozenset[EventKind] = frozenset(OUTCOMES_OF)


# Who made a decision, for a coordinated verb with no earlier decision in its sentence.
ACTORS: tuple[tuple[re.Pattern[str], EventKind], ...] = (
    (re.compile(rf"\b{CHANGE_BOARD}\b", re.I), "change_board"),
    (re.compile(rf"\b{AUTHORITY}\b", re.I), "authority_decision"),
    (re.compile(rf"\b{PANEL}\b(?!\s+Information)", re.I), "panel_decision"),
)
