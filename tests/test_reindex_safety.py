"""Editors' workflow under stress: incremental runs, killed indexers, rebuilds under load, two editors."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

import indexer.enrich
from indexer.build import rebuild, update
from search_api.engine import IndexHandle, SearchEngine
from search_api.request import SearchRequest
from tests.conftest import CORPUS, shared_path
from tests.servers import free_port

CLI = [sys.executable, "-m", "search_api.cli"]


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr[-2000:])
    return result


def total(root, **kwargs) -> int:
    """How many documents hold every word (match=all: what the index holds, not what a relaxed search shows)."""
    engine = SearchEngine(IndexHandle(root))
    try:
        return engine.search(SearchRequest(match="all", **kwargs)).total
    finally:
        engine.handle.close()


def write_docs(path, count: int, prefix: str = "bulk") -> None:
    words = ["мир", "женщины", "диалог", "молодежь", "граница", "вода", "школа", "выборы", "миграция", "СМИ"]
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            body = " ".join(words[(n + k) % len(words)] for k in range(120))
            handle.write(json.dumps({"id": f"{prefix}-{n}", "lang": "ru", "title": f"Документ {n}",
                                     "body": body, "country": "KZ", "date": f"20{10 + n % 15}"}) + "\n")


def test_incremental_runs_skip_update_and_prune(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("a", "b", "c"):
        (source / f"{name}.md").write_text(f"---\nid: {name}\ntitle: Doc {name}\nlang: en\n---\nPeace in Osh.", "utf-8")
    root = tmp_path / "index"
    report_file = tmp_path / "report.json"
    run_cli("index", str(source), "--index", str(root), "--quiet")
    run_cli("index", str(source), "--index", str(root), "--quiet", "--report", str(report_file))
    assert json.loads(report_file.read_text())["unchanged"] == 3

    (source / "b.md").write_text("---\nid: b\ntitle: Doc b, corrected\nlang: en\n---\nPeace in Bishkek.", "utf-8")
    (source / "c.md").unlink()
    (source / "d.md").write_text("---\nid: d\ntitle: Doc d\nlang: en\n---\nPeace in Khujand.", "utf-8")
    run_cli("index", str(source), "--index", str(root), "--quiet", "--report", str(report_file))
    report = json.loads(report_file.read_text())
    assert (report["added"], report["updated"], report["unchanged"], report["deleted"]) == (1, 1, 1, 0)
    assert total(root) == 4  # c stays without --prune

    run_cli("index", str(source), "--index", str(root), "--quiet", "--prune", "--report", str(report_file))
    assert json.loads(report_file.read_text())["deleted"] == 1
    assert total(root) == 3 and total(root, q="Bishkek") == 1

    run_cli("delete", "a", "nosuch", "--index", str(root), "--report", str(report_file))
    report = json.loads(report_file.read_text())
    assert report["deleted"] == 1 and report["skipped"] == [{"origin": "nosuch", "reason": "no document with this id"}]
    assert total(root) == 2


def test_an_index_written_by_older_analysis_is_rebuilt_not_updated(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text("---\nid: a\ntitle: Бейбітшілік\nlang: kk\n---\nБейбітшілік мектебі.", "utf-8")
    root = tmp_path / "index"
    report_file = tmp_path / "report.json"
    run_cli("index", str(source), "--index", str(root), "--quiet")
    (root / "current" / "peacesearch-analysis-version").write_text("1\n", encoding="utf-8")
    run_cli("index", str(source), "--index", str(root), "--quiet", "--report", str(report_file))
    report = json.loads(report_file.read_text())
    assert report["mode"].startswith("full") and report["applied"] == 1
    assert total(root, q="бейбітшілікті") == 1


def test_an_edit_to_the_taxonomy_re_enriches_documents_that_did_not_change(tmp_path, monkeypatch):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("a", "b"):
        (source / f"{name}.md").write_text(f"Women mediators in Osh\n\nThe council {name} met in Osh.", "utf-8")
    root = tmp_path / "index"
    assert update([source], root, progress=False).added == 2
    assert update([source], root, progress=False).unchanged == 2

    edited = tmp_path / "taxonomy.yaml"  # what an editor's added keyword does to the file
    edited.write_text(indexer.enrich.TAXONOMY_FILE.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    monkeypatch.setattr(indexer.enrich, "TAXONOMY_FILE", edited)
    indexer.enrich.fingerprint_of_rules.cache_clear()
    try:
        report = update([source], root, progress=False)
    finally:
        indexer.enrich.fingerprint_of_rules.cache_clear()
    # Unchanged in the store, but enriched again: the index is rebuilt under the new rules.
    assert (report.unchanged, report.applied) == (2, 2) and report.mode.startswith("full")


@pytest.mark.parametrize("command", ["add", "reindex"])
def test_killed_indexer_leaves_the_serving_index_intact_and_a_rerun_completes(tmp_path, command, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")  # 3,000 documents: word indexing only, to keep it quick
    root = tmp_path / "index"
    rebuild([CORPUS], root, progress=False)
    before = total(root)
    bulk = tmp_path / "bulk.jsonl"
    write_docs(bulk, 3000)
    args = ["add", str(bulk)] if command == "add" else ["reindex", "--full", str(CORPUS), str(bulk)]
    for delay in (0.5, 1.5, 3.0, 5.0):
        process = subprocess.Popen([*CLI, *args, "--index", str(root), "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = total(root)
        assert now in (before, before + 3000), f"after kill at {delay} s: {now} documents"
        assert total(root, q="мир") >= 0  # still searchable
    run_cli(*args, "--index", str(root), "--quiet")
    assert total(root) == before + 3000
    assert total(root, countries=["KZ"]) >= 3000
    generations = [p.name for p in root.iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1  # abandoned builds are cleaned up after the next switch


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def live_server(tmp_path):
    root = tmp_path / "index"
    rebuild([CORPUS], root, progress=False)
    port = free_port()
    # Its reindexes take in the shared collections (25,000 documents): word indexing only, to keep them quick.
    env = {**os.environ, "PEACESEARCH_TOKEN": "tok", "PEACESEARCH_SEMANTIC": "0"}
    process = subprocess.Popen([*CLI, "serve", "--index", str(root), "--port", str(port), "--workers", "2"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if http("GET", base + "/health")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, root
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_two_editors_posting_at_once_both_land(live_server):
    base, _ = live_server
    results = {}

    def put(n: int) -> None:
        body = f"---\ntitle: Editor {n} note on Naryn\nlang: en\n---\nA note from editor {n} about Naryn.".encode()
        results[n] = http("PUT", f"{base}/api/v1/documents/editor-{n}", body,
                          {"Authorization": "Bearer tok", "Content-Type": "text/markdown"})[0]

    threads = [threading.Thread(target=put, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: 201 for n in range(6)}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = {h["id"] for h in http("GET", f"{base}/api/v1/search?q=Naryn&limit=20")[1]["hits"]}
        if found >= {f"editor-{n}" for n in range(6)}:
            break
        time.sleep(0.2)
    assert found >= {f"editor-{n}" for n in range(6)}


def test_full_rebuild_under_search_load_fails_no_request(live_server, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")  # 25,000 documents: word indexing only, to keep it quick
    base, root = live_server
    shared = [str(shared_path("ntrex128-kk-ru-en", "corpus.jsonl")),
              str(shared_path("nerel-ru-wikinews", "corpus.jsonl")),
              str(shared_path("kaznerd-kk-news-sentences", "corpus.jsonl.gz")), str(CORPUS)]
    stop = threading.Event()
    outcomes: list[int] = []
    totals: list[int] = []

    def load() -> None:
        queries = ["мир", "женщины", "бейбітшілік", "peace", "Қазақстан", "Бишкек"]
        n = 0
        while not stop.is_set() and n < 20000:
            status, body = http("GET", f"{base}/api/v1/search?q={urllib.request.quote(queries[n % len(queries)])}")
            outcomes.append(status)
            if status == 200:
                totals.append(body["total"])
            n += 1

    threads = [threading.Thread(target=load) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        run_cli("reindex", "--full", *shared, "--index", str(root), "--quiet")
        time.sleep(1.5)  # the servers switch to the new index
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    seconds = time.monotonic() - started
    print(f"\n{len(outcomes)} searches during the rebuild, {len(outcomes) / seconds:.0f} requests/s")
    assert len(outcomes) > 50
    assert set(outcomes) == {200}
    assert http("GET", f"{base}/health")[1]["documents"] > 23000
