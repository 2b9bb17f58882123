"""A full build on every core: each worker process reads its own slice of the store (consecutive ids),
enriches and analyses its documents and writes them as its own Whoosh segment; the parent only commits the
list of segments, in the store's order.

Enrichment (language, title, countries, themes, dates), analysis inside Whoosh's ``add_document`` and the
writing of the postings are all of a build's cost but reading the store, and all of it runs in the workers.
The parent reads no document: it cuts the store into blocks of ``MARK_EVERY`` ids and into one slice of
blocks per worker, of about equal length (``DocumentStore.live_sizes``); each worker reads its own blocks
(``DocumentStore.live``). Length is a rough cost (Russian analysis costs more per character than English),
so a worker that finishes first takes the back half of what is left of the slowest slice and writes it as
one more segment (at most ``SEGMENTS_PER_WORKER`` per worker, and only while that half is worth a segment).
An earlier design merged the workers' posting runs into one segment in the parent: that serial merge was a
third of a one-process build's CPU and held 2 workers to 1.25x.

The index then has a few segments per build (one per worker, plus the halves taken), which Whoosh searches
as one index: document numbers run through the segments in order, and scores use the whole index's
statistics. Vectors (indexer/vector_files.py), duplicate keys and facet columns are read per segment
already, as after any incremental update. Segments in the store's order give every document the number a
one-process build gives it: stored fields, term counts, lengths and scores are those of a one-process build
(tests/test_parallel_build.py), and ties in ranking and browsing fall the same way.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from docstore import DocumentStore
from indexer.pipeline import prepare
from indexer.report import Report

# Below this many documents one process builds: starting workers (each loads the analysers and the
# extraction models, 2-4 s) costs more than they save.
PARALLEL_FROM = 2000
SLICE_MIN = 1000  # documents per worker at least: each worker is a segment every search visits
DOC_COST_CHARS = 250  # a document's fixed cost (enrichment, Whoosh's per-document work) in characters of text
MARK_EVERY = 64  # documents per block: the unit a worker takes; the parent keeps one id per block
SEGMENTS_PER_WORKER = 2  # at most: its slice, and once the back half of a slower one's rest
STEAL_SHARE = 0.05  # a worker takes half of another's rest while that is at least this share of a slice
WORKER_MEMORY_MB = 128  # Whoosh's posting pool per worker before it spills a run to disk


def available_cores() -> int:
    """Cores this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(jobs: int | None, documents: int) -> int:
    """Worker processes for a build of ``documents``: 1 (build here) when small or asked for one."""
    wanted = available_cores() if jobs is None else jobs
    if wanted <= 1 or documents < PARALLEL_FROM:
        return 1
    return max(1, min(wanted, math.ceil(documents / SLICE_MIN)))


class SegmentListWriter(SegmentWriter):
    """The parent's writer: no documents of its own; its commit names the workers' finished segments,
    in the store's order, as the generation's segments (nothing is merged or re-read)."""

    def __init__(self, ix: Index, **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self._finished: list = []

    def add_segment(self, segment: object) -> None:
        self._finished.append(segment)

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:  # noqa: ANN001 (Whoosh's signature)
        self._check_state()
        self._close_segment()  # its own, empty: its files are removed by the commit
        self._commit_toc([*self.segments, *self._finished])
        self._finish()


@dataclass
class Plan:
    """The store cut into blocks of ``MARK_EVERY`` consecutive documents (block b: bounds[b] < id <=
    bounds[b + 1]; None: to the end), and the first slices: ``parts`` consecutive runs of blocks of about
    equal cost (length plus a fixed cost per document)."""

    bounds: list[str | None]
    slices: list[tuple[int, int]]  # [first block, end block)

    @classmethod
    def of(cls, sizes: Iterable[tuple[str, int]], parts: int) -> Plan:
        bounds: list[str | None] = [""]
        costs: list[int] = []  # cost of the documents up to the end of each block
        total = 0
        for number, (doc_id, length) in enumerate(sizes, 1):
            total += length + DOC_COST_CHARS
            if number % MARK_EVERY == 0:
                bounds.append(doc_id)
                costs.append(total)
        bounds.append(None)
        costs.append(total)
        cuts = [0]
        for block, cost in enumerate(costs[:-1], 1):
            if len(cuts) < parts and cost >= total * len(cuts) / parts:
                cuts.append(block)
        cuts.append(len(costs))
        return cls(bounds, [(first, end) for first, end in zip(cuts, cuts[1:], strict=False) if end > first])

    @property
    def blocks(self) -> int:
        return len(self.bounds) - 1


@dataclass
class _Written:
    """One segment a worker wrote: where it starts in the store's order (its first block), the segment
    (None when its blocks held no document), and its documents' report lines."""

    first: int
    segment: object
    count: int
    report: dict[str, object] = field(default_factory=dict)


@dataclass
class _Worker:
    """What a worker sends back: its segments, and what it cost."""

    written: list[_Written]
    seconds: float
    cpu_seconds: float
    rss_mb: float


def write_documents(ix: Index, directory: Path, store: DocumentStore, report: Report,
                    workers: int) -> tuple[SegmentListWriter, int]:
    """Writes the store's live documents with ``workers`` processes, about one segment each; returns the
    parent's writer, to commit, and the number of documents written. Report lines come back in the
    documents' order."""
    plan = Plan.of(store.live_sizes(), workers)
    report.workers = len(plan.slices)
    context = multiprocessing.get_context("spawn")  # no fork of a parent holding locks and a store
    state, most, steal_from = schedule(context, plan)
    writer = SegmentListWriter(ix)
    count = 0
    try:
        with ProcessPoolExecutor(len(plan.slices), mp_context=context, initializer=_share,
                                 initargs=(state, most, steal_from)) as pool:
            try:
                futures = [pool.submit(write_slices, str(directory), store.url, plan.bounds, number)
                           for number in range(len(plan.slices))]
                done, _ = wait(futures, return_when=FIRST_EXCEPTION)
                failed = [future for future in done if future.exception() is not None]
                if failed:
                    raise failed[0].exception()
            except BaseException:
                _stop(state)  # the other workers finish the block in hand, not their whole slice
                raise
            results = [future.result() for future in futures]
        written = sorted((item for result in results for item in result.written), key=lambda item: item.first)
        for item in written:  # the store's order, whichever worker wrote it
            count += _collect(writer, item, report)
        report.worker_stats = [{"documents": sum(item.count for item in result.written),
                                "segments": sum(item.segment is not None for item in result.written),
                                "seconds": round(result.seconds, 1), "cpu_seconds": round(result.cpu_seconds, 1),
                                "rss_mb": round(result.rss_mb)}
                               for result in results]
    except BaseException:
        try:
            writer.cancel()
        except OSError:
            pass  # the generation is dropped whole (indexer/build.py)
        raise
    return writer, count


def schedule(context: BaseContext, plan: Plan) -> tuple[object, int, int]:
    """The workers' shared state (slices in use, then each slice's next and end block, in a lock-guarded
    array), how many slices it holds at most, and the fewest blocks left worth a steal."""
    most = len(plan.slices) * SEGMENTS_PER_WORKER
    state = context.Array("q", 1 + 2 * most)
    state[0] = len(plan.slices)
    for number, (first, end) in enumerate(plan.slices):
        state[1 + 2 * number], state[2 + 2 * number] = first, end
    return state, most, max(2, math.ceil(STEAL_SHARE * plan.blocks / max(1, len(plan.slices))))


def _stop(state: object) -> None:
    """Leaves no block to take: every worker stops after the one it is writing."""
    with state.get_lock():
        for number in range(state[0]):
            state[2 + 2 * number] = state[1 + 2 * number]


def _collect(writer: SegmentListWriter, written: _Written, report: Report) -> int:
    if written.segment is not None:
        writer.add_segment(written.segment)
    for name in ("warnings", "missing_metadata", "weak_metadata"):
        getattr(report, name).extend(written.report[name])
    for lang, number in written.report["languages"].items():
        report.languages[lang] = report.languages.get(lang, 0) + number
    return written.count


# -- in the worker processes --------------------------------------------------------------------------------

_state: dict[str, object] = {}


def _share(state: object, most: int, steal_from: int) -> None:
    """Pool initializer: the slices' shared state (a lock-guarded array), as every worker sees it."""
    _state.update(array=state, most=most, steal_from=steal_from)


def write_slices(directory: str, store_url: str, bounds: list[str | None], slice_number: int) -> _Worker:
    """A worker's job: writes its slice as a finished segment of the index in ``directory`` (not yet in the
    index's segment list: the parent commits that); then, while another slice has much left, takes the back
    half of the one with most left and writes it as a further segment."""
    started = time.perf_counter()
    ix = whoosh_index.open_dir(directory)
    store = DocumentStore(store_url)
    written: list[_Written] = []
    try:
        for number in _slices_of(slice_number):
            written.append(_write_slice(ix, store, bounds, number))
    finally:
        store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return _Worker(written, time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _write_slice(ix: Index, store: DocumentStore, bounds: list[str | None], number: int) -> _Written:
    report = Report()
    count, first = 0, -1
    writer = SegmentWriter(ix, _lk=False, limitmb=WORKER_MEMORY_MB)
    try:
        for block in _blocks_of(number):
            first = block if first < 0 else first
            for stored in store.live(after=bounds[block] or "", upto=bounds[block + 1]):
                writer.add_document(**prepare(stored.document(), report))
                count += 1
        if count:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
    except BaseException:
        writer._close_segment()  # not cancel(): that removes the temporary folder the other workers share
        raise
    lines = {"warnings": report.warnings, "missing_metadata": report.missing_metadata,
             "weak_metadata": report.weak_metadata, "languages": report.languages}
    return _Written(first, segment, count, lines)


def _slices_of(first: int) -> Iterator[int]:
    """The slices one worker writes, in turn: its own, then up to ``SEGMENTS_PER_WORKER - 1`` taken from
    slower ones, each taken only once the previous one is written (a slice taken is always written)."""
    number: int | None = first
    for turn in range(SEGMENTS_PER_WORKER):
        if number is None:
            return
        yield number
        if turn < SEGMENTS_PER_WORKER - 1:
            number = _steal()


def _blocks_of(number: int) -> Iterator[int]:
    """The blocks of slice ``number`` in order, each taken when the previous one is written."""
    while (block := _take(number)) is not None:
        yield block


def _take(number: int) -> int | None:
    """The next block of slice ``number``, or None when the slice is done (or its rest was taken)."""
    array = _state["array"]
    with array.get_lock():
        block, end = array[1 + 2 * number], array[2 + 2 * number]
        if block >= end:
            return None
        array[1 + 2 * number] = block + 1
        return block


def _steal() -> int | None:
    """A new slice: the back half of the blocks not yet taken of the slice with most of them left, when that
    is at least ``steal_from`` blocks (each steal is one more segment every search visits)."""
    array = _state["array"]
    with array.get_lock():
        slices = array[0]
        if slices >= _state["most"]:
            return None
        left = [array[2 + 2 * number] - array[1 + 2 * number] for number in range(slices)]
        victim = max(range(slices), key=left.__getitem__)
        if left[victim] < _state["steal_from"]:
            return None
        middle = array[1 + 2 * victim] + (left[victim] + 1) // 2
        array[1 + 2 * slices], array[2 + 2 * slices] = middle, array[2 + 2 * victim]
        array[2 + 2 * victim] = middle
        array[0] = slices + 1
        return slices
