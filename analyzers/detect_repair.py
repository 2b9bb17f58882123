"""Repairs of damaged text that language detection reads through (the text itself is indexed as it is).

* Legacy Kazakh fonts put other code points where Kazakh letters belong: ӛ (U+04DB) for ө.
* Latin look-alikes inside Cyrillic words (a copy-paste or anti-plagiarism habit, and the old typing of
  Kazakh і as Latin i): in a word that is mostly Cyrillic, Latin a c e i o p x y … become the Cyrillic
  letters they look like.
* Windows-1251 Cyrillic mis-decoded as Latin-1 (``Îò÷åò`` for ``Отчет``): when such letters make a good
  part of a text, they are decoded back.
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


def repair(text: str) -> str:
    """The text with legacy-font letters, Latin look-alikes in Cyrillic words and cp1251 mojibake undone."""
    text = text.translate(_LEGACY)
    if _CYRILLIC_RE.search(text) and _LATIN_RE.search(text):
        text = _WORD_RE.sub(_cyrillic_word, text)
    mojibake = len(_MOJIBAKE_RE.findall(text))
    if mojibake >= MOJIBAKE_MIN and mojibake >= MOJIBAKE_SHARE * len(_LETTER_RE.findall(text)):
        text = text.translate(_CP1251)
    return text


def _cyrillic_word(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic = len(_CYRILLIC_RE.findall(word))
    latin = len(_LATIN_RE.findall(word))
    if not latin or cyrillic < latin:
        return word
    fixed = word.translate(_LOOKALIKES)
    return fixed if not _LATIN_RE.search(fixed) else word
