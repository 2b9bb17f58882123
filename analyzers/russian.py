"""Russian: pymorphy3 lemmas, cached; ё folded to е; names kept recognisable.

pymorphy3 lemmatises by dictionary and guesses unknown words, which mangles surnames
(Токаев → токай). Capitalised words that the dictionary does not know as ordinary words are
kept (surname endings -ов/-ева/-ину… folded to one form) instead of being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import Stemmer
from whoosh.analysis import Filter, Token

_MORPH = None
_STEMMER = Stemmer.Stemmer("russian")
_STEMMER.maxCacheSize = 100_000
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_SURNAME_RE = re.compile(r"^(.{2,}?(?:ов|ев|ёв|ин|ын))(?:а|у|ым|ой|ом|е|ы|ых|ыми)?$")


def morph():
    """The one pymorphy3 analyser of the process, created on first use (0.2 s, 39 MB; never pickled)."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


def russian_lemma(word: str) -> str:
    """Lemma of one Russian word as written (case matters: it marks names)."""
    return _analyse(word)[0]


@lru_cache(maxsize=300_000)
def _analyse(word: str) -> tuple[str, bool]:
    """(lemma, whole): names and indeclinable words (медиа, радио, интервью) are kept whole, not
    stemmed further: Snowball would cut медиа to мед ('honey') and радио to рад ('glad')."""
    lower = word.lower()
    if word[:1].isupper() and not word.isupper():
        parses = morph().parse(lower)
        # A guessed patronymic is no reading of a foreign name: pymorphy3 reads Брукхейвен as one
        # (брукхейвич), while Брукхейвена gets a name reading, брукхейвен.
        named = [p for p in parses if _NAME_TAGS & p.tag.grammemes and (p.is_known or "Patr" not in p.tag)]
        surname = _SURNAME_RE.match(lower)
        if surname and not any("Geox" in p.tag.grammemes for p in named):
            return _fold(surname.group(1)), True  # Токаев, Токаева, Токаеву → токаев
        if named:
            return _fold(named[0].normal_form), False
        if not morph().word_is_known(lower):
            return _fold(lower), False
        return _lemma(parses[0])
    # A word written in lower case is not a name: "ламе" is лама, not the indeclinable surname Ламе.
    parses = morph().parse(lower)
    return _lemma(next((p for p in parses if not _NAME_TAGS & p.tag.grammemes), parses[0]))


def _lemma(parse) -> tuple[str, bool]:
    return _fold(parse.normal_form), "Fixd" in parse.tag


def _fold(word: str) -> str:
    return word.replace("ё", "е")


# Snowball cuts some short lemmas to two letters or one that meet unrelated words (имам, имя → им; эра → эр;
# ось → о); a lemma is already one form of its word, so such a lemma is kept whole.
MIN_STEM = 3


def russian_stem(lemma: str) -> str:
    """The Snowball stem of a lemma, or the lemma itself when the stem would be shorter than ``MIN_STEM``."""
    stemmed = _STEMMER.stemWord(lemma)
    return stemmed if len(stemmed) >= MIN_STEM else lemma


class RussianStemFilter(Filter):
    """Snowball-stems lemmas, so that what pymorphy3 leaves apart meets (aspect pairs выяснять/выяснить,
    a wrong first lemma); measured on xquad-ru: lemma alone 0.929 MRR@10, lemma + stem 0.939."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not getattr(t, "whole", False):
                t.text = russian_stem(t.text)
            yield t


class RussianLemmaFilter(Filter):
    """Replaces each token by its lemma. Runs before lower-casing, which it does itself."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if any("а" <= ch <= "я" or ch == "ё" for ch in text.lower()):
                t.text, t.whole = _analyse(text)
            else:
                t.text, t.whole = text.lower(), False
            yield t
