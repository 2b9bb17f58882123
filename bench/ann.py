"""Exact nearest-neighbour search against approximate indexes (usearch, faiss HNSW; hnswlib when installed).

Vectors: the real e5 vectors of bench/.cache/vectors.sqlite, tiled with small noise to each size (so that the
neighbourhoods look like an archive's: clusters of near-duplicates around real texts), unit length. Queries:
other noised copies of real vectors. Reports build seconds, index bytes, query latency p50/p95 (one thread,
top 30) and recall@30 against exact search. Chooses search_api/ann.py ``ANN_FROM``.

    python -m bench ann [--sizes 100000,300000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from analyzers import semantic

CACHE = Path(__file__).parent / ".cache" / "vectors.sqlite"
TOP = 30
NOISE = 0.02  # per-dimension noise of a tiled copy (unit vectors: 1/sqrt(384) ≈ 0.05 per dimension)


def real_vectors() -> np.ndarray:
    with sqlite3.connect(CACHE) as connection:
        rows = connection.execute("SELECT vector FROM vectors").fetchall()
    vectors = [np.frombuffer(blob, dtype=semantic.VECTOR_DTYPE) for (blob,) in rows]
    matrix = np.stack([v for v in vectors if v.size == semantic.DIMENSIONS]).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def tiled(base: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    picks = rng.integers(0, len(base), size)
    out = base[picks] + rng.normal(0, NOISE, (size, base.shape[1])).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def _latency(search: Callable[[np.ndarray], np.ndarray], queries: np.ndarray) -> tuple[list[np.ndarray], float, float]:
    found, times = [], []
    for query in queries:
        began = time.perf_counter()
        found.append(search(query))
        times.append(time.perf_counter() - began)
    return found, float(np.percentile(times, 50) * 1000), float(np.percentile(times, 95) * 1000)


def _recall(found: list[np.ndarray], truth: list[np.ndarray]) -> float:
    return float(np.mean([len(set(map(int, f)) & set(map(int, t))) / TOP for f, t in zip(found, truth, strict=True)]))


def _usearch(vectors: np.ndarray, folder: str) -> tuple[float, int, Callable]:
    from search_api import ann
    began = time.perf_counter()
    path = Path(folder) / "index.usearch"
    ann.build(vectors, np.ones(len(vectors), dtype=bool), path)
    seconds = time.perf_counter() - began
    index = ann.open_index(path)
    return seconds, path.stat().st_size, lambda q: index.search(q, TOP).keys


def _faiss(vectors: np.ndarray, folder: str) -> tuple[float, int, Callable]:
    import faiss
    began = time.perf_counter()
    index = faiss.IndexHNSWFlat(vectors.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 128
    index.add(vectors)
    seconds = time.perf_counter() - began
    index.hnsw.efSearch = 64
    path = os.path.join(folder, "index.faiss")
    faiss.write_index(index, path)
    return seconds, os.path.getsize(path), lambda q: index.search(q[None, :], TOP)[1][0]


def _hnswlib(vectors: np.ndarray, folder: str) -> tuple[float, int, Callable]:
    import hnswlib
    began = time.perf_counter()
    index = hnswlib.Index(space="ip", dim=vectors.shape[1])
    index.init_index(max_elements=len(vectors), ef_construction=128, M=16)
    index.add_items(vectors)
    seconds = time.perf_counter() - began
    index.set_ef(64)
    path = os.path.join(folder, "index.hnsw")
    index.save_index(path)
    return seconds, os.path.getsize(path), lambda q: index.knn_query(q, TOP)[0][0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ann")
    parser.add_argument("--sizes", default="100000,300000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--libraries", default="usearch,faiss,hnswlib")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(7)
    base = real_vectors()
    print(f"{len(base)} real vectors ({semantic.DIMENSIONS} dimensions); top {TOP}, {args.queries} queries, 1 thread")
    print(f"{'size':>9} {'method':>8} {'build s':>8} {'index MB':>9} {'p50 ms':>7} {'p95 ms':>7} {'recall@30':>9}")
    queries = tiled(base, args.queries, rng)
    builders = {"usearch": _usearch, "faiss": _faiss, "hnswlib": _hnswlib}
    for size in (int(s) for s in args.sizes.split(",")):
        vectors = tiled(base, size, rng)
        exact, p50, p95 = _latency(lambda q: np.argpartition(-(vectors @ q), TOP - 1)[:TOP], queries)  # noqa: B023
        print(f"{size:>9} {'exact':>8} {0:>8.1f} {vectors.nbytes / 1e6:>9.0f} {p50:>7.2f} {p95:>7.2f} {1:>9.3f}",
              flush=True)
        for name in filter(None, args.libraries.split(",")):
            try:
                with tempfile.TemporaryDirectory() as folder:
                    seconds, nbytes, search = builders[name](vectors, folder)
                    found, p50, p95 = _latency(search, queries)
            except ImportError:
                print(f"{size:>9} {name:>8} (not installed)")
                continue
            print(f"{size:>9} {name:>8} {seconds:>8.1f} {nbytes / 1e6:>9.0f} {p50:>7.2f} {p95:>7.2f} "
                  f"{_recall(found, exact):>9.3f}", flush=True)
    return 0
