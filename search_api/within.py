"""The best-scored documents of a query among a given set, scored exactly as ``Searcher.search`` scores them.

Graded matching ranks the pages lacking some words of a long question (search_api/graded.py:
``relaxed_order``) by their score for the question's loose query: every word of every language reading,
often a hundred terms. ``Searcher.search(query, filter=docs)`` walks the union of all those terms' postings
(most of the archive) to keep the few hundred allowed pages, and that walk was most of a long question's
time. Here each term (each leaf under the query's ``Or`` nodes) reads only the allowed pages from its
postings, block by block, and the unchanged ``Or`` tree adds up those pages alone. Each page's score is
the same sum of the same term scores in the same order (the matcher tree is built from the same sizes and
matcher kinds), so results equal ``Searcher.search``'s: scores, and ties by document number.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Set

from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.searching import Searcher

# A term's wanted postings read another way (search_api/postings.py: from arrays already read): given the
# segment's searcher, the term and the wanted segment-local documents, the ones it holds, their scores as its
# matcher would give them (boost included) and that matcher's class (None: the term is not in the segment);
# or None to read them from the postings.
LeafReader = Callable[[Searcher, wq.Query, list[int]], "tuple[list[int], list[float], type | None] | None"]


def top_scored(searcher: Searcher, query: wq.Query, docs: Set[int], limit: int,
               leaf: LeafReader | None = None) -> list[tuple[int, float]]:
    """``[(hit.docnum, hit.score) for hit in searcher.search(query, filter=docs, limit=limit)]``, faster when
    ``docs`` is a small part of what ``query`` matches."""
    context = searcher.context()
    final = searcher.weighting.final if searcher.weighting.use_final else None
    found: list[tuple[int, float]] = []
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        local = sorted(doc - offset for doc in docs if offset <= doc < end)
        if not local:
            continue
        allowed = set(local)
        scores = _scores(_restricted(query, local, leaf).matcher(sub, context))
        found += [(doc + offset, final(searcher, doc + offset, score) if final else score)
                  for doc, score in scores.items() if doc in allowed]  # a leaf read whole brings others
    return heapq.nsmallest(limit, found, key=lambda pair: (-pair[1], pair[0]))  # Whoosh's order and ties


def _scores(matcher: matching.Matcher) -> dict[int, float]:
    """Every document ``matcher`` matches, with its score: what stepping the matcher through them gives
    (``UnionMatcher.score`` adds its two sides in the same order), without stepping each node for each
    document, which costs as many calls as the tree has nodes for every page a long question finds."""
    kind = type(matcher)
    if kind is matching.UnionMatcher:
        scores = _scores(matcher.a)
        for doc, score in _scores(matcher.b).items():
            left = scores.get(doc)
            scores[doc] = score if left is None else left + score
        return scores
    if kind is matching.WrappingMatcher:
        boost = matcher.boost
        return {doc: score * boost for doc, score in _scores(matcher.child).items()}
    if isinstance(matcher, _Listed):
        return dict(zip(matcher._ids, matcher._weights, strict=True))
    scores = {}
    while matcher.is_active():  # any other kind of node: stepped through
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def docs_of(searcher: Searcher, query: wq.Query) -> set[int]:
    """``set(searcher.docs_for_query(query))``: an ``Or`` as the union of its parts, a term's postings read a
    block at a time, instead of stepping a matcher tree once per document."""
    found: set[int] = set()
    context = searcher.boolean_context()
    for sub, offset in searcher.leaf_searchers():
        local = _local_docs(query, sub, context)
        found.update(local if not offset else (doc + offset for doc in local))
    return found


def _local_docs(query: wq.Query, sub: Searcher, context) -> set[int]:
    if type(query) is wq.Or:
        found: set[int] = set()
        for part in query.subqueries:
            found |= _local_docs(part, sub, context)
        return found
    matcher = query.matcher(sub, context)
    while type(matcher) is matching.WrappingMatcher:  # a boost: the same documents
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher:
        found = set()
        while matcher.is_active():
            matcher.id()  # reads the block's ids
            found.update(matcher._ids)
            if matcher._lastblock:
                break
            matcher._next_block()
        return found
    return set(query.docs(sub))


def _restricted(query: wq.Query, local: list[int], leaf: LeafReader | None = None) -> wq.Query:
    """``query`` with every leaf under its ``Or`` and ``And`` nodes reading only the ``local`` documents (a
    document is in an ``And`` of such leaves exactly when it is in the ``And``, with the same parts)."""
    if type(query) is wq.Or:
        return wq.Or([_restricted(sub, local, leaf) for sub in query.subqueries], boost=query.boost,
                     minmatch=query.minmatch, scale=query.scale)
    if type(query) is wq.And:
        return wq.And([_restricted(sub, local, leaf) for sub in query.subqueries], boost=query.boost)
    return _Within(query, local, leaf)


class _Within(wq.Query):
    """A query whose matcher is its child's, holding only the given (sorted, segment-local) documents."""

    def __init__(self, child: wq.Query, local: list[int], leaf: LeafReader | None = None) -> None:
        self.child, self.local, self.leaf = child, local, leaf

    def estimate_size(self, ixreader) -> int:
        return self.child.estimate_size(ixreader)  # the Or's matcher tree takes its shape from these

    def matcher(self, searcher, context=None):
        # Whoosh orders an Or's matchers by size, and equal sizes by comparing matcher classes: a class of
        # its own per original class keeps the tree, and so the order of the additions, unchanged.
        read = self.leaf(searcher, self.child, self.local) if self.leaf is not None else None
        if read is not None:
            ids, scores, kind = read
            return _listed_class(kind)(ids, weights=scores) if kind is not None else matching.NullMatcher()
        whole = self.child.matcher(searcher, context)
        if isinstance(whole, matching.NullMatcherClass) or not whole.is_active():
            return whole
        ids, scores = _read(whole, self.local)
        return _listed_class(type(whole))(ids, weights=scores)


def _read(whole: matching.Matcher, local: list[int]) -> tuple[list[int], list[float]]:
    """The ``local`` documents that ``whole`` matches, with their scores."""
    leaf = whole
    while type(leaf) is matching.WrappingMatcher:  # a boost: the score multiplied, the postings the child's
        leaf = leaf.child
    if type(leaf) is W3LeafMatcher:
        return _read_blocks(whole, leaf, local)
    if type(leaf) is matching.ListMatcher:  # short postings kept in the term's entry, and tag lists
        return _read_list(whole, leaf, local)
    ids: list[int] = []
    scores: list[float] = []
    for doc in local:
        if whole.id() < doc:
            whole.skip_to(doc)
            if not whole.is_active():
                break
        if whole.id() == doc:
            ids.append(doc)
            scores.append(whole.score())
    return ids, scores


def _read_blocks(whole: matching.Matcher, leaf: W3LeafMatcher, local: list[int]) -> tuple[list[int], list[float]]:
    """As ``_read``, a block of postings at a time: blocks without a wanted document are skipped unread, and
    the wanted ones are found in a block by bisection instead of a step per posting."""
    ids: list[int] = []
    scores: list[float] = []
    start = 0
    while start < len(local) and leaf.is_active():
        wanted = local[start]
        if leaf.block_max_id() < wanted:
            leaf._skip_to_block(lambda wanted=wanted: leaf.block_max_id() < wanted)
            continue
        leaf.id()  # reads the block's ids
        block = leaf._ids
        stop = bisect_right(local, block[-1], start)
        for doc in local[start:stop]:
            at = bisect_left(block, doc)
            if at < len(block) and block[at] == doc:
                leaf._i = at
                ids.append(doc)
                scores.append(whole.score())
        start = stop
        if not leaf._lastblock:
            leaf._next_block()
        else:
            break
    return ids, scores


def _read_list(whole: matching.Matcher, leaf: matching.ListMatcher,
               local: list[int]) -> tuple[list[int], list[float]]:
    """As ``_read`` for postings held in a list: each wanted document found by bisection."""
    ids: list[int] = []
    scores: list[float] = []
    postings = leaf._ids
    for doc in local:
        at = bisect_left(postings, doc)
        if at < len(postings) and postings[at] == doc:
            leaf._i = at
            ids.append(doc)
            scores.append(whole.score())
    return ids, scores


class _Listed(matching.ListMatcher):
    """The documents and scores read by ``_Within``."""


_LISTED: dict[type, type] = {}


def _listed_class(original: type) -> type:
    if original not in _LISTED:
        _LISTED[original] = type(f"Within{original.__name__}", (_Listed,), {})
    return _LISTED[original]
