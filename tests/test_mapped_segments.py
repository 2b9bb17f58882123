"""Segment files read in place from the memory map (search_api/mapped_segments.py): a searcher answers as with
Whoosh's own files, opening a segment copies none of it into the heap, and a searcher keeps answering from
a generation deleted under it (as a switch and a merge do)."""

from __future__ import annotations

import gc
import pickle
import shutil
import tracemalloc
from array import array
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile

from indexer.build import build_index
from indexer.store import IndexStore
from search_api import mapped_segments
from search_api.engine import IndexHandle, SearchEngine
from search_api.mapped_segments import MappedFile, install
from search_api.request import parse_request
from tests.test_parallel_build import _write_documents

QUERIES = ({"q": ["mediators"]}, {"q": ["медиаторы"], "sort": ["date:desc"]}, {"q": ["ауылдары"]},
           {"q": ["school dialogue"], "match": ["any"], "limit": ["50"]}, {"sort": ["date:asc"], "limit": ["30"]},
           {"q": ["советы"], "lang": ["ru"], "date_from": ["2010"]}, {"q": ["medators"]}, {"q": ["42"]})


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        root = tmp_path_factory.mktemp("mapped")
        source = root / "docs.jsonl"
        _write_documents(source, 600)
        build_index([source], root / "ix", progress=False)
    return root / "ix"


def _answers(engine: SearchEngine) -> list:
    """What a reader sees for each query: total, hits with score, title and snippet, facet counts."""
    seen = []
    for params in QUERIES:
        result = engine.search(parse_request({"facets": ["country,theme,lang,year"], **params}))
        hits = [(hit["id"], hit["score"], hit.get("title"), hit.get("snippet")) for hit in result.hits]
        seen.append((result.total, hits, result.facets))
    return seen


def _segment_storages(index: Path) -> list[CompoundStorage]:
    ix = whoosh_index.open_dir(str(IndexStore(index).current()))
    storages = [segment.open_compound_file(ix.storage) for segment in ix._segments() if segment.is_compound()]
    assert storages, "the build wrote no compound segment"
    return storages


def test_searches_answer_as_with_whooshs_own_files(index, monkeypatch):
    mapped = SearchEngine(IndexHandle(index))  # installs
    assert mapped_segments.installed()
    new = _answers(mapped)
    reader = mapped.handle.acquire()[0].reader()
    assert any(isinstance(leaf._terms._tindex.dbfile, MappedFile) for leaf, _ in reader.leaf_readers())
    mapped.handle.close()

    monkeypatch.setattr(mapped_segments, "install", mapped_segments.uninstall)
    whooshs = SearchEngine(IndexHandle(index))  # Whoosh's own files
    old = _answers(whooshs)
    reader = whooshs.handle.acquire()[0].reader()
    assert not any(isinstance(leaf._terms._tindex.dbfile, MappedFile) for leaf, _ in reader.leaf_readers())
    whooshs.handle.close()
    install()
    assert old == new
    assert sum(total for total, _, _ in new) > 0 and any(hits for _, hits, _ in new)


def test_opening_a_segment_file_copies_none_of_it(index):
    """Each sub-file of a segment, opened the way a searcher opens it: Whoosh's BufferFile allocates its
    whole length; MappedFile only a small object."""
    install()
    for storage in _segment_storages(index):
        sizes = {name: storage.file_length(name) for name in storage.list()}
        total = sum(sizes.values())
        assert total > 50_000
        for opener in (mapped_segments._ORIGINAL_OPEN_FILE, CompoundStorage.open_file):
            tracemalloc.start()
            try:
                files = [opener(storage, name) for name in sizes]
                allocated, _ = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            if opener is mapped_segments._ORIGINAL_OPEN_FILE:
                assert allocated >= total  # the copies this module removes
            else:
                assert all(isinstance(f, MappedFile) for f in files)
                assert allocated < 1_000 * len(files) < total / 10
            for f in files:
                f.close()
        storage.close()


def _sources(engine: SearchEngine) -> list:
    reader = engine.handle.acquire()[0].reader()
    storages = [getattr(leaf._storage, "a", leaf._storage) for leaf, _ in reader.leaf_readers()]  # in an overlay
    return [storage._source for storage in storages]


def test_the_searchers_of_a_process_share_one_map_per_segment(index):
    """Each server thread opens its own searcher: they read the same map, so its pages count once in RSS."""
    first, second = SearchEngine(IndexHandle(index)), SearchEngine(IndexHandle(index))
    assert _answers(first) == _answers(second)
    maps = _sources(first)
    assert maps and all(a is b for a, b in zip(maps, _sources(second), strict=True))
    first.handle.close()
    assert _answers(second)  # the first searcher closing leaves the map to the second
    second.handle.close()


def _mapped(path: Path) -> bool:
    return str(path) in Path("/proc/self/maps").read_text()


def test_a_searcher_keeps_answering_from_a_deleted_generation(index, tmp_path):
    """A build or merge switches generations and deletes the old one while threads may still hold a
    searcher on it: the mapped files stay readable (Linux keeps an unlinked mapped file), and are unmapped
    (their disk space freed) once the searchers on them are closed."""
    copy = tmp_path / "ix"
    shutil.copytree(index, copy, symlinks=True)
    generation = IndexStore(copy).current()
    engine = SearchEngine(IndexHandle(copy, check_interval=3600))
    before = _answers(engine)
    shutil.rmtree(generation)
    assert _answers(engine) == before  # stored fields, postings and columns read from the deleted files
    assert _mapped(generation)
    engine.handle.close()
    del engine
    gc.collect()
    assert not _mapped(generation)


def test_mapped_file_reads_as_buffer_file():
    """Every reading method Whoosh's codecs call gives what BufferFile gives, on the same bytes."""
    numbers = array("i", [3, -7, 1 << 20, 5])
    if array("i", [1]).tobytes()[0] == 1:  # Whoosh writes arrays big-endian
        numbers.byteswap()
    payload = (b"\x00\x00\x00\x2a" + b"\x96\x01" + numbers.tobytes() + pickle.dumps({"a": [1, 2]}, -1)
               + pickle.dumps("line", 0) + b"\xff\xfe\x00\x01" + b"tail")
    pickle_at = 6 + len(numbers.tobytes())
    mapped, buffered = MappedFile(memoryview(payload), name="x"), BufferFile(memoryview(payload), name="x")

    def walk(f):
        out = [f.read_int(), f.read_varint(), f.read_array("i", 4).tolist(), f.tell(), f.read_pickle(),
               f.read_pickle(), f.tell()]
        out += [f.get_int(0), f.get_ushort(0), f.get_byte(3), f.get_array(6, "i", 4).tolist(), f.get(pickle_at, 3)]
        out += [f.seek(-4, 2), f.read(), f.read(), f.tell(), f.seek(2), f.read(2), f.subset(6, 8).get_int(4)]
        f.seek(0)
        out.append(f.read(10 ** 6) == payload)
        return out

    assert walk(mapped) == walk(buffered)
    mapped.close()
    with pytest.raises(ValueError):
        mapped.read(1)


def _file_resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("RssFile:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the process's memory from /proc")
def test_a_column_read_once_is_not_kept_in_the_process_memory(tmp_path):
    """Opening an index reads the copies' key column once (516 MB at a million documents): read with ``read_once``
    its pages leave this process's RSS, read with ``get`` they stay."""
    import mmap

    path = tmp_path / "column"
    path.write_bytes(bytes(range(256)) * (32 * 4096))  # 32 MB
    with open(path, "rb") as handle:
        source = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        mapped = MappedFile(memoryview(source))
        before = _file_resident_kb()
        data = b"".join(mapped_segments.read_once(mapped, start, 4 << 20) for start in range(0, 32 << 20, 4 << 20))
        assert data == path.read_bytes()
        assert _file_resident_kb() - before < 4 * 1024
        kept = [mapped.get(start, 4 << 20) for start in range(0, 32 << 20, 4 << 20)]
        assert b"".join(kept) == data and _file_resident_kb() - before > 24 * 1024
        del mapped, kept
        source.close()
