"""Raw HTML pages: keep the title and the main text, drop page furniture (menus, footers, scripts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from analyzers.detect_repair import undo_mojibake
from indexer.document import Document, Skipped

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
              "select", "svg", "iframe", "template"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "section", "article", "main", "blockquote", "table", "dd", "dt", "time", "figcaption"}
_DATE_META = {"article:published_time", "date", "dc.date", "pubdate", "publish-date",
              "article:modified_time", "last-modified"}
_FURNITURE_CLASS_RE = re.compile(r"cookie|banner|menu|breadcrumb|share|social|sidebar|nav", re.I)
_VOID_TAGS = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.lang = ""
        self.meta_date: str | None = None
        self.all_text: list[str] = []
        self.main_text: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._in_title = False
        self._in_h1 = False
        self._main_depth = 0

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "html" and attributes.get("lang"):
            self.lang = attributes["lang"].split("-")[0].lower()
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key in _DATE_META and attributes.get("content") and not self.meta_date:
                self.meta_date = attributes["content"]
            return
        if tag == "time" and attributes.get("datetime") and not self.meta_date:
            self.meta_date = attributes["datetime"]
        if tag in _VOID_TAGS:
            if tag == "br":
                self._text("\n")
            return
        # A <header> inside the article holds its headline and byline; elsewhere it is the site's.
        site_header = tag == "header" and self._main_depth > 0
        furniture = (tag in _SKIP_TAGS and not site_header) or bool(
            _FURNITURE_CLASS_RE.search(attributes.get("class", "") + " " + attributes.get("id", ""))
        )
        self._stack.append((tag, self._skipping() or furniture))
        if tag in ("main", "article"):
            self._main_depth += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag in ("main", "article"):
                self._main_depth -= 1
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
            return
        if self._skipping():
            return
        if self._in_h1:
            self.h1 += data
        self._text(data)

    def _text(self, data: str) -> None:
        if self._skipping():
            return
        self.all_text.append(data)
        if self._main_depth > 0:
            self.main_text.append(data)


def _clean(parts: list[str]) -> str:
    text = "".join(parts)
    paragraphs = [re.sub(r"[ \t\r\f\v\xa0]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    lines = [re.sub(r"\s*\n\s*", " ", p) for p in paragraphs if p]
    return "\n\n".join(lines)


def parse_html(html: str, default_id: str, origin: str) -> Document | Skipped:
    """One document from a raw HTML page."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    saved = _clean(parser.all_text)
    page_text = undo_mojibake(saved)  # lines saved in the wrong code page, decoded back
    body = undo_mojibake(_clean(parser.main_text), saved) or page_text
    title = undo_mojibake(" ".join(parser.h1.split()) or _strip_site_name(" ".join(parser.title.split())), saved)
    if body.startswith(title):
        body = body[len(title):].lstrip()
    if not body and not title:
        return Skipped(origin, "empty page: no title and no text")
    return Document(
        id=default_id,
        title=title,
        body=body,
        lang=None,
        origin=origin,
        html_date=parser.meta_date,
        page_text=page_text if page_text != body else None,
    )


def _strip_site_name(title: str) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title)
    return max(parts, key=len) if parts else title


def read_html_file(path: Path) -> Iterator[Document | Skipped]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        yield Skipped(str(path), "binary file, not HTML")
        return
    yield parse_html(raw.decode("utf-8", errors="replace"), default_id=path.stem, origin=str(path))
