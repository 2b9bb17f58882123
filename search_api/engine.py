"""The search layer: one engine that the API, the web page, the CLI and the benchmarks all use,
so they rank and count identically.

It reads the index through ``IndexHandle``, which follows the ``current`` generation of an index
folder and Whoosh commits to it, one searcher per thread (Whoosh readers are not thread-safe).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.searching import Searcher

from analyzers import detect_language, semantic
from indexer.store import CURRENT, IndexStore
from search_api import browse, fusion, graded, language_bias, mapped_segments, postings, query_vectors
from search_api.collapse import collapse
from search_api.columns import Columns, build_columns
from search_api.facets import FACETS, Facet, YearFacet
from search_api.meaning import MeaningIndex, meaning_for
from search_api.query import MATCH_ALL, MATCH_ANY, MATCH_GRADED, AnalysedQuery, build_query, excluded_docs, words_of
from search_api.ranking import FlooredBM25F
from search_api.request import SearchRequest, with_query_filters
from search_api.respell import spellings_for
from search_api.snippets import make_snippet
from search_api.suggest import suggest

CHECK_INTERVAL_SECONDS = 0.5
MIN_LENGTH = 60  # tokens; kazqad-kk MRR@10 0.43 (plain BM25, B 0.75) → 0.73 with the floor
OPEN_RETRIES = 5
# Semantic re-ranking (match=any: natural-language questions): the best RERANK_DEPTH lexical hits are
# re-ordered by (1 − MEANING_WEIGHT) × score / best score + MEANING_WEIGHT × their closeness in meaning
# (analyzers/semantic.py: whole text and closest sentence) scaled to 0..1 among them. MRR@10: xquad-ru
# 0.943 → 0.964, kazqad-kk 0.743 → 0.770, kazqad-kk-long 0.766 → 0.803 (depth 20/30/50 and weights
# 0.3–0.7 measured: bench/RESULTS.md).
RERANK_DEPTH = 30
MEANING_WEIGHT = 0.5
RERANKED = (MATCH_ANY, MATCH_GRADED)
SCORED_IN_ARRAYS = (MATCH_ALL, MATCH_ANY)  # search_api/postings.py; the default search fuses meaning with words


def make_weighting() -> scoring.WeightingModel:
    """BM25F with lengths floored at ``MIN_LENGTH`` tokens (see search_api/ranking.py, bench/RESULTS.md)."""
    return FlooredBM25F(B=0.9, K1=1.2, min_length=MIN_LENGTH)


class IndexUnavailable(Exception):
    """No index has been built at the configured folder yet."""


@dataclass
class _ThreadState:
    generation: Path | None = None
    searcher: Searcher | None = None
    columns: Columns | None = None
    meaning: MeaningIndex | None = None  # built on first use for this searcher (search_api/meaning.py)
    checked: float = 0.0
    stamp: tuple | None = None  # ``IndexHandle._stamp`` when this searcher was last checked


class IndexHandle:
    """The current index of a folder, reopened when a build switches generations or a commit lands."""

    def __init__(self, root: str | Path, check_interval: float = CHECK_INTERVAL_SECONDS) -> None:
        self.root = Path(root)
        self.store = IndexStore(self.root)
        self.check_interval = check_interval
        self._local = threading.local()
        mapped_segments.install()  # searchers read the segments' shared memory map, not a heap copy each

    def _location(self) -> Path:
        current = self.store.current()
        if current is not None:
            return current
        if whoosh_index.exists_in(str(self.root)):
            return self.root
        raise IndexUnavailable(f"no index at {self.root}: run 'peacesearch index PATH --index {self.root}'")

    def acquire(self) -> tuple[Searcher, Columns]:
        """This thread's up-to-date searcher and its columns: looked at again when the index folder's stamp
        changed (every call) or ``check_interval`` passed (a fallback)."""
        state: _ThreadState = getattr(self._local, "state", None) or _ThreadState()
        self._local.state = state
        now = time.monotonic()
        stamp = self._stamp()
        if (state.searcher is None or now - state.checked >= self.check_interval
                or (stamp is not None and stamp != state.stamp)):
            state.checked = now
            state.stamp = stamp  # read before reopening: a change after it is seen at the next call
            self._refresh(state)
        return state.searcher, state.columns

    def _stamp(self) -> tuple | None:
        """What changes when a commit lands or a build switches generations, read with two ``stat`` calls (a few
        µs, so every search can afford it): the ``current`` link (a switch replaces it) and the serving folder's
        modification time (a commit adds its segment files and table of contents there). None while it cannot
        be read (the link's folder gone): the searcher in hand keeps answering until the next switch.

        WHY: an edit's own thread is told by ``invalidate``, but the server's other threads and worker processes
        looked again only every ``check_interval``: a search right after ``PUT`` had answered could be served
        from the index before the edit (the new word unknown, the page missing). The interval stays as a
        fallback (two commits within the file system's clock tick leave the folder's time unchanged)."""
        try:
            link = os.stat(self.root / CURRENT, follow_symlinks=False)
        except FileNotFoundError:  # no generations: an index built in the folder itself
            try:
                return ("root", os.stat(self.root).st_mtime_ns)
            except OSError:
                return None
        except OSError:
            return None
        try:
            folder = os.stat(self.root / CURRENT)
        except OSError:  # a switch under way, or the generation deleted under a searcher that still reads it
            return None
        return (link.st_ino, link.st_mtime_ns, folder.st_ino, folder.st_mtime_ns)

    def _refresh(self, state: _ThreadState) -> None:
        for attempt in range(OPEN_RETRIES):
            try:
                location = self._location()
                if state.searcher is None or location != state.generation or not state.searcher.up_to_date():
                    # A fresh searcher, not Searcher.refresh(): refresh reuses segment readers and was
                    # seen to keep serving a document that a commit had replaced.
                    searcher = whoosh_index.open_dir(str(location)).searcher(weighting=make_weighting())
                    old = state.searcher
                    state.generation, state.searcher = location, searcher
                    state.columns = build_columns(searcher.reader())
                    state.meaning = None
                    if old is not None:
                        old.close()
                return
            except (FileNotFoundError, OSError) as exc:
                # A commit or a switch may remove files while we open them: try again shortly.
                if attempt == OPEN_RETRIES - 1:
                    if state.searcher is not None:
                        return  # keep serving the version we have
                    raise IndexUnavailable(str(exc)) from exc
                time.sleep(0.05 * (attempt + 1))

    def meaning(self) -> MeaningIndex:
        """The vectors of this thread's current searcher (call after ``acquire``)."""
        state: _ThreadState = self._local.state
        if state.meaning is None:
            state.meaning = MeaningIndex(state.searcher.reader(), state.generation)
        return state.meaning

    def invalidate(self) -> None:
        """Makes this thread's next ``acquire`` look for a new commit (after an edit it made itself)."""
        state = getattr(self._local, "state", None)
        if state is not None:
            state.checked = 0.0

    def close(self) -> None:
        state = getattr(self._local, "state", None)
        if state and state.searcher is not None:
            state.searcher.close()
            state.searcher = None


@dataclass
class SearchResult:
    total: int
    limit: int
    offset: int
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    facets_more: dict[str, int] = field(default_factory=dict)
    # Graded matching (search_api/graded.py): true when pages lacking some of the query's words are shown
    # (after those that have them all); ``not_required`` lists the words the best of those pages lacks.
    relaxed: bool = False
    not_required: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the query's content words, as typed (for the page)
    complete: int = 0  # pages (after filters) with every word, shown first (for the page)
    suggestions: list[dict] = field(default_factory=list)  # did you mean (search_api/suggest.py)

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "relaxed": self.relaxed,
            "not_required": self.not_required,
            "hits": self.hits,
            "facets": self.facets,
            "facets_more": self.facets_more,
            "suggestions": self.suggestions,
        }


class SearchEngine:
    def __init__(self, handle: IndexHandle) -> None:
        self.handle = handle

    def search(self, request: SearchRequest) -> SearchResult:
        request = with_query_filters(request)  # country:KG in the query acts as country=KG (search_api/syntax.py)
        searcher, columns = self.handle.acquire()
        analysed = build_query(request.q, request.match, spellings_for(searcher)) if words_of(request.q) else None
        if analysed is not None and analysed.meaning_text and _uses_meaning(request) and semantic.enabled():
            graded_search = request.match == MATCH_GRADED  # reads the query's thesaurus renderings too
            for text in graded.meaning_texts(analysed.meaning_text) if graded_search else [analysed.meaning_text]:
                query_vectors.start(text)  # embeds while the words are searched
        filters = self._filter_sets(request, columns, searcher)
        if analysed is None and filters:  # browsing with filters: masks, not sets (search_api/browse.py)
            return self._browse(request, searcher, columns, filters)
        # The words scored in arrays (search_api/postings.py) where the query is of a kind they read.
        scored = postings.score_all(searcher, analysed.query) if analysed and analysed.query is not None else None
        if scored is not None and request.match in SCORED_IN_ARRAYS:  # every word or any word: masks throughout
            return self._browse(request, searcher, columns, filters, analysed, scored)
        if scored is not None and request.match == MATCH_GRADED and graded.JOIN_BELOW is None \
                and _graded_in_arrays(analysed):  # the default search: masks throughout too
            return self._graded(request, searcher, columns, filters, analysed, scored)
        if analysed is None:
            matched: set[int] | frozenset[int] = columns.doc_ids
        elif analysed.query is None:
            matched = frozenset()
        elif scored is not None:
            matched = set(np.flatnonzero(scored.matched & columns.live_mask()).tolist())
        else:
            matched = set(searcher.docs_for_query(analysed.query)) & columns.doc_ids
        hits_set = _intersect(matched, filters.values())
        complete, relaxed = hits_set, None
        if request.match == MATCH_GRADED and analysed is not None and analysed.query is not None \
                and (graded.JOIN_BELOW is None or len(hits_set) < graded.JOIN_BELOW):
            # The default search: the nearest pages by meaning always join the word matches, and pages
            # with some of the words too when few have them all (search_api/graded.py, fusion.py).
            relaxed = self._relax(searcher, columns, analysed, widen=len(hits_set) < graded.FEW)
            matched = relaxed.candidates() | matched
            hits_set = _intersect(matched, filters.values())
        matched, hits_set, complete, copies = collapse(searcher, matched, hits_set, complete)  # copies shown once
        shown_partial = hits_set - complete  # pages lacking some words: what ``relaxed`` tells the reader
        result = SearchResult(total=len(hits_set), limit=request.limit, offset=request.offset,
                              relaxed=bool(shown_partial), complete=len(complete),
                              words=analysed.content_words() if analysed else [])
        if shown_partial and relaxed is not None:
            result.not_required = relaxed.cover.not_required(shown_partial, result.words)
        if request.limit:
            ranked = self._page(searcher, columns, request, analysed, complete, hits_set, relaxed, scored)
            result.hits = copies.annotate(self._hits(searcher, ranked, analysed), [doc for doc, _ in ranked], searcher)
        for name in request.facets:
            self._facet(result, FACETS[name], request, columns, matched, filters)
        result.suggestions = suggest(searcher, request.q, result.words, result.complete)
        return result

    def _browse(self, request: SearchRequest, searcher: Searcher, columns: Columns,
                filters: dict[str, frozenset[int] | set[int]], analysed: AnalysedQuery | None = None,
                scored: postings.Scored | None = None) -> SearchResult:
        """``search`` for no words and some filters, or for words scored in arrays (``scored``), its sets as
        masks: the same answer at a few ns a document."""
        shown = browse.view(searcher, columns, filters, scored.matched if scored is not None else None)
        result = SearchResult(total=shown.total, limit=request.limit, offset=request.offset, complete=shown.total,
                              words=analysed.content_words() if analysed else [])
        ranked: list = []
        if request.limit:
            if scored is not None and request.sort == "relevance":
                ranked = self._scored_page(searcher, request, analysed, scored, shown.shown)
            else:  # in date order (the words, if any, still mark the snippets)
                ranked = [(doc, None) for doc in _by_date(columns, shown.shown, request)]
        return self._shown(result, request, searcher, columns, analysed, shown, ranked)

    def _shown(self, result: SearchResult, request: SearchRequest, searcher: Searcher, columns: Columns,
               analysed: AnalysedQuery | None, shown: browse.View, ranked: list) -> SearchResult:
        """``result`` with its page of hits (``ranked``: document, score), their copies, its facets counted over
        ``shown`` and its suggestions: the end of every search over masks."""
        if request.limit:
            result.hits = shown.copies.annotate(self._hits(searcher, ranked, analysed), [doc for doc, _ in ranked],
                                                searcher)
        for name in request.facets:
            self._facet(result, FACETS[name], request, columns, shown.matched, shown.filters)
        result.suggestions = suggest(searcher, request.q, result.words, result.complete)
        return result

    def _graded(self, request: SearchRequest, searcher: Searcher, columns: Columns,
                filters: dict[str, frozenset[int] | set[int]], analysed: AnalysedQuery,
                scored: postings.Scored) -> SearchResult:
        """The default search with its sets as masks (search_api/graded.py ``CoverageMasks``, browse.py): the
        answer of the set path of ``search``, at a few ns a document instead of a set operation's ~50 ns."""
        live = columns.live_mask()
        complete = scored.matched & live
        for docs in filters.values():
            complete &= columns.mask_of(docs)
        cover = graded.coverage_masks(searcher, analysed, live) if np.count_nonzero(complete) < graded.FEW else None
        relaxed = self._relax(searcher, columns, analysed, widen=False)  # the nearest pages by meaning
        matched = scored.matched | cover.covered if cover is not None else scored.matched.copy()
        matched[np.fromiter(relaxed.near, dtype=np.int64, count=len(relaxed.near))] = True
        shown = browse.view(searcher, columns, filters, matched, prefer=complete)
        complete &= shown.shown  # the pages with every word, copies left out
        partial = shown.shown & ~complete
        result = SearchResult(total=shown.total, limit=request.limit, offset=request.offset,
                              relaxed=bool(partial.any()), complete=int(np.count_nonzero(complete)),
                              words=analysed.content_words())
        if result.relaxed:
            result.not_required = cover.not_required(partial, result.words) if cover is not None \
                else list(result.words)
        ranked: list = []
        if request.limit:
            end = request.offset + request.limit
            if request.sort == "relevance":
                ranked = self._fused_masks(searcher, columns, request, analysed, scored, shown.shown, complete,
                                           cover, relaxed, end)[request.offset:end]
            else:
                ranked = [(doc, None) for doc in _by_date(columns, shown.shown, request)]
        return self._shown(result, request, searcher, columns, analysed, shown, ranked)

    @staticmethod
    def _fused_masks(searcher: Searcher, columns: Columns, request: SearchRequest, analysed: AnalysedQuery,
                     scored: postings.Scored, hits: np.ndarray, complete: np.ndarray,
                     cover: graded.CoverageMasks | None, relaxed: graded.Relaxed, end: int) -> list[tuple[int, float]]:
        """``_fused`` over masks: the best word matches (every word: from the arrays; some words: score ×
        coverage^power from the loose query's arrays) and the nearest pages by meaning, fused."""
        depth = max(fusion.DEPTH, end)
        lexical: dict[int, float] = {}
        if complete.any():
            lexical.update(postings.top(searcher, analysed.query, scored, complete, depth))
        if cover is not None:
            lexical.update(graded.relaxed_order_masks(searcher, analysed.loose, cover, hits & ~complete & cover.covered,
                                                      depth) or [])
        candidates = set(lexical) | {doc for doc in relaxed.near if hits[doc]}
        closeness = _closeness(searcher, analysed.meaning_text, candidates,
                               relaxed.vector) if relaxed.vector is not None else {}
        lang = analysed.lang or detect_language(request.q)
        same_language = {doc for doc in candidates if lang in columns.values.get("lang", {}).get(doc, ())}
        ranked = fusion.rank(lexical, {doc for doc in candidates if complete[doc]}, closeness, same_language)
        if len(ranked) < end:  # a page deeper than the candidates (not expected: ``depth`` ≥ ``end``)
            rest = np.flatnonzero(hits)
            rest = rest[~np.isin(rest, np.fromiter(candidates, dtype=np.int64, count=len(candidates)))]
            ranked += [(doc, 0.0) for doc in rest[: end - len(ranked)].tolist()]
        return ranked

    def _filter_sets(self, request: SearchRequest, columns: Columns,
                     searcher: Searcher | None = None) -> dict[str, frozenset[int] | set[int]]:
        filters: dict[str, frozenset[int] | set[int]] = {}
        if request.countries:
            filters["country"] = columns.docs_with("countries", request.countries)
        if request.themes:
            filters["theme"] = columns.docs_with("themes", request.themes)
        if request.langs:
            filters["lang"] = columns.docs_with("lang", request.langs)
        if request.date_from or request.date_to:
            first = int(request.date_from.first_day().strftime("%Y%m%d")) if request.date_from else 0
            last = int(request.date_to.last_day().strftime("%Y%m%d")) if request.date_to else 99991231
            filters["date"] = columns.docs_in_dates(first, last)
        excluded = excluded_docs(request.q, searcher, columns) if searcher is not None else set()
        if excluded:  # -word, -country:KG: out of everything shown and counted
            filters["excluded"] = columns.doc_ids - excluded
        return filters

    def _relax(self, searcher: Searcher, columns: Columns, analysed: AnalysedQuery, widen: bool) -> graded.Relaxed:
        """The nearest pages by meaning (above the floor) and, when ``widen``, the pages with some of the words."""
        cover = graded.coverage(searcher, analysed, columns.doc_ids) if widen else graded.Coverage()
        relaxed = graded.Relaxed(cover)
        if analysed.meaning_text and semantic.enabled():
            meaning = self.handle.meaning()
            embed = language_bias.query_embedder(meaning, columns.postings.get("lang", {}), analysed.meaning_text,
                                                 query_vector)  # each text's language pull taken off
            vector = graded.meaning_vector(analysed.meaning_text, embed)  # with its renderings
            nearest = meaning.nearest_to(vector, graded.NEAREST)  # ANN when large
            relaxed.by_meaning, relaxed.vector = True, vector
            relaxed.near = graded.close_enough(nearest)
        return relaxed

    def _page(self, searcher, columns, request, analysed, complete, hits_set,
              relaxed: graded.Relaxed | None, scored: postings.Scored | None = None) -> list[tuple[int, float | None]]:
        """One page of hits (document, score). The default search (``relaxed`` given) ranks word matches and
        pages near in meaning together (``_fused``); ``match=any`` re-ranks its best word matches by meaning."""
        end = request.offset + request.limit
        if request.sort == "relevance" and analysed is not None and analysed.query is not None:
            if not hits_set:
                return []
            if relaxed is not None:
                ranked = self._fused(searcher, columns, request, analysed, complete, hits_set, relaxed, end, scored)
            else:
                rerank = request.match in RERANKED and request.offset < RERANK_DEPTH and semantic.enabled()
                limit = max(end, RERANK_DEPTH) if rerank else end
                results = searcher.search(analysed.query, filter=set(hits_set), limit=limit)
                ranked = [(hit.docnum, hit.score) for hit in results]
                if rerank:
                    ranked = _by_meaning(searcher, analysed.meaning_text, ranked[:RERANK_DEPTH]) + ranked[RERANK_DEPTH:]
            ranked = ranked[request.offset:end]
        else:
            ranked = [(doc, None) for doc in _by_date(columns, hits_set, request)]
        return ranked

    def _hits(self, searcher: Searcher, ranked: list[tuple[int, float | None]],
              analysed: AnalysedQuery | None) -> list[dict]:
        return [self._hit(searcher.stored_fields(doc), score, analysed) for doc, score in ranked]

    def _scored_page(self, searcher: Searcher, request: SearchRequest, analysed: AnalysedQuery,
                     scored: postings.Scored, shown: np.ndarray) -> list[tuple[int, float]]:
        """One page of hits (document, score) by relevance from the arrays' scores, as ``_page`` ranks the same
        words."""
        end = request.offset + request.limit
        rerank = request.match in RERANKED and request.offset < RERANK_DEPTH and semantic.enabled()
        ranked = postings.top(searcher, analysed.query, scored, shown, max(end, RERANK_DEPTH) if rerank else end)
        if rerank:
            ranked = _by_meaning(searcher, analysed.meaning_text, ranked[:RERANK_DEPTH]) + ranked[RERANK_DEPTH:]
        return ranked[request.offset:end]

    @staticmethod
    def _fused(searcher, columns, request, analysed, complete, hits_set, relaxed: graded.Relaxed,
               end: int, scored: postings.Scored | None = None) -> list[tuple[int, float]]:
        """The best ``end`` pages of the default search: the best word matches (every word: BM25F; some
        words: score × coverage^power) and the nearest pages by meaning, fused (search_api/fusion.py)."""
        depth = max(fusion.DEPTH, end)
        lexical: dict[int, float] = {}
        if complete and scored is not None:  # exactly Whoosh's best, from the arrays
            lexical.update(postings.top(searcher, analysed.query, scored, columns.mask_of(complete), depth))
        elif complete:
            lexical.update((hit.docnum, hit.score)
                           for hit in searcher.search(analysed.query, filter=set(complete), limit=depth))
        partial = (hits_set - complete) & relaxed.cover.share.keys()
        lexical.update(graded.relaxed_order(searcher, analysed.loose, relaxed.cover, partial, depth))
        candidates = set(lexical) | (relaxed.near.keys() & hits_set)
        closeness = _closeness(searcher, analysed.meaning_text, candidates,
                               relaxed.vector) if relaxed.vector is not None else {}
        lang = analysed.lang or detect_language(request.q)  # a query with Kazakh respelt: as respelt
        same_language = {doc for doc in candidates if lang in columns.values.get("lang", {}).get(doc, ())}
        ranked = fusion.rank(lexical, complete, closeness, same_language)
        if len(ranked) < end:  # a page deeper than the candidates (not expected: ``depth`` ≥ ``end``)
            ranked += [(doc, 0.0) for doc in sorted(hits_set - candidates)[: end - len(ranked)]]
        return ranked

    @staticmethod
    def _hit(stored: dict, score: float | None, analysed: AnalysedQuery | None) -> dict:
        lang = stored.get("lang", "other")
        terms, starts = (analysed.terms, analysed.starts) if analysed else ({}, {})
        snippet = make_snippet(stored.get("body", ""), lang, _terms_of(stored, terms), _terms_of(stored, starts))
        return {
            "id": stored["id"],
            "title": stored.get("title", ""),
            "snippet": snippet,
            "lang": lang,
            "countries": _split(stored.get("countries")),
            "themes": _split(stored.get("themes")),
            "date": stored.get("date"),
            "url": stored.get("url") or None,
            "source": stored.get("source") or None,
            "score": round(score, 4) if score is not None else None,
        }

    @staticmethod
    def _facet(result, facet: Facet, request, columns, matched, filters) -> None:
        own = "date" if isinstance(facet, YearFacet) else facet.name
        docs = _intersect(matched, [docs for name, docs in filters.items() if name != own])
        counts = facet.count(columns, docs)
        selected = set(request.filters().get(facet.name, []))
        ordered = facet.order(counts)
        for value in selected:
            if value not in counts:
                ordered.append((value, 0))  # a selected value stays visible even at zero
        shown = ordered[: request.facet_limit]
        result.facets[facet.name] = [
            {
                "value": value,
                "label": facet.label(value, request.ui_lang),
                "count": count,
                "selected": value in selected or _year_selected(facet, value, request),
            }
            for value, count in shown
        ]
        result.facets_more[facet.name] = max(0, len(ordered) - len(shown))

    def document(self, doc_id: str) -> dict | None:
        """The stored document with this id, or None."""
        searcher, _ = self.handle.acquire()
        stored = searcher.document(id=doc_id)
        if stored is None:
            return None
        return {
            "id": stored["id"],
            "title": stored.get("title", ""),
            "body": stored.get("body", ""),
            "lang": stored.get("lang"),
            "countries": _split(stored.get("countries")),
            "themes": _split(stored.get("themes")),
            "date": stored.get("date"),
            "url": stored.get("url") or None,
            "source": stored.get("source") or None,
            "translation_of": _split(stored.get("translation_of")),
        }

    def stats(self) -> dict:
        searcher, _ = self.handle.acquire()
        # The generation's name only: a server path tells a caller nothing useful and an attacker too much.
        current = self.handle.store.current()
        stats = {"documents": searcher.doc_count(), "generation": current.name if current else None}
        if semantic.enabled():  # vectors arrive after the words (indexer/embed.py): how far they are
            stats["meaning"] = self.handle.meaning().status()
        return stats


def _by_meaning(searcher: Searcher, text: str, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Lexical hits re-ordered by a mix of their score and their closeness in meaning to the query
    (see ``MEANING_WEIGHT``). A document without a vector yet (vectors arrive after the index:
    search_api/meaning.py) is ranked by its words alone: its meaning part is the average of the others', so
    it neither rises nor sinks for lacking one."""
    if len(ranked) < 2:
        return ranked
    near = _closeness(searcher, text, [doc for doc, _ in ranked])
    cosines = [near[doc] for doc, _ in ranked]
    known = [c for c in cosines if c is not None]
    if not known:
        return ranked
    low, spread = min(known), (max(known) - min(known)) or 1.0
    scaled = [(cos - low) / spread if cos is not None else None for cos in cosines]
    neutral = sum(value for value in scaled if value is not None) / len(known)
    best = max(score for _, score in ranked) or 1.0
    mixed = [
        (doc, (1 - MEANING_WEIGHT) * score / best + MEANING_WEIGHT * (neutral if value is None else value))
        for (doc, score), value in zip(ranked, scaled, strict=True)
    ]
    return sorted(mixed, key=lambda pair: -pair[1])


def _closeness(searcher: Searcher, text: str, docs, vector: np.ndarray | None = None) -> dict[int, float | None]:
    """Each document's closeness in meaning to the query (whole text and closest sentence,
    ``semantic.closeness``); None for a document without a vector."""
    docs = list(docs)
    vector = query_vector(text) if vector is None else vector  # the default search's: with renderings
    return dict(zip(docs, meaning_for(searcher).closeness(vector, docs), strict=True))


def query_vector(text: str) -> np.ndarray:
    """A query's embedding: begun in the background when the query was read (search_api/query_vectors.py),
    kept for repeated queries (paging, facet clicks). The array is shared: never modified in place."""
    return query_vectors.vector(text)


def _uses_meaning(request: SearchRequest) -> bool:
    """Whether this request will read the query's embedding: the default search always (pages near in
    meaning join it), ``match=any`` when it re-ranks a page of hits by relevance."""
    return request.match == MATCH_GRADED or (
        request.match in RERANKED and request.sort == "relevance" and request.limit > 0
        and request.offset < RERANK_DEPTH)


def _intersect(base, sets) -> set[int] | frozenset[int]:
    result = base
    for other in sorted(sets, key=len):
        result = result & other
    return result


def _terms_of(stored: dict, terms: dict[str, set[str]]) -> dict[str, set[str]]:
    """The query terms of the languages this document has text in (a mark is a real match)."""
    langs = _split(stored.get("text_langs")) or [stored.get("lang", "other")]
    return {lang: terms[lang] for lang in langs if lang in terms}


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _year_selected(facet: Facet, value: str, request: SearchRequest) -> bool:
    if not isinstance(facet, YearFacet) or not (request.date_from or request.date_to):
        return False
    if request.date_from and value < str(request.date_from)[: len(value)]:
        return False
    return not (request.date_to and value > str(request.date_to)[: len(value)])


def _graded_in_arrays(analysed: AnalysedQuery) -> bool:
    """Whether every query the default search reads (each word of each reading, the loose query) is of a kind
    scored in arrays (search_api/postings.py)."""
    return (analysed.loose is None or postings.readable(analysed.loose)) and \
        all(postings.readable(query) for reading in analysed.readings for _, query in reading.words)


def _by_date(columns: Columns, docs: Set[int], request: SearchRequest) -> list[int]:
    """One page of ``docs`` in date order (undated documents last), from the date columns."""
    return columns.page_by_date(docs, request.sort == "date:asc", request.offset, request.limit)
