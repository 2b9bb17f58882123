"""Language detection: ``en``, ``ru``, ``kk`` or ``other``, deterministic.

The base is py3langid's full model (142 classes: Kazakh, Kyrgyz, Tatar, Bashkir, Uzbek, Tajik,
Mongolian, the Slavic languages, Turkish, Azerbaijani…). On short texts its ranking is noisy, so
linguistic evidence decides between the candidates it offers:

Cyrillic text
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

Latin text
  * English if English function words dominate. Otherwise the model is asked for English against
    the Latin Turkic languages (tr, az, uz); spellings only English has (kh zh w th ck ph ee oo)
    count for English, letters it lacks (ı ş ğ ñ ä ö ü ç …) against it.
  * The text is re-read as Kazakh 2021 Latin written in Cyrillic (i after a vowel as й). If it spells
    nothing Kazakh 2021 cannot (c w x, sh ch th, y as a consonant, q beside a front vowel) and the
    model or the Cyrillic rules above call the reading Kazakh, it is Kazakh.
  * Kazakh is told from Turkish/Azerbaijani/Uzbek by spelling: ñ ū ä; ı is the front vowel і (after
    e ä ö ü i u, not beside q ğ) where Turkish ı is back; y is the vowel ы (between consonants,
    after one at the end) where the others use y as a consonant; й is written i after a vowel; ğ
    may start a word or follow a consonant; ия/-ий are written iia/-ii; Kazakh function words and
    the 2017 apostrophe alphabet (a' n' s' …). The others show c, x, sh/ch, oʻ/gʻ, ə, y before or
    after a vowel, Turkish/Uzbek function words, and q beside front vowels (Azerbaijani). The model's
    tr/az/uz probability on the Latin text and its kk probability on the Cyrillic reading count too.

Long texts vote by sentence (majority of words); a sentence is re-detected only when its letters
leave room for another answer. langdetect (no Kazakh profile) stays selectable for comparison.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.kazakh_script import latin_to_cyrillic

OUR_LANGS = ("en", "ru", "kk")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʻ‘`ʼ][^\W\d_]+)*['’ʻ‘`ʼ]?")
_CYRILLIC_WORD_RE = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|\n+")

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
_CYRILLIC_LANGS = tuple(_EXTRA)
_ALPHABETS = {lang: (_RU | set(_EXTRA[lang])) - set(_LACKS.get(lang, "")) for lang in _CYRILLIC_LANGS}
_KK_NEIGHBOURS = frozenset(("ky", "tt", "ba", "uz", "mn"))  # Turkic neighbours, and Mongolian
_MARKERS = ("ky", "uz", "mn", "tt", "bg")  # neighbours that word shapes can point to
_KK_ONLY = frozenset("әғқұһі")  # Kazakh letters that Russian and Kyrgyz lack
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

# ---------------------------------------------------------------- Latin words

_EN_WORDS = frozenset(
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
_MODEL_LANGS = (*_CYRILLIC_LANGS, "en", "tr", "az")
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
_CONSONANT_LAT_I_RE = re.compile(r"[^aeiouyäöüūı]i")
# Spellings the Kazakh 2021 alphabet cannot produce: c w x, English digraphs, q beside a front vowel,
# y (always the vowel ы) as a consonant: first before a vowel, after a vowel, between vowels (ай is ai).
_NOT_KAZAKH_LATIN_RE = re.compile(
    r"[cwx]|th|ck|ph|sh|ch|ee|oo|ou|oa|[eäöüı]q|q[eäöüı]|\by[aeiouäöüūı]|[aeoäöüıū]y|[aeiouäöüıū]y[aeiouäöüıū]"
)
_AFTER_VOWEL_RE = re.compile(r"([аәеиоөуұүыіэюя])и")
# Spellings of English (and of English renderings of Russian names) that no Latin Turkic alphabet has.
_ENGLISH_ONLY_RE = re.compile(r"kh|zh|w|th|ck|ph|ee|oo|tion")


# ---------------------------------------------------------------- model and dictionary


@lru_cache(maxsize=1)
def _model():
    """py3langid's full model, and the column of each language this module asks about."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first: dict[str, int] = {}
    for i, lang in enumerate(identifier.nb_classes):
        first.setdefault(lang, i)  # a code listed twice (uz, sr: two scripts) is summed into its first column
    return identifier, tuple((lang, first[lang]) for lang in _MODEL_LANGS)


def _rank(text: str) -> dict[str, float]:
    """The model's probability (over all 142 classes) of each language this module asks about.

    Reads the probability vector directly: ``rank()`` would sort all classes on every call.
    """
    identifier, columns = _model()
    probs = identifier._decide(text)  # py3langid 0.4.0 (pinned): probabilities per column
    return {lang: float(probs[i]) for lang, i in columns}


def _share(ranks: dict[str, float], lang: str, among: tuple[str, ...]) -> float:
    """The model's probability of ``lang`` when only the languages ``among`` are allowed."""
    total = sum(ranks.get(other, 0.0) for other in among)
    return ranks.get(lang, 0.0) / total if total > 0 else 0.0


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


# ---------------------------------------------------------------- whole texts


def detect_language(text: str) -> str:
    """The language of a text: ``en``, ``ru``, ``kk`` or ``other`` (empty text is ``other``)."""
    if len(_WORD_RE.findall(text)) >= 30:
        voted = _vote_by_sentence(text)
        if voted:
            return voted
    return _detect_one(text)


def _vote_by_sentence(text: str) -> str | None:
    """Long texts: each sentence votes with its word count; None when there is a single sentence.

    A sentence is detected on its own only when its letters leave room for another answer than the
    whole text's (Cyrillic in English text, Kazakh letters in Russian text, none in Kazakh text).
    """
    sentences = [s for s in _SENTENCE_RE.split(text) if s.strip()]
    if len(sentences) < 2:
        return None
    whole = _detect_one(text)
    weights: dict[str, int] = {}
    for sentence in sentences:
        n = len(_WORD_RE.findall(sentence))
        if n:
            lang = whole if _agrees(sentence, whole) else _detect_one(sentence)
            weights[lang] = weights.get(lang, 0) + n
    return max(weights, key=lambda lang: (weights[lang], lang == whole))


def _agrees(sentence: str, whole: str) -> bool:
    """The sentence's alphabet cannot make it another of our languages than the whole text's."""
    cyrillic = _CYRILLIC_RE.search(sentence) is not None
    if whole == "en":
        return not cyrillic
    kazakh = not set(sentence.lower()).isdisjoint(_KK_ONLY)
    latin = len(_LATIN_RE.findall(sentence)) > len(_CYRILLIC_RE.findall(sentence))
    if whole == "ru":
        return cyrillic and not latin and not kazakh
    if whole == "kk":
        return not latin and kazakh
    return False


def _detect_one(text: str) -> str:
    cyrillic = len(_CYRILLIC_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        return _detect_cyrillic(text)
    return _detect_latin(text)


# ---------------------------------------------------------------- Cyrillic


def _detect_cyrillic(text: str) -> str:
    low = text.lower()
    counts: dict[str, int] = {}
    for ch in low:
        if "\u0400" <= ch <= "\u04ff":
            counts[ch] = counts.get(ch, 0) + 1
    letters = set(counts)
    total = sum(counts.values())
    cased = [w.strip("'’") for w in _WORD_RE.findall(text)]
    words = [w.lower() for w in cased]
    ranks = _rank(text)
    # Letters of another alphabet: a few strays are allowed in long texts.
    allowed = [lang for lang in _CYRILLIC_LANGS
               if sum(counts[ch] for ch in letters - _ALPHABETS[lang]) <= total // 40]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _NEIGHBOUR_WORDS.items()}
    hits["kk"] = sum(w in _KK_CYR_WORDS for w in words)
    shapes = _word_shapes(cased)
    scores = {lang: ranks[lang] * (1 + 2 * hits.get(lang, 0) + shapes.get(lang, 0))
              for lang in allowed or _CYRILLIC_LANGS}
    known, unknown = _russian_verdict(text)
    if "ru" in scores:
        if unknown and unknown >= known:
            del scores["ru"]  # the Russian dictionary does not know this text
        elif known and not unknown and not any(hits.values()) and not any(shapes[k] for k in _MARKERS):
            return "ru"  # every word is Russian (names aside), none a neighbour's function word or form
    if shapes["not-kk"] and not letters & _KK_ONLY:
        scores.pop("kk", None)  # a word that is neither Russian nor shaped like Kazakh
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


# ---------------------------------------------------------------- Latin


def _detect_latin(text: str) -> str:
    dotted = "İ" in text  # Turkic capital İ
    text = text.replace("İ", "I").replace("i\u0307", "i")
    low = _QUOTED_RE.sub(r"\1", _APOSTROPHES_RE.sub("'", text.lower()))  # 'quoted' words lose their quotes
    words = _WORD_RE.findall(low)
    cased_bare = _WORD_RE.findall(_INITIAL_RE.sub(" ", _QUOTED_RE.sub(r"\1", _APOSTROPHES_RE.sub("'", text))))
    bare = [w.strip("'ʻʼ").lower() for w in cased_bare]  # words without initials (A.)
    en_fw = sum(w in _EN_WORDS for w in bare)
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
    ranks = _rank(text)
    reading = _kazakh_reading(words)
    kk_ranks = _rank(reading)
    kazakh = kk_ranks["kk"] if max(_CYRILLIC_LANGS, key=kk_ranks.get) == "kk" else 0.0
    english = _share(ranks, "en", _EN_OR_TURKIC)  # English against the Latin Turkic languages
    foreign = dotted or bool(set(low) & _NON_ENGLISH_LETTERS)
    # Kazakh against Turkish, Azerbaijani and Uzbek: spelling plus each model's verdict.
    kk_score = ev["kk"] + ev["kk-turkic"] + kazakh
    turkic_score = turkic + ev["turkic-kk"] + 2 * max(ranks["tr"], ranks["az"], ranks["uz"])
    # Spelt as Kazakh 2021 can be (capitalised words after the first may be foreign names: Google).
    kazakh_spelling = not any(_NOT_KAZAKH_LATIN_RE.search(w) for i, w in enumerate(bare)
                              if i == 0 or not cased_bare[i][:1].isupper())
    if kk_score > turkic_score and kazakh_spelling and (kazakh >= 0.3 or _detect_cyrillic(reading) == "kk"):
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


def detect_with_langdetect(text: str) -> str:
    """langdetect's answer, seeded; it has no Kazakh, so Kazakh texts come out as ``other`` or ru."""
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        lang = detect(text)
    except LangDetectException:
        return "other"
    return lang if lang in OUR_LANGS else "other"
