"""The indexer: reads documents, enriches them (language, countries, themes, dates), builds the index."""

import analyzers  # noqa: F401  first: its thread settings must precede numpy (analyzers/__init__.py)
