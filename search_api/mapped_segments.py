"""Segment files read in place from their memory map, not copied into each searcher's heap.

Whoosh stores a segment as one compound ``.seg`` file, memory-maps it and opens each sub-file (terms,
postings, columns, stored fields) as a ``BufferFile`` over a ``memoryview`` of the map. ``BufferFile`` also
wraps that view in ``io.BytesIO``, which copies it: every searcher held a private copy of its whole index
(52 MB at 25,000 documents, about 1.9 GB at a million), once per server thread, where the map itself is page
cache that every thread and worker process shares. ``MappedFile`` keeps Whoosh's reading methods but reads
through the view, so the only copies are the few bytes each call returns.

Each thread's searcher also mapped the segment anew, so the pages it touched counted again in the process's
RSS (one physical copy, but a worker with two threads reported up to twice its index as resident): one map
per segment file is now shared by every searcher of the process (keyed by device and inode; an inode number
cannot be reused while a map of it is alive) and unmapped when the last searcher and file holding it go.

Lifetime is unchanged: ``BufferFile`` already kept the view (its ``get`` reads it), so the map stayed open,
and the file alive after a generation is switched and deleted (Linux keeps an unlinked mapped file until
the last mapping goes), exactly as long before as after.
"""

from __future__ import annotations

import io
import mmap
import os
import threading
import weakref
from array import array

import numpy as np
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import StorageError
from whoosh.filedb.structfile import _SIZEMAP, BufferFile
from whoosh.system import IS_LITTLE

_ORIGINAL_OPEN_FILE = CompoundStorage.open_file
_ORIGINAL_INIT = CompoundStorage.__init__
_ORIGINAL_CLOSE = CompoundStorage.close
_maps: weakref.WeakValueDictionary[tuple[int, int, int], mmap.mmap] = weakref.WeakValueDictionary()
_maps_lock = threading.Lock()


class _ViewReader:
    """The sequential part of a read-only file (read, readline, seek, tell) over a memoryview: what
    ``StructFile``'s ``read_*`` methods and ``pickle.load`` call on ``.file``."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0
        self.closed = False

    def _check(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def read(self, size: int | None = -1) -> bytes:
        self._check()
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        if end <= start:
            return b""
        self._pos = end
        return self._view[start:end].tobytes()

    def readinto(self, target) -> int:
        self._check()
        target = memoryview(target).cast("B")
        count = max(0, min(len(target), len(self._view) - self._pos))
        target[:count] = self._view[self._pos:self._pos + count]
        self._pos += count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        self._check()
        start = self._pos
        limit = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        end = start
        while end < limit:  # pickle's protocol-0 opcodes only: short lines
            end += 1
            if self._view[end - 1] == 0x0A:
                break
        self._pos = end
        return self._view[start:end].tobytes()

    def __iter__(self):
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check()
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        self._check()
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


class MappedFile(BufferFile):
    """A segment sub-file that reads the shared memory map where Whoosh's ``BufferFile`` read a private copy."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose=None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._buf[position:position + length], name=name or self._name)

    def get_array(self, position: int, typecode: str, length: int) -> array:
        values = array(typecode)
        values.frombytes(self._buf[position:position + length * _SIZEMAP[typecode]])
        if IS_LITTLE:
            values.byteswap()
        return values


def _open_file(self: CompoundStorage, name: str, *args, **kwargs):
    """``CompoundStorage.open_file`` with ``MappedFile`` for the memory-mapped case; the others as Whoosh does."""
    if self.is_closed:
        raise StorageError("Storage was closed")
    source = getattr(self, "_source", None)
    if not source:
        return _ORIGINAL_OPEN_FILE(self, name, *args, **kwargs)
    offset, length = self.range(name)
    return MappedFile(memoryview(source)[offset:offset + length], name=name)


def _identity(dbfile) -> tuple[int, int, int] | None:
    try:
        status = os.fstat(dbfile.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    return status.st_dev, status.st_ino, status.st_size


def _init(self: CompoundStorage, dbfile, use_mmap: bool = True, basepos: int = 0) -> None:
    """Whoosh's opening, then this process's map of the same file in place of the one it made, if any."""
    key = _identity(dbfile)
    _ORIGINAL_INIT(self, dbfile, use_mmap=use_mmap, basepos=basepos)
    source = getattr(self, "_source", None)
    if key is None or not isinstance(source, mmap.mmap):
        return
    with _maps_lock:
        shared = _maps.get(key)
        if shared is None or shared.closed or len(shared) != len(source):
            _maps[key] = source
            return
    source.close()  # fresh, nothing reads it yet
    self._source = shared


def _close(self: CompoundStorage) -> None:
    """Lets go of the map without closing it: other searchers of this process may read it; it is unmapped
    when the last storage and file holding it are gone (Whoosh's own close does so too when files are open)."""
    if self.is_closed:
        raise Exception("Already closed")
    self.is_closed = True
    self._source = None
    if self._file:
        self._file.close()


def read_once(dbfile, position: int, length: int) -> bytes:
    """``dbfile.get(position, length)``, and for a file read from a segment's map, this process's pages of the
    range given back afterwards: the map keeps them in the shared page cache, a later read faults them in again.

    WHY: opening an index reads whole columns once (the copies' keys: 516 bytes a document, 516 MB at a
    million), and every page read through the map stays in the process's RSS afterwards. Read a slice at a
    time and given back, they no longer add the column's size to each worker's memory."""
    if not isinstance(dbfile, MappedFile):
        return dbfile.get(position, length)
    view = dbfile._buf[position:position + length]
    data = view.tobytes()
    _release(view)
    return data


def _release(view: memoryview) -> None:
    source = view.obj
    if not isinstance(source, mmap.mmap) or source.closed or not hasattr(mmap, "MADV_DONTNEED") or not len(view):
        return
    start = _address(view) - _address(source)
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages inside the slice only
    end = (start + len(view)) // mmap.PAGESIZE * mmap.PAGESIZE
    if end > first:
        source.madvise(mmap.MADV_DONTNEED, first, end - first)


def _address(buffer) -> int:
    return int(np.frombuffer(buffer, dtype=np.uint8, count=1).ctypes.data)


def install() -> None:
    """Makes every compound segment opened from now on in this process read its memory map in place, one map
    per file shared by the process's searchers (idempotent; segments already open keep their files)."""
    CompoundStorage.__init__ = _init
    CompoundStorage.open_file = _open_file
    CompoundStorage.close = _close


def uninstall() -> None:
    """Whoosh's own files again (for measuring the difference; segments already open keep theirs)."""
    CompoundStorage.__init__ = _ORIGINAL_INIT
    CompoundStorage.open_file = _ORIGINAL_OPEN_FILE
    CompoundStorage.close = _ORIGINAL_CLOSE


def installed() -> bool:
    return CompoundStorage.open_file is _open_file
