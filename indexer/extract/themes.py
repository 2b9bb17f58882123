"""Themes from the editable taxonomy (``data/taxonomy.yaml``), assigned by keyword scoring."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from indexer.extract.matcher import PhraseMatcher

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"
TITLE_FACTOR = 3.0


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


def find_themes(title: str, body: str, lang: str, limit: int = 4) -> list[str]:
    """Theme ids whose keywords weigh enough in the text, strongest first."""
    scores: Counter[str] = _matcher().score(body, lang)
    scores.update(_matcher().score(title, lang, TITLE_FACTOR))
    if not scores:
        return []
    top = max(scores.values())
    floor = max(taxonomy().threshold, 0.3 * top)
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
