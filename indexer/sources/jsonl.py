"""JSON Lines (optionally gzipped) in the shared-data format: id, lang, title, body, date, country, ..."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from indexer.document import Document, Skipped
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
    if doc_id in (None, "") or not isinstance(doc_id, str | int):
        return Skipped(origin, "missing 'id'")
    title = str(record.get("title") or "").strip()
    body = str(record.get("body") or "").strip()
    if not title and not body:
        return Skipped(origin, "empty document: no title and no body")
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
    )
