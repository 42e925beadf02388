"""The search-side commands over an index that `secsearch ingest` built from the sample PDFs.

Expected results come from the ground-truth JSON beside each PDF (the extraction tests prove the
pipeline reproduces it exactly).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch import query
from secsearch.cli import main
from secsearch.models import Paper, Passage, Section

CORPUS = Path(__file__).parent.parent / "corpus"
SPOTI_LONG = "SMKI Portal via The Internet"


def ground_truth() -> list[Paper]:
    papers = [Paper.model_validate_json(p.read_text()) for p in sorted(CORPUS.glob("*.json"))]
    if not papers:
        pytest.skip("sample corpus not generated")
    return papers


@pytest.fixture(scope="session")
def papers() -> list[Paper]:
    return ground_truth()


@pytest.fixture(scope="session")
def index_dir(sample_index: Path) -> Path:
    """The session's index of the sample PDFs (conftest.py), built by `secsearch ingest`."""
    return sample_index


def shown_by_default(paper: Paper, p: Passage) -> bool:
    """Whether the passage is at or below Green, the default ceiling (the most restrictive of
    its own and its paper's level)."""
    levels = [c for c in (p.classification, paper.classification) if c is not None]
    return max(c.rank for c in levels) <= 1


def passages(papers: list[Paper]) -> list[tuple[Paper, Passage]]:
    return [(paper, p) for paper in papers for _, p in paper.all_passages()]


def run(index_dir: Path, *args: str, code: int = 0) -> str:
    """What the command prints on stdout (stderr apart, as a shell pipe would see it); for an
    error (exit status 2) the error lines."""
    result = CliRunner().invoke(main, [*args, "--index", str(index_dir)], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output if code == 2 else result.stdout


def hits_json(index_dir: Path, *args: str) -> list[dict]:
    return json.loads(run(index_dir, *args, "--format", "json"))


def year_line(found: list[tuple[Paper, Passage]]) -> str:
    counts = Counter(str(paper.date.year) for paper, _ in found if paper.date)
    return " · ".join(f"{y}: {n}" for y, n in sorted(counts.items()))


# --------------------------------------------------------------------------- search


def test_search_term_across_years_counts_every_match(index_dir: Path, papers: list[Paper]) -> None:
    expected = [
        (paper, p)
        for paper, p in passages(papers)
        if "SPOTI" in p.text or SPOTI_LONG.lower() in p.text.lower()
    ]
    out = run(index_dir, "search", "SPOTI", "--limit", "3")
    assert out.splitlines()[-1] == (
        f"showing 3 of {len(expected)} matching passages · {year_line(expected)}"
    )
    assert out.splitlines()[-1] == (
        "showing 3 of 14 matching passages · 2017: 2 · 2018: 2 · 2020: 2 · 2021: 2 · "
        "2022: 2 · 2024: 2 · 2025: 2"
    )
    assert out.startswith("1. ")
    hits = hits_json(index_dir, "search", "SPOTI", "--limit", "100")
    assert sorted(h["text"] for h in hits) == sorted(p.text for _, p in expected)


def test_year_field_with_a_word_finds_that_years_passages(
    index_dir: Path, papers: list[Paper]
) -> None:
    """`year:` is an integer field: on both engines, a term of it, not a scan of every passage."""
    expected = [
        (paper, p)
        for paper, p in passages(papers)
        if paper.date
        and paper.date.year == 2019
        and shown_by_default(paper, p)
        and re.search(r"\breleas(e|es|ed|ing)\b", p.text, re.I)
    ]
    assert len(expected) == 3
    hits = hits_json(index_dir, "search", "year:2019 AND release", "--limit", "100")
    assert sorted(h["text"] for h in hits) == sorted(p.text for _, p in expected)
    everything = hits_json(index_dir, "search", "year:2019", "--limit", "1000")
    in_2019 = [
        p.text
        for paper, p in passages(papers)
        if paper.date and paper.date.year == 2019 and shown_by_default(paper, p)
    ]
    assert sorted(h["text"] for h in everything) == sorted(in_2019)


def test_acronym_finds_its_expansion(index_dir: Path, papers: list[Paper]) -> None:
    """Papers that name the portal only in full are found by the acronym, via the glossary."""
    long_only = [
        paper.ref for paper, p in passages(papers) if SPOTI_LONG in p.text and "SPOTI" not in p.text
    ]
    assert long_only == [
        "SECP_51_2312_09",
        "SECP_79_1604_19",
        "SECP_107_1208_05",
        "SECP_137_1702_20",
    ]
    hits = hits_json(index_dir, "search", "SPOTI", "--limit", "100")
    expanded = [h for h in hits if "SPOTI" not in h["text"]]
    assert sorted(h["paper_ref"] for h in expanded) == sorted(long_only)
    assert all("**SMKI** **Portal** **via** The **Internet**" in h["snippet"] for h in expanded)


def test_json_hits_carry_the_contract_fields(index_dir: Path) -> None:
    hit = hits_json(index_dir, "search", "SPOTI", "--limit", "1")[0]
    for key in (
        "paper_ref", "paper_title", "date", "year", "section", "committees", "pages",
        "classification", "text", "snippet", "citation", "entities",
    ):  # fmt: skip
        assert key in hit
    assert hit["citation"].startswith(f"{hit['paper_title']} ({hit['paper_ref']}), ")


def spoti_issues(papers: list[Paper]) -> tuple[Paper, list[Section], Passage]:
    """The first passage under a 'SMKI issues arising from the use of SPOTI' topic heading."""
    return next(
        (paper, path, p)
        for paper in papers
        for path, p in paper.all_passages()
        if path[-1].title == "SMKI issues arising from the use of SPOTI" and len(p.pages) == 1
    )


def test_citation_format(index_dir: Path, papers: list[Paper]) -> None:
    paper, path, passage = spoti_issues(papers)
    numbered = [s for s in path if s.number][-1]
    expected = (
        f"{paper.title} ({paper.ref}), {paper.date.day} {paper.date:%B %Y}, "
        f"§{numbered.number.rstrip('.')} {numbered.title} › {path[-1].title}, p. {passage.pages[0]}"
    )
    hits = hits_json(index_dir, "search", "SPOTI", "--limit", "50")
    assert expected in {h["citation"] for h in hits}
    assert query.page_label([3, 4]) == "pp. 3–4" and query.page_label([3]) == "p. 3"


def test_a_paper_without_a_title_is_cited_by_its_reference_alone() -> None:
    when = dt.date(2019, 3, 8)
    assert query.citation("", "SECP_73_1110_06", when, [["5", "SPOTI"]], [2]) == (
        "SECP_73_1110_06, 8 March 2019, §5 SPOTI, p. 2"
    )
    assert query.citation("", None, None, [], [4]) == "p. 4"


@pytest.mark.parametrize("spelling", ["SECMP0067", "SECMP 0067", "MP067", "MP67", "DP067", "mp67"])
def test_mentions_every_spelling_in_date_order(
    index_dir: Path, papers: list[Paper], spelling: str
) -> None:
    expected = [
        (paper, p)
        for paper, p in passages(papers)
        if any(e.type == "MODIFICATION" and e.value == "MP067" for e in p.entities)
    ]
    written = {e.text for _, p in expected for e in p.entities if e.value == "MP067"}
    assert {"SECMP0067", "SECMP 0067", "MP067", "DP067"} <= written
    hits = hits_json(index_dir, "mentions", spelling)
    assert sorted(h["text"] for h in hits) == sorted(p.text for _, p in expected)
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates)


@pytest.mark.parametrize("spelling", ["SECMP0067", "MP67", "DP067"])
def test_search_modification_matches_every_spelling(index_dir: Path, spelling: str) -> None:
    searched = hits_json(index_dir, "search", spelling, "--limit", "100")
    mentioned = hits_json(index_dir, "mentions", "MP067")
    assert sorted(h["id"] for h in searched) == sorted(h["id"] for h in mentioned)


def test_mentions_text_lists_citations_oldest_first(index_dir: Path, papers: list[Paper]) -> None:
    first = min(
        (paper for paper, p in passages(papers) if any(e.value == "MP067" for e in p.entities)),
        key=lambda paper: paper.date,
    )
    out = run(index_dir, "mentions", "MP067")
    assert out.startswith(f"1. {first.title} ({first.ref}), {query.format_date(first.date)}, §")


# --------------------------------------------------------------------------- filters


def test_filters(index_dir: Path, papers: list[Paper]) -> None:
    def expected(pred, *, everything: bool = False) -> list[str]:
        return sorted(
            p.text
            for paper, p in passages(papers)
            if "DCC" in p.text and pred(paper, p) and (everything or shown_by_default(paper, p))
        )

    def got(*args: str) -> list[str]:
        return sorted(
            h["text"] for h in hits_json(index_dir, "search", "DCC", "--limit", "999", *args)
        )

    assert got("--from", "2019", "--to", "2020-06") == expected(
        lambda paper, p: dt.date(2019, 1, 1) <= paper.date <= dt.date(2020, 6, 30)
    )
    section_committees = {
        id(p): s.committees for paper in papers for *_, s in [x for x in paper.all_sections()]
        for p in s.passages
    }  # fmt: skip
    assert got("--committee", "opsg") == expected(
        lambda paper, p: "OPSG" in section_committees[id(p)]
    )
    rank = {"white": 0, "green": 1, "amber": 2, "red": 3}
    assert got("--max-classification", "white", "--include-classified") == expected(
        lambda paper, p: (
            rank[(p.classification or paper.classification).value] == 0
            and paper.classification.value == "white"
        )
    )
    assert got("--max-classification", "red", "--include-classified") == expected(
        lambda paper, p: True, everything=True
    )


def test_bad_filter_values_are_one_line_errors(index_dir: Path) -> None:
    out = run(index_dir, "search", "DCC", "--committee", "Nope", code=2)
    assert out.startswith("Error: unknown committee 'Nope'\nhint: one of: Panel, CB")
    out = run(index_dir, "search", "DCC", "--from", "March", code=2)
    assert out.startswith("Error: cannot read --from 'March'")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("SPOTI AND (", "a '(' is not closed"),
        ("SPOTI)", "a ')' has no matching '('"),
        ('"SMKI Portal', "a double quote is not closed"),
        ("SPOTI OR", "OR at the end has nothing after it"),
        ("AND SPOTI", "AND at the start has nothing before it"),
        ("NOT", "NOT at the end has nothing after it"),
    ],
)
def test_malformed_query_is_one_line_with_hint(index_dir: Path, bad: str, problem: str) -> None:
    result = CliRunner().invoke(main, ["search", bad, "--index", str(index_dir)])
    assert result.exit_code == 2
    first, hint = result.output.splitlines()
    assert first == f"Error: cannot parse query {bad!r}: {problem}"
    assert hint.startswith('hint: put phrases in double quotes ("SMKI Portal")')


@pytest.mark.parametrize("odd", ["year:[2019 TO", "committee:"])
def test_odd_but_forgivable_queries_never_trace_back(index_dir: Path, odd: str) -> None:
    result = CliRunner().invoke(main, ["search", odd, "--index", str(index_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 2


def test_no_results_suggests_a_close_term(index_dir: Path) -> None:
    assert run(index_dir, "search", "SPOTY", code=1) == "no results\ndid you mean: SPOTI\n"
    assert run(index_dir, "search", "zzqxv", code=1) == "no results\n"
    assert run(index_dir, "search", "securty", code=1) == "no results\ndid you mean: security\n"
    assert run(index_dir, "search", "secruity", code=1) == "no results\ndid you mean: security\n"
    # Suggestions keep the first letter typed (the look-up walks that letter's words only).
    assert run(index_dir, "search", "ecurity", code=1) == "no results\n"


def test_missing_index_is_explained(tmp_path: Path) -> None:
    out = run(tmp_path / "none", "search", "SPOTI", code=2)
    assert out == (
        f"Error: no index at {tmp_path / 'none'}\n"
        "hint: run `secsearch ingest`, or give --index (or $SECSEARCH_INDEX) the index folder\n"
    )


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("include", [False, True])
def test_export_csv_parses_back(index_dir: Path, papers: list[Paper], include: bool) -> None:
    args = ["export", "DCC", "--format", "csv", "--limit", "999"]
    result = CliRunner().invoke(
        main, [*args, *(["--include-classified"] if include else []), "--index", str(index_dir)]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffcitation,classification,restricted,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    dcc = [
        (p.text, not shown_by_default(paper, p)) for paper, p in passages(papers) if "DCC" in p.text
    ]
    assert any(secret for _, secret in dcc), "the sample corpus has Amber/Red DCC passages"
    expected = Counter((text, secret) for text, secret in dcc if include or not secret)
    assert Counter((r["text"], r["restricted"] == "yes") for r in rows) == expected
    assert all(r["citation"] and r["classification"] for r in rows)
    held_back = len(dcc) - len(rows)
    summary = f"exported {len(rows)} passages"
    if held_back:
        summary += (
            f"; {held_back} Amber/Red passages held back "
            "(use --max-classification red --include-classified to show them)"
        )
    assert result.stderr == summary + "\n"


def test_export_json_and_md(index_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "mp067.json"
    result = CliRunner().invoke(
        main,
        ["export", "--mentions", "MP67", "--format", "json", "-o", str(out), "--include-classified"]
        + ["--index", str(index_dir)],
    )
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [
        h["id"] for h in hits_json(index_dir, "mentions", "MP067")
    ]
    assert all("citation" in r and "classification" in r and "restricted" in r for r in records)
    md = run(index_dir, "export", "--mentions", "MP067", "--format", "md")
    assert md.startswith("# Mentions of MP067\n")
    assert md.count("\n— ") == sum(not r["restricted"] for r in records)


def test_export_needs_query_or_mentions(index_dir: Path) -> None:
    out = run(index_dir, "export", "--format", "csv", code=2)
    assert "give either QUERY or --mentions ID" in out


# --------------------------------------------------------------------------- the rest


def test_timeline_counts(index_dir: Path, papers: list[Paper]) -> None:
    expected = Counter(
        paper.date.year
        for paper, p in passages(papers)
        if "DCC" in p.text and shown_by_default(paper, p)
    )
    series = json.loads(run(index_dir, "timeline", "DCC", "--format", "json"))
    years = range(min(expected), max(expected) + 1)
    assert series == [{"period": str(y), "count": expected.get(y, 0)} for y in years]
    text = run(index_dir, "timeline", "DCC")
    peak = max(expected.values())
    assert f"{max(expected, key=expected.get)} {'█' * 40} {peak}" in text
    months = json.loads(run(index_dir, "timeline", "DCC", "--by", "month", "--format", "json"))
    assert sum(m["count"] for m in months) == sum(expected.values())


def test_show_outline(index_dir: Path, papers: list[Paper]) -> None:
    paper, _, _ = spoti_issues(papers)
    out = run(index_dir, "show", paper.ref)
    assert out.startswith(f"{paper.ref}  {paper.title}\n{query.format_date(paper.date)} · ")
    assert "SMKI issues arising from the use of SPOTI" in out
    assert "\n  SEC_REF: " in out and "\n  COMMITTEE: " in out
    wrong = paper.ref[:-1] + ("9" if paper.ref[-1] != "9" else "8")
    assert run(index_dir, "show", wrong, code=2).startswith(
        f"Error: no paper {wrong} in the index\nhint: did you mean "
    )


def test_entities(index_dir: Path, papers: list[Paper]) -> None:
    rows = json.loads(run(index_dir, "entities", "--type", "modification", "--format", "json"))
    mp067 = next(r for r in rows if r["value"] == "MP067")
    found = [
        paper for paper, p in passages(papers)
        if any(e.value == "MP067" and e.type == "MODIFICATION" for e in p.entities)
    ]  # fmt: skip
    assert mp067["passages"] == len(found)
    assert mp067["first_date"] == min(p.date for p in found).isoformat()
    assert mp067["last_date"] == max(p.date for p in found).isoformat()
    assert {r["type"] for r in rows} == {"MODIFICATION"}


def test_glossary_tracks_changing_expansions(index_dir: Path) -> None:
    out = run(index_dir, "glossary", "CPL")
    lines = out.splitlines()
    assert lines[0].startswith("CPL        Certified Products List  (")
    assert lines[1].startswith("CPL        Central Products List  (")
    assert run(index_dir, "glossary", "CPX", code=2).startswith("Error: no acronym CPX")


def test_stats(index_dir: Path, papers: list[Paper]) -> None:
    s = json.loads(run(index_dir, "stats", "--format", "json"))
    assert s["papers"] == len(papers)  # every sample paper is White or Green
    assert s["pages"] == sum(p.page_count for p in papers)
    shown = sum(shown_by_default(paper, p) for paper, p in passages(papers))
    assert (s["passages"], s["held_back"]) == (shown, len(passages(papers)) - shown)
    assert (s["first_year"], s["last_year"]) == (2016, 2025)
    assert s["size_bytes"] > 0 and s["unclassified"] == []
    everything = json.loads(run(index_dir, "stats", "--format", "json", "--max-classification",
                                "red", "--include-classified"))  # fmt: skip
    assert (everything["passages"], everything["held_back"]) == (len(passages(papers)), 0)


@pytest.mark.parametrize(
    ("fmt", "header"),
    [
        # The one CSV writer: a byte-order mark for Excel, CRLF line ends.
        ("csv", "\ufefftype,value,passages,first_ref,first_date,last_ref,last_date\r\n"),
        ("md", "| type | value | passages | first_ref | first_date | last_ref | last_date |\n"),
    ],
)
def test_tables_for_other_commands(index_dir: Path, fmt: str, header: str) -> None:
    args = ["entities", "--type", "ORG", "--format", fmt, "--index", str(index_dir)]
    out = CliRunner().invoke(main, args).stdout_bytes.decode()  # `output` turns CRLF into LF
    assert out.startswith(header)
    rows = out[len(header) :].splitlines()[1 if fmt == "md" else 0 :]  # md: skip |---|
    assert len(rows) >= 5 and all(r.startswith(("ORG,", "| ORG |")) for r in rows)
