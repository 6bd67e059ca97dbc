"""Fill empty zh-hans msgstr from the zh-hant msgid with OpenCC hk2s + our vocabulary fold.

Source strings are written in Traditional Chinese (HK). Simplified translations are derived
mechanically, then a human may edit them; filled entries are never overwritten. English is
written by hand. Usage:  .venv/bin/python scripts/i18n_fill.py shanglian/<app>/locale/zh_Hans/LC_MESSAGES/django.po
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shanglian.text.script import to_simplified  # noqa: E402

STR = r'"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*'
ENTRY = re.compile(r'(msgid ' + STR + r')\nmsgstr ""\n(?!")', re.M)
PLURAL = re.compile(r'(msgid (' + STR + r')\nmsgid_plural ' + STR + r')\nmsgstr\[0\] ""\n(?!")', re.M)


def fill(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    count = 0

    def repl(match: re.Match) -> str:
        nonlocal count
        block = match.group(1)
        pieces = re.findall(r'"((?:[^"\\]|\\.)*)"', block[len("msgid "):])
        source = "".join(pieces)
        if not source:
            return match.group(0)
        count += 1
        return f'{block}\nmsgstr "{to_simplified(source)}"\n'

    def plural(match: re.Match) -> str:
        nonlocal count
        source = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2)))
        count += 1
        return f'{match.group(1)}\nmsgstr[0] "{to_simplified(source)}"\n'

    text = ENTRY.sub(repl, text)
    text = PLURAL.sub(plural, text)
    # Chinese has one plural form (nplurals=1): a second, empty form makes msgfmt fail.
    text = re.sub(r'(msgstr\[0\] "(?:[^"\\]|\\.)*"\n)msgstr\[1\] ""\n', r"\1", text)
    text = text.replace("#, fuzzy\n", "", 1) if text.startswith("# SOME") else text
    path.write_text(text, encoding="utf-8")
    return count


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg, fill(Path(arg)))
