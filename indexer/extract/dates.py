"""Dates with their precision (year, month or day), parsed from metadata and from en/ru/kk text.

A month-only date (``Last updated: January 2017``) is kept as ``2017-01``: it filters and facets as
that whole month, never as an invented first day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

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


# Month names as whole words in English, Russian (every case) and Kazakh (with endings).
_MONTH_FORMS = {
    1: r"jan(uary)?|январ[ьяюе]|янв|қаңтар\w*|qañtar\w*",
    2: r"feb(ruary)?|феврал[ьяюе]|фев|ақпан\w*|aqpan\w*",
    3: r"mar(ch)?|март[аеу]?|наурыз\w*|nauryz\w*",
    4: r"apr(il)?|апрел[ьяюе]|апр|сәуір\w*|säuır\w*",
    5: r"may|ма[йяюе]|мамыр\w*|mamyr\w*",
    6: r"june?|июн[ьяюе]|маусым\w*|mausym\w*",
    7: r"july?|июл[ьяюе]|шілде\w*|şılde\w*",
    8: r"aug(ust)?|август[аеу]?|авг|тамыз\w*|tamyz\w*",
    9: r"sep(t|tember)?|сентябр[ьяюе]|сен|қыркүйек\w*|qyrküiek\w*",
    10: r"oct(ober)?|октябр[ьяюе]|окт|қазан\w*|qazan\w*",
    11: r"nov(ember)?|ноябр[ьяюе]|ноя|қараша\w*|qaraşa\w*",
    12: r"dec(ember)?|декабр[ьяюе]|дек|желтоқсан\w*|jeltoqsan\w*",
}
_MONTH_RES = {number: re.compile(f"(?:{forms})", re.I) for number, forms in _MONTH_FORMS.items()}
_MONTH_WORD = r"([^\W\d_]{3,12})\.?"
_YEAR = r"((?:19|20)\d\d)"
_LABELS = re.compile(
    r"(last updated|updated|published|posted|date|обновлено|опубликовано|дата публикации|дата|жарияланды|"
    r"жаңартылды|соңғы жаңарту|күні|künı|jariialandy)\s*(on)?\s*[:\-–]?\s*",
    re.I,
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b" + _YEAR + r"-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d|\d\d)\b"), "dmy"),
    # June 26 - 30, 2017 / June 26, 2017
    (re.compile(_MONTH_WORD + r"\s+(\d{1,2})(?:\s*[-–]\s*\d{1,2})?,?\s+" + _YEAR), "mdy"),
    # 26 июня 2017 г. / 12 March 2021 / 12–14 марта 2020 года
    (re.compile(r"\b(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+" + _MONTH_WORD + r"\s+" + _YEAR), "dmy_word"),
    # 2017 жылғы 26 маусым
    (re.compile(_YEAR + r"\s+(?:жыл\w*|ж\.|jyl\w*)\s*(\d{1,2})\s+" + _MONTH_WORD), "kk_ydm"),
    # 2020 жылғы наурыз
    (re.compile(_YEAR + r"\s+(?:жыл\w*|ж\.|jyl\w*)\s*" + _MONTH_WORD), "kk_ym"),
    # January 2017 / январь 2017 / в марте 2020 года
    (re.compile(_MONTH_WORD + r"\s+" + _YEAR), "my"),
    (re.compile(r"(?<![\d.\-/©])(?<!© )(?<!\(c\) )" + _YEAR + r"(?![\d\-])"), "y"),
]


def month_number(word: str) -> int | None:
    """The month a word names, in en/ru/kk, or None."""
    lower = word.lower().rstrip(".")
    for number, pattern in _MONTH_RES.items():
        if pattern.fullmatch(lower):
            return number
    return None


def _build(kind: str, groups: tuple[str, ...]) -> PartialDate | None:
    try:
        if kind == "ymd":
            return make_date(int(groups[0]), int(groups[1]), int(groups[2]))
        if kind == "dmy":
            year = int(groups[2])
            year = year + 2000 if year < 100 else year
            return make_date(year, int(groups[1]), int(groups[0]))
        if kind == "mdy":
            month = month_number(groups[0])
            return make_date(int(groups[2]), month, int(groups[1])) if month else None
        if kind == "dmy_word":
            month = month_number(groups[1])
            return make_date(int(groups[2]), month, int(groups[0])) if month else None
        if kind == "kk_ydm":
            month = month_number(groups[2])
            return make_date(int(groups[0]), month, int(groups[1])) if month else None
        if kind == "kk_ym":
            month = month_number(groups[1])
            return make_date(int(groups[0]), month) if month else None
        if kind == "my":
            month = month_number(groups[0])
            return make_date(int(groups[1]), month) if month else None
        if kind == "y":
            return make_date(int(groups[0]))
    except ValueError:
        return None
    return None


def dates_in(text: str) -> list[PartialDate]:
    """Every date written in a text, most precise reading of each place first."""
    found: list[PartialDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            value = _build(kind, match.groups())
            if value is not None:
                found.append(value)
                taken.append(span)
    return found


def find_date(text: str, today: date | None = None) -> PartialDate | None:
    """The date of a page: a labelled date (``Last updated: …``) if any, else the most precise,
    then newest, date in the text that is not in the future."""
    limit = today or date.today()
    for label in _LABELS.finditer(text):
        window = text[label.end() : label.end() + 40].split("\n", 1)[0]  # the labelled line only
        candidates = [d for d in dates_in(window) if d.first_day() <= limit]
        if candidates:
            return max(candidates, key=lambda d: d.precision)
    candidates = [d for d in dates_in(text) if d.first_day() <= limit]
    if not candidates:
        return None
    return max(candidates, key=lambda d: (d.precision, d.first_day()))
