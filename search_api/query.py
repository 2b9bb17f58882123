"""Turns a reader's text into a Whoosh query across the per-language fields.

Short queries cannot be language-detected reliably, so every language's chain analyses the whole
query and searches its own field; the detected language (if any) is boosted. The reader's syntax
(phrases, ``-word``, ``OR``, ``prefix*``, brackets, ``title:``; search_api/syntax.py) shapes each reading;
malformed syntax is read as plain words, so no input can make a query fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from whoosh import query as wq
from whoosh.searching import Searcher

from analyzers import LANGUAGES, analyze_terms, detect_language
from analyzers.chains import DATA_DIR, WORD_START_LANGUAGES, analyze_word_starts
from analyzers.kazakh import WORD_START_LENGTH
from analyzers.kazakh_fold import fold_reading
from analyzers.kazakh_script import has_latin, latin_to_cyrillic
from analyzers.latin_kazakh_query import informal_text_to_cyrillic, reads_as_kazakh
from analyzers.tokenize import WORD_RE, load_word_list
from indexer.extract.countries import countries_named
from indexer.extract.themes import themes_named
from indexer.schema import TEXT_LANGS, other_analyzer, text_field, word_start_field
from search_api import respell, syntax, thesaurus
from search_api.columns import Columns
from search_api.titled import InTitle, title_terms

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
    lang: str | None = None  # the language detected in the query with its Kazakh respelt (when some was)

    def content_words(self) -> list[str]:
        """The words some reading searches for, as typed, in query order (stop words of every reading left out)."""
        return list(dict.fromkeys(word for reading in self.readings for word, _ in reading.words))


def words_of(text: str) -> list[str]:
    """The words a query asks for, as typed: not the excluded ones (``-word``), operators or filters
    (search_api/syntax.py). Without any (``plain``), every word as ``WORD_RE`` finds it."""
    parsed = syntax.parse(text)
    return WORD_RE.findall(text) if parsed.plain else parsed.words()


def _terms(word: str, lang: str) -> list[str]:
    if lang in LANGUAGES:
        return analyze_terms(word, lang)
    return [t.text for t in other_analyzer()(word)]


def build_query(text: str, match: str = MATCH_ALL, spellings: respell.Spellings | None = None) -> AnalysedQuery:
    """The query for a reader's text: each language's reading of it, combined with OR. In a reading every
    unit (a word, or a phrase, prefix, OR-group, bracket or title word: search_api/syntax.py) must match
    (``all``, and ``graded`` whose relaxing starts from it) or any may (``any``). Excluded words and filters
    are not here: the engine applies them as filters (``excluded_docs``, request.with_query_filters)."""
    parsed = syntax.parse(text)
    if parsed.plain:  # no operator: read exactly as before the syntax existed
        words = WORD_RE.findall(text)
        units: list[syntax.Node] = [syntax.Word(word) for word in words]
        meant = syntax.plain_text(text)  # the text itself unless stray marks were ignored in it
    else:
        words, units, meant = parsed.words(), list(parsed.units), parsed.meaning_text()
    # Kazakh typed without its letters, respelt from the index (search_api/respell.py): the respelt words are
    # what detection, the concepts, the thesaurus and the model read; the Kazakh reading searches both.
    respelt = spellings.respell_all(words) if spellings else {}
    read_words = [respelt[word].text if word in respelt else word for word in words]
    detected = detect_language(respell.respelt_text(meant, respelt)) if words else "other"
    per_lang: list[wq.Query] = []
    loose: list[wq.Query] = []
    readings: list[Reading] = []
    terms_by_lang: dict[str, set[str]] = {}
    starts_by_lang: dict[str, set[str]] = {}
    expansions = thesaurus.expansions(read_words, match)  # the key terms' equivalents in other languages
    concepts = {word: _concepts(word, read) + expansions.get(read, [])
                for word, read in zip(words, read_words, strict=True)}
    for lang in TEXT_LANGS:
        boost = _reading_boost(lang, detected, words)
        if boost == 0.0:
            continue
        reader = _LangReader(lang, boost, detected, words, concepts, respelt=respelt if lang == "kk" else {})
        reading = Reading(lang, [])
        for unit in units:
            unit_query = reader.unit(unit)
            if unit_query is not None:
                reading.words.append((unit.label, unit_query))
        if not reading.words:
            continue
        word_queries = [unit_query for _, unit_query in reading.words]
        terms_by_lang[lang] = reader.terms
        if reader.starts:
            starts_by_lang[lang] = reader.starts
        readings.append(reading)
        loose.append(wq.Or(word_queries))
        per_lang.append(wq.Or(word_queries) if match == MATCH_ANY else wq.And(word_queries))
    if not per_lang:
        return AnalysedQuery(None, {})
    return AnalysedQuery(wq.Or(per_lang), terms_by_lang, starts_by_lang, _meaning_text(meant, detected, respelt),
                         readings, wq.Or(loose), detected if respelt else None)


def _word_alternatives(word: str, lang: str, boost: float, detected: str,
                       extra: list[wq.Query]) -> tuple[list[wq.Query], list[str], list[str]]:
    """The queries any of which finds ``word`` in ``lang``'s reading: its terms, its Kazakh word start, the
    concepts and thesaurus equivalents (``extra``). Also returns its terms and starts (for snippets).
    No alternatives: a stop word in this language."""
    terms = list(dict.fromkeys(_terms(word, lang)))
    if not terms:
        return [], [], []
    frames = frame_terms(lang)
    # Boosts go on the terms: Whoosh's BM25F ignores a boost set on a compound query.
    alternatives: list[wq.Query] = [
        wq.Term(text_field(lang), term, boost=boost * (FRAME_WEIGHT if term in frames else 1.0)) for term in terms
    ]
    starts = list(dict.fromkeys(analyze_word_starts(word, lang))) if fold_reading(word, lang, detected) else []
    alternatives += [wq.Term(word_start_field(lang), start, boost=boost * WORD_START_WEIGHT) for start in starts]
    return alternatives + extra, terms, starts


class _LangReader:
    """One language's reading of the units of a query (search_api/syntax.py). ``exact`` (phrases, titles,
    exclusions): a word's own terms only, no word starts, concepts or equivalents."""

    def __init__(self, lang: str, boost: float, detected: str, words: list[str],
                 concepts: dict[str, list[wq.Query]], exact: bool = False,
                 respelt: dict[str, respell.Respelt] | None = None) -> None:
        self.lang, self.boost, self.detected, self.words = lang, boost, detected, words
        self.concepts, self.exact = concepts, exact
        self.respelt = respelt or {}  # word → its Kazakh respelling (search_api/respell.py)
        self.field = text_field(lang)
        self.terms: set[str] = set()
        self.starts: set[str] = set()

    def unit(self, node: syntax.Node) -> wq.Query | None:
        """The query of one unit in this language; None when it has no word this reading reads."""
        if isinstance(node, syntax.Word):
            return self.word(node.text)
        if isinstance(node, syntax.Prefix):
            return self.prefix(node.text)
        if isinstance(node, syntax.Phrase):
            return self.phrase(node.parts)
        if isinstance(node, syntax.Title):
            return self.title(node.node)
        parts = [query for query in (self.unit(part) for part in node.parts) if query is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return wq.Or(parts) if isinstance(node, syntax.AnyOf) else wq.And(parts)

    def word(self, word: str) -> wq.Query | None:
        if not _script_fits(word, self.lang, self.words):
            return None
        if self.exact:
            return self.phrase((word,))
        stems = self.respelt[word].stems if word in self.respelt else ()
        proper = [wq.Term(self.field, stem, boost=self.boost) for stem in stems]
        alternatives, terms, starts = _word_alternatives(word, self.lang, self.boost, self.detected,
                                                         proper + self.concepts.get(word, []))
        terms = [*terms, *stems]
        if not alternatives:
            return None  # a stop word in this language
        self.terms.update(terms)
        self.starts.update(starts)
        return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)

    def prefix(self, head: str) -> wq.Query | None:
        """``head*``: index terms starting as the word typed or as its analysed form (a Latin-script word may be
        indexed otherwise). Kazakh stems are cut short (``жастар`` is indexed ``жас``), so there the word-start
        field answers: the folded start of the typed letters, up to its length."""
        # Scored like the words they expand to (Whoosh's default gives every match the same score).
        parts: list[wq.Query] = [wq.Prefix(self.field, start, boost=self.boost, constantscore=False)
                                 for start in self._heads(head)]
        if self.lang in WORD_START_LANGUAGES and _script_fits(head, self.lang, self.words):
            for start in dict.fromkeys(analyze_word_starts(head, self.lang)):
                self.starts.add(start)
                weight, start_field = self.boost * WORD_START_WEIGHT, word_start_field(self.lang)
                parts.append(wq.Term(start_field, start, boost=weight) if len(start) >= WORD_START_LENGTH
                             else wq.Prefix(start_field, start, boost=weight, constantscore=False))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _heads(self, head: str) -> list[str]:
        if not _script_fits(head, self.lang, self.words):
            return []
        analysed = [] if self.lang in WORD_START_LANGUAGES else _terms(head, self.lang)
        self.terms.update(analysed)
        return [start for start in dict.fromkeys([head.lower(), *analysed]) if len(start) >= syntax.MIN_PREFIX]

    def phrase(self, parts: tuple[str, ...]) -> wq.Query | None:
        """The words next to each other, each in any of its forms: the phrase analysed as the index analyses
        text (stop words dropped and positions closed up alike), one position after another."""
        positions = self._positions(parts)
        if not positions:
            return None
        steps = [self._any_term(terms) for terms in positions]
        return steps[0] if len(steps) == 1 else wq.Sequence(steps)

    def _positions(self, parts: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        if not all(_script_fits(word, self.lang, self.words) for word in parts):
            return ()
        positions = title_terms(" ".join(parts), self.lang)
        if any(word in self.respelt for word in parts):  # Kazakh typed without its letters: either spelling
            respelt = title_terms(" ".join(self.respelt[w].text if w in self.respelt else w for w in parts), self.lang)
            if len(respelt) == len(positions):
                positions = tuple(typed | proper for typed, proper in zip(positions, respelt, strict=True))
        for terms in positions:
            self.terms.update(terms)
        return positions

    def _any_term(self, terms: frozenset[str]) -> wq.Query:
        found = [wq.Term(self.field, term, boost=self.boost) for term in sorted(terms)]
        return found[0] if len(found) == 1 else wq.Or(found)

    def title(self, node: syntax.Word | syntax.Prefix | syntax.Phrase) -> wq.Query | None:
        if isinstance(node, syntax.Prefix):
            heads = self._heads(node.text)
            known = set(self.starts)
            inner = self.prefix(node.text)  # adds its word starts (Kazakh) to self.starts
            starts = frozenset(self.starts - known) if self.lang in WORD_START_LANGUAGES else frozenset()
            if inner is None:
                return None
            return InTitle(inner, self.lang, (frozenset(heads),), prefix=True, starts=starts)
        positions = self._positions(node.words())
        if not positions:
            return None
        return InTitle(self.phrase(node.words()), self.lang, positions)


@lru_cache(maxsize=256)
def exclusion_query(text: str) -> wq.Query | None:
    """Any document with a word the query excludes (``-word``, ``-"phrase"``, ``-(a b)``), read by the
    same languages as the query's words, each word in any of its forms; None when nothing is excluded."""
    parsed = syntax.parse(text)
    if not parsed.excluded:
        return None
    words = parsed.words() + parsed.excluded_words()
    detected = detect_language(parsed.meaning_text() or " ".join(parsed.excluded_words()))
    queries: list[wq.Query] = []
    for lang in TEXT_LANGS:
        if _reading_boost(lang, detected, words) == 0.0:
            continue
        reader = _LangReader(lang, 1.0, detected, words, {}, exact=True)
        queries += [query for query in map(reader.unit, parsed.excluded) if query is not None]
    return wq.Or(queries) if queries else None


def excluded_docs(text: str, searcher: Searcher, columns: Columns) -> set[int]:
    """The documents a query rules out: its excluded words (in any reading) and negated filters
    (``-country:KG``). The engine filters them out of everything it shows and counts, relaxed pages too."""
    parsed = syntax.parse(text)
    excluded: set[int] = set()
    for item in parsed.filters:
        if item.negated:
            excluded |= filter_docs(item, columns)
    query = exclusion_query(text)
    if query is not None:
        excluded.update(searcher.docs_for_query(query))
    return excluded


def filter_docs(item: syntax.Filter, columns: Columns) -> set[int] | frozenset[int]:
    """The documents a filter of the query (``country:KG``, ``year:2015..2019``) names."""
    if item.field == "year":
        return columns.docs_in_dates(int(item.values[0] + "0101"), int(item.values[-1] + "1231"))
    column = {"country": "countries", "theme": "themes", "lang": "lang"}[item.field]
    return columns.docs_with(column, list(item.values))


def _meaning_text(text: str, detected: str, respelt: dict[str, respell.Respelt] | None = None) -> str:
    """The query as the embedding model should read it: Latin-script Kazakh in Cyrillic, the script
    the model learnt Kazakh in (kazqad-kk-latin re-ranked as written: MRR@10 0.757 → 0.695 on the
    long passages; converted: 0.769); Kazakh typed without its letters, respelt (search_api/respell.py)."""
    latin_kazakh = has_latin(text) and (detected == "kk" or reads_as_kazakh(tuple(WORD_RE.findall(text))))
    if respelt:
        return respell.respelt_text(text, respelt, convert=latin_kazakh or detected == "kk")
    if not latin_kazakh:
        return text
    if text.isascii():  # typed without diacritics: harmony restores what it can (analyzers/latin_kazakh_query.py)
        return informal_text_to_cyrillic(text)
    return WORD_RE.sub(lambda m: latin_to_cyrillic(m.group()), text)


def _reading_boost(lang: str, detected: str, words: list[str]) -> float:
    """How much one language's reading of the query counts."""
    if lang == detected:
        return DETECTED_BOOST
    if lang == "kk" and any(has_latin(word) for word in words):
        if reads_as_kazakh(tuple(words)):  # informal Latin Kazakh, often detected as English (zh, sh)
            return DETECTED_BOOST
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


def _concepts(word: str, respelt: str | None = None) -> list[wq.Query]:
    """Tag queries for the countries and themes a word (or its Kazakh respelling) names (``Қазақстан`` →
    countries:KZ); a stop word as spelt in its list names none (Kazakh «ғана», "only", is not Ghana)."""
    spellings = {spelling for spelling in {word, respelt or word} if spelling.lower() not in _stop_words_as_spelt()}
    tags = [("countries", code) for code in sorted(set().union(*map(countries_named, spellings)))]
    tags += [("themes", theme) for theme in sorted(set().union(*map(themes_named, spellings)))]
    return [wq.ConstantScoreQuery(wq.Term(field, value), CONCEPT_SCORE) for field, value in tags]


@cache
def _stop_words_as_spelt() -> frozenset[str]:
    """Every language's stop words as their lists spell them (not the sloppy forms Kazakh's list also matches:
    «гана» may be Ghana typed in Russian, «ғана» is only Kazakh "only")."""
    return frozenset().union(*(load_word_list(str(DATA_DIR / f"stopwords_{lang}.txt")) for lang in LANGUAGES))


@cache
def frame_terms(lang: str) -> frozenset[str]:
    """Terms of a language's question-frame words (analyzers/data/question_frames_<lang>.txt)."""
    path = DATA_DIR / f"question_frames_{lang}.txt"
    if not path.exists():
        return frozenset()
    return frozenset(term for word in load_word_list(str(path)) for term in _terms(word, lang))
