"""One writer at a time, across processes, for an index folder.

An ``fcntl.flock`` on ``DIR/writer.lock``: the kernel releases it when the holder exits or is killed,
so a lock can never be left stale; the file itself stays and only records who held it last.
Whoosh's own lock is taken inside ours and is therefore always free.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from pathlib import Path

LOCK_NAME = "writer.lock"


class WriterBusy(Exception):
    """Another writer holds the index; try again after ``retry_after`` seconds."""

    def __init__(self, holder: str, retry_after: int = 5) -> None:
        super().__init__(f"the index is being written by {holder}; try again in {retry_after} s")
        self.holder = holder
        self.retry_after = retry_after


class WriterLock:
    """Re-entrant within one thread: a command that holds the lock for its whole run (reading files
    into the store, then indexing) calls steps that take it again; other threads and processes wait."""

    _held = threading.local()  # lock path → depth, for the current thread

    def __init__(self, root: str | Path, timeout: float = 30.0, purpose: str = "indexing") -> None:
        self.path = Path(root) / LOCK_NAME
        self.timeout = timeout
        self.purpose = purpose
        self._fd: int | None = None
        self._nested = False

    def _depths(self) -> dict[str, int]:
        if not hasattr(self._held, "depths"):
            self._held.depths = {}
        return self._held.depths

    def __enter__(self) -> WriterLock:
        key = str(self.path.resolve())
        depths = self._depths()
        if depths.get(key):
            depths[key] += 1
            self._nested = True
            return self
        self._acquire()
        depths[key] = 1
        return self

    def __exit__(self, *exc_info) -> None:
        depths = self._depths()
        key = str(self.path.resolve())
        depths[key] = depths.get(key, 1) - 1
        if self._nested:
            self._nested = False
            return
        depths.pop(key, None)
        self._release()

    def _acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise WriterBusy(holder) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "purpose": self.purpose, "since": time.time()}).encode())
        self._fd = fd

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096) or b"{}")
        return f"process {info.get('pid', '?')} ({info.get('purpose', 'indexing')})"
    except (OSError, ValueError):
        return "another process"
