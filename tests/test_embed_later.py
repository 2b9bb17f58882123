"""Search first, meaning after: the word index answers before any vector exists, and vectors follow it
(``peacesearch embed``, or the job ``peacesearch serve`` starts), used by searches as they land."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import numpy as np
import pytest

from analyzers import semantic
from indexer.build import apply_documents, build_index, delete
from indexer.document import Document
from indexer.embed import EmbedReport, Progress, Rate, embed_index
from indexer.vectors import SentencePolicy, document_text, sentence_texts
from search_api import cli, meaning
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from search_api.similar import more_like_this, table_for
from tests.conftest import write_jsonl
from tests.servers import free_port
from tests.test_semantic import DOCS, QUESTION

# The ctenophore passages of tests/test_semantic.py: words alone put "other" first, meaning puts "answer".
WORDS_ORDER, MEANING_ORDER = ["other", "answer"], ["answer", "other"]


@pytest.fixture()
def root(tmp_path, monkeypatch):
    """A built index whose documents have no vector (its own empty vector cache)."""
    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setattr(meaning, "CHECK_SECONDS", 0.0)  # a search looks for newly arrived vectors every time
    source = tmp_path / "docs.jsonl"
    write_jsonl(source, DOCS)
    path = tmp_path / "index"
    assert build_index([source], path, progress=False).vectors.startswith("later")
    return path


@pytest.fixture()
def engine(root):
    engine = SearchEngine(IndexHandle(root, check_interval=0.0))
    yield engine
    engine.handle.close()


def _ids(engine: SearchEngine, q: str = QUESTION, match: str = "any") -> list[str]:
    return [hit["id"] for hit in engine.search(SearchRequest(q=q, match=match, facets=())).hits]


def test_an_index_is_searchable_before_any_vector_exists(engine):
    assert semantic.enabled()
    assert _ids(engine)[:2] == WORDS_ORDER  # ranked by words alone
    assert "other" in _ids(engine, "гребневик", "graded")
    stats = engine.stats()
    assert stats["documents"] == 3 and stats["meaning"]["with_vector"] == 0


def test_after_peacesearch_embed_the_same_server_ranks_by_meaning(root, engine, capsys):
    assert _ids(engine)[:2] == WORDS_ORDER
    assert cli.main(["embed", "--index", str(root), "--quiet"]) == 0
    assert "3 of 3 documents have vectors" in capsys.readouterr().out
    assert _ids(engine)[:2] == MEANING_ORDER  # the open index took the vectors without a reopen
    assert engine.stats()["meaning"]["with_vector"] == 3


def test_a_later_edit_is_searched_by_words_at_once_and_gets_its_vector_from_the_next_embedding(root, engine):
    embed_index(root)
    late = Document(id="late", title="Медузы", lang="ru",
                    body="Медузы заполнили прибрежные воды Каспийского моря этим летом. "
                         "Учёные связывают их появление с тёплой и короткой зимой.")
    apply_documents([late], root)
    assert "late" in _ids(engine, "медузы", "all")
    searcher, _ = engine.handle.acquire()
    docnum = searcher.document_number(id="late")
    assert not engine.handle.meaning().has_vector(docnum)
    report = embed_index(root)
    assert report.embedded == 3 and report.with_vector == 4  # its whole text and its two sentences
    searcher, _ = engine.handle.acquire()
    vector = engine.handle.meaning().vector(searcher.document_number(id="late"))
    expected = np.frombuffer(semantic.passage_vector(document_text(late.title, late.body)), dtype=semantic.VECTOR_DTYPE)
    assert vector is not None and float(vector @ expected.astype(np.float32)) > 0.999


def test_a_deleted_document_is_never_returned_by_meaning(root, engine):
    embed_index(root)
    assert _ids(engine)[0] == "answer"
    delete(["answer"], root)
    assert "answer" not in _ids(engine) and "answer" not in _ids(engine, QUESTION, "graded")
    searcher, columns = engine.handle.acquire()
    meaning_index = engine.handle.meaning()
    near = meaning_index.nearest(meaning_index.cosines(semantic.query_vector(QUESTION)), 10)
    assert sorted(searcher.stored_fields(doc)["id"] for doc in near) == ["filler", "other"]
    assert [hit["id"] for hit in more_like_this(table_for(searcher, columns), "other")] == ["filler"]


def test_the_rate_shown_is_measured_over_the_last_batches_not_the_first_text():
    rate = Rate(window=3)
    rate.add(1, 30.0)  # the first text also loads the model
    assert rate.per_second() == pytest.approx(1 / 30)
    for _ in range(3):
        rate.add(32, 8.0)
    assert rate.per_second() == pytest.approx(4.0)
    progress = Progress(enabled=False, total=1000, done=200, rate=rate)
    assert progress.status()["seconds_left"] == 200  # 800 texts at 4 a second
    # Long whole texts first, short sentences after: the time left follows the characters still to read.
    slow = Rate(window=3)
    slow.add(10, 20.0, chars=20_000)  # ten whole texts of 2,000 characters: 0.5 texts/s
    progress = Progress(enabled=False, total=110, done=10, total_chars=30_000, done_chars=20_000, rate=slow)
    assert progress.status()["texts_per_second"] == 0.5 and progress.status()["seconds_left"] == 10
    assert "0 texts embedded" in EmbedReport().summary()


def test_serve_answers_at_once_and_embeds_in_the_background(root, tmp_path):
    port = free_port()
    env = {**os.environ, "PEACESEARCH_VECTOR_CACHE": str(tmp_path / "empty-cache.sqlite")}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "search_api.cli", "serve", "--index", str(root),
                                "--port", str(port), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        first = _wait_for(lambda: _get(f"{base}/api/v1/search?q=" + urllib.parse.quote("гребневик")), 30)
        assert first["total"] >= 1 and time.monotonic() - started < 30
        _wait_for(lambda: (health := _get(f"{base}/health")) and health["meaning"]["with_vector"] == 3 and health, 120)
        search = _get(f"{base}/api/v1/search?match=any&q=" + urllib.parse.quote(QUESTION))
        assert [hit["id"] for hit in search["hits"]][:2] == MEANING_ORDER
    finally:
        process.terminate()
        process.wait(timeout=20)


def _get(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read()) if response.status == 200 else None
    except OSError:
        return None


def _wait_for(probe, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s")


def test_embed_without_an_index_says_what_to_do(tmp_path, capsys):
    assert cli.main(["embed", "--index", str(tmp_path / "none")]) == 1
    assert "no index at" in capsys.readouterr().err


def test_the_following_job_gives_an_edit_its_vector_within_seconds(root, engine, monkeypatch):
    import threading

    from indexer import embed

    monkeypatch.setattr(embed, "POLL_SECONDS", 0.2)
    stop = threading.Event()
    job = threading.Thread(target=embed_index, args=(root,), kwargs={"stop": stop, "follow": True})
    job.start()
    try:
        _wait_for(lambda: engine.stats()["meaning"]["with_vector"] == 3, 60)
        apply_documents([Document(id="late", title="Медузы", lang="ru",
                                  body="Медузы заполнили прибрежные воды Каспийского моря этим летом.")], root)
        _wait_for(lambda: engine.stats()["meaning"]["with_vector"] == 4, 60)
    finally:
        stop.set()
        job.join(timeout=60)
    assert not job.is_alive()


# --- which sentences get a vector (indexer/vectors.py: SentencePolicy, chosen by bench/embedcost.py) ---

def _body(sentences: int) -> str:
    """A body of distinct sentences, each about 90 characters (written for the test)."""
    return " ".join(f"Совет водопользователей номер {n} договорился о графике полива участков на весь летний сезон."
                    for n in range(1, sentences + 1))


def test_a_body_shorter_than_the_threshold_gets_no_sentence_texts_and_a_longer_one_gets_them():
    policy = SentencePolicy(from_chars=1000)
    assert sentence_texts("Вода", _body(5), policy) == []  # about 460 characters: its whole text reads it all
    long_texts = sentence_texts("Вода", _body(15), policy)
    assert len(long_texts) == 15 and all(text.startswith("Вода\n") for text in long_texts)


def test_at_most_the_first_k_sentences_are_embedded():
    texts = sentence_texts("Вода", _body(12), SentencePolicy(max_sentences=4))
    assert texts == sentence_texts("Вода", _body(12), SentencePolicy())[:4]


def test_short_sentences_are_merged_into_fuller_chunks_and_nothing_is_lost():
    chunks = sentence_texts("Вода", _body(12), SentencePolicy(chunk_chars=300))
    assert 2 <= len(chunks) < 12
    assert all(len(chunk) <= len("Вода\n") + 300 for chunk in chunks)
    assert " ".join(chunk.removeprefix("Вода\n") for chunk in chunks) == _body(12)


def test_the_embedding_job_embeds_a_long_document_s_whole_text_and_at_most_the_cap_of_its_sentences(root, engine):
    from indexer import vectors

    cap = vectors.POLICY.max_sentences
    assert cap > 0  # the chosen trade-off (bench/embedcost.py) caps the sentences of a document
    embed_index(root)
    long = Document(id="long", title="Вода", lang="ru", body=_body(cap + 5))
    apply_documents([long], root)
    report = embed_index(root)
    assert report.embedded == 1 + cap and report.with_vector == 4
    searcher, _ = engine.handle.acquire()
    located = engine.handle.meaning()._locate(searcher.document_number(id="long"))
    assert located is not None
    offsets, row = located[0].offsets, located[1]
    assert int(offsets[row + 1] - offsets[row]) == cap  # its first sentences, each under the title
