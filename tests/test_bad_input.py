"""Bad input gets a clear answer and loses nothing: bad records are skipped with file, line and reason
while the rest is indexed; bad requests get a 4xx in the one error shape; stored links cannot run script."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import time
from html.parser import HTMLParser

import pytest
from falcon import testing

from indexer.build import rebuild
from indexer.document import Skipped
from indexer.sources.frontmatter import parse_frontmatter_text
from search_api.app import create_app
from search_api.config import AppConfig

TOKEN = "t"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON_PUT = {**AUTH, "Content-Type": "application/json"}
MARKDOWN_PUT = {**AUTH, "Content-Type": "text/markdown"}
GOOD_DOC = {"title": "Water users meet in Batken", "body": "Farmers of Batken and Isfara agreed on water turns.",
            "lang": "en"}


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": each level nine aliases of the one before (9**9 strings once walked)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for level in range(1, levels):
        lines.append(f"{names[level]}: &{names[level]} [" + ",".join([f"*{names[level - 1]}"] * 9) + "]")
    return "---\ntitle: Laughs\n" + "\n".join(lines) + "\n---\nA short text about peace talks in Osh.\n"


@pytest.fixture
def lexical(monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")  # word indexing only: these tests are about input


@pytest.fixture
def site(tmp_path, lexical):
    """An index of three documents, one with a javascript: link, and an editing-enabled client over it."""
    source = tmp_path / "src"
    source.mkdir()
    records = [
        {"id": "safe", "title": "Women mediators in Osh", "body": "Women mediators of Osh met elders about water.",
         "lang": "en", "source_url": "https://example.org/osh-mediators"},
        {"id": "script", "title": "Mediators trained in Batken", "body": "Mediators in Batken trained elders.",
         "lang": "en", "source_url": "javascript:alert(document.cookie)"},
        {"id": "data", "title": "Mediators and elders in Isfara", "body": "Mediators and elders of Isfara met.",
         "lang": "en", "source_url": " DATA:text/html,<script>alert(1)</script>"},
    ]
    (source / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    rebuild([source], tmp_path / "index", progress=False)
    config = AppConfig(index_dir=tmp_path / "index", token=TOKEN, max_body_bytes=300_000, warm_up=False)
    return testing.TestClient(create_app(config)), tmp_path


def assert_error(response, status: int, param: str | None = None, says: str = "") -> None:
    """The one error shape: {"error": {"status", "param", "message"}}, as JSON."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json["error"]
    assert set(error) == {"status", "param", "message"}
    assert error["status"] == status and error["param"] == param
    assert says in error["message"] and error["message"]


# --- files the indexer reads ---------------------------------------------------------------------


def test_lone_surrogate_in_a_json_line_skips_that_line_and_indexes_the_rest(tmp_path, lexical):
    lines = tmp_path / "docs.jsonl"
    good = json.dumps({"id": "first", **GOOD_DOC})
    bad = '{"id": "broken", "title": "Talks in Osh \\ud800", "body": "Elders met in Osh.", "lang": "en"}'
    last = json.dumps({"id": "last", **GOOD_DOC, "title": "Youth forum in Osh"})
    lines.write_text("\n".join([good, bad, last]) + "\n", encoding="utf-8")
    report = rebuild([lines], tmp_path / "index", progress=False)
    assert report.skipped == [{"origin": f"{lines}:2", "reason": report.skipped[0]["reason"]}]
    assert "surrogate" in report.skipped[0]["reason"] and "'title'" in report.skipped[0]["reason"]
    assert report.index_size == 2


def test_lone_surrogate_in_front_matter_skips_that_file_and_indexes_the_rest(tmp_path, lexical):
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.md").write_text("---\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people met.", "utf-8")
    bad = source / "bad.md"
    bad.write_text('---\nlang: en\ntitle: "Broken \\ud800 title"\n---\nElders met in Osh.\n', encoding="utf-8")
    report = rebuild([source], tmp_path / "index", progress=False)
    assert [item["origin"] for item in report.skipped] == [f"{bad}:3"]  # the title's line of the file
    assert "surrogate" in report.skipped[0]["reason"]
    assert report.index_size == 1


def test_yaml_alias_bomb_is_refused_within_a_second():
    started = time.perf_counter()
    item = parse_frontmatter_text(alias_bomb(), default_id="bomb", origin="bomb.md")
    assert time.perf_counter() - started < 1.0
    assert isinstance(item, Skipped)
    assert item.origin == "bomb.md:4" and "aliases" in item.reason  # the first '*a' is on the file's 4th line


def test_alias_bomb_file_is_skipped_and_the_others_indexed(tmp_path, lexical):
    source = tmp_path / "src"
    source.mkdir()
    (source / "bomb.md").write_text(alias_bomb(), encoding="utf-8")
    (source / "good.md").write_text("---\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people met.", "utf-8")
    report = rebuild([source], tmp_path / "index", progress=False)
    assert [item["origin"] for item in report.skipped] == [f"{source / 'bomb.md'}:4"]
    assert report.index_size == 1


def test_deeply_nested_json_line_is_skipped_not_fatal(tmp_path, lexical):
    lines = tmp_path / "docs.jsonl"
    lines.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", **GOOD_DOC}) + "\n", encoding="utf-8")
    report = rebuild([lines], tmp_path / "index", progress=False)
    assert [item["origin"] for item in report.skipped] == [f"{lines}:1"]
    assert report.index_size == 1


# --- request bodies ------------------------------------------------------------------------------


def test_deep_json_put_is_a_fast_400(site):
    client, _ = site
    started = time.perf_counter()
    response = client.simulate_put("/api/v1/documents/deep", body="[" * 100_000 + "]" * 100_000, headers=JSON_PUT)
    assert time.perf_counter() - started < 1.0
    assert_error(response, 400, says="nested")


def test_lone_surrogate_in_a_json_put_is_400(site):
    client, _ = site
    body = '{"title": "Talks \\ud800 in Osh", "body": "Elders met.", "lang": "en"}'
    assert_error(client.simulate_put("/api/v1/documents/s", body=body, headers=JSON_PUT), 400, says="surrogate")


def test_lone_surrogate_and_alias_bomb_in_a_markdown_put_are_400(site):
    client, _ = site
    markdown = '---\ntitle: "Talks \\ud800 in Osh"\n---\nElders met.'
    assert_error(client.simulate_put("/api/v1/documents/s", body=markdown, headers=MARKDOWN_PUT), 400,
                 says="surrogate")
    started = time.perf_counter()
    response = client.simulate_put("/api/v1/documents/bomb", body=alias_bomb(), headers=MARKDOWN_PUT)
    assert time.perf_counter() - started < 1.0
    assert_error(response, 400, says="aliases")


@pytest.mark.parametrize("doc_id", ["a%00b", "a%01b", "tab%09id", "x" * 201, "a%5Cb"])
def test_control_characters_slashes_and_long_ids_are_400(site, doc_id):
    client, _ = site
    response = client.simulate_put(f"/api/v1/documents/{doc_id}", body=json.dumps(GOOD_DOC), headers=JSON_PUT)
    assert_error(response, 400, param="doc_id")


def test_malformed_json_and_invalid_utf8_are_400(site):
    client, _ = site
    assert_error(client.simulate_put("/api/v1/documents/m", body='{"title": ', headers=JSON_PUT), 400,
                 says="malformed JSON")
    assert_error(client.simulate_put("/api/v1/documents/m", body=b"\xff\xfe{}", headers=JSON_PUT), 400,
                 says="UTF-8")


def _put_chunked(client, doc_id: str, body: bytes) -> testing.Result:
    """A PUT as gunicorn hands a chunked request to the app: no Content-Length, the decoded body in
    wsgi.input, which ends with b"" (``wsgi.input_terminated``)."""
    environ = testing.create_environ(method="PUT", path=f"/api/v1/documents/{doc_id}",
                                     headers={**JSON_PUT, "Transfer-Encoding": "chunked"})
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.input_terminated"] = True
    start = testing.StartResponseMock()
    chunks = client.app(environ, start)
    return testing.Result(chunks, start.status, start.headers)


def test_chunked_put_body_is_read(site):
    client, _ = site
    response = _put_chunked(client, "chunked", json.dumps(GOOD_DOC).encode())
    assert response.status_code in (200, 201), response.text
    assert client.simulate_get("/api/v1/documents/chunked").json["title"] == GOOD_DOC["title"]


def test_chunked_put_over_the_limit_is_413(site):
    client, _ = site
    body = json.dumps({**GOOD_DOC, "body": "word " * 80_000}).encode()  # 400 KB, the limit is 300 KB
    response = _put_chunked(client, "big", body)
    assert response.status_code == 413 and response.json["error"]["status"] == 413


# --- the page, headers, health, errors -----------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href"]
        self._in_style = tag == "style"
        assert not any(name == "style" for name, _ in attrs), "a style attribute the CSP would block"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def test_only_http_links_are_rendered(site):
    client, _ = site
    page = client.simulate_get("/", params={"q": "mediators"})
    assert page.status_code == 200 and "Mediators trained in Batken" in page.text
    links = _Links()
    links.feed(page.text)
    assert "https://example.org/osh-mediators" in links.hrefs
    assert "/documents/script?q=mediators" in links.hrefs and "/documents/data?q=mediators" in links.hrefs
    assert not [href for href in links.hrefs if not href.startswith(("/", "https://", "http://"))]
    assert "javascript:" not in page.text.lower()


def test_security_headers_on_every_response(site):
    client, _ = site
    page = client.simulate_get("/", params={"q": "mediators"})
    for response in (page, client.simulate_get("/api/v1/search", params={"q": "osh"}),
                     client.simulate_get("/no/such/route"), client.simulate_get("/health")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] in ("no-referrer", "same-origin", "strict-origin")
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "http" not in policy
    # The page's stylesheet is the one the policy allows by hash: the page is styled, nothing else is.
    links = _Links()
    links.feed(page.text)
    digest = base64.b64encode(hashlib.sha256(links.styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["content-security-policy"]


def test_health_shows_no_server_path(site):
    client, tmp_path = site
    response = client.simulate_get("/health")
    assert response.status_code == 200
    assert response.json["documents"] == 3 and response.json["generation"]
    assert str(tmp_path) not in response.text and "/" not in "".join(str(v) for v in response.json.values())


def test_every_error_has_one_json_shape(site):
    client, _ = site
    assert_error(client.simulate_get("/no/such/route"), 404)
    assert_error(client.simulate_get("/api/v1/search", params={"sort": "sideways"}), 400, param="sort")
    assert_error(client.simulate_post("/api/v1/search", body="q=x",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)
    assert_error(client.simulate_put("/api/v1/documents/big", body=json.dumps({**GOOD_DOC, "body": "w " * 200_000}),
                                     headers=JSON_PUT), 413)
    assert_error(client.simulate_get("/api/v1/documents/nothing-here"), 404)


def test_unserved_methods_are_405_with_only_served_methods_allowed(site):
    client, _ = site
    for method, path, allowed in (("DELETE", "/api/v1/search", {"GET", "POST"}), ("OPTIONS", "/health", {"GET"}),
                                  ("PATCH", "/api/v1/documents/safe", {"GET", "PUT", "DELETE"})):
        response = client.simulate_request(method, path, headers=AUTH)
        assert_error(response, 405)
        assert set(re.split(r",\s*", response.headers["allow"])) == allowed


def test_post_search_answers_as_get_does(site):
    client, _ = site
    by_get = client.simulate_get("/api/v1/search", params={"q": "mediators", "lang": "en", "facets": "country"})
    by_post = client.simulate_post("/api/v1/search", json={"q": "mediators", "lang": ["en"], "facets": "country"})
    assert by_post.status_code == 200 and by_post.json == by_get.json
    assert by_post.json["total"] == 3
    assert_error(client.simulate_post("/api/v1/search", json={"q": "osh", "colour": "red"}), 400, param="colour")
    assert_error(client.simulate_post("/api/v1/search", json={"q": {"nested": 1}}), 400, param="q")
    assert_error(client.simulate_post("/api/v1/search", json=["osh"]), 400)
    assert_error(client.simulate_post("/api/v1/search", json={"limit": 500}), 400, param="limit")
