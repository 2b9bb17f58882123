"""Background indexing jobs, recorded as JSON files so that every server worker can report on them."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from indexer.report import Report


class JobStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def start(self, kind: str, work: Callable[[], Report]) -> str:
        """Runs ``work`` in a background thread; returns the job id at once."""
        job_id = uuid.uuid4().hex[:12]
        self._write(job_id, {"id": job_id, "kind": kind, "state": "running", "started": time.time()})
        thread = threading.Thread(target=self._run, args=(job_id, kind, work), daemon=True, name=f"job-{job_id}")
        thread.start()
        return job_id

    def _run(self, job_id: str, kind: str, work: Callable[[], Report]) -> None:
        record = self.get(job_id) or {"id": job_id, "kind": kind}
        try:
            report = work()
            record.update(state="done", report=asdict(report))
        except Exception as exc:  # the job fails and says why; the server goes on
            record.update(state="failed", error=f"{type(exc).__name__}: {exc}")
        record["finished"] = time.time()
        self._write(job_id, record)

    def get(self, job_id: str) -> dict | None:
        if not job_id.isalnum():
            return None
        try:
            return json.loads((self.folder / f"{job_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, job_id: str, record: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f".{job_id}.{os.getpid()}.tmp"
        temp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, self.folder / f"{job_id}.json")
