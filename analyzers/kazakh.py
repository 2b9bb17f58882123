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


# Index terms keep at most this many letters of the stem. Derivation the stemmer leaves alone
# (неандерталь / неандертальдық, байланыс / байланысты) then meet. Measured on kazqad-kk-long,
# MRR@10 0.740 uncapped → 0.754 capped at 6; caps of 5 and 7 did worse than 6 (bench/RESULTS.md).
STEM_MAX_LENGTH = 6


class KazakhStemFilter(Filter):
    """Replaces each Cyrillic token by its stem capped at ``STEM_MAX_LENGTH`` letters, і folded into и.

    The fold comes after stemming (the stemmer needs і for vowel harmony) and lets readers who type
    Latin without the 2021 letters (``beibitshilik`` for ``beibıtşılık``) meet Cyrillic бейбітшілік.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = kazakh_stem(t.text)[:STEM_MAX_LENGTH]
            yield t


# A second reading of each Kazakh word, indexed in a field of its own: the first letters of the word as
# written (і folded into и). It errs where the rule stemmer does not (Абай → аба but абаи; басым → бас
# but басым), and gives a word that keeps its exact form a second match. MRR@10 kazqad-kk-long 0.753 →
# 0.766, kazqad-kk 0.727 → 0.743 (prototype: 4 letters 0.762, 6: 0.759 on kk-long); in the text field
# itself it doubled field lengths and cost kazqad-kk 0.04, so it has its own field (bench/RESULTS.md).
WORD_START_LENGTH = 5


class KazakhWordStartFilter(Filter):
    """Replaces each Cyrillic token by its first ``WORD_START_LENGTH`` letters, і folded into и."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = t.text.replace("і", "и")[:WORD_START_LENGTH]
            yield t


def kazakh_stem(word: str) -> str:
    """The index term of a normalised Kazakh word. A word typed in Latin without the 2021 letters
    has и where Kazakh has і (``beibitshilikti``); when nothing could be stripped, the stemmer is
    tried again with і so its vowel-harmony rules apply."""
    result = stem(word)
    if result == word and "и" in word:
        retry = stem(word.replace("и", "і"))
        if len(retry) < len(word):
            result = retry
    return result.replace("і", "и")
