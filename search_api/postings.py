"""A question's words scored over every document in numpy: ``match=any`` over a million documents.

WHY: ``match=any`` ORs every word of every reading of a question, and Whoosh steps its matcher tree once per
document that has any of them: with 40 copies of a Kazakh collection, ``болып табылады`` alone is in a third
of a million documents, and one question cost 0.3–10 s (p95 4.3 s) between ``docs_for_query`` and the
collector. Here each term's postings are read a block at a time into arrays (kept, per index version, in a
bounded cache: the common words that cost most come back in question after question), each posting scored
by the searcher's own BM25F formula in numpy, and the scores added per document in one dense array.

The page is then exactly Whoosh's: the best documents by these sums (which may differ from Whoosh's in the
last bits, the additions being in another order) are re-scored by Whoosh's own tree of additions over their
cached scores alone (search_api/within.py), with a margin so that no document Whoosh would rank in is left
out. ``PEACESEARCH_SCORED_POSTINGS=0`` switches this off (the Whoosh path answers).
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import WeightScorer
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search_api import within
from search_api.columns import version_of
from search_api.ranking import FlooredBM25FScorer

CACHE_BYTES = int(float(os.environ.get("PEACESEARCH_POSTINGS_CACHE_MB", "256")) * 2**20)
# The approximate sums of the documents ranked in are re-scored exactly; a document whose approximate sum is
# this close (relative) to the last one ranked in is re-scored too: sums in another order differ by ~1e-15.
MARGIN = 1e-9
_INT = struct.Struct("!i")  # a postings block's length (whoosh.filedb.structfile's read_int)
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)


def enabled() -> bool:
    return os.environ.get("PEACESEARCH_SCORED_POSTINGS", "1") != "0"


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: segment-local document numbers (ascending) and the score of each
    posting as the searcher's scorer gives it (before the query's boosts)."""

    ids: np.ndarray  # int32
    scores: np.ndarray  # float64
    kind: type | None = None  # the class of the term's matcher in the segment (None: not in it)

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.scores.nbytes


@dataclass
class Scored:
    """Every document a query matches (mask over the document numbers) and its summed score."""

    matched: np.ndarray
    scores: np.ndarray


def readable(query: wq.Query) -> bool:
    """Whether this module scores ``query``: a tree of ``Or`` and ``And`` nodes over terms (and a term's documents
    at a constant score: a concept tag, search_api/query.py); any other kind of node (phrases, prefixes, Not,
    a word in the title) is left to Whoosh."""
    kind = type(query)
    if kind is wq.Term:
        return True
    if kind is wq.ConstantScoreQuery:
        return type(query.child) is wq.Term
    if kind is wq.Or:
        return not query.minmatch and not query.scale and all(readable(sub) for sub in query.subqueries)
    if kind is wq.And:
        return bool(query.subqueries) and all(readable(sub) for sub in query.subqueries)
    return False


def score_all(searcher: Searcher, query: wq.Query) -> Scored | None:
    """Every document ``query`` matches with its score (sums in another order than Whoosh's: use ``top`` for
    a page); None when the query or the scoring is of a kind this does not read."""
    if not enabled() or not readable(query):
        return None
    size = searcher.doc_count_all()
    scored = Scored(np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float64))
    return scored if _add(searcher, query, 1.0, scored) else None


def _add(searcher: Searcher, query: wq.Query, factor: float, into: Scored) -> bool:
    """Marks the documents ``query`` matches in ``into`` and adds their scores times ``factor`` (the boosts
    above it): a term's postings, an ``Or``'s parts into the same arrays, an ``And``'s parts apart and only
    the documents all of them match (Whoosh adds the parts' scores in both). False: a scorer not read here."""
    kind = type(query)
    if kind is wq.Or or kind is wq.And:
        factor *= query.boost
        if kind is wq.Or:
            return all(_add(searcher, sub, factor, into) for sub in query.subqueries)
        parts = Scored(np.ones(len(into.matched), dtype=bool), np.zeros(len(into.scores), dtype=np.float64))
        for sub in query.subqueries:
            alone = Scored(np.zeros(len(into.matched), dtype=bool), parts.scores)
            if not _add(searcher, sub, factor, alone):
                return False
            parts.matched &= alone.matched
        into.matched |= parts.matched
        into.scores[parts.matched] += parts.scores[parts.matched]
        return True
    if kind is wq.Term:
        factor *= query.boost  # a ConstantScoreQuery's matcher gives its score alone
    for sub, offset in searcher.leaf_searchers():
        postings = _postings(searcher, sub, query)
        if postings is None:
            return False
        if len(postings.ids):
            ids = postings.ids.astype(np.int64) + offset
            into.matched[ids] = True
            into.scores[ids] += postings.scores * factor
    return True


def top(searcher: Searcher, query: wq.Query, scored: Scored, allowed: np.ndarray,
        limit: int) -> list[tuple[int, float]]:
    """``[(hit.docnum, hit.score) for hit in searcher.search(query, filter=allowed, limit=limit)]``: the best
    ``limit`` allowed documents, scored and ordered exactly as Whoosh scores and orders them."""
    docs = np.flatnonzero(allowed & scored.matched)
    if not len(docs) or limit <= 0:
        return []
    values = scored.scores[docs]
    if len(docs) > limit:
        cut = np.partition(values, len(values) - limit)[len(values) - limit]  # the limit-th best
        docs = docs[values >= cut - abs(cut) * MARGIN]
    return within.top_scored(searcher, query, set(docs.tolist()), limit, leaf=_cached_leaf(searcher))


def _cached_leaf(searcher: Searcher):
    """``within``'s reading of one term's allowed postings, from this module's cache."""

    def read(sub: Searcher, term: wq.Query, local: list[int]) -> tuple[list[int], list[float], type | None] | None:
        if type(term) is not wq.Term or term.minquality:
            return None
        postings = _postings(searcher, sub, term)
        if postings is None:
            return None
        if postings.kind is None or not len(postings.ids):
            return [], [], None  # Whoosh's matcher: a NullMatcher (or one with nothing left: no score either)
        wanted = np.asarray(local, dtype=np.int64)
        at = np.searchsorted(postings.ids, wanted)
        inside = at < len(postings.ids)
        found = np.zeros(len(wanted), dtype=bool)
        found[inside] = postings.ids[at[inside]] == wanted[inside]
        scores = postings.scores[at[found]]
        kind = postings.kind
        if term.boost != 1.0:
            scores = scores * term.boost  # Whoosh's WrappingMatcher: the posting's score times the boost
            kind = matching.WrappingMatcher
        return wanted[found].tolist(), scores.tolist(), kind

    return read


def _postings(top_searcher: Searcher, sub: Searcher, term: wq.Query) -> Postings | None:
    """A term's postings in one segment, from the cache or read; None when its scorer is not one this reads."""
    if type(term) is wq.ConstantScoreQuery:
        inner = _postings(top_searcher, sub, term.child)
        return None if inner is None else Postings(inner.ids, np.full(len(inner.ids), float(term.score)),
                                                   matching.ListMatcher if inner.kind else None)
    field = sub.schema[term.fieldname] if term.fieldname in sub.schema else None
    if field is None:
        return _EMPTY
    try:
        text = field.to_bytes(term.text)
    except ValueError:
        return _EMPTY
    # A term's scores depend on the whole version (idf, average lengths), its postings on its segment.
    key = (version_of(top_searcher.reader()), sub.reader().segment().segment_id(), term.fieldname, text)
    found = _CACHE.get(key)
    if found is None:
        if (term.fieldname, text) not in sub.reader():
            return _EMPTY
        found = _read(sub, term.fieldname, text)
        if found is None:
            return None
        _CACHE.put(key, found)
    return found


def _read(sub: Searcher, fieldname: str, text: bytes) -> Postings | None:
    matcher = sub.postings(fieldname, text)
    kind, deleted = type(matcher), None
    if type(matcher) is FilterMatcher and matcher._exclude:  # a segment with deletions
        deleted, matcher = matcher._ids, matcher.child
    if isinstance(matcher, matching.NullMatcherClass) or not matcher.is_active():
        return _EMPTY
    if type(matcher) is W3LeafMatcher:
        ids, weights = _blocks(matcher)
        scorer = matcher.scorer
    elif type(matcher) is matching.ListMatcher:  # short postings kept in the term's entry
        ids = np.asarray(matcher._ids, dtype=np.int64)
        weights = (np.asarray(matcher._weights, dtype=np.float64) if matcher._weights is not None
                   else np.full(len(ids), matcher._all_weights or 1.0))
        scorer = matcher._scorer
    else:
        return None
    if type(scorer) is FlooredBM25FScorer:
        lengths = _LENGTHS[_length_bytes(sub, fieldname)[ids]]
        fl = np.maximum(lengths, scorer.min_length)
        tf, idf, avgfl, B, K1 = weights, scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        # The expression of whoosh.scoring.bm25, operation for operation: the same float64 results.
        scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
    elif type(scorer) is WeightScorer:
        scores = weights.astype(np.float64)
    else:
        return None
    if deleted:
        kept = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, scores = ids[kept], scores[kept]
    return Postings(ids.astype(np.int32), np.ascontiguousarray(scores, dtype=np.float64), kind)


def _blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of a block-stored term: its ids and weights. Each block ("W3" format: a signed length,
    negative for the last; the pickled block info; the pickled, maybe compressed, ids, weights and values) is
    read with one call from the term's start, not through the matcher's seek and read steps, and the blocks'
    ids (stored as differences from the previous id, from 0 in each block) are decoded together."""
    postfile, position = matcher._postfile, matcher._baseoffset
    deltas: list = []
    weights: list[np.ndarray] = []
    sizes: list[int] = []
    while True:
        length = _INT.unpack(postfile.get(position, 4))[0]
        block = io.BytesIO(postfile.get(position + 4, abs(length)))
        count, _maxid, _maxweight, compressed, _minlength, _maxlength = pickle.load(block)
        data = block.read()
        ids, weight, _values = pickle.loads(zlib.decompress(data) if compressed else data)
        deltas.append(ids)
        sizes.append(count)
        if weight is None or isinstance(weight, float):
            weights.append(np.full(count, 1.0 if weight is None else weight))
        else:
            weights.append(np.asarray(weight, dtype=np.float64))
        if length < 0:
            break
        position += 4 + length
    flat = np.fromiter((delta for block_ids in deltas for delta in block_ids), dtype=np.int64, count=sum(sizes))
    if matcher._byteids:  # ids stored as they are
        return flat, np.concatenate(weights)
    running = np.cumsum(flat)
    ends = np.cumsum(sizes)
    before = np.repeat(np.concatenate(([0], running[ends[:-1] - 1])), sizes)  # the earlier blocks' sum
    return running - before, np.concatenate(weights)


def _length_bytes(sub: Searcher, fieldname: str) -> np.ndarray:
    """A segment's stored length byte of a field for each document (0: none), kept in the cache."""
    reader = sub.reader()
    key = ("lengths", reader.segment().segment_id(), fieldname)
    found = _CACHE.get(key)
    if found is None:
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        size = reader.doc_count_all()
        found = np.zeros(size + 1, dtype=np.uint8)
        if column is not None:
            count = min(column._count, size + 1)
            found[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
        _CACHE.put(key, found)
    return found


_EMPTY = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))


class _Cache:
    """Postings (and length columns) by (index version, segment, field, term), least recently used dropped past
    ``CACHE_BYTES``; shared by the process's threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[tuple, Postings | np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, postings: Postings | np.ndarray) -> None:
        if postings.nbytes > self.budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.used += postings.nbytes - (old.nbytes if old is not None else 0)
            self._items[key] = postings
            while self.used > self.budget and self._items:
                _, dropped = self._items.popitem(last=False)
                self.used -= dropped.nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.used = 0


_CACHE = _Cache(CACHE_BYTES)
