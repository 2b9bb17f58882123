"""Editing over HTTP: token rules, put/delete, bad bodies, background reindex, and searches seeing it."""

import json
import time

import pytest
from falcon import testing

from indexer.build import rebuild
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.request import SearchRequest

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MARKDOWN = "---\ntitle: Water users meet in Batken\nlang: en\ndate: 2024-05\n---\nFarmers of Batken and Isfara agreed."


@pytest.fixture
def editable(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text("---\nid: a\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people of Osh.", "utf-8")
    rebuild([source], tmp_path / "index", progress=False)
    config = AppConfig(index_dir=tmp_path / "index", token=TOKEN, sources=(str(source),), max_body_bytes=50_000)
    app = create_app(config)
    return testing.TestClient(app), source


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def search_ids(client, q):
    return [hit["id"] for hit in client.simulate_get("/api/v1/search", params={"q": q}).json["hits"]]


def test_editing_is_off_without_a_configured_token(tmp_path):
    client = testing.TestClient(create_app(AppConfig(index_dir=tmp_path / "index")))
    response = client.simulate_put("/api/v1/documents/x", body=MARKDOWN, headers={"Content-Type": "text/markdown"})
    assert response.status_code == 403
    assert "PEACESEARCH_TOKEN" in response.json["error"]["message"]


def test_missing_token_is_401_and_wrong_token_403(editable):
    client, _ = editable
    headers = {"Content-Type": "text/markdown"}
    missing = client.simulate_put("/api/v1/documents/b", body=MARKDOWN, headers=headers)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.simulate_put("/api/v1/documents/b", body=MARKDOWN,
                                headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert client.simulate_delete("/api/v1/documents/a").status_code == 401
    assert client.simulate_post("/api/v1/reindex", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert client.simulate_get("/api/v1/documents/a").status_code == 200  # reading stays open


def test_put_markdown_then_json_update_then_delete(editable):
    client, _ = editable
    created = client.simulate_put("/api/v1/documents/b", body=MARKDOWN,
                                  headers={**AUTH, "Content-Type": "text/markdown"})
    assert created.status_code == 201
    assert created.json["result"] == "added" and created.json["countries"][0] == "KG"
    assert wait_for(lambda: "b" in search_ids(client, "Batken"))

    again = client.simulate_put("/api/v1/documents/b", body=MARKDOWN, headers={**AUTH, "Content-Type": "text/markdown"})
    assert again.status_code == 200 and again.json["result"] == "unchanged"

    record = {"title": "Water users meet in Batken", "body": "Farmers agreed on a new irrigation schedule.",
              "lang": "en", "date": "2024-06-02", "country": "KG"}
    updated = client.simulate_put("/api/v1/documents/b", json=record, headers=AUTH)
    assert updated.status_code == 200 and updated.json["result"] == "updated"
    assert wait_for(lambda: client.simulate_get("/api/v1/documents/b").json.get("date") == "2024-06-02")

    deleted = client.simulate_delete("/api/v1/documents/b", headers=AUTH)
    assert deleted.status_code == 200
    assert wait_for(lambda: client.simulate_get("/api/v1/documents/b").status_code == 404)
    assert client.simulate_delete("/api/v1/documents/b", headers=AUTH).status_code == 404


def test_put_json_without_a_title_gets_the_texts_headline(editable):
    client, _ = editable
    record = {"body": "Home | News | Contacts\nWomen mediators trained in Batken\n"
                      "Twenty women from villages on the border learned to mediate disputes over water.",
              "lang": "en"}
    created = client.simulate_put("/api/v1/documents/w", json=record, headers=AUTH)
    assert created.status_code == 201
    assert created.json["title"] == "Women mediators trained in Batken"
    assert client.simulate_get("/api/v1/documents/w").json["title"] == "Women mediators trained in Batken"


@pytest.mark.parametrize(("body", "content_type", "status", "says"), [
    (b"{not json", "application/json", 400, "malformed JSON"),
    (b"\xff\xfe\x00", "application/json", 400, "invalid UTF-8"),
    (b"   \n ", "text/markdown", 400, "empty"),
    (b"---\ntitle: [oops\n---\ntext", "text/markdown", 400, "broken front matter"),
    (json.dumps({"id": "other", "title": "t", "body": "b"}).encode(), "application/json", 400, "differs"),
    (json.dumps({"id": "c", "title": " ", "body": ""}).encode(), "application/json", 400, "empty document"),
    (b"x" * 60_000, "text/markdown", 413, "at most"),
    (b"%PDF-1.4", "application/pdf", 415, "application/json"),
])
def test_bad_bodies_are_refused_with_reasons(editable, body, content_type, status, says):
    client, _ = editable
    response = client.simulate_put("/api/v1/documents/c", body=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status
    assert says in response.json["error"]["message"]
    assert client.simulate_get("/api/v1/documents/a").status_code == 200  # nothing lost


def test_put_with_invalid_date_is_indexed_with_a_warning(editable):
    client, _ = editable
    # The date is then read from a dateline; an event date in the running text is not a publication date.
    body = "---\ntitle: Border talks\nlang: en\ndate: 2019-13-45\n---\nOsh, 12 March 2018\n\nTalks in Osh in May 2017."
    response = client.simulate_put("/api/v1/documents/d", body=body, headers={**AUTH, "Content-Type": "text/markdown"})
    assert response.status_code == 201
    assert response.json["date"] == "2018-03-12"
    assert any("2019-13-45" in w for w in response.json["warnings"])


def test_reindex_runs_in_the_background_and_reports(editable):
    client, source = editable
    (source / "e.md").write_text("---\nid: e\ntitle: Interfaith dialogue in Almaty\nlang: en\n---\nImams met.", "utf-8")
    started = client.simulate_post("/api/v1/reindex", headers=AUTH)
    assert started.status_code == 202
    job_url = started.json["url"]
    assert wait_for(lambda: client.simulate_get(job_url).json["state"] == "done", seconds=30)
    report = client.simulate_get(job_url).json["report"]
    assert report["indexed"] == 2 and report["mode"] == "full"
    assert wait_for(lambda: "e" in search_ids(client, "Almaty"))
    assert client.simulate_get("/api/v1/jobs/nosuchjob").status_code == 404


def test_engine_sees_committed_edits_without_restart(editable, tmp_path):
    client, _ = editable
    from search_api.engine import IndexHandle, SearchEngine

    engine = SearchEngine(IndexHandle(tmp_path / "index", check_interval=0.2))
    assert engine.search(SearchRequest(q="Batken", match="all")).total == 0
    client.simulate_put("/api/v1/documents/b", body=MARKDOWN, headers={**AUTH, "Content-Type": "text/markdown"})
    assert wait_for(lambda: engine.search(SearchRequest(q="Batken", match="all")).total == 1, seconds=2)
