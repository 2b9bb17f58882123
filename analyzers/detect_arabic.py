"""Language detection of Arabic-script text: Kazakh (``kk``) or ``other``.

Kazakh is written in the Arabic script in China and by some Kazakh sites' mirrors (töte jazu). It uses
letters that Arabic, Persian, Dari, Urdu and Pashto do not: ە (е), ۋ (в, у), ڭ (ң), ۇ (ұ, ү), and a
hamza (ء or ٴ) that marks a front-vowel word. Uyghur shares those but writes its own vowels ې ۆ ۈ,
and Sorani Kurdish writes ۆ ێ ڕ ڵ; Kazakh has none of them but the ۆ it writes for the в of Russian names.
"""

from __future__ import annotations

import re

ARABIC_LETTER_RE = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u06d5\u06ee-\u06ff]")
_KAZAKH_SHARED = frozenset("\u06d5\u06cb\u06ad\u06c7")  # ە ۋ ڭ ۇ
_NOT_KAZAKH = frozenset("\u06d0\u06c6\u06c8\u06ce\u0695\u06b5")  # ې ۆ ۈ (Uyghur), ێ ڕ ڵ (Kurdish)
# Kazakh writes ۆ for the в of Russian names after a vowel (توقاەۆ Токаев, پاۆلودار Павлодар); Uyghur's ۆ is a
# vowel itself, which follows a consonant.
_KAZAKH_V_RE = re.compile("(?<=[\u0627\u06d5\u0648\u0649\u06c7])\u06c6")
KAZAKH_SHARE = 0.04  # Kazakh prose: ە ۋ ڭ ۇ are about a tenth of its letters
FOREIGN_SHARE = 0.005  # a stray Uyghur or Kurdish letter (a name) is allowed


def detect_arabic(text: str) -> str:
    """``kk`` for Kazakh in the Arabic script, else ``other``."""
    letters = ARABIC_LETTER_RE.findall(text)
    if not letters:
        return "other"
    kazakh = sum(ch in _KAZAKH_SHARED for ch in letters)
    foreign = sum(ch in _NOT_KAZAKH for ch in letters) - len(_KAZAKH_V_RE.findall(text))
    if kazakh >= KAZAKH_SHARE * len(letters) and foreign <= FOREIGN_SHARE * len(letters):
        return "kk"
    return "other"
