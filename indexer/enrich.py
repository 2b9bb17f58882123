"""Completes a document: checks what the editor gave, finds what is missing.

Editor-given values always win when they are valid; invalid ones are reported and replaced by
what the text says, so that a typo in front matter loses nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

import pycountry

from analyzers import detect_language
from indexer.document import Document
from indexer.extract.countries import PLACES_FILE, find_countries
from indexer.extract.dates import date_in_url, parse_iso
from indexer.extract.furniture import without_furniture
from indexer.extract.pubdate import find_publication_date
from indexer.extract.theme_model import MODEL_FILE, meaning_on
from indexer.extract.theme_model import variant as theme_variant
from indexer.extract.themes import TAXONOMY_FILE, choose_themes, taxonomy

KNOWN_LANGS = ("en", "ru", "kk", "other")
DETECTION_CHARS = 3000
# Raise when the extractors' code changes what they find; an edit to the data files counts by itself.
# 2: countries weighed by their spread over paragraphs, typographic apostrophes, navigation lines skipped;
# 3: themes' context words, a country in the title counts as spread over the whole text, one paragraph
# splitter for countries and themes (lines, in a text without blank lines)
# 4: the publication date or none (metadata line, date line, dateline; no dates from running text), headlines
# scored against the text they stand above, url_date
# 5: themes by a model learned from labelled pages (data/theme_model.json); countries of Arabic-script Kazakh,
# Kyrgyz and Uzbek pages, a person named like a country, the language's country for a page naming none
# 6: themes with the document vector when the vector cache holds it, the basis stored (``themes_basis``)
# 7: peoples' names, heads of state, name stems on other-language pages, passing mentions on Kazakh pages;
# datelines glued to repeated lines, leads written on their day, UN document dates, catalogue records
# 8: countries kept by a fitted salience model; bylines of several authors, captions before datelines, Solar
# Hijri dates, spans and named events refused; a page below every theme threshold gets the nearest one
# 9: Kyrgyz, Uzbek, Tajik case endings and places in their own spelling, site domains, affiliation lines and
# quoted broadcasters ignored, salience refitted; theme model retrained on the current analysis
# 10: titles by the first paragraph's echo and the headline printed with the site's name; a headline's country
# kept only when the text retells it
# 11: titles: headlines broken over lines joined, "Rubric | Headline" split, capitals headlines cut from their
# standfirst, dated link lists; countries: agency datelines, country menus and other-stories lists ignored,
# Kyrgyz and Uzbek names of the neighbourhood
# 12: dates: a legal act's own line with its kind first, a date shown above the headline and in the dateline;
# titles: a digital library's "статья на тему 'X'", keyword lists, headlines broken after a function word or set
# in capitals over lines; countries: Arabic, Persian and Hungarian stems, Arabic-script pages not in Kazakh unspelt
# 13: countries: the region's names in Hindi, Japanese, Chinese, Korean, Georgian, Armenian, Greek and Thai, Kazakh
# ғана no longer Ghana; titles: photo captions; dates: the Arabic comma, Kazakh acts with "жылғы", an act's line
# with its registration run on, a figure's date with its footnote; titles: Wikipedia article names, view counters,
# privacy notices; language: Kazakh in Arabic letters with the в of Russian names (ۆ), texts mostly in other
# scripts, Latin texts of other languages in short sentences
# 14: language read past web addresses and markup; titles without inline tags, controls, skip links or plug-in
# notices, a page without a headline named by its first sentence past bylines and credited captions; a JSON
# record without a title gets its text's headline
EXTRACTION_VERSION = 14


def rules_fingerprint() -> str:
    """What enrichment depends on besides the document: the extractors' version and the editors' data
    files. Part of each document's content hash, so that ``peacesearch index`` re-enriches every
    document after an editor adds a place or a theme keyword. The switches are read at each call: a
    process that changes them (a test, a bench) and the worker processes it starts must agree."""
    # themes read the document vector only with meaning on (a cached one; or, asked for, computed)
    return fingerprint_of_rules(theme_variant(), meaning_on())


@cache
def fingerprint_of_rules(variant: str, meaning: bool) -> str:
    """``rules_fingerprint`` for the given switches (the files are read once per process: clear the cache
    after editing them in place)."""
    digest = hashlib.sha256(str(EXTRACTION_VERSION).encode())
    for path in (TAXONOMY_FILE, PLACES_FILE, MODEL_FILE):
        digest.update(path.read_bytes())
    digest.update(f"{variant} {meaning}".encode())
    return digest.hexdigest()[:16]


@dataclass
class Enrichment:
    """What enrichment did to one document: warnings, and the fields it could not fill."""

    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)  # what was found on evidence an editor should check
    # What the themes came from: "given" by the editor, or found on the document's "vector" or its "words"
    # alone (the embedding job re-indexes those once their vector is cached: indexer/embed.py)
    themes_basis: str = "given"


def enrich(doc: Document) -> Enrichment:
    """Fills lang, countries, themes and date in place; returns warnings and what stayed missing."""
    result = Enrichment()
    _check_lang(doc, result)
    _check_countries(doc, result)
    _check_themes(doc, result)
    _check_date(doc, result)
    text = without_furniture(doc.body)
    if not doc.countries:
        doc.countries = find_countries(doc.title, text, doc.lang)
    if not doc.themes:
        doc.themes, result.themes_basis = choose_themes(doc.title, text, doc.lang, whole=(doc.title, doc.body))
    if not doc.date:
        found = find_publication_date(doc.page_text or doc.body, doc.title)
        doc.date = str(found.value) if found else None
        if found and found.weak:
            result.weak.append(f"date {found.value} from a {found.evidence}: {found.line[:80]!r}")
    url_date = date_in_url(doc.url) if doc.url else None
    doc.url_date = str(url_date) if url_date else None  # never the publication date: reposts keep old addresses
    result.missing = [
        name for name in ("countries", "themes", "date") if not getattr(doc, name)
    ]
    return result


def _check_lang(doc: Document, result: Enrichment) -> None:
    if doc.lang:
        lang = doc.lang.lower().split("-")[0]
        if lang in KNOWN_LANGS:
            doc.lang = lang
            return
        result.warnings.append(f"unknown language {doc.lang!r}: detected from the text instead")
    doc.lang = detect_language(f"{doc.title}\n{doc.body[:DETECTION_CHARS]}")


def _check_countries(doc: Document, result: Enrichment) -> None:
    codes = []
    for value in doc.countries:
        code = _country_code(value)
        if code:
            if code not in codes:
                codes.append(code)
        else:
            result.warnings.append(f"unknown country {value!r} ignored")
    doc.countries = codes


def _country_code(value: str) -> str | None:
    value = value.strip()
    if len(value) == 2 and pycountry.countries.get(alpha_2=value.upper()):
        return value.upper()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


def _check_themes(doc: Document, result: Enrichment) -> None:
    known = taxonomy().labels
    themes = []
    for value in doc.themes:
        theme = value.strip().lower()
        if theme in known:
            if theme not in themes:
                themes.append(theme)
        else:
            result.warnings.append(f"unknown theme {value!r} ignored (see indexer/data/taxonomy.yaml)")
    doc.themes = themes


def _check_date(doc: Document, result: Enrichment) -> None:
    for given, origin in ((doc.date, "date"), (doc.html_date, "HTML date")):
        if not given:
            continue
        try:
            doc.date = str(parse_iso(given))
            return
        except ValueError as exc:
            result.warnings.append(f"invalid {origin} {given!r} ({exc}): date taken from the text")
    doc.date = None
