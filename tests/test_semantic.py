"""Semantic re-ranking: a question finds the passage that answers it in other words."""

from __future__ import annotations

import numpy as np
import pytest

from analyzers import semantic
from indexer.build import build_index, update
from indexer.embed import embed_index
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import write_jsonl

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
    write_jsonl(path, DOCS)
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
    assert report.vectors.startswith("later")  # the build embeds nothing
    assert embed_index(root).with_vector == 3
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
    build_index([source], root, progress=False)
    texts = 3 + 2  # each whole text, and the two sentences of the one document that has several
    assert (embed_index(root).embedded, embed_index(root).embedded) == (texts, 0)
    build_index([source], root, progress=False)
    again = embed_index(root)
    assert (again.embedded, again.from_cache, again.with_vector) == (0, texts, 3)
    changed = [*DOCS[:2], {**DOCS[2], "body": "Послезавтра в Астане будет солнечно."}]
    write_jsonl(source, changed)
    report = update([source], root, progress=False)
    assert (report.updated, report.unchanged) == (1, 2)
    assert embed_index(root).embedded == 1


def test_many_new_documents_are_embedded_by_worker_processes_with_the_same_vectors(tmp_path, monkeypatch):
    from indexer import vectors

    monkeypatch.setenv("PEACESEARCH_VECTOR_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setenv("PEACESEARCH_EMBED_WORKERS", "2")
    towns = ["Алматы", "Астана", "Шымкент", "Бишкек", "Ош", "Душанбе", "Ташкент", "Тараз", "Атырау", "Актобе"]
    docs = [*DOCS, *({"id": f"town-{i}", "lang": "ru", "title": town, "body": f"Новости города {town}, выпуск {i}."}
                     for i, town in enumerate(towns * 2))]
    assert len(docs) - len(DOCS) >= vectors.PARALLEL_FROM
    source = tmp_path / "many.jsonl"
    write_jsonl(source, docs)
    embed_here = semantic.passage_vector

    def refuse(text: str) -> bytes:
        if "Новости города" in text:  # the 20 new towns come in one batch: the workers' (two sentences may not)
            raise AssertionError("embedded in the job's own process, not by the workers")
        return embed_here(text)

    root = tmp_path / "index"
    build_index([source], root, progress=False)
    monkeypatch.setattr(semantic, "passage_vector", refuse)  # the spawned workers import their own
    report = embed_index(root)
    assert (report.with_vector, report.embedded) == (len(docs), len(docs) + 2)
    here = embed_here(vectors.document_text("Бишкек", "Новости города Бишкек, выпуск 3."))
    assert _meaning_vector(root, "town-3") @ np.frombuffer(here, dtype=semantic.VECTOR_DTYPE).astype(np.float32) > 0.999
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
    from indexer.vectors import document_text

    root = tmp_path / "index"
    build_index([source], root, progress=False)
    embed_index(root)
    several, single = _sentence_vectors(root, "other"), _sentence_vectors(root, "answer")
    assert several.shape == (2, semantic.DIMENSIONS) and single.shape == (0, semantic.DIMENSIONS)
    first = semantic.passage_vector(document_text("Гребневик", "Гребневик светится."))
    query = np.frombuffer(first, dtype=semantic.VECTOR_DTYPE).astype(np.float32)
    assert several[0].astype(np.float32) @ query > 0.999
    assert several[1].astype(np.float32) @ query < 0.99


def _docnum(searcher, doc_id: str) -> int:
    return searcher.document_number(id=doc_id)


def _meaning_vector(root, doc_id: str) -> np.ndarray:
    """A document's whole-text vector as searches read it (search_api/meaning.py)."""
    from whoosh import index as whoosh_index

    from search_api.meaning import meaning_for

    with whoosh_index.open_dir(str(root / "current")).searcher() as searcher:
        return meaning_for(searcher).vector(_docnum(searcher, doc_id))


def _sentence_vectors(root, doc_id: str) -> np.ndarray:
    """A document's sentence vectors, from the generation's vector files (indexer/vector_files.py)."""
    from whoosh import index as whoosh_index

    from indexer.vector_files import load_segment, read_manifest

    generation = (root / "current").resolve()
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        docnum = _docnum(searcher, doc_id)
        for leaf, offset in searcher.reader().leaf_readers():
            if offset <= docnum < offset + leaf.doc_count_all():
                segment = leaf.segment().segment_id()
                vectors = load_segment(generation, segment, read_manifest(generation)[segment])
                row = docnum - offset
                return np.array(vectors.sentences[vectors.offsets[row]:vectors.offsets[row + 1]])
    raise AssertionError(f"{doc_id} not in the index")
