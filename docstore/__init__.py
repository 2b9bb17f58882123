"""The document store: the system of record every edit reaches before the index (docstore/documents.py)."""

from docstore.database import StoreError
from docstore.documents import Change, DocumentStore, StoredDocument, open_store, store_location

__all__ = ["Change", "DocumentStore", "StoreError", "StoredDocument", "open_store", "store_location"]
