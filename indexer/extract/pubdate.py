"""The publication date of a page, or nothing.

A page says when it was published in a few places only: a metadata line ("Published: 12 March 2021",
the " date 2024-01-19" a crawler prints), a date line by the headline ("13.01.2020", "17:32, 10 November
2021, Bishkek - news agency, by A. Author"), or a dateline that opens the text ("BISHKEK, 23 October 2025 –",
"(13.11.2014) In a surprising turn…", "Today, 30 April 2021, the council…"), also when a text extractor ran
it together with a repeated headline or site name. Reports and books show it in their own places: a UN
document under its "Distr.: General" mark, a report at the end of its headline ("survey, December 2009"), a
book in its catalogue record ("– Б.: 2009. – 110 с." by its ISBN). A byline may name many authors ("By A.
Writer, B. Writer and C. Writer, 12 March 2021"), a dateline may follow a photo's caption or be run together
with it, and Afghan and Iranian pages date in the Solar Hijri calendar (read as the Gregorian day). Everything
else a page holds is not its date and is never taken for one: years and events in running text, an event
named with its day or its span ("30 April – 2 May 2019"), a site's clock and calendar, links to other posts
with their dates, a legal act's revisions, copyright and founding years, issue and registration dates, a
reference list's entries, "to date". A page that shows none gets none: a wrong date hides a page from every
reader who filters by date, a missing one only from those who do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from indexer.extract.dates import (
    WEEKDAY_RE,
    PartialDate,
    Reading,
    date_line,
    is_byline,
    make_date,
    metadata_date,
    month_number,
    readings,
)
from indexer.extract.furniture import is_furniture, is_path_list

HEAD_LINES = 40  # a page's own date stands near its top
PROSE_MIN_WORDS = 25
SENTENCE_MIN_WORDS = 8
DAY_SEARCH_CHARS = 60  # where a month-only metadata date's day may follow
DATELINE_PREFIX_WORDS = 8  # "WARSAW/BISHKEK," "MOSCOW (UrduPoint News / Sputnik -"
# Lines whose date is someone else's: a site clock, a copyright or founding year, a revision or repeal of
# a legal act, its passage through parliament or the day it takes effect (the act's own date is its signing), an
# issue, registration or certificate, a paper's submission, a photo, a currency widget; a library's
# classification codes (IRSTI 11.15.91 is no date).
_NOT_PUBLICATION_RE = re.compile(
    r"\b(today|сегодня|бүгін|bügın|bugin|©|\(c\)|copyright|all rights|все права|барлық құқық|founded|since|"
    r"основан\w*|осн\.|құрылған|в редакции|редакци\w+|изменени\w+|дополнени\w+|amend\w*|revis\w*|repeal\w*|"
    r"утратил\w*|өзгеріс\w*|толықтыру\w*|certificate|registration|registered|свидетельств\w*|регистрац\w*|"
    r"куәлік\w*|тіркел\w*|photo|фото|сурет|credit|по состоянию|as of|prev|next|previous|предыдущ\w+|"
    r"следующ\w+|calendar|календар\w*|архив|archive|принят\w*|одобрен\w*|adopted|accepted|approved|"
    r"қабылдан\w*|exchange rates?|курс\w* валют|валюта бағам\w*|убактысы|уақыты|current time|текущее время|"
    r"submitted|received|поступил\w*|получен\w*|effective|вступ\w* в силу|күшіне ен\w*|бастап|"
    r"IRSTI|МРНТИ|ГРНТИ|УДК|UDC|ББК|BBK|DOI|ISSN)\b|©",
    re.I,
)
# A photo's source named by its site, then the page's date and time on the same line ("Фото: gov.kg 29.12.2022 16:45
# 1177"): the photo's word is not about the date.
_PHOTO_SOURCE_RE = re.compile(r"^\s*(?:photo|фото|сурет)\s*:\s*[\w-]+(?:\.[\w-]+)+\s+(?=\d)", re.I)
# A number sign marks an issue or a certificate, unless the line is a legal act's own: "от 11 апреля 2018 года
# № 2350-VI", "of January 21, 2025 No. 18".
_NUMBER_SIGN_RE = re.compile(r"№")
_ACT_DATE_RE = re.compile(r"^(от|of|dated)\s", re.I)
# A legal act's own line names its kind and number, in either order: "Үкіметінің 2018 жылғы 27 қарашадағы
# № 789 қаулысы.", "2009 жылғы 4 желтоқсандағы N 214-IV Заңы", "Указ Президента Республики Казахстан от
# 15 сентября 2022 года № 1014.", "Law of the Kyrgyz Republic of 21 January 2025 No. 18", "Қазақстан
# Республикасының Заңы 2014 жылғы 3 қарашадағы № 244-V" (Kazakh's "жылғы" where Russian has "от").
_ACT_KINDS = (r"(?:қаулы\w*|заң\w*|бұйрығ\w*|жарлығ\w*|постановлени\w*|закон\w*|указ\w*|приказ\w*|решени\w*|"
              r"resolution|decree|law|order)")
_ACT_NUMBER = r"(?:№|\bNo\.?|\bN)\s*\d[\w-]*"
_ACT_LINE_RE = re.compile(rf"{_ACT_NUMBER}.*\b{_ACT_KINDS}\b|\b{_ACT_KINDS}\b.{{0,90}}\b(?:от|of|dated)\s.{{0,40}}"
                          rf"{_ACT_NUMBER}|\b{_ACT_KINDS}\s.{{0,40}}\bжылғы\s.{{0,40}}{_ACT_NUMBER}", re.I)
ACT_LINE_MAX_WORDS = 16
_NEXT_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі])")  # not "No. 416"
_TABLE_ROW_RE = re.compile(r"^\s*[^\W\d_][^|]*\|\s*$")  # a label's cell, then the date's cell, closed
_TABLE_CELL_END_RE = re.compile(r"^[^|]{0,12}\|")
# A footnote's mark right after the date: an encyclopedia's figure "as of" it ("14 220 321 (01.01.2024)[1]").
_FOOTNOTE_AFTER_RE = re.compile(r"^\)?\s?\[\d{1,3}\]")
# The second end of a span of months or years after a date: "June 2014 - May 2015", "2019–2021".
_SPAN_END_RE = re.compile(r"^\s*[-–—]\s*(?:[^\W\d_]{3,12}\.?\s+)?(?:19|20)\d\d\b")
_ENUMERATED_RE = re.compile(r"^\s*(?:\d{1,3}(?:-\d{1,3})?[).]|[a-zа-я]\)|[-•–—*])\s")
# The dateline after a month-only metadata date: "Астана. 18 февраля." (a place, then day and month)
_DAY_MONTH_RE = re.compile(r"^\s*(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*[.,]?\s+){0,3}(\d{1,2})\s+([^\W\d_]{3,12})\s*[.,—–-]")
# What ends a dateline: a dash, the agency in brackets, a stop, a colon; or the time of publishing, the text run
# into it ("07/22/2025, 08:59The Ministry…").
_DATELINE_END_RE = re.compile(r"^\s*(?:[—–-]|\)|\(|\.\s|:|,?\s*[—–-]|,?\s*\d{1,2}:\d{2}(?!\d)|"
                              r"(?:г|ж)\.\s*(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]))")  # "31 января 2023 г.В Узбекистане…"
_PLACE_WORD_RE = re.compile(r"^[(\[]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w.'’/-]*[,.)]?$|^[(/\-–—,]+$")

# A photo's caption or credit: the text's dateline may stand after it.
_CAPTION_RE = re.compile(r"\b(?:photo|фото|сурет|image|illustration|иллюстраци\w*|credit|getty|reuters|afp)\b|©", re.I)
CAPTION_SKIP = 2
GLUED_DATELINE_CHARS = 400
# The place of a dateline in capitals, after a sentence's end or a credit: "… / Valley News BISHKEK,", "…). OSH,"
# (not a sentence's own word: "issued in BISHKEK, 12 March 2021 – the ministry")
_CAPITAL_PLACE_RE = re.compile(r"[.!?)»”:/|]\s+(?:[A-ZА-ЯЁ][\w.]*\s+){0,3}?"
                               r"(?P<place>[A-ZА-ЯЁ]{2,}(?:[ /-][A-ZА-ЯЁ]{2,})*),?\s*(?:\([^)]{1,40}\)\s*)?$")
# A rights group's dateline in brackets after a photo's credit: "… © Agency (Bishkek, January 25, 2024) – The…".
_BRACKETED_PLACE_RE = re.compile(r"(?:^|\s)(?P<place>\([A-ZА-ЯЁ][\w.'’-]+(?:[ /-][A-ZА-ЯЁ][\w.'’-]+){0,2}),\s*$")
# An event named with its day: "Андижанские события 13 мая 2005", "the massacre of 13 May 2005", "seminar on
# 4 May 2021", "Сайлау 2021 жылғы 10 қаңтар"; a dateline or byline never names one right before its date.
_EVENT_BEFORE_RE = re.compile(
    r"\b(?:(?-i:events|событи\w*|оқиғ\w*)|massacre|attacks?|elections?|referendum|protests?|rall(?:y|ies)|uprising|war|conflict|tragedy|"
    r"conference|summit|forum|seminar|workshop|training|festival|exhibition|session|бойн\w*|теракт\w*|"
    r"выбор\w*|референдум\w*|протест\w*|митинг\w*|восстани\w*|войн\w*|конфликт\w*|трагеди\w*|конференци\w*|"
    r"саммит\w*|форум\w*|семинар\w*|тренинг\w*|фестивал\w*|выставк\w*|заседани\w*|встреч\w*|"
    r"сайлау\w*|соғыс\w*|қақтығыс\w*|шайқас\w*|кездесу\w*|жиын\w*|отырыс\w*)"
    r"\s*(?:of|on|in|from|от|в|во|на|с|[-–—:,])?\s*$", re.I)
# The fields of an event's card beside its "Date:" field
# (not its time: a news site's metadata shows the time of publishing too)
_EVENT_FIELDS_RE = re.compile(r"\b(?:venue|location|place|where|organi[sz]ers?|место(?: проведения)?|"
                              r"организатор\w*|орны|өтетін орны|ұйымдастырушы\w*)\s*:", re.I)
EVENT_FIELDS_LINES = 3
LISTED_GAP_LINES = 1  # "Other post\n10/06/2019\nAnother post\n11/06/2019": a list of links with their dates
REPEAT_MIN_CHARS = 8  # a repeated neighbour is a headline or a site's name, not a word
DISTRIBUTION_SEARCH_CHARS = 120
# A UN document's distribution mark, printed above its date.
_DISTRIBUTION_RE = re.compile(r"\bDistr\.?\s*:?\s*(?:General|Limited|Restricted)\b", re.I)
# A lead written on its day: "Сегодня, 30 апреля 2021 года, состоялось…", "Today, 5 May 2020, the council…"
_TODAY_LEAD_RE = re.compile(r"^(?:today|сегодня|бүгін|bügın|bugin|бүгүн)\s*,?\s*", re.I)
_SENTENCE_RE = re.compile(r"[^\W\d_]{3,}[.!?]$")
TODAY_LEAD_MIN_WORDS = 4
# Words that make a headline's month the period it reports on, not its date: "Report for December 2009".
_PERIOD_WORDS = frozenset(("for", "of", "in", "since", "until", "from", "to", "by", "during", "за", "в", "во", "на",
                           "с", "со", "до", "от", "по", "после", "из"))
CATALOGUE_NEAR_LINES = 3  # a catalogue record's imprint stands by its ISBN, УДК or ББК
# The heading of a reference list, whose entries look like catalogue records
_REFERENCES_RE = re.compile(r"^\W*(?:references|bibliography|literature|sources|further reading|литература|"
                            r"список\s+(?:использованн\w+\s+)?литератур\w*|источники|библиография|әдебиет\w*|"
                            r"пайдаланылған\s+әдебиет\w*)\W*$", re.I)
_CATALOGUE_MARK_RE = re.compile(r"\b(?:ISBN|ISSN|УДК|ББК|UDC|BBK)\b")
# A catalogue record's imprint: "– Б.: 2009. – 110 с.", "– Bishkek: OSCE, 2009. – 110 p."
_IMPRINT_RE = re.compile(r"[–—-]\s*[A-ZА-ЯЁ][^\W\d_]*\.?(?:\s[A-ZА-ЯЁ][^\W\d_]*\.?)?\s*:\s*(?:[^–—:]{1,80},\s*)?"
                         r"((?:19|20)\d\d)\s*\.?\s*[–—-]\s*\d+\s*(?:с|c|p|pp|б|бет|стр)\.")


@dataclass(frozen=True)
class PublicationDate:
    """A page's date, how it was shown, and the line it was read from (for the editor's report)."""

    value: PartialDate
    evidence: str  # "metadata", "dateline", "date line above the headline"
    line: str

    @property
    def weak(self) -> bool:
        """Whether an editor should check it: a date line above the headline may be the site's, and a bare
        year may be an imprint's."""
        return self.evidence != "metadata" and (self.evidence != "dateline" or self.value.precision == 1)


def find_publication_date(text: str, title: str = "", today: date | None = None) -> PublicationDate | None:
    """The date a page shows as its own, or None (see the module's docstring)."""
    limit = today or date.today()
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEAD_LINES]
    for number, line in enumerate(lines):  # a metadata line, anywhere near the top
        found = metadata_date(line)
        if found and _event_card(lines, number):
            continue
        if found and _fits(found, _own_field(line, found), limit):
            value = _with_day(found.value, " ".join([line[found.end:], *lines[number + 1:number + 3]]))
            return PublicationDate(value, "metadata", line)
        found = _document_symbol_date(lines, number)
        if found and _fits(found, "", limit):
            return PublicationDate(found.value, "metadata", line)
    title_at = _title_line(lines, title)
    headline_alone = title_at >= 0 and _is_headline_line(lines[title_at], title)
    body_at = _body_start(lines, title_at + 1 if headline_alone else max(title_at, 0))
    above: list[tuple[int, PublicationDate]] = []
    below: list[PublicationDate] = []
    opening: PublicationDate | None = None
    end = body_at + 2
    for number, line in enumerate(lines):
        if number >= end:
            break
        if number >= body_at and (_CAPTION_RE.search(line) or is_byline(line)) and end - body_at < CAPTION_SKIP + 2:
            end += 1  # a photo's caption or a byline after the lead: the date or the dateline follows it
        repeated = [lines[number - 1] if number else "", lines[number + 1] if number + 1 < len(lines) else "", title]
        rest = _unrepeated(line, repeated)
        if rest is None and number == title_at and len(line.split()) < PROSE_MIN_WORDS and not _dateline(line):
            continue  # the headline itself; a page named by its first sentence keeps that line's dateline
        found = _line_date(line if rest is None else rest, limit)
        if found is None or _event_card(lines, number):
            continue
        if number < title_at:
            above.append((number, PublicationDate(found.value, "date line above the headline", line)))
        elif number < body_at:
            below.append(PublicationDate(found.value, "dateline", line))
        else:
            below.append(PublicationDate(found.value, "dateline", line))
            if len(line.split()) >= PROSE_MIN_WORDS:
                opening = below[-1]
            break  # the first paragraph's dateline; the text below tells of other days
    if below:
        # Different dates between the headline and the text are a list (related posts, previous and next), or
        # a caption's day, unless the text opens with its own dateline.
        first, *others = below
        listed = others and others[0].value.precision == first.value.precision and others[0].value != first.value
        if listed:
            # Unless one of them is the date printed above the headline too: the page's own, shown twice.
            twice = [found for found in below if any(found.value == other.value for _, other in above)]
            return twice[0] if twice else opening
        return first
    return _headline_date(lines, title_at, title, limit) or _above_headline(above) or _catalogue_date(lines, limit)


def _line_date(line: str, limit: date) -> Reading | None:
    """The date a line shows as the page's: a date line, a legal act's own line, a paragraph's dateline, or
    the date of a lead written on its day ("Сегодня, 30 апреля 2021 года, состоялось заседание…"); not an
    event named with its day ("Андижанские события 13 мая 2005 года", "the massacre of 13 May 2005")."""
    prose = len(line.split()) >= PROSE_MIN_WORDS
    found = (_dateline(line) or _act_date(line)) if prose else (date_line(line) or _act_date(line)
                                                                 or _short_lead_dateline(line))
    context = line[: found.end] if prose and found else line
    if prose and found is None:
        found, opens = _glued_dateline(line)
        context = line[opens: found.end] if found else line
    if found is not None:
        if _EVENT_BEFORE_RE.search(line[: found.start]):
            return None
        return found if _fits(found, context, limit) else None
    return _today_lead(line, limit)


def _short_lead_dateline(line: str) -> Reading | None:
    """The dateline of a first paragraph of one short sentence ("Ashgabat, 30 March 2023 (TDI): On 27 March the
    commission…")."""
    return _dateline(line) if len(line.split()) >= SENTENCE_MIN_WORDS else None


def _today_lead(line: str, limit: date) -> Reading | None:
    """"Today, 5 May 2020, the council met…": a sentence that opens with its day; a site's clock ("Сегодня:
    25.04.2024, четверг") is no sentence."""
    today = _TODAY_LEAD_RE.match(line)
    if today is None or not _SENTENCE_RE.search(line):
        return None
    rest = line[today.end():]
    found = next(iter(readings(rest[:DAY_SEARCH_CHARS])), None)
    if found is None or found.start or found.value.precision < 3 or not _fits(found, rest[: found.end], limit):
        return None
    return found if len(rest[found.end:].split()) >= TODAY_LEAD_MIN_WORDS else None


def _unrepeated(line: str, repeated: list[str]) -> str | None:
    """What a line holds besides a neighbouring line or the headline it repeats, run together with it
    ("Русская линия07.08.2009" under "Русская линия", "Osh, 5 June 2019 – …" glued to the headline); None
    when it repeats none of them."""
    for other in repeated:
        other = other.strip()
        if len(other) < REPEAT_MIN_CHARS or len(line) <= len(other) or other.endswith("…"):
            continue
        if line.startswith(other):
            return line[len(other):].strip()
        if line.endswith(other):
            return line[: -len(other)].strip()
    return None


def _document_symbol_date(lines: list[str], number: int) -> Reading | None:
    """The date a UN document prints under its distribution mark ("Distr.: General 14 March 2011"), also
    when the PDF's columns run it into other lines."""
    match = _DISTRIBUTION_RE.search(lines[number])
    if match is None:
        return None
    following = " ".join([lines[number][match.end():], *lines[number + 1:number + 3]])
    return next((r for r in readings(following[:DISTRIBUTION_SEARCH_CHARS]) if r.value.precision == 3), None)


def _headline_date(lines: list[str], title_at: int, title: str, limit: date) -> PublicationDate | None:
    """The month a report's headline ends with ("Religious freedom survey, December 2009", a second line
    "…для обсуждения Март 2012"); not a period the headline names ("Report for December 2009")."""
    headings = [title]
    if 0 <= title_at < len(lines) - 1:
        second = lines[title_at + 1]
        if second[:1].islower() and len(second.split()) < PROSE_MIN_WORDS:
            headings.append(second)
    for heading in headings:
        found = [r for r in readings(heading) if r.kind in ("my", "kk_ym")]
        if not found:
            continue
        last = found[-1]
        before = heading[: last.start].rstrip()
        if heading[last.end:].strip(" .)]»\"'") or not before or not _fits(last, heading, limit):
            continue
        words = before.split()
        if words[-1].strip(",:–—-(").casefold() in _PERIOD_WORDS:
            continue
        separated = before.endswith((",", "–", "—", "-", "(", ":", "|", "/"))
        named_apart = heading[last.start].isupper() and "CYRILLIC" in unicodedata.name(heading[last.start], "")
        if separated or (named_apart and not before.isupper()):
            return PublicationDate(last.value, "date in the headline", heading)
    return None


def _catalogue_date(lines: list[str], limit: date) -> PublicationDate | None:
    """The year of a book's own catalogue record ("… – Б.: 2009. – 110 с." beside its ISBN, УДК and ББК).
    A reference list is not one: its entries stand under a heading ("References", "Литература") and there
    are several of them."""
    marks = [number for number, line in enumerate(lines) if _CATALOGUE_MARK_RE.search(line)]
    imprints = [(number, match) for number, line in enumerate(lines) if (match := _IMPRINT_RE.search(line))]
    if not marks or len(imprints) != 1:
        return None
    number, match = imprints[0]
    if min(abs(number - mark) for mark in marks) > CATALOGUE_NEAR_LINES:
        return None
    if any(_REFERENCES_RE.match(line) for line in lines[:number]):
        return None
    value = make_date(int(match.group(1)))
    return PublicationDate(value, "catalogue record", lines[number]) if value.first_day() <= limit else None


def _fits(found: Reading, line: str, limit: date) -> bool:
    """Whether a date read from ``line`` can be the page's: not to come, not a span, not on a line whose words
    make it someone else's (``_NOT_PUBLICATION_RE``), not set as a period, a table's cell or a subject's year."""
    if found.value.first_day() > limit or found.ranged or _NOT_PUBLICATION_RE.search(_PHOTO_SOURCE_RE.sub("", line)):
        return False
    if _set_apart(found, line):
        return False
    return not _NUMBER_SIGN_RE.search(line) or bool(_ACT_DATE_RE.match(line) or _act_line(line))


def _set_apart(found: Reading, line: str) -> bool:
    """Whether the date's setting makes it another thing than the page's date: the start of a period ("June
    2014 - May 2015"), a cell of a table flattened into text ("Дата | 19 марта 2023 года | ||", an infobox), a
    figure's date with its footnote ("(01.01.2024)[1]"), a year in brackets after a name ("Парламентские выборы
    в Казахстане (2023)")."""
    before, after = line[: found.start], line[found.end:]
    if _SPAN_END_RE.match(after):
        return True
    if _TABLE_ROW_RE.match(before) and _TABLE_CELL_END_RE.match(after):
        return True
    if _FOOTNOTE_AFTER_RE.match(after):
        return True
    return found.value.precision == 1 and before.endswith("(") and after.startswith(")")


def _act_date(line: str) -> Reading | None:
    """The date of a legal act's own line ("Government decree of 27 November 2018 No. 789."), also where its
    registration runs on in the same paragraph ("… № 388. Зарегистрировано департаментом юстиции …")."""
    line = _NEXT_SENTENCE_RE.split(line, maxsplit=1)[0]
    if len(line.split()) > ACT_LINE_MAX_WORDS or not _act_line(line):
        return None
    return next((reading for reading in readings(line) if reading.value.precision == 3), None)


def _own_field(line: str, found: Reading) -> str:
    """A metadata date's own field of its line, from the separator before its label ("Received 03 Apr 2020,
    Accepted 12 Dec 2020, Published online: 16 Jan 2021" → "Published online: 16 Jan 2021")."""
    return re.split(r"[|·•,;]", line[: found.start])[-1] + line[found.start: found.end]


def _act_line(line: str) -> bool:
    """Whether a line is a legal act's own (its kind, date and number), not an item of a list of the acts it
    cites, amends or repeals ("1) Указ … от 28 декабря 2015 года № 148 …;")."""
    return bool(_ACT_LINE_RE.search(line)) and not _ENUMERATED_RE.match(line)


def _with_day(value: PartialDate, following: str) -> PartialDate:
    """A month-only metadata date made precise by the dateline after it ("date 2019-02" … "Астана. 18
    февраля."), when the dateline's month is the same."""
    if value.precision != 2:
        return value
    match = _DAY_MONTH_RE.search(following[:DAY_SEARCH_CHARS])
    if match and month_number(match.group(2)) == value.month:
        try:
            return make_date(value.year, value.month, int(match.group(1)))
        except ValueError:
            return value
    return value


def _title_line(lines: list[str], title: str) -> int:
    """Where the headline stands among the lines; -1 when it is not one of them."""
    key = title.strip().rstrip("…").casefold()
    if not key:
        return -1
    return next((number for number, line in enumerate(lines) if key in line.casefold()), -1)


def _is_headline_line(line: str, title: str) -> bool:
    """Whether the title's line is a headline of its own rather than a paragraph the title was quoted from
    (a page without a headline is named by its first sentence)."""
    if len(line) <= len(title) + 1:
        return True
    return title.endswith("…") and not re.search(r"[.!?]\s", line)


def _body_start(lines: list[str], start: int) -> int:
    """The first line of the text proper, from ``start`` on (a long menu or breadcrumb is not it)."""
    return next((number for number, line in enumerate(lines) if number >= start
                 and len(line.split()) >= PROSE_MIN_WORDS and not (is_furniture(line) or is_path_list(line))),
                len(lines))


def _dateline(line: str) -> Reading | None:
    """The date a paragraph opens with after a place or agency ("Bishkek, October 4, 2024 – The forum…")."""
    for reading in readings(line[:120]):
        prefix = line[: reading.start].split()
        if len(prefix) > DATELINE_PREFIX_WORDS or not all(_PLACE_WORD_RE.match(word) for word in prefix):
            return None
        if reading.value.precision == 3 and _DATELINE_END_RE.match(line[reading.end:]):
            return reading
        return None
    return None


def _event_card(lines: list[str], number: int) -> bool:
    """Whether a line's date is an event's, shown with the event's other fields ("Date: 12 May 2019 / Venue:
    Osh"), not the page's."""
    return bool(_EVENT_FIELDS_RE.search(" ".join(lines[number:number + EVENT_FIELDS_LINES])))


def _glued_dateline(line: str) -> tuple[Reading | None, int]:
    """A dateline in capitals run together with a caption or credit before it ("Pupils in class. Photo: A.
    Writer BISHKEK, 4 October 2024 – The forum…"): the place in capitals after a sentence's end, or in brackets
    ("… © Agency (Bishkek, January 25, 2024) – The…"), then the day and a dash; with where the place begins (the
    caption before it is no part of the dateline)."""
    for reading in readings(line[:GLUED_DATELINE_CHARS]):
        if reading.value.precision != 3 or not _DATELINE_END_RE.match(line[reading.end:]):
            continue
        place = _CAPITAL_PLACE_RE.search(line[: reading.start]) or _BRACKETED_PLACE_RE.search(line[: reading.start])
        if place:
            return reading, place.start("place")
    return None, 0


def _above_headline(above: list[tuple[int, PublicationDate]]) -> PublicationDate | None:
    """A date line above the headline counts when it stands alone: two different dates next to each other,
    or with a link's title between them, are a calendar or links to other posts, and a date with its weekday
    is the site's clock when another date stands there too."""
    if len(above) > 1:
        above = [item for item in above if not WEEKDAY_RE.search(item[1].line)] or above
    if not above:
        return None
    for (number, found), (next_number, next_found) in zip(above, above[1:], strict=False):
        if next_number - number <= LISTED_GAP_LINES + 1 and found.value != next_found.value:
            return None
    return above[-1][1]
