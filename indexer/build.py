"""Writing the index: a full rebuild into a new generation, or an incremental update in place.

Both hold the writer lock for their whole run. A rebuild switches ``current`` atomically only after
its commit; an update commits to the current generation, which Whoosh makes visible atomically
(readers keep their version until they refresh).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.index import Index

from indexer.document import Document
from indexer.lock import WriterLock
from indexer.pipeline import check, content_hash, origin_file, prepare, read_documents
from indexer.report import Report
from indexer.schema import create_index, is_current
from indexer.store import IndexStore
from indexer.vectors import VectorCache, embedding_texts, open_cache

WRITER_MEMORY_MB = 256
LOCK_TIMEOUT_SECONDS = 30.0
EMBED_BATCH = 128  # documents read ahead to embed together; progress advances by this step at worst
T = TypeVar("T")


class IndexingError(Exception):
    """A fatal problem: nothing could be indexed, or the index could not be written."""


def rebuild(paths: Iterable[str | Path], root: str | Path, progress: bool = True,
            lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Report:
    """Indexes everything under ``paths`` into a fresh generation and switches readers to it."""
    started = time.perf_counter()
    store = IndexStore(root)
    report = Report(mode="full")
    with WriterLock(root, lock_timeout, purpose="full rebuild"), _vectors(root, report, progress) as vectors:
        generation = store.new_generation()
        try:
            ix = create_index(generation)
            writer = ix.writer(limitmb=WRITER_MEMORY_MB)
            seen: dict[str, str] = {}

            def accepted() -> Iterator[Document]:
                for doc in read_documents(paths, report, progress):
                    problem = check(doc, seen)
                    if problem:
                        report.skip(doc.origin, problem)
                        continue
                    seen[doc.id] = doc.origin
                    yield doc

            try:
                for doc in _embedded_ahead(accepted(), vectors, lambda doc: doc):
                    writer.add_document(**prepare(doc, report, vectors=vectors))
                if not seen:
                    raise IndexingError(_nothing_message(report))
                writer.commit()
            finally:
                if not writer.is_closed:
                    writer.cancel()
        except BaseException:
            store.remove_generation(generation)
            raise
        store.switch_to(generation)
    report.added = report.indexed = len(seen)
    report.index = str(generation)
    report.seconds = time.perf_counter() - started
    return report


# The rebuild is also the first build.
build_index = rebuild


def update(paths: Iterable[str | Path], root: str | Path, progress: bool = True, prune: bool = False,
           lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Report:
    """Adds new documents, updates changed ones, skips unchanged ones (by content hash); with
    ``prune``, deletes documents whose source file is gone or no longer holds them."""
    store = IndexStore(root)
    if store.current() is None or not is_current(store.current()):
        report = rebuild(paths, root, progress, lock_timeout)
        report.mode = "full (no index yet, or one built by an older version)"
        return report
    started = time.perf_counter()
    report = Report(mode="incremental")
    with WriterLock(root, lock_timeout, purpose="incremental update"), _vectors(root, report, progress) as vectors:
        ix = whoosh_index.open_dir(str(store.current()))
        documents = read_documents(paths, report, progress)
        _apply(ix, documents, report, vectors, prune_files=report.files if prune else None)
    report.index = str(store.current())
    report.seconds = time.perf_counter() - started
    if report.indexed == 0 and not report.deleted and report.skipped:
        raise IndexingError(_nothing_message(report))
    return report


def apply_documents(docs: Iterable[Document], root: str | Path, deletions: Iterable[str] = (),
                    lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Report:
    """Adds or replaces the given documents and deletes ids (the HTTP editing path)."""
    store = IndexStore(root)
    started = time.perf_counter()
    report = Report(mode="edit")
    with WriterLock(root, lock_timeout, purpose="edit"), _vectors(root, report) as vectors:
        if store.current() is None:
            generation = store.new_generation()
            create_index(generation)
            store.switch_to(generation)
        ix = whoosh_index.open_dir(str(store.current()))
        _apply(ix, docs, report, vectors, deletions=list(deletions))
    report.index = str(store.current())
    report.seconds = time.perf_counter() - started
    return report


def delete(ids: Iterable[str], root: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Report:
    """Deletes documents by id; unknown ids are reported as skipped."""
    return apply_documents([], root, deletions=ids, lock_timeout=lock_timeout)


def _apply(ix: Index, docs: Iterable[Document], report: Report, vectors: VectorCache | None,
           prune_files: list[str] | None = None,
           deletions: list[str] | None = None) -> dict[str, str]:
    seen: dict[str, str] = {}
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    try:
        with ix.searcher() as searcher:

            def changed() -> Iterator[tuple[Document, str, bool]]:
                """Documents new or changed since they were indexed, with their hash and whether new."""
                for doc in docs:
                    problem = check(doc, seen)
                    if problem:
                        report.skip(doc.origin, problem)
                        continue
                    seen[doc.id] = doc.origin
                    digest = content_hash(doc)
                    stored = searcher.document(id=doc.id)
                    if stored is not None and stored.get("content_hash") == digest:
                        report.unchanged += 1
                        continue
                    yield doc, digest, stored is None

            for doc, digest, new in _embedded_ahead(changed(), vectors, lambda item: item[0]):
                writer.update_document(**prepare(doc, report, digest, vectors))
                if new:
                    report.added += 1
                else:
                    report.updated += 1
            for doc_id in deletions or []:
                if searcher.document(id=doc_id) is None:
                    report.skip(doc_id, "no document with this id")
                else:
                    writer.delete_by_term("id", doc_id)
                    report.deleted += 1
            if prune_files is not None:
                read_files = set(prune_files)
                for stored in searcher.all_stored_fields():
                    source = stored.get("origin_file") or origin_file(stored.get("origin", ""))
                    gone = source and not Path(source).exists()
                    dropped = source in read_files and stored["id"] not in seen
                    if gone or dropped:
                        writer.delete_by_term("id", stored["id"])
                        report.deleted += 1
        writer.commit()
    finally:
        if not writer.is_closed:
            writer.cancel()
    report.indexed = report.added + report.updated + report.unchanged
    return seen


def _embedded_ahead(items: Iterable[T], vectors: VectorCache | None,
                    document: Callable[[T], Document]) -> Iterator[T]:
    """Passes items through a batch at a time, after embedding the batch's new documents together:
    worker processes share a batch (indexer/vectors.py), where one by one they could not."""
    items = iter(items)
    while batch := list(islice(items, EMBED_BATCH)):
        if vectors is not None:
            vectors.fill(text for item in batch for text in embedding_texts(document(item).title, document(item).body))
        yield from batch


@contextmanager
def _vectors(root: str | Path, report: Report, progress: bool = False) -> Iterator[VectorCache | None]:
    """The vector cache for one run (None with semantic re-ranking off); its counts go to the report."""
    cache = open_cache(root, progress)
    try:
        yield cache
    finally:
        if cache is not None:
            report.vectors = f"{cache.computed} computed, {cache.reused} from the cache"
            cache.close()


def _nothing_message(report: Report) -> str:
    if not report.files:
        return "no readable documents: give .md, .txt, .html, .jsonl or .jsonl.gz files or folders"
    return "nothing was indexed: every document was skipped"
