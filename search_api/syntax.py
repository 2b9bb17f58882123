"""The readers' query syntax, read leniently: ``"exact phrase"``, ``-word``, ``-"phrase"``, ``OR``, ``prefix*``,
``(groups)``, ``title:word`` and the filters ``country:KG``, ``theme:youth``, ``lang:kk``, ``year:2019``
(``year:2015..2019``).

Readers type what they know from other search boxes, often slightly wrong. So nothing here fails: an unbalanced
quote or bracket, a lone ``-``, an ``OR`` at either end, an unknown field (``foo:bar``) or a filter value that is
not a code (``country:XX``) is read as the plain words it contains, exactly as a query without syntax is read
(``WORD_RE``). A query with no operator parses as ``plain``: search_api/query.py then reads it as it always has.

The parse is pure and cached: the engine asks for it several times per search (filters, exclusions, query).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from analyzers import LANGUAGES
from analyzers.tokenize import WORD_RE
from indexer.extract.dates import parse_iso
from indexer.extract.themes import taxonomy

FILTER_FIELDS = ("country", "theme", "lang", "year")
TITLE_FIELD = "title"
LANG_CODES = (*LANGUAGES, "other")
MIN_PREFIX = 3  # letters before ``*``: a shorter prefix matches too much of the vocabulary, so it is a plain word
MAX_DEPTH = 8  # brackets nested deeper are ignored (a bounded recursion whatever is typed)
OR_WORD = "OR"
QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}  # opening → closing; „…” is accepted too
CLOSERS = {'"': '"', "«": "»", "“": "”", "„": "“”"}
_FIELD_RE = re.compile(r"([A-Za-z]+):(\S*)")
_STRAY_RE = re.compile(r'["«»“”„()]|(?<!\S)-+(?!\S)|(?<=\w)\*+')
_YEAR_RE = re.compile(r"(\d{4})(?:(?:\.\.|-)(\d{4}))?")


@dataclass(frozen=True)
class Word:
    text: str

    @property
    def label(self) -> str:
        return self.text

    def words(self) -> tuple[str, ...]:
        return (self.text,)


@dataclass(frozen=True)
class Prefix:
    """``text*``: any word of the index that starts as ``text`` does (after analysis)."""

    text: str

    @property
    def label(self) -> str:
        return self.text + "*"

    def words(self) -> tuple[str, ...]:
        return (self.text,)


@dataclass(frozen=True)
class Phrase:
    """Words in this order, next to each other (each in any of its forms)."""

    parts: tuple[str, ...]

    @property
    def label(self) -> str:
        return '"' + " ".join(self.parts) + '"'

    def words(self) -> tuple[str, ...]:
        return self.parts


@dataclass(frozen=True)
class Title:
    """A word, prefix or phrase that must stand in the document's title."""

    node: Word | Prefix | Phrase

    @property
    def label(self) -> str:
        return f"{TITLE_FIELD}:{self.node.label}"

    def words(self) -> tuple[str, ...]:
        return self.node.words()


@dataclass(frozen=True)
class AnyOf:
    """``a OR b``: either."""

    parts: tuple[Node, ...]

    @property
    def label(self) -> str:
        return f" {OR_WORD} ".join(part.label for part in self.parts)

    def words(self) -> tuple[str, ...]:
        return tuple(word for part in self.parts for word in part.words())


@dataclass(frozen=True)
class AllOf:
    """``(a b)``: a bracketed group, every part."""

    parts: tuple[Node, ...]

    @property
    def label(self) -> str:
        return "(" + " ".join(part.label for part in self.parts) + ")"

    def words(self) -> tuple[str, ...]:
        return tuple(word for part in self.parts for word in part.words())


Node = Word | Prefix | Phrase | Title | AnyOf | AllOf


@dataclass(frozen=True)
class Filter:
    """``country:KG`` and the like, validated: ``values`` are codes (country upper-case), theme labels, languages,
    or for ``year`` the first and last year. ``span`` is where it stands in the text (the page's chip removes it)."""

    field: str
    values: tuple[str, ...]
    negated: bool
    span: tuple[int, int]


@dataclass(frozen=True)
class Parsed:
    units: tuple[Node, ...]  # what the query asks for, in query order (each a unit of graded matching)
    excluded: tuple[Node, ...] = ()  # ``-word``: no result may have these
    filters: tuple[Filter, ...] = ()

    @property
    def plain(self) -> bool:
        """No operator at all: the words as ``WORD_RE`` finds them (search_api/query.py reads these as before)."""
        return not self.excluded and not self.filters and all(isinstance(unit, Word) for unit in self.units)

    def words(self) -> list[str]:
        """The words asked for (not the excluded ones), in query order."""
        return [word for unit in self.units for word in unit.words()]

    def excluded_words(self) -> list[str]:
        return [word for node in self.excluded for word in node.words()]

    def meaning_text(self) -> str:
        """The query without operators, excluded words or filters: what a reader means by it."""
        return " ".join(self.words())


@dataclass
class _Item:
    kind: str  # "atom", "(", ")", "or", "-"
    start: int
    end: int
    atoms: tuple[Node | Filter, ...] = ()


@lru_cache(maxsize=1024)
def parse(text: str) -> Parsed:
    """The structure of a reader's query; never fails (see the module's docstring)."""
    items = _pair_brackets(_scan(text))
    parser = _Parser(items)
    units = parser.sequence(top=True)
    return Parsed(tuple(units), tuple(dict.fromkeys(parser.excluded)), tuple(parser.filters))


def plain_text(text: str) -> str:
    """A query read as plain words, without the syntax marks that were ignored in it (an unbalanced quote or
    bracket, a lone ``-``, a ``*`` after too short a prefix): what the embedding model and language detection
    read, so ``"женщины`` means what ``женщины`` does. Text without such marks is returned as it is."""
    cleaned = _STRAY_RE.sub(" ", text)
    return text if cleaned == text else " ".join(cleaned.split())


def without(text: str, *spans: tuple[int, int]) -> str:
    """The text with some parts (filters' ``span``) taken out, spaces tidied."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return " ".join(text.split())


def _scan(text: str) -> list[_Item]:
    items: list[_Item] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            items.append(_Item(char, i, i + 1))
            i += 1
        elif char == "-":
            following = text[i + 1] if i + 1 < n else " "
            if not following.isspace() and following not in ")-":
                items.append(_Item("-", i, i + 1))
            i += 1
        elif char in QUOTES:
            close = _closing(text, i)
            if close < 0:
                i += 1  # an unbalanced quote: punctuation
                continue
            words = WORD_RE.findall(text[i + 1:close])
            if words:
                node: Node = Word(words[0]) if len(words) == 1 else Phrase(tuple(words))
                items.append(_Item("atom", i, close + 1, (node,)))
            i = close + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in "()":
                end += 1
            titled = _titled_phrase(text, i)
            if titled is not None:
                node, end = titled
                items.append(_Item("atom", i, end, (node,)))
            else:
                items.append(_token(text[i:end], i, end))
            i = end
    return items


def _closing(text: str, start: int) -> int:
    closers = CLOSERS[text[start]]
    return min((pos for pos in (text.find(c, start + 1) for c in closers) if pos >= 0), default=-1)


def _titled_phrase(text: str, start: int) -> tuple[Title, int] | None:
    """``title:"a phrase"`` (the token reader would stop at the phrase's space)."""
    head = len(TITLE_FIELD) + 1
    if text[start:start + head].lower() != TITLE_FIELD + ":" or start + head >= len(text):
        return None
    if text[start + head] not in QUOTES:
        return None
    close = _closing(text, start + head)
    words = WORD_RE.findall(text[start + head + 1:close]) if close > 0 else []
    if not words:
        return None
    return Title(Word(words[0]) if len(words) == 1 else Phrase(tuple(words))), close + 1


def _token(token: str, start: int, end: int) -> _Item:
    """A run of non-space characters: ``OR``, a filter, ``title:word``, ``prefix*``, or plain words."""
    if token == OR_WORD:
        return _Item("or", start, end)
    field = _FIELD_RE.fullmatch(token)
    if field:
        name, value = field.group(1).lower(), field.group(2)
        if name in FILTER_FIELDS:
            values = _filter_values(name, value)
            if values:
                return _Item("atom", start, end, (Filter(name, values, False, (start, end)),))
        elif name == TITLE_FIELD:
            node = _word_or_prefix(value)
            if node is not None:
                return _Item("atom", start, end, (Title(node),))
    node = _word_or_prefix(token)
    if isinstance(node, Prefix):
        return _Item("atom", start, end, (node,))
    return _Item("atom", start, end, tuple(Word(word) for word in WORD_RE.findall(token)))


def _word_or_prefix(value: str) -> Word | Prefix | None:
    if value.endswith("*"):
        stem = value.rstrip("*")
        if WORD_RE.fullmatch(stem) and len(stem) >= MIN_PREFIX:
            return Prefix(stem)
        return None
    return Word(value) if WORD_RE.fullmatch(value) else None


def _filter_values(name: str, value: str) -> tuple[str, ...]:
    """The valid values of ``name:value`` (several with commas, as in the URL), or () when any is not valid."""
    if name == "year":
        match = _YEAR_RE.fullmatch(value)
        if not match:
            return ()
        first, last = sorted((match.group(1), match.group(2) or match.group(1)))
        try:
            parse_iso(first), parse_iso(last)
        except ValueError:
            return ()
        return (first, last)
    values = [part for part in value.split(",") if part]
    found = [_filter_value(name, part) for part in values]
    if not found or None in found:
        return ()
    return tuple(dict.fromkeys(found))


def _filter_value(name: str, value: str) -> str | None:
    if name == "country":
        return value.upper() if len(value) == 2 and pycountry.countries.get(alpha_2=value.upper()) else None
    if name == "theme":
        return next((label for label in taxonomy().labels if label.lower() == value.lower()), None)
    return value.lower() if value.lower() in LANG_CODES else None


def _pair_brackets(items: list[_Item]) -> list[_Item]:
    """Brackets without a partner, or nested deeper than ``MAX_DEPTH``, are dropped (read as punctuation)."""
    open_at: list[int] = []
    keep: set[int] = set()
    for index, item in enumerate(items):
        if item.kind == "(":
            open_at.append(index)
        elif item.kind == ")" and open_at:
            opening = open_at.pop()
            if len(open_at) < MAX_DEPTH:
                keep.update((opening, index))
    return [item for index, item in enumerate(items) if item.kind not in "()" or index in keep]


class _Parser:
    """Recursive descent over the scanned items. A minus always excludes, wherever it stands; filters apply to
    the whole query wherever they stand; an operator with nothing to act on is read as a plain word."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.pos = 0
        self.excluded: list[Node] = []
        self.filters: list[Filter] = []

    def peek(self, offset: int = 0) -> _Item | None:
        index = self.pos + offset
        return self.items[index] if index < len(self.items) else None

    def sequence(self, top: bool) -> list[Node]:
        nodes: list[Node] = []
        while (item := self.peek()) is not None:
            if item.kind == ")":
                if not top:
                    return nodes
                self.pos += 1
                continue
            nodes += self.clause()
        return nodes

    def clause(self) -> list[Node]:
        """One clause: its alternatives joined by ``OR``, if any. A side that was a filter or an exclusion
        adds nothing to the alternatives."""
        start = self.pos
        alternatives = [self.unary()]
        while (item := self.peek()) is not None and item.kind == "or" and self.pos > start \
                and self._starts_operand(self.peek(1)):
            self.pos += 1
            alternatives.append(self.unary())
        if len(alternatives) == 1:
            return alternatives[0]
        joined = [node for node in (_single(group) for group in alternatives) if node is not None]
        if len(joined) <= 1:
            return joined
        return [AnyOf(tuple(joined))]

    @staticmethod
    def _starts_operand(item: _Item | None) -> bool:
        return item is not None and item.kind in ("atom", "(", "-")

    def unary(self) -> list[Node]:
        """A primary, or ``-primary`` (excluded; nothing is returned for the clause)."""
        item = self.peek()
        if item is None:
            return []
        if item.kind == "-":
            self.pos += 1
            following = self.peek()
            if following is None or following.start != item.end or following.kind not in ("atom", "("):
                return []  # a minus with nothing right after it: punctuation
            negated = self.primary()
            if following.kind == "atom" and len(following.atoms) > 1:
                return negated  # "-foo:bar": several plain words, not one thing to exclude
            self.filters = [_negate(f, item.start) if f.span[0] >= following.start and f.span[1] <= following.end else f
                            for f in self.filters]
            self.excluded += negated
            return []
        return self.primary()

    def primary(self) -> list[Node]:
        item = self.peek()
        if item is None:
            return []
        self.pos += 1
        if item.kind == "or":
            return [Word(OR_WORD)]  # OR with nothing on one side: the word itself
        if item.kind == "(":
            inner = self.sequence(top=False)
            if (closing := self.peek()) is not None and closing.kind == ")":
                self.pos += 1
            group = _single(inner)
            return [group] if group is not None else []
        if item.kind == "atom":
            nodes: list[Node] = []
            for atom in item.atoms:
                if isinstance(atom, Filter):
                    self.filters.append(atom)
                else:
                    nodes.append(atom)
            return nodes
        return []


def _single(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else AllOf(tuple(nodes))


def _negate(item: Filter, minus_at: int) -> Filter:
    return Filter(item.field, item.values, True, (minus_at, item.span[1]))
