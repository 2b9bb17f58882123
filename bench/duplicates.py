"""Near-duplicates on pages-dev: do the copies its notes name become one hit, and do other pages stay apart?

``python -m bench duplicates`` computes each page's duplicate key exactly as indexing does
(indexer/duplicates.py: the label's url, the re-created text read as a raw .txt file), groups them as
search does, and counts, per part of pages-dev (bench/pagesdev.py, split by ``found_by_query``):
- ``named``: pairs of pages the notes name as the same page or the same text (below), ``found`` and
  ``missed``; a pair counts in a part when both its pages are in it (``all``: every pair);
- ``not_same``: pairs the notes name as the same story in other words or another language: merging
  them is wrong (they are different texts a reader may want both of);
- ``other_merged``: merged pairs the notes name neither way: read them (``--show``); they are counted
  as false merges.
The containment threshold is chosen on train+dev (best F1 of named pairs against every other pair,
the middle of the best range), then applied to every part; test is only measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations

import numpy as np

from bench.common import print_table, write_results
from bench.pagesdev import Page, load_pages, texts_ready
from indexer import duplicates
from indexer.duplicates import Keys, duplicate_key, duplicate_pairs, group_labels

# Pairs the notes of labels.jsonl name, by kind: the same page at two addresses; the same text posted
# again (new headline, body only, a mirror); the same text in the other Kazakh script.
NAMED = {
    "address": [("d048", "d049"), ("d207", "d208"), ("d211", "d213"), ("d419", "d420")],
    "text": [("d207", "d210"), ("d208", "d210"), ("d073", "d075"), ("d083", "d084"), ("d215", "d216"),
             ("d228", "d230"), ("d228", "d411"), ("d230", "d411"), ("d382", "d384"), ("d401", "d404"),
             ("d272", "d273")],
    "script": [("d304", "d309")],
}
# Pairs the notes name as the same news in other words or another language: not one page.
NOT_SAME = [("d042", "d044"), ("d218", "d219"), ("d305", "d308"), ("d173", "d174"), ("d437", "d439")]
PARTS = ("train", "dev", "test", "all")
GRID = [round(0.2 + 0.05 * i, 2) for i in range(14)]  # containment thresholds tried: 0.20 … 0.85


def keys_of(pages: list[Page]) -> tuple[Keys, float]:
    """The pages' duplicate keys, as indexing computes them, and the milliseconds per page."""
    started = time.perf_counter()
    raw = b""
    for page in pages:
        doc = page.document()
        raw += duplicate_key(page.label["url"], doc.title, doc.body)
    return Keys.parse(raw), (time.perf_counter() - started) * 1000 / max(len(pages), 1)


def merged_pairs(keys: Keys, ids: list[str], containment: float) -> set[tuple[str, str]]:
    """Every pair of pages that search shows as one hit (the same group, copies of copies included)."""
    labels = group_labels(duplicate_pairs(keys, np.arange(len(ids)), containment=containment))
    groups: dict[int, list[str]] = {}
    for row, label in labels.items():
        groups.setdefault(label, []).append(ids[row])
    return {tuple(sorted(pair)) for members in groups.values() for pair in combinations(members, 2)}


def score(merged: set[tuple[str, str]], part_of: dict[str, str], part: str) -> dict:
    """Found, missed and false merges among the pairs whose pages are both in ``part``."""
    def inside(pair: tuple[str, str]) -> bool:
        return all(page in part_of and (part == "all" or part_of[page] == part) for page in pair)

    named = {tuple(sorted(pair)): kind for kind, pairs in NAMED.items() for pair in pairs}
    row: dict = {"part": part}
    for kind, pairs in NAMED.items():
        kept = [tuple(sorted(p)) for p in pairs if inside(p)]
        row[f"{kind}_found"] = f"{sum(p in merged for p in kept)}/{len(kept)}"
    kept_named = [p for p in named if inside(p)]
    found = sum(p in merged for p in kept_named)
    not_same = [tuple(sorted(p)) for p in NOT_SAME if inside(p)]
    other = [p for p in merged if inside(p) and p not in named]
    false = len(other)
    row.update({
        "named": len(kept_named), "found": found, "missed": len(kept_named) - found,
        "not_same_merged": f"{sum(p in merged for p in not_same)}/{len(not_same)}",
        "other_merged": false - sum(p in merged for p in not_same),
        "precision": round(found / (found + false), 3) if found + false else None,
        "recall": round(found / len(kept_named), 3) if kept_named else None,
    })
    return row


def choose(keys: Keys, ids: list[str], part_of: dict[str, str]) -> float:
    """The containment threshold with the best F1 on train+dev pairs (the middle of the best range)."""
    tune = {page: part for page, part in part_of.items() if part in ("train", "dev")}
    f1s = []
    for threshold in GRID:
        row = score(merged_pairs(keys, ids, threshold), tune, "all")
        p, r = row["precision"] or 0.0, row["recall"] or 0.0
        f1s.append(round(2 * p * r / (p + r), 4) if p + r else 0.0)
    best = [t for t, f in zip(GRID, f1s, strict=True) if f == max(f1s)]
    print("containment  " + "  ".join(f"{t:.2f}" for t in GRID))
    print("F1 train+dev " + "  ".join(f"{f:.2f}" for f in f1s))
    return best[len(best) // 2]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench duplicates", description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every merged pair not named by the notes")
    args = parser.parse_args(argv)
    if not texts_ready():
        print("pages-dev texts are absent: re-create them into bench/.cache/pages-dev "
              "(../shared/data/pages-dev/README.md); nothing measured", file=sys.stderr)
        return 1
    pages = load_pages()
    ids = [page.id for page in pages]
    part_of = {page.id: page.part for page in pages}
    keys, ms_per_page = keys_of(pages)
    threshold = choose(keys, ids, part_of)
    started = time.perf_counter()
    merged = merged_pairs(keys, ids, threshold)
    group_ms = (time.perf_counter() - started) * 1000
    rows = [{**score(merged, part_of, part), "containment": threshold, "by": "address+text"} for part in PARTS]
    no_address = Keys(np.zeros_like(keys.urls), keys.counts, keys.signatures)
    rows += [{**score(merged_pairs(keys, ids, 2.0), part_of, "all"), "containment": None, "by": "address"},
             {**score(merged_pairs(no_address, ids, threshold), part_of, "all"), "containment": threshold,
              "by": "text"}]
    print(f"\n{len(pages)} pages; key {ms_per_page:.2f} ms a page; grouping {group_ms:.0f} ms; "
          f"containment ≥ {threshold} (default {duplicates.CONTAINMENT}), Jaccard ≥ {duplicates.JACCARD_FLOOR}")
    print_table(rows, ["by", "part", "named", "found", "missed", "address_found", "text_found", "script_found",
                       "not_same_merged", "other_merged", "precision", "recall"])
    named = {tuple(sorted(pair)) for pairs in NAMED.values() for pair in pairs}
    missed = sorted(p for p in named if p not in merged and all(x in part_of for x in p))
    print("missed:", ", ".join(f"{a}–{b}" for a, b in missed) or "none")
    other = sorted(p for p in merged if p not in named)
    print("merged, not named:", ", ".join(f"{a}–{b}" for a, b in other) or "none")
    if args.show:
        for a, b in other:
            print(f"  {a} {next(p.label['url'] for p in pages if p.id == a)}\n"
                  f"  {b} {next(p.label['url'] for p in pages if p.id == b)}")
    write_results("duplicates", rows)
    return 0
