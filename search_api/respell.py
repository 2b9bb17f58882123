"""Kazakh typed without its letters, respelt from the index's own words before it is searched.

Readers type Kazakh on a Russian keyboard (``айелдер кукыгы``), in Latin without diacritics (``aielder
qukygy``) or in the 2018 acute alphabet (``áıelder quqyǵy``, whose plain i and ı are swapped against 2021).
Read in Cyrillic, such a word differs from the proper one only in letters that the skeleton fold merges
(analyzers/kazakh_fold.py). The folded word-start field finds it, but by its first letters only and at a
lower weight, and the model, the concepts and the thesaurus read it as typed, so they miss it. Here the
word is given back its Kazakh letters, and the query is then read as if the reader had typed them
(search_api/query.py): its proper stems searched at full weight, the respelt text read by language
detection, the concepts, the thesaurus and the embedding model; the words as typed are searched too.

Which letters are proper is read from the index: of the Kazakh stems (``text_kk``) that share the typed
stem's skeleton, the one in the most documents. Its letters replace the typed ones they fold to; the rest
of the word (its endings) gets the letters vowel harmony gives. A word whose stem has no such neighbour
(``ауган``: the proper ``ауған`` is stemmed ``ау``) is respelt by harmony alone (``informal_to_cyrillic``).
The lookup (skeleton → stem) is made once per index version and process from the field's vocabulary (441
pages: 2,640 skeletons in 0.03–0.09 s), so a word costs a dictionary lookup and the analysis of a few
spellings (0.2–1 ms), and is remembered for the next query.

A respelling is kept only when the index prefers it: its stems are in ``PREFER`` times the documents of the
stems as typed, and in ``OTHER_PREFER`` times those holding the word as typed in the other language its
script can be (Russian for Cyrillic, English for Latin): a Russian word typed correctly stays Russian.
Words with a letter only Kazakh has are left as typed. ``PEACESEARCH_RESPELL=0`` switches respelling off.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from analyzers import analyze_terms
from analyzers.kazakh_fold import fold_kazakh, may_be_sloppy_kazakh
from analyzers.kazakh_script import has_latin, latin_to_cyrillic
from analyzers.latin_kazakh_query import informal_to_cyrillic
from analyzers.tokenize import WORD_RE
from indexer.schema import text_field
from search_api.meaning import generation_of

FIELD = text_field("kk")
# The respelt stems must be in this many times the documents of the stems as typed (a spelling the index
# holds is kept unless the other is clearly preferred; bench variants, tune half: 1, 2 and 4 give the same,
# the sloppy stems being in no page there).
PREFER = 2
# ... and in this many times the documents holding the word as typed in Russian (Cyrillic) or English (Latin).
# bench readers: no Russian word of its 45 queries is respelt; of the English ones only ``Janaozen`` (→ Жаңаөзен).
OTHER_PREFER = 3
MIN_LETTERS = 3  # shorter words are too ambiguous to respell
_FRONT, _BACK = frozenset("әеіөү"), frozenset("аоұы")  # vowels by harmony (и and у are either)
_VOWELS = frozenset("аәеиоөуұүыіэюя")
_AFTER_VOWEL_I_RE = re.compile(r"(?<=[аәеиоөуұүыі])и")
_FOLDED_IN_STEMS = frozenset("иех")  # a stem's и may be written і or й, е may be э, х may be һ
_MARKED = frozenset("äğñöşūüáǵńóúý")  # Latin letters that show which alphabet a word is in
_SWAP_I = str.maketrans({"і": "и", "и": "і", "й": "і"})  # a word read in 2021 Latin, read in 2018 instead

KEPT_LOOKUPS = 4  # index versions whose lookups a process keeps (a commit makes a new one)
KEPT_WORDS = 20_000  # respelt words remembered per version

_UNKNOWN = object()
_lock = threading.Lock()
# (generation, its segments) → skeleton lookup: shared by the threads of a process, whose readers differ
_lookups: OrderedDict[tuple[str, tuple[str, ...]], tuple[dict[str, tuple[str, int]], dict]] = OrderedDict()


def enabled() -> bool:
    return os.environ.get("PEACESEARCH_RESPELL", "1") != "0"


@dataclass(frozen=True)
class Respelt:
    """A word's proper Kazakh spelling (lower case, as the embedding model should read it) and the Kazakh
    stems to search for it."""

    text: str
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Spellings:
    """Respelling against one index version: ``best`` maps a skeleton to the Kazakh stem of that skeleton in
    most documents, with that count; ``reader`` counts the documents of other terms."""

    reader: IndexReader
    best: dict[str, tuple[str, int]]
    known: dict[str, Respelt | None]  # words respelt before against this version (shared by its threads)

    def respell(self, word: str) -> Respelt | None:
        """The word with its Kazakh letters restored, or None: it has Kazakh letters already, is short, is a
        stop word, or the index does not prefer another spelling."""
        if not may_be_sloppy_kazakh(word) or sum(ch.isalpha() for ch in word) < MIN_LETTERS:
            return None
        known = self.known.get(word, _UNKNOWN)  # one lookup: another thread may clear the dict meanwhile
        if known is not _UNKNOWN:
            return known
        if len(self.known) >= KEPT_WORDS:
            self.known.clear()
        found = self.known[word] = self._respell(word)
        return found

    def _respell(self, word: str) -> Respelt | None:
        parts = word.split("-")  # қуғын-сүргін: each part by itself
        found = [self._respell_part(part) for part in parts]
        if all(part is None for part in found):
            return None
        text = "-".join(respelt.text if respelt else _readings(part)[0]
                        for part, respelt in zip(parts, found, strict=True))
        typed = set(analyze_terms(word, "kk"))
        return Respelt(text, tuple(stem for stem in dict.fromkeys(analyze_terms(text, "kk")) if stem not in typed))

    def respell_all(self, words: list[str]) -> dict[str, Respelt]:
        """Each word of a query that is respelt → its respelling."""
        return {word: found for word in dict.fromkeys(words) if (found := self.respell(word))}

    def _respell_part(self, word: str) -> Respelt | None:
        typed = analyze_terms(word, "kk")  # as the index reads the word typed
        if not typed or sum(ch.isalpha() for ch in word) < MIN_LETTERS:
            return None  # a stop word
        typed_docs = max(self.reader.doc_frequency(FIELD, term) for term in typed)
        elsewhere: int | None = None
        for text in dict.fromkeys(self._candidates(word)):
            stems = tuple(dict.fromkeys(analyze_terms(text, "kk")))
            same = set(stems) == set(typed)  # only letters the stems fold away (і, ө in a long word) differ
            if not stems or same and text == word.lower():
                continue
            docs = typed_docs if same else min(self.reader.doc_frequency(FIELD, stem) for stem in stems)
            if docs < max(1, 0 if same else PREFER * typed_docs):
                continue
            if elsewhere is None:
                elsewhere = _known_elsewhere(self.reader, word)
            if docs >= OTHER_PREFER * elsewhere:
                return Respelt(text, () if same else stems)
        return None

    def _candidates(self, word: str) -> list[str]:
        """Spellings the word may stand for, most likely first: each Cyrillic reading of it with the letters of
        the index's stem of its skeleton, the rest by vowel harmony; then by harmony alone."""
        readings = _readings(word)
        harmonise = not has_latin(word) or word.isascii() or len(readings) > 1
        candidates: list[str] = []
        for reading in readings:
            for term in analyze_terms(reading, "kk")[:1]:
                found = self.best.get(fold_kazakh(term))
                if found is not None:
                    candidates.append(_with_stem(reading, found[0], harmonise))
        if harmonise:
            candidates += [informal_to_cyrillic(reading) for reading in readings]
        return candidates


def spellings_for(searcher: Searcher) -> Spellings | None:
    """The ``Spellings`` of a searcher's index version (its lookup made once per process and version); None
    when respelling is off or the index has no Kazakh text."""
    if not enabled():
        return None
    reader = searcher.reader()
    key = (str(generation_of(searcher)),
           tuple(sorted(leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if hasattr(leaf, "segment"))))
    with _lock:
        lookup = _lookups.get(key)
    if lookup is None:
        lookup = (_best_stems(reader), {})
        with _lock:
            _lookups[key] = lookup
            while len(_lookups) > KEPT_LOOKUPS:
                _lookups.popitem(last=False)
    return Spellings(reader, *lookup) if lookup[0] else None


def respelt_text(text: str, respelt: dict[str, Respelt], convert: bool = False) -> str:
    """The query's text with its respelt words in their Kazakh spelling (the first letter's case kept); with
    ``convert`` (a query read as Kazakh), its other words that may be Kazakh typed sloppily too, in Cyrillic with
    the letters vowel harmony gives (acronyms such as NEET kept)."""
    def replace(match: re.Match[str]) -> str:
        word = match.group()
        found = respelt.get(word)
        if found is not None:
            return found.text[:1].upper() + found.text[1:] if word[:1].isupper() else found.text
        if convert and may_be_sloppy_kazakh(word) and not (len(word) > 1 and word.isupper()):
            return informal_to_cyrillic(_readings(word)[0])
        return word
    return WORD_RE.sub(replace, text) if respelt or convert else text


def _best_stems(reader: IndexReader) -> dict[str, tuple[str, int]]:
    """Skeleton → the Kazakh stem of that skeleton in most documents, and their number."""
    best: dict[str, tuple[str, int]] = {}
    if FIELD not in reader.schema:
        return best
    for raw, info in reader.iter_field(FIELD):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        docs = info.doc_frequency()
        key = fold_kazakh(term)
        held = best.get(key)
        if held is None or docs > held[1]:
            best[key] = (term, docs)
    return best


def _readings(word: str) -> list[str]:
    """A word read in Cyrillic, lower case, most likely reading first. Cyrillic: as typed. Latin without
    diacritics: with the letters harmony restores. Latin with a letter of the 2021 alphabet (ä ğ ñ ö ş ū ü) or
    of the 2018 one (á ǵ ń ó ú ý): as that alphabet writes it. Latin whose only mark is ı (either alphabet:
    2021 ı is і, 2018 ı is и, and their i are swapped): both."""
    lowered = word.lower()
    if not has_latin(lowered):
        return [lowered]
    if lowered.isascii():
        return [informal_to_cyrillic(lowered)]
    read = _AFTER_VOWEL_I_RE.sub("й", latin_to_cyrillic(lowered))  # both alphabets write й as i or ı
    if _MARKED & set(lowered):
        return [read]
    return [read, read.translate(_SWAP_I)]


def _with_stem(typed: str, stem: str, harmonise: bool) -> str:
    """``typed`` with the letters of the index ``stem`` put where they fold to the same skeleton, from the start
    for as long as they do (кукыгы + құқық → құқыгы); with ``harmonise``, the other letters as vowel harmony
    gives them (→ құқығы). Stems write і and й as и: there the typed letter stays, or harmony decides."""
    letters = list(typed)
    fixed = [False] * len(letters)
    matched = 0
    for index, letter in enumerate(typed):
        if matched >= len(stem) or fold_kazakh(letter) != fold_kazakh(stem[matched]):
            break
        if stem[matched] not in _FOLDED_IN_STEMS:
            letters[index], fixed[index] = stem[matched], True
        matched += 1
    return _harmonised(letters, fixed) if harmonise else "".join(letters)


def _harmonised(letters: list[str], fixed: list[bool]) -> str:
    """The letters not ``fixed`` as Kazakh vowel harmony writes them: after a front vowel, и is і, о is ө and у
    before a consonant is ү; after a vowel, и is й; г and к are ғ and қ beside a back vowel (the next vowel, or
    the last one at the end of the word)."""
    out = list(letters)
    previous: str | None = None
    for index, letter in enumerate(out):
        if not fixed[index]:
            after_vowel = index > 0 and out[index - 1] in _VOWELS
            following = out[index + 1] if index + 1 < len(out) else ""
            if letter == "и" and after_vowel:
                out[index] = "й"
            elif previous == "front" and letter in "ио" and not (letter == "и" and after_vowel):
                out[index] = {"и": "і", "о": "ө"}[letter]
            elif previous == "front" and letter == "у" and following and following not in _VOWELS:
                out[index] = "ү"
        previous = _harmony(out[index]) or previous
    for index, letter in enumerate(out):
        if fixed[index] or letter not in "гк":
            continue
        after = next((cls for cls in map(_harmony, out[index + 1:]) if cls), None)
        before = next((cls for cls in map(_harmony, reversed(out[:index])) if cls), None)
        if (after or before) == "back":
            out[index] = "ғ" if letter == "г" else "қ"
    return "".join(out)


def _harmony(letter: str) -> str | None:
    return "front" if letter in _FRONT else "back" if letter in _BACK else None


def _known_elsewhere(reader: IndexReader, word: str) -> int:
    """In how many documents the word as typed is found in the other language its script can be (Latin:
    English; Cyrillic: Russian); a stop word there counts as found in every document."""
    lang = "en" if has_latin(word) else "ru"
    field = text_field(lang)
    if field not in reader.schema:
        return 0
    terms = analyze_terms(word, lang)
    if not terms:
        return reader.doc_count()
    return max(reader.doc_frequency(field, term) for term in terms)
