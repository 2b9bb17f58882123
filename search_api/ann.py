"""Approximate nearest neighbours for large segments: one usearch HNSW index per segment's vectors.

Exact search (search_api/meaning.py) costs one matrix-vector product over every document, which grows with
the archive; above ``ANN_FROM`` rows a segment gets an HNSW graph built by the embedding job once all its
vectors are in (indexer/embed.py), saved beside its vector files as ``<segment>.usearch`` (a Whoosh
segment never changes, and its graph is built only once all its vectors are in, so neither does its graph).
Readers open it as a memory-mapped view, so the worker processes share its pages like the vectors'.
Keys are the segment's row numbers; deleted documents stay in the graph and are masked by the reader's
live set (search_api/meaning.py asks for more neighbours than it needs).

usearch was chosen over faiss-cpu and hnswlib by ``python -m bench ann`` (README): a small wheel without
a BLAS of its own, a file that can be memory-mapped, recall@30 ≥ 0.99 at sub-millisecond latency.
(faiss-cpu's HNSW: about the same recall and speed, twice the file.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from usearch.index import Index

# Segments with at least this many rows are searched through their graph. python -m bench ann, tiled e5
# vectors, top 30: exact p50 7 / 15 / 22 ms at 100k / 200k / 300k rows on an idle core (16 / - / 159 ms while
# the two cores were busy); the graph 0.4–0.6 ms, recall@30 0.99–1.0, but 25 s (idle) to 70 s (loaded) per
# 100k rows to build: below 200k, exact is fast enough and needs nothing built.
ANN_FROM = 200_000
# In an index of ANN_FROM rows or more, a segment of this many rows gets its graph too: a parallel build
# (indexer/parallel.py) writes a few segments per core, so at a million documents on 16 cores every segment
# is below ANN_FROM, and exact search over all of them would cost what one exact search of the index does.
ANN_SEGMENT_FROM = 20_000
SUFFIX = ".usearch"
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 96  # recall@30 0.988 at 100k, 0.997 at 300k rows in bench/ann.py


def wanted(segment_rows: int, index_rows: int) -> bool:
    """Whether a segment is searched through a graph: a large segment, or a fair-sized one of a large index."""
    return segment_rows >= ANN_FROM or (index_rows >= ANN_FROM and segment_rows >= ANN_SEGMENT_FROM)


def graph_path(generation: Path, segment: str) -> Path:
    """Where a segment's graph lives: beside its vector files (indexer/vector_files.py)."""
    return Path(generation) / "meaning" / f"{segment}{SUFFIX}"


def _new_index(dimensions: int) -> Index:
    return Index(ndim=dimensions, metric="ip", dtype="f16", connectivity=CONNECTIVITY,
                 expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)


def build(whole: np.ndarray, present: np.ndarray, path: Path) -> None:
    """Builds the graph of a segment's rows that hold a vector and saves it atomically at ``path``."""
    rows = np.flatnonzero(present).astype(np.uint64)
    index = _new_index(whole.shape[1])
    if len(rows):
        index.add(rows, np.ascontiguousarray(whole[rows.astype(np.int64)], dtype=np.float32), threads=0)
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        index.save(temporary)
        os.chmod(temporary, 0o644)  # readable like the index's own files
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def open_index(path: Path) -> Index | None:
    """The saved graph, memory-mapped (None when there is none or it cannot be read)."""
    if not Path(path).exists():
        return None
    try:
        index = Index.restore(str(path), view=True)
    except (OSError, ValueError, RuntimeError):
        return None
    if index is None:
        return None
    index.expansion_search = EXPANSION_SEARCH
    return index


def search(index: Index, query: np.ndarray, count: int) -> np.ndarray:
    """The row numbers of the ``count`` nearest rows (maybe fewer), nearest first."""
    count = min(count, len(index))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(index.search(np.asarray(query, dtype=np.float32), count).keys, dtype=np.int64)
