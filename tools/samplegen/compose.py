"""Turn a paper plan into flow items for layout, and the laid-out result into ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field

from secsearch.models import (
    AcronymDefinition,
    Attachment,
    Classification,
    Meeting,
    ModificationFacts,
    Paper,
    Passage,
    Section,
    Source,
)

from .doc import PaperPlan, Para, SectionPlan, Table
from .layout import FlowItem, FlowPageBreak, FlowTable, FlowText, Geometry, LayoutResult, Run
from .markup import MarkedText, join_cells, parse_marked
from .writers import text_width


@dataclass
class PassageNode:
    marked: MarkedText
    kind: str
    classification: str
    facts: ModificationFacts | None = None


@dataclass
class SectionNode:
    id: int
    number: str | None
    title: str
    level: int
    committees: list[str]
    passages: list[int] = field(default_factory=list)
    children: list[SectionNode] = field(default_factory=list)


@dataclass
class Composition:
    """Flow items to lay out plus the skeleton of the ground truth they describe."""

    items: list[FlowItem]
    sections: list[SectionNode]
    passages: list[PassageNode]


class Composer:
    def __init__(self, paper: PaperPlan, geo: Geometry) -> None:
        self.paper = paper
        self.geo = geo
        self.items: list[FlowItem] = []
        self.passages: list[PassageNode] = []
        self.headings = 0

    # ---------------------------------------------------------------- metadata blocks
    def header_block(self) -> None:
        for label, value in (("Paper Reference:", self.paper.ref), ("Action:", self.paper.action)):
            indent = text_width(label + " ", "bold", self.geo.body_size)
            self.items.append(
                FlowText(
                    value,
                    "regular",
                    self.geo.body_size,
                    first_indent=indent,
                    prefix=[Run(0, label, "bold", self.geo.body_size)],
                    space_after=4,
                )
            )
        self.items.append(
            FlowText(
                self.paper.title,
                "bold",
                self.geo.title_size,
                space_before=18,
                space_after=14,
            )
        )

    def signature_block(self) -> None:
        p, size = self.paper, self.geo.body_size
        self.items.append(FlowText(p.author, "bold", size, space_before=22))
        self.items.append(FlowText(p.team, "regular", size))
        self.items.append(
            FlowText(
                f"{p.date.day} {p.date:%B} {p.date.year}",
                "regular",
                size,
                space_after=12,
            )
        )
        if not p.attachments:
            return
        self.items.append(
            FlowText("Attachments:", "bold", size, space_after=4, keep_with_next=True)
        )
        for a in p.attachments:
            self.items.append(self._bullet(f"{a.title} ({a.classification.upper()})", None))

    # ---------------------------------------------------------------- body
    def _bullet(self, text: str, passage: int | None, links: list | None = None) -> FlowText:
        geo = self.geo
        return FlowText(
            text,
            "regular",
            geo.body_size,
            passage=passage,
            links=links or [],
            indent=geo.bullet_text_x,
            first_indent=geo.bullet_text_x,
            prefix=[Run(geo.bullet_x, "•", "regular", geo.body_size)],
            space_after=geo.para_after / 2,
            leading=geo.leading,
            ligatures=self.paper.ligatures,
        )

    def _add_passage(
        self,
        marked: MarkedText,
        kind: str,
        classification: str,
        facts: ModificationFacts | None = None,
    ) -> int:
        self.passages.append(PassageNode(marked, kind, classification, facts))
        return len(self.passages) - 1

    def block(self, block: Para | Table, classification: str) -> list[int]:
        geo = self.geo
        if isinstance(block, Table):
            rows = [[parse_marked(c) for c in row] for row in block.rows]
            ids = [self._add_passage(join_cells(r), "table_row", classification) for r in rows]
            self.items.append(FlowTable(["\t".join(c.text for c in r) for r in rows], ids))
            return ids
        marked = parse_marked(block.marked)
        pid = self._add_passage(marked, block.kind, classification, block.facts)
        if block.kind == "list_item":
            self.items.append(self._bullet(marked.text, pid, marked.links))
        else:
            self.items.append(
                FlowText(
                    marked.text,
                    "regular",
                    geo.body_size,
                    passage=pid,
                    links=marked.links,
                    space_after=geo.para_after,
                    leading=geo.leading,
                    ligatures=self.paper.ligatures,
                )
            )
        return [pid]

    def heading(self, plan: SectionPlan) -> None:
        geo = self.geo
        size = {
            "section": geo.h1_size,
            "subsection": geo.h2_size,
            "topic": geo.body_size,
            "appendix": geo.h1_size + 1,
        }[plan.style]
        hid = self.headings
        self.headings += 1
        before = geo.heading_before * (1.4 if plan.style == "section" else 1.0)
        # A numbered heading hangs its title after the number, like Word's numbered styles.
        hang = geo.number_indent if plan.number is not None else 0.0
        self.items.append(
            FlowText(
                plan.title,
                "bold",
                size,
                heading=hid,
                indent=hang,
                first_indent=hang if plan.number is not None else None,
                prefix=[Run(0, plan.number, "bold", size)] if plan.number is not None else [],
                space_before=before,
                space_after=geo.heading_after,
                keep_with_next=True,
            )
        )

    def section(
        self, plan: SectionPlan, parent: SectionNode | None, classification: str
    ) -> SectionNode:
        # The plan states the truth: a section's level is its depth in the plan's tree (a
        # misprinted "1.5" inside section 3 is still its child), its committees are the ones
        # the plan names for it, else its parent's, else the paper's own committee.
        level = parent.level + 1 if parent else 1
        if plan.committees is not None:
            committees = list(plan.committees)
        elif parent is not None:
            committees = list(parent.committees)
        else:
            committees = [self.paper.committee] if self.paper.committee else []
        node = SectionNode(self.headings, plan.number, plan.title, level, committees)
        self.heading(plan)
        for block in plan.blocks:
            node.passages += self.block(block, classification)
        for child in plan.children:
            node.children.append(self.section(child, node, classification))
        return node

    def compose(self) -> Composition:
        self.header_block()
        sections = [self.section(s, None, self.paper.classification) for s in self.paper.sections]
        self.signature_block()
        for a in self.paper.attachments:
            if a.included is None:
                continue
            self.items.append(FlowPageBreak(a.classification))
            plan = SectionPlan(None, a.title, "appendix", a.included)
            sections.append(self.section(plan, None, a.classification))
        return Composition(self.items, sections, self.passages)


def compose(paper: PaperPlan, geo: Geometry) -> Composition:
    """Flow items and ground-truth skeleton of a paper plan."""
    return Composer(paper, geo).compose()


# --------------------------------------------------------------------------- ground truth


def _section_model(node: SectionNode, comp: Composition, result: LayoutResult) -> Section:
    children = [_section_model(c, comp, result) for c in node.children]
    passages = [_passage_model(i, comp, result) for i in node.passages]
    first = result.heading_pages[node.id]
    pages = [first, *(p for ps in passages for p in ps.pages), *(c.pages[1] for c in children)]
    return Section(
        number=node.number,
        title=node.title,
        level=node.level,
        committees=node.committees,
        pages=(first, max(pages)),
        passages=passages,
        sections=children,
    )


def _passage_model(i: int, comp: Composition, result: LayoutResult) -> Passage:
    node = comp.passages[i]
    return Passage(
        text=node.marked.text,
        pages=sorted(result.passage_pages[i]),
        kind=node.kind,  # type: ignore[arg-type]
        classification=Classification(node.classification),
        links=result.passage_links.get(i, []),
        entities=node.marked.entities,
        modification_facts=node.facts,
    )


def acronym_definitions(paper: Paper) -> list[AcronymDefinition]:
    """One definition per distinct (short, long), at its first defining passage."""
    seen: dict[tuple[str, str], int] = {}
    for ordinal, (_, passage) in enumerate(paper.all_passages()):
        for e in passage.entities:
            if e.type == "ACRONYM" and e.long is not None:
                seen.setdefault((e.value, e.long), ordinal)
    return [AcronymDefinition(short=s, long=lg, passage=n) for (s, lg), n in seen.items()]


def ground_truth(
    plan: PaperPlan, comp: Composition, result: LayoutResult, *, file_name: str, sha256: str
) -> Paper:
    """The `Paper` a perfect extractor and tagger would produce from the written PDF."""
    paper = Paper(
        ref=plan.ref,
        title=plan.title,
        date=plan.date,
        action=plan.action,
        classification=Classification(plan.classification),
        meeting=Meeting(number=plan.meeting_number, date=plan.meeting_date),
        paper_number=plan.paper_number,
        author=plan.author,
        team=plan.team,
        page_count=len(result.pages),
        source=Source(path=file_name, sha256=sha256),
        attachments=[
            Attachment(title=a.title, classification=Classification(a.classification))
            for a in plan.attachments
        ],
        sections=[_section_model(s, comp, result) for s in comp.sections],
    )
    paper.acronyms = acronym_definitions(paper)
    return paper
