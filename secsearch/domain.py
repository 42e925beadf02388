"""SEC knowledge as data: committees, organisations, paper-reference prefixes, identifier patterns.

Every other module takes domain facts from here; nothing else hard-codes a committee name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Committee:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    ref_prefixes: tuple[str, ...] = ()
    # Names a heading uses for the group that running text does not ("Panel determinations",
    # "SECCo budget"): in a sentence, bare "Panel" or "SECCo" (the company) is not the group.
    heading_names: tuple[str, ...] = ()


COMMITTEES: tuple[Committee, ...] = (
    Committee("Panel", "SEC Panel", ("SEC Panel", "the Panel"), ("SECP",), ("Panel",)),
    Committee("CB", "Change Board", ("Change Board",), ("CB",)),
    Committee("SSC", "Security Sub-Committee", ("Security Sub-Committee", "SSC"), ("SSC",)),
    Committee(
        "SMKI PMA",
        "SMKI Policy Management Authority",
        ("SMKI Policy Management Authority", "SMKI PMA"),
        ("SMKI_PMA", "PMA"),
    ),
    Committee(
        "TABASC",
        "Technical Architecture and Business Architecture Sub-Committee",
        ("Technical Architecture and Business Architecture Sub-Committee", "TABASC"),
        ("TABASC",),
    ),
    Committee("TAG", "Testing Advisory Group", ("Testing Advisory Group", "TAG"), ("TAG",)),
    Committee("OPSG", "Operations Group", ("Operations Group", "Ops Group", "OPSG"), ("OPSG",)),
    Committee("CSC", "Change Sub-Committee", ("Change Sub-Committee", "CSC"), ("CSC",)),
    Committee("SECCo", "SECCo Board", ("SECCo Board",), ("SECCO",), ("SECCo",)),
    Committee(
        "TSIRS",
        "Technical Specification Issue Resolution Sub-Group",
        (
            "Technical Specification Issue Resolution Sub-Group",
            "Technical Specification Issue Resolution Subgroup",
            "TSIRS",
        ),
        ("TSIRS",),
    ),
)

COMMITTEE_BY_CODE: dict[str, Committee] = {c.code: c for c in COMMITTEES}

# Upper-case aliases are acronyms: they match case-sensitively ("TAG" the group, not "tag").
_ALIAS_PATTERNS: list[tuple[re.Pattern[str], str]] = sorted(
    (
        (
            re.compile(
                r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])",
                0 if alias.isupper() or " " not in alias and alias[0].isupper() else re.I,
            ),
            c.code,
        )
        for c in COMMITTEES
        for alias in (*c.aliases, *c.heading_names)
    ),
    key=lambda pair: -len(pair[0].pattern),
)


def committees_named_in(text: str) -> list[str]:
    """Canonical codes of the committees a heading names, in order of first appearance (a
    heading's names include `Committee.heading_names`)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, code in _ALIAS_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), code))
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return ordered


# --------------------------------------------------------------------------- paper references

PAPER_REF_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {p for c in COMMITTEES for p in c.ref_prefixes} | {"SECCO", "SECAS"}, key=len, reverse=True
    )
)
# SECP_66_1503_19: prefix, meeting number, meeting DDMM, paper number (optionally with a letter).
PAPER_REF_RE = re.compile(
    r"\b(?P<prefix>[A-Z][A-Z0-9]{1,9}(?:_PMA)?)_(?P<meeting>\d{1,3})_(?P<ddmm>\d{4})"
    r"(?:_(?P<paper>\d{1,3}[A-Z]?))?\b"
)


def committee_for_ref_prefix(prefix: str) -> str | None:
    """The committee that issues papers with this reference prefix (SECP → Panel)."""
    for c in COMMITTEES:
        if prefix.upper() in (p.upper() for p in c.ref_prefixes):
            return c.code
    return None


# --------------------------------------------------------------------------- classification

CLASSIFICATION_WORDS: dict[str, str] = {
    "WHITE": "white",
    "GREEN": "green",
    "AMBER": "amber",
    "RED": "red",
}
# TLP 2.0 renamed WHITE to CLEAR; the Panel Information Policy's White is the same level.
_LEVEL_WORDS = r"WHITE|CLEAR|GREEN|AMBER|RED"
# How papers state their classification, each with the level as group `level`. Any of these on a
# page states the page's level; the project's footer sentence is the first.
CLASSIFICATION_STATEMENT_RE = re.compile(
    r"This document is classified as (?P<level>White|Green|Amber|Red)\b", re.I
)
CLASSIFICATION_MARKING_RES: tuple[re.Pattern[str], ...] = (
    CLASSIFICATION_STATEMENT_RE,
    # "Classification: GREEN", "Classification – Amber", "Security classification: RED"
    re.compile(rf"\bClassification\s*[:–—-]\s*(?P<level>{_LEVEL_WORDS})\b", re.I),
    # Traffic Light Protocol: "TLP:AMBER", "TLP: RED", "TLP:CLEAR", "TLP:AMBER+STRICT"
    re.compile(rf"\bTLP\s*:\s*(?P<level>{_LEVEL_WORDS})\b", re.I),
    # "Protective marking: RED"
    re.compile(rf"\bProtective\s+marking\s*[:–—-]\s*(?P<level>{_LEVEL_WORDS})\b", re.I),
    # A level in capitals opening a line, then a dash: "AMBER – for Panel members only".
    re.compile(rf"^\s*(?P<level>{_LEVEL_WORDS})\s*[–—-]\s+\S"),
)
# The level an attachment or appendix title ends with: "(RED)", "(TLP:RED, not included)".
TITLE_LEVEL_RE = re.compile(rf"\s*\((?:TLP\s*:\s*)?(?P<level>{_LEVEL_WORDS})\b[^()]*\)\s*$", re.I)


def classification_level(word: str) -> str:
    """'Amber' → 'amber'; TLP's 'CLEAR' is the policy's 'white'."""
    word = word.lower()
    return "white" if word == "clear" else word


# --------------------------------------------------------------------------- header block
#
# The labels of a paper's header block (a table or typed "Label: value" lines), by the field they
# give. Longer labels first, so "Meeting date" wins over "Meeting" and "Paper Reference" over
# "Reference".
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "ref": (
        "Paper Reference",
        "Paper Reference No",
        "Paper Reference Number",
        "Paper Ref",
        "Paper No",
        "Paper Number",
        "Reference",
        "Reference No",
        "Ref",
        "Paper",
    ),
    "meeting": ("Meeting date", "Date of meeting", "Meeting", "Panel meeting"),
    "date": ("Date of paper", "Paper date", "Date", "Issued", "Date issued"),
    "action": ("Action required", "Action"),
    "author": ("Author", "Authors", "Prepared by", "Contact", "Presented by"),
    "classification": ("Classification", "Protective marking"),
    "title": ("Title", "Paper title", "Subject"),
}
# Signature and list labels that introduce a paper's attachments.
ATTACHMENT_LABELS: tuple[str, ...] = (
    "Attachments",
    "Attachment",
    "Appendices",
    "Appendix",
    "Annexes",
    "Enclosures",
    "Enclosure",
)
# "SEC Panel meeting 88 – 15 January 2021", "Operations Group meeting 35 – 7 July 2020",
# "Highlights of Panel meeting 78, held on 13 March 2020": a meeting named with its number.
MEETING_LINE_RE = re.compile(r"\bmeeting\s+(?:no\.?\s*)?(?P<number>\d{1,3})\b", re.I)
# "published 20 March 2020", "issued on 3 May 2019": the paper's own date in a bulletin's line.
PUBLISHED_RE = re.compile(r"\b(?:published|issued)\s+(?:on\s+)?(?P<date>\d.*)$", re.I)

ACTIONS: tuple[str, ...] = ("For Decision", "For Discussion", "For Information")


# --------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


# The tagger's phrase patterns (secsearch/data/patterns/*.jsonl) must cover every name here;
# tests/test_tag.py checks that, so this table stays the one list of who is who.
ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("DCC", "Data Communications Company", ("Data Communications Company", "DCC")),
    Organisation(
        "SECAS",
        "Smart Energy Code Administrator and Secretariat",
        ("Smart Energy Code Administrator and Secretariat", "SECAS"),
    ),
    Organisation("SECCo", "Smart Energy Code Company", ("Smart Energy Code Company", "SECCo")),
    Organisation(
        "Ofgem",
        "Office of Gas and Electricity Markets",
        ("Ofgem", "OFGEM", "Gas and Electricity Markets Authority"),
    ),
    Organisation(
        "DECC",
        "Department of Energy and Climate Change",
        ("Department of Energy and Climate Change", "DECC"),
    ),
    Organisation(
        "BEIS",
        "Department for Business, Energy and Industrial Strategy",
        ("Department for Business, Energy and Industrial Strategy", "BEIS"),
    ),
    Organisation(
        "DESNZ",
        "Department for Energy Security and Net Zero",
        ("Department for Energy Security and Net Zero", "DESNZ"),
    ),
    Organisation(
        "NCSC", "National Cyber Security Centre", ("National Cyber Security Centre", "NCSC")
    ),
    Organisation("DSP", "Data Service Provider", ("Data Service Provider", "DSP")),
    Organisation(
        "CSP", "Communications Service Provider", ("Communications Service Provider", "CSP")
    ),
    Organisation("CSP North", "Communications Service Provider North", ("CSP North",)),
    Organisation("CSP Central", "Communications Service Provider Central", ("CSP Central",)),
    Organisation("CSP South", "Communications Service Provider South", ("CSP South",)),
)

# Well-known SEC acronyms, for display and as a fallback glossary. The tagger emits ACRONYM
# entities only where a paper defines one inline; expansions can change over the years (CPL).
KNOWN_ACRONYMS: dict[str, str] = {
    "ARO": "Authorised Responsible Officer",
    "BEIS": "Department for Business, Energy and Industrial Strategy",
    "CB": "Change Board",
    "CH": "Communications Hub",
    "CPA": "Commercial Product Assurance",
    "CPL": "Central Products List",
    "CSC": "Change Sub-Committee",
    "CSP": "Communications Service Provider",
    "CSS": "Centralised Switching Service",
    "DBCH": "Dual Band Communications Hub",
    "DCC": "Data Communications Company",
    "DECC": "Department of Energy and Climate Change",
    "DESNZ": "Department for Energy Security and Net Zero",
    "DIT": "Device Integration Testing",
    "DSP": "Data Service Provider",
    "FOC": "Final Operating Capability",
    "IOC": "Initial Operating Capability",
    "IRP": "Issue Resolution Proposal",
    "MOC": "Middle Operating Capability",
    "NCSC": "National Cyber Security Centre",
    "OPSG": "Operations Group",
    "SCF": "Security Controls Framework",
    "SEC": "Smart Energy Code",
    "SECAS": "Smart Energy Code Administrator and Secretariat",
    "SIT": "Systems Integration Testing",
    "SMETS": "Smart Metering Equipment Technical Specifications",
    "SMKI": "Smart Metering Key Infrastructure",
    "SPOTI": "SMKI Portal via The Internet",
    "SSC": "Security Sub-Committee",
    "TABASC": "Technical Architecture and Business Architecture Sub-Committee",
    "TAG": "Testing Advisory Group",
    "TSIRS": "Technical Specification Issue Resolution Sub-Group",
    "UIT": "User Integration Testing",
    "VUSA": "Verification User Security Assessment",
}

# Parenthesised words that look like acronyms but are not defined by the words before them.
NOT_ACRONYMS: frozenset[str] = frozenset(
    {"RED", "AMBER", "GREEN", "WHITE", "TBC", "TBD", "NB", "PDF", "URL", "AM", "PM"}
)


# --------------------------------------------------------------------------- identifier patterns
#
# Regex sources the tagger compiles; kept here so the shapes of SEC identifiers live in one place.

# SECMP0067, SECMP 0030, MP071, MP67, DP147, MP122A: one number sequence across eras and stages.
# In running text at least two digits are required, so "MP3" (the audio format) is not one.
MODIFICATION_PATTERN = (
    r"(?<![\w/.-])(?:SECMP|MP|DP)\s?(?=\d{2})0*(?P<number>[1-9]\d{0,3})(?P<alt>[A-Z])?"
    r"(?![\w-]|\.\d|/\d)"
)
# A typed id: any case, and a hyphen or space after the prefix ("mp067", "MP-067", "SECMP 0067").
MODIFICATION_ID_PATTERN = r"(?:SECMP|MP|DP)[\s-]?0*(?P<number>[1-9]\d{0,3})(?P<alt>[A-Za-z])?"
_MODIFICATION_ID_RE = re.compile(MODIFICATION_ID_PATTERN, re.I)


def modification_id(number: str | int, alternative: str | None = None) -> str:
    """The canonical id: `MP`, the number padded to three digits, the alternative's letter."""
    return f"MP{int(number):03d}{(alternative or '').upper()}"


def canonical_modification_id(text: str) -> str | None:
    """MP067 for any spelling of modification 67 (SECMP0067, SECMP 0067, MP67, mp067, DP067,
    MP-067); MP122A for the alternative MP122A; None when the text is not a modification id.

    The one canonicaliser of modification ids: tagging, queries and the sample generator's ground
    truth all use it.
    """
    m = _MODIFICATION_ID_RE.fullmatch(text.strip())
    return modification_id(m["number"], m["alt"]) if m else None


# Sub-Committee papers use their own prefix; any upper-case prefix of that shape is a reference.
PAPER_REF_TEXT_PATTERN = (
    r"(?<![\w/])(?P<prefix>[A-Za-z][A-Za-z0-9]{1,9}(?:_PMA)?)_(?P<meeting>\d{1,3})_(?P<ddmm>\d{4})"
    r"(?:_(?P<paper>\d{1,3}[A-Za-z]?))?(?![\w])"
)

# SEC Sections are lettered A–X; parts and clauses add numbers (G3, G2.44). R-numbers with a dot
# are DCC releases (R1.3), so bare clauses exclude R.
SEC_SECTION_LETTERS = "A-X"
_SEC_PART = r"[A-X](?:\d{1,2}(?:\.\d{1,3})*)?"
_RANGE_DASH = r"\s*(?:-|–|—|to)\s*"
_LIST_JOIN = r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)"
SEC_SECTIONS_PATTERN = (
    rf"\b[Ss]ections?\s+(?P<ids>{_SEC_PART}(?:{_RANGE_DASH}{_SEC_PART})?"
    rf"(?:{_LIST_JOIN}{_SEC_PART}(?:{_RANGE_DASH}{_SEC_PART})?)*)(?!\w|\.\d)"
)
SEC_CLAUSE_PATTERN = (
    r"(?<![\w./-])(?P<first>[A-QS-X]\d{1,2}\.\d{1,3})"
    r"(?:\s*(?:-|–|—|to)\s*(?P<last>[A-QS-X]\d{1,2}\.\d{1,3}))?(?![\w]|\.\d)"
)
SEC_APPENDIX_PATTERN = (
    r"(?P<sec>\bSEC\s+)?\bAppendix\s+(?P<id>[A-Z]{1,2})\b(?![\w-])"
    r"(?P<of>\s+(?:of|to)\s+the\s+SEC\b)?"
)
SEC_SCHEDULE_PATTERN = r"\bSchedule\s+(?P<id>\d{1,2})\b(?!\w|\.\d)"

# DCC and SEC releases; the month names match dates.py's.
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
RELEASE_PATTERNS: dict[str, str] = {
    "dcc": r"\bRelease\s+(?P<version>\d{1,2}(?:\.\d{1,2})*)(?!\w|\.\d)",
    "dcc_short": r"(?<![\w./-])R(?P<version>\d{1,2}\.\d{1,2})(?!\w|\.\d)",
    "sec": rf"\b(?P<month>{MONTH_PATTERN})\.?\s+(?P<year>(?:19|20)\d\d)\s+(?:SEC\s+)?Release\b",
    "sec_version": r"\bSEC\s+(?:[vV]\s?|[Vv]ersion\s+)(?P<version>\d{1,3}\.\d{1,3})(?![\w]|\.\d)",
}

# "Incentive Milestone 2A", "Milestones 2A and 2B": ids are a number with an optional letter.
MILESTONE_LIST_PATTERN = (
    r"\b(?:Incentive\s+)?[Mm]ilestones?\s+(?P<ids>\d{1,2}[A-Z]?(?:"
    + _LIST_JOIN
    + r"\d{1,2}[A-Z]?)*)(?!\w|\.\d)"
)
MILESTONE_ID_PATTERN = r"\d{1,2}[A-Z]?"

# "CSP North", "CSP Central/South", "CSPs North and Central".
CSP_REGION_PATTERN = (
    r"\bCSPs?\s+(?P<ids>(?:North|Central|South)(?:\s*(?:/|,|and|&)\s*(?:North|Central|South))*)\b"
)
CSP_REGION_ID_PATTERN = r"North|Central|South"

# "the Authority" is Ofgem (the Gas and Electricity Markets Authority) in SEC usage.
AUTHORITY_PATTERN = r"(?<=\bthe )Authority\b(?!\s+(?:Certificate|Policy))"

# An inline acronym definition's short form: at least two capitals, optionally a plural "s".
# A short form may be two such words, as committees name themselves: "(SMKI PMA)".
ACRONYM_DEFINITION_PATTERN = (
    r"\((?P<short>[A-Z][A-Za-z0-9&]*?[A-Z0-9&][A-Za-z0-9&]*?(?: [A-Z][A-Z0-9&]+)?)"
    r"(?P<plural>s)?\)"
)
