"""Themes catch up with vectors: a build themes a document on its words alone while its vector is not cached
(builds never embed), and once the embedding job has cached it, the job re-indexes the document so that its
themes read the vector, ending where a build with every vector cached starts. Texts written for this test."""

from __future__ import annotations

import threading
import time

import pytest

from analyzers import semantic
from indexer import embed
from indexer.build import build_index
from indexer.embed import embed_index
from search_api import cli, meaning
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl

# Pages whose vector changes their themes (no keyword of the theme in the first two).
DOCS = [
    {"id": "abroad", "lang": "en", "title": "Tajik workers return from Moscow",
     "body": "Thousands of young men from Khatlon spend the year on building sites in Moscow and send money home "
             "to their families. When the rouble fell, many came back to their villages without work."},
    {"id": "silence", "lang": "ru", "title": "Соседи молчали",
     "body": "Муж избивал её десять лет, а соседи молчали. Теперь она живёт с детьми у сестры и боится "
             "выходить на улицу."},
    {"id": "canal", "lang": "en", "title": "Elders in the valley",
     "body": "Elders from two villages met after the quarrel over the irrigation canal. They agreed to share the "
             "water by days of the week and to meet again in spring."},
    {"id": "given", "lang": "en", "title": "Going north for work", "themes": ["elections"],
     "body": "Young men from the village spend the year on building sites abroad and send money home."},
]


def _build(folder, cache) -> SearchEngine:
    source = folder / "docs.jsonl"
    folder.mkdir(exist_ok=True)
    write_jsonl(source, DOCS)
    build_index([source], folder / "index", progress=False)
    return SearchEngine(IndexHandle(folder / "index", check_interval=0.0))


def _themes(engine: SearchEngine) -> dict[str, tuple[str, str]]:
    """id → (themes, basis) as the index stores them."""
    searcher, _ = engine.handle.acquire()
    return {fields["id"]: (fields["themes"], fields["themes_basis"]) for fields in searcher.all_stored_fields()}


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setattr(meaning, "CHECK_SECONDS", 0.0)
    assert semantic.enabled()
    return tmp_path / "cache.sqlite"


def test_themes_read_the_vector_once_the_job_has_cached_it(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.setattr(embed, "REFRESH_BATCH", 2)  # re-indexed a batch at a time: two batches here
    engine = _build(tmp_path / "first", cache)
    before = _themes(engine)
    assert {doc_id: basis for doc_id, (_, basis) in before.items()} == \
        {"abroad": "words", "silence": "words", "canal": "words", "given": "given"}

    assert cli.main(["embed", "--index", str(tmp_path / "first" / "index"), "--quiet"]) == 0
    assert "themes of 3 re-read with their vector" in capsys.readouterr().out
    after = _themes(engine)
    assert {doc_id: basis for doc_id, (_, basis) in after.items()} == \
        {"abroad": "vector", "silence": "vector", "canal": "vector", "given": "given"}
    assert after["given"] == before["given"] == ("elections", "given")  # the editor's themes, untouched

    fresh = _build(tmp_path / "fresh", cache)  # every vector cached: a build themes with them at once
    assert _themes(fresh) == after
    assert after != before  # the vectors changed some themes (what the test is about)
    assert "migration" in after["abroad"][0].split(",")
    assert engine.stats()["meaning"]["with_vector"] == 4  # the re-indexed documents have their vectors too

    again = embed_index(tmp_path / "first" / "index")  # no loop: nothing left to re-index
    assert again.themes_refreshed == 0 and again.embedded == 0
    engine.handle.close()
    fresh.handle.close()


def test_searches_are_answered_while_themes_are_re_read(tmp_path, cache):
    engine = _build(tmp_path / "served", cache)
    answers: list[tuple[float, list[str] | str]] = []  # (when asked, ids found or the error)
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            asked = time.monotonic()
            try:
                hits = engine.search(SearchRequest(q="villages", match="any", facets=())).hits
                answers.append((asked, sorted(hit["id"] for hit in hits)))
            except Exception as exc:  # noqa: BLE001 (an error is what the test looks for)
                answers.append((asked, repr(exc)))

    reader = threading.Thread(target=search)
    reader.start()
    while not answers:  # the reader is answering before the job starts
        time.sleep(0.01)
    try:
        began = time.monotonic()
        report = embed_index(tmp_path / "served" / "index")
        ended = time.monotonic()
    finally:
        stop.set()
        reader.join(timeout=30)
    assert report.themes_refreshed == 3
    assert any(began <= asked <= ended for asked, _ in answers)  # asked while the job ran
    assert all(found == ["abroad", "canal", "given"] for _, found in answers)  # never an error, never a gap
    assert _themes(engine)["abroad"][1] == "vector"
    engine.handle.close()


def test_the_servers_following_job_re_reads_themes_of_a_later_edit(tmp_path, cache, monkeypatch):
    """The job ``peacesearch serve`` runs: an edit indexed before its vector is cached gets its vector's
    themes within seconds."""
    from indexer.build import apply_documents
    from indexer.document import Document

    monkeypatch.setattr(embed, "POLL_SECONDS", 0.1)
    engine = _build(tmp_path / "follow", cache)
    stop = threading.Event()
    job = threading.Thread(target=embed_index, args=(tmp_path / "follow" / "index",),
                           kwargs={"stop": stop, "follow": True})
    job.start()
    try:
        _wait(lambda: _themes(engine)["abroad"][1] == "vector")
        late = {**DOCS[1], "id": "late", "title": "Тишина"}
        apply_documents([Document(**late)], tmp_path / "follow" / "index")
        assert "late" in _themes(engine)  # indexed at once (on its words, unless the job was quicker)
        _wait(lambda: _themes(engine)["late"][1] == "vector")
        assert "gender-based-violence" in _themes(engine)["late"][0].split(",")  # the vector's theme
    finally:
        stop.set()
        job.join(timeout=60)
    assert not job.is_alive()
    engine.handle.close()


def _wait(probe, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not probe():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.1)
