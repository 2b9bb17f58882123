"""An edit is searched by its words as soon as ``PUT`` has answered: by every thread and worker process of the
server (not only the one that made it), and ranked by its words while it has no vector yet (the embedding job
gives it one seconds later, or minutes later while it is still embedding a freshly built index)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from falcon import testing

from analyzers import semantic
from indexer.build import rebuild
from indexer.embed import embed_index
from search_api import fusion
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl
from tests.servers import request, serving

TOKEN = "fresh-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/markdown"}
WORD = "quillbrook"  # made up for the test: no page has it before the edit
DOCS = [  # short texts written for the test: pages near the edit in meaning, none with its word
    {"id": "canal", "lang": "en", "title": "Irrigation canal repaired",
     "body": "Farmers in the valley repaired the irrigation canal before the spring sowing season."},
    {"id": "water", "lang": "en", "title": "Water users agree on a schedule",
     "body": "The water users association agreed on a watering schedule for the upper and lower villages."},
    {"id": "dispute", "lang": "en", "title": "Border villages settle a water dispute",
     "body": "Elders of two border villages settled a dispute over the shared spring with mediators."},
    {"id": "school", "lang": "en", "title": "New school opened",
     "body": "A new primary school with twelve classrooms opened in the district centre this autumn."},
    {"id": "youth", "lang": "en", "title": "Youth forum in Osh",
     "body": "Young people from Osh and Jalal-Abad discussed jobs, sports and volunteering."},
]
EDIT = (f"---\ntitle: The {WORD} water council\nlang: en\n---\n"
        f"The {WORD} council of farmers met to share the irrigation water of the valley fairly.")


@pytest.fixture
def index(tmp_path):
    """A small index every page of which has its vectors (as after the embedding job has run)."""
    source = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    rebuild([source], tmp_path / "index", progress=False)
    if semantic.enabled():
        embed_index(tmp_path / "index")
    return tmp_path / "index"


@pytest.fixture
def client(index):
    return testing.TestClient(create_app(AppConfig(index_dir=index, token=TOKEN, sync_seconds=0)))


def _ids(result) -> list[str]:
    return [hit["id"] for hit in result.hits]


def test_a_page_without_a_vector_yet_is_ranked_by_its_words_alone():
    """Unit: page 1 alone has every word and no vector yet; pages 2 and 3 are only near in meaning."""
    ranked = [doc for doc, _ in fusion.rank({1: 4.0, 4: 0.2}, {1}, {1: None, 2: 0.86, 3: 0.84, 4: None}, set())]
    assert ranked[0] == 1  # its words are the best: first, as when every page has a vector and it is nearest
    assert ranked[-1] == 4  # weak words and no vector: not lifted above the pages near in meaning


@pytest.mark.skipif(not semantic.enabled(), reason="needs the embedding model (pages near in meaning)")
def test_a_page_put_over_http_is_first_for_its_new_word_before_it_has_a_vector(client):
    put = client.simulate_put("/api/v1/documents/edit", body=EDIT, headers=AUTH)
    assert put.status_code == 201 and put.json["indexed"] is True
    health = client.simulate_get("/health").json["meaning"]
    assert health["with_vector"] == len(DOCS) and health["documents"] == len(DOCS) + 1  # the edit has none yet
    for q in (WORD, f"{WORD} irrigation", f"{WORD} council"):
        search = client.simulate_get("/api/v1/search", params={"q": q}).json
        assert [hit["id"] for hit in search["hits"]][0] == "edit", q
        assert search["total"] > 1  # the pages near in meaning are still shown, after it


def test_every_other_searcher_sees_an_edit_as_soon_as_put_answers(client, index):
    """Another worker's searcher (its own handle; a long check interval so that only a real change signal
    can make it look again) sees the word of a page put, and the page gone when it is deleted."""
    other = SearchEngine(IndexHandle(index, check_interval=3600))
    try:
        assert other.search(SearchRequest(q=WORD, match="all")).total == 0
        assert client.simulate_put("/api/v1/documents/edit", body=EDIT, headers=AUTH).json["indexed"] is True
        found = other.search(SearchRequest(q=WORD, match="all"))
        assert found.total == 1 and _ids(found) == ["edit"] and not found.relaxed
        assert client.simulate_delete("/api/v1/documents/edit", headers=AUTH).json["indexed"] is True
        assert other.search(SearchRequest(q=WORD, match="all")).total == 0
    finally:
        other.handle.close()


def test_every_other_searcher_switches_to_a_new_generation_at_once(index, tmp_path):
    other = SearchEngine(IndexHandle(index, check_interval=3600))
    try:
        assert other.search(SearchRequest(q=WORD, match="all")).total == 0
        more = write_jsonl(tmp_path / "more.jsonl", [{"id": "late", "lang": "en", "title": f"The {WORD} report",
                                                      "body": "A report on the water council of the valley."}])
        rebuild([more], index, progress=False)  # a full rebuild: a new generation, ``current`` switched
        assert _ids(other.search(SearchRequest(q=WORD, match="all"))) == ["late"]
    finally:
        other.handle.close()


def test_a_real_server_answers_every_search_after_put_with_the_edit_first(index, tmp_path, monkeypatch):
    """``peacesearch serve`` with two worker processes of two threads: every thread has just searched (its
    check interval not passed) when the edit is put, and each search right after finds the page first."""
    monkeypatch.setenv("PEACESEARCH_TOKEN", TOKEN)
    with serving(["--index", str(index), "--workers", "2", "--threads", "2"], tmp_path / "server.log") as port:
        path = f"/api/v1/search?q={quote(WORD)}"

        def first_hits(count: int) -> list[list[str]]:
            with ThreadPoolExecutor(count) as pool:
                answers = list(pool.map(lambda _: request(port, "GET", path, timeout=60), range(count)))
            assert all(status == 200 for status, _, _ in answers)
            return [[hit["id"] for hit in json.loads(body)["hits"]][:1] for _, _, body in answers]

        for _ in range(3):
            assert all(ids != ["edit"] for ids in first_hits(8))  # every thread has searched before the edit
        status, _, body = request(port, "PUT", "/api/v1/documents/edit", EDIT.encode(), AUTH, timeout=60)
        assert status == 201 and json.loads(body)["indexed"] is True
        assert first_hits(8) == [["edit"]] * 8
