"""Near-duplicates: the same page at two addresses, or the same text posted again elsewhere.

Two documents are one page to the reader when their addresses are the same after ``canonical_url``
(scheme, ``www.``/``m.``/``amp.`` hosts, a trailing-dot host, default ports, AMP paths and parameters,
tracking parameters, percent-encoding case, trailing slashes) or when their texts share most of their
word 5-shingles (a MinHash signature). Both are computed once per document at index time
(``duplicate_key``) and kept in one fixed-width column (``KEY_FIELD``); search_api/collapse.py groups
them per index version, so groups follow deletions and updates without any bookkeeping at write time.

Why MinHash over shingles: a repost keeps long runs of the same words while menus, counters and
headlines around it change; the share of common 5-word runs (Jaccard) measures exactly that, and a
128-value signature estimates it to ±0.045 in 512 bytes, with no access to the other document.
Words are folded to one script first (``fold``), so a Kazakh page and its Latin-script twin share
shingles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import numpy as np

SHINGLE = 5  # words per shingle: shorter ones match unrelated texts on common phrases
PERMUTATIONS = 128
MAX_WORDS = 20_000  # the start of a very long text is enough to tell a copy
URL_BYTES = 8
KEY_BYTES = URL_BYTES + 4 + 4 * PERMUTATIONS  # url hash, shingle count, signature (uint32 little-endian)
KEY_FIELD = "dup_key"
# One page when the estimated share of the smaller text's shingles found in the other (containment) is
# at least CONTAINMENT and the Jaccard similarity at least JACCARD_FLOOR (which keeps a short quote of a
# long report apart, and the estimate out of its noisy range). Chosen on pages-dev train+dev pairs
# (python -m bench duplicates: F1 is flat from 0.20 to 0.65, 0.45 is the middle): copies named by its notes
# measure 0.60–0.98, pages the notes call different ≤ 0.22.
CONTAINMENT = 0.45
JACCARD_FLOOR = 0.2
BAND_ROWS = 2
BUCKET_CAP = 50
VERIFY_BATCH = 50_000  # candidate pairs compared at once (two 50,000 × 128 arrays of uint32)
EMPTY = np.uint32(0xFFFFFFFF)  # signature value of a text too short to have a shingle

# Parameters that track the visitor or choose a presentation, never the content.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|_hsenc|_hsmi|"
    r"ref_src|ref_url|spm|amp|amp_js_v|usqp|outputtype|style|print|tmpl)$"
)
_MOBILE_LABELS = {"m", "mobile", "amp"}
_HOST_PORT = re.compile(r"^[^:/?#]+:\d+(?:[/?#]|$)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_INDEX_FILES = re.compile(r"/(index|default)\.(html?|php|aspx?)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f]")  # accents, after NFKD has split them from their letters
# Latin letters whose accent carries the sound (2018 ý = у, ı = и/й; 2021 ş = ш, ç = ч).
_BEFORE_ACCENTS = {"ý": "u", "ı": "i", "ş": "sh", "ç": "ch"}
_CYRILLIC = str.maketrans({
    **dict.fromkeys("аә", "a"), "б": "b", "в": "v", **dict.fromkeys("гғ", "g"), "д": "d", **dict.fromkeys("еэ", "e"),
    "ж": "j", "з": "z", **dict.fromkeys("ийі", "i"), "к": "k", "қ": "q", "л": "l", "м": "m", **dict.fromkeys("нң", "n"),
    **dict.fromkeys("оө", "o"), "п": "p", "р": "r", "с": "s", "т": "t", **dict.fromkeys("уұү", "u"), "ф": "f",
    **dict.fromkeys("хһ", "h"), "ц": "ts", "ч": "ch", **dict.fromkeys("шщ", "sh"), "ы": "y", "ю": "iu", "я": "ia",
    **dict.fromkeys("ъь", ""),  # ё and й need no entry: NFKD has made them е and и

})

_rng = np.random.default_rng(20261204)  # fixed: signatures must be comparable across processes and runs
_MIX = np.uint64(0x100000001B3)  # FNV prime: combines a shingle's word hashes in order
_A = _rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
_B = _rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)


def canonical_url(url: str | None) -> str:
    """The address with everything that does not change the page removed ("" for no address).

    ``https://www.Example.org.:443/a/amp/?utm_source=x&id=2#top`` → ``example.org/a?id=2``."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            if scheme and not _HOST_PORT.match(url):
                return url  # mailto:, a file path with a drive letter...: not a web address, kept as given
            url = url if url.startswith("//") else f"//{url}"  # example.org/a, example.org:8080/a
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").rstrip(".")
    labels = host.split(".")
    # www. in front, m./mobile./amp. anywhere before the site's own name (ru.m.wikipedia.org).
    labels = [label for i, label in enumerate(labels)
              if not (i < len(labels) - 2 and (label in _MOBILE_LABELS or (i == 0 and label.startswith("www"))))]
    host = ".".join(labels)
    if port is not None and port not in _DEFAULT_PORTS.values():
        host = f"{host}:{port}"
    segments = [unquote(seg) for seg in parts.path.split("/") if seg]
    segments = [seg for seg in segments if seg.lower() != "amp"]
    path = _INDEX_FILES.sub("", "/" + "/".join(segments))
    path = quote(path, safe="/:@!$&'()*+,;=-._~")
    params = sorted((key, value) for key, value in parse_qsl(parts.query, keep_blank_values=False)
                    if not _TRACKING.match(key.lower()))
    query = f"?{urlencode(params)}" if params else ""
    return f"{host}{path.rstrip('/')}{query}"


def words(text: str) -> list[str]:
    """The text's words in one script-blind spelling (``fold``)."""
    return [word.translate(_CYRILLIC) for word in _raw_words(text)]


def fold(text: str) -> str:
    """Lower case, accents dropped, Cyrillic written in plain Latin with the letters the Kazakh alphabets
    spell differently made one (и/й/і/ı → i, у/ұ/ү/ý → u, ә → a, ғ → g, ң → n…): a Cyrillic page and its
    2018 or 2021 Latin twin, or a word with a look-alike letter of the other script, fold alike."""
    return _unaccented(text).translate(_CYRILLIC)


def _unaccented(text: str) -> str:
    text = text.lower()
    for letter, sound in _BEFORE_ACCENTS.items():
        text = text.replace(letter, sound)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def _raw_words(text: str) -> list[str]:
    """The words of the text, lower-cased and unaccented, not yet folded to one script (``fold`` each
    distinct word once: most of the cost)."""
    return _WORD.findall(_unaccented(text))[:MAX_WORDS]


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 64-bit hashes of the text's word 5-shingles (its runs of ``SHINGLE`` folded words).

    Each distinct word is hashed once (CRC-32 under two seeds: fast, and stable across processes, unlike
    Python's ``hash``); a shingle's hash combines its words' in numpy."""
    tokens = _raw_words(text)
    if len(tokens) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    vocabulary: dict[str, int] = {}
    for token in set(tokens):
        data = token.translate(_CYRILLIC).encode("utf-8")
        vocabulary[token] = zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)
    ids = np.fromiter((vocabulary[token] for token in tokens), dtype=np.uint64, count=len(tokens))
    hashes = np.zeros(len(tokens) - SHINGLE + 1, dtype=np.uint64)
    for offset in range(SHINGLE):
        hashes = hashes * _MIX + ids[offset:offset + len(hashes)]
    return np.unique(hashes)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash of a set of shingle hashes: ``PERMUTATIONS`` uint32 values (all ``EMPTY`` for none)."""
    if not len(hashes):
        return np.full(PERMUTATIONS, EMPTY, dtype=np.uint32)
    result = np.empty(PERMUTATIONS, dtype=np.uint32)
    # Multiply-shift hashing: (a·x + b) mod 2^64 with odd a, the top 32 bits kept (numpy wraps uint64);
    # in slices of permutations, so a long text never needs a huge temporary array.
    step = max(1, 2_000_000 // len(hashes))
    for start in range(0, PERMUTATIONS, step):
        a, b = _A[start:start + step, None], _B[start:start + step, None]
        result[start:start + step] = ((a * hashes[None, :] + b) >> np.uint64(32)).min(axis=1)
    return result


def url_hash(url: str | None) -> bytes:
    """Eight bytes naming the canonical address (zeros for none, and for a site's front page: editors give
    a site's address as the source of many different documents, which are not one page)."""
    canonical = canonical_url(url)
    if not canonical or not re.search(r"[/?]", canonical):
        return bytes(URL_BYTES)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=URL_BYTES).digest()


def duplicate_key(url: str | None, title: str, body: str) -> bytes:
    """The column value of one document: its canonical address hash, how many shingles its text has
    and their signature."""
    hashes = shingle_hashes(f"{title}\n{body}")
    count = min(len(hashes), 0xFFFFFFFF).to_bytes(4, "little")
    return url_hash(url) + count + signature(hashes).astype("<u4").tobytes()


@dataclass(frozen=True)
class Keys:
    """The duplicate keys of many documents, one row each (parsed from ``duplicate_key`` values)."""

    urls: np.ndarray  # uint64, 0 for no address
    counts: np.ndarray  # uint32 shingles
    signatures: np.ndarray  # (documents, PERMUTATIONS) uint32

    @classmethod
    def parse(cls, raw: bytes | np.ndarray) -> Keys:
        rows = np.frombuffer(raw, dtype=np.uint8).reshape(-1, KEY_BYTES)
        return cls(
            urls=np.ascontiguousarray(rows[:, :URL_BYTES]).view("<u8").ravel(),
            counts=np.ascontiguousarray(rows[:, URL_BYTES:URL_BYTES + 4]).view("<u4").ravel(),
            signatures=np.ascontiguousarray(rows[:, URL_BYTES + 4:]).view("<u4"),
        )


def resemblance(keys: Keys, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard similarity and containment (common shingles over the smaller text's) of the
    pairs (first[i], second[i]); 0 where either text has no shingle."""
    jaccard = (keys.signatures[first] == keys.signatures[second]).mean(axis=1)
    small = np.minimum(keys.counts[first], keys.counts[second]).astype(np.float64)
    total = keys.counts[first].astype(np.float64) + keys.counts[second]
    with np.errstate(divide="ignore", invalid="ignore"):
        containment = np.where(small > 0, jaccard / (1 + jaccard) * total / np.maximum(small, 1), 0.0)
    jaccard = np.where(small > 0, jaccard, 0.0)
    return jaccard, np.minimum(containment, 1.0)


def duplicate_pairs(keys: Keys, rows: np.ndarray, containment: float = CONTAINMENT,
                    jaccard: float = JACCARD_FLOOR) -> np.ndarray:
    """Pairs (k × 2 row numbers, each pair once) among ``rows`` that are one page: the same canonical
    address, or texts whose estimated containment and Jaccard similarity reach the thresholds.

    Text candidates come from locality-sensitive hashing: two texts become candidates when they agree
    on all ``BAND_ROWS`` values of one of the bands (probability 1 − (1 − J^2)^64: 0.9996 at J 0.34, the
    least similar copy measured on pages-dev); a band value shared by more than ``BUCKET_CAP`` texts is
    furniture (menus, footers) and gives no candidates."""
    rows = np.asarray(rows, dtype=np.int64)
    found: list[np.ndarray] = [_same_value_pairs(keys.urls[rows], rows, keys.urls[rows] != 0)]
    textual = rows[keys.counts[rows] > 0]
    candidates: list[np.ndarray] = []
    signatures = keys.signatures[textual].astype(np.uint64)
    for band in range(PERMUTATIONS // BAND_ROWS):
        value = signatures[:, band * BAND_ROWS]
        for row in range(1, BAND_ROWS):
            value = (value << np.uint64(32)) ^ signatures[:, band * BAND_ROWS + row]
        candidates.append(_bucket_pairs(value, textual))
    pairs = _distinct(np.concatenate(candidates), len(keys.counts))
    for start in range(0, len(pairs), VERIFY_BATCH):
        batch = pairs[start:start + VERIFY_BATCH]
        similar, contained = resemblance(keys, batch[:, 0], batch[:, 1])
        found.append(batch[(similar >= jaccard) & (contained >= containment)])
    return _distinct(np.concatenate(found), len(keys.counts))


def _distinct(pairs: np.ndarray, size: int) -> np.ndarray:
    """Pairs (first < second) without repeats, through one integer per pair (np.unique by rows is slow)."""
    if not len(pairs):
        return pairs.reshape(0, 2).astype(np.int64)
    codes = np.sort(pairs[:, 0].astype(np.int64) * size + pairs[:, 1])  # sort, not np.unique: 10× faster here
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.stack([codes // size, codes % size], axis=1)


def group_labels(pairs: np.ndarray) -> dict[int, int]:
    """Row → its group's label (the group's smallest row) for every row in a pair, by union-find:
    copies of copies are one group."""
    parent: dict[int, int] = {}

    def root(row: int) -> int:
        while parent.get(row, row) != row:
            parent[row] = parent.get(parent[row], parent[row])
            row = parent[row]
        return row

    for first, second in pairs.tolist():
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {row: root(row) for row in {r for pair in pairs.tolist() for r in pair}}


def _same_value_pairs(values: np.ndarray, rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Each row paired with the next row of equal value (enough for union-find: equality is transitive)."""
    values, rows = values[mask], rows[mask]
    order = np.argsort(values, kind="stable")
    values, rows = values[order], rows[order]
    same = values[1:] == values[:-1]
    pairs = np.stack([rows[:-1][same], rows[1:][same]], axis=1)
    return np.sort(pairs, axis=1) if len(pairs) else pairs.reshape(0, 2)


def _bucket_pairs(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Every pair of rows sharing a value, in buckets of 2 to ``BUCKET_CAP`` rows (vectorised: the rows
    of a bucket lie together once sorted, so row i pairs with row i + d while both are in one bucket)."""
    if len(values) < 2:
        return np.empty((0, 2), dtype=np.int64)
    order = np.argsort(values, kind="stable")
    values, rows = values[order], rows[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    sizes = np.diff(np.r_[starts, len(values)])
    keep = (sizes >= 2) & (sizes <= BUCKET_CAP)
    if not keep.any():
        return np.empty((0, 2), dtype=np.int64)
    bucket = np.repeat(np.arange(keep.sum()), sizes[keep])
    members = rows[np.concatenate([np.arange(start, start + size) for start, size in
                                   zip(starts[keep].tolist(), sizes[keep].tolist(), strict=True)])]
    pairs = [np.stack([members[:-d][same], members[d:][same]], axis=1)
             for d in range(1, int(sizes[keep].max())) if (same := bucket[:-d] == bucket[d:]).any()]
    return np.sort(np.concatenate(pairs), axis=1)
