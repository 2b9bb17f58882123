"""A full build on every core: documents are enriched and analysed by worker processes, each chunk of
consecutive documents written as a sub-segment, and the parent merges the sub-segments, in the store's
order, into the generation's one segment.

Enrichment (language, title, countries, themes, dates) and analysis inside Whoosh's ``add_document`` are
most of a build's cost; both run in the workers. The parent reads the store, hands out chunks and merges
the workers' sorted posting runs (Whoosh's ``MpWriter`` merge, which re-analyses nothing): that merge is
the serial part (about a third of a one-process build's CPU at 25,000 short documents), so the speed-up
is bounded by it. Keeping the workers' segments unmerged built 1.7× faster on 2 cores but searched 4×
slower (11 segments), so the segments are merged. Chunks merged in the store's order give every document
the number a one-process build gives it: stored fields, term counts, lengths and scores are those of a
one-process build (tests/test_parallel_build.py), and ties in ranking and browsing fall the same way.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.multiproc import MpWriter, finish_subsegment
from whoosh.writing import SegmentWriter

from indexer.document import Document
from indexer.pipeline import prepare
from indexer.report import Report

# Below this many documents one process builds: starting workers (each loads the analysers and the
# extraction models, 2-4 s) costs more than they save.
PARALLEL_FROM = 2000
CHUNK_MIN, CHUNK_MAX = 250, 50_000  # documents per segment
CHUNKS_PER_JOB = 4  # segments per worker: few to search, yet a chunk of long documents does not hold up the rest
CHUNK_CHARS_PER_DOC = 250  # a chunk also ends at size × this many characters (or × 1.5 the mean so far)
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
    """What a worker sends back: its sub-segment (stored fields, and postings in a sorted run) and the
    report lines of its documents."""

    run: str
    fieldnames: list[str]
    segment: object
    count: int
    report: dict[str, object] = field(default_factory=dict)


class ChunkWriter(MpWriter):
    """The parent's writer: no documents of its own; at commit, the workers' sorted posting runs and
    stored fields are merged into one segment in the order the chunks were added (``MpWriter`` merges
    them in the order its processes finish). One segment: a query over 11 segments took 16 ms, over one
    4 ms (25,000 documents)."""

    def __init__(self, ix: Index, **kwargs: object) -> None:
        SegmentWriter.__init__(self, ix, **kwargs)  # not MpWriter's: it would start its own processes
        self.tasks: list = []
        self._chunks: list[tuple[str, list[str], object]] = []

    def add_chunk(self, chunk: _Chunk) -> None:
        self._chunks.append((chunk.run, chunk.fieldnames, chunk.segment))

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:  # noqa: ANN001 (Whoosh's signature)
        if not self._chunks:
            SegmentWriter.commit(self, mergetype=mergetype, optimize=optimize, merge=merge)
            return
        segments = self._merge_segments(mergetype, optimize, merge)
        self._merge_subsegments(self._chunks, mergetype)
        # The merge re-adds each document's length as stored (one byte, rounded); the exact totals,
        # which BM25 averages, are the sum of the chunks' own.
        totals: dict[str, int] = {}
        for _, _, segment in self._chunks:
            for name, length in segment._fieldlengths.items():
                totals[name] = totals.get(name, 0) + length
        self.get_segment()._fieldlengths = totals
        self._close_segment()
        self._assemble_segment()
        segments.append(self.get_segment())
        self._commit_toc(segments)
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
            numbers: dict[Future[_Chunk], int] = {}
            done: dict[int, _Chunk] = {}
            try:
                for number, chunk in enumerate(_chunks(docs, size)):
                    numbers[pool.submit(write_chunk, str(directory), chunk)] = number
                    if len(numbers) > workers:  # bounded: the store is read as fast as chunks are written
                        _finished(numbers, done, FIRST_COMPLETED)
                _finished(numbers, done, ALL_COMPLETED)
            except BaseException:
                for future in numbers:
                    future.cancel()
                raise
            for number in sorted(done):  # the store's order, whichever worker finished first
                count += _collect(writer, done[number], report)
    except BaseException:
        try:
            writer.cancel()
        except OSError:
            pass  # a worker's failure may have removed the shared temporary folder; the generation is dropped
        raise
    return writer, count


def _finished(numbers: dict[Future[_Chunk], int], done: dict[int, _Chunk], when: str) -> None:
    """Waits for one (or every) chunk in flight and moves the finished ones to ``done``."""
    finished, _ = wait(list(numbers), return_when=when)
    for future in finished:
        done[numbers.pop(future)] = future.result()


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive documents, ``size`` at most, and fewer where they are longer than those read so far
    (cost follows the text): a run of long articles would otherwise load one worker with most of the
    work (measured: one chunk of 3,125 documents took 25 s, each of the seven others 3 s)."""
    chunk: list[Document] = []
    chars = seen_chars = seen = 0
    for doc in docs:
        chunk.append(doc)
        length = len(doc.title) + len(doc.body)
        chars, seen_chars, seen = chars + length, seen_chars + length, seen + 1
        if len(chunk) >= size or chars >= size * max(CHUNK_CHARS_PER_DOC, 1.5 * seen_chars / seen):
            yield chunk
            chunk, chars = [], 0
    if chunk:
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
    """A worker's job: enriches and analyses one chunk into a sub-segment of the index in ``directory``,
    leaving its sorted posting run for the parent to merge."""
    ix = _opened.get(directory)
    if ix is None:
        _opened.clear()  # one build at a time per worker
        ix = _opened[directory] = whoosh_index.open_dir(directory)
    report = Report()
    writer = SegmentWriter(ix, _lk=False, limitmb=WORKER_MEMORY_MB)
    try:
        for doc in docs:
            writer.add_document(**prepare(doc, report))
        run, fieldnames, segment = finish_subsegment(writer)
    except BaseException:
        writer.cancel()
        raise
    lines = {"warnings": report.warnings, "missing_metadata": report.missing_metadata,
             "weak_metadata": report.weak_metadata, "languages": report.languages}
    return _Chunk(run, list(fieldnames), segment, len(docs), lines)
