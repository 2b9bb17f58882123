"""Accuracy of metadata extraction (country, theme, date) on labelled documents, truth hidden.

Datasets: ``corpus`` (this project's articles with their front matter hidden), ``corpus-pages`` (the
corpus's raw pages, truth in ``corpus/*/EXPECTED.md``), ``labelled`` (``bench/data/extraction``:
raw pages written for this test, truth in their front matter), ``seeds`` (../shared/data/seeds, truth
from its README). Rows: dataset, field, precision, recall, f1 (micro-averaged over documents; a date
counts when it equals the truth exactly, precision included).
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from bench.common import ROOT, SHARED_DATA, print_table, write_results
from indexer.document import Document
from indexer.enrich import enrich
from indexer.sources import read_file
from indexer.sources.frontmatter import FRONT_MATTER_RE, parse_frontmatter_text

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
        themes = {SEED_THEMES[t.strip()] for t in row[3].split(",") if t.strip() in SEED_THEMES}
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
    for case in cases:
        enrich(case.doc)
        found = {"country": set(case.doc.countries), "theme": set(case.doc.themes),
                 "date": {case.doc.date} if case.doc.date else set()}
        truth = {"country": case.countries, "theme": case.themes, "date": {case.date} if case.date else set()}
        for field in FIELDS:
            for dataset in (case.dataset, "all"):
                tp_fp_fn = counts.setdefault((dataset, field), [0, 0, 0])
                tp_fp_fn[0] += len(found[field] & truth[field])
                tp_fp_fn[1] += len(found[field] - truth[field])
                tp_fp_fn[2] += len(truth[field] - found[field])
            if found[field] != truth[field]:
                misses.append(f"{case.dataset}/{case.name} {field}: found {sorted(found[field])}, "
                              f"truth {sorted(truth[field])}")
    rows = []
    for (dataset, field), (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        docs = sum(1 for c in cases if dataset in ("all", c.dataset))
        rows.append({"dataset": dataset, "engine": "peacesearch", "field": field, "documents": docs,
                     "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)})
    return rows, misses


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extraction", description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every wrong extraction")
    args = parser.parse_args(argv)
    cases = corpus_cases() + page_cases() + labelled_cases() + seed_cases()
    rows, misses = score(cases)
    print_table(rows, ["dataset", "field", "documents", "precision", "recall", "f1"])
    if args.misses:
        print("\n".join(misses))
    print(f"written to {write_results('extraction', rows)}")
    return 0
