"""Whether a short all-Latin query reads as Kazakh typed informally (``tazhik zhurnalisterin qudalau``).

Language detection (analyzers/detect_latin.py) judges whole texts and counts zh/kh/sh as English
spellings, so a three-word query in phone Latin is often called English or ``other`` and its Kazakh
reading is dropped or weakened (search_api/query.py). A query is spelt to be searched, not to be
classified: here each word is asked whether it *looks* Kazakh: q not before u, a 2018 acute letter,
a Kazakh case/plural/possessive ending, a Kazakh function word. English shows itself by its function
words and by spellings Kazakh never needs (w, th, ck, ee, oo, -tion, -ing, plural -s…). The query reads as
Kazakh when no word is English by those signs and at least half its words look Kazakh.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from analyzers.kazakh_script import has_latin, latin_to_cyrillic
from analyzers.tokenize import load_word_list

_WORD_RE = re.compile(r"[^\W\d_]+")
_ENGLISH_STOP = load_word_list(str(Path(__file__).resolve().parent / "data" / "stopwords_en.txt"))
# Kazakh function words as typed without diacritics (ü/ū → u, ş → sh, ı → i, ä → a, ñ → n, ж → zh or j).
_KAZAKH_WORDS = frozenset(
    "ushin ushin zhane jane turaly boiynsha boyinsha boiinsha dep osy bul bizdin sizdin emes zhoq joq qalai "
    "qandai qashan kim nege degen arqyly keiin deiin dein zhoninde jayly zhaily".split()
)
_ACUTE_2018 = frozenset("áǵńóúýı")  # the 2018 alphabet: letters no other Latin spelling of ours has
# q is Kazakh қ unless it is English/French qu; endings: plural, genitive, dative, locative, accusative,
# possessive, the -dagy adjective and the -u verbal noun after a vowel (qudalau, tirkeu).
_KAZAKH_Q_RE = re.compile(r"q(?!u[aeio])")
_KAZAKH_ENDING_RE = re.compile(
    r"\w{2,}(?:"
    r"(?<=\w{4})l[ae]r"
    r"|(?:lar|ler|dar|der|tar|ter)(?:y|i|yn|in|dy|di|ga|ge|da|de|dyn|din|ymyz|imiz)"
    r"|(?:nyn|nin|dyn|din|tyn|tin|nyng|ning)"
    r"|(?:dagy|degi|tagy|tegi|ndagy|ndegi)"
    r"|(?:gha|gy|ghy|syna|sine|ynda|inde|yna|ine)"
    r"|(?:sy|gy|qy|ky)"
    r"|[aeiouy]u"
    r")$"
)
# Spellings Kazakh typed in Latin has no need of (its digraphs are zh kh sh ch gh ng, ts for ц), and
# English word endings.
_ENGLISH_SPELLING_RE = re.compile(
    r"w|th|ck|ph|ee|oo|ou|ea|x|c(?!h)|tion|'s$|(?:ing|ings|ed|ly|ness|ment|ments)$|[^s'aeiouy]s$"
)


@lru_cache(maxsize=4096)
def _looks(word: str) -> str:
    """``kk``, ``en`` or ``""``: what one lower-case word's spelling says."""
    if word in _ENGLISH_STOP:
        return "en"
    if word in _KAZAKH_WORDS or set(word) & _ACUTE_2018:
        return "kk"
    if _ENGLISH_SPELLING_RE.search(word):
        return "en"
    if _KAZAKH_Q_RE.search(word) or _KAZAKH_ENDING_RE.match(word):
        return "kk"
    return ""


def reads_as_kazakh(words: list[str] | tuple[str, ...]) -> bool:
    """True when every word is Latin, none looks English, and at least half look Kazakh.

    Acronyms (``NEET``) and numbers say nothing and are left out.
    """
    if not words or not all(has_latin(w) or w.isdigit() for w in words):
        return False
    judged = [_looks(w.lower()) for w in words if has_latin(w) and not (len(w) > 1 and w.isupper())]
    if not judged or "en" in judged:
        return False
    return 2 * judged.count("kk") >= len(judged)


_BACK = frozenset("аоықұ")
_AFTER_VOWEL_I_RE = re.compile(r"(?<=[аәеиоөуұүыі])и")


@lru_cache(maxsize=4096)
def informal_to_cyrillic(word: str) -> str:
    """A Kazakh word typed in Latin without diacritics, written in Cyrillic with the Kazakh letters that vowel
    harmony restores: i after a vowel is й; in a back word (а о ы қ, no е) g is ғ and k is қ; in a front word
    (е or и, no а ы қ) i is і, o is ө, and u before a consonant is ү. A guess (loan words break harmony), made
    for the embedding model, which learnt Kazakh in proper Cyrillic: ``kelissozderde`` → ``келіссөздерде``,
    ``augan`` → ``ауған``."""
    text = _AFTER_VOWEL_I_RE.sub("й", latin_to_cyrillic(word))
    letters = set(text)
    if letters & _BACK and "е" not in letters:
        return text.replace("г", "ғ").replace("к", "қ")
    if letters & _BACK - {"о"} or not letters & set("еи"):
        return text  # both harmonies (a loan, a compound, ә typed a): nothing to restore safely
    text = text.replace("и", "і").replace("о", "ө")
    return re.sub(r"у(?=[бвгджзйклмнңпрстфхцчшщ])", "ү", text)


def informal_text_to_cyrillic(text: str) -> str:
    """Each Latin word of a query as ``informal_to_cyrillic`` writes it; acronyms (``NEET``) and other text as
    they are."""
    def convert(match: re.Match[str]) -> str:
        word = match.group()
        return informal_to_cyrillic(word) if has_latin(word) and not (len(word) > 1 and word.isupper()) else word
    return _WORD_RE.sub(convert, text)
