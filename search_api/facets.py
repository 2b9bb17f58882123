"""Facets, one class per kind. Each counts its values over a set of documents and labels them.

Values of one facet combine with OR and different facets with AND; each facet is counted with every
filter except its own, so that a reader can add a second country (see ``SearchEngine``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set

import numpy as np

from indexer.extract.countries import country_labels
from indexer.extract.themes import taxonomy
from search_api.columns import Columns, ValueColumn

LANG_LABELS = {
    "en": {"en": "English", "ru": "Russian", "kk": "Kazakh", "other": "Other"},
    "ru": {"en": "Английский", "ru": "Русский", "kk": "Казахский", "other": "Другой"},
    "kk": {"en": "Ағылшын", "ru": "Орыс", "kk": "Қазақ", "other": "Басқа"},
}


# Above this many documents, counting reads the facet's arrays (search_api/columns.py: ValueColumn)
# instead of walking the documents one by one; over every document it reads the column's totals.
BY_ARRAY_THRESHOLD = 64


class Facet:
    """A facet over a multi-valued keyword column."""

    name = ""
    field = ""
    column = ""  # its ValueColumn in Columns.value_columns

    def values(self, columns: Columns, doc: int) -> tuple[str, ...]:
        return columns.values[self.field].get(doc, ())

    def postings(self, columns: Columns) -> dict[str, frozenset[int]]:
        return columns.postings[self.field]

    def count(self, columns: Columns, docs: Set[int] | np.ndarray) -> Counter[str]:
        """Documents per value among ``docs``: a set, or a mask over the document numbers (browsing)."""
        counts: Counter[str] = Counter()
        column = columns.value_columns.get(self.column or self.field)
        if isinstance(docs, np.ndarray) and (docs is columns.live_mask() or column is None):
            # the mask of every live document (one array per version) reads the totals, as its set does
            docs = columns.doc_ids if docs is columns.live_mask() else frozenset(np.flatnonzero(docs).tolist())
        if column is not None and isinstance(docs, np.ndarray):
            found = self._counted_mask(columns, column, docs)
            for code in found.nonzero()[0].tolist():
                counts[column.values[code]] = int(found[code])
            return counts
        if column is not None and (docs is columns.doc_ids or len(docs) > BY_ARRAY_THRESHOLD):
            found = column.totals if docs is columns.doc_ids else self._counted(columns, column, docs)
            for code in found.nonzero()[0].tolist():
                counts[column.values[code]] = int(found[code])
            return counts
        for doc in docs:
            counts.update(self.values(columns, doc))
        return counts

    def _counted(self, columns: Columns, column: ValueColumn, docs: Set[int]) -> np.ndarray:
        """Documents per code among ``docs``; for a frozenset (every document less their copies, one set per
        index version: browsing with no filter) kept with it, so browsing costs no count over the archive."""
        if not isinstance(docs, frozenset):
            return column.count(columns.array_of(docs))
        kept = columns.counted.get(self.name)  # (set, counts) in one item: threads see a matching pair
        if kept is None or kept[0] is not docs:
            kept = (docs, column.count(columns.array_of(docs)))
            columns.counted[self.name] = kept
        return kept[1]

    def _counted_mask(self, columns: Columns, column: ValueColumn, docs: np.ndarray) -> np.ndarray:
        """Documents per code in a mask; for a read-only mask (every document less their copies, one array per
        index version: search_api/collapse.py ``shown_of_live``) kept with it, as ``_counted`` keeps a set's."""
        if docs.flags.writeable:
            return column.count(np.flatnonzero(docs))
        kept = columns.counted.get(self.name)
        if kept is None or kept[0] is not docs:
            kept = (docs, column.count(np.flatnonzero(docs)))
            columns.counted[self.name] = kept
        return kept[1]

    def order(self, counts: Counter[str]) -> list[tuple[str, int]]:
        """Most frequent first, ties by value."""
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def label(self, value: str, ui_lang: str) -> str:
        return value


class CountryFacet(Facet):
    name = "country"
    field = "countries"

    def label(self, value: str, ui_lang: str) -> str:
        return country_labels(ui_lang).get(value, value)


class ThemeFacet(Facet):
    name = "theme"
    field = "themes"

    def label(self, value: str, ui_lang: str) -> str:
        labels = taxonomy().labels.get(value, {})
        return labels.get(ui_lang) or labels.get("en") or value


class LangFacet(Facet):
    name = "lang"
    field = "lang"

    def label(self, value: str, ui_lang: str) -> str:
        return LANG_LABELS.get(ui_lang, LANG_LABELS["en"]).get(value, value)


class YearFacet(Facet):
    """Years of the documents' dates, newest first."""

    name = "year"
    column = "year"

    def values(self, columns: Columns, doc: int) -> tuple[str, ...]:
        start = columns.date_start.get(doc)
        return (str(start // 10000),) if start else ()

    def postings(self, columns: Columns) -> dict[str, frozenset[int]]:
        return columns.year_postings

    def order(self, counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: kv[0], reverse=True)


class MonthFacet(YearFacet):
    """Months (YYYY-MM) of documents dated to a month or a day, newest first."""

    name = "month"
    column = "month"

    def values(self, columns: Columns, doc: int) -> tuple[str, ...]:
        start, end = columns.date_start.get(doc), columns.date_end.get(doc)
        if not start or not end or start // 100 != end // 100:
            return ()
        return (f"{start // 10000:04d}-{start // 100 % 100:02d}",)

    def postings(self, columns: Columns) -> dict[str, frozenset[int]]:
        return columns.month_postings


FACETS: dict[str, Facet] = {f.name: f for f in (CountryFacet(), ThemeFacet(), LangFacet(), YearFacet(),
                                                  MonthFacet())}
DEFAULT_FACETS = ("country", "theme", "lang", "year")
