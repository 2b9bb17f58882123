"""Themes from the editable taxonomy (``data/taxonomy.yaml``), assigned by keyword scoring."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from indexer.extract.matcher import PhraseMatcher

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"
TITLE_FACTOR = 3.0
RELATIVE_FLOOR = 0.3  # a theme needs this share of the strongest theme's evidence


@dataclass(frozen=True)
class Taxonomy:
    threshold: float
    labels: dict[str, dict[str, str]]  # theme id → {lang: label}
    keywords: dict[str, dict[str, list[str]]]  # theme id → {lang: [keyword]}
    names: dict[str, dict[str, list[str]]]  # theme id → {lang: [words naming the theme itself]}


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    with open(TAXONOMY_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    themes = data["themes"]
    return Taxonomy(
        threshold=float(data.get("threshold", 3)),
        labels={tid: dict(t.get("labels", {})) for tid, t in themes.items()},
        keywords={tid: dict(t.get("keywords", {})) for tid, t in themes.items()},
        names={tid: dict(t.get("names", {})) for tid, t in themes.items()},
    )


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    entries = [
        (keyword, theme_id, 1.0)
        for theme_id, by_lang in taxonomy().keywords.items()
        for words in by_lang.values()
        for keyword in words
    ]
    return PhraseMatcher(entries)


def theme_scores(title: str, body: str, lang: str) -> Counter[str]:
    """Evidence per theme: each keyword counts by its length in words (specific phrases weigh more)
    and by the logarithm of its frequency (one word repeated is weak evidence); title mentions triple."""
    scores: Counter[str] = Counter()
    for text, factor in ((body, 1.0), (title, TITLE_FACTOR)):
        for (theme, phrase, _), count in _matcher().matches(text, lang).items():
            scores[theme] += factor * len(phrase) * (1.0 + math.log(count))
    return scores


def find_themes(title: str, body: str, lang: str, limit: int = 3) -> list[str]:
    """Theme ids whose keywords weigh enough in the text, strongest first."""
    scores = theme_scores(title, body, lang)
    if not scores:
        return []
    top = max(scores.values())
    floor = max(taxonomy().threshold, RELATIVE_FLOOR * top)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [theme for theme, score in ranked if score >= floor][:limit]


@lru_cache(maxsize=1)
def _names_matcher() -> PhraseMatcher:
    entries = [
        (name, theme_id, 1.0)
        for theme_id, by_lang in taxonomy().names.items()
        for names in by_lang.values()
        for name in names
    ]
    return PhraseMatcher(entries)


def themes_named(text: str) -> set[str]:
    """Themes a short text names itself (``экстремизм``, ``extremism``), read in every language."""
    found: set[str] = set()
    for lang in ("en", "ru", "kk"):
        found |= set(_names_matcher().score(text, lang))
    return found
