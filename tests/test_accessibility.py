"""axe-core, run in headless Debian Chromium on the real server's pages, finds no serious or critical
accessibility violation on the results (ru, kk, en), document, empty and error pages, wide and at phone width.

axe-core comes from npm into the ignored ``var/npm`` (``.ci/run`` installs it:
``npm install --prefix var/npm axe-core@4.14.1``); ``PEACESEARCH_AXE`` may point at another ``axe.min.js``.
It is injected over the DevTools protocol, which the page's Content-Security-Policy does not govern."""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path

import pytest

from search_api.page import TEXTS
from tests.servers import serving
from tests.test_browser import CHROMIUM, require_chromium

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(os.environ.get("PEACESEARCH_AXE", ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))
BLOCKING = ("serious", "critical")
PAGES = {
    "results-ru": {"q": "мир", "ui_lang": "ru"},
    "results-kk": {"q": "бейбітшілік", "ui_lang": "kk"},
    "results-en": {"q": "women", "country": "KG", "ui_lang": "en"},  # a filter: chips and a selected facet
    "empty": {"q": "zzzqqqxx", "ui_lang": "ru"},
    "error": {"q": "мир", "sort": "sideways", "ui_lang": "kk"},
}
DOCUMENT = "/documents/ru-2011-almaty-krizisnyy-tsentr?" + urllib.parse.urlencode({"q": "кризис", "ui_lang": "ru"})
RUN_AXE = """axe.run(document, {resultTypes: ['violations']}).then(r => ({
  title: document.title,
  passed: r.passes.map(p => p.id),
  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}))"""


def require_axe() -> str:
    if not AXE.is_file():
        message = f"axe-core not found at {AXE}: npm install --prefix var/npm axe-core@4.14.1"
        if os.environ.get("PEACESEARCH_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (.ci/run installs it)")
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(corpus_index, tmp_path_factory):
    """``peacesearch serve`` over the corpus on a free port of 127.0.0.1 (one worker: pages, not load)."""
    require_chromium()
    log_path = tmp_path_factory.mktemp("axe") / "server.log"
    with serving(["--index", str(corpus_index), "--workers", "1"], log_path, wait_seconds=90) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(site):
    from bench.browser import Browser

    window = Browser(CHROMIUM, site + "/", width=1280, height=900)
    yield window
    window.close()


def audit(browser, url: str, axe_source: str) -> dict:
    browser.go(url)
    browser.call("Runtime.evaluate", expression=axe_source, returnByValue=True)
    answer = browser.call("Runtime.evaluate", expression=RUN_AXE, awaitPromise=True, returnByValue=True)
    assert "exceptionDetails" not in answer, answer["exceptionDetails"]
    return answer["result"]["value"]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violation_on_any_page(site, browser, width):
    axe_source = require_axe()
    browser.resize(width, 900)
    pages = {name: "/?" + urllib.parse.urlencode(params) for name, params in PAGES.items()}
    pages["document"] = DOCUMENT
    found = {}
    for name, path in pages.items():
        report = audit(browser, site + path, axe_source)
        assert report["title"] and "color-contrast" in report["passed"] + [v["id"] for v in report["violations"]]
        assert "html-has-lang" in report["passed"] and "landmark-one-main" in report["passed"], (name, report)
        blocking = [v for v in report["violations"] if v["impact"] in BLOCKING]
        if blocking:
            found[name] = blocking
        # fixed in the page: one level-one heading on every page (the site's name on the search pages)
        assert "page-has-heading-one" not in [v["id"] for v in report["violations"]], name
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("ui_lang", ["en", "ru", "kk"])
def test_the_search_box_is_labelled_in_the_interface_language(site, browser, ui_lang):
    browser.go(site + "/?" + urllib.parse.urlencode({"q": "мир", "ui_lang": ui_lang}))
    label = browser.evaluate("document.querySelector('form[role=search] input[name=q]').getAttribute('aria-label')")
    assert label == TEXTS[ui_lang]["placeholder"]
