"""Readers: every format gives the document an editor expects; bad input is reported, never fatal."""

import gzip
import json

import pytest

from indexer.build import build_index
from indexer.document import Document, Skipped
from indexer.sources import collect_files, read_file
from indexer.sources.frontmatter import parse_frontmatter_text
from indexer.sources.furniture import is_furniture
from indexer.sources.html import parse_html


def test_front_matter_fields_are_taken_as_given():
    doc = parse_frontmatter_text(
        "---\nid: a1\ntitle: Mediators in Osh\nlang: en\ndate: 2017-06\ncountries: [KG, TJ]\n"
        "themes: [conflict-prevention]\nurl: https://example.org/a1\n---\n\nBody text.\n",
        default_id="file", origin="a1.md",
    )
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.lang, doc.date) == ("a1", "Mediators in Osh", "en", "2017-06")
    assert doc.countries == ["KG", "TJ"] and doc.themes == ["conflict-prevention"]
    assert doc.body == "Body text." and doc.url == "https://example.org/a1"


def test_text_without_front_matter_takes_a_headline_as_title():
    doc = parse_frontmatter_text(
        "Home | About | Contact\nShare this page\nWomen mediators meet in Batken valley\n\nText here.",
        default_id="page-1", origin="page-1.txt",
    )
    assert doc.id == "page-1"
    assert doc.title == "Women mediators meet in Batken valley"
    assert doc.lang is None and doc.countries == []


def test_a_page_that_opens_with_prose_takes_its_first_sentence_as_title():
    first = ("In March 2021, women mediators from Osh and Batken met in Bishkek to plan a season of water talks "
             "between the villages of the valley, with the support of the district councils.")
    doc = parse_frontmatter_text(f"{first} The talks begin in May.\nMore text.", default_id="p", origin="p.txt")
    assert doc.title == first


@pytest.mark.parametrize(("line", "furniture"), [
    ("More on Conflict prevention and early warning", True),
    ("Latest from Kyrgyzstan", True),
    ("Главная | Новости | Контакты", True),
    ("Home | About us | Our programmes | News and stories | Reports | Donate | Contact", True),
    ("Мы используем cookies, чтобы сайт работал лучше.", True),
    ("Толығырақ", True),
    ("Share your peacebuilding work", True),
    ("More on this later: the council meets again in May.", False),
    ("Related projects in Osh trained forty mediators, and their work now continues across the whole valley", False),
    ("Women mediators meet in Batken valley", False),
])
def test_navigation_and_notices_are_furniture(line, furniture):
    assert is_furniture(line) is furniture


def test_broken_front_matter_is_skipped_with_reason():
    skipped = parse_frontmatter_text("---\ntitle: [unclosed\n---\nbody", default_id="x", origin="x.md")
    assert isinstance(skipped, Skipped)
    assert "broken front matter" in skipped.reason
    unclosed = parse_frontmatter_text("---\ntitle: a\nbody without end", default_id="y", origin="y.md")
    assert isinstance(unclosed, Skipped) and "closing" in unclosed.reason


def test_html_keeps_title_and_main_text_and_drops_furniture():
    doc = parse_html(
        "<html><head><title>Water dialogue | Site</title><meta name='date' content='2021-03-12'>"
        "<script>var x = 'tracking';</script></head><body><nav><a>Home</a><a>About us</a></nav>"
        "<div class='cookie-banner'>We use cookies</div><main><h1>Water dialogue in Batken</h1>"
        "<p>Farmers from both sides of the border met.</p><p>They agreed on a schedule.</p></main>"
        "<footer>© 2018 Example</footer></body></html>",
        default_id="water", origin="water.html",
    )
    assert doc.title == "Water dialogue in Batken"
    assert "Farmers from both sides of the border met." in doc.body
    assert "They agreed on a schedule." in doc.body
    for furniture in ("Home", "About us", "cookies", "tracking", "© 2018"):
        assert furniture not in doc.body
    assert doc.html_date == "2021-03-12"


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "ok-1", "lang": "en", "title": "Peace", "body": "Peace talks in Osh."}),
        "{not json",
        json.dumps({"lang": "en", "title": "No id", "body": "text"}),
        json.dumps({"id": "empty", "title": " ", "body": ""}),
        json.dumps({"id": "ok-2", "title": "Мир", "body": "Переговоры в Оше.", "country": "KG"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe broken utf8\n")
    items = list(read_file(path))
    docs = [i for i in items if isinstance(i, Document)]
    skipped = {i.origin.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert [d.id for d in docs] == ["ok-1", "ok-2"]
    assert docs[1].countries == ["KG"]
    assert skipped["2"].startswith("malformed JSON")
    assert skipped["3"] == "missing 'id'"
    assert skipped["4"].startswith("empty document")
    assert skipped["6"].startswith("invalid UTF-8")


def test_gzipped_jsonl_is_read(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g1", "lang": "kk", "title": "", "body": "Бейбітшілік туралы."}) + "\n")
    assert [d.id for d in read_file(path)] == ["g1"]


def test_folders_are_walked_and_unsupported_files_reported(tmp_path):
    (tmp_path / "a.md").write_text("---\nid: a\ntitle: A\n---\ntext", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    files, skipped = collect_files([tmp_path, tmp_path / "missing"])
    assert [f.name for f in files] == ["a.md"]
    assert {s.reason for s in skipped} == {"unsupported file type", "no such file or folder"}


def test_a_build_reports_skips_and_indexes_the_rest(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-good.md").write_text("---\nid: good\ntitle: Youth dialogue\nlang: en\n---\nYouth in Osh.", "utf-8")
    (src / "b-dup.md").write_text("---\nid: good\ntitle: Same id\n---\nAgain.", "utf-8")
    (src / "bad.md").write_text("---\ntitle: [oops\n---\nx", "utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (src / "date.md").write_text("---\nid: d\ntitle: Bad date\ndate: 2019-13-45\n---\nIn March 2018 in Osh.", "utf-8")
    report = build_index([src], tmp_path / "index", progress=False)
    assert report.indexed == 2
    reasons = {item["origin"].rsplit("/", 1)[-1]: item["reason"] for item in report.skipped}
    assert set(reasons) == {"b-dup.md", "bad.md", "binary.txt"}
    assert "duplicate id 'good'" in reasons["b-dup.md"]
    assert any("2019-13-45" in w["warning"] for w in report.warnings)


def test_a_page_saved_as_text_with_its_markup_is_read_as_html(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text("\n\n<!DOCTYPE html>\n<html lang=\"uz\"><head><title>Teachers plan peace lessons | Valley News"
                    "</title><style>#logo img { max-width: 19px; }</style></head><body><nav>Home | News</nav>"
                    "<h1>Teachers plan peace lessons</h1><p>Forty teachers from Batken met to plan a season of "
                    "peace lessons.</p></body></html>", encoding="utf-8")
    (doc,) = read_file(page)
    assert doc.title == "Teachers plan peace lessons"
    assert "Forty teachers from Batken" in doc.body
    assert "<" not in doc.body and "max-width" not in doc.body
