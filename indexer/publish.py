"""Publishing: a copy of the serving index generation for read replicas (``peacesearch publish --to DEST``).

The editor machine builds and edits its index folder; replicas serve a *published* folder that nobody
but ``publish`` writes. Each publish is an immutable copy of the editor's current generation, its vector
files under ``meaning/`` included, made under the editor's writer lock (an edit commits into the current
generation in place, so copying without the lock could take half a commit). In DEST it is written under
a temporary name, renamed whole, and only then does ``DEST/current`` switch to it in one ``os.replace``:
a follower (``peacesearch serve --follow DEST``) sees either the old copy or the new one, never a partial
one. The copy it replaced is kept until the next publish (a follower's threads move within a second, but
a slow request may still read it); older copies are removed.

Vectors arrive after the words (indexer/embed.py writes versioned files and then replaces
``meaning/manifest.json``, without the writer lock), so the vector files copied are exactly those named by
the manifest as read once, and that same manifest is written into the copy: the copy holds one whole
version of every segment's vectors. A later publish brings the vectors that arrived since.

Files that did not change since the previous copy (same path, size and modification time) are hard links
to it, so a publish after a small edit, or one that only brings newer vectors, writes little.
A target of the form ``host:path`` is published with rsync over ssh, the same protocol on the far side
(``--link-dest``, then a rename and a symlink switch by ``ssh``); only the folder case is tested here.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.lock import WriterLock
from indexer.store import CURRENT, GENERATION_PREFIX, IndexStore
from indexer.vector_files import FOLDER as VECTORS
from indexer.vector_files import MANIFEST as VECTOR_MANIFEST

MANIFEST = "publish.json"  # inside each published copy: what it was copied from
TEMP_PREFIX = ".publishing-"
LOCK_TIMEOUT_SECONDS = 60.0
SNAPSHOT_TRIES = 5  # the embedding job may replace the vectors between reading their manifest and copying them
# Not part of a generation's content: Whoosh's lock file, half-written temporary files, and the embedding
# job's progress (a replica runs no job).
SKIPPED = re.compile(r"(^|/)(MAIN_WRITELOCK|[^/]*\.tmp|\.[^/]*|progress\.json|" + re.escape(MANIFEST) + ")$")
REMOTE = re.compile(r"^(?:[\w.-]+@)?[\w.-]+:(?!//)")  # user@host:path or host:path, not a URL nor a Windows drive

_log = logging.getLogger("peacesearch")


class PublishError(Exception):
    """Nothing could be published (no index yet, a bad target); the message says why."""


@dataclass
class Published:
    """What one publish did: the copy's name in DEST, whether it was new, and what it wrote."""

    source: str
    generation: str
    unchanged: bool = False
    copied_files: int = 0
    linked_files: int = 0
    copied_bytes: int = 0
    removed: tuple[str, ...] = ()
    seconds: float = 0.0

    def summary(self) -> str:
        if self.unchanged:
            return f"{self.generation} is already published and unchanged; nothing to do"
        text = (f"Published {self.source} as {self.generation}: {self.copied_files} files copied "
                f"({self.copied_bytes / 1e6:.1f} MB), {self.linked_files} unchanged files linked, "
                f"{self.seconds:.1f} s")
        if self.removed:
            text += f"; removed older copies: {', '.join(self.removed)}"
        return text


def is_remote(dest: str) -> bool:
    """True for an rsync target (``host:path``) rather than a local folder."""
    return bool(REMOTE.match(dest)) and not Path(dest).exists()


def publish(index_root: str | Path, dest: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Published:
    """Copies the current generation of ``index_root`` to ``dest`` and switches ``dest``'s ``current``."""
    root = Path(index_root)
    if is_remote(str(dest)):
        return _publish_remote(root, str(dest), lock_timeout)
    target = Path(dest)
    if target.resolve() == root.resolve():
        raise PublishError(f"{dest} is the index folder itself: publish to another folder")
    served = IndexStore(target).current()
    if served is not None and not (served / MANIFEST).is_file():
        raise PublishError(f"{dest} holds an index that was not published (an editor's index folder?): publish to "
                           "a folder that only 'publish' writes")
    started = time.perf_counter()
    with WriterLock(root, lock_timeout, purpose="publish"):
        source = IndexStore(root).current()
        if source is None:
            raise PublishError(f"no index at {root} to publish: run 'peacesearch index PATH --index {root}' first")
        target.mkdir(parents=True, exist_ok=True)
        with WriterLock(target, lock_timeout, purpose="publish"):  # one publisher at a time per target
            for attempt in range(SNAPSHOT_TRIES):
                try:
                    result = _copy_in(source, Snapshot.of(source), target)
                    break
                except FileNotFoundError:  # a vector version replaced meanwhile: read the manifest again
                    if attempt == SNAPSHOT_TRIES - 1:
                        raise
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class Snapshot:
    """What a copy of a generation holds: every file (relative path → [size, mtime in ns]) and the vector
    manifest's bytes as read once; only the vector files that manifest names are included."""

    files: dict[str, list[int]]
    vector_manifest: bytes | None

    @classmethod
    def of(cls, generation: Path) -> Snapshot:
        vector_manifest, named = _vector_manifest(generation)
        files = {}
        for path in sorted(generation.rglob("*")):
            relative = path.relative_to(generation).as_posix()
            if not path.is_file() or path.is_symlink() or SKIPPED.search(relative):
                continue
            if relative.startswith(f"{VECTORS}/") and relative != f"{VECTORS}/{VECTOR_MANIFEST}" \
                    and path.name not in named:
                continue  # an older version, or a newer one not yet named
            stat = path.stat()
            files[relative] = [stat.st_size, stat.st_mtime_ns]
        missing = {f"{VECTORS}/{name}" for name in named} - files.keys()
        if missing:  # replaced by a newer version between reading the manifest and listing the folder
            raise FileNotFoundError(f"vector files gone: {', '.join(sorted(missing)[:3])}")
        if vector_manifest is not None:
            files[f"{VECTORS}/{VECTOR_MANIFEST}"] = [len(vector_manifest), 0]
        return cls(files, vector_manifest)


def _vector_manifest(generation: Path) -> tuple[bytes | None, set[str]]:
    """The vector manifest's bytes and the names of the files it points to (none when there is none)."""
    try:
        data = (generation / VECTORS / VECTOR_MANIFEST).read_bytes()
        segments = json.loads(data).get("segments") or {}
    except (OSError, ValueError, AttributeError):
        return None, set()
    named = {f"{segment}-{entry['stamp']}.{part}.npy" for segment, entry in segments.items()
             if isinstance(entry, dict) and "stamp" in entry for part in ("whole", "present", "offsets", "sentences")}
    return data, named


def _copy_in(source: Path, snapshot: Snapshot, target: Path) -> Published:
    files = snapshot.files
    generations = IndexStore(target)
    previous = generations.current()
    if previous is not None and _recorded(previous).get("files") == files and \
            _same_vectors(previous, snapshot.vector_manifest):
        return Published(source=source.name, generation=previous.name, unchanged=True)
    _remove_stale_temporaries(target)
    name = _free_name(target, source.name)
    temp = target / f"{TEMP_PREFIX}{name}"
    result = Published(source=source.name, generation=name)
    try:
        temp.mkdir()
        linkable = _recorded(previous).get("files", {}) if previous is not None else {}
        for relative, (size, mtime_ns) in files.items():
            into = temp / relative
            into.parent.mkdir(parents=True, exist_ok=True)
            if relative == f"{VECTORS}/{VECTOR_MANIFEST}":
                into.write_bytes(snapshot.vector_manifest or b"")  # the version read, not a newer one
                continue
            if previous is not None and linkable.get(relative) == [size, mtime_ns] and _link(previous / relative,
                                                                                          into):
                result.linked_files += 1
                continue
            shutil.copy2(source / relative, into)
            result.copied_files += 1
            result.copied_bytes += size
        record = {"source": source.name, "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "files": files}
        (temp / MANIFEST).write_text(json.dumps(record, indent=1), encoding="utf-8")
        _sync_folder(temp)
        os.rename(temp, target / name)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    generations.point_to(target / name)
    keep = {name} | ({previous.name} if previous is not None else set())
    result.removed = tuple(generations.prune(keep))
    return result


def _same_vectors(copy: Path, vector_manifest: bytes | None) -> bool:
    try:
        return (copy / VECTORS / VECTOR_MANIFEST).read_bytes() == vector_manifest
    except OSError:
        return vector_manifest is None


def _recorded(generation: Path) -> dict:
    try:
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _free_name(target: Path, source_name: str) -> str:
    """The source generation's name, or with ``-rN`` when that name is published already (a copy taken
    after edits were committed into the same generation, or after its vectors were filled in)."""
    name, number = source_name, 1
    while (target / name).exists():
        number += 1
        name = f"{source_name}-r{number}"
    return name


def _link(existing: Path, new: Path) -> bool:
    try:
        os.link(existing, new)
        return True
    except OSError:  # another file system, or links not allowed: copy instead
        return False


def _sync_folder(folder: Path) -> None:
    """Flushes the copied files to disk before the rename makes them visible (a crash then leaves either
    the old copy or the whole new one)."""
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary copies left by a publish that was killed (the target's lock is ours, so none is live)."""
    for path in target.glob(f"{TEMP_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def _publish_remote(root: Path, dest: str, lock_timeout: float) -> Published:
    """rsync over ssh into ``host:path`` with the same steps as a folder: the snapshot's files under a
    temporary name, linked against the copy being served (``--link-dest``), the vector manifest as read,
    a rename, a symlink switch with ``mv -T``, and the older copies pruned."""
    host, _, path = dest.partition(":")
    path = path or "."
    started = time.perf_counter()
    with WriterLock(root, lock_timeout, purpose="publish"):
        source = IndexStore(root).current()
        if source is None:
            raise PublishError(f"no index at {root} to publish")
        snapshot = Snapshot.of(source)
        name = f"{source.name}-{time.strftime('%Y%m%dT%H%M%S')}"
        temp = f"{TEMP_PREFIX}{name}"
        quoted = shlex.quote(path)
        previous = _ssh(host, f"mkdir -p {quoted} && cd {quoted} && readlink {CURRENT} || true").strip()
        link_dest = [f"--link-dest=../{previous}"] if previous else []
        vector_manifest = f"{VECTORS}/{VECTOR_MANIFEST}"
        with tempfile.TemporaryDirectory(prefix="peacesearch-publish-") as local:
            listing = Path(local) / "files"
            listing.write_text("".join(f"{relative}\n" for relative in snapshot.files if relative != vector_manifest))
            _run(["rsync", "-a", f"--files-from={listing}", *link_dest, f"{source}/", f"{host}:{path}/{temp}/"])
            if snapshot.vector_manifest is not None:
                (Path(local) / VECTOR_MANIFEST).write_bytes(snapshot.vector_manifest)
                _run(["rsync", "-a", str(Path(local) / VECTOR_MANIFEST), f"{host}:{path}/{temp}/{vector_manifest}"])
        keep = " ".join(shlex.quote(n) for n in filter(None, (name, previous)))
        _ssh(host, f"cd {quoted} && mv {shlex.quote(temp)} {shlex.quote(name)} && "
                   f"ln -sfn {shlex.quote(name)} .{CURRENT}.new && mv -T .{CURRENT}.new {CURRENT} && "
                   f"for g in {GENERATION_PREFIX}*; do case \" {keep} \" in *\" $g \"*) ;; *) rm -rf -- \"$g\";; "
                   "esac; done")
    return Published(source=source.name, generation=name, copied_files=len(snapshot.files),
                     seconds=time.perf_counter() - started)


def _ssh(host: str, command: str) -> str:
    return _run(["ssh", "-o", "BatchMode=yes", host, command])


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise PublishError(f"{command[0]} is not installed (apt-get install {command[0]})") from None
    except subprocess.TimeoutExpired:
        raise PublishError(f"{command[0]} took over an hour; stopped") from None
    if done.returncode != 0:
        raise PublishError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout
