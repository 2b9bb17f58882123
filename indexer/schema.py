"""The index schema: stored fields for display, one analysed text field per language.

Title and body are indexed together in ``text_<lang>`` (measured: one field beats separate title and
body fields on Russian), under the chain of the document's language. Kazakh text is also indexed by
the first letters of its words in ``start_kk`` (a second reading beside the stems: analyzers/kazakh.py).
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter
from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from analyzers import LANGUAGES, analyzer_for
from analyzers.chains import WORD_START_LANGUAGES, word_start_analyzer_for
from analyzers.tokenize import NormalizeFilter, word_tokenizer
from indexer.duplicates import KEY_BYTES, KEY_FIELD

TEXT_LANGS: tuple[str, ...] = (*LANGUAGES, "other")
# Raise when analysis changes what terms a text gives (the analyzers are pickled by reference, so an
# old index would silently be searched with new query terms): an incremental run then rebuilds.
# 2: Kazakh stems capped at 6; 3: Russian function-word lemmas; 4: indeclinables whole;
# 5: Russian lower-case words not read as names; 6: Kazakh word-start field; 7: hyphen parts unstemmed,
# a paragraph's script read from its lower-case words, no guessed patronymics; 8: document vectors;
# 9: sentence vectors; 10: Kazakh word starts folded to a skeleton, stop words also in Russian letters
# (analyzers/kazakh_fold.py);
# 11: no vectors in the index (they follow it, in files beside it: indexer/vector_files.py)
# 12: Kazakh stemmer: past -дық by stem shape, gerund -а after causatives, ordinals, agent -ушы, loans
# 13: Kazakh in the Arabic script indexed as the Cyrillic it spells (analyzers/kazakh_arabic.py)
# 14: the editor's translation_of links
# 15: Kazakh -мақ/-бек after two letters is a noun's end (аймақ, еңбек, өзбек), not an intention; raw pages'
# cp1251 mojibake decoded; a document's sentence vectors are its first six
# 16: short stems by shape: Kazakh дұға, ауған, оқушы, жетім whole; Russian lemmas kept when Snowball leaves < 3
# 17: Kazakh past of vowel-final verbs (деді, оқыды, бастады) and -етін of nouns (үкіметін) read by stem shape
# 18: Kazakh postpositions (жайлы, жөнінде, қатысты, арасында…) are stop words like en about/between, ru о/между
ANALYSIS_VERSION = 18
_VERSION_FILE = "peacesearch-analysis-version"


def text_field(lang: str) -> str:
    """Name of the analysed text field of a language."""
    return f"text_{lang}"


def word_start_field(lang: str) -> str:
    """Name of the field that holds the first letters of each word of a language's text."""
    return f"start_{lang}"


def other_analyzer():
    """Text in none of our languages: words lower-cased, nothing more."""
    return word_tokenizer() | NormalizeFilter() | LowercaseFilter()


def build_schema() -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        "title": STORED(),
        "body": STORED(),
        "lang": ID(stored=True),
        "countries": KEYWORD(stored=True, commas=True),
        "themes": KEYWORD(stored=True, commas=True),
        "themes_basis": STORED(),  # "given", "vector" or "words" (indexer/enrich.py, indexer/embed.py)
        "date": STORED(),
        "date_start": ID(stored=True),  # YYYYMMDD, first day the date covers
        "date_end": ID(stored=True),  # YYYYMMDD, last day it covers
        "source": STORED(),
        "url": STORED(),
        # ids of the editor's other language versions; searchable, so a version lists the documents naming it
        "translation_of": KEYWORD(stored=True, commas=True),
        "origin": ID(stored=True),  # file and line, for reports
        "origin_file": ID(stored=True),  # file, for pruning documents whose file is gone
        "content_hash": STORED(),
        "text_langs": STORED(),  # languages of the text fields this document fills (mixed pages: several)
        KEY_FIELD: COLUMN(FixedBytesColumn(KEY_BYTES)),  # address and text fingerprint (indexer/duplicates.py)
    }
    for lang in TEXT_LANGS:
        analyzer = analyzer_for(lang) if lang in LANGUAGES else other_analyzer()
        fields[text_field(lang)] = TEXT(analyzer=analyzer, stored=False, phrase=True)
    for lang in WORD_START_LANGUAGES:
        fields[word_start_field(lang)] = TEXT(analyzer=word_start_analyzer_for(lang), stored=False, phrase=False)
    return Schema(**fields)


def create_index(directory: Path) -> whoosh_index.Index:
    """A new empty index in ``directory``, marked with the analysis version that writes it."""
    ix = whoosh_index.create_in(str(directory), build_schema())
    (Path(directory) / _VERSION_FILE).write_text(f"{ANALYSIS_VERSION}\n", encoding="utf-8")
    return ix


def is_current(directory: Path) -> bool:
    """True when the index in ``directory`` has this schema and analysis version (else: rebuild it)."""
    try:
        names = set(whoosh_index.open_dir(str(directory)).schema.names())
        version = (Path(directory) / _VERSION_FILE).read_text(encoding="utf-8").strip()
    except (OSError, whoosh_index.EmptyIndexError):
        return False
    return names == set(build_schema().names()) and version == str(ANALYSIS_VERSION)
