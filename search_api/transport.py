"""How answers travel, for every route alike (Falcon middleware): HEAD answered as GET without the body,
CORS for reading, brotli (else gzip) for bodies over 1 KB, and ETag/Cache-Control tied to the index version, so a
client that has the current answer gets a 304 without the search being run again."""

from __future__ import annotations

import gzip
import hashlib

import brotli
import falcon

from search_api.engine import IndexUnavailable, SearchEngine

COMPRESS_MIN_BYTES = 1024
# Brotli quality 5: gzip 6's speed on a results page and a tenth smaller (corpus results page of 11.9 KB:
# gzip 6 3,981 B in 0.32 ms, brotli 5 3,547 B in 0.41 ms; brotli 11 3,156 B but 26 ms, too slow per request).
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
READ_METHODS = ("GET", "HEAD")
# Answers that change only when the index does; revisions, jobs and health read other state.
CACHEABLE_PREFIXES = ("/api/v1/search", "/api/v1/documents/", "/documents/", "/feed.atom", "/export.",
                      "/opensearch.xml", "/api/v1/openapi.json")
NOT_CACHEABLE = ("/revisions",)
# Kept, but asked about again every time: the ETag makes asking cheap (304, no search), and an edit is seen at once
# (with max-age=60 a browser showed a search from before an edit for up to a minute).
CACHE_CONTROL = "public, no-cache"


class HeadAsGet:
    """HEAD runs the GET responder; Falcon then sends its headers (Content-Length included) and no body.
    Put first in the middleware list, so its response step runs last."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.head = req.method == "HEAD"
        if req.context.head:
            req.method = "GET"

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        if getattr(req.context, "head", False):
            req.method = "HEAD"


class Cors:
    """``Access-Control-Allow-Origin`` on reading requests: ``*`` or the configured origins (echoed)."""

    def __init__(self, origins: tuple[str, ...] = ("*",)) -> None:
        self.origins = origins

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        if req.method not in READ_METHODS or not self.origins:
            return
        if "*" in self.origins:
            resp.set_header("Access-Control-Allow-Origin", "*")
            return
        resp.append_header("Vary", "Origin")
        origin = req.get_header("Origin")
        if origin in self.origins:
            resp.set_header("Access-Control-Allow-Origin", origin)


class Caching:
    """A weak ETag from the index version and the request's address; 304 when the client holds it."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def _etag(self, req: falcon.Request) -> str | None:
        if req.method not in READ_METHODS or not _cacheable(req.path):
            return None
        try:
            searcher, _ = self.engine.handle.acquire()
        except IndexUnavailable:
            return None
        current = self.engine.handle.store.current()
        version = f"{current.name if current else ''}:{searcher.reader().generation()}"
        digest = hashlib.sha256(f"{version}\n{req.path}\n{req.query_string}".encode()).hexdigest()[:32]
        return f'W/"{digest}"'

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        etag = self._etag(req)
        req.context.etag = etag
        if etag is None:
            return
        held = [tag.strip() for tag in (req.get_header("If-None-Match") or "").split(",")]
        if etag in held or etag.removeprefix("W/") in held or "*" in held:
            resp.status = falcon.HTTP_304
            resp.set_header("ETag", etag)
            resp.set_header("Cache-Control", CACHE_CONTROL)
            resp.complete = True

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        etag = getattr(req.context, "etag", None)
        if etag and req_succeeded and resp.status in (200, falcon.HTTP_200):
            resp.set_header("ETag", etag)
            resp.set_header("Cache-Control", CACHE_CONTROL)


class Compress:
    """Compresses a whole body of over ``COMPRESS_MIN_BYTES``: brotli when the client accepts ``br`` (a
    tenth smaller than gzip), else gzip when it accepts that (streams, such as
    exports, pass as they are)."""

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        if resp.stream is not None or resp.get_header("Content-Encoding"):
            return
        resp.append_header("Vary", "Accept-Encoding")
        coding = choose_encoding(req.get_header("Accept-Encoding") or "")
        if coding is None:
            return
        body = resp.render_body()
        if body is None or len(body) <= COMPRESS_MIN_BYTES:
            return
        resp.text = None
        resp.media = None
        if coding == "br":
            resp.data = brotli.compress(body, quality=BROTLI_QUALITY)
        else:
            resp.data = gzip.compress(body, compresslevel=GZIP_LEVEL)
        resp.set_header("Content-Encoding", coding)


def choose_encoding(header: str) -> str | None:
    """``br`` or ``gzip`` by the client's preference (q-values; ``*`` stands for either), brotli on a tie;
    None when it accepts neither."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        name, *params = [piece.strip() for piece in part.split(";")]
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name:
            weights[name.lower()] = weight
    wildcard = weights.get("*", 0.0)
    br, gz = weights.get("br", wildcard), weights.get("gzip", weights.get("x-gzip", wildcard))
    if max(br, gz) <= 0:
        return None
    return "br" if br >= gz else "gzip"


def _cacheable(path: str) -> bool:
    return path == "/" or path.startswith(CACHEABLE_PREFIXES) and not any(part in path for part in NOT_CACHEABLE)
