"""The judged collections of the relevance benchmark, built from ../shared/data the same way for every engine.

| name            | documents                                                    | questions               |
|-----------------|--------------------------------------------------------------|-------------------------|
| xquad-ru        | 240 XQuAD ru + 123 NTREX ru + 933 NEREL = 1,296               | 1,190 XQuAD ru          |
| xquad-en        | 240 XQuAD en + 123 NTREX en = 363                             | 1,190 XQuAD en          |
| kazqad-kk       | 697 KazQAD + 123 NTREX kk + 22,474 KazNERD sentences = 23,294 | 543 KazQAD              |
| kazqad-kk-long  | 697 KazQAD + 123 NTREX kk = 820                               | 543 KazQAD              |
| kazqad-kk-latin | the kazqad-kk documents (Cyrillic)                            | 543 KazQAD in 2021 Latin |

Documents keep the shared-data records unchanged (id, lang, title, body, ...), so the product can index
them as it indexes any shared-data file.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers.kazakh_script import cyrillic_to_latin
from bench.common import SHARED_DATA, load_queries

# (folder/file, lang) of the document sources
_XQUAD = "xquad-ru-en/corpus.jsonl"
_NTREX = "ntrex128-kk-ru-en/corpus.jsonl"
_NEREL = "nerel-ru-wikinews/corpus.jsonl"
_KAZQAD = "kazqad-kk/corpus.jsonl"
_KAZNERD = "kaznerd-kk-news-sentences/corpus.jsonl.gz"


@dataclass(frozen=True)
class Spec:
    name: str
    lang: str  # language of the documents and of the questions' words (for peers' stemmers)
    sources: tuple[tuple[str, str], ...]  # (file under SHARED_DATA, lang kept from it)
    queries: tuple[str, str]  # (folder, lang) for bench.common.load_queries
    latin: bool = False  # questions converted to the 2021 Kazakh Latin alphabet
    docs_of: str = ""  # another collection whose documents these are (one index serves both)


SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec("xquad-ru", "ru", ((_XQUAD, "ru"), (_NTREX, "ru"), (_NEREL, "ru")), ("xquad-ru-en", "ru")),
        Spec("xquad-en", "en", ((_XQUAD, "en"), (_NTREX, "en")), ("xquad-ru-en", "en")),
        Spec("kazqad-kk", "kk", ((_KAZQAD, "kk"), (_NTREX, "kk"), (_KAZNERD, "kk")), ("kazqad-kk", "kk")),
        Spec("kazqad-kk-long", "kk", ((_KAZQAD, "kk"), (_NTREX, "kk")), ("kazqad-kk", "kk")),
        Spec("kazqad-kk-latin", "kk", ((_KAZQAD, "kk"), (_NTREX, "kk"), (_KAZNERD, "kk")), ("kazqad-kk", "kk"),
             latin=True, docs_of="kazqad-kk"),
    )
}
DATASETS: tuple[str, ...] = tuple(SPECS)


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    relevant: frozenset[str]


@dataclass
class Collection:
    name: str
    lang: str
    docs: list[dict]  # shared-data records
    queries: list[Query]
    docs_key: str  # collections with the same key have the same documents

    def write_jsonl(self, path: str | Path) -> Path:
        """Writes the documents as a shared-data JSON Lines file (what the product indexes)."""
        path = Path(path)
        with open(path, "w", encoding="utf-8") as handle:
            for doc in self.docs:
                handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return path


def read_records(relative: str) -> list[dict]:
    """All records of one shared-data JSON Lines file (gzipped or not)."""
    path = SHARED_DATA / relative
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@cache
def _records(relative: str) -> tuple[dict, ...]:
    return tuple(read_records(relative))


def load_collection(name: str) -> Collection:
    """The documents and judged questions of one collection; raises KeyError for an unknown name."""
    spec = SPECS[name]
    docs = [dict(record) for relative, lang in spec.sources for record in _records(relative) if record["lang"] == lang]
    queries = []
    for raw in load_queries(*spec.queries):
        text = cyrillic_to_latin(raw["query"]) if spec.latin else raw["query"]
        queries.append(Query(raw["qid"], text, frozenset(raw["relevant"])))
    return Collection(name, spec.lang, docs, queries, spec.docs_of or spec.name)
