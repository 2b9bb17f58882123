"""Retrieval by meaning: every read of a document's vectors goes through ``MeaningIndex``.

Vectors are not in the Whoosh index: they arrive after it, per segment, in files beside it
(indexer/vector_files.py, written by the embedding job indexer/embed.py). ``MeaningIndex`` memory-maps
them (the operating system shares the pages between the server's worker processes; none holds a copy) and
looks for a newer version at most every ``CHECK_SECONDS``, so a search uses the vectors that have arrived:
a document without one yet is ranked by its words alone. Deleted documents are masked with the reader's
live set.

Exact search is one matrix-vector product per segment: 30 ms per 100,000 documents measured on the shared
two-core machine under load. A segment of ``ann.ANN_FROM`` rows or more (or of ``ann.ANN_SEGMENT_FROM`` in
an index that large) gets an HNSW graph from the embedding job once its vectors are complete
(search_api/ann.py); ``nearest_to`` asks it for the nearest rows (more than needed, by the number of its
deleted rows) and scores those exactly, so the cosines are the exact ones and deleted documents never come back.
"""

from __future__ import annotations

import bisect
import json
import threading
import time
import weakref
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from analyzers import semantic
from indexer.vector_files import FOLDER, SegmentVectors, load_segment, manifest_version, read_manifest
from search_api import ann

CHECK_SECONDS = 0.5  # how often a reader looks for vectors that arrived since it last looked
PROGRESS_FILE = "progress.json"  # written by the embedding job (indexer/embed.py)
_lock = threading.Lock()
_mapped: dict[tuple[Path, str, str], SegmentVectors] = {}  # (generation, segment, version) → its maps, per process
_graphs: dict[tuple[Path, str], object] = {}  # (generation, segment) → its memory-mapped graph, per process
_by_reader: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # reader → its MeaningIndex

__all__ = ["FOLDER", "MeaningIndex", "meaning_for"]


class MeaningIndex:
    """The vectors of one index version (a Whoosh reader), by global document number."""

    def __init__(self, reader: IndexReader, generation: Path) -> None:
        self.generation = Path(generation)
        self.size = reader.doc_count_all()
        self._leaves = [(leaf.segment().segment_id(), offset, leaf.doc_count_all())
                        for leaf, offset in reader.leaf_readers() if hasattr(leaf, "segment")]
        self._offsets = [offset for _, offset, _ in self._leaves]
        self.live = np.zeros(self.size, dtype=bool)
        if self.size:
            self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        # (parts: segment offset → its vectors, usable: live and with a vector, manifest version), replaced
        # as one tuple when new vectors arrive, so that a search in another thread reads one or the other
        self._state: tuple[list[tuple[int, SegmentVectors | None]], np.ndarray, tuple[int, int] | None] = \
            ([], np.zeros(self.size, dtype=bool), None)
        self._graphs: dict[int, tuple[SegmentVectors, object, int]] = {}  # offset → (its vectors, graph, masked)
        self._checked = 0.0
        self._reload_lock = threading.Lock()
        self._load()

    @property
    def parts(self) -> list[tuple[int, SegmentVectors | None]]:
        return self._state[0]

    @property
    def usable(self) -> np.ndarray:
        """Live documents with a vector, by document number."""
        return self._state[1]

    # -- what searches use -------------------------------------------------------------------------------

    def cosines(self, query: np.ndarray) -> np.ndarray:
        """Every document's cosine with a unit query vector (−1 for deleted documents and those without a
        vector)."""
        self.refresh()
        parts, usable, _ = self._state
        scores = np.full(self.size, -1.0, dtype=np.float32)
        for offset, vectors in parts:
            if vectors is not None and len(vectors.whole):
                scores[offset:offset + len(vectors.whole)] = vectors.whole @ query
        scores[~usable] = -1.0
        return scores

    @staticmethod
    def nearest(cosines: np.ndarray, count: int) -> dict[int, float]:
        """The ``count`` documents with the highest cosines: document number → cosine."""
        count = min(count, int((cosines > -1.0).sum()))
        if count <= 0:
            return {}
        best = np.argpartition(-cosines, count - 1)[:count]
        return {int(doc): float(cosines[doc]) for doc in best}

    def nearest_to(self, query: np.ndarray, count: int) -> dict[int, float]:
        """The ``count`` documents nearest a unit query vector: document number → cosine. The same as
        ``nearest(cosines(query), count)``, without scoring every document of a segment that has a graph."""
        self.refresh()
        parts, usable, _ = self._state
        graphs = self._graphs
        if not any(offset in graphs and graphs[offset][0] is vectors for offset, vectors in parts):
            return self.nearest(self.cosines(query), count)
        found: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        for offset, vectors in parts:
            if vectors is None or not len(vectors.whole):
                continue
            rows = len(vectors.whole)
            mine = usable[offset:offset + rows]
            graph = graphs.get(offset)
            if graph is not None and graph[0] is vectors and graph[2] <= rows // 2:  # (mostly deleted: exact)
                near = ann.search(graph[1], query, count + graph[2])  # type: ignore[arg-type]
                near = near[(near >= 0) & (near < rows)]
                near = near[mine[near]][:count]
                near.sort()
                cosines = vectors.whole[near] @ query if len(near) else np.zeros(0, dtype=np.float32)
            else:
                cosines = np.where(mine, vectors.whole @ query, -1.0).astype(np.float32)
                take = min(count, int(mine.sum()))
                near = np.argpartition(-cosines, take - 1)[:take] if take else np.zeros(0, dtype=np.int64)
                cosines = cosines[near]
            found.append(near + offset)
            scores.append(np.asarray(cosines, dtype=np.float32))
        if not found:
            return {}
        docs, cosines = np.concatenate(found), np.concatenate(scores)
        best = np.argsort(-cosines, kind="stable")[:count]
        return {int(docs[i]): float(cosines[i]) for i in best}

    def closeness(self, query: np.ndarray, docnums: list[int]) -> list[float | None]:
        """Each document's closeness in meaning to a query: its whole text's cosine, mixed with its closest
        sentence's (``semantic.SENTENCE_WEIGHT``) once its sentences' vectors are in; None without a vector."""
        self.refresh()
        found: list[float | None] = []
        for docnum in docnums:
            located = self._locate(docnum)
            if located is None:
                found.append(None)
                continue
            vectors, row = located
            whole = float(vectors.whole[row] @ query)
            first, last = int(vectors.offsets[row]), int(vectors.offsets[row + 1])
            if last > first:
                best = float((vectors.sentences[first:last].astype(np.float32) @ query).max())
                whole = (1 - semantic.SENTENCE_WEIGHT) * whole + semantic.SENTENCE_WEIGHT * best
            found.append(whole)
        return found

    def vector(self, docnum: int) -> np.ndarray | None:
        """A document's whole-text vector (float32, unit length), or None when it has none yet."""
        self.refresh()
        located = self._locate(docnum)
        return None if located is None else np.array(located[0].whole[located[1]], dtype=np.float32)

    def vectors(self, docnums: np.ndarray) -> np.ndarray:
        """The whole-text vectors of many documents at once (float32 rows; zeros for those without one)."""
        self.refresh()
        docnums = np.asarray(docnums, dtype=np.int64)
        matrix = np.zeros((len(docnums), semantic.DIMENSIONS), dtype=np.float32)
        parts, usable, _ = self._state
        for offset, vectors in parts:
            if vectors is None:
                continue
            inside = (docnums >= offset) & (docnums < offset + len(vectors.whole))
            if inside.any():
                matrix[inside] = vectors.whole[docnums[inside] - offset]
        matrix[~usable[docnums]] = 0.0
        return matrix

    def has_vector(self, docnum: int) -> bool:
        self.refresh()
        return 0 <= docnum < self.size and bool(self.usable[docnum])

    @property
    def count(self) -> int:
        """Live documents with a vector."""
        self.refresh()
        return int(self.usable.sum())

    @property
    def version(self) -> tuple[int, int] | None:
        """Changes whenever new vectors arrive (for caches built on top: search_api/similar.py)."""
        self.refresh()
        return self._state[2]

    def status(self) -> dict:
        """For ``/health``: how many documents have vectors, and the embedding job's progress."""
        status: dict = {"documents": int(self.live.sum()), "with_vector": self.count}
        try:
            status["job"] = json.loads((self.generation / FOLDER / PROGRESS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        return status

    # -- loading -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Takes the newest vectors of this generation, looked for at most every ``CHECK_SECONDS``."""
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS:
            return
        self._checked = now
        if manifest_version(self.generation) != self._state[2]:
            with self._reload_lock:
                if manifest_version(self.generation) != self._state[2]:
                    self._load()

    def _load(self) -> None:
        for _ in range(3):  # an older version's files may go just after the manifest was read: read it again
            version = manifest_version(self.generation)
            manifest = read_manifest(self.generation)
            try:
                parts = [(offset, _segment(self.generation, segment, manifest.get(segment), rows))
                         for segment, offset, rows in self._leaves]
                break
            except (OSError, ValueError):
                continue
        else:
            return
        usable = np.zeros(self.size, dtype=bool)
        for offset, vectors in parts:
            if vectors is not None:
                usable[offset:offset + len(vectors.present)] = vectors.present
        usable &= self.live
        graphs: dict[int, tuple[SegmentVectors, object, int]] = {}
        for (segment, _, rows), (offset, vectors) in zip(self._leaves, parts, strict=True):
            graph = _graph(self.generation, segment, manifest.get(segment)) if vectors is not None else None
            if graph is not None and vectors is not None:  # its rows with a vector that a search must skip
                masked = int((np.asarray(vectors.present) & ~usable[offset:offset + rows]).sum())
                graphs[offset] = (vectors, graph, masked)
        self._graphs = graphs
        self._state = (parts, usable, version)
        _forget(self.generation, manifest)

    def _locate(self, docnum: int) -> tuple[SegmentVectors, int] | None:
        parts, usable, _ = self._state
        if not (0 <= docnum < self.size) or not usable[docnum]:
            return None
        index = bisect.bisect_right(self._offsets, docnum) - 1
        offset, vectors = parts[index]
        return (vectors, docnum - offset) if vectors is not None else None


def meaning_for(searcher: Searcher) -> MeaningIndex:
    """The ``MeaningIndex`` of a searcher's reader, made once per reader (``_by_meaning`` has a searcher only)."""
    reader = searcher.reader()
    with _lock:
        meaning = _by_reader.get(reader)
    if meaning is None:
        meaning = MeaningIndex(reader, generation_of(searcher))
        with _lock:
            _by_reader[reader] = meaning
    return meaning


def generation_of(searcher: Searcher) -> Path:
    """The folder of the index a searcher reads."""
    return Path(searcher._ix.storage.folder)


def _segment(generation: Path, segment: str, entry: dict | None, rows: int) -> SegmentVectors | None:
    if not entry:
        return None
    key = (generation, segment, str(entry.get("stamp")))
    with _lock:
        vectors = _mapped.get(key)
    if vectors is None:
        vectors = load_segment(generation, segment, entry)
        if len(vectors.present) != rows:  # files of another segment layout: not to be trusted
            return None
        with _lock:
            _mapped[key] = vectors
    return vectors


def _graph(generation: Path, segment: str, entry: dict | None) -> object | None:
    """A complete segment's graph (search_api/ann.py), opened once per process; None without one."""
    if not entry or not entry.get("complete"):
        return None
    key = (generation, segment)
    with _lock:
        graph = _graphs.get(key)
    if graph is None:
        graph = ann.open_index(ann.graph_path(generation, segment))
        if graph is not None:
            with _lock:
                _graphs[key] = graph
    return graph


def _forget(generation: Path, manifest: dict[str, dict]) -> None:
    """Drops this process's maps of versions no longer named (a search still holding one keeps reading it:
    the pages stay readable until it lets go), and those of generations removed."""
    named = {(segment, str(entry.get("stamp"))) for segment, entry in manifest.items()}
    with _lock:
        for key in list(_mapped):
            if key[0] == generation and (key[1], key[2]) not in named or not key[0].exists():
                del _mapped[key]
        for key in list(_graphs):
            if key[0] == generation and key[1] not in manifest or not key[0].exists():
                del _graphs[key]
