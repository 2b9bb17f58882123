"""Turns a reader's text into a Whoosh query across the per-language fields.

Short queries cannot be language-detected reliably, so every language's chain analyses the whole
query and searches its own field; the detected language (if any) is boosted. Operators are not
parsed: stray quotes, brackets and colons are just punctuation, so no input can make a query fail.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from analyzers import LANGUAGES, analyze_terms, detect_language
from analyzers.tokenize import WORD_RE
from indexer.schema import TEXT_LANGS, other_analyzer, text_field

DETECTED_BOOST = 1.5


@dataclass
class AnalysedQuery:
    query: wq.Query | None  # None: no searchable word (empty, or only stop words)
    terms: dict[str, set[str]]  # language → its terms, for snippets


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _terms(word: str, lang: str) -> list[str]:
    if lang in LANGUAGES:
        return analyze_terms(word, lang)
    return [t.text for t in other_analyzer()(word)]


def build_query(text: str, match: str = "all") -> AnalysedQuery:
    """The query for a reader's text: each language's reading of it, combined with OR."""
    words = words_of(text)
    detected = detect_language(text) if words else "other"
    per_lang: list[wq.Query] = []
    terms_by_lang: dict[str, set[str]] = {}
    for lang in TEXT_LANGS:
        field = text_field(lang)
        word_queries: list[wq.Query] = []
        lang_terms: set[str] = set()
        for word in words:
            terms = list(dict.fromkeys(_terms(word, lang)))
            if not terms:
                continue  # a stop word in this language
            lang_terms.update(terms)
            alternatives = [wq.Term(field, term) for term in terms]
            word_queries.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
        if not word_queries:
            continue
        terms_by_lang[lang] = lang_terms
        combined = wq.And(word_queries) if match == "all" else wq.Or(word_queries)
        if lang == detected:
            combined = combined.with_boost(DETECTED_BOOST)
        per_lang.append(combined)
    if not per_lang:
        return AnalysedQuery(None, {})
    return AnalysedQuery(wq.Or(per_lang), terms_by_lang)
