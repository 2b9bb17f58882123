"""The best-scored documents of a query among a set (search_api/within.py: graded matching's ranking of pages
lacking some words) are those an exhaustive Whoosh search finds: same documents, same scores, ties by number;
and a query's documents (graded matching's coverage) are Whoosh's."""

from __future__ import annotations

import pytest
from whoosh import fields
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from search_api.engine import make_weighting
from search_api.within import docs_of, top_scored

WORDS = ["peace", "water", "border", "youth", "women", "river", "village", "school"]


@pytest.fixture(scope="module")
def searcher():
    schema = fields.Schema(body=fields.TEXT(), tag=fields.ID())
    ix = RamStorage().create_index(schema)
    for segment in range(3):  # several segments: document numbers offset per segment
        writer = ix.writer()
        for n in range(700):  # more than a postings block (128) per word, so blocks are skipped and bisected
            doc = 700 * segment + n
            words = [WORDS[(doc * (k + 3)) % len(WORDS)] for k in range(1 + doc % 7)]
            tag = "gone" if segment == 0 and doc % 9 == 0 else f"t{doc % 5}"
            writer.add_document(body=" ".join(words + ["filler"] * (doc % 11)), tag=tag)
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("tag", "gone")  # deleted documents are never found (the other segments have none)
    writer.commit(merge=False)
    with ix.searcher(weighting=make_weighting()) as opened:
        yield opened


def exhaustive(searcher, query, docs, limit):
    hits = [(hit.docnum, hit.score) for hit in searcher.search(query, filter=set(docs), limit=None)]
    return sorted(hits, key=lambda pair: (-pair[1], pair[0]))[:limit]


QUERIES = [
    wq.Term("body", "peace"),
    wq.Or([wq.Term("body", "peace", boost=1.5), wq.Term("body", "river")]),
    wq.Or([wq.Or([wq.Term("body", "water"), wq.Term("body", "school", boost=0.7)]),
           wq.Or([wq.Term("body", "women", boost=1.5), wq.ConstantScoreQuery(wq.Term("tag", "t1"), 0.2)])]),
    wq.Or([wq.Term("body", word, boost=1.0 + i / 10) for i, word in enumerate(WORDS)] + [wq.Term("body", "absent")],
          boost=1.3),
    wq.Or([wq.And([wq.Term("body", "youth"), wq.Term("body", "village")]), wq.Term("body", "border")]),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
@pytest.mark.parametrize("step", [1, 7, 97])
def test_the_same_documents_and_scores_as_an_exhaustive_search(searcher, query, step):
    docs = set(range(0, searcher.doc_count_all(), step))
    for limit in (1, 10, 200, 5000):
        found = top_scored(searcher, query, docs, limit)
        assert found == exhaustive(searcher, query, docs, limit)
        assert found and all(doc in docs for doc, _ in found)


def test_no_document_allowed_finds_nothing(searcher):
    assert top_scored(searcher, QUERIES[1], set(), 10) == []
    assert top_scored(searcher, wq.Term("body", "absent"), {1, 2, 3}, 10) == []


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_the_documents_of_a_query_are_whooshs(searcher, query):
    assert docs_of(searcher, query) == set(searcher.docs_for_query(query))
