"""`secsearch serve` adversarially: no page, API response, download, suggestion or error shows
a word that occurs only in Amber, Red or unclassified text unless the user asks for that level;
text from papers is always escaped; no query string gives a 500; the `serve` command itself.

The papers are tests/classified_papers.py's three (reportlab), plus one whose title and text hold
HTML and script, ingested into one index through the CLI.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from secsearch.cli import main
from secsearch.serve import create_app, is_loopback, listen
from tests.classified_papers import (
    BODY,
    BOLD,
    FOOTER,
    RESTRICTED_WORDS,
    UNSTATED_PAPER,
    WHITE_PAPER,
    _header,
    _signature,
    write_classified_corpus,
)
from tests.profiles import examples
from tests.test_reliability_queries import QUERIES

MARKUP_PAPER = "SECP_91_0104_02"
SCRIPT = "<script>alert('secsearch')</script>"
MARKUP_TITLE = f"Review of {SCRIPT} & <b>bold</b> claims"


def _markup_paper(path: Path) -> None:
    def escaped(text: str) -> str:  # reportlab reads its own markup; the PDF shows this text
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list[object] = _header(MARKUP_PAPER, escaped(MARKUP_TITLE))
    story += [
        Paragraph("1. Purpose", BOLD),
        Paragraph(
            escaped(
                f"The Panel noted that a pasted {SCRIPT} tag and an <img src=x onerror=alert(1)> "
                'element, with "quotes" & ampersands, reached the DCC in March 2019.'
            ),
            BODY,
        ),
    ]
    story += _signature("1 April 2019")

    def footer(canvas: object, doc: object) -> None:
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.drawString(72, 40, FOOTER.format(level="White"))  # type: ignore[attr-defined]

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)


@pytest.fixture(scope="module")
def gated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve-gate")
    corpus = write_classified_corpus(root / "corpus")
    _markup_paper(corpus / f"{MARKUP_PAPER}.pdf")
    result = CliRunner().invoke(
        main, ["ingest", str(corpus), "--index", str(root / "index"), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    return root / "index"


@pytest.fixture(scope="module")
def client(gated: Path) -> TestClient:
    return TestClient(create_app(gated), base_url="http://127.0.0.1")


def leaked(text: str, typed: str = "") -> list[str]:
    if typed:
        text = text.replace(typed, "")
    return [w for w in RESTRICTED_WORDS if re.search(re.escape(w), text, re.I)]


SEARCHES = [
    "DCC", "review", "Security", "Incident", "Zanzibar*", "Zanzibarit", "Marmalad", "Unstatediu",
    "Crossoverit", "Panel OR appendix", "Quokka", "MP987", "QXR", "Pangolin",
]  # fmt: skip
IDENTS = ["DCC", "Panel", "MP98", "MP987", "QXR", "PYI", "SSC_999_0101_01", "Zanzibarite"]
PAGES = [
    "/papers",
    "/glossary",
    "/glossary?acronym=QXR",
    "/glossary?acronym=PYI",
    "/stats",
    f"/paper/{WHITE_PAPER}",
    f"/paper/{UNSTATED_PAPER}",
    *[f"/entities?type={t}" for t in ("MODIFICATION", "PAPER_REF", "ACRONYM", "ORG", "COMMITTEE")],
    "/api/papers",
    "/api/glossary",
    "/api/entities",
    "/api/stats",
    f"/api/papers/{WHITE_PAPER}",
    f"/api/papers/{UNSTATED_PAPER}",
]


def every_default_response(client: TestClient) -> list[tuple[str, str, str]]:
    """(url, what the user typed, body) for every page, API route and download, defaults only."""
    out = []
    for text in SEARCHES:
        for url in ("/", "/api/search", "/api/timeline"):
            out.append((f"{url}?q={text}", text, client.get(url, params={"q": text}).text))
        for fmt in ("csv", "json", "md"):
            r = client.get("/export", params={"q": text, "format": fmt})
            out.append((f"/export?q={text}&format={fmt}", text, r.text + str(r.headers)))
    for ident in IDENTS:
        for url in (f"/mentions/{ident}", f"/api/mentions/{ident}"):
            out.append((url, ident, client.get(url).text))
        r = client.get("/export", params={"ident": ident, "format": "csv"})
        out.append((f"/export?ident={ident}", ident, r.text))
    for url in PAGES:
        typed = url.partition("acronym=")[2]  # the page repeats the acronym asked for
        out.append((url, typed, client.get(url).text))
    return out


def test_nothing_restricted_shows_by_default(client: TestClient) -> None:
    responses = every_default_response(client)
    assert len(responses) == 14 * 6 + 8 * 3 + len(PAGES)
    assert [
        (url, leaked(body, typed)) for url, typed, body in responses if leaked(body, typed)
    ] == []


def test_raising_the_page_ceiling_shows_restricted_text_but_downloads_need_the_tick(
    client: TestClient,
) -> None:
    page = client.get("/", params={"q": "Zanzibarite", "classification": "red"}).text
    assert "<mark>Zanzibarite</mark>" in page
    assert "badge-red" in page
    # a download at the raised page ceiling still stops at Green without "include classified"
    plain = client.get("/export", params={"q": "Zanzibarite", "classification": "red"})
    assert leaked(plain.text) == []
    assert plain.headers["x-secsearch-summary"] == (
        "exported 0 passages; 1 Amber/Red passage held back "
        "(use --max-classification red --include-classified to show them)"
    )
    ticked = client.get(
        "/export", params={"q": "Zanzibarite", "format": "md", "include_classified": "1"}
    )
    assert "**[RED]** The Zanzibarite incident" in ticked.text
    amber_only = client.get(
        "/export",
        params={"q": "Zanzibarite OR Marmalade", "format": "csv", "include_classified": "1",
                "classification": "amber"},
    )  # fmt: skip
    assert "Marmalade" in amber_only.text and "Zanzibarite" not in amber_only.text
    api = client.get("/api/search", params={"q": "Marmalade", "include_classified": "1"}).json()
    assert [(h["classification"], h["restricted"]) for h in api["hits"]] == [("amber", True)]
    assert (
        client.get("/api/search", params={"q": "Marmalade", "classification": "red"}).json()["hits"]
        == []
    )


def test_a_pdf_holding_restricted_pages_needs_the_tick(client: TestClient) -> None:
    default = client.get(f"/paper/{WHITE_PAPER}").text
    assert "/pdf/" not in default
    assert "the PDF holds text above" in default
    red = client.get(f"/paper/{WHITE_PAPER}", params={"classification": "red"}).text
    key = re.search(r'<form action="/pdf/([0-9a-f]{64})"', red)
    assert key, red
    refused = client.get(f"/pdf/{key.group(1)}", params={"classification": "red"})
    assert refused.status_code == 404
    assert "holds RED text, above the GREEN ceiling" in refused.text
    served = client.get(
        f"/pdf/{key.group(1)}", params={"classification": "red", "include_classified": "1"}
    )
    assert served.status_code == 200 and served.content.startswith(b"%PDF")


def test_paper_text_is_always_escaped(client: TestClient) -> None:
    for url in (f"/paper/{MARKUP_PAPER}", "/?q=onerror", "/papers", "/mentions/DCC"):
        body = client.get(url).text
        assert "<script>alert" not in body and "<img src=x" not in body and "<b>bold" not in body
    paper = client.get(f"/paper/{MARKUP_PAPER}").text
    assert "<h1>Review of &lt;script&gt;alert(&#39;secsearch&#39;)&lt;/script&gt; &amp; " \
        "&lt;b&gt;bold&lt;/b&gt; claims</h1>" in paper  # fmt: skip
    assert "&lt;img src=x onerror=alert(1)&gt;" in paper
    hit = client.get("/", params={"q": "onerror"}).text
    assert "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;" in hit
    assert (
        client.get("/api/search", params={"q": "onerror"}).json()["hits"][0]["text"].count(SCRIPT)
        == 1
    )


@settings(max_examples=examples(500))
@given(query=QUERIES)
def test_no_query_string_gives_a_500(client: TestClient, query: str) -> None:
    for url in ("/", "/api/search", "/export"):
        r = client.get(url, params={"q": query})
        assert r.status_code in (200, 400), (url, query, r.text[-300:])
    r = client.get("/mentions/" + quote(query, safe=""))
    assert r.status_code in (200, 400, 404), (query, r.text[-300:])


# --------------------------------------------------------------------------- the command


def test_loopback_hosts() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost")] == [
        True
    ] * 5
    assert [is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.2", "example.org")] == [False] * 4


def test_serve_warns_on_a_host_other_machines_reach(gated: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: binding fails at once, locally.
    result = CliRunner().invoke(
        main, ["serve", "--index", str(gated), "--host", "192.0.2.1", "--port", "0"]
    )
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "warning: listening on 192.0.2.1, not only on this machine: anyone who can reach it can "
        "read the index (up to Green unless they choose more)",
        "Error: cannot listen on 192.0.2.1:0: Cannot assign requested address",
        "hint: choose another --port (0 picks a free one) or --host",
    ]


def test_serve_refuses_a_busy_port_and_a_missing_index(gated: Path, tmp_path: Path) -> None:
    busy = listen("127.0.0.1", 0)
    try:
        port = busy.sock.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index", str(gated), "--port", str(port)])
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    finally:
        busy.sock.close()
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"Error: no index at {(tmp_path / 'none').resolve()}"
    with socket.socket() as s:  # nothing was left listening
        s.bind(("127.0.0.1", 0))
