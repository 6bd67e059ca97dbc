"""Checks for the shipped text data: ``regional_terms.tsv``, ``cantonese_terms.tsv`` and ``hk_places.txt``.

    python shanglian/text/data/check_terms.py [terms.tsv] [places.txt]

``check_expansion(path)`` checks a query-time table (``cantonese_terms.tsv``: never folded, so
no idempotence rules, but one row per word, no word on both sides, simplified Mainland words,
an English gloss on every row); ``missing_parts`` runs over both tables.

``check(path)`` returns the problems of a regional-terms table (empty list: all good);
``check_places(path, terms_path)`` those of the jieba place dictionary; ``edge_overlaps``
lists residual risks that are reported but do not fail. Only OpenCC is needed (no Django).

Terms are folded as ``shanglian.text.vocabulary.Folder`` does: key = hk2s(hk.lower()),
value = mainland.lower(), one regex pass, longest key first. ``check`` requires:

* the header ``hk mainland en domain`` and a known domain on every row;
* hk2s(hk) != mainland (otherwise OpenCC already unifies the pair);
* no repeated hk and no repeated key; keys of at least two characters;
* mainland values and keys unchanged by hk2s (normalise() runs hk2s again on its output);
* no value containing any key (the Folder itself drops such keys);
* fold(fold(x)) == fold(x) for every key and value and every concatenation of two of them;
* at least MIN_ROWS usable rows.

A single pass can still re-form a key where a value's edge overlaps a key's edge and the
surrounding text happens to supply the rest (e.g. "...车" + "厘子"); ``edge_overlaps``
lists those pairs. Removing them all would cost most of the table, so they are notes: full
idempotence on arbitrary text needs the folder to repeat until nothing changes.
"""

from __future__ import annotations

import csv
import re
import sys
from itertools import chain, product
from pathlib import Path

import opencc

DATA_DIR = Path(__file__).resolve().parent
TERMS_PATH = DATA_DIR / "regional_terms.tsv"
CANTONESE_PATH = DATA_DIR / "cantonese_terms.tsv"
PLACES_PATH = DATA_DIR / "hk_places.txt"

HEADER = ["hk", "mainland", "en", "domain"]
DOMAINS = frozenset(
    [
        "it",
        "business",
        "finance",
        "trade",
        "logistics",
        "retail",
        "food",
        "property",
        "transport",
        "manufacturing",
        "government",
        "legal",
        "hr",
        "marketing",
        "tourism",
        "health",
        "education",
        "everyday",
        "clothing",
        "household",
        "beauty",
        "office",
    ]
)
MIN_ROWS = 230
MIN_KEY_LEN = 2
PLACE_FREQ = 2000
PLACE_TAG = "ns"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
_converter: opencc.OpenCC | None = None


def hk2s(text: str) -> str:
    global _converter
    if _converter is None:
        _converter = opencc.OpenCC("hk2s")
    return _converter.convert(text)


def read_rows(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of each data row; lines starting with "#" are notes."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [(n, fields) for n, fields in
                 enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1)
                 if fields and not fields[0].startswith("#")]
    if not lines:
        return [], []
    return lines[0][1], lines[1:]


def fold_mapping(path: str | Path) -> dict[str, str]:
    """key → value as the Folder builds it (before its own safety filter)."""
    mapping: dict[str, str] = {}
    for _, fields in read_rows(path)[1]:
        if len(fields) >= 2 and fields[0].strip() and fields[1].strip():
            key = hk2s(fields[0].strip().lower())
            value = fields[1].strip().lower()
            if key and key != value:
                mapping[key] = value
    return mapping


def make_folder(mapping: dict[str, str]):
    """One-pass fold, longest key first: the same algorithm as vocabulary.Folder."""
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def fold(text: str) -> str:
        return pattern.sub(lambda m: mapping[m.group(0)], text) if pattern else text

    return fold


def check(path: str | Path = TERMS_PATH) -> list[str]:
    """Problems of a regional-terms table; an empty list means it is fit to ship."""
    problems: list[str] = []
    try:
        header, rows = read_rows(path)
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path}: {exc}"]
    if header != HEADER:
        problems.append(f"header is {header!r}, expected {HEADER!r}")

    seen_hk: dict[str, int] = {}
    where: dict[str, int] = {}  # key → line
    mapping: dict[str, str] = {}
    for line, fields in rows:
        if len(fields) != 4:
            problems.append(f"line {line}: {len(fields)} fields, expected 4: {fields!r}")
            continue
        hk, mainland, en, domain = (f.strip() for f in fields)
        if [hk, mainland, en, domain] != fields:
            problems.append(f"line {line}: spaces around a field")
        if not (hk and mainland and en and domain):
            problems.append(f"line {line}: empty field")
            continue
        if domain not in DOMAINS:
            problems.append(f"line {line}: unknown domain {domain!r}")
        if not _CJK.search(hk) or not _CJK.search(mainland):
            problems.append(f"line {line}: hk and mainland must both be Chinese")
        key, value = hk2s(hk.lower()), mainland.lower()
        if hk in seen_hk:
            problems.append(f"line {line}: hk {hk!r} repeats line {seen_hk[hk]}")
            continue
        seen_hk[hk] = line
        if key == value:
            problems.append(f"line {line}: hk2s({hk}) == {mainland}: OpenCC already unifies it")
            continue
        if key in where:
            problems.append(f"line {line}: key {key!r} (hk2s of {hk}) repeats line {where[key]}")
            continue
        if len(key) < MIN_KEY_LEN:
            problems.append(f"line {line}: key {key!r} is shorter than {MIN_KEY_LEN} characters")
        if hk2s(key) != key:
            problems.append(f"line {line}: key {key!r} changes under hk2s again")
        if hk2s(value) != value:
            problems.append(f"line {line}: mainland {mainland!r} changes under hk2s (→ {hk2s(value)!r})")
        where[key] = line
        mapping[key] = value

    line_of_value: dict[str, int] = {}
    for key, value in mapping.items():
        line_of_value.setdefault(value, where[key])
    for key, value in product(mapping, line_of_value):
        if key in value:
            problems.append(f"value {value!r} (line {line_of_value[value]}) contains key {key!r} (line {where[key]})")

    fold = make_folder(mapping)
    pieces = sorted(set(mapping) | set(mapping.values()))
    bad = 0
    for sample in chain(pieces, (a + b for a, b in product(pieces, repeat=2))):
        once = fold(sample)
        twice = fold(once)
        if twice != once:
            bad += 1
            if bad <= 20:
                problems.append(f"not idempotent: {sample!r} → {once!r} → {twice!r}")
    if bad > 20:
        problems.append(f"... and {bad - 20} more non-idempotent samples")

    if len(mapping) < MIN_ROWS:
        problems.append(f"only {len(mapping)} usable rows, expected at least {MIN_ROWS}")
    return problems


MIN_EXPANSION_ROWS = 600


def check_expansion(path: str | Path = CANTONESE_PATH, min_rows: int = MIN_EXPANSION_ROWS) -> list[str]:
    """Problems of a query-time table (``hk mainland en domain``); empty list: fit to ship.

    Every row: four fields, no spaces around them, an English gloss and a known domain; both
    words Chinese and of two characters or more; the Mainland word simplified; hk2s(hk) differs
    from it (otherwise OpenCC already unifies them). Across rows: no hk word twice (also after
    hk2s), no word that is one row's HK side and another row's Mainland side (the pairs would
    chain into a group meaning two things), no pair repeated the other way round."""
    problems: list[str] = []
    try:
        header, rows = read_rows(path)
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path}: {exc}"]
    if header != HEADER:
        problems.append(f"header is {header!r}, expected {HEADER!r}")
    keys: dict[str, int] = {}
    values: dict[str, list[int]] = {}
    for line, fields in rows:
        if len(fields) != 4:
            problems.append(f"line {line}: {len(fields)} fields, expected 4: {fields!r}")
            continue
        hk, mainland, en, domain = (f.strip() for f in fields)
        if [hk, mainland, en, domain] != fields:
            problems.append(f"line {line}: spaces around a field")
        if not (hk and mainland and en and domain):
            problems.append(f"line {line}: empty field")
            continue
        if domain not in DOMAINS:
            problems.append(f"line {line}: unknown domain {domain!r}")
        if not all(_CJK.match(ch) for ch in hk + mainland):
            problems.append(f"line {line}: hk and mainland must be Chinese characters only")
        if len(hk) < MIN_KEY_LEN or len(mainland) < MIN_KEY_LEN:
            problems.append(f"line {line}: a word shorter than {MIN_KEY_LEN} characters")
        if hk2s(mainland) != mainland:
            problems.append(f"line {line}: mainland {mainland!r} is not simplified (→ {hk2s(mainland)!r})")
        key = hk2s(hk)
        if key == mainland:
            problems.append(f"line {line}: hk2s({hk}) == {mainland}: OpenCC already unifies it")
            continue
        if key in keys:
            problems.append(f"line {line}: {hk!r} (hk2s {key!r}) repeats line {keys[key]}")
            continue
        keys[key] = line
        values.setdefault(mainland, []).append(line)
    for key, line in keys.items():
        if key in values:
            problems.append(f"line {line}: {key!r} is an HK word here and a Mainland word on line(s) "
                            f"{values[key]}")
    if len(keys) < min_rows:
        problems.append(f"only {len(keys)} usable rows, expected at least {min_rows}")
    return problems


def edge_overlaps(path: str | Path = TERMS_PATH) -> list[str]:
    """(value, key) pairs where a value's edge overlaps a key's edge (notes, not failures)."""
    mapping = fold_mapping(path)
    notes: list[str] = []
    for value in sorted(set(mapping.values())):
        for key in mapping:
            for i in range(1, min(len(value), len(key))):
                if value[-i:] == key[:i]:
                    notes.append(f"{value!r} + {key[i:]!r} re-forms key {key!r}")
                    break
                if value[:i] == key[-i:]:
                    notes.append(f"{key[:-i]!r} + {value!r} re-forms key {key!r}")
                    break
            else:
                if len(value) < len(key) and value in key:
                    notes.append(f"key {key!r} contains value {value!r}")
    return notes


def check_places(path: str | Path = PLACES_PATH, terms_path: str | Path | None = TERMS_PATH) -> list[str]:
    """Jieba user dictionary lines ``word 2000 ns``: simplified, unique, never folded away."""
    problems: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path}: {exc}"]
    keys = list(fold_mapping(terms_path)) if terms_path and Path(terms_path).exists() else []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        parts = line.split(" ")
        if len(parts) != 3 or parts[1] != str(PLACE_FREQ) or parts[2] != PLACE_TAG:
            problems.append(f"line {n}: expected 'word {PLACE_FREQ} {PLACE_TAG}', got {line!r}")
            continue
        word = parts[0]
        if not word or not all(_CJK.match(ch) for ch in word):
            problems.append(f"line {n}: {word!r} is not all Chinese characters")
        if hk2s(word) != word:
            problems.append(f"line {n}: {word!r} is not simplified (hk2s → {hk2s(word)!r})")
        if word in seen:
            problems.append(f"line {n}: {word!r} repeats line {seen[word]}")
        seen.setdefault(word, n)
        for key in keys:
            if key in word:
                problems.append(f"line {n}: {word!r} contains fold key {key!r}, so jieba never sees it")
    return problems


def _core(a: str, b: str) -> tuple[str, str]:
    """The differing middle of two words once their common prefix and suffix are removed."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[len(a) - 1 - j] == b[len(b) - 1 - j]:
        j += 1
    return a[i:len(a) - j], b[i:len(b) - j]


# Reviewed: these compounds translate as a whole; their differing part alone is not the same
# word in the other region (手提 is "portable", not 笔记本), or folding it would change
# ordinary Mainland text (推广, 资料, 训练 and 意外 are everyday Mainland words too), or it
# already is a value's substring (品质 in 产品质量), or the two are the same characters
# swapped (私隐 / 隐私, 复康 / 康复: folding repeats would never settle). Second line
# (cantonese_terms.tsv): 公司 ≠ 商店, 敏感 ≠ 过敏 and 商业 ≠ 工商 outside these words; 朱古力 is a row.
# Third line (December 2026 rows): 供应 ≠
# 服务, 家居 ≠ 固定, 营业 ≠ 销售, 主任 ≠ 经理, 记录 ≠ 纪要, 报告 ≠ 预报 and 管理 ≠ 物业 outside these
# words; 清新机, 衣干衣 and 共享工作 are not words.
WHOLE_COMPOUNDS = frozenset("""
手提电脑 桌面电脑 网络保安 实用面积 业主立案法团 品质控制 品质保证 市场推广 股东周年大会 周年大会
个人资料 施政报告 职业训练 智能电话 留言信箱 网络摄影机 行人天桥 交通意外 个人私隐 私隐政策 复康服务
朱古力蛋糕 作业系统 财务公司 百货公司 皮肤敏感 走火通道 烟雾探测器 商业登记 最低订购量
热朱古力 空气清新机 网络供应商 服务供应商 家居电话 洗衣干衣机 营业代表
客户主任 食物敏感 会议记录 共享工作空间 天气报告 管理公司
""".split())  # noqa: SIM905


def missing_parts(path: str | Path = TERMS_PATH, *more: str | Path) -> list[str]:
    """Compounds whose differing part has no row of its own: 電子零件 = 电子元件 shares 电子,
    so 零件 = 元件 must be a row (bare words, not only compounds, meet the other region's
    text). Only a shared part of two characters or more counts (a word, not 朱古力 / 巧克力's
    力), and differing parts of one character are left out (too ambiguous to fold)."""
    tables = [(Path(p), read_rows(p)[1]) for p in (path, *more)]
    pairs = {(hk2s(f[0]), f[1]) for _p, rows in tables for _n, f in rows if len(f) >= 2}
    hk_words = {hk for hk, _ in pairs}
    problems = []
    for table, n, fields in ((p, n, f) for p, rows in tables for n, f in rows):
        if len(fields) < 2:
            continue
        hk, cn = hk2s(fields[0]), fields[1]
        if hk in WHOLE_COMPOUNDS:
            continue
        a, b = _core(hk, cn)
        if len(hk) - len(a) < 2 or len(a) < 2 or len(b) < 2:
            continue  # no shared word of two characters (a whole-word pair), or a one-character part
        if (a, b) not in pairs and a not in hk_words:
            where = f"{table.name} line {n}" if more else f"line {n}"
            problems.append(f"{where}: {fields[0]} = {cn} shares a part; add a row {a} = {b}")
    return problems


def main(argv: list[str]) -> int:
    terms = Path(argv[1]) if len(argv) > 1 else TERMS_PATH
    places = Path(argv[2]) if len(argv) > 2 else PLACES_PATH
    failed = False
    for label, target, problems in (
        ("terms", terms, check(terms)),
        ("places", places, check_places(places, terms)),
        ("cantonese", CANTONESE_PATH, check_expansion(CANTONESE_PATH)),
        ("parts", terms, missing_parts(terms, CANTONESE_PATH)),
    ):
        for problem in problems:
            print(f"{label}: {problem}")
        if problems:
            failed = True
        else:
            print(f"{label}: {target.name} OK")
    notes = edge_overlaps(terms)
    if notes:
        print(
            f"note: {len(notes)} value/key edge overlaps (reachable only if the text "
            "around a folded term supplies the rest of a key):"
        )
        for note in notes:
            print(f"note:   {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
