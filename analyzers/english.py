"""English: possessives dropped, Snowball (PyStemmer) stems."""

from __future__ import annotations

from collections.abc import Iterator

import Stemmer
from whoosh.analysis import Filter, Token

_STEMMER = Stemmer.Stemmer("english")
_STEMMER.maxCacheSize = 100_000


class EnglishStemFilter(Filter):
    """Strips ``'s`` and stems with Snowball English."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = english_stem(t.text)
            yield t


def english_stem(word: str) -> str:
    """Stem of one lower-case English word (``Kazakhstan's`` → ``kazakhstan``)."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    return _STEMMER.stemWord(word)
