"""JSON Lines (optionally gzipped) in the shared-data format: id, lang, title, body, date, country, ..."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from indexer.document import Document, Skipped
from indexer.extract.titles import headline
from indexer.sources.checks import find_surrogate, surrogate_reason
from indexer.sources.fields import as_list, date_str, optional_str


def read_jsonl_file(path: Path) -> Iterator[Document | Skipped]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(origin, f"invalid UTF-8 at byte {exc.start}")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skipped(origin, f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            except RecursionError:
                yield Skipped(origin, "JSON nested too deep")
                continue
            where = find_surrogate(record)
            if where is not None:
                yield Skipped(origin, surrogate_reason(where))
                continue
            yield document_from_record(record, origin)


def document_from_record(record: object, origin: str) -> Document | Skipped:
    """A document from one JSON object, or the reason it cannot be one."""
    if not isinstance(record, dict):
        return Skipped(origin, "expected a JSON object")
    doc_id = record.get("id")
    if doc_id in (None, "") or not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
        return Skipped(origin, "missing 'id'")
    problem = _type_problem(record)
    if problem:
        return Skipped(origin, problem)
    title = str(record.get("title") or "").strip()
    body = str(record.get("body") or "").strip()
    if not title and not body:
        return Skipped(origin, "empty document: no title and no body")
    if not title:  # a record saved from a page without its headline: read it off the text, as for a raw page
        title = headline(body)
    return Document(
        id=str(doc_id).strip(),
        title=title,
        body=body,
        lang=optional_str(record.get("lang")),
        date=date_str(record.get("date")),
        countries=as_list(record.get("countries") or record.get("country")),
        themes=as_list(record.get("themes") or record.get("theme")),
        source=str(record.get("source") or ""),
        url=str(record.get("source_url") or record.get("url") or ""),
        origin=origin,
        translation_of=as_list(record.get("translation_of")),
    )


TEXT_FIELDS = ("title", "body", "lang", "source", "url", "source_url")
LIST_FIELDS = ("countries", "country", "themes", "theme", "translation_of")


def _type_problem(record: dict) -> str | None:
    """Why a field has a type no editor means (an object as a title, a list as a url), or None: such a
    value is refused, not stored as Python text."""
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"field {name!r} must be a string or null, not {_json_type(value)}"
    date = record.get("date")
    if date is not None and not isinstance(date, str):
        return f"field 'date' must be a string (YYYY, YYYY-MM or YYYY-MM-DD) or null, not {_json_type(date)}"
    for name in LIST_FIELDS:
        value = record.get(name)
        items = value if isinstance(value, list) else [value]
        if value is not None and not all(isinstance(item, str) for item in items):
            return f"field {name!r} must be a string, a list of strings or null"
    return None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
