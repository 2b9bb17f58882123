"""Kazakh typed without its letters finds what the proper spelling finds (analyzers/kazakh_fold.py).

Readers type Kazakh on a Russian keyboard (``кукык`` for құқық), in Latin without diacritics (``aielder``,
``qazaqstan``) or in the 2018 acute-accent alphabet (``áıelder``). The index is written here, in proper
Cyrillic Kazakh plus one page typed sloppily; the searches use ``match=all`` so that only word matches
count (meaning could find a page without any word in common).
"""

from __future__ import annotations

import pytest

from analyzers.chains import analyze_word_starts
from analyzers.detect import detect_language
from analyzers.kazakh_script import latin_to_cyrillic
from analyzers.latin_kazakh_query import informal_to_cyrillic, reads_as_kazakh
from indexer.build import build_index
from search_api.engine import IndexHandle, SearchEngine
from search_api.query import build_query
from search_api.request import SearchRequest
from search_api.respell import spellings_for
from tests.conftest import write_jsonl

DOCS = [
    {"id": "rights", "lang": "kk", "title": "Әйелдердің құқығы",
     "body": "Қазақстанда әйелдер құқығын қорғау туралы жаңа заң қабылданды. Құқық қорғаушылар әйелдердің "
             "жағдайын ауыл әкімдерімен бірге талқылады."},
    {"id": "kidnap", "lang": "kk", "title": "Қыз алып қашу",
     "body": "Кейбір ауылдарда қыз алып қашу әдеті әлі де кездеседі. Заңгерлер мұны қылмыс деп атайды."},
    {"id": "teachers", "lang": "kk", "title": "Мұғалімдердің жалақысы",
     "body": "Биыл мектеп мұғалімдерінің жалақысы өсті, бірақ ауыл мектептерінде мұғалім жетіспейді."},
    {"id": "jobs-latin", "lang": "kk", "title": "Zhastardyn zhumyssyzdygy",
     "body": "Auyldagy zhastardyn zhumyssyzdygy osip keledi, olar qalaga koshuge mazhbur."},
    {"id": "press", "lang": "kk", "title": "Тәжік журналистерін қудалау",
     "body": "Тәжік журналистерін қудалау тоқтамай отыр: шекарадағы жағдай туралы жазғандар сотқа тартылды."},
    {"id": "women-ru", "lang": "ru", "title": "Права женщин",
     "body": "В Казахстане правозащитники обсуждают права женщин и новый закон о защите семьи."},
    {"id": "peace-en", "lang": "en", "title": "Peace talks",
     "body": "Negotiators met in Almaty to discuss a ceasefire and the return of displaced families."},
]

# The proper spelling, and how readers type it.
VARIANTS = {
    "құқық": ["кукык", "quqyq", "qukyk", "kukyk"],
    "әйелдер": ["айелдер", "aielder", "ayelder", "áıelder", "äielder"],
    "Қазақстанда": ["казакстанда", "qazaqstanda", "Qazaqstanda"],
    "қыз алып қашу": ["кыз алып кашу", "kyz alyp qashu", "qyz alyp qashý", "qyz alyp qashu"],
    "әйелдер құқығы": ["aielder qukygy", "айелдер кукыгы", "áıelder quqyǵy", "ayelder kukygy"],
    "мұғалімдер жалақысы": ["мугалимдер жалакысы", "mugalimder zhalaqysy", "muǵalimder jalaqysy"],
    # Stop words typed sloppily are stop words still (2018 boıynsha is read as 2021 боіынша)
    "әйелдер үшін": ["айелдер ушин", "áıelder úshin", "aielder ushin"],  # the last is detected as English (sh)
    "құқық бойынша": ["кукык бойынша", "qukyk boiynsha", "quqyq boıynsha"],
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kazakh-variants")
    source = folder / "docs.jsonl"
    write_jsonl(source, DOCS)
    build_index([source], folder / "index", progress=False)
    engine = SearchEngine(IndexHandle(folder / "index"))
    yield engine
    engine.handle.close()


def ids(engine: SearchEngine, q: str, match: str = "all") -> list[str]:
    return [hit["id"] for hit in engine.search(SearchRequest(q=q, match=match, facets=())).hits]


@pytest.mark.parametrize(("proper", "typed"), [(p, t) for p, typed in VARIANTS.items() for t in typed])
def test_a_sloppy_spelling_finds_the_pages_the_proper_one_finds(engine, proper, typed):
    found = ids(engine, proper)
    assert found, f"the proper spelling {proper!r} should find a page"
    assert set(found) <= set(ids(engine, typed)), typed


@pytest.mark.parametrize(("proper", "typed"), [(p, t) for p, typed in VARIANTS.items() for t in typed])
def test_the_readers_default_search_puts_the_same_page_first(engine, proper, typed):
    assert ids(engine, typed, "graded")[0] == ids(engine, proper, "graded")[0]


def test_a_page_typed_sloppily_is_found_by_the_proper_spelling(engine):
    """The other way round: the page is in informal Latin, the query in proper Cyrillic."""
    assert ids(engine, "жастардың жұмыссыздығы") == ["jobs-latin"]
    assert ids(engine, "жастардын жумыссыздыгы") == ["jobs-latin"]


def test_the_2018_alphabet_reads_its_swapped_letters():
    """2018: i is і, ı is и/й, u is ұ, ý is у (2021: ı is і, i is и, u is у)."""
    assert latin_to_cyrillic("áıelder") == "әиелдер"
    assert latin_to_cyrillic("quqyǵy") == "құқығы"
    assert latin_to_cyrillic("Respýblıkasy") == "республикасы"
    assert latin_to_cyrillic("túrmystyq") == "тұрмыстық".replace("ұ", "ү")  # ú is ү
    assert latin_to_cyrillic("bilim") == "билим"  # no accent: read as 2021, the fold meets білім


def test_every_spelling_has_the_same_folded_start():
    for proper, typed in VARIANTS.items():
        expected = analyze_word_starts(proper, "kk")
        for variant in typed:
            assert analyze_word_starts(variant, "kk") == expected, variant


def test_a_proper_spelling_still_ranks_the_exact_page_and_others_are_untouched(engine):
    assert ids(engine, "мұғалім") == ["teachers"]
    assert ids(engine, "права женщин") == ["women-ru"]
    assert ids(engine, "ceasefire") == ["peace-en"]
    assert ids(engine, "кукык") == ids(engine, "құқық") == ["rights"]


# Informal Latin (zh, sh, kh) that language detection calls English, and English queries of the same shape.
INFORMAL_DETECTED_ENGLISH = ["tazhik zhurnalisterin qudalau", "zhurnalisterin qudalau", "shekaradagy zhagdai"]
ENGLISH_LOOKALIKES = ["Tajik journalists harassed", "Kazakh shepherds", "border leaders meeting", "Zhanaozen strike",
                      "party", "displaced families return"]


@pytest.mark.parametrize("typed", INFORMAL_DETECTED_ENGLISH)
def test_informal_latin_detected_as_english_still_finds_the_cyrillic_page(engine, typed):
    assert detect_language(typed) == "en"  # why this test exists: detection alone would drop the Kazakh reading
    assert reads_as_kazakh(typed.split())
    assert ids(engine, typed) == ["press"]
    assert ids(engine, typed, "graded")[0] == "press"


@pytest.mark.parametrize("typed", ENGLISH_LOOKALIKES)
def test_an_english_query_of_the_same_shape_is_still_read_as_english(typed):
    assert not reads_as_kazakh(typed.split())
    query = build_query(typed)
    assert "kk" not in {reading.lang for reading in query.readings}
    assert query.meaning_text == typed  # not turned into Cyrillic for the embedding model


def test_an_english_query_still_finds_the_english_page(engine):
    assert ids(engine, "displaced families return") == ["peace-en"]


def test_the_embedding_model_reads_informal_latin_in_cyrillic_with_kazakh_letters_restored():
    assert build_query("aielder ushin").meaning_text == "айелдер үшін"
    assert build_query("tazhik zhurnalisterin qudalau").meaning_text.endswith("қудалау")
    assert informal_to_cyrillic("kelissozderde") == "келіссөздерде"  # front word: і, ө
    assert informal_to_cyrillic("augan") == "ауған"  # back word: ғ
    assert build_query("NEET zhastaryn").meaning_text == "NEET жастарын"  # acronyms stay as typed


# Respelling (search_api/respell.py): a word typed without its Kazakh letters is given them back from the index.
RESPELT = {
    "айелдер кукыгы": "әйелдер құқығы",
    "aielder qukygy": "әйелдер құқығы",
    "кыз алып кашу": "қыз алып қашу",
    "казакстанда": "қазақстанда",
}


def spellings(engine: SearchEngine):
    searcher, _ = engine.handle.acquire()
    return spellings_for(searcher)


def scores(engine: SearchEngine, q: str) -> dict[str, float]:
    return {hit["id"]: hit["score"] for hit in engine.search(SearchRequest(q=q, match="all", facets=())).hits}


@pytest.mark.parametrize(("typed", "proper"), RESPELT.items())
def test_the_model_reads_the_respelt_query(engine, typed, proper):
    """What the embedding model reads (and language detection): the words with their Kazakh letters."""
    assert build_query(typed, "graded").meaning_text != proper  # why respelling exists
    assert build_query(typed, "graded", spellings(engine)).meaning_text == proper


@pytest.mark.parametrize(("typed", "proper"), RESPELT.items())
def test_a_respelt_word_scores_as_the_proper_one(engine, typed, proper):
    """The proper stems are searched at full weight: the same pages with the same scores as the proper spelling
    (before, only the folded word starts matched, at a lower weight)."""
    assert scores(engine, typed) == pytest.approx(scores(engine, proper))


@pytest.mark.parametrize(("typed", "proper"), [('"кыз алып кашу"', '"қыз алып қашу"'),
                                               ('"qyz alyp qashu"', '"қыз алып қашу"'),
                                               ("title:кукыгы", "title:құқығы")])
def test_phrases_and_title_words_are_respelt_too(engine, typed, proper):
    """A phrase is searched as typed (its words next to each other), each word in either spelling."""
    found = ids(engine, proper)
    assert found
    assert ids(engine, typed) == found


def test_words_known_as_typed_are_left_alone(engine):
    found = spellings(engine)
    for word in ("права", "женщин", "ceasefire", "families", "құқық", "мұғалім", "Almaty"):
        assert found.respell(word) is None, word
    assert build_query("права женщин", "graded", found).meaning_text == "права женщин"
    assert build_query("displaced families return", "graded", found).meaning_text == "displaced families return"


def test_the_2018_alphabet_without_an_accent_is_respelt_too(engine):
    """2018 ı is и/й, read as 2021 і: ``qoımasy`` is not қоімасы but қоймасы (so is бойынша: a stop word)."""
    assert spellings(engine).respell("áıelderi").text == "әйелдері"
    assert build_query("áıelder quqyǵy", "graded", spellings(engine)).meaning_text == "әйелдер құқығы"


def test_respelling_keeps_acronyms_and_the_typed_words_for_other_readings(engine):
    query = build_query("NEET айелдер", "graded", spellings(engine))
    assert query.meaning_text == "NEET әйелдер"
    assert "айелдер" in query.content_words()  # the page still says which words were typed


def test_no_did_you_mean_for_a_respelt_query(engine):
    """The words were searched as respelt: nothing to suggest, as before (tests/test_suggest.py)."""
    assert engine.search(SearchRequest(q="айелдер кукыгы", facets=())).suggestions == []


def test_respelling_can_be_switched_off(engine, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_RESPELL", "0")
    assert spellings(engine) is None
