"""Other-language versions found by meaning (search_api/similar.py), measured on ntrex128-kk-ru-en:
123 news articles each in English, Russian and Kazakh; documents sharing ``parallel_id`` are one article.

Precision: of the links found, how many join two versions of one article. Recall: of the 738 true
directed links (each document to its two other versions), how many were found. Thresholds around the
chosen one are reported too, so the choice can be seen.

    python -m bench translations [--index DIR] [--thresholds 0.7,0.75,...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.common import SHARED_DATA, print_table, write_results
from indexer.build import build_index
from indexer.embed import embed_index
from search_api.engine import IndexHandle
from search_api.similar import TRANSLATION_COSINE, table_for, translations

CORPUS = SHARED_DATA / "ntrex128-kk-ru-en" / "corpus.jsonl"


def measure(index_dir: Path, thresholds: list[float]) -> list[dict]:
    handle = IndexHandle(index_dir)
    searcher, columns = handle.acquire()
    table = table_for(searcher, columns)
    article = _articles()
    truth = {(a, b) for a in table.ids for b in table.ids
             if a != b and a in article and article[a] == article.get(b)}
    rows = []
    for threshold in thresholds:
        started = time.perf_counter()
        found = {(doc, link["id"]) for doc in table.ids for link in translations(table, doc, threshold)}
        seconds = time.perf_counter() - started
        right = len(found & truth)
        rows.append({
            "threshold": threshold, "chosen": threshold == TRANSLATION_COSINE, "documents": len(table.ids),
            "true_links": len(truth), "found": len(found),
            "precision": right / len(found) if found else 0.0, "recall": right / len(truth) if truth else 0.0,
            "ms_per_document": 1000 * seconds / max(1, len(table.ids)),
        })
    return rows


def _articles() -> dict[str, str]:
    with open(CORPUS, encoding="utf-8") as handle:
        return {row["id"]: row["parallel_id"] for row in map(json.loads, handle)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench translations")
    parser.add_argument("--index", type=Path, help="an index of ntrex128-kk-ru-en (default: built afresh)")
    parser.add_argument("--thresholds", default="0.7,0.75,0.8,0.85,0.9")
    args = parser.parse_args(argv)
    thresholds = sorted({float(t) for t in args.thresholds.split(",")} | {TRANSLATION_COSINE})
    if not CORPUS.exists():
        raise SystemExit(f"shared data missing: {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="bench-translations-") as scratch:
        index_dir = args.index
        if index_dir is None:
            index_dir = Path(scratch) / "index"
            build_index([CORPUS], index_dir, progress=False)
            embed_index(index_dir)
        rows = measure(index_dir, thresholds)
    print_table(rows, ["threshold", "chosen", "documents", "true_links", "found", "precision", "recall",
                       "ms_per_document"])
    print(f"results: {write_results('translations', rows)}")
    return 0
