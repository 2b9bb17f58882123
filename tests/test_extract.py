"""Metadata found in text: countries by salience, themes (dates: tests/test_extract_dates.py)."""

import pytest

from indexer.document import Document
from indexer.enrich import enrich
from indexer.extract.countries import countries_mentioned, countries_named, find_countries
from indexer.extract.themes import find_themes


@pytest.mark.parametrize(("title", "body", "lang", "first"), [
    ("", "Семинар прошёл в Казахстане. Участники из Казахстана и Шымкента.", "ru", "KZ"),
    ("", "Қазақстанда форум өтті. Қазақстанның жастары Шымкентте жиналды.", "kk", "KZ"),
    ("Kazakhstan's elections", "Voters in Almaty and Shymkent.", "en", "KZ"),
    ("Water talks in Batken", "Farmers from Batken and Leilek met Tajik colleagues from Isfara.", "en", "KG"),
])
def test_countries_in_any_inflected_form(title, body, lang, first):
    assert find_countries(title, body, lang)[0] == first


def test_passing_mentions_are_left_out():
    body = ("The Osh women's council met in Osh and Jalal-Abad. Kyrgyzstan's mediators from Osh, Uzgen and "
            "Batken trained for a week in Kyrgyzstan. A donor from Germany attended.")
    assert find_countries("Mediators in Osh", body, "en") == ["KG"]


@pytest.mark.parametrize(("title", "body", "lang"), [
    ("Mediators plan water talks",
     "Women mediators from Osh and Batken met in Bishkek in March to plan a season of water talks.\n\n"
     "The council of Batken will host the first meeting, and Kyrgyzstan's water agency has promised data.\n\n"
     "Mediators in Osh say that the talks have already eased tension between the villages.\n\n"
     "Also on our site: an Afghan network of women teachers in Kabul trains girls at home, since the "
     "schools of Afghanistan closed to them.", "en"),
    ("Медиаторы готовят переговоры о воде",
     "Женщины-медиаторы из Оша и Баткена встретились в Бишкеке, чтобы подготовить переговоры о воде.\n\n"
     "Первую встречу примет совет Баткена, а водное агентство Кыргызстана обещало данные.\n\n"
     "Медиаторы в Оше говорят, что напряжённость между сёлами уже спала.\n\n"
     "Читайте также: афганская сеть учительниц в Кабуле учит девочек дома, потому что школы "
     "Афганистана для них закрыты.", "ru"),
    ("Медиаторлар су келіссөздерін дайындап жатыр",
     "Ош пен Баткеннің әйел медиаторлары Бішкекте кездесіп, су туралы келіссөздерді жоспарлады.\n\n"
     "Алғашқы кездесуді Баткен кеңесі өткізеді, ал Қырғызстанның су агенттігі деректер береді.\n\n"
     "Оштағы медиаторлардың айтуынша, ауылдар арасындағы шиеленіс бәсеңдеді.\n\n"
     "Сайтта тағы: Қабұлдағы ауған мұғалімдерінің желісі қыздарды үйде оқытады, өйткені "
     "Ауғанстан мектептері оларға жабық.", "kk"),
], ids=["en", "ru", "kk"])
def test_a_related_story_at_the_foot_of_a_page_is_not_what_the_page_is_about(title, body, lang):
    assert find_countries(title, body, lang) == ["KG"]


def test_a_country_in_the_headline_is_what_the_whole_text_is_about():
    body = (
        "Sewing workshops in Dushanbe now employ forty women who fled across the border in 2021.\n\n"
        "The workshops in Dushanbe sell school uniforms, and Tajikistan's labour agency pays for the training.\n\n"
        "A kindergarten in Dushanbe looks after the children while their mothers work."
    )
    assert find_countries("Afghan refugee women find work in Dushanbe", body, "en") == ["TJ", "AF"]


def test_typographic_apostrophes_do_not_hide_a_country():
    assert countries_mentioned("Women hold 6 % of the seats in Kazakhstan’s senate.", "en") == {"KZ"}
    assert find_countries("Kazakhstan’s elections", "Voters in Almaty.", "en") == ["KZ"]


def test_country_names_and_demonyms_name_countries_but_cities_do_not():
    assert countries_named("Қырғызстан") == {"KG"}
    assert countries_named("казахстанцы") == {"KZ"}
    assert countries_named("Бишкек") == set()


def test_themes_need_enough_evidence():
    text = ("Радикализация молодежи и насильственный экстремизм обсуждались имамами; программа профилактики "
            "экстремизма и вербовки охватила школы.")
    assert "violent-extremism" in find_themes("Профилактика экстремизма", text, "ru")
    assert find_themes("", "Погода в Бишкеке была тёплой.", "ru") == []


def test_navigation_lines_of_a_page_give_it_no_theme():
    body = (
        "Latest from Kyrgyzstan\nMore on Conflict prevention and early warning\n\n"
        "The women's council of Osh trained 40 women leaders in negotiation, and girls from the schools of Osh "
        "joined its meetings on women's rights."
    )
    doc = Document(id="p", title="Women leaders of Osh", body=body)
    enrich(doc)
    assert doc.themes[0] == "womens-rights" and "conflict-prevention" not in doc.themes
    assert doc.body == body  # search still reads every line
