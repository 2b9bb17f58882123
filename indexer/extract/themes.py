"""Themes of a page: the editable taxonomy's keywords (``data/taxonomy.yaml``) give evidence, and a linear model
learned from labelled real pages (``theme_model``) weighs that evidence together with the page's own words."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from analyzers import analyze_terms
from indexer.extract.matcher import PhraseMatcher
from indexer.extract.paragraphs import paragraphs
from indexer.extract.reading import reading
from indexer.extract.theme_model import Basis, basis, probabilities, rule_features, term_vector

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"
TITLE_FACTOR = 3.0
SPREAD_BASE = 0.5  # a theme in one corner of the text keeps this factor; one in all of it gets 1.5
BLOCK_LEAD = 0.5  # a theme leads a headed block with at least this share of the block's top score…
BLOCK_MIN = 3.0  # …and this much evidence in the block (two keywords, or one in the block's heading)
PARTS = frozenset({"terms", "vector", "rules"})  # what a theme's probability is made of (see theme_model)
_HEADING_END = re.compile(r"[.!?:;,…]$")  # a heading has no final punctuation…
_SENTENCE_END = re.compile(r"[.!?…)»\"”]$")  # …and the line under it reads as a sentence


@dataclass(frozen=True)
class Taxonomy:
    max_themes: int
    labels: dict[str, dict[str, str]]  # theme id → {lang: label}
    keywords: dict[str, dict[str, list[str]]]  # theme id → {lang: [keyword]}
    context: dict[str, dict[str, list[str]]]  # theme id → {lang: [word that counts only beside a keyword]}
    names: dict[str, dict[str, list[str]]]  # theme id → {lang: [words naming the theme itself]}
    broader: dict[str, str]  # theme id → the theme it is a part of


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    with open(TAXONOMY_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    themes = data["themes"]
    return Taxonomy(
        max_themes=int(data.get("max_themes", 5)),
        labels={tid: dict(t.get("labels", {})) for tid, t in themes.items()},
        keywords={tid: dict(t.get("keywords", {})) for tid, t in themes.items()},
        context={tid: dict(t.get("context", {})) for tid, t in themes.items()},
        names={tid: dict(t.get("names", {})) for tid, t in themes.items()},
        broader={tid: t["broader"] for tid, t in themes.items() if t.get("broader")},
    )


@cache
def _matcher(lang: str) -> PhraseMatcher:
    """Only the keywords and context words written for ``lang``: a keyword read by another language's
    analyzer can meet unrelated words (Kazakh ``сот`` 'court' becomes the stem of Russian ``сотен``
    'hundreds'). A language without its own lists gets every keyword."""
    return PhraseMatcher(
        (word, theme_id, 1.0)
        for lists in (taxonomy().keywords, taxonomy().context)
        for theme_id, by_lang in lists.items()
        for word_lang, words in by_lang.items()
        if word_lang in _langs(lang)
        for word in words
    )


@cache
def _context_phrases(lang: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """(theme, analysed words) of each context word ``lang`` reads."""
    return frozenset(
        (theme_id, tuple(analyze_terms(word, word_lang)))
        for theme_id, by_lang in taxonomy().context.items()
        for word_lang, words in by_lang.items()
        if word_lang in _langs(lang)
        for word in words
    )


def _langs(lang: str) -> set[str]:
    by_theme = taxonomy().keywords
    return {lang} if any(lang in by_lang for by_lang in by_theme.values()) else {"en", "ru", "kk"}


def _evidence(counts: Counter[tuple[str, ...]], factor: float) -> float:
    """Each keyword weighs its length in words (specific phrases weigh more), and a repeat adds only
    the logarithm of its count (one word said many times is weak evidence)."""
    return sum(factor * len(phrase) * (1.0 + math.log(count)) for phrase, count in counts.items())


def theme_scores(title: str, body: str, lang: str) -> Counter[str]:
    """Keyword evidence per theme (title mentions triple), times how widely the theme runs through the
    body: ``SPREAD_BASE`` plus the share of the body's characters in paragraphs that mention it, so a
    passing mention in one paragraph weighs less than a theme the whole text is about. A theme's
    context words (school, teacher for peace education) add to its evidence only where one of its
    keywords is found too: a school is where many stories happen, not a sign of the theme."""
    matcher = _matcher(lang)
    parts = paragraphs(body)
    total = sum(len(p) for p in parts) or 1
    body_counts: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    covered: Counter[str] = Counter()  # characters of the paragraphs mentioning each theme
    for paragraph in parts:
        found = matcher.matches(paragraph, lang)
        for (theme, phrase, _), count in found.items():
            body_counts[theme][phrase] += count
        for theme in {theme for theme, _, _ in found}:
            covered[theme] += len(paragraph)
    title_counts: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for (theme, phrase, _), count in matcher.matches(title, lang).items():
        title_counts[theme][phrase] += count
    context = _context_phrases(lang)
    keyed = {theme for counts in (body_counts, title_counts) for theme, phrases in counts.items()
             if any((theme, phrase) not in context for phrase in phrases)}
    scores: Counter[str] = Counter()
    for theme in keyed:
        evidence = _evidence(body_counts[theme], 1.0) + _evidence(title_counts[theme], TITLE_FACTOR)
        scores[theme] = evidence * (SPREAD_BASE + covered[theme] / total)
    return scores


@dataclass(frozen=True)
class Evidence:
    """What the taxonomy's keywords say about a page: a score per theme (``theme_scores``), and the themes
    that lead one of its headed blocks (a news listing's items)."""

    scores: dict[str, float]
    blocks: frozenset[str]
    narrower: dict[str, float]  # broader theme → the best score of its narrower themes


def keyword_evidence(title: str, body: str, lang: str) -> Evidence:
    """The taxonomy's evidence for each theme (a page in no language of ours, or in the Arabic script, is read
    as ``reading`` says: each theme keeps its best reading). A narrower theme's score is evidence for its
    ``broader`` theme too (how much, the model learned); a block is led by a theme with at least
    ``BLOCK_LEAD`` of the block's top score and ``BLOCK_MIN`` evidence."""
    read = reading(title, body, lang)
    scores: Counter[str] = Counter()
    for reading_lang in read.langs:
        for theme, score in theme_scores(read.title, read.body, reading_lang).items():
            scores[theme] = max(scores[theme], score)
    leads: set[str] = set()
    blocks = headed_blocks(read.body)
    if len(blocks) >= 2:
        for heading, text in blocks:
            block_scores = theme_scores(heading, text, read.langs[0])
            top = max(block_scores.values(), default=0.0)
            leads |= {theme for theme, score in block_scores.items() if score >= max(BLOCK_MIN, BLOCK_LEAD * top)}
    return Evidence(dict(scores), frozenset(leads), _narrower(scores))


def theme_probabilities(title: str, body: str, lang: str, parts: frozenset[str] = PARTS) -> dict[str, float]:
    """Each taxonomy theme's probability for a page (``theme_model``): the learned weights of its terms and
    of its document vector plus the taxonomy's keyword evidence. ``parts`` leaves some out, to measure
    what the others contribute."""
    read = reading(title, body, lang)
    return _probabilities(keyword_evidence(title, body, lang), read.title, read.body, read.langs[0], parts,
                          basis(read.title, read.body, (title, body)))


def _probabilities(evidence: Evidence, title: str, body: str, lang: str, parts: frozenset[str],
                   used: Basis) -> dict[str, float]:
    terms = term_vector(title, body, lang) if "terms" in parts else {}
    vector = used.vector if "vector" in parts else None
    rules = rule_features(evidence.scores, set(evidence.blocks), evidence.narrower) if "rules" in parts else {}
    return probabilities(terms, rules, list(taxonomy().labels), vector, used.model)


def find_themes(title: str, body: str, lang: str, parts: frozenset[str] = PARTS) -> list[str]:
    """Theme ids of a page (``choose_themes``)."""
    return choose_themes(title, body, lang, parts)[0]


def choose_themes(title: str, body: str, lang: str, parts: frozenset[str] = PARTS,
                  whole: tuple[str, str] | None = None) -> tuple[list[str], str]:
    """Theme ids of a page, most probable first, at most ``max_themes``, and the basis they were chosen on
    ("vector" when the vector cache held the whole-text vector of ``whole``, default the page itself; else
    "words"): each theme whose probability reaches its threshold (chosen on labelled pages, stored with the
    model), and each theme that leads one of the page's headed blocks (a listing's one item on the media is
    about the media, though the word is rare on the page as a whole); when none, the theme closest to its own
    threshold if it reaches the model's ``fallback`` share of it (every page of this archive is about something,
    but a weather report is about none of its themes; thresholds differ by theme, so a raw probability would
    favour the themes with high ones)."""
    read = reading(title, body, lang)
    used = basis(read.title, read.body, whole or (title, body))
    current = used.model
    evidence = keyword_evidence(title, body, lang)
    probs = _probabilities(evidence, read.title, read.body, read.langs[0], parts, used)
    leads = evidence.blocks if "rules" in parts else frozenset()
    threshold = {theme: current.threshold.get(theme, current.default_threshold) for theme in probs}
    chosen = {theme: p for theme, p in probs.items() if p >= threshold[theme] or theme in leads}
    if not chosen and probs:
        best = max(probs, key=lambda theme: (probs[theme] / threshold[theme], theme))
        if probs[best] >= current.fallback * threshold[best]:
            chosen[best] = probs[best]
    ranked = sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0]))
    return [theme for theme, _ in ranked][: taxonomy().max_themes], used.name


def _narrower(scores: Counter[str]) -> dict[str, float]:
    """Per broader theme, the best score of its narrower themes."""
    found: dict[str, float] = {}
    for theme, broader in taxonomy().broader.items():
        if scores.get(theme):
            found[broader] = max(found.get(broader, 0.0), scores[theme])
    return found


def headed_blocks(body: str) -> list[tuple[str, str]]:
    """The (heading, text) blocks of a body: a heading is a line of 3 to 25 words that opens a
    paragraph, starts with a capital, has no final punctuation and is followed by a sentence.
    Text before the first heading belongs to no block."""
    lines = [line.strip() for line in body.splitlines()]
    blocks: list[tuple[str, list[str]]] = []
    for i, line in enumerate(lines):
        if _is_heading(line, lines, i):
            blocks.append((line, []))
        elif blocks:
            blocks[-1][1].append(line)
    return [(heading, "\n".join(text)) for heading, text in blocks]


def _is_heading(line: str, lines: list[str], i: int) -> bool:
    if not (3 <= len(line.split()) <= 25 and line[0].isupper() and not _HEADING_END.search(line)):
        return False
    if i > 0 and lines[i - 1]:
        return False  # a heading opens a paragraph
    following = next((later for later in lines[i + 1 :] if later), "")  # only for candidates: no n² scan
    return len(following.split()) > 8 and bool(_SENTENCE_END.search(following))


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
