"""A Paper as a readable plain-text outline (for `secsearch extract --format text`)."""

from __future__ import annotations

import textwrap

from .models import Paper, Passage, Section

_KIND_MARK = {"paragraph": "", "list_item": "• ", "table_row": "| "}


def paper_outline(paper: Paper) -> str:
    """Metadata lines, then every section heading with its passages indented under it."""
    out = [_metadata(paper), ""]
    for _, section in paper.iter_sections():
        out.append(_heading(section))
        out.extend(_passage(p, indent="  " * section.level) for p in section.passages)
    return "\n".join(out) + "\n"


def _metadata(paper: Paper) -> str:
    meeting = paper.meeting
    fields = [
        ("Reference", paper.ref),
        ("Title", paper.title),
        ("Date", paper.date.isoformat() if paper.date else None),
        ("Action", paper.action),
        ("Classification", paper.classification.value if paper.classification else None),
        (
            "Meeting",
            f"{meeting.number}" + (f" on {meeting.date.isoformat()}" if meeting.date else "")
            if meeting
            else None,
        ),
        ("Paper number", str(paper.paper_number) if paper.paper_number is not None else None),
        ("Author", ", ".join(x for x in (paper.author, paper.team) if x) or None),
        ("Pages", str(paper.page_count)),
        ("Source", f"{paper.source.path} (sha256 {paper.source.sha256[:12]}…)"),
    ]
    lines = [f"{name}: {value}" for name, value in fields if value]
    for a in paper.attachments:
        level = f" [{a.classification.value}]" if a.classification else ""
        lines.append(f"Attachment: {a.title}{level}")
    return "\n".join(lines)


def _heading(section: Section) -> str:
    number = f"{section.number} " if section.number else ""
    first, last = section.pages
    pages = f"p.{first}" if first == last else f"pp.{first}-{last}"
    committees = ", ".join(section.committees)
    return f"{'  ' * (section.level - 1)}{number}{section.title}  [{committees}] {pages}"


def _passage(passage: Passage, indent: str) -> str:
    pages = ",".join(map(str, passage.pages))
    text = f"{_KIND_MARK[passage.kind]}{passage.text} (p.{pages})"
    wrapped = textwrap.fill(
        text,
        width=100,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )
    links = "".join(f"\n{indent}  -> {uri}" for uri in passage.links)
    return wrapped + links
