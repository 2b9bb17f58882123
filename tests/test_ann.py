"""Approximate nearest neighbours (search_api/ann.py): with the threshold lowered so that a small index of
short texts gets graphs, searches by meaning find what exact search finds, never a deleted page, and an
edited page by its new text."""

from __future__ import annotations

import pytest

from analyzers import semantic
from indexer.build import apply_documents, build_index, delete
from indexer.document import Document
from indexer.embed import embed_index
from search_api import ann, meaning
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl

DOCS = [
    {"id": "rain", "lang": "en", "title": "Weather", "body": "Heavy rain and wind are expected in Almaty tomorrow."},
    {"id": "talks", "lang": "en", "title": "Talks", "body": "The two villages agreed to share the water of the river."},
    {"id": "school", "lang": "en", "title": "School", "body": "A new school opened for the children of the valley."},
    {"id": "market", "lang": "ru", "title": "Рынок", "body": "На рынке подорожали овощи и фрукты."},
    {"id": "border", "lang": "en", "title": "Border", "body": "Guards on both sides of the border met to talk."},
    {"id": "harvest", "lang": "en", "title": "Harvest", "body": "Farmers finished the wheat harvest before the frost."},
]
QUESTIONS = ["Will it rain tomorrow?", "How did the villages settle the quarrel over water?", "wheat farming"]


@pytest.fixture()
def root(tmp_path, monkeypatch):
    """A built index with its vectors, every segment with a graph (threshold lowered to one row)."""
    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setattr(meaning, "CHECK_SECONDS", 0.0)
    monkeypatch.setattr(ann, "ANN_FROM", 1)
    source = tmp_path / "docs.jsonl"
    write_jsonl(source, DOCS)
    path = tmp_path / "index"
    build_index([source], path, progress=False)
    embed_index(path)
    return path


@pytest.fixture()
def engine(root):
    engine = SearchEngine(IndexHandle(root, check_interval=0.0))
    yield engine
    engine.handle.close()


def _near_ids(engine: SearchEngine, question: str, count: int = 3) -> list[str]:
    searcher, _ = engine.handle.acquire()
    found = engine.handle.meaning().nearest_to(semantic.query_vector(question), count)
    return [searcher.stored_fields(doc)["id"] for doc in sorted(found, key=found.get, reverse=True)]


def test_graph_results_equal_exact_results(engine, monkeypatch):
    engine.handle.acquire()
    index = engine.handle.meaning()
    asked: list[int] = []
    search = ann.search
    monkeypatch.setattr(ann, "search", lambda graph, query, count: asked.append(count) or search(graph, query, count))
    for question in QUESTIONS:
        query = semantic.query_vector(question)
        assert index.nearest_to(query, 4) == pytest.approx(index.nearest(index.cosines(query), 4))
    assert asked, "the graph was searched, not every vector"
    assert _near_ids(engine, QUESTIONS[0], 1) == ["rain"]


def test_a_deleted_page_is_never_returned(root, engine):
    assert "talks" in _near_ids(engine, QUESTIONS[1], 1)
    delete(["talks"], root)
    assert "talks" not in _near_ids(engine, QUESTIONS[1], len(DOCS))
    ids = [hit["id"] for hit in engine.search(SearchRequest(q=QUESTIONS[1], facets=())).hits]
    assert "talks" not in ids


def test_an_edited_page_is_found_by_its_new_text(root, engine):
    edited = Document(id="market", lang="en", title="Bees",
                      body="Beekeepers moved their hives to the mountain meadows.")
    apply_documents([edited], root)
    embed_index(root)  # the edit's new segment gets its vectors and its graph
    engine.handle.acquire()
    index = engine.handle.meaning()
    assert len(index._graphs) >= 2
    assert _near_ids(engine, "honey bees and their hives", 1) == ["market"]
    assert "market" not in _near_ids(engine, "price of vegetables at the bazaar", 1)


def test_a_large_index_of_small_segments_searches_them_through_graphs():
    """A parallel build leaves a few segments per core: at a million documents on 16 cores each is below
    ANN_FROM, yet together they are too many rows to score one by one."""
    assert ann.wanted(ann.ANN_FROM, ann.ANN_FROM)
    assert ann.wanted(ann.ANN_SEGMENT_FROM, 50 * ann.ANN_SEGMENT_FROM)
    assert not ann.wanted(ann.ANN_SEGMENT_FROM - 1, 50 * ann.ANN_SEGMENT_FROM)  # a tail segment: exact
    assert not ann.wanted(ann.ANN_SEGMENT_FROM, ann.ANN_FROM - 1)  # a small index: exact everywhere
