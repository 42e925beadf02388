"""The README's screenshot: the search page for SPOTI over the sample corpus, in headless Chromium.

    python -m tools.screenshot [OUT]        (default docs/search.png; needs the `test` extra)

Ingests `corpus/` into a temporary index, runs `secsearch serve` on it and saves the page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tools.browser import Server, start_chromium

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "search.png"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "secsearch", "ingest", str(ROOT / "corpus"), "--index",
             str(work / "index")],
            check=True,
        )  # fmt: skip
        server = Server(work / "index")
        chrome = start_chromium(work / "profile", work / "downloads", width=1280, height=1100)
        try:
            chrome.get(server.url + "/?q=SPOTI")
            out.parent.mkdir(parents=True, exist_ok=True)
            chrome.save_screenshot(str(out))
        finally:
            chrome.quit()
            server.stop()
    print(f"saved {out}")


if __name__ == "__main__":
    main()
