"""Index build time and in-process search latency on the whole of ../shared/data (~25,000 docs).

Kinds: ``build`` (seconds for the full index), ``incremental-1`` (``peacesearch index`` again with one
document changed: every file re-read and hashed, one document rewritten), ``add-1`` (``peacesearch add``
of one document), ``embed`` (``peacesearch embed`` after the build: the vectors come from the shared
cache bench/.cache/vectors.sqlite, so this is the cost of storing them, not of the model), ``plain``
(2-word reader queries, ``match=all``, no facets), ``question`` (judged questions, ``match=any``),
``filtered`` (``match=all``, country + date range), ``facets4`` (plain queries with country, theme, lang
and year facets), ``browse4`` (no query, four facets), ``default`` / ``default-facets4`` /
``default-question`` (the readers' default search on the 2-word queries, with the four facets, and on the
judged questions: each query embedded once, as a new query is, the nearest documents by meaning fused
with the word matches), and ``analyze-<lang>`` (words/s of each language chain over shared text, first
pass cold, then again with caches warm).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analyzers import analyzer_for
from bench.common import SHARED_DATA, load_queries, print_table, shared_corpus_paths, write_results
from indexer.build import apply_documents, build_index, update
from indexer.embed import embed_index
from indexer.merge import wait_for_merge
from indexer.sources import read_file
from search_api import query_vectors
from search_api.engine import IndexHandle, SearchEngine
from search_api.query import words_of
from search_api.request import SearchRequest, parse_request

FOUR_FACETS = ("country", "theme", "lang", "year")


def _query_texts(limit: int) -> tuple[list[str], list[str]]:
    questions = []
    for folder, lang in (("xquad-ru-en", "ru"), ("xquad-ru-en", "en"), ("kazqad-kk", "kk")):
        questions += [q["query"] for q in load_queries(folder, lang)[:limit]]
    short = []
    for question in questions:
        words = [w for w in words_of(question) if len(w) > 3]
        if len(words) >= 2:
            short.append(" ".join(words[-2:]))
    return short, questions


def _time(engine: SearchEngine, requests: list[SearchRequest]) -> tuple[float, float]:
    for request in requests[:20]:
        engine.search(request)  # warm caches as a running server would be
    query_vectors.forget()  # every query measured embeds anew, as a reader's new query does
    times = []
    for request in requests:
        started = time.perf_counter()
        engine.search(request)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench speed", description=__doc__)
    parser.add_argument("--queries", type=int, default=150, help="questions per language")
    args = parser.parse_args(argv)
    rows = _analyzer_rows()  # first, while the lemma caches are cold
    with tempfile.TemporaryDirectory() as workdir:
        root = Path(workdir) / "index"
        paths = _editable_copy(Path(workdir))
        started = time.perf_counter()
        report = build_index(paths, root, progress=False)
        build_seconds = time.perf_counter() - started
        rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": "build",
                     "documents": report.indexed, "seconds": round(build_seconds, 1),
                     "docs_per_s": round(report.indexed / build_seconds),
                     "vectors": report.vectors})  # "0 computed" when bench/.cache already holds them
        started = time.perf_counter()
        if report.merge and wait_for_merge(root):  # merged in the background: searches measure one segment
            rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": "merge",
                         "documents": report.indexed, "seconds": round(time.perf_counter() - started, 1)})
        rows += _edit_rows(paths, root)
        rows.append(_embed_row(root))
        engine = SearchEngine(IndexHandle(root))
        short, questions = _query_texts(args.queries)
        kinds = {
            "plain": [SearchRequest(q=q, match="all", facets=()) for q in short],
            "question": [SearchRequest(q=q, match="any", facets=()) for q in questions],
            "filtered": [parse_request({"q": [q], "match": ["all"], "country": ["KZ", "RU"], "date_from": ["2010"],
                                        "date_to": ["2026"], "facets": [""]}) for q in short],
            "facets4": [SearchRequest(q=q, match="all", facets=FOUR_FACETS) for q in short],
            "browse4": [SearchRequest(facets=FOUR_FACETS, offset=i % 50) for i in range(100)],
            "default": [SearchRequest(q=q, facets=()) for q in short],
            "default-facets4": [SearchRequest(q=q, facets=FOUR_FACETS) for q in short],
            "default-question": [SearchRequest(q=q, facets=()) for q in questions],
        }
        for kind, requests in kinds.items():
            p50, p95 = _time(engine, requests)
            rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": kind,
                         "queries": len(requests), "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)})
        engine.handle.close()
    print_table(rows, ["dataset", "engine", "kind", "documents", "seconds", "vectors", "queries", "p50_ms",
                       "p95_ms", "words_per_s"])
    print(f"written to {write_results('speed', rows)}")
    return 0


def _embed_row(root: Path) -> dict:
    """``peacesearch embed`` over the built index: what the default search needs before it is measured."""
    report = embed_index(root)
    return {"dataset": "shared-all", "engine": "peacesearch", "kind": "embed", "documents": report.with_vector,
            "seconds": round(report.seconds, 1),
            "vectors": f"{report.embedded} computed, {report.from_cache} from the cache"}


def _editable_copy(workdir: Path) -> list[Path]:
    """The shared files, the (small) NTREX English one copied so that a document in it can change."""
    paths = []
    for path in shared_corpus_paths():
        if path.is_file() and path.name == "corpus.jsonl" and "ntrex" in str(path):
            copy = workdir / "ntrex-copy.jsonl"
            shutil.copyfile(path, copy)
            path = copy
        paths.append(path)
    return paths


def _edit_rows(paths: list[Path], root: Path) -> list[dict]:
    """Seconds for an incremental run with one changed document, and for adding one document."""
    copy = next(p for p in paths if p.name == "ntrex-copy.jsonl")
    lines = copy.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["body"] += "\nCorrected by an editor."
    copy.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = update(paths, root, progress=False)
    rows = [{"dataset": "shared-all", "engine": "peacesearch", "kind": "incremental-1",
             "documents": report.updated, "seconds": round(time.perf_counter() - started, 2)}]
    single = copy.parent / "one.md"
    single.write_text("---\nid: bench-added\ntitle: Added by an editor\nlang: en\n---\nPeace in Osh.\n", "utf-8")
    started = time.perf_counter()
    report = apply_documents(read_file(single), root)
    rows.append({"dataset": "shared-all", "engine": "peacesearch", "kind": "add-1",
                 "documents": report.added, "seconds": round(time.perf_counter() - started, 2)})
    return rows


def _analyzer_rows() -> list[dict]:
    """Words per second of each language chain on shared text: cold (first pass), then warm."""
    samples = {"en": ("xquad-ru-en", "en"), "ru": ("nerel-ru-wikinews", "ru"), "kk": ("kazqad-kk", "kk")}
    rows = []
    for lang, (folder, doc_lang) in samples.items():
        text = " ".join(_bodies(SHARED_DATA / folder, doc_lang, limit=300))
        analyzer = analyzer_for(lang)
        for kind in ("cold", "warm"):
            started = time.perf_counter()
            words = sum(1 for _ in analyzer(text))
            seconds = time.perf_counter() - started
            rows.append({"dataset": folder, "engine": "peacesearch", "kind": f"analyze-{lang}-{kind}",
                         "documents": 300, "words_per_s": round(words / seconds)})
    return rows


def _bodies(folder: Path, lang: str, limit: int) -> list[str]:
    path = next(p for p in sorted(folder.glob("corpus.jsonl*")))
    opener = gzip.open if path.suffix == ".gz" else open
    bodies = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("lang") == lang:
                bodies.append(record["body"])
            if len(bodies) >= limit:
                break
    return bodies
