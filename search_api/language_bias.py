"""Search by meaning without the pull of the query's language.

The small multilingual model (analyzers/semantic.py) puts a text's language into its vector as well as its
subject: every Kazakh page is closer to a Kazakh query than most Russian or English pages are, whatever they
are about, so a Kazakh query the thesaurus cannot translate finds Kazakh pages on other subjects first. The
language's share of a vector is estimated as the mean vector of the index's pages in that language less the
mean of all its pages; each text the default search embeds (the query, and the query said in the other
languages: search_api/graded.py, ``meaning_texts``) has the share of the languages it is written in taken off
(in proportion to its words: a rendering keeps the query's untranslated words) before the texts are averaged.
A query said in all three languages loses about as much of each, so only a query read in its own language
alone moves much.

pages-dev tune half (bench/readers.py), nDCG@10 of the default search: 0.887 either way (recall@20 0.895 →
0.923; Kazakh 0.890 → 0.911, Russian 0.884 → 0.851); the same queries with the thesaurus entries that cover
them removed, as queries on subjects the thesaurus lacks: 0.588 → 0.742 (Kazakh 0.369 → 0.687, Russian
0.591 → 0.672, English 0.805 → 0.869). The full share is taken off, no weight tuned (before shares followed
the words, each text losing its one language's: 0.5 / 1 / 1.5 / 2 of it scored 0.658 / 0.712 / 0.705 / 0.646
on the queries without their entries).
``PEACESEARCH_LANGUAGE_CENTRING=0`` switches it off.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Mapping, Set

import numpy as np

from search_api.meaning import MeaningIndex

LANGS = ("en", "ru", "kk")
# The mean of a few pages is their subjects more than their language: a language with fewer pages with a vector
# keeps its pull (a one-page English collection's "English" would be that page's subject).
MIN_PAGES = 50
CHUNK = 8192  # pages whose vectors are read at once when the means are computed (bounded memory)
_lock = threading.Lock()
# a MeaningIndex → (its version, the languages' offsets); a new version (new vectors) recomputes them, and an
# index closed takes its entry with it
_offsets: weakref.WeakKeyDictionary[MeaningIndex, tuple[object, dict[str, np.ndarray]]] = weakref.WeakKeyDictionary()


def enabled() -> bool:
    return os.environ.get("PEACESEARCH_LANGUAGE_CENTRING", "1") != "0"


def offsets(meaning: MeaningIndex, pages_by_lang: Mapping[str, Set[int]]) -> dict[str, np.ndarray]:
    """Language → the mean vector of its pages less the mean of all pages with a vector (computed once per
    version of the vectors). Languages with fewer than ``MIN_PAGES`` pages with a vector are left out."""
    version = meaning.version
    cached = _offsets.get(meaning)
    if cached is not None and cached[0] == version:
        return cached[1]
    usable = np.flatnonzero(meaning.usable)
    if not len(usable):
        return {}
    sums = {lang: _sum(meaning, usable[np.isin(usable, np.fromiter(pages_by_lang.get(lang, ()), dtype=np.int64))])
            for lang in LANGS}
    overall = _sum(meaning, usable)[0] / len(usable)
    found = {lang: total / count - overall for lang, (total, count) in sums.items() if count >= MIN_PAGES}
    with _lock:
        _offsets[meaning] = (version, found)
    return found


def _sum(meaning: MeaningIndex, docnums: np.ndarray) -> tuple[np.ndarray, int]:
    total = np.zeros(meaning.vectors(docnums[:0]).shape[1], dtype=np.float64)
    for start in range(0, len(docnums), CHUNK):
        total += meaning.vectors(docnums[start:start + CHUNK]).sum(axis=0, dtype=np.float64)
    return total, len(docnums)


def centred(embed: Callable[[str], np.ndarray], languages: Mapping[str, Mapping[str, float]],
            shares: Mapping[str, np.ndarray]) -> Callable[[str], np.ndarray]:
    """``embed`` with each text's language shares taken off (``languages``: text → the languages it is said
    in, by their part of its words: a Kazakh query half said in English loses half of each language's share; a
    text not listed, or in languages without a share, is embedded as it is), at unit length."""
    if not enabled() or not shares:
        return embed

    def embed_centred(text: str) -> np.ndarray:
        vector = embed(text)
        parts = [(weight, shares[lang]) for lang, weight in languages.get(text, {}).items() if lang in shares]
        if not parts:
            return vector
        moved = vector - sum(weight * share for weight, share in parts)
        return (moved / (np.linalg.norm(moved) or 1.0)).astype(np.float32)

    return embed_centred


def query_embedder(meaning: MeaningIndex, pages_by_lang: Mapping[str, Set[int]], text: str,
                   embed: Callable[[str], np.ndarray]) -> Callable[[str], np.ndarray]:
    """What the default search embeds its query's ``meaning_texts`` with (search_api/graded.py:
    ``meaning_vector``): ``embed``, each text's language share taken off (``pages_by_lang``: the index's
    language column, language → its pages)."""
    if not enabled():
        return embed
    from search_api.graded import meaning_languages  # graded's readings of the query (it does not import us)

    return centred(embed, meaning_languages(text), offsets(meaning, pages_by_lang))
