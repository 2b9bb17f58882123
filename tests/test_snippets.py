"""Snippets of long texts: read in windows where the query's words occur, shown as if read whole."""

from __future__ import annotations

import pytest

from analyzers import analyzer_for
from search_api import snippets
from search_api.snippets import make_snippet, windows_with

FILLER_RU = "Совет обсудил бюджет района и ремонт дорог на следующий год. "
FILLER_KK = "Аудан әкімдігі жол жөндеу мен мектеп салу жоспарын талқылады. "


def _terms(lang: str, query: str) -> dict[str, set[str]]:
    return {lang: {token.text for token in analyzer_for(lang)(query)}}


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snippets, "windows_with", lambda text, terms: None)


@pytest.mark.parametrize(("lang", "filler", "passage", "query", "marked"), [
    ("ru", FILLER_RU, "Кризисный центр принимает женщин, переживших бытовое насилие.",
     "бытового насилия", "<mark>насилие</mark>"),
    ("kk", FILLER_KK, "Дағдарыс орталығы тұрмыстық зорлық-зомбылық көрген әйелдерге көмектеседі.",
     "әйелдер құқығы", "<mark>әйелдерге</mark>"),
])
def test_a_word_deep_in_a_long_text_is_marked_as_when_read_whole(
        monkeypatch: pytest.MonkeyPatch, lang: str, filler: str, passage: str, query: str, marked: str) -> None:
    body = filler * 120 + passage + " " + filler * 200  # the match about 7,000 characters in
    terms = _terms(lang, query)
    spans = windows_with(body[:snippets.MAX_ANALYSED_CHARS], terms[lang])
    assert spans is not None and sum(end - start for start, end in spans) < len(body) / 3
    windowed = make_snippet(body, lang, terms)
    _whole(monkeypatch)
    assert windowed == make_snippet(body, lang, terms)
    assert marked in windowed


def test_a_long_text_where_no_word_start_is_seen_is_read_whole() -> None:
    body = FILLER_RU * 150 + "Люди вышли на площадь."  # "люди": its lemma "человек" is not in the text
    assert windows_with(body, {"человек"}) is None
    assert "<mark>Люди</mark>" in make_snippet(body, "ru", {"ru": {"человек"}})


def test_a_short_text_is_read_whole() -> None:
    assert windows_with(FILLER_RU * 3, {"бюджет"}) is None


def test_only_words_that_begin_like_a_query_term_are_read_by_morphology(monkeypatch: pytest.MonkeyPatch) -> None:
    """Morphology was most of a search's time, spent on words that cannot match: the snippet reads the words that
    begin like a term (Russian: their first two letters, and short words), marks what reading every word marks
    (inflected forms, a hyphenated word, a verb whose stem alternates) and cuts the same passage."""
    import analyzers.russian as russian

    text = ("Совет обсудил бюджет района и ремонт дорог, а жители северо-восточных сёл ввели новые правила. "
            "Кризисный центр принимает женщин, переживших бытовое насилие. Хор поёт, люди поют песни. ") * 3
    terms = _terms("ru", "насилия женщинам ввести петь")
    read: list[str] = []
    analyse = russian._analyse.__wrapped__

    def counted(word: str):
        read.append(word)
        return analyse(word)

    monkeypatch.setattr(russian, "_analyse", counted)
    probed = make_snippet(text, "ru", terms)
    words = len(text.split())
    assert 0 < len(read) < words / 2
    assert {"<mark>насилие</mark>", "<mark>женщин</mark>", "<mark>ввели</mark>", "<mark>поёт</mark>"} <= \
        {f"<mark>{word}</mark>" for word in probed.split("<mark>")[1:] for word in [word.split("</mark>")[0]]}
    monkeypatch.setattr(snippets, "_seen", lambda text, probes: False)  # every word read
    assert make_snippet(text, "ru", terms) == probed
