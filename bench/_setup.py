"""Django for a bench script against a database it names (production mode, a file SMS outbox)."""

from __future__ import annotations

import os
import secrets


def django_for(url: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="0",
                      SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost",
                      SMS_BACKEND="bench.sms_outbox.FileSender")
    import django

    django.setup()
