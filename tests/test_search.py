"""Search over the corpus: word forms, filters and facets as a reader sees them."""

from collections import Counter

import pytest

from search_api.request import parse_request
from tests.conftest import write_jsonl


def search(engine, **params):
    request = parse_request({k: v if isinstance(v, list) else [str(v)] for k, v in params.items()})
    return engine.search(request)


def ids(result):
    return [hit["id"] for hit in result.hits]


def test_russian_word_form_finds_other_forms(engine, corpus_index):
    # The Osh article has "женщины" and never "женщинам".
    result = search(engine, q="женщинам", limit=100)
    assert "ru-2018-osh-zhenshchiny-mediatory" in ids(result)
    hit = next(h for h in result.hits if h["id"] == "ru-2018-osh-zhenshchiny-mediatory")
    assert "<mark>женщины</mark>" in hit["snippet"].lower() or "<mark>женщин" in hit["snippet"].lower()


def test_russian_noun_forms_meet(engine):
    result = search(engine, q="насилие", limit=100)
    assert "ru-2011-almaty-krizisnyy-tsentr" in ids(result)  # has "насилия" only


def test_all_words_must_match_with_match_all_and_any_widens(engine):
    narrow = search(engine, q="женщины Бишкек", match="all", limit=100)
    wide = search(engine, q="женщины Бишкек", match="any", limit=100)
    assert 0 < narrow.total < wide.total
    assert set(ids(narrow)) <= set(ids(wide))


def test_facet_counts_equal_hits_carrying_each_value(engine):
    result = search(engine, q="мир", limit=100)
    assert result.total == len(result.hits) > 0
    for facet, key in (("country", "countries"), ("theme", "themes")):
        expected = Counter(value for hit in result.hits for value in hit[key])
        assert {f["value"]: f["count"] for f in result.facets[facet]} == dict(expected)
    assert {f["value"]: f["count"] for f in result.facets["lang"]} == dict(Counter(h["lang"] for h in result.hits))
    years = Counter(h["date"][:4] for h in result.hits if h["date"])
    assert {f["value"]: f["count"] for f in result.facets["year"]} == dict(years)


@pytest.mark.parametrize(("param", "value", "key"), [("country", "KG", "countries"), ("theme", "migration", "themes")])
def test_filters_narrow_to_documents_with_the_value(engine, param, value, key):
    everything = search(engine, limit=100)
    filtered = search(engine, limit=100, **{param: value})
    assert 0 < filtered.total < everything.total
    assert all(value in hit[key] for hit in filtered.hits)
    assert filtered.total == sum(1 for hit in everything.hits if value in hit[key])


def test_lang_filter(engine):
    result = search(engine, lang="ru", limit=100)
    assert result.total > 0 and {h["lang"] for h in result.hits} == {"ru"}


def test_values_of_one_facet_combine_with_or_and_keep_their_counts(engine):
    kg = search(engine, country="KG", limit=100)
    tj = search(engine, country="TJ", limit=100)
    both = search(engine, country=["KG", "TJ"], limit=100)
    assert set(ids(both)) == set(ids(kg)) | set(ids(tj))
    counts = {f["value"]: f for f in both.facets["country"]}
    assert counts["KG"]["selected"] and counts["TJ"]["selected"]
    assert counts["KG"]["count"] == kg.total
    assert any(not f["selected"] and f["count"] > 0 for f in both.facets["country"])  # others stay addable


def test_partial_dates_filter_whole_months_and_years(engine):
    everything = search(engine, limit=100, sort="date:asc")
    dated = [h for h in everything.hits if h["date"]]

    def covers(hit_date: str, first: str, last: str) -> bool:
        return hit_date[: len(first)] >= first[: len(hit_date)] and hit_date[: len(last)] <= last[: len(hit_date)]

    for first, last in (("2016", "2019"), ("2017-06", "2018-04"), ("2019-05-01", "2019-05-31")):
        result = search(engine, date_from=first, date_to=last, limit=100)
        expected = {h["id"] for h in dated if covers(h["date"], first, last)}
        assert set(ids(result)) == expected
        assert result.total == len(expected)
    may_2019 = search(engine, date_from="2019-05-10", date_to="2019-05-20", limit=100)
    assert "ru-2019-nur-sultan-reabilitatsiya-vernuvshikhsya" in ids(may_2019)  # dated 2019-05 (month only)


def test_date_sort_orders_newest_first(engine):
    result = search(engine, sort="date:desc", limit=100)
    dates = [h["date"] for h in result.hits if h["date"]]
    assert dates == sorted(dates, reverse=True)
    assert all(h["score"] is None for h in result.hits)


def test_relevance_ranks_title_match_high(engine):
    result = search(engine, q="медиаграмотность Худжанд")
    assert ids(result)[0] == "ru-2020-khudzhand-mediagramotnost"


def test_paging_is_consistent(engine):
    first = search(engine, q="мир", limit=3)
    second = search(engine, q="мир", limit=3, offset=3)
    whole = search(engine, q="мир", limit=6)
    assert ids(first) + ids(second) == ids(whole)[: len(ids(first)) + len(ids(second))]


def test_kazakh_query_finds_kazakh_documents_in_other_forms(engine):
    # The Osh article has "бейбітшіліктің" and never "бейбітшілікті".
    result = search(engine, q="бейбітшілікті", limit=100)
    kazakh = [hit for hit in result.hits if hit["lang"] == "kk"]
    assert "kk-2010-osh-ultaralyq-dialog" in [hit["id"] for hit in kazakh]
    assert len(kazakh) >= 5
    assert result.hits[0]["lang"] == "kk"


def test_latin_kazakh_query_finds_cyrillic_and_latin_documents(engine):
    # the words' matches (match=all): the default also shows pages near in meaning, read from each spelling
    latin = search(engine, q="äielderdıñ", match="all", limit=100)  # 2021 alphabet for "әйелдердің"
    cyrillic = search(engine, q="әйелдердің", match="all", limit=100)
    assert set(ids(latin)) == set(ids(cyrillic))
    langs = {hit["id"]: hit["lang"] for hit in latin.hits}
    assert "kk-2013-taraz-aielder-kengesi" in langs  # Cyrillic document
    assert "kk-2024-ashgabat-1325-dongelek-ustel" in langs  # Latin document


def test_naming_a_concept_finds_tagged_documents_in_other_languages(engine):
    direct = search(engine, q="экстремизм", limit=100)
    tagged = search(engine, theme="violent-extremism", limit=100)
    assert set(ids(tagged)) <= set(ids(direct))  # every tagged document, whatever its language
    assert {"kk", "ru"} <= {hit["lang"] for hit in direct.hits}
    text_matches = [hit for hit in direct.hits if "<mark>" in hit["snippet"]]
    concept_only = [hit for hit in direct.hits if "<mark>" not in hit["snippet"]]
    assert text_matches and concept_only
    assert min(h["score"] for h in text_matches) > max(h["score"] for h in concept_only)


def test_country_named_in_any_language_finds_its_documents(engine):
    for name in ("Қырғызстан", "Киргизия", "Kyrgyzstan"):
        result = search(engine, q=name, limit=100)
        tagged = search(engine, country="KG", limit=100)
        assert set(ids(tagged)) <= set(ids(result)), name


def test_a_kazakh_particle_names_no_country():
    """«ғана» ("only") is spelt like Ghana once its letter is folded: a reader's Kazakh question must not bring in
    pages tagged Ghana, while Ghana typed in Russian or English still does."""
    from search_api.query import build_query

    assert "'GH'" not in repr(build_query("әйелдер ғана сайлауға түсті", "graded").query)
    for named in ("Гана", "Ghana"):
        assert "'GH'" in repr(build_query(f"выборы {named}", "graded").query)


def test_kazakh_paragraph_of_a_russian_page_is_found_by_a_kazakh_query(engine):
    # The Turkestan seminar report is Russian; only its quoted Kazakh paragraph has "Төзімділікке".
    result = search(engine, q="төзімділік", limit=100)
    hit = next(h for h in result.hits if h["id"] == "ru-2022-turkestan-dvuyazychnyy-seminar")
    assert hit["lang"] == "ru"
    assert "<mark>Төзімділікке</mark>" in hit["snippet"]


@pytest.mark.parametrize(("question", "lang"), [("как называется столица", "ru"), ("астана қалай аталады", "kk")])
def test_question_frame_words_count_less_than_the_words_asked_about(question, lang):
    from search_api.query import FRAME_WEIGHT, build_query

    boosts = {
        term.text: term.boost
        for term in build_query(question, "any").query.leaves()
        if term.fieldname == f"text_{lang}"
    }
    assert len(boosts) == 2 and min(boosts.values()) == pytest.approx(max(boosts.values()) * FRAME_WEIGHT)


def test_kazakh_word_start_is_a_second_reading_of_a_kazakh_query(tmp_path):
    """The stemmer keeps "басым" (main) whole, apart from "бас" (head), and cuts "басымдық" (priority) to
    "басымд": the word's first letters still bring the two together, while "басы" (its head), which
    shares neither, is not shown."""
    from indexer.build import build_index
    from search_api.engine import IndexHandle, SearchEngine

    docs = [
        {"id": "priority", "lang": "kk", "title": "Жастар саясаты",
         "body": "Жастар саясатының басымдықтары мен міндеттері талқыланды."},
        {"id": "head", "lang": "kk", "title": "Ауыл әкімі",
         "body": "Ауылдың басы жиналысқа келмеді, жастар оны күтті."},
    ]
    source = tmp_path / "docs.jsonl"
    write_jsonl(source, docs)
    build_index([source], tmp_path / "index", progress=False)
    engine = SearchEngine(IndexHandle(tmp_path / "index"))
    try:
        hits = {hit["id"]: hit for hit in search(engine, q="жастар басым").hits}
        assert set(hits) == {"priority"}
        assert "<mark>басымдықтары</mark>" in hits["priority"]["snippet"]  # found by its start, marked
        assert {hit["id"] for hit in search(engine, q="басымдықтары жастар", match="all").hits} == {"priority"}
    finally:
        engine.handle.close()
