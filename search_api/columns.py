"""Per-searcher columns: each document's facet values and dates, and each value's documents.

Whoosh's own facets rebuild per-document lists on every query (~48 ms a facet at 20k documents);
these columns are built once per index version from the term postings (fast) and shared by every
query until the index changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Iterator, Mapping, Set
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

FACET_FIELDS = ("countries", "themes", "lang")
FILTER_CACHE_SIZE = 256
# Filters' sets kept (date ranges, several values of a facet) stop at this many document numbers in all (a
# frozenset costs ~40 bytes a number: 256 ranges over a million documents would be gigabytes).
FILTER_CACHE_DOCS = 2_000_000
MASK_CACHE_SIZE = 64  # shared sets (a value's documents, a date range) whose arrays a filter mask is made from
VERSIONS_KEPT = 4  # index versions whose columns stay in memory (threads switch at slightly different times)
_lock = threading.Lock()
_versions: OrderedDict[tuple, Columns] = OrderedDict()


@dataclass
class ValueColumn:
    """One facet's values of every document, as arrays: counting a set of documents is a gather and a
    ``bincount`` over those documents (C speed), and over all documents a lookup (``totals``)."""

    values: list[str]  # code → value
    offsets: np.ndarray  # document d's codes are codes[offsets[d]:offsets[d + 1]]
    codes: np.ndarray
    totals: np.ndarray  # documents per code over the whole index

    @classmethod
    def of(cls, per_doc: dict[int, tuple[str, ...]], size: int) -> ValueColumn:
        values = sorted({value for vals in per_doc.values() for value in vals})
        code = {value: number for number, value in enumerate(values)}
        lengths = np.zeros(size, dtype=np.int64)
        flat: list[int] = []
        for doc in range(size):
            vals = per_doc.get(doc, ())
            lengths[doc] = len(vals)
            flat.extend(code[value] for value in vals)
        offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        codes = np.array(flat, dtype=np.int32)
        return cls(values, offsets, codes, np.bincount(codes, minlength=len(values)))

    @classmethod
    def from_postings(cls, postings: Mapping[str, Collection[int]], size: int) -> ValueColumn:
        """The column from each value's documents, with no per-document dict on the way (``of`` builds
        the same arrays from one)."""
        values = sorted(postings)
        if values:
            docs = np.concatenate([np.fromiter(postings[v], dtype=np.int64, count=len(postings[v])) for v in values])
            codes = np.concatenate([np.full(len(postings[v]), n, dtype=np.int32) for n, v in enumerate(values)])
        else:
            docs, codes = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        order = np.lexsort((codes, docs))  # by document, then by value
        codes = codes[order]
        offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(docs, minlength=size)[:size], out=offsets[1:])
        return cls(values, offsets, codes, np.bincount(codes, minlength=len(values)))

    def of_doc(self, doc: int) -> tuple[str, ...]:
        """One document's values (none for a number outside the column)."""
        if not 0 <= doc < len(self.offsets) - 1:
            return ()
        return tuple(self.values[code] for code in self.codes[self.offsets[doc]:self.offsets[doc + 1]].tolist())

    def count(self, docs: np.ndarray) -> np.ndarray:
        """Documents per code among ``docs`` (document numbers, each once)."""
        starts, ends = self.offsets[docs], self.offsets[docs + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self.values), dtype=np.int64)
        # positions of every (document, value) pair of ``docs`` in ``codes``
        first = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        return np.bincount(self.codes[first + np.arange(total)], minlength=len(self.values))


class PerDocValues(Mapping[int, tuple[str, ...]]):
    """document → its values of one facet, read from the facet's ``ValueColumn``: what a dict of a
    tuple per document gave (~170 bytes a document and facet), at no memory beyond the column."""

    def __init__(self, column: ValueColumn) -> None:
        self.column = column

    def get(self, doc: int, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
        return self.column.of_doc(doc) or default

    def __getitem__(self, doc: int) -> tuple[str, ...]:
        found = self.column.of_doc(doc)
        if not found:
            raise KeyError(doc)
        return found

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, int | np.integer) and bool(self.column.of_doc(int(doc)))

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(np.diff(self.column.offsets)).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self.column.offsets)))


class PerDocDates(Mapping[int, int]):
    """document → a YYYYMMDD date, from an array (0: none) instead of a dict of a million ints."""

    def __init__(self, dates: np.ndarray) -> None:
        self.dates = dates

    def get(self, doc: int, default: int | None = None) -> int | None:
        value = int(self.dates[doc]) if 0 <= doc < len(self.dates) else 0
        return value or default

    def __getitem__(self, doc: int) -> int:
        value = self.get(doc)
        if value is None:
            raise KeyError(doc)
        return value

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, int | np.integer) and self.get(int(doc)) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.dates).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.dates))


@dataclass
class Columns:
    doc_ids: frozenset[int]
    values: dict[str, Mapping[int, tuple[str, ...]]] = field(default_factory=dict)  # field → doc → values
    postings: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict)  # field → value → docs
    date_start: Mapping[int, int] = field(default_factory=dict)  # doc → YYYYMMDD
    date_end: Mapping[int, int] = field(default_factory=dict)
    year_postings: dict[str, frozenset[int]] = field(default_factory=dict)  # "2019" → docs
    month_postings: dict[str, frozenset[int]] = field(default_factory=dict)  # "2019-05" → docs
    newest_first: list[int] = field(default_factory=list)  # dated docs, newest first
    oldest_first: list[int] = field(default_factory=list)
    _filter_cache: dict[tuple, frozenset[int]] = field(default_factory=dict, repr=False)  # filters' sets
    size: int = 0  # document numbers run 0..size-1 (deleted ones included)
    value_columns: dict[str, ValueColumn] = field(default_factory=dict)  # countries, themes, lang, year, month
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # 0: undated
    ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    newest_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # place in date order
    oldest_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _last_docs: tuple[Set[int], np.ndarray] | None = field(default=None, repr=False)
    _live: np.ndarray | None = field(default=None, repr=False)
    counted: dict[str, tuple[Set[int], np.ndarray]] = field(default_factory=dict, repr=False)  # facet → last count
    _arrays: dict[int, tuple[Set[int], np.ndarray]] = field(default_factory=dict, repr=False)  # id → (set, array)

    def array_of(self, docs: Set[int]) -> np.ndarray:
        """``docs`` as an array, kept for the next call with the same set (the facets of one request)."""
        last = self._last_docs  # (set, array) in one attribute: threads sharing the columns see a matching pair
        if last is None or last[0] is not docs:
            last = (docs, np.fromiter(docs, dtype=np.int64, count=len(docs)))
            self._last_docs = last
        return last[1]

    def live_mask(self) -> np.ndarray:
        """Every live document as a mask over the document numbers (one array per index version: read only)."""
        live = self._live
        if live is None:
            live = np.zeros(self.size, dtype=bool)
            live[np.fromiter(self.doc_ids, dtype=np.int64, count=len(self.doc_ids))] = True
            self._live = live
        return live

    def mask_of(self, docs: Set[int]) -> np.ndarray:
        """``docs`` as a mask over the document numbers (a new array: the caller may change it). A frozenset
        (a value's documents, a date range: shared by requests) keeps its array, so a filter costs no pass
        over its documents in Python the next time."""
        if docs is self.doc_ids:
            return self.live_mask().copy()
        kept = self._arrays.get(id(docs))
        if kept is not None and kept[0] is docs:
            array = kept[1]
        else:
            array = np.fromiter(docs, dtype=np.int64, count=len(docs))
            array = array[array < self.size]
            if isinstance(docs, frozenset):
                if len(self._arrays) >= MASK_CACHE_SIZE:
                    self._arrays.clear()
                self._arrays[id(docs)] = (docs, array)  # the set is held too: its id stays its own
        mask = np.zeros(self.size, dtype=bool)
        mask[array] = True
        return mask

    def page_by_date(self, docs: Set[int] | np.ndarray, ascending: bool, offset: int, limit: int) -> list[int]:
        """Documents ``offset``..``offset + limit`` of ``docs`` (a set, or a mask over the document numbers)
        in date order, undated ones last (by number)."""
        wanted = offset + limit
        if isinstance(docs, np.ndarray):
            array = np.flatnonzero(docs)
            if not len(array) or not wanted:
                return []
            return self._first_by_rank(array, ascending, wanted)[offset:]
        if not docs or not wanted:
            return []
        if wanted * self.size <= len(docs) * len(docs):  # many documents: the first dated ones are among them
            page: list[int] = []
            for doc in self.oldest_first if ascending else self.newest_first:
                if doc in docs:
                    page.append(doc)
                    if len(page) == wanted:
                        return page[offset:]
            # fewer dated documents than the page: the arrays order the undated ones too
        return self._first_by_rank(self.array_of(docs), ascending, wanted)[offset:]

    def _first_by_rank(self, array: np.ndarray, ascending: bool, wanted: int) -> list[int]:
        """The first ``wanted`` of ``array`` in date order: a partial selection, not a sort of them all."""
        ranks = (self.oldest_rank if ascending else self.newest_rank)[array]
        top = np.argpartition(ranks, wanted - 1)[:wanted] if len(array) > wanted else np.arange(len(array))
        top = top[np.argsort(ranks[top])]
        return array[top].tolist()

    def docs_with(self, field_name: str, values: list[str]) -> Set[int]:
        """Documents carrying any of the values (OR within one facet); one value's own (shared, frozen)
        set as it is: a copy per request cost a pass over its documents."""
        by_value = self.postings.get(field_name, {})
        if len(values) == 1:
            return by_value.get(values[0], frozenset())
        key = (field_name, *sorted(set(values)))
        found = self._filter_cache.get(key)  # several values: their union kept as a date range is (a shared set)
        if found is None:
            found = frozenset().union(*(by_value.get(value, frozenset()) for value in values))
            self._keep(key, found)
        return found

    def docs_in_dates(self, first: int, last: int) -> frozenset[int]:
        """Documents whose date range overlaps [first, last] (YYYYMMDD ints); cached per range."""
        key = (first, last)
        found = self._filter_cache.get(key)
        if found is None:
            overlap = (self.starts > 0) & (self.starts <= last) & (self.ends >= first)
            found = frozenset(np.flatnonzero(overlap).tolist())
            self._keep(key, found)
        return found

    def _keep(self, key: tuple, found: frozenset[int]) -> None:
        """Keeps a filter's set for the next requests (a date range, several values of a facet), within bounds."""
        cached = sum(map(len, list(self._filter_cache.values())))  # a copy: other threads may add
        if len(self._filter_cache) >= FILTER_CACHE_SIZE or cached + len(found) > FILTER_CACHE_DOCS:
            self._filter_cache.clear()
        self._filter_cache[key] = found


def version_of(reader: IndexReader) -> tuple:
    """An index version's identity: its segments and their deletions (what per-version data is kept by)."""
    return tuple((leaf.segment().segment_id(), leaf.segment().deleted_count()) for leaf, _ in reader.leaf_readers())


def build_columns(reader: IndexReader) -> Columns:
    """The columns of the reader's index version, read once and shared by every thread that searches it
    (each thread opens its own searcher: columns per thread were one copy each)."""
    version = version_of(reader)
    with _lock:
        if version in _versions:
            _versions.move_to_end(version)
            return _versions[version]
    columns = read_columns(reader)
    with _lock:
        columns = _versions.setdefault(version, columns)
        while len(_versions) > VERSIONS_KEPT:
            _versions.popitem(last=False)
    return columns


def read_columns(reader: IndexReader) -> Columns:
    """Reads the facet and date columns of one index version, as arrays (per-document values are views
    of them: ``PerDocValues``, ``PerDocDates``), and each value's documents as sets for the filters."""
    size = reader.doc_count_all()
    columns = Columns(doc_ids=frozenset(reader.all_doc_ids()), size=size)
    for name in FACET_FIELDS:
        per_value: dict[str, frozenset[int]] = {}
        for raw in reader.lexicon(name):
            value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            per_value[value] = frozenset(reader.postings(name, value).all_ids())
        columns.postings[name] = per_value
        columns.value_columns[name] = ValueColumn.from_postings(per_value, size)
        columns.values[name] = PerDocValues(columns.value_columns[name])
    raw_dates = {}
    for name in ("date_start", "date_end"):
        dates = np.zeros(size, dtype=np.int32)  # 0: none
        for raw in reader.lexicon(name):
            value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            docs = np.fromiter(reader.postings(name, value).all_ids(), dtype=np.int64)
            dates[docs[docs < size]] = int(value)
        raw_dates[name] = dates
    columns.date_start, columns.date_end = PerDocDates(raw_dates["date_start"]), PerDocDates(raw_dates["date_end"])
    starts = raw_dates["date_start"].astype(np.int64)
    ends = np.where(raw_dates["date_end"] > 0, raw_dates["date_end"], starts).astype(np.int64)
    ends[starts == 0] = 0
    columns.starts, columns.ends = starts, ends
    dated = np.flatnonzero(starts)
    years = starts[dated] // 10000
    columns.year_postings = _postings_by(dated, years, lambda year: str(year))
    by_month = dated[starts[dated] // 100 == ends[dated] // 100]  # dated to a month or a day
    columns.month_postings = _postings_by(by_month, starts[by_month] // 100,
                                          lambda month: f"{month // 100:04d}-{month % 100:02d}")
    for name, postings in (("year", columns.year_postings), ("month", columns.month_postings)):
        columns.value_columns[name] = ValueColumn.from_postings(postings, size)
    # Order as the dates read: 2017-01-05 after 2017-01 after 2017 (same start, shorter span is later).
    start, end = starts[dated], ends[dated]
    oldest = dated[np.lexsort((dated, -end, start))]
    newest = dated[np.lexsort((dated, end, -start))]
    columns.oldest_first, columns.newest_first = oldest.tolist(), newest.tolist()
    undated = len(dated) + np.arange(size, dtype=np.int64)  # after the dated, by number
    for attribute, order in (("newest_rank", newest), ("oldest_rank", oldest)):
        rank = undated.copy()
        rank[order] = np.arange(len(order), dtype=np.int64)
        setattr(columns, attribute, rank)
    return columns


def _postings_by(docs: np.ndarray, keys: np.ndarray, label) -> dict[str, frozenset[int]]:
    """Each key's documents (``docs[i]`` has ``keys[i]``), under the key's label."""
    found: dict[str, frozenset[int]] = {}
    order = np.argsort(keys, kind="stable")
    docs, keys = docs[order], keys[order]
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True]) if len(keys) else np.zeros(0, dtype=np.int64)
    for first, last in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=False):
        found[label(int(keys[first]))] = frozenset(docs[first:last].tolist())
    return found
