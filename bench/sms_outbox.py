"""SMS sender for benchmarks run with DEBUG=0 (production settings refuse the console sender):
appends each message as a JSON line to ``SMS_OUTBOX_FILE`` (default ``var/bench/sms_outbox.jsonl``)
so a bench can read the codes it asked for. Never use it in a real deployment."""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "var" / "bench" / "sms_outbox.jsonl"
OUTBOX = Path(os.environ.get("SMS_OUTBOX_FILE", DEFAULT))


class FileSender:
    def send(self, phone: str, text: str) -> None:
        OUTBOX.parent.mkdir(parents=True, exist_ok=True)
        with OUTBOX.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"to": phone, "text": text}, ensure_ascii=False) + "\n")
