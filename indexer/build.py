"""Builds an index from files: read → enrich → write into a new generation → switch.

The serving index is never touched until the new one is complete and committed.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from indexer.document import Document, Skipped
from indexer.enrich import enrich
from indexer.extract.dates import parse_iso
from indexer.report import Report
from indexer.schema import build_schema, text_field
from indexer.sources import collect_files, read_file
from indexer.store import IndexStore

MAX_DOCUMENT_CHARS = 2_000_000
WRITER_MEMORY_MB = 256


class IndexingError(Exception):
    """A fatal problem: nothing could be indexed, or the index could not be written."""


def build_index(paths: Iterable[str | Path], root: str | Path, progress: bool = True) -> Report:
    """Indexes every document under ``paths`` into a fresh generation of ``root`` and switches to it."""
    started = time.perf_counter()
    store = IndexStore(root)
    report = Report()
    files, skipped = collect_files(paths)
    for item in skipped:
        report.skip(item.origin, item.reason)
    if not files:
        raise IndexingError("no readable documents: give .md, .txt, .html, .jsonl or .jsonl.gz files or folders")
    generation = store.new_generation()
    ix = whoosh_index.create_in(str(generation), build_schema())
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    seen: dict[str, str] = {}
    languages: Counter[str] = Counter()
    bar = tqdm(total=_estimate(files), unit="doc", disable=not progress, file=sys.stderr,
               desc="indexing", dynamic_ncols=True)
    try:
        for path in files:
            for item in read_file(path):
                bar.update(1)
                if isinstance(item, Skipped):
                    report.skip(item.origin, item.reason)
                    continue
                problem = _problem(item, seen)
                if problem:
                    report.skip(item.origin, problem)
                    continue
                seen[item.id] = item.origin
                result = enrich(item)
                for warning in result.warnings:
                    report.warnings.append({"origin": item.origin, "id": item.id, "warning": warning})
                if result.missing:
                    report.missing_metadata.append(
                        {"id": item.id, "origin": item.origin, "missing": result.missing}
                    )
                writer.add_document(**index_fields(item))
                languages[item.lang or "other"] += 1
        bar.close()
        if not seen:
            writer.cancel()
            raise IndexingError("nothing was indexed: every document was skipped")
        writer.commit()
    except BaseException:
        bar.close()
        if not writer.is_closed:
            writer.cancel()
        store.remove_generation(generation)
        raise
    store.switch_to(generation)
    report.indexed = len(seen)
    report.languages = dict(languages)
    report.index = str(generation)
    report.seconds = time.perf_counter() - started
    return report


def _problem(doc: Document, seen: dict[str, str]) -> str | None:
    if not doc.id:
        return "missing id"
    if doc.id in seen:
        return f"duplicate id {doc.id!r} (first seen in {seen[doc.id]}); this one not indexed"
    if len(doc.body) + len(doc.title) > MAX_DOCUMENT_CHARS:
        return f"document too large: {len(doc.body):,} characters (limit {MAX_DOCUMENT_CHARS:,})"
    if not (doc.title.strip() or doc.body.strip()):
        return "empty document"
    return None


def index_fields(doc: Document) -> dict[str, object]:
    """The Whoosh fields of an enriched document."""
    fields: dict[str, object] = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "lang": doc.lang or "other",
        "countries": ",".join(doc.countries),
        "themes": ",".join(doc.themes),
        "date": doc.date,
        "source": doc.source,
        "url": doc.url,
        "origin": doc.origin,
        "content_hash": content_hash(doc),
        text_field(doc.lang or "other"): f"{doc.title}\n{doc.body}",
    }
    if doc.date:
        parsed = parse_iso(doc.date)
        fields["date_start"] = parsed.first_day().strftime("%Y%m%d")
        fields["date_end"] = parsed.last_day().strftime("%Y%m%d")
    return fields


def content_hash(doc: Document) -> str:
    """A hash of what the editor wrote, to tell changed documents from unchanged ones."""
    parts = [doc.id, doc.title, doc.body, doc.lang or "", doc.date or "", ",".join(doc.countries),
             ",".join(doc.themes), doc.source, doc.url]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _estimate(files: list[Path]) -> int:
    """Expected number of documents, for the progress bar (one per line in JSON Lines files)."""
    total = 0
    for path in files:
        name = path.name.lower()
        if name.endswith(".jsonl"):
            with open(path, "rb") as handle:
                total += sum(1 for _ in handle)
        elif name.endswith(".jsonl.gz"):
            with gzip.open(path, "rb") as handle:
                total += sum(1 for _ in handle)
        else:
            total += 1
    return total
