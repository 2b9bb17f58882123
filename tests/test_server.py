"""The real server (`peacesearch serve`: waitress workers) on a free port of 127.0.0.1, searched over HTTP."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import serving


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server(corpus_index, tmp_path):
    with serving(["--index", str(corpus_index), "--workers", "2"], tmp_path / "server.log") as port:
        yield f"http://127.0.0.1:{port}"


def test_real_server_answers_searches_over_http(server):
    status, body = get(server + "/api/v1/search?" + urllib.parse.urlencode({"q": "женщинам", "limit": 50}))
    assert status == 200
    assert "ru-2018-osh-zhenshchiny-mediatory" in [hit["id"] for hit in body["hits"]]
    status, error = get(server + "/api/v1/search?sort=sideways")
    assert status == 400 and error["error"]["param"] == "sort"
    with urllib.request.urlopen(server + "/?q=" + urllib.parse.quote("мир"), timeout=10) as page:
        assert page.status == 200 and "<mark>" in page.read().decode()
