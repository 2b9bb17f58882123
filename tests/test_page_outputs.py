"""What readers and other programs get besides the search itself: each document's page (labels, marked
text, other language versions, more like this), the results page's chips, histogram, hit labels, empty
and error pages, and the outputs: Atom feed, exports, OpenSearch, CORS, gzip, ETag/304 and HEAD."""

from __future__ import annotations

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from falcon import testing

from indexer.build import rebuild
from indexer.embed import embed_index
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.facets import FACETS
from tests.conftest import write_jsonl

ATOM = "{http://www.w3.org/2005/Atom}"
# Short texts written for these tests: an English article and its Russian translation, three others.
RECORDS = [
    {"id": "osh-en", "lang": "en", "date": "2021-03-05", "countries": ["KG"], "themes": ["women-peace-security"],
     "source_url": "https://example.org/osh-water",
     "title": "Women mediators settle a water dispute near Osh",
     "body": "Women mediators from three villages near Osh helped farmers agree on a new schedule for irrigation "
             "water.\nThe dispute over the canal had led to fights between neighbours last summer.\nThe local "
             "council promised to repair the canal before the sowing season."},
    {"id": "osh-ru", "lang": "ru", "date": "2021-03-05", "countries": ["KG"], "themes": ["women-peace-security"],
     "title": "Женщины-медиаторы урегулировали спор о воде возле Оша",
     "body": "Женщины-медиаторы из трёх сёл возле Оша помогли фермерам договориться о новом графике полива.\n"
             "Спор из-за канала прошлым летом привёл к дракам между соседями.\nМестный совет обещал "
             "отремонтировать канал до начала посевной."},
    {"id": "batken-en", "lang": "en", "date": "2019-09-01", "countries": ["KG", "TJ"], "themes": ["peace-education"],
     "source_url": "javascript:alert(document.cookie)",
     "title": "Peace lessons begin in Batken schools",
     "body": "Teachers in Batken schools started weekly lessons on peace and tolerance for pupils of all grades."},
    {"id": "almaty-kk", "lang": "kk", "date": "2020-11-20", "countries": ["KZ"], "themes": ["youth"],
     "title": "Алматыда жастар форумы өтті",
     "body": "Алматыда өткен жастар форумында студенттер бейбітшілік пен төзімділік туралы пікір алмасты."},
    {"id": "escape", "lang": "en", "date": "2018-06", "countries": ["TJ"], "themes": ["human-rights"],
     "title": 'Talks <b>bold</b> & "quotes" in Khujand',
     "body": "Mediators in Khujand read <script>alert(1)</script> aloud & laughed about water."},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> testing.TestClient:
    root = tmp_path_factory.mktemp("outputs")
    source = root / "src"
    source.mkdir()
    write_jsonl(source / "docs.jsonl", RECORDS)
    rebuild([source], root / "index", progress=False)
    embed_index(root / "index")  # versions and more like this are found by meaning (indexer/embed.py)
    return testing.TestClient(create_app(AppConfig(index_dir=root / "index", warm_up=False, sync_seconds=0)))


class Links(HTMLParser):
    """The page's links (href → text) and the texts of elements with a class, for assertions."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.setdefault(self._href, "")

    def handle_data(self, data):
        if self._href is not None:
            self.links[self._href] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


# --- the document page ---------------------------------------------------------------------------

def test_document_page_shows_labels_marked_text_and_source(client):
    page = client.simulate_get("/documents/osh-en", params={"q": "canal", "ui_lang": "ru"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Women mediators settle a water dispute near Osh" in page.text
    assert "<mark>canal</mark>" in page.text
    links = Links(page.text).links
    kyrgyzstan = FACETS["country"].label("KG", "ru")
    assert kyrgyzstan != "KG" and links["/?country=KG&ui_lang=ru"] == kyrgyzstan
    assert links["/?theme=women-peace-security&ui_lang=ru"] == FACETS["theme"].label("women-peace-security", "ru")
    assert "https://example.org/osh-water" in links
    assert '<html lang="ru">' in page.text and "Назад к поиску" in page.text


def test_document_page_escapes_text_and_does_not_link_javascript(client):
    page = client.simulate_get("/documents/escape", params={"q": "<b>water</b>"})
    assert page.status_code == 200
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;" in page.text
    assert "<script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<mark>water</mark>" in page.text
    batken = client.simulate_get("/documents/batken-en")
    assert "javascript:" not in batken.text.lower()


def test_document_page_links_other_language_version_both_ways_and_similar(client):
    english = Links(client.simulate_get("/documents/osh-en").text).links
    assert english.get("/documents/osh-ru", "").startswith("Женщины-медиаторы")
    english_page = client.simulate_get("/documents/osh-en").text
    assert "/documents/osh-ru" not in english_page.split('class="similar"', 1)[1]  # listed once, as a version
    russian = client.simulate_get("/documents/osh-ru", params={"ui_lang": "kk"}).text
    assert "/documents/osh-en?ui_lang=kk" in Links(russian).links
    assert "Басқа тілдерде" in russian  # "other languages", in the Kazakh interface
    unrelated = client.simulate_get("/documents/almaty-kk").text
    assert 'class="versions"' not in unrelated  # no translation of it exists
    similar = unrelated.split('class="similar"', 1)[1]
    assert similar.count("<li>") == 4 and FACETS["lang"].label("en", "en") in similar


def test_document_json_twin_and_missing_document(client):
    twin = client.simulate_get("/documents/osh-ru.json")
    assert twin.status_code == 200 and twin.json == client.simulate_get("/api/v1/documents/osh-ru").json
    assert client.simulate_get("/documents/no-such-page").status_code == 404
    assert client.simulate_get("/documents/no-such-page.json").json["error"]["status"] == 404


# --- the results page ----------------------------------------------------------------------------

def test_hits_link_to_document_page_with_labels_and_language(client):
    page = client.simulate_get("/", params={"q": "mediators", "ui_lang": "kk"})
    links = Links(page.text).links
    assert "/documents/osh-en?q=mediators&ui_lang=kk" in links
    assert FACETS["country"].label("KG", "kk") in page.text and FACETS["lang"].label("en", "kk") in page.text
    assert "/?ui_lang=kk" in links  # the header's home link keeps the interface language


def test_chips_remove_one_filter_and_clear_all(client):
    params = {"q": "mediators", "country": "KG,TJ", "lang": "en", "ui_lang": "ru"}
    page = client.simulate_get("/", params=params).text
    chips = Links(page.split('class="chips"', 1)[1].split("</ul>", 1)[0]).links
    tajikistan = FACETS["country"].label("TJ", "ru")
    removing = next(href for href, text in chips.items() if text.startswith(tajikistan))
    assert "country=KG&" in removing and "TJ" not in removing and "ui_lang=ru" in removing
    cleared = next(href for href, text in chips.items() if text == "Сбросить все")
    assert "country" not in cleared and "lang=en" not in cleared and "q=mediators" in cleared


def test_year_histogram_bars_filter_by_year(client):
    page = client.simulate_get("/", params={"q": "mediators"}).text
    histogram = page.split('class="hist" data-facet="year"', 1)[1].split("</ul>", 1)[0]
    href = next(h for h, text in Links(histogram).links.items() if text.startswith("2021"))
    filtered = client.simulate_get(href.replace("&amp;", "&"))
    assert "date_from=2021&date_to=2021" in href
    assert Links(filtered.text).links.get("/documents/osh-en?q=mediators") is not None
    assert "/documents/escape?q=mediators" not in Links(filtered.text).links
    assert 'data-facet="month"' in filtered.text  # within one year, the bars are months


def test_empty_page_suggests_searches_that_find_something(client):
    page = client.simulate_get("/", params={"q": "mediators", "country": "KZ", "match": "all"}).text
    suggestions = Links(page.split('class="suggest"', 1)[1]).links
    assert suggestions["/?q=mediators&match=all"].endswith("(2)")  # the same words without the filter
    assert "/" in suggestions  # a new search


def test_error_page_keeps_query_and_interface_language(client):
    page = client.simulate_get("/", params={"q": "вода", "sort": "sideways", "ui_lang": "ru"})
    assert page.status_code == 400
    assert 'value="вода"' in page.text and '<html lang="ru">' in page.text
    assert "Поиск не выполнен" in page.text and "sideways" in page.text
    assert "sort=sideways" not in page.text  # links do not repeat the fault


# --- outputs -------------------------------------------------------------------------------------

def test_feed_is_atom_with_newest_entries_first(client):
    response = client.simulate_get("/feed.atom", params={"lang": "en,ru"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}updated") is not None
    entries = feed.findall(f"{ATOM}entry")
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert len(entries) == 4 and updated == sorted(updated, reverse=True)
    newest = {entry.find(f"{ATOM}link").get("href").rsplit("/", 1)[1] for entry in entries[:2]}
    assert newest == {"osh-en", "osh-ru"}  # 2021-03-05, the newest date
    page = client.simulate_get("/", params={"q": "mediators"}).text
    assert 'type="application/atom+xml" href="/feed.atom?q=mediators"' in page


def test_exports_hold_every_hit_of_the_search(client):
    total = client.simulate_get("/api/v1/search", params={"q": "water OR peace", "match": "any"}).json["total"]
    rows = list(csv.DictReader(io.StringIO(client.simulate_get("/export.csv", params={"match": "any"}).text)))
    assert len(rows) == client.simulate_get("/api/v1/search", params={"match": "any"}).json["total"] == len(RECORDS)
    assert {row["id"] for row in rows} == {r["id"] for r in RECORDS} and rows[0]["countries"]
    lines = client.simulate_get("/export.jsonl", params={"q": "water OR peace", "match": "any"}).text.splitlines()
    assert len(lines) == total and all(json.loads(line)["id"] for line in lines)


def test_export_refuses_above_its_cap_with_a_message(client, monkeypatch):
    monkeypatch.setattr("search_api.outputs.EXPORT_CAP", 2)
    response = client.simulate_get("/export.csv")
    assert response.status_code == 400 and "at most 2" in response.json["error"]["message"]


def test_opensearch_description(client):
    root = ET.fromstring(client.simulate_get("/opensearch.xml").content)
    templates = [url.get("template") for url in root if url.tag.endswith("Url")]
    assert any(t.endswith("/?q={searchTerms}") for t in templates)


def test_etag_304_cors_head_and_gzip(client):
    first = client.simulate_get("/api/v1/search", params={"q": "mediators"})
    etag = first.headers["etag"]
    assert first.headers["access-control-allow-origin"] == "*" and first.headers["cache-control"] == "public, no-cache"
    again = client.simulate_get("/api/v1/search", params={"q": "mediators"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.simulate_get("/api/v1/search", params={"q": "water"}, headers={"If-None-Match": etag})
    assert other.status_code == 200
    page_tag = client.simulate_get("/documents/osh-en").headers["etag"]
    assert client.simulate_get("/documents/osh-en", headers={"If-None-Match": page_tag}).status_code == 304
    assert "etag" not in client.simulate_get("/health").headers  # health reads more than the index
    head = client.simulate_head("/", params={"q": "mediators"})
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
    packed = client.simulate_get("/", params={"q": "mediators"}, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "Women mediators" in gzip.decompress(packed.content).decode("utf-8")
    plain = client.simulate_get("/", params={"q": "mediators"})
    assert "content-encoding" not in plain.headers and "Women mediators" in plain.text


def test_translation_needs_mutual_nearest_close_enough_and_agreeing_metadata():
    import numpy as np

    from search_api.similar import VectorTable, translations

    def unit(*xs: float) -> np.ndarray:
        vector = np.zeros(384, dtype=np.float32)
        vector[: len(xs)] = xs
        return vector / np.linalg.norm(vector)

    rows = [("a-en", "en", "2020-01-02", {"KG"}, unit(1, 0.1)), ("a-ru", "ru", "2020-01-02", {"KG"}, unit(1, 0.15)),
            ("a-kk", "kk", "2021-05-05", {"KG"}, unit(1, 0.12)),  # close, but a year apart: not a version
            ("b-en", "en", None, set(), unit(0, 1)), ("b-ru", "ru", None, set(), unit(1, 0.5))]
    table = VectorTable(ids=[r[0] for r in rows], langs=[r[1] for r in rows], titles=[""] * 5,
                        dates=[r[2] for r in rows], countries=[frozenset(r[3]) for r in rows],
                        matrix=np.vstack([r[4] for r in rows]), row_of={r[0]: i for i, r in enumerate(rows)})
    assert [link["id"] for link in translations(table, "a-en")] == ["a-ru"]
    table.dates[2] = "2020-01-20"  # published some days later: a version
    assert [link["id"] for link in translations(table, "a-en")] == ["a-ru", "a-kk"]
    table.dates[2] = "2021-05-05"
    assert [link["id"] for link in translations(table, "a-ru")] == ["a-en"]
    # b-ru is close to a-en (0.93), but a-en has a nearer Russian version: no link either way.
    assert translations(table, "b-ru") == [] and translations(table, "b-en") == []


def test_etag_changes_when_the_index_does(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    source = tmp_path / "src"
    source.mkdir()
    (source / "docs.jsonl").write_text(json.dumps(RECORDS[0]) + "\n", encoding="utf-8")
    rebuild([source], tmp_path / "index", progress=False)
    app = testing.TestClient(create_app(AppConfig(index_dir=tmp_path / "index", token="t", warm_up=False,
                                                  sync_seconds=0)))
    etag = app.simulate_get("/api/v1/search", params={"q": "canal"}).headers["etag"]
    added = app.simulate_put("/api/v1/documents/canal-2", json={"title": "Canal repaired", "body": "The canal works.",
                                                                "lang": "en"}, headers={"Authorization": "Bearer t"})
    assert added.status_code == 201
    after = app.simulate_get("/api/v1/search", params={"q": "canal"}, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.json["total"] == 2 and after.headers["etag"] != etag
