"""Date expressions in Panel-paper English → `DateSpan` (start, end, precision).

Pure regex, no spaCy: the tagger (tag.py) and query code both use it. A phrase without a year
("on or before 15 March", "the April OPSG meeting", "June/July") takes the paper's year, passed in
as `default_year`; with no default it yields nothing rather than guessing.

Shapes and what they mean (span = the characters tagged):

| written | start – end | precision |
|---|---|---|
| 8 March 2019, 12th March 2019, March 8, 2019, 30/11/2018, 2019-03-08 | that day | day |
| 8-12 March 2019, 28 February – 3 March 2019 | first – last day | day |
| February 2019 | 1 – 28 Feb | month |
| June/July, May to June 2019, March 2019 – May 2020 | 1 Jun – 31 Jul | month |
| Q2 2019, second quarter of 2019, April – June 2019 (*) | 1 Apr – 30 Jun | quarter |
| in 2019 (span "2019"), Regulatory Years 2021-2024 | 1 Jan – 31 Dec | year |
| early/mid/late 2019; start/end of 2019 | Jan–Apr / May–Aug / Sep–Dec; Jan–Mar / Oct–Dec | approx |
| early/mid/late March; start/end of October 2019 | 1–10 / 11–19 / 20–end | approx |
| 15 March, the April OPSG meeting (span "April") | paper's year | day / month |

(*) a month range that is exactly a calendar quarter, as Quarterly Work Packages are written.

Qualifiers that do not change the date ("on or before", "by 5pm on", "w/c") stay outside the
span; "end of", "mid-", "early" are inside because they change it. A bare month name needs a
preceding cue word ("in", "by", "the", "during", ...) and a bare year needs one ("in 2019"), so
"May" the verb and numbers like "2019 Devices" are not dates. Digits inside identifiers
(SECP_66_1503_19, G2.44, version 1.2) never match: every pattern is bounded by non-word,
non-underscore characters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..domain import MONTH_NAMES
from ..models import DatePrecision, DateSpan

# (year or None, month, day or None): a None day means the first (start) or last (end) day.
DateSpec = tuple[int | None, int, int | None]

_MONTH_FULL = "|".join(MONTH_NAMES)
# Abbreviations are accepted only next to a day or year ("8 Mar 2019"), where they are unambiguous.
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
_L = r"(?<![\w/.])"  # left boundary: not inside a word, a number, a path or an identifier
_R = r"(?![\w/]|\.\d|-\d)"  # right boundary
_CUE_WORDS = (
    "in",
    "by",
    "from",
    "until",
    "since",
    "during",
    "of",
    "the",
    "before",
    "after",
    "for",
    "on",
    "this",
    "next",
    "last",
    "throughout",
    "early",
    "late",
    "mid",
)
# A cue word before a bare month or year ("the April OPSG meeting", "in 2019"), case-insensitive
# in its first letter only.
_CUE = r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _CUE_WORDS) + r")(?:\s+|-)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_APPROX_YEAR = {
    "early": ((1, 1), (4, 30)),
    "start": ((1, 1), (3, 31)),
    "beginning": ((1, 1), (3, 31)),
    "mid": ((5, 1), (8, 31)),
    "middle": ((5, 1), (8, 31)),
    "late": ((9, 1), (12, 31)),
    "end": ((10, 1), (12, 31)),
}
_APPROX_MONTH_DAYS = {
    "early": (1, 10),
    "start": (1, 10),
    "beginning": (1, 10),
    "mid": (11, 19),
    "middle": (11, 19),
    "late": (20, None),
    "end": (20, None),
}
_APPROX_WORD = (
    r"(?P<q>[Ee]arly|[Mm]id|[Ll]ate|(?:the\s+)?(?:[Ss]tart|[Bb]eginning|[Mm]iddle|[Ee]nd)\s+of)"
)


@dataclass(frozen=True)
class DatePhrase:
    """A date expression found in text, not yet tied to a year."""

    start: int
    end: int
    first: DateSpec
    last: DateSpec
    precision: DatePrecision

    @property
    def needs_year(self) -> bool:
        return self.first[0] is None and self.last[0] is None

    def resolve(self, default_year: int | None) -> DateSpan | None:
        """The concrete span, taking a missing year from `default_year`; None if impossible."""
        y1, m1, d1 = self.first
        y2, m2, d2 = self.last
        inferred_first = y1 is None
        y1 = y1 if y1 is not None else (y2 if y2 is not None else default_year)
        y2 = y2 if y2 is not None else y1
        if y1 is None or y2 is None:
            return None
        try:
            start = dt.date(y1, m1, d1 or 1)
            end = dt.date(y2, m2, d2 or calendar.monthrange(y2, m2)[1])
            # "December – January 2020": the unwritten first year is the one before.
            if end < start and inferred_first:
                start = start.replace(year=y1 - 1)
        except ValueError:
            return None
        if end < start:
            return None
        return DateSpan(start=start, end=end, precision=self.precision)


def month_number(word: str) -> int:
    """1–12 for a month name or abbreviation ("Sept." → 9)."""
    return [m[:3] for m in MONTH_NAMES].index(word.strip(".")[:3].capitalize()) + 1


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _year(text: str | None) -> int | None:
    return int(text) if text else None


Handler = Callable[[re.Match[str]], tuple[DateSpec, DateSpec, DatePrecision] | None]


def _day_month_year(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    spec = (_year(m["y"]), month_number(m["m"]), _day(m["d"]))
    return spec, spec, "day"


def _day_range(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    y, mo2 = _year(m["y"]), month_number(m["m"])
    mo1 = month_number(m["m1"]) if m["m1"] else mo2
    return (
        (y if m["m1"] is None or mo1 <= mo2 else None, mo1, _day(m["d1"])),
        (y, mo2, _day(m["d"])),
        "day",
    )


def _numeric(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    year = int(m["y"])
    year = year + 2000 if year < 100 else year
    spec = (year, int(m["mo"]), int(m["d"]))
    return spec, spec, "day"


def _iso(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    spec = (int(m["y"]), int(m["mo"]), int(m["d"]))
    return spec, spec, "day"


def _month_range(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    m1, m2 = month_number(m["m1"]), month_number(m["m"])
    y1, y2 = _year(m["y1"]), _year(m["y"])
    # "April – June 2019" is how papers write a calendar quarter (Quarterly Work Packages).
    is_quarter = m1 % 3 == 1 and m2 == m1 + 2 and (y1 is None or y1 == y2)
    return (y1, m1, None), (y2, m2, None), "quarter" if is_quarter else "month"


def _month_year(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    spec = (_year(m["y"]), month_number(m["m"]), None)
    return spec, spec, "month"


def _quarter(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    q = int(m["q"]) if m["q"].isdigit() else _ORDINALS[m["q"].lower()]
    y = int(m["y"])
    return (y, 3 * q - 2, None), (y, 3 * q, None), "quarter"


def _year_range(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if m["y2"] else y1
    return (y1, 1, 1), (y2, 12, 31), "year"


def _approx_key(q: str) -> str:
    return q.lower().replace("the", "").replace("of", "").strip()


def _approx_year(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    (m1, d1), (m2, d2) = _APPROX_YEAR[_approx_key(m["q"])]
    y = int(m["y"])
    return (y, m1, d1), (y, m2, d2), "approx"


def _approx_month(m: re.Match[str]) -> tuple[DateSpec, DateSpec, DatePrecision]:
    d1, d2 = _APPROX_MONTH_DAYS[_approx_key(m["q"])]
    mo, y = month_number(m["m"]), _year(m["y"])
    return (y, mo, d1), (y, mo, d2), "approx"


# The only shapes that need no digit ("June/July", "the April meeting", "early March"); each
# needs a month name or abbreviation instead. `find_date_phrases` relies on this.
_MONTH_RANGE = (
    rf"{_L}(?P<m1>{_MONTH_ANY})(?:\s+(?P<y1>{_YEAR}))?(?:{_DASH}|/)(?P<m>{_MONTH_ANY})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?{_R}"
)
_CUED_MONTH = rf"(?:{_CUE})(?P<span>(?P<m>{_MONTH_FULL})(?P<y>))\b(?!\s+\d)"
_APPROX_MONTH = rf"\b{_APPROX_WORD}[-\s](?P<m>{_MONTH_FULL})(?:,?\s+(?P<y>{_YEAR}))?{_R}"

# Order does not matter: the longest match wins where patterns overlap. The span of a match is
# its "span" group when present (a cue word before a bare month stays outside), else the whole.
_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(source), handler)
    for source, handler in (
        (rf"{_L}(?P<d>{_DAY})\s+(?P<m>{_MONTH_ANY}),?\s+(?P<y>{_YEAR}){_R}", _day_month_year),
        (rf"{_L}(?P<m>{_MONTH_ANY})\s+(?P<d>{_DAY}),\s+(?P<y>{_YEAR}){_R}", _day_month_year),
        (rf"{_L}(?P<d>{_DAY})\s+(?P<m>{_MONTH_ANY})(?P<y>)(?!\s*,?\s*\d)\b", _day_month_year),
        (
            rf"{_L}(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH_ANY}))?{_DASH}(?P<d>{_DAY})\s+"
            rf"(?P<m>{_MONTH_ANY})(?:,?\s+(?P<y>{_YEAR}))?{_R}",
            _day_range,
        ),
        (rf"{_L}(?P<d>[0-3]?\d)/(?P<mo>[01]?\d)/(?P<y>{_YEAR}|\d\d){_R}", _numeric),
        (rf"{_L}(?P<y>{_YEAR})-(?P<mo>[01]\d)-(?P<d>[0-3]\d){_R}", _iso),
        (_MONTH_RANGE, _month_range),
        (rf"{_L}(?P<m>{_MONTH_ANY}),?\s+(?P<y>{_YEAR}){_R}", _month_year),
        (_CUED_MONTH, _month_year),
        (rf"{_L}Q(?P<q>[1-4])\s*(?P<y>{_YEAR}){_R}", _quarter),
        (
            rf"\b(?P<q>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]inal|[Ll]ast)\s+quarter\s+of\s+"
            rf"(?P<y>{_YEAR}){_R}",
            _quarter,
        ),
        (rf"(?:{_CUE})(?P<span>(?P<y1>{_YEAR})(?P<y2>)){_R}(?!\s*[-–/])", _year_range),
        (
            rf"\bRegulatory\s+Years?\s+(?P<y1>{_YEAR})(?:/\d\d)?(?:{_DASH}(?P<y2>{_YEAR})(?:/\d\d)?)?{_R}",
            _year_range,
        ),
        (rf"\b{_APPROX_WORD}[-\s](?P<y>{_YEAR}){_R}", _approx_year),
        (_APPROX_MONTH, _approx_month),
    )
)


def _span_of(m: re.Match[str]) -> tuple[int, int]:
    if "span" in m.re.groupindex:
        return m.span("span")
    start, end = m.span()
    # "the end of October": the article is not part of the date.
    if m.group().lower().startswith("the "):
        start += 4
    return start, end


# Which patterns can match a text, judged from two cheap scans rather than fifteen: every pattern
# needs a digit except the three above, which need a month name or abbreviation; each of those
# starts with one of these (case-sensitive, as in the patterns). Half the passages of a paper hold
# no digit, and most of those no month. Kept in table order, as the patterns' matches are.
_DIGIT_RE = re.compile(r"\d")
_MONTH_START_RE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_NO_DIGIT_PATTERNS = tuple(
    (pattern, handler)
    for pattern, handler in _PATTERNS
    if pattern.pattern in (_MONTH_RANGE, _CUED_MONTH, _APPROX_MONTH)
)


def find_date_phrases(text: str) -> list[DatePhrase]:
    """Every candidate date expression in `text`, overlapping ones included."""
    if _DIGIT_RE.search(text):
        patterns = _PATTERNS
    elif _MONTH_START_RE.search(text):
        patterns = _NO_DIGIT_PATTERNS
    else:
        return []
    found: list[DatePhrase] = []
    for pattern, handler in patterns:
        for m in pattern.finditer(text):
            parsed = handler(m)
            if parsed is None:
                continue
            first, last, precision = parsed
            start, end = _span_of(m)
            found.append(DatePhrase(start, end, first, last, precision))
    return found


def longest_date_phrases(text: str, default_year: int | None) -> list[tuple[DatePhrase, DateSpan]]:
    """Non-overlapping date expressions that resolve, longest first where they compete."""
    chosen: list[tuple[DatePhrase, DateSpan]] = []
    taken: list[tuple[int, int]] = []
    for phrase in sorted(find_date_phrases(text), key=lambda p: (p.start - p.end, p.start)):
        if any(phrase.start < e and s < phrase.end for s, e in taken):
            continue
        span = phrase.resolve(default_year)
        if span is None:
            continue
        taken.append((phrase.start, phrase.end))
        chosen.append((phrase, span))
    return sorted(chosen, key=lambda pair: pair[0].start)


def normalise_date(text: str, default_year: int | None) -> DateSpan | None:
    """The span of the longest date expression in `text`, or None when it holds none."""
    phrases = longest_date_phrases(text, default_year)
    if not phrases:
        return None
    return max(phrases, key=lambda pair: pair[0].end - pair[0].start)[1]
