"""Service configuration, from arguments, the environment or a config file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_BODY_BYTES = 2_000_000


@dataclass(frozen=True)
class AppConfig:
    index_dir: Path
    token: str | None = None  # editing over HTTP is off without one
    sources: tuple[str, ...] = field(default_factory=tuple)  # what POST /api/v1/reindex rebuilds from
    max_body_bytes: int = MAX_BODY_BYTES
    warm_up: bool = True  # load the language models before the first request, not during it
    store: str | None = None  # the document store: a path or postgresql:// URL (default: beside the index)
    sync_seconds: float = 2.0  # how often a server applies store changes its index lacks (0: never)
    cors_origins: tuple[str, ...] = ("*",)  # origins allowed to read (GET) from a browser; () for none
    follow: bool = False  # a read replica of a published folder (search_api/replica.py): never writes it
    editor_url: str | None = None  # where a replica sends editors (named in its refusals)


def load_token(token_file: str | None = None) -> str | None:
    """The editing token: PEACESEARCH_TOKEN, else the first line of the token file, else None."""
    token = os.environ.get("PEACESEARCH_TOKEN", "").strip()
    if token:
        return token
    path = token_file or os.environ.get("PEACESEARCH_TOKEN_FILE")
    if path and Path(path).is_file():
        first = Path(path).read_text(encoding="utf-8").strip().splitlines()
        return first[0].strip() if first else None
    return None
