"""A query and its thesaurus renderings embed side by side, each on a model instance of its own, with the
same vectors as one at a time (analyzers/semantic.py: ``query_models``; search_api/query_vectors.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from analyzers import semantic
from search_api import query_vectors

TEXTS = ("домашнее насилие в Казахстане", "domestic violence Kazakhstan", "тұрмыстық зорлық-зомбылық")


@pytest.fixture
def fresh(monkeypatch):
    """Each test starts with no model instances, threads or kept vectors, and ``count`` models at most."""

    def reset(count: int) -> None:
        monkeypatch.setenv("PEACESEARCH_QUERY_MODELS", str(count))
        query_vectors.forget()
        query_vectors._executor = None
        semantic._query_models = None

    yield reset
    query_vectors.forget()
    query_vectors._executor = None
    semantic._query_models = None


class MeetingModel:
    """A stand-in model whose ``query`` returns only once ``parties`` calls are inside it at the same time."""

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier

    def query(self, text: str) -> np.ndarray:
        self.barrier.wait()
        vector = np.zeros(semantic.DIMENSIONS, dtype=np.float32)
        vector[len(text) % semantic.DIMENSIONS] = 1.0
        return vector


def test_three_texts_started_together_embed_at_the_same_time(fresh, monkeypatch):
    fresh(3)
    barrier = threading.Barrier(len(TEXTS), timeout=10)  # broken (an error) unless all three run at once
    made: list[MeetingModel] = []
    first = MeetingModel(barrier)
    monkeypatch.setattr(semantic, "_model", lambda: first)
    monkeypatch.setattr(semantic, "_new_model", lambda: made.append(MeetingModel(barrier)) or made[-1])
    for text in TEXTS:
        query_vectors.start(text)
    vectors = [query_vectors.vector(text) for text in TEXTS]
    assert [int(np.argmax(v)) for v in vectors] == [len(text) for text in TEXTS]
    assert len(made) == 2  # the first instance and two more: one per text


def test_one_model_at_most_embeds_one_text_at_a_time(fresh, monkeypatch):
    fresh(1)
    inside, most = [0], [0]
    lock = threading.Lock()

    class CountingModel:
        def query(self, text: str) -> np.ndarray:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.02)
            with lock:
                inside[0] -= 1
            return np.ones(semantic.DIMENSIONS, dtype=np.float32)

    only = CountingModel()
    monkeypatch.setattr(semantic, "_model", lambda: only)
    monkeypatch.setattr(semantic, "_new_model", lambda: pytest.fail("a second instance beyond the limit"))
    for text in TEXTS:
        query_vectors.start(text)
    for text in TEXTS:
        query_vectors.vector(text)
    assert most[0] == 1


def test_a_model_that_fails_to_load_is_tried_again(fresh, monkeypatch):
    fresh(2)
    busy = threading.Event()
    release = threading.Event()

    class SlowModel:
        def query(self, text: str) -> np.ndarray:
            busy.set()
            release.wait(10)
            return np.ones(semantic.DIMENSIONS, dtype=np.float32)

    first = SlowModel()
    attempts: list[int] = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("no memory for a second instance")
        return MeetingModel(threading.Barrier(1))

    monkeypatch.setattr(semantic, "_model", lambda: first)
    monkeypatch.setattr(semantic, "_new_model", flaky)
    holder = threading.Thread(target=semantic.query_vector, args=("held",))
    holder.start()
    busy.wait(10)  # the first instance is busy: the next text needs a second one
    with pytest.raises(OSError):
        semantic.query_vector("fails")
    assert semantic.query_vector("works").shape == (semantic.DIMENSIONS,)  # while the first is still busy
    release.set()
    holder.join(10)
    assert len(attempts) == 2


def test_vectors_embedded_side_by_side_equal_those_embedded_one_at_a_time(fresh):
    if not semantic.enabled():
        pytest.skip("the embedding model cannot load here")
    fresh(1)
    alone = [semantic.query_vector(text) for text in TEXTS]
    fresh(3)
    for text in TEXTS:
        query_vectors.start(text)
    together = [query_vectors.vector(text) for text in TEXTS]
    for one, other in zip(alone, together, strict=True):
        assert np.array_equal(one, other)


def test_a_search_process_computes_on_one_thread(tmp_path):
    """usearch (imported with the search engine) brings its own OpenMP runtime, which the embedding engine
    then uses, and numpy brings OpenBLAS: the one-thread setting must be in place before those imports, or
    every query and every cosine product runs on as many threads as there are cores, spinning while idle
    (2.5 s a query instead of 25 ms on a busy machine)."""
    if not semantic.enabled() or not Path("/proc/self/task").is_dir():
        pytest.skip("the embedding model cannot load here, or no /proc to count threads in")
    script = (
        "import os\n"
        "import search_api.engine\n"
        "import numpy\n"
        "from analyzers import semantic\n"
        "before = len(os.listdir('/proc/self/task'))\n"
        "semantic.query_vector('домашнее насилие')\n"
        "numpy.ones((20000, 384), dtype=numpy.float32) @ numpy.ones(384, dtype=numpy.float32)\n"
        "print(before, len(os.listdir('/proc/self/task')))\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("OMP_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=True)
    before, after = (int(n) for n in done.stdout.split())
    assert before == 1  # numpy's OpenBLAS started no thread pool
    assert after == before  # no OpenMP worker thread started for the query or the product


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_worker_forked_while_a_query_embeds_can_embed(fresh, monkeypatch):
    fresh(2)
    first = MeetingModel(threading.Barrier(1))
    monkeypatch.setattr(semantic, "_model", lambda: first)
    monkeypatch.setattr(semantic, "_new_model", lambda: MeetingModel(threading.Barrier(1)))
    holding, release = threading.Event(), threading.Event()

    def busy() -> None:
        with semantic._query_model():  # holds the first instance and its lock across the fork
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=busy)
    holder.start()
    holding.wait(10)
    pid = os.fork()
    if pid == 0:  # the child: no thread gives the instance back here
        ok = False
        signal.alarm(20)  # a deadlocked child dies instead of hanging the test
        try:
            query_vectors.start("one")
            query_vectors.start("two")
            ok = query_vectors.vector("one").shape == query_vectors.vector("two").shape == (semantic.DIMENSIONS,)
        finally:
            os._exit(0 if ok else 1)
    release.set()
    holder.join(10)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
