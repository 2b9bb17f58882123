"""Read replicas: ``peacesearch publish --to DIR`` copies the serving index into a folder atomically, and
servers started with ``serve --follow DIR`` switch to each new copy, answer alike, never write DIR and refuse
edits. (An rsync ``host:path`` target is implemented but needs ssh to a second host: not tested here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from indexer.build import rebuild, update
from indexer.publish import MANIFEST, PublishError, is_remote, publish
from indexer.store import IndexStore
from tests.servers import free_port, request

ROOT = Path(__file__).resolve().parent.parent
WORD = "zebrafinchology"  # in no corpus document: found only once the new document is published
NEW_DOCUMENT = f"""---
id: en-replica-test
title: Replica test bulletin
lang: en
date: 2024-05-01
countries: [KZ]
---
A short bulletin about {WORD} written for the replica test. Mediators met in Almaty.
"""


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """An editor's index of part of the corpus (word search only: replication, not meaning, is under test)."""
    root = tmp_path_factory.mktemp("editor")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        rebuild([ROOT / "corpus" / "en", ROOT / "corpus" / "ru"], root / "index", progress=False)
    return root


def _add_document(editor: Path, text: str = NEW_DOCUMENT) -> None:
    path = editor / "new" / "replica-test.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        update([path], editor / "index", progress=False)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*")}


def test_publish_copies_the_generation_whole_and_links_what_did_not_change(tmp_path):
    editor = tmp_path / "editor"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        rebuild([ROOT / "corpus" / "en"], editor / "index", progress=False)
    source = IndexStore(editor / "index").current()
    dest = tmp_path / "published"

    first = publish(editor / "index", dest)
    served = IndexStore(dest).current()
    assert served is not None and served.name == source.name == first.generation
    assert first.copied_files > 0 and not first.unchanged
    assert json.loads((served / MANIFEST).read_text())["source"] == source.name
    assert not list(dest.glob(".publishing-*"))  # no temporary copy left behind

    again = publish(editor / "index", dest)  # nothing changed: nothing copied, nothing switched
    assert again.unchanged and IndexStore(dest).current() == served

    _add_document(editor)  # an edit committed into the editor's generation
    second = publish(editor / "index", dest)
    now = IndexStore(dest).current()
    assert now != served and now.name == second.generation
    assert served.is_dir()  # the copy followers may still read is kept until the next publish
    assert second.linked_files > 0  # the segments that did not change are links, not copies
    shared = [name for name in json.loads((now / MANIFEST).read_text())["files"] if (served / name).exists()
              and (served / name).stat().st_ino == (now / name).stat().st_ino]
    assert shared

    _add_document(editor, NEW_DOCUMENT.replace("Almaty", "Astana"))  # edited again
    third = publish(editor / "index", dest)
    assert served.name in third.removed and not served.exists()  # older than the previous: pruned
    assert now.is_dir() and IndexStore(dest).current().name == third.generation


def test_publish_refuses_what_it_cannot_do(tmp_path, editor):
    with pytest.raises(PublishError, match="no index"):
        publish(tmp_path / "empty", tmp_path / "dest")
    with pytest.raises(PublishError, match="index folder itself"):
        publish(editor / "index", editor / "index")
    with pytest.raises(PublishError, match="not published"):
        publish(editor / "index", _other_editor(tmp_path))


def _other_editor(tmp_path: Path) -> Path:
    """Another editor's index folder: publishing into it would mix two writers."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        rebuild([ROOT / "corpus" / "kk"], tmp_path / "other", progress=False)
    return tmp_path / "other"


def test_rsync_targets_are_told_from_folders(tmp_path):
    assert is_remote("replica1:/srv/peacesearch") and is_remote("deploy@10.0.0.5:index")
    assert not is_remote(str(tmp_path / "published")) and not is_remote("relative/folder")
    assert not is_remote("https://example.org/index")


def _follower(dest: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "PEACESEARCH_SEMANTIC": "0", "PEACESEARCH_TOKEN": "replica-token"}
    env.pop("PEACESEARCH_STORE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "search_api.cli", "serve", "--follow", str(dest), "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--threads", "2", "--editor", "http://editor.example:8000/"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return process, port


def _wait_healthy(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"follower exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if request(port, "GET", "/health", timeout=2)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("follower did not answer /health within 60 s")


def _search(port: int, q: str) -> dict:
    status, _, body = request(port, "GET", "/api/v1/search?" + urllib.parse.urlencode({"q": q, "match": "all"}),
                              headers={"Accept-Encoding": "identity"})
    assert status == 200, body[:300]
    return json.loads(body)


@pytest.fixture(scope="module")
def followers(editor, tmp_path_factory):
    """Two ``serve --follow`` servers on 127.0.0.1 over one published folder."""
    dest = tmp_path_factory.mktemp("published") / "index"
    publish(editor / "index", dest)
    logs = tmp_path_factory.mktemp("logs")
    started = [_follower(dest, logs / f"follower{n}.log") for n in (1, 2)]
    try:
        for n, (process, port) in enumerate(started, start=1):
            _wait_healthy(process, port, logs / f"follower{n}.log")
        yield dest, [port for _, port in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_two_followers_answer_alike_and_switch_to_each_publish(editor, followers):
    dest, ports = followers
    before = [_search(port, "women mediators") for port in ports]
    assert before[0]["total"] > 0
    assert [h["id"] for h in before[0]["hits"]] == [h["id"] for h in before[1]["hits"]]
    assert all(_search(port, WORD)["total"] == 0 for port in ports)

    _add_document(editor)
    assert all(_search(port, WORD)["total"] == 0 for port in ports)  # edited, not yet published
    published = publish(editor / "index", dest)
    snapshot = _files(dest)
    deadline = time.monotonic() + 15  # each thread looks every 0.5 s; the margin is for a loaded machine
    found = [False, False]
    while not all(found) and time.monotonic() < deadline:
        found = [_search(port, WORD)["total"] == 1 for port in ports]
        time.sleep(0.2)
    assert all(found), "a follower did not switch to the published index within 15 s"
    for port in ports:
        health = json.loads(request(port, "GET", "/health")[2])
        assert health["generation"] == published.generation
        assert _search(port, WORD)["hits"][0]["id"] == "en-replica-test"
    after = [_search(port, "women mediators") for port in ports]
    assert [h["id"] for h in after[0]["hits"]] == [h["id"] for h in after[1]["hits"]]
    assert _files(dest) == snapshot  # the followers wrote nothing into the folder they follow
    assert not (dest / "documents.sqlite").exists()


def test_a_follower_refuses_edits_and_names_the_editor(followers):
    _, ports = followers
    port = ports[0]
    auth = {"Authorization": "Bearer replica-token", "Content-Type": "text/markdown"}
    for method, path, body in [("PUT", "/api/v1/documents/en-replica-x", NEW_DOCUMENT.encode()),
                               ("DELETE", "/api/v1/documents/en-replica-test", None),
                               ("POST", "/api/v1/reindex", None),
                               ("POST", "/api/v1/documents/en-replica-test/revisions/1/restore", None),
                               ("GET", "/api/v1/documents/en-replica-test/revisions", None)]:
        status, headers, answer = request(port, method, path, body=body, headers=auth)
        assert status == 403, (method, path, status)
        error = json.loads(answer)["error"]
        assert "read replica" in error["message"] and "http://editor.example:8000/" in error["message"], error
    # reading goes on: the document itself and a POST search
    assert request(port, "GET", "/api/v1/documents/en-replica-test")[0] == 200
    status, _, _ = request(port, "POST", "/api/v1/search", body=b'{"q": "mediators"}',
                           headers={"Content-Type": "application/json"})
    assert status == 200


def test_a_follower_of_an_empty_folder_says_to_publish_first(tmp_path):
    done = subprocess.run([sys.executable, "-m", "search_api.cli", "serve", "--follow", str(tmp_path / "nothing")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PEACESEARCH_SEMANTIC": "0"})
    assert done.returncode == 1
    assert "peacesearch publish --to" in done.stderr
    assert not (tmp_path / "nothing").exists()  # not even created


def test_publish_command_reports_what_it_copied(tmp_path, editor):
    dest = tmp_path / "published"
    done = subprocess.run([sys.executable, "-m", "search_api.cli", "publish", "--index", str(editor / "index"),
                           "--to", str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PEACESEARCH_SEMANTIC": "0"})
    assert done.returncode == 0, done.stderr
    assert "Published gen-" in done.stdout and IndexStore(dest).current() is not None
    missing = subprocess.run([sys.executable, "-m", "search_api.cli", "publish", "--index", str(tmp_path / "none"),
                              "--to", str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no index" in missing.stderr


def test_publish_copies_one_whole_version_of_the_vectors(tmp_path):
    """The embedding job adds vector versions while the index serves; a copy takes the version its manifest
    names (and that manifest), not an older version's files nor the job's progress."""
    import numpy as np

    from indexer.vector_files import FOLDER, SegmentVectors, read_manifest, write_segment

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        rebuild([ROOT / "corpus" / "en"], tmp_path / "index", progress=False)
    source = IndexStore(tmp_path / "index").current()
    rows = 3
    arrays = SegmentVectors(np.ones((rows, 4), np.float32), np.ones(rows, bool), np.zeros(rows + 1, np.int64),
                            np.zeros((0, 4), np.float16))
    write_segment(source, "seg1", arrays, {"docs": rows})
    write_segment(source, "seg1", arrays, {"docs": rows})  # a newer version; the older one's files linger
    (source / FOLDER / "progress.json").write_text("{}")
    named = read_manifest(source)["seg1"]["stamp"]

    publish(tmp_path / "index", tmp_path / "published")
    copy = IndexStore(tmp_path / "published").current()
    vectors = sorted(p.name for p in (copy / FOLDER).iterdir())
    assert vectors == sorted(["manifest.json"] + [f"seg1-{named}.{part}.npy"
                                                  for part in ("whole", "present", "offsets", "sentences")])
    assert read_manifest(copy) == read_manifest(source)
    assert len(list((source / FOLDER).glob("*.npy"))) == 8  # the source still has both versions

    write_segment(source, "seg1", arrays, {"docs": rows, "complete": True})  # vectors arrived: publish again
    again = publish(tmp_path / "index", tmp_path / "published")
    assert not again.unchanged and read_manifest(IndexStore(tmp_path / "published").current())["seg1"]["complete"]


def test_a_vector_manifest_naming_missing_files_is_never_copied(tmp_path):
    """A copy never holds a manifest naming files it lacks (here they are gone for good: publish says so)."""
    from indexer.vector_files import FOLDER

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEACESEARCH_SEMANTIC", "0")
        rebuild([ROOT / "corpus" / "en"], tmp_path / "index", progress=False)
    source = IndexStore(tmp_path / "index").current()
    (source / FOLDER).mkdir(exist_ok=True)
    (source / FOLDER / "manifest.json").write_text(json.dumps({"segments": {"seg9": {"stamp": "abc"}}}))
    with pytest.raises(FileNotFoundError, match="vector files gone"):
        publish(tmp_path / "index", tmp_path / "published")
    assert IndexStore(tmp_path / "published").current() is None
    assert not list((tmp_path / "published").glob(".publishing-*"))
