"""The real server (`peacesearch serve`: waitress workers) on a free port of 127.0.0.1, searched over HTTP."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server(corpus_index):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "search_api.cli", "serve", "--index", str(corpus_index),
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"server exited: {process.stderr.read().decode()[-2000:]}")
            try:
                if get(base + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not answer /health within 60 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_real_server_answers_searches_over_http(server):
    status, body = get(server + "/api/v1/search?" + urllib.parse.urlencode({"q": "женщинам", "limit": 50}))
    assert status == 200
    assert "ru-2018-osh-zhenshchiny-mediatory" in [hit["id"] for hit in body["hits"]]
    status, error = get(server + "/api/v1/search?sort=sideways")
    assert status == 400 and error["error"]["param"] == "sort"
    with urllib.request.urlopen(server + "/?q=" + urllib.parse.quote("мир"), timeout=10) as page:
        assert page.status == 200 and "<mark>" in page.read().decode()
