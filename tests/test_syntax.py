"""The readers' query syntax (search_api/syntax.py): each form through the engine and the HTTP API over a small
index written here, and malformed syntax read as plain words, never an error."""

from __future__ import annotations

import random
from urllib.parse import parse_qs, urlsplit

import pytest
from falcon import testing

from indexer.build import build_index
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.engine import IndexHandle, SearchEngine
from search_api.query import build_query
from search_api.request import parse_request
from search_api.syntax import parse
from tests.conftest import write_jsonl

DOCS = [
    {"id": "rights-ru", "lang": "ru", "title": "Доклад о положении в сёлах", "countries": ["KG"],
     "themes": ["womens-rights"], "date": "2019-05-01",
     "body": "Новый доклад посвящён правам женщин в сельских районах. Авторы пишут о равном доступе к земле."},
    {"id": "reverse-ru", "lang": "ru", "title": "Собственность в семье", "countries": ["KZ"], "date": "2015",
     "body": "Женщины редко получают права на землю, суды защищают собственность мужей."},
    {"id": "youth-en", "lang": "en", "title": "Youth peacebuilding camp", "countries": ["TJ"], "themes": ["youth"],
     "date": "2017", "body": "Young volunteers organised a peacebuilding camp near the border. Football and debates "
                             "helped."},
    {"id": "youth-kk", "lang": "kk", "title": "Жастар лагері", "countries": ["KZ"], "themes": ["youth"],
     "date": "2021", "body": "Жастар бейбітшілік лагерінде футбол ойнап, пікірталас өткізді."},
    {"id": "water-en", "lang": "en", "title": "Water dispute at the border", "countries": ["KG"],
     "themes": ["borders-resources"], "date": "2016",
     "body": "Farmers argued over irrigation water; youth leaders mediated the conflict between two villages."},
    {"id": "vote-en", "lang": "en", "title": "Election observers report", "countries": ["KZ"], "themes": ["elections"],
     "date": "2019", "body": "Observers reported on the elections and the participation of women and youth."},
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("syntax")
    source = root / "docs.jsonl"
    write_jsonl(source, DOCS)
    build_index([source], root / "index", progress=False)
    return root / "index"


@pytest.fixture(scope="module")
def engine(index_dir):
    engine = SearchEngine(IndexHandle(index_dir))
    yield engine
    engine.handle.close()


@pytest.fixture(scope="module")
def client(index_dir):
    return testing.TestClient(create_app(AppConfig(index_dir=index_dir)))


def search(engine, **params):
    return engine.search(parse_request({k: [str(v)] for k, v in params.items()}))


def ids(engine, q: str, match: str = "all", **params) -> set[str]:
    return {hit["id"] for hit in search(engine, q=q, match=match, limit=100, **params).hits}


def test_a_phrase_matches_its_words_together_in_any_form(engine):
    assert ids(engine, "права женщин") == {"rights-ru", "reverse-ru"}  # both words, apart in reverse-ru
    assert ids(engine, '"права женщин"') == {"rights-ru"}  # the page says "правам женщин"
    assert ids(engine, "«права женщин»") == {"rights-ru"}
    assert ids(engine, '"женщин права"') == set()  # the order counts
    assert ids(engine, '"права женщин"', match="graded") >= {"rights-ru"}


def test_minus_excludes_a_word_or_a_phrase(engine):
    assert ids(engine, "youth") >= {"youth-en", "water-en", "vote-en"}
    assert "youth-en" not in ids(engine, "youth -football")  # its body says "Football"
    assert ids(engine, 'женщины -"права женщин"') == {"reverse-ru"}
    assert ids(engine, "-youth -женщин") == {"youth-kk"}  # only exclusions: every other page


def test_an_excluded_word_stays_out_when_the_default_search_relaxes(engine):
    assert ids(engine, "camp irrigation") == set()  # no page has both: the default search relaxes
    wide = search(engine, q="camp irrigation", limit=100)
    assert wide.relaxed and "youth-en" in {hit["id"] for hit in wide.hits}
    result = search(engine, q="camp irrigation -football", limit=100)
    shown = {hit["id"] for hit in result.hits}
    assert result.relaxed and shown and "youth-en" not in shown
    assert result.total == len(shown) == sum(item["count"] for item in result.facets["lang"])
    assert result.words == ["camp", "irrigation"]
    assert "youth-en" not in ids(engine, "camp irrigation -football", match="any")


def test_or_and_brackets(engine):
    assert ids(engine, "irrigation observers") == set()
    assert ids(engine, "irrigation OR observers") == {"water-en", "vote-en"}
    assert ids(engine, "(irrigation OR observers) women") == {"vote-en"}
    assert ids(engine, "(observers women) OR irrigation") == {"water-en", "vote-en"}


def test_a_prefix_needs_three_letters(engine):
    assert ids(engine, "observ*") == {"vote-en"}
    assert ids(engine, "жаст*") == {"youth-kk"}  # Kazakh stems are shorter than the word: the word start answers
    assert ids(engine, "ob*") == set()  # two letters: the plain word "ob"
    assert build_query("ob*", "all").content_words() == ["ob"]


def test_title_word(engine):
    assert ids(engine, "youth") >= {"youth-en", "water-en", "vote-en"}
    assert ids(engine, "title:youth") == {"youth-en"}
    assert ids(engine, 'title:"peacebuilding camp"') == {"youth-en"}
    assert ids(engine, 'title:"camp peacebuilding"') == set()
    assert ids(engine, "title:observ*") == {"vote-en"}
    assert ids(engine, "title:жаст*") == {"youth-kk"}  # "Жастар" is indexed as its stem "жас"
    assert ids(engine, "title:бейбіт*") == set()  # in its body only


@pytest.mark.parametrize(("typed", "url"), [
    ("youth country:KG", {"country": "KG"}),
    ("youth country:kg,tj", {"country": "KG,TJ"}),
    ("youth theme:youth", {"theme": "youth"}),
    ("youth lang:kk", {"lang": "kk"}),
    ("youth year:2019", {"date_from": "2019", "date_to": "2019"}),
    ("youth year:2015..2017", {"date_from": "2015", "date_to": "2017"}),
    ("country:KZ", {"country": "KZ"}),
])
def test_a_typed_filter_acts_as_the_url_filter(engine, typed, url):
    """Same hits, total and facet counts (selected marks included) as the URL's filter."""
    words = " ".join(word for word in typed.split() if ":" not in word)
    for match in ("graded", "all"):
        by_query = search(engine, q=typed, match=match, limit=100).to_dict()
        by_url = search(engine, q=words, match=match, limit=100, **url).to_dict()
        assert by_query["total"] > 0
        assert by_query == by_url


def test_negated_filter_and_filters_of_both_kinds_together(engine):
    assert ids(engine, "youth -country:KG") == ids(engine, "youth") - {"water-en"}
    assert ids(engine, "youth country:KZ", country="KG") == ids(engine, "youth", country="KG,KZ")


def test_malformed_syntax_is_read_as_plain_words(engine):
    for malformed, plain in [('"права женщин', "права женщин"), ("(irrigation water", "irrigation water"),
                             ("irrigation water)", "irrigation water"), ("youth -", "youth"),
                             ("OR youth", "OR youth"), ("youth OR", "youth OR"), ("foo:youth", "foo youth"),
                             ("country:XX youth", "country XX youth"), ("year:20 youth", "year 20 youth")]:
        assert parse(malformed).plain, malformed
        got = search(engine, q=malformed, limit=100).to_dict()
        assert got == search(engine, q=plain, limit=100).to_dict(), malformed


def test_a_plain_query_reads_as_before():
    """No operator: the same readings as the words alone (graded matching depends on them)."""
    for text in ("права женщин", "women's rights: Kazakhstan", "post-conflict co-operation", "What is peace?"):
        assert parse(text).plain
        assert build_query(text, "graded").meaning_text == text
    assert parse("ab* (x").plain and build_query("ab* (x", "graded").meaning_text == "ab x"  # stray marks
    syntax_query = build_query('"права женщин" -Бишкек country:KG OR', "graded")
    assert syntax_query.meaning_text == "права женщин OR"
    assert syntax_query.content_words() == ['"права женщин"', "OR"]


def test_the_api_reads_syntax(client):
    body = client.simulate_get("/api/v1/search", params={"q": '"права женщин"', "match": "all"}).json
    assert [hit["id"] for hit in body["hits"]] == ["rights-ru"]
    body = client.simulate_get("/api/v1/search", params={"q": "youth country:KG", "match": "all"}).json
    assert [hit["id"] for hit in body["hits"]] == ["water-en"]
    assert {item["value"]: item["selected"] for item in body["facets"]["country"]}["KG"] is True


OPERATOR_BITS = ['"', "«", "»", "(", ")", "-", "*", ":", "OR", "country:", "theme:", "lang:", "year:", "title:",
                 "..", ",", " ", "  ", "youth", "права", "жаст", "KG", "XX", "2019", "1", "foo:", "\\", "'", "“", "„"]


def test_no_query_string_gives_a_server_error(client):
    rng = random.Random(15)
    queries = ["(" * 600 + "youth" + ")" * 600, "-" * 50, '"' * 7, "OR OR OR", "()", "-()", '-""', "title:",
               "title:\"", "year:9999..0001", "country:", "*", "***youth", "you*th*", "- - -", "((a OR) OR (OR b))"]
    queries += ["".join(rng.choice(OPERATOR_BITS) for _ in range(rng.randint(1, 14))) for _ in range(150)]
    for q in queries:
        for path in ("/api/v1/search", "/"):
            response = client.simulate_get(path, params={"q": q[:1000]})
            assert response.status_code == 200, (path, q)


def test_the_page_shows_typed_filters_as_chips_and_links_the_tips(client):
    page = client.simulate_get("/", params={"q": "youth country:KG", "match": "all"}).text
    assert 'id="tips"' in page and "Search tips" in page
    tips = page.split('class="tips-link"><a href="')[1].split('"')[0].replace("&amp;", "&")
    assert tips.startswith("/?") and tips.endswith("#tips")  # the same search, its tips shown
    assert "title:water" in page
    chip = page.split('class="chips"')[1].split("</ul>")[0]
    assert "Kyrgyzstan" in chip
    href = chip.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query)["q"] == ["youth"]  # removing the chip takes it out of the query
    facet = page.split('data-facet="country"')[1].split("</ul>")[0]
    selected = facet.split('<a class="selected" href="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(selected).query)["q"] == ["youth"]  # and so does unselecting its facet value
    years = client.simulate_get("/", params={"q": "youth  year:2015..2019  -lang:ru"}).text
    chips = years.split('class="chips"')[1].split("</ul>")[0]
    assert "2015 – 2019" in chips and "−" in chips
    removals = [parse_qs(urlsplit(href.split('"')[0].replace("&amp;", "&")).query)["q"]
                for href in chips.split('href="')[1:]]
    assert removals == [["youth -lang:ru"], ["youth year:2015..2019"], ["youth"]]  # each chip, then "clear all"
    russian = client.simulate_get("/", params={"q": "youth", "ui_lang": "ru"}).text
    assert "Как искать" in russian
    kazakh = client.simulate_get("/", params={"q": "youth", "ui_lang": "kk"}).text
    assert "Іздеу кеңестері" in kazakh
