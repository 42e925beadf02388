"""The generator's side of the entity markup (the dialect lives in `secsearch.tag.markup`).

Content is written in that markup; a bare ``[[DCC]]`` or ``[[the Panel]]`` is looked up in the
shorthand vocabulary below. The vocabulary states who each name is, here, by hand: the ground
truth must not be derived with the same alias rules the tagger and sectioniser use.
"""

from __future__ import annotations

from secsearch.models import EntityType
from secsearch.tag.markup import LinkSpan, MarkedText, entity_sort_key
from secsearch.tag.markup import parse_marked as parse_with

ORG_NAMES = ("DCC", "SECAS", "Ofgem", "BEIS", "DECC", "DESNZ", "NCSC", "DSP")
ORG_NAMES += ("CSP North", "CSP Central", "CSP South")
COMMITTEE_NAMES: dict[str, str] = {
    "the Panel": "Panel",
    "The Panel": "Panel",
    "Change Board": "CB",
    "SSC": "SSC",
    "Security Sub-Committee": "SSC",
    "SMKI PMA": "SMKI PMA",
    "TABASC": "TABASC",
    "TAG": "TAG",
    "OPSG": "OPSG",
    "Operations Group": "OPSG",
    "Ops Group": "OPSG",
    "CSC": "CSC",
    "Change Sub-Committee": "CSC",
    "Testing Advisory Group": "TAG",
    "SMKI Policy Management Authority": "SMKI PMA",
    "Technical Architecture and Business Architecture Sub-Committee": "TABASC",
    "SECCo Board": "SECCo",
    "Technical Specification Issue Resolution Sub-Group": "TSIRS",
}
SHORTHAND: dict[str, tuple[EntityType, str]] = {
    **{name: ("ORG", name) for name in ORG_NAMES},
    **{name: ("COMMITTEE", code) for name, code in COMMITTEE_NAMES.items()},
}

__all__ = ["SHORTHAND", "LinkSpan", "MarkedText", "join_cells", "parse_marked"]


def parse_marked(marked: str) -> MarkedText:
    """Plain text, entities and links of generator content."""
    return parse_with(marked, SHORTHAND)


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
    out.entities.sort(key=entity_sort_key)
    return out
