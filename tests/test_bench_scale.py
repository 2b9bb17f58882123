"""``python -m bench scale`` at its smallest: it builds, searches, serves and runs the peers, then prints
its table and writes its results (CI runs only this size)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parent.parent


def test_scale_bench_runs_and_writes_its_table(tmp_path):
    shared_path("kazqad-kk", "corpus.jsonl")
    out = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "scale", "--sizes", "200", "--queries", "3", "--seconds", "0.5",
         "--workers", "1", "--jobs", "1", "--max-minutes", "20", "--out", str(out)],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    rows = result["rows"]
    assert [row["documents"] for row in rows] == [200]
    for row in rows:
        assert row["build_s"] > 0 and row["index_mb"] > 0 and row["build_rss_mb"] > 0 and row["search_rss_mb"] > 0
        for kind in ("plain", "facets4", "filtered", "browse", "any", "default"):
            assert 0 < row[f"{kind}_p50"] <= row[f"{kind}_p95"], kind
        assert row["http1_rps"] > 0 and row["http32_rps"] > 0 and "http32_errors" not in row
        assert row["tantivy_any_p50"] > 0 and row["fts5_any_p50"] > 0
    assert "documents" in done.stdout and "plain_p95" in done.stdout and "tantivy_any_p95" in done.stdout
    assert "growth per 10× documents: needs two measured sizes" in done.stdout


def test_sizes_that_do_not_fit_are_skipped_with_a_message(tmp_path):
    shared_path("kazqad-kk", "corpus.jsonl")
    out = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "scale", "--sizes", "100000000", "--max-minutes", "1", "--out", str(out)],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "skipping 100,000,000 documents" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["rows"] == []
