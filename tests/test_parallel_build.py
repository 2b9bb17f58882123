"""A build by worker processes (``--jobs 2``) holds exactly what a one-process build holds: the same
stored documents in the same order, the same terms with the same counts in every field, the same
lengths, and the same report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.parallel import PARALLEL_FROM

ROOT = Path(__file__).resolve().parent.parent

# Short texts written for this test; combined into many distinct documents below.
SUBJECTS = {
    "en": ["Women mediators", "Youth councils", "Border villages", "Water committees", "Local elders"],
    "ru": ["Женщины-медиаторы", "Молодёжные советы", "Пограничные сёла", "Водные комитеты", "Местные старейшины"],
    "kk": ["Әйел медиаторлар", "Жастар кеңестері", "Шекара ауылдары", "Су комитеттері", "Жергілікті ақсақалдар"],
}
ACTIONS = {
    "en": ["met in Osh to settle a dispute over irrigation", "trained neighbours in dialogue",
           "opened a shared school in Batken", "agreed on grazing rules after talks in Almaty"],
    "ru": ["встретились в Оше, чтобы уладить спор об орошении", "обучили соседей диалогу",
           "открыли общую школу в Баткене", "договорились о пастбищах после переговоров в Алматы"],
    "kk": ["суару туралы дауды шешу үшін Ошта кездесті", "көршілерді диалогқа үйретті",
           "Баткенде ортақ мектеп ашты", "Алматыдағы келіссөздерден кейін жайылым ережелерін келісті"],
}


def _write_documents(path: Path, count: int) -> None:
    """``count`` distinct short documents in three languages, some dated."""
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            lang = ("en", "ru", "kk")[number % 3]
            subject = SUBJECTS[lang][number // 3 % 5]
            action = ACTIONS[lang][number // 15 % 4]
            record = {"id": f"doc-{number:05d}", "lang": lang, "title": f"{subject} {number}",
                      "body": f"{subject} {action}. {number} {ACTIONS[lang][number % 4]}."}
            if number % 7 == 0:
                record["date"] = f"{2005 + number % 19}-{1 + number % 12:02d}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _build(source: Path, index: Path, jobs: int) -> dict:
    """``peacesearch index SOURCE --jobs N`` in its own process, as a user runs it; returns its report."""
    report = index.parent / f"report-{jobs}.json"
    env = dict(os.environ, PEACESEARCH_SEMANTIC="0")
    done = subprocess.run([sys.executable, "-m", "search_api.cli", "index", str(source), "--index", str(index),
                           "--jobs", str(jobs), "--quiet", "--report", str(report)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(report.read_text(encoding="utf-8"))


def _contents(index: Path) -> tuple[list[dict], dict[str, list[tuple[str, int, float]]], dict[str, int], list]:
    """Stored fields in document order; per indexed field each term with its document count and
    frequency; total field lengths; each document's length in each text field."""
    reader = whoosh_index.open_dir(str(index / "current")).reader()
    try:
        stored = list(reader.all_stored_fields())
        terms, lengths = {}, {}
        for name in reader.indexed_field_names():
            terms[name] = [(text, reader.doc_frequency(name, text), reader.frequency(name, text))
                           for text in reader.lexicon(name)]
            lengths[name] = reader.field_length(name)
        per_doc = [[reader.doc_field_length(doc, name) for name in sorted(lengths)]
                   for doc in range(reader.doc_count_all())]
        return stored, terms, lengths, per_doc
    finally:
        reader.close()


def test_two_workers_build_what_one_process_builds(tmp_path):
    source = tmp_path / "docs.jsonl"
    _write_documents(source, PARALLEL_FROM + 400)
    one = _build(source, tmp_path / "one" / "ix", jobs=1)
    two = _build(source, tmp_path / "two" / "ix", jobs=2)
    assert one["workers"] == 1 and two["workers"] == 2
    assert one["index_size"] == two["index_size"] == PARALLEL_FROM + 400
    for key in ("languages", "warnings", "missing_metadata", "weak_metadata", "skipped"):
        assert one[key] == two[key], key
    stored_one, terms_one, lengths_one, per_doc_one = _contents(tmp_path / "one" / "ix")
    stored_two, terms_two, lengths_two, per_doc_two = _contents(tmp_path / "two" / "ix")
    assert [doc["id"] for doc in stored_one] == [doc["id"] for doc in stored_two]  # same document numbers
    assert stored_one == stored_two
    assert terms_one.keys() == terms_two.keys()
    for name in terms_one:
        assert terms_one[name] == terms_two[name], name
    assert terms_one["text_ru"] and terms_one["text_kk"] and terms_one["date_start"]
    assert lengths_one == lengths_two
    assert per_doc_one == per_doc_two


def test_jobs_must_be_a_positive_number(tmp_path, capsys):
    from search_api.cli import main

    for bad in ("0", "-2", "many"):
        try:
            main(["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--jobs", bad])
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError(f"--jobs {bad} was accepted")
        assert "--jobs" in capsys.readouterr().err
