"""The search service: one search layer (used by the API, the web page, the CLI and the benchmarks)
and the Falcon app that serves it."""

import analyzers  # noqa: F401  first: its thread settings must precede numpy (analyzers/__init__.py)
