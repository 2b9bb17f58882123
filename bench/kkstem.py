"""The Kazakh stemmer against apertium-kaz lemmas (../shared/data/kk-lemma-gold): pairwise same-stem decisions.

Positive pairs are all pairs of words within a group of one lemma (a true positive when the two stems are
equal); negative pairs are the listed pairs of words with different lemmas that share their first four
letters (a false positive when the stems are equal). The ``full`` apart set includes pairs whose lemmas nest
(өңір/өңірлік, a derivation a search stemmer may fairly merge); ``strict`` leaves them out. Words are folded
as the analyzer chain folds them (ё→е, һ→х, й→и) before stemming. The baseline cuts words to five letters.

The set is split once by lemma, so that the stemmer's rules are tuned on one part and judged on lemmas they
were not tuned on: a lemma is ``held-out`` when the first byte of SHA-256 of its UTF-8 text is odd, else
``tune`` (about 50/50). A group belongs to the part of its lemma. An apart pair belongs to ``tune`` when both
its lemmas are tune lemmas, else to ``held-out``: tuning never looks at a word of a held-out lemma, and every
pair a held-out word takes part in is judged. ``all`` is the whole folder, as before the split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from analyzers.kazakh import STEM_MAX_LENGTH, kazakh_stem
from analyzers.kazakh_stem import stem
from bench.common import SHARED_DATA, print_table, write_results

DATASET = "kk-lemma-gold"
PARTS = ("tune", "held-out", "all")
COLUMNS = ["dataset", "engine", "part", "apart_set", "precision", "recall", "f1", "apart_kept", "words_per_s"]


def fold(word: str) -> str:
    """The folding the Kazakh analyzer chain applies before stemming."""
    return word.replace("ё", "е").replace("һ", "х").replace("й", "и")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def lemma_part(lemma: str) -> str:
    """``held-out`` or ``tune``: the fixed split by lemma (parity of the first byte of its SHA-256)."""
    return "held-out" if hashlib.sha256(lemma.encode("utf-8")).digest()[0] % 2 else "tune"


def load_gold(gold: Path, part: str = "all") -> tuple[list[list[str]], list[tuple[str, str, bool]]]:
    """Groups of same-lemma words and (word, word, lemmas nested) apart pairs, folded, of one part."""
    groups = [[fold(w) for w in g["words"]] for g in _read_jsonl(gold / "groups.jsonl")
              if part == "all" or lemma_part(g["lemma"]) == part]
    apart = []
    for p in _read_jsonl(gold / "apart_pairs.jsonl"):
        both_tune = lemma_part(p["lemma_a"]) == lemma_part(p["lemma_b"]) == "tune"
        if part == "all" or both_tune == (part == "tune"):
            apart.append((fold(p["a"]), fold(p["b"]), bool(p["lemmas_nested"])))
    return groups, apart


def score(stemmer: Callable[[str], str], groups: list[list[str]], apart: list[tuple[str, str, bool]],
          strict: bool = False) -> dict[str, float]:
    """Precision, recall, F1 and the share of apart pairs kept apart, for one apart set."""
    tp = fn = 0
    for words in groups:
        counts = Counter(stemmer(w) for w in words)
        same = sum(c * (c - 1) // 2 for c in counts.values())
        tp += same
        fn += len(words) * (len(words) - 1) // 2 - same
    pairs = [(a, b) for a, b, nested in apart if not (strict and nested)]
    fp = sum(1 for a, b in pairs if stemmer(a) == stemmer(b))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "apart_kept": round(1 - fp / len(pairs), 4) if pairs else 1.0}


def words_per_second(words: list[str], repeats: int = 3) -> int:
    """Uncached stemming speed (best of a few passes)."""
    uncached = stem.__wrapped__
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for word in words:
            uncached(word)
        best = min(best, time.perf_counter() - started)
    return round(len(words) / best)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench kkstem", description=__doc__)
    parser.add_argument("--gold", type=Path, default=SHARED_DATA / DATASET, help="folder of kk-lemma-gold")
    args = parser.parse_args(argv)
    if not (args.gold / "groups.jsonl").exists():
        print(f"gold data missing: {args.gold}", file=sys.stderr)
        return 1
    parts = {part: load_gold(args.gold, part) for part in PARTS}
    words = [fold(w["word"]) for w in _read_jsonl(args.gold / "words.jsonl")] if (
        args.gold / "words.jsonl").exists() else sorted({w for g in parts["all"][0] for w in g})
    speed = words_per_second(words)
    # The stemmer is what is judged; the index terms (stem capped at 6 letters, і folded) are shown
    # beside it, because they decide what search conflates.
    engines: list[tuple[str, Callable[[str], str]]] = [
        ("peacesearch", stem),
        ("peacesearch-index-terms", lambda w: kazakh_stem(w)[:STEM_MAX_LENGTH]),
        ("truncate-5", lambda w: w[:5]),
    ]
    rows = []
    for engine, stemmer in engines:
        for part in PARTS:
            groups, apart = parts[part]
            for apart_set in ("full", "strict"):
                row = {"dataset": DATASET, "engine": engine, "part": part, "apart_set": apart_set,
                       **score(stemmer, groups, apart, strict=apart_set == "strict")}
                if engine == "peacesearch":
                    row["words_per_s"] = speed
                rows.append(row)
    for part in PARTS:
        groups, apart = parts[part]
        positives = sum(len(g) * (len(g) - 1) // 2 for g in groups)
        print(f"{part}: {len(groups):,} lemma groups, {positives:,} same-lemma pairs, {len(apart):,} apart pairs "
              f"({sum(1 for *_, nested in apart if not nested):,} strict)")
    print("split by lemma: held-out when the first byte of SHA-256(lemma) is odd; an apart pair is tune only "
          "when both lemmas are")
    print_table([{c: row.get(c, "-") for c in COLUMNS} for row in rows], COLUMNS)
    print(f"written to {write_results('kkstem', rows)}")
    return 0
