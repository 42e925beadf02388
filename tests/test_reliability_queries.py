"""Hostile queries: thousands of fuzzed query strings through `secsearch search`, never a traceback.

Each string goes through the CLI in-process (CliRunner) against an index of the sample PDFs.
Every run must end in results (exit status 0), "no results" (1), or an `Error: …` line with an
optional `hint: …` line (2); a Python exception escaping the command fails the test.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from secsearch.cli import main
from tests.profiles import examples

# Pieces of Whoosh syntax, field names, identifiers from the corpus, and awkward characters.
SYNTAX = [
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "(", ")", '"', "'", "*", "?", "~", "~2",
    "^", "^3", "[", "]", "{", "}", ":", "-", "+", "<", ">", "=", "\\", "/", ",", "*:*",
    "year:", "committee:", "modification:", "mod:", "text:", "paper:", "clause:", "cites:",
    "day:", "class_rank:", "kind:", "id:", "nosuchfield:", "year:[2019 TO 2020]", "year:[TO]",
    "year:{2019 TO}", "year:>2019", "day:<=20190101", "SPOTI", "DCC", "MP067", "SECMP0067",
    "DP67", "SECP_66_1503_19", "smart", "meter*", "SM?TS", "Panel", "G2.44", "é", "日本",
    "\x00", "\u200b", "\ufeff", "🙂", "\n", "\t", "a" * 300, "9" * 40,
]  # fmt: skip

piece = st.sampled_from(SYNTAX) | st.text(max_size=6)
spaced = st.lists(piece, max_size=12).map(" ".join)
glued = st.lists(piece, max_size=8).map("".join)
QUERIES = spaced | glued


def search(index_dir: Path, query: str) -> Result:
    # `--` so that a query starting with "-" is a query, as a user would have to write it.
    return CliRunner().invoke(main, ["search", "--index", str(index_dir), "--", query])


def check_outcome(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert result.output.startswith("1. ")
        return
    if result.exit_code == 1:
        assert result.output.startswith("no results\n")
        return
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Error: ") and len(lines) <= 2, result.output
    assert len(lines) == 1 or lines[1].startswith("hint: ")


@settings(max_examples=examples(2000))
@given(query=QUERIES)
def test_whoosh_syntax_soup_never_traces_back(sample_index: Path, query: str) -> None:
    check_outcome(search(sample_index, query))


@settings(max_examples=examples(1000))
@given(query=st.text(max_size=40))
def test_any_text_never_traces_back(sample_index: Path, query: str) -> None:
    check_outcome(search(sample_index, query))
