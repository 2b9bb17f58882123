"""Ranking quality on judged questions: MRR@10, Recall@10, Recall@100 and nDCG@10 (binary relevance).

Every engine indexes the same collections (bench/datasets.py) and answers every question with any-word
match, top 100. ``peacesearch`` goes through the product's own path: ``build_index`` on a shared-data
JSON Lines file, then ``SearchEngine.search`` with ``match="any"``; peers are in bench/peers.py.
Our rows also carry ``ratio_to_best_peer``: our MRR@10 over the best peer's on that collection.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence, Set
from pathlib import Path

from bench.common import print_table, write_results
from bench.datasets import DATASETS, Collection, load_collection
from bench.peers import PEERS, make_peer

OURS = "peacesearch"
ENGINES: tuple[str, ...] = (OURS, *PEERS)
DEPTH = 100
METRICS = ("mrr10", "recall10", "recall100", "ndcg10")
COLUMNS = ["dataset", "engine", "docs", "queries", *METRICS, "ratio_to_best_peer"]


# --- metrics: ``ranking`` is a list of ids, best first; ``relevant`` the judged-relevant ids ---

def reciprocal_rank(ranking: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    for rank, doc_id in enumerate(ranking[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def recall(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def ndcg(ranking: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    if not relevant:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    for rank, doc_id in enumerate(ranking[:k], start=1):
        if doc_id in relevant and doc_id not in seen:
            dcg += 1.0 / math.log2(rank + 1)
        seen.add(doc_id)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def score_rankings(rankings: Sequence[Sequence[str]], judgments: Sequence[Set[str]]) -> dict[str, float]:
    """Mean of each metric over the questions (a question with no hits scores 0)."""
    n = len(judgments)
    if n == 0:
        return dict.fromkeys(METRICS, 0.0)
    sums = dict.fromkeys(METRICS, 0.0)
    for ranking, relevant in zip(rankings, judgments, strict=True):
        sums["mrr10"] += reciprocal_rank(ranking, relevant, 10)
        sums["recall10"] += recall(ranking, relevant, 10)
        sums["recall100"] += recall(ranking, relevant, 100)
        sums["ndcg10"] += ndcg(ranking, relevant, 10)
    return {name: round(total / n, 4) for name, total in sums.items()}


# --- engines: each turns a collection into a search function (question → ranked ids) ---

Searcher = Callable[[str], list[str]]


class _Ours:
    """peacesearch, exactly as the product builds and searches: no benchmark-only configuration."""

    def __init__(self, collection: Collection, workdir: Path) -> None:
        from indexer.build import build_index
        from indexer.embed import embed_index
        from search_api.engine import IndexHandle, SearchEngine
        from search_api.request import SearchRequest

        self._request = SearchRequest
        root = workdir / f"index-{collection.docs_key}"
        source = collection.write_jsonl(workdir / f"{collection.docs_key}.jsonl")
        report = build_index([source], root, progress=False)
        embed_index(root)  # the vectors a server's background job adds after the build
        if report.indexed != len(collection.docs):
            print(f"  warning: indexed {report.indexed} of {len(collection.docs)} documents", file=sys.stderr)
        self.engine = SearchEngine(IndexHandle(root))

    def search(self, text: str) -> list[str]:
        result = self.engine.search(self._request(q=text, match="any", limit=DEPTH, facets=()))
        return [hit["id"] for hit in result.hits]

    def close(self) -> None:
        self.engine.handle.close()


class _Peer:
    def __init__(self, name: str, collection: Collection) -> None:
        self.peer = make_peer(name, collection.lang)
        self.peer.index(collection.docs)

    def search(self, text: str) -> list[str]:
        return self.peer.search(text, DEPTH)

    def close(self) -> None:
        self.peer.close()


def _open(engine: str, collection: Collection, workdir: Path):
    return _Ours(collection, workdir) if engine == OURS else _Peer(engine, collection)


def run(datasets: Sequence[str], engines: Sequence[str], workdir: Path, log=print) -> list[dict]:
    """One row per (dataset, engine); collections with the same documents share one index per engine."""
    rows: list[dict] = []
    collections = [load_collection(name) for name in datasets]
    for engine in engines:
        opened: dict[str, object] = {}
        try:
            for collection in collections:
                if collection.docs_key not in opened:
                    started = time.perf_counter()
                    opened[collection.docs_key] = _open(engine, collection, workdir)
                    log(f"  {engine}: indexed {collection.docs_key} ({len(collection.docs):,} docs) "
                        f"in {time.perf_counter() - started:.1f} s")
                searcher = opened[collection.docs_key]
                started = time.perf_counter()
                rankings = [searcher.search(q.text) for q in collection.queries]
                seconds = time.perf_counter() - started
                row = {"dataset": collection.name, "engine": engine, "docs": len(collection.docs),
                       "queries": len(collection.queries)}
                row.update(score_rankings(rankings, [q.relevant for q in collection.queries]))
                rows.append(row)
                log(f"  {engine}: {collection.name} {len(collection.queries)} questions in {seconds:.1f} s, "
                    f"MRR@10 {row['mrr10']:.3f}")
        finally:
            for searcher in opened.values():
                searcher.close()
    add_ratios(rows)
    order = {name: i for i, name in enumerate(datasets)}
    rows.sort(key=lambda r: (order[r["dataset"]], r["engine"] != OURS, -r["mrr10"]))
    return rows


def add_ratios(rows: list[dict]) -> None:
    """``ratio_to_best_peer`` on our rows: our MRR@10 / the best peer MRR@10 of the same dataset."""
    for row in rows:
        if row["engine"] != OURS:
            continue
        peers = [r["mrr10"] for r in rows if r["dataset"] == row["dataset"] and r["engine"] != OURS]
        if peers and max(peers) > 0:
            row["ratio_to_best_peer"] = round(row["mrr10"] / max(peers), 3)


def _names(value: str, allowed: Sequence[str], what: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = ", ".join(unknown) or repr(value)
        raise argparse.ArgumentTypeError(f"unknown {what} {shown}; allowed: {', '.join(allowed)}")
    return names


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench relevance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=lambda v: _names(v, DATASETS, "dataset"), default=list(DATASETS),
                        help=f"comma-separated, from: {', '.join(DATASETS)} (default all)")
    parser.add_argument("--engines", type=lambda v: _names(v, ENGINES, "engine"), default=list(ENGINES),
                        help=f"comma-separated, from: {', '.join(ENGINES)} (default all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="peacesearch-relevance-") as workdir:
        rows = run(args.datasets, args.engines, Path(workdir), log=lambda m: print(m, file=sys.stderr, flush=True))
    print_table([{**row, "ratio_to_best_peer": row.get("ratio_to_best_peer", "")} for row in rows], COLUMNS)
    print(f"written to {write_results('relevance', rows)} ({time.perf_counter() - started:.0f} s)")
    return 0
