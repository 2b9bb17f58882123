"""Index build time and in-process search latency on the whole of ../shared/data (~25,000 docs).

Kinds: ``build`` (seconds for the full index), ``plain`` (2-word reader queries, all words must
match, no facets), ``question`` (judged questions, any word), ``filtered`` (country + date range),
``facets4`` (plain queries with country, theme, lang and year facets), ``browse4`` (no query, four facets).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from bench.common import load_queries, print_table, shared_corpus_paths, write_results
from indexer.build import build_index
from search_api.engine import IndexHandle, SearchEngine
from search_api.query import words_of
from search_api.request import SearchRequest, parse_request

FOUR_FACETS = ("country", "theme", "lang", "year")


def _query_texts(limit: int) -> tuple[list[str], list[str]]:
    questions = []
    for folder, lang in (("xquad-ru-en", "ru"), ("xquad-ru-en", "en"), ("kazqad-kk", "kk")):
        questions += [q["query"] for q in load_queries(folder, lang)[:limit]]
    short = []
    for question in questions:
        words = [w for w in words_of(question) if len(w) > 3]
        if len(words) >= 2:
            short.append(" ".join(words[-2:]))
    return short, questions


def _time(engine: SearchEngine, requests: list[SearchRequest]) -> tuple[float, float]:
    for request in requests[:20]:
        engine.search(request)  # warm caches as a running server would be
    times = []
    for request in requests:
        started = time.perf_counter()
        engine.search(request)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench speed", description=__doc__)
    parser.add_argument("--queries", type=int, default=150, help="questions per language")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as root:
        started = time.perf_counter()
        report = build_index(shared_corpus_paths(), root, progress=False)
        build_seconds = time.perf_counter() - started
        rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": "build",
                     "documents": report.indexed, "seconds": round(build_seconds, 1),
                     "docs_per_s": round(report.indexed / build_seconds)})
        engine = SearchEngine(IndexHandle(root))
        short, questions = _query_texts(args.queries)
        kinds = {
            "plain": [SearchRequest(q=q, facets=()) for q in short],
            "question": [SearchRequest(q=q, match="any", facets=()) for q in questions],
            "filtered": [parse_request({"q": [q], "country": ["KZ", "RU"], "date_from": ["2010"],
                                        "date_to": ["2026"], "facets": [""]}) for q in short],
            "facets4": [SearchRequest(q=q, facets=FOUR_FACETS) for q in short],
            "browse4": [SearchRequest(facets=FOUR_FACETS, offset=i % 50) for i in range(100)],
        }
        for kind, requests in kinds.items():
            p50, p95 = _time(engine, requests)
            rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": kind,
                         "queries": len(requests), "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)})
        engine.handle.close()
    print_table(rows, ["dataset", "engine", "kind", "documents", "seconds", "queries", "p50_ms", "p95_ms"])
    print(f"written to {write_results('speed', rows)}")
    return 0
