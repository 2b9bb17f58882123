"""Language detection: ``en``, ``ru``, ``kk`` or ``other``, deterministic.

A text goes to the rules of its script, which weigh the ranking of py3langid's full model against
linguistic evidence:

* ``detect_model`` — the py3langid model (142 classes) and the probabilities the rules ask for;
* ``detect_cyrillic`` — alphabets, the Russian dictionary test, word shapes and function words of
  Kazakh and its neighbours (Kyrgyz, Uzbek, Tatar, Bulgarian, Ukrainian…);
* ``detect_latin`` — English against Turkish/Azerbaijani/Uzbek and Latin-script Kazakh (re-read in
  Cyrillic for the model and the Cyrillic rules);
* ``detect_arabic`` — Kazakh in the Arabic script (töte jazu) against Arabic, Persian, Uyghur…;
* ``detect_repair`` — legacy-font letters, Latin look-alikes inside Cyrillic words and cp1251 mojibake
  are undone before any of them reads the text.

Long texts vote by sentence (majority of words); a sentence is re-detected only when its letters
leave room for another answer. langdetect (no Kazakh profile) stays selectable for comparison.
"""

from __future__ import annotations

import re

from analyzers.detect_arabic import ARABIC_LETTER_RE, detect_arabic
from analyzers.detect_cyrillic import KK_ONLY, WORD_RE, detect_cyrillic
from analyzers.detect_latin import EN_FUNCTION_WORDS, detect_latin
from analyzers.detect_repair import repair

OUR_LANGS = ("en", "ru", "kk")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|\n+")
OTHER_ENGLISH_SHARE = 0.15  # English prose: about half of its words in small letters are function words
# Letters of scripts none of our languages is written in: Greek, Armenian, Hebrew, the scripts of India, Thai,
# Georgian, Hangul, kana and Chinese characters.
_OTHER_SCRIPT_RE = re.compile(r"[\u0370-\u03ff\u0530-\u05ff\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff"
                              r"\u1100-\u11ff\uac00-\ud7af\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# What is written in no language: web and e-mail addresses and markup a crawler kept ("http://site.kz/news.php?id=1",
# '<div class="imagePreviewHolder">'). Their Latin letters outvoted a Russian paragraph that quoted a few.
_NOT_WORDS_RE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,300})?/?>")


# ---------------------------------------------------------------- whole texts


def detect_language(text: str) -> str:
    """The language of a text: ``en``, ``ru``, ``kk`` or ``other`` (empty text is ``other``)."""
    text = repair(_NOT_WORDS_RE.sub(" ", text))
    if len(WORD_RE.findall(text)) >= 30:
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
        n = len(WORD_RE.findall(sentence))
        if n:
            lang = whole if _agrees(sentence, whole) else _detect_one(sentence)
            weights[lang] = weights.get(lang, 0) + n
    return max(weights, key=lambda lang: (weights[lang], lang == whole))


def _agrees(sentence: str, whole: str) -> bool:
    """The sentence's alphabet cannot make it another of our languages than the whole text's."""
    cyrillic = _CYRILLIC_RE.search(sentence) is not None
    arabic = len(ARABIC_LETTER_RE.findall(sentence))
    if arabic:
        return whole == "kk" and arabic > len(_LATIN_RE.findall(sentence)) + len(_CYRILLIC_RE.findall(sentence))
    if whole == "other":  # a Latin text of another language: its short sentences read as English by default
        words = [word for word in WORD_RE.findall(sentence) if word[:1].islower()]  # not names
        english = sum(word in EN_FUNCTION_WORDS for word in words)
        return not cyrillic and english < OTHER_ENGLISH_SHARE * len(words)
    if whole == "en":
        return not cyrillic
    kazakh = not set(sentence.lower()).isdisjoint(KK_ONLY)
    latin = len(_LATIN_RE.findall(sentence)) > len(_CYRILLIC_RE.findall(sentence))
    if whole == "ru":
        return cyrillic and not latin and not kazakh
    if whole == "kk":
        return not latin and kazakh
    return False


def _detect_one(text: str) -> str:
    cyrillic, latin = _script_weights(text)
    arabic = len(ARABIC_LETTER_RE.findall(text))
    ours = len(_CYRILLIC_RE.findall(text)) + len(_LATIN_RE.findall(text))
    if len(_OTHER_SCRIPT_RE.findall(text)) > ours + arabic:
        return "other"  # Japanese that quotes a Kazakh name in Cyrillic is Japanese
    if arabic > ours:
        return detect_arabic(text)
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        return detect_cyrillic(text)
    return detect_latin(text)


def _script_weights(text: str) -> tuple[int, int]:
    """(Cyrillic, Latin) weight of a text: its lower-case words of each script when it has any (the
    language lives in them: "участием в коллективах Throbbing Gristle, Psychic TV" is Russian),
    else its letters of each script."""
    lower = [word for word in WORD_RE.findall(text) if word[:1].islower()]
    cyrillic = sum(_CYRILLIC_RE.match(word) is not None for word in lower)
    latin = sum(_LATIN_RE.match(word) is not None for word in lower)
    if cyrillic or latin:
        return cyrillic, latin
    return len(_CYRILLIC_RE.findall(text)), len(_LATIN_RE.findall(text))


def detect_with_langdetect(text: str) -> str:
    """langdetect's answer, seeded; it has no Kazakh, so Kazakh texts come out as ``other`` or ru."""
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        lang = detect(text)
    except LangDetectException:
        return "other"
    return lang if lang in OUR_LANGS else "other"
