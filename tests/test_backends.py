"""Index backends: the engine an index was built with is remembered, and naming the other one
rebuilds it; the same query answers the same on both (the sample-index tests run on both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch import index, query
from secsearch.cli import main
from tests.conftest import SAMPLE_CORPUS, tantivy_installed

pytestmark = pytest.mark.skipif(
    not tantivy_installed(), reason="tantivy is not installed (pip install 'secsearch[tantivy]')"
)

STEMS = ("2016-02-12_SECP_29_1902_03", "2021-11-26_SECP_99_0512_24")


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    for stem in STEMS:
        source = SAMPLE_CORPUS / f"{stem}.pdf"
        if not source.exists():
            pytest.skip("sample corpus not generated")
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def ingest(*args: str) -> str:
    result = CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1].rsplit(",", 1)[0]


def test_the_index_remembers_its_backend_and_switching_rebuilds(
    papers: Path, tmp_path: Path
) -> None:
    where = tmp_path / "index"
    added = ingest(str(papers), "--index", str(where), "--backend", "tantivy")
    assert added.startswith("ingest: 2 added, 0 updated, 0 removed, 0 failed")
    assert index.backend_in_use(where) == "tantivy"
    assert ingest(str(papers), "--index", str(where)) == (
        "ingest: 0 added, 0 updated, 0 removed, 0 failed, 0 passages"
    )
    assert index.backend_in_use(where) == "tantivy"
    assert ingest(str(papers), "--index", str(where), "--backend", "whoosh") == added
    assert index.backend_in_use(where) == "whoosh"
    assert [p.name for p in where.iterdir() if p.name.startswith("tantivy-")] == []


def test_a_tantivy_index_takes_updates_and_removals(papers: Path, tmp_path: Path) -> None:
    where = tmp_path / "index"
    ingest(str(papers), "--index", str(where), "--backend", "tantivy")
    (papers / f"{STEMS[0]}.pdf").unlink()
    line = ingest(str(papers), "--index", str(where))
    assert line.startswith("ingest: 0 added, 0 updated, 1 removed, 0 failed")
    with index.open_index(where) as ix:
        refs = {p["ref"] for p in index.documents(ix, "paper")}
        found = query.search(ix, "SPOTI", limit=None)
    assert refs == {"SECP_99_0512_24"}
    assert {h.paper_ref for h in found.hits} == {"SECP_99_0512_24"}


@pytest.mark.parametrize(
    ("record", "hidden"),
    [
        ({"kind": "paper", "class_rank": 0}, ["record"]),
        ({"kind": "facts"}, ["record"]),
        ({"kind": "passage", "class_rank": 0}, []),
        ({"kind": "passage", "class_rank": 1}, ["above0"]),
        ({"kind": "passage", "class_rank": 2}, ["above0", "above1"]),
        ({"kind": "passage", "class_rank": 3}, ["above0", "above1", "above2"]),
        # not a rank: held as unknown, hidden under every ceiling short of "everything"
        ({"kind": "passage"}, ["above0", "above1", "above2"]),
        ({"kind": "passage", "class_rank": None}, ["above0", "above1", "above2"]),
        ({"kind": "passage", "class_rank": 7}, ["above0", "above1", "above2"]),
        ({"kind": "passage", "class_rank": -1}, ["above0", "above1", "above2"]),
        ({"kind": "passage", "class_rank": "0"}, ["above0", "above1", "above2"]),
        ({"kind": "passage", "class_rank": False}, ["above0", "above1", "above2"]),
    ],
)
def test_tantivy_gate_terms_hide_a_passage_under_every_ceiling_below_its_rank(
    record: dict[str, object], hidden: list[str]
) -> None:
    """tantivy gates by excluding `hidden` postings: a record that is not a passage is never a
    search hit, and a rank that is missing or not a rank fails closed (as Red)."""
    from secsearch.index import tantivy_backend as tb
    from secsearch.policy import UNKNOWN_RANK

    assert UNKNOWN_RANK == 3
    assert tb.hidden_terms(record) == hidden


@pytest.mark.parametrize(("fetch", "step"), [(1000, 256), (0, 256), (0, 1), (0, 7)])
def test_pages_through_a_large_score_tie_are_slices_of_the_whole_order(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch, fetch: int, step: int
) -> None:
    """`DCC` on the sample corpus: the first 50 passages share one shown score. However tantivy
    settles that tie (one larger fetch, or walking it newest day first in batches of any size),
    each page is the same slice of the whole order, on both backends."""
    from secsearch.index import tantivy_search

    monkeypatch.setattr(tantivy_search, "_TIE_FETCH", fetch)
    monkeypatch.setattr(tantivy_search, "_WALK_STEP", step)
    with index.open_index(sample_index) as ix:
        whole = query.search(ix, "DCC", limit=None, snippets=False).hits
        assert len(whole) == 192
        assert len({h.score for h in whole[:50]}) == 1
        assert whole[50].score < whole[49].score
        ids = [h.id for h in whole]
        for offset in (0, 10, 20, 40, 45, 185):
            page = query.search(ix, "DCC", limit=10, offset=offset, snippets=False).hits
            assert [h.id for h in page] == ids[offset : offset + 10]
