"""Service configuration, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppConfig:
    index_dir: Path
    warm_up: bool = True  # load the language models before the first request, not during it

    @classmethod
    def from_env(cls) -> AppConfig:
        return cls(index_dir=Path(os.environ.get("PEACESEARCH_INDEX", "var/index")))
