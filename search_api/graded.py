"""Graded matching, the readers' default: pages with every content word of the query first; when fewer
than ``FEW`` pages have them all, pages that have some of them follow, ranked by how much of the query
they cover, each word weighted by how informative it is (its idf), instead of an empty page.

A page's coverage is measured per language reading of the query (search_api/query.py: ``Reading``) and the
best reading counts: a Russian query read as Kazakh is judged by the words its Kazakh reading searches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

import numpy as np
from whoosh.query import Query
from whoosh.searching import Searcher

from search_api.query import AnalysedQuery

# Fewer pages than this with every word (after filters), a first page of results, and pages with most of the
# words follow them. pages-dev tune half (bench/readers.py), nDCG@10: relaxing only when no page has every
# word 0.376, below 2 or 3 pages 0.411, below 10 0.419 (as relaxing always).
FEW = 10
# A page lacking some words is ranked by its BM25F score for the words it has times its coverage to this
# power (pages-dev tune half, nDCG@10 with meaning re-ranking: 1 → 0.403, 2 → 0.419, 3 → 0.419; by coverage
# first and score second: 0.335 without re-ranking, against 0.377 with the power 2).
COVERAGE_POWER = 2.0
# Pages lacking some words are ranked from the best ``POOL`` of them by score alone (a bounded cost on a
# large archive); a deeper page of results widens the pool.
POOL = 200
# When the search relaxes, the NEAREST documents by meaning (search_api/meaning.py) join the pages with some
# of the words, and that part is ordered by (1 − MEANING_SHARE) × score × coverage^power / its best +
# MEANING_SHARE × cosine scaled to 0..1 between the NEAREST-th cosine and the best. A page with the words
# stays above one without them that is as close in meaning. pages-dev tune half, nDCG@10: 0.419 without;
# NEAREST 20, 30, 50 × share 0.5–0.9 from 0.489 to 0.539 (20 and 0.9 best, 0.8: 0.534); reciprocal rank
# fusion (k=60) of the two lists instead: 0.449 (bench/readers.py).
NEAREST = 20
MEANING_SHARE = 0.9
EPSILON = 1e-9


@dataclass
class Relaxed:
    """What a relaxed search found beyond the pages with every word: pages with some of the words
    (``cover``), and, with meaning on, every document's cosine with the query and the nearest ones."""

    cover: Coverage
    cosines: np.ndarray | None = None
    near: dict[int, float] = field(default_factory=dict)

    def candidates(self) -> set[int]:
        return set(self.cover.share) | set(self.near)


@dataclass
class Coverage:
    """How much of the query each page covers (1.0: every word of some reading), and which words the best
    reading of each page lacks."""

    share: dict[int, float] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)

    def not_required(self, shown: Iterable[int], words: list[str]) -> list[str]:
        """The words that the best covered of the ``shown`` pages lacks (every word when none has any)."""
        covered = [doc for doc in shown if doc in self.share]
        if not covered:
            return list(words)
        return self.missing[max(covered, key=lambda doc: (self.share[doc], -doc))]


def idf(doc_count: int, having: int) -> float:
    """BM25's idf, floored above zero: a word most pages have still counts a little."""
    return max(math.log(1.0 + (doc_count - having + 0.5) / (having + 0.5)), 0.01)


def coverage(searcher: Searcher, analysed: AnalysedQuery, live: Set[int]) -> Coverage:
    """Every page having at least one content word, with its share of the query (best reading)."""
    result = Coverage()
    doc_count = max(len(live), 1)
    for reading in analysed.readings:
        having = [set(searcher.docs_for_query(query)) & live for _, query in reading.words]
        weights = [idf(doc_count, len(docs)) for docs in having]
        total = sum(weights)
        gained: dict[int, float] = {}
        for docs, weight in zip(having, weights, strict=True):
            for doc in docs:
                gained[doc] = gained.get(doc, 0.0) + weight
        for doc, weight in gained.items():
            share = weight / total
            if share > result.share.get(doc, 0.0):
                result.share[doc] = share
                result.missing[doc] = [word for (word, _), docs in zip(reading.words, having, strict=True)
                                       if doc not in docs]
    return result


def relaxed_order(searcher: Searcher, loose: Query, cover: Coverage, docs: Set[int],
                  needed: int) -> list[tuple[int, float]]:
    """The best ``needed`` of ``docs`` (pages lacking some words), best first, by score × coverage^power."""
    if not docs or needed <= 0:
        return []
    pool = searcher.search(loose, filter=set(docs), limit=max(POOL, 4 * needed))
    scored = [(hit.docnum, hit.score * cover.share.get(hit.docnum, 0.0) ** COVERAGE_POWER) for hit in pool]
    return sorted(scored, key=lambda pair: -pair[1])[:needed]


def fused_order(searcher: Searcher, loose: Query, relaxed: Relaxed, docs: Set[int],
                needed: int) -> list[tuple[int, float]]:
    """The best ``needed`` of ``docs`` (pages lacking some words), word and meaning scores fused (see
    ``MEANING_SHARE``); without meaning, by score × coverage^power alone."""
    if relaxed.cosines is None or not relaxed.near:
        return relaxed_order(searcher, loose, relaxed.cover, docs, needed)
    if not docs or needed <= 0:
        return []
    lexical = dict(relaxed_order(searcher, loose, relaxed.cover, docs, max(POOL, 4 * needed)))
    best = max(lexical.values(), default=0.0) or 1.0
    high, low = max(relaxed.near.values()), min(relaxed.near.values())
    spread = (high - low) or 1.0
    candidates = set(lexical) | (relaxed.near.keys() & docs)
    fused = {
        doc: (1 - MEANING_SHARE) * lexical.get(doc, 0.0) / best
        + MEANING_SHARE * max(0.0, (float(relaxed.cosines[doc]) - low) / spread)
        for doc in candidates
    }
    ranked = sorted(fused.items(), key=lambda pair: -pair[1])
    if len(ranked) < needed:  # a deep page: the rest by their words
        ranked += relaxed_order(searcher, loose, relaxed.cover, set(docs) - candidates, needed - len(ranked))
    return ranked[:needed]
