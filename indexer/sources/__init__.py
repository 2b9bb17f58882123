"""Readers, one per input format, and the dispatcher that walks files and folders.

Every reader yields ``Document`` or ``Skipped``; a malformed item never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.document import Document, Skipped
from indexer.sources.frontmatter import read_frontmatter_file
from indexer.sources.html import read_html_file
from indexer.sources.jsonl import read_jsonl_file

READERS = {
    ".md": read_frontmatter_file,
    ".markdown": read_frontmatter_file,
    ".txt": read_frontmatter_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".jsonl.gz": read_jsonl_file,
}
IGNORED_NAMES = {"README.md", "EXPECTED.md", "LICENSE.md"}


def reader_for(path: Path):
    """The reader for a file by its suffix, or None when the format is not supported."""
    name = path.name.lower()
    for suffix, reader in sorted(READERS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return reader
    return None


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expands folders into the supported files they hold; reports missing paths and other files."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.name in IGNORED_NAMES:
                        continue
                    if reader_for(child):
                        files.append(child)
                    else:
                        skipped.append(Skipped(str(child), "unsupported file type"))
        elif path.is_file():
            if reader_for(path):
                files.append(path)
            else:
                skipped.append(Skipped(str(path), "unsupported file type"))
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))
    return files, skipped


def read_file(path: Path) -> Iterator[Document | Skipped]:
    """All documents of one file (a JSON Lines file holds many)."""
    reader = reader_for(path)
    if reader is None:
        yield Skipped(str(path), "unsupported file type")
        return
    try:
        yield from reader(path)
    except (OSError, UnicodeDecodeError, EOFError, ValueError) as exc:
        yield Skipped(str(path), f"unreadable: {exc}")
