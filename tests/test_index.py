"""The index: incremental ingest, schema version, the writer lock, committed state."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from secsearch import domain, index, ingest, pipeline, query
from secsearch.cli import main
from secsearch.index import locking, records
from secsearch.models import FileFailure, Paper

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def truth() -> dict[str, Paper]:
    papers = {p.stem: Paper.model_validate_json(p.read_text()) for p in CORPUS.glob("*.json")}
    if len(papers) < 4:
        pytest.skip("sample corpus not generated")
    return papers


def copy_pdf(stem: str, to: Path) -> Path:
    """A real sample PDF, copied under another path."""
    to.parent.mkdir(parents=True, exist_ok=True)
    to.write_bytes((CORPUS / f"{stem}.pdf").read_bytes())
    return to


def run_ingest(index_dir: Path, corpus: Path) -> tuple[str, list[str]]:
    """The summary line (without seconds) and the names of the files the pipeline parsed."""
    parsed: list[str] = []

    def process(paths: list[Path], hashes: dict[Path, str]) -> Iterator[Paper | FileFailure]:
        # The real pipeline, watched: which files does an incremental ingest hand to it?
        parsed.extend(p.name for p in paths)
        cache = index_dir / "cache"  # as `secsearch ingest` keeps it
        return pipeline.process_files(paths, jobs=1, cache=cache, hashes=hashes)

    summary = ingest.ingest(index_dir, [corpus], process=process, batch_size=2)
    return summary.line().rsplit(",", 1)[0], sorted(parsed)


# These tests are about what is indexed, not about classification: they read every level.
EVERY_LEVEL = index.Filters(max_rank=3)


def stats(index_dir: Path) -> query.IndexStats:
    with index.open_index(index_dir) as ix:
        return query.stats(ix, EVERY_LEVEL)


def search(index_dir: Path, text: str, **options: Any) -> query.SearchResult:
    with index.open_index(index_dir) as ix:
        return query.search(ix, text, filters=EVERY_LEVEL, **options)


def manifest_keys(index_dir: Path) -> dict[str, str]:
    return {Path(p).name: e.sha256[:8] for p, e in index.read_manifest(index_dir).items()}


def test_incremental_ingest_add_change_rename_duplicate_delete(
    truth: dict[str, Paper], tmp_path: Path
) -> None:
    stems = sorted(truth)[:5]
    corpus, ix = tmp_path / "corpus", tmp_path / "index"
    for stem in stems[:3]:
        copy_pdf(stem, corpus / f"{stem}.pdf")
    (corpus / "broken.pdf").write_text("Paper Reference: SECP_66_1503_19\n")
    passages = {stem: len(truth[stem].all_passages()) for stem in stems}

    line, parsed = run_ingest(ix, corpus)
    n3 = sum(passages[s] for s in stems[:3])
    assert line == f"3 added, 0 updated, 0 removed, 1 failed, {n3} passages"
    assert parsed == sorted([*(f"{s}.pdf" for s in stems[:3]), "broken.pdf"])
    assert stats(ix).passages == n3

    # nothing changed: only the broken file is tried again
    line, parsed = run_ingest(ix, corpus)
    assert line == "0 added, 0 updated, 0 removed, 1 failed, 0 passages"
    assert parsed == ["broken.pdf"]
    (corpus / "broken.pdf").unlink()

    # a new file, and a changed one (now holding the fifth paper's content)
    copy_pdf(stems[3], corpus / f"{stems[3]}.pdf")
    copy_pdf(stems[4], corpus / f"{stems[0]}.pdf")
    line, parsed = run_ingest(ix, corpus)
    n = passages[stems[3]] + passages[stems[4]]
    assert line == f"1 added, 1 updated, 0 removed, 0 failed, {n} passages"
    assert parsed == sorted([f"{stems[0]}.pdf", f"{stems[3]}.pdf"])
    assert stats(ix).papers == 4
    assert stats(ix).passages == passages[stems[1]] + passages[stems[2]] + n
    assert search(ix, f"paper:{truth[stems[0]].ref}").total == 0
    assert search(ix, f"paper:{truth[stems[4]].ref}").total == passages[stems[4]]

    # a rename and a copy cost a hash, not a parse; the copy is indexed once
    (corpus / f"{stems[1]}.pdf").rename(corpus / "renamed.pdf")
    copy_pdf(stems[1], corpus / "copy.pdf")
    line, parsed = run_ingest(ix, corpus)
    assert parsed == []
    assert line == "0 added, 0 updated, 0 removed, 0 failed, 0 passages"
    keys = manifest_keys(ix)
    assert keys["renamed.pdf"] == keys["copy.pdf"]
    assert f"{stems[1]}.pdf" not in keys
    hits = search(ix, f"paper:{truth[stems[1]].ref}", limit=None)
    assert hits.total == passages[stems[1]]
    # the paper's records now name a file that exists (rewritten from the extraction cache)
    assert {Path(h.source).name for h in hits.hits} == {"copy.pdf"}
    assert {h.link.split("#")[0] for h in hits.hits} == {(corpus / "copy.pdf").as_uri()}

    # deleting one of two copies keeps the paper; deleting both removes it
    (corpus / "copy.pdf").unlink()
    line, parsed = run_ingest(ix, corpus)
    assert line.startswith("0 added, 0 updated, 0 removed") and parsed == []
    hits = search(ix, f"paper:{truth[stems[1]].ref}", limit=None)
    assert hits.total == passages[stems[1]]
    assert {Path(h.source).name for h in hits.hits} == {"renamed.pdf"}
    (corpus / "renamed.pdf").unlink()
    line, _ = run_ingest(ix, corpus)
    assert line == "0 added, 0 updated, 1 removed, 0 failed, 0 passages"
    assert search(ix, f"paper:{truth[stems[1]].ref}").total == 0
    assert stats(ix).papers == 3  # stems[2], stems[3], and stems[4] (in stems[0]'s file)


NO_OP_INGEST = """
import sys
from pathlib import Path
from secsearch import ingest
summary = ingest.ingest(Path(sys.argv[1]), [Path(sys.argv[2])], jobs=2)
print(summary.line().rsplit(",", 1)[0])
print(sorted(m for m in ("spacy", "multiprocessing.pool") if m in sys.modules))
print(sorted(m.split(".")[-1] for m in sys.modules if m.startswith("multiprocessing.forkserver")))
"""


def test_a_no_op_ingest_starts_no_workers_and_loads_no_tagger(
    truth: dict[str, Paper], tmp_path: Path
) -> None:
    """Nothing changed: the ingest is a stat per file. Starting worker processes and loading
    spaCy (to name the extraction cache) once cost a no-op ingest of 3,000 papers 2 s of 3."""
    corpus, ix = tmp_path / "corpus", tmp_path / "index"
    for stem in sorted(truth)[:2]:
        copy_pdf(stem, corpus / f"{stem}.pdf")
    assert run_ingest(ix, corpus)[0].startswith("2 added")

    def no_op() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", NO_OP_INGEST, str(ix), str(corpus)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "SECSEARCH_OCR": "never"},
        )
        return done.stdout.splitlines()

    assert no_op() == ["0 added, 0 updated, 0 removed, 0 failed, 0 passages", "[]", "[]"]
    # A renamed file is still relocated from the extraction cache, PDF unread.
    first = sorted(corpus.glob("*.pdf"))[0]
    first.rename(corpus / "renamed.pdf")
    assert no_op() == ["0 added, 0 updated, 0 removed, 0 failed, 0 passages", "[]", "[]"]
    hits = search(ix, f"paper:{truth[first.stem].ref}", limit=None)
    assert hits.total == len(truth[first.stem].all_passages())
    assert {Path(h.source).name for h in hits.hits} == {"renamed.pdf"}


def test_index_from_ingest_matches_index_papers(truth: dict[str, Paper], tmp_path: Path) -> None:
    """Ingesting the real PDFs indexes exactly what indexing their ground truth does."""
    stems = sorted(truth)[:3]
    for stem in stems:
        copy_pdf(stem, tmp_path / "c" / f"{stem}.pdf")
    run_ingest(tmp_path / "a", tmp_path / "c")
    index.index_papers(tmp_path / "b", [truth[s] for s in stems])
    a, b = (
        search(tmp_path / "a", "DCC", limit=None),
        search(tmp_path / "b", "DCC", limit=None),
    )
    assert a.total > 0
    assert [(h.citation, h.text) for h in a.hits] == [(h.citation, h.text) for h in b.hits]
    assert a.by_year == b.by_year


def test_schema_version_mismatch_asks_for_rebuild(truth: dict[str, Paper], tmp_path: Path) -> None:
    index.index_papers(tmp_path, [next(iter(truth.values()))])
    with index.writing(tmp_path) as w:
        w._writer().update_document(id="meta", kind="meta", schema_version=0)
    result = CliRunner().invoke(main, ["search", "DCC", "--index", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: index at {tmp_path} has schema version 0, this secsearch needs "
        f"{index.SCHEMA_VERSION}\nhint: run `secsearch ingest --rebuild`\n"
    )


def test_the_schema_version_and_cache_key_change_with_the_lifecycle_rules(tmp_path: Path) -> None:
    """Facts records are written by the lifecycle rules: an index or a cached paper made with
    other rules must not be read as if made with these."""
    from secsearch.tag import lifecycle_version as lv

    assert index.SCHEMA_VERSION.startswith("10-")
    assert index.SCHEMA_VERSION.endswith(f"-{lv.LIFECYCLE_FINGERPRINT}")
    assert f".{lv.LIFECYCLE_FINGERPRINT}-" in pipeline.stage_versions("pdfium")
    rules = Path(lv.__file__).parent
    for name in lv.RULE_FILES:
        (tmp_path / name).write_bytes((rules / name).read_bytes())
    assert lv.rules_fingerprint(tmp_path) == lv.LIFECYCLE_FINGERPRINT
    words = tmp_path / "lifecycle_words.py"
    words.write_text(words.read_text(encoding="utf-8") + "# one more rule\n", encoding="utf-8")
    assert lv.rules_fingerprint(tmp_path) != lv.LIFECYCLE_FINGERPRINT


def test_second_writer_is_told_the_index_is_busy(truth: dict[str, Paper], tmp_path: Path) -> None:
    copy_pdf(sorted(truth)[0], tmp_path / "corpus" / "paper.pdf")
    args = ["ingest", str(tmp_path / "corpus"), "--index", str(tmp_path / "ix"), "--jobs", "1"]
    with locking.write_lock(tmp_path / "ix"):
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: index is busy (being written by PID {os.getpid()})\n"
        "hint: wait for the other ingest to finish\n"
    )
    assert CliRunner().invoke(main, args).output.startswith("ingest: 1 added")


def test_stale_lock_from_a_dead_process_is_recovered(
    truth: dict[str, Paper], tmp_path: Path
) -> None:
    copy_pdf(sorted(truth)[0], tmp_path / "corpus" / "paper.pdf")
    ix = tmp_path / "ix"
    # A writer killed mid-ingest leaves its lock file behind, naming a PID that no longer runs.
    code = (
        "import os, sys; from pathlib import Path; from secsearch.index import locking\n"
        "with locking.write_lock(Path(sys.argv[1])): os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(ix)], check=True)
    assert (ix / locking.LOCK_FILE).read_text().strip().isdigit()
    args = ["ingest", str(tmp_path / "corpus"), "--index", str(ix), "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ingest: 1 added, 0 updated, 0 removed, 0 failed")


def test_readers_see_the_last_commit_until_the_next(
    truth: dict[str, Paper], tmp_path: Path
) -> None:
    first, second = sorted(truth)[:2]
    index.index_papers(tmp_path, [truth[first]])
    with index.open_index(tmp_path) as ix:  # one open Index, as a long-running server holds
        before = query.stats(ix, EVERY_LEVEL).passages
        with index.writing(tmp_path) as w:
            w.add_paper(truth[second])
            assert query.stats(ix, EVERY_LEVEL).passages == before  # uncommitted: invisible
            w.commit()
            after = query.stats(ix, EVERY_LEVEL).passages
            assert after == before + len(truth[second].all_passages())


def test_a_failed_batch_leaves_the_last_commit(truth: dict[str, Paper], tmp_path: Path) -> None:
    first, second = sorted(truth)[:2]
    index.index_papers(tmp_path, [truth[first]])
    manifest = index.read_manifest(tmp_path)
    with pytest.raises(RuntimeError), index.writing(tmp_path) as w:
        w.add_paper(truth[second])
        w.set_file(records.FileEntry("x.pdf", truth[second].source.sha256, 1, 1, 1))
        raise RuntimeError("killed")
    assert index.read_manifest(tmp_path) == manifest
    assert stats(tmp_path).papers == 1


def test_identifier_field_is_case_aware(truth: dict[str, Paper], tmp_path: Path) -> None:
    assert index.is_identifier("SPOTI") and index.is_identifier("MP067")
    assert index.is_identifier("SECCo") and not index.is_identifier("Panel")
    index.index_papers(tmp_path, list(truth.values()))
    upper = search(tmp_path, "TAG", limit=None)
    lower = search(tmp_path, "tag", limit=None)
    assert upper.total and all("TAG" in h.text for h in upper.hits)
    assert lower.total >= upper.total


def test_one_canonical_modification_id_for_every_spelling() -> None:
    spellings = ["SECMP0067", "SECMP 0067", "SECMP67", "MP067", "MP67", "mp067", "DP067", "MP-067"]
    assert {domain.canonical_modification_id(s) for s in spellings} == {"MP067"}
    assert domain.canonical_modification_id("MP122A") == "MP122A"
    assert domain.canonical_modification_id("DP147") == "MP147"
    assert domain.canonical_modification_id("X1") is None


def test_spelled_out_acronyms_are_recorded_at_index_time() -> None:
    text = (
        "The SMKI PMA reviewed use of the SMKI Portal via\nthe Internet; the data communications "
        "company replied. A portal via the internet is not one."
    )
    assert records.acronyms_spelled_out(text) == ["DCC", "SPOTI"]
    assert records.acronyms_spelled_out("SPOTI and DCC, written short") == []


def test_whoosh_tweak_is_applied_only_to_the_release_it_was_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import whoosh
    from whoosh.codec.whoosh3 import W3PerDocReader

    from secsearch.index import schema

    assert schema.whoosh_tweak_applies()  # the whoosh-reloaded release pyproject installs
    monkeypatch.setattr(W3PerDocReader, "_cached_reader", schema._ORIGINAL_CACHED_READER)
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    assert not schema.whoosh_tweak_applies()
    assert schema.apply_whoosh_tweak() is False
    assert W3PerDocReader._cached_reader is schema._ORIGINAL_CACHED_READER


def test_whoosh_tweak_changes_nothing_that_is_written(
    truth: dict[str, Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index written with Whoosh's own reader method equals one written with the tweak."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    from secsearch.index import schema

    papers = [truth[s] for s in sorted(truth)[:4]]
    index.index_papers(tmp_path / "tweaked", papers, batch_size=2)
    assert W3PerDocReader._cached_reader is schema._cached_lengths_reader
    monkeypatch.setattr(schema, "apply_whoosh_tweak", lambda: False)
    monkeypatch.setattr(W3PerDocReader, "_cached_reader", schema._ORIGINAL_CACHED_READER)
    index.index_papers(tmp_path / "plain", papers, batch_size=2)
    for text in ("DCC", "SPOTI", "committee:SSC", "modification:MP067", '"Panel Sub-Committee"'):
        a = search(tmp_path / "tweaked", text, limit=None)
        b = search(tmp_path / "plain", text, limit=None)
        assert [(h.id, h.text) for h in a.hits] == [(h.id, h.text) for h in b.hits]
    with index.open_index(tmp_path / "tweaked") as a, index.open_index(tmp_path / "plain") as b:
        assert index.documents(a, "passage") == index.documents(b, "passage")


@pytest.mark.slow
def test_only_worker_processes_freeze_their_heap() -> None:
    """Loading the tagger leaves the caller's garbage collector alone; a worker freezes its own."""
    code = (
        "import gc, sys\n"
        "from secsearch.tag import nlp\n"
        "from secsearch.pipeline import prepare_worker\n"
        "nlp(); print(gc.get_freeze_count() > 0)\n"
        "prepare_worker(); print(gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_whoosh_segment_files_are_read_in_place() -> None:
    """Whoosh wraps each part of a memory-mapped segment in BytesIO, which copies it (a no-op
    ingest of 30,000 papers peaked at 1.9 GB). The tweak reads the mapped bytes in place and
    answers every read Whoosh makes exactly as BytesIO would."""
    import io
    import pickle
    import struct

    from whoosh.filedb.structfile import BufferFile

    from secsearch.index import schema

    assert schema.apply_buffer_tweak()
    data = pickle.dumps({"SPOTI": [1, 2, 3]}) + b"line one\nline two\n" + struct.pack(">iq", 7, -9)
    shared = bytearray(data)
    f, copy = BufferFile(memoryview(shared)), io.BytesIO(data)
    assert f.read_pickle() == pickle.load(copy) == {"SPOTI": [1, 2, 3]}
    assert f.file.readline() == copy.readline() == b"line one\n"
    assert list(f.file) == list(copy) == [b"line two\n", struct.pack(">iq", 7, -9)]
    assert f.seek(-12, io.SEEK_END) == copy.seek(-12, io.SEEK_END)
    assert (f.read_int(), f.read_long()) == (7, -9)
    assert f.read(5) == copy.read(5)[12:] == b""
    assert f.get(0, len(data)) == data
    f.seek(3)
    assert (f.tell(), f.read(4)) == (3, data[3:7])
    shared[3:7] = b"SEC!"  # the file reads the mapped bytes, not a copy of them
    f.seek(3)
    assert f.read(4) == b"SEC!"
