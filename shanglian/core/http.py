"""Request helpers every app uses: the client's address and safe redirect targets."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def _clean_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:1234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, for rate limits and logs.

    ``settings.TRUSTED_PROXY_COUNT`` (environment ``TRUSTED_PROXY_COUNT``) is the number of
    reverse proxies in front of the app that each append the address they saw to
    ``X-Forwarded-For`` (nginx: ``proxy_add_x_forwarded_for``). The client is then the Nth entry
    counted from the RIGHT: everything left of it was written by the client and can be forged.
    With 0 (no proxy) the header is ignored and ``REMOTE_ADDR`` is the client.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = [item for item in forwarded.split(",") if item.strip()]
        if entries:
            # Fewer entries than proxies: the request skipped a proxy; take the farthest one seen.
            ip = _clean_ip(entries[-min(count, len(entries))])
            if ip:
                return ip
    return _clean_ip(request.META.get("REMOTE_ADDR", "")) or "unknown"


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The ``next`` target from the POST body or the query string when it stays on this site
    (same host, https when the request is https); ``fallback`` otherwise. Use it for EVERY
    redirect target taken from a request."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
