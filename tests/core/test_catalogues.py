"""Translations are complete, and English pages carry no Chinese punctuation from templates.

The catalogues must be 100 % translated with no fuzzy entries (a fuzzy entry is msgmerge's guess
from another string, and Django ignores it, so the reader would see Chinese). Templates must not
hard-code full-width punctuation outside translatable strings: "Status：Confirmed" or
"Mak Kit Hung（Managing Director）" in the English UI come from exactly that.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("shanglian/*/locale/*/LC_MESSAGES/django.po"))
TEMPLATES = sorted(p for p in ROOT.glob("shanglian/*/templates/**/*") if p.suffix in {".html", ".txt"})
FULL_WIDTH = re.compile(r"[：（）、，。；！？「」『』【】]")
# Everything a translator sees (and may change per language) or a comment.
TRANSLATED = re.compile(
    r"{%\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*').*?%}"
    r"|{%\s*(?:blocktranslate|blocktrans)\b.*?%}.*?{%\s*(?:endblocktranslate|endblocktrans)\s*%}"
    r"|_\((?:\"[^\"]*\"|'[^']*')\)"
    r"|{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.S,
)


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: msgid, msgid_plural, msgstr / msgstr[n], flags; enough for these checks."""
    entries, entry, key = [], {"flags": set(), "msgstr": {}}, None

    def flush() -> None:
        if "msgid" in entry:
            entries.append(dict(entry))

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            entry, key = {"flags": set(), "msgstr": {}}, None
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            m = re.match(r'(msgid_plural|msgid|msgstr(?:\[(\d)\])?|msgctxt)\s+"(.*)"$', line)
            if m:
                name, index, text = m.group(1), m.group(2), m.group(3)
                if name.startswith("msgstr"):
                    key = ("msgstr", index or "0")
                    entry["msgstr"][key[1]] = text
                else:
                    key = (name, None)
                    entry[name] = text
            elif line.startswith('"') and key is not None:
                text = line[1:-1]
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += text
                else:
                    entry[key[0]] += text
    return entries


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 10  # five apps × (zh_Hans, en)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_complete_and_not_fuzzy(po):
    entries = [e for e in po_entries(po) if e["msgid"] or "msgid_plural" in e]
    assert entries, f"{po} has no entries"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not e["msgstr"] or any(v == "" for v in e["msgstr"].values())]
    assert not fuzzy, f"fuzzy entries in {po}: {fuzzy[:10]}"
    assert not empty, f"untranslated entries in {po}: {empty[:10]}"


@pytest.mark.parametrize("po", [p for p in CATALOGUES if "/en/" in str(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_english_has_no_full_width_punctuation(po):
    bad = [(e["msgid"], text) for e in po_entries(po) if e["msgid"]
           for text in e["msgstr"].values() if FULL_WIDTH.search(text)]
    assert not bad, f"English translations with Chinese punctuation in {po}: {bad[:10]}"


def test_templates_have_no_hard_coded_full_width_punctuation():
    found = []
    for path in TEMPLATES:
        text = TRANSLATED.sub("", path.read_text(encoding="utf-8"))
        for number, line in enumerate(text.splitlines(), 1):
            if FULL_WIDTH.search(line):
                found.append(f"{path.relative_to(ROOT)}: {line.strip()[:100]}")
    assert not found, "full-width punctuation outside translatable strings:\n" + "\n".join(found)


def test_the_checks_can_fail(tmp_path):
    """The reader and the template check see what they must (guards the guards)."""
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n\n#, fuzzy\nmsgid "甲"\nmsgstr "A"\n\nmsgid "乙"\nmsgstr ""\n',
                  encoding="utf-8")
    entries = {e["msgid"]: e for e in po_entries(po)}
    assert "fuzzy" in entries["甲"]["flags"] and entries["乙"]["msgstr"]["0"] == ""
    template = '{% translate "狀態：" %}{{ a }}、{{ b }}'
    assert FULL_WIDTH.search(TRANSLATED.sub("", template)).group() == "、"
