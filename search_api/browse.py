"""Browsing with filters (no words: every live document matches), and searching words scored in arrays
(search_api/postings.py: the query's matches instead of every document), with each set as a mask over the
document numbers instead of a Python set.

WHY: a filtered browse intersected, collapsed and counted sets of up to every document; in Python that is
~30–800 ns a document and request (30 ms at 100k documents for one country, 260 ms p95 before the copies
were collapsed with arrays). Masks make each step a pass of a few ns a document in numpy. The answer is the
one the set path gives (search_api/engine.py, collapse.py): the same copies kept, pages, totals and counts.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

import numpy as np
from whoosh.searching import Searcher

from search_api.collapse import Collapsed, groups_of
from search_api.columns import Columns


@dataclass
class View:
    """What a filtered browse, or a search scored in arrays, shows and counts."""

    shown: np.ndarray  # the hits, copies left out (mask)
    filters: dict[str, np.ndarray]  # each filter's documents (mask)
    copies: Collapsed
    total: int
    _live: np.ndarray = field(repr=False)
    _matched: np.ndarray | None = field(default=None, repr=False)
    _whole: bool = field(default=False, repr=False)  # ``_live`` is every live document (no ``within``)

    @property
    def matched(self) -> np.ndarray:
        """Every document, copies left out (the live mask itself when none is), each group keeping its hit: what
        the facets count from. Worked out when a facet asks (a pass over every document at a million: ~4 ms)."""
        if self._matched is None:
            groups, live = self.copies.groups, self._live
            matched = live
            if groups.grouped:
                hidden = groups.hidden_from(live, self.shown) if self._whole else \
                    groups.hidden_mask(live, prefer=self.shown)
                if hidden.any():
                    matched = live & ~hidden
            self._matched = matched
        return self._matched


def view(searcher: Searcher, columns: Columns, filters: dict[str, Set[int]], within: np.ndarray | None = None,
         prefer: np.ndarray | None = None) -> View:
    """The hits of ``filters`` over every live document (or those of the ``within`` mask: a query's matches,
    search_api/postings.py), and the documents the facets count from, with copies left out as ``collapse``
    leaves them out of sets: among the hits the fullest copy present is kept (the fullest of those in
    ``prefer`` where a group has some: the pages with every word of the default search); among all documents
    the copy shown as a hit is preferred."""
    groups = groups_of(searcher.reader())
    live = columns.live_mask() if within is None else columns.live_mask() & within
    masks = {name: columns.mask_of(docs) for name, docs in filters.items()}
    hits = live.copy()
    for mask in masks.values():
        hits &= mask
    if groups.grouped and within is None and not masks:  # every live document: the same answer for every request
        hits = groups.shown_of_live(live)
        return View(hits, masks, Collapsed(groups), int(np.count_nonzero(hits)), live, hits)
    if groups.grouped:
        hits &= ~groups.hidden_mask(hits, prefer=hits if prefer is None else prefer & hits)
    return View(hits, masks, Collapsed(groups), int(np.count_nonzero(hits)), live, _whole=within is None)
