"""A rule-based Kazakh stemmer: strips inflectional endings by the morphotactics of the language.

Kazakh words are built left to right:

* nouns (and participles, verbal nouns): stem + plural + possessive + case (+ -дағы) + predicative person;
* verbs: root + voice (passive, reciprocal) + negation + tense/aspect/mood (+ person, or the nominal
  endings of a participle or verbal noun).

Every ending has back- and front-vowel variants (vowel harmony: лар/лер, ға/ге) and consonant variants
chosen by the last sound before it (лар after vowels, дар after л м н ң з ж, тар after voiceless
consonants; ның/дың/тың; ға/қа; ған/қан; ды/ты; ма/ба/па ...). From a small grammar of these
morphemes we build every chain of endings the language allows, with its harmony and the sounds it can
follow. A word is stemmed by removing the longest chain that (1) agrees in harmony with the last vowel
left before it, (2) fits the last sound before it and (3) leaves a plausible stem; this repeats until
nothing more comes off, so a word and its inflected forms reach the same stem. The stem is then
normalised: the voicing an ending caused is undone (мектебі → мектеп, көлігі → көлік, құқығы → құқық)
and the high vowel that drops before a vowel-initial ending is ignored (халық/халқы, орын/орны).

Derivational endings (-лық, -шы, -лы, -сыз, -кер, causative -дыр/-ғыз) are not removed: they make new
words, and readers search for them separately.

The analyzer chain folds й→и, ё→е and һ→х before calling ``stem``; the grammar below is written
with и where Kazakh has й (жасайды → жасаиды).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

# --- sounds -----------------------------------------------------------------------------------------

_BACK_VOWELS = frozenset("аоұыяю")
_FRONT_VOWELS = frozenset("әеөүіэ")
VOWELS = frozenset("аәеоөұүыіэюяиу")
_TRUE_VOWELS = _BACK_VOWELS | _FRONT_VOWELS

# Classes of the sound before an ending; they choose the ending's first consonant.
#   V vowel; R р, у (and и, which stands for й, is J: it takes both vowel and р-type endings);
#   L л; N м н ң; Z з ж; T voiceless consonants (and б в г д ғ, which are devoiced word-finally).
_CLASS = {ch: "V" for ch in "аәеоөұүыіэюя"}
_CLASS.update({"р": "R", "у": "R", "и": "J", "л": "L", "м": "N", "н": "N", "ң": "N", "з": "Z", "ж": "Z"})


def _cls(ch: str) -> str:
    return _CLASS.get(ch, "T")


_ALL = "VRJLNZT"
_CONS = "RJLNZT"
_VOICED = "VRJLNZ"  # vowels and voiced consonants: ға, да, ды, ған ...

_TO_FRONT = str.maketrans("аыұоғқ", "еіүөгк")


def _front(form: str) -> str:
    return form.translate(_TO_FRONT)


# --- morphemes ----------------------------------------------------------------------------------------
# A morpheme is a tuple of allomorphs (back-vowel form, classes of the sound it may follow).


def _m(*specs: str) -> tuple[tuple[str, str], ...]:
    out = []
    for spec in specs:
        form, _, conds = spec.partition(":")
        out.append((form, conds or _ALL))
    return tuple(out)


# nominal
PL = _m("лар:VRJ", "дар:LNZ", "тар:T")
P1S = _m("ым:" + _CONS, "м:V")
P2S = _m("ың:" + _CONS, "ң:V")
P1P = _m("ымыз:" + _CONS, "мыз:V")
P2P = _m("ыңыз:" + _CONS, "ңыз:V")
P3 = _m("ы:" + _CONS, "сы:V")
GEN = _m("ның:VN", "дың:RJLZ", "тың:T")
DAT = _m("ға:" + _VOICED, "қа:T")
ACC = _m("ны:V", "ды:RJLNZ", "ты:T")
LOC = _m("да:" + _VOICED, "та:T")
ABL = _m("дан:VRJLZ", "нан:N", "тан:T")
INS = _m("мен:VRJLN", "бен:NZ", "пен:T", "менен:VRJLN", "бенен:NZ", "пенен:T")
EQU = _m("даи:" + _VOICED, "таи:T")
REL = _m("дағы:" + _VOICED, "тағы:T")
# after the 3rd person possessive (ы/сы) the cases take н: жолының, жолына, жолын, жолында ...
GEN3 = _m("ның:V")
DAT3 = _m("на:V")
ACC3 = _m("н:V")
LOC3 = _m("нда:V")
ABL3 = _m("нан:V")
INS3 = _m("мен:V")
EQU3 = _m("ндаи:V", "нша:V")
REL3 = _m("ндағы:V")
DAT12 = _m("а:N")  # after 1st/2nd person singular possessive: анама, өзіме
PRED = _m("мын:VRJL", "бын:NZ", "пын:T", "мыз:VRJL", "быз:NZ", "пыз:T")
PRED_V = PRED + _m("сың", "сыз", "сыңдар", "сыздар")  # after verb forms: аласыз, барғансыз

# verbal
PASS = _m("ыл:RJNZT", "ын:L", "л:V", "н:V")
RECIP = _m("ыс:" + _CONS, "с:V")
NEG = _m("ма:VRJL", "ба:NZ", "па:T")
PRES = _m("а:" + _CONS, "и:V")  # also the gerund in -а/-е/-й
PERS_PRES = _m("мын", "сың", "сыз", "ды", "мыз", "сыңдар", "сыздар", "м")
PAST = _m("ды:" + _VOICED, "ты:T")
PERS_PAST = _m("м", "ң", "ңыз", "қ", "ңдар", "ңыздар")
PERF = _m("ған:" + _VOICED, "қан:T")
GER = _m("ып:" + _CONS, "п:V")
EVID = _m("ты")
VN = _m("у")
HAB = _m("атын:" + _CONS, "итын:V")
FUT = _m("ар:" + _CONS, "р:V")
NEGFUT = _m("с:V")  # after the negation: бармас, келмес
INTENT = _m("мақ:VRJL", "бақ:NZ", "пақ:T")
SHY = _m("шы")
COND = _m("са")
PERS_COND = _m("м", "ң", "қ", "ңыз", "ңдар", "ңыздар")
IMP = _m("ыңыз:" + _CONS, "ңыз:V", "ыңдар:" + _CONS, "ңдар:V", "ыңыздар:" + _CONS, "ңыздар:V",
         "аиын:" + _CONS, "иын:V", "аиық:" + _CONS, "иық:V", "сын")
OPT = _m("ғы:" + _VOICED, "қы:T")
SINCE = _m("ғалы:" + _VOICED, "қалы:T")
DYQ = _m("дық:" + _VOICED, "тық:T")  # -ғандық, -атындық: the fact of ...
COMP = _m("ырақ:" + _CONS, "рақ:V")  # comparative: толығырақ, жақынырақ


def _opt(*morphemes):
    return [[]] + [[m] for m in morphemes]


def _nominal_tails(pred: tuple = PRED) -> list[list]:
    """Morpheme sequences after a nominal stem: (plural) (possessive) (case) (predicative)."""
    tails: list[list] = []
    for pl in ([], [PL]):
        for poss in ([], [P1S], [P2S], [P1P], [P2P], [P3]):
            if poss == [P3]:
                cases = [[], [GEN3], [DAT3], [ACC3], [LOC3], [ABL3], [INS3], [EQU3], [REL3],
                         [REL3, PL], [REL3, ABL], [REL3, GEN], [REL3, PL, GEN], [REL3, PL, DAT]]
            else:
                dat = [DAT12] if poss in ([P1S], [P2S]) else [DAT]
                cases = [[], [GEN], dat, [ACC], [LOC], [ABL], [INS], [EQU], [REL],
                         [REL, PL], [REL, ABL], [REL, GEN], [REL, PL, GEN], [REL, PL, DAT], [LOC, EQU]]
            for case in cases:
                base = pl + poss + case
                tails.append(base)
                if not case or case == [LOC]:
                    for p in pred:
                        tails.append(base + [(p,)])
    return tails


def _verbal_chains() -> list[list]:
    nominal = _nominal_tails(PRED_V)
    forms: list[list] = []
    forms += [[PRES]] + [[PRES, (p,)] for p in PERS_PRES]
    forms += [[PAST]] + [[PAST, (p,)] for p in PERS_PAST]
    forms += [[PERF] + t for t in nominal] + [[PERF, EQU], [PERF, DYQ], [PERF, DYQ, ABL], [PERF, DYQ, P3],
                                             [PERF, DYQ, P3, ACC3], [PERF, DYQ, P3, GEN3], [PERF, DYQ, P3, DAT3],
                                             [PERF, _m("ша")]]
    forms += [[HAB] + t for t in nominal] + [[HAB, EQU], [HAB, DYQ], [HAB, DYQ, P3], [HAB, DYQ, P3, ACC3],
                                            [HAB, DYQ, P3, DAT3]]
    forms += [[GER], [GER, EVID]] + [[GER, EVID, (p,)] for p in PERS_PAST]
    forms += [[VN] + t for t in _nominal_tails(())]
    forms += [[FUT]] + [[FUT, (p,)] for p in PRED_V] + [[FUT, P1S], [FUT, P3], [FUT, P1P], [FUT, P3, ACC3]]
    forms += [[COND]] + [[COND, (p,)] for p in PERS_COND]
    forms += [[(i,)] for i in IMP]
    forms += [[OPT, P1S], [OPT, P2S], [OPT, P3], [OPT, P1P], [OPT, P2P], [SINCE]]
    neg_forms = [f for f in forms if f[0] is not GER and f[0] is not FUT and f[0] is not OPT]
    neg_forms += [[NEGFUT]] + [[NEGFUT, (p,)] for p in PRED_V] + [[NEGFUT, ABL], [NEGFUT, P3]]
    intent = [[INTENT], [INTENT, SHY]] + [[INTENT, SHY, (p,)] for p in PRED_V] + [[INTENT, (p,)] for p in PRED_V]
    chains: list[list] = []
    for voice in ([], [PASS], [RECIP]):
        chains += [voice + f for f in forms + intent]
        chains += [voice + [NEG] + f for f in neg_forms]
        if voice:
            chains.append(voice + [NEG])
    chains.append([NEG])
    return chains


_VOICING = {"қ": "ғ", "к": "г", "п": "б"}


def _expand(seq: list, front: bool) -> dict[str, set[str]]:
    """Every surface string of a morpheme sequence, with the classes of sound it may follow."""
    out: dict[str, set[str]] = {}
    for allomorphs in product(*seq):
        text = ""
        ok = True
        for form, conds in allomorphs:
            if front:
                form = _front(form)
            if text:
                if _cls(text[-1]) not in conds:
                    ok = False
                    break
                if form[0] in VOWELS and text[-1] in _VOICING:
                    text = text[:-1] + _VOICING[text[-1]]
            text += form
        if ok:
            out.setdefault(text, set()).update(allomorphs[0][1])
    return out


def _build() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Maps each chain of endings to the sound classes it may follow, after a back and after a front stem."""
    table: dict[str, tuple[set[str], set[str]]] = {}
    for seq in _nominal_tails() + _verbal_chains():
        if not seq:
            continue
        for front in (False, True):
            for text, conds in _expand(seq, front).items():
                entry = table.setdefault(text, (set(), set()))
                entry[front].update(conds)
    return {k: (frozenset(b), frozenset(f)) for k, (b, f) in table.items()}


_CHAINS = _build()
_MAX_CHAIN = max(map(len, _CHAINS))

# --- stripping ------------------------------------------------------------------------------------------

MIN_STEM = 2


def _harmony(stem: str) -> int | None:
    """0 for a back-vowel stem, 1 for a front-vowel stem, None when no vowel decides."""
    for ch in reversed(stem):
        if ch in _BACK_VOWELS:
            return 0
        if ch in _FRONT_VOWELS:
            return 1
    return None


def _strip(word: str) -> str:
    n = len(word)
    for i in range(max(MIN_STEM, n - _MAX_CHAIN), n):
        entry = _CHAINS.get(word[i:])
        if entry is None:
            continue
        stem = word[:i]
        if not any(ch in _TRUE_VOWELS for ch in stem):
            continue
        h = _harmony(stem)
        cls = _cls(stem[-1])
        if h is None:
            if cls not in entry[0] and cls not in entry[1]:
                continue
        elif cls not in entry[h]:
            continue
        return stem
    return word


_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Returns the stem of one lower-case Kazakh Cyrillic word (й folded to и)."""
    if len(word) <= MIN_STEM:
        return word
    while True:
        shorter = _strip(word)
        if shorter == word:
            break
        word = shorter
    if word[-1] in _DEVOICE:
        word = word[:-1] + _DEVOICE[word[-1]]
    return word
