"""A rule-based Kazakh stemmer: strips inflectional endings right to left, following morphotactics.

Kazakh words are stem + (plural) + (possessive) + (case) + (predicative/particle) for nouns and
stem + (voice) + (negation) + (tense/aspect/participle) + (person) for verbs, each ending in
front- and back-vowel variants and with consonant assimilation (лар/лер/дар/дер/тар/тер).
We strip the longest known ending whose removal leaves a plausible stem, repeat, then undo the
final-consonant voicing that an ending caused (п/б, к/г, қ/ғ). Derivational endings (-лық, -шы)
are kept: they make new words, and searching for them separately is what readers expect.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("аәеёиоөұүыіэюя")


def _variants(*groups: str) -> tuple[str, ...]:
    return tuple(s for group in groups for s in group.split())


# Endings grouped by slot, outermost first. Each entry: (endings, minimum stem length after strip).
_SLOTS: list[tuple[tuple[str, ...], int]] = [
    # particles and question marks glued to the word
    (_variants("ма ме ба бе па пе ғой қой ақ ек"), 4),
    # predicative person endings
    (_variants("мын мін бын бін пын пін сың сің сыз сіз мыз міз быз біз пыз піз сыңдар сіңдер"), 4),
    # relative adjective after locative: Қазақстандағы
    (_variants("дағы дегі тағы тегі ндағы ндегі"), 3),
    # cases
    (_variants(
        "ның нің дың дің тың тің "
        "ға ге қа ке на не "
        "ны ні ды ді ты ті "
        "да де та те нда нде "
        "дан ден тан тен нан нен "
        "мен бен пен менен бенен пенен "
        "ша ше ша ше дай дей тай тей"
    ), 3),
    # possessive
    (_variants(
        "ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ымды "
        "сы сі ым ім ың ің ы і м ң н"
    ), 3),
    # plural
    (_variants("лар лер дар дер тар тер"), 2),
]

# Verb endings: tried after noun endings when the word still looks inflected.
_VERB_ENDINGS: list[tuple[tuple[str, ...], int]] = [
    (_variants(
        "ғанда генде қанда кенде ғаннан геннен "
        "ғандықтан гендіктен қандықтан кендіктен "
        "ғанымен генімен "
        "атын етін итын итін "
        "ады еді иды иді "
        "ған ген қан кен "
        "ды ді ты ті "
        "ып іп п "
        "уға уге уы уі уда уде удың удің уын уін уымен "
        "у "
        "ар ер р "
        "мақ мек бақ бек пақ пек "
        "са се "
        "иық иік аиық еиік "
        "а е и "
    ), 2),
    # voice and negation
    (_variants("ма ме ба бе па пе"), 3),
    (_variants("дыр дір тыр тір ғыз гіз қыз кіз ыл іл ын ін ыс іс"), 3),
]

_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


def _strip_once(word: str, slots: list[tuple[tuple[str, ...], int]]) -> str:
    for endings, min_stem in slots:
        for ending in sorted(endings, key=len, reverse=True):
            if word.endswith(ending):
                stem = word[: -len(ending)]
                if len(stem) >= min_stem and any(ch in VOWELS for ch in stem):
                    word = stem
                    break
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Returns the stem of one lower-case Kazakh Cyrillic word."""
    if len(word) <= 3 or not any(ch in VOWELS for ch in word):
        return word
    result = _strip_once(word, _SLOTS)
    if result == word:
        result = _strip_once(word, _VERB_ENDINGS)
    if result != word and result[-1] in _DEVOICE:
        result = result[:-1] + _DEVOICE[result[-1]]
    return result
