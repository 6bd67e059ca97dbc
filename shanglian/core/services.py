"""Writes of the shared pieces (the user's remembered preferences)."""

from __future__ import annotations

from typing import Any

from shanglian.core.models import UserPreference


def user_language_set(*, user: Any, language: str) -> None:
    """Remember the interface language a user chose (e-mails are written in it)."""
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
