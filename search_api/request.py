"""A search request, validated: the one contract shared by the JSON API, the web page and the CLI.

Every problem is a ``ParamError`` naming the parameter and what is allowed, which the API turns
into a 400 JSON error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pycountry

from indexer.extract.dates import PartialDate, parse_iso
from indexer.extract.themes import taxonomy
from search_api import syntax
from search_api.facets import DEFAULT_FACETS, FACETS

SORTS = ("relevance", "date:desc", "date:asc")
# graded (default): every word first, then pages with most of them (search_api/graded.py); all: every word
# or nothing; any: any word, the best re-ranked by meaning (long questions).
MATCHES = ("graded", "all", "any")
DEFAULT_MATCH = "graded"
LANG_VALUES = ("en", "ru", "kk", "other")
UI_LANGS = ("en", "ru", "kk")
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_QUERY_CHARS = 1_000
FILTER_PARAMS = ("country", "theme", "lang", "date_from", "date_to")
CONTROL_PARAMS = ("q", "sort", "limit", "offset", "match", "facets", "facet_limit", "ui_lang")
ALLOWED_PARAMS = FILTER_PARAMS + CONTROL_PARAMS


class ParamError(ValueError):
    """A request parameter that cannot be used; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass
class SearchRequest:
    q: str = ""
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    match: str = DEFAULT_MATCH
    facets: tuple[str, ...] = DEFAULT_FACETS
    facet_limit: int = 20
    ui_lang: str = "en"

    def filters(self) -> dict[str, list[str]]:
        """The active filters by facet name, for marking selected facet values."""
        return {"country": self.countries, "theme": self.themes, "lang": self.langs}


def parse_request(params: Mapping[str, Sequence[str]]) -> SearchRequest:
    """Builds a request from query parameters (each a list of values); raises ParamError."""
    unknown = sorted(set(params) - set(ALLOWED_PARAMS))
    if unknown:
        raise ParamError(unknown[0], f"unknown parameter {unknown[0]!r}; allowed: {', '.join(ALLOWED_PARAMS)}")
    request = SearchRequest(
        q=_single(params, "q", "").strip(),
        countries=_countries(_split(params.get("country", []))),
        themes=_themes(_split(params.get("theme", []))),
        langs=_choices("lang", _split(params.get("lang", [])), LANG_VALUES),
        date_from=_date(params, "date_from"),
        date_to=_date(params, "date_to"),
        sort=_choice(params, "sort", "relevance", SORTS),
        limit=_integer(params, "limit", 10, 0, MAX_LIMIT),  # 0: counts and facets only
        offset=_integer(params, "offset", 0, 0, MAX_OFFSET),
        match=_choice(params, "match", DEFAULT_MATCH, MATCHES),
        facets=_facets(params),
        facet_limit=_integer(params, "facet_limit", 20, 1, 1000),
        ui_lang=_choice(params, "ui_lang", "en", UI_LANGS),
    )
    if len(_single(params, "q", "")) > MAX_QUERY_CHARS:  # as typed: the contract's maxLength
        raise ParamError("q", f"query too long: at most {MAX_QUERY_CHARS} characters")
    if request.date_from and request.date_to and request.date_from.first_day() > request.date_to.last_day():
        raise ParamError("date_from", "date_from is after date_to")
    return request


def with_query_filters(request: SearchRequest) -> SearchRequest:
    """The request with the filters typed in its query (``country:KG``, ``theme:youth``, ``lang:kk``,
    ``year:2015..2019``; search_api/syntax.py) joined to the URL's, so they act exactly as ``country=KG`` and the
    rest do, in hits, facet counts and the selected marks. Values of one field join as in the URL (any of them);
    the query's years (from its first to its last) narrow the URL's date range."""
    typed = [item for item in syntax.parse(request.q).filters if not item.negated]
    if not typed:
        return request
    merged: dict[str, list[str]] = {"country": list(request.countries), "theme": list(request.themes),
                                    "lang": list(request.langs)}
    years: list[str] = []
    for item in typed:
        if item.field == "year":
            years += item.values
        else:
            merged[item.field] += [value for value in item.values if value not in merged[item.field]]
    date_from, date_to = request.date_from, request.date_to
    if years:
        first, last = parse_iso(min(years)), parse_iso(max(years))
        if date_from is None or first.first_day() > date_from.first_day():
            date_from = first
        if date_to is None or last.last_day() < date_to.last_day():
            date_to = last
    return dataclasses.replace(request, countries=merged["country"], themes=merged["theme"], langs=merged["lang"],
                               date_from=date_from, date_to=date_to)


def _single(params: Mapping[str, Sequence[str]], name: str, default: str) -> str:
    values = params.get(name) or []
    if len(values) > 1:
        raise ParamError(name, f"{name!r} may be given only once")
    return values[0] if values else default


def _split(values: Sequence[str]) -> list[str]:
    """Repeated parameters and comma-separated lists both work: country=KZ&country=KG or KZ,KG."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _countries(values: list[str]) -> list[str]:
    codes = []
    for value in values:
        if len(value) != 2 or not pycountry.countries.get(alpha_2=value.upper()):
            raise ParamError("country", f"unknown country {value!r}: use ISO 3166-1 alpha-2 codes such as KZ, KG, TJ")
        codes.append(value.upper())
    return codes


def _themes(values: list[str]) -> list[str]:
    known = taxonomy().labels
    for value in values:
        if value not in known:
            raise ParamError("theme", f"unknown theme {value!r}; allowed: {', '.join(known)}")
    return values


def _choices(name: str, values: list[str], allowed: Sequence[str]) -> list[str]:
    for value in values:
        if value not in allowed:
            raise ParamError(name, f"unknown {name} {value!r}; allowed: {', '.join(allowed)}")
    return values


def _choice(params: Mapping[str, Sequence[str]], name: str, default: str, allowed: Sequence[str]) -> str:
    value = _single(params, name, default)
    if value not in allowed:
        raise ParamError(name, f"unknown {name} {value!r}; allowed: {', '.join(allowed)}")
    return value


def _integer(params: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int) -> int:
    raw = _single(params, name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ParamError(name, f"{name} must be a whole number from {low} to {high}, not {raw!r}") from None
    if not low <= value <= high:
        raise ParamError(name, f"{name} must be from {low} to {high}, not {value}")
    return value


def _date(params: Mapping[str, Sequence[str]], name: str) -> PartialDate | None:
    raw = _single(params, name, "")
    if not raw:
        return None
    try:
        return parse_iso(raw)
    except ValueError as exc:
        raise ParamError(name, f"{name}: {exc}") from None


def _facets(params: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    if "facets" not in params:
        return DEFAULT_FACETS
    names = _split(params["facets"])
    for name in names:
        if name not in FACETS:
            raise ParamError("facets", f"unknown facet {name!r}; allowed: {', '.join(FACETS)}")
    return tuple(dict.fromkeys(names))
