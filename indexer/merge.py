"""The segments of a parallel build merged into one, in the background, into a new generation.

A parallel build (indexer/parallel.py) publishes a generation of a few segments at once: it is searchable
as soon as the workers are done. Every search then visits each segment (its matchers, its term lookups),
which made searches about 1.5x slower (filtered ones 3x) than on one segment. Merging before publishing
would put the merge's serial cost (7 CPU s of a 27 s critical path at 8,000 documents, Whoosh's own merge)
back on the build, so it runs after the switch, in a detached process at low priority:

1. under the writer lock: the serving generation's files are hard-linked into a new generation folder
   (Whoosh never changes a segment file once written), and its store state and table of contents noted;
2. without the lock (edits and syncs go on): the linked segments are merged into one there;
3. under the writer lock again: store changes applied to the serving generation meanwhile (edits, syncs)
   are applied to the merged one too (``sync``'s own path), then ``current`` switches to it in one
   ``os.replace`` (indexer/store.py). A full rebuild meanwhile (``current`` moved on) drops the merge.

A crash or kill at any step leaves the serving generation as it was; an unfinished merged folder is
removed by the next switch. ``ROOT/merging.json`` names the merging process while it runs
(``wait_for_merge``); what it did goes to ``ROOT/merge.log``.

Whoosh's merge re-reads each document's field lengths as stored, rounded to a byte, and sums those: the
merged segment would hold totals (and so BM25's average lengths and every score) slightly off a one-process
build's. The merge here keeps the segments' exact totals, so the merged generation holds what a one-process
build holds (tests/test_merge.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from indexer.embed import fill_from_cache
from indexer.lock import WriterLock
from indexer.store import IndexStore

MARKER = "merging.json"
LOG = "merge.log"
LOCK_WAIT_SECONDS = 3600.0  # the build that started the merge holds the lock until its run ends
MERGE_MEMORY_MB = 256
NICENESS = 10  # searches on the same machine go first
WHOOSH_LOCKS = ("_WRITELOCK", "_LOCK")  # a generation's lock files: never shared between two folders
PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class Merged:
    """What a merge did: the generation now serving (merged, or the one it left), and why."""

    outcome: str  # "merged", "one segment", "superseded"
    generation: str
    segments: int  # segments merged
    seconds: float = 0.0
    applied: int = 0  # store changes made during the merge, applied to the merged generation


def start_background(root: str | Path, generation: Path, store_url: str) -> int:
    """Starts merging ``generation``'s segments in a detached process (it outlives the command that
    built it); returns its process id."""
    root = Path(root)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])))
    with open(root / LOG, "ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "indexer.merge", str(root), generation.name,
                                    "--store", store_url], stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, cwd=PROJECT, env=env, start_new_session=True)
    _write_marker(root, process.pid, generation.name)
    return process.pid


def merge_generation(root: str | Path, source_name: str, store: object,
                     lock_timeout: float = LOCK_WAIT_SECONDS) -> Merged:
    """Merges the segments of generation ``source_name`` into one, in a new generation that replaces it
    as ``current`` when still serving (steps in the module's docstring)."""
    from indexer.build import read_state

    started = time.perf_counter()
    root = Path(root)
    generations = IndexStore(root)
    source = root / source_name
    with WriterLock(root, lock_timeout, purpose="merging segments"):
        if generations.current() != source.resolve():
            return Merged("superseded", source_name, 0)
        ix = whoosh_index.open_dir(str(source))
        segments, toc = len(ix._segments()), ix.latest_generation()
        if segments <= 1:
            return Merged("one segment", source_name, segments)
        state = read_state(source)
        target = generations.new_generation()
        _link(source, target)
    try:
        _merge_segments(target)
        fill_from_cache(target, root)  # its vectors before it serves: search by meaning does not lapse
        with WriterLock(root, lock_timeout, purpose="switching to the merged segments"):
            if generations.current() != source.resolve():
                generations.remove_generation(target)
                return Merged("superseded", source_name, segments)
            applied = 0
            if whoosh_index.open_dir(str(source)).latest_generation() != toc or read_state(source) != state:
                applied = _catch_up(target, store, int((state or {}).get("seq", 0)))
            generations.switch_to(target)
    except BaseException:
        generations.remove_generation(target)
        raise
    return Merged("merged", target.name, segments, time.perf_counter() - started, applied)


def _link(source: Path, target: Path) -> None:
    """The source generation's files (segments, table of contents, store state) as hard links in
    ``target``; its lock files and folders (vectors: they name the source's segments) are not taken."""
    for path in source.iterdir():
        if path.is_file() and not path.name.endswith(WHOOSH_LOCKS):
            os.link(path, target / path.name)


def _merge_segments(generation: Path) -> None:
    """Every segment of the generation into one, in their order (document numbers unchanged)."""
    ix = whoosh_index.open_dir(str(generation))
    writer = SegmentWriter(ix, limitmb=MERGE_MEMORY_MB)
    try:
        writer.commit(mergetype=_exact_merge)
    finally:
        if not writer.is_closed:
            writer.cancel()


def _exact_merge(writer: SegmentWriter, segments: list) -> list:
    """Whoosh's ``OPTIMIZE`` policy, keeping the exact total length of each field (see the module's
    docstring) where no document was deleted (a deleted one's exact length is not kept)."""
    totals: dict[str, int] = {}
    exact = True
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            exact = exact and not reader.has_deletions()
            for name in writer.schema.scorable_names():
                totals[name] = totals.get(name, 0) + reader.field_length(name)
            writer.add_reader(reader)
        finally:
            reader.close()
    if exact:
        lengths = writer.perdocwriter._fieldlengths
        for name, total in totals.items():
            if total or name in lengths:
                lengths[name] = total
    return []


def _catch_up(generation: Path, store: object, seq: int) -> int:
    """Applies the store's changes after ``seq`` (made while merging) to ``generation``, as ``sync`` does."""
    from indexer.build import _apply_changes
    from indexer.report import Report

    report = Report(mode="merge")
    _apply_changes(generation, store, report, seq, progress=False)
    return report.applied


def merging(root: str | Path) -> dict | None:
    """The running merge (``pid``, ``source``, ``since``), or None when none runs."""
    try:
        info = json.loads((Path(root) / MARKER).read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _is_zombie(int(info["pid"])):
        return None
    return info


def wait_for_merge(root: str | Path, timeout: float = 600.0) -> bool:
    """Waits until no merge runs for ``root``; False when one still runs after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while merging(root) is not None:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _is_zombie(pid: int) -> bool:
    """A finished child of this very process, not yet reaped (a test's or a server's ``Popen``)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _write_marker(root: Path, pid: int, source: str) -> None:
    temp = root / f".{MARKER}.{os.getpid()}.tmp"
    temp.write_text(json.dumps({"pid": pid, "source": source, "since": time.time()}), encoding="utf-8")
    os.replace(temp, root / MARKER)


def _clear_marker(root: Path) -> None:
    """Removes the marker when it still names this process (a later merge may have replaced it)."""
    try:
        if json.loads((root / MARKER).read_text(encoding="utf-8")).get("pid") == os.getpid():
            (root / MARKER).unlink()
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """The detached process ``start_background`` starts: merges, logs one line, exits."""
    parser = argparse.ArgumentParser(prog="python -m indexer.merge", description=__doc__.split("\n")[0])
    parser.add_argument("root", help="the index folder")
    parser.add_argument("generation", help="the generation (folder name) whose segments to merge")
    parser.add_argument("--store", required=True, help="the document store's URL (for changes made meanwhile)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    os.nice(NICENESS)
    _write_marker(root, os.getpid(), args.generation)  # also when started by hand
    from docstore import DocumentStore

    store = DocumentStore(args.store)
    try:
        done = merge_generation(root, args.generation, store)
    except Exception as exc:  # noqa: BLE001 (one line in the log; the serving generation is untouched)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        print(f"{stamp} merge of {args.generation} failed, it keeps serving: {type(exc).__name__}: {exc}", flush=True)
        return 1
    finally:
        store.close()
        _clear_marker(root)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    print(f"{stamp} merge of {args.generation}: {done.outcome}; serving {done.generation} "
          f"({done.segments} segments, {done.seconds:.1f} s, {done.applied} changes made meanwhile applied)",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
