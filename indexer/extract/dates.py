"""Dates with their precision (year, month or day), parsed from metadata and from en/ru/kk text.

A month-only date (``Last updated: January 2017``) is kept as ``2017-01``: it filters and facets as
that whole month, never as an invented first day. A Solar Hijri date (Afghan and Iranian pages: "12 Asad
1402", "۱۴۰۲/۰۵/۱۲") is read as the Gregorian day it names; a span of days ("30 April – 2 May 2019") is read
as its first day and marked ranged, so that nobody takes an event's span for a page's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> int:
        """1 year, 2 month, 3 day."""
        return 1 + (self.month is not None) + (self.day is not None)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?\s*$")


def parse_iso(value: str) -> PartialDate:
    """Parses YYYY, YYYY-MM or YYYY-MM-DD (a time part is ignored); raises ValueError otherwise."""
    match = _ISO_RE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    return make_date(year, month, day)


def make_date(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    """A validated partial date (raises ValueError for 2019-13-45)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is out of range {MIN_YEAR}–{MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is not None:
        if month is None:
            raise ValueError("a day needs a month")
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"day {day} does not exist in {year:04d}-{month:02d}")
    return PartialDate(year, month, day)


# Month names as whole words: English; Russian in every case and Kyrgyz, which inflects the same stems
# (июнда, 3-июнь), and Kyrgyz's own names (Жалган куран, Кулжа); Kazakh in Cyrillic, in the 2018 and 2021
# Latin alphabets (with Cyrillic letters left in: Sәuir) and in Arabic script; Uzbek.
_MONTH_FORMS = {
    1: r"jan(uary)?|январ\w*|янв|yanvar\w*|үчтүн\s+айы\w*|қаңтар\w*|qa[ñń]tar\w*|قاڭتار\w*",
    2: r"feb(ruary)?|феврал\w*|фев|fevral\w*|бирдин\s+айы\w*|ақпан\w*|aqpan\w*|اقپان\w*",
    3: r"mar(ch)?|март\w*|mart|жалган\s+куран\w*|наурыз\w*|na[uý]ryz\w*|ناۋرىز\w*",
    4: r"apr(il)?|апрел\w*|апр|aprel\w*|чын\s+куран\w*|сәуір\w*|s[äáә][uý][iıі]r\w*|ء?ساۋىر\w*",
    5: r"may|ма[йяюе]\w*|бугу\w*|мамыр\w*|mamyr\w*|مامىر\w*",
    6: r"june?|июн\w*|iyun\w*|кулжа\w*|маусым\w*|ma[uý]sym\w*|ماۋسىم\w*",
    7: r"july?|июл\w*|iyul\w*|теке\w*|шілде\w*|(?:şı|shi|şi)lde\w*|ء?شىلدە\w*",
    8: r"aug(ust)?|август\w*|авг|avgust\w*|баш\s+оона\w*|тамыз\w*|tamyz\w*|تامىز\w*",
    9: r"sep(t|tember)?|сентябр\w*|сен|sent[iy]?abr\w*|аяк\s+оона\w*|қыркүйек\w*|qyrk[üú][iı]ek\w*|قىركۇيەك\w*",
    10: r"oct(ober)?|октябр\w*|окт|okt[iy]?abr\w*|тогуздун\s+айы\w*|қазан\w*|qazan\w*|قازان\w*",
    11: r"nov(ember)?|ноябр\w*|ноя|noyabr\w*|жетинин\s+айы\w*|қараша\w*|qara(?:şa|sha)\w*|قاراشا\w*",
    12: r"dec(ember)?|декабр\w*|дек|dekabr\w*|бештин\s+айы\w*|желтоқсан\w*|jeltoqsan\w*|جەلتوقسان\w*",
}
_MONTH_RES = {number: re.compile(f"(?:{forms})", re.I) for number, forms in _MONTH_FORMS.items()}
# A month's name: one word, or one of Kyrgyz's two-word names.
_KYRGYZ_TWO_WORD_MONTHS = (r"(?:жалган|чын)\s+куран\w*|(?:баш|аяк)\s+оона\w*|"
                           r"(?:үчтүн|бирдин|тогуздун|жетинин|бештин)\s+айы\w*")
_MONTH_WORD = r"((?i:" + _KYRGYZ_TWO_WORD_MONTHS + r")|[^\W\d_]{3,12})\.?"
_YEAR = r"((?:19|20)\d\d)(?!\d)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE_END = r"(?:\s*[-–—]\s*(\d{1,2})(?:st|nd|rd|th)?\b)?"  # 12–14 марта: the range's last day
# 2017 жылғы, 2021-жылы (Kyrgyz), 2017 jylğy, 2021 йил / yil (Uzbek)
_YEAR_WORD = r"\s*-?\s*(?:жыл\w*|ж\.|jyl\w*|جىل\w*|йил\w*|yil\w*)"
# Words that say the date beside them is the page's: a metadata line (" date 2024-01-19", "Published: …").
_LABELS = re.compile(
    r"(last updated|updated|published online|published|posted|datasy|date|обновлено|опубликовано|дата публикации|"
    r"датасы|дата|жарияланды|жаңартылды|соңғы жаңарту|жарияланған күні|жаңартылған күні|күні|"
    r"künı|jariialandy)\s*(on)?\s*[:\-–]?\s*",
    re.I,
)
# (pattern, kind, group of the range's end day or 0); the first pattern to claim a stretch of text wins
_PATTERNS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"(?<![\d.])" + _YEAR + r"([-/.])(\d{1,2})\2(\d{1,2})(?![\d])"), "ymd", 0),
    # 07.05.19, 13.01.2020, 07-12-2016, 04.02.2021ж.
    (re.compile(r"(?<![\d.\-/])(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d\d|\d\d)(?![\d]|\.\d)"), "dmy", 0),
    (re.compile(r"(?<![\d.\-/])(\d{1,2})(-)(\d{1,2})-((?:19|20)\d\d)(?![\d])"), "dmy", 0),
    # June 26 - 30, 2017 / June 26, 2017 / Feb. 3, 2026
    (re.compile(r"\b" + _MONTH_WORD + r"\s+" + _DAY + _RANGE_END + r",?\s+" + _YEAR), "mdy", 3),
    # 26 июня 2017 г. / 12 March 2021 / 12–14 марта 2020 года / 26th of August, 2022 / 3-июнь 2021 / 12-Mar-2021
    (re.compile(r"(?<![\d.])" + _DAY + _RANGE_END + r"(?:\s+of)?(?:\s+|-|\.)" + _MONTH_WORD + r"(?:,?\s+|-|(?<=\.))"
                + _YEAR),
     "dmy_word", 2),
    # 2017 жылғы 26 маусым / 2021-жылдын 3-июну
    (re.compile(_YEAR + _YEAR_WORD + r"\s*[\"«]?" + _DAY + r"[\"»]?-?\s*" + _MONTH_WORD), "kk_ydm", 0),
    # 2020 жылғы наурыз
    (re.compile(_YEAR + _YEAR_WORD + r"\s*" + _MONTH_WORD), "kk_ym", 0),
    # January 2017 / январь 2017 / в марте 2020 года / December, 2009
    (re.compile(r"\b" + _MONTH_WORD + r",?\s+" + _YEAR), "my", 0),
    # 2021-08: a month, but also a span of years (2010-12), so trusted only where a label names it a date
    (re.compile(r"(?<![\d.\-/])" + _YEAR + r"-(\d{2})(?![\d\-])"), "ym", 0),
    (re.compile(r"(?<![\d.\-/©])(?<!© )(?<!\(c\) )" + _YEAR + r"(?!-)"), "y", 0),
]


# Solar Hijri months (Afghanistan: Dari and Pashto names; Iran), in Latin letters and Arabic script. Arabic
# yeh and kaf are read as the Persian ones before matching.
_SOLAR_MONTH_FORMS = {
    1: r"hamal|حمل|farvardin|فروردین|wray|وری",
    2: r"sawr|saur|sowr|thawr|ثور|ordibehesht|اردیبهشت|ghwayay|غویی",
    3: r"jawza|jauza|jowza|جوزا|khordad|خرداد|ghbargolay|غبرگولی",
    4: r"saratan|سرطان|tir|تیر|chungash|چنگاښ",
    5: r"asad|اسد|mordad|amordad|مرداد|امرداد|zmaray|زمری",
    6: r"sunbula|sunbulah|sonbola|sonbula|سنبله|shahrivar|shahriwar|شهریور|wazhay|وږی",
    7: r"mizan|میزان|mehr|mihr|مهر|tala|تله",
    8: r"aqrab|akrab|عقرب|aban|آبان|laram|لړم",
    9: r"qaws|qaus|قوس|azar|آذر|lindai|لیندۍ",
    10: r"jadi|jaddi|jadey|جدی|dey|دی|marghumay|مرغومی",
    11: r"dalw|dalv|دلو|bahman|بهمن|salwagha|سلواغه",
    12: r"hut|hoot|حوت|esfand|اسفند|kab|کب",
}
_SOLAR_MONTH_RES = {number: re.compile(f"(?:{forms})", re.I) for number, forms in _SOLAR_MONTH_FORMS.items()}
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# Years of the Solar Hijri calendar that pages show (1300 = 1921); the calendar's breaks, after which its
# 33-year leap cycle shifts (Borkowski's arithmetic, as in the jalaali libraries).
_SOLAR_YEAR_DIGITS = r"(1[34]\d\d)"
_SOLAR_YEAR = _SOLAR_YEAR_DIGITS + r"(?!\d)"
_SOLAR_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394,
                 2456, 3178)
_SOLAR_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # 1402/05/12, 1402-05-12; 12/05/1402 (not 3-12-1401, a telephone number's look)
    (re.compile(r"(?<![\d.\-/])" + _SOLAR_YEAR_DIGITS + r"(?:([/.])(\d{1,2})\2(\d{1,2})|(-)(\d\d)-(\d\d))(?![\d\-])"),
     "sh_ymd"),
    (re.compile(r"(?<![\d.\-/])(\d{1,2})([/.])(\d{1,2})\2" + _SOLAR_YEAR), "sh_dmy"),
    (re.compile(r"(?<![\d.])(\d{1,2})\s+([^\W\d_]{2,12})\s+" + _SOLAR_YEAR), "sh_dmy_word"),
    (re.compile(r"\b([^\W\d_]{2,12})\s+(\d{1,2}),?\s+" + _SOLAR_YEAR), "sh_mdy_word"),
]


def solar_month_number(word: str) -> int | None:
    """The Solar Hijri month a word names (Asad, اسد, Mordad…), or None."""
    lower = word.lower().translate(_PERSIAN_LETTERS)
    return next((number for number, pattern in _SOLAR_MONTH_RES.items() if pattern.fullmatch(lower)), None)


def _first_of_farvardin(year: int) -> date:
    """The Gregorian day on which a Solar Hijri year begins (Nowruz)."""
    leap_solar, start, jump = -14, _SOLAR_BREAKS[0], 0
    for following in _SOLAR_BREAKS[1:]:
        jump = following - start
        if year < following:
            break
        leap_solar += jump // 33 * 8 + jump % 33 // 4
        start = following
    since = year - start
    leap_solar += since // 33 * 8 + (since % 33 + 3) // 4
    if jump % 33 == 4 and jump - since == 4:
        leap_solar += 1
    gregorian = year + 621
    leap_gregorian = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    return date(gregorian, 3, 20 + leap_solar - leap_gregorian)


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> PartialDate:
    """The Gregorian day of a Solar Hijri date (12 Asad 1402 → 2023-08-03); raises ValueError for a day that
    does not exist (months 1–6 have 31 days, 7–11 have 30, the twelfth 29 or 30)."""
    if not 1 <= month <= 12 or not 1 <= day <= (31 if month <= 6 else 30):
        raise ValueError(f"{year}-{month}-{day} is not a Solar Hijri date")
    offset = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    start = _first_of_farvardin(year)
    found = start + timedelta(days=offset + day - 1)
    if month == 12 and found >= _first_of_farvardin(year + 1):
        raise ValueError(f"{year} has no 30 Esfand")
    return make_date(found.year, found.month, found.day)


def _solar_build(kind: str, groups: tuple[str, ...]) -> PartialDate | None:
    try:
        if kind == "sh_ymd":
            month, day = (groups[2], groups[3]) if groups[1] else (groups[5], groups[6])
            return solar_hijri_to_gregorian(int(groups[0]), int(month), int(day))
        if kind == "sh_dmy":
            return solar_hijri_to_gregorian(int(groups[3]), int(groups[2]), int(groups[0]))
        month = solar_month_number(groups[1] if kind == "sh_dmy_word" else groups[0])
        if month is None:
            return None
        day = int(groups[0] if kind == "sh_dmy_word" else groups[1])
        return solar_hijri_to_gregorian(int(groups[2]), month, day)
    except ValueError:
        return None


# A span across months or years: "30 April – 2 May 2019", "April 30 – May 2, 2019", "30.04–02.05.2019"; read
# as its first day (the year before when the span crosses New Year), marked ranged.
_DASH = r"\s*[-–—]\s*"
_SPAN_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\d.])" + _DAY + r"\s+" + _MONTH_WORD + _DASH + _DAY + r"\s+" + _MONTH_WORD + r",?\s+"
                + _YEAR), "span_dm"),
    (re.compile(r"\b" + _MONTH_WORD + r"\s+" + _DAY + _DASH + _MONTH_WORD + r"\s+" + _DAY + r",?\s+" + _YEAR),
     "span_md"),
    (re.compile(r"(?<![\d.\-/])(\d{1,2})\.(\d{1,2})" + _DASH + r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)"),
     "span_num"),
]
# Between two whole dates, what makes them a span: "30.04.2019 – 02.05.2019", "1 May 2019 to 3 June 2019"
_SPAN_JOIN_RE = re.compile(r"^\s*(?:[-–—]|to|till|until|по|до|—\s*по)\s*$", re.I)


def _span_build(kind: str, groups: tuple[str, ...]) -> PartialDate | None:
    try:
        if kind == "span_num":
            day, month, end_month, year = int(groups[0]), int(groups[1]), int(groups[3]), int(groups[4])
        else:
            first, second = (groups[1], groups[3]) if kind == "span_dm" else (groups[0], groups[2])
            month, end_month = month_number(first), month_number(second)
            if month is None or end_month is None:
                return None
            day, year = int(groups[0] if kind == "span_dm" else groups[1]), int(groups[4])
        return make_date(year - 1 if month > end_month else year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Reading:
    """One date as written in a text: where it stands, how it was written, whether it opens a range."""

    value: PartialDate
    start: int
    end: int
    kind: str
    ranged: bool = False  # "12–14 марта": the first day of an event that lasts several


def month_number(word: str) -> int | None:
    """The month a word names, in en/ru/kk/ky/uz, or None."""
    lower = " ".join(word.lower().rstrip(".").split())
    for number, pattern in _MONTH_RES.items():
        if pattern.fullmatch(lower):
            return number
    return None


def _build(kind: str, groups: tuple[str, ...]) -> PartialDate | None:
    try:
        if kind == "ymd":
            return make_date(int(groups[0]), int(groups[2]), int(groups[3]))
        if kind == "dmy":
            day, month, year = int(groups[0]), int(groups[2]), int(groups[3])
            if len(groups[3]) == 2:
                year += 2000 if year < 50 else 1900
            if month > 12 >= day:  # 10/26/2019: the American order
                day, month = month, day
            return make_date(year, month, day)
        if kind == "mdy":
            month = month_number(groups[0])
            return make_date(int(groups[3]), month, int(groups[1])) if month else None
        if kind == "dmy_word":
            month = month_number(groups[2])
            return make_date(int(groups[3]), month, int(groups[0])) if month else None
        if kind == "kk_ydm":
            month = month_number(groups[2])
            return make_date(int(groups[0]), month, int(groups[1])) if month else None
        if kind == "kk_ym":
            month = month_number(groups[1])
            return make_date(int(groups[0]), month) if month else None
        if kind == "my":
            month = month_number(groups[0])
            return make_date(int(groups[1]), month) if month else None
        if kind == "ym":
            return make_date(int(groups[0]), int(groups[1]))
        if kind == "y":
            return make_date(int(groups[0]))
    except ValueError:
        return None
    return None


# Arabic-Indic and Persian digits, and the Arabic comma ("30 قاراشا، 2021"): one character each, positions kept.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،", "01234567890123456789,")


# Every pattern with what builds its date, its range group and whether it is a span, in reading order
_PASSES = ([(pattern, kind, _span_build, None, True) for pattern, kind in _SPAN_PATTERNS]
           + [(pattern, kind, _solar_build, None, False) for pattern, kind in _SOLAR_PATTERNS]
           + [(pattern, kind, _build, group, False) for pattern, kind, group in _PATTERNS])


def readings(text: str) -> list[Reading]:
    """Every date written in a text, in the order they stand; each stretch of text read once, at the most
    precise form that fits it: a span before the days it joins, a Solar Hijri date before any other."""
    text = text.translate(_DIGITS)
    found: list[Reading] = []
    for pattern, kind, build, range_group, spanned in _PASSES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other.end and other.start < end for other in found):
                continue
            value = build(kind, match.groups())
            if value is not None:
                ranged = spanned or bool(range_group and match.group(range_group))
                found.append(Reading(value, start, end, kind, ranged))
    return _spans_marked(text, sorted(found, key=lambda r: r.start))


def _spans_marked(text: str, found: list[Reading]) -> list[Reading]:
    """Two different whole days joined by a dash or "to" are a span: both are marked ranged (the same day in
    two calendars, "12 Asad 1402 – 03 August 2023", is one day)."""
    marked = list(found)
    for number, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        if first.value.precision == second.value.precision == 3 and first.value != second.value and _SPAN_JOIN_RE.match(
                text[first.end:second.start]):
            marked[number] = replace(marked[number], ranged=True)
            marked[number + 1] = replace(marked[number + 1], ranged=True)
    return marked


def dates_in(text: str) -> list[PartialDate]:
    """Every date written in a text, in the order they stand."""
    return [reading.value for reading in readings(text)]


_URL_DATE_RES = [
    re.compile(r"(?<!\d)((?:19|20)\d\d)[/\-_](\d{1,2})[/\-_](\d{1,2})(?!\d)"),  # /2021/08/15/, 2021-08-15
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),  # /20211122
    re.compile(r"(?<!\d)((?:19|20)\d\d)/(\d{1,2})(?:/|$)"),  # /2016/04/
]


def date_in_url(url: str) -> PartialDate | None:
    """The date an address carries (/2021/08/15/, 20211122, /2016/04/). Kept apart from the publication
    date: a repost, an archive or a print view keeps the address of another day."""
    path = urlsplit(url).path if "://" in url else url
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            try:
                return make_date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


_TIME_RE = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?![\d.])|\b\d{1,2}\s*[ap]m\b", re.I)
WEEKDAY_RE = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b|\b(понедельник|вторник|сред[аы]|четверг|"
    r"пятниц[аы]|суббот[аы]|воскресенье|пн|вт|ср|чт|пт|сб|вс|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|"
    r"жексенбі|d[üu]isenb[ıi]|seisenb[ıi]|s[äa]rsenb[ıi]|beisenb[ıi]|juma|senb[ıi]|jeksenb[ıi]|дүйшөмбү|шейшемби|"
    r"шаршемби|бейшемби|жума|ишемби|жекшемби|جۇما)\b",
    re.I,
)
_YEAR_SUFFIX_RE = re.compile(r"(?<!\w)(г|гг|года?|ж|жыл\w*|jyl\w*|y)\.?(?!\w)", re.I)
_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END_RE = re.compile(r"[^\W\d_]{3,}[.!?]$")  # "…и учителя договорились о планах.": a sentence
# Words a date line may hold besides its date, by the date's precision: a day-precise line also names a
# place, an agency or an author ("17:32, 10 November 2021, Bishkek - news agency, by A. Author").
DATE_LINE_REST = {3: 8, 2: 2, 1: 1}
# A byline may name many authors: beside a day-precise date, a list of names ("By A. Writer, B. Writer and C.
# Writer", "24.kg"), each of at most BYLINE_NAME_WORDS capitalised words, joined by commas or "and".
BYLINE_MAX_WORDS = 30
BYLINE_NAME_WORDS = 4
_BYLINE_MARKS_RE = re.compile(r"^\s*(?:(?:written|posted|reported)\s+)?(?:by|authors?|автор\w*|авторлар\w*)\b\s*:?",
                              re.I)
_NAME_SEPARATOR_RE = re.compile(r"\s*(?:[,;&|·•/]|\s(?:and|и|және|мен|жана|on)(?=\s|$))\s*", re.I)


def metadata_date(line: str) -> Reading | None:
    """The date of a metadata line: a label ("date", "Published", "Жарияланды") followed by a date, at the
    line's start or after a separator ("By the team · Published 12 March 2021")."""
    for label in _LABELS.finditer(line):
        before = line[: label.start()].strip()
        if before and not before.endswith(("·", "|", "•", "/", ",")):
            continue
        if label.end() < len(line) and label.group(0)[-1].isalpha() and line[label.end()].isdigit():
            continue  # "Дата16.05.2018": a file listing's field, glued, not a byline
        if line[label.end():].startswith("|"):
            continue  # "Дата | 19 марта 2023 года |": a table's row (an infobox), not the page's metadata
        found = [r for r in readings(line[label.end():]) if r.start <= 3]
        if found:
            reading = found[0]
            offset = label.end()
            return Reading(reading.value, reading.start + offset, reading.end + offset, reading.kind, reading.ranged)
    return None


def date_line(line: str) -> Reading | None:
    """The date of a line that is a date and little else (a dateline, a byline's date, "13.01.2020",
    "Thursday, October 11, 2012"); None for a sentence that mentions a date."""
    found = [r for r in readings(line) if r.kind != "ym"]
    if not found or _SENTENCE_END_RE.search(line):
        return None
    reading = max(found, key=lambda r: r.value.precision)
    if reading.start and line[reading.start - 1].isalpha():
        return None  # "Дата16.05.2018", "Site name07.08.2009": a field glued to its value, not a date line
    rest = line
    for other in sorted(found, key=lambda r: -r.start):
        rest = rest[: other.start] + " " + rest[other.end:]
    rest = _YEAR_SUFFIX_RE.sub(" ", WEEKDAY_RE.sub(" ", _TIME_RE.sub(" ", rest)))
    if reading.value.precision < 3 and re.search(r"\d{3}", rest):
        return None  # "1214 мая 2005": a day run into another, not a month
    words = _LETTERS_RE.findall(rest)
    if len(words) <= DATE_LINE_REST[reading.value.precision]:
        return reading
    return reading if reading.value.precision == 3 and _names_only(rest) else None


def _names_only(rest: str) -> bool:
    """Whether what a date line holds besides its date is a list of names ("By A. Writer, B. Writer and
    C. Writer"): short runs of capitalised words (in a script that has capitals) between commas or "and"."""
    rest = _BYLINE_MARKS_RE.sub(" ", rest.strip(" -–—|,"))
    names = [name.strip(" ()[]«»\"'“”-–—") for name in _NAME_SEPARATOR_RE.split(rest)]
    names = [name.split() for name in names if _LETTERS_RE.search(name)]
    if len(names) < 2 or sum(len(name) for name in names) > BYLINE_MAX_WORDS:
        return False
    return all(len(name) <= BYLINE_NAME_WORDS and all(word[0].isupper() or "." in word for word in name)
               for name in names)


def is_byline(line: str) -> bool:
    """Whether a line names the page's author(s) ("By A. Writer", "Автор: А. Писатель"): the date often
    stands on the next line."""
    return bool(_BYLINE_MARKS_RE.match(line)) and len(line.split()) <= BYLINE_MAX_WORDS // 2


def is_date_line(line: str) -> bool:
    """Whether a line is a date (with its place, time or author), or a metadata line, rather than text."""
    return bool(date_line(line)) or bool(metadata_date(line) and len(line.split()) <= 8)


def strip_metadata_prefix(line: str) -> str:
    """A line without the metadata date it opens with (" date 2024-01-19 18:40 During the session…")."""
    found = metadata_date(line)
    if found is None or not _LABELS.match(line.lstrip()):
        return line
    rest = line[found.end:]
    time = _TIME_RE.match(rest.lstrip())
    if time:
        rest = rest.lstrip()[time.end():]
    return rest.strip()

