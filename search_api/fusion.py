"""Hybrid ranking, the readers' default: pages found by their words and the nearest pages by meaning, in one
list (search_api/engine.py gathers the candidates; this module only orders them).

A page's place is a weighted sum of its word score and its closeness in meaning, each scaled to 0..1 among
the candidates, plus a bonus for having every word of the query and a smaller one for being in the query's
language. The meaning side is what lets a Kazakh or English page on the subject of a Russian query join
the Russian pages that have its words; the bonuses keep the pages with every word, and direct matches in
the reader's language, ahead of translations that are no closer.

Reciprocal rank fusion (k = 60) of the two lists is kept as the baseline (``FUSION = "rrf"``) that
bench/readers.py measures beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

SUM, RRF = "sum", "rrf"
FUSION = SUM
# pages-dev tune half (bench/readers.py: 24 queries), nDCG@10 of the default search with the thesaurus:
# MEANING_WEIGHT 0.4 / 0.6 / 0.7 / 0.8 / 0.9 → 0.516 / 0.530 / 0.534 / 0.542 / 0.538; COMPLETE_BONUS 0, 0.05,
# 0.1, 0.2, 0.3 within 0.004 of each other (0.1 kept: pages with every word favoured); MEANING_SPAN 0 (min to
# max), 0.05, 0.1, 0.2 → 0.531, 0.531, 0.535, 0.528. Reciprocal rank fusion of the same candidates: 0.521.
# Checked again once the query's vector read its thesaurus renderings (search_api/graded.py: meaning_vector),
# replaying this fusion on the tune half's candidates (copies not expanded, so 0.850 for the setting kept):
# MEANING_WEIGHT 0.4 / 0.6 / 0.8 / 0.9 → 0.849 / 0.851 / 0.850 / 0.828; MEANING_SPAN 0.05 / 0.15 / 0.3 → 0.831 /
# 0.854 / 0.849; semantic.SENTENCE_WEIGHT 0 / 0.25 / 0.75 / 1 → 0.818 / 0.843 / 0.844 / 0.837; the word score
# scaled by the best (kept) / log / rank / min-max → 0.850 / 0.854 / 0.843 / 0.848; closeness z-scored or
# min-max instead of the span, weights 0.4–0.8: 0.824–0.854 and 0.834–0.855; LANGUAGE_BONUS 0 / 0.05 →
# 0.853 / 0.843. Choosing among 864 combinations of these with each query left out scores 0.858 on the queries
# left out: within noise of the setting kept, so kept.
MEANING_WEIGHT = 0.8
COMPLETE_BONUS = 0.1
# A tie-break, not a preference: a page in the query's language that is as good as a translation wins.
LANGUAGE_BONUS = 0.02
# Closeness in meaning counts from the best candidate's down to MEANING_SPAN below it (0 beyond), so a page
# far from the query gains nothing however few candidates there are; 0 scales from the least close instead.
MEANING_SPAN = 0.1
RRF_K = 60
# How many of the best word matches are fused with the nearest pages (a deeper page of results fuses more):
# each candidate's sentence vectors are read, so this bounds the cost.
DEPTH = 30


def rank(lexical: Mapping[int, float], complete: Set[int], closeness: Mapping[int, float | None],
         same_language: Set[int]) -> list[tuple[int, float]]:
    """Every candidate (a page in ``lexical`` or ``closeness``), best first, with its fused score.
    ``lexical``: word score (pages lacking some words already discounted by their coverage); ``complete``:
    pages with every word; ``closeness``: meaning (None: the page has no vector); ``same_language``: pages
    in the query's language. Without any closeness (meaning off), pages with every word come first."""
    candidates = set(lexical) | set(closeness)
    known = [value for value in closeness.values() if value is not None]
    if not known:
        return sorted(((doc, lexical.get(doc, 0.0)) for doc in candidates),
                      key=lambda pair: (pair[0] not in complete, -pair[1], pair[0]))
    if FUSION == RRF:
        scores = _reciprocal_ranks(lexical, complete, closeness, candidates)
    else:
        scores = _weighted_sum(lexical, complete, closeness, candidates, known)
    for doc in same_language & candidates:
        if doc in lexical:
            scores[doc] += LANGUAGE_BONUS if FUSION == SUM else LANGUAGE_BONUS / (RRF_K + 1)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def _weighted_sum(lexical, complete, closeness, candidates, known) -> dict[int, float]:
    """Each candidate's weighted sum. A page without a vector yet (edited a moment ago, or while the embedding
    job works through a fresh index: search_api/meaning.py) has its word part in place of its meaning part,
    i.e. it is ranked by its words alone, as the README promises. WHY: with 0 for its meaning, a page just put
    over HTTP that alone has the query's word scored 0.2 + 0.1 against 0.8 for pages merely near in meaning,
    and stayed off the first page until the job reached it (seconds after an edit; a minute or more while a
    fresh index was being embedded)."""
    best_words = max(lexical.values(), default=0.0) or 1.0
    high = max(known)
    low = high - MEANING_SPAN if MEANING_SPAN else min(known)
    spread = (high - low) or 1.0
    scores = {}
    for doc in candidates:
        near = closeness.get(doc)
        words = lexical.get(doc, 0.0) / best_words
        meaning = max(0.0, (near - low) / spread) if near is not None else words
        scores[doc] = (1 - MEANING_WEIGHT) * words + MEANING_WEIGHT * meaning + (COMPLETE_BONUS if doc in complete
                                                                                  else 0.0)
    return scores


def _reciprocal_ranks(lexical, complete, closeness, candidates) -> dict[int, float]:
    """1/(k + rank) summed over the word list (every-word pages first) and the meaning list."""
    by_words = sorted(lexical, key=lambda doc: (doc not in complete, -lexical[doc], doc))
    by_meaning = sorted((doc for doc in candidates if closeness.get(doc) is not None),
                        key=lambda doc: (-closeness[doc], doc))
    scores = dict.fromkeys(candidates, 0.0)
    for ranking in (by_words, by_meaning):
        for position, doc in enumerate(ranking, start=1):
            scores[doc] += 1.0 / (RRF_K + position)
    return scores
