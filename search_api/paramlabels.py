"""What each search parameter is called in the interface languages, so an error page names the faulty
parameter as the reader's form does ("check “Sort”"), not by its address name (``sort``)."""

from __future__ import annotations

PARAM_LABELS: dict[str, dict[str, str]] = {
    "en": {"q": "Search words", "country": "Country", "theme": "Theme", "lang": "Language",
           "date_from": "Date from", "date_to": "Date to", "sort": "Sort", "limit": "Results per page",
           "offset": "Position in the results", "match": "Word matching", "facets": "Filters shown",
           "facet_limit": "Filter values shown", "ui_lang": "Interface language"},
    "ru": {"q": "Слова поиска", "country": "Страна", "theme": "Тема", "lang": "Язык",
           "date_from": "Дата с", "date_to": "Дата по", "sort": "Порядок", "limit": "Результатов на странице",
           "offset": "Позиция в результатах", "match": "Совпадение слов", "facets": "Показанные фильтры",
           "facet_limit": "Значений в фильтре", "ui_lang": "Язык интерфейса"},
    "kk": {"q": "Іздеу сөздері", "country": "Ел", "theme": "Тақырып", "lang": "Тіл",
           "date_from": "Күні (бастап)", "date_to": "Күні (дейін)", "sort": "Реттеу",
           "limit": "Беттегі нәтиже саны", "offset": "Нәтижелердегі орны", "match": "Сөздердің сәйкестігі",
           "facets": "Көрсетілетін сүзгілер", "facet_limit": "Сүзгідегі мән саны", "ui_lang": "Интерфейс тілі"},
}


def param_label(name: str | None, ui_lang: str) -> str:
    """The parameter's label in ``ui_lang`` (English when that language is unknown); an unknown
    parameter keeps its own name, which is what the reader's address shows."""
    labels = PARAM_LABELS.get(ui_lang, PARAM_LABELS["en"])
    return labels.get(name or "", name or "")
