"""Kazakh Latin ↔ Cyrillic: the 2021 Latin alphabet, the 2018 acute-accent one and the 2017 apostrophe one.

Search folds both Latin alphabets into Cyrillic, so that a reader typing either script finds text
written in the other. Conversion works on whole words; a word with no Latin letter is returned as is.
"""

from __future__ import annotations

import re

# 2017 apostrophe alphabet (after NormalizeFilter every apostrophe is ``'``). Its plain letters
# differ from 2021 (i = і, u = ұ, y = ы; y' = у, u' = ү), so a word with an apostrophe uses this table.
_APOSTROPHE_2017 = {
    "a'": "ә", "g'": "ғ", "i'": "и", "n'": "ң", "o'": "ө", "u'": "ү", "y'": "у", "s'": "ш", "c'": "ч",
}
_PLAIN_2017 = {"i": "і", "u": "ұ", "y": "ы", "c": "ц"}
# 2018 acute-accent alphabet: a word with one of its accented letters is read by it. Its plain i, ı, u are
# swapped against 2021 (i = і, ı = и/й, u = ұ; 2021: ı = і, i = и, u = у).
_ACUTE_2018 = {"á": "ә", "ó": "ө", "ú": "ү", "ǵ": "ғ", "ń": "ң", "ý": "у"}
_PLAIN_2018 = {"i": "і", "ı": "и", "u": "ұ", "y": "ы", "c": "ц"}
# Digraphs used when writing Russian loan letters in Latin, and informal spellings readers type.
_DIGRAPHS = {
    "shch": "щ", "tsh": "тш", "sh": "ш", "ch": "ч", "zh": "ж", "ts": "ц", "ia": "я", "iu": "ю", "gh": "ғ", "kh": "х",
}
# 2021 alphabet, one letter each.
_LETTERS = {
    "a": "а", "ä": "ә", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "ğ": "ғ", "h": "х",
    "ı": "і", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ñ": "ң", "o": "о",
    "ö": "ө", "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ū": "ұ",
    "ü": "ү", "v": "в", "y": "ы", "z": "з", "ç": "ч", "c": "ц", "w": "у", "x": "х",
    "é": "е", "ý": "у", "ı̇": "и",
}


def _alternation(*tables: dict[str, str]) -> re.Pattern[str]:
    keys = sorted((key for table in tables for key in table), key=len, reverse=True)
    return re.compile("|".join(re.escape(key) for key in keys))


_TOKEN_RE = _alternation(_DIGRAPHS, _LETTERS)
_TOKEN_2017_RE = _alternation(_APOSTROPHE_2017, _LETTERS)
_TOKEN_2018_RE = _alternation(_DIGRAPHS, _ACUTE_2018, _LETTERS)
_LATIN_RE = re.compile(r"[a-zäğıñöşūüçéýáóúǵń]")
_ACUTE_2018_RE = re.compile("[" + "".join(_ACUTE_2018) + "]")

_CYRILLIC_TO_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}


def has_latin(word: str) -> bool:
    """True when the word contains a Latin letter (so it may need converting)."""
    return _LATIN_RE.search(word.lower()) is not None


def latin_to_cyrillic(word: str) -> str:
    """Converts a Kazakh word from a Latin alphabet (2021; 2018 with acute accents; 2017 with apostrophes) to
    Cyrillic."""
    if not has_latin(word):
        return word
    word = word.lower()
    if "'" in word:
        return _TOKEN_2017_RE.sub(lambda m: _to_cyrillic_2017(m.group(0)), word).replace("'", "")
    if _ACUTE_2018_RE.search(word):
        return _TOKEN_2018_RE.sub(lambda m: _to_cyrillic_2018(m.group(0)), word)
    return _TOKEN_RE.sub(lambda m: _to_cyrillic(m.group(0)), word)


def _to_cyrillic(chunk: str) -> str:
    return _DIGRAPHS.get(chunk) or _LETTERS.get(chunk, chunk)


def _to_cyrillic_2017(chunk: str) -> str:
    return _APOSTROPHE_2017.get(chunk) or _PLAIN_2017.get(chunk) or _LETTERS.get(chunk, chunk)


def _to_cyrillic_2018(chunk: str) -> str:
    return _DIGRAPHS.get(chunk) or _ACUTE_2018.get(chunk) or _PLAIN_2018.get(chunk) or _LETTERS.get(chunk, chunk)


def cyrillic_to_latin(text: str) -> str:
    """Converts Kazakh Cyrillic text to the 2021 Latin alphabet (lower case), for tests and benches."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text.lower())
