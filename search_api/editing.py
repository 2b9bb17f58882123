"""Editing over HTTP: put and delete documents, start a full reindex, follow its job.

Every editing request needs ``Authorization: Bearer <token>``; the token is compared in constant
time. With no token configured, editing over HTTP is off and says so. GET requests stay open.
"""

from __future__ import annotations

import hmac
import json

import falcon

from indexer.build import apply_documents, rebuild
from indexer.document import Document, Skipped
from indexer.lock import WriterBusy
from indexer.sources.frontmatter import parse_frontmatter_text
from indexer.sources.jsonl import document_from_record
from search_api.config import AppConfig
from search_api.jobs import JobStore

EDIT_LOCK_WAIT_SECONDS = 10.0


def require_token(req: falcon.Request, config: AppConfig) -> None:
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


def read_body(req: falcon.Request, config: AppConfig) -> bytes:
    """The request body, refused with 413 above the configured size."""
    length = req.content_length
    if length is not None and length > config.max_body_bytes:
        raise falcon.HTTPContentTooLarge(
            title="Body too large", description=f"at most {config.max_body_bytes:,} bytes per request"
        )
    data = req.bounded_stream.read(config.max_body_bytes + 1)
    if len(data) > config.max_body_bytes:
        raise falcon.HTTPContentTooLarge(
            title="Body too large", description=f"at most {config.max_body_bytes:,} bytes per request"
        )
    return data


def _busy(exc: WriterBusy) -> falcon.HTTPConflict:
    error = falcon.HTTPConflict(title="Index busy", description=str(exc))
    error.headers = {"Retry-After": str(exc.retry_after)}
    return error


class EditableDocumentResource:
    """PUT and DELETE on ``/api/v1/documents/{doc_id}`` (GET is the read-only DocumentResource)."""

    def __init__(self, config: AppConfig, reader) -> None:
        self.config = config
        self.reader = reader

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        self.reader.on_get(req, resp, doc_id)

    def on_put(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        require_token(req, self.config)
        doc = self._parse(req, doc_id)
        try:
            report = apply_documents([doc], self.config.index_dir, lock_timeout=EDIT_LOCK_WAIT_SECONDS)
        except WriterBusy as exc:
            raise _busy(exc) from None
        if report.skipped:
            raise falcon.HTTPUnprocessableEntity(title="Not indexed", description=report.skipped[0]["reason"])
        resp.status = falcon.HTTP_201 if report.added else falcon.HTTP_200
        resp.media = {"id": doc.id, "result": "added" if report.added else "updated" if report.updated
                      else "unchanged", "lang": doc.lang, "countries": doc.countries, "themes": doc.themes,
                      "date": doc.date, "warnings": [w["warning"] for w in report.warnings]}

    def on_delete(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        require_token(req, self.config)
        try:
            report = apply_documents([], self.config.index_dir, deletions=[doc_id],
                                     lock_timeout=EDIT_LOCK_WAIT_SECONDS)
        except WriterBusy as exc:
            raise _busy(exc) from None
        if not report.deleted:
            raise falcon.HTTPNotFound(title="Not found", description=f"no document with id {doc_id!r}")
        resp.media = {"id": doc_id, "result": "deleted"}

    def _parse(self, req: falcon.Request, doc_id: str) -> Document:
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
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise falcon.HTTPBadRequest(title="Bad body", description=f"malformed JSON: {exc.msg}") from None
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


class ReindexResource:
    """POST ``/api/v1/reindex``: a full rebuild from the configured sources, in the background."""

    def __init__(self, config: AppConfig, jobs: JobStore) -> None:
        self.config = config
        self.jobs = jobs

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        require_token(req, self.config)
        if not self.config.sources:
            raise falcon.HTTPConflict(title="No sources", description="start the server with --source PATH to reindex")
        sources, root = list(self.config.sources), self.config.index_dir
        job_id = self.jobs.start("reindex", lambda: rebuild(sources, root, progress=False, lock_timeout=3600))
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
