"""The Falcon application factory: ``create_app(config)`` wires resources to one search engine."""

from __future__ import annotations

import os

import falcon
from falcon.routing import CompiledRouter

from docstore import DocumentStore, StoreError, open_store
from docstore.jobs import JobStore
from docstore.migrate import migrate_index
from search_api.config import AppConfig
from search_api.editing import (
    EditableDocumentResource,
    JobResource,
    ReindexResource,
    RevisionResource,
    RevisionsResource,
)
from search_api.engine import IndexHandle, IndexUnavailable, SearchEngine
from search_api.errors import MethodGuard, serialize_error
from search_api.outputs import ExportResource, FeedResource, OpenSearchResource
from search_api.replica import ReplicaRefusal
from search_api.request import ParamError
from search_api.resources import (
    DocumentPageResource,
    DocumentResource,
    HealthResource,
    OpenAPIResource,
    PageResource,
    SearchResource,
    param_error_handler,
)
from search_api.security import SecurityHeaders
from search_api.syncer import start_syncer
from search_api.transport import Caching, Compress, Cors, HeadAsGet


def create_app(config: AppConfig) -> falcon.App:
    engine = SearchEngine(IndexHandle(config.index_dir))
    if config.warm_up:
        warm_up(engine)
    store = _document_store(config)
    jobs = JobStore(store) if store is not None else None
    start_syncer(config, store)
    router = CompiledRouter()  # the method guard reads each route's responders from it
    # HeadAsGet first: its response step runs last, after the body is made (transport.py).
    middleware = [HeadAsGet(), SecurityHeaders(), Cors(config.cors_origins), Compress(), Caching(engine),
                  MethodGuard(router)]
    app = falcon.App(router=router, middleware=middleware)
    app.add_route("/", PageResource(engine))
    app.add_route("/api/v1/search", SearchResource(engine))
    app.add_route("/documents/{doc_id}", DocumentPageResource(engine))
    app.add_route("/feed.atom", FeedResource(engine))
    export = ExportResource(engine)
    app.add_route("/export.csv", export, suffix="csv")
    app.add_route("/export.jsonl", export, suffix="jsonl")
    app.add_route("/opensearch.xml", OpenSearchResource())
    app.add_route("/api/v1/documents/{doc_id}", EditableDocumentResource(config, DocumentResource(engine), store))
    no_store = ReplicaRefusal(config, "revisions and jobs")  # a replica without the shared store
    app.add_route("/api/v1/documents/{doc_id}/revisions", RevisionsResource(store) if store else no_store)
    revision = RevisionResource(config, store) if store else no_store
    number = "{number:int(min=1, max=9223372036854775807)}"  # the store's largest integer: beyond it a 404, not a 500
    app.add_route(f"/api/v1/documents/{{doc_id}}/revisions/{number}", revision)
    app.add_route(f"/api/v1/documents/{{doc_id}}/revisions/{number}/restore", revision, suffix="restore")
    app.add_route("/api/v1/reindex", ReindexResource(config, jobs, store))
    app.add_route("/api/v1/jobs/{job_id}", JobResource(jobs) if jobs else no_store)
    app.add_route("/api/v1/openapi.json", OpenAPIResource())
    app.add_route("/health", HealthResource(engine))
    app.set_error_serializer(serialize_error)  # every error: {"error": {"status", "param", "message"}}
    app.add_error_handler(ParamError, param_error_handler)
    app.add_error_handler(IndexUnavailable, _unavailable)
    app.add_error_handler(Exception, _internal_error)
    return app


def _document_store(config: AppConfig) -> DocumentStore | None:
    """The document store, migrated from an index built before it existed. A read replica opens only a
    store it is given (the editor's shared PostgreSQL): the default one would be created in the folder it
    follows, which a replica never writes."""
    if config.follow:
        configured = config.store or os.environ.get("PEACESEARCH_STORE")
        return open_store(config.index_dir, configured) if configured else None
    store = open_store(config.index_dir, config.store)
    try:
        migrate_index(store, config.index_dir)
    except StoreError:  # another worker migrated at the same moment
        pass
    return store


def warm_up(engine: SearchEngine) -> None:
    """Loads the language models and the index columns so the first reader does not wait for them."""
    from search_api.request import SearchRequest

    try:
        engine.search(SearchRequest(q="peace мир бейбітшілік", limit=1))
    except IndexUnavailable:
        pass


def _unavailable(req, resp, ex: IndexUnavailable, params) -> None:
    raise falcon.HTTPServiceUnavailable(title="Index unavailable", description=str(ex))


def _internal_error(req, resp, ex: Exception, params) -> None:
    if isinstance(ex, falcon.HTTPError):
        raise ex
    # Never a traceback to the client; the server log keeps it.
    import logging

    logging.getLogger("peacesearch").exception("unhandled error on %s", req.path)
    raise falcon.HTTPInternalServerError(title="Internal error", description="the search failed; see the server log")
