"""Language versions the editor names (``translation_of``): linked both ways on the document pages, from
front matter, JSON Lines and an edit over HTTP, and surviving a full rebuild from the store."""

import json
import time

import pytest
from falcon import testing

from indexer.build import rebuild
from search_api.app import create_app
from search_api.config import AppConfig

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")  # only the editor's links: none found by meaning
    source = tmp_path / "src"
    source.mkdir()
    (source / "report-en.md").write_text(
        "---\nid: report-en\ntitle: Water sharing in the Ferghana valley\nlang: en\ntranslation_of: report-ru\n---\n"
        "Farmers of Batken and Isfara agreed on a schedule for the canal.", "utf-8")
    (source / "report-ru.md").write_text(
        "---\nid: report-ru\ntitle: Вода в Ферганской долине\nlang: ru\n---\n"
        "Фермеры Баткена и Исфары договорились о графике подачи воды.", "utf-8")
    (source / "other.jsonl").write_text(json.dumps(
        {"id": "report-kk", "title": "Ферғана алқабындағы су", "lang": "kk", "translation_of": ["report-en"],
         "body": "Баткен мен Исфара фермерлері арна кестесі туралы келісті."}, ensure_ascii=False) + "\n", "utf-8")
    rebuild([source], tmp_path / "index", progress=False)
    config = AppConfig(index_dir=tmp_path / "index", token=TOKEN, sources=(str(source),), max_body_bytes=50_000)
    return testing.TestClient(create_app(config))


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def linked(client, doc_id: str) -> str:
    page = client.simulate_get(f"/documents/{doc_id}").text
    return page.split('<section class="versions">', 1)[1] if '<section class="versions">' in page else ""


def test_named_versions_are_linked_both_ways(client):
    english = linked(client, "report-en")
    assert "/documents/report-ru" in english and "/documents/report-kk" in english  # named, and naming it
    russian = linked(client, "report-ru")
    assert "/documents/report-en" in russian  # named by the English version only
    assert client.simulate_get("/api/v1/documents/report-en").json["translation_of"] == ["report-ru"]


def test_an_id_naming_no_document_is_left_out(client):
    response = client.simulate_put("/api/v1/documents/report-ru", headers=AUTH, body=json.dumps(
        {"title": "Вода в Ферганской долине", "lang": "ru", "translation_of": ["no-such-document"],
         "body": "Фермеры Баткена и Исфары договорились о графике подачи воды."}, ensure_ascii=False))
    assert response.status_code in (200, 201)
    russian = linked(client, "report-ru")
    assert "no-such-document" not in russian and "/documents/report-en" in russian


def test_an_edit_over_http_links_and_survives_a_full_rebuild(client):
    body = {"title": "Water report, Kazakh summary", "lang": "en", "translation_of": "report-kk",
            "body": "A short summary of the agreement between farmers."}
    put = client.simulate_put("/api/v1/documents/summary", headers=AUTH, body=json.dumps(body))
    assert put.status_code in (200, 201)
    assert "/documents/summary" in linked(client, "report-kk")
    started = client.simulate_post("/api/v1/reindex", headers=AUTH)
    assert started.status_code == 202
    job_url = started.json["url"]
    assert wait_for(lambda: client.simulate_get(job_url).json["state"] == "done", seconds=60)
    assert client.simulate_get(job_url).json["report"]["mode"] == "full"
    assert "/documents/summary" in linked(client, "report-kk")  # the edit came back from the store
