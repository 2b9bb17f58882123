"""Backups of the whole store: every document, revision and tombstone, round-tripped exactly.

``jsonl``: one file; a header line, then each document's current row followed by its revisions.
``md``: a folder an editor can read: each live document as Markdown with front matter (``documents/``),
and ``history.jsonl`` holding the same records as the jsonl format, which is what ``import`` reads back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from docstore.documents import _COLUMNS, DocumentStore

FORMAT = "peacesearch-store"
VERSION = 1
HISTORY_FILE = "history.jsonl"
_REVISION_COLUMNS = "id, revision, action, origin_kind, origin, file_path, file_hash, data, changed_at, note"


class BackupError(Exception):
    """A backup that cannot be read or imported; the message says why."""


def records(store: DocumentStore) -> Iterator[dict[str, Any]]:
    """The store as records: each document row, then its revisions in order."""
    yield {"type": "header", "format": FORMAT, "version": VERSION, "seq": store.max_seq()}
    for (doc_id,) in store.db.execute("SELECT id FROM documents ORDER BY id"):
        row = store.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (doc_id,))[0]
        yield {"type": "document", **dict(zip(_COLUMNS.split(", "), row, strict=True))}
        for revision in store.db.execute(f"SELECT {_REVISION_COLUMNS} FROM revisions WHERE id = ? "
                                         "ORDER BY revision", (doc_id,)):
            yield {"type": "revision", **dict(zip(_REVISION_COLUMNS.split(", "), revision, strict=True))}


def export_store(store: DocumentStore, dest: str | Path, fmt: str = "jsonl") -> int:
    """Writes the backup; returns the number of documents (tombstones included)."""
    dest = Path(dest)
    if fmt == "jsonl":
        return _write_history(store, dest)
    if fmt != "md":
        raise BackupError(f"unknown format {fmt!r}: use jsonl or md")
    folder = dest / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for stored in store.live():
        data = dict(stored.data or {})
        body = data.pop("body", "")
        front = {k: v for k, v in data.items() if v not in (None, "", [])}
        front["revision"] = stored.revision
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in stored.id)[:150] or "_"
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True) + "---\n" + body
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return _write_history(store, dest / HISTORY_FILE)


def _write_history(store: DocumentStore, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    temp = path.with_name(f".{path.name}.tmp")
    with temp.open("w", encoding="utf-8") as handle:
        for record in records(store):
            count += record["type"] == "document"
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    temp.replace(path)
    return count


def import_store(store: DocumentStore, src: str | Path) -> int:
    """Loads a backup into an empty store (a folder from ``--format md`` or a jsonl file)."""
    src = Path(src)
    path = src / HISTORY_FILE if src.is_dir() else src
    if not path.is_file():
        raise BackupError(f"no backup at {src}: give the jsonl file or the folder written by export")
    if store.max_seq() or store.counts()["documents"] or store.counts()["deleted"]:
        raise BackupError("the store is not empty: import into a new store (--store PATH) to restore a backup")
    documents = 0
    with path.open(encoding="utf-8") as handle, store.db.transaction():
        header: dict[str, Any] | None = None
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
                kind = record.pop("type")
            except (ValueError, KeyError, AttributeError):
                raise BackupError(f"{path}:{number}: not a backup record") from None
            if kind == "header":
                if record.get("format") != FORMAT:
                    raise BackupError(f"{path}: not a peacesearch store backup")
                header = record
            elif kind == "document":
                _insert(store, "documents", _COLUMNS, record)
                documents += 1
            elif kind == "revision":
                _insert(store, "revisions", _REVISION_COLUMNS, record)
            else:
                raise BackupError(f"{path}:{number}: unknown record type {kind!r}")
        if header is None:
            raise BackupError(f"{path}: no header line; not a peacesearch store backup")
        store.db.execute("UPDATE counters SET value = ? WHERE name = 'seq'", (int(header["seq"]),))
    return documents


def _insert(store: DocumentStore, table: str, columns: str, record: dict[str, Any]) -> None:
    names = columns.split(", ")
    marks = ", ".join("?" for _ in names)
    store.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(record.get(n) for n in names))
