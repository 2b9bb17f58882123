"""Request bodies read and checked before anything uses them: size, UTF-8, JSON shape, document ids.

Each problem is a 4xx the client can act on (413 too large, 400 with what is wrong and where), never
a 500: a 100,000-deep ``[[[[`` is refused by a scan before the parser could recurse, and a lone
surrogate escape (``"\\ud800"``), valid JSON but not text, is refused before it reaches the index.
"""

from __future__ import annotations

import json
import re
import unicodedata

import falcon

from indexer.sources.checks import find_surrogate, surrogate_reason
from search_api.errors import HTTPParamError

MAX_JSON_DEPTH = 64
MAX_ID_CHARS = 200
_READ_BLOCK = 64 * 1024
_JSON_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET_RE = re.compile(r"[\[\]{}]")


def read_body(req: falcon.Request, max_bytes: int) -> bytes:
    """The whole body, with or without Content-Length (chunked); 413 above ``max_bytes``."""
    length = req.content_length
    if length is not None:
        if length > max_bytes:
            raise _too_large(max_bytes)
        return req.bounded_stream.read(length)
    if not _has_unsized_body(req):
        return b""
    # No Content-Length: a chunked body, which the server (gunicorn, waitress) decodes in wsgi.input and
    # ends with b"". Falcon's bounded_stream would read nothing here, so the stream is read in blocks.
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = req.stream.read(min(_READ_BLOCK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(max_bytes)


def _has_unsized_body(req: falcon.Request) -> bool:
    chunked = "chunked" in (req.get_header("Transfer-Encoding") or "").lower()
    return chunked or bool(req.env.get("wsgi.input_terminated"))


def _too_large(max_bytes: int) -> falcon.HTTPContentTooLarge:
    return falcon.HTTPContentTooLarge(title="Body too large", description=f"at most {max_bytes:,} bytes per request")


def load_json(data: bytes) -> object:
    """The JSON value of a body; 400 for invalid UTF-8, malformed JSON, deep nesting or lone surrogates."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(f"invalid UTF-8 at byte {exc.start}") from None
    if not text.strip():
        raise _bad("the body is empty")
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _bad(f"JSON nested {depth} levels deep; at most {MAX_JSON_DEPTH}")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # the scan above should make this unreachable
        raise _bad(f"JSON nested too deep; at most {MAX_JSON_DEPTH} levels") from None
    where = find_surrogate(value)
    if where is not None:
        raise _bad(surrogate_reason(where))
    return value


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest, strings ignored; linear, with no recursion."""
    depth = deepest = 0
    for match in _BRACKET_RE.finditer(_JSON_STRING_RE.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_doc_id(doc_id: str) -> None:
    """400 for an id no reader could type or link to: empty, too long, slashes, control characters."""
    if not doc_id:
        raise HTTPParamError("doc_id", "the document id is empty")
    if len(doc_id) > MAX_ID_CHARS:
        raise HTTPParamError("doc_id", f"the document id has {len(doc_id)} characters; at most {MAX_ID_CHARS}")
    if "/" in doc_id or "\\" in doc_id:
        raise HTTPParamError("doc_id", "the document id may not contain '/' or '\\'")
    for char in doc_id:
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            raise HTTPParamError("doc_id", f"the document id contains the control character U+{ord(char):04X}")


def _bad(message: str) -> HTTPParamError:
    return HTTPParamError(None, message)
