"""The readers' web page: plain server-rendered HTML. Every value is escaped; snippets arrive
escaped already, with only ``<mark>`` added by the snippet maker."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from search_api import pageparts
from search_api.collapse import also_at_html
from search_api.engine import SearchResult
from search_api.pageparts import HISTOGRAM_CSS, PART_TEXTS, TIPS_CSS, page_url
from search_api.request import SearchRequest
from search_api.suggest import did_you_mean

TEXTS = {
    "en": {"title": "Peacebuilding archive search", "search": "Search", "placeholder":
           "Search in English, Russian or Kazakh", "results": "{n} results", "none": "Nothing found.",
           "country": "Country", "theme": "Theme", "lang": "Language", "year": "Year", "month": "Month",
           "clear": "Clear filters", "prev": "← Previous", "next": "Next →", "sort": "Sort",
           "relevance": "Relevance", "date:desc": "Newest", "date:asc": "Oldest",
           "relaxed": "No page has all of “{words}”; showing pages with most of them"
                      " and pages on the same subject.",
           "relaxed_few": "Pages with all of “{words}”: {n}; pages on the same subject,"
                          " in every language, are shown with them."},
    "ru": {"title": "Поиск по архиву миростроительства", "search": "Найти", "placeholder":
           "Поиск на русском, казахском или английском", "results": "Найдено: {n}", "none": "Ничего не найдено.",
           "country": "Страна", "theme": "Тема", "lang": "Язык", "year": "Год", "month": "Месяц",
           "clear": "Сбросить фильтры", "prev": "← Назад", "next": "Далее →", "sort": "Порядок",
           "relevance": "По релевантности", "date:desc": "Сначала новые", "date:asc": "Сначала старые",
           "relaxed": "Нет страниц со всеми словами «{words}»; показаны страницы, где есть"
                      " большинство из них, и страницы на ту же тему.",
           "relaxed_few": "Страниц со всеми словами «{words}»: {n}; вместе с ними показаны"
                          " страницы на ту же тему на всех языках."},
    "kk": {"title": "Бейбітшілік мұрағатынан іздеу", "search": "Іздеу", "placeholder":
           "Қазақ, орыс немесе ағылшын тілінде іздеу", "results": "Табылды: {n}", "none": "Ештеңе табылмады.",
           "country": "Ел", "theme": "Тақырып", "lang": "Тіл", "year": "Жыл", "month": "Ай",
           "clear": "Сүзгілерді тазалау", "prev": "← Алдыңғы", "next": "Келесі →", "sort": "Реттеу",
           "relevance": "Сәйкестігі", "date:desc": "Жаңалары", "date:asc": "Ескілері",
           "relaxed": "«{words}» сөздерінің бәрі кездесетін бет жоқ; олардың көбі бар беттер"
                      " мен осы тақырыптағы беттер көрсетілді.",
           "relaxed_few": "«{words}» сөздерінің бәрі бар беттер: {n}; олармен бірге барлық тілдегі"
                          " осы тақырыптағы беттер көрсетілді."},
}
FACET_PARAM = {"country": "country", "theme": "theme", "lang": "lang"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#fafafa}
header{background:#1f4e79;color:#fff;padding:1rem 2rem}header a{color:#fff}h1.site{font-size:1rem;margin:0}
form.search{display:flex;gap:.5rem;margin-top:.5rem}
form.search input[type=search]{flex:1;font-size:1.1rem;padding:.5rem}
main{display:flex;gap:2rem;padding:1rem 2rem}aside{width:16rem;flex:none}section.results{flex:1;max-width:50rem}
aside h2{font-size:1rem;margin:1rem 0 .3rem}aside ul{list-style:none;padding:0;margin:0}aside li{margin:.15rem 0}
aside a.selected{font-weight:bold}aside .count{color:#666}
article{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.8rem 1rem;margin:.7rem 0}
article h3{margin:0 0 .3rem;font-size:1.1rem}.meta{color:#555;font-size:.85rem}mark{background:#ffe58a}
.also-at{color:#555;font-size:.8rem;margin:.1rem 0}
.error{background:#fde2e1;border:1px solid #e99;padding:.6rem 1rem;border-radius:6px}
nav.pages{display:flex;justify-content:space-between;margin:1rem 0}.langs{float:right}.langs a{margin-left:.6rem}
*{box-sizing:border-box}body{overflow-wrap:anywhere}header{padding:.6rem 1rem}main{display:block;padding:.5rem 1rem}
form.search input[type=search]{min-width:0}button,input{font:inherit;min-height:44px}
.langs a,nav.pages a,aside li a,.chips a,.suggest a,.hist a,.meta a,.feeds a,summary{display:inline-flex;
align-items:center;min-height:44px;min-width:44px}
details.facets>summary{padding:0 1rem;border:1px solid #1f4e79;border-radius:6px;color:#1f4e79;cursor:pointer;
background:#fff;font-weight:600}
.chips{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem}
.chips a.chip{background:#e4edf6;border-radius:22px;padding:0 .9rem;color:#1d2430;text-decoration:none}
.hist{list-style:none;padding:0;margin:0}.hist a{display:flex;gap:.4rem;width:100%;text-decoration:none;color:#1d2430}
.hist .y{width:4.5rem;flex:none}.hist .track{flex:1;display:flex;align-items:center}
.hist .bar{display:block;height:.9rem;background:#1f4e79;border-radius:2px}.hist a.selected .bar{background:#c2410c}
.hist .w0{width:2px}form.range{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin:.5rem 0}
form.range input{width:7.5rem}.feeds{font-size:.9rem}.suggest ul{padding-left:1.2rem}
main.document{max-width:46rem}main.document dl.meta{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem}
main.document h1{font-size:1.5rem;line-height:1.25}
main.document dd{margin:0}main.document .text p{line-height:1.55}a.label{min-height:44px;display:inline-flex;
align-items:center}section.versions li,section.similar li{min-height:44px;display:flex;gap:.4rem;align-items:center}
@media (min-width:50rem){header{padding:1rem 2rem}main{display:flex;gap:2rem;padding:1rem 2rem}
details.facets{width:16rem;flex:none}details.facets>summary{display:none}
details.facets::details-content{content-visibility:visible;display:contents}}
""" + HISTOGRAM_CSS + TIPS_CSS


def is_web_link(url: str | None) -> bool:
    """Only http(s) addresses with a host become links: a stored ``javascript:`` or ``data:`` url would
    run in the reader's page, so the title then links to the document's own record instead."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _url(params: dict[str, list[str]], **changes: list[str] | None) -> str:
    return page_url(params, **changes)


def _toggle(params: dict[str, list[str]], name: str, value: str) -> str:
    typed = pageparts.typed_filter_removal(params, name, value)  # selected by country:KG in the query
    if typed is not None:
        return typed
    values = [v for raw in params.get(name, []) for v in raw.split(",") if v]
    values = [v for v in values if v != value] if value in values else [*values, value]
    return _url(params, **{name: values, "offset": None})


def render_page(request: SearchRequest, result: SearchResult | None, params: dict[str, list[str]],
                error: str | None = None, tries: list[tuple[str, str, int]] | None = None) -> str:
    """The page; ``tries`` are other searches an empty result suggests (key, address, their total)."""
    t = TEXTS[request.ui_lang]
    parts = [
        f'<!doctype html><html lang="{request.ui_lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])}</title><style>{STYLE}</style>",
        '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" '
        f'title="{escape(t["title"])}">',
        *([f'<link rel="alternate" type="application/atom+xml" href="{escape(page_url(params, "/feed.atom"))}">']
          if result is not None else []),
        "</head><body>",
        '<header><div class="langs">',  # no style attributes: the CSP allows only the stylesheet above
        *(f'<a href="{escape(_url(params, ui_lang=[code]))}">{code.upper()}</a>' for code in TEXTS),
        f'</div><h1 class="site"><a href="{escape(pageparts.home_url(request.ui_lang))}">{escape(t["title"])}</a></h1>',
        '<form class="search" method="get" action="/" role="search">',
        f'<input type="search" name="q" value="{escape(request.q)}" placeholder="{escape(t["placeholder"])}"'
        f' aria-label="{escape(t["placeholder"])}" autofocus>',
        *(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
          for k in ("country", "theme", "lang", "date_from", "date_to", "ui_lang", "sort", "match")
          for v in params.get(k, [])),
        f'<button type="submit">{escape(t["search"])}</button></form>',
        pageparts.search_tips_link(params, request.ui_lang), "</header><main>",
    ]
    if error:
        parts.append(f'<section class="results"><p class="error">{escape(error)}</p></section>')
    elif result is not None:
        parts.append(_facets(result, params, t, request.ui_lang))
        parts.append(_results(request, result, params, t, tries or []))
    parts.append(pageparts.search_tips(request.ui_lang))  # shown when the header's tips link is followed
    parts.append("</main></body></html>")
    return "".join(parts)


def _facets(result: SearchResult, params: dict[str, list[str]], t: dict[str, str], ui_lang: str) -> str:
    if not result.total:  # nothing to narrow: the chips still remove the filters
        return ""
    # Folded behind a button on narrow screens; the stylesheet unfolds it on wide ones (no script).
    parts = [f'<details class="facets"><summary>{escape(PART_TEXTS[ui_lang]["filters"])}</summary>'
             f'<aside aria-label="{escape(PART_TEXTS[ui_lang]["filters"])}">']
    if any(params.get(k) for k in ("country", "theme", "lang", "date_from", "date_to")):
        cleared = _url(params, country=None, theme=None, lang=None, date_from=None, date_to=None, offset=None)
        parts.append(f'<p><a href="{escape(cleared)}">{escape(t["clear"])}</a></p>')
    for name, values in result.facets.items():
        if name in ("year", "month"):
            parts.append(pageparts.histogram(name, values, params, ui_lang))
            continue
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
    parts.append(pageparts.date_range_form(params, ui_lang))
    parts.append("</aside></details>")
    return "".join(parts)


def _results(request: SearchRequest, result: SearchResult, params: dict[str, list[str]], t: dict[str, str],
             tries: list[tuple[str, str, int]]) -> str:
    sorts = " · ".join(
        f'<a href="{escape(_url(params, sort=[s], offset=None))}">{escape(t[s])}</a>'
        if s != request.sort else f"<strong>{escape(t[s])}</strong>"
        for s in ("relevance", "date:desc", "date:asc")
    )
    parts = [f'<section class="results">{pageparts.chips(params, request.ui_lang)}'
             f'<p class="total">{escape(t["results"].format(n=result.total))} — {escape(t["sort"])}: {sorts}</p>']
    if result.relaxed:  # graded matching widened the search (search_api/graded.py)
        told = t["relaxed_few"] if result.complete else t["relaxed"]
        parts.append(f'<p class="relaxed">{escape(told.format(words=" ".join(result.words), n=result.complete))}</p>')
    parts.append(did_you_mean(result.suggestions, params, request.ui_lang))  # search_api/suggest.py
    if not result.hits:
        parts.append(f"<p>{escape(t['none'])}</p>")
        if not result.total:
            parts.append(pageparts.suggestions(tries, request.ui_lang))
    for hit in result.hits:
        link = pageparts.document_link(hit, params)
        source = (f' · <a rel="noopener nofollow" href="{escape(hit["url"])}">{escape(urlsplit(hit["url"]).netloc)}</a>'
                  if is_web_link(hit["url"]) else "")
        parts.append(
            f'<article><h3><a href="{escape(link)}">{escape(hit["title"] or hit["id"])}</a></h3>'
            f'<p class="snippet">{hit["snippet"]}</p>'
            f'<p class="meta">{pageparts.hit_meta(hit, request.ui_lang)}{source}</p>'
            f'{also_at_html(hit, request.ui_lang)}</article>'
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
    if result.total:
        p = PART_TEXTS[request.ui_lang]
        parts.append(f'<p class="feeds"><a href="{escape(page_url(params, "/feed.atom"))}">{escape(p["feed"])}</a>'
                     f' · {escape(p["export"])}: <a href="{escape(page_url(params, "/export.csv"))}">CSV</a>'
                     f' · <a href="{escape(page_url(params, "/export.jsonl"))}">JSON Lines</a></p>')
    parts.append("</section>")
    return "".join(parts)
