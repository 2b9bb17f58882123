"""Matches phrases in text at the level of analysed terms, so every inflected form counts.

``Казахстане``, ``Қазақстанда`` and ``Kazakhstan's`` all meet their gazetteer entry because the
entry and the text pass through the same language chain.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from analyzers import LANGUAGES, analyze_terms


class PhraseMatcher:
    """Weighted phrases → keys; scores a text by the phrases it contains."""

    def __init__(self, entries: Iterable[tuple[str, str, float]]) -> None:
        """``entries``: (phrase, key, weight). Each phrase is registered under every language."""
        self._index: dict[str, dict[str, list[tuple[tuple[str, ...], str, float]]]] = {
            lang: defaultdict(list) for lang in LANGUAGES
        }
        for phrase, key, weight in entries:
            for lang in LANGUAGES:
                terms = tuple(analyze_terms(phrase, lang))
                if terms and (terms, key, weight) not in self._index[lang][terms[0]]:
                    self._index[lang][terms[0]].append((terms, key, weight))

    def score(self, text: str, lang: str, factor: float = 1.0) -> Counter[str]:
        """Sum of weights of matched phrases per key."""
        scores: Counter[str] = Counter()
        for (key, _phrase, weight), count in self.matches(text, lang).items():
            scores[key] += weight * count * factor
        return scores

    def matches(self, text: str, lang: str) -> Counter[tuple[str, tuple[str, ...], float]]:
        """How often each (key, phrase, weight) occurs; the longest phrase wins at each position."""
        index = self._index.get(lang) or self._index["en"]
        terms = analyze_terms(text, lang if lang in self._index else "en")
        if lang in _ADJECTIVE_RE:
            terms = [_place_base(term, lang, index) for term in terms]
        found: Counter[tuple[str, tuple[str, ...], float]] = Counter()
        position = 0
        while position < len(terms):
            best = None
            for candidate in index.get(terms[position], ()):
                phrase = candidate[0]
                if tuple(terms[position : position + len(phrase)]) == phrase:
                    if best is None or len(phrase) > len(best[0]):
                        best = candidate
            if best:
                found[(best[1], best[0], best[2])] += 1
                position += len(best[0])
            else:
                position += 1
        return found


# Place adjectives name their place: Баткенской области → Баткен, Түркістандық → Түркістан.
_ADJECTIVE_RE = {"ru": re.compile(r"(?<=.{3})(ский|цкий)$"), "kk": re.compile(r"(?<=.{3})(лық|лік|дық|дік|тық|тік)$")}


def _place_base(term: str, lang: str, index: dict) -> str:
    if term in index:
        return term
    base = _ADJECTIVE_RE[lang].sub("", term)
    if base == term:
        return term
    for candidate in (base, base + "а", base + "ь"):
        if candidate in index:
            return candidate
    return term
