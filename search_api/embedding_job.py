"""``peacesearch embed``, and the background process ``peacesearch serve`` starts to run it.

The server answers from the word index at once; this process (niced, so searches keep the cores they need)
embeds the serving generation's documents and every later commit's (indexer/embed.py), and the server's
workers pick the vectors up as they land (search_api/meaning.py). It stops with the server, and by itself
when the server that started it is gone.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from analyzers import semantic

NICENESS = 10  # below the server's workers: a search waits for no embedding
PARENT_CHECK_SECONDS = 2.0


def start(index_dir: Path) -> subprocess.Popen | None:
    """Starts ``peacesearch embed --follow`` for the index (None with meaning off)."""
    if os.environ.get("PEACESEARCH_SEMANTIC", "1") == "0":
        return None
    command = [sys.executable, "-m", "search_api.cli", "embed", "--index", str(index_dir), "--follow"]
    return subprocess.Popen(command, preexec_fn=lambda: os.nice(NICENESS), stdin=subprocess.DEVNULL)


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def run(args: argparse.Namespace) -> int:
    """The ``embed`` command: once (prints the report), or ``--follow`` until stopped."""
    from indexer.embed import EmbedBusy, embed_index, index_location

    if not args.follow and index_location(Path(args.index)) is None:
        print(f"peacesearch embed: no index at {args.index}: run 'peacesearch index PATH --index {args.index}' first",
              file=sys.stderr)
        return 1
    if not semantic.enabled():
        print("peacesearch embed: meaning is off (PEACESEARCH_SEMANTIC=0, or the model cannot load here)",
              file=sys.stderr)
        return 0
    stop_event = threading.Event()
    if args.follow:
        signal.signal(signal.SIGTERM, _stop_now)  # a batch may take minutes: stop in the middle of it
        _stop_with_parent(stop_event)
    try:
        report = embed_index(args.index, progress=not args.quiet, stop=stop_event, follow=args.follow)
    except EmbedBusy as exc:
        print(f"peacesearch embed: {exc}", file=sys.stderr)
        return 75
    except KeyboardInterrupt:
        return 130
    except SystemExit:  # SIGTERM (the server stopping): what was embedded is cached, the rest waits
        return 0
    print(report.summary(), file=sys.stderr if args.follow else sys.stdout)
    if args.report:
        Path(args.report).write_text(report.to_json(), encoding="utf-8")
    return 0


def _stop_now(signum, frame) -> None:
    raise SystemExit(0)


def _stop_with_parent(stop_event: threading.Event) -> None:
    """Stops this process when the one that started it is gone (a server killed without its cleanup)."""
    parent = os.getppid()

    def watch() -> None:
        while not stop_event.wait(PARENT_CHECK_SECONDS):
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
