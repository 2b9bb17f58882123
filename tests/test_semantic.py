"""Semantic re-ranking: a question finds the passage that answers it in other words."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analyzers import semantic
from indexer.build import build_index, update
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest

# Both passages name the ctenophore; only the first answers the question, with other words (съесть …
# в сутки for съедает … в день). The second repeats the name, so word matching alone puts it first.
DOCS = [
    {"id": "answer", "lang": "ru", "title": "Питание",
     "body": "При благоприятных условиях гребневики могут съесть в десять раз больше собственного веса в сутки."},
    {"id": "other", "lang": "ru", "title": "Гребневик",
     "body": "Гребневик светится. Гребневик живёт в море, и гребневик плавает с помощью гребных пластинок."},
    {"id": "filler", "lang": "ru", "title": "Погода", "body": "Завтра в Алматы ожидается дождь и ветер."},
]
QUESTION = "Сколько пищи в день съедает гребневик?"


@pytest.fixture()
def source(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS) + "\n", encoding="utf-8")
    return path


def _ids(root, match: str) -> list[str]:
    engine = SearchEngine(IndexHandle(root))
    try:
        return [h["id"] for h in engine.search(SearchRequest(q=QUESTION, match=match, facets=())).hits]
    finally:
        engine.handle.close()


def test_question_finds_the_passage_that_answers_in_other_words(source, tmp_path):
    assert semantic.enabled(), "the embedding model should load on this machine"
    root = tmp_path / "index"
    report = build_index([source], root, progress=False)
    assert "computed" in report.vectors
    assert _ids(root, "any")[:2] == ["answer", "other"]


def test_without_meaning_word_matching_alone_ranks_the_other_passage_first(source, tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    root = tmp_path / "index"
    report = build_index([source], root, progress=False)
    assert report.vectors == "off"
    assert _ids(root, "any")[:2] == ["other", "answer"]


def test_reader_queries_keep_word_ranking(source, tmp_path):
    """match=all (the readers' default) is not re-ranked: every hit must hold every word."""
    root = tmp_path / "index"
    build_index([source], root, progress=False)
    assert _ids(root, "all") == []  # no passage has all of the question's words


def test_vectors_are_reused_across_rebuilds_and_updates(source, tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    root = tmp_path / "index"
    assert build_index([source], root, progress=False).vectors == "3 computed, 0 from the cache"
    assert build_index([source], root, progress=False).vectors == "0 computed, 3 from the cache"
    changed = [*DOCS[:2], {**DOCS[2], "body": "Послезавтра в Астане будет солнечно."}]
    source.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in changed) + "\n", encoding="utf-8")
    report = update([source], root, progress=False)
    assert (report.updated, report.unchanged) == (1, 2)
    assert report.vectors == "1 computed, 0 from the cache"


def test_many_new_documents_are_embedded_by_worker_processes_with_the_same_vectors(tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    from indexer import vectors

    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setenv("PEACESEARCH_EMBED_WORKERS", "2")
    towns = ["Алматы", "Астана", "Шымкент", "Бишкек", "Ош", "Душанбе", "Ташкент", "Тараз", "Атырау", "Актобе"]
    docs = [*DOCS, *({"id": f"town-{i}", "lang": "ru", "title": town, "body": f"Новости города {town}, выпуск {i}."}
                     for i, town in enumerate(towns * 2))]
    assert len(docs) - len(DOCS) >= vectors.PARALLEL_FROM
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    embed_here = semantic.passage_vector

    def refuse(text: str) -> bytes:
        raise AssertionError("embedded in the indexing process, not by the workers")

    monkeypatch.setattr(semantic, "passage_vector", refuse)  # the spawned workers import their own
    root = tmp_path / "index"
    report = build_index([source], root, progress=False)
    assert report.vectors == f"{len(docs)} computed, 0 from the cache"
    with whoosh_index.open_dir(str(root / "current")).searcher() as searcher:
        stored = searcher.document(id="town-3")["vector"]
    here = embed_here(vectors.document_text("Бишкек", "Новости города Бишкек, выпуск 3."))
    assert semantic.similarity(np.frombuffer(here, dtype=semantic.VECTOR_DTYPE).astype(np.float32), stored) > 0.999
    assert _ids(root, "any")[0] == "answer"


def test_latin_kazakh_questions_are_read_in_cyrillic_by_the_model():
    from search_api.query import build_query

    text = build_query("Qazaqstandağy äielder jağdaiy qandai?", "any").meaning_text
    assert text.startswith("қазақстандағы әиелдер жағдаиы") and text.endswith("?")
    assert build_query("What is peace?", "any").meaning_text == "What is peace?"


def test_sentences_end_at_sentence_ends_and_short_pieces_join_the_one_before():
    text = ("Мир в Центральной Азии строится медленно, шаг за шагом. Т.б. "
            "Женщины ведут диалог между общинами и семьями! 2019 год стал для региона годом перемен и надежд. Конец.")
    assert semantic.sentences(text) == [
        "Мир в Центральной Азии строится медленно, шаг за шагом. Т.б.",
        "Женщины ведут диалог между общинами и семьями!",
        "2019 год стал для региона годом перемен и надежд. Конец.",
    ]


def test_each_sentence_is_embedded_under_the_document_title(source, tmp_path):
    from whoosh import index as whoosh_index

    from indexer.vectors import document_text

    root = tmp_path / "index"
    build_index([source], root, progress=False)
    with whoosh_index.open_dir(str(root / "current")).searcher() as searcher:
        several = searcher.document(id="other")["sentence_vectors"]
        single = searcher.document(id="answer")["sentence_vectors"]
    width = semantic.DIMENSIONS * np.dtype(semantic.VECTOR_DTYPE).itemsize
    assert len(several) == 2 * width and single == b""
    first = semantic.passage_vector(document_text("Гребневик", "Гребневик светится."))
    query = np.frombuffer(first, dtype=semantic.VECTOR_DTYPE).astype(np.float32)
    assert semantic.similarity(query, several[:width]) > 0.999
    assert semantic.similarity(query, several[width:]) < 0.99
