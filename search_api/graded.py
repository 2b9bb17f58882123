"""Graded matching, the readers' default: pages with every content word of the query are favoured; when
fewer than ``FEW`` pages have them all, pages that have some of them join, ranked by how much of the query
they cover, each word weighted by how informative it is (its idf), instead of an empty page. The nearest
pages by meaning join in every case (``NEAREST``; search_api/fusion.py ranks them all together).

A page's coverage is measured per language reading of the query (search_api/query.py: ``Reading``) and the
best reading counts: a Russian query read as Kazakh is judged by the words its Kazakh reading searches.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh.query import Query
from whoosh.searching import Searcher

from analyzers.detect import detect_language
from search_api import postings, thesaurus, within
from search_api.query import AnalysedQuery

# Fewer pages than this with every word (after filters), and pages with some of the words join the search.
# pages-dev tune half (bench/readers.py), nDCG@10: before meaning joined every search, relaxing only when no
# page had every word scored 0.376, below 10 pages 0.419; with the nearest pages by meaning always joining
# (search_api/fusion.py) and the thesaurus: below 1 page 0.542, 3 pages 0.538, 10 (or always) 0.538, and
# fewer pages shown (median total 46 against 71).
FEW = 1
# A page lacking some words is ranked by its BM25F score for the words it has times its coverage to this
# power (pages-dev tune half, nDCG@10 with meaning re-ranking: 1 → 0.403, 2 → 0.419, 3 → 0.419; by coverage
# first and score second: 0.335 without re-ranking, against 0.377 with the power 2).
COVERAGE_POWER = 2.0
# Pages lacking some words are ranked from the best ``POOL`` of them by score alone (a bounded cost on a
# large archive); a deeper page of results widens the pool.
POOL = 200
# The NEAREST documents by meaning (search_api/meaning.py) whose cosine is within FLOOR of the best one join
# the word matches of every default search, relaxed or not (search_api/fusion.py orders them together): the
# floor keeps a query far from everything from showing its whole neighbourhood, and ``total`` honest.
# pages-dev tune half, nDCG@10 (fusion as chosen): FLOOR 0.03 0.532, 0.05 0.533, 0.1 0.535 = no floor;
# NEAREST 30, 60 and 100 alike (the 31st nearest never reached a first page): the tightest that loses nothing.
NEAREST = 30
# None: the nearest pages by meaning join every default search; a number: only searches where fewer pages
# than that have every word (the others re-rank their word matches by meaning).
JOIN_BELOW: int | None = None
FLOOR = 0.1
EPSILON = 1e-9


@dataclass
class Relaxed:
    """What the default search found beyond the pages with every word: pages with some of the words
    (``cover``, only when few pages have them all), and, with meaning on (``by_meaning``), the nearest pages
    to the query within the floor of the best (``near``: document → cosine), found with the query's vector
    (``vector``, kept for the closeness of the other candidates)."""

    cover: Coverage
    by_meaning: bool = False
    near: dict[int, float] = field(default_factory=dict)
    vector: np.ndarray | None = None

    def candidates(self) -> set[int]:
        return set(self.cover.share) | set(self.near)


@dataclass
class Coverage:
    """How much of the query each page covers (1.0: every word of some reading), and which words the best
    reading of each page lacks (``missing``: worked out only for the page the reader is told about)."""

    share: dict[int, float] = field(default_factory=dict)
    best: dict[int, int] = field(default_factory=dict)  # page → its best reading, an index into ``readings``
    readings: list[tuple[list[str], list[Set[int]]]] = field(default_factory=list)  # words, pages having each

    def missing(self, doc: int) -> list[str]:
        """The words the best reading of a covered page lacks."""
        words, having = self.readings[self.best[doc]]
        return [word for word, docs in zip(words, having, strict=True) if doc not in docs]

    def not_required(self, shown: Iterable[int], words: list[str]) -> list[str]:
        """The words that the best covered of the ``shown`` pages lacks (every word when none has any)."""
        covered = [doc for doc in shown if doc in self.share]
        if not covered:
            return list(words)
        return self.missing(max(covered, key=lambda doc: (self.share[doc], -doc)))


def idf(doc_count: int, having: int) -> float:
    """BM25's idf, floored above zero: a word most pages have still counts a little."""
    return max(math.log(1.0 + (doc_count - having + 0.5) / (having + 0.5)), 0.01)


def coverage(searcher: Searcher, analysed: AnalysedQuery, live: Set[int]) -> Coverage:
    """Every page having at least one content word, with its share of the query (best reading)."""
    result = Coverage()
    doc_count = max(len(live), 1)
    for reading in analysed.readings:
        having = [within.docs_of(searcher, query) & live for _, query in reading.words]
        result.readings.append(([word for word, _ in reading.words], having))
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
                result.best[doc] = len(result.readings) - 1
    return result


@dataclass
class CoverageMasks:
    """``Coverage`` as arrays over the document numbers, for a search scored in arrays (search_api/postings.py):
    every covered page's share and best reading, and each reading's words with the mask of pages having each.

    WHY: the pages with some of a question's words are most of an archive (a third of a million of a million
    documents for a Kazakh question); as a dict and sets they cost ~90 ms a question there, as arrays a few."""

    share: np.ndarray  # float64: 0.0 where a page has none of the words
    best: np.ndarray  # int32: the best reading (-1: none)
    readings: list[tuple[list[str], list[np.ndarray]]]

    @property
    def covered(self) -> np.ndarray:
        return self.share > 0.0

    def missing(self, doc: int) -> list[str]:
        words, having = self.readings[int(self.best[doc])]
        return [word for word, docs in zip(words, having, strict=True) if not docs[doc]]

    def not_required(self, shown: np.ndarray, words: list[str]) -> list[str]:
        """``Coverage.not_required`` for a mask of shown pages."""
        covered = np.flatnonzero(shown & self.covered)
        if not len(covered):
            return list(words)
        return self.missing(int(covered[np.argmax(self.share[covered])]))  # the first (lowest) of the best


def coverage_masks(searcher: Searcher, analysed: AnalysedQuery, live: np.ndarray) -> CoverageMasks | None:
    """``coverage`` over the live documents' mask, from each word's postings in arrays: the same shares, added
    word by word in the same order. None when a word's query is of a kind the arrays do not read."""
    size = len(live)
    result = CoverageMasks(np.zeros(size, dtype=np.float64), np.full(size, -1, dtype=np.int32), [])
    doc_count = max(int(np.count_nonzero(live)), 1)
    for number, reading in enumerate(analysed.readings):
        having = []
        for _, query in reading.words:
            scored = postings.score_all(searcher, query)
            if scored is None:
                return None
            having.append(scored.matched & live)
        result.readings.append(([word for word, _ in reading.words], having))
        weights = [idf(doc_count, int(np.count_nonzero(docs))) for docs in having]
        total = sum(weights)
        if not total:
            continue
        gained = np.zeros(size, dtype=np.float64)
        for docs, weight in zip(having, weights, strict=True):
            gained[docs] += weight
        share = gained / total
        better = share > result.share
        result.share[better] = share[better]
        result.best[better] = number
    return result


def relaxed_order_masks(searcher: Searcher, loose: Query, cover: CoverageMasks, docs: np.ndarray,
                        needed: int) -> list[tuple[int, float]] | None:
    """``relaxed_order`` for a mask of pages: the pool scored from the loose query's postings in arrays (exactly
    Whoosh's best, search_api/postings.py ``top``). None when the loose query is of a kind they do not read."""
    if needed <= 0 or not docs.any():
        return []
    scored = postings.score_all(searcher, loose)
    if scored is None:
        return None
    pool = postings.top(searcher, loose, scored, docs, max(POOL, 4 * needed))
    ranked = [(doc, score * float(cover.share[doc]) ** COVERAGE_POWER) for doc, score in pool]
    return sorted(ranked, key=lambda pair: -pair[1])[:needed]


def relaxed_order(searcher: Searcher, loose: Query, cover: Coverage, docs: Set[int],
                  needed: int) -> list[tuple[int, float]]:
    """The best ``needed`` of ``docs`` (pages lacking some words), best first, by score × coverage^power."""
    if not docs or needed <= 0:
        return []
    # Scored among ``docs`` alone (search_api/within.py), not by walking every page the loose query matches.
    pool = within.top_scored(searcher, loose, docs, max(POOL, 4 * needed))
    scored = [(doc, score * cover.share.get(doc, 0.0) ** COVERAGE_POWER) for doc, score in pool]
    return sorted(scored, key=lambda pair: -pair[1])[:needed]


def close_enough(near: dict[int, float]) -> dict[int, float]:
    """The nearest documents within ``FLOOR`` of the best cosine."""
    if not near:
        return near
    floor = max(near.values()) - FLOOR
    return {doc: cosine for doc, cosine in near.items() if cosine >= floor}


def meaning_texts(text: str) -> list[str]:
    """What search by meaning reads for the default search: the query, and the query said in each other
    language through the thesaurus's concepts (search_api/thesaurus.py: ``renderings``), when it names any.

    The small multilingual model places a Kazakh query nearer Kazakh pages than the Russian or English pages
    on the same subject; the query's words in those languages, even mixed with untranslated ones, bring its
    vector to them. pages-dev tune half, nDCG@10 of the default search: 0.721 → 0.871 (kk 0.629 → 0.881,
    cross-lingual 0.652 → 0.875); the query weighted half against its renderings: 0.834; the renderings alone:
    0.824; all three languages rendered (the query's own too): 0.861."""
    if not text:
        return []
    return list(_meaning_texts(text, thesaurus.enabled()))


@lru_cache(maxsize=1024)
def _meaning_texts(text: str, with_thesaurus: bool) -> tuple[str, ...]:
    """Read by each search twice (nearest pages, closeness) and again for a repeated query: kept."""
    return tuple(meaning_languages(text)) if with_thesaurus else (text,)


def meaning_languages(text: str) -> dict[str, dict[str, float]]:
    """Each of ``meaning_texts`` → the languages it is said in, by their share of its words (the query: its own
    language as detected; a rendering: the words the thesaurus said, the rest as typed), for taking those
    languages' pull off its vector (search_api/language_bias.py)."""
    return {said: dict(shares) for said, shares in _meaning_languages(text, thesaurus.enabled())}


# A rendering with less than this share of the query's words said in another language is mostly the query as typed
# (a long question with one or two words in the thesaurus): it moves the query's vector little and costs a full
# embedding (~28 ms for a question). Reader queries are short: none of the 45 of pages-dev has a rendering below it,
# 230 of the 266 renderings of bench speed's 450 judged questions do.
MIN_RENDERED_SHARE = 0.25


@lru_cache(maxsize=1024)
def _meaning_languages(text: str, with_thesaurus: bool) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    own = detect_language(text)
    said = thesaurus.renderings_by_language(text, own) if with_thesaurus else []
    return ((text, ((own, 1.0),)),
            *((rendering, ((lang, share), (own, 1.0 - share))) for lang, rendering, share in said
              if rendering != text and share >= MIN_RENDERED_SHARE))


def meaning_vector(text: str, embed: Callable[[str], np.ndarray]) -> np.ndarray:
    """The default search's query vector: the mean of ``embed`` over ``meaning_texts`` (each language
    equal), at unit length. ``embed`` returns unit vectors that must not be modified."""
    texts = meaning_texts(text)
    if len(texts) <= 1:
        return embed(text)
    mean = np.mean([embed(one) for one in texts], axis=0)
    return (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
