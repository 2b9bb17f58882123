"""The HTTP contract: JSON search, documents, health, errors that say what to fix, escaped HTML."""

import pytest
from falcon import testing

from indexer.build import build_index
from search_api.app import create_app
from search_api.config import AppConfig


def test_search_returns_the_documented_shape(client):
    response = client.simulate_get("/api/v1/search", params={"q": "женщины", "limit": "2"})
    assert response.status_code == 200
    body = response.json
    assert set(body) >= {"total", "limit", "offset", "hits", "facets"}
    assert body["limit"] == 2 and body["offset"] == 0 and len(body["hits"]) == 2
    assert set(body["hits"][0]) >= {"id", "title", "snippet", "lang", "countries", "themes", "date", "url", "score"}
    assert set(body["facets"]) == {"country", "theme", "lang", "year"}
    country = body["facets"]["country"][0]
    assert set(country) >= {"value", "label", "count"}


def test_repeated_and_comma_separated_filters(client):
    repeated = client.simulate_get("/api/v1/search", query_string="country=KG&country=TJ&limit=100").json
    commas = client.simulate_get("/api/v1/search", query_string="country=KG,TJ&limit=100").json
    assert repeated["total"] == commas["total"] > 0


def test_labels_follow_ui_lang(client):
    body = client.simulate_get("/api/v1/search", params={"country": "KZ", "ui_lang": "ru"}).json
    labels = {f["value"]: f["label"] for f in body["facets"]["country"]}
    assert labels["KZ"] == "Казахстан"


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("sort=newest", "sort"),
        ("limit=-1", "limit"),
        ("limit=10000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("date_from=2019-13", "date_from"),
        ("date_to=yesterday", "date_to"),
        ("date_from=2020&date_to=2019", "date_from"),
        ("country=XX", "country"),
        ("country=Kazakhstan", "country"),
        ("theme=peace", "theme"),
        ("lang=de", "lang"),
        ("match=some", "match"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, query, param):
    response = client.simulate_get("/api/v1/search", query_string=query)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert response.json["error"]["param"] == param
    assert response.json["error"]["message"]


@pytest.mark.parametrize("q", ['"женщины', "(мир", "мир)", '"', "[]{}", "a:b OR NOT", "*", "\\", "—", "🙂"])
def test_stray_quotes_and_brackets_still_search(client, q):
    response = client.simulate_get("/api/v1/search", params={"q": q})
    assert response.status_code == 200
    assert isinstance(response.json["total"], int)


def test_quote_does_not_lose_the_word(client):
    plain = client.simulate_get("/api/v1/search", params={"q": "женщины"}).json["total"]
    quoted = client.simulate_get("/api/v1/search", params={"q": '"женщины'}).json["total"]
    assert plain == quoted > 0


def test_document_by_id_and_404(client):
    found = client.simulate_get("/api/v1/documents/ru-2011-almaty-krizisnyy-tsentr")
    assert found.status_code == 200
    assert found.json["lang"] == "ru" and found.json["countries"][0] == "KZ" and found.json["body"]
    missing = client.simulate_get("/api/v1/documents/no-such-doc")
    assert missing.status_code == 404
    assert "no-such-doc" in missing.json["error"]["message"]


def test_health_and_openapi(client):
    health = client.simulate_get("/health").json
    assert health["status"] == "ok" and health["documents"] > 0
    spec = client.simulate_get("/api/v1/openapi.json").json
    assert "/api/v1/search" in spec["paths"]


def test_page_shows_results_and_facet_links(client):
    page = client.simulate_get("/", params={"q": "женщинам"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<mark>" in page.text
    assert 'href="/?q=%D0%B6%D0%B5%D0%BD%D1%89%D0%B8%D0%BD%D0%B0%D0%BC&amp;country=KG"' in page.text


def test_page_bad_parameter_is_400_html(client):
    page = client.simulate_get("/", params={"sort": "sideways"})
    assert page.status_code == 400 and "sideways" in page.text


def test_everything_shown_in_html_is_escaped(tmp_path):
    source = tmp_path / "evil.md"
    source.write_text(
        "---\nid: evil\ntitle: <script>alert('t')</script> Peace\nlang: en\ncountries: [KG]\n---\n"
        "Peace <img src=x onerror=alert(1)> talks & dialogue in Osh.\n",
        encoding="utf-8",
    )
    build_index([source], tmp_path / "index", progress=False)
    client = testing.TestClient(create_app(AppConfig(index_dir=tmp_path / "index")))
    page = client.simulate_get("/", params={"q": "peace <b>", "match": "any"}).text
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x" in page
    snippet = client.simulate_get("/api/v1/search", params={"q": "peace"}).json["hits"][0]["snippet"]
    assert "<img" not in snippet and "&lt;img" in snippet and "<mark>Peace</mark>" in snippet


def test_no_index_yet_is_503_json(tmp_path):
    client = testing.TestClient(create_app(AppConfig(index_dir=tmp_path / "none")))
    response = client.simulate_get("/api/v1/search", params={"q": "мир"})
    assert response.status_code == 503
    assert "peacesearch index" in response.json["error"]["message"]


def test_limit_zero_returns_counts_and_facets_only(client):
    full = client.simulate_get("/api/v1/search", params={"q": "women", "limit": "100"}).json
    counts = client.simulate_get("/api/v1/search", params={"q": "women", "limit": "0"}).json
    assert counts["hits"] == [] and counts["limit"] == 0
    assert counts["total"] == full["total"] > 0 and counts["facets"] == full["facets"]
    page = client.simulate_get("/", params={"q": "women", "limit": "0"})
    assert page.status_code == 200 and page.text.count('<article>') > 0
