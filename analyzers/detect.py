"""Language detection: ``en``, ``ru``, ``kk`` or ``other``, deterministic.

py3langid's full model (97 languages, Kazakh included) decides among Cyrillic languages, helped by
letters only one neighbour uses; Kazakh in the Latin alphabets, which no detector knows, is found by
converting the text to Cyrillic and asking the model again. langdetect (no Kazakh profile) stays
selectable for comparison.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.kazakh_script import latin_to_cyrillic

OUR_LANGS = ("en", "ru", "kk")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Letters that Kazakh has and a Cyrillic neighbour does not, and letters that rule Kazakh out.
_KK_ONLY = frozenset("әғқұһі")
_NOT_KK = frozenset("ўҳїєґҗҡҙҫӯӣҷ")
_KK_LATIN_MARKS = frozenset("äğıñöūüşçq")
_NOT_KK_LATIN = frozenset("əõåøœßéèêàâùûîôxw")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _rank(text: str) -> dict[str, float]:
    return dict(_identifier().rank(text)[:8])


def detect_language(text: str) -> str:
    """The language of a text: ``en``, ``ru``, ``kk`` or ``other`` (empty text is ``other``)."""
    cyrillic = len(_CYRILLIC_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        return _detect_cyrillic(text)
    return _detect_latin(text)


def _detect_cyrillic(text: str) -> str:
    letters = set(text.lower())
    if letters & _NOT_KK:
        kk_letters = False
    else:
        kk_letters = bool(letters & _KK_ONLY)
    ranks = _rank(text)
    best = max(ranks, key=ranks.get)
    if best in ("ru", "kk"):
        if best == "ru" and kk_letters and ranks.get("kk", 0) > 0.01:
            return "kk"
        return best
    if kk_letters and best not in ("uk", "tt", "uz", "ba"):
        return "kk"
    if best in ("ky", "mn", "be", "uk", "bg", "mk", "sr", "tt", "tg", "uz", "ba", "cv", "os"):
        # A neighbour leads; keep ru/kk only when they are close behind and no marker says otherwise.
        ours = max(("ru", "kk"), key=lambda lang: ranks.get(lang, 0))
        if ranks.get(ours, 0) >= 0.5 * ranks[best] and not (letters & _NOT_KK and ours == "kk"):
            return ours
        return "other"
    return "other"


def _detect_latin(text: str) -> str:
    letters = set(text.lower())
    ranks = _rank(text)
    best = max(ranks, key=ranks.get)
    if best == "en" and ranks[best] > 0.5:
        return "en"
    if not letters & _NOT_KK_LATIN:
        converted = " ".join(latin_to_cyrillic(w) for w in _WORD_RE.findall(text.lower()))
        kk_ranks = _rank(converted)
        kk_best = max(kk_ranks, key=kk_ranks.get)
        marks = letters & _KK_LATIN_MARKS
        if kk_best == "kk" and (marks or kk_ranks["kk"] > 0.9):
            return "kk"
    if best == "en":
        return "en"
    if ranks.get("en", 0) > 0.2 and letters <= set("abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'\"()-–—/&%\n\t"):
        return "en"
    return "other"


def detect_with_langdetect(text: str) -> str:
    """langdetect's answer, seeded; it has no Kazakh, so Kazakh texts come out as ``other`` or ru."""
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        lang = detect(text)
    except LangDetectException:
        return "other"
    return lang if lang in OUR_LANGS else "other"
