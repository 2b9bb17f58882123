"""Markdown and text files, with or without YAML front matter.

With front matter, what the editor wrote is taken as given. Without it, the file is a raw page:
the first line that reads like a headline becomes the title, and enrichment finds the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from analyzers.tokenize import SENTENCE_BREAK_RE
from indexer.document import Document, Skipped
from indexer.sources.fields import as_list, date_str, optional_str
from indexer.sources.furniture import is_furniture

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.S)


class _StringDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so 2019-13-45 is reported, not a crash."""


_StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+")
HEADLINE_MAX_WORDS = 25  # a longer first line is the text's first paragraph, not its headline
TITLE_MAX_CHARS = 200


def read_frontmatter_file(path: Path) -> Iterator[Document | Skipped]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        yield Skipped(str(path), "binary file, not text")
        return
    text = raw.decode("utf-8")
    yield parse_frontmatter_text(text, default_id=path.stem, origin=str(path))


def parse_frontmatter_text(text: str, default_id: str, origin: str) -> Document | Skipped:
    """One document from Markdown/text, front matter optional."""
    text = text.lstrip("\ufeff")
    meta: dict = {}
    match = FRONT_MATTER_RE.match(text)
    if match:
        try:
            loaded = yaml.load(match.group(1), Loader=_StringDatesLoader)  # noqa: S506 - a SafeLoader
        except yaml.YAMLError as exc:
            return Skipped(origin, f"broken front matter: {str(exc).splitlines()[0]}")
        if loaded is not None and not isinstance(loaded, dict):
            return Skipped(origin, "broken front matter: expected 'key: value' lines")
        meta = loaded or {}
        text = text[match.end():]
    elif text.startswith("---"):
        return Skipped(origin, "broken front matter: no closing '---' line")
    body = text.strip()
    title = str(meta.get("title") or "").strip()
    if not title:
        title, body = _title_from_text(body)
    if not body and not title:
        return Skipped(origin, "empty document: no title and no text")
    doc = Document(
        id=str(meta.get("id") or default_id).strip(),
        title=title,
        body=body,
        lang=optional_str(meta.get("lang")),
        date=date_str(meta.get("date")),
        countries=as_list(meta.get("countries") or meta.get("country")),
        themes=as_list(meta.get("themes") or meta.get("theme")),
        source=str(meta.get("source") or ""),
        url=str(meta.get("url") or meta.get("source_url") or ""),
        origin=origin,
    )
    return doc


def _title_from_text(body: str) -> tuple[str, str]:
    """The first headline-like line (not menu furniture) as title; the body keeps all text. A page that
    opens with prose has no headline: its first sentence stands in, as a reader would quote it."""
    for line in body.splitlines():
        candidate = _MARKDOWN_HEADING_RE.sub("", line).strip()
        words = len(candidate.split())
        if words < 3 or is_furniture(candidate):
            continue
        if words > HEADLINE_MAX_WORDS:
            candidate = SENTENCE_BREAK_RE.split(candidate, maxsplit=1)[0]
        return _shortened(candidate), body
    first = body.splitlines()[0].strip() if body else ""
    return _shortened(first), body


def _shortened(title: str) -> str:
    """At most ``TITLE_MAX_CHARS``, cut at a word boundary."""
    if len(title) <= TITLE_MAX_CHARS:
        return title
    return title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
