"""Concepts across languages: the archive's key terms in English, Russian and Kazakh
(``analyzers/data/thesaurus.tsv``, edited without code; README "Thesaurus").

A reader who types ``бытовое насилие`` wants the Kazakh pages on ``тұрмыстық зорлық-зомбылық`` and the
English ones on ``domestic violence`` too. A query's words are compared with each entry after each
language's analysis, so word forms match (``бытовом насилии``, Latin-script Kazakh); the words an entry
covers then also accept the entry's other wordings, in every language, at ``WEIGHT`` of a typed word.
The query (search_api/query.py) adds them as one more alternative of each covered word, so a page with
the translated term counts as having those words.

Search by meaning reads the query said in the other languages through the same entries (``renderings``;
search_api/graded.py: ``meaning_texts``), so that the embedding model too meets the pages in those languages;
there a word naming a country is said too (``Өзбекстандағы`` → Uzbekistan, Узбекистан), and entries marked ``~``
(everyday words: rights, law, school) serve only this reading, never the words searched.
Kazakh typed without its letters meets its entries by folded stems (``Thesaurus.spans``).

Only the readers' default search (``match=graded``) expands: ``match=all`` and ``match=any`` keep to
the words typed. ``PEACESEARCH_THESAURUS=0`` switches the thesaurus off (bench/readers.py measures it so).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from whoosh import query as wq

from analyzers import analyze_terms
from analyzers.chains import DATA_DIR
from analyzers.kazakh_fold import fold_kazakh
from analyzers.tokenize import WORD_RE
from indexer.extract.countries import WEIGHTS, countries_named, country_labels
from indexer.schema import text_field

PATH = DATA_DIR / "thesaurus.tsv"
LANGS = ("en", "ru", "kk")  # the file's columns, in order
SEPARATOR = "|"
MEANING_ONLY = "~"  # a line starting so is said to search by meaning only (``Thesaurus.meaning_only``)
# An equivalent counts this much of a word typed (BM25F boost on its terms): less, so that the pages with the
# reader's own words stay ahead of translations. pages-dev tune half (bench/readers.py), nDCG@10 of the
# default search: 0.3 → 0.527, 0.5 → 0.535, 0.7 → 0.538, 1.0 → 0.539 (no thesaurus: 0.513).
WEIGHT = 0.7
COUNTRY_NAME = WEIGHTS["names"]  # renderings say a country in the other languages when a word is its name
MATCH_GRADED = "graded"  # search_api/query.py's name for the readers' default
FOLDED = "kk-folded"  # the key of Kazakh wordings' folded terms in ``Thesaurus.starts``
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wording:
    """One way of saying a concept: its language and, per content word, that word's analysed terms."""

    lang: str
    text: str
    words: tuple[frozenset[str], ...]
    # Kazakh: per word, its terms folded (analyzers/kazakh_fold.py: ә/а, қ/к, ұ/ү/у, і/ы/и… merged), which a
    # word typed without Kazakh letters, or respelt imperfectly, shares with the proper spelling.
    folds: tuple[frozenset[str], ...] = ()

    def query(self, weight: float) -> wq.Query:
        """Every term of this wording in its language's field (a hyphenated word's terms: the whole and its
        parts, all of which the index holds for a page with that word)."""
        field_name = text_field(self.lang)
        parts = [wq.Term(field_name, term, boost=weight) for terms in self.words for term in sorted(terms)]
        return parts[0] if len(parts) == 1 else wq.And(parts)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Thesaurus:
    concepts: list[tuple[Wording, ...]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # (language, a term of a wording's first word) → (concept number, wording): where matching starts.
    # A query word matches a wording's word when it has all of its terms (``ООН-Женщины`` is not ``женщины``).
    starts: dict[tuple[str, str], list[tuple[int, Wording]]] = field(default_factory=dict)
    # Concepts said to search by meaning only (lines marked ``~``): everyday words whose equivalents would flood
    # the word matches (rights, law, language) but which, translated, bring the query's vector to the pages in
    # the other languages.
    meaning_only: set[int] = field(default_factory=set)

    def add(self, wordings: tuple[Wording, ...], meaning_only: bool = False) -> None:
        number = len(self.concepts)
        self.concepts.append(wordings)
        if meaning_only:
            self.meaning_only.add(number)
        for wording in wordings:
            for term in wording.words[0]:
                self.starts.setdefault((wording.lang, term), []).append((number, wording))
            for fold in wording.folds[0] if wording.folds else ():
                self.starts.setdefault((FOLDED, fold), []).append((number, wording))

    def matches(self, words: Sequence[str]) -> dict[int, set[int]]:
        """Query word position → the concepts whose wording (in some language) covers it and whose
        equivalents the query searches (not those for meaning only)."""
        covered: dict[int, set[int]] = {}
        for number, positions in self.spans(words):
            if number in self.meaning_only:
                continue
            for position in positions:
                covered.setdefault(position, set()).add(number)
        return covered

    def spans(self, words: Sequence[str]) -> list[tuple[int, tuple[int, ...]]]:
        """Each place a concept's wording (in some language) matches the query: (concept number, the
        positions of the query words it covers)."""
        found: list[tuple[int, tuple[int, ...]]] = []
        for lang in LANGS:
            # the query's content words in this language (stop words skipped, as the query skips them)
            content = [(position, terms) for position, word in enumerate(words) if (terms := _word_terms(word, lang))]
            for start, (_, terms) in enumerate(content):
                for term in terms:
                    for number, wording in self.starts.get((lang, term), ()):
                        span = content[start:start + len(wording.words)]
                        if len(span) == len(wording.words) and all(
                                want <= have for (_, have), want in zip(span, wording.words, strict=True)):
                            found.append((number, tuple(position for position, _ in span)))
        # Kazakh typed without its letters (or respelt imperfectly): the words no wording matched meet the
        # Kazakh wordings by their folded terms (stems; a word's first letters alone would take қазақстандық
        # for қазақ)
        matched = {position for _, positions in found for position in positions}
        content = [(position, folds) for position, word in enumerate(words)
                   if _word_terms(word, "kk") and (folds := _word_folds(word))]
        for start, (_, folds) in enumerate(content):
            for number, wording in {item for fold in folds for item in self.starts.get((FOLDED, fold), ())}:
                span = content[start:start + len(wording.folds)]
                if len(span) == len(wording.folds) and not matched & {position for position, _ in span} and all(
                        want <= have for (_, have), want in zip(span, wording.folds, strict=True)):
                    found.append((number, tuple(position for position, _ in span)))
        return found

    def rendering(self, words: Sequence[str], lang: str, names: Mapping[int, str] | None = None) -> str | None:
        """The query said in ``lang`` as far as the thesaurus knows it: each run of words a concept covers
        (the longest concept first) replaced by that concept's first wording in ``lang``, each other word
        ``names`` says in ``lang`` (position → wording: a country's name; it wins over a concept of that word
        alone) replaced by that, the rest kept as typed. None when nothing was replaced."""
        said = self.said(words, lang, names)
        return said[0] if said else None

    def said(self, words: Sequence[str], lang: str,
             names: Mapping[int, str] | None = None) -> tuple[str, float] | None:
        """``rendering`` and the share of the query's words it says in ``lang`` (the rest are as typed)."""
        replaced: dict[int, tuple[int, str]] = {}  # first position → (last position, wording)
        taken: set[int] = set()
        spans = sorted(set(self.spans(words)), key=lambda item: (-len(item[1]), item[1][0], item[0]))
        for number, positions in spans:
            wording = next((w.text for w in self.concepts[number] if w.lang == lang), None)
            if wording is None or taken & set(range(positions[0], positions[-1] + 1)) or (
                    len(positions) == 1 and positions[0] in (names or {})):  # Киргизии: the country, not the people
                continue
            taken.update(range(positions[0], positions[-1] + 1))
            replaced[positions[0]] = (positions[-1], wording)
        for position, wording in (names or {}).items():
            if position not in taken:
                replaced[position] = (position, wording)
        if not replaced:
            return None
        parts: list[str] = []
        position = 0
        while position < len(words):
            if position in replaced:
                last, wording = replaced[position]
                parts.append(wording)
                position = last + 1
            else:
                parts.append(words[position])
                position += 1
        share = sum(last - first + 1 for first, (last, _) in replaced.items()) / len(words)
        return " ".join(parts), share


def enabled() -> bool:
    return os.environ.get("PEACESEARCH_THESAURUS", "1") != "0"


def expansions(words: Sequence[str], match: str = MATCH_GRADED) -> dict[str, list[wq.Query]]:
    """Query word (as typed) → its equivalents' queries, to add as alternatives of that word. Empty unless
    the search is the readers' default and the thesaurus is on."""
    if match != MATCH_GRADED or not enabled() or not words:
        return {}
    found: dict[str, list[wq.Query]] = {}
    thesaurus = default()
    for position, numbers in _matches(tuple(words)).items():
        queries = found.setdefault(words[position], [])
        for number in sorted(numbers):
            queries += [wording.query(WEIGHT) for wording in thesaurus.concepts[number]]
    return found


def renderings(text: str, own: str) -> list[str]:
    """``text`` said in each thesaurus language but ``own`` (the query's), through the concepts it names:
    what search by meaning also reads (search_api/graded.py: ``meaning_vector``). Empty when the thesaurus
    is off or names nothing in the text."""
    return [said for _, said, _ in renderings_by_language(text, own)]


def renderings_by_language(text: str, own: str) -> list[tuple[str, str, float]]:
    """``renderings`` with the language each is said in and the share of the query's words said in it (the
    others are as typed): (language, text, share)."""
    if not enabled():
        return []
    return list(_renderings(text, own))


@lru_cache(maxsize=1024)
def _renderings(text: str, own: str) -> tuple[tuple[str, str, float], ...]:
    words = WORD_RE.findall(text)
    if not words:
        return ()
    countries = _countries(tuple(words))
    found: dict[str, tuple[str, float]] = {}  # text → (language, share): the first language that says it so
    for lang in LANGS:
        if lang == own:
            continue
        said = default().said(words, lang, {position: country_labels(lang)[code]
                                            for position, code in countries.items()})
        if said and said[0] != " ".join(words):
            found.setdefault(said[0], (lang, said[1]))
    return tuple((lang, said, share) for said, (lang, share) in found.items())


def _countries(words: tuple[str, ...]) -> dict[int, str]:
    """Query word position → the country that word names by its name (``Өзбекстандағы``, ``Киргизии``):
    said in the other languages too, the small model meets the pages that name it in theirs (a word naming
    two countries, or one only by an adjective, is left as typed)."""
    found: dict[int, str] = {}
    for position, word in enumerate(words):
        codes = _country_named(word)
        if len(codes) == 1:
            found[position] = next(iter(codes))
    return found


@lru_cache(maxsize=8192)
def _country_named(word: str) -> frozenset[str]:
    return frozenset(countries_named(word, min_weight=COUNTRY_NAME)) if len(word) > 2 else frozenset()


@lru_cache(maxsize=1024)
def _matches(words: tuple[str, ...]) -> dict[int, set[int]]:
    return default().matches(words)


@cache
def default() -> Thesaurus:
    """The thesaurus file of this installation (read once per process; problems logged, never raised)."""
    thesaurus = load(PATH)
    for problem in thesaurus.problems:
        _log.warning("%s %s: skipped", PATH, problem)
    return thesaurus


def load(path: Path) -> Thesaurus:
    """The concepts of a thesaurus file; lines that cannot be read are listed in ``problems``."""
    thesaurus = Thesaurus()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        thesaurus.problems.append(Problem(0, f"cannot read the file ({exc})"))
        return thesaurus
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        meaning_only = line.startswith(MEANING_ONLY)
        columns = line.removeprefix(MEANING_ONLY).rstrip("\r").split("\t")
        if len(columns) != len(LANGS):
            thesaurus.problems.append(Problem(number, f"{len(columns)} TAB-separated columns, expected "
                                                      f"{len(LANGS)} ({', '.join(LANGS)})"))
            continue
        wordings: list[Wording] = []
        for lang, cell in zip(LANGS, columns, strict=True):
            for text in (part.strip() for part in cell.split(SEPARATOR)):
                words = tuple(terms for word in WORD_RE.findall(text) if (terms := frozenset(_terms(word, lang))))
                if words:
                    folds = tuple(frozenset(map(fold_kazakh, terms)) for terms in words) if lang == "kk" else ()
                    wordings.append(Wording(lang, text, words, folds))
                elif text:
                    thesaurus.problems.append(Problem(number, f"{lang} {text!r} has no searchable word"))
        if len({wording.lang for wording in wordings}) < 2:
            thesaurus.problems.append(Problem(number, "a concept needs wordings in at least two languages"))
            continue
        thesaurus.add(tuple(wordings), meaning_only)
    return thesaurus


@lru_cache(maxsize=8192)
def _word_terms(word: str, lang: str) -> frozenset[str]:
    return frozenset(_terms(word, lang))


@lru_cache(maxsize=8192)
def _word_folds(word: str) -> frozenset[str]:
    """A word's Kazakh terms folded (Latin read in Cyrillic by the analysis): the same however its letters
    were typed (турмыстык, turmystyq, тұрмыстық). Not its first letters, as the word-start field has them:
    қазақстандық would meet қазақ(тар)."""
    return frozenset(map(fold_kazakh, _word_terms(word, "kk")))


def _terms(word: str, lang: str) -> list[str]:
    return analyze_terms(word, lang)


def main(argv: list[str]) -> int:
    """``python -m search_api.thesaurus [FILE] [QUERY…]``: checks a thesaurus file, and shows what queries match."""
    path = Path(argv[0]) if argv and argv[0].endswith((".tsv", ".txt")) else PATH
    queries = argv[1:] if argv and argv[0].endswith((".tsv", ".txt")) else argv
    thesaurus = load(path)
    print(f"{path}: {len(thesaurus.concepts)} concepts, {len(thesaurus.problems)} problems")
    for problem in thesaurus.problems:
        print(f"  {problem}")
    for text in queries:
        words = WORD_RE.findall(text)
        for position, numbers in sorted(thesaurus.matches(words).items()):
            wordings = [w.text for number in sorted(numbers) for w in thesaurus.concepts[number]]
            print(f"  {words[position]!r} → {' / '.join(wordings)}")
        for lang in LANGS:
            print(f"  said in {lang}: {thesaurus.rendering(words, lang)}")
    return 1 if thesaurus.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
