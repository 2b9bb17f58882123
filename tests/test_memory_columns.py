"""Memory of a searching process: per-version structures that must not grow faster than the archive.

Texts here are short sentences written for these tests."""

from __future__ import annotations

import numpy as np

from indexer.duplicates import BUCKET_CAP, Keys, duplicate_key, duplicate_pairs, group_labels
from search_api import collapse
from search_api.columns import Columns, PerDocDates, PerDocValues, ValueColumn

REPORT = ("Volunteers in the northern district repaired the village school after the spring floods and "
          "opened a reading room where neighbours meet every Thursday evening to plan the next project.")
NEAR = REPORT.replace("Thursday evening", "Thursday afternoon")
OTHER = ("The regional council published its water budget for the coming year, with new pipes for three "
         "mountain settlements and a training course for local engineers on maintaining pumping stations.")


def _keys(texts: list[tuple[str | None, str]]) -> Keys:
    return Keys.parse(b"".join(duplicate_key(url, "", body) for url, body in texts))


def test_exact_copies_group_as_before_with_near_copies_and_addresses():
    """Exact copies are joined without pairwise comparison: the groups are those of comparing every pair."""
    texts = [(None, REPORT)] * 5 + [(None, NEAR), (None, OTHER), ("https://example.org/a", OTHER),
                                     ("https://example.org/a", "A short different page about a concert.")]
    keys = _keys(texts)
    live = np.arange(len(texts), dtype=np.int64)
    labels = collapse._labels(keys, live)
    assert labels == group_labels(duplicate_pairs(keys, live))
    assert {labels[d] for d in range(6)} == {0}  # five copies and the near copy: one page
    assert labels[6] == labels[7] == labels[8]  # same text, then same address


def test_many_exact_copies_are_one_page():
    """More exact copies than a hash bucket holds (once skipped as page furniture) are still one page,
    found without comparing every pair of them."""
    copies = BUCKET_CAP + 10
    keys = _keys([(None, REPORT)] * copies + [(None, OTHER)])
    labels = collapse._labels(keys, np.arange(copies + 1, dtype=np.int64))
    assert {labels.get(doc) for doc in range(copies)} == {0}
    assert copies not in labels


def test_value_column_from_postings_matches_per_document_build():
    per_doc = {0: ("KZ", "RU"), 2: ("KG",), 3: ("KZ",)}
    postings = {"KG": {2}, "KZ": {0, 3}, "RU": {0}}
    built, direct = ValueColumn.of(per_doc, 5), ValueColumn.from_postings(postings, 5)
    assert built.values == direct.values
    for name in ("offsets", "codes", "totals"):
        assert np.array_equal(getattr(built, name), getattr(direct, name))
    view = PerDocValues(direct)
    assert dict(view) == per_doc
    assert view.get(1, ()) == () and view.get(99, ()) == () and 1 not in view


def test_dates_view_reads_like_a_dict():
    view = PerDocDates(np.array([0, 20190501, 0, 20200101], dtype=np.int32))
    assert dict(view) == {1: 20190501, 3: 20200101}
    assert view.get(0) is None and view.get(2, 7) == 7 and view[3] == 20200101


def test_date_cache_is_bounded_in_document_numbers(monkeypatch):
    """Each cached date range holds a set of its documents: the cache stops at a number of documents,
    not only of ranges (256 ranges over a large archive were gigabytes)."""
    from search_api import columns as module

    monkeypatch.setattr(module, "FILTER_CACHE_DOCS", 50_000)
    size = 20_000
    starts = np.full(size, 20100101, dtype=np.int64)
    columns = Columns(doc_ids=frozenset(range(size)), size=size, starts=starts, ends=starts.copy())
    for day in range(1, 29):
        found = columns.docs_in_dates(20100101 - day, 20100101 + day)
        assert len(found) == size
        assert sum(map(len, columns._filter_cache.values())) <= 50_000
    assert columns.docs_in_dates(20200101, 20201231) == frozenset()


def test_threads_share_one_copy_of_the_columns(corpus_index):
    """Every server thread opens its own searcher; the columns of one index version are read once."""
    import threading

    from whoosh import index as whoosh_index

    from search_api.columns import build_columns

    found: list[Columns] = []

    def open_and_read() -> None:
        with whoosh_index.open_dir(str(corpus_index / "current")).searcher() as searcher:
            found.append(build_columns(searcher.reader()))

    threads = [threading.Thread(target=open_and_read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 3 and found[0] is found[1] is found[2]
    assert found[0].values["lang"]  # the corpus has languages: a real column, not an empty one
