"""Reader operations that Whoosh does well on one segment but slowly on several, done per segment.

A parallel build publishes a generation of several segments (indexer/parallel.py) until its background
merge (indexer/merge.py) replaces it, and edits add segments to any generation. Whoosh's ``MultiReader`` has
no ``terms_within`` of its own: it falls back to the base class, which computes the edit distance to every
term sharing the prefix (20,000 distances for one misspelt word at 8,000 documents, half of a filtered
search's time), where a segment's reader walks its term list with an automaton.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.codec.base import Automata
from whoosh.reading import IndexReader


def terms_within(reader: IndexReader, field: str, text: str, maxdist: int, prefix: int = 0) -> Iterator[str]:
    """The terms of ``field`` within ``maxdist`` edits of ``text``, each once, in no particular order (as
    ``IndexReader.terms_within``): one automaton (building it is most of the cost at two edits) walks each
    segment's term list."""
    spelling = reader.schema[field].spelling_fieldname(field)
    dfa = Automata.levenshtein_dfa(text, maxdist, prefix)
    seen: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        for term in Automata.find_matches(dfa, leaf.cursor(spelling)):
            if term not in seen:
                seen.add(term)
                yield term
