"""An index folder built before the document store existed is migrated on first use, losing nothing:
every document of its current generation goes into the store with its origin (a file, or ``api`` for
one added over HTTP). The index holds enriched values only, so what was found in the text
(countries, themes, dates) is kept as given until the document's file is read again.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from docstore.documents import DocumentStore
from indexer.document import Document
from indexer.store import IndexStore

MIGRATED_KEY = "migrated_from_index"


def migrate_index(store: DocumentStore, root: str | Path) -> int:
    """Copies the current generation's documents into an empty store once; returns how many."""
    if store.meta(MIGRATED_KEY) is not None:
        return 0
    generation = IndexStore(root).current()
    count = 0
    if generation is not None and store.max_seq() == 0:
        try:
            ix = whoosh_index.open_dir(str(generation))
        except (OSError, whoosh_index.EmptyIndexError):
            ix = None
        if ix is not None:
            with ix.searcher() as searcher, store.db.transaction():
                for fields in searcher.all_stored_fields():
                    store.put(_document(fields), *_origin(fields), file_path=_file(fields), action="create",
                              note=f"migrated from the index generation {generation.name}")
                    count += 1
    store.set_meta(MIGRATED_KEY, str(count))
    return count


def _document(fields: dict) -> Document:
    return Document(
        id=fields["id"], title=fields.get("title", ""), body=fields.get("body", ""), lang=fields.get("lang"),
        date=fields.get("date") or None, countries=_list(fields.get("countries")),
        themes=_list(fields.get("themes")), source=fields.get("source", ""), url=fields.get("url", ""),
        origin=fields.get("origin", ""))


def _origin(fields: dict) -> tuple[str, str]:
    """``api`` for a document added over HTTP; ``file`` for one read from a file, whose next reading
    replaces what the index held (its file hash is unknown)."""
    origin = fields.get("origin", "")
    if not origin or origin.startswith(("http:", "api:")):
        return "api", origin or "api"
    return "file", origin


def _file(fields: dict) -> str | None:
    name = fields.get("origin_file") or ""
    if not name or fields.get("origin", "").startswith(("http:", "api:")):
        return None
    return str(Path(name).resolve())


def _list(value: str | None) -> list[str]:
    return [item for item in (value or "").split(",") if item]
