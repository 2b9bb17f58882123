"""Writing the index, always from the document store (docstore/): the store is the system of record
and the index is derived from it.

- ``index_files``: documents read from files are put into the store (the newer change wins against
  HTTP edits: docstore/documents.py), then the index is brought up to date.
- ``sync``: applies every store change since the sequence number the index last applied (written in
  ``store-state.json`` of the generation). An index built by another analysis version, other
  extraction rules or another store is rebuilt instead.
- ``rebuild``: a complete new generation from the store alone, switched to atomically.

All index writing holds the writer lock. A rebuild switches ``current`` only after its commit; an
incremental sync commits to the current generation, which Whoosh makes visible atomically.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index

from analyzers import semantic
from docstore import DocumentStore, StoredDocument, StoreError, open_store
from docstore.documents import file_identity
from indexer import merge, parallel
from indexer.document import Document
from indexer.enrich import rules_fingerprint
from indexer.extract.theme_model import vectors_from
from indexer.lock import WriterLock
from indexer.pipeline import check, content_hash, origin_file, prepare, read_documents
from indexer.report import Report
from indexer.schema import create_index, is_current
from indexer.store import IndexStore
from indexer.vectors import VectorCache, embedding_texts

WRITER_MEMORY_MB = 256
LOCK_TIMEOUT_SECONDS = 30.0
EMBED_BATCH = 128  # documents read ahead to embed together; progress advances by this step at worst
STORE_BATCH = 200  # documents put into the store in one transaction
STATE_FILE = "store-state.json"
T = TypeVar("T")


class IndexingError(Exception):
    """A fatal problem: nothing could be indexed, or the index or the store could not be written."""


def index_files(paths: Iterable[str | Path], root: str | Path, store: DocumentStore, progress: bool = True,
                prune: bool = False, lock_timeout: float = LOCK_TIMEOUT_SECONDS, jobs: int | None = None) -> Report:
    """``peacesearch index``: the files' documents into the store, then the index up to date with it.
    With ``prune``, documents whose file is gone, or no longer holds them, are deleted (tombstoned);
    documents added or edited over the API are never pruned."""
    started = time.perf_counter()
    report = Report(mode="incremental")
    # The lock is held from the first file read: a server's background sync does not start indexing
    # half of this run's documents one by one while the rest are still being read.
    with WriterLock(root, lock_timeout, purpose="index"):
        seen = ingest(paths, store, report, progress, prune)
        if not seen and not report.deleted and (report.skipped or not report.files):
            raise IndexingError(_nothing_message(report))
        sync(root, store, report, progress, lock_timeout, jobs)
    report.seconds = time.perf_counter() - started
    return report


def ingest(paths: Iterable[str | Path], store: DocumentStore, report: Report, progress: bool = False,
           prune: bool = False) -> dict[str, str]:
    """Puts every readable document under ``paths`` into the store; returns id → origin of those read."""
    seen: dict[str, str] = {}
    documents = read_documents(paths, report, progress)
    try:
        while batch := list(islice(documents, STORE_BATCH)):
            with store.db.transaction():
                for doc in batch:
                    problem = check(doc, seen)
                    if problem:
                        report.skip(doc.origin, problem)
                        continue
                    seen[doc.id] = doc.origin
                    path, mtime = file_identity(origin_file(doc.origin))
                    change = store.ingest_file_document(doc, path, mtime)
                    _count(report, change.result)
                    if change.conflict:
                        report.conflicts.append({"id": doc.id, "origin": doc.origin, "resolution": change.conflict})
        if prune:
            _prune(store, report, seen)
    except StoreError as exc:
        raise IndexingError(str(exc)) from None
    report.indexed = report.added + report.updated + report.unchanged + report.kept
    return seen


def _prune(store: DocumentStore, report: Report, seen: dict[str, str]) -> None:
    """Tombstones file documents whose file is gone, or was read whole and no longer holds them."""
    read = {str(Path(name).resolve()) for name in report.files}
    damaged = {str(Path(origin_file(item["origin"])).resolve()) for item in report.skipped}
    for stored in list(store.file_documents()):
        path = stored.file_path or ""
        gone = bool(path) and not Path(path).exists()
        dropped = path in read and path not in damaged and stored.id not in seen
        if gone or dropped:
            why = "its file is gone" if gone else "its file no longer holds it"
            store.delete(stored.id, "file", f"prune: {why}")
            report.deleted += 1


def sync(root: str | Path, store: DocumentStore, report: Report | None = None, progress: bool = False,
         lock_timeout: float = LOCK_TIMEOUT_SECONDS, jobs: int | None = None) -> Report:
    """Brings the index up to date with the store (a rebuild when it cannot be updated in place; ``jobs``
    worker processes build it, default one per available core)."""
    report = report or Report(mode="sync")
    with WriterLock(root, lock_timeout, purpose="index update"), _writing(root):
        current = IndexStore(root).current()
        state = read_state(current) if current is not None else None
        if current is None or not is_current(current) or state is None or state.get("rules") != rules_fingerprint() \
                or state.get("store") != store_id(store):
            if report.mode in ("incremental", "edit", "sync"):
                report.mode = "full (no index yet)" if current is None else \
                    "full (the index was built by another analysis version, other extraction rules or another store)"
            _rebuild(root, store, report, progress, jobs)
        elif store.max_seq() > int(state["seq"]):
            _apply_changes(current, store, report, int(state["seq"]), progress)
        else:
            report.index, report.index_size = current.name, whoosh_index.open_dir(str(current)).doc_count()
    return report


def rebuild_from_store(root: str | Path, store: DocumentStore, progress: bool = True,
                       lock_timeout: float = LOCK_TIMEOUT_SECONDS, report: Report | None = None,
                       jobs: int | None = None) -> Report:
    """A complete new generation from the store alone, by ``jobs`` worker processes (default one per
    available core); readers switch to it atomically."""
    started = time.perf_counter()
    report = report or Report(mode="full")
    with WriterLock(root, lock_timeout, purpose="full rebuild"), _writing(root):
        _rebuild(root, store, report, progress, jobs)
    report.seconds = time.perf_counter() - started
    return report


def rebuild(paths: Iterable[str | Path], root: str | Path, progress: bool = True,
            lock_timeout: float = LOCK_TIMEOUT_SECONDS, store: DocumentStore | None = None,
            jobs: int | None = None) -> Report:
    """``peacesearch reindex --full``: the files' documents into the store, then a complete new
    generation from the whole store (documents added over the API included)."""
    started = time.perf_counter()
    with _store_of(root, store) as opened, WriterLock(root, lock_timeout, purpose="full rebuild"):
        report = Report(mode="full")
        seen = ingest(paths, opened, report, progress)
        if not seen and (report.skipped or not report.files) and not opened.counts()["documents"]:
            raise IndexingError(_nothing_message(report))
        rebuild_from_store(root, opened, progress, lock_timeout, report, jobs)
    report.seconds = time.perf_counter() - started
    return report


# The first build of an index folder is a rebuild.
build_index = rebuild


def update(paths: Iterable[str | Path], root: str | Path, progress: bool = True, prune: bool = False,
           lock_timeout: float = LOCK_TIMEOUT_SECONDS, store: DocumentStore | None = None,
           jobs: int | None = None) -> Report:
    """``index_files`` with the store of the index folder (``PEACESEARCH_STORE`` or documents.sqlite)."""
    with _store_of(root, store) as opened:
        return index_files(paths, root, opened, progress, prune, lock_timeout, jobs)


def apply_documents(docs: Iterable[Document], root: str | Path, deletions: Iterable[str] = (),
                    lock_timeout: float = LOCK_TIMEOUT_SECONDS, store: DocumentStore | None = None,
                    origin_kind: str = "api", origin: str = "api") -> Report:
    """Edits (documents put, ids deleted) into the store first, then into the index."""
    started = time.perf_counter()
    report = Report(mode="edit")
    with _store_of(root, store) as opened:
        try:
            for doc in docs:
                problem = check(doc, {})
                if problem:
                    report.skip(doc.origin, problem)
                    continue
                _count(report, opened.put(doc, origin_kind, origin).result)
            for doc_id in deletions:
                if opened.delete(doc_id, origin_kind, origin).result == "deleted":
                    report.deleted += 1
                else:
                    report.skip(doc_id, "no document with this id")
        except StoreError as exc:
            raise IndexingError(str(exc)) from None
        report.indexed = report.added + report.updated + report.unchanged
        sync(root, opened, report, lock_timeout=lock_timeout)
    report.seconds = time.perf_counter() - started
    return report


def refresh(ids: Iterable[str], root: str | Path, lock_timeout: float = 0.0,
            store: DocumentStore | None = None) -> Report:
    """Re-indexes documents from the store, unchanged, through the update path: their themes then read the
    vectors cached since they were indexed (indexer/embed.py). Only those the index holds as the store has
    them (a later edit is the next sync's); nothing when a rebuild is due. ``WriterBusy`` past ``lock_timeout``
    (default: at once, the caller retries later)."""
    started = time.perf_counter()
    report = Report(mode="refresh")
    with _store_of(root, store) as opened, WriterLock(root, lock_timeout, purpose="themes from vectors"), \
            _writing(root):
        current = IndexStore(root).current()
        state = read_state(current) if current is not None else None
        if current is None or state is None or not is_current(current) or state.get("rules") != rules_fingerprint() \
                or state.get("store") != store_id(opened):
            return report
        ix = whoosh_index.open_dir(str(current))
        with _vectors(root, report):
            writer = ix.writer(limitmb=WRITER_MEMORY_MB)
            try:
                with ix.searcher() as searcher:
                    for doc_id in ids:
                        stored, indexed = opened.get(doc_id), searcher.document(id=doc_id)
                        if stored is None or stored.deleted or indexed is None:
                            continue
                        doc = stored.document()
                        digest = content_hash(doc)
                        if indexed.get("content_hash") == digest:
                            writer.update_document(**prepare(doc, report, digest))
                            report.applied += 1
                writer.commit()
            finally:
                if not writer.is_closed:
                    writer.cancel()
        report.index, report.index_size = current.name, ix.doc_count()
    report.seconds = time.perf_counter() - started
    return report


def delete(ids: Iterable[str], root: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS,
           store: DocumentStore | None = None, origin_kind: str = "cli", origin: str = "command line") -> Report:
    """Deletes documents by id (a tombstone in the store); unknown ids are reported as skipped."""
    return apply_documents([], root, deletions=ids, lock_timeout=lock_timeout, store=store,
                           origin_kind=origin_kind, origin=origin)


@contextmanager
def _store_of(root: str | Path, store: DocumentStore | None) -> Iterator[DocumentStore]:
    """The given store, or the index folder's own, opened for one call (and migrated from an index
    built before the store existed)."""
    if store is not None:
        yield store
        return
    from docstore.migrate import migrate_index

    try:
        opened = open_store(root)
    except StoreError as exc:
        raise IndexingError(str(exc)) from None
    try:
        migrate_index(opened, root)
        yield opened
    finally:
        opened.close()


def _rebuild(root: str | Path, store: DocumentStore, report: Report, progress: bool, jobs: int | None = None) -> None:
    generations = IndexStore(root)
    snapshot = store.max_seq()  # every change up to here is in the build; later ones are synced after
    generation = generations.new_generation()
    count = 0
    try:
        with _vectors(root, report, progress) as vectors:
            ix = create_index(generation)
            total = store.counts()["documents"]
            workers = parallel.workers_for(jobs, total) if vectors is None else 1
            report.workers = workers
            if workers > 1:  # enrichment, analysis and segments in worker processes (indexer/parallel.py)
                writer, count = parallel.write_documents(ix, generation, store, report, workers)
            else:
                writer = ix.writer(limitmb=WRITER_MEMORY_MB)
            try:
                if workers == 1:
                    for stored in _embedded_ahead(store.live(), vectors, StoredDocument.document):
                        doc = stored.document()
                        writer.add_document(**prepare(doc, report, vectors=vectors))
                        count += 1
                writer.commit()
            finally:
                if not writer.is_closed:
                    writer.cancel()
        write_state(generation, snapshot, store)
    except BaseException:
        generations.remove_generation(generation)
        raise
    generations.switch_to(generation)
    report.applied = count
    report.index_size = count
    report.index = generation.name
    if report.workers > 1:  # searchable now on its few segments; merged into one in the background
        report.merge = _merge_later(Path(root), generation, store)


def _merge_later(root: Path, generation: Path, store: DocumentStore) -> str:
    """Starts the background merge of a parallel build's segments (indexer/merge.py); says so."""
    segments = len(whoosh_index.open_dir(str(generation))._segments())
    if segments <= 1:
        return ""
    pid = merge.start_background(root, generation, store.url)
    return (f"searchable now on {segments} segments; process {pid} merges them into one in the background "
            f"and switches to it when done (log: {root / merge.LOG})")


def _apply_changes(generation: Path, store: DocumentStore, report: Report, seq: int, progress: bool) -> None:
    """Applies the store's changes after ``seq`` to the current generation in one commit."""
    ix = whoosh_index.open_dir(str(generation))
    last = seq
    with _vectors(generation.parent, report, progress) as vectors:
        writer = ix.writer(limitmb=WRITER_MEMORY_MB)
        try:
            with ix.searcher() as searcher:
                for stored in _embedded_ahead(store.changes_since(seq), vectors, _live_document):
                    last = max(last, stored.seq)
                    indexed = searcher.document(id=stored.id)
                    if stored.deleted:
                        if indexed is not None:
                            writer.delete_by_term("id", stored.id)
                            report.applied += 1
                        continue
                    doc = stored.document()
                    digest = content_hash(doc)
                    if indexed is not None and indexed.get("content_hash") == digest:
                        continue
                    writer.update_document(**prepare(doc, report, digest, vectors))
                    report.applied += 1
            writer.commit()
        finally:
            if not writer.is_closed:
                writer.cancel()
    if last != seq:
        write_state(generation, last, store)
    report.index = generation.name
    report.index_size = ix.doc_count()


def _live_document(stored: StoredDocument) -> Document | None:
    return None if stored.deleted else stored.document()


def store_id(store: DocumentStore) -> str:
    """A random name the store keeps for itself: an index built from another store is rebuilt."""
    name = store.meta("store_id")
    if name is None:
        store.set_meta("store_id", os.urandom(8).hex())
        name = store.meta("store_id")
    return name or ""


def read_state(generation: Path) -> dict | None:
    try:
        return json.loads((generation / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_state(generation: Path, seq: int, store: DocumentStore) -> None:
    """Records which store changes the generation holds (written after its commit; replaying is harmless)."""
    temp = generation / f".{STATE_FILE}.tmp"
    temp.write_text(json.dumps({"seq": seq, "rules": rules_fingerprint(), "store": store_id(store)}),
                    encoding="utf-8")
    os.replace(temp, generation / STATE_FILE)


def _count(report: Report, result: str) -> None:
    if result in ("added", "updated", "unchanged", "kept"):
        setattr(report, result, getattr(report, result) + 1)


def _embedded_ahead(items: Iterable[T], vectors: VectorCache | None,
                    document: Callable[[T], Document | None]) -> Iterator[T]:
    """Passes items through a batch at a time, after embedding the batch's new documents together:
    worker processes share a batch (indexer/vectors.py), where one by one they could not."""
    items = iter(items)
    while batch := list(islice(items, EMBED_BATCH)):
        if vectors is not None:
            docs = [doc for item in batch if (doc := document(item)) is not None]
            vectors.fill(text for doc in docs for text in embedding_texts(doc.title, doc.body))
        yield from batch


@contextmanager
def _writing(root: str | Path) -> Iterator[None]:
    """Turns the failures of writing (disk full, read-only folder, an unreadable store) into one-line
    errors naming what failed; the generation being written is dropped and the previous one serves on."""
    try:
        yield
    except StoreError as exc:
        raise IndexingError(str(exc)) from None
    except OSError as exc:
        what = "disk full" if exc.errno == errno.ENOSPC else exc.strerror or type(exc).__name__
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise IndexingError(f"could not write the index in {root}: {what}{where}; "
                            "the previous index is still serving") from None


@contextmanager
def _vectors(root: str | Path, report: Report, progress: bool = False) -> Iterator[VectorCache | None]:
    """Always None: a build writes and switches to the word index without embedding anything; vectors follow
    (indexer/embed.py: ``peacesearch embed``, or the server's background job)."""
    report.vectors = "later (peacesearch embed, or the server's background job)" if semantic.enabled() else "off"
    with vectors_from(root):  # themes read the vectors already cached (indexer/extract/theme_model.py)
        yield None


def _nothing_message(report: Report) -> str:
    if not report.files:
        return "no readable documents: give .md, .txt, .html, .jsonl or .jsonl.gz files or folders"
    return "nothing was indexed: every document was skipped"
