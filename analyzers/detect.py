"""Language detection: ``en``, ``ru``, ``kk`` or ``other``, deterministic.

Cyrillic text: py3langid's full model (97 languages, Kazakh included) ranks the Cyrillic languages,
and alphabets rule candidates out (Belarusian has no и, Ukrainian no ы/э, Kyrgyz no ә/ғ/қ/ұ/і, Russian
none of the Kazakh letters; ў ҳ җ ї є ґ … rule Kazakh out). Latin text: plain English unless Kazakh
(2021 or 2017-apostrophe alphabet), Turkish/Azerbaijani or Uzbek evidence — letters, vowel harmony,
short hand-written function-word lists — or the full model is sure of another language on a long text.
Kazakh in Latin is checked by converting it to Cyrillic and asking the model again. Long texts vote by
sentence (majority of words). langdetect (no Kazakh profile) stays selectable for comparison.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.kazakh_script import latin_to_cyrillic

OUR_LANGS = ("en", "ru", "kk")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʻ‘`][^\W\d_]+)*['’ʻ‘`]?")
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|\n+")

# Basic Russian alphabet, and what each Cyrillic language adds to it / lacks of it.
_RU = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_EXTRA = {
    "ru": "", "kk": "әғқңөұүһі", "ky": "ңөү", "be": "іў", "uk": "іїєґ'", "bg": "", "mk": "ѓѕјљњќџ",
    "sr": "ђјљњћџ", "mn": "өү", "tt": "әөүҗңһ", "ba": "әғҙқңөҫүһ", "tg": "ғӣқӯҳҷ", "uz": "ўқғҳ",
}
_LACKS = {
    "be": "ищъ", "uk": "ыэёъ", "bg": "ыэё", "mk": "ыэёщъйяюе", "sr": "ыэёщъйяюьщ", "tg": "ыщц", "uz": "ыщцьъ",
}
_CYRILLIC_LANGS = tuple(_EXTRA)
_KK_ONLY = frozenset("әғқұһі")
_NOT_KK = frozenset("ўҳїєґҗҙҫӯӣҷѓѕјљњќџђћ")

# Short hand-written function-word lists.
_EN_WORDS = frozenset(
    "the of and to in on at for with from by is are was were be been has have had it its this that these those "
    "which who whom what when where why how not or an a as but than after before into over under about between "
    "during will would can could should may did does do their his her they we you our new".split()
)
_KK_CYR_WORDS = frozenset("және мен бен пен үшін бұл деп туралы осы сол ол бар жоқ емес еді болып бойынша дейін "
                          "кейін арқылы қалай қандай неше кім қай қашан деген болды болады тиіс".split())
_KY_WORDS = frozenset("жана менен үчүн бул болуп боюнча келип эмес үчүн дагы".split())
_BE_WORDS = frozenset("і ў гэта што ці пры які якая калі толькі ня быць".split())
_UK_WORDS = frozenset("та що це який яка як також або вже".split())
_BG_WORDS = frozenset("със това са от за се бе към във при".split())
_KK_LAT_WORDS = frozenset(
    "jäne men ben pen üşın būl dep turaly osy sol ol joq emes edı bolyp boiynşa deiın keiın arqyly qalai qandai "
    "kım qai qaşan degen boldy bolady tiıs ja'ne u's'in bu'l boi'yns'a arqyly qalai' qandai' ne".split()
)
_TR_WORDS = frozenset(
    "ve bir için bu ile olarak değil daha çok gibi veya kadar sonra önce tüm her yok var ama şu olan lütfen "
    "və üçün ilə olaraq deyil bütün və ya".split()
)
_UZ_WORDS = frozenset("va bilan uchun emas ham yoki kerak mumkin bo'lgan bo'ladi qilish hamda".split())
_TURKIC = frozenset(("tr", "az", "uz", "uzs", "tk", "crh", "tt", "ba", "ky", "kk", "ug"))
_BACK = frozenset("aouū")
_FRONT = frozenset("eäöü")
_KK_APOSTROPHE_RE = re.compile(r"[aiunycs]['’](?=[a-z]|$)")
_UZ_APOSTROPHE_RE = re.compile(r"[og][ʻ‘’'`]")
_KK_LAT_SUFFIX_RE = re.compile(
    r"(?:iiasy|iiası|lary|lerı|tary|terı|dary|derı|nyñ|nıñ|dyñ|dıñ|tyñ|tıñ|syna|sıne|dağy|degı|tağy|tegı|"
    r"[^aeiouyäöüūı]asy|[^aeiouyäöüūı]ysy)$"
)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _rank(text: str) -> dict[str, float]:
    return dict(_identifier().rank(text))


def detect_language(text: str) -> str:
    """The language of a text: ``en``, ``ru``, ``kk`` or ``other`` (empty text is ``other``)."""
    words = _WORD_RE.findall(text)
    if len(words) >= 30:
        voted = _vote_by_sentence(text)
        if voted:
            return voted
    return _detect_one(text)


def _vote_by_sentence(text: str) -> str | None:
    """Long texts: each sentence votes with its word count; None when there is a single sentence."""
    sentences = [s for s in _SENTENCE_RE.split(text) if s.strip()]
    if len(sentences) < 2:
        return None
    weights: dict[str, int] = {}
    for sentence in sentences:
        n = len(_WORD_RE.findall(sentence))
        if n:
            lang = _detect_one(sentence)
            weights[lang] = weights.get(lang, 0) + n
    whole = _detect_one(text)
    best = max(weights, key=lambda lang: (weights[lang], lang == whole))
    return best


def _detect_one(text: str) -> str:
    cyrillic = len(_CYRILLIC_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        return _detect_cyrillic(text)
    return _detect_latin(text)


def _allowed(lang: str, counts: dict[str, int], total: int) -> bool:
    """The letters of the text fit the language's alphabet (a few strays allowed in long texts)."""
    alphabet = (_RU | set(_EXTRA[lang])) - set(_LACKS.get(lang, ""))
    foreign = sum(n for ch, n in counts.items() if ch not in alphabet)
    return foreign <= total // 40


def _detect_cyrillic(text: str) -> str:
    low = text.lower()
    counts: dict[str, int] = {}
    for ch in low:
        if "\u0400" <= ch <= "\u04ff":
            counts[ch] = counts.get(ch, 0) + 1
    total = sum(counts.values())
    words = [w.strip("'’") for w in _WORD_RE.findall(low)]
    ranks = _rank(text)
    allowed = [lang for lang in _CYRILLIC_LANGS if _allowed(lang, counts, total)]
    # Function words of a neighbour count against ru/kk; Kazakh ones for kk.
    hits = {
        "kk": sum(w in _KK_CYR_WORDS for w in words), "ky": sum(w in _KY_WORDS for w in words),
        "be": sum(w in _BE_WORDS for w in words), "uk": sum(w in _UK_WORDS for w in words),
        "bg": sum(w in _BG_WORDS for w in words),
    }
    if not allowed:
        allowed = list(_CYRILLIC_LANGS)
    scores = {lang: ranks.get(lang, 0.0) * (1 + 2 * hits.get(lang, 0)) for lang in allowed}
    best = max(scores, key=scores.get)
    if best in ("ru", "kk"):
        return best
    neighbour_marked = bool(set(counts) & _NOT_KK) or hits.get(best, 0) > 0
    if neighbour_marked:
        return "other"
    # A neighbour leads without a marker of its own: keep ru/kk when they are close behind.
    ours = max((lang for lang in ("ru", "kk") if lang in scores), key=scores.get, default=None)
    if ours and scores[ours] >= 0.5 * scores[best]:
        return ours
    return "other"


def _detect_latin(text: str) -> str:
    low = text.lower().replace("i\u0307", "i")
    words = [w for w in _WORD_RE.findall(low)]
    bare = [w.strip("'’ʻ‘`") for w in words]
    letters = set(low)
    n = max(len(words), 1)
    if "ə" in letters and low.count("ə") * 50 >= len(low):
        return "other"
    en_fw = sum(w in _EN_WORDS for w in bare)
    kk_fw = sum(w in _KK_LAT_WORDS for w in bare)
    tr_fw = sum(w in _TR_WORDS for w in bare)
    uz_fw = sum(w in _UZ_WORDS for w in bare)
    kk_ev = 2 * kk_fw
    tr_ev = 2 * tr_fw + low.count("ə") * 3
    uz_ev = 2 * uz_fw
    for word in bare:
        chars = set(word)
        if chars & set("ñūä"):
            kk_ev += 1
        if "q" in chars and "qu" not in word:
            kk_ev += 1
            uz_ev += 0.5
        if "ı" in chars:
            if chars & _BACK:
                tr_ev += 1
            elif chars & _FRONT:
                kk_ev += 1
        if re.search(r"ğ[eiıöü]", word):
            tr_ev += 1
        if chars & set("ıışğöüç") and ("c" in chars or "yor" in word or "x" in chars):
            tr_ev += 1
        if _KK_LAT_SUFFIX_RE.search(word):
            kk_ev += 1
    kk_ev += 2 * sum(len(_KK_APOSTROPHE_RE.findall(w)) for w in words if not w.endswith("n't"))
    uz_marks = sum(bool(_UZ_APOSTROPHE_RE.search(w)) for w in words)
    if (uz_marks or uz_fw or "q" in letters) and not letters & set("ñūäışğç"):
        uz_ev += uz_marks + sum(("sh" in w or "ch" in w or "x" in w) for w in bare)
    ranks = _rank(text)
    best = max(ranks, key=ranks.get)
    # English: function words, or the model says so.
    if en_fw and en_fw >= kk_fw + tr_fw + uz_fw and en_fw * 4 >= n * 0.5 or (best == "en" and not kk_ev):
        return "en"
    if kk_ev and kk_ev >= tr_ev and kk_ev > uz_ev:
        converted = " ".join(latin_to_cyrillic(w) for w in words)
        kk_ranks = _rank(converted)
        kk_prob = kk_ranks.get("kk", 0.0)
        cyr_best = max(_CYRILLIC_LANGS, key=lambda lang: kk_ranks.get(lang, 0.0))
        if cyr_best == "kk" or kk_prob >= 0.05 or kk_ev >= 2 + tr_ev + uz_ev:
            return "kk"
    if tr_ev or uz_ev or kk_ev:
        return "other"
    if letters & set("ıışğəñūőűøåæœßþð"):
        return "other"
    # Plain Latin without Turkic evidence: English unless the model is sure of another language.
    if best in _TURKIC and ranks[best] >= 0.9 and n >= 3:
        return "other"
    if best != "en" and n >= 8 and ranks[best] >= 0.95 and ranks.get("en", 0) < 0.01:
        return "other"
    return "en"


def detect_with_langdetect(text: str) -> str:
    """langdetect's answer, seeded; it has no Kazakh, so Kazakh texts come out as ``other`` or ru."""
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        lang = detect(text)
    except LangDetectException:
        return "other"
    return lang if lang in OUR_LANGS else "other"
