"""Falcon resources: small classes, one per endpoint, all reading through the one SearchEngine."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import falcon

from search_api.engine import SearchEngine
from search_api.page import render_page
from search_api.request import ParamError, SearchRequest, parse_request

OPENAPI_FILE = Path(__file__).parent / "openapi.json"


def _params(req: falcon.Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in req.params.items():
        params[name] = value if isinstance(value, list) else [value]
    return params


class SearchResource:
    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        request = parse_request(_params(req))
        resp.media = self.engine.search(request).to_dict()


class DocumentResource:
    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        document = self.engine.document(doc_id)
        if document is None:
            raise falcon.HTTPNotFound(title="Not found", description=f"no document with id {doc_id!r}")
        resp.media = document


class HealthResource:
    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok", **self.engine.stats()}


class OpenAPIResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_JSON
        resp.text = OPENAPI_FILE.read_text(encoding="utf-8")


class PageResource:
    """The readers' page: the same search as the API, rendered as escaped HTML."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        params = _params(req)
        resp.content_type = falcon.MEDIA_HTML
        try:
            request = parse_request(params)
        except ParamError as exc:
            resp.status = falcon.HTTP_400
            resp.text = render_page(SearchRequest(), None, params, error=exc.message)
            return
        if request.limit == 0:  # counts-only is for apps; a reader's page always shows hits
            request = dataclasses.replace(request, limit=SearchRequest.limit)
        result = self.engine.search(request)
        resp.text = render_page(request, result, params)


def param_error_handler(req: falcon.Request, resp: falcon.Response, ex: ParamError, params) -> None:
    resp.status = falcon.HTTP_400
    resp.content_type = falcon.MEDIA_JSON
    resp.text = json.dumps(
        {"title": "Bad request", "error": {"param": ex.param, "message": ex.message}},
        ensure_ascii=False,
    )
