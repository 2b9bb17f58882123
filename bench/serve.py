"""Load test of the real server on 127.0.0.1: requests/s and latency percentiles at 1, 8 and 32 clients.

Each client keeps one HTTP/1.1 connection and sends a fixed mix of searches in turn (plain words in
en/ru/kk, filtered, five facets, ``match=any`` questions, browsing by date) for ``--seconds`` per level;
the whole run is bounded by those levels plus the server's start. Before the levels, ``idle-probe``
holds 50 sockets open (half of them having sent half a request) and times ``/health`` and a search.

``--server`` picks what serves: ``waitress`` (``peacesearch serve``, the default) or, for comparison,
gunicorn's ``sync`` or ``gthread`` workers over the same app (gunicorn comes with the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.common import ROOT, print_table, write_results

LEVELS = (1, 8, 32)
IDLE_SOCKETS = 50
QUERIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("plain", {"q": "women mediators"}),
    ("plain", {"q": "права женщин"}),
    ("plain", {"q": "бейбітшілік"}),
    ("filtered", {"q": "мир", "country": "KG", "date_from": "2010"}),
    ("filtered", {"q": "dialogue", "lang": "en", "theme": "interfaith"}),
    ("facets", {"q": "peace", "facets": "country,theme,lang,year,month"}),
    ("match-any", {"q": "how do women help to settle disputes over water at the border", "match": "any"}),
    ("match-any", {"q": "как молодёжь защищают от вербовки в экстремистские группы", "match": "any"}),
    ("browse", {"sort": "date:desc"}),
    ("browse", {"country": "KZ", "sort": "date:desc"}),
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", help="an index folder to serve (default: corpus/ indexed into a temporary folder)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each level (default 10, at most 20)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")
    parser.add_argument("--server", choices=("waitress", "gunicorn-sync", "gunicorn-gthread"), default="waitress")
    parser.add_argument("--name", default="serve", help="results file name under bench/results (default serve)")
    args = parser.parse_args(argv)
    seconds = min(max(args.seconds, 1.0), 20.0)
    scratch = Path(tempfile.mkdtemp(prefix="peacesearch-bench-serve-"))
    try:
        index = Path(args.index) if args.index else _corpus_index(scratch)
        with _Server(args.server, index, args.workers, args.threads) as server:
            print(f"server: {server.settings}")
            for kind, params in QUERIES:  # warm every worker's caches, and check the mix is valid
                for _ in range(args.workers * 2):
                    status, _ = _get(server.port, params)
                    if status != 200:
                        raise SystemExit(f"{kind} {params} answered {status}")
            probe = _idle_probe(server.port)
            print(f"idle-probe ({IDLE_SOCKETS} idle sockets): /health {probe['health_ms']} ms, "
                  f"search {probe['search_ms']} ms")
            rows = [_level(server.port, clients, seconds) for clients in LEVELS]
        for row in rows:
            row.update(server=args.server, workers=args.workers, threads=args.threads)
        print_table(rows, ["clients", "requests", "errors", "req_per_s", "p50_ms", "p95_ms", "p99_ms"])
        result = {"settings": server.settings, "seconds_per_level": seconds, "idle_probe": probe, "levels": rows,
                  "queries": [dict(kind=kind, **params) for kind, params in QUERIES]}
        print(f"written to {write_results(args.name, result)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _corpus_index(scratch: Path) -> Path:
    from indexer.build import build_index

    index = scratch / "index"
    build_index([ROOT / "corpus"], index, progress=False)
    return index


class _Server:
    """The server in a subprocess on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, kind: str, index: Path, workers: int, threads: int) -> None:
        self.kind, self.index, self.workers, self.threads = kind, index, workers, threads
        self.port = _free_port()
        self.settings: dict = {}

    def __enter__(self) -> _Server:
        env = dict(os.environ, BENCH_SERVE_INDEX=str(self.index))
        if self.kind == "waitress":
            from search_api.server import ServerSettings

            command = [sys.executable, "-m", "search_api.cli", "serve", "--index", str(self.index), "--host",
                       "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
                       "--threads", str(self.threads)]
            self.settings = ServerSettings(workers=self.workers, threads=self.threads).describe()
        else:
            worker = self.kind.split("-", 1)[1]
            command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers",
                       str(self.workers), "--worker-class", worker, "--threads", str(self.threads),
                       "--timeout", "60", "bench.serve:gunicorn_app()"]
            self.settings = {"server": f"gunicorn {worker}", "workers": self.workers,
                             "threads": self.threads if worker == "gthread" else 1, "timeout": 60}
        # The server's log goes to a file: a pipe nobody reads would fill and stall the server.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"server exited: {self.log.read().decode(errors='replace')[-2000:]}")
            try:
                if _get(self.port, None, path="/health")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("server did not answer /health within 120 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def gunicorn_app():
    """The app for the gunicorn comparison runs (``bench.serve:gunicorn_app()``)."""
    from search_api.app import create_app
    from search_api.config import AppConfig

    return create_app(AppConfig(index_dir=Path(os.environ["BENCH_SERVE_INDEX"])))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _path(params: dict[str, str] | None, path: str = "/api/v1/search") -> str:
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def _get(port: int, params: dict[str, str] | None, path: str = "/api/v1/search",
         timeout: float = 10.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", _path(params, path))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _idle_probe(port: int) -> dict:
    """Times /health and a search while idle sockets are held open, half of them mid-request."""
    sockets = []
    try:
        for number in range(IDLE_SOCKETS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if number % 2:
                sock.sendall(b"GET /api/v1/search?q=peace HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            sockets.append(sock)
        time.sleep(0.5)
        timings = {}
        for name, path, params in (("health_ms", "/health", None), ("search_ms", "/api/v1/search", {"q": "мир"})):
            started = time.perf_counter()
            try:
                status, _ = _get(port, params, path=path, timeout=5.0)
                timings[name] = round((time.perf_counter() - started) * 1000, 1) if status == 200 else None
            except OSError:
                timings[name] = None  # no answer within 5 s: the service is starved
        return timings
    finally:
        for sock in sockets:
            sock.close()


def _level(port: int, clients: int, seconds: float) -> dict:
    """``clients`` threads, each with one kept-alive connection, sending the query mix for ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    first_error: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        start.wait()
        number = offset
        while time.monotonic() < deadline[0]:
            _, params = QUERIES[number % len(QUERIES)]
            number += 1
            began = time.perf_counter()
            try:
                connection.request("GET", _path(params))
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                ok = False
                connection.close()
                with lock:
                    first_error[:] = first_error or [f"{type(exc).__name__}: {exc}"]
            if ok:
                mine.append((time.perf_counter() - began) * 1000)
            else:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n * 3,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float | None:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None

    return {"clients": clients, "requests": len(latencies), "errors": errors[0],
            "req_per_s": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
            "first_error": first_error[0] if first_error else None}
