"""Did you mean: the closest known words for a query word the index does not know, or for a rare word when
the search found little.

Candidates come from the index's own vocabulary, so nothing is precomputed and a new generation is always
in step: a word's analysed term (its stem) is looked up in its language's text field, and the terms within
one or two edits (Whoosh ``terms_within``) are ranked by edit distance, then by how many documents hold
them. A stem is not what a reader types, so the chosen term is mapped back to a word: the word as some
document writes it, with the reader's own ending kept when that ending still gives the chosen stem
(``violance`` → term ``violanc`` → ``violenc`` → ``violence``; ``женшинам`` → ``женщинам``).

A word is looked for in the languages its script can be: Latin words in English, Cyrillic words in
Russian and Kazakh (only Kazakh when it has Kazakh letters). Kazakh typed without its letters or in Latin
is not misspelt: the folded word-start field finds it (analyzers/kazakh_fold.py), so it counts as known.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import Stemmer
from whoosh.searching import Searcher

from analyzers import analyze_terms, analyzer_for, detect_language
from analyzers.chains import WORD_START_LANGUAGES, analyze_word_starts
from analyzers.kazakh import STEM_MAX_LENGTH
from analyzers.kazakh_fold import KAZAKH_LETTERS
from analyzers.kazakh_script import has_latin
from analyzers.tokenize import WORD_RE
from indexer.schema import other_analyzer, text_field, word_start_field
from search_api.pageparts import page_url
from search_api.segments import terms_within

# A search with fewer pages holding every word than this is poor: its rare words get suggestions too (one
# edit away and RARER_BY times more frequent), not only its unknown ones.
POOR = 1
# When no page has every word, a word found in one document only (likely a slip there too) is replaced by a
# word one edit away that is this many times more frequent (in documents).
RARER_BY = 10
RARE = 2  # documents: a word in this many is known well enough (and a stop word counts as known)
# Stems shorter than this get no suggestion (two edits of a three-letter stem is another word); from
# LONG_STEM letters on (Kazakh: its stems' cap of 6, where a slip may be all that shows), two edits are allowed.
MIN_STEM = 4
LONG_STEM = 7
WRITTEN_TRIED = 3  # nearest terms written back as words, to pick the closest to what was typed
MAX_DOCS_READ = 3  # documents read to find how a suggested stem is written
MAX_CHARS_READ = 10_000
_RUSSIAN_STEMMER = Stemmer.Stemmer("russian")
_OTHER_ANALYZER = other_analyzer()
LABELS = {"en": "Did you mean:", "ru": "Возможно, вы имели в виду:", "kk": "Мүмкін, сіз мынаны іздедіңіз:"}


@dataclass
class _Candidate:
    distance: int
    frequency: int
    lang: str
    term: str


def suggest(searcher: Searcher, text: str, words: list[str], complete: int) -> list[dict]:
    """The corrected query, when some word of it has a better-known neighbour: ``[{"text", "words"}]`` (the
    whole query with the words replaced, and each replaced word → its replacement), else ``[]``."""
    reader = searcher.reader()
    poor = complete < POOR
    known = {word: _known(reader, word) for word in dict.fromkeys(words)}
    doubtful = [word for word, count in known.items() if _doubtful(reader, word, count, poor)]
    if not doubtful:
        return []
    detected = detect_language(text)  # only now: detecting costs more than looking words up
    corrections: dict[str, str] = {}
    for word in doubtful:
        replacement = _correct(reader, word, detected, known[word])
        if replacement and replacement.lower() != word.lower():
            corrections[word] = _same_case(word, replacement)
    if not corrections:
        return []
    corrected = WORD_RE.sub(lambda m: corrections.get(m.group(), m.group()), text)
    return [{"text": corrected, "words": corrections}]


def _langs(word: str, detected: str | None = None) -> list[str]:
    """The languages a word is looked for in, most likely first (Cyrillic words without Kazakh letters: by
    the query's detected language when it is known)."""
    if has_latin(word):
        return ["en"]
    if KAZAKH_LETTERS & set(word.lower()):
        return ["kk"]
    return ["kk", "ru"] if detected == "kk" else ["ru", "kk"]


def _terms(word: str, lang: str) -> list[str]:
    return list(dict.fromkeys(analyze_terms(word, lang)))


def _frequency(reader, field: str, terms: list[str]) -> int:
    return sum(reader.doc_frequency(field, term) for term in terms) if field in reader.schema else 0


def _known(reader, word: str) -> int:
    """In how many documents the word's terms occur, in the language it is most often found in (text in none
    of ours counts too: a Kyrgyz or Uzbek word is no misspelling)."""
    terms = {lang: _terms(word, lang) for lang in _langs(word)}
    if not all(terms.values()):
        return RARE  # a stop word of one of its languages: nothing to correct
    other = [token.text for token in _OTHER_ANALYZER(word)]
    return max(_frequency(reader, text_field("other"), other),
               *(_frequency(reader, text_field(lang), lang_terms) for lang, lang_terms in terms.items()))


def _doubtful(reader, word: str, known: int, poor: bool) -> bool:
    """Unknown to the index, or rare when no page has every word; Kazakh typed without its letters is not
    doubtful when the folded word starts hold it."""
    if known > 1 or (known and not poor):
        return False
    return known > 0 or not _known_as_kazakh(reader, word)


def _correct(reader, word: str, detected: str, known: int) -> str | None:
    """A better-known word for a doubtful ``word``, or None. Of the nearest terms (by edit distance, then by
    documents), the few best are written back as words and the one closest to what was typed wins: a slip
    in a long Kazakh word may change its capped stem more than its whole (Түікменстандағы → Түрікменстандағы,
    not Түрмеден)."""
    if has_latin(word) and detected == "kk":
        return None  # Latin Kazakh: its stems are Cyrillic, not a word to show the reader
    candidates: list[tuple[_Candidate, str]] = []
    for rank, lang in enumerate(_langs(word, detected)):
        for typed_term in _readings(word, lang):
            for candidate in _neighbours(reader, text_field(lang), typed_term, need=max(1, known * RARER_BY),
                                         maxdist=1 if known else 2):
                candidate.distance += rank  # the less likely language must be clearly better
                candidates.append((candidate, typed_term))
    candidates.sort(key=lambda pair: (pair[0].distance, -pair[0].frequency))
    lowered = word.lower()
    best: tuple[int, int, int, str] | None = None
    for candidate, typed_term in candidates[:WRITTEN_TRIED]:
        written = _written(reader, word, typed_term, candidate)
        # A known word is replaced only for a slip; an unknown one for a word not much further from it.
        if written and edit_distance(written, lowered) <= (1 if known else max(1, len(lowered) // 4)):
            key = (edit_distance(written, lowered), candidate.distance, -candidate.frequency, written)
            best = key if best is None or key < best else best
    return best[3] if best else None


def _readings(word: str, lang: str) -> list[str]:
    """The stems a misspelt word may have: its analysed term, and for Russian the plain Snowball stem too
    (the lemmatiser guesses unknown words badly: ``насиле`` → ``нас``)."""
    terms = _terms(word, lang)
    if len(terms) != 1:
        return []  # a hyphenated or split word: no single stem to correct
    readings = [terms[0]]
    if lang == "ru":
        readings.append(_RUSSIAN_STEMMER.stemWord(word.lower().replace("ё", "е")))
    return [term for term in dict.fromkeys(readings) if len(term) >= MIN_STEM]


def _known_as_kazakh(reader, word: str) -> bool:
    """Whether the folded Kazakh word starts hold this word (Kazakh typed in Latin or Russian letters)."""
    return any(_frequency(reader, word_start_field(lang), analyze_word_starts(word, lang)) > 0
               for lang in WORD_START_LANGUAGES)


def _neighbours(reader, field: str, term: str, need: int, maxdist: int) -> list[_Candidate]:
    """Known terms one edit from ``term`` (up to ``maxdist`` for long ones), in at least ``need`` documents."""
    if field not in reader.schema:
        return []
    lang = field.removeprefix("text_")
    found: list[_Candidate] = []
    long = len(term) >= (STEM_MAX_LENGTH if lang == "kk" else LONG_STEM)
    for distance in (1, 2)[:maxdist] if long else (1,):
        for other in terms_within(reader, field, term, distance, prefix=1):  # per segment (search_api/segments.py)
            if any(f.term == other for f in found):
                continue
            frequency = reader.doc_frequency(field, other)
            if frequency >= need:  # the typed stem itself only when another reading of the word gave it
                found.append(_Candidate(0 if other == term else distance, frequency, lang, other))
        if found:
            break
    return found


def _written(reader, word: str, typed_term: str, chosen: _Candidate) -> str | None:
    """The chosen term as a reader would type it: of the ways the first documents holding it write it, the one
    closest to what the reader typed; the reader's word with only its stem replaced when that is closer still
    and gives the term (``violances`` → ``violences``)."""
    lowered = word.lower()
    written = _surfaces(reader, chosen)
    best = min(written, key=lambda w: (edit_distance(w, lowered), -written[w]), default=None)
    if best is not None and chosen.distance <= 1 and lowered.replace("і", "и").startswith(typed_term):
        kept_ending = best[:len(chosen.term)] + lowered[len(typed_term):]
        if edit_distance(kept_ending, lowered) < edit_distance(best, lowered) \
                and analyze_terms(kept_ending, chosen.lang) == [chosen.term]:
            return kept_ending
    return best


def _surfaces(reader, chosen: _Candidate) -> dict[str, int]:
    """How often each written form of a term occurs in the first documents that hold it."""
    field = text_field(chosen.lang)
    counts: dict[str, int] = {}
    postings = reader.postings(field, chosen.term)
    for read, docnum in enumerate(postings.all_ids()):
        if read == MAX_DOCS_READ:
            break
        stored = reader.stored_fields(docnum)
        text = f"{stored.get('title', '')}\n{stored.get('body', '')}"[:MAX_CHARS_READ]
        for token in analyzer_for(chosen.lang)(text, chars=True, mode="index"):
            if token.text == chosen.term:
                written = text[token.startchar:token.endchar].lower()
                if written and "-" not in written:
                    counts[written] = counts.get(written, 0) + 1
    return counts


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (short words: the plain dynamic programme is fast enough)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _same_case(typed: str, word: str) -> str:
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def did_you_mean(suggestions: list[dict], params: dict[str, list[str]], ui_lang: str) -> str:
    """The page's "Did you mean: …" line: each suggestion a link that searches it (other parameters kept)."""
    if not suggestions:
        return ""
    links = " · ".join(
        f'<a href="{escape(page_url(params, q=[item["text"]], offset=None))}">{escape(item["text"])}</a>'
        for item in suggestions
    )
    return f'<p class="did-you-mean">{escape(LABELS.get(ui_lang, LABELS["en"]))} {links}</p>'
