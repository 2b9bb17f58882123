"""A build by worker processes (``--jobs 2``) holds exactly what a one-process build holds: the same
stored documents in the same order, the same terms with the same counts in every field, the same
lengths, the same report, and the same answers with the same scores and facet counts, once the
workers' several segments are merged in the background (before that too: tests/test_merge.py). And
however the workers' turns interleave, each document is written once, in the store's order."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path

from whoosh import index as whoosh_index

from docstore import open_store
from indexer import merge, parallel
from indexer.document import Document
from indexer.parallel import PARALLEL_FROM
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import parse_request

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
    # searchable at once on the workers' segments, merged into one by a background process (indexer/merge.py)
    assert not one["merge"] and "merges them into one in the background" in two["merge"]
    assert merge.wait_for_merge(tmp_path / "two" / "ix", timeout=300)
    assert ": merged; serving gen-" in (tmp_path / "two" / "ix" / merge.LOG).read_text(encoding="utf-8")
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
    assert _segments(tmp_path / "one" / "ix") == 1 and _segments(tmp_path / "two" / "ix") == 1  # merged
    for params in ({"q": ["mediators"]}, {"q": ["медиаторы"], "sort": ["date:desc"]}, {"q": ["ауылдары"]},
                   {"q": ["school dialogue"], "match": ["any"], "limit": ["50"]}, {"sort": ["date:asc"]},
                   {"q": ["советы"], "lang": ["ru"], "date_from": ["2010"]}):
        answer_one, answer_two = _answer(tmp_path / "one" / "ix", params), _answer(tmp_path / "two" / "ix", params)
        assert answer_one[0] > 0, params
        assert answer_one == answer_two, params


def _segments(index: Path) -> int:
    return len(whoosh_index.open_dir(str(index / "current"))._segments())


def _answer(index: Path, params: dict[str, list[str]]) -> tuple:
    """What a reader sees: the total, the hits (id and score) in order, every facet's counts."""
    engine = SearchEngine(IndexHandle(index))
    try:
        result = engine.search(parse_request({"facets": ["country,theme,lang,year"], **params}))
    finally:
        engine.handle.close()
    hits = [(hit["id"], None if hit["score"] is None else round(hit["score"], 9)) for hit in result.hits]
    facets = {name: [(item["value"], item["count"]) for item in items] for name, items in result.facets.items()}
    return result.total, hits, facets


def test_every_block_is_written_once_in_the_stores_order_however_workers_interleave():
    """Workers of different speeds, their turns interleaved at random: the slices (segments) they write,
    put in order of their first block, hold every block once, in order; faster workers take over part
    of slower ones' slices, and no worker writes more than ``SEGMENTS_PER_WORKER`` segments."""
    lengths = [(f"doc-{n:05d}", 40 + (n * 7919) % 3000) for n in range(9000)]
    stole = False
    for seed in range(20):
        pace = random.Random(seed)
        workers = pace.choice((2, 3, 4))
        plan = parallel.Plan.of(lengths, workers)
        assert len(plan.slices) == workers and plan.slices[0][0] == 0 and plan.slices[-1][1] == plan.blocks
        parallel._share(*parallel.schedule(multiprocessing.get_context("spawn"), plan))
        speeds = [pace.uniform(0.2, 1.0) for _ in range(workers)]
        running = {number: _worker(number) for number in range(workers)}
        slices: dict[int, list[int]] = {}
        per_worker = {number: set() for number in range(workers)}
        while running:
            number = pace.choices(list(running), [speeds[n] for n in running])[0]
            step = next(running[number], None)
            if step is None:
                del running[number]
                continue
            slices.setdefault(step[0], []).append(step[1])
            per_worker[number].add(step[0])
        written = [block for _, blocks in sorted(slices.items(), key=lambda item: item[1][0]) for block in blocks]
        assert written == list(range(plan.blocks)), seed
        assert all(len(names) <= parallel.SEGMENTS_PER_WORKER for names in per_worker.values())
        stole = stole or len(slices) > workers
    assert stole


def _worker(number: int):
    """One worker's turns, as ``write_slices`` takes them: (slice, block) for each block it writes."""
    for name in parallel._slices_of(number):
        for block in parallel._blocks_of(name):
            yield name, block


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


def test_the_blocks_of_a_plan_read_every_live_document_of_the_store_once(tmp_path):
    """Workers read their blocks from the store by id range: together, every live document once, in order."""
    store = open_store(tmp_path)
    try:
        for number in range(300):
            store.put(Document(id=f"d{number:03d}", title=f"Title {number}", body="word " * (number % 50)),
                      "cli", "test")
        for number in range(0, 300, 7):
            store.delete(f"d{number:03d}", "cli", "test")
        plan = parallel.Plan.of(store.live_sizes(), 3)
        read = [stored.id for block in range(plan.blocks)
                for stored in store.live(after=plan.bounds[block] or "", upto=plan.bounds[block + 1])]
        assert read == [stored.id for stored in store.live()]
        assert len(read) == 300 - len(range(0, 300, 7)) and plan.blocks > 3 and len(plan.slices) == 3
    finally:
        store.close()
