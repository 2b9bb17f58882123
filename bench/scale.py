"""How the costs grow with the archive: the shared collections repeated to N documents, meaning off.

Per size: ``peacesearch index --jobs N`` in its own process (seconds, documents/s, peak RSS of the build
and its workers), the index and store sizes, in-process latency in a separate searching process (its peak
RSS too) for ``plain`` (2 words, every word), ``facets4`` (the same with country/theme/lang/year facets),
``filtered`` (country + date range), ``browse`` (no words, 4 facets, by date, a filter on half the
requests), ``any`` (judged questions, ``match=any``) and ``default`` (the questions in the default mode),
requests/s over HTTP at 1/8/32 clients against ``peacesearch serve`` on 127.0.0.1 (bench/serve.py's
load generator and query mix), and tantivy and SQLite FTS5 (bench/peers.py) built and queried on the
same documents. The table ends with each cost's growth per 10× documents between the measured sizes.

Sizes that would not fit ``--max-minutes`` (estimated from the previous size) or the free memory are
skipped with a message. Copies of a document get ids ``ID~rK``; nothing else changes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS, ROOT, print_table
from bench.datasets import read_records

COLLECTIONS = ("ntrex128-kk-ru-en/corpus.jsonl", "xquad-ru-en/corpus.jsonl", "kazqad-kk/corpus.jsonl",
               "nerel-ru-wikinews/corpus.jsonl", "kaznerd-kk-news-sentences/corpus.jsonl.gz")
FOUR_FACETS = ("country", "theme", "lang", "year")
KINDS = ("plain", "facets4", "filtered", "browse", "any", "default")
FIRST_RATE = 150.0  # documents/s per job assumed for the first size's time estimate
MB = 1024 * 1024


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="25000,100000,250000,1000000", help="documents per index, comma-separated")
    parser.add_argument("--jobs", type=int, default=None, help="build worker processes (default: the cores available)")
    parser.add_argument("--max-minutes", type=float, default=120.0, help="time budget for the whole run (default 120)")
    parser.add_argument("--queries", type=int, default=100, help="questions per language (default 100)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each HTTP level (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP levels")
    parser.add_argument("--no-peers", action="store_true", help="skip tantivy and SQLite FTS5")
    parser.add_argument("--speedup", type=int, metavar="SIZE", default=0,
                        help="at this size, also build with one process and report the speed-up")
    parser.add_argument("--out", default=str(RESULTS / "scale.json"),
                        help="results file (default bench/results/scale.json)")
    parser.add_argument("--search-child", metavar="INDEX", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ["PEACESEARCH_SEMANTIC"] = "0"  # meaning off: words only, in every process started here
    if args.search_child:
        print(json.dumps(_search_latencies(Path(args.search_child), args.queries)))
        return 0
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error(f"--sizes: expected numbers separated by commas, got {args.sizes!r}")
    if not sizes or sizes[0] < 1:
        parser.error("--sizes: give at least one positive size")
    deadline = time.monotonic() + args.max_minutes * 60
    base = _base_records()
    rows: list[dict] = []
    skipped: list[str] = []
    for size in sizes:
        why = _why_skip(size, rows, deadline, args.jobs)
        if why:
            skipped.append(f"{size}: {why}")
            print(f"skipping {size:,} documents: {why}", file=sys.stderr)
            continue
        print(f"— {size:,} documents", file=sys.stderr)
        rows.append(_measure(size, base, args))
        print(json.dumps(rows[-1]), file=sys.stderr)  # each size as it is measured, in case a later one is cut short
    growth = _growth(rows)
    _print(rows, growth, skipped)
    result = {"machine": _machine(), "jobs": args.jobs or _cores(), "meaning": "off", "rows": rows,
              "growth_per_10x": growth, "skipped": skipped,
              "notes": "browse: no words, 4 facets, by date, a country filter on half the requests; "
                       "peers: one text field, any word, BM25 (bench/peers.py), default tokenizer"}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _machine() -> dict:
    return {"cores": _cores(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "memory_gb": round(_meminfo("MemTotal") / MB / 1024, 1)}


def _meminfo(key: str) -> int:
    """A /proc/meminfo value in bytes (0 where unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _base_records() -> list[dict]:
    records = []
    for relative in COLLECTIONS:
        records += read_records(relative)
    return records


def _why_skip(size: int, rows: list[dict], deadline: float, jobs: int | None) -> str:
    """Why a size would not fit the time left or the memory (estimated from the last size), or ''."""
    left = deadline - time.monotonic()
    if rows:
        last = rows[-1]
        factor = size / last["documents"]
        estimate = last["measure_seconds"] * factor
        memory = max(last["build_rss_mb"], last["search_rss_mb"]) * MB * factor
    else:
        estimate = size / (FIRST_RATE * (jobs or _cores())) * 2  # the build, then about as long again
        memory = 0
    if estimate > left:
        return f"about {estimate / 60:.0f} min needed, {left / 60:.0f} min left of --max-minutes"
    available = _meminfo("MemAvailable")
    if available and memory > 0.8 * available:
        return f"about {memory / MB:,.0f} MB needed, {available / MB:,.0f} MB available"
    return ""


def _measure(size: int, base: list[dict], args: argparse.Namespace) -> dict:
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix=f"peacesearch-scale-{size}-"))
    try:
        source = scratch / "docs.jsonl"
        _write_repeated(source, base, size)
        index = scratch / "index"
        row: dict = {"documents": size, "load_before": round(os.getloadavg()[0], 1)}
        row.update(_build(source, index, args.jobs))
        if args.speedup and size == args.speedup:
            row.update(_speedup(source, scratch, row))
        row.update(_sizes(index))
        row.update(_search_child(index, args.queries))
        if not args.no_http:
            row.update(_http(index, args.seconds, args.workers))
        if not args.no_peers:
            row.update(_peers(source, args.queries))
        row["measure_seconds"] = round(time.monotonic() - started, 1)
        return row
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_repeated(path: Path, base: list[dict], size: int) -> None:
    """The shared records repeated to ``size`` documents; copy K of a record has the id ``ID~rK``."""
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(size):
            record = dict(base[number % len(base)])
            copy = number // len(base)
            if copy:
                record["id"] = f"{record['id']}~r{copy}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _run_measured(command: list[str]) -> tuple[int, float, float, str, float]:
    """Runs a command; returns its exit code, seconds, peak RSS in MB of it and its waited-for children
    (``wait4``: this process's other children do not count), its output, and its and its children's CPU
    seconds."""
    err = tempfile.TemporaryFile()
    out = tempfile.TemporaryFile()
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        process.kill()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    err.seek(0)
    out.seek(0)
    text = out.read().decode(errors="replace") + "\n" + err.read().decode(errors="replace")[-3000:]
    return process.returncode, seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def _build(source: Path, index: Path, jobs: int | None) -> dict:
    report = index.parent / "report.json"
    command = [sys.executable, "-m", "search_api.cli", "index", str(source), "--index", str(index), "--quiet",
               "--report", str(report)] + (["--jobs", str(jobs)] if jobs else [])
    code, seconds, rss, text, cpu = _run_measured(command)
    if code != 0:
        raise SystemExit(f"the build failed ({code}): {text}")
    done = json.loads(report.read_text(encoding="utf-8"))
    row = {"build_s": round(seconds, 1), "docs_per_s": round(done["index_size"] / seconds),
           "build_workers": done.get("workers", 1), "build_cpu_s": round(cpu, 1), "build_rss_mb": round(rss)}
    if done.get("merge"):  # searchable now; the segments are merged in the background (indexer/merge.py)
        row.update(_merge_wait(index, seconds))
    workers = done.get("worker_stats") or []
    if workers:  # indexer/parallel.py: each worker's segments, CPU seconds and peak RSS
        row.update(build_segments=sum(w["segments"] for w in workers),
                   worker_cpu_s=[w["cpu_seconds"] for w in workers], worker_rss_mb=max(w["rss_mb"] for w in workers))
    return row


def _merge_wait(index: Path, build_seconds: float) -> dict:
    """Waits for the background merge of a parallel build's segments: the seconds it added after the build
    (searches are measured on the merged generation), and its CPU seconds and peak RSS (from its log line's
    seconds and ``/proc`` while it runs)."""
    from indexer.merge import merging

    began = time.perf_counter()
    info = merging(index)
    cpu, rss = 0.0, 0.0
    while info is not None:
        cpu, rss = _proc_usage(int(info["pid"]), cpu, rss)
        time.sleep(0.2)
        info = merging(index)
    merge_s = time.perf_counter() - began
    return {"merge_s": round(merge_s, 1), "merge_cpu_s": round(cpu, 1), "merge_rss_mb": round(rss),
            "build_merged_s": round(build_seconds + merge_s, 1)}


def _proc_usage(pid: int, cpu: float, rss: float) -> tuple[float, float]:
    """A running process's CPU seconds and peak RSS in MB (the last values seen when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return cpu, rss


def _speedup(source: Path, scratch: Path, row: dict) -> dict:
    """The same build by one process, for the speed-up of ``--jobs``: by the clock, and by CPU seconds
    (on a machine others load, the clock mostly measures them; CPU seconds say what a quiet one would)."""
    one = _build(source, scratch / "index-1", 1)
    workers = row["build_workers"]
    result = {"build1_s": one["build_s"], "build1_cpu_s": one["build_cpu_s"],
              "speedup": round(one["build_s"] / row["build_s"], 2),
              "cpu_overhead": round(row["build_cpu_s"] / one["build_cpu_s"], 2),
              "speedup_per_core": round(one["build_s"] / row["build_s"] / workers, 2)}
    if row.get("worker_cpu_s"):  # the parent's CPU plus the slowest worker's: the clock of a quiet machine
        path = row["build_cpu_s"] - sum(row["worker_cpu_s"]) + max(row["worker_cpu_s"])
        result["speedup_cpu_path"] = round(one["build_cpu_s"] / path, 2)
    return result


def _sizes(index: Path) -> dict:
    generation = (index / "current").resolve()
    whoosh = sum(path.stat().st_size for path in generation.rglob("*") if path.is_file())
    store = sum(path.stat().st_size for path in index.glob("documents.sqlite*") if path.is_file())
    return {"index_mb": round(whoosh / MB, 1), "store_mb": round(store / MB, 1)}


def _search_child(index: Path, queries: int) -> dict:
    command = [sys.executable, "-m", "bench", "scale", "--search-child", str(index), "--queries", str(queries)]
    code, _, rss, text, _ = _run_measured(command)
    if code != 0:
        raise SystemExit(f"the searching process failed ({code}): {text}")
    result = json.loads(text.strip().splitlines()[0])
    result["search_rss_mb"] = round(rss)
    return result


def _search_latencies(index: Path, per_language: int) -> dict:
    """In this process: p50/p95 in ms of each kind of request (run by ``--search-child``)."""
    from bench.speed import _query_texts
    from search_api.engine import IndexHandle, SearchEngine
    from search_api.request import SearchRequest, parse_request

    short, questions = _query_texts(per_language)
    engine = SearchEngine(IndexHandle(index))
    started = time.perf_counter()
    engine.search(SearchRequest(q="", facets=()))  # opens the index and builds its columns
    result: dict = {"open_ms": round((time.perf_counter() - started) * 1000, 1)}
    requests = {
        "plain": [SearchRequest(q=q, match="all", facets=()) for q in short],
        "facets4": [SearchRequest(q=q, match="all", facets=FOUR_FACETS) for q in short],
        "filtered": [parse_request({"q": [q], "country": ["KZ", "RU"], "date_from": ["2010"], "date_to": ["2026"],
                                    "match": ["all"], "facets": [""]}) for q in short],
        "browse": [parse_request({"sort": ["date:desc"], "offset": [str(n % 50)], "facets": [",".join(FOUR_FACETS)],
                                  **({"country": [("KZ", "RU", "KG")[n % 3]]} if n % 2 else {})})
                   for n in range(200)],
        "any": [SearchRequest(q=q, match="any", facets=()) for q in questions],
        "default": [SearchRequest(q=q, facets=()) for q in questions],
    }
    for kind, batch in requests.items():
        for request in batch[:10]:
            engine.search(request)  # warm, as a running server is
        times = []
        for request in batch:
            began = time.perf_counter()
            engine.search(request)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        result[f"{kind}_p50"] = round(statistics.median(times), 2)
        result[f"{kind}_p95"] = round(times[int(0.95 * (len(times) - 1))], 2)
    engine.handle.close()
    return result


def _http(index: Path, seconds: float, workers: int) -> dict:
    from bench.serve import QUERIES, _get, _level, _Server

    result: dict = {}
    with _Server("waitress", index, workers, 2) as server:
        for _, params in QUERIES:  # warm every worker, and check the mix answers
            for _ in range(workers * 2):
                status, _body = _get(server.port, params, timeout=60)
                if status != 200:
                    raise SystemExit(f"the server answered {status} to {params}")
        for clients in (1, 8, 32):
            level = _level(server.port, clients, seconds)
            result[f"http{clients}_rps"] = level["req_per_s"]
            result[f"http{clients}_p95"] = level["p95_ms"]
            if level["errors"]:
                result[f"http{clients}_errors"] = level["errors"]
        result["server_rss_mb"] = round(_tree_rss(server.process.pid) / MB)
    return result


def _tree_rss(pid: int) -> int:
    """Peak RSS (VmHWM) of a process and its children, summed: the server's memory as a whole."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields.get("Pid", "0")) == pid or int(fields.get("PPid", "0")) == pid:
            total += int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
    return total


def _peers(source: Path, per_language: int) -> dict:
    """tantivy and FTS5 on the same documents: build seconds and question latency (any word, top 10)."""
    from bench.peers import make_peer
    from bench.speed import _query_texts

    _, questions = _query_texts(per_language)
    result: dict = {}
    for name in ("tantivy", "fts5"):
        try:
            peer = make_peer(name, "kk")  # "kk": the peers' default tokenizer, no stemming, on every language
        except ImportError as exc:
            result[f"{name}_error"] = str(exc)
            continue
        began = time.perf_counter()
        peer.index(_read_jsonl(source))
        result[f"{name}_build_s"] = round(time.perf_counter() - began, 1)
        times = []
        for question in questions:
            began = time.perf_counter()
            peer.search(question, limit=10)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        result[f"{name}_any_p50"] = round(statistics.median(times), 2)
        result[f"{name}_any_p95"] = round(times[int(0.95 * (len(times) - 1))], 2)
        peer.close()
    result["peers_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def _read_jsonl(path: Path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


GROWN = ("build_s", "index_mb", "build_rss_mb", "search_rss_mb", "open_ms", *(f"{k}_p50" for k in KINDS),
         *(f"{k}_p95" for k in KINDS), "http1_rps", "http8_rps", "http32_rps", "tantivy_build_s", "tantivy_any_p95",
         "fts5_build_s", "fts5_any_p95")


def _growth(rows: list[dict]) -> dict[str, float]:
    """Each cost's factor per 10× documents, from the smallest to the largest measured size (1: flat,
    10: linear)."""
    if len(rows) < 2:
        return {}
    first, last = rows[0], rows[-1]
    span = math.log10(last["documents"] / first["documents"])
    growth = {}
    for key in GROWN:
        if first.get(key) and last.get(key):
            growth[key] = round(10 ** (math.log10(last[key] / first[key]) / span), 2)
    return growth


def _print(rows: list[dict], growth: dict[str, float], skipped: list[str]) -> None:
    tables = (
        ["documents", "load_before", "build_s", "docs_per_s", "build_workers", "build_cpu_s", "build_rss_mb",
         "index_mb", "store_mb", "search_rss_mb", "open_ms"],
        ["documents", *(f"{k}_{p}" for k in KINDS for p in ("p50", "p95"))],
        ["documents", "build1_s", "build1_cpu_s", "speedup", "speedup_per_core", "cpu_overhead", "speedup_cpu_path",
         "build_segments", "worker_rss_mb", "merge_s", "merge_cpu_s", "merge_rss_mb", "build_merged_s"],
        ["documents", "http1_rps", "http8_rps", "http32_rps", "http32_p95", "server_rss_mb", "tantivy_build_s",
         "tantivy_any_p50", "tantivy_any_p95", "fts5_build_s", "fts5_any_p50", "fts5_any_p95"],
    )
    for columns in tables:
        present = [c for c in columns if any(c in row for row in rows)]
        if rows and present:
            print_table(rows, present)
            print()
    if growth:
        print("growth per 10× documents (1 = flat, 10 = linear): "
              + ", ".join(f"{key} ×{value}" for key, value in growth.items()))
    else:
        print("growth per 10× documents: needs two measured sizes")
    for line in skipped:
        print(f"skipped {line}")
