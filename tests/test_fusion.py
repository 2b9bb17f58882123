"""Hybrid retrieval in the readers' default search: pages near in meaning join the word matches even when
many pages have every word (search_api/fusion.py), and the thesaurus finds a key term's pages in the other
languages (search_api/thesaurus.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from analyzers import semantic
from indexer.build import build_index
from indexer.embed import embed_index
from search_api import fusion, graded, thesaurus
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl

QUERY = "бытовое насилие"
RUSSIAN = [  # more pages with every word than graded.FEW: the search does not relax for want of words
    {"id": f"ru{number}", "lang": "ru", "title": title, "body": body}
    for number, (title, body) in enumerate([
        ("Статистика", "За год полиция зарегистрировала вдвое больше заявлений о бытовом насилии, чем прежде."),
        ("Новый закон", "Депутаты приняли поправки: бытовое насилие теперь наказывается арестом до двух недель."),
        ("Горячая линия", "Круглосуточный телефон доверия принимает звонки пострадавших от бытового насилия."),
        ("Судьи учатся", "Семинар для судей разбирал дела о бытовом насилии и сроки рассмотрения жалоб."),
        ("Школьный урок", "Учителя рассказывают подросткам, как распознать бытовое насилие у друзей и соседей."),
        ("Опыт соседей", "Эксперты сравнили, как Грузия и Армения борются с бытовым насилием после реформ."),
        ("Опрос", "Каждая третья жительница села ответила, что сталкивалась с бытовым насилием лично."),
        ("Юристы", "Адвокаты бесплатно консультируют по делам о бытовом насилии по вторникам в центре города."),
        ("Приют", "Кризисный центр открыл ещё двадцать мест для матерей с детьми, бежавших от бытового насилия."),
        ("Экономика", "Бытовое насилие обходится бюджету в миллионы: больничные, суды, пособия и потерянный доход."),
        ("Мужчины", "Программа работы с агрессорами учит мужчин, совершивших бытовое насилие, управлять гневом."),
        ("Мигранты", "Жёны трудовых мигрантов реже сообщают о бытовом насилии: они боятся потерять регистрацию."),
    ])
]
KAZAKH = {"id": "kk-home", "lang": "kk", "title": "Тұрмыстық зорлық-зомбылық",
          "body": "Тұрмыстық зорлық-зомбылық отбасында болатын зорлық. Зардап шеккен әйелдер дағдарыс "
                  "орталығына жүгіне алады, полиция қорғау нұсқамасын береді."}
OTHERS = [
    {"id": "water", "lang": "en", "title": "Irrigation canal repaired",
     "body": "Farmers in the valley repaired the irrigation canal before the spring sowing season."},
    {"id": "school", "lang": "en", "title": "New school opened",
     "body": "A new primary school with twelve classrooms opened in the district centre this autumn."},
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    assert semantic.enabled(), "the embedding model should load on this machine"
    folder = tmp_path_factory.mktemp("fusion")
    source = folder / "docs.jsonl"
    write_jsonl(source, [*RUSSIAN, KAZAKH, *OTHERS])
    build_index([source], folder / "index", progress=False)
    embed_index(folder / "index")
    engine = SearchEngine(IndexHandle(folder / "index"))
    yield engine
    engine.handle.close()


def ids(result) -> list[str]:
    return [hit["id"] for hit in result.hits]


def test_a_page_in_another_language_joins_by_meaning_when_many_pages_have_every_word(engine, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "0")  # meaning alone
    strict = engine.search(SearchRequest(q=QUERY, match="all", limit=100))
    assert strict.total == len(RUSSIAN) >= graded.FEW and "kk-home" not in ids(strict)
    result = engine.search(SearchRequest(q=QUERY, limit=100))
    assert "kk-home" in ids(result)
    assert result.relaxed is True and result.complete == len(RUSSIAN)
    assert result.not_required == ["бытовое", "насилие"]  # the Kazakh page has neither word
    assert "water" not in ids(result) and "school" not in ids(result)  # far in meaning: below the floor
    # every page with the words is still shown, and the count is what is shown
    assert set(ids(strict)) < set(ids(result))
    assert result.total == len(result.hits) == len(set(ids(result)))
    langs = {facet["value"]: facet["count"] for facet in result.facets["lang"]}
    assert langs == dict(Counter(hit["lang"] for hit in result.hits))


def test_filters_apply_to_the_pages_found_by_meaning(engine, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "0")
    russian = engine.search(SearchRequest(q=QUERY, langs=["ru"], limit=100))
    assert "kk-home" not in ids(russian) and russian.total == len(russian.hits) == len(RUSSIAN)
    assert russian.relaxed is False  # every page shown has every word
    kazakh = engine.search(SearchRequest(q=QUERY, langs=["kk"], limit=100))
    assert ids(kazakh) == ["kk-home"] and kazakh.total == 1 and kazakh.relaxed is True


def test_the_thesaurus_finds_the_other_languages_pages_with_meaning_off(engine, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "0")
    assert "kk-home" not in ids(engine.search(SearchRequest(q="domestic violence", limit=100)))
    monkeypatch.setenv("PEACESEARCH_THESAURUS", "1")
    english = engine.search(SearchRequest(q="domestic violence", limit=100))
    assert "kk-home" in ids(english) and set(ids(english)) >= {doc["id"] for doc in RUSSIAN}
    # a word form the file does not spell out, and the equivalent counts as the words: nothing relaxed
    russian = engine.search(SearchRequest(q="о бытовом насилии", limit=100))
    assert "kk-home" in ids(russian) and russian.relaxed is False
    assert russian.total == len(RUSSIAN) + 1
    # the thesaurus widens the default search only
    assert "kk-home" not in ids(engine.search(SearchRequest(q="о бытовом насилии", match="all", limit=100)))


def test_the_translation_of_the_same_quality_comes_after_the_direct_match():
    """Two pages equal in words and meaning: the one in the query's language first; every-word pages first."""
    lexical = {1: 1.0, 2: 1.0, 3: 0.9}
    closeness = {1: 0.85, 2: 0.85, 3: 0.85, 4: 0.86}
    ranked = [doc for doc, _ in fusion.rank(lexical, {1, 2}, closeness, same_language={2})]
    assert ranked[:2] == [2, 1]
    assert ranked.index(1) < ranked.index(3)
    assert set(ranked) == {1, 2, 3, 4}
    without_meaning = [doc for doc, _ in fusion.rank(lexical, {3}, {}, same_language=set())]
    assert without_meaning == [3, 1, 2]


def test_reciprocal_rank_fusion_is_the_baseline(monkeypatch):
    monkeypatch.setattr(fusion, "FUSION", fusion.RRF)
    ranked = [doc for doc, _ in fusion.rank({1: 2.0, 2: 1.0, 3: 0.5}, {1, 2, 3}, {1: 0.70, 2: 0.90, 3: 0.80,
                                                                                4: 0.95}, set())]
    assert ranked == [2, 1, 3, 4]  # 1/62 + 1/62 (page 2) > 1/61 + 1/64 (page 1) > 1/63 + 1/63 > 1/61


def test_editors_mistakes_are_reported_not_fatal(tmp_path: Path):
    path = tmp_path / "thesaurus.tsv"
    path.write_text("# a comment\n"
                    "domestic violence\tбытовое насилие\tтұрмыстық зорлық-зомбылық\n"
                    "only two columns\tтолько две\n"
                    "the\tи\t\n"
                    "peacebuilding | peace-building\tмиростроительство\t\n", encoding="utf-8")
    loaded = thesaurus.load(path)
    assert len(loaded.concepts) == 2
    assert [problem.line for problem in loaded.problems] == [3, 4, 4, 4]
    assert "expected 3" in str(loaded.problems[0])
    matched = loaded.matches(["бытовом", "насилии", "peace-building"])
    assert set(matched) == {0, 1, 2}
    assert thesaurus.load(tmp_path / "missing.tsv").problems[0].line == 0


def test_the_shipped_thesaurus_reads_cleanly():
    loaded = thesaurus.load(thesaurus.PATH)
    assert not loaded.problems, [str(problem) for problem in loaded.problems]
    assert len(loaded.concepts) >= 40


APART = [  # a page on the subject in another language, and same-language pages on other subjects
    {"id": "en-home", "lang": "en", "title": "Calls to the hotline doubled",
     "body": "Women beaten by their husbands called the hotline twice as often this year; the shelter in "
             "the city took in forty mothers with children."},
    {"id": "kk-water", "lang": "kk", "title": "Су тапшылығы",
     "body": "Ауыл шаруалары суару маусымы алдында арықтарды тазалады, су жетпейді деп алаңдайды."},
    {"id": "kk-vote", "lang": "kk", "title": "Сайлау",
     "body": "Сайлау учаскелерінде байқаушылар дауыс санауды қадағалады, нәтиже ертең жарияланады."},
    {"id": "kk-school", "lang": "kk", "title": "Жаңа мектеп",
     "body": "Аудан орталығында он екі сыныпты жаңа мектеп ашылды, оқушылар қуанышты."},
]


def test_the_thesaurus_brings_a_kazakh_query_nearer_the_english_page_on_its_subject(tmp_path, monkeypatch):
    """No page has the query's words or their equivalents, so only meaning ranks: read with its renderings
    (search_api/graded.py: ``meaning_texts``), a Kazakh query stands the English page on its subject further
    ahead of the Kazakh pages on other subjects than the query alone does."""
    source = tmp_path / "docs.jsonl"
    write_jsonl(source, APART)
    build_index([source], tmp_path / "index", progress=False)
    embed_index(tmp_path / "index")
    engine = SearchEngine(IndexHandle(tmp_path / "index"))
    try:
        leads = {}
        for switch in ("0", "1"):
            monkeypatch.setenv("PEACESEARCH_THESAURUS", switch)
            hits = engine.search(SearchRequest(q="тұрмыстық зорлық-зомбылық", limit=10)).hits
            assert hits[0]["id"] == "en-home"
            leads[switch] = hits[0]["score"] - hits[1]["score"]
        assert leads["1"] > leads["0"] + 0.1
    finally:
        engine.handle.close()
