"""Countries as real pages name them: common words and people's names that look like a country, regional pages,
ties, and pages in Kyrgyz, Uzbek or Arabic-script Kazakh. Texts written for these tests."""

from __future__ import annotations

import pytest

from indexer.extract.countries import countries_mentioned, find_countries


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


@pytest.mark.parametrize(("body", "expected"), [
    # Hungarian
    ("A vallási vezetők kongresszusát Kazahsztán fővárosában rendezték meg; a kazahsztáni elnök nyitotta meg.",
     ["KZ"]),
    # Arabic: the name with the article and a proclitic (الكازاخستاني, وكازاخستان)
    ("تستضيف كازاخستان المؤتمر غدا في العاصمة، ويشارك البرلمان الكازاخستاني في الافتتاح.", ["KZ"]),
    # Persian letters (ک, ی) read as their Arabic twins
    ("مرز قرقیزستان امروز باز شد؛ دولت قرقیزستان از این توافق استقبال کرد.", ["KG"]),
    # Urdu's spelling; Pashto's "of" written on the name (دافغانستان)
    ("قازقستان کے دارالحکومت میں کانفرنس ہوئی، قازقستان کے صدر نے خطاب کیا۔", ["KZ"]),
    ("دافغانستان ښوونځي بیا پرانیستل شول، دافغانستان ښوونکو غونډه وکړه.", ["AF"]),
    # Hindi: a vowel sign inside the name does not split it (कजाकिस्तान, not कज + क + …); a nukta is optional
    ("कज़ाख़स्तान की सरकार ने नया कानून पारित किया. कजाकिस्तान में विरोध हुआ.", ["KZ"]),
    # Japanese and Chinese: no spaces, the name sits inside a run of characters
    ("タジキスタン議会選挙が実施された。タジキスタンの大統領は結果を発表した。", ["TJ"]),
    ("乌兹别克斯坦总统宣布改革。乌兹别克斯坦议会通过了法律。", ["UZ"]),
    # Korean: a particle written on the name (키르기스스탄의)
    ("키르기스스탄 정부는 새 법을 발표했다. 키르기스스탄의 언론은 비판했다.", ["KG"]),
    # Georgian and Greek
    ("ყაზახეთში ვადამდელი არჩევნები დაინიშნა. ყაზახეთის პარლამენტი", ["KZ"]),
    ("Η κυβέρνηση του Τουρκμενιστάν ανακοίνωσε εκλογές. Στο Τουρκμενιστάν δεν υπάρχουν παρατηρητές.", ["TM"]),
])
def test_pages_in_other_scripts_or_hungarian_get_the_central_asian_country_they_name(body, expected):
    assert find_countries("", body, "other") == expected



def test_a_kazakh_page_naming_a_foreign_country_once_in_passing_stays_kazakhstans():
    body = ("Мектепте хиджаб кию мәселесі талқыланды. Министр зайырлы мемлекет туралы айтты.\n\n"
            "Бір сарапшы Мысыр тәжірибесін атап өтті.")
    assert find_countries("Мектеп формасы туралы", body, "kk") == ["KZ"]
    body = "Мысырда жаңа заң қабылданды. Мысыр парламенті оны қолдады."
    assert find_countries("", body, "kk") == ["EG"]


def test_a_second_country_named_through_the_text_is_kept_beside_the_headlines():
    body = ("Protesters in Kyrgyzstan demanded the release of critics of the border deal with Uzbekistan. "
            "Kyrgyzstan's courts refused.\n\n"
            "Kyrgyzstan's security service detained them last month. Kyrgyz officials said the deal gives Uzbekistan "
            "a reservoir.\n\n"
            "Under the deal Kyrgyzstan receives land in exchange; Kyrgyzstan's parliament approved it. Uzbekistan has "
            "not commented.\n\n"
            "Human rights groups in Kyrgyzstan called the arrests unlawful. Kyrgyzstan's ombudsman agreed.\n\n"
            "Uzbekistan and Kyrgyzstan drew the border in Soviet times.")
    assert find_countries("Kyrgyz protesters demand release of border deal critics", body, "en") == ["KG", "UZ"]


def test_countries_listed_once_beside_the_subject_are_passing():
    body = ("Afghan women's groups met in Kabul.\n\nThe women of Afghanistan asked for schools; Afghanistan's rulers "
            "refused. Delegates from Tajikistan, Uzbekistan, Turkmenistan, Iran and Pakistan listened.\n\n"
            "Afghanistan's girls study at home.")
    assert find_countries("Afghan women ask for schools", body, "en") == ["AF"]


@pytest.mark.parametrize(("title", "body", "lang"), [
    ("Water councils", "Farmers in Kyrgyzstan share water. Kyrgyzstan's villages agreed.\n\n"
     "Related: Uzbekistan's farmers and Uzbekistan's engineers, and Tajikistan too.", "en"),
    ("Пастбища без конфликтов", "Жители Баткена договорились о выпасе. Власти Кыргызстана поддержали.\n\n"
     "Кыргызстан выделил деньги.\n\nЧитайте также: Узбекистан открыл границу для торговцев из Узбекистана и "
     "Казахстана; узбекские власти довольны.", "ru"),
    ("Жайылым дауы шешілді", "Баткен тұрғындары жайылым туралы келісті. Қырғызстан билігі қолдады.\n\n"
     "Сайтта тағы: Өзбекстан шекарасын ашты, Өзбекстан саудагерлері қуанды.", "kk"),
])
def test_a_link_to_another_story_names_that_storys_countries(title, body, lang):
    assert find_countries(title, body, lang) == ["KG"]


def test_the_same_page_gets_the_same_countries_with_its_headline_in_the_text_or_apart():
    title = "Tajik migrants return from Russia"
    body = ("Thousands of migrants came home to Tajikistan this spring. Tajikistan's labour ministry counted them.\n\n"
            "Many had worked on building sites; their families in Tajikistan depend on the money.")
    assert find_countries(title, body, "en") == find_countries(title, f"{title}\n\n{body}", "en")



def test_a_long_report_naming_a_neighbour_now_and_then_is_not_about_the_neighbour():
    text = ("Mediators in Kyrgyzstan settle disputes over water between villages, and the councils of Kyrgyzstan "
            "meet every month. The mediators keep records, train young members and report to the district. ")
    aside = "A visitor from Kazakhstan watched one meeting. "
    body = "\n\n".join(text * 3 + (aside if i % 3 == 2 else "") for i in range(12))
    assert find_countries("Mediators at work", body, "en") == ["KG"]


@pytest.mark.parametrize(("body", "lang"), [
    ("В школах Кыргызстана сократили часы узбекского, таджикского языков. Школы Кыргызстана недовольны, "
     "а узбекским и таджикским школам не хватает учебников.", "ru"),
    ("Ethnic Uzbeks and Tajiks in Kyrgyzstan rebuilt their houses. Kyrgyzstan's government helped them.", "en"),
])
def test_two_peoples_named_together_as_languages_or_minorities_are_not_their_states(body, lang):
    assert find_countries("", body, lang) == ["KG"]


@pytest.mark.parametrize(("title", "body", "lang"), [
    ("Женщины в Туркменистане", "Доклад подготовил Норвежский Хельсинкский комитет. Женщины Туркменистана "
     "лишены прав. Норвежский Хельсинкский комитет просит Туркменистан о диалоге.", "ru"),
    ("Shelters in Tajikistan", "The Danish Refugee Council works in Tajikistan. Tajikistan welcomed the Danish "
     "Refugee Council and the Norwegian Refugee Council.", "en"),
])
def test_an_ngo_named_after_a_country_is_not_that_country(title, body, lang):
    expected = {"ru": "TM", "en": "TJ"}[lang]
    assert find_countries(title, body, lang) == [expected]
    assert countries_mentioned(body, lang) == {expected}


@pytest.mark.parametrize(("body", "lang", "expected"), [
    ("MOSCOW (Sputnik) - The UN refugee agency urged Tajikistan to stop deporting Afghans. Tajikistan has returned "
     "dozens of Afghan refugees this month, the agency said.", "en", ["TJ", "AF"]),
    (" date 2022-08-26 MOSCOW (Sputnik - 26th August, 2022) The UN refugee agency urged Tajikistan to stop "
     "deporting Afghans. Tajikistan has returned dozens of Afghan refugees this month, the agency said.", "en",
     ["TJ", "AF"]),
    ("МОСКВА, 12 мая — РИА Новости. Власти Таджикистана задержали группу граждан по подозрению в экстремизме. Суд "
     "Таджикистана арестовал их на два месяца.", "ru", ["TJ"]),
    ("Moscow, March 15 (Xinhua) — Turkmenistan elected a new president. Turkmenistan's election commission "
     "counted the votes.", "en", ["TM"]),
    # a rights group's release, its office's city in brackets
    ("(Берлин) — Президент Казахстана подписал новый закон о защите женщин от насилия, заявила правозащитная "
     "организация. Закон в Казахстане не выделяет домашнее насилие в отдельное преступление.", "ru", ["KZ"]),
])
def test_a_news_agencys_dateline_is_where_it_files_from_not_what_the_page_is_about(body, lang, expected):
    assert set(find_countries("", body, lang)) == set(expected)


@pytest.mark.parametrize(("body", "expected"), [
    ("ALMATY, Jan 5 (Reuters) - Protests spread across the country on Wednesday as the government resigned.",
     ["KZ"]),
    ("АЛМАТЫ, 15 мая — Sputnik. Казахстан может недополучить воду из-за нового канала, считают в Казахстане.",
     ["KZ"]),
    ("(Berlin) – Germany should stop deporting teachers, a rights group said today. The German government "
     "has deported forty.", ["DE"]),
])
def test_a_dateline_in_the_country_the_story_names_or_the_only_place_named_counts(body, expected):
    assert find_countries("", body, "en" if body.isascii() else "ru") == expected


@pytest.mark.parametrize(("body", "lang"), [
    ("Farmers in Kyrgyzstan share water from one canal. Kyrgyzstan's villages agreed on a timetable, and the "
     "district paid for new gates. The councils of elders in Batken will watch over the deal and meet each month "
     "with the water users of the valley.\n\nOther news\n\nUzbekistan opens a border crossing for traders\n\n"
     "Tajikistan and Uzbekistan sign a trade deal; Uzbekistan's ministers were pleased", "en"),
    ("В Кыргызстане фермеры делят воду одного канала. Сёла Кыргызстана договорились о графике, район оплатил "
     "новые затворы. Советы старейшин Баткена будут следить за соглашением и каждый месяц встречаться с "
     "водопользователями долины.\nПопулярное\nУзбекистан открыл пункт пропуска для торговцев\n"
     "Таджикистан и Узбекистан подписали торговое соглашение, министры Узбекистана довольны", "ru"),
])
def test_a_list_of_other_stories_after_the_page_s_own_names_their_countries(body, lang):
    assert find_countries("", body, lang) == ["KG"]


@pytest.mark.parametrize(("menu", "body", "lang"), [
    ("Kazakhstan Kyrgyzstan Tajikistan Turkmenistan Uzbekistan",
     "Kyrgyzstan and Tajikistan resumed border talks in Batken on Monday. Kyrgyzstan said the delimitation of the "
     "remaining sections would be finished this year; Uzbekistan and Kazakhstan finished theirs earlier.", "en"),
    ("Казахстан Кыргызстан Таджикистан Туркменистан Узбекистан Афганистан",
     "Кыргызстан и Таджикистан возобновили переговоры о границе в Баткене. Кыргызстан обещает закончить "
     "делимитацию в этом году; Узбекистан и Казахстан закончили свою раньше.", "ru"),
])
def test_a_menu_of_the_countries_a_site_covers_is_not_what_the_page_is_about(menu, body, lang):
    assert find_countries(menu, f"{menu}\n\n{body}", lang) == ["KG"]  # the menu taken for the headline, too
    assert find_countries("", f"{menu}\n\n{body}", lang) == ["KG"]


def test_badakhshan_is_a_province_of_two_countries():
    body = "Families in Badakhshan's villages lack clean water, and Khorog's hospital is full."
    assert find_countries("", body, "en") == ["TJ"]
    assert find_countries("", "Snow cut the roads of Badakhshan this week.", "en") == []


@pytest.mark.parametrize(("body", "expected"), [
    ("Russian authorities deported hundreds of migrants last year. The Russian interior ministry will tighten the "
     "rules.", ["RU"]),
    ("Turkish schools were closed by the government, and Turkish teachers left.", ["TR"]),
    ("Iranian officials and Pakistani traders met at the border; Iranian customs opened a new post.", ["IR"]),
])
def test_an_english_adjective_names_its_state(body, expected):
    assert find_countries("", body, "en") == expected


def test_a_language_or_its_speakers_are_not_the_state():
    body = ("Russian-speaking families in Kazakhstan want more Russian language classes. Kazakhstan's ministry "
            "said Russian speakers are a third of the city.")
    assert find_countries("", body, "en") == ["KZ"]


def test_a_kazakh_particle_read_without_capitals_is_no_country():
    """ғана ("only") is Ghana's Kazakh name: a page in Arabic letters, read without case, uses it as the particle."""
    body = ("بۇل عانا ەمەس، مەكتەپتەردە بەيبىتشىلىك ساباعى ءوتتى. بالالار عانا ەمەس، اتا-انالار دا قاتىستى. "
            "مۇعالىمدەر عانا ەمەس، اۋىل اقساقالدارى دا كەلدى.")
    assert find_countries("", body, "kk") == ["KZ"]
