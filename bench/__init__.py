"""Benchmarks: ``python -m bench NAME`` prints a table and writes ``bench/results/NAME.json``."""

import analyzers  # noqa: F401  first: its thread settings must precede numpy (analyzers/__init__.py)
