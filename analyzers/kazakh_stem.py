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
# A morpheme is (allomorphs, extra cost when it ends the word); an allomorph is (back-vowel form,
# classes of the sound it may follow, cost). Costs rank competing analyses of the same word: common,
# unambiguous endings are cheap; rare ones, and endings that look like the end of many stems, are dear.


def _m(cost: float, *specs: str, final: float = 0.0):
    out = []
    for spec in specs:
        form, conds, own = (spec.split(":") + ["", ""])[:3]
        out.append((form, conds or _ALL, float(own) if own else cost))
    return (tuple(out), final)


# nominal
PL = _m(0.5, "лар:VRJ", "дар:LNZ", "тар:T")
P1S = _m(1.5, "ым:" + _CONS, "м:V:2")
P2S = _m(2.0, "ың:" + _CONS, "ң:V:3")
P1P = _m(1.0, "ымыз:" + _CONS, "мыз:V")
P2P = _m(1.0, "ыңыз:" + _CONS, "ңыз:V")
P3 = _m(1.0, "ы:" + _CONS, "сы:V:0.5")
GEN = _m(0.5, "ның:VN", "дың:RJLZ", "тың:T")
DAT = _m(0.5, "ға:" + _VOICED, "қа:T")
ACC = _m(0.7, "ны:V", "ды:RJLNZ", "ты:T")
LOC = _m(0.7, "да:" + _VOICED, "та:T")
ABL = _m(0.5, "дан:VRJLZ", "нан:N", "тан:T")
INS = _m(0.5, "мен:VRJLN", "бен:NZ", "пен:T", "менен:VRJLN", "бенен:NZ", "пенен:T")
EQU = _m(1.5, "даи:" + _VOICED, "таи:T")
REL = _m(0.7, "дағы:" + _VOICED, "тағы:T")
# after the 3rd person possessive (ы/сы) the cases take н: жолының, жолына, жолын, жолында ...
GEN3 = _m(0.3, "ның:V")
DAT3 = _m(0.3, "на:V")
ACC3 = _m(0.3, "н:V")
LOC3 = _m(0.3, "нда:V")
ABL3 = _m(0.3, "нан:V")
INS3 = _m(0.3, "мен:V")
EQU3 = _m(1.0, "ндаи:V", "нша:V")
REL3 = _m(0.3, "ндағы:V")
DAT12 = _m(1.0, "а:N")  # after 1st/2nd person singular possessive: анама, өзіме
PRED = _m(1.5, "мын:VRJL", "бын:NZ", "пын:T", "мыз:VRJL", "быз:NZ", "пыз:T")
PRED_V = _m(1.0, "мын:VRJL", "бын:NZ", "пын:T", "мыз:VRJL", "быз:NZ", "пыз:T", "сың", "сыз", "сыңдар", "сыздар")

# verbal
PASS = _m(2.0, "ыл:RJNZT", "ын:L", "л:V:3", "н:V:3")
RECIP = _m(3.0, "ыс:" + _CONS, "с:V")
NEG = _m(1.0, "ма:VRJL", "ба:NZ", "па:T")
PRES = _m(0.8, "а:" + _CONS, "и:V", final=1.0)  # also the gerund in -а/-е/-й
PERS_PRES = _m(0.3, "мын", "сың", "сыз", "ды", "мыз", "сыңдар", "сыздар")
PAST = _m(0.7, "ды:" + _VOICED, "ты:T")
PERS_PAST = _m(0.7, "м", "ң", "ңыз", "қ", "ңдар", "ңыздар")
PERF = _m(0.5, "ған:" + _VOICED, "қан:T")
GER = _m(0.7, "ып:" + _CONS, "п:V:1")
EVID = _m(1.5, "ты")
VN = _m(1.0, "у")
HAB = _m(0.5, "атын:" + _CONS, "итын:V")
FUT = _m(2.0, "ар:" + _CONS, "р:V:3")
NEGFUT = _m(1.0, "с:V")  # after the negation: бармас, келмес
INTENT = _m(1.0, "мақ:VRJL", "бақ:NZ", "пақ:T")
SHY = _m(0.5, "шы")
COND = _m(0.7, "са")
PERS_COND = _m(0.5, "м", "ң", "қ", "ңыз", "ңдар", "ңыздар")
IMP = _m(1.5, "ыңыз:" + _CONS, "ңыз:V:2", "ыңдар:" + _CONS + ":2", "ңдар:V:2.5", "ыңыздар:" + _CONS, "ңыздар:V",
         "аиын:" + _CONS + ":1", "иын:V:1", "аиық:" + _CONS + ":1", "иық:V:1", "сын::2")
OPT = _m(1.5, "ғы:" + _VOICED, "қы:T")
SINCE = _m(1.0, "ғалы:" + _VOICED, "қалы:T")
DYQ = _m(1.0, "дық:" + _VOICED, "тық:T")  # -ғандық, -атындық: the fact of ...
SHA = _m(1.0, "ша")


def _one(morpheme, index: int):
    """The morpheme restricted to one of its allomorphs (to list person endings one by one)."""
    return ((morpheme[0][index],), morpheme[1])


def _each(morpheme):
    return [_one(morpheme, i) for i in range(len(morpheme[0]))]


def _nominal_tails(pred=PRED) -> list[list]:
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
                if pred and (not case or case == [LOC]):
                    tails.append(base + [pred])
    return tails


def _verbal_chains() -> list[list]:
    nominal = _nominal_tails(PRED_V)
    forms: list[list] = []
    forms += [[PRES], [PRES, PERS_PRES]]
    forms += [[PAST], [PAST, PERS_PAST]]
    forms += [[PERF] + t for t in nominal]
    forms += [[PERF, EQU], [PERF, DYQ], [PERF, DYQ, ABL], [PERF, DYQ, P3], [PERF, DYQ, P3, ACC3],
              [PERF, DYQ, P3, GEN3], [PERF, DYQ, P3, DAT3], [PERF, SHA]]
    forms += [[HAB] + t for t in nominal]
    forms += [[HAB, EQU], [HAB, DYQ], [HAB, DYQ, P3], [HAB, DYQ, P3, ACC3], [HAB, DYQ, P3, DAT3]]
    forms += [[GER], [GER, EVID], [GER, EVID, PERS_PAST]]
    forms += [[VN] + t for t in _nominal_tails(None)]
    forms += [[FUT], [FUT, PRED_V], [FUT, P1S], [FUT, P3], [FUT, P1P], [FUT, P3, ACC3]]
    forms += [[COND], [COND, PERS_COND]]
    forms += [[i] for i in _each(IMP)]
    forms += [[OPT, P1S], [OPT, P2S], [OPT, P3], [OPT, P1P], [OPT, P2P], [SINCE]]
    neg_forms = [f for f in forms if f[0] is not GER and f[0] is not FUT and f[0] is not OPT]
    neg_forms += [[NEGFUT], [NEGFUT, PRED_V], [NEGFUT, ABL], [NEGFUT, P3]]
    intent = [[INTENT], [INTENT, SHY], [INTENT, SHY, PRED_V], [INTENT, PRED_V]]
    chains: list[list] = []
    for voice in ([], [PASS], [RECIP]):
        chains += [voice + f for f in forms + intent]
        chains += [voice + [NEG] + f for f in neg_forms]
        if voice:
            chains.append(voice + [NEG])
    chains.append([NEG])
    return chains


_VOICING = {"қ": "ғ", "к": "г", "п": "б"}

Table = dict[str, tuple[dict[str, float], dict[str, float]]]


def _expand(seq: list, front: bool, table: Table) -> None:
    """Adds every surface string of a morpheme sequence, with the cheapest cost after each class of sound."""
    final = seq[-1][1]
    for allomorphs in product(*(m[0] for m in seq)):
        text = ""
        cost = final
        for form, conds, own in allomorphs:
            if front:
                form = _front(form)
            if text:
                if _cls(text[-1]) not in conds:
                    break
                if form[0] in VOWELS and text[-1] in _VOICING:
                    text = text[:-1] + _VOICING[text[-1]]
            text += form
            cost += own
        else:
            costs = table.setdefault(text, ({}, {}))[front]
            for cls in allomorphs[0][1]:
                if cost < costs.get(cls, 99.0):
                    costs[cls] = cost


def _build() -> Table:
    """Maps each chain of endings to its cost after each class of sound, after a back and after a front stem."""
    table: Table = {}
    for seq in _nominal_tails() + _verbal_chains():
        if seq:
            _expand(seq, False, table)
            _expand(seq, True, table)
    return table


_CHAINS = _build()
_MAX_CHAIN = max(map(len, _CHAINS))

# --- stripping ------------------------------------------------------------------------------------------

MIN_STEM = 2
LETTER_GAIN = 1.0  # each letter an analysis explains counts against its cost
THRESHOLD = 1.5  # strip only when cost - gain is below this
STEM_PENALTY = {2: 0.5}


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
    best = word
    best_score = THRESHOLD
    for i in range(max(MIN_STEM, n - _MAX_CHAIN), n):
        entry = _CHAINS.get(word[i:])
        if entry is None:
            continue
        stem = word[:i]
        h = _harmony(stem)
        if h is None and not any(ch in VOWELS for ch in stem):
            continue
        cls = _cls(stem[-1])
        if h is None:
            cost = min(entry[0].get(cls, 99.0), entry[1].get(cls, 99.0))
        else:
            cost = entry[h].get(cls, 99.0)
        score = cost - LETTER_GAIN * (n - i) + STEM_PENALTY.get(i, 0.0)
        if score < best_score:
            best, best_score = stem, score
    return best


_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Returns the stem of one lower-case Kazakh Cyrillic word (й folded to и)."""
    if len(word) <= MIN_STEM:
        return word
    word = _strip(word)
    if word[-1] in _DEVOICE:
        word = word[:-1] + _DEVOICE[word[-1]]
    return word
