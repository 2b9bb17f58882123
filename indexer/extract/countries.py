"""Countries a document is about, and every country it mentions: each country by its ISO names in
en/ru/kk (pycountry), plus the editable ``data/places.yaml`` (short names, abbreviations, adjectives,
cities and regions; read its header). Matching is strict about names (``PhraseMatcher(names=True)``):
Дания is not данных, Судан is not су."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import pycountry
import yaml

from analyzers.chains import stop_words
from indexer.extract.matcher import PhraseMatcher
from indexer.extract.paragraphs import paragraphs
from indexer.extract.reading import reading

PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yaml"
WEIGHTS = {"names": 1.0, "demonyms": 0.8, "peoples": 0.8, "places": 0.7, "leaders": 0.7}
TITLE_FACTOR = 3.0
SPREAD_BASE = 0.25  # a country named in one of the paragraphs that name countries keeps about this factor
RELATIVE_FLOOR = 0.35  # a country needs this share of the most salient country's score


@cache
def country_labels(ui_lang: str) -> dict[str, str]:
    """ISO code → country name in en, ru or kk."""
    translate = _translator(ui_lang)
    labels = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        labels[country.alpha_2] = translate(name) if ui_lang != "en" else name
    labels.update(_short_labels(ui_lang))
    return labels


def _translator(lang: str):
    if lang == "en":
        return lambda s: s
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def _short_labels(ui_lang: str) -> dict[str, str]:
    """The short name an editor listed first in places.yaml, where pycountry's is official and long."""
    short = {}
    for code, entry in _country_entries():
        for name in entry.get("names", []):
            if _script_lang(name) == ui_lang:
                short[code] = name
                break
        if ui_lang in (entry.get("label") or {}):
            short[code] = entry["label"][ui_lang]
    return short


def _script_lang(name: str) -> str:
    if any(ch in "әғқңөұүһі" for ch in name.lower()):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in name):
        return "ru"
    return "en"


@lru_cache(maxsize=1)
def _places() -> dict[str, dict]:
    with open(PLACES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _country_entries() -> list[tuple[str, dict]]:
    """The countries of places.yaml (keys that are codes: KZ, "NO"), without its lists and settings."""
    return [(str(code), entry) for code, entry in _places().items()
            if isinstance(entry, dict) and len(str(code)) == 2 and str(code).isupper()]


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    """Every name, demonym, people, place and leader; the ``ignore`` phrases, the ``regions`` and the phrases in
    which a people's name is the people are entries too (key ``""``, listed first so that they win ties), so
    that the longest phrase wins over a country name inside it (Латинская Америка, Ферганская долина,
    ethnic Uzbeks) and is then dropped."""
    ignored = [str(name) for name in [*(_places().get("ignore") or []), *(_places().get("regions") or [])]]
    ignored += _people_not_state()
    entries: list[tuple[str, str, float]] = [(name, "", 0.0) for name in ignored]
    skip = {name.lower() for name in ignored}
    for lang in ("en", "ru", "kk"):
        translate = _translator(lang)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                name = translate(value) if value and lang != "en" else value
                if name and name.lower() not in skip:
                    entries.append((name, country.alpha_2, 1.0))
    for code, entry in _country_entries():
        for kind, weight in WEIGHTS.items():
            for name in entry.get(kind, []) or []:
                entries.append((str(name), code, weight))
    return PhraseMatcher(entries, names=True)


def _people_not_state() -> list[str]:
    """Phrases in which a people's name is the people, not its state (ethnic Uzbeks, узбекский язык): each name of
    ``peoples`` with each ``people_context`` word of its alphabet, before or after it."""
    context = _places().get("people_context") or {}
    phrases = []
    for _code, entry in _country_entries():
        for name in entry.get("peoples", []) or []:
            name = str(name)
            phrases += [f"{word} {name}" for word in context.get("before", []) or [] if _latin(word) == _latin(name)]
            phrases += [f"{name} {word}" for word in context.get("after", []) or [] if _latin(word) == _latin(name)]
    return phrases


def _latin(text: str) -> bool:
    """Whether a word is written without Cyrillic letters (a context word pairs with names of its alphabet)."""
    return not any("\u0400" <= ch <= "\u04ff" for ch in text)


@lru_cache(maxsize=1)
def _regions() -> PhraseMatcher:
    """The ``regions`` of places.yaml (Central Asia): a page that names one and no country is regional."""
    return PhraseMatcher(((str(name), "region", 1.0) for name in _places().get("regions", []) or []), names=True)


def _current(code: str) -> bool:
    """Whether a code is a country of today (SU, YU are mentions of history, not facets)."""
    return pycountry.countries.get(alpha_2=code) is not None


def find_countries(title: str, body: str, lang: str, limit: int = 5) -> list[str]:
    """ISO codes of the countries a text is about, most salient first (passing mentions left out).

    A page that names no country gets its language's country where ``places.yaml: by_language`` names one
    (a Kazakh article that names no country is Kazakhstan's), unless it names a region (Central Asia): a
    regional page that names no particular country gets none. A page whose countries are each named once in
    passing is read the same way (a Kazakh article on school uniforms that cites Egypt once is Kazakhstan's;
    an English one that does gets Egypt, there being nothing else). A country's mentions (headline
    mentions count ``TITLE_FACTOR`` times) are multiplied by how widely it runs through the text:
    ``SPREAD_BASE`` plus the share of the country-naming paragraphs that name it, or plus 1 for a
    country the headline names (a headline is about the whole text). A related story at the foot of a
    page names its own country often, but in one paragraph. A page in a language without an analyzer
    (Polish, Lithuanian) is read for the ``stems`` of places.yaml too."""
    matcher = _matcher()
    read = reading(title, body, lang)
    page_lang, lang, cased = lang, read.langs[0], read.cased
    scores: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    first: dict[str, int] = {}  # the paragraph that names each country first: ties go to the earlier
    naming = 0  # paragraphs that name any country
    foreign = page_lang not in ("en", "ru", "kk")
    for i, paragraph in enumerate(paragraphs(_without_people(read.body))):
        found = {code: score for code, score in matcher.score(paragraph, lang, cased=cased).items()
                 if code and _current(code)}
        if foreign:  # a name in a language without an analyzer, where no name of ours was read
            found |= {code: score for code, score in _stem_scores(paragraph).items() if score > found.get(code, 0.0)}
        scores.update(found)
        spread.update(found.keys())
        naming += bool(found)
        for code in found:
            first.setdefault(code, i)
    titled = {code: score for code, score in
              matcher.score(_without_people(read.title), lang, TITLE_FACTOR, cased=cased).items()
              if code and _current(code)}
    if foreign:
        titled |= {code: score * TITLE_FACTOR for code, score in _stem_scores(read.title).items()
                   if score * TITLE_FACTOR > titled.get(code, 0.0)}
    if not titled and max(scores.values(), default=0.0) <= WEIGHTS["names"]:  # none, or each named once
        default = (_places().get("by_language") or {}).get(page_lang)
        if default or not scores:
            regional = _regions().score(f"{read.title}\n{read.body}", lang)
            return [str(default)] if default and not regional else []
    scores.update(titled)
    if naming:
        share = {code: 1.0 if code in titled else spread[code] / naming for code in scores}
        scores = Counter({code: score * (SPREAD_BASE + share[code]) for code, score in scores.items()})
    floor = max(WEIGHTS["places"], RELATIVE_FLOOR * max(scores.values()))
    ranked = sorted(scores.items(), key=lambda kv: (-round(kv[1], 6), kv[0] not in titled, first.get(kv[0], -1)))
    return [code for code, score in ranked if score >= floor][:limit]


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    """``stems`` of places.yaml, folded (small letters, no accents) → country code."""
    return {_fold(str(stem)): code for code, entry in _country_entries() for stem in entry.get("stems", []) or []}


def _fold(word: str) -> str:
    """A word in small letters without accents or apostrophes (Turkmėnistane → turkmenistane, O‘zbek → ozbek)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNACCENTED))
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


_UNACCENTED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ß": "ss", "đ": "d"})
_FOREIGN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’‘ʻ`][^\W\d_]+)*")


def _stem_scores(text: str) -> Counter[str]:
    """Countries named in a text of a language without an analyzer: words that begin with one of their ``stems``,
    each counted as a name."""
    stems = _stems()
    lengths = sorted({len(stem) for stem in stems}, reverse=True)
    found: Counter[str] = Counter()
    for word in _FOREIGN_WORD_RE.findall(text):
        folded = _fold(word)
        code = next((stems[folded[:n]] for n in lengths if folded[:n] in stems), None)
        if code and _current(code):
            found[code] += WEIGHTS["names"]
    return found


@lru_cache(maxsize=1)
def _person_re() -> re.Pattern[str] | None:
    """A name of ``places.yaml: person_like`` (Iceland, Jordan) right after a capitalised word: a person."""
    names = [str(name) for name in _places().get("person_like", []) or []]
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b([A-Z][a-z]+)[ \t]+({alternatives})\b")


def _without_people(text: str) -> str:
    """The text with each person-like country name that follows a first name (John Iceland, not "in Iceland"
    or "of Georgia") blanked out."""
    pattern = _person_re()
    if pattern is None:
        return text
    english = stop_words("en")
    return pattern.sub(lambda m: m.group(0) if m.group(1).lower() in english else f"{m.group(1)} –", text)


def countries_named(text: str, min_weight: float = WEIGHTS["demonyms"]) -> set[str]:
    """Countries a short text names (by name or demonym, not by a city), read in every language; a query
    is typed in any case, so case does not count here."""
    found: set[str] = set()
    for lang in ("en", "ru", "kk"):
        found |= {code for code, score in _matcher().score(text, lang).items()
                  if code and _current(code) and score >= min_weight}
    return found


def countries_mentioned(text: str, lang: str) -> set[str]:
    """Countries a text mentions by name or adjective (any inflected form), however often; not by a city."""
    return {key for key, _phrase, weight in _matcher().matches(text, lang, cased=True)
            if key and weight >= WEIGHTS["demonyms"]}


def places_mentioned(text: str, lang: str) -> set[str]:
    """Countries whose cities, regions or leaders a text mentions (their names and adjectives left out)."""
    return {key for key, _phrase, weight in _matcher().matches(text, lang, cased=True)
            if key and weight < WEIGHTS["demonyms"]}
