"""Word matches scored in arrays (search_api/postings.py): the documents a query matches and the best page are
exactly those an exhaustive Whoosh search gives (same documents, same scores, ties by number), across segments,
deleted documents and postings of many blocks; and a search answers the same with the arrays as without."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq

from search_api import postings
from search_api.request import parse_request
from tests.test_within import exhaustive, searcher  # noqa: F401  (``searcher``: three segments, with deletions)

QUERIES = {
    "any word": wq.Or([wq.Term("body", "peace"), wq.Term("body", "river", boost=1.5), wq.Term("body", "youth")]),
    "nested, boosted": wq.Or([wq.Or([wq.Term("body", "water"), wq.Term("body", "school")], boost=0.7),
                              wq.Term("body", "village", boost=2.0)]),
    "every word": wq.And([wq.Or([wq.Term("body", "peace"), wq.Term("body", "women")]), wq.Term("body", "border")]),
    "a word twice": wq.Or([wq.Term("body", "river"), wq.Term("body", "filler"), wq.Term("body", "river")]),
    "a tag at a constant score": wq.Or([wq.Term("body", "youth"), wq.ConstantScoreQuery(wq.Term("tag", "t3"), 0.2)]),
    "an absent word": wq.Or([wq.Term("body", "nowhere"), wq.Term("body", "school")]),
}


@pytest.mark.parametrize("name", QUERIES)
def test_matches_and_best_page_are_whooshs(searcher, name):  # noqa: F811
    query = QUERIES[name]
    scored = postings.score_all(searcher, query)
    assert scored is not None
    assert set(np.flatnonzero(scored.matched).tolist()) == set(searcher.docs_for_query(query))
    everything = np.ones(searcher.doc_count_all(), dtype=bool)
    some = np.zeros(searcher.doc_count_all(), dtype=bool)
    some[::3] = True
    for allowed in (everything, some):
        docs = np.flatnonzero(allowed).tolist()
        for limit in (1, 10, 200):
            assert postings.top(searcher, query, scored, allowed, limit) == exhaustive(searcher, query, docs, limit)


def test_other_kinds_of_query_are_left_to_whoosh(searcher):  # noqa: F811
    phrase = wq.Or([wq.Phrase("body", ["peace", "water"]), wq.Term("body", "river")])
    assert postings.score_all(searcher, phrase) is None
    assert postings.score_all(searcher, wq.Or([wq.Term("body", "river")], minmatch=1)) is None


def test_switched_off_the_arrays_are_not_used(searcher, monkeypatch):  # noqa: F811
    monkeypatch.setenv("PEACESEARCH_SCORED_POSTINGS", "0")
    assert postings.score_all(searcher, QUERIES["any word"]) is None


def test_the_cache_drops_the_least_recently_used_past_its_budget():
    cache = postings._Cache(budget=3 * 12 * 100)  # three terms of 100 postings (4 + 8 bytes each)
    terms = {name: postings.Postings(np.arange(100, dtype=np.int32), np.ones(100)) for name in "abcd"}
    for name in "abc":
        cache.put((name,), terms[name])
    assert cache.get(("a",)) is terms["a"]  # a is now the most recently used
    cache.put(("d",), terms["d"])
    assert cache.get(("b",)) is None and cache.get(("a",)) is terms["a"] and cache.get(("d",)) is terms["d"]
    assert cache.used <= cache.budget


@pytest.mark.parametrize("params", [
    {"q": ["peace women"], "match": ["any"], "facets": ["country,theme,lang,year"]},
    {"q": ["women peace"], "match": ["all"], "facets": ["country,theme"], "limit": ["3"], "offset": ["2"]},
    {"q": ["dialogue youth Kazakhstan"], "match": ["any"], "country": ["KZ", "KG"], "facets": ["theme"]},
    {"q": ["әйелдер бейбітшілік"], "match": ["any"], "sort": ["date:desc"], "facets": ["year"]},
    {"q": ["мир женщины"], "match": ["all"], "lang": ["ru"], "date_from": ["2015"], "facets": ["country"]},
])
def test_a_search_answers_the_same_with_the_arrays_as_without(engine, monkeypatch, params):
    request = parse_request(params)
    monkeypatch.setenv("PEACESEARCH_SCORED_POSTINGS", "0")
    without = engine.search(request).to_dict()
    monkeypatch.setenv("PEACESEARCH_SCORED_POSTINGS", "1")
    with_arrays = engine.search(request).to_dict()
    assert with_arrays == without
    assert without["total"] > 0 or params["q"] == ["мир женщины"]
