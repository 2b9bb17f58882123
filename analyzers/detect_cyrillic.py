"""Language detection of Cyrillic text: ``ru``, ``kk`` or ``other``.

The model's ranking (``detect_model``) offers the candidates; linguistic evidence decides:

* Alphabets rule candidates out (Belarusian has no и, Ukrainian no ы/э, Kyrgyz no ә/ғ/қ/ұ/і, Russian
  none of the Kazakh letters; ў ҳ җ ї є ґ ҙ ҫ … rule Kazakh out).
* Russian must pass a dictionary test: pymorphy3's lexicon has to know more of the words than it
  does not (capitalised unknown words are names; a word it knows only as a name is unknown in lower
  case). Text whose words it all knows, with no neighbour's function word or word shape, is
  Russian. Bulgarian, Ukrainian, Tajik, Kyrgyz or Belarusian labels that look Russian fail the test.
* Word shapes point to a language: Bulgarian verbal nouns -ане, plurals -ове, the article on a
  Russian stem; Kazakh and Kyrgyz plural -лар/-дар/-тар (consonant by the stem's last sound, vowel
  by harmony) and possessive -сы; Kazakh genitive -ның and е after ө/ү, Kyrgyz initial э, long
  vowels, о/ө/ү past the first syllable; Uzbek -лар with no harmony, и for ы, genitive -нинг.
  A Russian stem with a Turkic ending (экология-сы) is a loan: only the ending counts.
* A word that is neither Russian nor shaped like Kazakh (в ф ц ч …, two vowel series, an initial
  cluster) rules Kazakh out when there is no Kazakh-only letter.
* Short hand-written function-word lists of the neighbours mark them too. When a neighbour leads
  the model without any marker of its own, Kazakh letters or Kazakh morphology give Kazakh; on a
  tie between Kazakh and Kyrgyz endings (identical in both) Kazakh, the archive's language, wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.detect_model import rank

# A word in any script (the Latin rules and the sentence voting count words with it too).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʻ‘`ʼ][^\W\d_]+)*['’ʻ‘`ʼ]?")
_CYRILLIC_WORD_RE = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")

# ---------------------------------------------------------------- Cyrillic alphabets and words

# Basic Russian alphabet, and what each Cyrillic language adds to it / lacks of it.
_RU = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_EXTRA = {
    "ru": "", "kk": "әғқңөұүһі", "ky": "ңөү", "be": "іў'", "uk": "іїєґ'", "bg": "", "mk": "ѓѕјљњќџ",
    "sr": "ђјљњћџ", "mn": "өү", "tt": "әөүҗңһ", "ba": "әғҙқңөҫүһ", "tg": "ғӣқӯҳҷ", "uz": "ўқғҳ",
}
_LACKS = {
    "be": "ищъ", "uk": "ыэёъ", "bg": "ыэё", "mk": "ыэёщъйяюе", "sr": "ыэёщъйяюьщ", "tg": "ыщц", "uz": "ыщц",
}
CYRILLIC_LANGS = tuple(_EXTRA)
_ALPHABETS = {lang: (_RU | set(_EXTRA[lang])) - set(_LACKS.get(lang, "")) for lang in CYRILLIC_LANGS}
_KK_NEIGHBOURS = frozenset(("ky", "tt", "ba", "uz", "mn"))  # Turkic neighbours, and Mongolian
_MARKERS = ("ky", "uz", "mn", "tt", "bg")  # neighbours that word shapes can point to
KK_ONLY = frozenset("әғқұһі")
KK_I_MIN_WORDS = 8  # a Kazakh text of this many words has an і  # Kazakh letters that Russian and Kyrgyz lack
_NOT_KK = frozenset("ўҳїєґҗҙҫӯӣҷѓѕјљњќџђћ")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

# Short hand-written function-word lists: words no Russian text uses (and, for Kazakh, few Kyrgyz ones).
_KK_CYR_WORDS = frozenset("және мен бен пен үшін бұл туралы осы сол ол жоқ емес еді болып бойынша дейін "
                          "кейін арқылы қалай қандай неше кім қай қашан болады тиіс".split())
_NEIGHBOUR_WORDS = {
    "ky": frozenset("жана менен үчүн бул болуп боюнча келип эмес дагы же жок эле экен тууралуу".split()),
    "be": frozenset("і ў гэта што ці пры які якая калі толькі ня быць яго яна".split()),
    "uk": frozenset("та що це який яка також або вже цей якщо".split()),
    "bg": frozenset("със това са към във е ще се съм има няма които която който след чрез също".split()),
    "uz": frozenset("ва билан учун эмас ҳам ёки бу ушбу".split()),
    "tt": frozenset("һәм белән өчен түгел иде".split()),
    "tg": frozenset("ва дар бо аз ки барои ин он".split()),
}

_CYR_VOWELS = "аәеёиоөуұүыіэюя"
_CYR_FRONT = frozenset("әеөүіиэ")
_C = f"[^{_CYR_VOWELS}]"  # a Cyrillic consonant (or any non-vowel)
_V = f"[{_CYR_VOWELS}]"
# Kazakh/Kyrgyz endings: plural (+ case), possessive -сы/-сі (+ case), genitive; Uzbek genitive -нинг.
_CYR_SUFFIX_RE = re.compile(
    r"^(.{2,}?)(?:(?P<plural>[лдт][ае]р)(?:ы|і|ын|ін|ға|ге|да|де|дың|дің|ды|ді|ден|дан|мен)?"
    r"|(?P<poss>с[ыі])(?:н|ның|нің|на|не|нда|нде|нан|нен)?|(?P<gen_kk>[нтд][ыі]ң)|(?P<gen_ky>[нтд][ыиуү]н)|нинг)$"
)
_SURNAME_END_RE = re.compile(r"(?:ов|ев)(?:а|на)?$")
_LONG_VOWEL_RE = re.compile(r"аа|оо|уу|ээ|үү|өө|ыы")
_ROUNDED_LATER_RE = re.compile(f"{_V}{_C}+[оөү]")  # о/ө/ү past the first syllable
_CONSONANT_I_RE = re.compile(f"[^{_CYR_VOWELS}й]и")
_INNER_E_RE = re.compile(r"[аоуеиыэюяё]э")
_FRONT_THEN_E_RE = re.compile(f"^{_C}*[өүә][^аеёиоөұүыіэюяә]+е")  # ө/ү/ә in the first syllable, then е
_AGENT_RE = re.compile(f"{_C}у?ш[ыі]$")  # Kazakh agent nouns -шы/-ушы (Kyrgyz -чы/-уучу)
_VERBAL_NOUN_RE = re.compile(r"[бгдзклмнпрстш]у$")  # Kazakh -у (Kyrgyz -уу/-үү)
_LATER_AE_RE = re.compile(f"{_V}{_C}+ә")  # Tatar/Bashkir ә past the first syllable
_INITIAL_CLUSTER_RE = re.compile(f"{_C}{{2}}")
_BG_ENDING_RE = re.compile(r"(?:[ая]не|ене|ове|еве)$|ъ[^аеёиоуыэюя]")
_BG_ARTICLE_RE = re.compile(r"(.{3,})(?:та|то|те|ът|ят)$")


# ---------------------------------------------------------------- Russian dictionary


@lru_cache(maxsize=200_000)
def _russian_word(word: str) -> bool:
    """pymorphy3's dictionary knows the (lower-case) word."""
    from analyzers.russian import morph

    return morph().word_is_known(word)


@lru_cache(maxsize=200_000)
def _russian_name_only(word: str) -> bool:
    """The dictionary knows the word only as a proper name (тарих, ата): in lower case it is no
    Russian word."""
    from analyzers.russian import morph

    parses = [p for p in morph().parse(word) if p.is_known]
    return bool(parses) and all(_NAME_TAGS & p.tag.grammemes for p in parses)


# ---------------------------------------------------------------- texts and words


def detect_cyrillic(text: str) -> str:
    """The language of a mostly Cyrillic text: ``ru``, ``kk`` or ``other``."""
    low = text.lower()
    counts: dict[str, int] = {}
    for ch in low:
        if "\u0400" <= ch <= "\u04ff":
            counts[ch] = counts.get(ch, 0) + 1
    letters = set(counts)
    total = sum(counts.values())
    cased = [w.strip("'’") for w in WORD_RE.findall(text)]
    words = [w.lower() for w in cased]
    ranks = rank(text)
    # Letters of another alphabet: a few strays are allowed in long texts.
    allowed = [lang for lang in CYRILLIC_LANGS
               if sum(counts[ch] for ch in letters - _ALPHABETS[lang]) <= total // 40]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _NEIGHBOUR_WORDS.items()}
    hits["kk"] = sum(w in _KK_CYR_WORDS for w in words)
    shapes = _word_shapes(cased)
    scores = {lang: ranks[lang] * (1 + 2 * hits.get(lang, 0) + shapes.get(lang, 0))
              for lang in allowed or CYRILLIC_LANGS}
    known, unknown = _russian_verdict(text)
    if "ru" in scores:
        if unknown and unknown >= known:
            del scores["ru"]  # the Russian dictionary does not know this text
        elif known and not unknown and not any(hits.values()) and not any(shapes[k] for k in _MARKERS):
            return "ru"  # every word is Russian (names aside), none a neighbour's function word or form
    if shapes["not-kk"] and not letters & KK_ONLY:
        scores.pop("kk", None)  # a word that is neither Russian nor shaped like Kazakh
    if _lacks_kazakh_i(text) or sum(counts[ch] for ch in letters & _NOT_KK) > total // 40:
        scores.pop("kk", None)  # Karakalpak, Kyrgyz, Uzbek: Kazakh-looking, but и for і, or ҳ ў beyond a stray
    if not scores:
        return "other"
    best = max(scores, key=scores.get)
    if best in ("ru", "kk"):
        return best
    # The leader is marked by letters Kazakh lacks, its function words or its own word shapes.
    if letters & _NOT_KK or hits.get(best, 0) or shapes.get(best, 0) > shapes["kk"]:
        return "other"
    # Otherwise Kazakh letters it lacks, or Kazakh endings at least as many as its own, make it Kazakh.
    own_letters = letters & (set(_EXTRA["kk"]) - set(_EXTRA[best]))
    if best in _KK_NEIGHBOURS:
        kazakh_shapes = shapes["kk"] + shapes["kk-turkic"] >= max(shapes.get(best, 0), 1)
    else:
        kazakh_shapes = shapes["kk"] > 0
    if "kk" in scores and (own_letters or kazakh_shapes):
        return "kk"
    # Keep ru (if the dictionary knows all words but perhaps a first one) or kk when close behind.
    for ours in sorted((lang for lang in ("ru", "kk") if lang in scores), key=scores.get, reverse=True):
        if scores[ours] >= 0.5 * scores[best] and (ours == "kk" or unknown < 1):
            return ours
    return "other"


def _lacks_kazakh_i(text: str) -> bool:
    """Kazakh prose writes і in nearly every sentence; Karakalpak and Kyrgyz, which share most of its
    letters and endings, have neither і nor ұ and write и in their own words (тийкарында, процентлик).
    Short texts (a query, a name) may lack і by chance, and names (Кристи) may hold и."""
    low = text.lower()
    words = _CYRILLIC_WORD_RE.findall(text)
    if len(words) < KK_I_MIN_WORDS or "і" in low or "ұ" in low:
        return False
    return sum(word[:1].islower() and "и" in word for word in words) >= 2


def _russian_verdict(text: str) -> tuple[int, float]:
    """(known, unknown) Cyrillic words for the Russian dictionary.

    Unknown capitalised words are names: they count for nothing, or half when first (a name, or just
    the capital of a label), unless they are a Russian stem with a Turkic ending (Республика-сы).
    In short texts (queries, labels) a word the dictionary knows only as a name is unknown when
    written in lower case (the check is costly, and moot in longer texts).
    Known words of one or two letters (в, на, не) are shared by the Slavic languages and do not count.
    """
    known, unknown = 0, 0.0
    words = _CYRILLIC_WORD_RE.findall(text)
    for i, word in enumerate(words):
        low = word.lower()
        capital = word[:1].isupper()
        if _russian_word(low) and (capital or len(words) > 5 or not _russian_name_only(low)):
            known += len(word) > 2
        elif _russian_word(low):
            unknown += 1  # in a query, a name written in lower case (тарих) is no Russian usage
        elif not capital or word.isupper() or _turkic_ending(low):
            unknown += 1
        elif i == 0:
            unknown += 0.5
    return known, unknown


def _turkic_ending(word: str) -> bool:
    """A Russian word with a Kazakh/Kyrgyz ending: республика-сы, липид-тер."""
    suffix = _CYR_SUFFIX_RE.match(word)
    return bool(suffix) and _russian_word(suffix.group(1))


def _word_shapes(words: list[str]) -> dict[str, int]:
    """Evidence from the shapes of the words (as written) that the Russian dictionary does not know.

    ``kk-turkic`` is evidence for Kazakh against the Turkic neighbours only; ``not-kk`` counts words
    that cannot be Kazakh. Capitalised words of longer texts may be (compound) names and are only
    judged by their endings.
    """
    shapes = {"kk": 0, "kk-turkic": 0, "ky": 0, "uz": 0, "mn": 0, "tt": 0, "bg": 0, "not-kk": 0}
    for cased in words:
        word = cased.lower()
        if len(word) < 3 or _russian_word(word):
            continue
        name = len(words) > 1 and cased[:1].isupper() and not _turkic_ending(word)
        for lang, value in _word_shape(word, name):
            shapes[lang] += value
    return shapes


@lru_cache(maxsize=100_000)
def _word_shape(word: str, name: bool) -> tuple[tuple[str, int], ...]:
    """Evidence of one lower-case word unknown to the Russian dictionary (see ``_word_shapes``).

    Endings: Kazakh and Kyrgyz share the plural -лар/-дар/-тар (л after vowels and р й у, д after
    л м н ң ж з, т after the others; е after a front stem or one ending in к/г, банк-тер) and the
    possessive -сы/-сі; the genitive is -ның in Kazakh, -нын in Kyrgyz, -нинг in Uzbek; Uzbek puts
    -лар after any sound, without harmony. A Russian stem with such an ending is a loan: nothing more
    is said. Otherwise Kyrgyz writes initial э, long vowels, о/ө/ү past the first syllable, и after a
    consonant (Kazakh і), к/г with back vowels (Kazakh қ/ғ) and ч (Kazakh ш); Kazakh writes е after a
    first-syllable ө/ү/ә, agent nouns -шы and a short verbal noun -у (Kyrgyz -уу); Uzbek writes и for
    ы, Mongolian э inside words, Tatar/Bashkir ә past the first syllable.
    """
    shapes: dict[str, int] = {}

    def add(lang: str) -> None:
        shapes[lang] = shapes.get(lang, 0) + 1

    if not name and not _kazakh_shaped(word):
        add("not-kk")
    if len(word) >= 4 and _bulgarian_shaped(word):
        add("bg")
    stem = word
    suffix = _CYR_SUFFIX_RE.match(word)
    if suffix:
        stem = suffix.group(1)
        if suffix.group("plural"):
            consonant, vowel = suffix.group("plural")[:2]
            stem_vowels = [ch for ch in stem if ch in _CYR_VOWELS and ch not in "ую"]
            front_stem = bool(stem_vowels) and (stem_vowels[-1] in _CYR_FRONT or stem[-1] in "кг")
            last = stem[-1]
            expected = "л" if last in _CYR_VOWELS or last in "рйу" else ("д" if last in "лмнңжз" else "т")
            if consonant == "л" != expected or (vowel == "а" and front_stem):
                add("uz")
            elif consonant == expected and (vowel == "е") == front_stem:
                add("kk")
                add("ky")
        elif suffix.group("poss") and stem[-1] in _CYR_VOWELS:
            add("kk")
            add("ky")
        elif suffix.group("gen_kk"):
            add("kk")
        elif suffix.group("gen_ky") and not name:  # not surnames in -ин
            add("ky")
        if word.endswith("нинг"):
            add("uz")
        if _russian_word(stem):
            return tuple(shapes.items())  # a Russian loan with a Turkic ending
    vowels = {ch for ch in stem if ch in _CYR_VOWELS}
    if stem[0] == "э" and len(re.findall(_V, stem)) >= 2:
        add("ky")
    if "э" in stem[1:] and not _INNER_E_RE.search(stem):
        add("mn")
    if _LONG_VOWEL_RE.search(stem):
        add("ky")
        add("mn")
    if "ч" in stem and set(word) & set("ңөү"):
        add("ky")
    if not name:
        if _ROUNDED_LATER_RE.search(_SURNAME_END_RE.sub("", stem)):
            add("ky")
        if _CONSONANT_I_RE.search(stem) and not set(word) & set("іы"):
            add("ky")
        if vowels <= set("аоұыуяё") and set(stem) & set("кг") and len(re.findall(_V, stem)) >= 2:
            add("ky")
        if "и" in stem and vowels & set("ао") and not set(word) & set("ыіәөүұ"):
            add("uz")
    if _FRONT_THEN_E_RE.search(word) or _AGENT_RE.search(word):
        add("kk-turkic")
    if _LATER_AE_RE.search(word):
        add("tt")
    if _VERBAL_NOUN_RE.search(word) and len(re.findall(_V, stem)) >= 2:
        add("kk-turkic")
    return tuple(shapes.items())


def _kazakh_shaped(word: str) -> bool:
    """A word the Russian dictionary does not know can be Kazakh: a Russian stem with a harmonic
    Kazakh ending, or a native shape (one vowel series, no в ф ц ч щ ё э ъ ь, no initial cluster)."""
    suffix = _CYR_SUFFIX_RE.match(word)
    if suffix and _russian_word(suffix.group(1)):
        stem = suffix.group(1)
        stem_vowels = [ch for ch in stem if ch in _CYR_VOWELS]
        ending_vowels = [ch for ch in word[len(stem):] if ch in _CYR_VOWELS]
        front = bool(stem_vowels) and stem_vowels[-1] in _CYR_FRONT or stem[-1] in "кг"  # банк-тер
        return not stem_vowels or not ending_vowels or front == (ending_vowels[0] in _CYR_FRONT)
    core = _SURNAME_END_RE.sub("", word)
    vowels = {ch for ch in core if ch in _CYR_VOWELS} - set("иуюя")
    harmonic = not (vowels & _CYR_FRONT and vowels & set("аоұыё"))
    return harmonic and not set(core) & set("вфцчщёэъь") and not _INITIAL_CLUSTER_RE.match(core)


def _bulgarian_shaped(word: str) -> bool:
    """Bulgarian forms: verbal nouns -ане/-яне/-ене (Russian -ание/-ение), plurals -ове, ъ as a vowel,
    и for Russian ы (разрешени / разрешены), a Russian stem with the article -та/-то/-те/-ът/-ят."""
    article = _BG_ARTICLE_RE.match(word)
    return bool(_BG_ENDING_RE.search(word) or word[-1] == "и" and _russian_word(word[:-1] + "ы")
                or article and _russian_word(article.group(1)))
