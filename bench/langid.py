"""Language identification on ../shared/data/langid-eval: ours against langdetect and py3langid.

Accuracy per language × bucket (query / title / paragraph). Kazakh is split into ``kk`` (Cyrillic) and
``kk-latn`` (Latin script, both alphabets). For ``other`` the accuracy is 1 − the share of items wrongly
given en/ru/kk (any other answer is right). ``mixed`` holds the documents with an ``also`` field, scored
against their majority language; they are left out of the per-language rows.

    python -m bench langid [--engines peacesearch,langdetect] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from bench.common import SHARED_DATA, print_table, write_results

DATASET = "langid-eval"
OUR_LANGS = ("en", "ru", "kk")
BUCKETS = ("query", "title", "paragraph")
LANG_KEYS = ("en", "ru", "kk", "kk-latn", "other")
ENGINES = ("peacesearch", "langdetect", "py3langid-all", "py3langid-en-ru-kk")


@lru_cache(maxsize=2)
def _py3langid(restricted: bool):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restricted:
        identifier.set_languages(list(OUR_LANGS))
    return identifier


def _py3langid_detector(restricted: bool) -> Callable[[str], str]:
    identifier = _py3langid(restricted)

    def detect(text: str) -> str:
        lang = identifier.classify(text)[0]
        return lang if lang in OUR_LANGS else "other"

    return detect


def detector(engine: str) -> Callable[[str], str]:
    if engine == "peacesearch":
        from analyzers.detect import detect_language

        return detect_language
    if engine == "langdetect":
        from analyzers.detect import detect_with_langdetect

        return detect_with_langdetect
    if engine == "py3langid-all":
        return _py3langid_detector(restricted=False)
    if engine == "py3langid-en-ru-kk":
        return _py3langid_detector(restricted=True)
    raise SystemExit(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")


def lang_key(item: dict) -> str:
    if "also" in item:
        return "mixed"
    if item["lang"] == "kk" and item["script"] == "Latn":
        return "kk-latn"
    return item["lang"]


def is_right(item: dict, answer: str) -> bool:
    if item["lang"] == "other":
        return answer not in OUR_LANGS
    return answer == item["lang"]


def load_items() -> list[dict]:
    path = SHARED_DATA / "langid-eval" / "langid.jsonl"
    if not path.exists():
        raise SystemExit(f"shared data missing: {path}")
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(engine: str, items: list[dict]) -> tuple[list[dict], float, list[tuple[dict, str]]]:
    """Result rows, texts per second, and the items answered wrongly."""
    detect = detector(engine)
    detect("warm up the model")
    detect("и словарь тоже")  # a Cyrillic text loads the Russian dictionary (pymorphy3) as well
    started = time.perf_counter()
    answers = [detect(item["text"]) for item in items]
    elapsed = time.perf_counter() - started
    hits, totals = Counter(), Counter()
    errors = []
    for item, answer in zip(items, answers, strict=True):
        right = is_right(item, answer)
        cells = [(lang_key(item), item["bucket"])]
        if item["lang"] == "other":
            cells.append(("other", "all"))  # the target: 'other' texts given en/ru/kk <= 5 %
            cells.append((f"other:{item.get('true_lang', '?')}", "all"))
        if item["bucket"] == "query" and item.get("n_words") == 1 and "also" not in item:
            cells.append((lang_key(item), "query-1word"))
        for cell in cells:
            totals[cell] += 1
            hits[cell] += right
        if not right:
            errors.append((item, answer))
    rows = [
        {"dataset": DATASET, "engine": engine, "lang": lang, "bucket": bucket,
         "accuracy": round(hits[(lang, bucket)] / n, 4), "n": n}
        for (lang, bucket), n in sorted(totals.items(), key=lambda kv: _order(kv[0]))
    ]
    return rows, len(items) / elapsed, errors


def _order(cell: tuple[str, str]) -> tuple:
    lang, bucket = cell
    lang_rank = LANG_KEYS.index(lang) if lang in LANG_KEYS else (len(LANG_KEYS) + (lang != "mixed"))
    bucket_rank = (*BUCKETS, "query-1word", "all").index(bucket)
    return lang_rank, lang, bucket_rank


def _pivot(rows: list[dict], engines: list[str], speeds: dict[str, float]) -> tuple[list[dict], list[str]]:
    """One line per engine, one column per main cell (q/t/p per language, then mixed)."""
    columns = ["engine"]
    pivot = {engine: {"engine": engine} for engine in engines}
    for row in rows:
        if row["lang"].startswith("other:") or row["bucket"] == "query-1word":
            continue
        column = row["lang"] if row["lang"] == "mixed" else f"{row['lang']} {row['bucket'][0]}"
        if row["bucket"] == "all":
            column = f"{row['lang']} all"
        if column not in columns:
            columns.append(column)
        pivot[row["engine"]][column] = row["accuracy"]
    for engine in engines:
        pivot[engine]["texts/s"] = round(speeds[engine])
    return [pivot[e] for e in engines], [*columns, "texts/s"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench langid", description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated; default all")
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong answers of the first engine")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/langid.json")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    items = load_items()
    all_rows: list[dict] = []
    speeds: dict[str, float] = {}
    first_errors: list[tuple[dict, str]] = []
    for engine in engines:
        rows, speed, errors = score(engine, items)
        all_rows.extend(rows)
        speeds[engine] = speed
        if engine == engines[0]:
            first_errors = errors
    table, columns = _pivot(all_rows, engines, speeds)
    print(f"{DATASET}: accuracy per lang × bucket (q/t/p); 'other' = 1 − share wrongly given en/ru/kk")
    print_table(table, columns)
    print()
    print("'other' by true language and one-word queries:")
    extra = [r for r in all_rows if r["lang"].startswith("other:") or r["bucket"] == "query-1word"]
    print_table(extra, ["engine", "lang", "bucket", "accuracy", "n"])
    for engine in engines:
        print(f"{engine}: {speeds[engine]:,.0f} texts/s")
    if args.errors:
        print(f"\nwrong answers of {engines[0]} ({len(first_errors)}):")
        for item, answer in first_errors[: args.errors]:
            label = lang_key(item) + (f"/{item['true_lang']}" if "true_lang" in item else "")
            print(f"  {label:10} {item['bucket']:9} -> {answer:5} {item['text'][:110]!r}")
    if not args.no_write:
        path = write_results("langid", all_rows)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
