"""Country mentions: every country a text names, by name, abbreviation or adjective, in any inflected form;
common words that share a stem with a country are not mentions."""

import pytest

from bench.extraction import kaznerd_cases, nerel_cases, score_mentions
from indexer.extract.countries import countries_mentioned, countries_named, find_countries, places_mentioned
from tests.conftest import shared_path


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Колонна российских военных вошла в город.", "ru", {"RU"}),
    ("Власти РФ и США, КНР и КНДР обменялись заявлениями.", "ru", {"RU", "US", "CN", "KP"}),
    ("Делегация Белоруссии прибыла из Британии.", "ru", {"BY", "GB"}),
    ("Российско-китайские переговоры прошли в Кыргызстане.", "ru", {"RU", "CN", "KG"}),
    ("В годы СССР здесь был завод.", "ru", {"SU"}),
    ("Ресейліктер мен америкалық сарапшылар Қытайға барды.", "kk", {"RU", "US", "CN"}),
    ("Делегация Беларусьпен және Суданмен келісім жасады.", "kk", {"BY", "SD"}),
    ("Бір АҚШ доллары алты юань тұрады.", "kk", {"US"}),
    ("Kazakhstan's and Afghanistan's ministers met.", "en", {"KZ", "AF"}),
])
def test_names_abbreviations_and_adjectives_are_mentions(text, lang, expected):
    assert countries_mentioned(text, lang) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("Данные показали рост; по данным ведомства, таких мало.", "ru"),  # Дания, Мали share the stem
    ("Мало кто знал об этом.", "ru"),
    ("Сотрудники ГУ МВД задержали подозреваемого.", "ru"),  # Гуам
    ("Министр Доминик Рааб выступил в штате Нью-Джерси.", "ru"),  # Доминика, Джерси
    ("Туристы из Латинской Америки приехали летом.", "ru"),  # a continent, not the United States
    ("Судың сапасы жақсарды, ие болған жер қатарында.", "kk"),  # су/Судан, ие/Йемен, қатар/Qatar
    ("В Бишкеке и Алматы прошли встречи.", "ru"),  # cities point at countries but do not name them
    ("They told us about it.", "en"),
])
def test_common_words_and_cities_are_not_mentions(text, lang):
    assert countries_mentioned(text, lang) == set()


def test_a_region_named_after_its_country_is_a_place():
    text = "Солтүстік Қазақстан облысында егін жиналды."
    assert countries_mentioned(text, "kk") == set()
    assert places_mentioned(text, "kk") == {"KZ"}


def test_a_peoples_name_is_a_mention_of_its_state_unless_it_names_the_people():
    assert countries_mentioned("Узбекские власти закрыли границу.", "ru") == {"UZ"}
    assert countries_mentioned("Этнические узбеки учатся на узбекском языке.", "ru") == set()
    assert countries_mentioned("Ethnic Tajiks make up a minority.", "en") == set()
    assert places_mentioned("President Mirziyoyev spoke.", "en") == {"UZ"}  # a leader points at his country
    assert countries_mentioned("President Mirziyoyev spoke.", "en") == set()  # but does not name it


def test_historic_countries_are_mentions_but_not_facets():
    body = "Казахстан и Кыргызстан были республиками СССР. Советский Союз распался в 1991 году."
    assert "SU" in countries_mentioned(body, "ru")
    assert "SU" not in find_countries("", body, "ru")


def test_queries_are_read_in_any_case():
    assert countries_named("сша") == {"US"}
    assert countries_named("данные") == set()
    assert countries_named("us") == set()  # a Latin abbreviation needs its capitals
    assert countries_named("US") == {"US"}


@pytest.mark.parametrize(("dataset", "precision", "recall"), [
    ("nerel-ru", 0.90, 0.96),
    ("kaznerd-kk", 0.99, 0.99),
])
def test_mention_floors_on_shared_data(dataset, precision, recall):
    shared_path("nerel-ru-wikinews", "corpus.jsonl")
    shared_path("kaznerd-kk-news-sentences", "corpus.jsonl.gz")
    cases = nerel_cases() if dataset == "nerel-ru" else kaznerd_cases()
    rows, _notes, _misses = score_mentions(cases)
    row = next(r for r in rows if r["dataset"] == dataset and r["field"] == "country-mention")
    assert row["precision"] >= precision and row["recall"] >= recall, row


def test_each_name_is_found_where_it_stands():
    from indexer.extract.countries import _matcher

    spans = _matcher().spans("Жители Казахстана и Кыргызстана встретились в Оше.", "ru", cased=True)
    assert [(code, weight) for _position, code, weight in spans] == [("KZ", 1.0), ("KG", 1.0), ("KG", 0.7)]
    positions = [position for position, _code, _weight in spans]
    assert positions == sorted(positions) and positions[1] - positions[0] <= 2
