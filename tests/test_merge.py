"""The background merge of a parallel build's segments (indexer/merge.py): the merged generation holds what
a one-process build holds; searches answer while it runs; edits made meanwhile are in the merged
generation; a failed merge, or a rebuild meanwhile, leaves the serving generation as it was."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from analyzers import semantic
from docstore import open_store
from indexer import merge, parallel
from indexer.build import apply_documents, rebuild_from_store, update
from indexer.document import Document
from indexer.store import IndexStore
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import parse_request
from tests.test_parallel_build import _answer, _contents, _write_documents

COUNT = 330


@pytest.fixture()
def built(tmp_path, monkeypatch):
    """The same documents built by one process (``one``) and by two workers (``two``, several segments,
    its background merge held back so that the test runs it)."""
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "SLICE_MIN", 50)
    started: list[tuple[Path, Path]] = []
    monkeypatch.setattr(merge, "start_background",
                        lambda root, generation, url: started.append((Path(root), generation)) or 4242)
    source = tmp_path / "docs.jsonl"
    _write_documents(source, COUNT)
    one, two = tmp_path / "one" / "ix", tmp_path / "two" / "ix"
    assert update([source], one, progress=False, jobs=1).workers == 1
    report = update([source], two, progress=False, jobs=2)
    assert report.workers == 2 and _segments(two) >= 2
    assert started == [(two, IndexStore(two).current())]
    assert "process 4242 merges them into one in the background" in report.merge
    assert "Segments: searchable now on" in report.summary()
    return one, two


def _segments(index: Path) -> int:
    return len(whoosh_index.open_dir(str(index / "current"))._segments())


def _merge(index: Path) -> merge.Merged:
    store = open_store(index)
    try:
        return merge.merge_generation(index, IndexStore(index).current().name, store)
    finally:
        store.close()


QUERIES = ({"q": ["mediators"]}, {"q": ["медиаторы"], "sort": ["date:desc"]}, {"q": ["ауылдары"]},
           {"q": ["school dialogue"], "match": ["any"], "limit": ["50"]}, {"sort": ["date:asc"]},
           {"q": ["советы"], "lang": ["ru"], "date_from": ["2010"]}, {"q": ["medators"]})


def test_the_merged_generation_holds_what_one_process_builds(built):
    one, two = built
    assert _contents(one) == _contents(two)  # before the merge, on several segments
    before = IndexStore(two).current()
    done = _merge(two)
    assert done.outcome == "merged" and done.segments >= 2 and done.applied == 0
    assert _segments(two) == 1 and IndexStore(two).current() != before and not before.exists()
    stored_one, terms_one, lengths_one, per_doc_one = _contents(one)
    stored_two, terms_two, lengths_two, per_doc_two = _contents(two)
    assert stored_one == stored_two  # same documents, same numbers
    assert terms_one == terms_two  # every term, with its document count and frequency
    assert lengths_one == lengths_two  # exact totals: Whoosh's own merge sums lengths rounded to a byte
    assert per_doc_one == per_doc_two
    for params in QUERIES:
        assert _answer(one, params) == _answer(two, params), params
    assert _merge(two).outcome == "one segment"


def test_searches_answer_during_the_merge_and_edits_made_meanwhile_are_kept(built, monkeypatch):
    _, two = built
    engine = SearchEngine(IndexHandle(two, check_interval=0))  # a server's thread, looking at every request
    request = parse_request({"q": ["mediators"]})
    expected = engine.search(request).total
    assert expected > 0
    merging, go = threading.Event(), threading.Event()
    real = merge._merge_segments

    def held(generation: Path) -> None:
        merging.set()
        assert go.wait(120)
        real(generation)

    monkeypatch.setattr(merge, "_merge_segments", held)
    outcome: list[merge.Merged] = []
    worker = threading.Thread(target=lambda: outcome.append(_merge(two)))
    worker.start()
    try:
        assert merging.wait(120)
        assert engine.search(request).total == expected  # the serving generation answers meanwhile
        apply_documents([Document(id="new-1", title="Water mediators of Naryn", body="Mediators met in Naryn.",
                                  lang="en")], two, deletions=["doc-00000"])
        assert engine.search(parse_request({"q": ["Naryn"]})).total == 1  # the edit, in the serving generation
    finally:
        go.set()
        worker.join(300)
    assert outcome and outcome[0].outcome == "merged" and outcome[0].applied == 2
    assert _segments(two) == 2  # the merged one, and the edit's (as an edit adds to any generation)
    answer = engine.search(parse_request({"q": ["Naryn"]}))
    assert [hit["id"] for hit in answer.hits] == ["new-1"]
    ids = {hit["id"] for hit in engine.search(parse_request({"q": ["mediators"], "limit": ["100"]})).hits}
    assert "doc-00000" not in ids and "new-1" in ids
    engine.handle.close()


def test_a_failed_merge_leaves_the_serving_generation(built, monkeypatch):
    _, two = built
    serving = IndexStore(two).current()

    def crash(generation: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(merge, "_merge_segments", crash)
    with pytest.raises(OSError):
        _merge(two)
    assert IndexStore(two).current() == serving and _segments(two) >= 2
    assert sorted(path.name for path in two.glob("gen-*")) == [serving.name]  # the unfinished one removed
    answer = SearchEngine(IndexHandle(two)).search(parse_request({"q": ["mediators"]}))
    assert answer.total > 0


def test_a_rebuild_during_the_merge_wins(built, monkeypatch):
    _, two = built
    real = merge._merge_segments

    def rebuilt_meanwhile(generation: Path) -> None:
        real(generation)
        store = open_store(two)
        try:
            rebuild_from_store(two, store, progress=False, jobs=1)
        finally:
            store.close()

    monkeypatch.setattr(merge, "_merge_segments", rebuilt_meanwhile)
    source = IndexStore(two).current()
    assert _merge(two).outcome == "superseded"
    current = IndexStore(two).current()
    assert current != source and sorted(path.name for path in two.glob("gen-*")) == [current.name]


def test_the_merged_segment_has_the_cached_vectors_before_it_serves(built, monkeypatch):
    """Search by meaning must not lapse when the merged generation replaces the one the embedding job filled:
    the merge reads the vectors the cache holds into its segment before switching."""
    from indexer.vector_files import load_segment, read_manifest
    from indexer.vectors import VectorCache

    _, two = built
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "1")
    vector = np.ones(semantic.DIMENSIONS, dtype=semantic.VECTOR_DTYPE).tobytes()
    monkeypatch.setattr(VectorCache, "lookup", lambda self, texts: dict.fromkeys(texts, vector))
    assert _merge(two).outcome == "merged"
    current = IndexStore(two).current()
    (segment, entry), = read_manifest(current).items()
    assert segment == whoosh_index.open_dir(str(current))._segments()[0].segment_id()
    assert entry["complete"] and load_segment(current, segment, entry).present.sum() == COUNT
