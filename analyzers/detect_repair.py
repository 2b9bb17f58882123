"""Repairs of damaged text that language detection reads through (the text itself is indexed as it is).

* Legacy Kazakh fonts put other code points where Kazakh letters belong: ӛ (U+04DB) for ө.
* Latin look-alikes inside Cyrillic words (a copy-paste or anti-plagiarism habit, and the old typing of
  Kazakh і as Latin i): in a word that is mostly Cyrillic, Latin a c e i o p x y … become the Cyrillic
  letters they look like.
* Windows-1251 Cyrillic mis-decoded as Latin-1 (``Îò÷åò`` for ``Отчет``): when such letters make a good
  part of a text, they are decoded back.

``undo_mojibake`` is the one repair applied to what is indexed: a raw page that a crawler saved with part of
its text in the wrong code page (a report's imprint, a whole PDF layer) is decoded back line by line, so its
title, snippets and words are Russian a reader can search, not ``Ïðåäóïðåæäåíèå``.
"""

from __future__ import annotations

import re

_LEGACY = str.maketrans({"ӛ": "ө", "Ӛ": "Ө"})
_LOOKALIKES = str.maketrans("aceiopxyABCEHIKMOPTXY", "асеіорхуАВСЕНІКМОРТХУ")
_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[a-zA-Z]")
_MOJIBAKE_RE = re.compile(r"[\u00c0-\u00ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_CP1251 = str.maketrans({chr(code): bytes([code]).decode("cp1251") for code in range(0xC0, 0x100)})
MOJIBAKE_SHARE = 0.25  # accented letters of French or German text stay far below this share
MOJIBAKE_MIN = 20
# A line is decoded back when at least this share of its letters are Latin-1 letters and at least
# MOJIBAKE_LINE_MIN of them: Latin-1 words keep ASCII letters among their accents ("été" 2 of 3, "Zürich" 1 of 6).
MOJIBAKE_LINE_SHARE = 0.8
MOJIBAKE_LINE_MIN = 3


def repair(text: str) -> str:
    """The text with legacy-font letters, Latin look-alikes in Cyrillic words and cp1251 mojibake undone."""
    text = text.translate(_LEGACY)
    if _CYRILLIC_RE.search(text) and _LATIN_RE.search(text):
        text = _WORD_RE.sub(_cyrillic_word, text)
    mojibake = len(_MOJIBAKE_RE.findall(text))
    if mojibake >= MOJIBAKE_MIN and mojibake >= MOJIBAKE_SHARE * len(_LETTER_RE.findall(text)):
        text = text.translate(_CP1251)
    return text


def undo_mojibake(text: str, page: str | None = None) -> str:
    """The text with each line written in cp1251-read-as-Latin-1 decoded back, only when its ``page`` (the
    text itself by default) has at least ``MOJIBAKE_MIN`` such letters: a French page with a stray all-accent
    line keeps it."""
    if len(_MOJIBAKE_RE.findall(text if page is None else page)) < MOJIBAKE_MIN:
        return text
    return "".join(_undo_line(line) for line in text.splitlines(keepends=True))


def _undo_line(line: str) -> str:
    mojibake = len(_MOJIBAKE_RE.findall(line))
    if mojibake >= MOJIBAKE_LINE_MIN and mojibake >= MOJIBAKE_LINE_SHARE * len(_LETTER_RE.findall(line)):
        return line.translate(_CP1251)
    return line


def _cyrillic_word(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic = len(_CYRILLIC_RE.findall(word))
    latin = len(_LATIN_RE.findall(word))
    if not latin or cyrillic < latin:
        return word
    fixed = word.translate(_LOOKALIKES)
    return fixed if not _LATIN_RE.search(fixed) else word
