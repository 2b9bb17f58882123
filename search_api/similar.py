"""Documents near one another in meaning: "more like this" and the other language versions of a page.

Each document's embedding (multilingual-e5-small, ``analyzers/semantic.py``) comes from the index's
``MeaningIndex`` (search_api/meaning.py), and the model places an article and its translation close
together whatever their languages. At archive size (tens of thousands of documents × 384 numbers) an exact
cosine against every document is a few milliseconds of numpy, so there is no approximate index: the
vectors of one index version are gathered into a matrix, kept beside its columns, and gathered again when
new vectors arrive (the embedding job fills them after the index is written: indexer/embed.py).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np
from whoosh.searching import Searcher

from analyzers.semantic import DIMENSIONS
from indexer.extract.dates import parse_iso
from search_api.columns import Columns
from search_api.meaning import MeaningIndex, meaning_for

MORE_LIKE_THIS = 5
# A translation is the nearest document of its language both ways (mutual nearest) with a cosine of at
# least this much. ntrex128-kk-ru-en (bench/translations.py, 369 documents): translation pairs' cosines
# are 0.83–0.95 (median 0.89); at 0.80 precision 0.997, recall 0.981; 0.85 costs recall (0.94), and
# below 0.80 nothing changes: the mutual-nearest rule does the work.
TRANSLATION_COSINE = 0.80
TRANSLATION_LANGS = ("en", "ru", "kk")
# A version may appear some days after the original; a month apart they are different articles.
DATE_SLACK = dt.timedelta(days=31)


@dataclass
class VectorTable:
    """The documents of one index version that have a vector, row by row."""

    ids: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    countries: list[frozenset[str]] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    row_of: dict[str, int] = field(default_factory=dict)

    def neighbour(self, row: int, rank: int, cosine: float) -> dict:
        return {"id": self.ids[rank], "title": self.titles[rank], "lang": self.langs[rank],
                "date": self.dates[rank], "score": round(cosine, 4)}


_tables: dict[int, tuple[object, VectorTable]] = {}  # id of an index version's Columns → (vectors' version, table)
_documents: dict[int, list[tuple[int, dict]]] = {}  # id of Columns → (document number, stored fields) of live docs
_lock = threading.Lock()
_SHOWN = ("id", "lang", "title", "date", "countries")  # the stored fields a neighbour shows


def table_for(searcher: Searcher, columns: Columns) -> VectorTable:
    """The vector table of the index version ``columns`` belongs to, with the vectors that have arrived."""
    meaning = meaning_for(searcher)
    version = meaning.version
    with _lock:
        cached = _tables.get(id(columns))
        if cached is not None and cached[0] == version:
            return cached[1]
        documents = _documents.get(id(columns))
    if documents is None:
        documents = [(docnum, {key: fields.get(key) for key in _SHOWN})
                     for docnum, fields in searcher.reader().iter_docs()]
    table = _read(meaning, documents)
    with _lock:
        if id(columns) not in _documents:
            weakref.finalize(columns, _forget, id(columns))
        _documents[id(columns)] = documents
        _tables[id(columns)] = (version, table)
    return table


def _forget(key: int) -> None:
    with _lock:
        _tables.pop(key, None)
        _documents.pop(key, None)


def _read(meaning: MeaningIndex, documents: list[tuple[int, dict]]) -> VectorTable:
    table = VectorTable()
    having = [(docnum, stored) for docnum, stored in documents if meaning.has_vector(docnum)]
    for _, stored in having:
        table.row_of[stored["id"]] = len(table.ids)
        table.ids.append(stored["id"])
        table.langs.append(stored.get("lang") or "other")
        table.titles.append(stored.get("title") or "")
        table.dates.append(stored.get("date") or None)
        table.countries.append(frozenset(c for c in (stored.get("countries") or "").split(",") if c))
    if having:
        matrix = meaning.vectors(np.array([docnum for docnum, _ in having], dtype=np.int64))
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        table.matrix = matrix / np.where(norms > 0, norms, 1.0)
    return table


def more_like_this(table: VectorTable, doc_id: str, count: int = MORE_LIKE_THIS,
                   exclude: frozenset[str] = frozenset()) -> list[dict]:
    """The ``count`` documents closest in meaning to ``doc_id``, any language, closest first, leaving out
    ``exclude`` (its language versions, listed apart on its page)."""
    row = table.row_of.get(doc_id)
    if row is None:
        return []
    cosines = table.matrix @ table.matrix[row]
    cosines[row] = -np.inf
    for other in exclude:
        if other in table.row_of:
            cosines[table.row_of[other]] = -np.inf
    order = np.argsort(-cosines)[:count]
    return [table.neighbour(row, int(rank), float(cosines[rank])) for rank in order if np.isfinite(cosines[rank])]


def translations(table: VectorTable, doc_id: str, threshold: float = TRANSLATION_COSINE) -> list[dict]:
    """The document's versions in the other languages, found by meaning: in each other language, the
    nearest document, kept when it is at least ``threshold`` close, when ``doc_id`` is in turn its nearest
    in ``doc_id``'s language, and when their dates (where both have them) are close."""
    row = table.row_of.get(doc_id)
    if row is None:
        return []
    lang = table.langs[row]
    if lang not in TRANSLATION_LANGS:
        return []
    cosines = table.matrix @ table.matrix[row]
    langs = np.asarray(table.langs)
    found = []
    for other in TRANSLATION_LANGS:
        if other == lang:
            continue
        candidates = np.flatnonzero(langs == other)
        if not len(candidates):
            continue
        best = int(candidates[np.argmax(cosines[candidates])])
        if cosines[best] < threshold or not _agree(table, row, best):
            continue
        back = table.matrix[np.flatnonzero(langs == lang)] @ table.matrix[best]
        if int(np.flatnonzero(langs == lang)[np.argmax(back)]) != row:
            continue
        found.append(table.neighbour(row, best, float(cosines[best])))
    return found


def _agree(table: VectorTable, one: int, two: int) -> bool:
    """Dates within ``DATE_SLACK`` of each other, where both documents have one. Countries are not
    compared: extracted from each language's text, they differ between versions of one article often
    enough to cost recall (ntrex128: 0.981 → 0.965) for no precision (0.997 either way)."""
    first, second = _span(table.dates[one]), _span(table.dates[two])
    if first is None or second is None:
        return True
    return first[0] - DATE_SLACK <= second[1] and second[0] - DATE_SLACK <= first[1]


def _span(date: str | None) -> tuple[dt.date, dt.date] | None:
    if not date:
        return None
    try:
        partial = parse_iso(date)
    except ValueError:
        return None
    return partial.first_day(), partial.last_day()


def given_versions(searcher: Searcher, doc_id: str, linked: list[str]) -> list[dict]:
    """The language versions the editor named (``translation_of``), both ways: the documents this one names
    and those that name it. Ids that name no document in the index are left out."""
    found: dict[str, dict] = {}
    named_by = [fields["id"] for fields in searcher.documents(translation_of=doc_id)]
    for other in [*linked, *named_by]:
        if other == doc_id or other in found:
            continue
        fields = searcher.document(id=other)
        if fields is not None:
            found[other] = {"id": other, "title": fields.get("title", ""), "lang": fields.get("lang") or "other",
                            "date": fields.get("date"), "score": None, "given": True}
    return list(found.values())
