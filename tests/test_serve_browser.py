"""`secsearch serve` in a real browser: headless Chromium (Debian's chromium and chromium-driver,
through Selenium) on the real command serving the sample index in a subprocess.

A person types SPOTI and sees the 14 passages counted by year, opens a hit and lands on the paper
at that passage, clicks MP067 and reads its 9 mentions oldest first, downloads the CSV, copies a
citation; with JavaScript off, the search still works. Every request the browser makes is
recorded and must go to 127.0.0.1. A screenshot of each page is saved in the test's temporary
folder. Without Chromium these tests skip, saying so; under CI they fail instead, so that CI
(whose `.ci/run` installs Chromium) always runs them.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from secsearch import query as q
from secsearch.export import CSV_COLUMNS, export_passages
from secsearch.index import open_index
from tools.browser import Server, chromium_paths, leaves_the_machine, requested_urls

pytestmark = pytest.mark.slow

SPOTI_YEARS = [
    ("2017", 2), ("2018", 2), ("2019", 0), ("2020", 2), ("2021", 2),
    ("2022", 2), ("2023", 0), ("2024", 2), ("2025", 2),
]  # fmt: skip
MP067_YEARS = [2018, 2019, 2019, 2019, 2020, 2021, 2022, 2024, 2025]


def _require_chromium() -> None:
    if chromium_paths() is None:
        reason = "no Chromium on this machine (install Debian's chromium and chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs them)")
        pytest.skip(reason)
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def server(sample_index: Path) -> Iterator[Server]:
    _require_chromium()
    running = Server(sample_index)
    yield running
    assert running.stop() == 0
    assert running.stderr() == ""


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("browser")
    out = {name: root / name for name in ("profile", "downloads", "screenshots")}
    for folder in out.values():
        folder.mkdir()
    return out


@pytest.fixture(scope="module")
def chrome(server: Server, folders: dict[str, Path]) -> Iterator[Any]:
    from tools.browser import start_chromium

    driver = start_chromium(folders["profile"], folders["downloads"])
    driver.get("about:blank")
    requested_urls(driver)  # what Chromium loaded for its own start-up page is not ours
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def only_local_requests(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, every request the browser made went to 127.0.0.1."""
    yield
    if "chrome" in request.fixturenames:
        driver = request.getfixturevalue("chrome")
        urls = requested_urls(driver)
        assert urls, "the performance log recorded no request"
        assert [u for u in urls if leaves_the_machine(u)] == []


def wait_for(driver: Any, css: str, timeout: float = 15) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def shot(driver: Any, folders: dict[str, Path], name: str) -> None:
    path = folders["screenshots"] / f"{name}.png"
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def bars(driver: Any) -> list[tuple[str, int]]:
    from selenium.webdriver.common.by import By

    return [
        (g.get_attribute("data-period"), int(g.get_attribute("data-count")))
        for g in driver.find_elements(By.CSS_SELECTOR, "figure.chart g.bar")
    ]


def search_for(driver: Any, server: Server, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server.url + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    wait_for(driver, "strong.total, p.none, div.error")


def test_typing_spoti_shows_14_passages_counted_by_year(
    chrome: Any, server: Server, folders: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    search_for(chrome, server, "SPOTI")
    assert chrome.find_element(By.CSS_SELECTOR, "strong.total").text == "14 matching passages"
    assert bars(chrome) == SPOTI_YEARS
    heights = [
        float(r.get_attribute("height"))
        for r in chrome.find_elements(By.CSS_SELECTOR, "figure.chart rect")
    ]
    assert heights[2] == heights[6] == 0 and len({h for h in heights if h}) == 1
    assert len(chrome.find_elements(By.CSS_SELECTOR, "li.hit")) == 10
    assert chrome.find_element(By.CSS_SELECTOR, "li[data-committee='SMKI PMA'] .count").text == "14"
    shot(chrome, folders, "search")
    # a bar is a link to that year
    chrome.find_element(By.CSS_SELECTOR, "g.bar[data-period='2021'] rect").click()
    wait_for(chrome, "g.bar.chosen")
    assert chrome.find_element(By.CSS_SELECTOR, "strong.total").text == "2 matching passages"
    assert bars(chrome) == [("2021", 2)]


def test_a_hit_opens_the_paper_at_its_passage(
    chrome: Any, server: Server, folders: dict[str, Path], sample_index: Path
) -> None:
    from selenium.webdriver.common.by import By

    with open_index(sample_index) as ix:
        first = q.search(ix, "SPOTI", limit=1).hits[0]
    search_for(chrome, server, "SPOTI")
    chrome.find_element(By.CSS_SELECTOR, "li.hit a.open").click()
    target_id = "p-" + first.id.replace(":", "-")
    wait_for(chrome, f"#{target_id}")
    url = urlsplit(chrome.current_url)
    assert (url.path, url.fragment) == (f"/paper/{first.paper_ref}", target_id)
    target = chrome.find_element(By.ID, target_id)
    section = target.find_element(By.XPATH, "./ancestor::section[1]")
    assert section.get_attribute("data-label") == first.section.split(" › ")[-1]
    assert target.text.startswith(first.text[:60])
    top, bottom = chrome.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", target
    )
    assert 0 <= top < bottom <= chrome.execute_script("return window.innerHeight")
    assert target.value_of_css_property("background-color") == "rgba(255, 247, 232, 1)"
    assert chrome.find_element(By.TAG_NAME, "h1").text == first.paper_title
    shot(chrome, folders, "paper")


def test_clicking_mp067_lists_its_9_mentions_oldest_first(
    chrome: Any, server: Server, folders: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    chrome.get(server.url + "/paper/SECP_70_1307_08")
    chrome.find_element(By.CSS_SELECTOR, "a.ent-modification[title='MODIFICATION: MP067']").click()
    wait_for(chrome, "strong.total")
    assert urlsplit(chrome.current_url).path == "/mentions/MP067"
    assert chrome.find_element(By.CSS_SELECTOR, "strong.total").text == "9 passages"
    years = [
        int(p.text.split(" · ")[0].split()[-1])
        for p in chrome.find_elements(By.CSS_SELECTOR, "li.hit p.where")
    ]
    assert years == MP067_YEARS
    assert [n for _, n in bars(chrome)] == [1, 3, 1, 1, 1, 0, 1, 1]
    shot(chrome, folders, "mentions")
    # the entities page links there too
    chrome.find_element(By.LINK_TEXT, "Entities").click()
    wait_for(chrome, "table.entities")
    chrome.find_element(By.LINK_TEXT, "MP067").click()
    wait_for(chrome, "strong.total")
    assert chrome.find_element(By.CSS_SELECTOR, "strong.total").text == "9 passages"


def test_the_csv_download_holds_the_exported_rows(
    chrome: Any, server: Server, folders: dict[str, Path], sample_index: Path
) -> None:
    from selenium.webdriver.common.by import By

    search_for(chrome, server, "SPOTI")
    chrome.find_element(By.CSS_SELECTOR, "form.export button[value='csv']").click()
    target = folders["downloads"] / "secsearch-SPOTI.csv"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), list(folders["downloads"].iterdir())
    with open_index(sample_index) as ix:
        expected = export_passages(ix, "csv", query="SPOTI", filters=q.make_filters())
    text = target.read_bytes().decode("utf-8")  # as written: CRLF line ends kept
    assert text == expected.content
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 14
    assert sorted(r["date"][:4] for r in rows) == sorted(
        y for y, n in SPOTI_YEARS for _ in range(n)
    )
    assert {r["classification"] for r in rows} <= {"WHITE", "GREEN"}


def test_copy_citation_button(chrome: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By

    search_for(chrome, server, "SPOTI")
    button = chrome.find_element(By.CSS_SELECTOR, "li.hit button.copy")
    assert button.is_displayed() and button.text == "Copy citation"
    button.click()
    wait_for(chrome, "li.hit button.copy")
    deadline = time.monotonic() + 5
    while button.text != "Copied" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert button.text == "Copied"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/papers", "Papers"),
        ("/glossary", "Glossary"),
        ("/entities?type=ACRONYM", "Entities"),
        ("/stats", "Index statistics"),
        ("/api/", "JSON API"),
    ],
)
def test_other_pages(
    chrome: Any, server: Server, folders: dict[str, Path], path: str, heading: str
) -> None:
    from selenium.webdriver.common.by import By

    chrome.get(server.url + path)
    assert chrome.find_element(By.TAG_NAME, "h1").text == heading
    assert chrome.get_log("browser") == []  # no script error, no refused resource
    shot(chrome, folders, path.strip("/").split("?")[0].replace("/", "-") or "home")


def test_search_works_without_javascript(
    server: Server, tmp_path: Path, sample_index: Path
) -> None:
    from selenium.webdriver.common.by import By

    from tools.browser import start_chromium

    driver = start_chromium(tmp_path / "profile", tmp_path / "downloads", javascript=False)
    try:
        search_for(driver, server, "SPOTI")
        assert driver.find_element(By.CSS_SELECTOR, "strong.total").text == "14 matching passages"
        assert bars(driver) == SPOTI_YEARS
        copy = driver.find_element(By.CSS_SELECTOR, "li.hit button.copy")
        assert not copy.is_displayed()  # only the script shows it
        driver.find_element(By.CSS_SELECTOR, "li.hit a.open").click()
        wait_for(driver, "article.paper")
        assert urlsplit(driver.current_url).path.startswith("/paper/")
    finally:
        driver.quit()
