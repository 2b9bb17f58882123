"""The archive's outputs for readers and other programs: an Atom feed of any search, exports of a whole
result set (CSV and JSON Lines, streamed page by page), and the OpenSearch description browsers read to
offer the archive as a search engine. Each takes the search parameters of the page and the API."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

import falcon

from search_api.docpage import document_href
from search_api.engine import SearchEngine
from search_api.errors import HTTPParamError
from search_api.page import TEXTS, is_web_link
from search_api.pageparts import page_url
from search_api.request import SearchRequest, parse_request

FEED_ENTRIES = 50
EXPORT_CAP = 10_000  # rows; a larger result set is refused with a message saying how to narrow it
EXPORT_PAGE = 200
EXPORT_FIELDS = ("id", "title", "date", "lang", "countries", "themes", "url", "source", "score")
ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"  # an undated document's <updated>: Atom requires one, and it sorts last


def _params(req: falcon.Request) -> dict[str, list[str]]:
    return {name: value if isinstance(value, list) else [value] for name, value in req.params.items()}


def _atom_time(date: str | None) -> str:
    """A document date (YYYY, YYYY-MM or YYYY-MM-DD) as an RFC 3339 time at its first day."""
    if not date:
        return EPOCH
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


class FeedResource:
    """``/feed.atom``: the newest documents of a search, for a feed reader to follow."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        params = _params(req)
        request = parse_request(params)
        newest = dataclasses.replace(request, sort="date:desc", limit=FEED_ENTRIES, offset=0, facets=())
        result = self.engine.search(newest)
        base = req.prefix
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        title = TEXTS[request.ui_lang]["title"] + (f": {request.q}" if request.q else "")
        ET.SubElement(feed, f"{{{ATOM}}}title").text = title
        ET.SubElement(feed, f"{{{ATOM}}}id").text = base + page_url(params, "/feed.atom")
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + page_url(params, "/feed.atom"))
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + page_url(params))
        dated = [hit["date"] for hit in result.hits if hit["date"]]
        ET.SubElement(feed, f"{{{ATOM}}}updated").text = _atom_time(max(dated)) if dated else _now()
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = TEXTS[request.ui_lang]["title"]
        for hit in result.hits:
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            page = base + document_href(hit["id"], request.ui_lang)
            ET.SubElement(entry, f"{{{ATOM}}}title").text = hit["title"] or hit["id"]
            ET.SubElement(entry, f"{{{ATOM}}}id").text = page
            ET.SubElement(entry, f"{{{ATOM}}}updated").text = _atom_time(hit["date"])
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page)
            if is_web_link(hit["url"]):
                ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=hit["url"])
            ET.SubElement(entry, f"{{{ATOM}}}summary", type="html").text = hit["snippet"]
            for country in hit["countries"]:
                ET.SubElement(entry, f"{{{ATOM}}}category", term=country, scheme="country")
            for theme in hit["themes"]:
                ET.SubElement(entry, f"{{{ATOM}}}category", term=theme, scheme="theme")
        resp.content_type = "application/atom+xml; charset=utf-8"
        resp.data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ExportResource:
    """``/export.csv`` and ``/export.jsonl``: every hit of a search (up to ``EXPORT_CAP``), streamed."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def _rows(self, req: falcon.Request) -> Iterator[dict]:
        request = parse_request(_params(req))
        total = self.engine.search(dataclasses.replace(request, limit=0, facets=())).total
        if total > EXPORT_CAP:
            raise HTTPParamError(None, f"this search finds {total} documents and an export holds at most "
                                       f"{EXPORT_CAP}: narrow it with country, theme, lang, date_from or date_to")
        return _pages(self.engine, request, total)

    def on_get_csv(self, req: falcon.Request, resp: falcon.Response) -> None:
        rows = self._rows(req)
        resp.content_type = "text/csv; charset=utf-8"
        resp.downloadable_as = "peacesearch-export.csv"
        resp.stream = _csv_lines(rows)

    def on_get_jsonl(self, req: falcon.Request, resp: falcon.Response) -> None:
        rows = self._rows(req)
        resp.content_type = "application/jsonl; charset=utf-8"
        resp.downloadable_as = "peacesearch-export.jsonl"
        resp.stream = (json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n" for row in rows)


def _pages(engine: SearchEngine, request: SearchRequest, total: int) -> Iterator[dict]:
    """The hits of ``request`` page after page, each reduced to the export's fields."""
    for offset in range(0, total, EXPORT_PAGE):
        page = engine.search(dataclasses.replace(request, limit=EXPORT_PAGE, offset=offset, facets=()))
        for hit in page.hits:
            yield {name: hit.get(name) for name in EXPORT_FIELDS}
        if len(page.hits) < EXPORT_PAGE:
            return


def _csv_lines(rows: Iterator[dict]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        writer.writerow([";".join(value) if isinstance(value, list) else ("" if value is None else value)
                         for value in (row[name] for name in EXPORT_FIELDS)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class OpenSearchResource:
    """``/opensearch.xml``: how a browser adds the archive as a search engine (results, feed)."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        ns = "http://a9.com/-/spec/opensearch/1.1/"
        ET.register_namespace("", ns)
        root = ET.Element(f"{{{ns}}}OpenSearchDescription")
        ET.SubElement(root, f"{{{ns}}}ShortName").text = "Peacesearch"
        ET.SubElement(root, f"{{{ns}}}Description").text = TEXTS["en"]["title"]
        ET.SubElement(root, f"{{{ns}}}InputEncoding").text = "UTF-8"
        for kind, path in (("text/html", "/"), ("application/atom+xml", "/feed.atom")):
            ET.SubElement(root, f"{{{ns}}}Url", type=kind, template=f"{req.prefix}{path}?q={{searchTerms}}")
        resp.content_type = "application/opensearchdescription+xml; charset=utf-8"
        resp.data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
