"""Markdown and text files, with or without YAML front matter.

With front matter, what the editor wrote is taken as given. Without it, the file is a raw page:
the first line that reads like a headline becomes the title, and enrichment finds the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from analyzers.detect_repair import undo_mojibake
from indexer.document import Document, Skipped
from indexer.extract.titles import headline
from indexer.sources.checks import find_surrogate, surrogate_reason
from indexer.sources.fields import as_list, date_str, optional_str
from indexer.sources.html import parse_html

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.S)


class _StringDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so 2019-13-45 is reported, not a crash."""


_StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterLoader(_StringDatesLoader):
    """Refuses YAML aliases (``*name``): front matter needs none, and a few hundred bytes of nested
    aliases ("billion laughs") expand into gigabytes once anything walks the value."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark.line)
        return super().compose_node(parent, index)


class _AliasRefused(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__("aliases (*name) are not allowed in front matter")
        self.line = line  # 0-based, in the front matter


_SURROGATE_ESCAPE_RE = re.compile(r"\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})")


_HTML_START_RE = re.compile(r"^\ufeff?\s*(?:<!doctype\s+html|<html[\s>])", re.I)


def read_frontmatter_file(path: Path) -> Iterator[Document | Skipped]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        yield Skipped(str(path), "binary file, not text")
        return
    text = raw.decode("utf-8")
    if _HTML_START_RE.match(text):  # a page saved from a browser as .txt: its markup is not its text
        yield parse_html(text, default_id=path.stem, origin=str(path))
        return
    yield parse_frontmatter_text(text, default_id=path.stem, origin=str(path))


def parse_frontmatter_text(text: str, default_id: str, origin: str) -> Document | Skipped:
    """One document from Markdown/text, front matter optional."""
    text = text.lstrip("\ufeff")
    meta: dict = {}
    match = FRONT_MATTER_RE.match(text)
    if match:
        try:
            loaded = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
        except _AliasRefused as exc:
            return Skipped(f"{origin}:{exc.line + 2}", f"broken front matter: {exc}")  # +1 for the opening '---'
        except yaml.YAMLError as exc:
            return Skipped(origin, f"broken front matter: {str(exc).splitlines()[0]}")
        except RecursionError:
            return Skipped(origin, "broken front matter: nested too deep")
        if loaded is not None and not isinstance(loaded, dict):
            return Skipped(origin, "broken front matter: expected 'key: value' lines")
        where = find_surrogate(loaded)
        if where is not None:
            escape = _SURROGATE_ESCAPE_RE.search(match.group(1))
            line = f":{match.group(1).count(chr(10), 0, escape.start()) + 2}" if escape else ""
            return Skipped(f"{origin}{line}", f"broken front matter: {surrogate_reason(where)}")
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
        translation_of=as_list(meta.get("translation_of")),
    )
    return doc


def _title_from_text(body: str) -> tuple[str, str]:
    """The page's headline as title (indexer/extract/titles.py); the body keeps all text, with lines saved
    in the wrong code page decoded back (a raw page is what a crawler saved, not what an editor wrote)."""
    body = undo_mojibake(body)
    return headline(body), body
