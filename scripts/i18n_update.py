"""Refresh one app's catalogues: extract, drop fuzzy guesses, fill 简体, apply English, compile.

Usage: .venv/bin/python scripts/i18n_update.py APP [APP …]     (APP = core, directory, events, …)
English comes from scripts/translations/*.json ({msgid: text or [singular, plural]}); the script
lists the strings that still have no English so they can be added there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import i18n_fill  # noqa: E402
import i18n_set  # noqa: E402

FUZZY = re.compile(r'#, fuzzy((?:, [\w-]+)*)\n(?:#\| .*\n)*'
                   r'(msgid (?:"(?:[^"\\]|\\.)*"\n?)+(?:msgid_plural (?:"(?:[^"\\]|\\.)*"\n?)+)?)'
                   r'((?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\n?)+)+)')


def unfuzzy(po: Path) -> None:
    """A fuzzy entry is msgmerge's guess from a different string: clear it instead of trusting it."""
    text = po.read_text(encoding="utf-8")

    def clear(m: re.Match) -> str:
        flags = f"#{m.group(1)}\n" if m.group(1) else ""  # keep the other flags (python-format …)
        if m.group(2) == 'msgid ""\n':  # the header entry: keep it, just not fuzzy
            return flags + m.group(2) + m.group(3)
        head = flags + m.group(2)
        if "msgid_plural" in head:
            forms = re.findall(r"msgstr\[(\d)\]", m.group(3))
            return head + "".join(f'msgstr[{n}] ""\n' for n in forms)
        return head + 'msgstr ""\n'

    text = FUZZY.sub(clear, text)
    po.write_text(text, encoding="utf-8")


def english_table() -> dict:
    table: dict = {}
    for path in sorted((ROOT / "scripts" / "translations").glob("*.json")):
        table.update(json.loads(path.read_text(encoding="utf-8")))
    return table


def update(app: str) -> list[str]:
    app_dir = ROOT / "shanglian" / app
    (app_dir / "locale").mkdir(exist_ok=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "zh_Hans", "-l", "en",
                    "--no-obsolete", "-v0"], cwd=app_dir, check=True)
    hans = app_dir / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    en = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for po in (hans, en):
        unfuzzy(po)
    i18n_fill.fill(hans)
    _, missing = i18n_set.apply(en, english_table())
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "compilemessages", "-v0"], cwd=app_dir, check=True)
    return missing


if __name__ == "__main__":
    for name in sys.argv[1:]:
        missing = update(name)
        print(f"{name}: {len(missing)} strings without English")
        for key in missing:
            print("   ", json.dumps(key, ensure_ascii=False))
