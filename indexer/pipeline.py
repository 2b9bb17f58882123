"""The path every document takes before it is written: read, checked, enriched, turned into fields.

Shared by the full rebuild, the incremental update and the HTTP editing endpoints, so a document
is indexed the same way whichever door it came in by.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqdm import tqdm

from analyzers.chains import WORD_START_LANGUAGES
from analyzers.kazakh_arabic import to_cyrillic
from analyzers.sections import language_sections
from indexer.document import Document, Skipped
from indexer.duplicates import KEY_FIELD, duplicate_key
from indexer.enrich import enrich, rules_fingerprint
from indexer.extract.dates import parse_iso
from indexer.report import Report
from indexer.schema import text_field, word_start_field
from indexer.sources import collect_files, read_file
from indexer.vectors import VectorCache

MAX_DOCUMENT_CHARS = 2_000_000


def read_documents(paths: Iterable[str | Path], report: Report, progress: bool) -> Iterator[Document]:
    """Every document under ``paths``; unreadable items go to the report, never stop the run."""
    files, skipped = collect_files(paths)
    for item in skipped:
        report.skip(item.origin, item.reason)
    report.files = [str(path) for path in files]
    bar = tqdm(total=_estimate(files), unit="doc", disable=not progress, file=sys.stderr,
               desc="indexing", dynamic_ncols=True)
    try:
        for path in files:
            for item in read_file(path):
                bar.update(1)
                if isinstance(item, Skipped):
                    report.skip(item.origin, item.reason)
                else:
                    yield item
    finally:
        bar.close()


def check(doc: Document, seen: dict[str, str]) -> str | None:
    """Why a document cannot be indexed in this batch, or None."""
    if not doc.id:
        return "missing id"
    if doc.id in seen:
        return f"duplicate id {doc.id!r} (first seen in {seen[doc.id]}); this one not indexed"
    if len(doc.body) + len(doc.title) > MAX_DOCUMENT_CHARS:
        return f"document too large: {len(doc.body):,} characters (limit {MAX_DOCUMENT_CHARS:,})"
    if not (doc.title.strip() or doc.body.strip()):
        return "empty document"
    return None


def content_hash(doc: Document) -> str:
    """A hash of what the editor wrote (before enrichment) and of the rules that enrich it, to tell
    changed documents from unchanged."""
    parts = [doc.id, doc.title, doc.body, doc.lang or "", doc.date or "", doc.html_date or "",
             ",".join(doc.countries), ",".join(doc.themes), doc.source, doc.url, doc.origin, rules_fingerprint(),
             ",".join(doc.translation_of)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def prepare(doc: Document, report: Report, digest: str | None = None,
            vectors: VectorCache | None = None) -> dict[str, object]:
    """Enriches a checked document and returns its index fields (with its vector when ``vectors``
    is given); warnings go to the report."""
    digest = digest or content_hash(doc)
    result = enrich(doc)
    for warning in result.warnings:
        report.warnings.append({"origin": doc.origin, "id": doc.id, "warning": warning})
    if result.missing:
        report.missing_metadata.append({"id": doc.id, "origin": doc.origin, "missing": result.missing})
    if result.weak:
        report.weak_metadata.append({"id": doc.id, "origin": doc.origin, "weak": result.weak})
    report.languages[doc.lang or "other"] = report.languages.get(doc.lang or "other", 0) + 1
    fields = index_fields(doc, digest)
    fields["themes_basis"] = result.themes_basis  # which documents the embedding job re-indexes (indexer/embed.py)
    if vectors is not None:
        fields["vector"], fields["sentence_vectors"] = vectors.document_vectors(doc.title, doc.body)
    return fields


def index_fields(doc: Document, digest: str) -> dict[str, object]:
    """The Whoosh fields of an enriched document; paragraphs in another of our languages go to its field."""
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
        "translation_of": ",".join(doc.translation_of),
        "origin": doc.origin,
        "origin_file": origin_file(doc.origin),
        "content_hash": digest,
        KEY_FIELD: duplicate_key(doc.url, doc.title, doc.body),
    }
    lang = doc.lang or "other"
    sections = language_sections(doc.body, lang)
    for section_lang, text in sections.items():
        fields[text_field(section_lang)] = f"{doc.title}\n{text}" if section_lang == lang else text
    fields.setdefault(text_field(lang), doc.title)
    if text_field("kk") in fields:  # Kazakh in the Arabic script is searched as the Cyrillic it spells
        fields[text_field("kk")] = to_cyrillic(fields[text_field("kk")])
    for start_lang in WORD_START_LANGUAGES:
        if text_field(start_lang) in fields:
            fields[word_start_field(start_lang)] = fields[text_field(start_lang)]
    fields["text_langs"] = ",".join(sections)
    if doc.date:
        parsed = parse_iso(doc.date)
        fields["date_start"] = parsed.first_day().strftime("%Y%m%d")
        fields["date_end"] = parsed.last_day().strftime("%Y%m%d")
    return fields


def origin_file(origin: str) -> str:
    """The file part of an origin (``docs.jsonl:12`` → ``docs.jsonl``)."""
    head, _, tail = origin.rpartition(":")
    return head if head and tail.isdigit() else origin


def _estimate(files: list[Path]) -> int:
    """Expected number of documents, for the progress bar (one per line in JSON Lines files)."""
    total = 0
    for path in files:
        name = path.name.lower()
        if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
            opener = gzip.open if name.endswith(".gz") else open
            try:
                with opener(path, "rb") as handle:
                    total += sum(1 for _ in handle)
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total
