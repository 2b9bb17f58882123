"""Parts of the readers' results page that help people on any screen: links that keep the reader's
parameters, removable filter chips, hit labels in the interface language, the year histogram, and the
suggestions of an empty page. Each returns escaped HTML; page.py puts them together."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from search_api.facets import FACETS

PART_TEXTS = {
    "en": {"filters": "Filters", "remove": "Remove filter: {label}", "clear_all": "Clear all",
           "from": "From", "to": "To", "apply": "Apply", "try": "Try instead:",
           "without_filters": "the same words without filters ({n})", "any_word": "any of the words ({n})",
           "new_search": "a new search", "bad_param": "This search could not be run: check “{param}”.",
           "feed": "Follow this search (Atom)", "export": "Download", "period": "{first} – {last}",
           "year_of": "Years", "month_of": "Months of {year}"},
    "ru": {"filters": "Фильтры", "remove": "Убрать фильтр: {label}", "clear_all": "Сбросить все",
           "from": "С", "to": "По", "apply": "Применить", "try": "Попробуйте:",
           "without_filters": "те же слова без фильтров ({n})", "any_word": "любое из слов ({n})",
           "new_search": "новый поиск", "bad_param": "Поиск не выполнен: проверьте «{param}».",
           "feed": "Следить за поиском (Atom)", "export": "Скачать", "period": "{first} – {last}",
           "year_of": "Годы", "month_of": "Месяцы {year} года"},
    "kk": {"filters": "Сүзгілер", "remove": "Сүзгіні алып тастау: {label}", "clear_all": "Барлығын тазалау",
           "from": "Бастап", "to": "Дейін", "apply": "Қолдану", "try": "Мынаны көріңіз:",
           "without_filters": "сүзгісіз сол сөздер ({n})", "any_word": "сөздердің кез келгені ({n})",
           "new_search": "жаңа іздеу", "bad_param": "Іздеу орындалмады: «{param}» тексеріңіз.",
           "feed": "Іздеуді бақылау (Atom)", "export": "Жүктеп алу", "period": "{first} – {last}",
           "year_of": "Жылдар", "month_of": "{year} жылдың айлары"},
}
FILTERS = ("country", "theme", "lang")
DATE_PARAMS = ("date_from", "date_to")
BAR_STEPS = 10  # bar widths are classes .w0 … .w10 (the CSP allows no style attributes)
HISTOGRAM_CSS = "".join(f".w{step}{{width:{step * 10}%}}" for step in range(BAR_STEPS + 1))


def page_url(params: dict[str, list[str]], path: str = "/", **changes: list[str] | None) -> str:
    """``path`` with the reader's parameters, some changed (a falsy value drops the parameter)."""
    merged = {k: list(v) for k, v in params.items()}
    for key, value in changes.items():
        if value:
            merged[key] = value
        else:
            merged.pop(key, None)
    pairs = [(k, v) for k, values in merged.items() for v in values]
    return path + "?" + urlencode(pairs) if pairs else path


def home_url(ui_lang: str) -> str:
    """The start page in the reader's interface language."""
    return "/" if ui_lang == "en" else "/?" + urlencode({"ui_lang": ui_lang})


def selected_values(params: dict[str, list[str]], name: str) -> list[str]:
    return [v for raw in params.get(name, []) for v in raw.split(",") if v]


def chips(params: dict[str, list[str]], ui_lang: str) -> str:
    """Each active filter as a link that removes it, then "clear all"; empty without filters."""
    p = PART_TEXTS[ui_lang]
    items = []
    for name in FILTERS:
        values = selected_values(params, name)
        for value in values:
            label = FACETS[name].label(value, ui_lang)
            href = page_url(params, **{name: [v for v in values if v != value], "offset": None})
            items.append((href, label, p["remove"].format(label=label)))
    dates = [params[k][0] for k in DATE_PARAMS if params.get(k)]
    if dates:
        first, last = (params.get("date_from") or ["…"])[0], (params.get("date_to") or ["…"])[0]
        label = first if first == last else p["period"].format(first=first, last=last)
        href = page_url(params, date_from=None, date_to=None, offset=None)
        items.append((href, label, p["remove"].format(label=label)))
    if not items:
        return ""
    parts = ['<ul class="chips" aria-label="' + escape(p["filters"]) + '">']
    parts += [f'<li><a class="chip" href="{escape(href)}" aria-label="{escape(aria)}">{escape(label)}'
              ' <span aria-hidden="true">×</span></a></li>' for href, label, aria in items]
    if len(items) > 1:
        cleared = page_url(params, **{k: None for k in (*FILTERS, *DATE_PARAMS)}, offset=None)
        parts.append(f'<li><a class="clear" href="{escape(cleared)}">{escape(p["clear_all"])}</a></li>')
    parts.append("</ul>")
    return "".join(parts)


def hit_meta(hit: dict, ui_lang: str) -> str:
    """A hit's date, countries, themes and language, named in the interface language."""
    countries = ", ".join(FACETS["country"].label(c, ui_lang) for c in hit.get("countries") or [])
    themes = ", ".join(FACETS["theme"].label(t, ui_lang) for t in hit.get("themes") or [])
    lang = FACETS["lang"].label(hit.get("lang") or "other", ui_lang)
    return " · ".join(escape(part) for part in (hit.get("date"), countries, themes, lang) if part)


def document_link(hit: dict, params: dict[str, list[str]]) -> str:
    """A hit's own page, keeping the reader's words (to mark them) and interface language."""
    keep = {k: params[k] for k in ("q", "ui_lang") if params.get(k)}
    return page_url(keep, path=f"/documents/{quote(hit['id'], safe='')}")


def histogram(name: str, values: list[dict], params: dict[str, list[str]], ui_lang: str) -> str:
    """A facet of years (or of one year's months) as bars, oldest first; each bar is a link that filters
    by its period, or, when selected, removes the date filter."""
    if not values:
        return ""
    p = PART_TEXTS[ui_lang]
    most = max(item["count"] for item in values) or 1
    heading = p["year_of"] if name == "year" else p["month_of"].format(year=values[0]["value"][:4])
    parts = [f'<h2>{escape(heading)}</h2><ul class="hist" data-facet="{escape(name)}">']
    for item in sorted(values, key=lambda v: v["value"]):
        if item["selected"] and name == "year":
            href = page_url(params, date_from=None, date_to=None, offset=None)
        else:
            href = page_url(params, date_from=[item["value"]], date_to=[item["value"]], offset=None)
        width = round(BAR_STEPS * item["count"] / most)
        cls = ' class="selected"' if item["selected"] else ""
        parts.append(f'<li><a{cls} href="{escape(href)}"><span class="y">{escape(item["label"])}</span>'
                     f'<span class="track"><span class="bar w{width}"></span></span>'
                     f'<span class="count">{item["count"]}</span></a></li>')
    parts.append("</ul>")
    return "".join(parts)


def date_range_form(params: dict[str, list[str]], ui_lang: str) -> str:
    """From–to dates (YYYY, YYYY-MM or YYYY-MM-DD) as a plain form that keeps the other parameters."""
    p = PART_TEXTS[ui_lang]
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                     for k, values in params.items() if k not in (*DATE_PARAMS, "offset") for v in values)
    fields = "".join(
        f'<label>{escape(p[label])} <input name="{name}" value="{escape((params.get(name) or [""])[0])}" '
        'inputmode="numeric" placeholder="YYYY-MM-DD" size="10"></label>'
        for name, label in (("date_from", "from"), ("date_to", "to")))
    return f'<form class="range" method="get" action="/">{hidden}{fields}<button>{escape(p["apply"])}</button></form>'


def suggestions(tries: list[tuple[str, str, int]], ui_lang: str) -> str:
    """An empty page's way on: other searches that do find something, and a fresh start."""
    p = PART_TEXTS[ui_lang]
    items = [f'<li><a href="{escape(href)}">{escape(p[key].format(n=n))}</a></li>' for key, href, n in tries]
    items.append(f'<li><a href="{escape(home_url(ui_lang))}">{escape(p["new_search"])}</a></li>')
    return f'<div class="suggest"><p>{escape(p["try"])}</p><ul>{"".join(items)}</ul></div>'
