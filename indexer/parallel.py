"""A full build on every core: documents are enriched, analysed and written by worker processes, each
chunk of consecutive documents as one segment of the new generation, listed in the order the store gave
them.

Enrichment (language, title, countries, themes, dates) is most of a build's cost, analysis inside
Whoosh's ``add_document`` and writing the postings most of the rest; all of it runs in the workers. The
parent only reads the store and hands out chunks. Merging the segments into one in the parent (Whoosh's
``MpWriter``) was measured first: at 25,000 documents it cost the parent 30 CPU seconds of a 57-second
one-process build, more than the workers saved on 2 cores, so the segments are kept as they are.
Segments in store order give every document the number a one-process build gives it, and a searcher
reads statistics over all segments, so stored fields, term counts, lengths and scores are those of a
one-process build (tests/test_parallel_build.py), and ties in ranking and browsing fall the same way.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from indexer.document import Document
from indexer.pipeline import prepare
from indexer.report import Report

# Below this many documents one process builds: starting workers (each loads the analysers and the
# extraction models, 2-4 s) costs more than they save.
PARALLEL_FROM = 2000
CHUNK_MIN, CHUNK_MAX = 250, 50_000  # documents per segment
CHUNKS_PER_JOB = 2  # segments per worker: few segments to search, yet a slow chunk leaves a core idle only so long
WORKER_MEMORY_MB = 128  # Whoosh's posting pool per worker before it spills a run to disk


def available_cores() -> int:
    """Cores this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(jobs: int | None, documents: int) -> int:
    """Worker processes for a build of ``documents``: 1 (build here) when small or asked for one."""
    wanted = available_cores() if jobs is None else jobs
    if wanted <= 1 or documents < PARALLEL_FROM:
        return 1
    return min(wanted, math.ceil(documents / CHUNK_MIN))


def chunk_size(documents: int, workers: int) -> int:
    return max(CHUNK_MIN, min(CHUNK_MAX, math.ceil(documents / (workers * CHUNKS_PER_JOB))))


@dataclass
class _Chunk:
    """What a worker sends back: its segment and the report lines of its documents."""

    segment: object
    count: int
    report: dict[str, object] = field(default_factory=dict)


class ChunkWriter(SegmentWriter):
    """The parent's writer: no documents of its own; at commit, the workers' segments become the
    generation's, in the order they were added (``MpWriter`` orders them as its processes finish)."""

    def __init__(self, ix: Index, **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self._chunks: list[object] = []

    def add_chunk(self, chunk: _Chunk) -> None:
        self._chunks.append(chunk.segment)

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:  # noqa: ANN001 (Whoosh's signature)
        if not self._chunks:
            super().commit(mergetype=mergetype, optimize=optimize, merge=merge)
            return
        self._check_state()
        self._close_segment()  # its own, empty
        self._commit_toc(list(self.segments) + self._chunks)
        self._finish()


def write_documents(ix: Index, directory: Path, docs: Iterable[Document], report: Report, workers: int,
                    total: int) -> tuple[ChunkWriter, int]:
    """Writes ``docs`` (``total`` of them, about) with ``workers`` processes; returns the parent's writer,
    to commit, and the number of documents written. Report lines come back in the documents' order."""
    writer = ChunkWriter(ix)
    size = chunk_size(total, workers)
    count = 0
    try:
        context = multiprocessing.get_context("spawn")  # no fork of a parent holding locks and a store
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            pending: deque[Future[_Chunk]] = deque()
            try:
                for chunk in _chunks(docs, size):
                    pending.append(pool.submit(write_chunk, str(directory), chunk))
                    while len(pending) > workers:  # bounded: the store is read as fast as chunks are written
                        count += _collect(writer, pending.popleft().result(), report)
                while pending:
                    count += _collect(writer, pending.popleft().result(), report)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    except BaseException:
        try:
            writer.cancel()
        except OSError:
            pass  # a worker's failure may have removed the shared temporary folder; the generation is dropped
        raise
    return writer, count


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    items = iter(docs)
    while chunk := list(islice(items, size)):
        yield chunk


def _collect(writer: ChunkWriter, chunk: _Chunk, report: Report) -> int:
    writer.add_chunk(chunk)
    for name in ("warnings", "missing_metadata", "weak_metadata"):
        getattr(report, name).extend(chunk.report[name])
    for lang, number in chunk.report["languages"].items():
        report.languages[lang] = report.languages.get(lang, 0) + number
    return chunk.count


_opened: dict[str, Index] = {}


def write_chunk(directory: str, docs: list[Document]) -> _Chunk:
    """A worker's job: enriches, analyses and writes one chunk as a segment of the index in ``directory``
    (not yet listed in it: the parent lists the segments in order at commit)."""
    ix = _opened.get(directory)
    if ix is None:
        _opened.clear()  # one build at a time per worker
        ix = _opened[directory] = whoosh_index.open_dir(directory)
    report = Report()
    writer = SegmentWriter(ix, _lk=False, limitmb=WORKER_MEMORY_MB)
    try:
        for doc in docs:
            writer.add_document(**prepare(doc, report))
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    lines = {"warnings": report.warnings, "missing_metadata": report.missing_metadata,
             "weak_metadata": report.weak_metadata, "languages": report.languages}
    return _Chunk(segment, len(docs), lines)
