"""Publication dates: what a page shows as its own date is found, in every format pages use; what is
someone else's date (an event, a clock, a revision, a copyright) is never taken for it. Texts are written
for these tests."""

from datetime import date

import pytest

from indexer.document import Document
from indexer.enrich import enrich
from indexer.extract.dates import date_in_url, dates_in, parse_iso
from indexer.extract.pubdate import find_publication_date
from indexer.extract.titles import headline
from indexer.pipeline import prepare
from indexer.report import Report

TODAY = date(2026, 11, 23)


def published(text: str, title: str = "") -> str | None:
    found = find_publication_date(text, title, today=TODAY)
    return str(found.value) if found else None


@pytest.mark.parametrize(("written", "expected"), [
    ("07-12-2016", "2016-12-07"),
    ("04.02.2021ж.", "2021-02-04"),
    ("22 May 2014 г.", "2014-05-22"),
    ("26th of August, 2022", "2022-08-26"),
    ("Feb. 3, 2026", "2026-02-03"),
    ("2017 жылғы 26 маусым", "2017-06-26"),  # Kazakh, Cyrillic
    ("2021 ж. 8 қазан", "2021-10-08"),
    ("2022 jylğy 12 säuır", "2022-04-12"),  # Kazakh, 2021 Latin alphabet
    ("26 maýsym 2024", "2024-06-26"),  # Kazakh, 2018 Latin alphabet
    ("30 قاڭتار 2026", "2026-01-30"),  # Kazakh, Arabic script
    ("3-июнь 2021", "2021-06-03"),  # Kyrgyz
    ("17 Кулжа 2022", "2022-06-17"),  # Kyrgyz month names of its own
    ("29 жалган куран 2024", "2024-03-29"),
    ("24 Sәuir, 2020", "2020-04-24"),  # Latin Kazakh with a Cyrillic letter left in
    ('2014 жылғы "26" наурызда', "2014-03-26"),
    ("2021-жылдын 3-июнунда", "2021-06-03"),
    ("12 iyul 2020", "2020-07-12"),  # Uzbek
    ("10/26/2019", "2019-10-26"),  # a month over 12 is a day: the American order
    ("12-Mar-2021", "2021-03-12"),  # day, month's short name and year joined by hyphens or dots
    ("05.Aug.2021", "2021-08-05"),
    ("2021 йил 12 март", "2021-03-12"),  # Uzbek's year word, Cyrillic and Latin
    ("2021 yil 12 mart", "2021-03-12"),
])
def test_formats_pages_use_parse(written, expected):
    assert [str(d) for d in dates_in(written)] == [expected]


def test_a_span_of_years_is_not_a_month():
    assert dates_in("the programme of 2016-2022") == []


@pytest.mark.parametrize(("text", "expected"), [
    (" date 2021-08 Forty teachers met in Osh to plan the new term of peace lessons in the schools.", "2021-08"),
    (" date 2024-01-19 18:40\nTeachers plan peace lessons\nForty teachers met in Osh.", "2024-01-19"),
    ("Teachers plan peace lessons\nPublished: 12 March 2021\nForty teachers met in Osh.", "2021-03-12"),
    ("Teachers plan peace lessons\nBy the editors · Posted 04.02.2021ж.\nForty teachers met.", "2021-02-04"),
    ("Жастар форумы\nЖарияланды: 2020 жылғы 14 тамыз\nФорум Таразда өтті.", "2020-08-14"),
    ("Обновлено: январь 2017\nЦентр основан в 2000 году в Бишкеке.", "2017-01"),
    ("Last updated: January 2017\nFounded in 2000 in Bishkek.", "2017-01"),
    ("Published 12 March 2021 · © 2018 Example", "2021-03-12"),  # the copyright year beside it is not it
    ("2017 jylğy 26 mausym Samarqandta\nMugalimder jinaldy.", "2017-06-26"),
    ("Maqala\nMektepte beibitshilik\nBólim: Mádenıet\nDatasy: 28.10.2019\nAvtory: A. Jazýshy", "2019-10-28"),
    # a month-only metadata date and the dateline below it give the day
    (" date 2019-02 Астана. 18 февраля. Учителя обсудили план уроков мира в школах долины.", "2019-02-18"),
    # ... but a day in the lead's first sentence is the event's
    (" date 2022-02 9 февраля у школы собрались учителя, чтобы обсудить план уроков мира.", "2022-02"),
])
def test_a_metadata_line_gives_the_date(text, expected):
    assert published(text) == expected


@pytest.mark.parametrize(("text", "title", "expected"), [
    ("Teachers plan peace lessons\n13.01.2020\nForty teachers met in Osh.", "Teachers plan peace lessons",
     "2020-01-13"),
    ("Teachers plan peace lessons\n09:15, 22 May 2014 г., Osh - Valley News, by A. Writer\nForty teachers met.",
     "Teachers plan peace lessons", "2014-05-22"),
    ("Мұғалімдер бейбітшілік сабағын жоспарлады\n2017 жылғы 26 маусым\nҚырық мұғалім жиналды.",
     "Мұғалімдер бейбітшілік сабағын жоспарлады", "2017-06-26"),
    ("Мугалимдер жыйыны\n3-июнь 2021, 10:45\nКырк мугалим чогулду.", "Мугалимдер жыйыны", "2021-06-03"),
])
def test_a_date_line_by_the_headline_gives_the_date(text, title, expected):
    assert published(text, title) == expected


def test_a_dateline_opening_the_text_gives_the_date():
    text = ("OSH, 5 June 2019 – Forty teachers from the villages of the valley met on Tuesday to plan a "
            "season of peace lessons with the support of the district councils and parents.")
    assert published(text) == "2019-06-05"
    glued = ("(13.11.2014) In a surprising turn of events, the district council released the names of the "
             "forty teachers who will lead the new season of peace lessons in the valley schools.")
    assert published(glued) == "2014-11-13"
    # the year's abbreviation run into the first sentence
    run_on = ("Учителя долины готовят уроки мира\n31 января 2023 г.В Оше сорок учителей из сёл долины договорились "
              "о новом сезоне уроков мира при поддержке районных советов и родителей.")
    assert published(run_on, "Учителя долины готовят уроки мира") == "2023-01-31"


@pytest.mark.parametrize("text", [
    # an event in running text
    "Teachers plan peace lessons\nOn 8 May 2021, forty teachers met in Osh to plan a season of lessons.",
    "Teachers plan peace lessons\nВстреча прошла 26 июня 2017 г. в Оше, и учителя договорились о планах.",
    # years in running text
    "Teachers plan peace lessons\nSince 2018 the council has trained teachers; in 2020 it opened a school.",
    # an event's span, even on a line of its own
    "Teachers plan peace lessons\n12–14 марта 2020 года, Тараз\nУчителя встретились в Таразе.",
    "Peace caravan\n24th – 26th of October, 2006\nThe caravan crossed three provinces.",
    # a site clock
    "Сегодня: 25.04.2024\nУчителя планируют уроки мира\nСорок учителей встретились в Оше.",
    # links to the previous and next posts
    "10/06/2019\n11/06/2019\nTeachers plan peace lessons\nForty teachers met in Osh.",
    # a copyright line, a founding date, a registration certificate
    "Teachers plan peace lessons\nForty teachers met in Osh.\n© 2019 Valley Teachers Network",
    "Газета «Мир долины»\nОснована 23 марта 1925 года\nУчителя планируют уроки мира",
    "Свидетельство о регистрации от 18.01.2017\nУчителя планируют уроки мира\nСорок учителей.",
    # a legal act's revision and its passage through parliament
    "Закон об образовании\n(в редакции Закона от 12.05.2023 года)\nСтатья 1. Общие положения",
    "Закон о свободе совести\nПринят Законодательной палатой 4 мая 2021 года\nСтатья 1.",
    # a file listing's field glued to its value, a clock in Kyrgyz ("Bishkek time")
    "Pdf просмотр\nбет35/35\nДата16.05.2018\nTeachers plan peace lessons\nForty teachers met in Osh.",
    "20-Апрель, 2024-жыл, ишемби, Бишкек убактысы 04:46\nTeachers plan peace lessons\nForty teachers met.",
    # a list of related posts with their dates between the headline and the text
    "Teachers plan peace lessons\nSchools reopen in Osh\n10/06/2019\nParents meet teachers\n11/06/2019\n"
    "Forty teachers from the villages of Batken met on Tuesday to plan a season of peace lessons with the "
    "support of the district councils and the parents of the valley.",
    # "to date", and a date still to come
    "Teachers plan peace lessons\nTo date, 2019 remains the year with most lessons given in the valley.",
    "Teachers plan peace lessons\nThe plan runs to 2030.",
    # a library's classification code, a paper's submission, a server's clock, the day a rule takes effect
    "IRSTI 11.15.91\nTeachers plan peace lessons\nForty teachers met in Osh.",
    "UDC 327:94(5) Submitted: 31.01.2023\nTeachers plan peace lessons\nForty teachers met in Osh.",
    "Teachers plan peace lessons\nCurrent time: 2025-10-09 11:51:25\nForty teachers met in Osh.",
    "Teachers plan peace lessons\nЕрежелер 2017 жылғы 1 қаңтардан бастап:\nForty teachers met in Osh.",
    # an encyclopedia's infobox flattened into a table, the year its subject is named by, a period covered
    "Teachers plan peace lessons (2023) — Wikipedia\nTeachers plan peace lessons | |||\nDate | 19 March 2023 | ||\n"
    "Turnout | 52,90 % | ||",
    "Teachers plan peace lessons\nJune 2014 - May 2015\nForty teachers met in Osh.",
])
def test_dates_that_are_not_the_pages_own_are_never_taken(text):
    assert published(text, "Teachers plan peace lessons") is None


def test_a_un_documents_date_under_its_distribution_mark():
    text = ("United Nations CEDAW/C/XYZ/2\nConvention on the Rights Distr.: General of Teachers 3 April 2015 English\n"
            "Committee on Teachers Pre-session working group 20 May-2 June 2015\nReplies to the list of issues")
    assert published(text, "Replies to the list of issues") == "2015-04-03"
    apart = "United Nations\nDistr.: General\n3 April 2015\nEnglish\nReplies to the list of issues\nIntroduction"
    assert published(apart, "Replies to the list of issues") == "2015-04-03"


def test_a_date_run_together_with_a_repeated_headline_or_site_name():
    lead = ("Osh, Kyrgyz Republic, 5 June 2019 — Forty teachers from the villages of the valley met on Tuesday to "
            "plan a season of peace lessons with the support of the district councils and the parents.")
    glued = f"Teachers plan peace lessons\nTeachers plan peace lessons{lead}"
    assert published(glued, "Teachers plan peace lessons") == "2019-06-05"
    before = "Valley News 05/06/2019 Teachers plan peace lessons\nTeachers plan peace lessons\nForty teachers met."
    assert published(before, "Teachers plan peace lessons") == "2019-06-05"
    assert published(before, "Valley News 05/06/2019 Teachers plan peace lessons") == "2019-06-05"
    site = "Valley News\nValley News05.06.2019\nTeachers plan peace lessons\nForty teachers met in Osh."
    assert published(site, "Teachers plan peace lessons") == "2019-06-05"


@pytest.mark.parametrize(("text", "expected"), [
    ("Teachers plan peace lessons\nСегодня, 5 июня 2019 года, в Оше собрались сорок учителей из сёл долины.",
     "2019-06-05"),
    ("Teachers plan peace lessons\nToday, 5 June 2019, forty teachers met in Osh to plan peace lessons.",
     "2019-06-05"),
    # a site's clock is no sentence
    ("Teachers plan peace lessons\nСегодня, 5 июня 2019 года, среда\nСорок учителей встретились в Оше.", None),
])
def test_a_lead_that_opens_with_today_and_its_date(text, expected):
    assert published(text, "Teachers plan peace lessons") == expected


@pytest.mark.parametrize(("text", "title", "expected"), [
    ("Peace lessons survey, March 2012\nForty teachers answered.", "Peace lessons survey, March 2012", "2012-03"),
    ("Peace lessons survey (March 2012)\nForty teachers answered.", "Peace lessons survey (March 2012)", "2012-03"),
    # a headline on two lines, its month set apart by its capital letter
    ("Записка об уроках мира в школах\nдолины. Вариант для обсуждения Март 2012\nСорок учителей ответили.",
     "Записка об уроках мира в школах", "2012-03"),
    # the period a headline names, and an event
    ("Peace lessons report for March 2012\nForty teachers answered.", "Peace lessons report for March 2012", None),
    ("Teachers met in March 2012\nForty teachers answered.", "Teachers met in March 2012", None),
])
def test_a_reports_month_ending_its_headline(text, title, expected):
    assert published(text, title) == expected


def test_a_books_catalogue_record_gives_its_year():
    card = ("Уроки мира в школах долины\nУДК 37 ББК 74\nУроки мира: сборник статей. – Ош: Долина, 2011. – 48 с.\n"
            "ISBN 978-0-00-000000-0\nВведение")
    assert published(card, "Уроки мира в школах долины") == "2011"
    cited = "Уроки мира в школах долины\nЛитература\nУроки мира: сборник статей. – Ош: Долина, 2011. – 48 с."
    assert published(cited, "Уроки мира в школах долины") is None


def test_weak_evidence_is_marked_for_the_editor():
    def evidence(text: str, title: str) -> tuple[str, bool]:
        found = find_publication_date(text, title, today=TODAY)
        assert found is not None
        return found.evidence, found.weak
    assert evidence("Survey, March 2012\nText.", "Survey, March 2012") == ("date in the headline", True)
    assert evidence("Уроки мира\nУДК 37\nСборник. – Ош: Долина, 2011. – 48 с.", "Уроки мира")[1]
    assert evidence("United Nations\nDistr.: General\n3 April 2015\nReplies", "Replies") == ("metadata", False)


def test_a_legal_acts_own_date_is_its_date():
    text = "ПОСТАНОВЛЕНИЕ\nот 11 апреля 2018 года № 2350-VI\nО докладе центра по предупреждению пыток"
    assert published(text) == "2018-04-11"
    decree = ("Мектептердегі бейбітшілік сабақтары туралы\nҮкіметтің 2018 жылғы 27 қарашадағы № 789 қаулысы.\n"
              "Үкімет қаулы етеді:")
    assert published(decree, "Мектептердегі бейбітшілік сабақтары туралы") == "2018-11-27"
    # the kind first, then "от <date> № <number>"; a Kazakh act numbered with a Latin N
    law = ("О профилактике насилия в школах\nЗакон Республики Долина от 4 декабря 2009 года № 214-IV\n"
           "Редакция с изменениями и дополнениями по состоянию на 16.06.2024 г.\nНастоящий Закон определяет основы.")
    assert published(law) == "2009-12-04"
    decree = "Об утверждении Концепции\nУказ Президента Республики Долина от 15 сентября 2022 года № 1014.\nТекст."
    assert published(decree, "Об утверждении Концепции") == "2022-09-15"
    zan = "Мектептегі бейбітшілік туралы\nДолина Республикасының 2009 жылғы 4 желтоқсандағы N 214-IV Заңы.\nМәтін."
    assert published(zan, "Мектептегі бейбітшілік туралы") == "2009-12-04"
    # the kind first, then the date with Kazakh's "жылғы" where Russian has "от"
    zan = "Мектептегі бейбітшілік туралы\nДолина Республикасының Заңы 2014 жылғы 3 қарашадағы № 244-V.\nМәтін."
    assert published(zan, "Мектептегі бейбітшілік туралы") == "2014-11-03"
    # the act's line and its registration in one paragraph; "No. 416" ends no sentence
    decision = ("Об утверждении правил проведения уроков мира\nРешение районного маслихата Северной области Долины "
                "от 19 февраля 2016 года № 388. Зарегистрировано департаментом юстиции Северной области 11 марта "
                "2016 года № 4890. Утратило силу решением маслихата от 25 июня 2020 года № 412.\nТекст.")
    assert published(decision, "Об утверждении правил проведения уроков мира") == "2016-02-19"
    law = "On peace lessons\nThe Law of the Republic of Dolina dated 13 July, 1999 No. 416.\nThis Law sets out."
    assert published(law, "On peace lessons") == "1999-07-13"


def test_an_act_it_cites_or_repeals_in_its_text_is_not_its_date():
    text = ("Об утверждении Концепции\nПризнать утратившими силу:\n"
            "1) Указ Президента от 28 декабря 2015 года № 148 «Об утверждении концепции»;")
    assert published(text, "Об утверждении Концепции") is None


def test_the_date_above_the_headline_and_again_in_the_dateline_wins_over_a_note_between():
    text = ("Добавить свою статью\n14 Ноября 2022\nАнализ проекта закона о школах\n"
            "(опубликован на сайте министерства 2 ноября 2022 года)\nБишкек, 14 ноября 2022 года\n"
            + "Настоящий анализ открыт для всех учителей долины и тех, кто пишет законы о школах мира, "
            "чтобы его обсудить и дополнить до принятия закона в парламенте этой осенью.")
    assert published(text, "Анализ проекта закона о школах") == "2022-11-14"


def test_a_sites_clock_gives_way_to_the_pages_date_above_the_headline():
    text = "Jeksenbi, 24 Qarasha 2024\n5260 0 pikir 24 Sәuir, 2020 saghat 14:11\nMektepte beibitshilik\nMätin."
    assert published(text, "Mektepte beibitshilik") == "2020-04-24"


def test_a_date_only_in_the_address_is_kept_apart():
    doc = Document(id="u", title="Teachers plan peace lessons", body="Forty teachers met in Osh.",
                   url="https://news.example/2021/08/15/teachers-plan-peace-lessons")
    enrich(doc)
    assert doc.date is None and doc.url_date == "2021-08-15"
    assert str(date_in_url("https://example.org/news/20211122-teachers")) == "2021-11-22"
    assert date_in_url("https://example.org/item/1234567890") is None


def test_an_editors_date_wins():
    doc = Document(id="e", title="Teachers plan peace lessons", body="13.01.2020\nForty teachers met.",
                   date="2019-05")
    enrich(doc)
    assert doc.date == "2019-05"


def test_a_date_from_weak_evidence_is_listed_in_the_report():
    report = Report()
    weak = Document(id="w", title="Teachers plan peace lessons", origin="w.txt",
                    body="13.01.2020\nTeachers plan peace lessons\nForty teachers met in Osh.")
    strong = Document(id="s", title="Teachers plan peace lessons", origin="s.txt",
                      body="Teachers plan peace lessons\nPublished: 13.01.2020\nForty teachers met in Osh.")
    prepare(weak, report)
    prepare(strong, report)
    assert (weak.date, strong.date) == ("2020-01-13", "2020-01-13")
    assert [item["id"] for item in report.weak_metadata] == ["w"]
    assert "check w.txt" in report.summary()


def test_partial_dates_cover_their_month_or_year():
    month = parse_iso("2019-02")
    assert (month.first_day(), month.last_day()) == (date(2019, 2, 1), date(2019, 2, 28))
    assert parse_iso("2020").last_day() == date(2020, 12, 31)
    with pytest.raises(ValueError, match="month 13"):
        parse_iso("2019-13-45")


LEAD = ("Forty teachers from the villages of the valley met on Tuesday to plan a season of peace lessons with the "
        "support of the district councils and the parents of the schools.")
STANDFIRST = ("The district council agreed to fund a season of peace lessons in forty village schools, a plan that "
              "teachers and parents have asked for since the clashes on the border two years ago.")


@pytest.mark.parametrize("byline", [
    "By Ana Lopes, Bakyt Osmonov, Chen Wei and Dana Kim, 12 March 2021",
    "Ana Lopes, Bakyt Osmonov, Chen Wei, Dana Kim | March 12, 2021",
    "Written by Ana Lopes, Bakyt Osmonov, Chen Wei, Dana Kim and Erlan Sadykov on 12 March 2021",
    "12 марта 2021 | Анна Лопес, Бакыт Осмонов, Чэнь Вэй, Дана Ким",
    "Авторы: Анна Лопес, Бакыт Осмонов и Дана Ким, Эрлан Садыков, 12 марта 2021",
])
def test_a_byline_naming_several_authors_gives_the_date(byline):
    assert published(f"Teachers plan peace lessons\n{byline}\n{LEAD}", "Teachers plan peace lessons") == "2021-03-12"


def test_a_headline_like_line_with_a_date_is_no_byline():
    # many capitalised words in one run: a link's title in Title Case, not a list of names
    text = f"Kyrgyz Teachers Meet Uzbek Colleagues In The Fergana Valley Town Of Osh 12 March 2021\n{LEAD}"
    assert published(text, "Teachers plan peace lessons") is None


def test_the_date_after_a_byline_below_the_lead():
    text = f"Teachers plan peace lessons\n{STANDFIRST}\nBy Ana Lopes\n12 March 2021\n{LEAD}"
    assert published(text, "Teachers plan peace lessons") == "2021-03-12"


@pytest.mark.parametrize("text", [
    # a caption on its own line, a long one, two of them, and one with the day the photo was taken
    f"Teachers plan peace lessons\nPupils in class in Osh. Photo: Ana Lopes / Valley News\nOSH, 12 March 2021 – {LEAD}",
    f"Teachers plan peace lessons\n{STANDFIRST} (AP Photo / Ana Lopes)\nOSH, 12 March 2021 – {LEAD}",
    f"Teachers plan peace lessons\nPhoto: {STANDFIRST}\nPhoto: {STANDFIRST}\nOSH, 12 March 2021 – {LEAD}",
    f"Teachers plan peace lessons\nPupils in class in Osh on 8 March 2021.\nOSH, 12 March 2021 – {LEAD}",
    # a caption run together with the dateline
    f"Teachers plan peace lessons\nPupils in class in Osh. Photo: Ana Lopes / Valley News OSH, 12 March 2021 – {LEAD}",
    f"Teachers plan peace lessons\nУченики в классе. Фото: Valley News ОШ, 12 марта 2021 — {LEAD}",
    # a rights group's dateline in brackets after the photo's credit
    f"Teachers plan peace lessons\nPupils in class in Osh. © Ana Lopes via Agency (Osh, March 12, 2021) – {LEAD}",
])
def test_a_dateline_after_a_photo_caption(text):
    assert published(text, "Teachers plan peace lessons") == "2021-03-12"


def test_a_place_in_capitals_inside_a_sentence_is_no_dateline():
    text = f"Teachers plan peace lessons\nIn a statement issued in OSH, 12 March 2021 – the council said: {LEAD}"
    assert published(text, "Teachers plan peace lessons") is None


@pytest.mark.parametrize(("written", "expected"), [
    ("12 Asad 1402", "2023-08-03"),  # Dari month names in Latin letters
    ("Asad 12, 1402", "2023-08-03"),
    ("24 Asad 1400", "2021-08-15"),
    ("1 Hamal 1403", "2024-03-20"),  # Nowruz of a year after a leap year
    ("۱۴۰۲/۰۵/۱۲", "2023-08-03"),  # Persian digits
    ("۱۲ اسد ۱۴۰۲", "2023-08-03"),
    ("۱ فروردین ۱۴۰۳", "2024-03-20"),  # Iranian month names
    ("1399/12/30", "2021-03-20"),  # the last day of a leap year
    ("1402-05-12", "2023-08-03"),
])
def test_solar_hijri_dates_are_read_as_gregorian_days(written, expected):
    assert [str(d) for d in dates_in(written)] == [expected]


def test_solar_hijri_dates_on_a_page():
    assert published(f"Teachers plan peace lessons\n۱۲ اسد ۱۴۰۲\n{LEAD}", "Teachers plan peace lessons") == "2023-08-03"
    # the same day in both calendars is one day, not a span
    both = f"Teachers plan peace lessons\nSaturday 12 Asad 1402 - 03 August 2023\n{LEAD}"
    assert published(both, "Teachers plan peace lessons") == "2023-08-03"
    # a year alone, and a day that does not exist, give nothing
    assert dates_in("In 1402 the council met.") == []
    assert dates_in("1401/12/30") == []  # 1401 is no leap year
    assert dates_in("Tel. 3-12-1401") == []  # a telephone number


@pytest.mark.parametrize("span", [
    "30 April – 2 May 2019",
    "April 30 – May 2, 2019",
    "30 апреля – 2 мая 2019 года",
    "Date: 30 April – 2 May 2019",
    "Date30 April – 2 May 2019",
    "30.04.2019 – 02.05.2019",
    "30.04–02.05.2019",
    "30 December 2018 – 2 January 2019",
])
def test_an_events_span_across_months_is_not_the_pages_date(span):
    assert published(f"Teachers plan peace lessons\n{span}\n{LEAD}", "Teachers plan peace lessons") is None


def test_a_span_across_months_reads_as_its_first_day():
    assert [str(d) for d in dates_in("30 April – 2 May 2019")] == ["2019-04-30"]
    assert [str(d) for d in dates_in("30 December – 2 January 2019")] == ["2018-12-30"]


@pytest.mark.parametrize("line", [
    "Андижанские события 13 мая 2005 года",
    "The Andijan massacre of 13 May 2005",
    "Сайлау 2021 жылғы 10 қаңтар",
])
def test_an_event_named_with_its_day_is_not_the_pages_date(line):
    assert published(f"Teachers plan peace lessons\n{line}\n{LEAD}", "Teachers plan peace lessons") is None


def test_a_section_named_events_beside_the_date_is_no_event():
    text = f"Teachers plan peace lessons\nNews & Events, 12 March 2021\n{LEAD}"
    assert published(text, "Teachers plan peace lessons") == "2021-03-12"


def test_links_to_other_posts_with_their_dates_above_the_headline():
    text = ("Parents meet teachers in Batken\n10/06/2019\nSchools reopen in Osh\n11/06/2019\nShow all\n"
            f"Teachers plan peace lessons\n{LEAD}")
    assert published(text, "Teachers plan peace lessons") is None


def test_a_reference_list_is_no_catalogue_record():
    listed = ("Уроки мира в школах долины\nЛитература\nУроки мира: сборник статей. – Ош: Долина, 2011. – 48 с.\n"
              "ISBN 978-0-00-000000-0")
    assert published(listed, "Уроки мира в школах долины") is None
    several = ("Уроки мира в школах долины\nУДК 37\nУроки мира. – Ош: Долина, 2011. – 48 с.\n"
               "Школа и мир. – Бишкек: Илим, 2014. – 120 с.")
    assert published(several, "Уроки мира в школах долины") is None


@pytest.mark.parametrize("card", [
    "Date: 12 May 2019\nVenue: Osh, School No. 5",
    "Дата: 12 мая 2019\nМесто проведения: Ош",
    "Date: 12 May 2019 Time: 10:00 Location: Osh",
])
def test_an_events_card_gives_no_date(card):
    assert published(f"Teachers plan peace lessons\n{card}\n{LEAD}", "Teachers plan peace lessons") is None


def test_the_time_beside_a_pages_date_is_no_events_card():
    text = f"Teachers plan peace lessons\nPublished: 12 March 2021\nTime: 10:40\n{LEAD}"
    assert published(text, "Teachers plan peace lessons") == "2021-03-12"


def test_a_long_breadcrumb_is_not_where_the_text_begins():
    crumbs = " / ".join(["Законодательство долины", "Основы государственного устройства", "Правовой статус личности",
                         "Права и свободы человека", "Защита учителей от притеснения и насилия в школах долины"])
    text = (f"ВСЕ ЗАКОНЫ ДОЛИНЫ\n{crumbs}\nПолный текст доступен в платной версии.\nЗАКОН\nРЕСПУБЛИКИ ДОЛИНА\n"
            "02.09.2019 г.\nN ЗРД-561\nО ЗАЩИТЕ УЧИТЕЛЕЙ\nОТ ПРИТЕСНЕНИЯ И НАСИЛИЯ\n"
            "Принят Законодательной палатой 17 августа 2019 года\nСтатья 1. Цель настоящего Закона")
    assert published(text, "ВСЕ ЗАКОНЫ ДОЛИНЫ") == "2019-09-02"


def test_the_dateline_of_a_page_named_by_its_first_sentence():
    text = ("TASHKENT, 25 September 2024 - The valley's teachers today opened a season of peace lessons for the 27 "
            "October school fair in the valley, following an invitation from the district councils and the parents.\n\n"
            "The lessons are led by forty teachers based in Osh, who will visit every school from 2 October.")
    title = "TASHKENT, 25 September 2024 - The valley's teachers today opened a season of peace lessons for the…"
    assert published(text, title) == "2024-09-25"


@pytest.mark.parametrize(("text", "expected"), [
    # the time of publishing, the first sentence run into it
    ("07/22/2025, 08:59The ministry has stepped up its support for the valley's schools and their forty teachers "
     "this year.", "2025-07-22"),
    # a first paragraph of one short sentence opening with its dateline
    ("Osh, 30 March 2023 (VNA): On 27 March the council met the teachers.\nThe teachers agreed on a plan.",
     "2023-03-30"),
    # a journal's line of dates: the publication's field, not the submission's
    ("Peace lessons in the valley\nPages 10-24 | Received 03 Apr 2020, Accepted 12 Dec 2020, Published online: "
     "16 Jan 2021\nForty teachers met in Osh.", "2021-01-16"),
])
def test_the_date_of_a_timestamp_a_short_lead_or_a_journals_publication_field(text, expected):
    assert published(text, headline(text)) == expected  # titled as the reader titles a raw page


def test_a_kazakh_page_in_arabic_letters_gets_its_datelines_date():
    """A rubric, then the day and the year joined by the Arabic comma: a dateline, not the headline."""
    body = ("ساياسات • 13 قىركۇيەك، 2021\n\nمەكتەپتەردە بەيبىتشىلىك ساباعى باستالدى\n\n"
            "بۇگىن ەلىمىزدىڭ مەكتەپتەرىندە بەيبىتشىلىك ساباعى باستالدى. مۇعالىمدەر بالالارعا تاتۋلىق "
            "تۋرالى ايتىپ بەردى، اتا-انالار دا ساباققا قاتىستى. ساباق اۋىل مەكتەپتەرىندە دە وتەدى.")
    doc = Document(id="a", title=headline(body), body=body)
    enrich(doc)
    assert (doc.lang, doc.date) == ("kk", "2021-09-13")
    assert doc.title == "مەكتەپتەردە بەيبىتشىلىك ساباعى باستالدى"


def test_the_date_after_a_photos_source_on_the_same_line():
    """A photo's source named by its site, then the page's date, time and views: the date is the page's."""
    text = f"Teachers plan peace lessons\nФото: gov.kg 29.12.2022 16:45 1177\n{LEAD}"
    assert published(text, "Teachers plan peace lessons") == "2022-12-29"
    taken = f"Teachers plan peace lessons\nФото: снято 12.03.2020\n{LEAD}"  # the day a photo was taken
    assert published(taken, "Teachers plan peace lessons") is None


@pytest.mark.parametrize("line", ["Долина: 14 220 321 (01.01.2024)[1]", "Osh: 1,200,000 (1 January 2017) [12]"])
def test_an_encyclopedias_figure_with_its_date_and_footnote_is_not_the_pages_date(line):
    text = f"Teachers of the valley\n{line}\n{LEAD}"
    assert published(text, "Teachers of the valley") is None
