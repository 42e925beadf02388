"""Entity markup: text with its entities written inline, for labelled sets and generated truth.

One dialect, read by the tagger's evaluation (`evaluate.py`) and by the sample generator
(`tools/samplegen`), so hand labels and generated ground truth mean the same thing:

- `[[TYPE:text=value]]`: an entity of TYPE over `text`. Several values over one span are
  separated by `;`, each optionally with its own type: `[[COMMITTEE:OPSG=OPSG;ACRONYM:OPSG]]`.
- The value may be left out where the text gives it: MODIFICATION → the canonical id
  (`[[MODIFICATION:SECMP0067]]` is MP067), PAPER_REF → the reference in capitals (with its meeting
  number and DDMM), anything else → the text itself.
- DATE values are `start/end/precision` (`2019-04-01/2019-04-30/month`); ACRONYM values are
  `SHORT|long form`, or just the long form when the text is the short form.
- `[[text]]` with no type is looked up in a caller's shorthand vocabulary (text → (type, value)).
- `<<uri>>` or `<<uri|visible text>>` is a hyperlink.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from ..domain import PAPER_REF_RE, canonical_modification_id
from ..models import ENTITY_TYPES, DateSpan, Entity, EntityType

_TOKEN_RE = re.compile(r"\[\[(?P<entity>.+?)\]\]|<<(?P<link>.+?)>>")
_TYPED_RE = re.compile(r"^(?P<type>[A-Z_]+):(?P<text>[^=]+?)(?:=(?P<values>.+))?$")
_VALUE_TYPE_RE = re.compile(r"^(?P<type>[A-Z_]+):(?P<value>.*)$")

Shorthand = Mapping[str, tuple[EntityType, str]]


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


def entity_sort_key(e: Entity) -> tuple[int, int, str, str]:
    return (e.start, e.end, e.type, e.value)


def _entity(kind: EntityType, text: str, value: str | None, start: int) -> Entity:
    """One entity of `kind` over `text` at `start`, its value given or derived from the text."""
    end = start + len(text)
    if kind == "MODIFICATION":
        canonical = canonical_modification_id(value or text)
        if canonical is None:
            raise ValueError(f"not a modification id: {text!r}")
        return Entity(type=kind, text=text, value=canonical, start=start, end=end)
    if kind == "PAPER_REF":
        m = PAPER_REF_RE.fullmatch(text.upper())
        if m is None:
            raise ValueError(f"not a paper reference: {text!r}")
        return Entity(
            type=kind,
            text=text,
            value=value or text.upper(),
            start=start,
            end=end,
            meeting=int(m["meeting"]),
            ddmm=m["ddmm"],
        )
    if kind == "DATE":
        if value is None:
            raise ValueError(f"DATE needs start/end/precision: {text!r}")
        first, last, precision = value.split("/")
        span = DateSpan(
            start=dt.date.fromisoformat(first),
            end=dt.date.fromisoformat(last),
            precision=precision,  # type: ignore[arg-type]
        )
        return Entity(type=kind, text=text, value=first, start=start, end=end, date=span)
    if kind == "ACRONYM":
        if value is None:
            raise ValueError(f"ACRONYM needs its long form: {text!r}")
        short, _, long = value.rpartition("|")
        return Entity(type=kind, text=text, value=short or text, start=start, end=end, long=long)
    return Entity(type=kind, text=text, value=value or text, start=start, end=end)


def _token_entities(token: str, start: int, shorthand: Shorthand) -> tuple[str, list[Entity]]:
    """The text and entities of one `[[...]]` token."""
    typed = _TYPED_RE.match(token)
    if typed is None:
        if token not in shorthand:
            raise ValueError(f"unknown shorthand entity: {token!r}")
        kind, value = shorthand[token]
        return token, [_entity(kind, token, value, start)]
    text, default = typed["text"], cast(EntityType, typed["type"])
    values: list[tuple[EntityType, str | None]] = []
    for raw in (typed["values"] or "").split(";") if typed["values"] else [None]:
        own = _VALUE_TYPE_RE.match(raw) if raw is not None else None
        if own and own["type"] in ENTITY_TYPES:
            values.append((cast(EntityType, own["type"]), own["value"] or None))
        else:
            values.append((default, raw))
    for kind, _ in values:
        if kind not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {kind!r} in {token!r}")
    return text, [_entity(kind, text, value, start) for kind, value in values]


def parse_marked(marked: str, shorthand: Shorthand | None = None) -> MarkedText:
    """Strip the markup from `marked`, returning plain text with entity and link spans."""
    parts: list[str] = []
    out = MarkedText(text="")
    pos = length = 0
    for m in _TOKEN_RE.finditer(marked):
        literal = marked[pos : m.start()]
        parts.append(literal)
        length += len(literal)
        pos = m.end()
        if m["entity"] is not None:
            text, entities = _token_entities(m["entity"], length, shorthand or {})
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
    out.entities.sort(key=entity_sort_key)
    return out
