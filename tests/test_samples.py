"""The sample corpus generator: determinism, ground truth validity, and the features it promises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from secsearch.models import ENTITY_TYPES, Paper
from tools.samplegen import generate_corpus, plan_paper, render_paper
from tools.samplegen.coverage import uncovered_mentions
from tools.samplegen.markup import parse_marked

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    generate_corpus(out, papers=30, seed=1)
    return out


@pytest.fixture(scope="module")
def papers(generated: Path) -> dict[str, Paper]:
    return {
        p.stem: Paper.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted(generated.glob("*.json"))
    }


def _passages(papers: dict[str, Paper]):  # type: ignore[no-untyped-def]
    for name, paper in papers.items():
        for path, passage in paper.all_passages():
            yield name, paper, path, passage


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_pdf_and_truth() -> None:
    for index in (0, 1, 5):
        pdf_a, truth_a = render_paper(plan_paper(index, seed=7))
        pdf_b, truth_b = render_paper(plan_paper(index, seed=7))
        assert pdf_a == pdf_b
        assert truth_a == truth_b


def test_different_seeds_differ() -> None:
    _, a = render_paper(plan_paper(0, seed=1))
    _, b = render_paper(plan_paper(0, seed=2))
    assert a.model_dump() != b.model_dump()


def test_committed_corpus_is_the_seed_1_corpus(generated: Path) -> None:
    committed = sorted(p.name for p in CORPUS.glob("*.json"))
    assert committed == sorted(p.name for p in generated.glob("*.json"))
    for name in committed:
        assert (CORPUS / name).read_text(encoding="utf-8") == (generated / name).read_text(
            encoding="utf-8"
        )


# --------------------------------------------------------------------------- ground truth


def test_ground_truth_validates_and_names_its_pdf(generated: Path) -> None:
    for path in generated.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        paper = Paper.model_validate(data)
        assert paper.model_dump(mode="json") == data
        assert paper.source.path == path.with_suffix(".pdf").name
        assert (generated / paper.source.path).is_file()


def test_entity_offsets_match_text(papers: dict[str, Paper]) -> None:
    for _, _, _, passage in _passages(papers):
        keys = [(e.start, e.end, e.type, e.value) for e in passage.entities]
        assert keys == sorted(keys)
        for e in passage.entities:
            assert passage.text[e.start : e.end] == e.text


def test_every_vocabulary_mention_is_marked(papers: dict[str, Paper]) -> None:
    for name, _, _, passage in _passages(papers):
        assert uncovered_mentions(passage.text, passage.entities) == [], name


def test_section_pages_include_children(papers: dict[str, Paper]) -> None:
    for paper in papers.values():
        for _, section in paper.all_sections():
            first, last = section.pages
            assert 1 <= first <= last <= paper.page_count
            for p in section.passages:
                assert first <= p.pages[0] and p.pages[-1] <= last
            for child in section.sections:
                assert first <= child.pages[0] and child.pages[1] <= last


def test_markup_spans() -> None:
    marked = parse_marked(
        "The [[Operations Group]] ([[COMMITTEE:OPSG=OPSG;ACRONYM:Operations Group]]) met "
        "<<https://example.org/|here>> on [[DATE:8 March 2019=2019-03-08/2019-03-08/day]]."
    )
    assert marked.text == "The Operations Group (OPSG) met here on 8 March 2019."
    assert [(e.type, e.text, e.value) for e in marked.entities] == [
        ("COMMITTEE", "Operations Group", "OPSG"),
        ("ACRONYM", "OPSG", "OPSG"),
        ("COMMITTEE", "OPSG", "OPSG"),
        ("DATE", "8 March 2019", "2019-03-08"),
    ]
    assert marked.entities[1].long == "Operations Group"
    assert marked.links[0].uri == "https://example.org/"
    assert marked.text[marked.links[0].start : marked.links[0].end] == "here"


# --------------------------------------------------------------------------- promised features


def test_paper_kinds_years_and_metadata(papers: dict[str, Paper]) -> None:
    titles = [p.title for p in papers.values()]
    assert any(t == "SEC Panel Sub-Committee Report" for t in titles)
    assert any(t.endswith("Modification Report") for t in titles)
    assert any(t == "Panel Headline Report" for t in titles)
    assert {p.date.year for p in papers.values() if p.date} == set(range(2016, 2026))
    assert {p.action for p in papers.values()} == {
        "For Decision",
        "For Discussion",
        "For Information",
    }
    for paper in papers.values():
        assert paper.ref and paper.meeting and paper.meeting.date and paper.author and paper.team
        assert paper.meeting.date.strftime("%d%m") == paper.ref.split("_")[-2]
        assert 0 < (paper.meeting.date - paper.date).days < 20
    assert any(p.date.year != p.meeting.date.year for p in papers.values())  # type: ignore[union-attr]


def test_structure_features(papers: dict[str, Paper]) -> None:
    sections = [s for p in papers.values() for _, s in p.all_sections()]
    assert any(s.number == "1.5" and s.level == 2 for s in sections)  # misnumbered subsection
    assert any(s.number is None and s.level == 3 for s in sections)  # topic heading
    assert any(s.title.startswith("Technical Architecture and Business") for s in sections)
    assert any(s.title.startswith("Appendix A – ") and s.number is None for s in sections)
    passages = [p for _, _, _, p in _passages(papers)]
    assert any(len(p.pages) == 2 for p in passages)  # paragraph across a page break
    assert any(p.kind == "list_item" for p in passages)
    assert any(p.kind == "table_row" and " | " in p.text for p in passages)
    assert any(p.links for p in passages)
    assert {p.classification for p in passages} >= {"white", "green", "amber", "red"}
    attachments = [a for p in papers.values() for a in p.attachments]
    assert {a.classification for a in attachments} >= {"amber", "red"}
    text = " ".join(p.text for p in passages)
    assert "‘" in text and "’" in text and "–" in text


def test_search_scenarios(papers: dict[str, Paper]) -> None:
    spoti_years = {paper.date.year for _, paper, _, p in _passages(papers) if "SPOTI" in p.text}
    assert len(spoti_years) >= 3
    definitions = {
        (a.short, a.long, paper.date.year) for paper in papers.values() for a in paper.acronyms
    }
    assert ("SPOTI", "SMKI Portal via The Internet") in {(s, lg) for s, lg, _ in definitions}
    cpl = {(lg, y) for s, lg, y in definitions if s == "CPL"}
    assert ("Certified Products List", 2019) in cpl
    assert all(y >= 2021 for lg, y in cpl if lg == "Central Products List")
    assert any(lg == "Central Products List" for lg, _ in cpl)
    spellings = {
        e.text for _, _, _, p in _passages(papers) for e in p.entities if e.value == "MP067"
    }
    assert spellings >= {"SECMP0067", "SECMP 0067", "MP067", "MP67", "DP067"}
    milestones = {
        e.value for _, _, _, p in _passages(papers) for e in p.entities if e.type == "MILESTONE"
    }
    assert "Incentive Milestone 2A" in milestones
    types = {e.type for _, _, _, p in _passages(papers) for e in p.entities}
    assert types == set(ENTITY_TYPES)


def test_acronym_ordinals_point_at_definitions(papers: dict[str, Paper]) -> None:
    for paper in papers.values():
        passages = [p for _, p in paper.all_passages()]
        for a in paper.acronyms:
            assert any(
                e.type == "ACRONYM" and e.value == a.short and e.long == a.long
                for e in passages[a.passage].entities
            )


# --------------------------------------------------------------------------- the PDFs themselves


def _body_text(pdf: pdfplumber.PDF, pages: list[int]) -> str:
    """Body text (footer left out by size) of some pages, without whitespace or bullets."""
    text = ""
    for n in pages:
        page = pdf.pages[n - 1].filter(lambda o: o.get("size", 99) > 8.5)
        raw = page.extract_text()
        raw = re.sub(r"-\n(?=[a-z])", "", raw)
        text += raw
    return re.sub(r"[\s•]", "", text)


def test_pdfs_hold_passages_on_their_pages(generated: Path, papers: dict[str, Paper]) -> None:
    for name in list(papers)[:12]:
        paper = papers[name]
        with pdfplumber.open(generated / paper.source.path) as pdf:
            assert len(pdf.pages) == paper.page_count
            for _, passage in paper.all_passages():
                want = re.sub(r"\s", "", passage.text.replace(" | ", ""))
                assert want in _body_text(pdf, passage.pages), (name, passage.text)


def test_pdf_fonts_producers_and_typography(generated: Path) -> None:
    producers: set[str] = set()
    fonts: set[str] = set()
    chars = ""
    for path in sorted(generated.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            producers.add(pdf.metadata.get("Producer", ""))
            for page in pdf.pages:
                fonts |= {c["fontname"] for c in page.chars}
                chars += "".join(c["text"] for c in page.chars)
                if page.hyperlinks:
                    assert all(h["uri"].startswith("https://") for h in page.hyperlinks)
    assert len(producers) >= 2
    assert all(re.match(r"^[A-Z]{6}\+", f) for f in fonts), fonts
    assert any("Bold" in f for f in fonts)
    assert "\ufb01" in chars or "\ufb02" in chars  # a ligature glyph


def test_line_end_hyphenation_present(generated: Path) -> None:
    wrapped = 0
    for path in sorted(generated.glob("*.pdf"))[:10]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                wrapped += len(re.findall(r"[a-z]-\n[a-z]", page.extract_text()))
    assert wrapped > 0


def test_a_large_corpus_has_as_many_files_as_papers_asked_for() -> None:
    """Seed 7 draws seven repeated reference+date pairs in 3,000 plans; none may overwrite."""
    from tools.samplegen.generate import unique_plans

    drawn = [plan_paper(i, 7).file_stem for i in range(3000)]
    assert len(set(drawn)) == 2993
    stems = [p.file_stem for p in unique_plans(3000, 7)]
    assert len(stems) == len(set(stems)) == 3000
    assert stems[:10] == drawn[:10]
