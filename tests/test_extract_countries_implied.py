"""Countries a page implies rather than names (a site's address, the language it is written in, a city in its own
language's spelling, who rules it), Kyrgyz and Uzbek case endings, and names that are a page's furniture or sources
rather than its subject. Texts written for these tests."""

from __future__ import annotations

import pytest

from indexer.extract.countries import countries_mentioned, find_countries, places_mentioned, written_in


@pytest.mark.parametrize(("text", "expected"), [
    ("Өзбекстандын жана Тажикстандын өкмөттөрү Казакстандын сунушун колдошту.", {"UZ", "TJ", "KZ"}),
    ("Кыргызстанга жана Өзбекстанга келген мигранттар.", {"KG", "UZ"}),
    ("Ўзбекистоннинг ва Тоҷикистонро ҳукуматлари.", {"UZ", "TJ"}),
])
def test_kyrgyz_and_uzbek_case_endings_on_country_names(text, expected):
    assert countries_mentioned(text, "kk") == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Тошкентда ва Бухорода янги мактаблар очилди.", "kk", {"UZ"}),
    ("Талибы перекрыли дорогу к границе.", "ru", {"AF"}),
    ("Конфликт в ГБАО и в Раштской долине.", "ru", {"TJ"}),
    ("Депутаты Олий Мажлиса обсудили закон.", "ru", {"UZ"}),
])
def test_cities_institutions_and_rulers_point_at_their_country(text, lang, expected):
    assert places_mentioned(text, lang) == expected


def test_a_site_address_in_the_text_points_at_its_country():
    body = ("Заключённые нуждаются в поддержке психологов, сказал эксперт в интервью сайту example.kz. "
            "По его словам, тюремная система должна меняться.")
    assert find_countries("Эксперт о тюремной реформе", body, "ru") == ["KZ"]
    assert find_countries("Эксперт о тюремной реформе", body.replace("example.kz", "example.com"), "ru") == []


@pytest.mark.parametrize(("body", "language", "country"), [
    ("Кыз ала качуу – жигиттин үйлөнүү үчүн кызды уурдап кетиши. Бул көрүнүш азыр мыйзам менен жазаланат.", "ky",
     "KG"),
    ("Ҳукумати ҷумҳурӣ барои занони деҳот грантҳои нав ҷудо кард. Барномаи нав соли оянда оғоз мешавад.", "tg", "TJ"),
    ("Қишлоқ аёллари учун янги грантлар ажратилди. Ўқитувчилар ва шифокорлар ҳам қўллаб-қувватланади.", "uz", "UZ"),
])
def test_a_page_in_kyrgyz_tajik_or_uzbek_naming_no_country_is_that_languages(body, language, country):
    assert written_in(body) == language
    assert find_countries("", body, "other") == [country]


def test_an_uzbek_page_naming_a_neighbour_is_the_neighbours():
    body = "Тожикистонда ёш қизларнинг турмушга чиқиши камайди. Ўқитувчилар буни қўллаб-қувватлади."
    assert find_countries("", body, "other") == ["TJ"]


def test_an_authors_affiliation_address_is_not_the_pages_country():
    body = ("Islamist extremism and the crisis in Tajikistan\nAuthors\nIvan Petrov\nAffiliation:\nHigher School\n"
            "Address: Russian Federation, Moscow\nAbstract\nThe article studies recruitment in Tajikistan after the "
            "events of the last decade, and the response of the government of Tajikistan.")
    assert find_countries("", body, "en") == ["TJ"]


@pytest.mark.parametrize(("body", "lang"), [
    ("Russia Today filmed a documentary about bride kidnapping in Kyrgyzstan. Activists in Kyrgyzstan welcomed it.",
     "en"),
    ("В докладе Государственного департамента США говорится о пытках в Кыргызстане. Правозащитники Кыргызстана "
     "согласны.", "ru"),
])
def test_a_broadcaster_or_ministry_quoted_as_a_source_is_not_a_country(body, lang):
    assert find_countries("", body, lang) == ["KG"]


def test_a_source_named_after_a_country_still_mentions_it():
    assert countries_mentioned("По данным Госдеп США и агентства Agence France-Presse", "ru") == {"US", "FR"}
    assert places_mentioned("По данным Госдеп США и агентства Франс Пресс", "ru") == set()


def test_a_wrong_headline_does_not_bring_its_country():
    """The reader took a related story's line for the headline: the page is about Kyrgyzstan alone."""
    body = ("Teachers from Osh and Jalal-Abad met in Bishkek to discuss school mediation.\n\n"
            "The mediators of Kyrgyzstan trained forty teachers this spring; more trainings follow in Naryn.\n\n"
            "The ministry of education of Kyrgyzstan will fund the programme from next year.\n\n"
            "Each school will name two mediators, a teacher and a pupil of the senior classes, who will hear quarrels "
            "between pupils before they grow into fights. The trainers say that most quarrels start online and that "
            "parents are rarely told about them. The schools that tried the programme last year report fewer fights "
            "and fewer pupils leaving school in the middle of the year. Parents' committees will be trained as well, "
            "and a hotline for pupils will open in the autumn.")
    assert find_countries("Uzbekistan opens a new border crossing", body, "en") == ["KG"]


def test_the_headline_counts_as_the_first_paragraph():
    """A headline the text does not repeat still counts, as the page's first lines."""
    body = ("Local councils met with youth groups in two districts of the capital.\n\n"
            "The trainers came from Kazakhstan's civic centres; one guest spoke about Russia's experience.")
    assert find_countries("Kazakhstan: youth councils against violence", body, "en") == ["KZ"]


def test_the_country_of_a_headline_the_text_retells_is_kept_when_the_text_dwells_on_another():
    """A news page headed by one item (in a Kazakh region) lists other items about another country at length;
    its first paragraph retells the headline, so the headline is the page's own."""
    body = ("Dialogue meetings on religion were held in the Zhambyl region, in five district centres, with imams.\n\n"
            "Tajikistan: dialogue meetings in Tursunzoda, Khujand and Konibodom. Tajikistan's imams took part.\n\n"
            "Trainings in Tajikistan for journalists of Tajikistan were held in Khujand.\n\n"
            "Tajikistan hosted a discussion on returnees from Syria and Iraq in Dushanbe.\n\n"
            "Kyrgyzstan: experts of Kyrgyzstan on the return of its nationals.")
    found = find_countries("Dialogue meetings on religion in the Zhambyl region", body, "en")
    assert "KZ" in found and found[0] == "TJ"
    unretold = body.replace("on religion were held in the Zhambyl region, in", "were held in")
    assert "KZ" not in find_countries("Dialogue meetings on religion in the Zhambyl region", unretold, "en")


@pytest.mark.parametrize(("text", "expected"), [
    ("АКШнын элчилиги жаңы программаны ачты.", {"US"}),  # Kyrgyz: an abbreviation with its ending glued on
    ("AQSHning elchixonasi yangi dastur ochdi.", {"US"}),
    ("Turkiya va Eron yangi shartnoma imzoladi.", {"TR", "IR"}),  # Uzbek in Latin letters
    ("Покистон ва Ҳиндистон вакиллари учрашди.", {"PK", "IN"}),  # Uzbek in Cyrillic
    ("Русия ва Эрон савдоро афзун карданд.", {"RU", "IR"}),  # Tajik
])
def test_kyrgyz_uzbek_and_tajik_names_of_the_wider_neighbourhood(text, expected):
    assert countries_mentioned(text, "kk") == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("Rossiyadagi muhojirlar soni kamaydi. Ular Rossiyaga qaytmoqchi emas.", ["RU"]),
    ("Xitoydan kelgan kompaniyalar yangi zavod qurdi. Xitoyga eksport o‘sdi.", ["CN"]),
])
def test_an_uzbek_page_in_latin_letters_gets_the_neighbour_it_names_in_any_case(body, expected):
    assert find_countries("", body, "other") == expected


def test_kazakh_in_the_2018_latin_alphabet_names_russia_and_china():
    body = "Reseıdegi eńbek mıgranttary týraly jańa zań qabyldandy. Reseı bıligi talaptardy kúsheıtti."
    assert find_countries("", body, "kk") == ["RU"]
    assert countries_mentioned("Qytaı men Qazaqstan kelisimge keldi.", "kk") == {"CN", "KZ"}


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Дорогу на Чолпон-Ату перекрыли, а в Кадамжае закрыли рынок.", "ru", {"KG"}),
    ("Строительство Рогунской ГЭС и ремонт Нурекской плотины продолжаются.", "ru", {"TJ"}),
    ("Fighting was reported in Jowzjan and Faryab, near the Hairatan crossing.", "en", {"AF"}),
    ("The Kremlin said talks would go on; fighting in Donbas did not stop.", "en", {"RU", "UA"}),
])
def test_more_places_and_offices_point_at_their_country(text, lang, expected):
    assert places_mentioned(text, lang) == expected
