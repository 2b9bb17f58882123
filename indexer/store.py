"""Where indexes live: generations in one folder, and an atomic switch between them.

``DIR/current`` is a symlink to the generation readers use. A build writes a new generation beside it,
then replaces the symlink in one ``os.replace``; readers holding the old generation keep it until they
reopen, and old generations are removed only after the switch.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

CURRENT = "current"
GENERATION_PREFIX = "gen-"


class IndexStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        """The generation readers should use, or None when nothing was built yet."""
        link = self.root / CURRENT
        if link.is_symlink() or link.is_dir():
            target = link.resolve()
            return target if target.is_dir() else None
        return None

    def new_generation(self) -> Path:
        """An empty folder for a new build."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        path = self.root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        path.mkdir()
        return path

    def switch_to(self, generation: Path) -> None:
        """Points ``current`` at a finished generation atomically, then removes older ones."""
        self.point_to(generation)
        self.remove_old(keep=generation)

    def point_to(self, generation: Path) -> None:
        """Replaces ``current`` with a link to ``generation`` (a folder in ``root``) in one ``os.replace``."""
        temp = self.root / f".{CURRENT}.{os.getpid()}.tmp"
        if temp.is_symlink() or temp.exists():
            temp.unlink()
        temp.symlink_to(generation.name)
        os.replace(temp, self.root / CURRENT)

    def prune(self, keep: set[str]) -> list[str]:
        """Removes every generation whose name is not in ``keep``; returns the names removed."""
        removed = []
        for path in sorted(self.root.glob(f"{GENERATION_PREFIX}*")):
            if path.is_dir() and not path.is_symlink() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed

    def remove_old(self, keep: Path) -> None:
        for path in self.root.glob(f"{GENERATION_PREFIX}*"):
            if path.is_dir() and path.resolve() != keep.resolve():
                shutil.rmtree(path, ignore_errors=True)

    def remove_generation(self, generation: Path) -> None:
        """Drops a generation that failed to build (never the current one)."""
        if self.current() != generation.resolve():
            shutil.rmtree(generation, ignore_errors=True)
