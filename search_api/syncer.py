"""Keeps a server's index up to date with the document store.

An edit is in the store before it is in the index; when the index could not take it at once (a
rebuild held the writer), or another server sharing a PostgreSQL store made it, this background
thread applies it within ``sync_seconds``. It only reads a number while nothing has changed.
"""

from __future__ import annotations

import logging
import threading

from docstore import DocumentStore, StoreError
from indexer.build import IndexingError, read_state, sync
from indexer.lock import WriterBusy
from indexer.store import IndexStore
from search_api.config import AppConfig

_log = logging.getLogger("peacesearch")


def index_behind(config: AppConfig, store: DocumentStore) -> bool:
    """True when the store holds changes the current generation has not applied."""
    current = IndexStore(config.index_dir).current()
    state = read_state(current) if current is not None else None
    return state is None or int(state.get("seq", -1)) < store.max_seq()


def start_syncer(config: AppConfig, store: DocumentStore | None) -> threading.Event | None:
    """Starts the background sync; set the returned event to stop it."""
    if config.sync_seconds <= 0 or config.follow or store is None:
        return None  # a read replica never writes the folder it follows
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(config.sync_seconds):
            try:
                if store.max_seq() and index_behind(config, store):
                    sync(config.index_dir, store, lock_timeout=0.1)
            except WriterBusy:
                continue  # another writer is at work; it or the next round applies the changes
            except (StoreError, IndexingError, OSError) as exc:
                _log.warning("index sync from the store failed: %s", exc)

    threading.Thread(target=run, daemon=True, name="store-sync").start()
    return stop
