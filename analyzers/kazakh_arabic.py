"""Kazakh in the Arabic script (töte jazu) re-spelt in Cyrillic, so that the gazetteer and the taxonomy, written
in Cyrillic, read it: ``قازاقستاندا`` → ``қазақстанда``, ``گەندەرلىك`` → ``гендерлік``.

Töte writes a word's vowels by harmony: a front word is marked by a hamza (ء or ٴ) or by a letter only front
words have (ە к г); in it ا و ۇ ى are ә ө ү і, in a back word а о ұ ы. Arabic script has no capitals: the
converted text is lower case (the extractors then read it without case).
"""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5\u0674-\u0678]+")
_ARABIC_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5]")
_FRONT_MARKS = frozenset("\u0621\u0674\u06d5\u0643\u06af")  # ء ٴ ە ك گ
_CONSONANTS = {
    "ب": "б", "پ": "п", "ت": "т", "ج": "ж", "چ": "ч", "ح": "х", "خ": "х", "د": "д", "ر": "р", "ز": "з",
    "س": "с", "ش": "ш", "ع": "ғ", "غ": "ғ", "ف": "ф", "ق": "қ", "ك": "к", "گ": "г", "ڭ": "ң", "ل": "л",
    "م": "м", "ن": "н", "ھ": "һ", "ە": "е", "ۋ": "у", "ي": "и", "ې": "е",
}
_VOWELS = {"ا": ("а", "ә"), "و": ("о", "ө"), "ۇ": ("ұ", "ү"), "ى": ("ы", "і"), "ٵ": ("ә", "ә"), "ٶ": ("ө", "ө"),
           "ٷ": ("ү", "ү"), "ٸ": ("і", "і")}
_PUNCTUATION = str.maketrans({"،": ",", "؛": ";", "؟": "?", "٪": "%"})


def is_arabic_script(text: str, share: float = 0.5) -> bool:
    """Whether Arabic letters make at least ``share`` of the text's letters."""
    letters = sum(ch.isalpha() for ch in text)
    return bool(letters) and len(_ARABIC_RE.findall(text)) >= share * letters


def to_cyrillic(text: str) -> str:
    """The text with every Arabic-script word re-spelt in Kazakh Cyrillic (other words kept)."""
    if not _ARABIC_RE.search(text):
        return text
    return _WORD_RE.sub(lambda m: _word(m.group(0)), text).translate(_PUNCTUATION)


_STAN = "ستان"  # -стан and the endings after it are back whatever the stem is (Өзбекстанда, Тәжікстанның)


def _word(word: str) -> str:
    head, stan, tail = word.partition(_STAN)
    if stan and head:
        return _harmonic(head, bool(set(head) & _FRONT_MARKS)) + _harmonic(stan + tail, False)
    return _harmonic(word, bool(set(word) & _FRONT_MARKS))


def _harmonic(word: str, front: bool) -> str:
    out = []
    for ch in word:
        if ch in ("\u0621", "\u0674"):
            continue
        if ch in _VOWELS:
            out.append(_VOWELS[ch][front])
        else:
            out.append(_CONSONANTS.get(ch, ""))
    return "".join(out)
