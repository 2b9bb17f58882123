"""The document store as the system of record: edits over HTTP survive every index command an editor
runs, against the embedded SQLite store and against PostgreSQL."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time

import pytest
from falcon import testing

from docstore import DocumentStore
from docstore.backup import export_store, import_store
from docstore.jobs import JobStore
from indexer.build import IndexingError, rebuild, update
from indexer.store import IndexStore
from search_api.app import create_app
from search_api.config import AppConfig
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
from tests.postgres import store_url as store_url  # noqa: F401  (fixture)

TOKEN = "store-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MARKDOWN = {"Content-Type": "text/markdown"}


@pytest.fixture
def archive(tmp_path, store_url):
    """Files, an index built from them into the store, and an editing client."""
    source = tmp_path / "src"
    source.mkdir()
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people of Osh met.")
    _write(source / "c.md", "---\nid: c\ntitle: Water users in Batken\nlang: en\n---\nFarmers shared water.")
    store = DocumentStore(store_url)
    root = tmp_path / "index"
    rebuild([source], root, progress=False, store=store)
    config = AppConfig(index_dir=root, token=TOKEN, sources=(str(source),), store=store_url, sync_seconds=0)
    client = testing.TestClient(create_app(config))
    yield client, source, root, store
    store.close()


def _write(path, text, age_seconds: float = 0.0):
    path.write_text(text, encoding="utf-8")
    if age_seconds:
        stamp = time.time() - age_seconds
        os.utime(path, (stamp, stamp))


def _ids(client, q):
    return [hit["id"] for hit in client.simulate_get("/api/v1/search", params={"q": q}).json["hits"]]


def _title(client, doc_id):
    time.sleep(0.6)  # the engine reopens within half a second of a commit
    response = client.simulate_get(f"/api/v1/documents/{doc_id}")
    return response.json["title"] if response.status_code == 200 else None


def _wait_job(client, url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        record = client.simulate_get(url).json
        if record["state"] != "running":
            return record
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_a_document_put_over_http_survives_prune_full_reindex_and_post_reindex(archive):
    client, source, root, store = archive
    put = client.simulate_put("/api/v1/documents/b", body="---\ntitle: Mediators in Khujand\nlang: en\n---\n"
                              "Women mediators of Khujand.", headers={**AUTH, **MARKDOWN})
    assert put.status_code == 201 and put.json["revision"] == 1
    report = update([source], root, progress=False, prune=True, store=store)  # what make serve runs
    assert report.deleted == 0
    assert _title(client, "b") == "Mediators in Khujand"
    rebuild([source], root, progress=False, store=store)  # peacesearch reindex --full
    assert _title(client, "b") == "Mediators in Khujand"
    job = client.simulate_post("/api/v1/reindex", headers=AUTH)
    record = _wait_job(client, job.json["url"])
    assert record["state"] == "done" and record["report"]["deleted"] == 0
    assert _title(client, "b") == "Mediators in Khujand"
    assert "b" in _ids(client, "Khujand mediators")


def test_a_document_deleted_over_http_stays_deleted_until_its_file_changes(archive):
    client, source, root, store = archive
    assert client.simulate_delete("/api/v1/documents/a", headers=AUTH).status_code == 200
    report = update([source], root, progress=False, store=store)
    assert report.kept == 1 and report.added == 0
    assert _title(client, "a") is None and "a" not in _ids(client, "Osh youth")
    time.sleep(0.05)
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum in Osh, second day\nlang: en\n---\nYoung people of Osh.")
    report = update([source], root, progress=False, store=store)
    assert report.added == 1 and len(report.conflicts) == 1
    assert "file's version is now current" in report.conflicts[0]["resolution"]
    assert _title(client, "a") == "Youth forum in Osh, second day"


def test_a_title_corrected_over_put_is_not_undone_by_the_file_and_the_newer_change_wins(archive):
    client, source, root, store = archive
    corrected = "---\ntitle: Youth forum in Osh (corrected)\nlang: en\n---\nYoung people of Osh met."
    put = client.simulate_put("/api/v1/documents/a", body=corrected, headers={**AUTH, **MARKDOWN})
    assert put.status_code == 200 and put.json["result"] == "updated"
    report = update([source], root, progress=False, store=store)  # the file has not changed
    assert report.kept == 1 and report.updated == 0 and not report.conflicts
    assert _title(client, "a") == "Youth forum in Osh (corrected)"
    # A file edit older than the API edit (a late copy) does not overwrite it, and is reported.
    _write(source / "a.md", "---\nid: a\ntitle: Old copy\nlang: en\n---\nYoung people.", age_seconds=3600)
    report = update([source], root, progress=False, store=store)
    assert report.kept == 1 and "not applied" in report.conflicts[0]["resolution"]
    assert _title(client, "a") == "Youth forum in Osh (corrected)"
    # A file edit made after the API edit wins, and is reported.
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum in Osh, final\nlang: en\n---\nYoung people.")
    report = update([source], root, progress=False, store=store)
    assert report.updated == 1 and "now current" in report.conflicts[0]["resolution"]
    assert _title(client, "a") == "Youth forum in Osh, final"


def test_revisions_list_every_change_and_a_revision_can_be_restored_with_the_token(archive):
    client, source, root, store = archive
    client.simulate_put("/api/v1/documents/c", body="---\ntitle: Wrong title\nlang: en\n---\nFarmers.",
                        headers={**AUTH, **MARKDOWN})
    history = client.simulate_get("/api/v1/documents/c/revisions").json
    assert [r["action"] for r in history["revisions"]] == ["create", "update"]
    assert history["revisions"][0]["origin_kind"] == "file" and history["revisions"][1]["origin"].startswith("api:")
    assert TOKEN not in json.dumps(history)
    assert client.simulate_get("/api/v1/documents/c/revisions/1").json["document"]["title"] == "Water users in Batken"
    assert client.simulate_post("/api/v1/documents/c/revisions/1/restore").status_code == 401
    restored = client.simulate_post("/api/v1/documents/c/revisions/1/restore", headers=AUTH)
    assert restored.status_code == 200 and restored.json["revision"] == 3
    assert _title(client, "c") == "Water users in Batken"
    assert client.simulate_get("/api/v1/documents/c/revisions/9").status_code == 404
    assert client.simulate_get("/api/v1/documents/nope/revisions").status_code == 404
    # A deleted document comes back by restoring its last content.
    client.simulate_delete("/api/v1/documents/c", headers=AUTH)
    assert client.simulate_post("/api/v1/documents/c/revisions/4/restore", headers=AUTH).status_code == 409
    assert client.simulate_post("/api/v1/documents/c/revisions/3/restore", headers=AUTH).status_code == 200
    assert _title(client, "c") == "Water users in Batken"


@pytest.mark.parametrize("fmt", ["jsonl", "md"])
def test_export_then_import_round_trips_documents_revisions_and_tombstones(archive, tmp_path, fmt):
    client, source, root, store = archive
    client.simulate_put("/api/v1/documents/b", body="---\ntitle: Қыздар мектебі\n---\nБейбітшілік сабағы.",
                        headers={**AUTH, **MARKDOWN})
    client.simulate_delete("/api/v1/documents/c", headers=AUTH)
    first = tmp_path / f"backup.{fmt}"
    export_store(store, first, fmt)
    copy = DocumentStore(str(tmp_path / "restored.sqlite"))
    assert import_store(copy, first) == 3
    second = tmp_path / f"again.{fmt}"
    export_store(copy, second, fmt)
    history = "history.jsonl" if fmt == "md" else ""
    assert (first / history if history else first).read_text("utf-8") == \
        (second / history if history else second).read_text("utf-8")
    assert copy.get("c").deleted and copy.get("b").data["title"] == "Қыздар мектебі"
    assert copy.revisions("c") == store.revisions("c")
    if fmt == "md":
        assert "Бейбітшілік сабағы." in (first / "documents" / "b.md").read_text("utf-8")
    copy.close()


def test_a_job_whose_worker_died_is_marked_failed_with_a_reason(tmp_path):
    store = DocumentStore(str(tmp_path / "documents.sqlite"))
    jobs = JobStore(store, stale_after=0.5, heartbeat=0.1)
    dead = time.time() - 60
    with store.db.transaction():
        store.db.execute("INSERT INTO jobs (id, kind, state, worker, started, heartbeat) "
                         "VALUES ('deadjob', 'reindex', 'running', 'elsewhere:1', ?, ?)", (dead, dead))
    record = jobs.get("deadjob")
    assert record["state"] == "failed" and "no heartbeat" in record["error"]
    # A job that is alive keeps beating and stays running until it ends.
    job = jobs.start("reindex", lambda: (time.sleep(1.2), __import__("indexer.report").report.Report())[1])
    time.sleep(0.8)
    assert jobs.get(job)["state"] == "running"
    deadline = time.monotonic() + 10
    while jobs.get(job)["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert jobs.get(job)["state"] == "done"
    store.close()


def test_job_records_show_no_server_paths(archive, tmp_path):
    client, source, root, store = archive
    (source / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    record = _wait_job(client, client.simulate_post("/api/v1/reindex", headers=AUTH).json["url"])
    assert record["report"]["skipped"] and str(tmp_path) not in json.dumps(record)


def test_an_index_folder_built_before_the_store_is_migrated_losing_nothing(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people of Osh met.")
    root = tmp_path / "index"
    rebuild([source], root, progress=False)
    client = testing.TestClient(create_app(AppConfig(index_dir=root, token=TOKEN, sync_seconds=0)))
    client.simulate_put("/api/v1/documents/b", body="---\ntitle: Mediators in Khujand\n---\nWomen mediators.",
                        headers={**AUTH, **MARKDOWN})
    (root / "documents.sqlite").unlink()  # as if the index had been built before the store existed
    for suffix in ("-wal", "-shm"):
        (root / f"documents.sqlite{suffix}").unlink(missing_ok=True)
    report = update([source], root, progress=False, prune=True)
    assert report.deleted == 0
    store = DocumentStore(str(root / "documents.sqlite"))
    assert store.get("b").origin_kind == "api" and store.get("a").origin_kind == "file"
    assert store.get("b").data["title"] == "Mediators in Khujand"
    store.close()


def test_an_unwritable_store_is_a_one_line_error_and_exit_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    source = tmp_path / "src"
    source.mkdir()
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum\n---\nYoung people.")
    result = subprocess.run([sys.executable, "-m", "search_api.cli", "index", str(source), "--index",
                             str(tmp_path / "index"), "--store", str(blocker / "store.sqlite"), "--quiet"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "document store" in result.stderr and "Traceback" not in result.stderr


def test_a_full_disk_while_indexing_leaves_the_previous_index_serving(tmp_path, monkeypatch):
    source = tmp_path / "src"
    source.mkdir()
    _write(source / "a.md", "---\nid: a\ntitle: Youth forum in Osh\nlang: en\n---\nYoung people of Osh met.")
    root = tmp_path / "index"
    rebuild([source], root, progress=False)
    before = IndexStore(root).current()

    from whoosh.writing import SegmentWriter

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "commit", full_disk)
    with pytest.raises(IndexingError, match="disk full") as caught:
        rebuild([source], root, progress=False)
    assert "\n" not in str(caught.value) and "previous index is still serving" in str(caught.value)
    assert IndexStore(root).current() == before
    assert len(list(root.glob("gen-*"))) == 1
