"""Search as real readers meet it: the 45 judged reader queries of pages-dev over its raw web pages.

Every engine searches the same pages (``bench/pagesdev.py``: texts re-created into ``bench/.cache/pages-dev``,
never committed). ``peacesearch`` goes through the product's own path: the pages are indexed as
``peacesearch index`` reads raw .txt files (``build_index`` into ``bench/.cache/readers-index``; vectors come
from the shared cache ``bench/.cache/vectors.sqlite`` by ``embed_index``) and searched by
``SearchEngine.search`` in its default mode (and its parts: ``default-rrf`` fuses by reciprocal rank
instead of the weighted sum, ``default-no-thesaurus``, ``default-no-meaning`` and ``default-words-only``
switch parts off), ``match=all`` and ``match=any``. Peers in the same run:
SQLite FTS5 and tantivy with the query words ORed (bench/peers.py), and e5 nearest neighbours alone over our
index's vectors: ``doc`` ranks by the whole text's cosine, ``doc+sentence`` by ``MeaningIndex.closeness``
(whole text mixed with the closest sentence).

Metrics per query, averaged: nDCG@10 with gain 2^grade − 1 (grades 1–2 of queries.jsonl), MRR@10 (the
first page of any grade), recall@20; ``zero_results`` counts queries answered with nothing. Relevance
ignores language; a judged page whose text could not be re-created is left out of scoring.

The split, made once, by qid: within each query language the queries are ordered by the SHA-256 of their
qid (hex digest); even positions are ``tune``, odd ones ``test``. Constants of the search are tuned on
``tune`` only; ``test`` is only measured. Rows are given for ``tune``, ``test`` and ``all`` (45 queries).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import SHARED_DATA, print_table, write_results
from bench.pagesdev import TEXTS, load_pages, queries_missing
from indexer.store import IndexStore

DATASET = "pages-dev"
QUERIES = SHARED_DATA / "pages-dev" / "queries.jsonl"
# PEACESEARCH_READERS_INDEX names another folder (two runs side by side must not share one index)
INDEX = Path(os.environ.get("PEACESEARCH_READERS_INDEX", Path(__file__).resolve().parent / ".cache" / "readers-index"))
DEPTH = 20
OURS = "peacesearch"
# The default search and its parts: ``default-rrf`` fuses by reciprocal rank (k=60) instead of the tuned
# weighted sum; ``no-thesaurus``/``no-meaning``/``words-only`` switch off the thesaurus, the vectors, or both.
DEFAULT_VARIANTS = {
    "default": {},
    "default-rrf": {"fusion": "rrf"},
    "default-no-thesaurus": {"PEACESEARCH_THESAURUS": "0"},
    "default-no-centring": {"PEACESEARCH_LANGUAGE_CENTRING": "0"},
    "default-no-meaning": {"PEACESEARCH_SEMANTIC": "0"},
    "default-words-only": {"PEACESEARCH_THESAURUS": "0", "PEACESEARCH_SEMANTIC": "0"},
}
OUR_MODES = (*DEFAULT_VARIANTS, "all", "any")
PEERS = ("fts5", "tantivy")
E5 = "e5"
E5_MODES = ("doc", "doc+sentence")
ENGINES = (OURS, *PEERS, E5)
HALVES = ("tune", "test", "all")
COLUMNS = ["dataset", "engine", "mode", "half", "subset", "queries", "ndcg@10", "mrr@10", "recall@20", "zero_results"]

Ranker = Callable[[str], list[str]]


@dataclass
class Query:
    qid: str
    lang: str
    script: str
    text: str
    cross_lingual: bool
    relevant: dict[str, int]  # page id → grade 1 or 2, only pages whose text exists
    half: str

    def subsets(self) -> list[str]:
        """The subsets this query counts in."""
        found = ["all", self.lang]
        if self.cross_lingual:
            found.append("cross-lingual")
        if self.lang == "kk" and self.script == "latn":
            found.append("kk-latn")
        return found


def split_halves(qids_by_lang: dict[str, list[str]]) -> dict[str, str]:
    """qid → ``tune`` or ``test``: per language, by SHA-256 order of the qid, alternating (see module doc)."""
    halves: dict[str, str] = {}
    for qids in qids_by_lang.values():
        for position, qid in enumerate(sorted(qids, key=lambda q: hashlib.sha256(q.encode("utf-8")).hexdigest())):
            halves[qid] = "tune" if position % 2 == 0 else "test"
    return halves


def load_queries(available: set[str], path: Path = QUERIES) -> list[Query]:
    """The judged queries, their judgments limited to the pages whose texts are ``available``."""
    with open(path, encoding="utf-8") as handle:
        raw = [json.loads(line) for line in handle if line.strip()]
    by_lang: dict[str, list[str]] = {}
    for item in raw:
        by_lang.setdefault(item["lang"], []).append(item["qid"])
    halves = split_halves(by_lang)
    return [
        Query(item["qid"], item["lang"], item.get("script", ""), item["query"], bool(item.get("cross_lingual")),
              {doc: grade for doc, grade in item["relevant"].items() if doc in available and grade > 0},
              halves[item["qid"]])
        for item in raw
    ]


# --- metrics: ``ranking`` is a list of page ids, best first ---

def ndcg(ranking: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """nDCG@k with gain 2^grade − 1 and log2(rank + 1) discount."""
    ideal = sum((2 ** g - 1) / math.log2(r + 1) for r, g in enumerate(sorted(relevant.values(), reverse=True)[:k], 1))
    if not ideal:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc not in seen:
            dcg += (2 ** relevant.get(doc, 0) - 1) / math.log2(rank + 1)
        seen.add(doc)
    return dcg / ideal


def reciprocal_rank(ranking: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def recall(ranking: Sequence[str], relevant: dict[str, int], k: int = DEPTH) -> float:
    return len(set(ranking[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def score(rankings: dict[str, list[str]], queries: Sequence[Query]) -> dict[str, float | int]:
    """Mean metrics over ``queries`` (by qid in ``rankings``) and the count answered with nothing."""
    n = len(queries)
    if not n:
        return {"queries": 0, "ndcg@10": 0.0, "mrr@10": 0.0, "recall@20": 0.0, "zero_results": 0}
    return {
        "queries": n,
        "ndcg@10": round(sum(ndcg(rankings[q.qid], q.relevant) for q in queries) / n, 4),
        "mrr@10": round(sum(reciprocal_rank(rankings[q.qid], q.relevant) for q in queries) / n, 4),
        "recall@20": round(sum(recall(rankings[q.qid], q.relevant) for q in queries) / n, 4),
        "zero_results": sum(1 for q in queries if not rankings[q.qid]),
    }


def rows_for(engine: str, mode: str, rankings: dict[str, list[str]], queries: Sequence[Query]) -> list[dict]:
    """One row per half and subset that has queries."""
    rows = []
    for half in HALVES:
        chosen = [q for q in queries if half == "all" or q.half == half]
        subsets = list(dict.fromkeys(s for q in chosen for s in q.subsets()))
        order = ["all", "cross-lingual", "en", "ru", "kk", "kk-latn"]
        for subset in sorted(subsets, key=lambda s: order.index(s) if s in order else len(order)):
            row = {"dataset": DATASET, "engine": engine, "mode": mode, "half": half, "subset": subset}
            row.update(score(rankings, [q for q in chosen if subset in q.subsets()]))
            rows.append(row)
    return rows


# --- engines ---

def build_our_index(root: Path = INDEX, texts: Path = TEXTS, log=print) -> Path:
    """The pages indexed as ``peacesearch index`` would, into a fresh ``root`` (vectors from the cache)."""
    from indexer.build import build_index
    from indexer.embed import embed_index, embedding_running

    if embedding_running(root):  # a server left on it would write its vectors into the rebuilt index too
        raise SystemExit(f"an embedding job (a server?) holds {root}: stop it, or set PEACESEARCH_READERS_INDEX")
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    report = build_index([texts], root, progress=False)
    embedded = embed_index(root)  # what a server's background job adds after the build
    log(f"  peacesearch: indexed {report.indexed} pages in {time.perf_counter() - started:.1f} s "
        f"({embedded.summary()})")
    return root


def our_rankers(root: Path) -> tuple[dict[str, Ranker], Callable[[], None]]:
    """A ranker per mode of our engine, exactly as the API searches (``default``: no ``match`` given)."""
    from search_api.engine import IndexHandle, SearchEngine
    from search_api.request import SearchRequest

    engine = SearchEngine(IndexHandle(root))

    def ranker(mode: str) -> Ranker:
        def search(text: str) -> list[str]:
            options = {} if mode in DEFAULT_VARIANTS else {"match": mode}
            with variant(DEFAULT_VARIANTS.get(mode, {})):
                result = engine.search(SearchRequest(q=text, limit=DEPTH, facets=(), **options))
            # A hit stands for its copies too (search_api/collapse.py: "also at" links under it): the judgments
            # grade each copy, so they are counted right after it, as the reader meets them.
            return [doc for hit in result.hits for doc in (hit["id"], *(copy["id"] for copy in hit.get("also_at", [])))]
        return search

    return {mode: ranker(mode) for mode in OUR_MODES}, engine.handle.close


@contextmanager
def variant(settings: dict[str, str]) -> Iterator[None]:
    """The default search with parts switched off (environment switches) or RRF fusion, for one search."""
    from search_api import fusion

    saved_env = {name: os.environ.get(name) for name in settings if name.startswith("PEACESEARCH_")}
    saved_fusion = fusion.FUSION
    try:
        for name in saved_env:
            os.environ[name] = settings[name]
        fusion.FUSION = settings.get("fusion", saved_fusion)
        yield
    finally:
        fusion.FUSION = saved_fusion
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def e5_rankers(root: Path) -> dict[str, Ranker]:
    """Nearest neighbours by meaning alone, over every page's vectors (exact search, search_api/meaning.py)."""
    from analyzers import semantic
    from search_api.engine import IndexHandle
    from search_api.meaning import meaning_for

    handle = IndexHandle(root)
    searcher, _ = handle.acquire()
    meaning = meaning_for(searcher)
    docs = [(docnum, fields["id"]) for docnum, fields in searcher.reader().iter_docs()]

    def ranker(with_sentences: bool) -> Ranker:
        def search(text: str) -> list[str]:
            query = semantic.query_vector(_meaning_text(text))
            if with_sentences:
                closeness = meaning.closeness(query, [docnum for docnum, _ in docs])
            else:
                cosines = meaning.cosines(query)
                closeness = [float(cosines[docnum]) if meaning.has_vector(docnum) else None for docnum, _ in docs]
            scored = [(value, doc_id) for value, (_, doc_id) in zip(closeness, docs, strict=True) if value is not None]
            return [doc for _, doc in sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:DEPTH]]
        return search

    return {"doc": ranker(False), "doc+sentence": ranker(True)}


def _meaning_text(text: str) -> str:
    """The query as our engine gives it to the model (Latin-script Kazakh read in Cyrillic)."""
    from search_api.query import build_query

    analysed = build_query(text, "any")
    return analysed.meaning_text or text


def peer_ranker(name: str, pages) -> tuple[Ranker, Callable[[], None]]:
    from bench.peers import make_peer

    peer = make_peer(name, "multi")  # several languages: no language's stemmer
    docs = []
    for page in pages:
        doc = page.document()
        docs.append({"id": page.id, "title": doc.title, "body": doc.body})
    peer.index(docs)
    return (lambda text: peer.search(text, DEPTH)), peer.close


def run(engines: Sequence[str], reuse_index: bool = False, log=print) -> list[dict]:
    """Every engine's rows; our index is rebuilt unless ``reuse_index`` and one exists."""
    pages = load_pages()
    queries = load_queries({page.id for page in pages})
    queries = [q for q in queries if q.relevant]
    log(f"  {len(pages)} pages with text, {len(queries)} judged queries "
        f"({sum(q.half == 'tune' for q in queries)} tune, {sum(q.half == 'test' for q in queries)} test)")
    rows: list[dict] = []
    needs_index = OURS in engines or E5 in engines
    if needs_index and not (reuse_index and IndexStore(INDEX).current() is not None):
        build_our_index(log=log)
    for engine in engines:
        closers: list[Callable[[], None]] = []
        if engine == OURS:
            rankers, close = our_rankers(INDEX)
            closers.append(close)
        elif engine == E5:
            rankers = e5_rankers(INDEX)
        else:
            ranker, close = peer_ranker(engine, pages)
            rankers, closers = {"or": ranker}, [close]
        try:
            for mode, ranker in rankers.items():
                started = time.perf_counter()
                rankings = {q.qid: ranker(q.text) for q in queries}
                seconds = time.perf_counter() - started
                mode_rows = rows_for(engine, mode, rankings, queries)
                rows += mode_rows
                overall = next(r for r in mode_rows if r["half"] == "all" and r["subset"] == "all")
                log(f"  {engine} {mode}: {len(queries)} queries in {seconds:.1f} s, nDCG@10 {overall['ndcg@10']:.3f}")
        finally:
            for close in closers:
                close()
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench readers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, from: {', '.join(ENGINES)} (default all)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="search the index of an earlier run instead of rebuilding it (query-side changes)")
    parser.add_argument("--half", choices=HALVES, help="print only this half's rows")
    args = parser.parse_args(argv)
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    unknown = [name for name in engines if name not in ENGINES]
    if unknown or not engines:
        parser.error(f"unknown engine {', '.join(unknown) or repr(args.engines)}; allowed: {', '.join(ENGINES)}")
    missing = queries_missing(QUERIES)
    if missing:
        print(missing)
        return 0
    started = time.perf_counter()
    rows = run(engines, args.reuse_index, log=lambda m: print(m, file=sys.stderr, flush=True))
    shown = [row for row in rows if args.half is None or row["half"] == args.half]
    print_table(shown, COLUMNS)
    if args.half is None and set(engines) == set(ENGINES):
        print(f"written to {write_results('readers', rows)} ({time.perf_counter() - started:.0f} s)")
    else:
        print(f"not written: a partial run ({time.perf_counter() - started:.0f} s)")
    return 0
