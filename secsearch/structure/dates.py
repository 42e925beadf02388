"""Dates as papers print them in their header blocks and signatures."""

from __future__ import annotations

import datetime as dt
import re

from ..domain import MONTH_NAMES

_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): i for name, i in list(_MONTHS.items())} | {"sept": 9}
# "8 March 2019", "12th March 2019", "8 Mar 2019", "Tuesday 8 March 2019"
_DAY_MONTH_YEAR_RE = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]{2,8})\.?,?\s+(?P<year>(?:19|20)\d\d)\b"
)
# "March 8, 2019"
_MONTH_DAY_YEAR_RE = re.compile(
    r"\b(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s+(?P<year>(?:19|20)\d\d)\b"
)
# "08/03/2019", "8.3.2019", "08-03-2019": day first, as British papers write it.
_NUMERIC_RE = re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>(?:19|20)\d\d)\b")
_ONLY_DATE_RE = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d\d$"
    r"|^\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d$"
)


def first_date(text: str) -> dt.date | None:
    """The first date written in the text, in any of the shapes above."""
    found: list[tuple[int, dt.date]] = []
    for pattern in (_DAY_MONTH_YEAR_RE, _MONTH_DAY_YEAR_RE, _NUMERIC_RE):
        for m in pattern.finditer(text):
            date = _date(m)
            if date is not None:
                found.append((m.start(), date))
                break
    return min(found)[1] if found else None


def only_date(text: str) -> dt.date | None:
    """The date, when the text is a date and nothing else (a signature's last line)."""
    text = " ".join(text.split())
    return first_date(text) if _ONLY_DATE_RE.match(text) else None


def _date(m: re.Match[str]) -> dt.date | None:
    month_text = m.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    try:
        return dt.date(int(m.group("year")), month, int(m.group("day")))
    except ValueError:
        return None
