"""``title:word``: a word (prefix, phrase) that must stand in a document's title.

Titles are indexed together with the body (indexer/schema.py: one field per language beats separate ones),
so there is no title field to search. A title query finds the documents by its words in the text field and
keeps those whose stored title, analysed by the same language's chain, has them: a cost paid only by the
readers who ask for a title, and no rebuild of the index.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import matching
from whoosh import query as wq

from analyzers import LANGUAGES, analyzer_for
from analyzers.chains import analyze_word_starts
from indexer.schema import other_analyzer

TITLE_CACHE = 8192


class InTitle(wq.WrappingQuery):
    """The documents of ``child`` whose title holds ``wanted``: consecutive positions, each any of a set of
    terms (with ``prefix``: terms that start so), or a word whose word start (Kazakh: analyzers/kazakh.py)
    begins with one of ``starts`` (a Kazakh stem is shorter than the letters a reader types before ``*``)."""

    def __init__(self, child: wq.Query, lang: str, wanted: tuple[frozenset[str], ...], prefix: bool = False,
                 starts: frozenset[str] = frozenset()) -> None:
        super().__init__(child)
        self.lang, self.wanted, self.prefix, self.starts = lang, wanted, prefix, starts

    def _rewrap(self, child: wq.Query) -> InTitle:
        return InTitle(child, self.lang, self.wanted, self.prefix, self.starts)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, InTitle) and self.child == other.child and self.lang == other.lang
                and self.wanted == other.wanted and self.prefix == other.prefix and self.starts == other.starts)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.lang, self.wanted, self.prefix, self.starts))

    def __repr__(self) -> str:
        return f"InTitle({self.child!r}, {self.lang!r}, {sorted(map(sorted, self.wanted))!r}, prefix={self.prefix})"

    def matcher(self, searcher, context=None):
        kept = frozenset(doc for doc in self.child.matcher(searcher, context).all_ids()
                         if self.fits(searcher.stored_fields(doc).get("title") or ""))
        if not kept:
            return matching.NullMatcher()
        return matching.FilterMatcher(self.child.matcher(searcher, context), kept)

    def fits(self, title: str) -> bool:
        if self.starts and any(start.startswith(head) for start in title_starts(title, self.lang)
                               for head in self.starts):
            return True
        positions = title_terms(title, self.lang)
        width = len(self.wanted)
        return any(all(self._has(positions[start + k], self.wanted[k]) for k in range(width))
                   for start in range(len(positions) - width + 1))

    def _has(self, terms: frozenset[str], wanted: frozenset[str]) -> bool:
        if self.prefix:
            return any(term.startswith(head) for term in terms for head in wanted)
        return not terms.isdisjoint(wanted)


@lru_cache(maxsize=TITLE_CACHE)
def title_starts(title: str, lang: str) -> frozenset[str]:
    """A title's word starts, as the word-start field of ``lang`` reads text (none for other languages)."""
    return frozenset(analyze_word_starts(title, lang))


@lru_cache(maxsize=TITLE_CACHE)
def title_terms(title: str, lang: str) -> tuple[frozenset[str], ...]:
    """A title's terms by position, as the index reads text in ``lang``."""
    analyzer = analyzer_for(lang) if lang in LANGUAGES else other_analyzer()
    by_position: dict[int, set[str]] = {}
    for token in analyzer(title, positions=True):
        by_position.setdefault(token.pos, set()).add(token.text)
    return tuple(frozenset(by_position[pos]) for pos in sorted(by_position))
