"""E-mail in the recipient's language, sent after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from shanglian.core.formatting import site_url


def user_language(user: Any) -> str:
    pref = getattr(user, "preference", None) if user is not None else None
    return getattr(pref, "language", None) or settings.LANGUAGE_CODE


def send_templated_mail(
    *, to: list[str], template: str, context: dict[str, Any], language: str,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Render ``<template>_subject.txt`` / ``.txt`` / ``.html`` in ``language`` and send on commit.

    The .txt templates must wrap their content in {% autoescape off %} (plain text is not HTML).
    """
    if not to:
        return
    with translation.override(language):
        ctx = {**context, "SITE_URL": site_url(), "LANGUAGE_CODE": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}.txt", ctx)
        try:
            html = render_to_string(f"{template}.html", ctx)
        except Exception:  # noqa: BLE001 - an HTML part is optional
            html = None
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    transaction.on_commit(lambda: message.send(fail_silently=False))
