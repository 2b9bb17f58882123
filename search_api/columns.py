"""Per-searcher columns: each document's facet values and dates, and each value's documents.

Whoosh's own facets rebuild per-document lists on every query (~48 ms a facet at 20k documents);
these columns are built once per index version from the term postings (fast) and shared by every
query until the index changes.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

FACET_FIELDS = ("countries", "themes", "lang")
DATE_CACHE_SIZE = 256


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


@dataclass
class Columns:
    doc_ids: frozenset[int]
    values: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict)  # field → doc → values
    postings: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict)  # field → value → docs
    date_start: dict[int, int] = field(default_factory=dict)  # doc → YYYYMMDD
    date_end: dict[int, int] = field(default_factory=dict)
    year_postings: dict[str, frozenset[int]] = field(default_factory=dict)  # "2019" → docs
    month_postings: dict[str, frozenset[int]] = field(default_factory=dict)  # "2019-05" → docs
    newest_first: list[int] = field(default_factory=list)  # dated docs, newest first
    oldest_first: list[int] = field(default_factory=list)
    _date_cache: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict, repr=False)
    size: int = 0  # document numbers run 0..size-1 (deleted ones included)
    value_columns: dict[str, ValueColumn] = field(default_factory=dict)  # countries, themes, lang, year, month
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # 0: undated
    ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    newest_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # place in date order
    oldest_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _last_docs: object = field(default=None, repr=False)
    _last_array: np.ndarray | None = field(default=None, repr=False)

    def array_of(self, docs: Set[int]) -> np.ndarray:
        """``docs`` as an array, kept for the next call with the same set (the facets of one request)."""
        if docs is not self._last_docs:
            self._last_docs, self._last_array = docs, np.fromiter(docs, dtype=np.int64, count=len(docs))
        return self._last_array

    def page_by_date(self, docs: Set[int], ascending: bool, offset: int, limit: int) -> list[int]:
        """Documents ``offset``..``offset + limit`` of ``docs`` in date order, undated ones last (by number)."""
        wanted = offset + limit
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
        array = self.array_of(docs)
        ranks = (self.oldest_rank if ascending else self.newest_rank)[array]
        top = np.argpartition(ranks, wanted - 1)[:wanted] if len(array) > wanted else np.arange(len(array))
        top = top[np.argsort(ranks[top])]
        return array[top][offset:].tolist()

    def docs_with(self, field_name: str, values: list[str]) -> set[int]:
        """Documents carrying any of the values (OR within one facet)."""
        found: set[int] = set()
        by_value = self.postings.get(field_name, {})
        for value in values:
            found |= by_value.get(value, frozenset())
        return found

    def docs_in_dates(self, first: int, last: int) -> frozenset[int]:
        """Documents whose date range overlaps [first, last] (YYYYMMDD ints); cached per range."""
        key = (first, last)
        if key not in self._date_cache:
            if len(self._date_cache) >= DATE_CACHE_SIZE:
                self._date_cache.clear()
            overlap = (self.starts > 0) & (self.starts <= last) & (self.ends >= first)
            self._date_cache[key] = frozenset(np.flatnonzero(overlap).tolist())
        return self._date_cache[key]


def build_columns(reader: IndexReader) -> Columns:
    """Reads the facet and date columns of one index version."""
    columns = Columns(doc_ids=frozenset(reader.all_doc_ids()))
    for name in FACET_FIELDS:
        per_doc: dict[int, list[str]] = {}
        per_value: dict[str, frozenset[int]] = {}
        for raw in reader.lexicon(name):
            value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            docs = frozenset(reader.postings(name, value).all_ids())
            per_value[value] = docs
            for doc in docs:
                per_doc.setdefault(doc, []).append(value)
        columns.postings[name] = per_value
        columns.values[name] = {doc: tuple(vals) for doc, vals in per_doc.items()}
    for name, target in (("date_start", columns.date_start), ("date_end", columns.date_end)):
        for raw in reader.lexicon(name):
            value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            for doc in reader.postings(name, value).all_ids():
                target[doc] = int(value)
    years: dict[str, set[int]] = {}
    months: dict[str, set[int]] = {}
    for doc, start in columns.date_start.items():
        years.setdefault(str(start // 10000), set()).add(doc)
        end = columns.date_end.get(doc, start)
        if start // 100 == end // 100:  # dated to a month or a day
            months.setdefault(f"{start // 10000:04d}-{start // 100 % 100:02d}", set()).add(doc)
    columns.year_postings = {k: frozenset(v) for k, v in years.items()}
    columns.month_postings = {k: frozenset(v) for k, v in months.items()}
    # Order as the dates read: 2017-01-05 after 2017-01 after 2017 (same start, shorter span is later).
    def when(doc: int) -> tuple[int, int]:
        return columns.date_start[doc], -columns.date_end.get(doc, columns.date_start[doc])

    columns.oldest_first = sorted(columns.date_start, key=lambda d: (*when(d), d))
    columns.newest_first = sorted(columns.date_start, key=lambda d: (*(-x for x in when(d)), d))
    _add_arrays(columns, reader.doc_count_all())
    return columns


def _add_arrays(columns: Columns, size: int) -> None:
    """The array forms of the columns, which per-request work reads (see ``ValueColumn``)."""
    columns.size = size
    for name in FACET_FIELDS:
        columns.value_columns[name] = ValueColumn.of(columns.values[name], size)
    for name, postings in (("year", columns.year_postings), ("month", columns.month_postings)):
        per_doc = {doc: (value,) for value, docs in postings.items() for doc in docs}
        columns.value_columns[name] = ValueColumn.of(per_doc, size)
    columns.starts, columns.ends = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    for doc, start in columns.date_start.items():
        columns.starts[doc] = start
        columns.ends[doc] = columns.date_end.get(doc, start)
    undated = len(columns.newest_first) + np.arange(size, dtype=np.int64)  # after the dated, by number
    for attribute, order in (("newest_rank", columns.newest_first), ("oldest_rank", columns.oldest_first)):
        rank = undated.copy()
        rank[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
        setattr(columns, attribute, rank)
