"""Inline markup for sample content: entities and hyperlinks, stripped to plain text with spans.

Entities are written ``[[TYPE:text=value]]``; the value may be omitted when it can be derived
(``[[MODIFICATION:SECMP0067]]`` → ``MP067``), and a bare ``[[text]]`` is looked up in the
shorthand vocabulary (``[[DCC]]`` → ORG DCC, ``[[OPSG]]`` → COMMITTEE OPSG). Several values
separated by ``;`` give one entity per value over the same span (``Sections G3-G6``).
DATE values are ``start/end/precision``; ACRONYM values are the expansion.
Hyperlinks are written ``<<uri>>`` (the URI is the visible text) or ``<<uri|visible text>>``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import cast

from secsearch.domain import PAPER_REF_RE, committees_named_in
from secsearch.models import DateSpan, Entity, EntityType

ORGS: dict[str, str] = {
    "DCC": "DCC",
    "SECAS": "SECAS",
    "Ofgem": "Ofgem",
    "BEIS": "BEIS",
    "DECC": "DECC",
    "DESNZ": "DESNZ",
    "NCSC": "NCSC",
    "DSP": "DSP",
    "CSP North": "CSP North",
    "CSP Central": "CSP Central",
    "CSP South": "CSP South",
}

_TOKEN_RE = re.compile(r"\[\[(?P<entity>.+?)\]\]|<<(?P<link>.+?)>>")
_TYPED_RE = re.compile(
    r"^(?P<type>MODIFICATION|PAPER_REF|COMMITTEE|ORG|SEC_REF|RELEASE|MILESTONE|DATE|ACRONYM):"
    r"(?P<text>[^=]+?)(?:=(?P<value>.+))?$"
)
_MOD_RE = re.compile(r"^(?:SECMP|MP|DP)\s?0*(?P<number>\d+)(?P<letter>[A-Z]?)$")


@dataclass
class LinkSpan:
    uri: str
    start: int
    end: int


@dataclass
class MarkedText:
    """Plain text with the entity and link spans the markup described."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    links: list[LinkSpan] = field(default_factory=list)


def canonical_modification(text: str) -> str:
    """``SECMP 0067``/``MP67``/``DP067`` → ``MP067``; alternatives keep their letter."""
    m = _MOD_RE.match(text)
    if m is None:
        raise ValueError(f"not a modification id: {text!r}")
    return f"MP{int(m['number']):03d}{m['letter']}"


def _entities_for(kind: EntityType, text: str, value: str | None, start: int) -> list[Entity]:
    end = start + len(text)
    if kind == "MODIFICATION":
        return [
            Entity(type=kind, text=text, value=canonical_modification(text), start=start, end=end)
        ]
    if kind == "PAPER_REF":
        m = PAPER_REF_RE.fullmatch(text)
        if m is None:
            raise ValueError(f"not a paper reference: {text!r}")
        return [
            Entity(
                type=kind,
                text=text,
                value=text.upper(),
                start=start,
                end=end,
                meeting=int(m["meeting"]),
                ddmm=m["ddmm"],
            )
        ]
    if kind == "COMMITTEE":
        codes = value.split(";") if value else committees_named_in(text)
        if not codes:
            raise ValueError(f"names no committee: {text!r}")
        return [Entity(type=kind, text=text, value=c, start=start, end=end) for c in codes]
    if kind == "ORG":
        return [Entity(type=kind, text=text, value=value or ORGS[text], start=start, end=end)]
    if kind == "DATE":
        if value is None:
            raise ValueError(f"DATE needs start/end/precision: {text!r}")
        first, last, precision = value.split("/")
        span = DateSpan(
            start=dt.date.fromisoformat(first),
            end=dt.date.fromisoformat(last),
            precision=precision,  # type: ignore[arg-type]
        )
        return [Entity(type=kind, text=text, value=first, start=start, end=end, date=span)]
    if kind == "ACRONYM":
        if value is None:
            raise ValueError(f"ACRONYM needs its expansion: {text!r}")
        return [Entity(type=kind, text=text, value=text, start=start, end=end, long=value)]
    values = value.split(";") if value else [text]
    return [Entity(type=kind, text=text, value=v, start=start, end=end) for v in values]  # type: ignore[arg-type]


def _shorthand_entities(text: str, start: int) -> list[Entity]:
    if text in ORGS:
        return _entities_for("ORG", text, None, start)
    if committees_named_in(text):
        return _entities_for("COMMITTEE", text, None, start)
    raise ValueError(f"unknown shorthand entity: {text!r}")


def _parse_entity_token(token: str, start: int) -> tuple[str, list[Entity]]:
    """One ``[[...]]`` token; ``&&`` joins several typed specs over the same text."""
    texts: list[str] = []
    entities: list[Entity] = []
    for spec in token.split("&&"):
        typed = _TYPED_RE.match(spec)
        if typed:
            texts.append(typed["text"])
            kind = cast(EntityType, typed["type"])
            entities += _entities_for(kind, typed["text"], typed["value"], start)
        else:
            texts.append(spec)
            entities += _shorthand_entities(spec, start)
    if len(set(texts)) != 1:
        raise ValueError(f"specs over one span must share the text: {token!r}")
    return texts[0], entities


def _entity_sort_key(e: Entity) -> tuple[int, int, str, str]:
    return (e.start, e.end, e.type, e.value)


def parse_marked(marked: str) -> MarkedText:
    """Strip the markup from ``marked``, returning plain text with entity and link spans."""
    parts: list[str] = []
    out = MarkedText(text="")
    pos = 0
    length = 0
    for m in _TOKEN_RE.finditer(marked):
        literal = marked[pos : m.start()]
        parts.append(literal)
        length += len(literal)
        pos = m.end()
        if m["entity"] is not None:
            text, entities = _parse_entity_token(m["entity"], length)
            out.entities += entities
        else:
            uri, _, visible = m["link"].partition("|")
            text = visible or uri
            out.links.append(LinkSpan(uri=uri, start=length, end=length + len(text)))
        parts.append(text)
        length += len(text)
    parts.append(marked[pos:])
    out.text = "".join(parts)
    if "[[" in out.text or "]]" in out.text or "<<" in out.text:
        raise ValueError(f"unbalanced markup in {marked!r}")
    out.entities.sort(key=_entity_sort_key)
    return out


def join_cells(cells: list[MarkedText], separator: str = " | ") -> MarkedText:
    """One table row as a passage: cell texts joined, entity offsets shifted."""
    out = MarkedText(text="")
    for i, cell in enumerate(cells):
        if i:
            out.text += separator
        shift = len(out.text)
        out.entities += [
            e.model_copy(update={"start": e.start + shift, "end": e.end + shift})
            for e in cell.entities
        ]
        out.links += [LinkSpan(lk.uri, lk.start + shift, lk.end + shift) for lk in cell.links]
        out.text += cell.text
    out.entities.sort(key=_entity_sort_key)
    return out
