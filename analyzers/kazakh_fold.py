"""A lossy skeleton of a Kazakh word, the same however a reader typed it.

Readers type Kazakh without its own letters: on a Russian keyboard (``казакстан``, ``айелдер``, ``кукык``
for қазақстан, әйелдер, құқық), in Latin without diacritics (``aielder``, ``qukygy``, ``ayelder``) or in the
2018 acute-accent alphabet (``áıelder``). All of them, once read in Cyrillic (analyzers/kazakh_script.py),
differ from the proper spelling only in letters that this fold merges: ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/ү/у,
і/ы/и/й, һ/х, э/е, щ/ш, and ь/ъ dropped. The skeleton is what the word-start field indexes
(analyzers/kazakh.py), so a sloppy word meets the proper one there, at a lower weight than an exact stem.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from analyzers.kazakh import WORD_START_LENGTH
from analyzers.kazakh_script import has_latin

_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и", "ы": "и", "й": "и",
    "һ": "х", "э": "е", "ё": "е", "щ": "ш", "ь": "", "ъ": "", "я": "иа", "ю": "иу",
})
# Letters only Kazakh has: a Cyrillic word without any of them may be Kazakh typed on a Russian keyboard.
KAZAKH_LETTERS = frozenset("әғқңөұүһі")


_RUSSIAN_LOOKALIKES = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и",
                                     "һ": "х"})


_ACUTE_2018_LETTERS = frozenset("әөүғңу")  # written á ó ú ǵ ń ý in 2018: a word with one is read as 2018
_SWAP_2018 = str.maketrans({"і": "и", "и": "і", "й": "і"})


def russian_lettered(word: str) -> str:
    """A Cyrillic Kazakh word as typed on a Russian keyboard (үшін → ушин)."""
    return word.translate(_RUSSIAN_LOOKALIKES)


def typed_forms(word: str) -> set[str]:
    """The Cyrillic forms a normalised Kazakh word takes when typed sloppily, besides its own: on a Russian
    keyboard, and in the 2018 alphabet when nothing in the word shows it is 2018 (бойынша → boıynsha, read as
    2021: боіынша). Stop words are stopped in these forms too (analyzers/chains.py)."""
    forms = {russian_lettered(word)}
    if not _ACUTE_2018_LETTERS & set(word):
        forms.add(word.translate(_SWAP_2018))
    return forms - {word}


def fold_kazakh(word: str) -> str:
    """The skeleton of a lower-case Cyrillic Kazakh word (Latin words are converted before, by the chain)."""
    return word.translate(_FOLD)


class KazakhFoldStartFilter(Filter):
    """Replaces each normalised Cyrillic token by the first ``WORD_START_LENGTH`` letters of its skeleton."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_kazakh(t.text)[:WORD_START_LENGTH]
            yield t


def may_be_sloppy_kazakh(word: str) -> bool:
    """Whether a query word may be Kazakh typed without Kazakh letters: Latin, or Cyrillic with none of
    ``KAZAKH_LETTERS``. Such a word is searched in the folded word-start field even when the query is not
    detected as Kazakh (search_api/query.py), since short sloppy queries are detected as Russian or nothing."""
    lowered = word.lower()
    if has_latin(lowered):
        return True
    return any("а" <= ch <= "я" or ch == "ё" for ch in lowered) and not KAZAKH_LETTERS & set(lowered)


def fold_reading(word: str, lang: str, detected: str) -> bool:
    """Whether a query word gets the word-start alternative in ``lang``'s reading: in the detected language
    (as before), and in Kazakh for a word that may be sloppy Kazakh."""
    return lang == detected or (lang == "kk" and may_be_sloppy_kazakh(word))
