"""Fixed-window rate limits in the Django cache (locmem by default, Redis when REDIS_URL is set).

``cache.add`` creates the window's counter only if it is missing and ``cache.incr`` is atomic on
Redis (INCR) and under locmem's lock, so concurrent requests never lose a count. With locmem each
server process counts on its own; use Redis when running several processes.
"""

from __future__ import annotations

import functools
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
    return hit_all([(name, key)])


def hit_all(checks: list[tuple[str, str]]) -> bool:
    """Count one request under each (limit name, key); False when any is over its limit. With
    Redis all the counters take one round trip."""
    now = time.time()
    windows = []
    for name, key in checks:
        allowed, window = limits()[name]
        if allowed > 0:
            windows.append((f"festival:rl:{name}:{key}:{int(now // window)}", allowed, window))
    if not windows:
        return True
    redis = _redis()
    if redis is not None:
        # All the counters in one command (a Lua script run by EVALSHA): each window's counter is
        # counted and, when new, given its expiry. One command to pack and one reply to parse
        # instead of a pipeline of four — a claim's rate limit was a tenth of its server time.
        counts = _count_script()(keys=[cache.make_key(k) for k, _a, _w in windows],
                                 args=[window + 5 for _k, _a, window in windows], client=redis)
        return all(int(count) <= allowed for count, (_k, allowed, _w) in zip(counts, windows, strict=True))
    ok = True
    for cache_key, allowed, window in windows:
        cache.add(cache_key, 0, timeout=window + 5)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: start the window again
            cache.add(cache_key, 1, timeout=window + 5)
            count = 1
        ok = ok and count <= allowed
    return ok


_COUNT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""


@functools.cache
def _count_script():
    """The counting script; redis-py sends it by its SHA and loads it again if the server lost it."""
    from redis.commands.core import Script

    return Script(None, _COUNT.encode())  # bytes: no client needed to encode it


def _redis():
    """The raw Redis client behind django-redis, or None (locmem and other caches)."""
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=True) if callable(get_client) else None
