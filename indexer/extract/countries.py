"""Countries a document is about, and every country it mentions: each country by its ISO names in
en/ru/kk (pycountry), plus the editable ``data/places.yaml`` (short names, abbreviations, adjectives,
cities and regions; read its header). Matching is strict about names (``PhraseMatcher(names=True)``):
Дания is not данных, Судан is not су."""

from __future__ import annotations

import gettext
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pycountry
import yaml

from analyzers.chains import stop_words
from indexer.extract.matcher import PhraseMatcher
from indexer.extract.paragraphs import paragraphs
from indexer.extract.reading import reading

PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yaml"
# ``sources`` weigh nothing: a broadcaster or ministry named after a country (Russia Today, Госдеп США) mentions it
# but is never evidence that a page is about it.
WEIGHTS = {"names": 1.0, "demonyms": 0.8, "peoples": 0.8, "places": 0.7, "leaders": 0.7, "sources": 0.0}


@cache
def country_labels(ui_lang: str) -> dict[str, str]:
    """ISO code → country name in en, ru or kk."""
    translate = _translator(ui_lang)
    labels = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        labels[country.alpha_2] = translate(name) if ui_lang != "en" else name
    labels.update(_short_labels(ui_lang))
    return labels


def _translator(lang: str):
    if lang == "en":
        return lambda s: s
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def _short_labels(ui_lang: str) -> dict[str, str]:
    """The short name an editor listed first in places.yaml, where pycountry's is official and long."""
    short = {}
    for code, entry in _country_entries():
        for name in entry.get("names", []):
            if _script_lang(name) == ui_lang:
                short[code] = name
                break
        if ui_lang in (entry.get("label") or {}):
            short[code] = entry["label"][ui_lang]
    return short


def _script_lang(name: str) -> str:
    if any(ch in "әғқңөұүһі" for ch in name.lower()):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in name):
        return "ru"
    return "en"


@lru_cache(maxsize=1)
def _places() -> dict[str, dict]:
    with open(PLACES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _country_entries() -> list[tuple[str, dict]]:
    """The countries of places.yaml (keys that are codes: KZ, "NO"), without its lists and settings."""
    return [(str(code), entry) for code, entry in _places().items()
            if isinstance(entry, dict) and len(str(code)) == 2 and str(code).isupper()]


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    """Every name, demonym, people, place and leader; the ``ignore`` phrases, the ``regions`` and the phrases in
    which a people's name is the people are entries too (key ``""``, listed first so that they win ties), so
    that the longest phrase wins over a country name inside it (Латинская Америка, Ферганская долина,
    ethnic Uzbeks) and is then dropped."""
    ignored = [str(name) for name in [*(_places().get("ignore") or []), *(_places().get("regions") or [])]]
    ignored += _people_not_state()
    entries: list[tuple[str, str, float]] = [(name, "", 0.0) for name in ignored]
    skip = {name.lower() for name in ignored}
    for lang in ("en", "ru", "kk"):
        translate = _translator(lang)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                name = translate(value) if value and lang != "en" else value
                if name and name.lower() not in skip:
                    entries.append((name, country.alpha_2, 1.0))
    for code, entry in _country_entries():
        for kind, weight in WEIGHTS.items():
            for name in entry.get(kind, []) or []:
                entries.append((str(name), code, weight))
    return PhraseMatcher(entries, names=True)


def _people_not_state() -> list[str]:
    """Phrases in which a people's name is the people, not its state (ethnic Uzbeks, узбекский язык): each name of
    ``peoples`` with each ``people_context`` word of its alphabet, before or after it; two names joined
    (узбекский и таджикский языки, ethnic Uzbeks and Tajiks: "и", "and" and commas are not words here) too."""
    context = _places().get("people_context") or {}
    names = [str(name) for _code, entry in _country_entries() for name in entry.get("peoples", []) or []]
    groups = names + [f"{a} {b}" for a in names for b in names if a != b and _latin(a) == _latin(b)]
    phrases = []
    for group in groups:
        phrases += [f"{word} {group}" for word in context.get("before", []) or [] if _latin(word) == _latin(group)]
        phrases += [f"{group} {word}" for word in context.get("after", []) or [] if _latin(word) == _latin(group)]
    return phrases


def _latin(text: str) -> bool:
    """Whether a word is written without Cyrillic letters (a context word pairs with names of its alphabet)."""
    return not any("\u0400" <= ch <= "\u04ff" for ch in text)


@lru_cache(maxsize=1)
def _regions() -> PhraseMatcher:
    """The ``regions`` of places.yaml (Central Asia): a page that names one and no country is regional."""
    return PhraseMatcher(((str(name), "region", 1.0) for name in _places().get("regions", []) or []), names=True)


def _current(code: str) -> bool:
    """Whether a code is a country of today (SU, YU are mentions of history, not facets)."""
    return pycountry.countries.get(alpha_2=code) is not None


def find_countries(title: str, body: str, lang: str, limit: int = 5) -> list[str]:
    """ISO codes of the countries a text is about, most salient first (passing mentions left out).

    A page that names no country gets its language's country where ``places.yaml: by_language`` names one
    (a Kazakh article that names no country is Kazakhstan's), unless it names a region (Central Asia): a
    regional page that names no particular country gets none. A Kazakh page whose countries are each named
    once in passing is read the same way (one on school uniforms that cites Egypt once is Kazakhstan's).
    Otherwise each country the page names is weighed by the salience model (``salience_evidence``): its
    mentions against the other countries' and per 100 words, how widely it runs through the paragraphs, named
    in the lead, and how many countries the page names; a second country named often through the text is kept
    beside the first, one named once in a list is not, and a paragraph linking another story ("Читайте также:
    …"), the list of other stories under a heading after the page's own ("Other news"), a line of country names
    alone (a site's menu) and an agency's dateline naming a country the story does not (MOSCOW (Sputnik) on
    Tajikistan) do not count. The headline counts as the text's first paragraph, no more: a headline the reader got
    wrong (a menu line, a related story, a site name) then misleads little. A page in a language without an
    analyzer (Polish, Lithuanian) is read for the ``stems`` of places.yaml too."""
    return find_salient_countries(title, body, lang, limit)


# Salience: a small logistic model over where and how often a page names each country, fitted on pages-dev
# train+dev and the older labelled sets by ``python -m bench.fit_countries --older``, which prints these
# constants (and cross-validation by query: leave-one-query-out F1 0.954, 0.800 precision under wrong headlines).
# A country is kept when its probability reaches SALIENCE_THRESHOLD.
# No feature grows with the page's length: a long report naming a country in passing many times is not about it.
# No feature reads the headline apart from the text: on pages of sites not seen in fitting the headline is found
# less often (a menu line, a related story, a site name), and a model that trusted it kept that line's countries.
SALIENCE_FEATURES = ("weighed", "share", "density", "lead", "ncand")
SALIENCE_WEIGHTS = {"weighed": 1.45, "share": 1.758, "density": 3.863, "lead": 1.223, "ncand": -1.161}
SALIENCE_BIAS = -3.463
SALIENCE_THRESHOLD = 0.5
SPREAD_BASE = 0.25  # "weighed": mentions times this plus the share of the country-naming paragraphs naming it
DENSITY_WORDS = 100  # "density": mentions per this many words of the page (a shorter one counts as this long)
LEAD_SHARE = 0.2  # a country named in this first share of the page's words (its headline included) is in the lead
_WORD_RE = re.compile(r"[^\W\d_]+")
HEADLINE_ECHO = 0.8  # the share of a headline's words its text repeats for its country to be kept by rule
ECHO_STEM = 5  # headline and text compared by their words' first letters: they inflect alike
HEADLINE_SEEN_CHARS = 3000  # a headline found in this start of the body is the body's own headline line


@dataclass
class Evidence:
    """What a page says about each country it names, as the salience model reads it.

    ``fixed``: the answer when the page gives nothing to weigh (no country named, or a page of a language with
    a default country naming each foreign country once in passing); else ``features`` per country."""

    features: dict[str, dict[str, float]] = field(default_factory=dict)
    titled: set[str] = field(default_factory=set)
    first: dict[str, int] = field(default_factory=dict)  # word offset of each country's first mention
    fixed: list[str] | None = None
    echo: float = 0.0  # how much of the headline the text retells (``headline_echo``)


def salience_evidence(title: str, body: str, lang: str) -> Evidence:
    """The features of each country a page names (``SALIENCE_FEATURES``): ``weighed``, the earlier rule's score
    against the best one (mentions by ``SPREAD_BASE`` plus the share of the country-naming paragraphs naming
    it); its share of all country mentions; mentions per ``DENSITY_WORDS`` words (log); named in the lead; how
    many countries the page names (log). The headline is read as the text's first paragraph (``_with_headline``)
    and nowhere else, but for deciding whether the page names any country at all. A paragraph linking another
    story is skipped."""
    matcher = _matcher()
    read = reading(title, body, lang)
    page_lang, lang, cased = lang, read.langs[0], read.cased
    foreign = page_lang not in ("en", "ru", "kk")
    raw: Counter[str] = Counter()
    count: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    first: dict[str, int] = {}
    naming = words = 0
    page = _AFFILIATION_RE.sub("–", _without_people(_with_headline(read.title, read.body)))
    page = _without_country_menus(_before_related(page), lang, cased)
    headline = _without_country_menus(_without_people(read.title), lang, cased)
    headline, page = _without_datelines(headline, page, lang, cased)
    texts = [text for text in paragraphs(page) if not _RELATED_RE.match(text)]
    for paragraph in texts:
        spans = [(pos, code, weight) for pos, code, weight in matcher.spans(paragraph, lang, cased=cased)
                 if code and _current(code) and weight > 0]
        if foreign:  # a name in a language without an analyzer, where no name of ours was read
            spans = _with_stems(spans, _stem_spans(paragraph))
        spans = sorted(spans + _domain_spans(paragraph))
        for pos, code, weight in spans:
            raw[code] += weight
            count[code] += 1
            first.setdefault(code, words + pos)
        codes = {code for _pos, code, _w in spans}
        spread.update(codes)
        naming += bool(codes)
        words += max(len(paragraph.split()), 1)
    title_score: Counter[str] = Counter()
    for _pos, code, weight in matcher.spans(headline, lang, cased=cased):
        if code and _current(code) and weight > 0:
            title_score[code] += weight
    if foreign:
        title_score |= _stem_scores(read.title)
    titled = set(title_score)
    if not titled and max(raw.values(), default=0.0) <= WEIGHTS["names"]:  # none, or each named once
        defaults = _places().get("by_language") or {}
        default = defaults.get(page_lang)
        if foreign and not raw:  # Kyrgyz, Tajik, Uzbek: only a page that names no country
            default = defaults.get(written_in(f"{read.title}\n{read.body}") or "")
        if default or not raw:
            regional = _regions().score(f"{read.title}\n{read.body}", lang)
            return Evidence(fixed=[str(default)] if default and not regional else [])
    lead = {code for code, at in first.items() if at < LEAD_SHARE * words}
    candidates = set(raw) | titled
    total = sum(raw.values()) or 1.0
    weighed = {code: raw[code] * (SPREAD_BASE + spread[code] / max(naming, 1)) for code in candidates}
    top = max(weighed.values(), default=0.0) or 1.0
    features = {code: {
        "weighed": weighed[code] / top,
        "share": raw[code] / total,
        "density": math.log1p(DENSITY_WORDS * count[code] / max(words, DENSITY_WORDS)),
        "lead": float(code in lead),
        "ncand": math.log(len(candidates)),
    } for code in candidates}
    return Evidence(features=features, titled=titled, first=first, echo=headline_echo(read.title, read.body))


def headline_echo(title: str, body: str) -> float:
    """The share of the headline's words (of four letters or more, by their first ``ECHO_STEM`` letters) that
    the text repeats, the headline's own lines left out ("Headline", "Headline | Site"): a true headline is
    retold by its text; a menu line, a site's name or another story's headline taken for it is not."""
    words = [word.casefold()[:ECHO_STEM] for word in _WORD_RE.findall(title) if len(word) > 3]
    if not words:
        return 0.0
    own = title.strip()
    text = "\n".join(line for line in body.splitlines() if not line.strip().startswith(own))
    stems = {word.casefold()[:ECHO_STEM] for word in _WORD_RE.findall(text) if len(word) > 3}
    return sum(word in stems for word in words) / len(words)


def _domain_spans(text: str) -> list[tuple[int, str, float]]:
    """Site addresses of ``places.yaml: domains`` in a text (24.kg, inbusiness.kz), each with its word position,
    weighed as a place."""
    domains = _places().get("domains") or {}
    return [(len(text[:match.start()].split()), str(domains[match.group(1).lower()]), WEIGHTS["places"])
            for match in _DOMAIN_RE.finditer(text) if match.group(1).lower() in domains]


_DOMAIN_RE = re.compile(r"(?<=[A-Za-z0-9])\.([A-Za-z]{2})\b(?![\w-]|\.\w)")


def written_in(text: str) -> str | None:
    """The Turkic or Iranian language of a Cyrillic page the language detector calls ``other``, by letters only
    these write: Tajik ҷ ӣ ӯ; Karakalpak ә with ҳ or ў; Uzbek ў without ә; Kyrgyz ө ү ң without the letters
    of the others (ә ғ қ ұ һ і ҳ ў). None for any other page (Latin, Russian-looking, Bulgarian)."""
    letters = Counter(ch for ch in text.lower() if ch in _TURKIC_LETTERS)
    if letters["ҷ"] + letters["ӣ"] + letters["ӯ"] >= 2:
        return "tg"
    if letters["ә"] and letters["ҳ"] + letters["ў"] >= 2:
        return "kaa"
    if letters["ў"] >= 2 and not letters["ә"]:
        return "uz"
    kazakh_etc = sum(letters[ch] for ch in "әғқұһіҳў")
    if letters["ө"] + letters["ү"] + letters["ң"] >= 3 and not kazakh_etc:
        return "ky"
    return None


_TURKIC_LETTERS = frozenset("әғқңөұүһіҳўҷӣӯ")


def _with_stems(spans: list[tuple[int, str, float]], stemmed: list[tuple[int, str, float]]) -> list:
    """A paragraph's names, each country's by the ``stems`` where those find it more often than our names."""
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for _pos, code, weight in spans:
        ours[code] += weight
    for _pos, code, weight in stemmed:
        theirs[code] += weight
    better = {code for code in theirs if theirs[code] > ours[code]}
    return sorted([s for s in spans if s[1] not in better] + [s for s in stemmed if s[1] in better])


# A paragraph that opens so is a link to another story (Also on our site: …, Читайте также: …): its countries are
# that story's, not the page's.
_RELATED_RE = re.compile(
    r"^\W*(also on (our|the|this) (site|website)|see also|related( stories| articles| news)?\s*:|read (also|more)\s*:|"
    r"читайте также|читать также|см\. также|(ещё|еще) по теме|по теме\s*:|сайтта тағы|тағы оқыңыз|"
    r"ұқсас (жаңалықтар|материалдар))", re.I)


# A line that is only such a label heads a list of other stories (Other news, Related Articles, Похожие новости,
# Mavzuga oid): on a page that has told its own story above it, what follows is those stories.
_RELATED_HEADING_RE = re.compile(
    r"^[ \t\W]*(related( articles| stories| news| posts| content)?|see also|read (also|more)|also read|"
    r"more (news|stories|on this topic)|other news|latest news|recent (news|posts)|popular( news| posts)?|most read|"
    r"top stories|you may also like|recommended|"
    r"читайте также|читать также|см\. также|(ещё|еще|новости|материалы) по теме|по теме|другие новости|"
    r"похожие (новости|материалы|статьи|публикации)|последние новости|популярное|самое читаемое|рекомендуем|"
    r"тағы оқыңыз|сайтта тағы|ұқсас (жаңалықтар|материалдар)|соңғы жаңалықтар|басқа жаңалықтар|"
    r"тақырыпқа қатысты|көп оқылған(дар)?|танымал|окшош жаңылыктар|башка жаңылыктар|акыркы жаңылыктар|"
    r"дагы окуңуз|mavzuga oid|мавзуга оид|so.nggi yangiliklar|boshqa yangiliklar|сўнгги янгиликлар)[ \t\W]*$",
    re.I | re.M)
RELATED_AFTER_WORDS = 30  # a list heading closes the page's own story only after this many of its words
RELATED_AFTER_SHARE = 0.25  # and after this share of them (a "Popular" box above the story closes nothing)


def _before_related(page: str) -> str:
    """The page up to the first heading of a list of other stories (``_RELATED_HEADING_RE``) that follows its own
    story; the whole page where none does. The stories listed after it name their own countries."""
    total = len(page.split())
    for match in _RELATED_HEADING_RE.finditer(page):
        before = len(page[:match.start()].split())
        if before >= RELATED_AFTER_WORDS and before >= RELATED_AFTER_SHARE * total:
            return page[:match.start()]
    return page


MENU_MIN_COUNTRIES = 3  # a line of country names alone, this many or more, is a site's menu or a tag list
MENU_MAX_WORDS = 12
MENU_NAME_SHARE = 0.75  # the share of its words that are names (of countries or regions)


def _without_country_menus(page: str, lang: str, cased: bool) -> str:
    """The page (or a headline) without its lines that are lists of countries and nothing else ("Kazakhstan
    Kyrgyzstan Tajikistan Uzbekistan", a regional site's menu or a page's tags; a menu with bars between its items
    is furniture already): they name every country the site covers, whatever the page is about."""
    matcher = _matcher()

    def menu(line: str) -> bool:
        words = _WORD_RE.findall(line)
        if len(words) < MENU_MIN_COUNTRIES or len(words) > MENU_MAX_WORDS:
            return False
        if cased and sum(word[0].isupper() for word in words) < MENU_NAME_SHARE * len(words):
            return False  # names are capitalised: most lines are ruled out before the matcher reads them
        spans = matcher.spans(line, lang, cased=cased)
        countries = {code for _pos, code, _weight in spans if code}
        return len(countries) >= MENU_MIN_COUNTRIES and len(spans) >= MENU_NAME_SHARE * len(words)

    return "\n".join(line for line in page.split("\n") if not menu(line))


# A line that opens with these labels is an author's affiliation or a contact address (Адрес: Russian Federation,
# Moscow): where the author works, not what the page is about. The line is blanked, its paragraph kept.
_AFFILIATION_RE = re.compile(r"^[ \t]*(affiliation|аффилиация|address|адрес|мекенжай)[ \t]*:.*$", re.I | re.M)


# A news agency's dateline: a place opening a line (after a crawler's " date 2022-08-26" too), then within a few
# words a dash or the agency in brackets, then running text: a place in capitals (MOSCOW (Sputnik) –, АЛМАТЫ, 15 мая
# — Sputnik., ASTANA. KAZINFORM -, BISHKEK —), a capitalised one with a date (Moscow, March 15 (Xinhua) —), or one in
# brackets, as a rights group files its releases ((Berlin) –).
_UPPER, _LOWER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎ", "a-zа-яёәғқңөұүһіў"
_DATELINE_RE = re.compile(
    rf"^(?P<lead>[ \t\W]{{0,3}}(?:date[ \t]+[\d.:/-]+[ \t]+)?)"
    rf"(?:(?P<caps>[{_UPPER}][{_UPPER}'’.-]+(?:[ \t][{_UPPER}'’.-]+){{0,2}})"
    rf"(?=[ \t]*(?:[—–]|[,.(][^\n]{{0,60}}?(?:[—–)]|[ \t]-[ \t]))[^\n]{{0,60}}?[{_LOWER}]{{3}})"
    rf"|(?P<titled>[{_UPPER}][{_LOWER}'’-]+(?:[ \t][{_UPPER}][{_LOWER}'’-]+)?)"
    rf"(?=,[^\n\d]{{0,30}}\d[^\n]{{0,30}}?(?:[—–)]|[ \t]-[ \t]))"
    rf"|(?<=\()(?P<bracketed>[{_UPPER}][{_LOWER}'’-]+(?:[ \t][{_UPPER}][{_LOWER}'’-]+)?)(?=\)[ \t]*[—–-][ \t]))", re.M)


def _without_datelines(title: str, page: str, lang: str, cased: bool) -> tuple[str, str]:
    """The headline and the page with each dateline's place blanked out where the rest of the page names other
    countries and not that one: an agency files from where its office is (MOSCOW (Sputnik) on Tajikistan's
    deportations, BANGKOK for a regional office), and the dateline says nothing of what the page is about then;
    a dateline whose country the story names (АЛМАТЫ on a story about Kazakhstan) or that is the page's one place
    is kept."""
    if not (_DATELINE_RE.search(page) or _DATELINE_RE.search(title)):
        return title, page
    matcher = _matcher()

    def codes(text: str) -> set[str]:
        return {code for _pos, code, weight in matcher.spans(text, lang, cased=cased)
                if code and _current(code) and weight > 0}

    def blank(match: re.Match[str]) -> str:
        return f"{match.group('lead')}–"

    elsewhere = codes(_DATELINE_RE.sub(blank, title)) | codes(_DATELINE_RE.sub(blank, page))
    if not elsewhere:
        return title, page

    def unsupported(match: re.Match[str]) -> str:
        place = match.group("caps") or match.group("titled") or match.group("bracketed")
        return blank(match) if codes(place) - elsewhere else match.group(0)

    return _DATELINE_RE.sub(unsupported, title), _DATELINE_RE.sub(unsupported, page)


def _with_headline(title: str, body: str) -> str:
    """The page's text with its headline first, as a raw page shows it (the reader keeps the headline line in
    the body; an editor's document has it apart): the features then read both kinds of document alike."""
    if not title.strip() or " ".join(title.split()) in " ".join(body[:HEADLINE_SEEN_CHARS].split()):
        return body
    return f"{title}\n\n{body}"


def salience(features: dict[str, float]) -> float:
    """The model's probability that a page is about a country with these features."""
    z = SALIENCE_BIAS + sum(SALIENCE_WEIGHTS[name] * features[name] for name in SALIENCE_FEATURES)
    return 1.0 / (1.0 + math.exp(-z))


def find_salient_countries(title: str, body: str, lang: str, limit: int = 5) -> list[str]:
    """``find_countries``: the salience model's countries, most probable first (ties: the headline's, then the one
    named first)."""
    evidence = salience_evidence(title, body, lang)
    if evidence.fixed is not None:
        return evidence.fixed
    probability = {code: salience(features) for code, features in evidence.features.items()}
    ranked = sorted(probability, key=lambda code: (-round(probability[code], 6), code not in evidence.titled,
                                                   evidence.first.get(code, -1)))
    kept = [code for code in ranked if probability[code] >= SALIENCE_THRESHOLD or confirmed_headline(code, evidence)]
    return kept[:limit]


def confirmed_headline(code: str, evidence: Evidence) -> bool:
    """A country named by a headline that the text retells (``HEADLINE_ECHO``) is kept even where the text
    dwells on others (a news page headed by a Kazakh region whose list of items names Tajik cities more often).
    The headline is not weighed apart in the model: read under another query's page's headline, pages-dev
    train+dev kept that headline's countries (leave-one-query-out precision 0.69 with headline features, 0.79
    without); a wrong headline is rarely retold, so this rule keeps that 0.79 (python -m bench.fit_countries)."""
    return code in evidence.titled and evidence.echo >= HEADLINE_ECHO


def _stem_spans(text: str) -> list[tuple[int, str, float]]:
    """``_stem_scores`` with each name's word position."""
    stems = _stems()
    lengths = sorted({len(stem) for stem in stems}, reverse=True)
    found = []
    for position, word in enumerate(_FOREIGN_WORD_RE.findall(text)):
        found += [(position, code, WEIGHTS["names"]) for code in _stem_codes(word, stems, lengths) if _current(code)]
    return found


def _stem_codes(word: str, stems: dict[str, str], lengths: list[int]) -> list[str]:
    """The country whose stem a word begins with, in Arabic letters also after the article or a proclitic; in a
    script written without spaces (Chinese, Japanese, Thai), where a "word" is a run of several, the country of
    each stem found anywhere in the run (カザフスタン議会選挙)."""
    folded = _fold(word)
    if _UNSPACED_RE.match(word):
        codes, start = [], 0
        while start < len(folded):
            n = next((n for n in lengths if folded[start:start + n] in stems), 0)
            if n:
                codes.append(stems[folded[start:start + n]])
            start += n or 1
        return codes
    forms = (folded, _ARABIC_PROCLITICS_RE.sub("", folded)) if "\u0621" <= folded[:1] <= "\u064a" else (folded,)
    return next(([stems[form[:n]]] for form in forms for n in lengths if form[:n] in stems), [])


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    """``stems`` of places.yaml, folded (small letters, no accents) → country code."""
    return {_fold(str(stem)): code for code, entry in _country_entries() for stem in entry.get("stems", []) or []}


def _fold(word: str) -> str:
    """A word in small letters without accents or apostrophes (Turkmėnistane → turkmenistane, O‘zbek → ozbek)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNACCENTED))
    return "".join(ch for ch in decomposed if (ch.isalpha() or _BRAHMIC_RE.match(ch)) and not unicodedata.combining(ch))


# Persian letters are read as their Arabic twins: one stem serves both (تاجیکستان, تاجيكستان).
_UNACCENTED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ß": "ss", "đ": "d", "ی": "ي", "ک": "ك"})
# What Arabic writes before a name as part of the word: the article and a conjunction or preposition
# (الكازاخستاني, وكازاخستان, بالعاصمة); Pashto its "of" (دافغانستان).
_ARABIC_PROCLITICS_RE = re.compile(r"^(?:[وفبلك]?ال|[وفبلد])(?=[\u0621-\u064a]{4})")
# The vowel signs of the scripts of India and of Thai are marks, not letters, to a regular expression: a word
# runs on over them (कजाकिस्तान, not कज + क + …); a nukta, a virama or a tone mark is dropped in folding.
_BRAHMIC = "\u0900-\u0dff\u0e00-\u0e7f"
_BRAHMIC_RE = re.compile(f"[{_BRAHMIC}]")
_FOREIGN_WORD_RE = re.compile(f"(?:[^\\W\\d_]|[{_BRAHMIC}])+(?:['’‘ʻ`][^\\W\\d_]+)*")
# Scripts written without spaces between words: Thai, Japanese kana, Chinese characters.
_UNSPACED_RE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _stem_scores(text: str) -> Counter[str]:
    """Countries named in a text of a language without an analyzer: words that begin with one of their ``stems``,
    each counted as a name."""
    stems = _stems()
    lengths = sorted({len(stem) for stem in stems}, reverse=True)
    found: Counter[str] = Counter()
    for word in _FOREIGN_WORD_RE.findall(text):
        for code in _stem_codes(word, stems, lengths):
            if _current(code):
                found[code] += WEIGHTS["names"]
    return found


@lru_cache(maxsize=1)
def _person_re() -> re.Pattern[str] | None:
    """A name of ``places.yaml: person_like`` (Iceland, Jordan) right after a capitalised word: a person."""
    names = [str(name) for name in _places().get("person_like", []) or []]
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b([A-Z][a-z]+)[ \t]+({alternatives})\b")


def _without_people(text: str) -> str:
    """The text with each person-like country name that follows a first name (John Iceland, not "in Iceland"
    or "of Georgia") blanked out."""
    pattern = _person_re()
    if pattern is None:
        return text
    english = stop_words("en")
    return pattern.sub(lambda m: m.group(0) if m.group(1).lower() in english else f"{m.group(1)} –", text)


def countries_named(text: str, min_weight: float = WEIGHTS["demonyms"]) -> set[str]:
    """Countries a short text names (by name or demonym, not by a city), read in every language; a query
    is typed in any case, so case does not count here."""
    found: set[str] = set()
    for lang in ("en", "ru", "kk"):
        found |= {code for code, score in _matcher().score(text, lang).items()
                  if code and _current(code) and score >= min_weight}
    return found


def countries_mentioned(text: str, lang: str) -> set[str]:
    """Countries a text mentions by name or adjective (any inflected form), however often, also inside the name of a
    source (Госдеп США); not by a city."""
    return {key for key, _phrase, weight in _matcher().matches(text, lang, cased=True)
            if key and (weight >= WEIGHTS["demonyms"] or weight == WEIGHTS["sources"])}


def places_mentioned(text: str, lang: str) -> set[str]:
    """Countries whose cities, regions or leaders a text mentions (their names and adjectives left out)."""
    return {key for key, _phrase, weight in _matcher().matches(text, lang, cased=True)
            if key and WEIGHTS["sources"] < weight < WEIGHTS["demonyms"]}
