"""Runs one benchmark by name: ``python -m bench speed``."""

from __future__ import annotations

import importlib
import sys

BENCHES = ("speed", "extraction", "relevance", "langid", "kkstem", "serve", "store", "readers", "translations",
           "screenshots", "variants", "duplicates",
           "scale", "ann", "embedcost")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHES:
        print(f"usage: python -m bench NAME [options]; NAME is one of: {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.{argv[0]}")
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
