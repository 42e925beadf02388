"""The classification gate, adversarially: no command, format, suggestion, error or export shows a
word that occurs only in Amber, Red or unclassified text, unless the user asks for that level.

The papers (tests/classified_papers.py, drawn with reportlab) hold words that occur only in a Red
appendix, an Amber appendix, a paragraph that runs from a White page onto a Red one, and a paper
that states no classification at all. Every command runs through the CLI with default options in
every format; stdout, stderr and written files are searched for those words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch.cli import main
from tests.classified_papers import (
    AMBER_WORDS,
    RED_WORDS,
    RESTRICTED_WORDS,
    SPANNING_WORDS,
    UNSTATED_PAPER,
    UNSTATED_WORDS,
    WHITE_PAPER,
    write_classified_corpus,
)

FORMATS = ("text", "json", "csv", "md")
SHOW_RED = ("--max-classification", "red", "--include-classified")


@pytest.fixture(scope="module")
def gated(tmp_path_factory: pytest.TempPathFactory, backend: str) -> tuple[Path, str]:
    """An index of the three papers, built with each backend, and what `ingest` printed."""
    root = tmp_path_factory.mktemp(f"gate-{backend}")
    corpus = write_classified_corpus(root / "corpus")
    result = CliRunner().invoke(
        main,
        ["ingest", str(corpus), "--index", str(root / "index"), "--jobs", "1"]
        + ["--backend", backend],
    )
    assert result.exit_code == 0, result.output
    return root / "index", result.output


def run(index_dir: Path, *args: str, code: int | None = None) -> str:
    """Everything the command shows: stdout and stderr together. With no `code`, the exit
    status must say found (0) or nothing found (1)."""
    result = CliRunner().invoke(main, [*args, "--index", str(index_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in ((0, 1) if code is None else (code,)), result.output
    return result.output


def leaked(output: str, typed: str = "") -> list[str]:
    """Restricted words in `output`, leaving out what the user typed (an echo is no leak)."""
    if typed:
        output = output.replace(typed, "")
    return [w for w in RESTRICTED_WORDS if re.search(re.escape(w), output, re.I)]


# Commands with default options: (argv, exit status); every one runs in every format.
SEARCHES = [
    ["search", "DCC"],
    ["search", "review"],
    ["search", "Security"],
    ["search", "Incident"],
    ["search", "Zanzibar*"],
    ["search", "Zanzibarit"],  # one letter from a Red-only word: no suggestion may give it away
    ["search", "Marmalad"],
    ["search", "Unstatediu"],
    ["search", "Crossoverit"],
    ["search", "Panel OR appendix"],
    ["mentions", "DCC"],
    ["mentions", "Panel"],
    ["mentions", "MP98"],
    ["mentions", "SSC_999_0101_0"],
    ["timeline", "DCC"],
    ["timeline", "review"],
    ["entities"],
    ["entities", "--type", "MODIFICATION"],
    ["entities", "--type", "ACRONYM"],
    ["entities", "--type", "PAPER_REF"],
    ["glossary"],
    ["show", WHITE_PAPER],
    ["stats"],
]
# Commands whose argument is a restricted word itself: the answer must not tell more than that.
TYPED = [[cmd, word] for cmd in ("search", "mentions", "timeline") for word in RESTRICTED_WORDS]
FAILING = [["show", UNSTATED_PAPER], ["show", "SECP_90_1803_0"], ["glossary", "QXR"],
           ["glossary", "PYI"], ["glossary", "QX"]]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("argv", SEARCHES, ids=[" ".join(a) for a in SEARCHES])
def test_no_restricted_word_by_default(gated: tuple[Path, str], argv: list[str], fmt: str) -> None:
    out = run(gated[0], *argv, "--format", fmt)
    assert leaked(out) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("argv", TYPED, ids=[" ".join(a) for a in TYPED])
def test_a_restricted_word_asked_for_finds_nothing_by_default(
    gated: tuple[Path, str], argv: list[str], fmt: str
) -> None:
    out = run(gated[0], *argv, "--format", fmt)
    assert leaked(out, typed=argv[1]) == []


# The lifecycle commands, each in its own formats: (argv, formats, exit status).
LIFECYCLE = [
    (["modifications"], ("text", "json", "csv", "md"), 1),  # only a Red passage names one
    (["refs", WHITE_PAPER], ("text", "json", "dot"), 0),
    (["history", "MP987"], ("text", "json", "md"), 2),
    (["refs", "MP987"], ("text", "json", "dot"), 2),
    (["refs", "SSC_999_0101_01"], ("text", "json", "dot"), 2),
]
LIFECYCLE_RUNS = [(argv, fmt, code) for argv, formats, code in LIFECYCLE for fmt in formats]


@pytest.mark.parametrize(
    "argv, fmt, code", LIFECYCLE_RUNS, ids=[f"{' '.join(a)} {f}" for a, f, _ in LIFECYCLE_RUNS]
)
def test_lifecycle_commands_show_no_restricted_fact_by_default(
    gated: tuple[Path, str], argv: list[str], fmt: str, code: int
) -> None:
    out = run(gated[0], *argv, "--format", fmt, code=code)
    assert leaked(out, typed=argv[-1]) == []


def test_lifecycle_commands_show_the_red_facts_when_asked(gated: tuple[Path, str]) -> None:
    index_dir = gated[0]
    assert "MP987" in run(index_dir, "modifications", *SHOW_RED[:2])
    assert "MP987" not in run(index_dir, "modifications", *SHOW_RED[:2], "--format", "json")
    refs = run(index_dir, "refs", WHITE_PAPER, *SHOW_RED, "--format", "json")
    assert "SSC_999_0101_01" in refs and "MP987" in refs
    out = run(index_dir, "history", "MP987", code=2)
    assert out.endswith(
        "hint: 1 Amber/Red passage held back (use --max-classification red to show them)\n"
    )


@pytest.mark.parametrize("argv", FAILING, ids=[" ".join(a) for a in FAILING])
def test_errors_and_hints_hold_no_restricted_word(gated: tuple[Path, str], argv: list[str]) -> None:
    out = run(gated[0], *argv, code=2)
    assert out.startswith("Error: ")
    assert leaked(out, typed=argv[1]) == []


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_exports_and_written_files_hold_no_restricted_word(
    gated: tuple[Path, str], tmp_path: Path, fmt: str
) -> None:
    for argv in (["export", "DCC"], ["export", "review"], ["export", "--mentions", "DCC"]):
        out = run(gated[0], *argv, "--format", fmt)
        assert leaked(out) == []
        target = tmp_path / f"out.{fmt}"
        run(gated[0], *argv, "--format", fmt, "-o", str(target), "--force")
        assert leaked(target.read_text(encoding="utf-8-sig")) == []


def test_what_was_held_back_is_said_without_saying_what(gated: tuple[Path, str]) -> None:
    assert run(gated[0], "search", "Zanzibarite") == (
        "no results\n1 Amber/Red passage held back (use --max-classification red to show them)\n"
    )
    out = run(gated[0], "search", "DCC", "--format", "json")
    assert out.endswith(
        "Amber/Red passages held back "
        "(use --max-classification red --include-classified to show them)\n"
    )


def test_the_paragraph_from_a_white_page_onto_a_red_one_is_red(gated: tuple[Path, str]) -> None:
    word = SPANNING_WORDS[0]
    assert "no results" in run(gated[0], "search", word, "--max-classification", "amber")
    out = run(gated[0], "search", word, "--max-classification", "red")
    assert re.search(r"pp\. 1–2 \[RED\]\n", out)


def test_an_unclassified_paper_is_handled_as_red_and_named(gated: tuple[Path, str]) -> None:
    index_dir, ingest_output = gated
    assert re.search(
        rf"warning: \S*{UNSTATED_PAPER}\.pdf: states no classification; handled as Red\n",
        ingest_output,
    )
    assert "no results" in run(
        index_dir, "search", UNSTATED_WORDS[0], "--max-classification", "amber"
    )
    assert "[UNCLASSIFIED]" in run(index_dir, "search", UNSTATED_WORDS[0], *SHOW_RED[:2])
    stats = run(index_dir, "stats")
    assert re.search(
        rf"papers stating no classification \(handled as Red\):\n  \S*{UNSTATED_PAPER}", stats
    )


def test_the_words_show_when_the_user_asks_for_them(gated: tuple[Path, str]) -> None:
    index_dir = gated[0]
    for word in RED_WORDS[:3] + UNSTATED_WORDS[:1] + SPANNING_WORDS:
        out = run(index_dir, "search", word, *SHOW_RED, "--format", "json")
        assert word.lower() in out.lower(), word
    for word in AMBER_WORDS:
        assert "1 matching passage" in run(
            index_dir, "search", word, "--max-classification", "amber"
        )
    assert "no results" in run(index_dir, "search", RED_WORDS[0], "--max-classification", "amber")
    glossary = run(index_dir, "glossary", *SHOW_RED)
    assert "QXR" in glossary and "PYI" in glossary
    assert "MP987" in run(index_dir, "entities", "--type", "MODIFICATION", *SHOW_RED)
    shown = run(index_dir, "show", WHITE_PAPER, *SHOW_RED)
    assert "Zanzibarite" in shown and "Marmalade" in shown
    assert "did you mean: zanzibarite" in run(index_dir, "search", "Zanzibarita", *SHOW_RED[:2])
    red = run(index_dir, "stats", *SHOW_RED[:2]).splitlines()
    default = run(index_dir, "stats").splitlines()
    assert int(red[2].split()[-1]) > int(default[2].split()[-1])  # passages: N
