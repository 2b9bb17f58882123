"""The learned part of theme assignment: a linear model over a page's lemmas, its document vector and the
taxonomy's keyword evidence, loaded from the shipped file ``data/theme_model.json`` (trained by
``python -m bench.train_themes`` on the labelled real pages of ``../shared/data/pages-dev``; the file names
the data and the split).

For each theme the model gives a probability:

    logit = bias[theme] + Σ weight[term][theme] · x[term] + Σ vector_weight[k][theme] · v[k]
            + Σ rule_weight[f] · rule[f][theme]

* ``x``: the page's analysed terms (``analyze_terms``: lemmas or stems of its language), each weighing
  1 + log(count), the vector scaled to unit length, so a long page and a short one on the same subject
  read alike;
* ``v``: the page's multilingual-e5 embedding (``analyzers.semantic``), which reads a page about labour
  migration as one whether it says "migrant" or "sends money home", in any of the languages. A build
  never embeds: it reads the whole-text vector from the vector cache when the embedding job has put it
  there (``basis``), else uses the file's ``words_only`` variant, trained without it; the job then
  re-indexes the pages themed on words alone once their vectors exist (indexer/embed.py), so an index's
  themes end as those of a build with every vector cached;
* ``rule``: the keyword evidence of the editable taxonomy for that theme (``themes.keyword_evidence``): its
  logarithm, its share of the strongest theme's evidence, whether it leads a headed block, and its narrower
  theme's evidence. Their weights are shared by every theme, so an editor's new keyword adds evidence with
  the same force for every theme, and a theme the model was not trained on (an editor's new one) is scored
  by them alone with ``default_bias``.

The file holds weights over terms and vector dimensions only (no text of the pages). Inference is plain
Python (numpy for the vector).
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from analyzers import analyze_terms, semantic

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "theme_model.json"
RULE_FEATURES = ("evidence", "share", "block", "narrower")
VARIANTS = ("with_vector", "words_only")
# The index folder whose vector cache themes read (set by ``vectors_from``; an environment variable, so that
# a build's worker processes, started inside the block, read the same cache).
VECTOR_SOURCE_ENV = "PEACESEARCH_THEME_VECTOR_SOURCE"


@dataclass(frozen=True)
class ThemeModel:
    themes: tuple[str, ...]
    bias: dict[str, float]
    default_bias: float  # for a theme of the taxonomy the model was not trained on
    rule_weights: dict[str, float]  # RULE_FEATURES → weight, shared by every theme
    terms: dict[str, dict[str, float]]  # term → {theme: weight}
    vector: np.ndarray | None  # dimensions × themes, or None for the words-only variant
    threshold: dict[str, float]  # theme → probability it needs
    default_threshold: float
    fallback: float  # a page given no theme still gets the one closest to its threshold from this share of it


def load_model(path: Path = MODEL_FILE, variant: str = "with_vector") -> ThemeModel:
    """One variant of the model stored at ``path`` (raises ``OSError`` or ``ValueError`` with the reason)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        themes = tuple(data["themes"])
        part = data["variants"][variant]
        vector = np.asarray(part["vector"], dtype=np.float64) if part.get("vector") else None
        if vector is not None and vector.shape != (semantic.DIMENSIONS, len(themes)):
            raise ValueError(f"vector weights of shape {vector.shape}")
        return ThemeModel(
            themes=themes,
            bias={k: float(v) for k, v in part["bias"].items()},
            default_bias=float(part["default_bias"]),
            rule_weights={name: float(part["rule_weights"][name]) for name in RULE_FEATURES},
            terms={term: dict(zip(themes, weights, strict=True)) for term, weights in part["terms"].items()},
            vector=vector,
            threshold={k: float(v) for k, v in part["threshold"].items()},
            default_threshold=float(part["default_threshold"]),
            fallback=float(part["fallback"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a theme model ({exc})") from exc


@lru_cache(maxsize=2)
def _load(variant: str) -> ThemeModel:
    return load_model(MODEL_FILE, variant)


def variant() -> str:
    """The variant ``model()`` gives: words only, unless ``PEACESEARCH_THEME_VECTORS=1`` (with meaning on)
    asks every page's vector to be embedded (training, ablations). Indexing chooses per page (``basis``).
    pages-dev test part (85 pages), theme F1 0.685 words only; 0.762 with the cached whole-text vector (what an
    index holds after the embedding job)."""
    wanted = os.environ.get("PEACESEARCH_THEME_VECTORS", "0") == "1"
    return "with_vector" if wanted and semantic.enabled() else "words_only"


def model() -> ThemeModel:
    return _load(variant())


@dataclass(frozen=True)
class Basis:
    """What a page's themes are computed from: the model variant, the vector it reads, and the name stored
    with the document (``themes_basis``): "vector" or "words"."""

    model: ThemeModel
    vector: np.ndarray | None
    name: str


def basis(title: str, body: str, whole: tuple[str, str] | None = None) -> Basis:
    """The model for a page read as ``title``/``body``: with its vector when the vector cache already holds
    the whole-text vector of ``whole`` (the stored title and body, what the embedding job embeds; a lookup,
    never a computation), else words only. ``PEACESEARCH_THEME_VECTORS=1`` embeds the read text instead
    (training and ablations)."""
    if variant() == "with_vector":
        return Basis(_load("with_vector"), document_vector(title, body), "vector")
    found = stored_vector(*(whole or (title, body)))
    if found is not None:
        return Basis(_load("with_vector"), found, "vector")
    return Basis(_load("words_only"), None, "words")


def meaning_on() -> bool:
    """Meaning is not switched off (read from the environment alone: loading the model to learn it would cost
    every build process a second; without the model no vector is cached anyway)."""
    return os.environ.get("PEACESEARCH_SEMANTIC", "1") != "0"


@contextmanager
def vectors_from(index_root: str | Path | None) -> Iterator[None]:
    """Within the block, themes read whole-text vectors from the vector cache of ``index_root`` (None: none)."""
    previous = os.environ.get(VECTOR_SOURCE_ENV)
    if index_root is None:
        os.environ.pop(VECTOR_SOURCE_ENV, None)
    else:
        os.environ[VECTOR_SOURCE_ENV] = str(index_root)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(VECTOR_SOURCE_ENV, None)
        else:
            os.environ[VECTOR_SOURCE_ENV] = previous


_caches = threading.local()  # index root → VectorCache, per thread (an SQLite connection stays in its thread)


def stored_vector(title: str, body: str) -> np.ndarray | None:
    """The whole-text vector of a document as the vector cache of ``vectors_from`` holds it (unit length), or
    None: not cached yet, no cache given, or meaning off."""
    root = os.environ.get(VECTOR_SOURCE_ENV)
    if not root or not meaning_on():
        return None
    from indexer.vectors import VectorCache, document_text

    opened = getattr(_caches, "by_root", None)
    if opened is None:
        opened = _caches.by_root = {}
    cache = opened.get(root)
    if cache is None:
        cache = opened[root] = VectorCache(root)
    text = document_text(title, body)
    found = cache.lookup([text]).get(text)
    return None if found is None else np.frombuffer(found, dtype=semantic.VECTOR_DTYPE).astype(np.float64)


def term_vector(title: str, body: str, lang: str) -> dict[str, float]:
    """The page's terms weighted 1 + log(count) (a title's terms count twice), scaled to unit length."""
    counts = Counter(analyze_terms(body, lang))
    for term in analyze_terms(title, lang):
        counts[term] += 2
    weights = {term: 1.0 + math.log(count) for term, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


@lru_cache(maxsize=256)
def document_vector(title: str, body: str) -> np.ndarray | None:
    """The page's embedding (unit length), or None with meaning off."""
    if not semantic.enabled():
        return None
    from indexer.vectors import cached_vector  # the build's vector cache, when one is running

    vector = np.frombuffer(cached_vector(f"{title}\n{body}"), dtype=semantic.VECTOR_DTYPE)
    return vector.astype(np.float64)


def rule_features(scores: dict[str, float], blocks: set[str], narrower: dict[str, float]
                  ) -> dict[str, dict[str, float]]:
    """Per theme, the keyword evidence as the model reads it: log(1 + score), the share of the strongest
    theme's score (0 to 1, independent of page length), 1 when the theme leads a headed block, and
    log(1 + score) of its best narrower theme (domestic violence for women's rights)."""
    top = max(scores.values(), default=0.0)
    themes = set(scores) | blocks | set(narrower)
    return {theme: {"evidence": math.log1p(scores.get(theme, 0.0)),
                    "share": scores.get(theme, 0.0) / top if top > 0 else 0.0,
                    "block": 1.0 if theme in blocks else 0.0,
                    "narrower": math.log1p(narrower.get(theme, 0.0))}
            for theme in themes}


def probabilities(terms: dict[str, float], rules: dict[str, dict[str, float]], themes: list[str],
                  vector: np.ndarray | None = None, current: ThemeModel | None = None) -> dict[str, float]:
    """Probability of each theme of ``themes`` from the parts given (an empty part adds nothing)."""
    m = current or model()
    logits = {theme: m.bias.get(theme, m.default_bias) for theme in themes}
    for term, x in terms.items():
        for theme, w in m.terms.get(term, {}).items():
            if theme in logits:
                logits[theme] += w * x
    if vector is not None and m.vector is not None:
        for theme, value in zip(m.themes, vector @ m.vector, strict=True):
            if theme in logits:
                logits[theme] += float(value)
    for theme, features in rules.items():
        if theme in logits:
            logits[theme] += sum(m.rule_weights[name] * value for name, value in features.items())
    return {theme: _sigmoid(logit) for theme, logit in logits.items()}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
