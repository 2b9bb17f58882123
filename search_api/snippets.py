"""Snippets: the best passages of a document's text with the matched words in ``<mark>``.

The text is analysed by its own language's chain, so ``женщинам`` in the query marks ``женщины``
in the text. Everything outside the marks is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from whoosh import highlight

from analyzers import LANGUAGES, analyzer_for
from indexer.schema import other_analyzer

SNIPPET_CHARS = 240
MAX_ANALYSED_CHARS = 30_000


class MarkFormatter(highlight.HtmlFormatter):
    """Wraps matched words in a bare ``<mark>``; the rest is escaped by HtmlFormatter."""

    def __init__(self) -> None:
        super().__init__(between=" … ")

    def format_token(self, text, token, replace=False):
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
_FORMATTER = MarkFormatter()


def make_snippet(body: str, lang: str, terms: dict[str, set[str]]) -> str:
    """Escaped HTML: up to two passages around matches, or the beginning of the text.

    ``terms`` are the query's analysed terms per language; the document's language is tried first,
    then the others, since a mixed page indexes its paragraphs under their own languages.
    """
    text = body[:MAX_ANALYSED_CHARS]
    for term_lang in sorted(terms, key=lambda candidate: candidate != lang):
        if not terms[term_lang]:
            continue
        analyzer = analyzer_for(term_lang) if term_lang in LANGUAGES else other_analyzer()
        marked = highlight.highlight(text, frozenset(terms[term_lang]), analyzer, _FRAGMENTER, _FORMATTER, top=2)
        if marked:
            return marked
    return _lead(text)


def _lead(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return escape(flat, quote=False)
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return escape(flat[: cut if cut > 0 else SNIPPET_CHARS], quote=False) + " …"
