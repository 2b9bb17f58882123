"""Paragraphs, the unit in which the extractors judge how widely a country or a theme runs through a text."""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(body: str) -> list[str]:
    """The paragraphs of a text: blank-line separated, or its lines where it has no blank lines
    (a page's text as a crawler copied it)."""
    found = [part for part in _PARAGRAPH_BREAK.split(body) if part.strip()]
    if len(found) <= 1:
        found = [line for line in body.splitlines() if line.strip()]
    return found
