"""The relevance benchmark: its metrics on hand-made rankings, its collections, and its peers on a toy collection."""

from __future__ import annotations

import math
import threading

import pytest

from bench.datasets import DATASETS, load_collection
from bench.peers import Fts5Peer, query_words
from bench.readers import build_our_index
from bench.relevance import add_ratios, main, ndcg, recall, reciprocal_rank, score_rankings
from indexer.embed import _EmbedLock, embedding_running
from tests.conftest import shared_path


def test_reciprocal_rank():
    assert reciprocal_rank(["a", "b", "c"], {"a"}) == 1.0
    assert reciprocal_rank(["a", "b", "c"], {"c", "b"}) == 0.5  # the first relevant counts
    assert reciprocal_rank(["x"] * 9 + ["a"], {"a"}) == 0.1
    assert reciprocal_rank(["x"] * 10 + ["a"], {"a"}) == 0.0  # rank 11 is outside the top 10
    assert reciprocal_rank([], {"a"}) == 0.0


def test_recall():
    ranking = ["a", "x", "b"] + ["y"] * 20 + ["c"]
    assert recall(ranking, {"a", "b"}, 10) == 1.0
    assert recall(ranking, {"a", "c"}, 10) == 0.5
    assert recall(ranking, {"a", "c"}, 100) == 1.0
    assert recall(ranking, {"z"}, 100) == 0.0
    assert recall(ranking, set(), 10) == 0.0


def test_ndcg():
    assert ndcg(["a", "x"], {"a"}) == 1.0
    assert ndcg(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    # two relevant at ranks 1 and 3: (1 + 1/log2(4)) / (1 + 1/log2(3))
    assert ndcg(["a", "x", "b"], {"a", "b"}) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    # one of two relevant found, at rank 1: 1 / (1 + 1/log2(3))
    assert ndcg(["a"], {"a", "b"}) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert ndcg(["x"] * 10 + ["a"], {"a"}) == 0.0
    assert ndcg(["a", "a"], {"a"}) == 1.0  # a repeated id does not count twice


def test_score_rankings_means_over_questions():
    scores = score_rankings([["a"], ["x", "b"], []], [{"a"}, {"b"}, {"c"}])
    assert scores["mrr10"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert scores["recall10"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["recall100"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["ndcg10"] == pytest.approx((1 + 1 / math.log2(3)) / 3, abs=1e-4)


def test_ratio_to_best_peer_only_on_our_rows():
    rows = [
        {"dataset": "d", "engine": "peacesearch", "mrr10": 0.6},
        {"dataset": "d", "engine": "tantivy", "mrr10": 0.8},
        {"dataset": "d", "engine": "fts5", "mrr10": 0.5},
        {"dataset": "e", "engine": "peacesearch", "mrr10": 0.5},
    ]
    add_ratios(rows)
    assert rows[0]["ratio_to_best_peer"] == 0.75
    assert "ratio_to_best_peer" not in rows[1]
    assert "ratio_to_best_peer" not in rows[3]  # no peer ran on e


def test_query_words_strip_punctuation_and_case():
    assert query_words('Кто основал "Oracle" (в 1977-м)?') == ["кто", "основал", "oracle", "в", "1977", "м"]


@pytest.mark.parametrize("stemmed", [False, True])
def test_fts5_peer_ranks_and_survives_query_syntax(stemmed):
    peer = Fts5Peer("en", stemmed=stemmed)
    peer.index([
        {"id": "1", "title": "Water disputes", "body": "Farmers share the river water."},
        {"id": "2", "title": "Elections", "body": "Voters went to the polls."},
    ])
    assert peer.search("Who shares river water?")[0] == "1"
    assert peer.search('NEAR(" OR * AND') == []  # FTS5 operators are just words here
    if stemmed:
        assert peer.search("disputing") == ["1"]
    peer.close()


def test_unknown_dataset_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        main(["--datasets", "nope"])
    assert "unknown dataset" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "docs", "queries"),
    [
        ("xquad-ru", 1296, 1190),
        ("xquad-en", 363, 1190),
        ("kazqad-kk", 23294, 543),
        ("kazqad-kk-long", 820, 543),
        ("kazqad-kk-latin", 23294, 543),
    ],
)
def test_collection_counts(name, docs, queries):
    shared_path("kaznerd-kk-news-sentences", "corpus.jsonl.gz")
    shared_path("nerel-ru-wikinews", "corpus.jsonl")
    collection = load_collection(name)
    assert len(collection.docs) == docs
    assert len(collection.queries) == queries
    ids = {doc["id"] for doc in collection.docs}
    assert len(ids) == docs
    assert all(q.relevant and q.relevant <= ids for q in collection.queries)  # every judgment can be found
    assert {doc["lang"] for doc in collection.docs} == {collection.lang}


def test_latin_questions_are_the_kazakh_questions_converted():
    shared_path("kazqad-kk", "queries.jsonl")
    cyrillic = load_collection("kazqad-kk-long").queries
    latin = load_collection("kazqad-kk-latin")
    assert latin.docs_key == "kazqad-kk"  # searched on the same index as kazqad-kk
    assert [q.qid for q in latin.queries] == [q.qid for q in cyrillic]
    assert not any(ch in "әғқңөұүіш" for q in latin.queries for ch in q.text)
    assert latin.queries[0].text.startswith("energetikalyq")


def test_dataset_names():
    assert DATASETS == ("xquad-ru", "xquad-en", "kazqad-kk", "kazqad-kk-long", "kazqad-kk-latin")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_tantivy_peer_stems_russian_and_reads_kazakh_plain(lang):
    pytest.importorskip("tantivy")
    from bench.peers import TantivyPeer

    peer = TantivyPeer(lang)
    peer.index([
        {"id": "ru", "title": "Переговоры", "body": "Стороны провели переговоры о воде."},
        {"id": "kk", "title": "Келіссөздер", "body": "Тараптар су туралы келіссөз жүргізді."},
    ])
    if lang == "ru":
        assert peer.search("Кто вёл переговоры?")[0] == "ru"
        assert peer.search("переговорах") == ["ru"]  # Snowball: переговор
    else:
        assert peer.search("келіссөз") == ["kk"]
        assert peer.search("келіссөздері") == []  # no Kazakh stemmer
    assert peer.search('AND OR "( :') == []


def test_the_readers_bench_does_not_rebuild_an_index_an_embedding_job_holds(tmp_path):
    """A server left running on the bench's index would write its vectors into the rebuilt one: the bench stops
    with the reason and leaves the folder as it was."""
    root = tmp_path / "readers-index"
    root.mkdir()
    (root / "kept.txt").write_text("the server's index", encoding="utf-8")
    assert not embedding_running(root)
    with _EmbedLock(root, None, threading.Event()):  # what a server's embedding job holds
        assert embedding_running(root)
        with pytest.raises(SystemExit, match="embedding job"):
            build_our_index(root=root, texts=tmp_path / "texts", log=lambda *_: None)
    assert (root / "kept.txt").exists()
    assert not embedding_running(root)
