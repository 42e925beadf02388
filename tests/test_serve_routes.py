"""`secsearch serve`, route by route, through Starlette's test client over the sample index: status
codes, what each page and API route holds, errors as the CLI words them, downloads from the
export code, the PDF route, safety headers, and a re-ingest seen by the running app.

The app is the real one over a real index; the expected values come from the sample corpus's
known figures or from the library and CLI answering the same question.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from secsearch import query as q
from secsearch.cli import main
from secsearch.export import CSV_COLUMNS, export_passages
from secsearch.index import open_index
from secsearch.serve import create_app

ROOT = Path(__file__).resolve().parent.parent
SPOTI_YEARS = [
    ("2017", 2), ("2018", 2), ("2019", 0), ("2020", 2), ("2021", 2),
    ("2022", 2), ("2023", 0), ("2024", 2), ("2025", 2),
]  # fmt: skip
MP067_YEARS = [
    ("2018", 1), ("2019", 3), ("2020", 1), ("2021", 1), ("2022", 1),
    ("2023", 0), ("2024", 1), ("2025", 1),
]  # fmt: skip


@pytest.fixture(scope="module")
def client(sample_index: Path) -> TestClient:
    return TestClient(create_app(sample_index), base_url="http://127.0.0.1")


def bars(page: str) -> list[tuple[str, int]]:
    """The year chart's bars: (period, count) in the order drawn."""
    found = re.findall(r'class="bar[^"]*" data-period="([^"]+)" data-count="(\d+)"', page)
    return [(p, int(n)) for p, n in found]


def hit_links(page: str) -> list[str]:
    return re.findall(r'<a class="open" href="([^"]+)"', page)


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, entities decoded."""
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def error_lines(page: str) -> list[str]:
    block = re.search(r'<div class="error" role="alert">(.*?)</div>', page, re.S)
    assert block, page
    return [text_of(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", block.group(1), re.S)]


# --------------------------------------------------------------------------- search


def test_search_page_counts_spoti_by_year_and_committee(client: TestClient) -> None:
    r = client.get("/", params={"q": "SPOTI"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert '<strong class="total" data-total="14">14 matching passages</strong>' in r.text
    assert bars(r.text) == SPOTI_YEARS
    assert re.findall(
        r'<li data-committee="([^"]+)">.*?<span class="count">(\d+)</span>', r.text
    ) == [("SMKI PMA", "14")]
    assert len(hit_links(r.text)) == 10
    assert 'rel="next" href="/?q=SPOTI&amp;page=2"' in r.text


def test_search_page_shows_the_librarys_hits_with_citations(
    client: TestClient, sample_index: Path
) -> None:
    page = client.get("/", params={"q": "SPOTI"}).text
    with open_index(sample_index) as ix:
        expected = q.search(ix, "SPOTI", limit=10).hits
    cited = [text_of(c) for c in re.findall(r"<cite>(.*?)</cite>", page)]
    assert cited == [h.citation for h in expected]
    first = expected[0]
    key, seq = first.id.split(":")
    assert hit_links(page)[0] == f"/paper/{first.paper_ref}#p-{key}-{seq}"
    # matched words marked, the copy button carries the citation
    assert "<mark>SPOTI</mark>" in page
    assert f'data-citation="{first.citation}"' in page


def test_search_pages_sorts_and_filters(client: TestClient) -> None:
    second = client.get("/", params={"q": "SPOTI", "page": 2}).text
    assert '<ol class="hits" start="11">' in second
    assert len(hit_links(second)) == 4
    oldest = client.get("/", params={"q": "SPOTI", "sort": "date"}).text
    newest = client.get("/", params={"q": "SPOTI", "sort": "-date"}).text
    years = [int(y) for y in re.findall(r'<p class="where">\d+ \w+ (\d{4})', oldest)]
    assert years == sorted(years) and years[0] == 2017
    years = [int(y) for y in re.findall(r'<p class="where">\d+ \w+ (\d{4})', newest)]
    assert years == sorted(years, reverse=True) and years[0] == 2025
    one_year = client.get("/", params={"q": "SPOTI", "from": "2018", "to": "2018"}).text
    assert 'data-total="2"' in one_year
    assert bars(one_year) == [("2018", 2)]
    assert 'class="bar chosen" data-period="2018"' in one_year
    one_paper = client.get("/", params={"q": "SPOTI", "paper": "SECP_99_0512_24"}).text
    assert 'data-total="2"' in one_paper
    assert {link.split("#")[0] for link in hit_links(one_paper)} == {"/paper/SECP_99_0512_24"}
    ssc = client.get("/", params={"q": "SPOTI", "committee": "SSC"}).text
    assert "no results" in ssc


def test_did_you_mean_links_to_the_corrected_search(client: TestClient) -> None:
    page = client.get("/", params={"q": "SPOTT"}).text
    assert '<p class="none">no results</p>' in page
    assert 'did you mean: <a href="/?q=SPOTI">SPOTI</a>' in page


@pytest.mark.parametrize(
    "query",
    ["SPOTI AND (", '"SMKI Portal', "SPOTI)", "AND DCC", "DCC OR", " ", "word " * 70],
)
def test_bad_queries_get_the_clis_error_and_hint(client: TestClient, query: str) -> None:
    r = client.get("/", params={"q": query})
    if not query.strip():
        assert r.status_code == 200 and "matching passage" not in r.text  # an empty box
        return
    assert r.status_code == 400
    with_index = CliRunner().invoke(
        main, ["search", "--index", str(client.app.state.index.path), "--", query]
    )
    assert with_index.exit_code == 2, with_index.output  # a bad query is an error
    assert error_lines(r.text) == with_index.output.splitlines()
    api = client.get("/api/search", params={"q": query})
    assert api.status_code == 400
    expected = with_index.output.splitlines()
    assert api.json() == {
        "error": expected[0].removeprefix("Error: "),
        "hint": expected[1].removeprefix("hint: "),
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "SPOTI", "page": "x"}, "Error: invalid value for page: Input should be a valid "
         "integer, unable to parse string as an integer"),
        ({"q": "SPOTI", "page": "0"}, "Error: invalid value for page: Input should be greater "
         "than or equal to 1"),
        ({"q": "SPOTI", "from": "2019-13"}, "Error: from '2019-13' is not a date"),
        ({"q": "SPOTI", "committee": "Nope"}, "Error: unknown committee 'Nope'"),
        ({"q": "SPOTI", "classification": "purple"}, "Error: unknown classification 'purple'"),
        ({"q": "SPOTI", "sort": "size"}, "Error: invalid value for sort: Input should be "
         "'relevance', 'date' or '-date'"),
    ],
)  # fmt: skip
def test_bad_parameters_are_one_line_not_a_500(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    r = client.get("/", params=params)
    assert r.status_code == 400
    assert error_lines(r.text)[0] == message


# --------------------------------------------------------------------------- mentions


def test_mentions_page_lists_mp067_oldest_first(client: TestClient, sample_index: Path) -> None:
    r = client.get("/mentions/MP067")
    assert r.status_code == 200
    assert '<strong class="total" data-total="9">9 passages</strong> mention MP067' in r.text
    assert bars(r.text) == MP067_YEARS
    with open_index(sample_index) as ix:
        expected = q.mentions(ix, "MP067").hits
    cited = [text_of(c) for c in re.findall(r"<cite>(.*?)</cite>", r.text)]
    assert cited == [h.citation for h in expected]
    assert [h.date for h in expected] == sorted(h.date for h in expected if h.date)
    # any spelling finds the same passages
    assert 'data-total="9"' in client.get("/mentions/SECMP0067").text


def test_a_modifications_page_shows_its_history(client: TestClient) -> None:
    # Any spelling gives the same steps, in date order, each citing the passage that states it:
    # the events `secsearch history MP067` prints (hand-checked against the sample's plan).
    pages = [client.get(f"/mentions/{s}").text for s in ("MP067", "SECMP0067", "mp67")]
    sections = [t[t.index('<section class="history"') : t.index("</section>")] for t in pages]
    assert sections[0] == sections[1] == sections[2]
    steps = re.findall(r'<span class="date">(.*?)</span> <strong>(.*?)</strong>', sections[0])
    assert steps == [
        ("2018-09-04", "raised"),
        ("2019-05-15", "DCC Impact Assessment"),
        ("2019-07-01", "refinement (Working Group)"),
        ("2019-07-01", "Modification Report"),
        ("2020-02-27", "implemented (February 2020 SEC Release)"),
    ]
    assert (
        "status: <strong>implemented (February 2020 SEC Release)</strong>, 2020-02-27"
        in (sections[0])
    )
    assert 'href="/paper/SECP_70_1307_08#p-' in sections[0]
    # An acronym has mentions but no lifecycle.
    assert '<section class="history"' not in client.get("/mentions/SPOTI").text


def test_mentions_of_an_unknown_id_suggest_a_close_one(client: TestClient) -> None:
    r = client.get("/mentions/SPOTJ")
    assert r.status_code == 404
    assert "no passages mention SPOTJ" in r.text
    assert 'did you mean: <a href="/mentions/SPOTI">SPOTI</a>' in r.text


# --------------------------------------------------------------------------- paper and PDF


def test_paper_page_shows_identity_outline_and_linked_passages(
    client: TestClient, sample_index: Path
) -> None:
    r = client.get("/paper/SECP_70_1307_08")
    assert r.status_code == 200
    page = r.text
    assert "<h1>SECMP 0067 ‘Service Request Traffic Management’ – Modification Report</h1>" in page
    assert '<dd class="ref">SECP_70_1307_08</dd>' in page
    assert "<dd>1 July 2019</dd>" in page and "<dd>For Decision</dd>" in page
    assert "Appendix B – Consultation Responses" in page
    outline = re.findall(r'<li class="lvl(\d)"><a href="#[^"]+">([^<]+)</a>', page)
    with open_index(sample_index) as ix:
        shown = q.show(ix, "SECP_70_1307_08").papers[0]
        passages = q.mentions(ix, "MP067").hits
    assert outline == [(str(s.level), s.label) for s in shown.sections]
    assert '<a class="ent ent-modification" href="/mentions/MP067" title="MODIFICATION: MP067">' \
        "SECMP 0067</a>" in page  # fmt: skip
    # every hit of this paper lands on an element of this page
    for hit in passages:
        if hit.paper_ref == "SECP_70_1307_08":
            assert f'id="p-{hit.id.replace(":", "-")}"' in page
    assert page.count('class="passage"') == sum(s.passages for s in shown.sections)


def test_pdf_is_served_by_its_key_at_a_page(client: TestClient) -> None:
    page = client.get("/paper/SECP_70_1307_08").text
    links = re.findall(r'href="(/pdf/([0-9a-f]{64}))#page=(\d+)"', page)
    assert links, page
    url, key, _ = links[0]
    pdf = ROOT / "corpus" / "2019-07-01_SECP_70_1307_08.pdf"
    assert key == hashlib.sha256(pdf.read_bytes()).hexdigest()
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content == pdf.read_bytes()


PASSWD_SHA = hashlib.sha256(b"root:x:0:0:root:/root:/bin/bash\n").hexdigest()


@pytest.mark.parametrize(
    "url",
    [
        "/pdf/../../../../etc/passwd",
        "/pdf/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/pdf/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/pdf/%252e%252e%252fetc%252fpasswd",
        "/pdf//etc/passwd",
        "/pdf/corpus%2F2019-07-01_SECP_70_1307_08.pdf",
        "/pdf/2019-07-01_SECP_70_1307_08.pdf",
        f"/pdf/{PASSWD_SHA}",
        "/pdf/" + "0" * 64,
        "/pdf/" + "A" * 64,
        "/pdf/" + "a" * 63,
        "/pdf/" + "a" * 65,
        "/static/../../../../etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/app.py",
        "/static/../app.py",
        "/paper/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_no_path_outside_the_corpus_can_be_requested(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404, url
    assert b"root:" not in r.content and b"import" not in r.content
    assert r.headers["content-type"].startswith("text/html")


def test_a_changed_or_moved_pdf_is_not_served(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = corpus / "2019-07-01_SECP_70_1307_08.pdf"
    shutil.copy(ROOT / "corpus" / pdf.name, pdf)
    ingest(corpus, tmp_path / "index")
    client = TestClient(create_app(tmp_path / "index"), base_url="http://127.0.0.1")
    key = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert client.get(f"/pdf/{key}").status_code == 200
    pdf.write_bytes(pdf.read_bytes() + b"\n% changed\n")
    r = client.get(f"/pdf/{key}")
    assert r.status_code == 404
    assert error_lines(r.text) == [
        f"Error: the PDF at {pdf} has changed since it was indexed",
        "hint: run `secsearch ingest` to index the new version",
    ]
    pdf.unlink()
    assert "is no longer at" in error_lines(client.get(f"/pdf/{key}").text)[0]


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_downloads_come_from_the_export_code(
    client: TestClient, sample_index: Path, fmt: str
) -> None:
    r = client.get("/export", params={"q": "SPOTI", "format": fmt})
    assert r.status_code == 200
    with open_index(sample_index) as ix:
        filters = q.make_filters(leaves_the_tool=True)
        expected = export_passages(ix, fmt, query="SPOTI", filters=filters)  # type: ignore[arg-type]
    assert r.content.decode("utf-8") == expected.content
    extension = {"csv": "csv", "json": "json", "md": "md"}[fmt]
    assert r.headers["content-disposition"] == f'attachment; filename="secsearch-SPOTI.{extension}"'
    assert r.headers["x-secsearch-summary"] == "exported 14 passages"


def test_csv_download_rows(client: TestClient) -> None:
    import csv
    import io

    r = client.get("/export", params={"ident": "MP067", "format": "csv"})
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 9
    assert [r["date"][:4] for r in rows] == ["2018", "2019", "2019", "2019", "2020", "2021",
                                             "2022", "2024", "2025"]  # fmt: skip
    assert {r["restricted"] for r in rows} == {"no"}


# --------------------------------------------------------------------------- other pages, API


@pytest.mark.parametrize(
    ("url", "contains"),
    [
        ("/", 'name="q"'),
        ("/papers", '<strong class="total" data-total="30">30 papers</strong>'),
        ("/papers?from=2019&to=2019", 'data-total="3">3 papers</strong>'),
        ("/glossary", "SMKI Portal via The Internet"),
        ("/glossary?acronym=CPL", "Central Products List"),
        ("/entities", 'href="/mentions/MP067"'),
        ("/entities?type=MILESTONE", ">SMETS1 IOC</a></td><td>11</td>"),
        ("/stats", '<dd data-stat="papers">30</dd>'),
        ("/api/", "<code>GET /api/search</code>"),
    ],
)
def test_pages_answer(client: TestClient, url: str, contains: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert contains in r.text


def test_api_uses_the_clis_json_field_names(client: TestClient, sample_index: Path) -> None:
    cli = CliRunner().invoke(
        main, ["search", "SPOTI", "--format", "json", "--index", str(sample_index)]
    )
    cli_hits = json.loads(cli.stdout)
    api = client.get("/api/search", params={"q": "SPOTI"}).json()
    assert api["total"] == 14
    assert api["by_year"] == {y: n for y, n in SPOTI_YEARS if n}
    assert api["by_committee"] == {"SMKI PMA": 14}
    assert api["ceiling"] == "green"
    assert api["hits"] == cli_hits
    stats = client.get("/api/stats").json()
    cli_stats = CliRunner().invoke(
        main, ["stats", "--format", "json", "--index", str(sample_index)]
    )
    assert stats == json.loads(cli_stats.stdout)
    mentions = client.get("/api/mentions/MP067").json()
    assert [h["date"][:4] for h in mentions["hits"]][:2] == ["2018", "2019"]
    assert mentions["total"] == 9
    paper = client.get("/api/papers/SECP_70_1307_08").json()
    cli_show = CliRunner().invoke(
        main, ["show", "SECP_70_1307_08", "--format", "json", "--index", str(sample_index)]
    )
    assert [p["outline"] for p in paper] == [json.loads(cli_show.stdout)]
    spec = client.get("/api/openapi.json").json()
    assert sorted(spec["paths"]) == [
        "/api/entities", "/api/glossary", "/api/mentions/{ident}", "/api/papers",
        "/api/papers/{ident}", "/api/search", "/api/stats", "/api/timeline",
    ]  # fmt: skip


def test_server_is_read_only_and_answers_loopback_names_only(client: TestClient) -> None:
    assert client.post("/", data={"q": "SPOTI"}).status_code == 405
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for url in ["/?q=SPOTI", "/paper/SECP_70_1307_08", "/mentions/MP067", "/papers", "/api/"]:
        r = client.get(url)
        assert r.headers["content-security-policy"].startswith("default-src 'none'")
        assert r.headers["x-content-type-options"] == "nosniff"
        sources = re.findall(r'(?:src|href)="([^"#]+)', r.text)
        assert [s for s in sources if not s.startswith("/") and not s.startswith("data:")] == []
        assert re.match(r"app;dur=\d+\.\d$", r.headers["server-timing"])


# --------------------------------------------------------------------------- re-ingest


def ingest(corpus: Path, index_dir: Path) -> str:
    result = CliRunner().invoke(
        main, ["ingest", str(corpus), "--index", str(index_dir), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_reingest_shows_at_the_next_request(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["2018-10-12_SECP_61_2410_12.pdf", "2021-11-26_SECP_99_0512_24.pdf"]
    shutil.copy(ROOT / "corpus" / names[0], corpus)
    ingest(corpus, tmp_path / "index")
    client = TestClient(create_app(tmp_path / "index"), base_url="http://127.0.0.1")
    assert 'data-total="2"' in client.get("/", params={"q": "SPOTI"}).text
    assert '<dd data-stat="papers">1</dd>' in client.get("/stats").text
    shutil.copy(ROOT / "corpus" / names[1], corpus)
    ingest(corpus, tmp_path / "index")
    assert 'data-total="4"' in client.get("/", params={"q": "SPOTI"}).text
    assert '<dd data-stat="papers">2</dd>' in client.get("/stats").text
    ingest_rebuild = CliRunner().invoke(
        main, ["ingest", str(corpus), "--index", str(tmp_path / "index"), "--rebuild"]
    )
    assert ingest_rebuild.exit_code == 0
    (corpus / names[0]).unlink()
    ingest(corpus, tmp_path / "index")
    assert 'data-total="2"' in client.get("/", params={"q": "SPOTI"}).text
    assert client.get("/paper/SECP_61_2410_12").status_code == 404
