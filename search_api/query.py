"""Turns a reader's text into a Whoosh query across the per-language fields.

Short queries cannot be language-detected reliably, so every language's chain analyses the whole
query and searches its own field; the detected language (if any) is boosted. Operators are not
parsed: stray quotes, brackets and colons are just punctuation, so no input can make a query fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from whoosh import query as wq

from analyzers import LANGUAGES, analyze_terms, detect_language
from analyzers.chains import DATA_DIR, analyze_word_starts
from analyzers.kazakh_script import has_latin, latin_to_cyrillic
from analyzers.tokenize import WORD_RE, load_word_list
from indexer.extract.countries import countries_named
from indexer.extract.themes import themes_named
from indexer.schema import TEXT_LANGS, other_analyzer, text_field, word_start_field

DETECTED_BOOST = 1.5
# A word that names a country or theme (in any language) also finds documents tagged with it, with
# this constant score: below any direct match of the word.
CONCEPT_SCORE = 0.2
# Latin words read as Kazakh become Cyrillic look-alikes ("many" → "ман") that can match real
# Kazakh words: a query detected as English is not read as Kazakh, and an undecided one only weakly.
LATIN_AS_KAZAKH_BOOST = 0.3
# Question-frame words ("как называется", "где находится", "назовите") say how a question is asked,
# rarely what the answering passage contains: their terms count this much of a normal term
# (xquad-ru MRR@10 0.940 → 0.942; dropping them entirely: 0.940).
FRAME_WEIGHT = 0.3
# A word's start (Kazakh: analyzers/kazakh.py) is one more alternative for the word, counting this
# much of its stem (kazqad-kk-long MRR@10: 0.5 → 0.765, 0.7 → 0.767, 1.0 → 0.762). Word starts are a
# loose reading that matches any Cyrillic words alike, Russian ones in a paragraph taken for Kazakh
# too (xquad-ru lost 0.001 so): they are searched only when the query is detected as that language.
WORD_START_WEIGHT = 0.7


MATCH_ALL, MATCH_ANY, MATCH_GRADED = "all", "any", "graded"


@dataclass
class Reading:
    """One language's reading of the query: each content word (as typed) with its query in that language.
    Graded matching (search_api/graded.py) measures how much of a reading a page covers."""

    lang: str
    words: list[tuple[str, wq.Query]]


@dataclass
class AnalysedQuery:
    query: wq.Query | None  # None: no searchable word (empty, or only stop words)
    terms: dict[str, set[str]]  # language → its terms, for snippets
    starts: dict[str, set[str]] = field(default_factory=dict)  # language → its word-start terms, for snippets
    meaning_text: str = ""  # what the embedding model reads (search_api/engine.py: semantic re-ranking)
    readings: list[Reading] = field(default_factory=list)
    loose: wq.Query | None = None  # any word of any reading: ranks the pages that lack some words

    def content_words(self) -> list[str]:
        """The words some reading searches for, as typed, in query order (stop words of every reading left out)."""
        return list(dict.fromkeys(word for reading in self.readings for word, _ in reading.words))


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _terms(word: str, lang: str) -> list[str]:
    if lang in LANGUAGES:
        return analyze_terms(word, lang)
    return [t.text for t in other_analyzer()(word)]


def build_query(text: str, match: str = MATCH_ALL) -> AnalysedQuery:
    """The query for a reader's text: each language's reading of it, combined with OR. In a reading every
    word must match (``all``, and ``graded`` whose relaxing starts from it) or any word may (``any``)."""
    words = words_of(text)
    detected = detect_language(text) if words else "other"
    per_lang: list[wq.Query] = []
    loose: list[wq.Query] = []
    readings: list[Reading] = []
    terms_by_lang: dict[str, set[str]] = {}
    starts_by_lang: dict[str, set[str]] = {}
    concepts = {word: _concepts(word) for word in words}
    for lang in TEXT_LANGS:
        lang_field = text_field(lang)
        boost = _reading_boost(lang, detected, words)
        if boost == 0.0:
            continue
        word_queries: list[wq.Query] = []
        reading = Reading(lang, [])
        lang_terms: set[str] = set()
        frames = frame_terms(lang)
        for word in words:
            if not _script_fits(word, lang, words):
                continue
            terms = list(dict.fromkeys(_terms(word, lang)))
            if not terms:
                continue  # a stop word in this language
            lang_terms.update(terms)
            # Boosts go on the terms: Whoosh's BM25F ignores a boost set on a compound query.
            alternatives = [
                wq.Term(lang_field, term, boost=boost * (FRAME_WEIGHT if term in frames else 1.0)) for term in terms
            ]
            starts = list(dict.fromkeys(analyze_word_starts(word, lang))) if lang == detected else []
            if starts:
                starts_by_lang.setdefault(lang, set()).update(starts)
                alternatives += [
                    wq.Term(word_start_field(lang), start, boost=boost * WORD_START_WEIGHT) for start in starts
                ]
            alternatives += concepts[word]
            word_queries.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
            reading.words.append((word, word_queries[-1]))
        if not word_queries:
            continue
        terms_by_lang[lang] = lang_terms
        readings.append(reading)
        loose.append(wq.Or(word_queries))
        per_lang.append(wq.Or(word_queries) if match == MATCH_ANY else wq.And(word_queries))
    if not per_lang:
        return AnalysedQuery(None, {})
    return AnalysedQuery(wq.Or(per_lang), terms_by_lang, starts_by_lang, _meaning_text(text, detected),
                         readings, wq.Or(loose))


def _meaning_text(text: str, detected: str) -> str:
    """The query as the embedding model should read it: Latin-script Kazakh in Cyrillic, the script
    the model learnt Kazakh in (kazqad-kk-latin re-ranked as written: MRR@10 0.757 → 0.695 on the
    long passages; converted: 0.769)."""
    if detected != "kk" or not has_latin(text):
        return text
    return WORD_RE.sub(lambda m: latin_to_cyrillic(m.group()), text)


def _reading_boost(lang: str, detected: str, words: list[str]) -> float:
    """How much one language's reading of the query counts."""
    if lang == detected:
        return DETECTED_BOOST
    if lang == "kk" and any(has_latin(word) for word in words):
        return 0.0 if detected == "en" else LATIN_AS_KAZAKH_BOOST
    return 1.0


def _script_fits(word: str, lang: str, words: list[str]) -> bool:
    """English is read from Latin words only. Russian is read from Cyrillic words, and from Latin ones
    too when the query also has Cyrillic (Russian text names "Oracle Corporation" in Latin); an
    all-Latin query is not read as Russian. Kazakh (two alphabets) and other languages read every word."""
    if lang == "en":
        return has_latin(word) or word.isdigit()
    if lang == "ru":
        return not has_latin(word) or any(not has_latin(w) and not w.isdigit() for w in words)
    return True


def _concepts(word: str) -> list[wq.Query]:
    """Tag queries for the countries and themes a word names (``Қазақстан`` → countries:KZ)."""
    tags = [("countries", code) for code in sorted(countries_named(word))]
    tags += [("themes", theme) for theme in sorted(themes_named(word))]
    return [wq.ConstantScoreQuery(wq.Term(field, value), CONCEPT_SCORE) for field, value in tags]


@cache
def frame_terms(lang: str) -> frozenset[str]:
    """Terms of a language's question-frame words (analyzers/data/question_frames_<lang>.txt)."""
    path = DATA_DIR / f"question_frames_{lang}.txt"
    if not path.exists():
        return frozenset()
    return frozenset(term for word in load_word_list(str(path)) for term in _terms(word, lang))
