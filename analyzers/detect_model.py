"""The py3langid model that language detection starts from.

py3langid's full model has 142 classes: Kazakh, Kyrgyz, Tatar, Bashkir, Uzbek, Tajik, Mongolian, the
Slavic languages, Turkish, Azerbaijani… On short texts its ranking is noisy, so the Cyrillic and Latin
rules (``detect_cyrillic``, ``detect_latin``) let linguistic evidence decide between the candidates
it offers.
"""

from __future__ import annotations

from functools import lru_cache

# The languages the rules ask the model about: every language of detect_cyrillic's alphabet table
# (in its order), then English and the Latin Turkic languages.
MODEL_LANGS = ("ru", "kk", "ky", "be", "uk", "bg", "mk", "sr", "mn", "tt", "ba", "tg", "uz", "en", "tr", "az")


@lru_cache(maxsize=1)
def _model():
    """py3langid's full model, and the column of each language of ``MODEL_LANGS``."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first: dict[str, int] = {}
    for i, lang in enumerate(identifier.nb_classes):
        first.setdefault(lang, i)  # a code listed twice (uz, sr: two scripts) is summed into its first column
    return identifier, tuple((lang, first[lang]) for lang in MODEL_LANGS)


def rank(text: str) -> dict[str, float]:
    """The model's probability (over all 142 classes) of each language of ``MODEL_LANGS``.

    Reads the probability vector directly: py3langid's ``rank()`` would sort all classes on every call.
    """
    identifier, columns = _model()
    probs = identifier._decide(text)  # py3langid 0.4.0 (pinned): probabilities per column
    return {lang: float(probs[i]) for lang, i in columns}


def share(ranks: dict[str, float], lang: str, among: tuple[str, ...]) -> float:
    """The model's probability of ``lang`` when only the languages ``among`` are allowed."""
    total = sum(ranks.get(other, 0.0) for other in among)
    return ranks.get(lang, 0.0) / total if total > 0 else 0.0


def top(text: str) -> tuple[str, float]:
    """The model's most probable language over all its classes, and its probability."""
    identifier, _ = _model()
    probs = identifier._decide(text)
    best = int(probs.argmax())
    return identifier.nb_classes[best], float(probs[best])
