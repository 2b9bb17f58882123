"""The system of record: every document with its origin, its revisions and its deletion.

The index is derived from this store and can always be rebuilt from it alone. Each change takes the
next value of one sequence (``seq``), so an index that remembers the last sequence it applied catches
up by reading only what changed since.

The rule when a file and an HTTP edit disagree: **the newer change wins**. A file's change is dated by
the file's modification time, an API edit or deletion by when it was made. A file that has not changed
since the store last read it never overrides an edit; a file changed after an edit replaces it; a file
changed before the edit (an older copy indexed late) does not. Every run reports the conflicts it resolved.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docstore.database import Database, connect
from indexer.document import Document

DEFAULT_FILE = "documents.sqlite"
DOCUMENT_FIELDS = tuple(f.name for f in fields(Document) if f.name != "origin")


@dataclass
class StoredDocument:
    id: str
    revision: int
    seq: int
    deleted: bool
    origin_kind: str  # file, api, cli, restore (what made the current version)
    origin: str  # the file (and line), or who edited over the API
    file_path: str | None
    file_hash: str | None  # what the store last read from the file, even after an API edit
    data: dict[str, Any] | None
    changed_at: float

    def document(self) -> Document:
        """The document as the editor gave it (before enrichment)."""
        return Document(**(self.data or {}), origin=self.origin)


@dataclass
class Change:
    """What happened to one document in a call: added, updated, unchanged, deleted, kept."""

    result: str
    stored: StoredDocument | None = None
    conflict: str | None = None


def document_data(doc: Document) -> dict[str, Any]:
    """The editor's fields of a document, as kept in the store."""
    data = asdict(doc)
    data.pop("origin", None)
    if not data.get("translation_of"):  # absent as before the field existed: unchanged documents stay unchanged
        data.pop("translation_of", None)
    return data


def data_hash(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


_COLUMNS = "id, revision, seq, deleted, origin_kind, origin, file_path, file_hash, data, changed_at"


def _row(row: tuple) -> StoredDocument:
    return StoredDocument(id=row[0], revision=int(row[1]), seq=int(row[2]), deleted=bool(row[3]),
                          origin_kind=row[4], origin=row[5], file_path=row[6], file_hash=row[7],
                          data=json.loads(row[8]) if row[8] is not None else None, changed_at=float(row[9]))


class DocumentStore:
    """Documents, revisions, tombstones and jobs in one database (SQLite or PostgreSQL).

    Each thread gets its own connection (server threads, the job thread, the heartbeat)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._connections: list[Database] = []
        self._guard = threading.Lock()
        _ = self.db  # open now: a store that cannot be opened fails here, with its reason

    @property
    def db(self) -> Database:
        database = getattr(self._local, "db", None)
        if database is None:
            database = connect(self.url)
            self._local.db = database
            with self._guard:
                self._connections.append(database)
        return database

    def close(self) -> None:
        with self._guard:
            for database in self._connections:
                database.close()
            self._connections.clear()
        self._local = threading.local()

    # -- reading --------------------------------------------------------------------------------
    def get(self, doc_id: str) -> StoredDocument | None:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        return _row(rows[0]) if rows else None

    def max_seq(self) -> int:
        return int(self.db.execute("SELECT value FROM counters WHERE name = 'seq'")[0][0])

    def changes_since(self, seq: int, batch: int = 500) -> Iterator[StoredDocument]:
        """Every document (live or deleted) changed after ``seq``, in the order of change."""
        while True:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                                   (seq, batch))
            for row in rows:
                yield _row(row)
            if len(rows) < batch:
                return
            seq = int(rows[-1][2])

    def live(self, batch: int = 500, after: str = "", upto: str | None = None) -> Iterator[StoredDocument]:
        """Every document that is not deleted, by id; with ``after``/``upto``, those with after < id <= upto
        (the slice of one build worker: indexer/parallel.py)."""
        bound, params = ("AND id <= ? ", (upto,)) if upto is not None else ("", ())
        while True:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE deleted = 0 AND id > ? {bound}"
                                   "ORDER BY id LIMIT ?", (after, *params, batch))
            for row in rows:
                yield _row(row)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def live_sizes(self, batch: int = 5000) -> Iterator[tuple[str, int]]:
        """Each live document's id and the length of its stored data, by id: what a parallel build cuts
        into slices of equal work without reading the documents."""
        after = ""
        while True:
            rows = self.db.execute("SELECT id, LENGTH(data) FROM documents WHERE deleted = 0 AND id > ? "
                                   "ORDER BY id LIMIT ?", (after, batch))
            for row in rows:
                yield row[0], int(row[1] or 0)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def counts(self) -> dict[str, int]:
        live, deleted = self.db.execute(
            "SELECT COALESCE(SUM(1 - deleted), 0), COALESCE(SUM(deleted), 0) FROM documents")[0]
        return {"documents": int(live), "deleted": int(deleted)}

    def revisions(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT revision, action, origin_kind, origin, changed_at, note, data "
                               "FROM revisions WHERE id = ? ORDER BY revision", (doc_id,))
        return [{"revision": int(r[0]), "action": r[1], "origin_kind": r[2], "origin": r[3],
                 "time": _iso(r[4]), "note": r[5], "title": json.loads(r[6]).get("title") if r[6] else None}
                for r in rows]

    def revision(self, doc_id: str, number: int) -> dict[str, Any] | None:
        rows = self.db.execute("SELECT revision, action, origin_kind, origin, changed_at, note, data "
                               "FROM revisions WHERE id = ? AND revision = ?", (doc_id, number))
        if not rows:
            return None
        r = rows[0]
        return {"id": doc_id, "revision": int(r[0]), "action": r[1], "origin_kind": r[2], "origin": r[3],
                "time": _iso(r[4]), "note": r[5], "document": json.loads(r[6]) if r[6] else None}

    # -- writing --------------------------------------------------------------------------------
    def put(self, doc: Document, origin_kind: str, origin: str, *, file_path: str | None = None,
            file_hash: str | None = None, changed_at: float | None = None, action: str | None = None,
            note: str | None = None) -> Change:
        """Stores a document (a new revision unless nothing changed). An API edit keeps the file
        path and hash the store last read, so an unchanged file never overrides it."""
        data = document_data(doc)
        with self.db.transaction():
            current = self.get(doc.id)
            if (current is not None and not current.deleted and data_hash(current.data) == data_hash(data)
                    and current.origin_kind == origin_kind and (file_hash is None or current.file_hash == file_hash)):
                return Change("unchanged", current)
            if current is not None and file_path is None:
                file_path, file_hash = current.file_path, current.file_hash
            if action is None:
                action = "create" if current is None or current.deleted else "update"
            stored = self._write(doc.id, current, data, origin_kind, origin, file_path, file_hash,
                                 changed_at, action, note)
        return Change("added" if current is None or current.deleted else "updated", stored)

    def delete(self, doc_id: str, origin_kind: str, origin: str, note: str | None = None) -> Change:
        """Marks a document deleted (a tombstone with its own revision); its history stays."""
        with self.db.transaction():
            current = self.get(doc_id)
            if current is None or current.deleted:
                return Change("missing", current)
            stored = self._write(doc_id, current, None, origin_kind, origin, current.file_path,
                                 current.file_hash, None, "delete", note)
        return Change("deleted", stored)

    def restore(self, doc_id: str, number: int, origin: str) -> Change:
        """Makes revision ``number`` current again, as a new revision (nothing is overwritten)."""
        with self.db.transaction():
            old = self.revision(doc_id, number)
            if old is None:
                raise KeyError(f"document {doc_id!r} has no revision {number}")
            if old["document"] is None:
                raise ValueError(f"revision {number} of {doc_id!r} is a deletion; restore a revision with content")
            current = self.get(doc_id)
            stored = self._write(doc_id, current, old["document"], "restore", origin,
                                 current.file_path if current else None, current.file_hash if current else None,
                                 None, "restore", f"restored revision {number}")
        return Change("restored", stored)

    def record_file_hash(self, doc_id: str, file_path: str, file_hash: str) -> None:
        """Remembers a file version that lost to a newer edit, so it is not weighed again."""
        with self.db.transaction():
            self.db.execute("UPDATE documents SET file_path = ?, file_hash = ? WHERE id = ?",
                            (file_path, file_hash, doc_id))

    def _write(self, doc_id: str, current: StoredDocument | None, data: dict[str, Any] | None, origin_kind: str,
               origin: str, file_path: str | None, file_hash: str | None, changed_at: float | None, action: str,
               note: str | None) -> StoredDocument:
        seq = int(self.db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value")[0][0])
        revision = (current.revision if current else 0) + 1
        changed_at = time.time() if changed_at is None else changed_at
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True) if data is not None else None
        deleted = 1 if data is None else 0
        self.db.execute(
            f"INSERT INTO documents ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "revision = excluded.revision, seq = excluded.seq, deleted = excluded.deleted, "
            "origin_kind = excluded.origin_kind, origin = excluded.origin, file_path = excluded.file_path, "
            "file_hash = excluded.file_hash, data = excluded.data, changed_at = excluded.changed_at",
            (doc_id, revision, seq, deleted, origin_kind, origin, file_path, file_hash, payload, changed_at))
        self.db.execute(
            "INSERT INTO revisions (id, revision, action, origin_kind, origin, file_path, file_hash, data, "
            "changed_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, revision, action, origin_kind, origin, file_path, file_hash, payload, changed_at, note))
        return StoredDocument(doc_id, revision, seq, bool(deleted), origin_kind, origin, file_path, file_hash,
                              data, changed_at)

    # -- files ------------------------------------------------------------------------------------
    def ingest_file_document(self, doc: Document, file_path: str, mtime: float) -> Change:
        """Applies one document read from a file under the newer-change-wins rule."""
        data = document_data(doc)
        new_hash = data_hash(data)
        current = self.get(doc.id)
        if current is None:
            return self.put(doc, "file", doc.origin, file_path=file_path, file_hash=new_hash, changed_at=mtime)
        if current.origin_kind == "file" and not current.deleted:
            if current.file_hash == new_hash and current.file_path == file_path:
                return Change("unchanged", current)
            return self.put(doc, "file", doc.origin, file_path=file_path, file_hash=new_hash, changed_at=mtime)
        # The current version is an API edit, a restore, an import, or a deletion.
        what = "deletion" if current.deleted else f"{current.origin_kind} edit"
        if current.file_hash == new_hash:
            return Change("kept", current)  # the file has not changed since the store last read it
        if mtime > current.changed_at:
            change = self.put(doc, "file", doc.origin, file_path=file_path, file_hash=new_hash, changed_at=mtime)
            return Change("added" if current.deleted else "updated", change.stored,
                          conflict=f"the file changed after the {what} of {_iso(current.changed_at)}: "
                                   "the file's version is now current")
        self.record_file_hash(doc.id, file_path, new_hash)
        return Change("kept", current, conflict=f"the {what} of {_iso(current.changed_at)} is newer than the "
                                                 "file's change: the file's version was not applied")

    def file_documents(self) -> Iterator[StoredDocument]:
        """Live documents whose current version came from a file (the ones ``--prune`` may remove)."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE deleted = 0 AND origin_kind = 'file'")
        for row in rows:
            yield _row(row)

    # -- meta ---------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        rows = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.transaction():
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                            "SET value = excluded.value", (key, value))


def store_location(index_root: str | Path, configured: str | None = None) -> str:
    """Where the store is: ``--store``, else ``PEACESEARCH_STORE``, else ``documents.sqlite`` in the index folder."""
    return configured or os.environ.get("PEACESEARCH_STORE") or str(Path(index_root) / DEFAULT_FILE)


def open_store(index_root: str | Path, configured: str | None = None) -> DocumentStore:
    """Opens (creating when needed) the store of an index folder; raises StoreError naming what failed."""
    return DocumentStore(store_location(index_root, configured))


def file_identity(path: str | Path) -> tuple[str, float]:
    """A file's absolute path and modification time, as the store records them."""
    resolved = Path(path).resolve()
    try:
        return str(resolved), resolved.stat().st_mtime
    except OSError:
        return str(resolved), time.time()


def _iso(stamp: float | None) -> str | None:
    """UTC time with milliseconds, for people and the API."""
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
