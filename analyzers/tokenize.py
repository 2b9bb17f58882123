"""The tokenizer shared by every language chain, and filters that any chain may use.

Words keep inner hyphens and apostrophes (``социально-экономический``, ``Kazakhstan's``,
2017-alphabet Kazakh ``qazaqs'tan``) so each language's filters can decide what to do with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import Filter, RegexTokenizer, Token

WORD_PATTERN = r"[^\W_]+(?:[-'’ʼ`][^\W_]+)*['’ʼ]?"
WORD_RE = re.compile(WORD_PATTERN)
APOSTROPHES = "'’ʼ`"
# A sentence ends at . ! ? … before a capital, a digit, a quote or a bracket.
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


def word_tokenizer() -> RegexTokenizer:
    """Whoosh tokenizer for words, numbers and hyphenated compounds."""
    return RegexTokenizer(WORD_PATTERN)


def normalize_text(text: str) -> str:
    """NFC-normalise so that composed and decomposed letters (й, ё, ä) compare equal."""
    return unicodedata.normalize("NFC", text)


_APOSTROPHE_TABLE = str.maketrans({mark: "'" for mark in APOSTROPHES[1:]})


def unify_apostrophes(text: str) -> str:
    """Typographic apostrophes as ``'``: Kazakhstan’s is Kazakhstan's to every stemmer."""
    return text.translate(_APOSTROPHE_TABLE)


class NormalizeFilter(Filter):
    """NFC-normalises each token and unifies apostrophe variants to ``'``."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = unify_apostrophes(normalize_text(t.text))
            yield t


class HyphenPartsFilter(Filter):
    """Emits a hyphenated word whole and then each of its parts at the same position.

    ``Кыргызстан-Таджикистан`` then matches queries for the compound and for either country.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            # Later filters rewrite t.text in place (a stemmer may cut ``1867-1868`` to ``1867-1``): the
            # parts are taken from the word as it came in.
            whole = t.text
            yield t
            if "-" in whole and not t.stopped:
                for part in whole.split("-"):
                    if part:
                        t.text = part
                        yield t
                t.text = whole


def load_word_list(path: str) -> frozenset[str]:
    """Reads a one-word-per-line file (``#`` starts a comment) as a set of lower-case words."""
    words: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word = normalize_text(line.split("#", 1)[0].strip().lower())
            if word:
                words.add(word)
    return frozenset(words)
