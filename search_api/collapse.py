"""Near-duplicates shown once: the copies of one page (indexer/duplicates.py) are one hit, listed under it
as "also at".

Groups are computed per index version from the duplicate-key column that indexing writes (one fixed-width
value a document, read per segment in one piece), and shared by every thread until the index changes: a
deleted or edited copy leaves its group with the commit that removes it, with no bookkeeping at write time.

What a search shows: in every set of matching documents, each group keeps one member, the fullest copy
(most shingles) among the members that have every query word when some do, else among those present;
the others are left out of the set before ranking, paging and counting. So ``total`` and the facets count
a group once, and a copy on page 2 never repeats a hit of page 1. The kept member is not necessarily the
copy that would have scored best: copies share their text, so they score alike.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote, urlsplit

import numpy as np
from whoosh.columns import FixedBytesColumn
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.duplicates import (
    KEY_BYTES,
    KEY_FIELD,
    PERMUTATIONS,
    Keys,
    _same_value_pairs,
    duplicate_pairs,
    group_labels,
)
from search_api import mapped_segments
from search_api.columns import version_of

KEY_SLICE = 50_000  # documents' keys read at once (26 MB)
VERSIONS_KEPT = 4  # index versions whose groups stay in memory (threads switch at slightly different times)
_lock = threading.Lock()
_cache: OrderedDict[tuple, Groups] = OrderedDict()
COPIES_KEPT = 20_000  # copies listed under hits, kept with their index version (~1 KB each with the title)
_copies: OrderedDict[tuple, dict] = OrderedDict()


@dataclass
class _GroupOrder:
    """The grouped documents group by group (each group's members fullest first), and where each sits."""

    docs: np.ndarray  # position → document
    run_of: np.ndarray  # position → its group's run number
    position: np.ndarray  # document → position (-1: in no group)

    @classmethod
    def of(cls, members: dict[int, tuple[int, ...]]) -> _GroupOrder:
        groups = list(members.values())
        docs = np.fromiter((doc for group in groups for doc in group), dtype=np.int64)
        run_of = np.repeat(np.arange(len(groups), dtype=np.int64), [len(group) for group in groups])
        position = np.full(int(docs.max()) + 1 if len(docs) else 0, -1, dtype=np.int64)
        position[docs] = np.arange(len(docs), dtype=np.int64)
        return cls(docs, run_of, position)


@dataclass
class Groups:
    """The groups of one index version: only documents with at least one live copy appear."""

    group_of: dict[int, int] = field(default_factory=dict)  # document number → group label
    members: dict[int, tuple[int, ...]] = field(default_factory=dict)  # label → members, fullest first
    grouped: frozenset[int] = frozenset()
    _all_but_first: frozenset[int] | None = field(default=None, repr=False)
    _browsed: tuple[Set[int], frozenset[int]] | None = field(default=None, repr=False)
    _arrays: _GroupOrder | None = field(default=None, repr=False)
    _of_live: tuple[np.ndarray, ...] | None = field(default=None, repr=False)
    _last_array: tuple[Set[int], np.ndarray] | None = field(default=None, repr=False)

    def shown_of_all(self, docs: Set[int]) -> frozenset[int]:
        """``docs`` without the copies, for the set of every live document (browsing, a query every
        document matches): that set is one object per index version, so the answer is kept with it and
        browsing costs no pass over the archive per request."""
        browsed = self._browsed
        if browsed is None or browsed[0] is not docs:
            browsed = (docs, frozenset(docs - self.hidden(docs, prefer=docs)))
            self._browsed = browsed
        return browsed[1]

    def hidden(self, docs: Set[int], prefer: Set[int] = frozenset()) -> Set[int]:
        """The members of ``docs`` shown as another member's "also at": in each group, the first of its
        members in ``prefer`` (fullest first) is kept, else its fullest member present.

        WHY arrays: a filtered browse asks this of every document; walking them in Python cost ~0.8 µs a
        document (84 ms a request at 100k), a sort of their positions in the group order costs a few ns."""
        if not self.grouped or not docs:
            return frozenset()
        order = self._order()
        found = self._array(docs)
        found = found[found < len(order.position)]
        positions = order.position[found]
        present = np.zeros(len(order.docs), dtype=bool)
        present[positions[positions >= 0]] = True
        positions = np.flatnonzero(present)  # group by group, each fullest first (a mask: no sort)
        if not len(positions):
            return frozenset()
        preferred = None
        if prefer is not docs:
            preferred = np.zeros(len(order.position), dtype=bool)
            wanted = self._array(prefer)
            preferred[wanted[wanted < len(preferred)]] = True
        if len(positions) == len(order.docs) and (preferred is None or bool(preferred[order.docs].all())):
            # Every copy present and preferred (browsing, broad filters): the same answer every time.
            if self._all_but_first is None:
                self._all_but_first = frozenset(d for docs_ in self.members.values() for d in docs_[1:])
            return self._all_but_first
        runs = order.run_of[positions]
        if preferred is not None:
            by_choice = np.lexsort((positions, ~preferred[order.docs[positions]], runs))  # preferred first
            positions, runs = positions[by_choice], runs[by_choice]
        kept = np.r_[True, runs[1:] != runs[:-1]]
        return set(order.docs[positions[~kept]].tolist())

    def hidden_mask(self, present: np.ndarray, prefer: np.ndarray) -> np.ndarray:
        """``hidden`` with masks over the document numbers for sets (browsing with filters: no set of
        every document is made in Python)."""
        hidden = np.zeros(len(present), dtype=bool)
        if not self.grouped:
            return hidden
        order = self._order()
        docs = order.docs  # live documents: all below len(present)
        positions = np.flatnonzero(present[docs])  # group by group, each fullest first
        if not len(positions):
            return hidden
        runs = order.run_of[positions]
        starts = np.flatnonzero(np.r_[True, runs[1:] != runs[:-1]])  # each group's fullest member present
        kept = starts
        if prefer is not present:  # each group's first preferred member instead, where it has one
            preferred = np.flatnonzero(prefer[docs[positions]])
            if len(preferred):
                first = preferred[np.minimum(np.searchsorted(preferred, starts), len(preferred) - 1)]
                ends = np.r_[starts[1:], len(positions)]
                kept = np.where((first >= starts) & (first < ends), first, starts)
        shown = np.zeros(len(positions), dtype=bool)
        shown[kept] = True
        hidden[docs[positions[~shown]]] = True
        return hidden

    def hidden_from(self, live: np.ndarray, shown: np.ndarray) -> np.ndarray:
        """``hidden_mask(live, prefer=shown)`` for ``live`` the mask of every live document (one array per index
        version) and ``shown`` a subset of it with at most one member of each group (hits already collapsed).

        WHY: a filtered browse counts its facets over every document with copies left out, preferring the
        copies shown as hits; over a million documents that pass cost ~4 ms a request. Every group keeps its
        fullest live member except the groups of the hits, which keep their hit: the first part is the same
        for every request of the version (kept), the second costs a pass over the hits alone."""
        hidden, kept_of_run, run_of_doc, _ = self._live_hidden(live)
        hits = np.flatnonzero(shown[: len(run_of_doc)])
        runs = run_of_doc[hits]
        hits, runs = hits[runs >= 0], runs[runs >= 0]
        if not len(hits):
            return hidden
        hidden = hidden.copy()
        hidden[kept_of_run[runs]] = True
        hidden[hits] = False
        return hidden

    def shown_of_live(self, live: np.ndarray) -> np.ndarray:
        """``live & ~hidden_mask(live, prefer=live)`` for the mask of every live document: one read-only array
        per index version, so browsing with no filter costs no pass over the archive (and its facet counts
        are kept with it: search_api/facets.py)."""
        return self._live_hidden(live)[3]

    def _live_hidden(self, live: np.ndarray) -> tuple[np.ndarray, ...]:
        """For the mask of every live document: the copies hidden when no hit is preferred, the document each
        group keeps then, each document's group run (-1: none), and the documents shown; kept with the mask
        (read only)."""
        kept = self._of_live
        if kept is None or kept[0] is not live:
            hidden = self.hidden_mask(live, prefer=live)
            order = self._order()
            present = np.flatnonzero(live[order.docs] & ~hidden[order.docs])  # the kept member of each run
            kept_of_run = np.full(int(order.run_of[-1]) + 1 if len(order.run_of) else 0, -1, dtype=np.int64)
            kept_of_run[order.run_of[present]] = order.docs[present]
            run_of_doc = np.full(len(live), -1, dtype=np.int64)
            run_of_doc[order.docs] = order.run_of
            shown = live & ~hidden
            for array in (hidden, kept_of_run, run_of_doc, shown):
                array.setflags(write=False)
            kept = self._of_live = (live, hidden, kept_of_run, run_of_doc, shown)
        return kept[1:]

    def _order(self) -> _GroupOrder:
        """The groups as arrays (built on first use, then shared)."""
        order = self._arrays
        if order is None:
            order = self._arrays = _GroupOrder.of(self.members)
        return order

    def _array(self, docs: Set[int]) -> np.ndarray:
        """``docs`` as an array, kept for the next call with the same set (every document, when browsing)."""
        last = self._last_array  # (set, array) in one attribute: threads see a matching pair
        if last is None or last[0] is not docs:
            last = (docs, np.fromiter(docs, dtype=np.int64, count=len(docs)))
            if isinstance(docs, frozenset):  # a set may change after the call; a frozenset may be asked again
                self._last_array = last
        return last[1]

    def copies(self, doc: int) -> tuple[int, ...]:
        """The other live members of a document's group (none for a document without copies)."""
        label = self.group_of.get(doc)
        return tuple(other for other in self.members[label] if other != doc) if label is not None else ()


@dataclass
class Collapsed:
    """What ``collapse`` did to one search, to annotate its page of hits."""

    groups: Groups

    def annotate(self, hits: list[dict], docs: list[int], searcher: Searcher) -> list[dict]:
        """Adds ``also_at`` to each hit (``docs``: their document numbers): the id, address and title of each
        other copy, the first ``ALSO_AT_LISTED`` of them (fullest first), and ``also_at_more``: how many more
        there are."""
        version = version_of(searcher.reader()) if self.groups.grouped else ()
        for hit, doc in zip(hits, docs, strict=True):
            copies = self.groups.copies(doc) if self.groups.grouped else ()
            hit["also_at"] = [_copy(searcher, version, other) for other in copies[:ALSO_AT_LISTED]]
            hit["also_at_more"] = max(len(copies) - ALSO_AT_LISTED, 0)
        return hits


def collapse(searcher: Searcher, matched: Set[int], hits: Set[int], complete: Set[int]):
    """``matched``, ``hits`` and ``complete`` (search_api/engine.py) with the copies of each shown
    document left out, and the ``Collapsed`` that annotates the page."""
    groups = groups_of(searcher.reader())
    if not groups.grouped:
        return matched, hits, complete, Collapsed(groups)
    if matched is hits and hits is complete and isinstance(hits, frozenset):  # every document: browsing
        shown = groups.shown_of_all(hits)
        return shown, shown, shown, Collapsed(groups)
    hidden = groups.hidden(hits, prefer=complete)
    if not hidden:
        shown, shown_complete = hits, complete
    else:
        shown = hits - hidden
        shown_complete = shown if complete is hits else complete - hidden
    if matched is hits:  # no filters: the same set (browsing, most searches)
        return shown, shown, shown_complete, Collapsed(groups)
    hidden_matched = groups.hidden(matched, prefer=shown)
    return (matched - hidden_matched if hidden_matched else matched), shown, shown_complete, Collapsed(groups)


def groups_of(reader: IndexReader) -> Groups:
    """The groups of the reader's index version (computed once per version, shared by threads)."""
    version = version_of(reader)
    with _lock:
        if version in _cache:
            _cache.move_to_end(version)
            return _cache[version]
    groups = build_groups(reader)
    with _lock:
        _cache[version] = groups
        while len(_cache) > VERSIONS_KEPT:
            _cache.popitem(last=False)
    return groups


def build_groups(reader: IndexReader) -> Groups:
    """Groups the live documents of one index version by address and text (indexer/duplicates.py)."""
    keys = _read_keys(reader)
    live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    labels = _labels(keys, live)
    members: dict[int, list[int]] = {}
    for doc, label in labels.items():
        members.setdefault(label, []).append(doc)
    ordered = {label: tuple(sorted(docs, key=lambda d: (-int(keys.counts[d]), d))) for label, docs in members.items()}
    return Groups(group_of=labels, members=ordered, grouped=frozenset(labels))


def _labels(keys: Keys, live: np.ndarray) -> dict[int, int]:
    """Group labels of ``live`` as ``group_labels(duplicate_pairs(keys, live))`` gives them, with exact
    copies (same shingle count and signature) joined first and only one of each compared by hashing.

    WHY: every pair of rows in one hash bucket is a candidate, in each of the 64 bands, so k identical
    copies of a page cost 64 × k²/2 candidate pairs. With the collections repeated 10× (250,000 documents)
    that was 3.5 GB and 37 s at each opening of an index version; 40× (a million) would be ~16× more.
    Exact copies need no comparison: their estimated similarity is 1 (``resemblance``), so they are one
    group in any case. (One difference: more than ``BUCKET_CAP`` exact copies, which the buckets used
    to skip as furniture, are now one group.)"""
    textual = live[keys.counts[live] > 0]
    exact, representatives = _exact_copies(keys, textual)
    pairs = [_same_value_pairs(keys.urls[live], live, keys.urls[live] != 0), exact,
             duplicate_pairs(keys, representatives)]
    return group_labels(np.concatenate(pairs))


def _exact_copies(keys: Keys, rows: np.ndarray, chunk: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (k × 2, first < second) of ``rows`` with the same shingle count and signature, each row with
    the next such row, and the rows that remain (the first of each set of exact copies)."""
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64), rows
    weights = (np.arange(keys.signatures.shape[1], dtype=np.uint64) * np.uint64(2) + np.uint64(1)) \
        * np.uint64(0x9E3779B97F4A7C15)  # odd multipliers: a 64-bit hash of the signature (wraps around)
    hashes = np.empty(len(rows), dtype=np.uint64)
    for start in range(0, len(rows), chunk):  # in slices: a 64-bit copy of every signature at once is large
        part = rows[start:start + chunk]
        hashes[start:start + chunk] = (keys.signatures[part].astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
    hashes ^= keys.counts[rows].astype(np.uint64)
    order = np.lexsort((rows, hashes))  # equal hashes together, by row within
    ordered = rows[order]
    first, second = ordered[:-1], ordered[1:]
    same = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
    if len(same):
        equal = np.zeros(len(same), dtype=bool)
        for start in range(0, len(same), chunk):  # verified: a hash collision is not a copy
            a, b = first[same[start:start + chunk]], second[same[start:start + chunk]]
            equal[start:start + chunk] = (keys.counts[a] == keys.counts[b]) & \
                (keys.signatures[a] == keys.signatures[b]).all(axis=1)
        same = same[equal]
    copies = np.stack([first[same], second[same]], axis=1)
    return copies, np.delete(ordered, same + 1)


def _read_keys(reader: IndexReader) -> Keys:
    """The key column of every document (zeros where a document has none), read a slice at a time into
    the parsed arrays: the raw column and its parsed copy are never both held whole (516 MB each at a
    million documents)."""
    size = reader.doc_count_all()
    keys = Keys(urls=np.zeros(size, dtype="<u8"), counts=np.zeros(size, dtype="<u4"),
                signatures=np.zeros((size, PERMUTATIONS), dtype="<u4"))
    for leaf, offset in reader.leaf_readers():
        for start, data in _segment_key_slices(leaf):
            part = Keys.parse(data)
            first, end = offset + start, offset + start + len(part.counts)
            keys.urls[first:end], keys.counts[first:end], keys.signatures[first:end] = \
                part.urls, part.counts, part.signatures
    return keys


def _segment_key_slices(leaf: IndexReader, slice_docs: int = KEY_SLICE) -> Iterator[tuple[int, bytes]]:
    """One segment's key column as (first document, bytes) slices, document after document; documents
    after the last stored value have none."""
    count = leaf.doc_count_all()
    if not leaf.has_column(KEY_FIELD):
        return
    column = leaf.column_reader(KEY_FIELD, translate=False)
    if isinstance(column, FixedBytesColumn.Reader) and hasattr(column, "_dbfile"):
        stored = min(column._count, count)
        for start in range(0, stored, slice_docs):
            length = min(slice_docs, stored - start) * KEY_BYTES
            yield start, mapped_segments.read_once(column._dbfile, column._basepos + start * KEY_BYTES, length)
        return
    for start in range(0, count, slice_docs):
        yield start, b"".join(bytes(column[doc]) for doc in range(start, min(count, start + slice_docs)))


# Copies listed under a hit: a page posted at forty addresses lists ten and counts the rest (each listed copy
# is a stored document read: forty per hit were most of a page's time over an archive of such copies).
ALSO_AT_LISTED = 10


def _copy(searcher: Searcher, version: tuple, doc: int) -> dict:
    """A copy as listed under a hit, read once per index version: the copies of a page are listed under it in
    every search that shows it, and each read is a whole stored document decompressed (~35 µs; ten a hit)."""
    key = (version, doc)
    with _lock:
        listed = _copies.get(key)
        if listed is not None:
            _copies.move_to_end(key)
    if listed is None:
        stored = searcher.stored_fields(doc)
        listed = {"id": stored["id"], "url": stored.get("url") or None, "title": stored.get("title", "")}
        with _lock:
            _copies[key] = listed
            while len(_copies) > COPIES_KEPT:
                _copies.popitem(last=False)
    return dict(listed)


ALSO_AT = {"en": "Also at", "ru": "Также по адресам", "kk": "Басқа мекенжайлары"}
MORE = {"en": "and {n} more", "ru": "и ещё {n}", "kk": "тағы {n}"}


def also_at_html(hit: dict, ui_lang: str) -> str:
    """The "also at" line under a hit: each copy's address (http and https only: a stored ``javascript:``
    address must not become a link), else its page in the archive; everything escaped."""
    links = []
    for copy in hit.get("also_at") or []:
        url = (copy.get("url") or "").strip()
        parts = urlsplit(url)
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            text = (parts.netloc + parts.path.rstrip("/"))[:80]
            links.append(f'<a rel="noopener nofollow" href="{escape(url)}">{escape(text)}</a>')
        else:
            links.append(f'<a href="/documents/{escape(quote(copy["id"], safe=""))}">'
                         f'{escape(copy.get("title") or copy["id"])}</a>')
    if not links:
        return ""
    more = hit.get("also_at_more") or 0
    tail = f' {escape(MORE.get(ui_lang, MORE["en"]).format(n=more))}' if more else ""
    return f'<p class="also-at">{escape(ALSO_AT.get(ui_lang, ALSO_AT["en"]))}: {" · ".join(links)}{tail}</p>'
