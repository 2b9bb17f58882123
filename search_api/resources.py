"""Falcon resources: small classes, one per endpoint, all reading through the one SearchEngine."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import falcon

from search_api.body import load_json, read_body
from search_api.docpage import reader_params, render_document, render_missing
from search_api.engine import SearchEngine
from search_api.errors import HTTPParamError
from search_api.page import render_page
from search_api.pageparts import PART_TEXTS, page_url
from search_api.paramlabels import param_label
from search_api.request import FILTER_PARAMS, ParamError, SearchRequest, parse_request
from search_api.similar import given_versions, more_like_this, table_for, translations

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
        # JSON has one number type: 5.0 is the whole number 5, as JSON Schema says.
        values = [int(item) if isinstance(item, float) and item.is_integer() else item for item in values]
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


class DocumentPageResource:
    """``/documents/{id}``: the reader's page of one document; ``/documents/{id}.json``: its JSON record
    (the same as ``/api/v1/documents/{id}``)."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def on_get(self, req: falcon.Request, resp: falcon.Response, doc_id: str) -> None:
        params = _params(req)
        reader = parse_request({name: params[name] for name in ("q", "ui_lang") if name in params})
        ui_lang, q = reader.ui_lang, reader.q
        document = self.engine.document(doc_id)
        if document is None and doc_id.endswith(".json"):
            document = self.engine.document(doc_id[: -len(".json")])
            if document is None:
                raise falcon.HTTPNotFound(title="Not found", description=f"no document with id {doc_id[:-5]!r}")
            resp.media = document
            return
        resp.content_type = falcon.MEDIA_HTML
        if document is None:
            resp.status = falcon.HTTP_404
            resp.text = render_missing(doc_id, ui_lang)
            return
        searcher, columns = self.engine.handle.acquire()
        table = table_for(searcher, columns)
        given = given_versions(searcher, doc_id, document["translation_of"])  # the editor's, then found ones
        versions = given + [found for found in translations(table, doc_id)
                            if found["id"] not in {version["id"] for version in given}]
        similar = more_like_this(table, doc_id, exclude=frozenset(v["id"] for v in versions))
        resp.text = render_document(document, versions, similar, ui_lang, q)


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
            # The reader's words stay in the box and the page in their language; the faulty parameter is
            # dropped from the links, so the next search does not fail the same way.
            ui_lang, q = reader_params(params)
            kept = {k: v for k, v in params.items() if k != exc.param}
            label = param_label(exc.param, ui_lang)
            message = PART_TEXTS[ui_lang]["bad_param"].format(param=label) + f" ({exc.message})"
            resp.status = falcon.HTTP_400
            resp.text = render_page(SearchRequest(q=q, ui_lang=ui_lang), None, kept, error=message)
            return
        if request.limit == 0:  # counts-only is for apps; a reader's page always shows hits
            request = dataclasses.replace(request, limit=SearchRequest.limit)
        if _one_year(request) and "month" not in request.facets:  # the histogram turns to months
            request = dataclasses.replace(request, facets=(*request.facets, "month"))
        result = self.engine.search(request)
        tries = self._tries(request, params) if not result.total else []
        resp.text = render_page(request, result, params, tries=tries)

    def _tries(self, request: SearchRequest, params: dict[str, list[str]]) -> list[tuple[str, str, int]]:
        """Searches that an empty page can offer: the words without filters, any of the words."""
        tries = []
        unfiltered = {k: v for k, v in params.items() if k not in (*FILTER_PARAMS, "offset")}
        if request.q and unfiltered != params:
            tries.append(("without_filters", unfiltered))
        if request.q and request.match != "any":
            tries.append(("any_word", {**params, "match": ["any"]}))
        found = []
        for key, changed in tries:
            total = self.engine.search(dataclasses.replace(parse_request(changed), limit=0, facets=())).total
            if total:
                found.append((key, page_url(changed), total))
        return found


def _one_year(request: SearchRequest) -> bool:
    """A date filter within one calendar year: its months are worth a histogram."""
    first, last = request.date_from, request.date_to
    return bool(first and last and first.first_day().year == last.last_day().year)


def param_error_handler(req: falcon.Request, resp: falcon.Response, ex: ParamError, params) -> None:
    """A bad search parameter: 400 in the one error shape (``search_api/errors.py``)."""
    raise HTTPParamError(ex.param, ex.message)
