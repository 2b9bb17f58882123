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


def require_chromium() -> None:
    if CHROMIUM is None:
        if os.environ.get("PEACESEARCH_REQUIRE_SHARED") == "1":
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed: apt-get install chromium")


def render(url: str, tmp_path) -> str:
    require_chromium()
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


@pytest.fixture
def phone(server):  # noqa: F811
    """A 390 px wide Chromium window (an ordinary phone) on the real server."""
    require_chromium()
    from bench.browser import Browser

    browser = Browser(CHROMIUM, server + "/", width=390, height=844)
    yield browser
    browser.close()


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_phone_pages_have_no_sideways_scroll(server, phone):  # noqa: F811
    pages = {
        "results": "/?" + urllib.parse.urlencode({"q": "мир", "ui_lang": "kk"}),
        "filtered": "/?" + urllib.parse.urlencode({"q": "women", "country": "KG,TJ", "lang": "en"}),
        "empty": "/?" + urllib.parse.urlencode({"q": "zzzqqq", "ui_lang": "ru"}),
        "error": "/?" + urllib.parse.urlencode({"q": "мир", "sort": "sideways", "ui_lang": "ru"}),
        "document": "/documents/ru-2011-almaty-krizisnyy-tsentr?" + urllib.parse.urlencode({"q": "кризис"}),
    }
    for name, path in pages.items():
        phone.go(server + path)
        assert phone.evaluate("window.innerWidth") == 390
        assert phone.evaluate(NO_SIDEWAYS_SCROLL), (name, phone.evaluate("document.documentElement.scrollWidth"))


def test_phone_folds_facets_behind_a_button(server, phone):  # noqa: F811
    phone.go(server + "/?" + urllib.parse.urlencode({"q": "мир"}))
    facets_seen = "document.querySelector('ul[data-facet=country]').checkVisibility()"
    summary = "document.querySelector('details.facets > summary')"
    assert phone.evaluate(facets_seen) is False  # folded
    assert phone.evaluate(f"{summary}.getBoundingClientRect().height") >= 44  # a touch-sized button
    phone.evaluate(f"{summary}.click()")
    assert phone.evaluate(facets_seen) is True  # unfolded by the button
    phone.resize(1280, 900)
    phone.go(server + "/?" + urllib.parse.urlencode({"q": "мир"}))
    assert phone.evaluate(facets_seen) is True and phone.evaluate(f"{summary}.checkVisibility()") is False
