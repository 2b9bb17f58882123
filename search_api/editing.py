"""Editing over HTTP: put and delete documents, list and restore revisions, start a reindex, follow its job.

Every edit reaches the document store (docstore/) before the index: once a PUT or DELETE has answered,
the change is kept whatever happens to the index, and an index that could not take it at once (a
rebuild holds the writer) catches up from the store within seconds (search_api/syncer.py).

Every editing request needs ``Authorization: Bearer <token>``; the token is compared in constant
time. With no token configured, editing over HTTP is off and says so. GET requests stay open.
"""

from __future__ import annotations

import hashlib
import hmac

import falcon

from docstore import DocumentStore, StoreError
from docstore.jobs import JobStore
from indexer.build import IndexingError, ingest, rebuild_from_store, sync
from indexer.document import Document, Skipped
from indexer.lock import WriterBusy, WriterLock
from indexer.pipeline import check
from indexer.report import Report
from indexer.sources.frontmatter import parse_frontmatter_text
from indexer.sources.jsonl import document_from_record
from search_api import body
from search_api.config import AppConfig
from search_api.replica import refuse_if_replica

EDIT_LOCK_WAIT_SECONDS = 10.0


def require_token(req: falcon.Request, config: AppConfig) -> str:
    """Checks the bearer token; returns the origin recorded with the edit (``api:`` and the token's
    fingerprint, never the token itself)."""
    refuse_if_replica(config)
    if not config.token:
        raise falcon.HTTPForbidden(
            title="Editing is off",
            description="editing over HTTP is off: start the server with PEACESEARCH_TOKEN set",
        )
    header = req.get_header("Authorization") or ""
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise falcon.HTTPUnauthorized(
            title="Token required", description="send 'Authorization: Bearer <token>'", challenges=["Bearer"]
        )
    if not hmac.compare_digest(given.strip().encode(), config.token.encode()):
        raise falcon.HTTPForbidden(title="Wrong token", description="the token is not valid")
    return f"api:token-{hashlib.sha256(config.token.encode()).hexdigest()[:8]}"


def read_body(req: falcon.Request, config: AppConfig) -> bytes:
    """The request body (chunked too), refused with 413 above the configured size."""
    return body.read_body(req, config.max_body_bytes)


def _store_failed(exc: StoreError | IndexingError) -> falcon.HTTPServiceUnavailable:
    return falcon.HTTPServiceUnavailable(title="Store unavailable", description=str(exc))


def index_after_edit(config: AppConfig, store: DocumentStore) -> tuple[bool, Report]:
    """Brings the index up to date after an edit already in the store; False when the writer is busy
    (the background sync applies the edit as soon as it is free). The report holds enrichment warnings."""
    report = Report(mode="edit")
    try:
        sync(config.index_dir, store, report, lock_timeout=EDIT_LOCK_WAIT_SECONDS)
    except WriterBusy:
        return False, report
    return True, report


class EditableDocumentResource:
    """PUT and DELETE on ``/api/v1/documents/{doc_id}`` (GET is the read-only DocumentResource)."""

    def __init__(self, config: AppConfig, reader, store: DocumentStore) -> None:
        self.config = config
        self.reader = reader
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        self.reader.on_get(req, resp, doc_id)

    def on_put(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        origin = require_token(req, self.config)
        doc = self._parse(req, doc_id)
        problem = check(doc, {})
        if problem:
            raise falcon.HTTPUnprocessableEntity(title="Not stored", description=problem)
        try:
            change = self.store.put(doc, "api", origin)
            indexed, report = index_after_edit(self.config, self.store)
        except (StoreError, IndexingError) as exc:
            raise _store_failed(exc) from None
        resp.status = falcon.HTTP_201 if change.result == "added" else falcon.HTTP_200
        stored = change.stored
        resp.media = {"id": doc.id, "result": change.result, "revision": stored.revision if stored else None,
                      "indexed": indexed, "title": doc.title, **self._enriched(doc.id),
                      "warnings": [w["warning"] for w in report.warnings if w.get("id") == doc.id]}

    def on_delete(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        origin = require_token(req, self.config)
        try:
            change = self.store.delete(doc_id, "api", origin)
            if change.result != "deleted":
                raise falcon.HTTPNotFound(title="Not found", description=f"no document with id {doc_id!r}")
            indexed, _ = index_after_edit(self.config, self.store)
        except (StoreError, IndexingError) as exc:
            raise _store_failed(exc) from None
        self.reader.engine.handle.invalidate()
        resp.media = {"id": doc_id, "result": "deleted", "revision": change.stored.revision, "indexed": indexed,
                      "restore": f"/api/v1/documents/{doc_id}/revisions"}

    def _enriched(self, doc_id: str) -> dict:
        """What enrichment found, as the index holds it (empty while the index catches up)."""
        self.reader.engine.handle.invalidate()
        found = self.reader.engine.document(doc_id) or {}
        return {key: found.get(key) for key in ("lang", "countries", "themes", "date")}

    def _parse(self, req: falcon.Request, doc_id: str) -> Document:
        body.check_doc_id(doc_id)
        data = read_body(req, self.config)
        origin = f"http:{doc_id}"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise falcon.HTTPBadRequest(title="Bad body", description=f"invalid UTF-8 at byte {exc.start}") from None
        if not text.strip():
            raise falcon.HTTPBadRequest(title="Bad body", description="the body is empty")
        content_type = (req.content_type or "").split(";")[0].strip().lower()
        if content_type == "application/json":
            record = body.load_json(data)  # 400 for deep nesting, lone surrogates, malformed JSON
            if isinstance(record, dict):
                record.setdefault("id", doc_id)
            item = document_from_record(record, origin)
        elif content_type in ("text/markdown", "text/plain", "text/x-markdown"):
            item = parse_frontmatter_text(text, default_id=doc_id, origin=origin)
        else:
            raise falcon.HTTPUnsupportedMediaType(
                title="Unsupported body", description="send application/json or text/markdown"
            )
        if isinstance(item, Skipped):
            raise falcon.HTTPBadRequest(title="Bad document", description=item.reason)
        if item.id != doc_id:
            raise falcon.HTTPBadRequest(title="Bad document",
                                        description=f"the body's id {item.id!r} differs from the URL's {doc_id!r}")
        return item


class RevisionsResource:
    """GET ``/api/v1/documents/{doc_id}/revisions``: every change of a document, oldest first."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        stored = self.store.get(doc_id)
        if stored is None:
            raise falcon.HTTPNotFound(title="Not found", description=f"no document with id {doc_id!r}")
        resp.media = {"id": doc_id, "current": stored.revision, "deleted": stored.deleted,
                      "revisions": self.store.revisions(doc_id)}


class RevisionResource:
    """GET one revision (with its document); POST ``…/restore`` makes it current again (token)."""

    def __init__(self, config: AppConfig, store: DocumentStore) -> None:
        self.config = config
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str, number: int) -> None:
        revision = self.store.revision(doc_id, number)
        if revision is None:
            raise falcon.HTTPNotFound(title="Not found", description=f"document {doc_id!r} has no revision {number}")
        resp.media = revision

    def on_post_restore(self, req: falcon.Request, resp: falcon.Response, doc_id: str, number: int) -> None:
        origin = require_token(req, self.config)
        try:
            change = self.store.restore(doc_id, number, origin)
            indexed, _ = index_after_edit(self.config, self.store)
        except KeyError as exc:
            raise falcon.HTTPNotFound(title="Not found", description=exc.args[0]) from None
        except ValueError as exc:
            raise falcon.HTTPConflict(title="Nothing to restore", description=str(exc)) from None
        except (StoreError, IndexingError) as exc:
            raise _store_failed(exc) from None
        resp.media = {"id": doc_id, "result": "restored", "from_revision": number,
                      "revision": change.stored.revision, "indexed": indexed}


class ReindexResource:
    """POST ``/api/v1/reindex``: reads the configured sources into the store, then rebuilds the whole
    index from the store (documents added over the API included), in the background."""

    def __init__(self, config: AppConfig, jobs: JobStore, store: DocumentStore) -> None:
        self.config = config
        self.jobs = jobs
        self.store = store

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        require_token(req, self.config)
        sources, root, store = list(self.config.sources), self.config.index_dir, self.store

        def work() -> Report:
            report = Report(mode="full")
            with WriterLock(root, 3600, purpose="reindex"):
                if sources:
                    ingest(sources, store, report)
                return rebuild_from_store(root, store, progress=False, lock_timeout=3600, report=report)

        job_id = self.jobs.start("reindex", work)
        resp.status = falcon.HTTP_202
        resp.media = {"job": job_id, "state": "running", "url": f"/api/v1/jobs/{job_id}"}


class JobResource:
    def __init__(self, jobs: JobStore) -> None:
        self.jobs = jobs

    def on_get(self, req: falcon.Request, resp: falcon.Response, job_id: str) -> None:
        record = self.jobs.get(job_id)
        if record is None:
            raise falcon.HTTPNotFound(title="Not found", description=f"no job {job_id!r}")
        resp.media = record
