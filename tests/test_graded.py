"""Graded matching, the readers' default: pages with every word first, then, when few or none have them
all, pages with most of the words, and the reader is told so (search_api/graded.py)."""

from __future__ import annotations

import json
from collections import Counter

from analyzers import semantic
from indexer.build import build_index
from search_api import graded
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest, parse_request

SOME = "женщины Бишкек"  # two corpus pages have both words, more have one of them
UNKNOWN = "небоскрёб"  # no corpus page has this word
TOGETHER = "молодежь Казахстан"  # a page of results has both words


def search(engine, **params):
    return engine.search(parse_request({k: [str(v)] for k, v in params.items()}))


def ids(result) -> list[str]:
    return [hit["id"] for hit in result.hits]


def test_a_word_no_page_has_relaxes_instead_of_finding_nothing(engine):
    strict = search(engine, q=f"{SOME} {UNKNOWN}", match="all", limit=100)
    graded = search(engine, q=f"{SOME} {UNKNOWN}", limit=100)
    assert strict.total == 0 and not strict.relaxed
    assert graded.relaxed is True and graded.total > 0
    assert UNKNOWN in graded.not_required
    assert graded.to_dict()["not_required"] == graded.not_required


def test_pages_with_every_word_come_first_then_pages_with_some(engine):
    complete = search(engine, q=SOME, match="all", limit=100)
    graded = search(engine, q=SOME, limit=100)
    assert 0 < complete.total < graded.total  # fewer than a page of results: the search relaxes
    assert graded.relaxed is True and graded.complete == complete.total
    assert set(ids(graded)[: complete.total]) == set(ids(complete))
    assert set(ids(complete)) < set(ids(search(engine, q=SOME, match="any", limit=100)))


def test_a_query_whose_words_all_match_is_not_relaxed(engine):
    complete = search(engine, q=TOGETHER, match="all")
    assert complete.total >= graded.FEW  # a first page of results with every word: nothing is relaxed
    result = search(engine, q=TOGETHER, limit=100)
    assert result.total == complete.total
    assert result.relaxed is False and result.not_required == []
    assert result.to_dict()["relaxed"] is False


def test_total_and_facets_count_the_pages_shown_when_relaxed(engine):
    result = search(engine, q=f"{SOME} {UNKNOWN}", limit=100)
    assert result.relaxed and result.total == len(result.hits)
    langs = {facet["value"]: facet["count"] for facet in result.facets["lang"]}
    assert langs == dict(Counter(hit["lang"] for hit in result.hits))


def test_explicit_all_and_any_keep_their_meaning(engine):
    assert search(engine, q=f"{SOME} {UNKNOWN}", match="all").total == 0
    assert not search(engine, q=f"{SOME} {UNKNOWN}", match="any").relaxed


def test_api_reports_the_relaxing(client):
    body = client.simulate_get("/api/v1/search", params={"q": f"{SOME} {UNKNOWN}"}).json
    assert body["relaxed"] is True and UNKNOWN in body["not_required"]
    assert body["total"] > 0
    body = client.simulate_get("/api/v1/search", params={"q": TOGETHER}).json
    assert body["relaxed"] is False and body["not_required"] == []


def test_page_says_it_relaxed_in_the_readers_language(client, engine):
    page = client.simulate_get("/", params={"q": f"{SOME} {UNKNOWN}", "ui_lang": "ru"}).text
    assert f"Нет страниц со всеми словами «{SOME} {UNKNOWN}»" in page
    english = client.simulate_get("/", params={"q": f"{SOME} {UNKNOWN}"}).text
    assert f"No page has all of “{SOME} {UNKNOWN}”; showing pages with most of them." in english
    few = client.simulate_get("/", params={"q": SOME, "ui_lang": "kk"}).text
    n = search(engine, q=SOME, match="all").total
    assert f"«{SOME}» сөздерінің бәрі бар беттер: {n};" in few
    complete = client.simulate_get("/", params={"q": TOGETHER, "ui_lang": "ru"}).text
    assert "Нет страниц со всеми словами" not in complete and "Страниц со всеми словами" not in complete


# Pages that share no word with the query: found by meaning when the search relaxes.
MEANING_DOCS = [
    {"id": "kidnap", "lang": "ru", "title": "Похищение невест в Кыргызстане",
     "body": "Похищение невест остаётся распространённой практикой в сельских районах Кыргызстана: девушек "
             "увозят силой и принуждают к браку. Правозащитники требуют ужесточить наказание."},
    {"id": "water", "lang": "en", "title": "Irrigation canal repaired",
     "body": "Farmers in the valley repaired the irrigation canal before the spring sowing season."},
    {"id": "school", "lang": "en", "title": "New school opened",
     "body": "A new primary school with twelve classrooms opened in the district centre this autumn."},
]


def test_a_page_sharing_no_word_is_found_by_meaning_and_filters_still_apply(tmp_path):
    assert semantic.enabled(), "the embedding model should load on this machine"
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps(doc, ensure_ascii=False) for doc in MEANING_DOCS), encoding="utf-8")
    build_index([source], tmp_path / "index", progress=False)
    engine = SearchEngine(IndexHandle(tmp_path / "index"))
    try:
        assert engine.search(SearchRequest(q="bride kidnapping", match="all")).total == 0
        result = engine.search(SearchRequest(q="bride kidnapping"))
        assert result.relaxed is True and result.not_required == ["bride", "kidnapping"]
        assert [hit["id"] for hit in result.hits][0] == "kidnap"
        english = engine.search(SearchRequest(q="bride kidnapping", langs=["en"]))
        assert "kidnap" not in [hit["id"] for hit in english.hits]
        assert english.total == len(english.hits) == english.facets["lang"][0]["count"]
    finally:
        engine.handle.close()


def test_meaning_follows_deletions_and_new_documents(tmp_path):
    """Vectors are kept per index segment (search_api/meaning.py): a deleted page is no longer found by
    meaning, and one added later is."""
    from indexer.build import apply_documents, delete
    from indexer.document import Document

    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps(doc, ensure_ascii=False) for doc in MEANING_DOCS), encoding="utf-8")
    root = tmp_path / "index"
    build_index([source], root, progress=False)
    engine = SearchEngine(IndexHandle(root, check_interval=0.0))
    try:
        assert "kidnap" in [hit["id"] for hit in engine.search(SearchRequest(q="bride kidnapping")).hits]
        delete(["kidnap"], root)
        assert "kidnap" not in [hit["id"] for hit in engine.search(SearchRequest(q="bride kidnapping")).hits]
        apply_documents([Document(id="abduction", lang="ru", title="Похищение девушек",
                                  body="В сёлах Кыргызстана девушек похищают и силой выдают замуж.")], root)
        hits = [hit["id"] for hit in engine.search(SearchRequest(q="bride kidnapping")).hits]
        assert hits[0] == "abduction"
    finally:
        engine.handle.close()
