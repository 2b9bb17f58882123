"""The indexer: reads documents, enriches them (language, countries, themes, dates), builds the index."""
