"""The language's pull is taken off the query's vectors (search_api/language_bias.py): a Kazakh query meets the
Russian page on its subject before Kazakh pages on other subjects."""

from __future__ import annotations

import numpy as np
import pytest

from search_api import language_bias


class FakeMeaning:
    """The part of MeaningIndex that language_bias reads: whole-text vectors by document number."""

    def __init__(self, rows: list[list[float]]) -> None:
        self.matrix = np.array(rows, dtype=np.float32)
        self.usable = np.ones(len(rows), dtype=bool)
        self.version = (1, len(rows))

    def vectors(self, docnums: np.ndarray) -> np.ndarray:
        return self.matrix[np.asarray(docnums, dtype=np.int64)]


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


# axis 0: the subject (domestic violence), axis 1: "written in Kazakh", axis 2: "written in Russian",
# axis 3: another subject (harvest)
PAGES = [unit(0.2, 1, 0, 1), unit(0.2, 1, 0, 1),  # Kazakh pages about the harvest
         unit(1, 0, 1, 0), unit(0.1, 0, 1, 1)]  # a Russian page on the subject, one on the harvest
BY_LANG = {"kk": {0, 1}, "ru": {2, 3}}


@pytest.fixture(autouse=True)
def few_pages_suffice(monkeypatch):
    monkeypatch.setattr(language_bias, "MIN_PAGES", 2)


def test_a_query_in_its_own_language_alone_meets_the_page_on_its_subject():
    meaning = FakeMeaning([list(page) for page in PAGES])
    query = "тұрмыстық зорлық"
    vectors = {query: unit(0.8, 1, 0, 0)}  # on the subject, and very Kazakh
    before = np.array(PAGES) @ vectors[query]
    assert before.argmax() in (0, 1)  # a Kazakh page on another subject comes first

    shares = language_bias.offsets(meaning, BY_LANG)
    embed = language_bias.centred(vectors.__getitem__, {query: {"kk": 1.0}}, shares)
    after = np.array(PAGES) @ embed(query)
    assert after.argmax() == 2
    assert abs(np.linalg.norm(embed(query)) - 1) < 1e-5


def test_the_shares_are_each_language_mean_less_the_mean_of_all():
    meaning = FakeMeaning([list(page) for page in PAGES])
    shares = language_bias.offsets(meaning, BY_LANG)
    overall = np.mean(PAGES, axis=0)
    assert np.allclose(shares["kk"], np.mean(PAGES[:2], axis=0) - overall, atol=1e-6)
    assert np.allclose(shares["ru"], np.mean(PAGES[2:], axis=0) - overall, atol=1e-6)
    assert "en" not in shares  # no English page: nothing to take off


def test_a_text_of_unknown_language_and_the_switch_leave_the_vector_as_it_is(monkeypatch):
    meaning = FakeMeaning([list(page) for page in PAGES])
    shares = language_bias.offsets(meaning, BY_LANG)
    vector = unit(1, 1, 1, 1)
    embed = language_bias.centred(lambda text: vector, {"бытовое насилие": {"ru": 1.0}}, shares)
    assert embed("something else") is vector
    monkeypatch.setenv("PEACESEARCH_LANGUAGE_CENTRING", "0")
    plain = vector.__class__  # any callable works; the switch returns it untouched
    assert language_bias.centred(plain, {}, shares) is plain


def test_a_language_with_few_pages_keeps_its_pull(monkeypatch):
    """The mean of a few pages is their subject, not their language: taking it off would hide that subject."""
    monkeypatch.setattr(language_bias, "MIN_PAGES", 3)
    meaning = FakeMeaning([list(page) for page in PAGES])
    assert language_bias.offsets(meaning, BY_LANG) == {}
