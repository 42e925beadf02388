"""history, modifications and refs: what they read from the index, and what they must never show.

Classification is tested on papers built in memory (tagged and indexed by the real stages): the
sample corpus has no Amber or Red passage about a modification. The sample index checks that any
spelling gives the same history and that the commands' formats work end to end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch import index
from secsearch import query as q
from secsearch.cli import main
from secsearch.errors import QueryError
from secsearch.index import Filters
from secsearch.models import Classification, Paper, Passage, Section, Source
from secsearch.query.history import GREEN_ONLY
from secsearch.render import render
from secsearch.tag import tag_paper

WHITE, AMBER, RED = Classification.WHITE, Classification.AMBER, Classification.RED
ALL_LEVELS = Filters(max_rank=RED.rank)


def paper(
    ref: str,
    date: str,
    level: Classification | None,
    texts: list[tuple[str, Classification | None]],
    committee: str = "Panel",
) -> Paper:
    section = Section(
        number="1",
        title="Modifications",
        level=1,
        committees=[committee],
        pages=(1, 1),
        passages=[Passage(text=t, pages=[1], classification=c) for t, c in texts],
    )
    return Paper(
        ref=ref,
        title=f"Paper {ref}",
        date=dt.date.fromisoformat(date),
        action="For Information",
        classification=level,
        meeting=None,
        page_count=1,
        source=Source(path=f"{ref}.pdf", sha256=hashlib.sha256(ref.encode()).hexdigest()),
        sections=[section],
    )


PAPERS = [
    paper(
        "SECP_90_1003_01",
        "2020-03-10",
        WHITE,
        [
            ("MP500 ‘Public Title’ was raised by the DCC on 3 March 2020.", None),
            ("The Panel converted DP501 into MP501 on 5 March 2020.", None),
            ("The DCC returned its Preliminary Assessment for MP501 on 8 March 2020.", None),
        ],
    ),
    paper(
        "CB_91_1006_02",
        "2020-06-10",
        AMBER,
        [
            ("The Change Board voted to approve MP500 on 4 June 2020.", None),
            ("MP502 ‘Amber Only’ was withdrawn by its Proposer on 1 June 2020.", None),
        ],
        committee="CB",
    ),
    paper(  # no classification statement at all: counts as Red
        "SECP_92_1007_03",
        "2020-07-10",
        None,
        [("The Authority approved MP500 on 5 July 2020, as CB_91_1006_02 had recommended.", None)],
    ),
    paper(
        "SECP_93_1011_04",
        "2020-11-10",
        WHITE,
        [
            ("SECAS reported on MP500 (see SECP_90_1003_01).", None),
            (
                "MP500 ‘Secret Title’ went live on 5 November 2020 in the November 2020 SEC "
                "Release and amends Section H.",
                RED,
            ),
        ],
    ),
]
SECRETS = ("Secret Title", "Amber Only", "MP502", "CB_91_1006_02", "SECP_92_1007_03", "2020-06-04")


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("facts-index")
    index.index_papers(where, [tag_paper(p) for p in PAPERS])
    return where


def _all_output(ix: index.Index, filters: Filters) -> str:
    results = [
        q.history(ix, "MP500", filters=filters),
        q.modifications(ix, filters=filters),
        q.refs(ix, "MP500", filters=filters),
        q.refs(ix, "SECP_90_1003_01", filters=filters),
    ]
    formats = {0: ("text", "json", "md"), 1: ("text", "json", "md"), 2: ("text", "json", "dot")}
    return "\n".join(render(r, fmt) for i, r in enumerate(results) for fmt in formats[min(i, 2)])


def test_nothing_from_amber_red_or_unclassified_passages_by_default(small_index: Path) -> None:
    with index.open_index(small_index) as ix:
        h = q.history(ix, "MP500")
        assert [(e.kind, e.date) for e in h.events] == [("raised", dt.date(2020, 3, 3))]
        assert [t.title for t in h.titles] == ["Public Title"]
        assert (h.papers, h.passages) == (2, 2)
        assert [c.committee for c in h.committees] == ["Panel"]
        rows = q.modifications(ix).rows
        assert [(r.modification, r.status) for r in rows] == [
            ("MP500", "raised"),
            ("MP501", "DCC Preliminary Assessment"),
        ]
        graph = q.refs(ix, "MP500")
        assert {n.id for n in graph.nodes} == {
            "mod:MP500",
            "paper:SECP_90_1003_01",
            "paper:SECP_93_1011_04",
        }
        assert graph.changes == []
        with pytest.raises(QueryError):
            q.history(ix, "MP502")
        with pytest.raises(QueryError):
            q.refs(ix, "CB_91_1006_02")
        output = _all_output(ix, GREEN_ONLY)
    for secret in SECRETS:
        assert secret not in output


def test_a_higher_level_shows_everything(small_index: Path) -> None:
    with index.open_index(small_index) as ix:
        h = q.history(ix, "MP500", filters=ALL_LEVELS)
        assert [e.label for e in h.events] == [
            "raised",
            "Change Board: approve",
            "Authority: approve",
            "implemented (November 2020 SEC Release)",
        ]
        assert h.status is not None and h.status.kind == "implemented"
        assert {t.title for t in h.titles} == {"Public Title", "Secret Title"}
        assert [c.sec_ref for c in q.refs(ix, "MP500", filters=ALL_LEVELS).changes] == ["Section H"]
        cited = q.refs(ix, "CB_91_1006_02", filters=ALL_LEVELS)
        assert [link.ref for link in cited.cited_by] == ["SECP_92_1007_03"]
        amber = q.modifications(ix, filters=Filters(max_rank=AMBER.rank))
        assert [r.modification for r in amber.rows] == ["MP500", "MP501", "MP502"]
        assert amber.rows[0].status == "Change Board: approve"


def test_what_the_ceiling_held_back_is_counted_not_shown(small_index: Path) -> None:
    with index.open_index(small_index) as ix:
        h = q.history(ix, "MP500")
        # the Change Board vote (Amber), the Authority's decision (unclassified: Red), the Red
        # paragraph of SECP_93_1011_04
        assert (h.held_back, h.ceiling) == (3, Classification.GREEN)
        assert render(h, "text").endswith(
            "\n3 Amber/Red passages held back (use --max-classification red to show them)\n"
        )
        assert q.modifications(ix).held_back == 4
        assert q.refs(ix, "SECP_90_1003_01").held_back == 0
        with pytest.raises(QueryError) as caught:
            q.history(ix, "MP502")
    assert str(caught.value) == "nothing about MP502 in the index"
    assert caught.value.hint == (
        "1 Amber/Red passage held back (use --max-classification red to show them)"
    )


def test_formats_that_leave_the_tool_need_include_classified(small_index: Path) -> None:
    def cli(*args: str) -> str:
        result = CliRunner().invoke(main, [*args, "--index", str(small_index)])
        assert result.exit_code == 0, result.output
        return result.output

    amber = ("--max-classification", "amber")
    assert "Change Board: approve" in cli("history", "MP500", *amber)
    assert "Change Board" not in cli("history", "MP500", *amber, "--format", "json")
    assert "Change Board" in cli("history", "MP500", *amber, "--format", "json",
                                 "--include-classified")  # fmt: skip
    assert "CB_91_1006_02" not in cli("refs", "MP500", "--format", "dot")
    assert "MP502" not in cli("modifications", "--format", "csv", *amber)


def test_filters_choose_the_passages(small_index: Path) -> None:
    with index.open_index(small_index) as ix:
        late = q.make_filters(date_from="2020-09", max_classification="red")
        assert [e.kind for e in q.history(ix, "MP500", filters=late).events] == ["implemented"]
        board = q.make_filters(committees=["CB"], max_classification="red")
        assert [r.modification for r in q.modifications(ix, filters=board).rows] == [
            "MP500",
            "MP502",
        ]
        done = q.modifications(ix, filters=ALL_LEVELS, status="implemented")
        assert [r.modification for r in done.rows] == ["MP500"]
        withdrawn = q.modifications(ix, filters=ALL_LEVELS, status="withdrawn")
        assert [r.modification for r in withdrawn.rows] == ["MP502"]
        with pytest.raises(QueryError, match="unknown status"):
            q.modifications(ix, status="finished")


def test_refs_of_a_paper_both_ways(small_index: Path) -> None:
    with index.open_index(small_index) as ix:
        r = q.refs(ix, "secp_90_1003_01", filters=ALL_LEVELS)
    assert (r.kind, r.focus, r.title) == ("paper", "SECP_90_1003_01", "Paper SECP_90_1003_01")
    assert [link.ref for link in r.cited_by] == ["SECP_93_1011_04"]
    assert r.cites == [] and r.modifications == ["MP500", "MP501"]
    assert {(e.source, e.target, e.relation) for e in r.edges} == {
        ("paper:SECP_93_1011_04", "paper:SECP_90_1003_01", "cites"),
        ("paper:SECP_90_1003_01", "mod:MP500", "discusses"),
        ("paper:SECP_90_1003_01", "mod:MP501", "discusses"),
    }


# --------------------------------------------------------------------------- the sample index


@pytest.mark.parametrize(
    "spelling", ["SECMP0067", "SECMP 0067", "MP67", "mp067", "DP067", "MP-067", "67"]
)
def test_any_spelling_gives_the_same_history(sample_index: Path, spelling: str) -> None:
    with index.open_index(sample_index) as ix:
        want = q.history(ix, "MP067").model_dump(exclude={"query"})
        assert q.history(ix, spelling).model_dump(exclude={"query"}) == want
    assert want["events"]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ("history", "MP067", "--format", "json"),
        ("history", "MP067", "--format", "md"),
        ("modifications", "--format", "json"),
        ("modifications", "--format", "md"),
        ("refs", "MP067", "--format", "json"),
    ],
)
def test_formats(sample_index: Path, args: tuple[str, ...]) -> None:
    out = run(*args, "--index", str(sample_index))
    if "json" in args:
        json.loads(out)
    else:
        assert out.startswith(("# MP067", "| modification |"))


def test_dot_is_a_graph(sample_index: Path) -> None:
    out = run("refs", "MP067", "--format", "dot", "--index", str(sample_index))
    assert out.startswith("digraph refs {") and out.endswith("}\n")
    assert '"mod:MP067" [label="MP067", shape=ellipse, penwidth=2];' in out


def test_output_file_sets_the_format_and_is_replaced_only_with_force(
    sample_index: Path, tmp_path: Path
) -> None:
    graph, table = tmp_path / "mp067.dot", tmp_path / "mods.csv"
    run("refs", "MP067", "-o", str(graph), "--index", str(sample_index))
    assert graph.read_text(encoding="utf-8").startswith("digraph refs {")
    run("modifications", "-o", str(table), "--index", str(sample_index))
    assert table.read_text(encoding="utf-8-sig").startswith("modification,title,first_date")
    again = CliRunner().invoke(main, ["refs", "MP067", "-o", str(graph), "--index",
                                      str(sample_index)])  # fmt: skip
    assert again.exit_code == 2 and "exists" in again.output and "--force" in again.output
    run("refs", "MP067", "-o", str(graph), "--force", "--index", str(sample_index))
    assert run("history", "67", "-o", "-", "--index", str(sample_index)).startswith("MP067  ")


def test_modifications_exits_1_when_none_match(sample_index: Path) -> None:
    result = CliRunner().invoke(
        main, ["modifications", "--from", "2030", "--index", str(sample_index)]
    )
    assert (result.exit_code, result.output) == (1, "no modifications\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (("history", "MP999"), "Error: nothing about MP999 in the index"),
        (("history", "SPOTI"), "Error: 'SPOTI' is not a modification id"),
        (("refs", "nothing"), "Error: 'nothing' is neither a paper reference"),
        (("refs", "SECP_1_0101_01"), "Error: no paper SECP_1_0101_01 in the index"),
        (("modifications", "--status", "done"), "Error: unknown status 'done'"),
    ],
)
def test_errors_are_one_line_with_a_hint(
    sample_index: Path, args: tuple[str, ...], message: str
) -> None:
    result = CliRunner().invoke(main, [*args, "--index", str(sample_index)])
    assert result.exit_code == 2  # like `show` of a paper the index does not hold
    assert result.output.startswith(message)
    assert "hint:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["history", "modifications", "refs"])
def test_help_has_two_examples(command: str) -> None:
    out = run(command, "--help")
    assert out.count("secsearch " + command) >= 2
