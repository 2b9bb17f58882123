"""The readers' web page: plain server-rendered HTML. Every value is escaped; snippets arrive
escaped already, with only ``<mark>`` added by the snippet maker."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from search_api.engine import SearchResult
from search_api.request import SearchRequest

TEXTS = {
    "en": {"title": "Peacebuilding archive search", "search": "Search", "placeholder":
           "Search in English, Russian or Kazakh", "results": "{n} results", "none": "Nothing found.",
           "country": "Country", "theme": "Theme", "lang": "Language", "year": "Year", "month": "Month",
           "clear": "Clear filters", "prev": "← Previous", "next": "Next →", "sort": "Sort",
           "relevance": "Relevance", "date:desc": "Newest", "date:asc": "Oldest"},
    "ru": {"title": "Поиск по архиву миростроительства", "search": "Найти", "placeholder":
           "Поиск на русском, казахском или английском", "results": "Найдено: {n}", "none": "Ничего не найдено.",
           "country": "Страна", "theme": "Тема", "lang": "Язык", "year": "Год", "month": "Месяц",
           "clear": "Сбросить фильтры", "prev": "← Назад", "next": "Далее →", "sort": "Порядок",
           "relevance": "По релевантности", "date:desc": "Сначала новые", "date:asc": "Сначала старые"},
    "kk": {"title": "Бейбітшілік мұрағатынан іздеу", "search": "Іздеу", "placeholder":
           "Қазақ, орыс немесе ағылшын тілінде іздеу", "results": "Табылды: {n}", "none": "Ештеңе табылмады.",
           "country": "Ел", "theme": "Тақырып", "lang": "Тіл", "year": "Жыл", "month": "Ай",
           "clear": "Сүзгілерді тазалау", "prev": "← Алдыңғы", "next": "Келесі →", "sort": "Реттеу",
           "relevance": "Сәйкестігі", "date:desc": "Жаңалары", "date:asc": "Ескілері"},
}
FACET_PARAM = {"country": "country", "theme": "theme", "lang": "lang"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#fafafa}
header{background:#1f4e79;color:#fff;padding:1rem 2rem}header a{color:#fff}
form.search{display:flex;gap:.5rem;margin-top:.5rem}
form.search input[type=search]{flex:1;font-size:1.1rem;padding:.5rem}
main{display:flex;gap:2rem;padding:1rem 2rem}aside{width:16rem;flex:none}section.results{flex:1;max-width:50rem}
aside h2{font-size:1rem;margin:1rem 0 .3rem}aside ul{list-style:none;padding:0;margin:0}aside li{margin:.15rem 0}
aside a.selected{font-weight:bold}aside .count{color:#666}
article{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.8rem 1rem;margin:.7rem 0}
article h3{margin:0 0 .3rem;font-size:1.1rem}.meta{color:#555;font-size:.85rem}mark{background:#ffe58a}
.error{background:#fde2e1;border:1px solid #e99;padding:.6rem 1rem;border-radius:6px}
nav.pages{display:flex;justify-content:space-between;margin:1rem 0}.langs a{margin-left:.6rem}
"""


def _url(params: dict[str, list[str]], **changes: list[str] | None) -> str:
    merged = {k: list(v) for k, v in params.items()}
    for key, value in changes.items():
        if value:
            merged[key] = value
        else:
            merged.pop(key, None)
    pairs = [(k, v) for k, values in merged.items() for v in values]
    return "/?" + urlencode(pairs) if pairs else "/"


def _toggle(params: dict[str, list[str]], name: str, value: str) -> str:
    values = [v for raw in params.get(name, []) for v in raw.split(",") if v]
    values = [v for v in values if v != value] if value in values else [*values, value]
    return _url(params, **{name: values, "offset": None})


def render_page(request: SearchRequest, result: SearchResult | None, params: dict[str, list[str]],
                error: str | None = None) -> str:
    t = TEXTS[request.ui_lang]
    parts = [
        f'<!doctype html><html lang="{request.ui_lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])}</title><style>{STYLE}</style></head><body>",
        '<header><div class="langs" style="float:right">',
        *(f'<a href="{escape(_url(params, ui_lang=[code]))}">{code.upper()}</a>' for code in TEXTS),
        f'</div><a href="/"><strong>{escape(t["title"])}</strong></a>',
        '<form class="search" method="get" action="/" role="search">',
        f'<input type="search" name="q" value="{escape(request.q)}" placeholder="{escape(t["placeholder"])}"'
        ' aria-label="query" autofocus>',
        *(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
          for k in ("country", "theme", "lang", "date_from", "date_to", "ui_lang", "sort", "match")
          for v in params.get(k, [])),
        f'<button type="submit">{escape(t["search"])}</button></form></header><main>',
    ]
    if error:
        parts.append(f'<section class="results"><p class="error">{escape(error)}</p></section>')
    elif result is not None:
        parts.append(_facets(result, params, t))
        parts.append(_results(request, result, params, t))
    parts.append("</main></body></html>")
    return "".join(parts)


def _facets(result: SearchResult, params: dict[str, list[str]], t: dict[str, str]) -> str:
    parts = ["<aside>"]
    if any(params.get(k) for k in ("country", "theme", "lang", "date_from", "date_to")):
        cleared = _url(params, country=None, theme=None, lang=None, date_from=None, date_to=None, offset=None)
        parts.append(f'<p><a href="{escape(cleared)}">{escape(t["clear"])}</a></p>')
    for name, values in result.facets.items():
        if not values:
            continue
        parts.append(f'<h2>{escape(t.get(name, name))}</h2><ul class="facet" data-facet="{escape(name)}">')
        for item in values:
            if name in FACET_PARAM:
                href = _toggle(params, FACET_PARAM[name], item["value"])
            elif item["selected"]:
                href = _url(params, date_from=None, date_to=None, offset=None)
            else:
                href = _url(params, date_from=[item["value"]], date_to=[item["value"]], offset=None)
            cls = ' class="selected"' if item["selected"] else ""
            parts.append(
                f'<li><a{cls} href="{escape(href)}">{escape(item["label"])}</a> '
                f'<span class="count">{item["count"]}</span></li>'
            )
        parts.append("</ul>")
    parts.append("</aside>")
    return "".join(parts)


def _results(request: SearchRequest, result: SearchResult, params: dict[str, list[str]], t: dict[str, str]) -> str:
    sorts = " · ".join(
        f'<a href="{escape(_url(params, sort=[s], offset=None))}">{escape(t[s])}</a>'
        if s != request.sort else f"<strong>{escape(t[s])}</strong>"
        for s in ("relevance", "date:desc", "date:asc")
    )
    parts = [f'<section class="results"><p class="total">{escape(t["results"].format(n=result.total))}'
             f' — {escape(t["sort"])}: {sorts}</p>']
    if not result.hits:
        parts.append(f"<p>{escape(t['none'])}</p>")
    for hit in result.hits:
        link = hit["url"] or f"/api/v1/documents/{hit['id']}"
        meta = " · ".join(filter(None, [hit["date"], ", ".join(hit["countries"]), hit["lang"]]))
        parts.append(
            f'<article><h3><a href="{escape(link)}">{escape(hit["title"] or hit["id"])}</a></h3>'
            f'<p class="snippet">{hit["snippet"]}</p><p class="meta">{escape(meta)}</p></article>'
        )
    nav = []
    if request.offset > 0:
        prev = max(0, request.offset - request.limit)
        nav.append(f'<a href="{escape(_url(params, offset=[str(prev)]))}">{escape(t["prev"])}</a>')
    if request.offset + request.limit < result.total:
        nxt = str(request.offset + request.limit)
        nav.append(f'<a href="{escape(_url(params, offset=[nxt]))}">{escape(t["next"])}</a>')
    if nav:
        parts.append('<nav class="pages">' + "".join(nav) + "</nav>")
    parts.append("</section>")
    return "".join(parts)
