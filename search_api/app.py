"""The Falcon application factory: ``create_app(config)`` wires resources to one search engine."""

from __future__ import annotations

import falcon

from search_api.config import AppConfig
from search_api.editing import EditableDocumentResource, JobResource, ReindexResource
from search_api.engine import IndexHandle, IndexUnavailable, SearchEngine
from search_api.jobs import JobStore
from search_api.request import ParamError
from search_api.resources import (
    DocumentResource,
    HealthResource,
    OpenAPIResource,
    PageResource,
    SearchResource,
    param_error_handler,
)


def create_app(config: AppConfig) -> falcon.App:
    engine = SearchEngine(IndexHandle(config.index_dir))
    if config.warm_up:
        warm_up(engine)
    jobs = JobStore(config.index_dir / "jobs")
    app = falcon.App()
    app.add_route("/", PageResource(engine))
    app.add_route("/api/v1/search", SearchResource(engine))
    app.add_route("/api/v1/documents/{doc_id}", EditableDocumentResource(config, DocumentResource(engine)))
    app.add_route("/api/v1/reindex", ReindexResource(config, jobs))
    app.add_route("/api/v1/jobs/{job_id}", JobResource(jobs))
    app.add_route("/api/v1/openapi.json", OpenAPIResource())
    app.add_route("/health", HealthResource(engine))
    app.add_error_handler(ParamError, param_error_handler)
    app.add_error_handler(IndexUnavailable, _unavailable)
    app.add_error_handler(Exception, _internal_error)
    return app


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
