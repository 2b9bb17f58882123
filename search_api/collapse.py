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
from collections.abc import Set
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote, urlsplit

import numpy as np
from whoosh.columns import FixedBytesColumn
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.duplicates import KEY_BYTES, KEY_FIELD, Keys, duplicate_pairs, group_labels

VERSIONS_KEPT = 4  # index versions whose groups stay in memory (threads switch at slightly different times)
_lock = threading.Lock()
_cache: OrderedDict[tuple, Groups] = OrderedDict()


@dataclass
class Groups:
    """The groups of one index version: only documents with at least one live copy appear."""

    group_of: dict[int, int] = field(default_factory=dict)  # document number → group label
    members: dict[int, tuple[int, ...]] = field(default_factory=dict)  # label → members, fullest first
    grouped: frozenset[int] = frozenset()
    _all_but_first: frozenset[int] | None = field(default=None, repr=False)
    _browsed: tuple[Set[int], frozenset[int]] | None = field(default=None, repr=False)

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
        """The members of ``docs`` shown as another member's "also at" (one member kept per group)."""
        present = docs & self.grouped if len(docs) > len(self.grouped) else {d for d in docs if d in self.grouped}
        if len(present) == len(self.grouped) and len(self.grouped & prefer) == len(self.grouped):
            # Every copy present and preferred (browsing, broad filters): the same answer every time.
            if self._all_but_first is None:
                self._all_but_first = frozenset(d for docs_ in self.members.values() for d in docs_[1:])
            return self._all_but_first
        by_group: dict[int, list[int]] = {}
        for doc in present:
            by_group.setdefault(self.group_of[doc], []).append(doc)
        hidden: set[int] = set()
        for label, found in by_group.items():
            if len(found) < 2:
                continue
            order = [doc for doc in self.members[label] if doc in found]
            keep = next((doc for doc in order if doc in prefer), order[0])
            hidden.update(doc for doc in found if doc != keep)
        return hidden

    def copies(self, doc: int) -> tuple[int, ...]:
        """The other live members of a document's group (none for a document without copies)."""
        label = self.group_of.get(doc)
        return tuple(other for other in self.members[label] if other != doc) if label is not None else ()


@dataclass
class Collapsed:
    """What ``collapse`` did to one search, to annotate its page of hits."""

    groups: Groups

    def annotate(self, hits: list[dict], searcher: Searcher) -> list[dict]:
        """Adds ``also_at`` to each hit: the id, address and title of every other copy."""
        for hit in hits:
            doc = searcher.document_number(id=hit["id"]) if self.groups.grouped else None
            copies = self.groups.copies(doc) if doc is not None else ()
            hit["also_at"] = [_copy(searcher.stored_fields(other)) for other in copies]
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
    leaves = reader.leaf_readers()
    version = tuple((leaf.segment().segment_id(), leaf.segment().deleted_count()) for leaf, _ in leaves)
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
    size = reader.doc_count_all()
    raw = bytearray(size * KEY_BYTES)
    for leaf, offset in reader.leaf_readers():
        data = _segment_keys(leaf)
        raw[offset * KEY_BYTES:offset * KEY_BYTES + len(data)] = data
    keys = Keys.parse(bytes(raw))
    live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    labels = group_labels(duplicate_pairs(keys, live))
    members: dict[int, list[int]] = {}
    for doc, label in labels.items():
        members.setdefault(label, []).append(doc)
    ordered = {label: tuple(sorted(docs, key=lambda d: (-int(keys.counts[d]), d))) for label, docs in members.items()}
    return Groups(group_of=labels, members=ordered, grouped=frozenset(labels))


def _segment_keys(leaf: IndexReader) -> bytes:
    """One segment's key column as bytes, document after document (zeros where a document has none)."""
    count = leaf.doc_count_all()
    if not leaf.has_column(KEY_FIELD):
        return bytes(count * KEY_BYTES)
    column = leaf.column_reader(KEY_FIELD, translate=False)
    if isinstance(column, FixedBytesColumn.Reader) and hasattr(column, "_dbfile"):
        stored = min(column._count, count)  # documents after the last one with a value have none
        data = bytes(column._dbfile.get(column._basepos, stored * KEY_BYTES)) if stored else b""
        return data + bytes((count - stored) * KEY_BYTES)
    return b"".join(bytes(column[doc]) for doc in range(count))


def _copy(stored: dict) -> dict:
    return {"id": stored["id"], "url": stored.get("url") or None, "title": stored.get("title", "")}


ALSO_AT = {"en": "Also at", "ru": "Также по адресам", "kk": "Басқа мекенжайлары"}


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
    return f'<p class="also-at">{escape(ALSO_AT.get(ui_lang, ALSO_AT["en"]))}: {" · ".join(links)}</p>'
