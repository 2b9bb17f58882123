"""The readers' page in a real browser (Debian's Chromium, headless), served by the real server."""

import os
import shutil
import subprocess
import urllib.parse

import pytest

from tests.test_server import server  # noqa: F401 - the fixture that starts the real server on a free port

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def render(url: str, tmp_path) -> str:
    if CHROMIUM is None:
        if os.environ.get("PEACESEARCH_REQUIRE_SHARED") == "1":
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed: apt-get install chromium")
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path}", "--dump-dom", url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-1000:]
    return result.stdout


def test_page_renders_results_facets_and_escaped_query(server, tmp_path):  # noqa: F811
    query = "женщинам <b>"
    dom = render(f"{server}/?" + urllib.parse.urlencode({"q": query, "match": "any", "ui_lang": "kk"}), tmp_path)
    assert 'data-facet="country"' in dom
    assert "<mark>женщин" in dom
    assert "Табылды:" in dom  # Kazakh interface labels
    assert "<b>" not in dom.split("<main>", 1)[0]  # the typed tag stays text in the search box
