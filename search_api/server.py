"""Serves the app with waitress in one or more worker processes that share one listening socket.

Why waitress, and not gunicorn's workers (measured with ``python -m bench serve --server ...``):
- gunicorn's ``sync`` worker gives a whole process to one connection: two sockets that send half a request
  kept ``/health`` waiting 65 s with two workers.
- gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first bytes arrive, and the
  thread then blocks until the request is complete: as many half-sent requests as threads starve a worker.
- gunicorn's ``gevent`` worker would be immune, but it monkey-patches threads into greenlets: a background
  reindex (a CPU-bound thread) would then stop that worker's requests for minutes.
- waitress reads every connection in an asynchronous loop and hands a request to its thread pool only
  once the request line, headers and body are all in: idle or slow clients hold a little memory, never a
  thread. ``channel_timeout`` closes a connection silent for that long (a stalled half request, or an idle
  kept-alive one). Its request line has no 4 KB cap, so a 1,000-character Cyrillic ``q`` fits in a GET.

Waitress runs one process; Python searches hold the GIL, so ``workers`` processes (forked here, each with
its own app, Whoosh searchers and models) share the listening socket to use every core. The parent only
restarts a worker that died and stops them all on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from dataclasses import asdict, dataclass

from search_api.app import create_app
from search_api.config import AppConfig

log = logging.getLogger("peacesearch.server")


@dataclass(frozen=True)
class ServerSettings:
    """What the service runs with; printed by ``bench serve`` next to its figures."""

    server: str = "waitress"
    workers: int = 2  # processes: searches are CPU-bound Python, one core each
    threads: int = 2  # per process: one request goes on while another waits on disk or the embedding lock;
    # more threads only contend for the GIL (4 measured no faster under 8 or 32 clients)
    channel_timeout: int = 15  # s of silence before a connection is closed: half-sent requests, idle keep-alive
    cleanup_interval: int = 2  # s between checks of that timeout
    connection_limit: int = 500  # open connections per process before it stops accepting for a while
    max_request_header_size: int = 65_536  # request line + headers: the longest contract-valid GET is ~12 KB
    backlog: int = 2048

    def describe(self) -> dict:
        return asdict(self)


def run_server(config: AppConfig, host: str, port: int, workers: int, threads: int = ServerSettings.threads) -> None:
    """Serves until SIGTERM or Ctrl+C; ``workers`` processes of ``threads`` threads each."""
    settings = ServerSettings(workers=max(1, workers), threads=max(1, threads))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(process)d %(name)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a note per queued request would flood the log
    listener = _listen(host, port, settings.backlog)
    log.info("listening on %s:%d with %s", host, port, settings.describe())
    if settings.workers == 1:
        _serve(config, listener, settings)
        return
    if not _Supervisor(lambda: _serve(config, listener, settings), settings.workers).run():
        raise SystemExit(1)


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=backlog)
    listener.setblocking(False)
    return listener


def _serve(config: AppConfig, listener: socket.socket, settings: ServerSettings) -> None:
    """One worker: its own app (built after the fork: Whoosh readers are not shared) behind waitress."""
    from waitress import create_server

    app = _AccessLog(create_app(config))
    server = create_server(
        app,
        sockets=[listener],
        threads=settings.threads,
        channel_timeout=settings.channel_timeout,
        cleanup_interval=settings.cleanup_interval,
        connection_limit=settings.connection_limit,
        max_request_header_size=settings.max_request_header_size,
        # Bodies up to 4x the app's limit reach the app, which refuses them with a JSON 413; larger ones the
        # server cuts off itself rather than buffer them.
        max_request_body_size=4 * config.max_body_bytes,
        clear_untrusted_proxy_headers=True,
        ident="peacesearch",
    )
    signal.signal(signal.SIGTERM, _exit_on_signal)  # waitress stops its threads on SystemExit
    server.run()


_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(0)


class _Supervisor:
    """Forks the workers, replaces one that dies, and stops them all on SIGTERM or SIGINT."""

    QUICK_DEATH_SECONDS = 5.0
    MAX_QUICK_DEATHS = 5  # a worker that cannot start (bad index, broken install) must not fork forever
    GRACE_SECONDS = 10.0  # after SIGTERM, workers finish their requests; one still alive then is killed

    def __init__(self, serve, workers: int) -> None:
        self.serve = serve
        self.workers = workers
        self.children: dict[int, float] = {}
        self.stopping = False
        self.stopping_since = 0.0
        self.failed = False

    def run(self) -> bool:
        """Serves until stopped; False when the workers kept dying at start."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for _ in range(self.workers):
            self._spawn()
        quick_deaths = 0
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)  # polled: a stop must not wait forever on a worker
            except ChildProcessError:
                break
            if pid == 0:
                self._kill_late_workers()
                time.sleep(0.2)
                continue
            started = self.children.pop(pid, None)
            if self.stopping or started is None:
                continue
            log.warning("worker %d exited (status %d); starting another", pid, status)
            quick_deaths = quick_deaths + 1 if time.monotonic() - started < self.QUICK_DEATH_SECONDS else 0
            if quick_deaths >= self.MAX_QUICK_DEATHS:
                log.error("workers keep dying at start; stopping")
                self.failed = True
                self._stop(signal.SIGTERM, None)
                continue
            self._spawn()
        return not self.failed

    def _spawn(self) -> None:
        # Stop signals wait until the worker has its own handlers: the parent's, inherited by the fork,
        # would make the worker a second supervisor that ignores the stop.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, _exit_on_signal)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            code = 0
            try:
                self.serve()
            except (KeyboardInterrupt, SystemExit):
                pass
            except BaseException:
                log.exception("worker failed")
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = time.monotonic()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)

    def _kill_late_workers(self) -> None:
        if self.stopping and time.monotonic() - self.stopping_since > self.GRACE_SECONDS:
            for pid in list(self.children):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def _stop(self, signum, frame) -> None:
        if not self.stopping:
            self.stopping_since = time.monotonic()
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


class _AccessLog:
    """One line per request on stdout (method, path, status, milliseconds), as gunicorn's access log did."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status_line = ["-"]

        def start(status, headers, exc_info=None):
            status_line[0] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            millis = (time.perf_counter() - started) * 1000
            print(f'{environ.get("REMOTE_ADDR", "-")} "{environ.get("REQUEST_METHOD")} {environ.get("PATH_INFO")}" '
                  f"{status_line[0]} {millis:.1f}ms", flush=True)
