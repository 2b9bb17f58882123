"""Themes from the taxonomy: short texts in en/ru/kk, passing mentions, and the taxonomy file's own hygiene."""

from __future__ import annotations

from collections import defaultdict

import pytest

from analyzers import analyze_terms
from analyzers.kazakh_script import cyrillic_to_latin
from indexer.extract.themes import find_themes, headed_blocks, keyword_evidence, taxonomy, theme_scores

LANGS = ("en", "ru", "kk")

EN_SHELTER = (
    "A crisis centre for survivors of domestic violence opened in Khujand.\n\n"
    "The shelter offers a hotline, legal advice and help with protection orders. Staff say most women who call "
    "have lived with abuse for years.\n\n"
    "The centre also trains police officers to treat violence against women as a crime, not a family matter."
)
RU_RECRUITMENT = (
    "В Шымкенте открылся молодежный центр для подростков из районов, где действуют вербовщики.\n\n"
    "Психологи объясняют молодым людям, как распознать радикализацию в социальных сетях. "
    "По данным полиции, вербовка в экстремистские группы идет через мессенджеры.\n\n"
    "Студенты-волонтеры проводят для школьников занятия о профилактике экстремизма."
)
KK_PEACE_SCHOOLS = (
    "Түркістан облысының мектептерінде бейбітшілікке тәрбиелеу бағдарламасы басталды.\n\n"
    "Мұғалімдер оқушыларға дауды зорлықсыз шешуді үйретеді. Сабақтар аптасына бір рет өтеді, "
    "оқулық қазақ және орыс тілдерінде басылды.\n\n"
    "Жоба соңында әр сынып өз жобасын қорғайды."
)
EN_CANAL = (
    "Farmers from villages on both sides of the border met in Isfara to agree on the irrigation schedule for the "
    "canal they share.\n\n"
    "Water users from Batken and Sughd mapped the points where water is diverted and set up a joint committee of "
    "elders to settle disputes over water and pasture.\n\n"
    "A local journalist filmed the meeting."
)
KK_ELECTION = (
    "Жексенбі күні облыста мәслихат депутаттарын сайлау өтті. Сайлау учаскелері таңғы сегізде ашылды.\n\n"
    "Сайлаушылардың көбі дауыс беруге отбасымен келді; үміткерлер бір-бірінің бағдарламаларын талқылады.\n\n"
    "Ауылдағы учаске мектеп ғимаратында орналасты."
)


def test_english_shelter_is_gender_based_violence_whose_evidence_counts_for_womens_rights():
    themes = find_themes("Shelter for women survivors of violence", EN_SHELTER, "en")
    assert themes[0] == "gender-based-violence"
    # the broader theme is not given by rule (real pages about violence are seldom labelled women's rights too),
    # but the narrower theme's evidence counts for it
    assert keyword_evidence("", EN_SHELTER, "en").narrower["womens-rights"] > 0


def test_russian_recruitment_of_teenagers_is_extremism_and_youth():
    assert set(find_themes("Молодежь против экстремизма", RU_RECRUITMENT, "ru")) == {"violent-extremism", "youth"}


def test_kazakh_peace_lessons_in_cyrillic_and_latin():
    assert find_themes("", KK_PEACE_SCHOOLS, "kk") == ["peace-education"]
    assert find_themes("", cyrillic_to_latin(KK_PEACE_SCHOOLS), "kk") == ["peace-education"]


def test_shared_canal_is_a_border_resource():
    assert find_themes("", EN_CANAL, "en")[0] == "borders-resources"


def test_passing_mentions_do_not_assign_a_theme():
    assert "media" not in find_themes("", EN_CANAL, "en")  # "a journalist filmed the meeting"
    assert find_themes("", KK_ELECTION, "kk") == ["elections"]  # the polling station is in a school
    assert find_themes("", "Погода в Бишкеке была тёплой, в школах начались каникулы.", "ru") == []


EN_OBSERVERS = (
    "Forty students finished the school for young election observers in Taraz. In twelve lessons their teachers "
    "explained how a polling station works and how to file a complaint.\n\n"
    "On election day the students will watch the vote count in the town's schools."
)


def test_school_words_support_peace_education_but_do_not_signal_it():
    themes = find_themes("School for young observers", EN_OBSERVERS, "en")
    assert "elections" in themes and "peace-education" not in themes
    peace_lessons = EN_OBSERVERS.replace("how a polling", "peace education and how a polling")
    assert "peace-education" in find_themes("School for young observers", peace_lessons, "en")


RU_LISTING_ITEMS = [
    (
        "Встреча имамов и священников в Таразе",
        "Религиозные лидеры обсудили свободу вероисповедания и межконфессиональный диалог в мечети и церкви.",
    ),
    (
        "Семинар для имамов Жамбылской области",
        "Религиозные деятели и теологи говорили о религии в жизни общины и о роли религиозных лидеров.",
    ),
    (
        "Журналисты из Тараза встретились с читателями",
        "Участники встречи в Таразе говорили о местной газете, которую выпускает их община уже десять лет.",
    ),
]


def test_a_listing_page_gets_the_theme_of_each_headed_item():
    listing = "\n\n".join(f"{heading}\n\n{text}" for heading, text in RU_LISTING_ITEMS)
    assert [heading for heading, _ in headed_blocks(listing)] == [heading for heading, _ in RU_LISTING_ITEMS]
    assert set(find_themes("Новости", listing, "ru")) == {"interfaith", "media"}
    # the same words as one article without headings: the media sentence is a passing mention
    article = " ".join(text for _, text in RU_LISTING_ITEMS[:2]) * 3 + " " + RU_LISTING_ITEMS[2][1]
    assert headed_blocks(article) == []
    themes = find_themes("Новости", article, "ru")
    assert themes[0] == "interfaith" and "media" not in themes


def test_keywords_of_one_language_do_not_read_another():
    # Kazakh "сот" (court) run through the Russian analyzer would be the stem of "сотен" (hundreds)
    assert theme_scores("", "Несколько сотен жителей собрались на площади.", "ru") == {}


def test_every_theme_is_labelled_and_has_keywords_in_every_language():
    tax = taxonomy()
    for theme, labels in tax.labels.items():
        assert set(labels) == set(LANGS), theme
        assert all(tax.keywords[theme].get(lang) for lang in LANGS), theme
    assert 12 <= len(tax.labels) <= 18


def test_broader_themes_exist_and_are_not_narrower_themselves():
    tax = taxonomy()
    for theme, broader in tax.broader.items():
        assert broader in tax.labels and broader != theme
        assert broader not in tax.broader  # one level: the scorer lends a score up once


def test_no_keyword_means_two_themes():
    """Two keywords that analyse to the same terms would only ever count for one of their themes."""
    owners: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for lists in (taxonomy().keywords, taxonomy().context):
        for theme, by_lang in lists.items():
            for lang, words in by_lang.items():
                for word in words:
                    terms = tuple(analyze_terms(word, lang))
                    assert terms, (theme, word)
                    owners[lang, terms].add(theme)
    shared = {key: themes for key, themes in owners.items() if len(themes) > 1}
    assert not shared


@pytest.mark.parametrize(("lang", "text", "theme"), [
    ("en", "Two men in Osh were sentenced for handing out leaflets of Hizb ut-Tahrir, a banned organisation.",
     "violent-extremism"),
    ("ru", "Суд приговорил троих сторонников Хизб ут-Тахрир; следствие называет их джихадистами.", "violent-extremism"),
    ("en", "Jehovah's Witnesses say the new law limits freedom of conscience.", "interfaith"),
    ("kk", "Мектепке хиджаб киіп келген оқушылар туралы дау басталды.", "interfaith"),
    ("ru", "Редакция сайта пожаловалась на цензуру и блокировку статей.", "media"),
    ("kk", "Бұқаралық ақпарат құралдары туралы жаңа заң талқыланды.", "media"),
    ("ru", "Закон об иностранных агентах принят парламентом в третьем чтении.", "human-rights"),
    ("en", "Ethnic Kazakh oralmans from Mongolia settled in the village last year.", "migration"),
])
def test_common_names_of_a_subject_are_its_keywords(lang, text, theme):
    """Ways pages of the archive name a subject (a banned movement, believers' freedom, the press, civic space,
    returnees) count as that theme's evidence."""
    assert theme in theme_scores("", text, lang)
