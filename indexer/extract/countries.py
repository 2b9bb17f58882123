"""Countries a document is about: every country by its ISO names in en/ru/kk (pycountry), plus the
editable ``data/places.yaml`` (short names, demonyms, cities and regions of Central Asia)."""

from __future__ import annotations

import gettext
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import pycountry
import yaml

from indexer.extract.matcher import PhraseMatcher

PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yaml"
WEIGHTS = {"names": 1.0, "demonyms": 0.8, "places": 0.7}
TITLE_FACTOR = 3.0


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
    for code, entry in _places().items():
        if code == "ignore":
            continue
        for name in entry.get("names", []):
            if _script_lang(name) == ui_lang:
                short[code] = name
                break
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


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    entries: list[tuple[str, str, float]] = []
    ignored = {str(name).lower() for name in _places().get("ignore", [])}
    for lang in ("en", "ru", "kk"):
        translate = _translator(lang)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                name = translate(value) if value and lang != "en" else value
                if name and name.lower() not in ignored:
                    entries.append((name, country.alpha_2, 1.0))
    for code, entry in _places().items():
        if code == "ignore":
            continue
        for kind, weight in WEIGHTS.items():
            for name in entry.get(kind, []) or []:
                entries.append((str(name), code, weight))
    return PhraseMatcher(entries)


def find_countries(title: str, body: str, lang: str, limit: int = 5) -> list[str]:
    """ISO codes of the countries a text is about, most salient first (passing mentions left out)."""
    scores: Counter[str] = _matcher().score(body, lang)
    scores.update(_matcher().score(title, lang, TITLE_FACTOR))
    if not scores:
        return []
    top = max(scores.values())
    floor = max(WEIGHTS["places"], 0.4 * top)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [code for code, score in ranked if score >= floor][:limit]


def countries_named(text: str, min_weight: float = WEIGHTS["demonyms"]) -> set[str]:
    """Countries a short text names (by name or demonym, not by a city), read in every language."""
    found: set[str] = set()
    for lang in ("en", "ru", "kk"):
        found |= {code for code, score in _matcher().score(text, lang).items() if score >= min_weight}
    return found
