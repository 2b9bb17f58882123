"""Ranking: BM25F whose length normalisation does not reward documents for being short.

Plain BM25 divides by a document's length relative to the average. In a collection where most
documents are one sentence (a news-sentence archive beside long reports), the average is tiny, so
every long report looks ten times "too long" and loses to any sentence that shares a word.
Lengths here are floored at ``min_length`` tokens (the average too): below it, length no longer
matters; above it, BM25 behaves as usual. Measured in bench/RESULTS.md (kazqad-kk vs kazqad-kk-long).
"""

from __future__ import annotations

from whoosh import scoring


class FlooredBM25F(scoring.BM25F):
    """BM25F with document and average field lengths floored at ``min_length`` tokens."""

    def __init__(self, B: float = 0.75, K1: float = 1.2, min_length: float = 0.0, **field_b: float) -> None:
        super().__init__(B=B, K1=K1, **field_b)
        self.min_length = min_length

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return FlooredBM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf, min_length=self.min_length)


class FlooredBM25FScorer(scoring.BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1, min_length: float = 0.0) -> None:
        self.min_length = min_length
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        self.avgfl = max(self.avgfl, min_length)

    def _score(self, weight, length):
        return scoring.bm25(self.idf, weight, max(length, self.min_length), self.avgfl, self.B, self.K1)
