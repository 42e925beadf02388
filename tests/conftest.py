"""Shared fixtures: every test gets its own index and corpus locations; one sample index per
session; hypothesis profiles.

Hypothesis profiles: see `profiles.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secsearch.config import CORPUS_ENV, INDEX_ENV
from tests import profiles  # noqa: F401 - registers and loads the hypothesis profile

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the project's own index/ (llm's `user_dir()` habit)."""
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "index"))
    monkeypatch.setenv(CORPUS_ENV, str(tmp_path / "corpus"))


def tantivy_installed() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


# Every test of the sample index runs on both search engines: the same hits, counts and order.
@pytest.fixture(scope="session", params=["whoosh", "tantivy"])
def backend(request: pytest.FixtureRequest) -> str:
    """The index backend a test's sample index is built with."""
    if request.param == "tantivy" and not tantivy_installed():
        pytest.skip("tantivy is not installed (pip install 'secsearch[tantivy]')")
    return str(request.param)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Path:
    """An index `secsearch ingest` built from the sample PDFs with one backend, shared by a
    session's tests."""
    from click.testing import CliRunner

    from secsearch.cli import main

    if len(list(SAMPLE_CORPUS.glob("*.pdf"))) < 30:
        pytest.skip("sample corpus not generated")
    where = tmp_path_factory.mktemp(f"sample-index-{backend}")
    args = ["ingest", str(SAMPLE_CORPUS), "--index", str(where), "--jobs", "2"]
    args += ["--backend", backend]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    papers = len(list(SAMPLE_CORPUS.glob("*.json")))
    assert result.output.startswith(f"ingest: {papers} added, 0 updated, 0 removed, 0 failed")
    return where
