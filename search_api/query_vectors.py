"""A query's embedding, started as soon as the query is read and kept for repeated queries.

Embedding a short query takes about as long as finding its word matches (8–30 ms on the 2-core
machine). The model runs in C outside the GIL, so ``start`` hands it to a background thread while the
engine parses the query, searches the words and counts the filters; ``vector`` then waits only for what
is left. The default search starts its query's thesaurus renderings too: each text has a thread and a
model instance of its own (analyzers/semantic.py: ``query_models``), so they embed side by side.
Repeated queries (paging, facet clicks) find their vector done: the finished futures are the cache.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from analyzers import semantic

CACHE_SIZE = 1024

_lock = threading.Lock()
_futures: OrderedDict[str, Future] = OrderedDict()
_executor: ThreadPoolExecutor | None = None
_executor_pid = 0


def start(text: str) -> None:
    """Begin embedding ``text`` unless it is embedded or being embedded."""
    _future(text)


def vector(text: str) -> np.ndarray:
    """The query's embedding (unit length). The array is shared: never modified in place."""
    try:
        return _future(text).result()
    except Exception:
        with _lock:  # a failed embedding is not kept: the next request tries again
            _futures.pop(text, None)
        raise


def forget() -> None:
    """Drop every kept vector (benchmarks measuring new queries)."""
    with _lock:
        _futures.clear()
    semantic.query_vector.cache_clear()


def _future(text: str) -> Future:
    with _lock:
        future = _futures.get(text)
        if future is not None:
            _futures.move_to_end(text)
            return future
        future = _pool().submit(semantic.query_vector, text)
        _futures[text] = future
        while len(_futures) > CACHE_SIZE:
            _futures.popitem(last=False)
        return future


def _pool() -> ThreadPoolExecutor:
    """One embedding thread per query model instance (semantic.query_models), so that a query and its
    thesaurus renderings embed side by side; a server worker forked from a parent that had threads starts
    its own, as threads do not survive a fork."""
    global _executor, _executor_pid
    if _executor is None or _executor_pid != os.getpid():
        _executor = ThreadPoolExecutor(max_workers=semantic.query_models(), thread_name_prefix="query-embedding")
        _executor_pid = os.getpid()
        _futures.clear()
    return _executor
