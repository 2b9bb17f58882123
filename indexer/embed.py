"""The embedding job: vectors for the documents of the serving generation, after its words are searchable.

A build writes and switches to the word index without embedding anything (the slow part: 3.5–5 texts a
second on two cores); this job then gives each segment of the current generation its vectors
(indexer/vector_files.py), which searches use as they arrive (search_api/meaning.py). It runs inside
``peacesearch serve`` (a background process, niced) and as ``peacesearch embed``.

Order: first every document's whole-text vector from the cache (instant for a rebuild), then the missing
whole-text vectors (one per document: nearest-by-meaning and more-like-this work for all of them after
this pass), then the sentences (the finer closeness of analyzers/semantic.py; the first six of a document:
indexer/vectors.py ``POLICY``, chosen by bench/embedcost.py). The files are rewritten at
most every ``WRITE_EVERY_SECONDS`` as batches land, and the progress line gives the rate measured over the
last batches and the time left at that rate.

Themes: a build picks a document's themes with its vector only when the cache already holds it, else on
its words alone (``themes_basis`` "words": indexer/extract/theme_model.py). Once a segment's whole texts
are cached, the job re-indexes its "words" documents from the store (indexer/build.py: ``refresh``, which
takes the writer lock without waiting; busy, it tries again next round), and their new segment gets its
vectors from the cache in the next round. Each document version is re-indexed at most once per job, so
the index's themes end as those of a build with every vector cached, with no loop.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from analyzers import semantic
from indexer.store import IndexStore
from indexer.vector_files import SegmentVectors, folder, load_segment, read_manifest, write_manifest, write_segment
from indexer.vectors import VectorCache, document_text, sentence_texts
from search_api import ann

BATCH_TEXTS = 32  # texts embedded together (the workers share a batch); the rate is measured per batch
RATE_BATCHES = 5  # the rate shown is that of the last this many batches
WRITE_EVERY_SECONDS = 5.0  # the files of a segment are rewritten at most this often while its vectors arrive
POLL_SECONDS = 2.0  # how often a following job looks for new commits and generations
PROGRESS_EVERY_SECONDS = 10.0  # a progress line this often when stderr is not a terminal (a server's log)
REFRESH_BATCH = 500  # documents re-indexed in one hold of the writer lock (about 10 ms each)
LOOKUP_BATCH = 1000  # documents whose whole texts are looked up in the cache together (themes: _ThemeRefresh)
LOCK_NAME = "embed.lock"
PROGRESS_FILE = "progress.json"


class EmbedBusy(Exception):
    """Another embedding job holds the index folder."""


@dataclass
class EmbedReport:
    """What a run did; ``documents``/``with_vector`` describe the generation at its end."""

    generation: str | None = None
    documents: int = 0
    with_vector: int = 0
    embedded: int = 0  # texts embedded by this run
    from_cache: int = 0  # texts whose vector the cache already held
    texts_per_second: float | None = None
    themes_refreshed: int = 0  # documents re-indexed so that their themes read their vector
    seconds: float = 0.0

    def summary(self) -> str:
        rate = f", {self.texts_per_second:.1f} texts/s" if self.texts_per_second else ""
        themes = f"; themes of {self.themes_refreshed} re-read with their vector" if self.themes_refreshed else ""
        return (f"Meaning: {self.with_vector} of {self.documents} documents have vectors "
                f"({self.embedded} texts embedded{rate}, {self.from_cache} from the cache){themes} "
                f"in {self.seconds:.1f} s")

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


class Rate:
    """Texts, and characters, per second over the last batches: the first text (a model loading) does not set
    the estimate. The time left is reckoned in characters: a whole text costs as much as its dozen
    sentences, so a rate in texts measured on whole texts would promise hours for the sentences after them."""

    def __init__(self, window: int = RATE_BATCHES) -> None:
        self._batches: deque[tuple[int, int, float]] = deque(maxlen=window)

    def add(self, texts: int, seconds: float, chars: int = 0) -> None:
        self._batches.append((texts, chars, seconds))

    def per_second(self) -> float | None:
        texts, seconds = sum(b[0] for b in self._batches), sum(b[2] for b in self._batches)
        return texts / seconds if texts and seconds > 0 else None

    def chars_per_second(self) -> float | None:
        chars, seconds = sum(b[1] for b in self._batches), sum(b[2] for b in self._batches)
        return chars / seconds if chars and seconds > 0 else None


@dataclass
class Progress:
    """The progress line (stderr) and the progress file that ``/health`` reads."""

    enabled: bool
    generation: Path | None = None
    total: int = 0
    done: int = 0
    total_chars: int = 0
    done_chars: int = 0
    rate: Rate = field(default_factory=Rate)
    _shown: float = 0.0

    def advance(self, texts: int, seconds: float, chars: int = 0) -> None:
        self.done += texts
        self.done_chars += chars
        self.rate.add(texts, seconds, chars)
        self.show()

    def status(self) -> dict:
        rate, char_rate = self.rate.per_second(), self.rate.chars_per_second()
        left = self.total - self.done
        if not left:
            seconds_left: int | None = 0
        elif char_rate and self.total_chars:
            seconds_left = round((self.total_chars - self.done_chars) / char_rate)
        else:
            seconds_left = round(left / rate) if rate else None
        return {"texts_done": self.done, "texts_total": self.total,
                "texts_per_second": round(rate, 2) if rate else None,
                "seconds_left": seconds_left, "updated": time.time()}

    def show(self, final: bool = False) -> None:
        if self.generation is not None:
            _write_json(folder(self.generation) / PROGRESS_FILE, self.status())
        if not self.enabled or not self.total:
            return
        tty = sys.stderr.isatty()
        now = time.monotonic()
        if not final and not tty and (now - self._shown < PROGRESS_EVERY_SECONDS or self.done == self.total):
            return  # (the last line is the final one)
        self._shown = now
        status = self.status()
        rate = f"{status['texts_per_second']:.1f} texts/s" if status["texts_per_second"] else "measuring"
        left = status["seconds_left"]
        eta = f", about {_duration(left)} left" if left else ""
        line = f"embedding: {self.done:,}/{self.total:,} texts, {rate}{eta}"
        print(f"\r{line}\033[K" if tty else line, end="\n" if final or not tty else "", file=sys.stderr, flush=True)


class _Segment:
    """The vectors of one segment while they are being filled."""

    def __init__(self, segment_reader, index_rows: int = 0) -> None:
        self.id = segment_reader.segment().segment_id()
        rows = segment_reader.doc_count_all()
        self.wants_graph = ann.wanted(rows, max(index_rows, rows))
        self.docs = {docnum: (fields.get("title") or "", fields.get("body") or "")
                     for docnum, fields in segment_reader.iter_docs()}
        self.whole = np.zeros((rows, semantic.DIMENSIONS), dtype=np.float32)
        self.present = np.zeros(rows, dtype=bool)
        self.sentence_texts = {docnum: sentence_texts(*doc) for docnum, doc in self.docs.items()}
        self.sentences: dict[int, list[bytes | None]] = {docnum: [None] * len(texts)
                                                         for docnum, texts in self.sentence_texts.items() if texts}
        self.written = 0.0
        self.write_seconds = 0.0
        self.graph_built = False

    def whole_text(self, docnum: int) -> str:
        return document_text(*self.docs[docnum])

    def set_whole(self, docnum: int, vector: bytes) -> None:
        self.whole[docnum] = np.frombuffer(vector, dtype=semantic.VECTOR_DTYPE)
        self.present[docnum] = True

    def complete(self) -> bool:
        return bool(self.present[list(self.docs)].all()) and all(all(v is not None for v in vectors)
                                                                  for vectors in self.sentences.values())

    def arrays(self) -> SegmentVectors:
        """The segment's arrays; a document's sentences count only once all of them are in."""
        offsets = np.zeros(len(self.present) + 1, dtype=np.int64)
        rows: list[bytes] = []
        for docnum in range(len(self.present)):
            vectors = self.sentences.get(docnum)
            if vectors and all(v is not None for v in vectors):
                rows.extend(vectors)  # type: ignore[arg-type]
            offsets[docnum + 1] = len(rows)
        sentences = np.frombuffer(b"".join(rows), dtype=semantic.VECTOR_DTYPE).reshape(-1, semantic.DIMENSIONS)
        return SegmentVectors(self.whole, self.present, offsets, sentences)

    def write(self, generation: Path, force: bool = False) -> None:
        """Writes a new version of the files; while batches land, at most every ``WRITE_EVERY_SECONDS`` and
        never more than a tenth of the time (a large segment's files take a while to write)."""
        began = time.monotonic()
        if not force and began - self.written < max(WRITE_EVERY_SECONDS, 10 * self.write_seconds):
            return
        done = sum(1 for vectors in self.sentences.values() if all(v is not None for v in vectors))
        complete = self.complete()
        if complete and not self.graph_built and self.wants_graph:  # first: readers look once
            self.graph_built = True  # the manifest says complete
            ann.build(self.whole, self.present, ann.graph_path(generation, self.id))
        write_segment(generation, self.id, self.arrays(),
                      {"docs": len(self.docs), "vectors": int(self.present.sum()), "sentences_done": done,
                       "complete": complete})
        self.written = time.monotonic()
        self.write_seconds = self.written - began


def embed_index(root: str | Path, progress: bool = False, stop: threading.Event | None = None,
                follow: bool = False, lock_timeout: float = 30.0) -> EmbedReport:
    """Gives the current generation's documents their vectors; with ``follow``, keeps doing so for each new
    commit and generation until ``stop`` is set (the server's job)."""
    started = time.perf_counter()
    report = EmbedReport()
    stop = stop or threading.Event()
    root = Path(root)
    if not semantic.enabled():
        return report
    cache = VectorCache(root)
    themes = _ThemeRefresh()
    busy_until = time.monotonic() + lock_timeout
    try:
        with _EmbedLock(root, lock_timeout if not follow else None, stop):
            while not stop.is_set():
                outcome = _round(root, cache, report, progress, stop, themes)
                if outcome == "refreshed":
                    continue  # the re-indexed documents' new segment: its vectors are in the cache
                if not follow and (outcome != "busy" or time.monotonic() > busy_until):
                    break
                stop.wait(POLL_SECONDS)
    finally:
        cache.close()
    report.seconds = time.perf_counter() - started
    return report


def _round(root: Path, cache: VectorCache, report: EmbedReport, progress: bool, stop: threading.Event,
           themes: _ThemeRefresh | None = None) -> str:
    """One pass over the current generation: the segments without complete vectors get them, then the
    documents themed on words alone whose vector is cached are re-indexed ("refreshed"; "busy" when
    another writer held the index; else "done")."""
    generation = index_location(root)
    if generation is None:
        return "done"
    try:
        ix = whoosh_index.open_dir(str(generation))
        reader = ix.reader()
    except (OSError, whoosh_index.EmptyIndexError):
        return "done"  # a generation being removed, or no index yet: the next round looks again
    try:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        manifest = read_manifest(generation)
        ids = {leaf.segment().segment_id() for leaf in leaves}
        if set(manifest) - ids:  # segments merged away
            write_manifest(generation, {key: entry for key, entry in manifest.items() if key in ids})
            for gone in set(manifest) - ids:  # (a reader still holding its graph keeps its pages)
                ann.graph_path(generation, gone).unlink(missing_ok=True)
        rows = reader.doc_count_all()  # a large index's segments get graphs (a parallel build writes several)
        todo = [_Segment(leaf, rows) for leaf in leaves
                if not manifest.get(leaf.segment().segment_id(), {}).get("complete")]
        if todo:
            _fill(generation, root, todo, cache, report, Progress(progress, generation), stop)
        report.generation = generation.name
        report.documents = reader.doc_count()
        report.with_vector = _with_vector(generation, leaves)
        if themes is not None and not stop.is_set():
            themes.collect(generation, leaves, cache)
    except OSError:
        return "done"  # the generation went away under us (a rebuild switched): the next round takes the new one
    finally:
        reader.close()
    if themes is None or stop.is_set() or index_location(root) != generation:
        return "done"
    return themes.refresh(root, report)


class _ThemeRefresh:
    """The documents of the job's segments themed on words alone whose vector is now cached, re-indexed
    ``REFRESH_BATCH`` at a time (the writer lock is held a few seconds, not for a whole archive). Each
    segment is looked at once and each document version re-indexed at most once (no loop, should the
    vector not be found when it is re-indexed)."""

    def __init__(self) -> None:
        self.generation = ""
        self.checked: set[str] = set()  # segment ids of the generation
        self.done: set[tuple[str, str]] = set()  # (document id, content hash)
        self.pending: deque[tuple[str, str]] = deque()

    def collect(self, generation: Path, leaves: list, cache: VectorCache) -> None:
        """Queues the waiting documents of the segments not looked at yet."""
        if generation.name != self.generation:  # a new build read the cache itself
            self.generation, self.checked, self.pending = generation.name, set(), deque()
        for leaf in leaves:
            segment = leaf.segment().segment_id()
            if segment in self.checked:
                continue
            versions = self._segment_waiting(leaf, cache)
            if versions is not None:
                self.pending.extend(versions)
                self.checked.add(segment)

    def _segment_waiting(self, leaf, cache: VectorCache) -> list[tuple[str, str]] | None:
        """The segment's documents themed on words, or None while one of their vectors is missing (a stopped
        fill: looked at again next round). Texts are looked up a batch at a time (bounded memory)."""
        versions: list[tuple[str, str]] = []
        batch: list[tuple[str, tuple[str, str]]] = []
        for _, fields in leaf.iter_docs():
            version = (fields.get("id") or "", fields.get("content_hash") or "")
            if fields.get("themes_basis") == "words" and version not in self.done:
                batch.append((document_text(fields.get("title") or "", fields.get("body") or ""), version))
            if len(batch) >= LOOKUP_BATCH:
                if not _all_cached(batch, cache):
                    return None
                versions.extend(version for _, version in batch)
                batch = []
        if batch and not _all_cached(batch, cache):
            return None
        return versions + [version for _, version in batch]

    def refresh(self, root: Path, report: EmbedReport) -> str:
        """Re-indexes the next batch: "refreshed", "busy" (another writer: tried again later) or "done"."""
        from indexer.build import IndexingError, refresh
        from indexer.lock import WriterBusy

        versions = [self.pending[i] for i in range(min(REFRESH_BATCH, len(self.pending)))]
        if not versions:
            return "done"
        try:
            report.themes_refreshed += refresh([doc_id for doc_id, _ in versions], root).applied
        except WriterBusy:
            return "busy"
        except IndexingError as exc:  # no store to read them from, a full disk: they keep their themes
            print(f"peacesearch embed: themes not re-read with the vectors: {exc}", file=sys.stderr)
        for _ in versions:
            self.done.add(self.pending.popleft())
        return "refreshed"


def fill_from_cache(generation: Path, root: Path) -> int:
    """Gives the generation's segments the vectors the cache already holds, embedding nothing; returns how
    many texts it found. A background merge (indexer/merge.py) calls it before switching to its merged
    segment, so that searches by meaning do not lapse until the embedding job's next round."""
    if os.environ.get("PEACESEARCH_SEMANTIC", "1") == "0":
        return 0
    report = EmbedReport()
    ix = whoosh_index.open_dir(str(generation))
    reader = ix.reader()
    cache = VectorCache(root)
    try:
        manifest = read_manifest(generation)
        rows = reader.doc_count_all()
        for leaf, _ in reader.leaf_readers():
            if not manifest.get(leaf.segment().segment_id(), {}).get("complete"):
                _from_cache(generation, _Segment(leaf, rows), cache, report)
    finally:
        cache.close()
        reader.close()
    return report.from_cache


def _from_cache(generation: Path, segment: _Segment, cache: VectorCache, report: EmbedReport) -> tuple[list, list]:
    """Sets the segment's vectors that the cache holds and writes them; returns the texts still to embed
    (whole texts, sentences)."""
    whole: list[tuple[_Segment, int, str]] = []
    parts: list[tuple[_Segment, int, int, str]] = []
    texts = [segment.whole_text(docnum) for docnum in segment.docs]
    found = cache.lookup(texts + [t for texts in segment.sentence_texts.values() for t in texts])
    report.from_cache += len(found)
    for docnum, text in zip(segment.docs, texts, strict=True):
        if text in found:
            segment.set_whole(docnum, found[text])
        else:
            whole.append((segment, docnum, text))
    for docnum, sentences in segment.sentence_texts.items():
        for number, text in enumerate(sentences):
            if text in found:
                segment.sentences[docnum][number] = found[text]
            else:
                parts.append((segment, docnum, number, text))
    segment.write(generation, force=True)  # what the cache held is usable at once
    return whole, parts


def _fill(generation: Path, root: Path, segments: list[_Segment], cache: VectorCache, report: EmbedReport,
          progress: Progress, stop: threading.Event) -> None:
    whole: list[tuple[_Segment, int, str]] = []
    parts: list[tuple[_Segment, int, int, str]] = []
    for segment in segments:
        missing_whole, missing_parts = _from_cache(generation, segment, cache, report)
        whole += missing_whole
        parts += missing_parts
    progress.total = len(whole) + len(parts)
    progress.total_chars = sum(_read_chars(item[-1]) for item in [*whole, *parts])
    progress.show()

    def set_whole(item: tuple[_Segment, int, str], vector: bytes) -> None:
        item[0].set_whole(item[1], vector)

    def set_sentence(item: tuple[_Segment, int, int, str], vector: bytes) -> None:
        item[0].sentences[item[1]][item[2]] = vector

    for items, apply in ((whole, set_whole), (parts, set_sentence)):
        if not _embed_items(items, apply, generation, root, cache, report, progress, stop):
            return
    if progress.total:
        for segment in segments:
            segment.write(generation, force=True)
        progress.show(final=True)


def _embed_items(items: list, apply: Callable, generation: Path, root: Path, cache: VectorCache,
                 report: EmbedReport, progress: Progress, stop: threading.Event) -> bool:
    """Embeds the items' texts (their last element) in batches of similar length (less padding, even work
    for the workers), applying each vector; False when stopped or when the generation was replaced."""
    items = sorted(items, key=lambda item: len(item[-1]))
    for start in range(0, len(items), BATCH_TEXTS):
        if stop.is_set() or index_location(root) != generation:
            return False
        batch = items[start:start + BATCH_TEXTS]
        began = time.perf_counter()
        vectors = cache.embed([item[-1] for item in batch])
        report.embedded += len(batch)
        progress.advance(len(batch), time.perf_counter() - began, sum(_read_chars(item[-1]) for item in batch))
        report.texts_per_second = progress.rate.per_second()
        touched = {}
        for item, vector in zip(batch, vectors, strict=True):
            apply(item, vector)
            touched[id(item[0])] = item[0]
        for segment in touched.values():
            segment.write(generation)
    return True


def _all_cached(batch: list[tuple[str, tuple[str, str]]], cache: VectorCache) -> bool:
    cached = cache.lookup(text for text, _ in batch)
    return all(text in cached for text, _ in batch)


def _read_chars(text: str) -> int:
    """The characters of a text the model reads (the cost of embedding it grows with them)."""
    return min(len(text), semantic.PASSAGE_CHARS)


def _with_vector(generation: Path, leaves: list) -> int:
    """Live documents of the generation that have a whole-text vector."""
    manifest = read_manifest(generation)
    count = 0
    for leaf in leaves:
        entry = manifest.get(leaf.segment().segment_id())
        if entry is None:
            continue
        try:
            present = load_segment(generation, leaf.segment().segment_id(), entry).present
        except (OSError, ValueError):
            continue
        live = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
        count += int(present[live].sum()) if len(live) else 0
    return count


def index_location(root: Path) -> Path | None:
    """The generation readers use (or an index written in the folder itself, before generations)."""
    current = IndexStore(root).current()
    if current is not None:
        return current
    return root if whoosh_index.exists_in(str(root)) else None


def embedding_running(root: str | Path) -> bool:
    """Whether an embedding job (a server's, or ``peacesearch embed``) holds the index folder now: a command that
    would delete the folder must not, since the job would go on writing vectors into what replaces it."""
    if not (Path(root) / LOCK_NAME).exists():
        return False
    try:
        with _EmbedLock(Path(root), 0.0, threading.Event()):
            return False
    except EmbedBusy:
        return True


class _EmbedLock:
    """One embedding job per index folder (an ``flock``, released by the kernel when the holder dies).
    ``timeout`` None: wait until free or until ``stop`` (a server's job, while another server's runs)."""

    def __init__(self, root: Path, timeout: float | None, stop: threading.Event) -> None:
        self.path, self.timeout, self.stop = root / LOCK_NAME, timeout, stop
        self._fd: int | None = None

    def __enter__(self) -> _EmbedLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(self._fd, 0)
                os.write(self._fd, f"{os.getpid()}\n".encode())
                return self
            except BlockingIOError:
                if deadline is not None and time.monotonic() > deadline:
                    os.close(self._fd)
                    raise EmbedBusy(f"another embedding job is running for {self.path.parent}") from None
                if self.stop.wait(0.5):
                    return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a generation removed meanwhile: the progress of the next one is written instead


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
