"""Fits the salience model of ``indexer/extract/countries.py`` (which countries a page is about).

    python -m bench.fit_countries --older

Reads the train and dev parts of pages-dev (never test) as ``peacesearch index`` reads a raw .txt page, and with
``--older`` the project's own labelled sets too (corpus, corpus-pages, labelled, seeds: written and labelled
with a stricter idea of "about", so that the model keeps them right), takes each country a page names with its
features (``salience_evidence``), and fits a logistic regression (L2, Newton's method: deterministic) whose
target is "the label lists this country". For each threshold it prints grouped 5-fold cross-validation on
pages-dev (folds by ``found_by_query``, as the parts are split; the older sets are in every training fold),
the fit without dev scored on dev, and the older sets under the whole fit; then the constants to paste into
countries.py (``SALIENCE_*``): the threshold with the best mean of pages-dev's cross-validated F1 and the
older sets' F1. The constants in use were printed by this command (2026-12-05: pages-dev cv F1 0.952 at 0.45).
"""

from __future__ import annotations

import argparse
import hashlib
import math
from dataclasses import dataclass

import numpy as np

from bench.extraction import corpus_cases, labelled_cases, page_cases, seed_cases
from bench.pagesdev import Page, load_pages
from indexer.enrich import Enrichment, _check_lang, without_furniture
from indexer.extract import countries
from indexer.extract.countries import SALIENCE_FEATURES, Evidence, salience_evidence

L2 = 1.0
FOLDS = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


@dataclass
class Item:
    """One labelled page: its countries, its evidence, its part (train, dev, or older) and its CV fold."""

    truth: set[str]
    evidence: Evidence
    part: str
    fold: int  # -1: in every fold's training data (the older sets), never scored in cross-validation


def page_items() -> list[Item]:
    """pages-dev train and dev, each page read as ``enrich`` reads it: detected language, title, body without
    furniture."""
    items = []
    for page in load_pages(("train", "dev")):
        doc = page.document()
        _check_lang(doc, Enrichment())
        items.append(Item(set(page.label["countries"]), salience_evidence(doc.title, without_furniture(doc.body),
                                                                          doc.lang), page.part, fold_of(page)))
    return items


def older_items() -> list[Item]:
    """The project's own labelled sets (corpus, corpus-pages, labelled, seeds), read the same way."""
    items = []
    for case in corpus_cases() + page_cases() + labelled_cases() + seed_cases():
        _check_lang(case.doc, Enrichment())
        evidence = salience_evidence(case.doc.title, without_furniture(case.doc.body), case.doc.lang)
        items.append(Item(case.countries, evidence, "older", -1))
    return items


def design(items: list[Item]) -> tuple[np.ndarray, np.ndarray]:
    rows, targets = [], []
    for item in items:
        for code, features in item.evidence.features.items():
            rows.append([features[name] for name in SALIENCE_FEATURES])
            targets.append(float(code in item.truth))
    return np.array(rows).reshape(-1, len(SALIENCE_FEATURES)), np.array(targets)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Weights, the bias last (not regularised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = l2 * np.eye(xb.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        gradient = xb.T @ (p - y) + reg @ w
        hessian = xb.T @ (xb * (p * (1 - p))[:, None]) + reg
        w -= np.linalg.solve(hessian, gradient)
    return w


def predict(w: np.ndarray, evidence: Evidence, threshold: float) -> set[str]:
    if evidence.fixed is not None:
        return set(evidence.fixed)
    found = set()
    for code, features in evidence.features.items():
        z = float(np.dot(w[:-1], [features[name] for name in SALIENCE_FEATURES]) + w[-1])
        if 1.0 / (1.0 + math.exp(-z)) >= threshold:
            found.add(code)
    return found


def prf(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float]:
    tp = sum(len(f & t) for f, t in pairs)
    fp = sum(len(f - t) for f, t in pairs)
    fn = sum(len(t - f) for f, t in pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _prf_text(pairs: list[tuple[set[str], set[str]]]) -> str:
    return "P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(pairs))


def fold_of(page: Page) -> int:
    return int(hashlib.sha256(page.label["found_by_query"].encode("utf-8")).hexdigest()[:8], 16) % FOLDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--older", action="store_true", help="train on the older labelled sets too")
    args = parser.parse_args()
    items = page_items()
    if not items:
        raise SystemExit("pages-dev texts are absent: re-create them as ../shared/data/pages-dev/README.md says")
    older = older_items() if args.older else []
    whole = fit(*design(items + older), args.l2)
    best = (-1.0, 0.0)
    for threshold in THRESHOLDS:
        pairs = []
        for fold in range(FOLDS):
            w = fit(*design([it for it in items + older if it.fold != fold]), args.l2)
            pairs += [(predict(w, it.evidence, threshold), it.truth) for it in items if it.fold == fold]
        w = fit(*design([it for it in items + older if it.part != "dev"]), args.l2)
        dev = [(predict(w, it.evidence, threshold), it.truth) for it in items if it.part == "dev"]
        kept = [(predict(whole, it.evidence, threshold), it.truth) for it in older]
        line = f"threshold {threshold:.2f}  cv {_prf_text(pairs)}  fit without dev, dev {_prf_text(dev)}"
        print(line + (f"  older (fitted on) {_prf_text(kept)}" if older else ""))
        # pages-dev's cross-validated F1, and the older sets' where they are fitted on too
        goal = (prf(pairs)[2] + prf(kept)[2]) / 2 if older else prf(pairs)[2]
        best = max(best, (round(goal, 4), threshold))  # a tie: the higher threshold, precision first
    weights = {name: round(float(v), 3) for name, v in zip(SALIENCE_FEATURES, whole[:-1], strict=True)}
    print(f"SALIENCE_WEIGHTS = {weights}\nSALIENCE_BIAS = {round(float(whole[-1]), 3)}\n"
          f"SALIENCE_THRESHOLD = {best[1]}  # the best F1 (cross-validated; the higher threshold on a tie)")
    constants = np.array([*(countries.SALIENCE_WEIGHTS[name] for name in SALIENCE_FEATURES), countries.SALIENCE_BIAS])
    for part in ("train", "dev", "older"):
        scored = [(predict(constants, it.evidence, countries.SALIENCE_THRESHOLD), it.truth)
                  for it in items + older if it.part == part]
        if scored:
            print(f"the constants in use, {part}: {_prf_text(scored)}")

if __name__ == "__main__":
    main()
