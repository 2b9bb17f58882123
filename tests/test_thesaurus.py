"""The shipped thesaurus (analyzers/data/thesaurus.tsv) bridges languages for each kind of entry it holds:
a people's name, a religious term, an organisation's acronym, a custom. Meaning is switched off, so only
the thesaurus can join a query to a page that shares no word with it."""

from __future__ import annotations

import pytest

from indexer.build import build_index
from search_api import thesaurus
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl

PAGES = [
    {"id": "ru-uyghur", "lang": "ru", "title": "Культурный центр",
     "body": "Уйгурская община Алматы открыла культурный центр с библиотекой и кружком танца."},
    {"id": "en-mosque", "lang": "en", "title": "Village news",
     "body": "A new mosque opened in the village after years of fundraising by its residents."},
    {"id": "ru-sco", "lang": "ru", "title": "Саммит",
     "body": "Участники саммита ШОС обсудили торговлю и транспортные коридоры."},
    {"id": "kk-kalym", "lang": "kk", "title": "Ауыл өмірі",
     "body": "Ауылда қалың мал дәстүрі туралы пікірталас жалғасып жатыр."},
    {"id": "en-harvest", "lang": "en", "title": "Harvest",
     "body": "Farmers in the valley finished the cotton harvest early this autumn."},
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    folder = tmp_path_factory.mktemp("thesaurus")
    source = folder / "docs.jsonl"
    write_jsonl(source, PAGES)
    build_index([source], folder / "index", progress=False)
    engine = SearchEngine(IndexHandle(folder / "index"))
    yield engine
    engine.handle.close()


def found(engine: SearchEngine, query: str) -> list[str]:
    return [hit["id"] for hit in engine.search(SearchRequest(q=query, limit=20)).hits]


@pytest.mark.parametrize(("query", "page"), [
    ("ұйғырлар", "ru-uyghur"),  # a people, typed in Kazakh, finds the Russian page on them
    ("uighurs", "ru-uyghur"),  # the other English spelling
    ("мешіт", "en-mosque"),  # a religious term, Kazakh → English
    ("мечети", "en-mosque"),  # Russian, in another case
    ("SCO", "ru-sco"),  # an organisation's acronym across scripts
    ("ШЫҰ", "ru-sco"),
    ("bride price", "kk-kalym"),  # a custom, English → Kazakh
])
def test_an_entry_finds_the_page_in_another_language(engine, monkeypatch, query, page):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "0")
    assert page not in found(engine, query)
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "1")
    hits = found(engine, query)
    assert hits and hits[0] == page
    assert "en-harvest" not in hits


def test_a_demonym_is_the_people_not_a_country_tag():
    """Demonyms and their languages are entries; the state's adjectives stay with the countries (places.yaml)."""
    shipped = thesaurus.load(thesaurus.PATH)
    kazakh = shipped.matches(["қазақтар"])
    assert kazakh, "қазақтар should be an entry"
    wordings = {w.text for number in kazakh[0] for w in shipped.concepts[number]}
    assert {"Kazakh", "казах"} <= wordings
    assert not shipped.matches(["қазақстандық"])  # Kazakhstani: a country word, not the people


def test_very_broad_words_are_not_entries():
    """Equivalents of words like "rights" or "law" alone would flood the results (measured on pages-dev)."""
    shipped = thesaurus.load(thesaurus.PATH)
    for word in ("rights", "право", "law", "закон", "заң", "language", "тіл"):
        assert not shipped.matches([word]), word


CONCEPTS = ("peace talks\tмирные переговоры\tбейбіт келіссөздер\n"
            "peace\tмир\tбейбітшілік\n"
            "domestic violence\tбытовое насилие\tтұрмыстық зорлық-зомбылық\n")


def test_a_query_is_said_in_another_language_through_its_concepts(tmp_path):
    """What search by meaning also reads (search_api/graded.py): each run of words a concept covers in that
    language's first wording, the longest concept first; words no concept covers stay as typed."""
    path = tmp_path / "thesaurus.tsv"
    path.write_text(CONCEPTS, encoding="utf-8")
    loaded = thesaurus.load(path)
    assert loaded.rendering(["мирные", "переговоры", "в", "Кабуле"], "en") == "peace talks в Кабуле"
    assert loaded.rendering(["мирные", "переговоры", "в", "Кабуле"], "kk") == "бейбіт келіссөздер в Кабуле"
    assert loaded.rendering(["о", "бытовом", "насилии", "и", "мире"], "en") == "о domestic violence и peace"
    assert loaded.rendering(["урожай", "хлопка"], "en") is None  # no concept: nothing to say


def test_renderings_follow_the_switch(monkeypatch):
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "1")
    said = thesaurus.renderings("бытовое насилие", "ru")
    assert "domestic violence" in said and "тұрмыстық зорлық-зомбылық" in said
    assert thesaurus.renderings("урожай яблок", "ru") == []
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "0")
    assert thesaurus.renderings("бытовое насилие", "ru") == []


@pytest.mark.parametrize("typed", [
    "турмыстык зорлык-зомбылык",  # a Russian keyboard
    "turmystyq zorlyq-zombylyq",  # Latin without diacritics
    "тұрмыстық зорлық-зомбылиқ",  # respelt imperfectly: one letter wrong, so its stem differs
])
def test_kazakh_typed_without_its_letters_meets_its_entry(tmp_path, typed):
    path = tmp_path / "thesaurus.tsv"
    path.write_text(CONCEPTS, encoding="utf-8")
    loaded = thesaurus.load(path)
    assert loaded.matches(typed.split()) == {0: {2}, 1: {2}}
    assert loaded.rendering(typed.split(), "ru") == "бытовое насилие"


def test_a_word_an_entry_matches_is_not_matched_again_by_its_folded_letters(tmp_path):
    """The folded comparison is only for words no wording matched as typed: казак is the Russian word."""
    path = tmp_path / "thesaurus.tsv"
    path.write_text(CONCEPTS + "Cossack\tказак\t\nKazakh\tказах\tқазақ\n", encoding="utf-8")
    loaded = thesaurus.load(path)
    assert loaded.matches(["казак"]) == {0: {3}}
    assert loaded.matches(["kazak"]) == {0: {4}}  # Latin without diacritics: only the Kazakh reading has it


def test_a_country_named_in_the_query_is_said_in_the_other_languages(monkeypatch):
    """Search by meaning reads the country in the other languages too, in any case the reader typed it."""
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "1")
    said = thesaurus.renderings("бытовое насилие в Киргизии", "ru")
    assert "domestic violence в Kyrgyzstan" in said
    assert "тұрмыстық зорлық-зомбылық в Қырғызстан" in said
    assert thesaurus.renderings("урожай хлопка в Узбекистане", "ru")[0].endswith("Uzbekistan")


def test_an_entry_for_meaning_only_is_said_but_not_searched(tmp_path):
    """A ``~`` line (an everyday word) serves the reading by meaning; its equivalents are not added to the words
    searched, where they would flood the results."""
    path = tmp_path / "thesaurus.tsv"
    path.write_text(CONCEPTS + "~law\tзакон\tзаң\n", encoding="utf-8")
    loaded = thesaurus.load(path)
    assert not loaded.problems
    assert loaded.matches(["закон", "о", "мире"]) == {2: {1}}  # only "мир" (peace) expands
    assert loaded.rendering(["закон", "о", "мире"], "en") == "law о peace"


def test_shipped_everyday_words_are_for_meaning_only():
    shipped = thesaurus.load(thesaurus.PATH)
    assert not shipped.matches(["заң"])
    assert shipped.rendering(["тілдер", "туралы", "заң"], "ru") == "язык туралы закон"
