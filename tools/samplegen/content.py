"""Vocabulary and entity conventions of the sample corpus (the tagger's ground truth).

Every mention below is marked in the templates (see `markup.py`) and recorded in the ground-truth
JSON as an `Entity` with character offsets in the passage text; entities of a passage are sorted
by (start, end, type, value). Headings, titles, the header block, footer, signature and
attachments list are metadata, not passages, and carry no entities.

MODIFICATION
    ``SECMP0067``, ``SECMP 0067``, ``MP067``, ``MP67``, ``DP067`` → ``MP067``: "MP" + number
    zero-padded to three digits + the alternative's letter (``MP122A``). Spellings follow the
    era: SECMP (four digits) up to 2019, MP from 2020, DP for Draft Proposals.
PAPER_REF
    ``SECP_66_1503_04``, ``OPSG_25_0903_02`` → value as written in upper case, ``meeting`` (int)
    and ``ddmm`` ("1503"). Only in body text ("Panel paper SECP_66_1503_04").
COMMITTEE
    Exactly the aliases of ``domain.COMMITTEES`` matched with ``domain.committees_named_in``'s case
    rules, value = the code: "Operations Group", "Ops Group", "OPSG" → OPSG; "the Panel" (span
    includes "the"/"The") and "SEC Panel" → Panel; "Security Sub-Committee", "SSC"; "SMKI PMA";
    "TABASC"; "TAG" (upper case only); "Change Sub-Committee", "CSC"; "Change Board";
    "SECCo Board"; "Technical Specification Issue Resolution Sub-Group", "TSIRS". "Panel" alone,
    "Sub-Committees" and "SECCo" alone are not mentions (the content avoids bare "SECCo").
ORG
    DCC, SECAS, Ofgem, BEIS, DECC, DESNZ, NCSC, "CSP North", "CSP Central", "CSP South"; the
    value is the text. "SEC" alone is never an entity. The department follows the era: DECC until
    June 2016, BEIS until January 2023, DESNZ after.
SEC_REF
    "Section G" → ``Section G``; clauses ``G2.44`` → ``G2.44``; ranges expand to each member over
    the same span: "Sections G3-G6" → G3, G4, G5, G6; "G3.17–G3.20" → G3.17, G3.18, G3.19, G3.20.
    SEC appendices are written "SEC Appendix AG" (span "Appendix AG", value ``Appendix AG``) or
    with a two-letter id; "Appendix A"/"Appendix B" with one letter are the paper's own appendices
    and are NOT entities. "Schedule 8" → ``Schedule 8``.
RELEASE
    "Release 2.0" → ``Release 2.0``; "R1.3" → ``Release 1.3``; "November 2019 SEC Release" →
    ``November 2019 SEC Release`` (no DATE inside it); "SMETS1 Services Release" → itself;
    "SEC v40.0" → ``SEC v40.0``; "SEC Version 5.14" → ``SEC v5.14``.
MILESTONE
    "Incentive Milestone 2A" or "Milestone 2A" → ``Incentive Milestone 2A``; "Milestones 2A and
    2B" / "Incentive Milestones 2A and 2B" → two entities over the same span (2A, 2B);
    "SMETS1 IOC"/"SMETS1 MOC"/"SMETS1 FOC" → themselves; "Live Service Criteria" → itself.
    The content avoids "go live", "exit criteria" and "completion" phrasings.
DATE
    value = ISO start date; ``date`` = {start, end, precision}. Spans cover the date expression
    including "mid-", "early", "late", "end of" but not prepositions ("on or before 15 March" →
    "15 March"). Shapes: "8 March 2019", "12th March 2019", "30/11/2018" → day; "15 March" (no
    year: the paper's year) → day; "February 2019" → month (1st to last day); "June/July" →
    month, June 1 to July 31 of the paper's year; "April – June 2019" → quarter (a calendar
    quarter written as a month range); "mid-2019" → approx, 1 May to 31 August; "early 2020" →
    approx, 1 January to 30 April; "late 2020" → approx, 1 September to 31 December; "end of
    October 2019" → approx, 20 to 31 October. Month names never appear otherwise (no "the April
    meeting") and bare years are never written.
ACRONYM
    An inline definition "Long Form (SHORT)": the entity spans SHORT only, value = SHORT, long =
    "Long Form" as written (e.g. "SMKI Portal via The Internet"). SHORT keeps any other entity it
    is ("Operations Group (OPSG)" → COMMITTEE "Operations Group", COMMITTEE "OPSG", ACRONYM
    "OPSG"). The paper's ``acronyms`` list has one entry per distinct (short, long), at the first
    defining passage. CPL is "Certified Products List" up to 2020 and "Central Products List"
    from 2021. Parenthesised capitals appear only in definitions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

MONTHS = list(calendar.month_name)[1:]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def date_markup(text: str, start: dt.date, end: dt.date, precision: str) -> str:
    """Markup for one DATE mention."""
    return f"[[DATE:{text}={_iso(start)}/{_iso(end)}/{precision}]]"


@dataclass
class Ctx:
    """What a template needs: the paper's date, a seeded random source and era-aware spellings."""

    rng: random.Random
    date: dt.date
    meeting_date: dt.date
    prefix: str
    index: int = 0

    @property
    def year(self) -> int:
        return self.date.year

    def pick(self, options: list[T] | tuple[T, ...]) -> T:
        return self.rng.choice(options)

    # ------------------------------------------------------------------ dates
    def day(self, d: dt.date, *, style: str = "long") -> str:
        """A day: "8 March 2019", "8th March 2019", "08/03/2019" or "8 March" (paper's year)."""
        if style == "ordinal":
            text = f"{_ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"
        elif style == "numeric":
            text = d.strftime("%d/%m/%Y")
        elif style == "short":
            if d.year != self.year:
                raise ValueError("a date without a year must fall in the paper's year")
            text = f"{d.day} {MONTHS[d.month - 1]}"
        else:
            text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return date_markup(text, d, d, "day")

    def month(self, year: int, month: int) -> str:
        return date_markup(
            f"{MONTHS[month - 1]} {year}", dt.date(year, month, 1), _month_end(year, month), "month"
        )

    def quarter(self, year: int, quarter: int) -> str:
        first = 3 * (quarter - 1) + 1
        text = f"{MONTHS[first - 1]} – {MONTHS[first + 1]} {year}"
        return date_markup(text, dt.date(year, first, 1), _month_end(year, first + 2), "quarter")

    def month_pair(self, month: int) -> str:
        """ "June/July" in the paper's year."""
        text = f"{MONTHS[month - 1]}/{MONTHS[month]}"
        return date_markup(
            text, dt.date(self.year, month, 1), _month_end(self.year, month + 1), "month"
        )

    def mid_year(self, year: int) -> str:
        return date_markup(f"mid-{year}", dt.date(year, 5, 1), dt.date(year, 8, 31), "approx")

    def early_year(self, year: int) -> str:
        return date_markup(f"early {year}", dt.date(year, 1, 1), dt.date(year, 4, 30), "approx")

    def late_year(self, year: int) -> str:
        return date_markup(f"late {year}", dt.date(year, 9, 1), dt.date(year, 12, 31), "approx")

    def end_of_month(self, year: int, month: int) -> str:
        return date_markup(
            f"end of {MONTHS[month - 1]} {year}",
            dt.date(year, month, 20),
            _month_end(year, month),
            "approx",
        )

    def days_before(self, low: int, high: int) -> dt.date:
        return self.date - dt.timedelta(days=self.rng.randint(low, high))

    def days_after(self, low: int, high: int) -> dt.date:
        return self.date + dt.timedelta(days=self.rng.randint(low, high))

    def next_month(self) -> tuple[int, int]:
        d = self.date.replace(day=28) + dt.timedelta(days=5)
        return d.year, d.month

    def day_no_year(self, d: dt.date) -> str:
        """ "15 March" when ``d`` is in the paper's year, else the long form."""
        return self.day(d, style="short" if d.year == self.year else "long")

    def day_soon(self, low: int, high: int) -> str:
        return self.day_no_year(self.days_after(low, high))

    def last_month(self) -> tuple[int, int]:
        first = self.date.replace(day=1) - dt.timedelta(days=1)
        return first.year, first.month

    def next_quarter(self) -> tuple[int, int]:
        q = (self.date.month - 1) // 3 + 2
        return (self.year, q) if q <= 4 else (self.year + 1, 1)

    def any_day(self) -> str:
        """A recent day in one of the long/ordinal/numeric styles."""
        d = self.days_before(3, 40)
        return self.day(d, style=self.pick(["long", "long", "ordinal", "numeric"]))

    # ------------------------------------------------------------------ era spellings
    def dept(self) -> str:
        if self.date < dt.date(2016, 7, 14):
            return "[[DECC]]"
        if self.date < dt.date(2023, 2, 7):
            return "[[BEIS]]"
        return "[[DESNZ]]"

    def mod(self, number: int, *, letter: str = "", draft: bool = False) -> str:
        """A modification id spelled as the paper's era would."""
        # Modification 67 cycles through its spellings by paper so every one of them is present.
        variant = (
            (self.index // 4 + self.index) % 2 if number == 67 else int(self.rng.random() < 0.25)
        )
        if draft:
            text = f"DP{number:03d}"
        elif self.year <= 2019 and number < 100:
            text = [f"SECMP{number:04d}", f"SECMP {number:04d}"][variant]
        else:
            text = [f"MP{number:03d}", f"MP{number}"][variant]
        return f"[[MODIFICATION:{text}{letter}]]"

    def mod_spelled(self, number: int, letter: str = "", *, draft: bool = False) -> str:
        """A modification id spelled as the era would, without drawing from the paper's random
        source (lifecycle sentences added later must not shift what the rest of a paper says)."""
        variant = (self.index + number) % 4 == 0
        if draft:
            text = f"DP{number:03d}"
        elif self.year <= 2019 and number < 100:
            text = f"SECMP {number:04d}" if variant else f"SECMP{number:04d}"
        else:
            text = f"MP{number}" if variant else f"MP{number:03d}"
        return f"[[MODIFICATION:{text}{letter}]]"

    def sec_release(self, year: int, month: int) -> str:
        label = f"{MONTHS[month - 1]} {year} SEC Release"
        return f"[[RELEASE:{label}]]"

    def sec_version(self) -> str:
        if self.year <= 2018:
            minor = 10 + (self.year - 2016) * 8 + self.date.month // 2
            return f"[[RELEASE:SEC Version 5.{minor}=SEC v5.{minor}]]"
        major = 30 + (self.year - 2019) * 4 + self.date.month // 4
        return f"[[RELEASE:SEC v{major}.0]]"

    def cpl_definition(self) -> str:
        long = "Certified Products List" if self.year <= 2020 else "Central Products List"
        return f"{long} ([[ACRONYM:CPL={long}]])"

    def paper_ref(self, *, prefix: str | None = None, number: int | None = None) -> str:
        from .plan import meeting_number  # local: plan imports this module

        p = prefix or self.prefix
        n = number if number is not None else self.rng.randint(2, 14)
        ref = f"{p}_{meeting_number(p, self.meeting_date)}_{self.meeting_date:%d%m}_{n:02d}"
        return f"[[PAPER_REF:{ref}]]"

    def define(self, long: str, short: str) -> str:
        """An inline definition "Long Form (SHORT)"; ``long`` may hold entity markup."""
        from .markup import parse_marked  # local: markup is tiny, content is imported first

        return f"{long} ([[ACRONYM:{short}={parse_marked(long).text}]])"

    def define_org(self, long: str, short: str) -> str:
        """ "Data Service Provider (DSP)": both forms are ORG mentions, SHORT an ACRONYM."""
        return f"[[ORG:{long}={short}]] ([[ORG:{short}={short};ACRONYM:{long}]])"

    def define_committee(self, long: str, short: str) -> str:
        """ "Security Sub-Committee (SSC)": both forms are COMMITTEE mentions, SHORT an ACRONYM."""
        return f"[[{long}]] ([[COMMITTEE:{short}={short};ACRONYM:{long}]])"
