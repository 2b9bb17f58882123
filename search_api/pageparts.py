"""Parts of the readers' results page that help people on any screen: links that keep the reader's
parameters, removable filter chips, hit labels in the interface language, the year histogram, and the
suggestions of an empty page. Each returns escaped HTML; page.py puts them together."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from search_api import syntax
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
    items += _typed_filter_chips(params, ui_lang)
    if not items:
        return ""
    parts = ['<ul class="chips" aria-label="' + escape(p["filters"]) + '">']
    parts += [f'<li><a class="chip" href="{escape(href)}" aria-label="{escape(aria)}">{escape(label)}'
              ' <span aria-hidden="true">×</span></a></li>' for href, label, aria in items]
    if len(items) > 1:
        cleared = page_url(params, **{k: None for k in (*FILTERS, *DATE_PARAMS)}, offset=None,
                           q=_query_without(params, [item.span for item in _typed_filters(params)]))
        parts.append(f'<li><a class="clear" href="{escape(cleared)}">{escape(p["clear_all"])}</a></li>')
    parts.append("</ul>")
    return "".join(parts)


def _typed_filters(params: dict[str, list[str]]) -> tuple[syntax.Filter, ...]:
    return syntax.parse((params.get("q") or [""])[0]).filters


def _query_without(params: dict[str, list[str]], spans: list[tuple[int, int]]) -> list[str] | None:
    """The reader's query with some typed filters taken out (as a parameter value; None when nothing is left)."""
    text = syntax.without((params.get("q") or [""])[0], *spans)
    return [text] if text else None


def _typed_filter_chips(params: dict[str, list[str]], ui_lang: str) -> list[tuple[str, str, str]]:
    """Filters typed in the query (``country:KG``, ``-lang:ru``: search_api/syntax.py) as chips like the URL's;
    removing one takes it out of the query."""
    p = PART_TEXTS[ui_lang]
    items = []
    for item in _typed_filters(params):
        if item.field == "year":
            first, last = item.values[0], item.values[-1]
            label = first if first == last else p["period"].format(first=first, last=last)
        else:
            label = ", ".join(FACETS[item.field].label(value, ui_lang) for value in item.values)
        label = ("−" + label) if item.negated else label
        href = page_url(params, q=_query_without(params, [item.span]), offset=None)
        items.append((href, label, p["remove"].format(label=label)))
    return items


def typed_filter_removal(params: dict[str, list[str]], name: str, value: str,
                         **changes: list[str] | None) -> str | None:
    """The address without the query's own filter on this facet value (a facet link selected by a typed
    ``country:KG`` unselects it), or None when the query does not name it."""
    spans = [item.span for item in _typed_filters(params) if item.field == name and not item.negated
             and (item.values[0] <= value[:4] <= item.values[-1] if name == "year" else value in item.values)]
    return page_url(params, **changes, q=_query_without(params, spans), offset=None) if spans else None


def search_tips_link(params: dict[str, list[str]], ui_lang: str) -> str:
    """A small link to the search tips (``#tips``) of this same page, shown under the search box."""
    href = page_url(params) + "#tips"
    return f'<p class="tips-link"><a href="{escape(href)}">{escape(TIPS[ui_lang]["link"])}</a></p>'


def search_tips(ui_lang: str) -> str:
    """The query syntax (search_api/syntax.py) in the reader's language; shown when its link is followed
    (``#tips:target`` in the stylesheet: no script)."""
    t = TIPS[ui_lang]
    rows = "".join(f"<li><code>{escape(example)}</code> — {escape(meaning)}</li>" for example, meaning in t["rows"])
    return (f'<section id="tips" class="tips" aria-label="{escape(t["link"])}"><h2>{escape(t["link"])}</h2>'
            f'<ul>{rows}</ul><p>{escape(t["lenient"])}</p></section>')


TIPS = {
    "en": {"link": "Search tips", "lenient": "Anything else is read as plain words: a typo in the syntax never "
           "stops a search.", "rows": [
               ('"women\'s rights"', "these words together, in this order (in any of their forms)"),
               ("peace -war", "pages without the word war; -\"a phrase\" excludes a phrase"),
               ("youth OR students", "either word; (brackets) group words"),
               ("educat*", "words that start so (at least 3 letters before *)"),
               ("title:water", "the word in the title"),
               ("country:KG theme:youth lang:kk", "filters, as in the side panel; -country:KG leaves a country out"),
               ("year:2019  year:2015..2019", "a year or a span of years")]},
    "ru": {"link": "Как искать", "lenient": "Всё остальное читается как обычные слова: ошибка в синтаксисе "
           "никогда не мешает поиску.", "rows": [
               ("«права женщин»", "эти слова рядом и в этом порядке (в любой форме)"),
               ("мир -война", "страницы без слова «война»; -\"фраза\" исключает фразу"),
               ("молодёжь OR студенты", "любое из слов; (скобки) объединяют слова"),
               ("образов*", "слова, начинающиеся так (не меньше 3 букв перед *)"),
               ("title:вода", "слово в заголовке"),
               ("country:KG theme:youth lang:kk", "фильтры, как на боковой панели; -country:KG исключает страну"),
               ("year:2019  year:2015..2019", "год или промежуток лет")]},
    "kk": {"link": "Іздеу кеңестері", "lenient": "Қалғаны қарапайым сөздер ретінде оқылады: синтаксистегі қате "
           "іздеуге ешқашан кедергі болмайды.", "rows": [
               ("«әйелдер құқықтары»", "осы сөздер қатар және осы ретпен (кез келген тұлғада)"),
               ("бейбітшілік -соғыс", "«соғыс» сөзі жоқ беттер; -\"тіркес\" тіркесті алып тастайды"),
               ("жастар OR студенттер", "сөздердің кез келгені; (жақша) сөздерді топтайды"),
               ("білім*", "осылай басталатын сөздер (* алдында кемінде 3 әріп)"),
               ("title:су", "тақырыптағы сөз"),
               ("country:KG theme:youth lang:kk", "бүйірлік панельдегідей сүзгілер; -country:KG елді алып тастайды"),
               ("year:2019  year:2015..2019", "жыл немесе жылдар аралығы")]},
}
TIPS_CSS = (".tips-link{margin:0;font-size:.9rem}.tips-link a{display:inline-flex;align-items:center;min-height:44px}"
            "#tips{display:none}#tips:target{display:block}.tips code{background:#eef2f6;padding:0 .2rem}")


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
            typed = typed_filter_removal(params, "year", item["value"], date_from=None, date_to=None)  # year:2019
            href = typed or page_url(params, date_from=None, date_to=None, offset=None)
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
