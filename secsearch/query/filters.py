"""Filters as users type them (years, months, dates, committee names) → `index.Filters`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from ..domain import COMMITTEE_BY_CODE, committees_named_in
from ..errors import QueryError
from ..index import Filters
from ..models import Classification
from ..policy import ceiling

DATE_HINT = "give a year (2019), a month (2019-03) or a date (2019-03-08)"
_WHEN_RE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?")


def parse_when(text: str, *, end: bool, option: str = "date") -> int:
    """A year, year-month or date (months and days with or without a leading zero) as a
    yyyymmdd day number, at the start or end of the span it names."""
    m = _WHEN_RE.fullmatch(text.strip())
    if m is None:
        raise QueryError(f"cannot read {option} {typed(text)!r}", hint=DATE_HINT)
    year, month, day = int(m["y"]), int(m["m"] or (12 if end else 1)), m["d"]
    try:
        last = calendar.monthrange(year, month)[1]
        when = dt.date(year, month, int(day) if day else (last if end else 1))
    except ValueError:
        raise QueryError(f"{option} {typed(text)!r} is not a date", hint=DATE_HINT) from None
    return when.year * 10000 + when.month * 100 + when.day


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
    option_names: tuple[str, str] = ("--from", "--to"),
) -> Filters:
    """Filters from options as typed; the classification ceiling comes from `policy.ceiling`
    (Green unless raised, and for output that leaves the tool only with `include_classified`).
    `option_names` are the names errors give the two dates (a web form's fields are not the
    CLI's options)."""
    top = ceiling(
        max_classification,
        include_classified=include_classified,
        leaves_the_tool=leaves_the_tool,
    )
    since, until = option_names
    day_from = parse_when(date_from, end=False, option=since) if date_from is not None else None
    day_to = parse_when(date_to, end=True, option=until) if date_to is not None else None
    if day_from is not None and day_to is not None and day_from > day_to:
        raise QueryError(
            f"{since} {date_from} is after {until} {date_to}", hint="swap them, or leave one out"
        )
    return Filters(
        day_from=day_from,
        day_to=day_to,
        committees=committee_codes(committees),
        max_rank=top.rank,
    )


def typed(text: str) -> str:
    """What a user typed, as text the index can look up and messages can print: a command-line
    argument's bytes that are not UTF-8 reach Python as lone surrogates, which are escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
