"""Fixed-window rate limits in the Django cache (locmem by default, Redis when REDIS_URL is set).

``cache.add`` creates the window's counter only if it is missing and ``cache.incr`` is atomic on
Redis (INCR) and under locmem's lock, so concurrent requests never lose a count. With locmem each
server process counts on its own; use Redis when running several processes.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

# The one client-address helper (X-Forwarded-For from the right, TRUSTED_PROXY_COUNT), re-exported
# for the festival views and API that call ``ratelimit.client_ip(request)``.
from shanglian.core.http import client_ip  # noqa: F401

# name: (requests allowed, window in seconds); a deployment can override any of them with
# FESTIVAL_RATE_LIMITS in settings (the claim-rush benchmark raises the per-IP ones).
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "otp_phone": (3, 600),       # codes sent to one phone per 10 minutes
    "otp_ip": (20, 3600),        # codes requested from one address per hour
    "verify_ip": (30, 600),      # code checks from one address
    "claim_phone": (10, 60),     # claims by one phone per minute (retries included)
    "claim_ip": (60, 60),        # claims from one address per minute
    "redeem_user": (120, 60),    # scans by one staff account per minute
}


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "FESTIVAL_RATE_LIMITS", {})}


def hit(name: str, key: str) -> bool:
    """Count one request for ``key`` under limit ``name``; False when over the limit."""
    allowed, window = limits()[name]
    if allowed <= 0:
        return True
    slot = int(time.time() // window)
    cache_key = f"festival:rl:{name}:{key}:{slot}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start the window again
        cache.add(cache_key, 1, timeout=window + 5)
        count = 1
    return count <= allowed
