"""The headline of a raw page (a crawled .txt or .md without front matter): the line a reader would name it by.

A crawled page opens with what the site prints around its articles: the site's name and motto, section
labels, menus, clocks and currency tickers, datelines and bylines, photo captions. The headline is among
the short lines before the text's first paragraph, and it reads like the text: its words come back in the
paragraphs below, and above all in the first one, which tells the same news; a site's name or a section
label rarely does. Each such line is scored on that, on being printed twice (headline and image caption, or
the page's title tag "Headline | Site"), on length and on standing close to the text; the best one wins.
A headline that a PDF or a narrow column broke over lines is joined again (the next line goes on in lower
case); "Rubric | Headline" is read side by side; a headline in capitals with its standfirst glued on is cut
from it; links to other articles, each with its date, count against a line.
A page that opens straight with prose has no headline: an encyclopedia's defined term ("Term (…) — a …") or
its first sentence stands in, as a reader would quote it. An editor's title (front matter, JSON, HTML <h1>)
is never replaced: this runs only when the reader found none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.tokenize import SENTENCE_BREAK_RE
from indexer.extract.dates import is_byline, is_date_line, strip_metadata_prefix
from indexer.extract.furniture import is_furniture, is_path_list

HEAD_LINES = 30  # the headline stands among the page's first lines of words (widgets' numbers not counted)
HEADLINE_MAX_WORDS = 25  # a longer line is the text's first paragraph, not its headline
PROSE_MIN_WORDS = 25  # a line this long is text: the headline stands before it
SENTENCE_MIN_WORDS = 8  # the text a headline is compared with: its sentences, not its short lines
TITLE_MAX_CHARS = 200
DATELINE_MAX_WORDS = 8  # "Душанбе, 25 июня, — ИА «Караван Инфо».": a page's dateline read as its first sentence
DATELINE_SENTENCES = 2  # a dateline may take two "sentences" ("БИШКЕК. 12 мая.")
CREDIT_MAX_WORDS = 12  # "Фото: Asia Plus", "Source: www.forum18.org"; a paragraph may open "Авторы исследования…"
LABEL_MAX_WORDS = 2  # "Добавил:", "Text (PDF):"; a longer line with a colon opens what follows ("… ПОСТАНОВЛЯЮ:")
_SECTION_LABEL_RE = re.compile(r"^(?:abstract|summary|introduction|(?:table of )?contents|аннотация|введение|резюме|"
                               r"содержание|оглавление|аңдатпа|кіріспе|мазмұны|түйін)\W*$", re.I)
_PLACE_DAY_MONTH_RE = re.compile(r"^[^\W\d_]+[.,]\s*\d{1,2}\s+[^\W\d_]{3,}")  # "Душанбе, 25 июня", not "On 12 March"
_MARKUP_RE = re.compile(r"^(?:#{1,6}\s+|=+\s*)|\s*=+$")  # Markdown and wiki headings
# An inline tag a crawler kept in a text page ("<strong>UNESCO</strong> <strong>SCIENCE</strong><br />").
_INLINE_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>")
_WIKI_HEADING_RE = re.compile(r"^(=+)[^=].*[^=]\1$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# What a page prints beside a headline that is not one: a byline, a credit or caption label, a source line.
_NOT_HEADLINE_RE = re.compile(
    r"^(by|written by|author|posted by|photo|photos|image|illustration|credit|credits|source|фото|автор|"
    r"иллюстрация|источник|сурет|авторы|дереккөз)\b[\s:]|^(©|\(c\)|copyright\b)|\b(logo|icon)\b|https?://|www\.|@\w|"
    r"\b\d+\s*(min|мин|минут)\b|"
    r"^(article|chapter|section|статья|глава|раздел|бап|тарау)\s+\d|\b(УДК|ББК|ISBN|ISSN|DOI)\b|"
    r"[{}]|;$|"  # a style sheet's or a script's line
    # a view counter: "1 177 просмотров", "Views: 1177", "1040 рет көрсетілді" (also in Arabic letters)
    r"^\d[\d\s,.]*\s(?:views?|просмотр\w*|рет көрсетілді|рет қаралды|رەت كورسەتىلدى)\b|"
    r"^(?:views?|просмотр\w*|қаралды)\s*:?\s*\d|"
    # a photo's caption: who stands where, an archive photo, its credit
    r"\((?:file photo|archive photo|pictured|right|left|cent(?:er|re)|from left|l|r|слева|справа|в центре|"
    r"архивное фото|фото из архива)\)|©|"
    # an author's affiliation: "Российский университет дружбы народов, Москва, Россия"
    r"\b(university|institute|academy|college|университет\w*|институт\w*|академи\w*|университеті\w*)\b.*,"
    r"\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+,\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+\.?$",
    re.I,
)
_BYLINE_RE = re.compile(r"^(by|written by|author|posted by|автор|авторы)\b|\b\d+\s*(min|мин|минут)\b", re.I)
# A sentence, not a headline: it ends with a full stop (not a year's abbreviation: "2022–2023 гг."), or
# one sentence runs into the next without a space (text glued from several sources). A headline may hold two
# sentences: "Брейся и служи. За что…".
_SENTENCE_RE = re.compile(r"[\w»\"”’')\]](?<!\d г)(?<!\d гг)(?<!\dг)(?<!\dгг)(?<!\d ж)(?<!\d жж)\.[\])»”\"]?$|"
                          r"(?:[^\W\d_]{2}|\d%|[»\"”)])[.!?][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
_SENTENCE_END_RE = re.compile(r"[.!?…]$")
# An encyclopedia's opening: the term, its other names in brackets, a dash, the definition in lower case (a
# dateline's text, "Bishkek — The talks…", goes on in capitals).
_DEFINITION_RE = re.compile(r"^([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^()—–.,:;!?]*?)\s+(?:\([^()]*\)\s*)*[—–]\s+[a-zа-яёәғқңөұүһі]")
DEFINED_TERM_MAX_WORDS = 8
_NOTE_RE = re.compile(r"^\(.*\)$")  # a line in brackets is a note beside the headline
# Words a headline does not end with: a line ending with one breaks off, and the next line goes on with it.
_DANGLING_WORDS = frozenset((
    "the a an of in on for and or to with at by from about against between into "
    "в во и или на о об обо с со по для от к ко из за при без до через между про "
    "мен пен бен және немесе"  # not туралы, үшін: Kazakh puts them after the noun, and a headline ends so
).split())
_LIST_ITEM_RE = re.compile(r"^\d{1,3}(?:-\d{1,3})?\)\s")  # "1) …", "1-1) …": an item of a list (a law's definitions)
# A document's kind, then its title in quotes: a digital library's heading of a paper's page.
_KIND_QUOTED_RE = re.compile(r"^(?:научная статья на тему|тема научной статьи|статья на тему|"
                             r"(?:academic )?research paper on the topic|ғылыми мақала тақырыбы)\s*:?\s*"
                             r"['«\"“](.+)['»\"”]$", re.I)
# How much each sign counts (chosen on the train and dev parts of pages-dev, bench/pagesdev.py, and checked
# by refitting them with each query's pages held out): the share of the line's words the text repeats and the
# share its first paragraph repeats, how many words it shares with the text (a site's name or a section label
# shares one or two), its length (up to 8 words), standing right above the text, being printed twice, being
# marked as a heading, having a date or byline right below; standing below such a line; being one of several
# lines each with a date right below (a list of links to other articles).
WEIGHTS = {"overlap": 2.0, "lead": 3.0, "echoed": 1.5, "length": 2.0, "nearness": 1.0, "repeated": 2.0,
           "heading": 1.0, "byline": 1.0, "subtitle": 1.5, "listed": 1.5}
SUBTITLE_OVERLAP = 0.6
SUBTITLE_ECHOED = 2  # a line above that shares one word with the text is a label ("War and Peace"), not a headline
CAPITALS_JOIN_WORDS = 2  # lines in capitals of two long words or more each are joined into one headline
CAPITALS_MIN_WORDS = 3  # a headline in capitals and the sentence glued to it: three words each at least
CAPITALS_REST_LOWER = 0.6  # the share of the sentence's words (its first left out) in lower case
REPEATED_MIN_WORDS = 3  # a headline printed twice; a short line printed twice is a button or a label
ECHOED_WORDS = 4  # words shared with the text count up to this many: past it the share (overlap) speaks
LEAD_LINES = 2  # the first paragraph: the text's first two sentence-long lines
# What follows a headline printed again as the page's title tag or a caption: the site's name or the credit
# after a separator ("| Site", "– Site", "(Other-language name)", ". – Publisher"), a bare address ("site.kz"),
# or a digital library's note of the kind of text ("… Текст научной статьи по специальности «…»").
_SUFFIX_RE = re.compile(r"^\s*(?:[|–—·(\[]|-\s|\.\s+[–—-])|^\s+[\w.-]+\.[^\W\d_]{2,}/?$|"
                        r"^\s+(?:Текст научной статьи|Text of scientific paper)\b")
_CREDIT_RE = re.compile(r"^\s*(?:©|\(c\)\s|(?:photo|фото|сурет)\s*:)", re.I)  # a photo's credit after its caption
STEM_CHARS = 5  # words compared by their first letters: headline and text inflect alike
# A wiki's tagline under an article's name, in the languages of the region's pages and their neighbours'.
_ENCYCLOPEDIA_RE = re.compile(
    r"^(?:from wikipedia, the free encyclopedia|материал из википедии\b.*|матеріал з вікіпедії\b.*|"
    r"уикипедия\b.*энциклопедия\w*.*|википедия\b.*энциклопедия\w*.*|vikipediya, ochiq ensiklopediya|"
    r"vikipedi, özgür ansiklopedi|wikipedia, (?:die freie enzyklopädie|la enciclopedia libre|"
    r"l'encyclopédie libre))$", re.I)
_COORDINATES_RE = re.compile(r"\d+°")
_SKIP_LINKS_RE = re.compile(r"^(?:перейти к навигации|jump to navigation|i̇çeriğe atla|skip to content)", re.I)
ARTICLE_NAME_MAX_WORDS = 12  # a longer line above the tagline is no article's name


@dataclass(frozen=True)
class Line:
    number: int  # among the page's non-empty lines
    text: str  # without heading markup
    heading: bool  # marked as a heading (# or = … =)


def headline(text: str) -> str:
    """The page's headline, or its first sentence when it opens with prose; "" for an empty text."""
    article = _encyclopedia_article(text)
    if article:
        return shortened(article)
    scored, fallback = scored_lines(text)
    if not scored:
        return fallback
    best = max(scored, key=lambda pair: (_score(pair[1]), pair[0].number))
    return shortened(best[0].text)


def _score(signs: dict[str, float]) -> float:
    return sum(WEIGHTS[name] * value for name, value in signs.items())


def scored_lines(text: str) -> tuple[list[tuple[Line, dict[str, float]]], str]:
    """The lines that could be the headline with their signs (``WEIGHTS`` weighs them); with none, what stands
    in: the first sentence of the page's first line of text ("" for an empty page)."""
    lines = _lines(text)
    if not lines:
        return [], ""
    head = lines[:_head_end(lines)]
    first_prose = _first_prose(head)
    candidates = [part for line in _joined(head[:first_prose]) for part in _parts(line) if _headline_like(part)]
    captions = _captions(candidates, head)
    candidates = [line for line in candidates if _key(line.text) not in captions]
    if not candidates:
        opening = next((line for line in lines if _opens_text(line.text)), lines[0])
        return [], _capitals_head(opening.text) or _defined_term(opening.text) or _first_sentence(opening.text)
    numbers = {line.number for line in candidates}
    sentences = [line.text for line in lines if line.number not in numbers
                 and len(line.text.split()) >= SENTENCE_MIN_WORDS]
    body_stems = _stems(" ".join(sentences))
    lead_stems = _stems(" ".join([line.text for line in lines[first_prose:]
                                  if len(line.text.split()) >= SENTENCE_MIN_WORDS][:LEAD_LINES]))
    repeated = _repeated(head) | _printed_with_suffix(candidates, head)
    bylined = {line.number for line in candidates if _byline_follows(head, line.number)}
    # Links to other articles, each with its date, stand above or beside the article: "Headline / 10.06.2019".
    dated = {line.number for line in candidates if len(line.text.split()) >= REPEATED_MIN_WORDS
             and line.number + 1 < len(head) and is_date_line(head[line.number + 1].text)}
    listed = dated if len(dated) >= 2 else set()
    # A line right below a line that reads like the text (several of its words) is its standfirst or subtitle.
    readers = {line.number for line in candidates if _overlap(line, body_stems) >= SUBTITLE_OVERLAP
               and _echoed(line, body_stems) >= SUBTITLE_ECHOED}
    subtitles = {line.number for line in candidates if line.number - 1 in readers}
    scored = []
    for line in candidates:
        signs = _signs(line, first_prose, repeated, bylined, subtitles)
        signs.update(overlap=_overlap(line, body_stems), lead=_overlap(line, lead_stems),
                     echoed=min(_echoed(line, body_stems), ECHOED_WORDS) / ECHOED_WORDS,
                     listed=-float(line.number in listed))
        scored.append((line, signs))
    return scored, ""


def _parts(line: Line) -> list[Line]:
    """What of a line could be the headline: the line; each side of "Rubric | Headline" or "Headline | Site";
    the headline in capitals that a standfirst follows on the same line ("PEACE TALKS RESUME The two sides…");
    the quoted title after a document's kind ("Научная статья на тему 'X'", a library's listing)."""
    quoted = _KIND_QUOTED_RE.match(line.text)
    if quoted:
        return [Line(line.number, quoted.group(1).strip(), line.heading)]
    if line.text.count(" | ") == 1:
        return [Line(line.number, side.strip(), line.heading) for side in line.text.split(" | ")]
    head = _capitals_head(line.text)
    return [Line(line.number, head, line.heading)] if head else [line]


def _defined_term(text: str) -> str:
    """The term an encyclopedia's article opens by defining ("Andijan unrest (Uzbek: …) — the shooting of…"),
    or ""."""
    found = _DEFINITION_RE.match(text)
    if not found or len(found.group(1).split()) > DEFINED_TERM_MAX_WORDS:
        return ""
    return found.group(1)


def _capitals_head(text: str) -> str:
    """The headline in capitals at the start of a line that goes on as a sentence in ordinary case, or ""."""
    words = text.split()
    run = 0
    while run < len(words) and not any(ch.islower() for ch in words[run]):
        run += 1
    head = [word for word in _WORD_RE.findall(" ".join(words[:run])) if len(word) > 2]
    rest = [word for word in _WORD_RE.findall(" ".join(words[run + 1:]))]
    if len(head) < CAPITALS_MIN_WORDS or len(rest) < CAPITALS_MIN_WORDS or not words[run][:1].isupper():
        return ""
    if sum(word.islower() for word in rest) < CAPITALS_REST_LOWER * len(rest):
        return ""  # "A PLACE TO CALL HOME The Situation of Stateless Persons": a subtitle in title case
    return " ".join(words[:run]).rstrip(" -–—:,;")


def _head_end(lines: list[Line]) -> int:
    """Where the page's head ends: after ``HEAD_LINES`` lines of two words or more."""
    wordy = 0
    for line in lines:
        wordy += len(_WORD_RE.findall(line.text)) >= 2
        if wordy == HEAD_LINES:
            return line.number + 1
    return len(lines)


def _encyclopedia_article(text: str) -> str:
    """The name of a Wikipedia article: the line above the wiki's tagline ("From Wikipedia, the free
    encyclopedia"), past coordinates and navigation links; "" on other pages. An article's name is often one
    word ("Ворух"), which the scoring below takes for a label."""
    lines = _lines(text)[:HEAD_LINES]
    tagline = next((line.number for line in lines if _ENCYCLOPEDIA_RE.match(line.text)), None)
    if tagline is None:
        return ""
    above = [line.text for line in lines[:tagline]
             if not (_COORDINATES_RE.search(line.text) or is_furniture(line.text) or _SKIP_LINKS_RE.match(line.text))]
    return above[-1] if above and len(above[-1].split()) <= ARTICLE_NAME_MAX_WORDS else ""


def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        heading = bool(_WIKI_HEADING_RE.match(stripped) or stripped.startswith("#"))
        text = strip_metadata_prefix(_MARKUP_RE.sub("", " ".join(_INLINE_TAG_RE.sub(" ", stripped).split())).strip())
        if text:
            lines.append(Line(len(lines), text, heading))
    return lines


def _joined(lines: list[Line]) -> list[Line]:
    """The lines with a headline broken over several lines (a PDF's or a narrow column's) joined again: a line
    whose first word is in lower case continues the line above ("Preventing torture" / "in police cells")."""
    joined: list[Line] = []
    last_part = ""
    for line in lines:
        previous = joined[-1] if joined else None
        if (previous is not None and previous.number == line.number - 1 and _continues(last_part, line.text)
                and len(previous.text.split()) + len(line.text.split()) <= HEADLINE_MAX_WORDS):
            joined[-1] = Line(line.number, f"{previous.text} {line.text}", previous.heading)
        else:
            joined.append(line)
        last_part = line.text
    return joined


def _continues(above: str, below: str) -> bool:
    """Whether ``below`` is the rest of a headline that ``above`` began (the one a reader sees over two lines):
    it goes on in lower case, or ``above`` breaks off after a word no headline ends with ("…and its Role in" /
    "Peace-Building"), or both are capitals of a few words each (a headline in capitals set over lines)."""
    first = below.split()[0]
    if _SENTENCE_END_RE.search(above):
        return False
    dangling = above.split()[-1].casefold() in _DANGLING_WORDS
    capitals = all(_in_capitals(part) for part in (above, below))
    if dangling or capitals:
        if len(below.split()) >= SENTENCE_MIN_WORDS:
            return False
    elif not (first[0].isalpha() and first.islower()):
        return False
    elif max(len(above.split()), len(below.split())) >= SENTENCE_MIN_WORDS:
        return False
    if _NOT_HEADLINE_RE.search(below):
        return False
    return not any(is_furniture(part) or is_date_line(part) for part in (above, below))


def _in_capitals(text: str) -> bool:
    """Whether a line is words in capitals, a few of them at least (not an acronym or a site's name)."""
    words = [word for word in _WORD_RE.findall(text) if len(word) > 2]
    cased = [ch for ch in text if ch.isupper() or ch.islower()]  # Arabic has no capitals: never "in capitals"
    return len(words) >= CAPITALS_JOIN_WORDS and bool(cased) and all(ch.isupper() for ch in cased)


def _first_prose(head: list[Line]) -> int:
    """Where the text begins: a long line, or a sentence-long line that the next line continues in lower case
    (a paragraph wrapped by hand); not a menu or breadcrumb, however long ("Home | Projects | Headline")."""
    for i, line in enumerate(head):
        if is_furniture(line.text) or is_path_list(line.text):
            continue
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
    if _fragment(text) or _LIST_ITEM_RE.match(text):
        return False
    if text.endswith((":", ",")) or _SENTENCE_RE.search(text) or _NOT_HEADLINE_RE.search(text) or _NOTE_RE.match(text):
        return False
    return not _page_widget(text)


def _opens_text(text: str) -> bool:
    """Whether a line of a page with no headline can stand in for one: words (not a stray "|"), not the site's
    widgets, not a byline, a credit or a source line, not a photo's caption with its credit ("Demonstrators at a
    rally… © 2022 Agency"), not a paper's section label ("Abstract", "Введение") nor a label whose value follows
    ("Добавил:")."""
    label = text.endswith(":") and len(text.split()) <= LABEL_MAX_WORDS
    return (bool(_WORD_RE.search(text)) and not label and not _SECTION_LABEL_RE.match(text)
            and not (_page_widget(text) or is_byline(text) or "©" in text)
            and not (_NOT_HEADLINE_RE.search(text) and len(text.split()) <= CREDIT_MAX_WORDS))


def _page_widget(text: str) -> bool:
    """Whether a line is what a site prints around its text: furniture, a date line, a breadcrumb or keyword
    list, a widget's tags printed twice. Never the headline, nor the sentence that stands in for one."""
    return (is_furniture(text) or is_date_line(text) or is_path_list(text)
            or _periodic(_WORD_RE.findall(text)))


def _periodic(words: list[str]) -> bool:
    """Whether a line says its words over again ("Сирия Узбекистан Ирак дети политика Сирия Узбекистан Ирак"): a
    widget's tags printed twice, not a headline."""
    return any(len(words) - period >= 2 and words[period:] == words[: len(words) - period]
               for period in range(2, len(words) - 1))


def _fragment(text: str) -> bool:
    """Whether a line is the middle of a sentence: it opens with a word in lower case ("in police cells",
    not "iPhone") or with a stop or comma (". the talks")."""
    first = text.split()[0]
    return first[0] in ".,;:)]»”" or (first[0].isalpha() and first.islower())


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


def _captions(candidates: list[Line], head: list[Line]) -> set[str]:
    """Candidates printed again with a photo's credit after them ("A construction site for the dam. © 2009
    Agency"): the caption of the photo above the story, printed once bare and once credited."""
    return {_key(candidate.text) for candidate in candidates
            if any(line.number != candidate.number and line.text.startswith(candidate.text)
                   and _CREDIT_RE.match(line.text[len(candidate.text):]) for line in head)}


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
        sentences = SENTENCE_BREAK_RE.split(line, maxsplit=DATELINE_SENTENCES)
        line = next((sentence for sentence in sentences[:-1] if not _dateline_sentence(sentence)), sentences[-1])
        line = SENTENCE_BREAK_RE.split(line, maxsplit=1)[0]
    return shortened(line)


def _dateline_sentence(sentence: str) -> bool:
    """Whether a text's first "sentence" is its dateline ("БАТКЕН.", "АЛМАТЫ, 25 сен - Sputnik.", "Душанбе, 25
    июня, — ИА «Караван Инфо»."): short, and opening with a place in capitals or with a place, a day and a month."""
    words = sentence.split()
    if len(words) > DATELINE_MAX_WORDS:
        return False
    first = "".join(_WORD_RE.findall(words[0]))
    place_in_capitals = len(first) >= 3 and first.isupper() and words[0][-1] in ".,"  # "БАТКЕН.", not "NATO expands"
    return place_in_capitals or bool(_PLACE_DAY_MONTH_RE.match(sentence))


def shortened(title: str) -> str:
    """At most ``TITLE_MAX_CHARS``, cut at a word boundary."""
    if len(title) <= TITLE_MAX_CHARS:
        return title
    return title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
