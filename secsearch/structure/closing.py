"""The end of a paper: the signature block (author, team, date) and the attachments it lists.

`closing_matter` takes both off the body lines:

* The signature is the last date standing alone on its line (or ending a "Name, Team, date"
  line) in the lines before the attachments, with the name and team lines just above it; or,
  undated, a name line over a team line ("Rachel Dunmore" / "SECAS Team") ending those lines.
* The attachments are the items under a label ("Attachments:", "Appendices:") that stands alone
  on its line: bullets, or lines that each open with "Appendix A –", or lines at one indent. A
  list introduced so is the paper's end matter and leaves the body. A label that opens a line
  with its item ("Attachment: Appendix A – … (RED)"), or a numbered section titled
  "Attachments", lists attachments too, but stays body text: the paper chose to print it there.

Appendices included after the list stay in the body: they are sections.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..domain import ATTACHMENT_LABELS
from ..models import Attachment
from .body import BodyStats, is_bullet, without_bullet
from .classification import title_level
from .dates import first_date, only_date
from .frontmatter import NUMBERED_RE, author_name
from .margins import PageLine

_LABEL = "|".join(re.escape(label) for label in ATTACHMENT_LABELS)
# "Attachments:" alone, or "8. Attachments" (a numbered heading).
_LIST_LABEL_RE = re.compile(rf"^(?:\d{{1,2}}\.?\s+)?(?:{_LABEL})\s*:?$", re.I)
# "Attachment: Appendix A – Title (RED)": label and item on one line.
_INLINE_RE = re.compile(rf"^(?:{_LABEL})\s*:\s*(?P<item>\S.*)$", re.I)
# An item that names itself: "Appendix A – …", "Annex 2: …", "Attachment B – …".
_ITEM_RE = re.compile(r"^(?:appendix|annex|attachment|enclosure)\s+[A-Z0-9]{1,2}\b", re.I)
# "Daniel Okafor, SECAS, 7 May 2021": a signature on one line.
_ONE_LINE_SIGNATURE_RE = re.compile(r"^(?P<name>[^,]{3,60}),(?P<team>[^,]{2,60}),\s*(?P<date>.+)$")
# An undated signature: a person's name ("Rachel Dunmore", "Mary-Jane O'Neill") over a team
# ("SECAS Team", "DCC Change Team").
_NAME_RE = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
_TEAM_RE = re.compile(r"^(?:[A-Z][\w&'’-]*\s+){1,4}Team$")


@dataclass
class ClosingMatter:
    author: str | None = None
    team: str | None = None
    date: dt.date | None = None
    attachments: list[Attachment] = field(default_factory=list)


def closing_matter(lines: list[PageLine], stats: BodyStats) -> tuple[ClosingMatter, list[PageLine]]:
    """The signature block and attachments, and the body lines without the parts that leave it."""
    closing = ClosingMatter()
    drop: set[int] = set()
    start = _list_label_index(lines)
    if start is not None:
        items = _attachment_items(lines, start, stats)
        closing.attachments = [
            attachment(" ".join(lines[i].line.text for i in item)) for item in items
        ]
        if not NUMBERED_RE.match(lines[start].line.text.strip()):
            drop.update(range(start, max((i for item in items for i in item), default=start) + 1))
    for pl in lines:
        m = _INLINE_RE.match(" ".join(pl.line.text.split()))
        if m and _ITEM_RE.match(m.group("item")):
            closing.attachments.append(attachment(m.group("item")))
    before = start if start is not None else len(lines)
    drop.update(_signature(lines, before, closing))
    return closing, [pl for i, pl in enumerate(lines) if i not in drop]


def _signature(lines: list[PageLine], before: int, closing: ClosingMatter) -> list[int]:
    """Read the signature block into `closing`; the indices of its lines."""
    if before >= 2:
        name, team = (" ".join(lines[k].line.text.split()) for k in (before - 2, before - 1))
        same_page = lines[before - 2].page == lines[before - 1].page
        if same_page and _NAME_RE.match(name) and _TEAM_RE.match(team):
            closing.author, closing.team = name, team
            return [before - 2, before - 1]
    for i in range(before - 1, max(-1, before - 8), -1):
        text = " ".join(lines[i].line.text.split())
        date = only_date(text)
        if date is not None:
            closing.date = date
            names = [k for k in (i - 2, i - 1) if k >= 0 and _is_name_line(lines[k])]
            if len(names) == 2:
                closing.author, closing.team = (lines[k].line.text.strip() for k in names)
            elif names:
                closing.author = lines[names[0]].line.text.strip()
            return [*names, i]
        m = _ONE_LINE_SIGNATURE_RE.match(text)
        if m and only_date(m.group("date")) is not None:
            closing.date = first_date(m.group("date"))
            closing.author = author_name(m.group("name"))
            closing.team = m.group("team").strip()
            return [i]
    return []


def _is_name_line(pl: PageLine) -> bool:
    """A signature line: short and not a sentence."""
    text = pl.line.text.strip()
    return 0 < len(text) <= 80 and not text.endswith((".", ":", ";")) and not is_bullet(text)


def _list_label_index(lines: list[PageLine]) -> int | None:
    """Index of the last label line that introduces an attachments list."""
    for i in range(len(lines) - 1, -1, -1):
        if _LIST_LABEL_RE.match(" ".join(lines[i].line.text.split())):
            return i
    return None


def _attachment_items(lines: list[PageLine], start: int, stats: BodyStats) -> list[list[int]]:
    """Line indices of each item listed under the label at `start` (an item may wrap)."""
    items: list[list[int]] = []
    for i in range(start + 1, len(lines)):
        pl, prev = lines[i], lines[i - 1]
        text = " ".join(pl.line.text.split())
        opens = is_bullet(text) or _ITEM_RE.match(text) is not None
        close = (
            pl.page == prev.page
            and pl.line.top - prev.line.bottom <= stats.para_gap(pl.line.size) + stats.size
        )
        # The list may run over a page break; an appendix page starts with a heading instead.
        carried_over = pl.page == prev.page + 1 and is_bullet(text)
        if not (close or carried_over) or NUMBERED_RE.match(text):
            break
        if opens or not items:
            items.append([i])
        elif pl.line.x0 > lines[items[-1][0]].line.x0 + stats.size * 0.5:
            items[-1].append(i)  # a wrapped item continues at the text indent
        elif abs(pl.line.x0 - lines[items[-1][0]].line.x0) < 1.0:
            items.append([i])  # items without bullets, one per line at one indent
        else:
            break
    return items


def attachment(text: str) -> Attachment:
    """'• Appendix A – Title (RED)' → Attachment('Appendix A – Title', red)."""
    text = without_bullet(" ".join(text.split()))
    title, level = title_level(text)
    return Attachment(title=title, classification=level)
