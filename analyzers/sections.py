"""Mixed pages: each paragraph goes to the text field of its own language.

A Russian report with a Kazakh paragraph should find that paragraph for a Kazakh query, stemmed by
the Kazakh chain, not mangled by the Russian one. Paragraphs too short to tell stay with the
document's language, so a stray English name or heading never moves.
"""

from __future__ import annotations

import re

from analyzers.detect import detect_language

OWN_FIELD_LANGS = ("en", "ru", "kk")
MIN_WORDS = 8  # below this a paragraph's language is a guess (langid-eval: titles ≈ 97 %, queries less)
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_WORD_RE = re.compile(r"[^\W\d_]+")


def language_sections(text: str, lang: str) -> dict[str, str]:
    """The text split by language: ``{lang: paragraphs joined}``, the document's language first.

    Only paragraphs of at least ``MIN_WORDS`` words detected as another of en/ru/kk move; the rest
    (and a text of one paragraph) stays whole under ``lang``.
    """
    paragraphs = _PARAGRAPH_RE.split(text)
    if len(paragraphs) < 2:
        return {lang: text}
    sections: dict[str, list[str]] = {lang: []}
    for paragraph in paragraphs:
        sections.setdefault(_paragraph_lang(paragraph, lang), []).append(paragraph)
    return {section_lang: "\n\n".join(parts) for section_lang, parts in sections.items() if parts}


def _paragraph_lang(paragraph: str, default: str) -> str:
    if len(_WORD_RE.findall(paragraph)) < MIN_WORDS:
        return default
    found = detect_language(paragraph)
    return found if found in OWN_FIELD_LANGS else default
