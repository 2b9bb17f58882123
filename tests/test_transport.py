"""Compression of answers: brotli when the client accepts it, gzip otherwise, nothing for small bodies."""

from __future__ import annotations

import gzip

import brotli
import pytest

from search_api.transport import choose_encoding


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip, deflate, br", "br"),
    ("br", "br"),
    ("gzip", "gzip"),
    ("gzip;q=1.0, br;q=0.5", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("*", "br"),
    ("identity", None),
    ("gzip;q=0, br;q=0", None),
    ("", None),
])
def test_the_encoding_follows_the_clients_preference(header, expected):
    assert choose_encoding(header) == expected


def test_a_results_page_is_sent_as_brotli_when_accepted(client):
    page = client.simulate_get("/", params={"q": "mediators"}, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert page.headers["content-encoding"] == "br"
    assert "Accept-Encoding" in page.headers["vary"]
    text = brotli.decompress(page.content).decode("utf-8")
    assert "Women mediators" in text
    packed = client.simulate_get("/", params={"q": "mediators"}, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed.content).decode("utf-8") == text
    assert len(page.content) < len(packed.content)


def test_small_answers_and_clients_without_compression_get_plain_bodies(client):
    small = client.simulate_get("/health", headers={"Accept-Encoding": "br"})
    assert "content-encoding" not in small.headers
    plain = client.simulate_get("/", params={"q": "mediators"}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert "Women mediators" in plain.text
