"""Background jobs (reindex) kept in the store with a heartbeat, so every server worker, and every
server sharing a PostgreSQL store, reports the same state, and a job whose worker died is marked
failed with a reason instead of staying "running" forever.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from docstore.documents import DocumentStore, _iso
from indexer.report import Report

HEARTBEAT_SECONDS = 2.0
STALE_AFTER_SECONDS = 30.0  # no heartbeat for this long: the worker is gone


class JobStore:
    def __init__(self, store: DocumentStore, stale_after: float = STALE_AFTER_SECONDS,
                 heartbeat: float = HEARTBEAT_SECONDS) -> None:
        self.store = store
        self.stale_after = stale_after
        self.heartbeat = heartbeat

    def start(self, kind: str, work: Callable[[], Report]) -> str:
        """Records the job, runs ``work`` in a background thread with a heartbeat, returns its id at once."""
        job_id = uuid.uuid4().hex[:12]
        now = time.time()
        self._execute("INSERT INTO jobs (id, kind, state, worker, started, heartbeat) "
                      "VALUES (?, ?, 'running', ?, ?, ?)",
                      (job_id, kind, f"{socket.gethostname()}:{os.getpid()}", now, now))
        threading.Thread(target=self._run, args=(job_id, work), daemon=True, name=f"job-{job_id}").start()
        return job_id

    def _run(self, job_id: str, work: Callable[[], Report]) -> None:
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.heartbeat):
                self._execute("UPDATE jobs SET heartbeat = ? WHERE id = ? AND state = 'running'", (time.time(), job_id))

        threading.Thread(target=beat, daemon=True, name=f"heartbeat-{job_id}").start()
        try:
            report = work()
            state, payload, error = "done", json.dumps(public_report(asdict(report)), ensure_ascii=False), None
        except Exception as exc:  # the job fails and says why; the server goes on
            state, payload, error = "failed", None, f"{type(exc).__name__}: {exc}"
        finally:
            done.set()
        self._execute("UPDATE jobs SET state = ?, report = ?, error = ?, finished = ?, heartbeat = ? WHERE id = ?",
                      (state, payload, error, time.time(), time.time(), job_id))

    def get(self, job_id: str) -> dict[str, Any] | None:
        """The job's record; a running job without a recent heartbeat is marked failed first."""
        if not job_id.isalnum() or len(job_id) > 64:
            return None
        record = self._read(job_id)
        if record and record["state"] == "running" and time.time() - record["_heartbeat"] > self.stale_after:
            self._execute("UPDATE jobs SET state = 'failed', error = ?, finished = ? "
                          "WHERE id = ? AND state = 'running'",
                          (f"the worker stopped (no heartbeat since {_iso(record['_heartbeat'])})", time.time(),
                           job_id))
            record = self._read(job_id)
        if record:
            record.pop("_heartbeat")
        return record

    def _read(self, job_id: str) -> dict[str, Any] | None:
        rows = self._execute("SELECT id, kind, state, started, heartbeat, finished, report, error FROM jobs "
                             "WHERE id = ?", (job_id,))
        if not rows:
            return None
        r = rows[0]
        record: dict[str, Any] = {"id": r[0], "kind": r[1], "state": r[2], "started": _iso(r[3]),
                                  "heartbeat": _iso(r[4]), "finished": _iso(r[5]), "_heartbeat": float(r[4])}
        if r[6]:
            record["report"] = json.loads(r[6])
        if r[7]:
            record["error"] = r[7]
        return record

    def _execute(self, sql: str, params: tuple) -> list[tuple]:
        with self.store.db.transaction():
            return self.store.db.execute(sql, params)


def public_report(report: dict[str, Any]) -> dict[str, Any]:
    """A report without server paths (job records are readable by anyone): origins keep the file name."""
    hidden = {"index", "files", "store"}
    public = {key: value for key, value in report.items() if key not in hidden}
    for key in ("skipped", "warnings", "conflicts", "missing_metadata"):
        public[key] = [{**item, "origin": _file_name(item.get("origin", ""))} for item in public.get(key, [])]
    return public


def _file_name(origin: str) -> str:
    return origin.replace("\\", "/").rsplit("/", 1)[-1]
