"""How the extractors read a page whose language has no analyzer of its own, or whose script the gazetteer
and the taxonomy are not written in.

* Kazakh in the Arabic script is re-spelt in Cyrillic (analyzers/kazakh_arabic.py) and read as Kazakh, without case;
  another language in Arabic letters (Arabic, Persian, Uyghur) is left as it is: re-spelt as Kazakh it would
  read as noise that happens to look like names.
* ``other`` text in Cyrillic (Kyrgyz, Uzbek, Tajik, Karakalpak) is read with the Kazakh analyzer, which
  takes Turkic endings off names (Кыргызстанда, Тоҷикистонда), and, for themes, with the Russian one
  too (loanwords: гендер, экстремизм); ``other`` text in Latin letters is read as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.kazakh_arabic import is_arabic_script, to_cyrillic

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Reading:
    title: str
    body: str
    langs: tuple[str, ...]  # analyzers to read with, the first for names and the page's terms
    cased: bool  # whether capitals count (not in a script without them)


def reading(title: str, body: str, lang: str) -> Reading:
    """The text and the analyzers the extractors read a page with."""
    if is_arabic_script(body or title):
        if lang == "kk":
            return Reading(to_cyrillic(title), to_cyrillic(body), ("kk",), False)
        return Reading(title, body, ("en",), False)  # Arabic, Persian: read for the gazetteer's stems alone
    if lang in ("en", "ru", "kk"):
        return Reading(title, body, (lang,), True)
    sample = f"{title}\n{body[:3000]}"
    if len(_CYRILLIC_RE.findall(sample)) >= len(_LATIN_RE.findall(sample)):
        return Reading(title, body, ("kk", "ru"), True)
    return Reading(title, body, ("en",), True)
