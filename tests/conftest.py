"""Shared fixtures: every test gets its own index and corpus locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from secsearch.config import CORPUS_ENV, INDEX_ENV

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the project's own index/ (llm's `user_dir()` habit)."""
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "index"))
    monkeypatch.setenv(CORPUS_ENV, str(tmp_path / "corpus"))
