"""Security headers on every response, page and JSON alike (a small Falcon middleware).

The page needs nothing remote and runs no script: its one inline stylesheet is allowed by its hash,
so the policy holds no ``'unsafe-inline'`` and a stored link or text that slipped through escaping still
could not run script or load anything from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib

import falcon

from search_api.page import STYLE


def _style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    f"style-src {_style_hash(STYLE)}",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Readers' questions are in the page's URL: other sites a result links to are not told them.
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        for name, value in HEADERS.items():
            resp.set_header(name, value)
