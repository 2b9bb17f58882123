"""Labelled real pages, their re-created texts, and the one split of each set.

Two sets, read alike (``PageSet``):

* ``pages-dev`` (../shared/data/pages-dev): 441 pages and 45 reader queries, labelled by the team lead;
  parts ``train``, ``dev``, ``test``.
* ``pages-fresh`` (``bench/data/pages-fresh``): pages of the same stored collection, found by 48 other
  queries and labelled by this project after the extractor was built, to say whether what was tuned on
  pages-dev holds on pages nobody looked at while tuning (its README says how they were chosen and labelled);
  parts ``train`` and ``test``, split the same way with ``FRESH_TRAIN_BELOW``.

The split is made once, by ``found_by_query``, so that pages found by the same query (often the same site
and subject) never sit on both sides: ``part_of`` hashes the query string (SHA-256 of its UTF-8 bytes, the
first 8 hex digits as a number, modulo 100): below 60 is ``train``, below 80 ``dev``, the rest ``test``.
Rules and models are tuned on train and dev; test is only measured, and reported last.

The texts are not stored with the labels (their README): they are re-created into ``bench/.cache/pages-dev``
(or ``$PEACESEARCH_PAGES_DEV``) as ``<id>.txt``; a label whose text is absent is left out of scoring.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import SHARED_DATA
from indexer.document import Document
from indexer.sources import read_file

LABELS = SHARED_DATA / "pages-dev" / "labels.jsonl"
TEXTS = Path(os.environ.get("PEACESEARCH_PAGES_DEV", Path(__file__).resolve().parent / ".cache" / "pages-dev"))
PARTS = ("train", "dev", "test")
TRAIN_BELOW, DEV_BELOW = 60, 80  # hash buckets 0-59 train, 60-79 dev, 80-99 test
FRESH_LABELS = Path(__file__).resolve().parent / "data" / "pages-fresh" / "labels.jsonl"
FRESH_TEXTS = Path(os.environ.get("PEACESEARCH_PAGES_FRESH",
                                  Path(__file__).resolve().parent / ".cache" / "pages-fresh"))
FRESH_PARTS = ("train", "test")
FRESH_TRAIN_BELOW = 50  # hash buckets 0-49 train, 50-99 test


def _bucket(query: str) -> int:
    return int(hashlib.sha256(query.encode("utf-8")).hexdigest()[:8], 16) % 100


def part_of(query: str) -> str:
    """The part (train, dev or test) of every page found by this query: stable across runs and machines."""
    bucket = _bucket(query)
    return "train" if bucket < TRAIN_BELOW else "dev" if bucket < DEV_BELOW else "test"


def fresh_part_of(query: str) -> str:
    """The part (train or test) of a pages-fresh page found by this query."""
    return "train" if _bucket(query) < FRESH_TRAIN_BELOW else "test"


@dataclass(frozen=True)
class PageSet:
    """A labelled set: where its labels and re-created texts are, its parts (held-out last) and its split."""

    name: str
    labels: Path
    texts: Path
    parts: tuple[str, ...]
    split: Callable[[str], str]


PAGES_DEV = PageSet("pages-dev", LABELS, TEXTS, PARTS, part_of)
PAGES_FRESH = PageSet("pages-fresh", FRESH_LABELS, FRESH_TEXTS, FRESH_PARTS, fresh_part_of)


@dataclass
class Page:
    """One labelled page: its label (the JSON object of labels.jsonl), its part, and where its text is."""

    id: str
    part: str
    label: dict
    path: Path
    dataset: str = "pages-dev"

    @property
    def has_text(self) -> bool:
        return self.path.is_file()

    def document(self) -> Document:
        """The page as ``peacesearch index`` reads a raw .txt file: no editor metadata, truth hidden."""
        doc = next(iter(read_file(self.path)))
        if not isinstance(doc, Document):
            raise ValueError(f"{self.path}: {doc.reason}")
        return doc


def load_labels(path: Path = LABELS) -> list[dict]:
    """Every label of pages-dev, in file order (empty when the shared data is absent)."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_pages(parts: tuple[str, ...] | None = None, texts: Path | None = None, with_text: bool = True,
               pageset: PageSet = PAGES_DEV) -> list[Page]:
    """The labelled pages of the given parts of a set (all its parts by default); only those whose text was
    re-created unless ``with_text`` is False."""
    parts = pageset.parts if parts is None else parts
    folder = pageset.texts if texts is None else texts
    pages = [Page(label["id"], pageset.split(label["found_by_query"]), label, folder / f"{label['id']}.txt",
                  pageset.name)
             for label in load_labels(pageset.labels)]
    return [p for p in pages if p.part in parts and (p.has_text or not with_text)]


def texts_ready(texts: Path = TEXTS) -> bool:
    """Whether the texts were re-created (the re-creating script writes ``_DONE`` when it has finished)."""
    return (texts / "_DONE").exists()


def queries_missing(queries: Path) -> str | None:
    """Why the reader-query benches cannot run here (their queries or the re-created texts are absent), or None."""
    if not queries.exists():
        return f"pages-dev queries not found at {queries}: nothing measured"
    if not texts_ready() or not load_pages():
        return (f"pages-dev texts are absent from {TEXTS}: re-create them as ../shared/data/pages-dev/README.md "
                "says (they are never committed); nothing measured")
    return None
