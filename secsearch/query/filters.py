"""Filters as users type them (years, months, dates, committee names) → `index.Filters`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from ..domain import COMMITTEE_BY_CODE, committees_named_in
from ..errors import QueryError
from ..index import Filters
from ..models import Classification
from ..policy import ceiling


def parse_when(text: str, *, end: bool) -> int:
    """A year, year-month or date as a yyyymmdd day number, at the start or end of the span."""
    t = text.strip()
    try:
        if re.fullmatch(r"\d{4}", t):
            return int(t) * 10000 + (1231 if end else 101)
        if re.fullmatch(r"\d{4}-\d{1,2}", t):
            y, m = map(int, t.split("-"))
            dt.date(y, m, 1)
            return y * 10000 + m * 100 + (31 if end else 1)
        d = dt.date.fromisoformat(t)
    except ValueError:
        raise QueryError(
            f"cannot read date {text!r}", hint="give a year (2019), a month (2019-03) or a date"
        ) from None
    return d.year * 10000 + d.month * 100 + d.day


def committee_codes(names: Iterable[str]) -> tuple[str, ...]:
    """Canonical committee codes for codes or names typed by a user, case-insensitively."""
    by_lower = {c.lower(): c for c in COMMITTEE_BY_CODE}
    codes: list[str] = []
    for name in names:
        code = by_lower.get(name.strip().lower())
        found = [code] if code else committees_named_in(name)
        if not found:
            raise QueryError(
                f"unknown committee {name!r}", hint="one of: " + ", ".join(COMMITTEE_BY_CODE)
            )
        codes += found
    return tuple(dict.fromkeys(codes))


def make_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    committees: Iterable[str] = (),
    max_classification: str | Classification | None = None,
    include_classified: bool = False,
    leaves_the_tool: bool = False,
) -> Filters:
    """Filters from options as typed; the classification ceiling comes from `policy.ceiling`
    (Green unless raised, and for output that leaves the tool only with `include_classified`)."""
    top = ceiling(
        max_classification,
        include_classified=include_classified,
        leaves_the_tool=leaves_the_tool,
    )
    return Filters(
        day_from=parse_when(date_from, end=False) if date_from else None,
        day_to=parse_when(date_to, end=True) if date_to else None,
        committees=committee_codes(committees),
        max_rank=top.rank,
    )


def typed(text: str) -> str:
    """What a user typed, as text the index can look up and messages can print: a command-line
    argument's bytes that are not UTF-8 reach Python as lone surrogates, which are escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
