"""Near-duplicates shown once: one page at two addresses, or one text posted twice, is one hit with
"also at" links; different texts of one site stay apart; deleting a copy shows the other."""

from __future__ import annotations

import pytest

from indexer.document import Document
from indexer.duplicates import canonical_url, duplicate_key, fold
from search_api.request import parse_request

# Texts written for these tests.
REPORT = (
    "Community mediators in the southern valley met with village elders on Tuesday to discuss how water from "
    "the irrigation canal should be shared between the upper and lower settlements during the dry months. "
    "The mediators proposed a rotating schedule that gives each settlement three days of water in turn and a "
    "joint committee of farmers from both sides that meets every two weeks to settle complaints before they "
    "turn into quarrels. Several elders said that the schedule had been tried once before, a decade ago, and "
    "failed because nobody kept the keys to the sluice gates; this time the committee itself will hold them. "
    "Women from the lower settlement asked for a seat on the committee and the mediators agreed to it."
)
OTHER_REPORT = (
    "A youth theatre group toured four schools in the northern district with a play about two neighbours "
    "who stop speaking after a dispute over a fence and learn to talk again through their children. After "
    "each performance the actors invited pupils on stage to change the ending, and teachers said the "
    "discussions that followed were the liveliest of the year. The organisers plan to publish the script "
    "with notes so that other schools can stage it without the touring company."
)
KAZAKH_CYRILLIC = "Бітімгершілік қызметі бейбітшілік пен тұрақтылық қағидаттарына берік екенін дәлелдеп берді"
KAZAKH_LATIN_2018 = "Bitimgershilik qyzmeti beıbitshilik pen turaqtylyq qaǵıdattaryna berik ekenin dáleldep berdi"


@pytest.mark.parametrize(("first", "second"), [
    ("http://example.org/news/1", "https://example.org/news/1"),
    ("https://www.example.org/news/1", "https://example.org/news/1"),
    ("https://example.org./news/1", "https://example.org/news/1"),
    ("https://example.org:443/news/1/", "https://example.org/news/1"),
    ("https://example.org/amp/news/1", "https://example.org/news/1"),
    ("https://example.org/news/1/amp", "https://example.org/news/1"),
    ("https://example.org/news/1?amp=1", "https://example.org/news/1"),
    ("https://example.org/news/1?utm_source=rss&utm_medium=rss&fbclid=abc", "https://example.org/news/1"),
    ("https://EXAMPLE.org/%d0%b0?b=2&a=1#top", "https://example.org/%D0%B0?a=1&b=2"),
])
def test_address_variants_are_one_address(first, second):
    assert canonical_url(first) == canonical_url(second)


@pytest.mark.parametrize(("first", "second"), [
    ("https://example.org/news/1", "https://example.org/news/2"),
    ("https://example.org/news?id=1", "https://example.org/news?id=2"),
    ("https://example.org/news/1", "https://example.com/news/1"),
])
def test_different_addresses_stay_apart(first, second):
    assert canonical_url(first) != canonical_url(second)


def test_kazakh_in_either_script_folds_alike():
    assert fold(KAZAKH_CYRILLIC) == fold(KAZAKH_LATIN_2018)


def test_keys_are_deterministic():
    assert duplicate_key("https://example.org/a", "T", REPORT) == duplicate_key("http://example.org/a/", "T", REPORT)


def _docs() -> list[Document]:
    return [
        Document(id="original", lang="en", title="Mediators agree a water schedule", body=REPORT,
                 url="https://valley-news.example.org/2024/05/water-schedule"),
        Document(id="same-address", lang="en", title="Mediators agree a water schedule", body=REPORT,
                 url="http://www.valley-news.example.org/2024/05/water-schedule/?utm_source=rss"),
        # Reposted under a new headline with a furniture line, on another site.
        Document(id="repost", lang="en", title="VILLAGES SHARE THE CANAL",
                 body="Reposted from Valley News. Share this story.\n" + REPORT,
                 url="https://aggregator.example.net/item/99"),
        # Another article of the same site: shares the site's words, not its text.
        Document(id="other", lang="en", title="Theatre in schools", body=OTHER_REPORT + " Valley News.",
                 url="https://valley-news.example.org/2024/05/theatre"),
    ]


@pytest.fixture()
def dup_index(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")  # word indexing only: these tests are about copies
    from indexer.build import apply_documents

    apply_documents(_docs(), tmp_path)
    return tmp_path


def _search(root, **params):
    from search_api.engine import IndexHandle, SearchEngine

    engine = SearchEngine(IndexHandle(root, check_interval=0))
    request = parse_request({k: [str(v)] for k, v in params.items()})
    return engine.search(request)


def test_copies_are_one_hit_with_also_at(dup_index):
    result = _search(dup_index, q="mediators sluice gates", match="all", limit=10)
    assert result.total == 1
    [hit] = result.hits
    also = {copy["id"] for copy in hit["also_at"]}
    assert {hit["id"], *also} == {"original", "same-address", "repost"}
    assert all(copy["url"] and copy["title"] for copy in hit["also_at"])


def test_different_texts_of_one_site_stay_apart(dup_index):
    result = _search(dup_index, q="valley", match="any", limit=10)
    shown = [hit["id"] for hit in result.hits]
    assert "other" in shown and len(shown) == 2 == result.total
    assert next(hit for hit in result.hits if hit["id"] == "other")["also_at"] == []


def test_browsing_without_query_counts_each_page_once(dup_index):
    result = _search(dup_index, limit=10, facets="lang")
    assert result.total == 2
    assert [f["count"] for f in result.facets["lang"] if f["value"] == "en"] == [2]


def test_deleting_copies_shows_the_remaining_one(dup_index):
    from indexer.build import delete

    first = _search(dup_index, q="sluice", match="all", limit=10).hits[0]["id"]
    delete([first], dup_index)
    second = _search(dup_index, q="sluice", match="all", limit=10)
    assert second.total == 1 and second.hits[0]["id"] != first
    assert first not in {copy["id"] for copy in second.hits[0]["also_at"]}
    delete([second.hits[0]["id"]], dup_index)
    third = _search(dup_index, q="sluice", match="all", limit=10)
    assert third.total == 1 and third.hits[0]["also_at"] == []


def test_a_copy_retitled_is_listed_under_its_new_title(dup_index):
    """The copies listed under a hit are kept per index version: an edit makes a new version, and the next search
    lists the copy as it now is."""
    from indexer.build import apply_documents

    def listed() -> dict[str, str]:
        [hit] = _search(dup_index, q="sluice", match="all", limit=10).hits
        return {copy["id"]: copy["title"] for copy in hit["also_at"]}

    assert listed().get("same-address") == "Mediators agree a water schedule"
    copy = next(doc for doc in _docs() if doc.id == "same-address")
    copy.title = "Water schedule agreed by mediators"
    apply_documents([copy], dup_index)
    assert listed().get("same-address") == "Water schedule agreed by mediators"


def test_api_hits_carry_also_at(dup_index):
    from falcon import testing

    from search_api.app import create_app
    from search_api.config import AppConfig

    client = testing.TestClient(create_app(AppConfig(index_dir=dup_index)))
    body = client.simulate_get("/api/v1/search", params={"q": "sluice", "match": "all"}).json
    assert body["total"] == 1 and len(body["hits"][0]["also_at"]) == 2


def test_results_page_links_the_copies(dup_index):
    from falcon import testing

    from search_api.app import create_app
    from search_api.config import AppConfig

    client = testing.TestClient(create_app(AppConfig(index_dir=dup_index)))
    html = client.simulate_get("/", params={"q": "sluice", "match": "all"}).text
    assert html.count("<article>") == 1
    assert 'class="also-at"' in html and "aggregator.example.net/item/99" in html


def test_also_at_links_only_web_addresses():
    from search_api.collapse import also_at_html

    hit = {"also_at": [{"id": "x<1>", "url": "javascript:alert(1)", "title": "<b>T</b>"},
                       {"id": "y", "url": "https://example.org/a?b=1&c=2", "title": "U"}]}
    html = also_at_html(hit, "en")
    assert "javascript:" not in html and "<b>" not in html
    assert 'href="/documents/x%3C1%3E"' in html and 'href="https://example.org/a?b=1&amp;c=2"' in html


def test_latin_script_twin_of_a_kazakh_page_is_a_copy():
    import numpy as np

    from analyzers.kazakh_script import cyrillic_to_latin
    from indexer.duplicates import Keys, duplicate_pairs

    page = ("Ауылдағы жастар орталығында өткен кездесуде мектеп оқушылары мен ата-аналар көршілер арасындағы "
            "дауларды бейбіт жолмен шешу туралы пікір алмасты. Ұйымдастырушылар келесі айда аудандағы барлық "
            "мектептерде осындай кездесулер өткізуді жоспарлап отыр және әр сыныптан екі өкіл шақырылады.")
    other = ("Қалалық кітапханада балаларға арналған жаңа оқу залы ашылды, онда ертегілер мен тарихи кітаптар "
             "жинағы қойылған. Кітапханашылар демалыс күндері шағын оқу сағаттарын өткізіп, ата-аналарды да "
             "шақырады және жаз бойы кітап оқу байқауы жарияланады.")
    keys = Keys.parse(b"".join(duplicate_key("", "", text) for text in (page, cyrillic_to_latin(page), other)))
    assert duplicate_pairs(keys, np.arange(3)).tolist() == [[0, 1]]


def test_a_site_front_page_given_as_address_does_not_join_documents():
    import numpy as np

    from indexer.duplicates import Keys, duplicate_pairs

    keys = Keys.parse(duplicate_key("https://www.osce.org/", "A", REPORT) +
                      duplicate_key("https://osce.org", "B", OTHER_REPORT))
    assert duplicate_pairs(keys, np.arange(2)).tolist() == []


@pytest.mark.parametrize(("first", "second"), [
    ("https://ru.m.wikipedia.org/wiki/A", "https://ru.wikipedia.org/wiki/A"),
    ("https://m.example.org/a", "https://www.example.org/a"),
    ("https://www2.example.org/a", "https://example.org/a"),
])
def test_mobile_hosts_are_the_site(first, second):
    assert canonical_url(first) == canonical_url(second)


def test_short_hosts_keep_their_name():
    assert canonical_url("https://m.kz/a") == "m.kz/a"
    assert canonical_url("https://www.kz/a") == "www.kz/a"


def test_non_web_addresses_are_kept_as_given():
    assert canonical_url("mailto:editor@example.org") == "mailto:editor@example.org"
    assert canonical_url("") == ""
    assert canonical_url("example.org:8080/a/") == "example.org:8080/a"


def test_filtered_search_counts_each_page_once_in_hits_and_facets(dup_index):
    result = _search(dup_index, q="valley", match="any", lang="en", limit=10, facets="lang")
    assert result.total == 2 == len(result.hits)
    assert [f["count"] for f in result.facets["lang"] if f["value"] == "en"] == [2]


def test_a_page_posted_at_many_addresses_lists_ten_and_counts_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    from indexer.build import apply_documents
    from search_api.collapse import ALSO_AT_LISTED, also_at_html

    posts = [Document(id=f"post-{n:02d}", title="Sharing the canal water", body=REPORT, lang="en",
                      url=f"https://mirror{n}.example.org/canal") for n in range(ALSO_AT_LISTED + 4)]
    apply_documents(posts, tmp_path)
    result = _search(tmp_path, q="sluice gates", match="any")
    [hit] = result.hits
    assert result.total == 1
    assert len(hit["also_at"]) == ALSO_AT_LISTED and hit["also_at_more"] == 3
    assert "and 3 more" in also_at_html(hit, "en") and "тағы 3" in also_at_html(hit, "kk")
