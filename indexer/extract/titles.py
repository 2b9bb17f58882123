"""The headline of a raw page (a crawled .txt or .md without front matter): the line a reader would name it by.

A crawled page opens with what the site prints around its articles: the site's name and motto, section
labels, menus, clocks and currency tickers, datelines and bylines, photo captions. The headline is among
the short lines before the text's first paragraph, and it reads like the text: its words come back in the
paragraphs below, and above all in the first one, which tells the same news; a site's name or a section
label rarely does. Each such line is scored on that, on being printed twice (headline and image caption, or
the page's title tag "Headline | Site"), on length and on standing close to the text; the best one wins.
A page that opens straight with prose has no headline: its first sentence stands in, as a reader would quote
it. An editor's title (front matter, JSON, HTML <h1>) is never replaced: this runs only when
the reader found none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.tokenize import SENTENCE_BREAK_RE
from indexer.extract.dates import is_date_line, strip_metadata_prefix
from indexer.extract.furniture import is_furniture

HEAD_LINES = 30  # the headline stands among the page's first lines of words (widgets' numbers not counted)
HEADLINE_MAX_WORDS = 25  # a longer line is the text's first paragraph, not its headline
PROSE_MIN_WORDS = 25  # a line this long is text: the headline stands before it
SENTENCE_MIN_WORDS = 8  # the text a headline is compared with: its sentences, not its short lines
TITLE_MAX_CHARS = 200
_MARKUP_RE = re.compile(r"^(?:#{1,6}\s+|=+\s*)|\s*=+$")  # Markdown and wiki headings
_WIKI_HEADING_RE = re.compile(r"^(=+)[^=].*[^=]\1$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# What a page prints beside a headline that is not one: a byline, a credit or caption label, a source line.
_NOT_HEADLINE_RE = re.compile(
    r"^(by|written by|author|posted by|photo|photos|image|illustration|credit|credits|source|фото|автор|"
    r"иллюстрация|источник|сурет|авторы|дереккөз)\b[\s:]|^(©|\(c\)|copyright\b)|\b(logo|icon)\b|https?://|www\.|@\w|"
    r"\b\d+\s*(min|мин|минут)\b|"
    r"^(article|chapter|section|статья|глава|раздел|бап|тарау)\s+\d|\b(УДК|ББК|ISBN|ISSN|DOI)\b",
    re.I,
)
_BYLINE_RE = re.compile(r"^(by|written by|author|posted by|автор|авторы)\b|\b\d+\s*(min|мин|минут)\b", re.I)
# A sentence, not a headline: it ends with a full stop, or one sentence runs into the next without a space
# (text glued from several sources). A headline may hold two sentences: "Брейся и служи. За что…".
_SENTENCE_RE = re.compile(r"[\w»\"”’')\]]\.[\])»”\"]?$|(?:[^\W\d_]{2}|\d%|[»\"”)])[.!?][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
_NOTE_RE = re.compile(r"^\(.*\)$")  # a line in brackets is a note beside the headline
# How much each sign counts (chosen on the train and dev parts of pages-dev, bench/pagesdev.py, and checked
# by refitting them with each query's pages held out): the share of the line's words the text repeats and the
# share its first paragraph repeats, how many words it shares with the text (a site's name or a section label
# shares one or two), its length (up to 8 words), standing right above the text, being printed twice, being
# marked as a heading, having a date or byline right below; standing below such a line.
WEIGHTS = {"overlap": 2.0, "lead": 3.0, "echoed": 1.5, "length": 2.0, "nearness": 1.0, "repeated": 2.0,
           "heading": 1.0, "byline": 1.0, "subtitle": 1.5}
SUBTITLE_OVERLAP = 0.6
REPEATED_MIN_WORDS = 3  # a headline printed twice; a short line printed twice is a button or a label
ECHOED_WORDS = 4  # words shared with the text count up to this many: past it the share (overlap) speaks
LEAD_LINES = 2  # the first paragraph: the text's first two sentence-long lines
# What follows a headline printed again as the page's title tag or a caption: the site's name or the credit
# after a separator ("| Site", "– Site", "(Other-language name)", ". – Publisher"), or a bare address ("site.kz").
_SUFFIX_RE = re.compile(r"^\s*(?:[|–—·(\[]|-\s|\.\s+[–—-])|^\s+[\w.-]+\.[^\W\d_]{2,}/?$")
STEM_CHARS = 5  # words compared by their first letters: headline and text inflect alike


@dataclass(frozen=True)
class Line:
    number: int  # among the page's non-empty lines
    text: str  # without heading markup
    heading: bool  # marked as a heading (# or = … =)


def headline(text: str) -> str:
    """The page's headline, or its first sentence when it opens with prose; "" for an empty text."""
    lines = _lines(text)
    if not lines:
        return ""
    head = lines[:_head_end(lines)]
    first_prose = _first_prose(head)
    candidates = [line for line in head[:first_prose] if _headline_like(line)]
    if not candidates:
        opening = next((line for line in lines if not (is_furniture(line.text) or is_date_line(line.text))), lines[0])
        return _first_sentence(opening.text)
    numbers = {line.number for line in candidates}
    sentences = [line.text for line in lines if line.number not in numbers
                 and len(line.text.split()) >= SENTENCE_MIN_WORDS]
    body_stems = _stems(" ".join(sentences))
    lead_stems = _stems(" ".join([line.text for line in lines[first_prose:]
                                  if len(line.text.split()) >= SENTENCE_MIN_WORDS][:LEAD_LINES]))
    repeated = _repeated(head) | _printed_with_suffix(candidates, head)
    bylined = {line.number for line in candidates if _byline_follows(head, line.number)}
    overlaps = {line.number: _overlap(line, body_stems) for line in candidates}
    # A line right below a line that reads like the text is its standfirst or subtitle.
    subtitles = {number for number in overlaps if overlaps.get(number - 1, 0.0) >= SUBTITLE_OVERLAP}

    def score(line: Line) -> float:
        signs = _signs(line, first_prose, repeated, bylined, subtitles)
        signs.update(overlap=overlaps[line.number], lead=_overlap(line, lead_stems),
                     echoed=min(_echoed(line, body_stems), ECHOED_WORDS) / ECHOED_WORDS)
        return sum(WEIGHTS[name] * value for name, value in signs.items())

    best = max(candidates, key=lambda line: (score(line), line.number))
    return shortened(best.text)


def _head_end(lines: list[Line]) -> int:
    """Where the page's head ends: after ``HEAD_LINES`` lines of two words or more."""
    wordy = 0
    for line in lines:
        wordy += len(_WORD_RE.findall(line.text)) >= 2
        if wordy == HEAD_LINES:
            return line.number + 1
    return len(lines)


def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        heading = bool(_WIKI_HEADING_RE.match(stripped) or stripped.startswith("#"))
        text = strip_metadata_prefix(_MARKUP_RE.sub("", stripped).strip())
        if text:
            lines.append(Line(len(lines), text, heading))
    return lines


def _first_prose(head: list[Line]) -> int:
    """Where the text begins: a long line, or a sentence-long line that the next line continues in lower case
    (a paragraph wrapped by hand)."""
    for i, line in enumerate(head):
        words = len(line.text.split())
        if words >= PROSE_MIN_WORDS:
            return i
        following = head[i + 1].text if i + 1 < len(head) else ""
        if words >= SENTENCE_MIN_WORDS and following[:1].islower() and len(following.split()) >= SENTENCE_MIN_WORDS:
            return i
    return len(head)


def _headline_like(line: Line) -> bool:
    """Whether a line could be a headline: short, made of words, neither furniture nor a date or byline."""
    text = line.text
    words = _WORD_RE.findall(text)
    if not words or len(text.split()) > HEADLINE_MAX_WORDS:
        return False
    if len(words) < 2 and not (line.heading and len(words[0]) > 3):
        return False
    letters = sum(len(word) for word in words)
    if letters < 0.6 * len(text.replace(" ", "")):  # tickers, counters, clocks, codes
        return False
    if text.endswith((":", ",")) or _SENTENCE_RE.search(text) or _NOT_HEADLINE_RE.search(text) or _NOTE_RE.match(text):
        return False
    return not (is_furniture(text) or is_date_line(text))


def _byline_follows(head: list[Line], number: int) -> bool:
    """Whether a date or a byline stands right below a line, as below a headline."""
    return any(is_date_line(line.text) or _BYLINE_RE.search(line.text) for line in head[number + 1:number + 3])


def _overlap(line: Line, stems: set[str]) -> float:
    """The share of a line's words (of four letters or more) that a text repeats."""
    own = [_stem(word) for word in _WORD_RE.findall(line.text) if len(word) > 3]
    return sum(stem in stems for stem in own) / len(own) if own else 0.0


def _echoed(line: Line, stems: set[str]) -> int:
    """How many of a line's words (of four letters or more) a text repeats: a share of 1.0 from one word
    ("War and Peace") is weaker evidence than nine of ten."""
    return sum(_stem(word) in stems for word in _WORD_RE.findall(line.text) if len(word) > 3)


def _signs(line: Line, first_prose: int, repeated: set[str], bylined: set[int],
           subtitles: set[int]) -> dict[str, float]:
    """What the line's place and form say about it being the headline (its words are weighed apart)."""
    words = len(line.text.split())
    distance = first_prose - line.number  # 1: right above the text
    return {"length": min(words, 8) / 8, "nearness": 1 / distance if distance > 0 else 0.0,
            "repeated": float(_key(line.text) in repeated and words >= REPEATED_MIN_WORDS),
            "heading": float(line.heading), "byline": float(line.number in bylined),
            "subtitle": -float(line.number in subtitles)}


def _printed_with_suffix(candidates: list[Line], head: list[Line]) -> set[str]:
    """Candidates printed again with the site's name or a credit after them ("Headline | Site", "Headline –
    site.kz", "Headline (Other-language name)"): the page's title tag, a caption or a citation echoing it."""
    found: set[str] = set()
    for candidate in candidates:
        if len(candidate.text.split()) < REPEATED_MIN_WORDS:
            continue
        if any(line.number != candidate.number and line.text.startswith(candidate.text)
               and _SUFFIX_RE.match(line.text[len(candidate.text):]) for line in head):
            found.add(_key(candidate.text))
    return found


def _repeated(lines: list[Line]) -> set[str]:
    """Lines printed more than once near the top: a headline comes back as image caption or breadcrumb."""
    seen: set[str] = set()
    twice: set[str] = set()
    for line in lines:
        key = _key(line.text)
        (twice if key in seen else seen).add(key)
    return twice


def _key(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.casefold()))


def _stem(word: str) -> str:
    return word.casefold()[:STEM_CHARS]


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD_RE.findall(text) if len(word) > 3}


def _first_sentence(line: str) -> str:
    line = strip_metadata_prefix(line)
    if len(line.split()) > HEADLINE_MAX_WORDS:
        line = SENTENCE_BREAK_RE.split(line, maxsplit=1)[0]
    return shortened(line)


def shortened(title: str) -> str:
    """At most ``TITLE_MAX_CHARS``, cut at a word boundary."""
    if len(title) <= TITLE_MAX_CHARS:
        return title
    return title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
