"""Language detection on the corpus and on the shared labelled set (Kazakh in both scripts)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from analyzers import detect_language
from analyzers.detect import detect_with_langdetect
from indexer.sources import collect_files, read_file
from tests.conftest import CORPUS, shared_path


def test_every_corpus_document_is_detected_as_its_editor_says():
    files, _ = collect_files([CORPUS])
    checked = 0
    for path in files:
        for doc in read_file(path):
            if doc.lang:
                assert detect_language(f"{doc.title}\n{doc.body}") == doc.lang, doc.id
                checked += 1
    assert checked >= 30


@pytest.mark.parametrize(("text", "lang"), [
    ("Жастар саясаты және бейбітшілік", "kk"),
    ("Qazaqstanda äielder qūqyqtary qorğalady", "kk"),
    ("Права женщин в Центральной Азии", "ru"),
    ("Women, peace and security in Central Asia", "en"),
    ("Жаштар саясаты жана тынчтык үчүн күрөш", "other"),  # Kyrgyz
    ("Права жінок і мир у Центральній Азії", "other"),  # Ukrainian
    # more Latin letters than Cyrillic, but the lower-case words, where the language lives, are Russian
    ("Она выступала с группами Sonic Youth, Pink Floyd Experience и The Velvet Underground.", "ru"),
    ("", "other"),
])
def test_examples(text, lang):
    assert detect_language(text) == lang


# A Russian paragraph saved with the site's addresses and markup around it: those are written in no language.
PAGE = ('Учителя Баткена\n'
        'http://www.valley-news.example http://www.valley-news.example/banners/logo.gif '
        'http://www.valley-news.example/news.php?id=26810 <p><div class="imagePreviewHolder"><img '
        'src="http://news.valley-news.example/photos/2017/09/teachers.jpg" alt="" class="imagePreview" width=330>'
        '<div class="imagePreviewText">Учителя Баткена</div></div> Сорок учителей из сёл Баткена встретились во '
        'вторник и договорились о <strong>уроках мира</strong> для всех школ района. '
        'Пишите нам: editor@valley-news.example')


def test_addresses_and_markup_a_crawler_kept_do_not_outvote_the_text():
    assert detect_language(PAGE) == "ru"


def _accuracy_by_cell():
    rows = [json.loads(line) for line in Path(shared_path("langid-eval", "langid.jsonl")).open(encoding="utf-8")]
    hits, totals = Counter(), Counter()
    for row in rows:
        if row["bucket"] != "paragraph" or row["lang"] == "other" or "also" in row:
            continue
        cell = (row["lang"], row["script"])
        totals[cell] += 1
        hits[cell] += detect_language(row["text"]) == row["lang"]
    return {cell: hits[cell] / totals[cell] for cell in totals}


def test_paragraphs_of_the_shared_set_are_detected():
    accuracy = _accuracy_by_cell()
    assert set(accuracy) == {("en", "Latn"), ("ru", "Cyrl"), ("kk", "Cyrl"), ("kk", "Latn")}
    for cell, value in accuracy.items():
        assert value >= 0.93, (cell, value)


def test_shared_corpora_documents_are_detected():
    for folder in ("ntrex128-kk-ru-en", "xquad-ru-en"):
        with open(shared_path(folder, "corpus.jsonl"), encoding="utf-8") as handle:
            docs = [json.loads(line) for line in handle]
        right = sum(detect_language(f"{d['title']}\n{d['body']}") == d["lang"] for d in docs)
        assert right / len(docs) >= 0.99, folder


def test_langdetect_stays_selectable_and_has_no_kazakh():
    assert detect_with_langdetect("Peace talks between the two countries resumed on Monday.") == "en"
    assert detect_with_langdetect("Қазақстанда бейбітшілік пен келісім сақталады.") != "kk"
