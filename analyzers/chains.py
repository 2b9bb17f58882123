"""The per-language analyzer chains (tokenizer | filters), as Whoosh builds and pickles them.

Each language field of the index is analysed by its language's chain; a query is analysed by
every chain so that each field is searched with its own terms.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from whoosh.analysis import Analyzer, LowercaseFilter, StopFilter

from analyzers.english import EnglishStemFilter
from analyzers.kazakh import KazakhScriptFilter, KazakhStemFilter, kazakh_normalize
from analyzers.kazakh_fold import KazakhFoldStartFilter, typed_forms
from analyzers.russian import RussianLemmaFilter, RussianStemFilter
from analyzers.tokenize import HyphenPartsFilter, NormalizeFilter, load_word_list, word_tokenizer

LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")
# Languages whose words are also indexed by their first letters, in a field of their own (see
# analyzers/kazakh.py, WORD_START_LENGTH).
WORD_START_LANGUAGES: tuple[str, ...] = ("kk",)
DATA_DIR = Path(__file__).parent / "data"


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The editable stop-word list of one language (Kazakh entries folded as the chain folds text, and also as
    typed sloppily: on a Russian keyboard or in Latin without diacritics, ушин and ushin for үшін; in the 2018
    alphabet, boıynsha for бойынша: analyzers/kazakh_fold.py)."""
    words = load_word_list(str(DATA_DIR / f"stopwords_{lang}.txt"))
    if lang == "kk":
        proper = {kazakh_normalize(word) for word in words}
        return frozenset(proper | {form for word in proper for form in typed_forms(word)})
    return words


def english_analyzer() -> Analyzer:
    return (
        word_tokenizer()
        | NormalizeFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=stop_words("en"), minsize=1)
        | HyphenPartsFilter()
        | EnglishStemFilter()
    )


def russian_analyzer() -> Analyzer:
    return (
        word_tokenizer()
        | NormalizeFilter()
        | HyphenPartsFilter()
        | RussianLemmaFilter()
        | StopFilter(stoplist=stop_words("ru"), minsize=1)
        | RussianStemFilter()
    )


def _kazakh_words() -> Analyzer:
    return (
        word_tokenizer()
        | NormalizeFilter()
        | LowercaseFilter()
        | HyphenPartsFilter()
        | KazakhScriptFilter()
        | StopFilter(stoplist=stop_words("kk"), minsize=1)
    )


def kazakh_analyzer() -> Analyzer:
    return _kazakh_words() | KazakhStemFilter()


def kazakh_word_start_analyzer() -> Analyzer:
    """Word starts folded to a skeleton (analyzers/kazakh_fold.py): ``кукык``, ``qukyq`` and ``құқық`` meet."""
    return _kazakh_words() | KazakhFoldStartFilter()


_BUILDERS = {"en": english_analyzer, "ru": russian_analyzer, "kk": kazakh_analyzer}


@cache
def analyzer_for(lang: str) -> Analyzer:
    """The analyzer of a language (``other`` text is analysed as English: Latin words stemmed)."""
    return _BUILDERS.get(lang, english_analyzer)()


def analyze_terms(text: str, lang: str) -> list[str]:
    """The index terms that a language's chain makes of a text, in order."""
    return [t.text for t in analyzer_for(lang)(text)]


@cache
def word_start_analyzer_for(lang: str) -> Analyzer:
    """The analyzer of a language's word-start field (a language of ``WORD_START_LANGUAGES``)."""
    return {"kk": kazakh_word_start_analyzer}[lang]()


def analyze_word_starts(text: str, lang: str) -> list[str]:
    """The word-start terms of a text, in order (none for a language without a word-start field)."""
    if lang not in WORD_START_LANGUAGES:
        return []
    return [t.text for t in word_start_analyzer_for(lang)(text)]
