"""Countries as real pages name them: common words and people's names that look like a country, regional pages,
ties, and pages in Kyrgyz, Uzbek or Arabic-script Kazakh. Texts written for these tests."""

from __future__ import annotations

import pytest

from indexer.extract.countries import find_countries


def test_mass_media_in_kazakh_is_not_bukhara():
    body = ("Бұқаралық ақпарат құралдары туралы жаңа заң жобасы талқыланды. Журналистер бұқаралық ақпараттың "
            "еркіндігі туралы айтты.\n\nБұқаралық іс-шаралар Астанада өтеді.")
    assert "UZ" not in find_countries("Бұқаралық ақпарат туралы заң", body, "kk")
    assert find_countries("", "Бұқарада жаңа мектеп ашылды. Бұқара облысының әкімі келді.", "kk") == ["UZ"]


def test_an_author_named_like_a_country_is_a_person():
    body = ("By Mary Iceland\n\nWomen's councils in Batken and Osh mediate disputes over water between villages in "
            "Kyrgyzstan. Mary Iceland spent a month with them.")
    assert find_countries("Water councils of Batken", body, "en") == ["KG"]
    assert find_countries("", "Geysers draw tourists to Iceland every summer; Iceland's capital is small.", "en") == [
        "IS"]


@pytest.mark.parametrize(("body", "lang"), [
    ("Water is scarce across Central Asia. The five states of the region share two great rivers and little trust.",
     "en"),
    ("Страны Центральной Азии делят две большие реки; водные споры решаются на встречах министров региона.", "ru"),
    ("Орталық Азия елдері екі үлкен өзенді бөліседі; су дауларын аймақтың министрлері шешеді.", "kk"),
])
def test_a_regional_page_naming_no_country_gets_none(body, lang):
    assert find_countries("", body, lang) == []


def test_a_kazakh_page_naming_no_country_is_kazakhstans():
    assert find_countries("", "Діни экстремизмнің алдын алу мәселесі талқыланды. Жастарға түсіндіру жүргізілді.",
                          "kk") == ["KZ"]
    assert find_countries("", "Religious extremism was discussed with young people at the city library.", "en") == []


def test_a_tie_goes_to_the_country_named_first_not_to_the_alphabet():
    body = "Tajikistan and Kyrgyzstan agreed on a new border crossing for farmers of the valley."
    assert find_countries("", body, "en") == ["TJ", "KG"]
    assert find_countries("Kyrgyzstan opens a crossing", body, "en")[0] == "KG"  # the title is most salient


@pytest.mark.parametrize(("body", "lang", "expected"), [
    ("Кыргызстанда аялдардын укуктары боюнча жаңы мыйзам кабыл алынды. Кыргызстандын өкмөтү аны колдоду.",
     "other", ["KG"]),
    ("Тожикистонда ёш қизларнинг турмушга чиқиши камайди. Тожикистон судлари рухсат бермади.", "other", ["TJ"]),
    ("O‘zbekiston va Qirg‘iziston chegara hududlarida yangi yo‘l ochildi. O‘zbekiston hukumati xabar berdi.",
     "other", ["UZ", "KG"]),
    # Arabic-script Kazakh: "there are 400 Kazakh schools in Uzbekistan"
    ("وزبەكستاندا 400-گە جۋىق قازاق مەكتەبى بار. وزبەكستانداعى قازاقتار ءتىلىن ساقتاپ وتىر.", "kk", ["UZ"]),
])
def test_pages_in_neighbouring_languages_and_scripts_get_the_countries_they_name(body, lang, expected):
    assert find_countries("", body, lang) == expected


def test_the_islamic_emirate_is_afghanistan_not_the_emirates():
    body = "Представители Исламского Эмирата Афганистан провели переговоры о воде канала Кош-Тепа."
    assert find_countries("", body, "ru") == ["AF"]
