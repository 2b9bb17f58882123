"""The real server (``peacesearch serve``) keeps answering: idle and half-sent connections do not starve it,
a question as long as the contract allows fits in a GET or a POST, and a chunked body is read."""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.parse
from pathlib import Path

import pytest

from indexer.build import rebuild
from tests.servers import request, serving

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "service-token"
IDLE_SOCKETS = 50
# A Russian sentence repeated to the contract's longest question (search_api/request.py MAX_QUERY_CHARS).
PHRASE = "женщины миротворцы встретились в Оше. "
LONG_Q = (PHRASE * 30)[:1000]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``peacesearch serve`` with 2 workers over a small index of the corpus, on a free port; stopped after."""
    root = tmp_path_factory.mktemp("service")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")  # the service, not meaning, is under test: word search only
        rebuild([ROOT / "corpus" / "ru", ROOT / "corpus" / "en"], root / "index", progress=False)
    env = {**os.environ, "PEACESEARCH_SEMANTIC": "0", "PEACESEARCH_TOKEN": TOKEN}
    with serving(["--index", str(root / "index"), "--workers", "2"], root / "server.log", env) as port:
        yield port


def _timed(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    status, _, _ = request(port, "GET", path, timeout=5)
    return status, time.perf_counter() - started


def test_idle_and_half_sent_connections_do_not_starve_the_service(server):
    sockets = []
    try:
        for number in range(IDLE_SOCKETS):
            sock = socket.create_connection(("127.0.0.1", server), timeout=5)
            if number % 2:  # half a request, never finished
                sock.sendall(b"GET /api/v1/search?q=peace HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(sock)
        time.sleep(0.3)
        for _ in range(2):  # twice: under sync workers the second try hung as long as the first
            status, seconds = _timed(server, "/health")
            assert status == 200 and seconds < 1.0, f"/health took {seconds:.2f} s"
            status, seconds = _timed(server, "/api/v1/search?" + urllib.parse.urlencode({"q": "женщины"}))
            assert status == 200 and seconds < 1.0, f"a search took {seconds:.2f} s"
    finally:
        for sock in sockets:
            sock.close()


def test_the_longest_cyrillic_question_fits_in_a_get_and_a_post(server):
    assert len(LONG_Q) == 1000
    path = "/api/v1/search?" + urllib.parse.urlencode({"q": LONG_Q, "match": "any", "limit": 5})
    assert len(path) > 4094  # gunicorn's default request line cut such a question with an HTML 414
    status, headers, body = request(server, "GET", path)
    assert status == 200 and headers["content-type"].startswith("application/json")
    by_get = json.loads(body)
    assert by_get["total"] > 0
    status, _, body = request(server, "POST", "/api/v1/search",
                              body=json.dumps({"q": LONG_Q, "match": "any", "limit": 5}).encode(),
                              headers={"Content-Type": "application/json"})
    assert status == 200 and json.loads(body) == by_get
    status, headers, body = request(server, "GET", "/api/v1/search?" + urllib.parse.urlencode({"q": LONG_Q + "ы"}))
    assert status == 400 and json.loads(body)["error"]["param"] == "q"


def test_errors_from_the_real_server_are_json_with_security_headers(server):
    status, headers, body = request(server, "GET", "/no/such/page")
    assert status == 404 and json.loads(body)["error"]["status"] == 404
    assert headers["x-content-type-options"] == "nosniff" and "content-security-policy" in headers
    status, headers, body = request(server, "OPTIONS", "/api/v1/search")
    assert status == 405 and headers["allow"] == "GET, POST"


def test_a_chunked_put_is_read(server):
    document = json.dumps({"title": "Water users of Batken meet", "lang": "en",
                           "body": "Farmers of Batken and Isfara agreed on water turns."}).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (document[:20], document[20:])) + b"0\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(b"PUT /api/v1/documents/chunked-doc HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.split()[1] in (b"200", b"201"), answer[-500:]
    deadline = time.monotonic() + 5  # the other worker sees the new commit within its half-second check
    while (found := request(server, "GET", "/api/v1/documents/chunked-doc"))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found[0] == 200 and json.loads(found[2])["title"] == "Water users of Batken meet"
