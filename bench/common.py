"""What every benchmark shares: the shared-data collections, result files, tables."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("PEACESEARCH_SHARED", ROOT.parent / "shared" / "data"))
RESULTS = Path(__file__).resolve().parent / "results"
# Document vectors (indexer/vectors.py) are kept for every collection in one cache: embedding is the
# slow part of a build, and the collections share documents, so later runs embed nothing again.
os.environ.setdefault("PEACESEARCH_VECTOR_CACHE", str(Path(__file__).resolve().parent / ".cache" / "vectors.sqlite"))
SHARED_CORPUS_FILES = (
    "ntrex128-kk-ru-en/corpus.jsonl",
    "xquad-ru-en/corpus.jsonl",
    "kazqad-kk/corpus.jsonl",
    "nerel-ru-wikinews/corpus.jsonl",
    "kaznerd-kk-news-sentences/corpus.jsonl.gz",
    "seeds",
)


def shared_corpus_paths() -> list[Path]:
    paths = [SHARED_DATA / name for name in SHARED_CORPUS_FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SystemExit(f"shared data missing: {', '.join(missing)}")
    return paths


def load_queries(folder: str, lang: str | None = None) -> list[dict]:
    with open(SHARED_DATA / folder / "queries.jsonl", encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle]
    return [q for q in queries if lang is None or q["lang"] == lang]


def write_results(name: str, rows: list[dict]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def print_table(rows: list[dict], columns: list[str]) -> None:
    widths = {c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(_fmt(row.get(c)).ljust(widths[c]) for c in columns))


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)
