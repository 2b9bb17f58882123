"""Did you mean (search_api/suggest.py): a misspelt word gets the closest word the index knows, in the JSON
response (``suggestions``) and as a link on the page, the empty page included; a correct query gets none."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from falcon import testing

from indexer.build import build_index
from search_api.app import create_app
from search_api.config import AppConfig
from tests.conftest import write_jsonl

DOCS = [
    {"id": "dv-1", "lang": "en", "title": "Domestic violence shelters",
     "body": "Shelters for survivors of domestic violence opened in three regions this year."},
    {"id": "dv-2", "lang": "en", "title": "Violence at home",
     "body": "Police recorded more reports of violence at home; lawyers help survivors go to court."},
    {"id": "dv-3", "lang": "en", "title": "A law against violence",
     "body": "Parliament debated a law against domestic violence and the protection orders it brings."},
    {"id": "ru-1", "lang": "ru", "title": "Бытовое насилие",
     "body": "Кризисные центры помогают пострадавшим от бытового насилия, насилие в семье остаётся скрытым."},
    {"id": "ru-2", "lang": "ru", "title": "Закон о насилии",
     "body": "Депутаты обсуждают закон о профилактике насилия и защитные предписания."},
    {"id": "ru-3", "lang": "ru", "title": "Насилие и полиция",
     "body": "Полиция стала чаще регистрировать заявления о насилии."},
    {"id": "kk-1", "lang": "kk", "title": "Тұрмыстық зорлық-зомбылық",
     "body": "Тұрмыстық зорлық-зомбылықтан зардап шеккен әйелдерге дағдарыс орталықтары көмектеседі."},
    {"id": "kk-2", "lang": "kk", "title": "Зорлық туралы заң",
     "body": "Депутаттар зорлық-зомбылықтың алдын алу туралы заңды талқылады."},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> testing.TestClient:
    folder = tmp_path_factory.mktemp("suggest")
    source = folder / "docs.jsonl"
    write_jsonl(source, DOCS)
    build_index([source], folder / "index", progress=False)
    return testing.TestClient(create_app(AppConfig(index_dir=folder / "index")))


def suggestions(client, q: str, **params) -> list[dict]:
    response = client.simulate_get("/api/v1/search", params={"q": q, **params})
    assert response.status_code == 200
    return response.json["suggestions"]


@pytest.mark.parametrize(("typed", "meant"), [
    ("domestic violance", "domestic violence"),
    ("Violance", "Violence"),
    ("бытовое насиле", "бытовое насилие"),
    ("насилия в семъе", "насилия в семье"),
])
def test_a_misspelt_word_gets_the_known_word_in_json(client, typed, meant):
    found = suggestions(client, typed)
    assert [item["text"] for item in found] == [meant]
    changed = {word for word in typed.split() if word not in meant.split()}
    assert set(found[0]["words"]) == changed


def test_a_correct_query_gets_no_suggestion(client):
    for q in ("domestic violence", "бытовое насилие", "тұрмыстық зорлық", "shelters"):
        assert suggestions(client, q) == [], q


def test_kazakh_typed_without_its_letters_is_not_misspelt(client):
    """The fold finds it (tests/test_kazakh_variants.py): nothing to correct."""
    assert suggestions(client, "турмыстык зорлык") == []
    assert suggestions(client, "zorlyq") == []


def test_the_page_shows_did_you_mean_as_a_link_that_searches_it(client):
    page = client.simulate_get("/", params={"q": "domestic violance", "country": "KZ"}).text
    assert "Did you mean:" in page
    href = page.split('class="did-you-mean"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert query["q"] == ["domestic violence"] and query["country"] == ["KZ"]  # the reader's filters kept


def test_the_empty_page_shows_it_too_in_the_readers_language(client):
    page = client.simulate_get("/", params={"q": "насиле", "match": "all", "ui_lang": "ru"}).text
    assert "Ничего не найдено." in page
    assert "Возможно, вы имели в виду:" in page and ">насилие</a>" in page
    assert "Did you mean" not in client.simulate_get("/", params={"q": "domestic violence"}).text


def test_nonsense_gets_no_suggestion_and_no_error(client):
    assert suggestions(client, "qwxz zzzz") == []
    assert suggestions(client, "\"violance\" -") is not None
