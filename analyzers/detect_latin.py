"""Language detection of Latin text: ``en``, ``kk`` or ``other``.

The model's ranking (``detect_model``) offers the candidates; spelling and function words decide:

* Other when the text has a sentence's worth of words and the model is sure of a language that is
  neither English nor Turkic (Polish, Finnish, Lithuanian…).
* English if English function words dominate. Otherwise the model is asked for English against
  the Latin Turkic languages (tr, az, uz); spellings only English has (kh zh w th ck ph ee oo)
  count for English, letters it lacks (ı ş ğ ñ ä ö ü ç …) against it.
* The text is re-read as Kazakh 2021 Latin written in Cyrillic (i after a vowel as й). If it spells
  nothing Kazakh 2021 cannot (c w x, sh ch th, y as a consonant, q beside a front vowel) and the
  model or the Cyrillic rules (detect_cyrillic) call the reading Kazakh, it is Kazakh.
* Kazakh is told from Turkish/Azerbaijani/Uzbek by spelling: ñ ū ä; ı is the front vowel і (after
  e ä ö ü i u, not beside q ğ) where Turkish ı is back; y is the vowel ы (between consonants,
  after one at the end) where the others use y as a consonant; й is written i after a vowel; ğ
  may start a word or follow a consonant; ия/-ий are written iia/-ii; Kazakh function words and
  the 2017 apostrophe alphabet (a' n' s' …). The others show c, x, sh/ch, oʻ/gʻ, ə, y before or
  after a vowel, Turkish/Uzbek function words, and q beside front vowels (Azerbaijani). The model's
  tr/az/uz probability on the Latin text and its kk probability on the Cyrillic reading count too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.detect_cyrillic import CYRILLIC_LANGS, WORD_RE, detect_cyrillic
from analyzers.detect_model import rank, share, top
from analyzers.kazakh_script import latin_to_cyrillic

# ---------------------------------------------------------------- Latin words

EN_FUNCTION_WORDS = frozenset(
    "the of and to in on at for with from by is are was were be been has have had it its this that these those "
    "which who whom what when where why how not or an a as but than after before into over under about between "
    "during will would can could should may did does do their his her they we you our new".split()
)
_KK_LAT_WORDS = frozenset(  # not men, ben, sol, ol, ne: English or Turkish words too
    "jäne üşın būl dep turaly osy joq emes edı bolyp boiynşa deiın keiın arqyly qalai qandai "
    "kım qai qaşan degen boldy bolady tiıs ja'ne u's'in bu'l boi'yns'a qalai' qandai'".split()
)
_TR_WORDS = frozenset(
    "ve bir için bu ile olarak değil daha çok gibi veya kadar sonra önce tüm her yok var ama şu olan lütfen "
    "və üçün ilə olaraq deyil bütün və ya".split()
)
_UZ_WORDS = frozenset("va bilan uchun emas ham yoki kerak mumkin bo'lgan bo'ladi qilish hamda".split())
_EN_OR_TURKIC = ("en", "tr", "az", "uz")
# The model's classes a Latin text of ours may get: English, and the Turkic languages whose spelling
# Latin-script Kazakh resembles (the model has no Latin Kazakh: it calls it tk or crh).
_OURS_OR_TURKIC = frozenset(("en", "kk", "tr", "az", "uz", "tk", "crh", "ky", "tt", "ba", "ug"))
FOREIGN_MIN_WORDS = 8
FOREIGN_CONFIDENCE = 0.95
_NON_ENGLISH_LETTERS = frozenset("ıışğəñūäöüçőűøåæœßþðʻʼ")

_VOWELS = frozenset("aeiouyäöüūıə")
_L_C = "[bcdfghjklmnpqrstvzçğñş]"  # a Latin consonant
_KK_APOSTROPHE_RE = re.compile(r"[aiunycsgo]'(?=[a-z]|$)")  # 2017 alphabet: a' ä, n' ñ, s' ş …
_UZ_APOSTROPHE_RE = re.compile(r"[og][ʻʼ']")
_EN_CLITIC_RE = re.compile(r"(?:'s|s'|n't|'ll|'re|'ve|'d|'m)$")
_QUOTED_RE = re.compile(r"(?<!\w)'([^']+)'(?!\w)")
_APOSTROPHES_RE = re.compile(r"[’‘`]")
_INITIAL_RE = re.compile(r"\b\w\.")
_KK_LAT_SUFFIX_RE = re.compile(
    r"(?:iiasy|iiası|lary|lerı|tary|terı|dary|derı|nyñ|nıñ|dyñ|dıñ|tyñ|tıñ|syna|sıne|dağy|degı|tağy|tegı|"
    r"[^aeiouyäöüūı]asy|[^aeiouyäöüūı]ysy)$"
)
_DOUBLE_I_RE = re.compile(r"iia|\wii\w|\w\wii$")  # ия, -ий: и and й are both i in the 2021 alphabet
_IU_RE = re.compile(r"iu(?![ms]$)")  # ю
_VOWEL_Y_RE = re.compile(f"{_L_C}y(?:{_L_C}|$)")  # y as the vowel ы
_DIPHTHONG_RE = re.compile(f"[aeouūäöüıy]i(?:{_L_C}|$)")  # й written i after a vowel
_KK_G_RE = re.compile(r"(?:^|[bdfgjklmnpqrstvzñş])ğ")  # Turkish/Azerbaijani ğ never starts a word
_Q_FRONT_RE = re.compile(r"[eöüı]q|q[eöüı]")
_UZ_Q_RE = re.compile(r"sh|ch|[^aeiouyäöüūı]i(?:[^aeiouyäöüūı]|$)")
_TURKIC_SPELLING_RE = re.compile(r"x|sh|ch|c|^y[aeiouöü]|iy$|[aeoäöüıū]y|[aeiouäöüıū]y[aeiouäöüıū]")
_NOT_UZBEK_LETTERS = frozenset("ğşçıñūäöü")  # Uzbek writes gʻ sh ch, and no other extra letter
_TURKMEN_LETTERS = frozenset("ňž")  # Turkmen's ň and ž: Kazakh writes ñ (ń in 2018) and j
_CONSONANT_LAT_I_RE = re.compile(r"[^aeiouyäöüūı]i")
# Spellings the Kazakh 2021 alphabet cannot produce: c w x, English digraphs, q beside a front vowel,
# y (always the vowel ы) as a consonant: first before a vowel, after a vowel, between vowels (ай is ai).
_NOT_KAZAKH_LATIN_RE = re.compile(
    r"[cwx]|th|ck|ph|sh|ch|ee|oo|ou|oa|[eäöüı]q|q[eäöüı]|\by[aeiouäöüūı]|[aeoäöüıū]y|[aeiouäöüıū]y[aeiouäöüıū]"
)
_AFTER_VOWEL_RE = re.compile(r"([аәеиоөуұүыіэюя])и")
# Spellings of English (and of English renderings of Russian names) that no Latin Turkic alphabet has.
_ENGLISH_ONLY_RE = re.compile(r"kh|zh|w|th|ck|ph|ee|oo|tion")


# ---------------------------------------------------------------- texts and words


def detect_latin(text: str) -> str:
    """The language of a mostly Latin text: ``en``, ``kk`` or ``other``."""
    dotted = "İ" in text  # Turkic capital İ
    text = text.replace("İ", "I").replace("i\u0307", "i")
    low = _QUOTED_RE.sub(r"\1", _APOSTROPHES_RE.sub("'", text.lower()))  # 'quoted' words lose their quotes
    words = WORD_RE.findall(low)
    cased_bare = WORD_RE.findall(_INITIAL_RE.sub(" ", _QUOTED_RE.sub(r"\1", _APOSTROPHES_RE.sub("'", text))))
    bare = [w.strip("'ʻʼ").lower() for w in cased_bare]  # words without initials (A.)
    if len(bare) >= FOREIGN_MIN_WORDS:
        lang, probability = top(text)
        if probability >= FOREIGN_CONFIDENCE and lang not in _OURS_OR_TURKIC:
            return "other"  # a sentence of Polish, Finnish, German…: the model is sure and not of ours
    en_fw = sum(w in EN_FUNCTION_WORDS for w in bare)
    ev = {"kk": 2.0 * sum(w in _KK_LAT_WORDS for w in bare), "kk-turkic": 0.0, "turkic-kk": 0.0,
          "tr": 2.0 * sum(w in _TR_WORDS for w in bare), "az": 0.0, "uz": 2.0 * sum(w in _UZ_WORDS for w in bare)}
    for word in words:
        if _EN_CLITIC_RE.search(word):
            word = _EN_CLITIC_RE.sub("", word)
        elif "'" in word:
            ev["kk"] += 2 * len(_KK_APOSTROPHE_RE.findall(word))
        for lang, value in _latin_evidence(word):
            ev[lang] += value
    turkic = max(ev["tr"], ev["az"], ev["uz"])
    # English function words.
    if en_fw and 2 * en_fw >= ev["kk"] + turkic and en_fw * 8 >= max(len(words), 1):
        return "en"
    if any(_TURKMEN_LETTERS & set(word) for word, cased in zip(bare, cased_bare, strict=True) if cased[:1].islower()):
        return "other"  # Turkmen: close to Latin Kazakh, but no Kazakh alphabet writes ň or ž
    ranks = rank(text)
    reading = _kazakh_reading(words)
    kk_ranks = rank(reading)
    kazakh = kk_ranks["kk"] if max(CYRILLIC_LANGS, key=kk_ranks.get) == "kk" else 0.0
    english = share(ranks, "en", _EN_OR_TURKIC)  # English against the Latin Turkic languages
    foreign = dotted or bool(set(low) & _NON_ENGLISH_LETTERS)
    # Kazakh against Turkish, Azerbaijani and Uzbek: spelling plus each model's verdict.
    kk_score = ev["kk"] + ev["kk-turkic"] + kazakh
    turkic_score = turkic + ev["turkic-kk"] + 2 * max(ranks["tr"], ranks["az"], ranks["uz"])
    # Spelt as Kazakh 2021 can be (capitalised words after the first may be foreign names: Google).
    kazakh_spelling = not any(_NOT_KAZAKH_LATIN_RE.search(w) for i, w in enumerate(bare)
                              if i == 0 or not cased_bare[i][:1].isupper())
    if kk_score > turkic_score and kazakh_spelling and (kazakh >= 0.3 or detect_cyrillic(reading) == "kk"):
        return "kk"  # read in Cyrillic it is Kazakh, and it spells nothing Kazakh cannot
    if 2 * sum(_ENGLISH_ONLY_RE.search(w) is not None for w in bare) >= len(bare):
        english = max(english, 0.5)  # spelt as no Latin Turkic alphabet spells (Kazakhstan, Shaw, Smith)
    if english >= 0.2 and not foreign and ev["kk"] < 1 and turkic < 1 and kazakh <= english:
        return "en"
    if kk_score > turkic_score and (ev["kk"] >= 1 or kazakh_spelling):
        return "kk"
    if english < 0.2 or foreign or turkic_score >= 1:
        return "other"
    return "en"


@lru_cache(maxsize=100_000)
def _latin_evidence(word: str) -> tuple[tuple[str, float], ...]:
    """Spelling evidence of one lower-case Latin word.

    ``kk``, ``tr``, ``az``, ``uz`` set a language apart from every other one here (English too);
    ``kk-turkic`` sets Kazakh apart only from Turkish, Azerbaijani and Uzbek, ``turkic-kk`` the reverse.
    """
    ev: dict[str, float] = {}

    def add(lang: str, value: float = 1.0) -> None:
        ev[lang] = ev.get(lang, 0.0) + value

    bare = word.strip("'ʻʼ")
    chars = set(bare)
    kazakh_only = bool(chars & set("ñūä"))
    vowel_y = _VOWEL_Y_RE.search(bare) is not None
    if kazakh_only:
        add("kk", 2)
    if _DOUBLE_I_RE.search(bare):
        add("kk", 2)
    if "ı" in chars:
        kazakh, turkish = _dotless_i_harmony(bare)
        if kazakh > turkish and not chars & {"q", "ğ"}:
            add("kk")  # Kazakh ı (і) is a front vowel: after e ä ö ü i u, and with k g, not q ğ
        elif turkish and not kazakh_only:
            add("tr")  # Turkish/Azerbaijani ı is a back vowel: after a o
    if "q" in chars and "qu" not in bare:
        # Kazakh q goes with back vowels; Azerbaijani q with front ones too (qırmızı); Uzbek has qi, sh, ch.
        if _Q_FRONT_RE.search(bare) and not kazakh_only:
            add("az")
        elif _UZ_Q_RE.search(bare) and not vowel_y and not chars & _NOT_UZBEK_LETTERS:
            add("uz")
        elif not _NOT_KAZAKH_LATIN_RE.search(bare):
            add("kk")
    if "ə" in chars:
        add("az", 3)
    if _UZ_APOSTROPHE_RE.search(word):
        add("uz", 2)
    # x, sh/ch (Kazakh 2021 writes h, ş, ç), c (дж), y as a consonant (ay, yo, -iy), and i after a
    # consonant in a front word (Kazakh writes ı there): Turkish/Azerbaijani/Uzbek.
    if _TURKIC_SPELLING_RE.search(bare):
        add("turkic-kk", 0.5)
    if chars & {"e", "ö", "ü"} and "ı" not in chars and _CONSONANT_LAT_I_RE.search(bare):
        add("turkic-kk", 0.5)
    # Kazakh: y as the vowel ы, й written i after a vowel, ğ first or after a consonant, ю, endings.
    if vowel_y:
        add("kk-turkic")
    if _DIPHTHONG_RE.search(bare):
        add("kk-turkic")
    if _KK_G_RE.search(bare):
        add("kk-turkic")
    if _IU_RE.search(bare) or _KK_LAT_SUFFIX_RE.search(bare):
        add("kk-turkic")
    return tuple(ev.items())


def _dotless_i_harmony(word: str) -> tuple[int, int]:
    """How many ı in the word fit Kazakh harmony (front і) and how many fit Turkish (back ı).

    Each ı is judged by the vowel before it (by the next one at the start of a word): after e ä ö ü i
    or the neutral u it is Kazakh, after a o ū y it is Turkish/Azerbaijani.
    """
    vowels = [ch for ch in word if ch in _VOWELS]
    kazakh = turkish = 0
    for i, vowel in enumerate(vowels):
        if vowel != "ı":
            continue
        neighbour = next((v for v in reversed(vowels[:i]) if v != "ı"), None)
        if neighbour is None:
            neighbour = next((v for v in vowels[i + 1:] if v != "ı"), None)
        if neighbour in ("e", "ä", "ö", "ü", "i", "u"):
            kazakh += 1
        elif neighbour in ("a", "o", "ū", "y"):
            turkish += 1
    return kazakh, turkish


def _kazakh_reading(words: list[str]) -> str:
    """The words read as Kazakh 2021 Latin and written in Cyrillic, for the model to judge.

    The 2021 alphabet writes и and й alike (i): after a vowel it is й (ай, ей, ой). English clitics
    ('s, n't) are dropped.
    """
    return " ".join(_kazakh_word(_EN_CLITIC_RE.sub("", w)) for w in words)


@lru_cache(maxsize=100_000)
def _kazakh_word(word: str) -> str:
    return _AFTER_VOWEL_RE.sub(r"\1й", latin_to_cyrillic(word))
