"""Snippets: the best passages of a document's text with the matched words in ``<mark>``.

The text is analysed by its own language's chain, so ``женщинам`` in the query marks ``женщины``
in the text. Everything outside the marks is HTML-escaped.
"""

from __future__ import annotations

import re
from html import escape

from whoosh import highlight
from whoosh.analysis import CompositeAnalyzer

from analyzers import LANGUAGES, analyzer_for
from analyzers.chains import word_start_analyzer_for
from analyzers.kazakh_script import has_latin
from indexer.schema import other_analyzer

SNIPPET_CHARS = 240
MAX_ANALYSED_CHARS = 30_000
# A long text is read in windows of about this many characters, and only the windows where a query
# term's first letters occur are analysed: the language chains (pymorphy3 above all) are most of a
# snippet's cost, and a search shows ten of them. A text with no such window is read whole.
WINDOW_CHARS = 2_000
# Letters folded alike before looking for a term's start in the raw text, as the chains fold them
# (analyzers/kazakh.py, kazakh_fold.py): Kazakh letters to their Russian neighbours, ё to е.
_SKELETON = str.maketrans("әөүұқғңһіыйёэ", "аоуукгнхиииее")
_CYRILLIC_RE = re.compile("[а-яёәөүұқғңһі]", re.I)


class MarkFormatter(highlight.HtmlFormatter):
    """Wraps matched words in a bare ``<mark>``; the rest is escaped by HtmlFormatter."""

    def __init__(self) -> None:
        super().__init__(between=" … ")

    def format_token(self, text, token, replace=False):
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
_FORMATTER = MarkFormatter()


def make_snippet(
    body: str, lang: str, terms: dict[str, set[str]], starts: dict[str, set[str]] | None = None
) -> str:
    """Escaped HTML: up to two passages around matches, or the beginning of the text.

    ``terms`` are the query's analysed terms per language; the document's language is tried first,
    then the others, since a mixed page indexes its paragraphs under their own languages. ``starts``
    are the query's word-start terms (Kazakh): a word whose start matches is marked too, as the
    search found the document by it (басым → басымдықтары).
    """
    text = body[:MAX_ANALYSED_CHARS]
    starts = starts or {}
    for term_lang in sorted(set(terms) | set(starts), key=lambda candidate: candidate != lang):
        stems, heads = terms.get(term_lang, set()), starts.get(term_lang, set())
        if not stems and not heads:
            continue
        analyzer = _EitherReading(term_lang, stems, heads) if heads else _analyzer(term_lang)
        probes = {_probe(term.translate(_SKELETON)) for term in stems if term}
        if isinstance(analyzer, CompositeAnalyzer) and _seen(text, probes):
            analyzer = _Probed(analyzer, probes, term_lang)
        spans = windows_with(text, stems | heads)
        if spans is not None:
            analyzer = _InWindows(analyzer, spans)
        marked = highlight.highlight(text, frozenset(stems | heads), analyzer, _FRAGMENTER, _FORMATTER, top=2)
        if marked:
            return marked
    return _lead(text)


def windows_with(text: str, terms: set[str]) -> list[tuple[int, int]] | None:
    """The spans of ``text`` (whole windows, cut at spaces) where some term's first letters occur, or None
    to read it all: a short text, or one where no term's start is seen as typed (a lemma unlike its word
    form, Latin-script Kazakh)."""
    if len(text) <= 2 * WINDOW_CHARS:
        return None
    folded = text.lower().translate(_SKELETON)
    if len(folded) != len(text):  # a letter whose lower case is longer: offsets would not hold
        return None
    probes = {_probe(term.translate(_SKELETON)) for term in terms if term}
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = folded.find(" ", start + WINDOW_CHARS)
        end = len(text) if end < 0 else end
        if any(probe in folded[start:end] for probe in probes):
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)  # neighbours read as one: no word cut between them
            else:
                spans.append((start, end))
        start = end
    return spans or None


def _seen(text: str, probes: set[str]) -> bool:
    """Whether some term's first letters occur in the text as typed (else every word is read: a lemma unlike its
    word form, Latin-script Kazakh)."""
    folded = text.lower().translate(_SKELETON)
    return len(folded) == len(text) and any(probe in folded for probe in probes)


def _probe(term: str) -> str:
    """A term's first letters, before its ending could differ from the word's (құқық / құқығы)."""
    return term[:4] if len(term) >= 5 else term[:3]


RUSSIAN_SHORT_WORD = 4  # letters


class _Probed:
    """A language chain that analyses only the words that begin with a query term's first letters (as the windows
    are chosen, ``windows_with``), and passes the others on as words that match nothing.

    WHY: morphology (pymorphy3 above all: ~250 µs a word not seen before) was most of a search's time, and
    nearly all of it went to words that could not match: ten snippets of long Russian pages cost 20–60 ms.
    A word whose form does not begin like the term can still share its lemma (люди → человек) and is then
    left unmarked, as a window without the term's letters already is. Latin-script Kazakh (read as Cyrillic
    by the chain) and words mixing the two alphabets (legacy fonts) are always analysed."""

    def __init__(self, analyzer: CompositeAnalyzer, probes: set[str], lang: str) -> None:
        self.tokenizer, self.filters = analyzer.items[0], analyzer.items[1:]
        self.latin_too = lang == "kk"
        # Russian stems alternate (ввести → ввели, один → одну): its words are read from two first letters on,
        # and its short words always (пел, поёт → петь).
        self.probes = tuple({probe[:2] for probe in probes} if lang == "ru" else probes)
        self.short = RUSSIAN_SHORT_WORD if lang == "ru" else 0

    def __call__(self, text: str, **kwargs):
        for token in self.tokenizer(text, **kwargs):
            word = token.text
            parts = word.lower().translate(_SKELETON).split("-")
            if len(word) <= self.short or any(part.startswith(self.probes) for part in parts) or \
                    (has_latin(word) and (self.latin_too or _CYRILLIC_RE.search(word))):
                stream = iter((token,))  # the chain over this word alone (it may yield its parts too)
                for item in self.filters:
                    stream = item(stream)
                yield from stream
            else:
                token.text = ""  # matches no term
                for _ in range(1 + (sum(1 for part in word.split("-") if part) if "-" in word else 0)):
                    yield token  # as often as the chain yields a hyphenated word (whole, then each part)


class _InWindows:
    """Reads only the given spans of a text with ``analyzer``, its tokens' offsets those of the whole text."""

    def __init__(self, analyzer, spans: list[tuple[int, int]]) -> None:
        self.analyzer, self.spans = analyzer, spans

    def __call__(self, text: str, **kwargs):
        for start, end in self.spans:  # (the tokenizer offsets its characters: filters may yield a token twice)
            yield from self.analyzer(text[start:end], start_char=start, **kwargs)


def _analyzer(lang: str):
    return analyzer_for(lang) if lang in LANGUAGES else other_analyzer()


class _EitherReading:
    """Reads a text with a language's chain and its word-start chain in step (both tokenize alike)
    and gives each word the reading that matches the query: its term, else its start."""

    def __init__(self, lang: str, stems: set[str], heads: set[str]) -> None:
        self.lang, self.stems, self.heads = lang, stems, heads

    def __call__(self, text: str, **kwargs):
        by_stem = analyzer_for(self.lang)(text, **kwargs)
        by_start = word_start_analyzer_for(self.lang)(text, **kwargs)
        for token, start in zip(by_stem, by_start, strict=False):
            if token.text not in self.stems and start.text in self.heads:
                token.text = start.text
            yield token


def _lead(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return escape(flat, quote=False)
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return escape(flat[: cut if cut > 0 else SNIPPET_CHARS], quote=False) + " …"
