"""Peer engines for the relevance benchmark: tantivy and SQLite FTS5 (plain and over Snowball-stemmed text).

Every peer indexes title and body as one text field and answers a question as the FINDINGS peers did:
lower-cased, punctuation stripped, any word may match (OR), BM25 ranking, top ``limit`` ids.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

import Stemmer

WORD_RE = re.compile(r"[^\W_]+")
SNOWBALL = {"en": "english", "ru": "russian"}  # Kazakh: Snowball has no Kazakh stemmer
TANTIVY_LANGS = {"en": "english", "ru": "russian"}
TANTIVY_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/<>=`\'])')


def query_words(text: str) -> list[str]:
    """A question as the peers read it: lower-cased words, punctuation stripped."""
    return WORD_RE.findall(text.lower())


def doc_text(doc: dict) -> str:
    return f"{doc.get('title') or ''}\n{doc.get('body') or ''}"


class Peer:
    """One engine over one collection: ``index`` once, then ``search`` many times."""

    name = "peer"

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def index(self, docs: Iterable[dict]) -> None:
        raise NotImplementedError

    def search(self, text: str, limit: int = 100) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class TantivyPeer(Peer):
    """tantivy with its own Snowball stemmer and stop words for en/ru; its default tokenizer for kk."""

    name = "tantivy"

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        import tantivy

        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        tokenizer = f"{lang}_peer" if lang in TANTIVY_LANGS else "default"
        builder.add_text_field("text", tokenizer_name=tokenizer)
        self._index = tantivy.Index(builder.build())
        if lang in TANTIVY_LANGS:
            analyzer = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.stopword(TANTIVY_LANGS[lang]))
                .filter(tantivy.Filter.stemmer(TANTIVY_LANGS[lang]))
                .build()
            )
            self._index.register_tokenizer(tokenizer, analyzer)
        self._searcher = None

    def index(self, docs: Iterable[dict]) -> None:
        writer = self._index.writer(heap_size=100_000_000, num_threads=1)
        for doc in docs:
            writer.add_document(self._tantivy.Document(id=doc["id"], text=doc_text(doc)))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()

    def search(self, text: str, limit: int = 100) -> list[str]:
        words = query_words(text)
        if not words:
            return []
        escaped = " ".join(TANTIVY_SPECIAL.sub(r"\\\1", word) for word in words)
        query = self._index.parse_query(escaped, ["text"], conjunction_by_default=False)
        result = self._searcher.search(query, limit=limit, count=False)
        return [self._searcher.doc(address)["id"][0] for _score, address in result.hits]


class Fts5Peer(Peer):
    """SQLite FTS5 with the unicode61 tokenizer and bm25(); ``stemmed`` indexes Snowball-stemmed text."""

    def __init__(self, lang: str, stemmed: bool = False) -> None:
        super().__init__(lang)
        self.name = "fts5-snowball" if stemmed else "fts5"
        algorithm = SNOWBALL.get(lang) if stemmed else None
        self._stemmer = Stemmer.Stemmer(algorithm) if algorithm else None
        self._db = sqlite3.connect(":memory:")
        self._db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize='unicode61')")

    def _prepare(self, text: str) -> str:
        if self._stemmer is None:
            return text
        return " ".join(self._stemmer.stemWords(WORD_RE.findall(text.lower())))

    def index(self, docs: Iterable[dict]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT INTO docs (id, text) VALUES (?, ?)", ((doc["id"], self._prepare(doc_text(doc))) for doc in docs)
            )

    def search(self, text: str, limit: int = 100) -> list[str]:
        words = query_words(text)
        if self._stemmer is not None:
            words = self._stemmer.stemWords(words)
        words = list(dict.fromkeys(words))
        if not words:
            return []
        match = " OR ".join(f'"{word}"' for word in words)  # quoted strings: no FTS5 syntax survives
        rows = self._db.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, limit)
        ).fetchall()
        return [row[0] for row in rows]

    def close(self) -> None:
        self._db.close()


PEERS = {
    "tantivy": TantivyPeer,
    "fts5": lambda lang: Fts5Peer(lang, stemmed=False),
    "fts5-snowball": lambda lang: Fts5Peer(lang, stemmed=True),
}


def make_peer(name: str, lang: str) -> Peer:
    return PEERS[name](lang)
