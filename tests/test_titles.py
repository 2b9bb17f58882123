"""Titles of raw pages: the headline a reader would name the page by, never the furniture around it.
Texts are written for these tests."""

import pytest

from indexer.extract.titles import headline
from indexer.sources.frontmatter import parse_frontmatter_text

BODY = ("Forty teachers from the villages of Batken met on Tuesday to plan a season of peace lessons, "
        "with lessons on water sharing, on the border and on the valley's languages for every school.")
HEADLINE = "Batken teachers plan a season of peace lessons"


@pytest.mark.parametrize("furniture", [
    "Skip to main content",
    "Back to top button",
    "Close sites icon close",
    "Valley Teachers logo",
    "Пн Вт Ср Чт Пт Сб Вс\n1 2 3 4 5 6 7\n8 9 10 11 12 13 14",  # a calendar
    "10:32\nUSD 86.80\nEUR 91.22\nKZT 0.18",  # a clock and a currency ticker
    "17:32, 10 November 2021, Osh - Valley News, by A. Writer",  # a dateline and byline
    " date 2024-05-22 18:04",  # a metadata line
    "Home | News | Schools | Contact",
    "Aibek Writer 7 min",  # a byline with its reading time
    "You are here: Home > Asia > Kyrgyzstan",  # breadcrumbs
    "Вы здесь: Главная Аналитика Учителя Баткена",
    "Home › Asia › Kyrgyzstan › Schools",
    "Соответствие GDPR",  # a cookie and privacy notice's heading
    "Политика конфиденциальности",
    ("We use cookies to give you the best experience on our website. By continuing to use our site you agree to the "
     "use of cookies, to our Privacy Policy and to our Terms of Use."),
])
def test_furniture_above_the_headline_is_read_past(furniture):
    assert headline(f"{furniture}\n{HEADLINE}\n{BODY}") == HEADLINE


def test_inline_tags_a_crawler_kept_are_not_part_of_the_headline():
    page = f"<strong>Batken teachers</strong> plan a season of <em>peace lessons</em><br />\n{BODY}"
    assert headline(page) == HEADLINE


def test_a_site_name_and_section_label_lose_to_the_headline():
    text = f"Valley Network for Schools – English\nOpinion and Analysis\n{HEADLINE}\nby A. Writer\n{BODY}"
    assert headline(text) == HEADLINE


def test_a_caption_or_standfirst_below_the_headline_is_not_it():
    text = (f"{HEADLINE}\nA teacher writes on the blackboard in Batken.\n"
            f"Forty teachers agreed on a plan.\n{BODY}")
    assert headline(text) == HEADLINE


def test_a_subtitle_without_a_full_stop_below_the_headline_is_not_it():
    text = f"{HEADLINE}\nTeachers of Batken plan lessons on water, borders and languages for every school\n{BODY}"
    assert headline(text) == HEADLINE


def test_a_headline_printed_twice_wins_over_a_label_between():
    text = f"Schools Desk\n{HEADLINE}\nRecent features\n{HEADLINE}\n{BODY}"
    assert headline(text) == HEADLINE


def test_a_metadata_date_glued_to_the_headline_is_cut_off():
    assert headline(f" date 2024-05-22 {HEADLINE}\n{BODY}") == HEADLINE


def test_a_wiki_heading_of_one_word_is_a_headline():
    assert headline(f"= Batken =\n{BODY}") == "Batken"


def test_a_page_that_opens_with_prose_takes_its_first_sentence():
    assert headline(f" date 2024-05-22 {BODY} The plan starts in May.") == BODY


@pytest.mark.parametrize("printed", ["Close this search box.", "Toggle navigation", "Открыть меню",
                                     "fbpx Skip to main content", "Перейти на главную страницу",
                                     "Sorry, this entry is only available in Kazakh. For the sake of viewer "
                                     "convenience, the content is shown below in the alternative language.",
                                     "By Aigul Writer and Bolat Reporter",  # a byline
                                     "Teachers at a school in Batken, 2023. © 2023 Valley Photo Agency",  # a caption
                                     "Abstract", "Введение", "|", "Добавил:",  # a section's or value's label, a bar
                                     "Фото: Valley News", "Source: www.valley-news.example"])  # a credit, a source
def test_what_a_site_prints_above_the_prose_without_a_headline_is_not_taken_for_one(printed):
    assert headline(f"{printed}\n{BODY} The plan starts in May.") == BODY


@pytest.mark.parametrize("dateline", ["BATKEN.", "ОШ, 25 мая - Valley News.", "Баткен, 25 мая, — ИА «Долина»."])
def test_a_page_without_a_headline_is_named_by_the_sentence_after_its_dateline(dateline):
    assert headline(f"{dateline} {BODY} The plan starts in May.") == BODY


def test_an_editors_title_always_wins():
    doc = parse_frontmatter_text(f"---\ntitle: Peace lessons\n---\nSkip to main content\n{HEADLINE}\n{BODY}",
                                 default_id="t", origin="t.md")
    assert doc.title == "Peace lessons"
    raw = parse_frontmatter_text(f"Skip to main content\n{HEADLINE}\n{BODY}", default_id="r", origin="r.txt")
    assert raw.title == HEADLINE


def test_the_line_the_first_paragraph_retells_beats_a_site_name_the_text_mentions_later():
    text = ("Valley Network for Schools and Teachers\nWater deal signed at the Isfara canal\n"
            "Farmers on both banks of the Isfara canal will share its water by a signed schedule from next spring, "
            "the two district heads said at the canal on Monday.\n"
            "The deal ends a dispute over the canal's water that closed the road for a week last summer.\n"
            "The Valley Network for Schools and Teachers, which trains teachers in the region, hosted the talks, "
            "and its teachers will bring the schedule to schools in every village of the valley.\n"
            "Network teachers said schools would teach the schedule, and teachers of the valley would meet again.")
    assert headline(text) == "Water deal signed at the Isfara canal"


def test_a_section_label_with_one_echoed_word_loses_to_a_headline_the_text_retells():
    title = "Batken village women demand seats at border talks over water sharing"
    text = (f"Peace and War\n{title}\nby A. Writer\n"
            "Women from the villages of Batken asked on Monday for seats at the talks on the border over water "
            "sharing, saying that peace in the valley rests on the women who cross it every day.")
    assert headline(text) == title


@pytest.mark.parametrize("echo", [f"{HEADLINE} | Valley News", f"{HEADLINE} – valleynews.kg",
                                  f"{HEADLINE} (Уроки мира в Баткене)"])
def test_a_headline_printed_again_with_the_sites_name_or_a_credit_wins(echo):
    text = f"Lessons for teachers of Batken schools\n{HEADLINE}\n{echo}\n{BODY}"
    assert headline(text) == HEADLINE



def test_a_headline_broken_over_two_lines_is_joined():
    text = f"Valley Network for Schools\nBatken teachers plan\na season of peace lessons\nBatken 2021\n{BODY}"
    assert headline(text) == HEADLINE


def test_a_russian_headline_broken_over_three_lines_is_joined():
    text = ("Сеть учителей долины\nУчителя Баткена\nготовят уроки мира\nдля школ долины\nБишкек 2021\n"
            "Сорок учителей из сёл Баткена во вторник договорились о плане уроков мира для каждой школы долины, "
            "о занятиях по воде, по границе и по языкам долины.")
    assert headline(text) == "Учителя Баткена готовят уроки мира для школ долины"


def test_a_line_that_begins_in_lower_case_is_not_a_headline():
    text = (f"Valley News\n{HEADLINE}\nTeachers met in the school hall.\n"
            f"peace lessons for every school of Batken teachers plan\n{BODY}")
    assert headline(text) == HEADLINE


@pytest.mark.parametrize("line", [f"Opinion | {HEADLINE}", f"{HEADLINE} | Valley News"])
def test_a_rubric_or_site_name_beside_the_headline_after_a_bar_is_cut_off(line):
    assert headline(f"Valley News\n{line}\n{BODY}") == HEADLINE


def test_a_headline_in_capitals_with_its_standfirst_on_the_same_line_is_cut_from_it():
    text = f"Valley News\n{HEADLINE.upper()} Forty teachers agreed on a plan for every school of the valley.\n{BODY}"
    assert headline(text) == HEADLINE.upper()


def test_a_headline_in_capitals_with_a_subtitle_in_title_case_stays_whole():
    title = "PEACE LESSONS FOR BATKEN The Plan of Forty Teachers for Every School"
    assert headline(f"Valley News\n{title}\n{BODY}") == title


def test_links_to_other_articles_with_their_dates_lose_to_the_headline():
    text = ("Osh teachers hold peace lessons in every school of the valley\n10.05.2021\n"
            "Peace lessons for the schools of Batken planned by forty teachers\n11.05.2021\nAll news\n"
            "Valley teachers agree on a new season\n"
            "Forty teachers from the villages of Batken plan peace lessons for every school of the valley.\n"
            "The teachers agreed on a new season at a meeting in the school hall, with lessons on water sharing.")
    assert headline(text) == "Valley teachers agree on a new season"


def test_a_label_sharing_one_word_with_the_text_does_not_make_the_headline_its_subtitle():
    title = "Batken teachers plan a calendar of peace lessons for the villages"
    text = (f"War and Peace\n{title}\n"
            "Teachers of Batken plan peace lessons for every school of the valley, with stories of the war told by "
            "elders and lessons on water, on the border and on the languages of the valley.")
    assert headline(text) == title


def test_an_encyclopedia_article_is_named_by_the_term_it_defines():
    text = ("Встреча учителей Баткена (кирг. Баткен мугалимдер жыйыны) — ежегодная встреча учителей сёл "
            "Баткена, на которой они договариваются об уроках мира для школ долины и о занятиях по воде.\n"
            "Первая встреча прошла в 2010 году.")
    assert headline(text) == "Встреча учителей Баткена"


def test_a_dateline_with_a_dash_is_not_taken_for_a_defined_term():
    sentence = ("Бишкек — Сорок учителей из сёл Баткена во вторник договорились о плане уроков мира для каждой "
                "школы долины.")
    assert headline(f"{sentence} Занятия начнутся в мае и продлятся до осени.") == sentence


def test_a_digital_librarys_kind_label_is_cut_from_the_quoted_title():
    text = ("Научная статья на тему 'Уроки мира в школах долины'\n\n"
            "Уроки мира в школах долины Текст научной статьи по специальности «Науки об образовании»\n"
            "Ключевые слова\nШКОЛА / МИР / ДОЛИНА / УЧИТЕЛЯ\n"
            "Аннотация: сорок учителей из сёл долины договорились о сезоне уроков мира в школах, "
            "с уроками о воде, о границе и о языках долины для каждой школы.")
    assert headline(text) == "Уроки мира в школах долины"


def test_a_line_of_keywords_between_slashes_is_not_the_headline():
    text = ("ШКОЛА / МИР / ДОЛИНА / БАТКЕН / УЧИТЕЛЯ\nУчителя Баткена готовят уроки мира\n"
            "Сорок учителей из сёл Баткена договорились о сезоне уроков мира: о воде, о границе и о языках "
            "долины, для каждой школы и каждого класса.")
    assert headline(text) == "Учителя Баткена готовят уроки мира"


@pytest.mark.parametrize("broken", [
    "The\nRole of Batken Teachers in\nPeace-Building\nand Water Sharing",  # broken after "The" and "in"
    "THE ROLE OF BATKEN TEACHERS\nIN PEACE-BUILDING AND WATER SHARING",  # capitals set over two lines
    "ROLE OF BATKEN\nTEACHERS IN PEACE-BUILDING\nAND WATER SHARING",  # two long words are enough
])
def test_a_headline_set_over_lines_is_joined_when_a_line_breaks_off(broken):
    body = ("Forty teachers from the villages of Batken met on Tuesday: their role in peace-building "
            "and in water sharing is a season of lessons for every school of the valley and its villages.")
    found = headline(f"A. Writer, B. Writer\nValley University, Osh\n{broken}\n{body}")
    assert found.casefold().replace("the role", "role") == "role of batken teachers in peace-building and water sharing"


def test_a_long_breadcrumb_naming_the_headline_is_not_where_the_text_begins():
    crumbs = ("Home | Special projects | Batken: a season of lessons on water, borders and languages in the valley | "
              f"{HEADLINE} and what forty teachers of the villages plan for every school")
    assert headline(f"{crumbs}\nSpecial projects\n\n{HEADLINE}\n\nDownload image\n\n{BODY}") == HEADLINE


def test_a_laws_name_above_its_act_line_not_its_numbered_definitions():
    text = ("Toggle Dropdown\n1061\nО школах мира\nЗакон Республики Долина от 4 декабря 2009 года № 214-IV\n"
            "Toggle Dropdown\nРедакция с изменениями и дополнениями по состоянию на 16.06.2024 г.\nToggle Dropdown\n"
            "Настоящий Закон определяет правовые, экономические и организационные основы школ мира, уроков о воде, "
            "о границе и о языках долины для каждой школы.\nToggle Dropdown\nСтатья 1. Основные понятия\n"
            "1) школа мира – школа, в которой учат жить с соседями, делить воду и говорить на языках долины;\n"
            "1-1) учитель мира – учитель, прошедший курс уроков мира в одной из школ долины;")
    assert headline(text) == "О школах мира"


def test_a_headline_ending_with_a_years_abbreviation_printed_again_with_the_librarys_note():
    title = "Уроки мира в школах долины в 2022–2023 гг."
    text = (f"Научная статья на тему '{title}'\n\n{title} Текст научной статьи по специальности «Науки об "
            "образовании»\n\nCC BY\n13\nАннотация научной статьи по наукам об образовании, автор научной работы — "
            "А. Писатель. Сорок учителей из сёл долины договорились о сезоне уроков мира в школах.")
    assert headline(text) == title


@pytest.mark.parametrize("code", ["#site-logo img { max-width: 19px;", "var pageTracker = init(1);"])
def test_a_style_sheet_or_script_line_is_not_the_headline(code):
    assert headline(f"{code}\n{HEADLINE}\n{BODY}") == HEADLINE


def test_a_kazakh_headline_ending_with_its_postposition_is_not_joined_to_the_label_below():
    text = ("Экстремизмге қарсы іс-қимыл туралы\nЖаңартылған\nОсы Заң экстремизмге қарсы іс-қимылдың құқықтық "
            "және ұйымдастырушылық негіздерін айқындайды, мектептер мен ата-аналардың рөлін белгілейді.")
    assert headline(text) == "Экстремизмге қарсы іс-қимыл туралы"


def test_an_authors_affiliation_is_not_the_headline():
    text = ("Уроки мира в школах долины\nА. Писатель\nОшский государственный университет, Ош, Кыргызстан\n"
            "Аннотация. Сорок учителей из сёл долины договорились о сезоне уроков мира в школах, с уроками о воде, "
            "о границе и о языках долины для каждой школы.")
    assert headline(text) == "Уроки мира в школах долины"
    affiliation = "Ошский государственный университет, Ош, Кыргызстан"
    assert headline(text.replace("Уроки мира в школах долины\n", "")) != affiliation


def test_a_widgets_tags_printed_twice_are_not_the_headline():
    tags = "Кыргызстан Баткен школы учителя мир Кыргызстан Баткен школы"
    assert headline(f"{tags}\nУчителя Баткена готовят уроки мира\n{BODY}") == "Учителя Баткена готовят уроки мира"
    wrapped = (f"{tags}\nУчителя Баткена готовят новый сезон уроков мира\nсообщило агентство. Сорок учителей из сёл "
               "Баткена договорились о сезоне уроков мира.")
    assert headline(wrapped) == "Учителя Баткена готовят новый сезон уроков мира"


@pytest.mark.parametrize("caption", [
    "Teachers from the villages of Batken (left) plan peace lessons on water sharing (file photo)",
    "Teachers from the villages of Batken plan peace lessons on water sharing © 2023 A. Photographer",
])
def test_a_photo_caption_printed_twice_is_not_the_headline(caption):
    title = "A new season for the classrooms of the valley"
    assert headline(f"Valley News\n{title}\n{caption}\n{caption}\n{BODY}") == title


def test_a_caption_printed_bare_and_again_with_its_credit_is_not_the_headline():
    caption = "Teachers from the villages of Batken plan peace lessons on water sharing."
    title = "A new season for the classrooms of the valley"
    text = f"{caption}\n{title}\n{caption} © 2023 A. Photographer\n{BODY}"
    assert headline(text) == title


@pytest.mark.parametrize(("text", "title"), [
    ("Перейти к навигации Перейти к поиску\nВорух\nМатериал из Википедии — свободной энциклопедии\n"
     "39°51′ с. ш. 70°34′ в. д.\nВорух (тадж. Ворух) — село в долине, эксклав, окружённый землями соседней "
     "страны; споры о воде и пастбищах вокруг него не утихают.", "Ворух"),
    ("Jump to navigation\nQoraqalpogʻiston\nVikipediya, ochiq ensiklopediya\nPoytaxt Nukus\nQoraqalpogʻiston "
     "Respublikasi — avtonom respublika, uning poytaxti Nukus shahri, aholisi bir necha million kishi.",
     "Qoraqalpogʻiston"),
])
def test_a_wikipedia_articles_name_above_the_wikis_tagline_is_its_title(text, title):
    assert headline(text) == title


@pytest.mark.parametrize("counter", ["1040 رەت كورسەتىلدى", "1 177 просмотров", "Views: 1177"])
def test_a_view_counter_below_the_headline_is_not_it(counter):
    title = "ۇرپاققا امانات، ەلگە ورتاق مۇرا!"  # "a trust to the young, a heritage of all!": no word of the text
    text = (f"ساياسات • 13 قىركۇيەك، 2021\n\n{title}\n\n{counter}\n\n"
            "بۇگىن ەلىمىزدىڭ مەكتەپتەرىندە بەيبىتشىلىك ساباعى باستالدى. مۇعالىمدەر بالالارعا تاتۋلىق "
            "تۋرالى ايتىپ بەردى، اتا-انالار دا ساباققا قاتىستى. ساباق اۋىل مەكتەپتەرىندە دە وتەدى. "
            "كەلەسى اپتادا مۇعالىمدەر جاڭا ساباقتاردى دايىنداپ، اۋدان مەكتەپتەرىنە تاراتادى.")
    assert headline(text) == title
