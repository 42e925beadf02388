"""The CLI as its users expect it: every spelling finds everything, outputs that behave, help
that teaches, exit statuses that scripts can trust.

Each test pins one behaviour through click's CliRunner (or a real subprocess where only a real
process can show it: Ctrl-C), with exact output and exit status, over an index `ingest` built
from the sample PDFs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from secsearch.cli import main
from secsearch.cli.files import Eta
from tests.faults import with_faults

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MP067 = "9 matching passages · 2018: 1 · 2019: 3 · 2020: 1 · 2021: 1 · 2022: 1 · 2024: 1 · 2025: 1"
SPOTI = "14 matching passages · 2017: 2 · 2018: 2 · 2020: 2 · 2021: 2 · 2022: 2 · 2024: 2 · 2025: 2"

# Every spelling of modification 67 the README promises, for search and for mentions.
SPELLINGS = ["SECMP0067", "SECMP 0067", "SECMP67", "MP067", "MP67", "mp067", "DP067", "MP-067",
             "modification:MP67", "modification:mp067", "mod:67"]  # fmt: skip
MENTION_SPELLINGS = ["SECMP0067", "SECMP 0067", "MP067", "MP67", "mp067", "DP067", "MP-067", "67"]


def run(index_dir: Path, *args: str, code: int = 0, **env: str) -> str:
    """stdout of a command that must exit with `code` (the error lines for exit status 2)."""
    result = CliRunner(env=env or None).invoke(main, [*args, "--index", str(index_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == code, result.output
    return result.output if code == 2 else result.stdout


def summary(index_dir: Path, *args: str) -> str:
    """The last line of a text search or mentions: the count and the years."""
    return run(index_dir, *args).splitlines()[-1].removeprefix("showing 10 of ")


# --------------------------------------------------------------------------- every spelling


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_search_finds_modification_67_in_every_spelling(sample_index: Path, spelling: str) -> None:
    assert summary(sample_index, "search", spelling) == MP067


@pytest.mark.parametrize("spelling", MENTION_SPELLINGS)
def test_mentions_finds_modification_67_in_every_spelling(
    sample_index: Path, spelling: str
) -> None:
    assert summary(sample_index, "mentions", spelling) == MP067


def test_a_hyphenated_id_is_not_corrected_into_something_else(sample_index: Path) -> None:
    assert "PMA" not in run(sample_index, "search", "MP-067")


@pytest.mark.parametrize("spelling", ["SPOTI", "spoti", "Spoti", "SPOT*", "spot*", "SPOTI~1"])
def test_an_acronym_in_any_case_or_pattern_keeps_its_long_forms(
    sample_index: Path, spelling: str
) -> None:
    assert summary(sample_index, "search", spelling) == SPOTI


def test_mentions_of_an_acronym_are_every_passage_that_uses_it_or_its_long_form(
    sample_index: Path,
) -> None:
    assert summary(sample_index, "mentions", "SPOTI") == SPOTI
    assert summary(sample_index, "mentions", "spoti") == SPOTI
    lines = run(sample_index, "mentions", "SPOTI").splitlines()
    years = [int(m[1]) for m in re.finditer(r", \d+ \w+ (\d{4}), §", "\n".join(lines))]
    assert years == sorted(years)  # oldest first


def test_mentions_shows_twenty_by_default_then_all_or_a_limit(sample_index: Path) -> None:
    lines = run(sample_index, "mentions", "DCC").splitlines()
    shown = next(line for line in lines if line.startswith("showing "))
    total = int(re.match(r"showing 20 of (\d+) matching", shown)[1])  # type: ignore[index]
    assert total > 20
    assert f"\n{total} matching passages · " in run(sample_index, "mentions", "DCC", "--all")
    limited = run(sample_index, "mentions", "DCC", "--limit", "3")
    assert f"\nshowing 3 of {total} matching" in limited


def test_readme_table_of_spellings_is_what_the_commands_return(sample_index: Path) -> None:
    """The README's table is generated from these commands; regenerate it if this fails."""
    rows = ["| spelling | `search` | `mentions` |", "|---|---:|---:|"]
    for spelling in SPELLINGS:
        found = int(summary(sample_index, "search", spelling).split()[0])
        if spelling in MENTION_SPELLINGS:
            mentioned = str(int(summary(sample_index, "mentions", spelling).split()[0]))
        else:
            mentioned = "–"
        rows.append(f"| `{spelling}` | {found} | {mentioned} |")
    table = "\n".join(rows)
    assert table in (ROOT / "README.md").read_text(encoding="utf-8"), table


# --------------------------------------------------------------------------- outputs


def test_export_limit_counts_only_what_it_may_export(sample_index: Path) -> None:
    result = CliRunner().invoke(main, ["export", "DCC", "--limit", "2", "--format", "json",
                                       "--index", str(sample_index)])  # fmt: skip
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
    assert result.stderr.startswith("exported 2 passages; ")


def test_format_follows_the_output_file_and_dash_is_stdout(
    sample_index: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mp067.csv"
    run(sample_index, "export", "--mentions", "MP067", "-o", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 9 and rows[0]["link"].startswith(CORPUS.as_uri() + "/")
    out = run(sample_index, "export", "--mentions", "MP067", "--format", "json", "-o", "-")
    assert len(json.loads(out)) == 9 and not (Path.cwd() / "-").exists()
    run(sample_index, "search", "SPOTI", "-o", str(tmp_path / "spoti.md"))
    assert (tmp_path / "spoti.md").read_text().startswith("> ")


def test_an_existing_file_is_replaced_only_with_force(sample_index: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("my notes")
    out = run(sample_index, "export", "SPOTI", "-o", str(target), code=2)
    assert out == f"Error: {target} exists\nhint: add --force to replace it\n"
    assert target.read_text() == "my notes"
    run(sample_index, "export", "SPOTI", "-o", str(target), "--force")
    assert target.read_text().startswith("# Search: SPOTI")


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/folder/out.md", "No such file or directory"),
        ("/dev/full", "No space left on device"),
    ],
)
def test_write_errors_are_one_line(
    sample_index: Path, tmp_path: Path, where: str, reason: str
) -> None:
    device = where.startswith("/")
    target = Path(where) if device else tmp_path / where
    if device and not target.exists():
        pytest.skip(f"{target} does not exist here")
    out = run(sample_index, "export", "SPOTI", "-o", str(target), "--force", code=2)
    assert out.splitlines()[0] == f"Error: cannot write {target}: {reason}"


def test_markdown_quotes_stay_quotes(sample_index: Path) -> None:
    md = run(sample_index, "export", "DCC", "--include-classified", "--limit", "200")
    for block in md.split("\n\n— ")[:-1]:
        quote = block.rsplit("\n\n", 1)[-1]
        assert all(line.startswith(">") for line in quote.splitlines()), quote


def test_json_for_one_thing_is_an_object_and_for_a_series_a_list(sample_index: Path) -> None:
    outline = json.loads(run(sample_index, "show", "SECP_70_1307_08", "--format", "json"))
    assert outline["ref"] == "SECP_70_1307_08" and outline["sections"]
    series = json.loads(run(sample_index, "timeline", "SPOTI", "--format", "json"))
    assert series[0] == {"period": "2017", "count": 2}
    table = run(sample_index, "show", "SECP_70_1307_08", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert rows[0] == {
        "ref": "SECP_70_1307_08", "title": rows[0]["title"], "section": "1 Purpose", "level": "1",
        "pages": "p. 1", "committees": "Panel", "passages": "1",
    }  # fmt: skip
    assert not any("{" in cell or "[" in cell for row in rows for cell in row.values())


def test_hits_carry_a_link_to_the_pdf_page(sample_index: Path) -> None:
    hits = json.loads(run(sample_index, "search", "SPOTI", "--format", "json"))
    first = hits[0]
    assert first["link"] == f"{Path(first['source']).as_uri()}#page={first['pages'][0]}"
    md = run(sample_index, "export", "SPOTI", "--limit", "1")
    assert f"· [PDF]({first['link'].split('#')[0]}#page=" in md


# --------------------------------------------------------------------------- conventions


def test_unknown_and_unsearchable_fields_are_one_line_errors(sample_index: Path) -> None:
    for query in ("date:2019", "nosuch:2019", "kind:acro"):
        out = run(sample_index, "search", query, code=2)
        field = query.split(":")[0]
        assert out.splitlines()[0] == f"Error: unknown field '{field}' in query '{query}'"
        assert out.splitlines()[1].startswith("hint: fields: text, title, section, year")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2021", "--to", "2019"], "Error: --from 2021 is after --to 2019"),
        (["--from", ""], "Error: cannot read --from ''"),
        (["--from", "March"], "Error: cannot read --from 'March'"),
        (["--to", "2019-02-30"], "Error: --to '2019-02-30' is not a date"),
    ],
)
def test_bad_dates_are_usage_errors(sample_index: Path, options: list[str], message: str) -> None:
    assert run(sample_index, "search", "DCC", *options, code=2).splitlines()[0] == message


def test_months_and_days_with_or_without_leading_zeros(sample_index: Path) -> None:
    a = run(sample_index, "search", "DCC", "--from", "2019-3", "--to", "2019-12-1")
    b = run(sample_index, "search", "DCC", "--from", "2019-03", "--to", "2019-12-01")
    assert a == b and "matching passage" in a


def test_exit_statuses(sample_index: Path, tmp_path: Path) -> None:
    run(sample_index, "search", "SPOTI", code=0)
    run(sample_index, "search", "zzqxv", code=1)
    run(sample_index, "mentions", "MP999", code=1)
    run(sample_index, "search", "SPOTI AND (", code=2)
    run(tmp_path / "none", "search", "SPOTI", code=2)


def test_help_says_how_to_use_it(sample_index: Path) -> None:
    top = CliRunner().invoke(main, ["-h"]).output
    for env in ("SECSEARCH_INDEX", "SECSEARCH_CORPUS", "SECSEARCH_MAX_CLASSIFICATION",
                "SECSEARCH_TIMEOUT", "SECSEARCH_OPENER", "NO_COLOR"):  # fmt: skip
        assert env in top
    assert "130  interrupted" in top and "1  nothing found" in top
    for name in main.commands:
        text = CliRunner().invoke(main, [name, "-h"]).output
        examples = [line for line in text.splitlines() if line.strip().startswith("secsearch ")]
        assert len(examples) >= 2, name


def test_colour_follows_no_color_and_the_option(sample_index: Path) -> None:
    args = ["search", "SPOTI", "--index", str(sample_index)]
    tty = CliRunner().invoke(main, args, color=True).stdout
    assert "\x1b[" in tty  # a terminal gets bold matches
    assert "\x1b[" not in CliRunner(env={"NO_COLOR": "1"}).invoke(main, args, color=True).stdout
    assert "\x1b[" not in CliRunner().invoke(main, ["--color", "never", *args], color=True).stdout
    assert "\x1b[" in CliRunner().invoke(main, ["--color", "always", *args]).stdout


@pytest.mark.slow
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = sorted(CORPUS.glob("*.pdf"))[0]
    (corpus / "slow.pdf").write_bytes(pdf.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "secsearch", "ingest", str(corpus), "--index", str(tmp_path / "ix")],
        env={**with_faults(hang="slow.pdf"), "SECSEARCH_TIMEOUT": "60"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    # click moves past the terminal's ^C with a newline first
    assert err.strip() == "interrupted" and "Traceback" not in out


def test_errors_name_absolute_paths_and_the_option_that_fixes_them(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    try:
        result = CliRunner(env={"SECSEARCH_INDEX": "relative-index"}).invoke(main, ["stats"])
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: no index at {tmp_path / 'relative-index'}\n"
        "hint: run `secsearch ingest`, or give --index (or $SECSEARCH_INDEX) the index folder\n"
    )
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "empty"), "--index", "ix"])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: no PDF files under {tmp_path / 'empty'}\n"
        "hint: give the folder that holds the papers (or set $SECSEARCH_CORPUS)\n"
    )


def test_show_suggests_only_papers_in_the_index(sample_index: Path) -> None:
    out = run(sample_index, "show", "SECP_66_1503_04", code=2)  # cited by papers, never indexed
    suggested = re.search(r"did you mean (\S+)\?", out)
    indexed = {row["ref"] for row in json.loads(run(sample_index, "papers", "--format", "json"))}
    assert suggested is None or suggested[1] in indexed


def test_progress_estimate_leaves_out_the_start_up() -> None:
    eta = Eta(100)
    assert eta.text() == ""
    eta.first = time.monotonic() - 20.0  # the first file finished 20 s ago …
    eta.done = 21  # … and 20 more since: one a second
    assert eta.text() == "01:19 left"


# --------------------------------------------------------------------------- what users reach for


def test_papers_lists_what_is_indexed_with_the_usual_filters(sample_index: Path) -> None:
    rows = json.loads(run(sample_index, "papers", "--format", "json"))
    assert len(rows) == 30 and set(rows[0]) == {
        "ref", "date", "title", "committees", "classification", "pages", "path"
    }  # fmt: skip
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    recent = json.loads(run(sample_index, "papers", "--from", "2025", "--format", "json"))
    assert recent and all(r["date"] >= "2025-01-01" for r in recent)
    tabasc = json.loads(run(sample_index, "papers", "--committee", "TABASC", "--format", "json"))
    assert tabasc and all("TABASC" in r["committees"] for r in tabasc)
    run(sample_index, "papers", "--from", "2030", code=1)


def test_sort_and_facets(sample_index: Path) -> None:
    def dates(*args: str) -> list[str]:
        hits = json.loads(
            run(sample_index, "search", "SPOTI", "--limit", "14", "--format", "json", *args)
        )
        return [h["date"] for h in hits]

    assert dates("--sort", "date") == sorted(dates())
    assert dates("--sort", "-date") == sorted(dates(), reverse=True)
    last = run(sample_index, "search", "SPOTI", "--facets").splitlines()[-1]
    assert last.endswith("· by committee: SMKI PMA: 14")
    faceted = json.loads(run(sample_index, "search", "SPOTI", "--facets", "--format", "json"))
    assert faceted["total"] == 14 and faceted["by_committee"] == [
        {"committee": "SMKI PMA", "count": 14}
    ]
    assert {"year": "2017", "count": 2} in faceted["by_year"] and len(faceted["hits"]) == 10


def test_open_hands_the_page_link_to_the_viewer(sample_index: Path, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    viewer = f"{sys.executable} -c \"import sys; open({str(record)!r}, 'w').write(sys.argv[1])\""
    hit = json.loads(run(sample_index, "search", "SPOTI", "--format", "json"))[0]
    out = run(sample_index, "open", hit["id"], SECSEARCH_OPENER=viewer)
    assert out == f"opening {hit['link']}\n" and record.read_text() == hit["link"]
    out = run(sample_index, "open", "SECP_70_1307_08", "--page", "2", SECSEARCH_OPENER=viewer)
    assert record.read_text().endswith("2019-07-01_SECP_70_1307_08.pdf#page=2")
    assert run(sample_index, "open", "nosuch:1", code=2).startswith("Error: no passage nosuch:1")


def test_a_failed_file_is_listed_by_stats_until_it_is_fixed(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "good.pdf").write_bytes(sorted(CORPUS.glob("*.pdf"))[0].read_bytes())
    (corpus / "bad.pdf").write_text("not a pdf")
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--index", str(ix)]).exit_code == 1
    stats = run(ix, "stats")
    assert stats.endswith(
        "files that failed to ingest (tried again by every ingest):\n"
        f"  {corpus / 'bad.pdf'}: not a PDF (no %PDF header)\n"
    )
    (corpus / "bad.pdf").unlink()
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--index", str(ix)]).exit_code == 0
    assert "failed to ingest" not in run(ix, "stats")
