"""Shared fixtures: indexes built by the real indexer, and a Falcon TestClient over them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from falcon import testing

from indexer.build import build_index
from indexer.embed import embed_index
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.engine import IndexHandle, SearchEngine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_DATA = Path(os.environ.get("PEACESEARCH_SHARED", ROOT.parent / "shared" / "data"))
# One vector cache for every run (servers started by tests inherit it): the corpus is embedded once, not
# once per index a test builds nor once per run (vectors are keyed by model and text, so a kept cache is
# never stale). Tests that count what is embedded use a cache of their own.
_VECTOR_CACHE = ROOT / ".pytest_cache" / "peacesearch-vectors.sqlite"
os.environ.setdefault("PEACESEARCH_VECTOR_CACHE", str(_VECTOR_CACHE))


def write_jsonl(path: Path, records: Iterable[dict]) -> Path:
    """Documents as a JSON Lines file, the way an editor's export reads (one object a line, UTF-8)."""
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def shared_path(*parts: str) -> Path:
    """A path in ../shared/data; skips the test when it is absent (fails in CI, where it is required)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"shared data not found at {path} (clone with ../shared beside the repository)"
        if os.environ.get("PEACESEARCH_REQUIRE_SHARED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus-index")
    build_index([CORPUS], root, progress=False)
    embed_index(root)  # the vectors a server's background job would add (indexer/embed.py)
    return root


@pytest.fixture(scope="session")
def engine(corpus_index) -> SearchEngine:
    return SearchEngine(IndexHandle(corpus_index))


@pytest.fixture(scope="session")
def client(corpus_index) -> testing.TestClient:
    return testing.TestClient(create_app(AppConfig(index_dir=corpus_index)))
