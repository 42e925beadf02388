"""The README's examples run, and print what the README says they print.

Each ```console block is one test: its `$ secsearch …` lines run in order through click's
CliRunner from the project folder, against an index of the sample corpus (a block that starts
with `ingest` gets a fresh, empty index). In the README, a line `...` stands for any number of
lines, and `...` inside a line for any text; timings and the index size are compared as
placeholders.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

_VOLATILE = [
    (re.compile(r"\b\d+\.\d+ s$"), "<seconds> s"),
    (re.compile(r"index size: .*"), "index size: <size>"),
]


def console_blocks(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each console block as (command, expected output lines) pairs."""
    blocks = re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M)
    out: list[list[tuple[str, list[str]]]] = []
    for block in blocks:
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        out.append(steps)
    return out


def normalised(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for pattern, placeholder in _VOLATILE:
            line = pattern.sub(placeholder, line)
        out.append(line.rstrip())
    return out


def line_matches(expected: str, got: str) -> bool:
    """True when the lines are equal, `...` inside an expected line standing for any text."""
    if "..." not in expected:
        return got == expected
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, got) is not None


def matches(expected: list[str], got: list[str]) -> bool:
    """True when `got` matches `expected`, a `...` line standing for any run of lines."""
    if not expected:
        return not got
    head, *rest = expected
    if head == "...":
        return any(matches(rest, got[i:]) for i in range(len(got) + 1))
    return bool(got) and line_matches(head, got[0]) and matches(rest, got[1:])


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))
# Commands that run until stopped (`serve`) cannot be run by this test: the README shows them in
# a ```sh block instead, and that counts as their example.
LONG_RUNNING = {"serve"}


def sh_commands(text: str) -> set[str]:
    """The secsearch commands named in ```sh blocks (`secsearch serve`, `python -m secsearch …`)."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)
    return {m for block in blocks for m in re.findall(r"\bsecsearch (\w+)", block)}


def test_readme_has_an_example_of_every_command() -> None:
    shown = {shlex.split(cmd)[1] for block in BLOCKS for cmd, _ in block}
    shown |= sh_commands(README.read_text(encoding="utf-8")) & LONG_RUNNING
    assert shown == set(main.commands)


@pytest.mark.parametrize(
    "block", BLOCKS, ids=[" | ".join(cmd for cmd, _ in block)[:60] for block in BLOCKS]
)
def test_readme_example(
    block: list[tuple[str, list[str]]],
    sample_index: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SECSEARCH_CORPUS", "corpus")
    # `open` hands its link to a viewer; here a program that accepts it and does nothing.
    monkeypatch.setenv("SECSEARCH_OPENER", "true")
    first = shlex.split(block[0][0])[1]
    monkeypatch.setenv("SECSEARCH_INDEX", str(tmp_path if first == "ingest" else sample_index))
    for command, expected in block:
        argv = shlex.split(command)
        assert argv[0] == "secsearch"
        result = CliRunner().invoke(main, argv[1:])
        assert "Traceback" not in result.output
        got = normalised(result.output.rstrip("\n").splitlines())
        want = normalised(expected)
        assert matches(want, got), f"$ {command}\n" + "\n".join(got)
