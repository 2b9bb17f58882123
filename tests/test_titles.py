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
])
def test_furniture_above_the_headline_is_read_past(furniture):
    assert headline(f"{furniture}\n{HEADLINE}\n{BODY}") == HEADLINE


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

