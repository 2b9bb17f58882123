"""``peacesearch serve`` started for a test: on 127.0.0.1 and a free port, waited for until ``/health``
answers, stopped (and killed if it will not stop) afterwards. Its errors go to a log file, never to a pipe
nobody reads (a full pipe stalls the server)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 10.0) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextmanager
def serving(args: list[str], log_path: Path, env: dict | None = None, wait_seconds: float = 60) -> Iterator[int]:
    """Runs ``peacesearch serve ARGS --host 127.0.0.1 --port PORT`` and yields the port once it answers."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "search_api.cli", "serve", *args, "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + wait_seconds
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    pytest.fail(f"server exited: {log_path.read_text(errors='replace')[-2000:]}")
                try:
                    if request(port, "GET", "/health", timeout=2)[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"server did not answer /health within {wait_seconds:.0f} s")
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
