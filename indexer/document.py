"""The document as every reader produces it and the enricher completes it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """One archive item. Empty fields are filled by enrichment; editor-given values are kept."""

    id: str
    title: str
    body: str
    lang: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    source: str = ""
    url: str = ""
    origin: str = ""  # file (and line) it was read from, for reports
    html_date: str | None = None  # a date found in HTML metadata, weaker than the editor's
    page_text: str | None = None  # the whole page when the body is only its main part: bylines hold dates
    url_date: str | None = None  # a date the address carries (/2021/08/15/): kept apart, never the publication date
    translation_of: list[str] = field(default_factory=list)  # ids of the editor's other language versions


@dataclass
class Skipped:
    """An input that could not become a document, and why."""

    origin: str
    reason: str
