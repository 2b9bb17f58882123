"""A rule-based Kazakh stemmer: strips inflectional endings by the morphotactics of the language.

Kazakh words are built left to right:

* nouns (and participles, verbal nouns): stem + plural + possessive + case (+ -дағы) + predicative person;
* verbs: root + voice (passive, reciprocal) + negation + tense/aspect/mood (+ person, or the nominal
  endings of a participle -ған/-атын or of the verbal noun -у).

Every ending has back- and front-vowel variants (vowel harmony: лар/лер, ға/ге) and consonant variants
chosen by the last sound before it (лар after vowels, дар after л м н ң з ж, тар after voiceless
consonants; ның/дың/тың; ға/қа; ған/қан; ды/ты; ма/ба/па ...). From a small grammar of these morphemes
we build every chain of endings the language allows (about 30,000 strings), each with the harmony and
the sounds it may follow and a cost. To stem a word, every ending of the word that is such a chain and
(1) agrees in harmony with the last vowel left before it and (2) fits the last sound before it is an
analysis; its score is the chain's cost, less a gain per letter it explains, plus a penalty for an
unlikely stem (two letters ending in a vowel; ending in ы/і; ending in two consonants no word ends in,
as in *қазақс-тан*). The best analysis below a threshold is taken off. Costs make common, unambiguous
endings win over rare ones and over endings that more often end a stem (a bare -ар reads as хабар,
әскер rather than a future; a bare -а/-е as бала, мәселе rather than a gerund).

A few endings also end many stems (баласы → бала, but мектеп looks like a gerund in -п); a stem that
still ends in one of them loses it too, so a bare word and its inflected forms meet. The stem is then
normalised: the voicing an ending caused is undone (мектебі → мектеп, көлігі → көлік, құқығы → құқық)
and the high vowel that drops before a vowel ending is restored (халқы → халық, орны → орын).

Some endings read two ways by the part of speech of the stem, which a rule stemmer does not know; the shape
of the stem decides. The past "we ..." -дық/-тық is also the noun suffix -дық/-тық (теңдік, ұлттық), but
not after р у й, where the noun suffix is -лық (жүрдік, көрдік); after other consonants it is taken off a
stem of one syllable closed by one consonant (алдық, кеттік; not ұлттық) or one with a causative ending
(өткіз-дік, көрсет-тік), not from others (мүмкіндік, агенттік). A bare gerund -а/-е is taken off only
after a causative ending (жеткіз-е, арттыр-а), never from бала, кеме. An allomorph written with a shape
(``:m`` one closed syllable or causative, ``:v`` causative) applies only after such stems.

Derivational endings (-лық, -шы, -лы, -сыз, -кер, causative -дыр/-ғыз) are not removed: they make new
words, and readers search for them separately. Two that apertium-kaz reads back to their base are: the
ordinal -ыншы (оныншы → он) and the agent noun -ушы of a verb of three letters or more (сатушы, жүрушілер →
сат, жүр; but оқушы, pupil, stays apart from оқ, bullet).

A suffix cut that leaves a very short stem makes a reader's word meet unrelated ones, so the shape of the stem
limits what may be cut (rules, not word lists): a stem of consonant + vowel takes only verbal endings (де-ген;
дұға is whole), one of vowel + й/у no participle -ған (ауған is whole; үй-де is cut), and -ым/-ім after one
closed syllable is the noun suffix of білім, жетім, not "my" (жетім stays apart from жет-).

Vowel-final verbs: the past after a vowel is -ды/-ді, and no native stem ends in vowel + д, so деді, оқыды are
де-ді, оқы-ды (not дед-і, оқыд-ы); an ending that begins with the present's -а/-е is verbal and needs a stem a
verb can end in, so бастады, орындады are баста-ды, орында-ды (no verb ends in -ст or consonant + д) and
үкіметін is үкімет-ін (no verb of two syllables ends in м); оқиды, танитын are оқы-й-ды, таны-й-тын written
with и, and reach оқ, тан like оқу, оқып.

Loans: a soft sign lets either harmony follow and the sound before it chooses the ending (лагерьдің,
асфальттің), and drops from the stem (лагерь, лагері → лагер); у between consonants is back (секундына);
the е of a surname in -ев after a vowel does not count for harmony (Тоқаевтың).

The oblique forms of the personal and demonstrative pronouns (мұның, маған), which change their stem, are
listed whole.

The analyzer chain folds й→и, ё→е and һ→х before calling ``stem``; the grammar below is written with и
where Kazakh has й (жасайды → жасаиды).
"""

from __future__ import annotations

import re
from functools import lru_cache

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
# A morpheme has allomorphs: (back-vowel form, classes of the sound it may follow, cost, shortest stem
# it may follow, extra cost when it ends the word), written "form:classes:cost:min_stem:final" with
# the morpheme's defaults for empty fields; an optional sixth field ``m`` or ``v`` is the shape of stem it
# needs (see ``_shapes``). Costs rank competing analyses of one word: common,
# unambiguous endings are cheap; rare ones, and endings that also end many stems, are dear.


class _M:
    __slots__ = ("name", "allomorphs")

    def __init__(self, name: str, cost: float, *specs: str, final: float = 0.0) -> None:
        self.name = name
        out = []
        for spec in specs:
            form, conds, own, min_stem, own_final, shape = (spec.split(":") + [""] * 5)[:6]
            out.append((form, tuple(c + shape for c in conds or _ALL), float(own) if own else cost,
                        int(min_stem) if min_stem else 2,
                        float(own_final) if own_final else final))
        self.allomorphs = tuple(out)

    def only(self, index: int) -> _M:
        copy = _M(self.name, 0.0)
        copy.allomorphs = (self.allomorphs[index],)
        return copy


# nominal
PL = _M("PL", 0.5, "лар:VRJ", "дар:LNZ", "тар:T")
# 1st person singular: -ым wants a stem of three letters (ұйым is not ұй-ым); after a vowel a bare -м
# more often ends the stem (адам, қалам). After a stem of one syllable closed by one consonant (shape ``n``
# is any other stem) -ым/-ім is the noun suffix of білім, бөлім, жетім, өнім, шағым, not "my": жетім (orphan)
# must not meet жет- (reach). It costs the rare жасым, көзім: kk-lemma-gold F1 tune 0.9430 → 0.9427, held-out
# 0.9243 → 0.9222, precision up (ғалым, рәсім, бұйым, қауым keep their whole stem, no longer ғал, рәс ...).
P1S = _M("P1S", 2.0, "ым:" + _CONS + "::3::n", "м:V:3")
P2S = _M("P2S", 3.0, "ың:" + _CONS, "ң:V", final=1.0)
P1P = _M("P1P", 1.0, "ымыз:" + _CONS, "мыз:V")
P2P = _M("P2P", 1.0, "ыңыз:" + _CONS, "ңыз:V")
P3 = _M("P3", 1.0, "ы:" + _CONS, "сы:V")
GEN = _M("GEN", 0.5, "ның:VN", "дың:RJLZ", "тың:T")
DAT = _M("DAT", 0.5, "ға:" + _VOICED, "қа:T")
ACC = _M("ACC", 0.7, "ны:V", "ды:RJLNZ", "ты:T")
LOC = _M("LOC", 0.7, "да:" + _VOICED, "та:T")
ABL = _M("ABL", 0.5, "дан:VRJLZ", "нан:N", "тан:T")
INS = _M("INS", 0.5, "мен:VRJLN", "бен:NZ", "пен:T", "менен:VRJLN", "бенен:NZ", "пенен:T")
EQU = _M("EQU", 1.5, "даи:" + _VOICED, "таи:T")
REL = _M("REL", 0.7, "дағы:" + _VOICED, "тағы:T")
# after the 3rd person possessive (ы/сы) the cases take н: жолының, жолына, жолын, жолында ...
GEN3 = _M("GEN3", 0.3, "ның:V")
DAT3 = _M("DAT3", 0.3, "на:V")
ACC3 = _M("ACC3", 0.3, "н:V")
LOC3 = _M("LOC3", 0.3, "нда:V")
ABL3 = _M("ABL3", 0.3, "нан:V")
INS3 = _M("INS3", 0.3, "мен:V")
EQU3 = _M("EQU3", 1.0, "ндаи:V", "нша:V")
REL3 = _M("REL3", 0.3, "ндағы:V")
DAT12 = _M("DAT12", 1.0, "а:N")  # after 1st/2nd person singular possessive: анама, өзіме
# after м н ң both are written: адаммын and адамбыз, жатқанмын and алатынбыз
PRED = _M("PRED", 1.5, "мын:VRJLN", "бын:NZ", "пын:T", "мыз:VRJLN", "быз:NZ", "пыз:T")
PRED_V = _M("PRED", 1.0, "мын:VRJLN", "бын:NZ", "пын:T", "мыз:VRJLN", "быз:NZ", "пыз:T", "сың", "сыз", "сыңдар",
            "сыздар")

# verbal
PASS = _M("PASS", 1.5, "ыл:RJNZT::3", "ын:L", "л:V:0.8:4", "н:V:0.8:4")
RECIP = _M("RECIP", 3.0, "ыс:" + _CONS, "с:V")
NEG = _M("NEG", 1.0, "ма:VRJL", "ба:NZ", "па:T", final=3.5)  # bare: мекеме, бағдарлама, реформа
# also the gerund in -а/-е/-й; a bare -а/-е is not taken off: it ends far more nouns (бала, қала, мәселе)
# A verb in -ы/-і with the present's -й is written with и (оқы-й-ды → оқиды, тан-ы-й-тын → танитын): read so, the
# stem loses its ы as before other vowel endings (оқыды, оқу, оқып → оқ). Bare, C + и ends adjectives (саяси).
PRES = _M("PRES", 0.8, "а:" + _CONS + ":::3", "и:V", "а:" + _CONS + ":::0:v", "и:" + _CONS + ":1.0::5", final=1.0)
PERS_PRES = _M("PERS_PRES", 0.3, "мын", "сың", "сыз", "ды", "мыз", "сыңдар", "сыздар")
PAST = _M("PAST", 0.7, "ды:" + _VOICED, "ты:T")
PERS_PAST = _M("PERS_PAST", 0.7, "м", "ң", "ңыз", "қ", "ңдар", "ңыздар")
PERS_PAST_SG = _M("PERS_PAST", 0.7, "м", "ң", "ңыз", "ңдар", "ңыздар")
# 1st person plural past: after a consonant -дық/-тық is far more often the noun suffix (қауіпсіздік,
# теңдік), after a vowel it is the verb (жасадық)
PAST_1PL = _M("PAST_1PL", 0.7, "дық:VRJ", "дық:LNZ:6", "тық:T:6", "дық:LNZ::::m", "тық:T::::m")
PERF = _M("PERF", 0.5, "ған:" + _VOICED, "қан:T")
GER = _M("GER", 0.7, "ып:" + _CONS, "п:V:1")
EVID = _M("EVID", 1.5, "ты")
VN = _M("VN", 1.0, "у")
HAB = _M("HAB", 0.5, "атын:" + _CONS, "итын:V", "итын:" + _CONS + ":0.7")
FUT = _M("FUT", 4.5, "ар:" + _CONS, "р:V")  # bare, it reads as a stem in -ар/-ер: хабар, әскер, пәтер
NEGFUT = _M("NEGFUT", 1.0, "с:V")  # after the negation: бармас, келмес
# Only after a stem of three letters: аймақ, еңбек, өзбек are nouns whose inflected forms (аймақта, еңбегі)
# keep the whole stem, so the bare word must too; kk-lemma-gold F1 tune 0.945 → 0.943, held-out 0.926 → 0.924
# (verbs of two letters, алмақ, етпек, now stay whole).
INTENT = _M("INTENT", 1.0, "мақ:VRJL::3", "бақ:NZ::3", "пақ:T::3", final=1.5)  # bare: көмек, тамақ
SHY = _M("SHY", 0.5, "шы")
COND = _M("COND", 0.7, "са", final=0.5)
PERS_COND = _M("PERS_COND", 0.5, "м", "ң", "қ", "ңыз", "ңдар", "ңыздар")
IMP = _M("IMP", 1.5, "ыңыз:" + _CONS, "ңыз:V:2", "ыңдар:" + _CONS + ":2", "ңдар:V:2.5", "ыңыздар:" + _CONS,
         "ңыздар:V", "аиын:" + _CONS + ":1", "иын:V:1", "аиық:" + _CONS + ":1", "иық:V:1", "сын::2")
OPT = _M("OPT", 3.0, "ғы:" + _VOICED, "қы:T")  # -ғысы келеді (wants to): rare; not соғыс-ы, қақтығыс-ы
SINCE = _M("SINCE", 1.0, "ғалы:" + _VOICED, "қалы:T")
DYQ = _M("DYQ", 1.0, "дық:" + _VOICED, "тық:T")  # -ғандық, -атындық: the fact of ...
SHA = _M("SHA", 1.0, "ша")
# ordinal numbers (бесінші, оныншы) and agent nouns of verbs (алушы, жүрушілер) are read back to the
# number and the verb, as apertium-kaz reads them
ORD = _M("ORD", 1.0, "ыншы:" + _CONS, "ншы:V")
AGENT = _M("AGENT", 0.5, "шы")
# ... but only from a verb of three letters or more (сатушы → сат, жүруші → жүр): after two letters the
# noun is its own word, and the short root meets unrelated ones (оқушы, pupil, is no оқ, bullet).
VN_AGENT = _M("VN", 1.0, "у:::3")

# Extra cost of a morpheme right after another: a passive past (-ылды) reads as often as a noun in -ыл
# with the accusative (ауылды, мезгілді).
_PAIR_COST = {("PASS", "PAST"): 1.0}
# A participle in -атын takes a case after a possessive (алатынын, алатынына), seldom straight away.
_PAIR_COST.update({("HAB", case): 1.5 for case in ("GEN", "DAT", "ACC", "LOC", "ABL", "INS")})


def _nominal_tails(pred: _M | None = PRED) -> list[list[_M]]:
    """Morpheme sequences after a nominal stem: (plural) (possessive) (case) (predicative)."""
    tails: list[list[_M]] = []
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
                # not after the 3rd person (баласымын, "I am his child", is rare; бөлімін is бөлім-ін)
                if pred and (not case or case == [LOC]) and poss != [P3]:
                    tails.append(base + [pred])
    return tails


def _verbal_chains() -> list[list[_M]]:
    nominal = _nominal_tails(PRED_V)
    forms: list[list[_M]] = []
    forms += [[PRES], [PRES, PERS_PRES]]
    forms += [[PAST], [PAST, PERS_PAST_SG], [PAST_1PL]]
    forms += [[PERF] + t for t in nominal]
    forms += [[PERF, EQU], [PERF, DYQ], [PERF, DYQ, ABL], [PERF, DYQ, P3], [PERF, DYQ, P3, ACC3],
              [PERF, DYQ, P3, GEN3], [PERF, DYQ, P3, DAT3], [PERF, SHA]]
    forms += [[HAB] + t for t in nominal]
    forms += [[HAB, EQU], [HAB, DYQ], [HAB, DYQ, P3], [HAB, DYQ, P3, ACC3], [HAB, DYQ, P3, DAT3]]
    forms += [[GER], [GER, EVID], [GER, EVID, PERS_PAST]]
    forms += [[VN] + t for t in _nominal_tails(None)]
    forms += [[VN_AGENT, AGENT] + t for t in _nominal_tails()]
    forms += [[FUT], [FUT, PRED_V], [FUT, P1S], [FUT, P3], [FUT, P1P], [FUT, P3, ACC3]]
    forms += [[COND], [COND, PERS_COND]]
    forms += [[IMP.only(i)] for i in range(len(IMP.allomorphs))]
    forms += [[OPT, P1S], [OPT, P2S], [OPT, P3], [OPT, P1P], [OPT, P2P], [SINCE]]
    neg_forms = [f for f in forms if f[0] not in (GER, FUT, OPT)]
    neg_forms += [[NEGFUT], [NEGFUT, PRED_V], [NEGFUT, ABL], [NEGFUT, P3]]
    intent = [[INTENT], [INTENT, SHY], [INTENT, SHY, PRED_V], [INTENT, PRED_V]]
    chains: list[list[_M]] = []
    for voice in ([], [PASS], [RECIP]):
        # a bare gerund after a voice (жасала) reads as a stem in -ла/-на/-са (мақала, астана) far more often
        chains += [voice + f for f in forms + intent if not voice or f != [PRES]]
        chains += [voice + [NEG] + f for f in neg_forms]
        if voice:
            chains.append(voice + [NEG])
    chains.append([NEG])
    return chains


_VOICING = {"қ": "ғ", "к": "г", "п": "б"}

# A stem of two letters takes only some kinds of ending (the class keys they add for it: see ``_short``).
# Consonant + vowel (де, же; not су, ми) is a verb root, never a noun: де-ген, же-ді, but дұға (prayer) is no
# дұ-ға. Vowel + й/у (үй, ай, ау, ой) is mostly a noun; the participle -ған/-ген, which often ends a noun of
# its own, does not leave one: ауған (Afghan) is no ау-ған, while үй-де, ау-ды, ау-ып are cut.
_SHORT_NOMINAL = {"R": "Rg", "J": "Jg"}
_SHORT_VERBAL = {"V": "Vo", "R": "Rg", "J": "Jg"}
_SHORT_PARTICIPLE = {"V": "Vo"}

# chain of endings -> (after a back stem, after a front stem): class of the sound before -> (cost, min stem)
Table = dict[str, tuple[dict[str, tuple[float, int]], dict[str, tuple[float, int]]]]


def _forms(seq: tuple[_M, ...], front: bool, memo: dict) -> list[tuple[str, str, int, float, float]]:
    """Every surface string of a morpheme sequence: (text, classes it may follow, shortest stem, cost,
    extra cost when the sequence ends the word)."""
    key = (tuple(map(id, seq)), front)
    if key in memo:
        return memo[key]
    last = seq[-1]
    out = []
    if len(seq) == 1:
        for form, conds, cost, min_stem, final in last.allomorphs:
            out.append((_front(form) if front else form, conds, min_stem, cost, final))
    else:
        pair = _PAIR_COST.get((seq[-2].name, last.name), 0.0)
        for text, conds0, min_stem, cost0, _ in _forms(seq[:-1], front, memo):
            cls = _cls(text[-1])
            for form, conds, cost, _, final in last.allomorphs:
                if cls not in conds and cls + "n" not in conds:  # after an ending the stem is no bare root
                    continue
                if front:
                    form = _front(form)
                head = text[:-1] + _VOICING[text[-1]] if form[0] in VOWELS and text[-1] in _VOICING else text
                out.append((head + form, conds0, min_stem, cost0 + cost + pair, final))
    memo[key] = out
    return out


def _table(nominal: list[list[_M]], verbal: list[list[_M]]) -> Table:
    """Maps each chain of endings to its cheapest cost after each class of sound, for back and front stems;
    nominal and verbal chains differ in the stems of two letters they may leave (``_SHORT_NOMINAL``)."""
    table: Table = {}
    memo: dict = {}
    for seq, short in [(seq, _SHORT_NOMINAL) for seq in nominal] + [
            (seq, _SHORT_PARTICIPLE if seq[0] is PERF else _SHORT_VERBAL) for seq in verbal]:
        if not seq:
            continue
        for front in (0, 1):
            for text, conds, min_stem, cost, final in _forms(tuple(seq), bool(front), memo):
                costs = table.setdefault(text, ({}, {}))[front]
                cost += final
                for cls in conds + tuple(short[c] for c in conds if c in short):
                    if (cost, min_stem) < costs.get(cls, (99.0, 0)):
                        costs[cls] = (cost, min_stem)
    # many chains share the same costs: keep one copy of each (a few MB instead of tens)
    shared: dict[tuple, dict[str, tuple[float, int]]] = {}

    def one(costs: dict[str, tuple[float, int]]) -> dict[str, tuple[float, int]]:
        return shared.setdefault(tuple(sorted(costs.items())), costs)

    return {text: (one(back), one(front)) for text, (back, front) in table.items()}


_CHAINS = _table(_nominal_tails() + [[ORD] + t for t in _nominal_tails()], _verbal_chains())
_MAX_CHAIN = max(map(len, _CHAINS))
# Endings that also end many bare stems (бала, мектеп, жақсы): a stem that ends in one of them loses it
# too, so that a bare word and its inflected forms (бала, баласы → бала → бал) reach the same stem.
_BARE = _table([[P3], [P3, ACC3], [P1S.only(0)]], [[PRES.only(1)], [GER], [VN]])
# chains with a cost that depends on the shape of the stem (class keys such as "Tm"): only these need it
_SHAPED = frozenset(text for table in (_CHAINS, _BARE) for text, costs in table.items()
                    if any(len(key) > 1 and key[1] in "vmn" for side in costs for key in side))

# --- stripping ------------------------------------------------------------------------------------------

MIN_STEM = 2
LETTER_GAIN = 1.5  # each letter an analysis explains counts against its cost
THRESHOLD = 1.0  # strip only when cost - gain + stem penalty is below this
BARE_THRESHOLD = 1.5
SHORT_STEM = 0.0  # penalty for a stem of two letters
SHORT_OPEN_STEM = 3.0  # more for two letters ending in a vowel (жа-, тү-, ба-)
HIGH_VOWEL_END = 2.0  # stems rarely end in ы/і: жұмыс+ы rather than жұмы+сы
BAD_CLUSTER = 10.0  # a stem ending in two consonants that cannot end a word (алм-, айтқ-, қазақс-)
# No native stem ends in д after a vowel (a final д is said т, and т stays т before a vowel: ет, еті); only
# loans do (завод, метод). So vowel + д + ы/і is the past of a vowel-final verb (де-ді, оқы-ды, жина-ды), not
# a possessive (дед-і, оқыд-ы).
VOWEL_D_END = 2.0
# Verbal endings that begin with the present's -а/-е (-ады, -атын, -ар; no nominal ending begins so) need a verb
# stem before them, and some stem ends are never a verb's (no verb ends so; checked on the tune lemmas' verbs):
# consonant + д and с + т are left only by cutting the verb-forming -да/-та (бастады, орындады are баста-ды,
# орында-ды, not баст-ады; roots in -рт, -лт, -йт keep their present: арт-ады, айт-ады); a vowel + к/қ/п is
# voiced before a vowel in a verb (тап-, табады; тік-, тігеді); и + т after a consonant ends loans (комитет-ін);
# and no verb of two syllables or more ends in м б ш ж ң or a consonant of loans (үкімет-ін, not үкім-етін).
# With VOWEL_D_END and the present in и: kk-lemma-gold F1 tune 0.943 → 0.945, held-out 0.922 → 0.927.
_NO_VERB_END = re.compile("(?:[^аәеоөұүыіэюяиуь]д|ст|[^аәеоөұүыіэюяиу]ит|[аәеоөұүыіэюя][кқп])$")
NO_VERB_ROOT = 10.0


def _no_verb(stem: str) -> bool:
    """True when a verb stem cannot end so (see ``_NO_VERB_END``)."""
    return bool(_NO_VERB_END.search(stem)) or (stem[-1] in "мбшжңфвхцч" and _syllables(stem) > 1)

# Two consonants that may end a word: native рт лт ст рқ лқ (айт, салт, дост, қорқ), and those of loans
# (текст, банк, фонд, организм, курс, министр). Others (-қс, -тт) only arise when an ending is cut wrongly;
# -нс and -кс are left out so that Ауғанстан, Өзбекстан keep their -стан (at the cost of баланс-ы, индекс-і).
_FINAL_CLUSTERS = frozenset("рт рқ рк рс рд рм рн рг рп рх рц рш лт лқ лк лм лп лс лд ст ск сп шт нт нд нк нг нц "
                            "зм см мп мб кт пт фт хт тр др бр вр гр нр".split())
# A high vowel between these consonants drops before a vowel ending: халық/халқы, орын/орны, ауыз/аузы,
# дауыс/даусы, көрік/көркі, қойын/қойны (й is и here).
_ELIDED = frozenset("лқ рқ рк рн ин уз ус".split())


def _harmony(stem: str) -> int | None:
    """0 for a back-vowel stem, 1 for a front-vowel stem, 2 when either fits, None when nothing decides.

    The last of а о ұ ы (я ю) or ә е ө ү і decides. A vowel и after a consonant in the last syllable
    (министр, организм, тарих) takes either: Russian loans take front endings, Arabic ones back. So does a
    soft sign after the last vowel (асфальттің, фестивальда). In Russian loans у between consonants is a
    back vowel (секундына, курстың), and the е of a surname in -ев after a vowel does not count
    (Тоқаевқа, Сәтбаевтың).
    """
    last = len(stem) - 1
    for i in range(last, -1, -1):
        ch = stem[i]
        if ch == "ь":
            return 2
        if ch == "е" and i == last - 1 and stem[last] == "в" and i and stem[i - 1] in VOWELS:
            continue
        if ch in _BACK_VOWELS:
            return 0
        if ch in _FRONT_VOWELS:
            return 1
        if ch == "и" and i and stem[i - 1] not in VOWELS:
            return 2
        if ch == "у" and 0 < i < last and stem[i - 1] not in VOWELS and stem[i + 1] not in VOWELS:
            return 0
    if "у" in stem:  # курс, клуб: back endings
        return 0
    return None


def _penalty(stem: str) -> float:
    last = stem[-1]
    if last == "ь":  # стиль-де, лагерь-дің
        return 0.0
    if len(stem) == 2:
        return SHORT_OPEN_STEM if last in _TRUE_VOWELS else SHORT_STEM
    if last == "д" and stem[-2] in VOWELS:
        return VOWEL_D_END
    if last in "ыі" and stem[-2] != "ш":  # but басшы, көрші: the agent suffix -шы/-ші
        return HIGH_VOWEL_END
    before = stem[-2]
    if before == "и" and stem[-3] in VOWELS and last not in VOWELS and last != "т":
        return BAD_CLUSTER  # й (и after a vowel) and a consonant end no word but айт, қайт: not сөйл-еді
    if last not in VOWELS and before not in VOWELS and before not in "ьъ":
        if before + last in _ELIDED:
            return 0.0
        if before + last not in _FINAL_CLUSTERS:
            return BAD_CLUSTER
    return 0.0


def _lookup(entry: tuple[dict[str, tuple[float, int]], dict[str, tuple[float, int]]], h: int,
            cls: str) -> tuple[float, int] | None:
    """The cost and shortest stem of a chain after a stem of harmony ``h`` ending in a sound of class ``cls``."""
    if h == 2:
        back, front = entry[0].get(cls), entry[1].get(cls)
        return front if back is None else back if front is None else min(back, front)
    return entry[h].get(cls)


# Verb-forming endings of stems of two syllables or more: the causatives (орна-т, көрсе-т, артт-ыр, жүр-гіз,
# өт-кіз). Not -ит: no Kazakh verb ends in the vowel и (паразит, кредит are loans).
_VERB_FORMING = re.compile("(?:[аәеоөұүыі]т|[тд][ыі]р|[ғгқк][ыі]з)$")


def _syllables(stem: str) -> int:
    """Vowels, not counting и and у after a vowel (the consonants й and у: айт, тау)."""
    return sum(ch in VOWELS and not (ch in "иу" and i and stem[i - 1] in VOWELS) for i, ch in enumerate(stem))


def _shapes(stem: str) -> str:
    """How much a consonant-final stem looks like a verb: ``v`` for a verb-forming ending (and ``m`` too),
    ``m`` for one syllable closed by one consonant (ал, кет, айт, бөл, and nouns: жыл, тең; not ұлт),
    nothing for other stems.

    Endings whose reading turns on the part of speech (the past -дық/-тық against the noun suffix
    -дық/-тық; the gerund -а/-е against a stem's last vowel) are cheap only after such stems
    (жеткіз-дік, көрсет-е; but мүмкін-дік, агент-тік, бала, кеме). ``n`` marks every stem that is not one
    closed syllable: -ым/-ім is "my" only after those (мектеб-ім; білім is no біл-ім)."""
    syllables = _syllables(stem)
    if syllables > 1 and _VERB_FORMING.search(stem):
        return "vmn"
    return "m" if syllables == 1 and stem[-2] in VOWELS else "n"


def _short(stem: str, cls: str) -> str:
    """The class key of the sound before an ending, marked for a stem of two letters of the shapes that
    take only nominal (vowel + й/у) or only verbal (consonant + vowel) endings."""
    if len(stem) == 2:
        if cls == "V" and stem[0] not in VOWELS:
            return "Vo"
        if stem[1] in "уи" and stem[0] in VOWELS:
            return cls + "g"
    return cls


def _strip(word: str, table: Table, threshold: float) -> str:
    n = len(word)
    best = word
    best_score = threshold
    for i in range(max(MIN_STEM, n - _MAX_CHAIN), n):
        ending = word[i:]
        entry = table.get(ending)
        if entry is None:
            continue
        stem = word[:i]
        h = _harmony(stem)
        if h is None:
            continue
        cls = _short(stem, _cls(stem[-2] if stem[-1] == "ь" else stem[-1]))  # лагерь-дің: the sound before ь
        found = entry[h].get(cls) if h < 2 else _lookup(entry, h, cls)
        if ending in _SHAPED and len(cls) == 1 and cls != "V":
            for shape in _shapes(stem):
                verbal = _lookup(entry, h, cls + shape)
                if verbal is not None and (found is None or verbal < found):
                    found = verbal
        if found is None or i < found[1]:
            continue
        score = found[0] - LETTER_GAIN * (n - i) + _penalty(stem)
        if ending[0] in "ае" and _no_verb(stem):
            score += NO_VERB_ROOT
        if score < best_score:
            best, best_score = stem, score
    return best


_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

# The personal and demonstrative pronouns change their stem in the oblique cases (бұл → мұның, бұдан;
# мен → маған); these function words are listed whole, with the forms of өз (self) and не (what) whose
# two-letter stem the general rules leave alone (өзім, несі).
_PRONOUN_FORMS = {
    "бұл": "мұны мұның мұнда мұнан мұған мұнымен мұндағы бұны бұның бұнда бұдан бұған бұнымен бұндағы "
           "бұлар бұлардың бұларды бұларға бұларда бұлардан бұлармен",
    "сол": "соны соның сонда содан сонан соған сонымен сондағы солар солардың соларды соларға соларда "
           "солардан солармен",
    "ол": "оны оның онда одан оған онымен ондағы олар олардың оларды оларға оларда олардан олармен",
    "мен": "менің мені маған менде менен менімен мендегі",
    "сен": "сенің сені саған сенде сенен сенімен",
    "өз": "өзім өзімнің өзімді өзіме өзімде өзімнен өзіммен өзің өзіңнің өзіңді өзіңе",
    "не": "нені несі несін несіне несімен неге неде неден немен нелер",
}
_PRONOUNS = {form: lemma for lemma, forms in _PRONOUN_FORMS.items() for form in forms.split()}


# й before а/у is written я/ю (азай-ады → азаяды, көбей-у → көбею): spelled out, the endings show.
_IOTATED = re.compile("([аәеоөұүыі])([яю])")


def _spell_out(match: re.Match) -> str:
    return match.group(1) + ("иа" if match.group(2) == "я" else "иу")


def _restore(word: str) -> str:
    """Undoes what an ending did to the end of a stem: voicing (мектеб-і → мектеп, көліг-і → көлік) and the
    loss of a high vowel before a vowel (халқ-ы → халық, орн-ы → орын, ауз-ы → ауыз)."""
    if word[-1] == "ь" and len(word) > 2:  # лагерь, лагері: the soft sign drops before a vowel
        word = word[:-1]
    last = word[-1]
    if last in _DEVOICE:
        word = word[:-1] + _DEVOICE[last]
        last = word[-1]
    if len(word) >= 3 and word[-2:] in _ELIDED and word[-3] in VOWELS:
        word = word[:-1] + ("і" if _harmony(word) else "ы") + last
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Returns the stem of one lower-case Kazakh Cyrillic word (й folded to и)."""
    if len(word) <= MIN_STEM:
        return word
    if word in _PRONOUNS:
        return _PRONOUNS[word]
    if "я" in word or "ю" in word:
        word = _IOTATED.sub(_spell_out, word)
    word = _strip(word, _CHAINS, THRESHOLD)
    for _ in range(len(word)):  # each round makes the word shorter
        word = _restore(word)
        shorter = _strip(word, _BARE, BARE_THRESHOLD)
        if shorter == word:
            break
        word = shorter
    return word
