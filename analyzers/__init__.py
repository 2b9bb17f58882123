"""Language handling for peacesearch: detection, per-language Whoosh analyzers, script conversion.

This package knows nothing of the indexer or the API; both sides import it. Whoosh pickles the
analyzers into the index schema, so the classes here must stay importable at these module paths.
"""

import os

# One compute thread per process, idle threads sleeping: read by OpenBLAS (numpy) and libgomp (the embedding
# engine, through the copy usearch loads) when they load, so set here, before either is imported (search_api,
# indexer and bench import this package first). Left to their defaults, both start a thread per core that
# spins after each call: a default search embedding its query took 2.5 s instead of 55 ms on the busy 2-core
# machine, and the cosines over 25,000 vectors doubled their CPU time. A search is one request on one core;
# more cores serve more requests (server workers) or build faster (one indexing process per core). One thread
# also embeds a question faster than two (28 against 39 ms: the matrices are too small to share).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from analyzers.chains import LANGUAGES, analyze_terms, analyzer_for
from analyzers.detect import detect_language

__all__ = ["LANGUAGES", "analyzer_for", "analyze_terms", "detect_language"]
