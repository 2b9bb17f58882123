"""Matches phrases in text at the level of analysed terms, so every inflected form counts.

``Казахстане``, ``Қазақстанда`` and ``Kazakhstan's`` all meet their gazetteer entry because the
entry and the text pass through the same language chain.

Proper names (``names=True``, the gazetteer) are read more strictly than the search chains read words,
because a stem shared with a common word is a false mention (Дания/данных, Судан/су, Йемен/ие):

* Russian words meet on a pymorphy lemma, not on its Snowball stem: Дании → дания, данных → данные. A word
  may have several (Ливана: Ливан or the name Ливана), and two words meet when they share one.
* Kazakh words meet when the text word begins with the entry word and the rest is endings the stemmer
  takes off (Суданда = Судан + да; су is not Судан); the stemmer alone cuts names too short (Судан → су).
* With ``cased=True`` (documents, not queries), a capitalised entry needs a capitalised word in the text
  (Чад, not чад) and an entry in capitals needs capitals (США, АҚШ, US). A Latin abbreviation needs
  capitals in a query too: us and uk are words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from analyzers import LANGUAGES, analyze_terms
from analyzers.chains import stop_words
from analyzers.english import english_stem
from analyzers.kazakh import kazakh_normalize
from analyzers.kazakh_stem import stem as kazakh_stem
from analyzers.russian import morph  # the one shared pymorphy3 analyser (39 MB): one per process
from analyzers.tokenize import WORD_RE, normalize_text, unify_apostrophes

Terms = frozenset[str]  # the names mode: the lemmas a word may have (one for English and Kazakh)
Candidate = tuple[tuple, str, float]  # (terms of the phrase, key, weight)


class Piece(NamedTuple):
    """One word of a text (or one part of a hyphenated word) as the names mode reads it."""

    surface: str
    terms: Terms


class PhraseMatcher:
    """Weighted phrases → keys; scores a text by the phrases it contains."""

    def __init__(self, entries: Iterable[tuple[str, str, float]], names: bool = False) -> None:
        """``entries``: (phrase, key, weight). Each phrase is registered under every language.
        ``names``: the phrases are proper names and their adjectives (see the module docstring)."""
        self._names = names
        self._index: dict[str, dict[str, list[Candidate]]] = {lang: defaultdict(list) for lang in LANGUAGES}
        self._cased: dict[str, dict[Candidate, str]] = {lang: {} for lang in LANGUAGES}  # "upper" or "title"
        for phrase, key, weight in entries:
            case = _case_of(phrase) if names else None
            for lang in LANGUAGES:
                terms = tuple(self._phrase_terms(phrase, lang))
                if not terms:
                    continue
                candidate = (terms, key, weight)
                for first in terms[0] if names else (terms[0],):  # names: each lemma of the first word
                    if candidate not in self._index[lang][first]:
                        self._index[lang][first].append(candidate)
                if case:
                    self._cased[lang][candidate] = case

    def _phrase_terms(self, phrase: str, lang: str) -> list:
        if self._names:
            return [piece.terms for piece in _pieces(phrase, lang)]
        return analyze_terms(phrase, lang)

    def score(self, text: str, lang: str, factor: float = 1.0, cased: bool = False) -> Counter[str]:
        """Sum of weights of matched phrases per key."""
        scores: Counter[str] = Counter()
        for (key, _phrase, weight), count in self.matches(text, lang, cased).items():
            scores[key] += weight * count * factor
        return scores

    def matches(self, text: str, lang: str, cased: bool = False) -> Counter[tuple[str, tuple, float]]:
        """How often each (key, phrase terms, weight) occurs; the longest phrase wins at each position.
        ``cased``: the text is a document, whose capitals count (names mode only)."""
        lang = lang if lang in self._index else "en"
        if self._names:
            return self._match_names(_pieces(text, lang), lang, cased)
        index = self._index[lang]
        terms = analyze_terms(text, lang)
        if lang in _ADJECTIVE_RE:
            terms = [_place_base(term, lang, index) for term in terms]
        found: Counter[tuple[str, tuple, float]] = Counter()
        position = 0
        while position < len(terms):
            best = None
            for candidate in index.get(terms[position], ()):
                phrase = candidate[0]
                if tuple(terms[position : position + len(phrase)]) == phrase:
                    if best is None or len(phrase) > len(best[0]):
                        best = candidate
            if best:
                found[(best[1], best[0], best[2])] += 1
                position += len(best[0])
            else:
                position += 1
        return found

    def spans(self, text: str, lang: str, cased: bool = False) -> list[tuple[int, str, float]]:
        """Each matched name (names mode) with its word position: (position, key, weight), in text order.
        Where a name stands says how salient it is (the lead, a list of neighbours)."""
        lang = lang if lang in self._index else "en"
        return [(position, candidate[1], candidate[2])
                for position, candidate in self._name_spans(_pieces(text, lang), lang, cased)]

    def _match_names(self, pieces: list[Piece], lang: str, cased: bool) -> Counter[tuple[str, tuple, float]]:
        found: Counter[tuple[str, tuple, float]] = Counter()
        for _position, best in self._name_spans(pieces, lang, cased):
            found[(best[1], best[0], best[2])] += 1
        return found

    def _name_spans(self, pieces: list[Piece], lang: str, cased: bool) -> list[tuple[int, Candidate]]:
        found: list[tuple[int, Candidate]] = []
        position = 0
        while position < len(pieces):
            best: Candidate | None = None
            adjective = False
            for candidate, is_adjective in self._candidates(pieces[position].terms, lang):
                phrase = candidate[0]
                window = pieces[position : position + len(phrase)]
                if len(window) == len(phrase) and all(
                    _same_word(piece.terms, terms, lang) or (i == 0 and is_adjective)
                    for i, (piece, terms) in enumerate(zip(window, phrase, strict=True))
                ):
                    needs = None if is_adjective else self._cased[lang].get(candidate)
                    # a query has no case, but a Latin abbreviation in small letters is a word (us, uk)
                    strict = cased or (needs == "upper" and any(_LATIN_RE.search(p.surface) for p in window))
                    if needs and strict and not _case_fits(window, needs):
                        continue
                    if best is None or len(phrase) > len(best[0]):
                        best, adjective = candidate, is_adjective
            if best:
                found.append((position, best))
                position += 1 if adjective else len(best[0])
            else:
                position += 1
        return found

    def _candidates(self, terms: Terms, lang: str) -> Iterable[tuple[Candidate, bool]]:
        """Phrases that may start at a word: by its terms (Kazakh: by any beginning), then as an adjective."""
        index = self._index[lang]
        for term in terms:
            ends = range(len(term), 1, -1) if lang == "kk" else (len(term),)
            for end in ends:
                yield from ((c, False) for c in index.get(term[:end], ()))
            base = _adjective_base(term, lang, index)
            if base:
                yield from ((c, True) for c in index[base] if len(c[0]) == 1)


def _same_word(text_terms: Terms, entry_terms: Terms, lang: str) -> bool:
    """Whether a word of the text is a form of a word of an entry."""
    if text_terms & entry_terms:
        return True
    if lang != "kk":
        return False
    text, entry = next(iter(text_terms)), next(iter(entry_terms))
    # only endings follow the name: Суданда is Судан + да, су is not Судан. The stemmer judges the
    # endings; a loan name's endings may ignore vowel harmony (Беларусьпен, Израильде), so a single
    # case ending of either harmony also counts.
    if not text.startswith(entry):
        return False
    return text[len(entry) :] in _KK_CASE_ENDINGS or _spelled(entry).startswith(kazakh_stem(text))


_KK_CASE_ENDINGS = frozenset(
    "ның нің дың дің тың тің ны ні ды ді ты ті н ға ге қа ке на не а е да де та те нда нде дан ден тан тен "
    "нан нен мен бен пен дағы дегі тағы тегі ндағы ндегі ы і сы сі".split()
    # Kyrgyz (read with the Kazakh analyzer: Кыргызстандын, Өзбекстанга, Бишкектеги), and Uzbek and Tajik in
    # Cyrillic (Ўзбекистоннинг, Тошкентга, Тоҷикистонро), whose endings the Kazakh stemmer does not know
    + "дын дин дун дүн тын тин тун түн нын нин нун нүн га го гө ка ко кө до дө то тө дон дөн тон төн нан "
    "дагы деги догу дөгү тагы теги тогу төгү ду дү ту тү нинг ни дан даги ро".split()
)


def _case_of(phrase: str) -> str | None:
    """The case a name asks of the text: "upper" for an abbreviation (США), "title" for a capitalised name."""
    if not phrase[:1].isupper():
        return None
    return "upper" if all(ch.isupper() for ch in phrase if ch.isalpha()) else "title"


def _case_fits(window: list[Piece], needs: str) -> bool:
    if needs == "upper":
        return all(_upper(piece.surface) for piece in window)
    return any(piece.surface[:1].isupper() for piece in window)


_LATIN_RE = re.compile("[a-zA-Z]")


def _upper(surface: str) -> bool:
    """АҚШ, and АҚШ-тың: the letters before a hyphen are capitals; Kyrgyz and Uzbek glue the endings on (АКШнын,
    AQSHning): two capitals or more, then small letters only."""
    head = re.split(r"[-']", surface, maxsplit=1)[0]
    return head.isupper() or _GLUED_ENDING_RE.fullmatch(head) is not None


_GLUED_ENDING_RE = re.compile(r"[^\W\d_a-zа-яёәғқңөұүһіўҳ]{2,}[a-zа-яёәғқңөұүһіўҳ]+")


# Place adjectives name their place: Баткенской области → Баткен, Түркістандық → Түркістан.
_ADJECTIVE_RE = {"ru": re.compile(r"(?<=.{3})(ский|цкий)$"), "kk": re.compile(r"(?<=.{3})(лық|лік|дық|дік|тық|тік)$")}
# In the names mode short places have adjectives too (Ошская область → Ош), and Kazakh adjectives may
# carry endings of their own (ресейліктер, қытайлықтың).
_RU_ADJECTIVE_RE = re.compile(r"(?<=.{2})(ский|цкий)$")
_KK_ADJECTIVE_RE = re.compile(r"(?<=.{3})(лы|лі|ды|ді|ты|ті)[қкғг]")


def _place_base(term: str, lang: str, index: dict) -> str:
    if term in index:
        return term
    base = _ADJECTIVE_RE[lang].sub("", term)
    if base == term:
        return term
    for candidate in (base, base + "а", base + "ь"):
        if candidate in index:
            return candidate
    return term


def _adjective_base(term: str, lang: str, index: dict) -> str | None:
    """The place a names-mode term is the adjective of, if it is one (баткенский → баткен, ресейлік → ресей)."""
    if lang == "ru":
        base = _RU_ADJECTIVE_RE.sub("", term)
        if base != term:
            return next((c for c in (base, base + "а", base + "ь") if c in index), None)
        return None
    if lang == "kk":
        stemmed = kazakh_stem(term)
        for match in _KK_ADJECTIVE_RE.finditer(term):
            base = term[: match.start()]
            spelled = _spelled(base)
            if base in index and stemmed.startswith(spelled) and stemmed[len(spelled) :] in _KK_ADJECTIVE_ENDS:
                return base
    return None


_KK_ADJECTIVE_ENDS = frozenset({"лық", "лік", "дық", "дік", "тық", "тік"})


_IOTATED = re.compile("([аәеоөұүыі])([яю])")
_INNER_QUOTE_RE = re.compile(r"(?<=[^\W\d_])[‘ʻ`](?=[^\W\d_])")


def _spelled(word: str) -> str:
    """A Kazakh word spelled as the stemmer spells it (Корея → кореиа)."""
    return _IOTATED.sub(lambda m: m.group(1) + ("иа" if m.group(2) == "я" else "иу"), word)


def _pieces(text: str, lang: str) -> list[Piece]:
    """The words of a text with their terms; a hyphenated word, then each of its parts (as the chains do)."""
    pieces: list[Piece] = []
    text = _INNER_QUOTE_RE.sub("'", text)  # Uzbek O‘zbekiston, Qirgʻiziston: one word
    for word in WORD_RE.findall(unify_apostrophes(normalize_text(text))):
        pieces.extend(_word_pieces(word, lang))
    return pieces


@lru_cache(maxsize=200_000)
def _word_pieces(word: str, lang: str) -> tuple[Piece, ...]:
    parts = [word] + ([p for p in word.split("-") if p] if "-" in word else [])
    pieces = [Piece(part, terms) for part in parts for terms in [_terms(part, lang)] if terms]
    return tuple(pieces)


def _terms(word: str, lang: str) -> Terms:
    if lang == "ru":
        return _russian_terms(word)
    if lang == "kk":
        return frozenset({kazakh_normalize(word)})
    return frozenset({english_stem(word.lower())})


def _russian_terms(word: str) -> Terms:
    """The word and every lemma pymorphy3 gives it (ё as е); none for a stop word; Latin words as written.
    The word itself counts because pymorphy3 guesses a wrong lemma for some unknown names (Жанаозен)."""
    lower = word.lower().replace("ё", "е")
    if not any("а" <= ch <= "я" for ch in lower):
        return frozenset({lower})
    lemmas = [parse.normal_form.replace("ё", "е") for parse in morph().parse(lower)]
    if lower in _RU_STOP or lemmas[0] in _RU_STOP:
        return frozenset()
    if lower.endswith(("ско", "цко")):  # российско-китайский: the first part of a compound adjective
        lemmas.append(lower[:-1] + "ий")
    return frozenset([lower, *lemmas])


_RU_STOP = stop_words("ru")
