"""What an indexing run did, for the editor: counts, and every skipped item with its reason."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class Report:
    mode: str = "full"
    indexed: int = 0  # documents of this run now in the store (added + updated + unchanged + kept)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # a file's document whose newer API edit or deletion stands (docstore/documents.py)
    deleted: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)  # {id, origin, resolution}
    applied: int = 0  # changes written to the index by this run
    index_size: int = 0  # documents in the index after the run
    files: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {origin, reason}
    warnings: list[dict[str, str]] = field(default_factory=list)  # {origin, id, warning}
    missing_metadata: list[dict[str, object]] = field(default_factory=list)  # {id, origin, missing}
    weak_metadata: list[dict[str, object]] = field(default_factory=list)  # {id, origin, weak}: found, to check
    languages: dict[str, int] = field(default_factory=dict)
    workers: int = 1  # processes that enriched and analysed a full build's documents (indexer/parallel.py)
    worker_stats: list[dict[str, float]] = field(default_factory=list)  # per build worker (parallel.py)
    vectors: str = "off"  # semantic vectors: "off", or how many were computed and taken from the cache
    merge: str = ""  # a parallel build's segments being merged in the background (indexer/merge.py)
    seconds: float = 0.0
    index: str = ""

    def skip(self, origin: str, reason: str) -> None:
        self.skipped.append({"origin": origin, "reason": reason})

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def summary(self, details: int = 20) -> str:
        """A human summary: the counts, then skipped items and warnings (the first ``details``)."""
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.languages.items()))
        lines = [
            f"Indexed {self.indexed} documents ({langs or 'none'} enriched) in {self.seconds:.1f} s; "
            f"the index {self.index} holds {self.index_size}",
            f"{self.mode}: added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"kept (edited over the API) {self.kept}, deleted {self.deleted}; {self.applied} changes indexed",
            f"Conflicts between files and API edits resolved (the newer change wins): {len(self.conflicts)}",
            f"Skipped {len(self.skipped)}; warnings {len(self.warnings)}; "
            f"documents with no country, theme or date found: {len(self.missing_metadata)}",
            f"Document vectors for semantic re-ranking: {self.vectors}",
        ]
        if self.merge:
            lines.insert(1, f"Segments: {self.merge}")
        reasons = Counter(_reason_kind(item["reason"]) for item in self.skipped)
        for reason, count in reasons.most_common():
            lines.append(f"  {count} skipped: {reason}")
        for item in self.skipped[:details]:
            lines.append(f"  skipped {item['origin']}: {item['reason']}")
        if len(self.skipped) > details:
            lines.append(f"  … and {len(self.skipped) - details} more skipped (see --report)")
        for item in self.conflicts[:details]:
            lines.append(f"  conflict {item['id']} ({item['origin']}): {item['resolution']}")
        if self.weak_metadata:
            lines.append(f"Documents whose date came from weak evidence (check them): {len(self.weak_metadata)}")
        for item in self.weak_metadata[:details]:
            lines.append(f"  check {item['origin']}: {'; '.join(item['weak'])}")
        for item in self.warnings[:details]:
            lines.append(f"  warning {item['origin']}: {item['warning']}")
        if len(self.warnings) > details:
            lines.append(f"  … and {len(self.warnings) - details} more warnings (see --report)")
        return "\n".join(lines)


def _reason_kind(reason: str) -> str:
    """The reason without its particulars (``malformed JSON: … (column 7)`` → ``malformed JSON``)."""
    return reason.split(":", 1)[0].split(" (", 1)[0]
