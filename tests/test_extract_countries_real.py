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


@pytest.mark.parametrize(("body", "lang", "expected"), [
    ("Зордук наказывался по обычному праву кыргызов. В кыргызском обществе похищение невест осуждали.", "ru", ["KG"]),
    ("Тәжік шекарашылары өткелді жапты. Тәжік билігі бұл шешімді түсіндірмеді.", "kk", ["TJ"]),
    ("Kazakh authorities opened a shelter for returnees. The Kazakh government pays for their schooling.", "en",
     ["KZ"]),
    ("Туркменские власти отменили выборы в районе. Туркменский парламент не возражал.", "ru", ["TM"]),
])
def test_a_peoples_name_that_also_names_its_state_counts(body, lang, expected):
    assert find_countries("", body, lang) == expected


@pytest.mark.parametrize(("body", "lang", "expected"), [
    ("In Osh, ethnic Uzbeks rebuilt their houses. Classes in the Uzbek language reopened in Kyrgyzstan.", "en",
     ["KG"]),
    ("На юге Кыргызстана узбекское меньшинство просит открыть школы. Узбекские школы закрываются, пишут "
     "правозащитники Кыргызстана.", "ru", ["KG"]),
    ("Қазақстандағы өзбек диаспорасы мәдени орталық ашты. Өзбектер Шымкентте тұрады.", "kk", ["KZ"]),
])
def test_a_minority_its_language_or_its_schools_are_the_people_not_the_state(body, lang, expected):
    assert find_countries("", body, lang) == expected


@pytest.mark.parametrize(("body", "lang", "expected"), [
    ("On Monday President Shavkat Mirziyoyev signed the bill on religious organisations into law.", "en", ["UZ"]),
    ("Президент Садыр Жапаров подписал новый закон о средствах массовой информации.", "ru", ["KG"]),
])
def test_a_head_of_state_points_at_the_country_a_news_item_does_not_name(body, lang, expected):
    assert find_countries("", body, lang) == expected


def test_a_news_site_or_a_movement_named_after_a_place_is_not_the_place():
    body = "В Таджикистане заблокированы сайты Ferghana.Ru и Centrasia.Ru. Власти Таджикистана молчат."
    assert find_countries("", body, "ru") == ["TJ"]
    body = ("Таджикские мигранты редко разделяют идеи «Исламского государства Ирака и Леванта», говорят "
            "социологи из Таджикистана.")
    assert find_countries("", body, "ru") == ["TJ"]


def test_a_valley_shared_by_three_countries_is_a_region():
    assert find_countries("", "Water disputes flare up in the Fergana Valley every spring.", "en") == []
    assert find_countries("", "Споры о воде вспыхивают в Ферганской долине каждую весну.", "ru") == []


@pytest.mark.parametrize(("title", "body", "expected"), [
    ("", "Kirgiscy aktywiści protestowali przed parlamentem. Rząd Kirgistanu nie odpowiedział.", ["KG"]),
    ("Rinkimai Turkmėnistane", "Turkmėnistane vyko prezidento rinkimai; stebėtojų nebuvo.", ["TM"]),
    ("Eleições no Turquemenistão", "O filho do presidente venceu as eleições.", ["TM"]),
    ("", "Tadschikistan und Usbekistan öffnen die Grenze; usbekische Händler kommen wieder.", ["UZ", "TJ"]),
])
def test_pages_in_other_european_languages_get_the_central_asian_country_they_name(title, body, expected):
    assert find_countries(title, body, "other") == expected


def test_a_kazakh_page_naming_a_foreign_country_once_in_passing_stays_kazakhstans():
    body = ("Мектепте хиджаб кию мәселесі талқыланды. Министр зайырлы мемлекет туралы айтты.\n\n"
            "Бір сарапшы Мысыр тәжірибесін атап өтті.")
    assert find_countries("Мектеп формасы туралы", body, "kk") == ["KZ"]
    body = "Мысырда жаңа заң қабылданды. Мысыр парламенті оны қолдады."
    assert find_countries("", body, "kk") == ["EG"]
