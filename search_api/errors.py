"""One error shape for every answer that is not a success: ``{"error": {"status", "param", "message"}}``.

Falcon's own errors (unknown route, wrong method, 413, 415, a bad header) go through ``serialize_error``;
a bad search parameter through ``resources.param_error_handler``. A client thus reads one shape whatever failed.
"""

from __future__ import annotations

import json

import falcon
from falcon.routing import CompiledRouter


class HTTPParamError(falcon.HTTPBadRequest):
    """A 400 that names the parameter (or body field) at fault."""

    def __init__(self, param: str | None, message: str) -> None:
        super().__init__(title="Bad request", description=message)
        self.param = param


def error_body(status: int, message: str, param: str | None = None) -> bytes:
    """The JSON error as UTF-8 (escaped ASCII when a message quotes something that is not text)."""
    error = {"error": {"status": status, "param": param, "message": message}}
    try:
        return json.dumps(error, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(error).encode("ascii")


def serialize_error(req: falcon.Request, resp: falcon.Response, exc: falcon.HTTPError) -> None:
    """Falcon's error serializer: always JSON, whatever the client accepts."""
    resp.content_type = falcon.MEDIA_JSON
    resp.data = error_body(exc.status_code, _message(req, exc), getattr(exc, "param", None))


def _message(req: falcon.Request, exc: falcon.HTTPError) -> str:
    if exc.description:
        return exc.description
    if isinstance(exc, falcon.HTTPRouteNotFound | falcon.HTTPNotFound):
        return f"nothing is served at {req.path}"
    if isinstance(exc, falcon.HTTPMethodNotAllowed):
        allowed = dict(exc.headers or {}).get("Allow", "")
        return f"{req.method} is not served at {req.path}; allowed: {allowed}"
    return exc.title


class MethodGuard:
    """Answers an unserved method with 405 and an ``Allow`` listing exactly the served methods.

    Falcon would otherwise answer OPTIONS itself and list it in ``Allow``, though the API neither
    documents nor needs it (no cross-origin use), and the contract must cover what is served. The
    served methods are the route's responders that belong to its resource (``on_get``,
    ``on_post_restore``...), read from the app's router, which is given to the guard.
    """

    def __init__(self, router: CompiledRouter) -> None:
        self.router = router

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource, params) -> None:
        if resource is None:
            return
        route = self.router.find(req.path)
        if route is None:
            return
        method_map = route[1]
        allowed = [method for method, responder in method_map.items()
                   if getattr(responder, "__self__", None) is resource]
        if req.method not in allowed:
            raise falcon.HTTPMethodNotAllowed(allowed)
