"""Language handling for peacesearch: detection, per-language Whoosh analyzers, script conversion.

This package knows nothing of the indexer or the API; both sides import it. Whoosh pickles the
analyzers into the index schema, so the classes here must stay importable at these module paths.
"""

from analyzers.chains import LANGUAGES, analyze_terms, analyzer_for
from analyzers.detect import detect_language

__all__ = ["LANGUAGES", "analyzer_for", "analyze_terms", "detect_language"]
