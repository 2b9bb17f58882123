"""Accuracy of metadata extraction (country, theme, date) on labelled documents, truth hidden.

Datasets: ``corpus`` (this project's articles with their front matter hidden), ``corpus-pages`` (the
corpus's raw pages, truth in ``corpus/*/EXPECTED.md``), ``labelled`` (``bench/data/extraction``:
raw pages written for this test, truth in their front matter), ``seeds`` (../shared/data/seeds, truth
from its README). Rows: dataset, field, precision, recall, f1 (micro-averaged over documents; a date
counts when it equals the truth exactly, precision included).

Country mentions (field ``country-mention``: every country a text names, not the salient few) on real
annotations in ../shared/data: ``nerel-ru`` (933 Russian Wikinews articles, their COUNTRY entities) and
``kaznerd-kk`` (22,474 Kazakh TV-news sentences, their GPE and LOCATION entities).

* Gold, per document: the country codes of its gold strings, each string resolved on its own by the
  gazetteer (``countries_mentioned``: names, short names, abbreviations, adjectives). A NEREL string
  that resolves to nothing is a country the gazetteer does not know (Приднестровье, ДНР) and counts as a
  recall miss. A KazNERD GPE/LOCATION string that resolves only to a city or region (Алматыда,
  Солтүстік Қазақстан облысы) is no country mention; one that resolves to nothing is mostly a village,
  river or region (Ертіс, Арыс) and is left out. ``--misses`` lists both, most frequent first, so
  that the countries among them can be found and added to places.yaml.
* KazNERD is flat where NEREL nests: the Қазақстан of "Қазақстан Президенті" (POSITION), of an
  ORGANISATION or of "АҚШ доллары" (MONEY) is not tagged GPE, and adjectives (ресейлік) are NORP. The
  countries that its other entities (not PERSON) name join its gold, as NEREL would have marked them.
  Row ``country-mention-gpe`` scores KazNERD against its GPE/LOCATION strings alone.
* Predicted: ``countries_mentioned`` of the whole text (title and body): countries named by name,
  abbreviation or adjective, not by a city. Historic countries have codes of their own (SU, YU, CS, DD).

Real pages: ``pages-dev/train``, ``pages-dev/dev``, ``pages-dev/test`` (../shared/data/pages-dev, 441 labelled
pages whose texts are re-created into bench/.cache/pages-dev; bench/pagesdev.py says how the set is split
once by ``found_by_query``), and ``pages-fresh/train``, ``pages-fresh/test`` (bench/data/pages-fresh: pages
of the same collection found by other queries and labelled by this project after the extractor was tuned, so
that its test part says whether the tuning holds on pages no one looked at; texts in bench/.cache/pages-fresh).
``--misses`` never lists a test part's pages. Each page is read as ``peacesearch index`` reads a raw .txt file (the
project's reader, then ``enrich``); the labels are never shown to the extractor. Rules are tuned on train
and dev; test is printed last and only measured. Themes are measured as a reader gets them once the
embedding job has run (``vectors_arrived``): each page's whole-text vector is in the vector cache, so its
themes read it, as after ``peacesearch embed`` re-indexes the pages themed before their vector existed
(with meaning off, on words alone). Fields:

* ``lang``: share of pages whose language (en/ru/kk/other) is the label's (column ``rate``).
* ``title``: share of the pages with a labelled headline whose title is it. Both are normalised (NFKC,
  casefold, every punctuation mark and symbol a space, whitespace collapsed); a title is right when the
  two are equal or close: difflib's ratio ≥ 0.9 (a dropped quote mark or a typo), or a title shortened
  with "…" is the start of the headline.
* ``country``, ``theme``: micro precision, recall and F1 over pages; ``theme:<id>`` one theme alone.
* ``date_exact``: share of the pages that show a date whose date is exactly it (precision included).
* ``date_invented``: share of the pages that show no date that are given one anyway (lower is better).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from analyzers import semantic
from bench.common import ROOT, SHARED_DATA, print_table, write_results
from bench.pagesdev import PAGES_DEV, PAGES_FRESH, Page, PageSet, load_pages, texts_ready
from indexer.document import Document
from indexer.enrich import enrich
from indexer.extract.countries import countries_mentioned, places_mentioned
from indexer.extract.theme_model import vectors_from
from indexer.sources import read_file
from indexer.sources.frontmatter import FRONT_MATTER_RE, parse_frontmatter_text
from indexer.vectors import VectorCache, document_text

PAGESETS = (PAGES_DEV, PAGES_FRESH)
KAZNERD_PLACES = ("GPE", "LOCATION")
BENCH_CACHE = ROOT / "bench" / ".cache"  # its vector cache, unless PEACESEARCH_VECTOR_CACHE names another
KAZNERD_NOT_NESTING = ("GPE", "LOCATION", "PERSON")  # a country in a person's name is no mention
LABELLED = Path(__file__).resolve().parent / "data" / "extraction"
FIELDS = ("country", "theme", "date")
SEED_THEMES = {
    "women's rights": "womens-rights", "religion and interfaith": "interfaith", "interethnic relations": "interethnic",
    "peace education": "peace-education", "gender-based violence": "gender-based-violence",
    "countering violent extremism": "violent-extremism", "media": "media", "repatriation": "migration",
    "women, peace and security": "women-peace-security", "gender": "womens-rights",
    "women's political participation": "elections", "leadership": "womens-rights",
}


@dataclass
class Case:
    dataset: str
    name: str
    doc: Document  # as the extractor sees it: no editor metadata
    countries: set[str]
    themes: set[str]
    date: str | None


def _hidden(text: str, name: str) -> Document:
    body = FRONT_MATTER_RE.sub("", text, count=1)
    doc = parse_frontmatter_text(body, default_id=name, origin=name)
    assert isinstance(doc, Document), name
    return doc


def corpus_cases() -> list[Case]:
    cases = []
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        if path.name in ("README.md", "EXPECTED.md"):
            continue
        truth = next(iter(read_file(path)))
        if not isinstance(truth, Document) or not truth.countries:
            continue
        doc = _hidden(path.read_text(encoding="utf-8"), path.stem)
        doc.title = ""  # the title was in the front matter too
        cases.append(Case("corpus", path.name, doc, set(truth.countries), set(truth.themes), truth.date))
    return cases


def page_cases() -> list[Case]:
    cases = []
    for expected in sorted((ROOT / "corpus").glob("*/EXPECTED.md")):
        for row in _table_rows(expected.read_text(encoding="utf-8")):
            name = row[0].strip("` ")
            path = expected.parent / name
            if not path.exists():
                continue
            doc = next(iter(read_file(path)))
            cases.append(Case("corpus-pages", name, doc, _codes(row[1]), _ids(row[2]), _date_cell(row[3])))
    return cases


def labelled_cases() -> list[Case]:
    cases = []
    for path in sorted(LABELLED.glob("*.md")):
        if path.name == "README.md":
            continue
        truth = next(iter(read_file(path)))
        doc = _hidden(path.read_text(encoding="utf-8"), path.stem)
        cases.append(Case("labelled", path.name, doc, set(truth.countries), set(truth.themes), truth.date))
    return cases


def seed_cases() -> list[Case]:
    folder = SHARED_DATA / "seeds"
    if not folder.exists():
        return []
    cases = []
    for row in _table_rows((folder / "README.md").read_text(encoding="utf-8")):
        name = row[0].strip("` ")
        if not (folder / name).exists():
            continue
        doc = next(iter(read_file(folder / name)))
        countries = {_country_code(part) for part in re.split(r",", re.sub(r"\(.*?\)", "", row[2]))} - {None}
        cell = re.sub(r"\(.*?\)", "", row[3])  # names may hold commas: "women, peace and security"
        themes = {theme for name, theme in SEED_THEMES.items()
                  if re.search(rf"(^|,)\s*{re.escape(name)}\s*(,|$)", cell)}
        date = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", row[4].strip())
        cases.append(Case("seeds", name, doc, countries, themes, date.group(0) if date else None))
    return cases


def _table_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and not cells[0].lower().startswith("file"):
                rows.append(cells)
    return rows


def _codes(cell: str) -> set[str]:
    return {c for c in re.findall(r"\b[A-Z]{2}\b", cell)}


def _ids(cell: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?:-[a-z]+)*", cell))


def _date_cell(cell: str) -> str | None:
    match = re.search(r"\d{4}(-\d{2}(-\d{2})?)?", cell)
    return match.group(0) if match else None


def _country_code(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def score(cases: list[Case]) -> tuple[list[dict], list[str]]:
    """Rows per dataset and field, and a list of what went wrong."""
    counts: dict[tuple[str, str], list[int]] = {}
    misses: list[str] = []
    with vectors_arrived([case.doc for case in cases]):
        for case in cases:
            enrich(case.doc)
    for case in cases:
        found = {"country": set(case.doc.countries), "theme": set(case.doc.themes),
                 "date": {case.doc.date} if case.doc.date else set()}
        truth = {"country": case.countries, "theme": case.themes, "date": {case.date} if case.date else set()}
        for name in FIELDS:
            for dataset in (case.dataset, "all"):
                tp_fp_fn = counts.setdefault((dataset, name), [0, 0, 0])
                tp_fp_fn[0] += len(found[name] & truth[name])
                tp_fp_fn[1] += len(found[name] - truth[name])
                tp_fp_fn[2] += len(truth[name] - found[name])
            if found[name] != truth[name]:
                misses.append(f"{case.dataset}/{case.name} {name}: found {sorted(found[name])}, "
                              f"truth {sorted(truth[name])}")
    rows = []
    for (dataset, field_name), (tp, fp, fn) in counts.items():
        docs = sum(1 for c in cases if dataset in ("all", c.dataset))
        rows.append(_row(dataset, field_name, docs, tp, fp, fn))
    return rows, misses


@dataclass
class MentionCase:
    dataset: str
    name: str
    lang: str
    text: str
    mentions: list[str]  # strings that name a country (NEREL), or a place (KazNERD GPE/LOCATION)
    nested: list[str] = field(default_factory=list)  # KazNERD's other entities: count what they name


@dataclass
class Resolution:
    """What the gold strings of one dataset came to."""

    unresolved: Counter[str] = field(default_factory=Counter)  # no country: a miss for NEREL, left out for KazNERD
    places: Counter[str] = field(default_factory=Counter)  # cities and regions: not country mentions


def nerel_cases() -> list[MentionCase]:
    path = SHARED_DATA / "nerel-ru-wikinews" / "corpus.jsonl"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [MentionCase("nerel-ru", r["id"], r["lang"], f"{r['title']}\n{r['body']}", r["countries_mentioned"])
            for r in records]


def kaznerd_cases() -> list[MentionCase]:
    path = SHARED_DATA / "kaznerd-kk-news-sentences" / "corpus.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [MentionCase("kaznerd-kk", r["id"], r["lang"], r["body"],
                        [text for kind, text in r["entities"] if kind in KAZNERD_PLACES],
                        [text for kind, text in r["entities"] if kind not in KAZNERD_NOT_NESTING])
            for r in records]


def gold_codes(case: MentionCase, resolution: Resolution, nested: bool = True) -> set[str]:
    """Country codes of the gold strings, each resolved on its own; an unresolved NEREL string stays a miss."""
    gold: set[str] = set()
    for mention in case.mentions:
        codes = countries_mentioned(mention, case.lang)
        if codes:
            gold |= codes
        elif case.dataset == "kaznerd-kk" and places_mentioned(mention, case.lang):
            resolution.places[mention] += 1
        else:
            resolution.unresolved[mention] += 1
            if case.dataset == "nerel-ru":
                gold.add(f"?{mention}")  # a country the gazetteer does not know: never predicted
    for entity in case.nested if nested else ():
        gold |= countries_mentioned(entity, case.lang)
    return gold


def score_mentions(cases: list[MentionCase]) -> tuple[list[dict], list[str], list[str]]:
    """Rows per dataset, a line per dataset on its unresolved gold strings, and what ``--misses`` adds."""
    counts: dict[tuple[str, str], list[int]] = {}
    resolutions: dict[str, Resolution] = {}
    errors: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    for case in cases:
        resolution = resolutions.setdefault(case.dataset, Resolution())
        gold = gold_codes(case, resolution)
        found = countries_mentioned(case.text, case.lang)
        variants = [("country-mention", gold)]
        if case.dataset == "kaznerd-kk":
            variants.append(("country-mention-gpe", gold_codes(case, Resolution(), nested=False)))
        for field_name, truth in variants:
            tp_fp_fn = counts.setdefault((case.dataset, field_name), [0, 0, 0])
            tp_fp_fn[0] += len(found & truth)
            tp_fp_fn[1] += len(found - truth)
            tp_fp_fn[2] += len(truth - found)
        docs[case.dataset] += 1
        wrong = errors.setdefault(case.dataset, Counter())
        wrong.update(f"false {code}" for code in found - gold)
        wrong.update(f"missed {code}" for code in gold - found if not code.startswith("?"))
    rows = [_row(dataset, field_name, docs[dataset], *tp_fp_fn) for (dataset, field_name), tp_fp_fn in counts.items()]
    notes, misses = [], []
    for dataset, resolution in resolutions.items():
        notes.append(f"{dataset}: {sum(resolution.unresolved.values())} gold strings resolved to no country "
                     f"({len(resolution.unresolved)} distinct), {sum(resolution.places.values())} to a city or "
                     "region only")
        misses += [f"{dataset} unresolved: {_top(resolution.unresolved)}",
                   f"{dataset} cities and regions: {_top(resolution.places)}",
                   f"{dataset} errors: {_top(errors[dataset])}"]
    return rows, notes, misses


def _top(counter: Counter[str], n: int = 60) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common(n))


def _row(dataset: str, field_name: str, documents: int, tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"dataset": dataset, "engine": "peacesearch", "field": field_name, "documents": documents,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


TITLE_CLOSE_RATIO = 0.9


def normalised_title(title: str) -> str:
    """A title as compared: NFKC, casefolded, punctuation and symbols as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(text.split())


def titles_match(found: str, truth: str) -> bool:
    """Exact or close after normalising (the rule in the module's docstring)."""
    a, b = normalised_title(found), normalised_title(truth)
    if not a:
        return False
    if a == b or difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_CLOSE_RATIO:
        return True
    return found.rstrip().endswith("…") and b.startswith(a)


@dataclass
class PartCounts:
    """What one part of pages-dev scored: hits and totals for rates, tp/fp/fn for sets."""

    rates: dict[str, list[int]] = field(default_factory=dict)  # field -> [hits, pages]
    sets: dict[str, list[int]] = field(default_factory=dict)  # field -> [tp, fp, fn]

    def rate(self, name: str, hit: bool) -> None:
        counts = self.rates.setdefault(name, [0, 0])
        counts[0] += hit
        counts[1] += 1

    def compare(self, name: str, found: set[str], truth: set[str]) -> None:
        counts = self.sets.setdefault(name, [0, 0, 0])
        counts[0] += len(found & truth)
        counts[1] += len(found - truth)
        counts[2] += len(truth - found)


def score_page(page: Page, counts: PartCounts, misses: list[str]) -> None:
    """Reads one page as the indexer does, enriches it, and counts every field against its label."""
    label = page.label
    doc = page.document()
    enrich(doc)
    where = f"{page.dataset}/{page.part}/{page.id}"
    counts.rate("lang", doc.lang == label["lang"])
    if doc.lang != label["lang"]:
        misses.append(f"{where} lang: found {doc.lang}, truth {label['lang']}")
    if label["title"]:
        hit = titles_match(doc.title, label["title"])
        counts.rate("title", hit)
        if not hit:
            misses.append(f"{where} title: found {doc.title!r}, truth {label['title']!r}")
    for name, found, truth in (("country", set(doc.countries), set(label["countries"])),
                               ("theme", set(doc.themes), set(label["themes"]))):
        counts.compare(name, found, truth)
        if found != truth:
            misses.append(f"{where} {name}: found {sorted(found)}, truth {sorted(truth)}")
    for theme in set(doc.themes) | set(label["themes"]):
        counts.compare(f"theme:{theme}", {theme} & set(doc.themes), {theme} & set(label["themes"]))
    if label["date"]:
        counts.rate("date_exact", doc.date == label["date"])
    else:
        counts.rate("date_invented", doc.date is not None)
    if doc.date != label["date"]:
        misses.append(f"{where} date: found {doc.date}, truth {label['date']}")


def score_pagesets(pages: list[Page], pagesets: tuple[PageSet, ...] = PAGESETS) -> tuple[list[dict], list[str]]:
    """Rows per set, part (held-out parts last within a set) and field, and what went wrong."""
    by_part = {(s.name, part): PartCounts() for s in pagesets for part in s.parts}
    misses: list[str] = []
    with vectors_arrived([page.document() for page in pages]):
        for page in pages:
            score_page(page, by_part[page.dataset, page.part], misses)
    rows = []
    for (set_name, part), counts in by_part.items():
        dataset = f"{set_name}/{part}"
        documents = sum(1 for p in pages if p.dataset == set_name and p.part == part)
        if not documents:
            continue
        for name in ("lang", "title", "country", "theme", "date_exact", "date_invented"):
            if name in counts.rates:
                hits, total = counts.rates[name]
                rows.append({"dataset": dataset, "engine": "peacesearch", "field": name, "documents": total,
                             "rate": round(hits / total, 3) if total else 0.0})
            elif name in counts.sets:
                rows.append(_row(dataset, name, documents, *counts.sets[name]))
        for name in sorted(n for n in counts.sets if n.startswith("theme:")):
            rows.append(_row(dataset, name, documents, *counts.sets[name]))
    return rows, misses


@contextmanager
def vectors_arrived(docs: list[Document]) -> Iterator[None]:
    """Enrichment inside the block reads the documents' whole-text vectors from the benchmarks' vector cache
    (``PEACESEARCH_VECTOR_CACHE``, bench/common.py), embedding here those it lacks: what an index holds once
    the embedding job has run (indexer/embed.py). Nothing to do with meaning off."""
    if not semantic.enabled():
        yield
        return
    cache = VectorCache(BENCH_CACHE)
    try:
        texts = list(dict.fromkeys(document_text(doc.title, doc.body) for doc in docs))
        cached = cache.lookup(texts)
        missing = [text for text in texts if text not in cached]
        if missing:
            cache.embed(missing)
    finally:
        cache.close()
    with vectors_from(BENCH_CACHE):
        yield


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extraction", description=__doc__)
    parser.add_argument("--misses", action="store_true",
                        help="list every wrong extraction, those of the held-out test parts left out")
    parser.add_argument("--pages-only", action="store_true", help="score the labelled real pages alone (quick)")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    misses: list[str] = []
    notes: list[str] = []
    if not args.pages_only:
        cases = corpus_cases() + page_cases() + labelled_cases() + seed_cases()
        rows, misses = score(cases)
        mention_rows, notes, mention_misses = score_mentions(nerel_cases() + kaznerd_cases())
        rows += mention_rows
        misses += mention_misses
    for pageset in PAGESETS:
        pages = load_pages(pageset=pageset)
        if not pages:
            notes.append(f"{pageset.name}: no texts in {pageset.texts} (its README says how to re-create them)")
            continue
        page_rows, page_misses = score_pagesets(pages)
        rows += page_rows
        misses += page_misses
        labelled = len(load_pages(with_text=False, pageset=pageset))
        unfinished = pageset is PAGES_DEV and not texts_ready()
        notes.append(f"{pageset.name}: {len(pages)} of {labelled} labelled pages have their text"
                     + (" (re-creation not finished: no _DONE file)" if unfinished else ""))
    columns = ["dataset", "field", "documents", "precision", "recall", "f1", "rate"]
    print_table([{c: "" if row.get(c) is None else row[c] for c in columns} for row in rows], columns)
    print("\n".join(notes))
    if args.misses:
        print("\n".join(miss for miss in misses if "/test/" not in miss.split(" ", 1)[0]))
    print(f"written to {write_results('extraction', rows)}")
    return 0
