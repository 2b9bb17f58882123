"""Where a generation's vectors live: files beside its Whoosh segments, written after the index.

The word index is searchable as soon as it is committed; vectors arrive later (indexer/embed.py) and are
written per segment, so that a row is a segment's document number and no reader has to map ids:

    <generation>/meaning/manifest.json                 segment id → the files of its latest version
    <generation>/meaning/<segment>-<stamp>.whole.npy   float32, one row per document number (zeros: none yet)
    <generation>/meaning/<segment>-<stamp>.present.npy bool, whether the row holds a vector
    <generation>/meaning/<segment>-<stamp>.offsets.npy int64, sentence rows of document d: offsets[d]:offsets[d+1]
    <generation>/meaning/<segment>-<stamp>.sentences.npy float16, the sentences' vectors (analyzers/semantic.py)

A version's files never change once named in the manifest; a newer version gets new names and the
manifest is replaced in one ``os.replace``, so a reader sees a whole version or the one before (readers
memory-map them: search_api/meaning.py). A Whoosh segment never changes after its commit (an edit deletes
the document and adds it to a new segment), so a row can never hold the vector of an older text.
Vectors are not Whoosh stored fields: those forced embedding before the index could be written, and
were read back one document at a time; they were 35% of the corpus index (61 articles: 2.03 MB with
them, 1.31 MB without; their files here hold 0.09 MB of whole-text and 0.61 MB of sentence vectors).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FOLDER = "meaning"
MANIFEST = "manifest.json"
PARTS = ("whole", "present", "offsets", "sentences")
KEEP_OLD_SECONDS = 60.0  # an older version's files stay this long for a reader that read the manifest before


@dataclass
class SegmentVectors:
    """One version of a segment's vectors (arrays, memory-mapped when read from disk)."""

    whole: np.ndarray  # rows × DIMENSIONS float32
    present: np.ndarray  # rows, bool
    offsets: np.ndarray  # rows + 1, int64
    sentences: np.ndarray  # sentence rows × DIMENSIONS float16


def folder(generation: Path) -> Path:
    return Path(generation) / FOLDER


def read_manifest(generation: Path) -> dict[str, dict]:
    """Segment id → {"stamp", "docs", "vectors", "sentences_done", "complete"}; empty when none yet."""
    try:
        data = json.loads((folder(generation) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    segments = data.get("segments") if isinstance(data, dict) else None
    return segments if isinstance(segments, dict) else {}


def manifest_version(generation: Path) -> tuple[int, int] | None:
    """Changes whenever the manifest is replaced (inode, mtime); None without one."""
    try:
        info = os.stat(folder(generation) / MANIFEST)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def load_segment(generation: Path, segment_id: str, entry: dict) -> SegmentVectors:
    """The arrays of one manifest entry, memory-mapped (raises OSError/ValueError when they are gone)."""
    base = folder(generation) / f"{segment_id}-{entry['stamp']}"
    arrays = [np.load(f"{base}.{part}.npy", mmap_mode="r") for part in PARTS]
    return SegmentVectors(*arrays)


def write_segment(generation: Path, segment_id: str, vectors: SegmentVectors, info: dict) -> None:
    """Writes a new version of a segment's files, then names it in the manifest (atomically)."""
    where = folder(generation)
    where.mkdir(exist_ok=True)
    stamp = f"{time.time_ns():x}"
    for part in PARTS:
        _save(where / f"{segment_id}-{stamp}.{part}.npy", getattr(vectors, part))
    segments = read_manifest(generation)
    segments[segment_id] = {**info, "stamp": stamp}
    write_manifest(generation, segments)


def write_manifest(generation: Path, segments: dict[str, dict]) -> None:
    """Replaces the manifest whole, then removes files no version names any more (after a grace time)."""
    where = folder(generation)
    where.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
    os.fchmod(handle, 0o644)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump({"segments": segments}, file)
    os.replace(temporary, where / MANIFEST)
    named = {f"{segment}-{entry['stamp']}" for segment, entry in segments.items()}
    now = time.time()
    for path in where.iterdir():
        if path.suffix not in (".npy", ".tmp") or path.name.split(".", 1)[0] in named:
            continue
        try:
            if now - path.stat().st_mtime > KEEP_OLD_SECONDS or path.suffix == ".npy" and "-" not in path.stem:
                path.unlink()  # (files without a stamp: the per-segment files of an older version)
        except OSError:
            pass


def _save(path: Path, array: np.ndarray) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.fchmod(handle, 0o644)  # readable like the index's own files (a server may run as another user)
    with os.fdopen(handle, "wb") as file:
        np.save(file, np.ascontiguousarray(array))
    os.replace(temporary, path)
