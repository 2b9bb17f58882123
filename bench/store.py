"""What the document store costs: the shared data (~25,000 documents) read into the store, the index
built from the store, an incremental run with nothing changed, and one document added as the HTTP
editing path does it (store, then index). Meaning is switched off (PEACESEARCH_SEMANTIC=0) so the
figures are the store's and the word index's, not the embedding model's.

``python -m bench store [--store postgresql://…]`` prints a table and writes bench/results/store.json.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.common import print_table, shared_corpus_paths, write_results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench store")
    parser.add_argument("--store", help="a postgresql:// URL (default: SQLite beside the index)")
    args = parser.parse_args(argv)
    os.environ["PEACESEARCH_SEMANTIC"] = "0"
    from docstore import DocumentStore
    from indexer.build import apply_documents, ingest, rebuild_from_store, update
    from indexer.document import Document
    from indexer.report import Report

    paths = shared_corpus_paths()
    rows: list[dict] = []
    kind = "postgresql" if args.store else "sqlite"
    with tempfile.TemporaryDirectory(prefix="bench-store-") as work:
        root = Path(work) / "index"
        store = DocumentStore(args.store or str(root / "documents.sqlite"))

        started = time.perf_counter()
        report = Report()
        ingest(paths, store, report)
        ingest_s = time.perf_counter() - started
        rows.append({"step": "files → store (read, check, store)", "store": kind, "documents": report.added,
                     "seconds": ingest_s, "docs/s": report.added / ingest_s})

        started = time.perf_counter()
        built = rebuild_from_store(root, store, progress=False)
        build_s = time.perf_counter() - started
        rows.append({"step": "store → index (enrich, analyse, write)", "store": kind, "documents": built.applied,
                     "seconds": build_s, "docs/s": built.applied / build_s})
        rows.append({"step": "store share of a full build", "store": kind, "documents": built.applied,
                     "seconds": ingest_s, "docs/s": ingest_s / (ingest_s + build_s)})

        started = time.perf_counter()
        again = update(paths, root, progress=False, store=store)
        rows.append({"step": "index run, nothing changed", "store": kind, "documents": again.unchanged,
                     "seconds": time.perf_counter() - started, "docs/s": again.unchanged / (time.perf_counter()
                                                                                           - started)})
        timings = []
        for number in range(5):
            doc = Document(id=f"bench-add-{number}", title="Women mediators meet in Osh",
                           body="Women mediators from Osh and Batken met to plan border dialogue. " * 5)
            started = time.perf_counter()
            apply_documents([doc], root, store=store)
            timings.append(time.perf_counter() - started)
        timings.sort()
        rows.append({"step": "add one document (store + index), median of 5", "store": kind, "documents": 1,
                     "seconds": timings[2], "docs/s": 1 / timings[2]})
        store.close()
    print_table(rows, ["step", "store", "documents", "seconds", "docs/s"])
    print("(the 'store share' row's last column is the fraction of a full build spent on the store)")
    write_results("store" if kind == "sqlite" else "store-postgresql", rows)
    return 0
