"""Document vectors for semantic re-ranking (analyzers/semantic.py), with a cache that outlives builds.

Embedding is the slow step of indexing (about 3 documents a second on two cores for a page of
text), so each vector is kept in an SQLite file beside the index generations, keyed by a hash of the
text and the model: a full rebuild, or a collection that shares documents with another, embeds only
what is new. ``PEACESEARCH_VECTOR_CACHE`` points several indexes at one cache (the benchmarks do).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from analyzers import semantic

CACHE_FILE = "vectors.sqlite"


class VectorCache:
    """Text → stored vector, computed once."""

    def __init__(self, index_root: str | Path) -> None:
        path = Path(os.environ.get("PEACESEARCH_VECTOR_CACHE") or Path(index_root) / CACHE_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit, write-ahead log: a build killed midway keeps what it embedded, and concurrent
        # builds (a reindex while an editor adds a page) never wait on each other's transactions.
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.computed = 0
        self.reused = 0

    def vector(self, text: str) -> bytes:
        key = hashlib.sha256(f"{semantic.MODEL_NAME}\x1f{text[:semantic.PASSAGE_CHARS]}".encode()).hexdigest()
        row = self._db.execute("SELECT vector FROM vectors WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self.reused += 1
            return row[0]
        vector = semantic.passage_vector(text)
        self._db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?)", (key, vector))
        self.computed += 1
        return vector

    def close(self) -> None:
        self._db.close()


def open_cache(index_root: str | Path) -> VectorCache | None:
    """The cache of an index folder, or None when semantic re-ranking is off."""
    return VectorCache(index_root) if semantic.enabled() else None
