"""Falcon resources: small classes, one per endpoint, all reading through the one SearchEngine."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import falcon

from search_api.body import load_json, read_body
from search_api.engine import SearchEngine
from search_api.errors import HTTPParamError
from search_api.page import render_page
from search_api.request import ParamError, SearchRequest, parse_request

OPENAPI_FILE = Path(__file__).parent / "openapi.json"
MAX_SEARCH_BODY_BYTES = 64 * 1024  # a 1,000-character question and every filter fit many times over


def _params(req: falcon.Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in req.params.items():
        params[name] = value if isinstance(value, list) else [value]
    return params


class SearchResource:
    """GET with query parameters, or POST with the same parameters as a JSON object (for long questions)."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        request = parse_request(_params(req))
        resp.media = self.engine.search(request).to_dict()

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        content_type = (req.content_type or "").split(";")[0].strip().lower()
        if content_type != falcon.MEDIA_JSON:
            raise falcon.HTTPUnsupportedMediaType(
                title="Unsupported body", description="send the search parameters as a JSON object (application/json)"
            )
        request = parse_request(_json_params(load_json(read_body(req, MAX_SEARCH_BODY_BYTES))))
        resp.media = self.engine.search(request).to_dict()


def _json_params(body: object) -> dict[str, list[str]]:
    """A JSON object's parameters as query parameters: each value a string, a whole number, or a list of them."""
    if not isinstance(body, dict):
        raise HTTPParamError(None, 'send a JSON object of search parameters, such as {"q": "мир", "country": ["KZ"]}')
    params: dict[str, list[str]] = {}
    for name, value in body.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise HTTPParamError(name, f"{name} must be a string, a whole number or a list of them")
        params[name] = [str(item) for item in values]
    return params


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
    """A bad search parameter: 400 in the one error shape (``search_api/errors.py``)."""
    raise HTTPParamError(ex.param, ex.message)
