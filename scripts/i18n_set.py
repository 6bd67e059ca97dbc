"""Fill empty msgstr entries of a .po file from a JSON object {msgid: translation}.

For plural entries the value may be a list [singular, plural]. Existing translations are kept.
Usage: .venv/bin/python scripts/i18n_set.py path/to/django.po translations.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

STR = r'"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*'
ENTRY = re.compile(r'(msgid (' + STR + r'))\nmsgstr ""\n(?!")', re.M)
PLURAL = re.compile(r'(msgid (' + STR + r')\nmsgid_plural ' + STR + r')\nmsgstr\[0\] ""\nmsgstr\[1\] ""\n', re.M)


def _join(quoted: str) -> str:
    raw = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), raw)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def apply(po: Path, table: dict) -> tuple[int, list[str]]:
    text = po.read_text(encoding="utf-8")
    done, missing = 0, []

    def single(m: re.Match) -> str:
        nonlocal done
        key = _join(m.group(2))
        if not key:
            return m.group(0)
        value = table.get(key)
        if value is None:
            missing.append(key)
            return m.group(0)
        done += 1
        return f"{m.group(1)}\nmsgstr {_quote(value if isinstance(value, str) else value[0])}\n"

    def plural(m: re.Match) -> str:
        nonlocal done
        key = _join(m.group(2))
        value = table.get(key)
        if value is None:
            missing.append(key)
            return m.group(0)
        one, many = (value, value) if isinstance(value, str) else value
        done += 1
        return f"{m.group(1)}\nmsgstr[0] {_quote(one)}\nmsgstr[1] {_quote(many)}\n"

    text = PLURAL.sub(plural, text)
    text = ENTRY.sub(single, text)
    po.write_text(text, encoding="utf-8")
    return done, missing


if __name__ == "__main__":
    done, missing = apply(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print(f"filled {done}; missing {len(missing)}")
    for key in missing:
        print("  missing:", key)
