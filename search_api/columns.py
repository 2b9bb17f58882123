"""Per-searcher columns: each document's facet values and dates, and each value's documents.

Whoosh's own facets rebuild per-document lists on every query (~48 ms a facet at 20k documents);
these columns are built once per index version from the term postings (fast) and shared by every
query until the index changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.reading import IndexReader

FACET_FIELDS = ("countries", "themes", "lang")
DATE_CACHE_SIZE = 256


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
            self._date_cache[key] = frozenset(
                doc for doc, start in self.date_start.items()
                if start <= last and self.date_end.get(doc, start) >= first
            )
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
    return columns
