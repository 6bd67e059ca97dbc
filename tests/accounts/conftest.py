"""Accounts fixtures: a clean rate-limit cache per test, MFA required on demand, mail helpers."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts failed logins in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_on(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    return settings


def link_in(body: str) -> str:
    """The path of the first link in a mail body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """``with mails(): …`` runs the on-commit callbacks (our services send mail on commit) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
