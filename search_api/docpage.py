"""A reader's page for one document: its labels as links into the search, its whole text with the reader's
words marked, its other language versions and the documents nearest in meaning. Every value is escaped;
the marked text comes from whoosh's HtmlFormatter, which escapes all but the ``<mark>`` it adds."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from whoosh import highlight

from search_api.facets import FACETS
from search_api.page import STYLE, TEXTS, is_web_link
from search_api.query import build_query, words_of
from search_api.request import MAX_QUERY_CHARS, UI_LANGS
from search_api.snippets import MAX_ANALYSED_CHARS, MarkFormatter, _analyzer, _EitherReading

DOC_TEXTS = {
    "en": {"back": "Back to the search", "source": "Original page", "versions": "Other languages",
           "similar": "More like this", "date": "Date", "missing": "No document with this address.",
           "countries": "Countries", "themes": "Themes"},
    "ru": {"back": "Назад к поиску", "source": "Исходная страница", "versions": "На других языках",
           "similar": "Похожие материалы", "date": "Дата", "missing": "Документа с таким адресом нет.",
           "countries": "Страны", "themes": "Темы"},
    "kk": {"back": "Іздеуге оралу", "source": "Түпнұсқа бет", "versions": "Басқа тілдерде",
           "similar": "Ұқсас материалдар", "date": "Күні", "missing": "Мұндай мекенжайы бар құжат жоқ.",
           "countries": "Елдер", "themes": "Тақырыптар"},
}


def reader_params(params: dict[str, list[str]]) -> tuple[str, str]:
    """The interface language and the reader's query, read leniently: the error page of a search whose
    parameters failed still speaks the reader's language and keeps their words."""
    ui_lang = (params.get("ui_lang") or ["en"])[0]
    q = (params.get("q") or [""])[0][:MAX_QUERY_CHARS]
    return (ui_lang if ui_lang in UI_LANGS else "en"), q


def document_href(doc_id: str, ui_lang: str, q: str = "") -> str:
    """The address of a document's page, keeping the interface language and the reader's words."""
    pairs = [(k, v) for k, v in (("q", q), ("ui_lang", ui_lang)) if v and (k != "ui_lang" or v != "en")]
    return f"/documents/{quote(doc_id, safe='')}" + ("?" + urlencode(pairs) if pairs else "")


def search_href(ui_lang: str, **filters: str) -> str:
    pairs = [*filters.items(), *([("ui_lang", ui_lang)] if ui_lang != "en" else [])]
    return "/?" + urlencode(pairs) if pairs else "/"


def mark_text(body: str, lang: str, q: str) -> str:
    """The whole text as escaped HTML paragraphs, the query's words (by their language's analysis) in
    ``<mark>``; the text past ``MAX_ANALYSED_CHARS`` is shown unmarked."""
    head, tail = body[:MAX_ANALYSED_CHARS], body[MAX_ANALYSED_CHARS:]
    marked = None
    if words_of(q):
        analysed = build_query(q, "any")
        for term_lang in sorted(set(analysed.terms) | set(analysed.starts), key=lambda c: c != lang):
            stems, heads = analysed.terms.get(term_lang, set()), analysed.starts.get(term_lang, set())
            if not stems and not heads:
                continue
            analyzer = _EitherReading(term_lang, stems, heads) if heads else _analyzer(term_lang)
            whole = highlight.WholeFragmenter(charlimit=None)
            marked = highlight.highlight(head, frozenset(stems | heads), analyzer, whole, MarkFormatter(), top=1)
            if marked:
                break
    html = (marked or escape(head, quote=False)) + escape(tail, quote=False)
    return "".join(f"<p>{line}</p>" for line in html.split("\n") if line.strip())


def render_document(document: dict, versions: list[dict], similar: list[dict], ui_lang: str, q: str) -> str:
    t, d = TEXTS[ui_lang], DOC_TEXTS[ui_lang]
    lang_label = FACETS["lang"].label
    title = document["title"] or document["id"]
    back = search_href(ui_lang, **({"q": q} if q else {}))
    parts = [
        f'<!doctype html><html lang="{ui_lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — {escape(t['title'])}</title><style>{STYLE}</style></head><body>",
        '<header><nav class="langs" aria-label="interface language">',
        *(f'<a href="{escape(document_href(document["id"], code, q))}" lang="{code}">{code.upper()}</a>'
          for code in TEXTS),
        f'</nav><a href="{escape(search_href(ui_lang))}"><strong>{escape(t["title"])}</strong></a></header>',
        f'<main class="document"><article class="document" lang="{escape(document.get("lang") or "")}">',
        f'<p><a href="{escape(back)}">← {escape(d["back"])}</a></p><h1>{escape(title)}</h1><dl class="meta">',
    ]
    if document.get("date"):
        parts.append(f'<dt>{escape(d["date"])}</dt><dd><time>{escape(document["date"])}</time></dd>')
    parts.append(f'<dt>{escape(t["lang"])}</dt><dd>{escape(lang_label(document.get("lang") or "other", ui_lang))}</dd>')
    for name, field, key in (("country", "countries", "countries"), ("theme", "themes", "themes")):
        if document.get(field):
            links = ", ".join(
                f'<a class="label" href="{escape(search_href(ui_lang, **{name: value}))}">'
                f'{escape(FACETS[name].label(value, ui_lang))}</a>' for value in document[field])
            parts.append(f"<dt>{escape(d[key])}</dt><dd>{links}</dd>")
    if is_web_link(document.get("url")):
        parts.append(f'<dt>{escape(d["source"])}</dt><dd><a class="source" rel="noopener nofollow" '
                     f'href="{escape(document["url"])}">{escape(document.get("source") or document["url"])}</a></dd>')
    parts.append("</dl>")
    parts.append(f'<div class="text">{mark_text(document.get("body") or "", document.get("lang") or "other", q)}</div>')
    parts.append("</article>")
    for key, items, css in (("versions", versions, "versions"), ("similar", similar, "similar")):
        if not items:
            continue
        parts.append(f'<section class="{css}"><h2>{escape(d[key])}</h2><ul>')
        for item in items:
            parts.append(
                f'<li><a href="{escape(document_href(item["id"], ui_lang, q))}" lang="{escape(item["lang"])}">'
                f'{escape(item["title"] or item["id"])}</a> <span class="count">'
                f'{escape(lang_label(item["lang"], ui_lang))}{" · " + escape(item["date"]) if item["date"] else ""}'
                "</span></li>")
        parts.append("</ul></section>")
    parts.append("</main></body></html>")
    return "".join(parts)


def render_missing(doc_id: str, ui_lang: str) -> str:
    t, d = TEXTS[ui_lang], DOC_TEXTS[ui_lang]
    return (f'<!doctype html><html lang="{ui_lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(t['title'])}</title><style>{STYLE}</style></head><body><header>"
            f'<a href="{escape(search_href(ui_lang))}"><strong>{escape(t["title"])}</strong></a></header>'
            f'<main><p class="error">{escape(d["missing"])} ({escape(doc_id)})</p></main></body></html>')
