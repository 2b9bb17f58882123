"""A read replica (``peacesearch serve --follow DIR``): serves the index that ``peacesearch publish`` copies
into DIR, switches to each newly published copy, and never writes DIR. Edits belong to the editor machine
(which owns the document store and builds the index): on a replica every editing request is refused with a
403 in the one error shape, naming where to edit instead, and no background sync runs."""

from __future__ import annotations

import falcon

from search_api.config import AppConfig


def replica_message(config: AppConfig, what: str = "edits") -> str:
    where = f"the editor server ({config.editor_url})" if config.editor_url else "the editor server"
    return f"this server is a read replica of a published index; {what} are handled by {where}"


def refuse_if_replica(config: AppConfig) -> None:
    """Stops an editing request on a replica before anything else is checked (the token included)."""
    if config.follow:
        raise falcon.HTTPForbidden(title="Read replica", description=replica_message(config))


class ReplicaRefusal:
    """Stands in for the routes that need the document store on a replica started without one
    (revisions, jobs): they are answered on the editor server."""

    def __init__(self, config: AppConfig, what: str) -> None:
        self.config = config
        self.what = what

    def _refuse(self) -> None:
        raise falcon.HTTPForbidden(title="Read replica", description=replica_message(self.config, self.what))

    def on_get(self, req: falcon.Request, resp: falcon.Response, **params) -> None:
        self._refuse()

    def on_post_restore(self, req: falcon.Request, resp: falcon.Response, **params) -> None:
        raise falcon.HTTPForbidden(title="Read replica", description=replica_message(self.config))
