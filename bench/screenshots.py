"""Screenshots a reviewer can look at: the home, results (ru, kk, en), document, empty and error pages at
1280 and 390 px, from the real server over the sample corpus, in headless Debian Chromium.

    python -m bench screenshots [--out bench/results/screens]

The PNGs are not committed (.gitignore); each change to the page can be seen by running this again.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.browser import Browser
from bench.common import ROOT
from indexer.build import build_index
from indexer.embed import embed_index

PAGES = {
    "home": "/",
    "results-ru": "/?" + urllib.parse.urlencode({"q": "женщины миротворцы", "ui_lang": "ru"}),
    "results-kk": "/?" + urllib.parse.urlencode({"q": "бейбітшілік", "country": "KZ", "ui_lang": "kk"}),
    "results-en": "/?" + urllib.parse.urlencode({"q": "women mediators", "lang": "en,ru"}),
    "document": "/documents/ru-2011-almaty-krizisnyy-tsentr?" + urllib.parse.urlencode({"q": "кризисный центр"}),
    "empty": "/?" + urllib.parse.urlencode({"q": "женщины космодром", "match": "all", "ui_lang": "ru"}),
    "error": "/?" + urllib.parse.urlencode({"q": "мир", "date_from": "2020-13", "ui_lang": "kk"}),
}
WIDTHS = (1280, 390)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(index: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "search_api.cli", "serve", "--index", str(index),
                                "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=5):
                return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench screenshots")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "screens")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-screens-") as scratch:
        index = Path(scratch) / "index"
        build_index([ROOT / "corpus"], index, progress=False)
        embed_index(index)  # translations and more-like-this on the pages, before the first screenshot
        process, base = _serve(index)
        browser = Browser(chromium, base + "/", width=WIDTHS[0])
        try:
            for width in WIDTHS:
                browser.resize(width, 900)
                for name, path in PAGES.items():
                    browser.go(base + path)
                    height = browser.evaluate("document.documentElement.scrollHeight")
                    shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                        clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
                    target = args.out / f"{name}-{width}.png"
                    target.write_bytes(base64.b64decode(shot["data"]))
                    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  {path}")
        finally:
            browser.close()
            process.terminate()
            process.wait(timeout=15)
    return 0
