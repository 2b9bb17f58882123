"""Kazakh: Latin-alphabet words folded to Cyrillic, then stemmed by rule (see kazakh_stem)."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from analyzers.kazakh_script import latin_to_cyrillic
from analyzers.kazakh_stem import stem


def kazakh_normalize(word: str) -> str:
    """Lower-case Cyrillic form of a Kazakh word written in either script.

    й is folded into и, э into е (and һ into х, ё into е): the 2021 Latin alphabet writes them alike.
    """
    word = latin_to_cyrillic(word.lower())
    return word.replace("ё", "е").replace("һ", "х").replace("й", "и").replace("э", "е")


class KazakhScriptFilter(Filter):
    """Folds 2021 and 2017 Latin-alphabet Kazakh words into Cyrillic."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = kazakh_normalize(t.text)
            yield t


class KazakhStemFilter(Filter):
    """Replaces each Cyrillic token by its stem."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = stem(t.text)
            yield t
