"""Kazakh as real pages write it (the Arabic script, legacy fonts, Latin look-alikes, cp1251 mojibake) is detected
as Kazakh or Russian, and the neighbours that look like Kazakh stay ``other``. Texts written for these tests."""

from __future__ import annotations

import pytest

from analyzers import detect_language
from analyzers.detect_repair import repair


@pytest.mark.parametrize(("text", "lang"), [
    # Kazakh in the Arabic script (töte): "a new law on women's rights was passed in Kazakhstan…"
    ("قازاقستانداعى ايەلدەر قۇقىقتارى تۋرالى جاڭا زاڭ قابىلداندى. بۇل زاڭ وتباسىلىق زورلىق-زومبىلىقتان قورعايدى.",
     "kk"),
    # ۆ for the в of Russian names (Тоқаев, Павлодар), which Uyghur writes as a vowel of its own
    ("پرەزيدەنت توقاەۆ پاۆلودار وبلىسىنا باردى. توقاەۆ مەكتەپتەردى ارالاپ، مۇعالىمدەرمەن كەزدەستى.", "kk"),
    # a legacy font: ӛ for ө
    ("Бұл кӛрсеткіш ӛткен жылмен салыстырғанда ӛсті, ал мектептердегі оқушылар саны кӛбейді.", "kk"),
    # Latin a, e, i, o inside Cyrillic words, and Latin i for і throughout
    ("Бiздiң елiмiздe дiни тoзiмдiлiк пен ұлтaрaлық кeлiсiм мaңызды рӛл aтқaрaды.", "kk"),
    ("Бiздiң елiмiзде дiни төзiмдiлiк пен ұлтаралық келiсiм маңызды рөл атқарады.", "kk"),
    # Russian in cp1251 read as Latin-1
    ("Îò÷åò ïîäãîòîâëåí ïî èòîãàì ðåàëèçàöèè ïðîåêòà ïî ïðîòèâîäåéñòâèþ ïûòêàì â ñòðàíå.", "ru"),
])
def test_damaged_kazakh_and_russian_are_read_through(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", [
    "Кыргызстанда аялдардын укуктары боюнча жаңы мыйзам кабыл алынды, бул мыйзам үй-бүлөдөгү зомбулукка каршы.",
    "Қарақалпақстан Республикасында ҳаял-қызлар ушын жаңа имканиятлар жаратылмақта ҳәм олардың ҳуқықлары қорғалмақта.",
    "Ўзбекистонда хотин-қизлар ҳуқуқлари бўйича янги қонун қабул қилинди.",
    "وقع رئيس أوزبكستان على قانون حول حرية المعتقدات والمنظمات الدينية في طبعته الجديدة.",  # Arabic
    "کمیسر عالی سازمان ملل در امور پناهندگان به افغانستان سفر کرد و با مقامات دیدار کرد.",  # Dari
    "ئۇيغۇر ئاپتونوم رايونىدا يېڭى مەكتەپلەر ئېچىلدى ۋە ئوقۇغۇچىلار كۆپەيدى.",  # Uyghur
    "Miejscowe organizacje pozarządowe twierdzą, że rocznie porywa się kilka tysięcy kobiet w celu małżeństwa.",
    "Hazarat ovat Afganistanin syrjityin vähemmistö, ja iskut heitä kohtaan ovat kiihtyneet viime vuosina.",
    # Turkmen in Latin letters: close to Latin Kazakh, but with ň and ž
    "Ukrainadan gelen bosgunlaryň sany artdy. Olaryň köpüsi Türkiýä gitdi. Bosgunlar barada maglumat ýok.",
    # Spanish in short sentences full of English names, each of which alone reads as English by default
    "Los choques entre Kyrgyz y Uzbeks empezaron en Osh. Es la parte de la Revolución Kyrgyz de 2010. La violencia "
    "llegó a Jalal-Abad. Uzbekistán abrió la frontera. Los refugiados volvieron en junio. El gobierno provisional "
    "pidió ayuda a Moscow. Muchos Uzbeks perdieron sus casas.",
    # Japanese, and Korean, quoting a Kazakh name in Cyrillic
    "カザフスタン人民統一の日(カザフ語:Бірлік күні)は、カザフスタンの国民の祝日であり、国内の多くの民族の友好と"
    "統一を祝う日として毎年五月一日に各地で記念行事が行われる。",
    "카자흐스탄 국민 통합의 날(카자흐어: Бірлік күні)은 카자흐스탄의 공휴일로, "
    "여러 민족의 우정과 화합을 기념하며 매년 오월 일일에 전국에서 행사가 열린다.",
])
def test_neighbours_that_look_like_kazakh_and_other_languages_stay_other(text):
    assert detect_language(text) == "other"


def test_repair_leaves_clean_text_and_latin_words_alone():
    clean = "Women's rights in Қазақстан: әйелдер құқықтары, Tengrinews, Аlmaty.tv"
    assert repair(clean) == clean  # a Latin word keeps its one Cyrillic letter; a Cyrillic word has no Latin one
    assert repair("Café in Zürich, déjà vu") == "Café in Zürich, déjà vu"  # accents are not mojibake


def test_a_raw_page_saved_partly_in_the_wrong_code_page_is_indexed_as_russian(tmp_path):
    from analyzers.detect_repair import undo_mojibake
    from indexer.sources import read_file
    russian = ["Отчет подготовлен по итогам проекта", "Противодействие пыткам в стране", "УДК 351"]
    garbled = [line.encode("cp1251").decode("latin-1") for line in russian]
    page = tmp_path / "report.txt"
    page.write_text("\n".join([*garbled, "", "Доклад о положении в изоляторах временного содержания."]),
                    encoding="utf-8")
    doc = next(read_file(page))
    assert doc.title == "Отчет подготовлен по итогам проекта"
    assert all(line in doc.body for line in russian)
    html = tmp_path / "report.html"
    html.write_text(f"<html><head><title>{garbled[0]}</title></head><body><p>{'</p><p>'.join(garbled)}</p>"
                    "</body></html>", encoding="utf-8")
    doc = next(read_file(html))
    assert doc.title == russian[0] and russian[1] in doc.body
    french = "Café à Zürich\nÉté\nÀ l'époque, déjà célébré, élevé à Genève, près de l'hôtel où réside l'ambassadeur"
    assert undo_mojibake(french) == french  # Latin-1 words keep ASCII letters among their accents
