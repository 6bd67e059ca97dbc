"""Query understanding: a query goes through the same pipeline as documents.

``analyse(text)`` normalises the query (NFKC, lower-case, hk2s, regional fold), segments it
with jieba (so 觀塘電子 is 观塘 + 电子), and returns one ``Group`` per word with its
alternatives: the word's own index tokens, its other regional forms and its English or Chinese
equivalents from the vocabulary tables (both ways, at query time). Each group has a role:

* ``word`` — counts towards minimum-should-match;
* ``place`` — a district or city: required like a word (it filters);
* ``region`` — 香港, 九龙, 内地 …: never required, ranks matches higher (a boost);
* ``generic`` — 公司, 有限公司, 集团, 区, Ltd, Company …: never required, a small boost.

``Query.min_match`` says how many required groups a document must contain: all of them up to
two, one fewer for three or four, half (rounded up) from five. Pure Python, no Django.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from shanglian.text import cedict, thesaurus
from shanglian.text.normalise import normalise
from shanglian.text.script import phrase_variants
from shanglian.text.tokenise import PLACES_FILE, _bigrams, _jieba
from shanglian.text.vocabulary import en_key, expander

MAX_QUERY_CHARS = 200
MAX_GROUPS = 24

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_PIECE = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Simplified, lower-case (the form a query has after normalise).
GENERIC = _words("""
公司 有限公司 有限责任公司 股份有限公司 股份公司 集团 集团公司 控股 控股公司 企业 实业 商行 行 号 店 厂
中心 区 市 省 县 镇 街 工作室 服务 有限 责任 股份
ltd limited company co corp corporation inc incorporated group holding holdings enterprise enterprises
the and of llc plc a an for in
的 之 及 和 与 或 在 是 了 等 为 对 于 我 我们 你 请 找 想 要 有 一 个 家
""")
GENERIC_SUFFIXES = tuple(sorted((w for w in GENERIC if _IS_CJK.match(w)), key=len, reverse=True))
BROAD_PLACES = _words("""
香港 九龙 新界 香港岛 港岛 新九龙 中国 内地 大陆 大湾区 粤港澳大湾区 广东 广东省 澳门 全港 本港
hong kong kowloon
""")


# English names of the 18 districts and the Greater Bay Area cities → their Chinese names
# (simplified), so "kwun tong" is the place 观塘, not two words.
PLACES_EN = {
    "central and western": "中西区", "wan chai": "湾仔", "eastern": "东区", "southern": "南区",
    "yau tsim mong": "油尖旺", "sham shui po": "深水埗", "kowloon city": "九龙城", "wong tai sin": "黄大仙",
    "kwun tong": "观塘", "kwai tsing": "葵青", "tsuen wan": "荃湾", "tuen mun": "屯门", "yuen long": "元朗",
    "tai po": "大埔", "sha tin": "沙田", "sai kung": "西贡", "islands": "离岛", "shenzhen": "深圳",
    "guangzhou": "广州", "zhuhai": "珠海", "foshan": "佛山", "dongguan": "东莞", "zhongshan": "中山",
    "jiangmen": "江门", "huizhou": "惠州", "zhaoqing": "肇庆", "macao": "澳门", "macau": "澳门",
}


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    words = set()
    if PLACES_FILE.exists():
        for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.add(line.split()[0])
    return frozenset(words)


@dataclass(frozen=True)
class Alternative:
    tokens: tuple[str, ...]  # all present (AND)
    prefix: bool = False  # Latin words match as prefixes ("electr" finds "electronics")
    weak: bool = False  # a dictionary's guess (CC-CEDICT), not the word or a table's pair: ranks lower
    # A guess the search may take for a synonym and give half the first page
    # (core.search._synonym_guesses); the thesaurus's sets also hold related words (美容: 美发).
    confirmable: bool = True
    # Found by the sentence model among the kind's words (core.search_words), not by a dictionary:
    # confirmed as a synonym only where no dictionary's guess is.
    by_model: bool = False
    # A rare word's nearest word, very near (core.search_words): not a synonym the check may give
    # half the first page, but its records come right after the word's own few records.
    near: bool = False

    @property
    def spelled(self) -> str:
        """The word again from its bigrams (or its one token)."""
        return self.tokens[0] + "".join(t[-1] for t in self.tokens[1:])


@dataclass(frozen=True)
class Group:
    text: str
    role: str  # word | place | region | generic
    alternatives: tuple[Alternative, ...]

    @property
    def required(self) -> bool:
        return self.role in ("word", "place")

    @property
    def unexpanded(self) -> bool:
        """No table knows the word: its other forms, if any, are dictionary guesses."""
        return all(a.weak for a in self.alternatives[1:])


@dataclass(frozen=True)
class Query:
    raw: str  # the query as used (cut at MAX_QUERY_CHARS), for the dense path
    groups: tuple[Group, ...]
    truncated: bool = False
    cjk_chars: int = 0
    latin_chars: int = 0
    required: tuple[Group, ...] = field(default=())
    optional: tuple[Group, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def min_match(self) -> int:
        n = len(self.required)
        if not any(g.required for g in self.required):
            return min(n, 1)  # only generic words or regions: any one of them
        if n <= 2:
            return n
        if n <= 4:
            return n - 1
        return math.ceil(n / 2)

    @property
    def places_only(self) -> bool:
        """Only places (观塘, Kwun Tong): a filter, nothing for a sentence model to add."""
        return bool(self.required) and all(g.role == "place" for g in self.required)

    @property
    def unexpanded(self) -> bool:
        """Chinese words only, and no table knows any of them (at most a dictionary's guesses): a
        word of another region's vocabulary (梳化, 冷衫) is met only by meaning."""
        words = [g for g in self.required if g.role == "word"]
        return (bool(words) and self.latin_chars == 0 and all(_IS_CJK.match(g.text) for g in words)
                and all(g.unexpanded for g in words))

    @property
    def short(self) -> bool:
        """One or two characters, or Latin text of fewer than four letters (codes such as A01):
        too little for a sentence model — except a two-character word no table knows, whose
        records are found by meaning (the best matches' vectors) or not at all."""
        if self.cjk_chars == 2 and self.latin_chars == 0 and self.unexpanded:
            return False
        return self.cjk_chars + self.latin_chars <= 2 or (self.cjk_chars == 0 and self.latin_chars < 4)


def word_alternative(word: str) -> Alternative:
    if len(word) <= 2:
        return Alternative((word,))
    return Alternative(tuple(dict.fromkeys(_bigrams(word))))


def _forms(word: str) -> list[Alternative]:
    alts = [word_alternative(word)]
    # The tables' pairs, then CC-CEDICT's synonyms (words sharing an English sense) for the
    # regional words no table holds.
    others = expander().chinese(word)
    for other in sorted(others):
        if _IS_CJK.match(other):
            alts.append(word_alternative(other))
        else:
            alts.append(Alternative(tuple(other.split()), prefix=True))
    guesses = cedict.synonyms(word) - others - places() - {word}
    # A compound with one part replaced by that part's other form, when the result is itself a
    # word: 电子零件 → 电子元件, 技术支援 → 技术支持 (the tables' bare words count as parts too).
    guesses |= phrase_variants(word)  # OpenCC's Taiwan phrases: 芯片 ↔ 晶片, 塑料 ↔ 塑胶
    guesses |= cedict.compound_variants(word, _part_forms) - others - places() - {word}
    guesses -= others | places() | {word}
    alts += [Alternative(word_alternative(w).tokens, weak=True) for w in sorted(guesses)]
    if not others:  # a word no table knows: its thesaurus set too (晶片 → 芯片), ranked as guesses
        alts += [Alternative(word_alternative(w).tokens, weak=True, confirmable=thesaurus.tight(word, w))
                 for w in sorted(thesaurus.synonyms(word) - guesses - places() - {word})]
    return alts


def _part_forms(part: str) -> set[str]:
    """A compound part's other forms: the tables' and OpenCC's Taiwan phrases."""
    return expander().chinese(part) | phrase_variants(part)


def _with_compounds(groups: list[Group]) -> list[Group]:
    """Two words typed together (技术 + 支援) may be a compound another region writes with
    another part (技术支持): its variants join both words' alternatives, as guesses."""
    out = list(groups)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.role != "word" or b.role != "word" or not (_IS_CJK.match(a.text) and _IS_CJK.match(b.text)):
            continue
        whole = a.text + b.text
        variants = cedict.compound_variants(whole, _part_forms) - {whole}
        # The two words as one thesaurus entry (手提 + 电话: 手提电话 → 手机), when no table knows it.
        loose = set() if expander().chinese(whole) else thesaurus.synonyms(whole) - variants - {whole}
        if not variants and not loose:
            continue
        extra = tuple(Alternative(word_alternative(w).tokens, weak=True) for w in sorted(variants))
        extra += tuple(Alternative(word_alternative(w).tokens, weak=True, confirmable=False) for w in sorted(loose))
        out[i] = Group(a.text, a.role, a.alternatives + extra)
        out[i + 1] = Group(b.text, b.role, out[i + 1].alternatives + extra)
    return out


def _segment(run: str) -> list[str]:
    """jieba's words for a CJK run (no HMM guessing), runs of single characters merged."""
    words: list[str] = []
    single = ""
    for w in _jieba().cut(run, HMM=False):
        if len(w) == 1 and w not in GENERIC:
            single += w
            continue
        if single:
            words.append(single)
            single = ""
        words.append(w)
    if single:
        words.append(single)
    out: list[str] = []
    for w in words:
        # 观塘区 → 观塘 + 区, 电子公司 → 电子 + 公司 (when jieba kept them together).
        for suffix in GENERIC_SUFFIXES:
            if len(w) > len(suffix) + 1 and w.endswith(suffix) and w not in places():
                out.extend([w[: -len(suffix)], suffix])
                break
        else:
            out.append(w)
    return out


def _role(word: str) -> str:
    if word in GENERIC:
        return "generic"
    if word in BROAD_PLACES:
        return "region"
    if word in places():
        return "place"
    return "word"


def _merge_spans(words: list[str]) -> list[str]:
    """Rejoin jieba's pieces of a table term (资讯 + 科技 → 资讯科技) so it expands whole."""
    groups = expander().groups
    out: list[str] = []
    i = 0
    while i < len(words):
        for span in (5, 4, 3, 2):
            joined = "".join(words[i:i + span])
            if i + span <= len(words) and joined in groups:
                out.append(joined)
                i += span
                break
        else:
            out.append(words[i])
            i += 1
    return out


SHORT_ENGLISH = 4  # an English word this short is matched whole ("tea" is not "team", "car" not "cargo")


def _english_alternatives(words: list[str]) -> list[Alternative]:
    """A Latin word matches as a prefix ("electr" finds "electronics"); a short word of the
    dictionary's English matches whole or with a plural ending, and as a prefix only as a guess
    (ranked lower): "team" must not outrank "tea"."""
    if len(words) == 1 and 3 <= len(words[0]) <= SHORT_ENGLISH and words[0].isalpha() \
            and words[0] not in GENERIC and cedict.known_english(words[0]):
        w = words[0]
        if w.endswith("s") and len(w) > 3:
            forms = [w, w[:-1]] + ([w[:-2]] if w.endswith("es") else [])
        else:
            forms = [w, w + "s"] + ([w + "es"] if w.endswith(("s", "x", "ch", "sh", "o")) else []) \
                + ([w[:-1] + "ies"] if w.endswith("y") else [])
        # Still a prefix too (any piece of a word finds it), but ranked as a guess.
        return [Alternative((f,)) for f in dict.fromkeys(forms)] + [Alternative((w,), prefix=True, weak=True)]
    return [Alternative(tuple(words), prefix=True)]


def _latin_groups(words: list[str]) -> list[Group]:
    exp = expander()
    groups: list[Group] = []
    i = 0
    while i < len(words):
        place = next((" ".join(words[i:i + n]) for n in (3, 2, 1)
                      if i + n <= len(words) and " ".join(words[i:i + n]) in PLACES_EN), None)
        if place:
            groups.append(Group(place, "place", (Alternative(tuple(place.split()), prefix=True),
                                                 word_alternative(PLACES_EN[place]))))
            i += place.count(" ") + 1
            continue
        for span in range(min(max(exp.max_en_words, cedict.MAX_SENSE_WORDS - 1), len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + span])
            chinese = exp.from_english(phrase)
            # CC-CEDICT: "warehouse" → 仓库, 货仓 … (guesses, ranked below the tables' answers)
            all_generic = all(w in GENERIC for w in words[i:i + span])
            guesses = set() if all_generic else cedict.from_english(phrase) - chinese
            if chinese or guesses or span == 1:
                break
        alts = _english_alternatives(words[i:i + span])
        alts += [word_alternative(w) if _IS_CJK.match(w) else Alternative(tuple(w.split()), prefix=True)
                 for w in sorted(chinese)]
        # The words whose first sense the phrase is ("computer" → 电脑) are as sure as a table's;
        # the other dictionary answers are guesses, ranked below.
        first = set() if all_generic else cedict.english_first(phrase) - chinese
        alts += [word_alternative(w) for w in sorted(first)]
        alts += [Alternative(word_alternative(w).tokens, weak=True) for w in sorted(guesses - first)]
        if span == 1 or phrase in BROAD_PLACES:
            role = _role(phrase)
        else:
            role = "generic" if all(w in GENERIC for w in words[i:i + span]) else "word"
        if role == "generic":
            alts = alts[:1]
        groups.append(Group(phrase, role, tuple(alts)))
        i += span
    return groups


def analyse(text: str | None, *, max_chars: int = MAX_QUERY_CHARS) -> Query:
    raw = (text or "").strip()
    truncated = len(raw) > max_chars
    raw = raw[:max_chars]
    norm = normalise(raw)
    groups: list[Group] = []
    seen: set[str] = set()
    cjk = latin = 0
    latin_run: list[str] = []

    def flush_latin() -> None:
        for g in _latin_groups(latin_run):
            if g.text not in seen:
                seen.add(g.text)
                groups.append(g)
        latin_run.clear()

    for match in _PIECE.finditer(norm):
        piece = match.group(0)
        if not _IS_CJK.match(piece):
            latin += sum(ch.isalpha() for ch in piece)  # codes (A01, 2024) say nothing to a model
            latin_run.append(piece)
            continue
        flush_latin()
        cjk += len(piece)
        run: list[Group] = []
        for word in _merge_spans(_segment(piece)):
            if word in seen:
                continue
            seen.add(word)
            role = _role(word)
            alts = _forms(word) if role != "generic" else [word_alternative(word)]
            run.append(Group(word, role, tuple(alts)))
        groups.extend(_with_compounds(run))
    flush_latin()
    groups = groups[:MAX_GROUPS]
    required = tuple(g for g in groups if g.required)
    optional = tuple(g for g in groups if not g.required)
    if not required:
        # Only generic words or regions (公司, 香港): any of them must be present.
        required, optional = tuple(groups), ()
    return Query(raw=raw, groups=tuple(groups), truncated=truncated, cjk_chars=cjk, latin_chars=latin,
                 required=required, optional=optional)


def english_key(text: str) -> str:
    return en_key(text)
