"""The paper's identity from its first and last lines: header block, title, signature, attachments.

`front_matter` takes the header block (Paper Reference, Action) and the title off page 1;
`closing_matter` takes the signature block (author, team, date) and the attachments list off the
end. Both return the body lines that are left.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..domain import ACTIONS, MONTH_NAMES, PAPER_REF_RE
from ..models import Attachment, Classification
from .body import BodyStats, is_bullet, without_bullet
from .headings import NUMBERED_RE
from .margins import PageLine

_REF_LINE_RE = re.compile(r"\breference\b", re.I)
_ACTION_RE = re.compile(r"^\s*action\s*:?\s*(?P<value>.*)$", re.I)
_DATE_RE = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})$"
)
_ATTACHMENTS_RE = re.compile(r"^(attachments?|appendices|enclosures?)\s*:?$", re.I)
_ATTACHMENT_CLASS_RE = re.compile(r"\s*\((?P<level>white|green|amber|red)\)\s*$", re.I)
_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}


@dataclass
class FrontMatter:
    ref: str | None = None
    action: str | None = None
    title: str = ""


@dataclass
class ClosingMatter:
    author: str | None = None
    team: str | None = None
    date: dt.date | None = None
    attachments: list[Attachment] = field(default_factory=list)


# --------------------------------------------------------------------------- front matter


def front_matter(lines: list[PageLine], stats: BodyStats) -> tuple[FrontMatter, list[PageLine]]:
    """The header block and title of page 1, and the lines after them."""
    front = FrontMatter()
    i = 0
    while i < len(lines) and lines[i].page == 1:
        text = lines[i].line.text.strip()
        if (
            (m := PAPER_REF_RE.search(text))
            and (front.ref is None)
            and (_REF_LINE_RE.search(text) or i < 3)
        ):
            front.ref = m.group(0)
        elif (m := _ACTION_RE.match(text)) and front.action is None:
            front.action = _canonical_action(m.group("value"))
        else:
            break
        i += 1
    title_lines = _title_lines(lines[i:], stats)
    front.title = " ".join(" ".join(pl.line.text.split()) for pl in title_lines)
    return front, lines[i + len(title_lines) :]


def _canonical_action(value: str) -> str | None:
    """'for decision' → 'For Decision'; other wording kept as printed."""
    value = " ".join(value.split())
    for action in ACTIONS:
        if value.lower() == action.lower():
            return action
    return value or None


def _title_lines(lines: list[PageLine], stats: BodyStats) -> list[PageLine]:
    """The title: the leading run of page-1 lines in the first line's (large or bold) font."""
    if not lines or lines[0].page != 1:
        return []
    first = lines[0].line
    if NUMBERED_RE.match(first.text) or not (first.bold or first.size > stats.size * 1.1):
        return []
    out = [lines[0]]
    for pl in lines[1:]:
        prev = out[-1].line
        same_font = abs(pl.line.size - first.size) < 0.5 and pl.line.bold == first.bold
        close = pl.line.top - prev.bottom <= stats.wrap_gap(first.size)
        if pl.page != 1 or not same_font or not close or NUMBERED_RE.match(pl.line.text):
            break
        out.append(pl)
    return out


# --------------------------------------------------------------------------- closing matter


def closing_matter(lines: list[PageLine], stats: BodyStats) -> tuple[ClosingMatter, list[PageLine]]:
    """The signature block and attachments list, and the body lines without them.

    Appendices included after the attachments list stay in the body: they are sections.
    """
    closing = ClosingMatter()
    drop: set[int] = set()
    start = _attachments_start(lines)
    if start is not None:
        items = _attachment_items(lines, start, stats)
        closing.attachments = [
            _attachment(" ".join(lines[i].line.text for i in item)) for item in items
        ]
        drop.update(range(start, max((i for item in items for i in item), default=start) + 1))
    date_at = _signature_date_index(lines, before=start if start is not None else len(lines))
    if date_at is not None:
        closing.date = _parsed_date(lines[date_at].line.text)
        names = [i for i in (date_at - 2, date_at - 1) if i >= 0 and _is_name_line(lines[i])]
        if len(names) == 2:
            closing.author, closing.team = (lines[i].line.text.strip() for i in names)
        elif names:
            closing.author = lines[names[0]].line.text.strip()
        drop.update([*names, date_at])
    return closing, [pl for i, pl in enumerate(lines) if i not in drop]


def _is_name_line(pl: PageLine) -> bool:
    """A signature line: short and not a sentence."""
    text = pl.line.text.strip()
    return 0 < len(text) <= 80 and not text.endswith((".", ":", ";")) and not is_bullet(text)


def _attachments_start(lines: list[PageLine]) -> int | None:
    """Index of the last 'Attachments:' line."""
    for i in range(len(lines) - 1, -1, -1):
        if _ATTACHMENTS_RE.match(lines[i].line.text.strip()):
            return i
    return None


def _attachment_items(lines: list[PageLine], start: int, stats: BodyStats) -> list[list[int]]:
    """Line indices of each item listed under 'Attachments:' (a bullet, maybe wrapped)."""
    items: list[list[int]] = []
    for i in range(start + 1, len(lines)):
        pl, prev = lines[i], lines[i - 1]
        close = (
            pl.page == prev.page
            and pl.line.top - prev.line.bottom <= stats.para_gap(pl.line.size) + stats.size
        )
        # The list may run over a page break; an appendix page starts with a heading instead.
        carried_over = pl.page == prev.page + 1 and is_bullet(pl.line.text)
        if not (close or carried_over):
            break
        if is_bullet(pl.line.text) or not items:
            items.append([i])
        elif pl.line.x0 > lines[items[-1][0]].line.x0 + stats.size:
            items[-1].append(i)  # a wrapped item continues at the text indent
        else:
            break
    return items


def _attachment(text: str) -> Attachment:
    """'• Appendix A – Title (RED)' → Attachment('Appendix A – Title', red)."""
    text = " ".join(text.split())
    text = without_bullet(text)
    m = _ATTACHMENT_CLASS_RE.search(text)
    level = Classification(m.group("level").lower()) if m else None
    return Attachment(title=text[: m.start()] if m else text, classification=level)


def _signature_date_index(lines: list[PageLine], *, before: int) -> int | None:
    """Index of the last line before `before` that is only a date (the signature's)."""
    for i in range(before - 1, max(-1, before - 8), -1):
        if _parsed_date(lines[i].line.text) is not None:
            return i
    return None


def _parsed_date(text: str) -> dt.date | None:
    """'8 March 2019' / '12th March 2019' → date; anything else → None."""
    m = _DATE_RE.match(" ".join(text.split()))
    if not m or m.group("month").lower() not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None
