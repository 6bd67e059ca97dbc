"""The festival's rate limits on Redis (production's cache): every counter of a request counted in
one command, a new window's counter given its expiry, and the limit enforced. Skipped where no
Redis answers on 127.0.0.1:6379; the locmem path is covered by the API tests' 429s."""

import uuid

import pytest
from django.test import override_settings

from shanglian.festival import ratelimit

REDIS = "redis://127.0.0.1:6379/12"


def _redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
        return True
    except Exception:  # noqa: BLE001 — any failure means "no Redis here"
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache(monkeypatch):
    from django_redis.cache import RedisCache

    cache = RedisCache(REDIS, {"KEY_PREFIX": f"t{uuid.uuid4().hex[:10]}"})
    monkeypatch.setattr(ratelimit, "cache", cache)
    with override_settings(FESTIVAL_RATE_LIMITS={"claim_phone": (3, 60), "claim_ip": (5, 60)}):
        yield cache
    cache.client.get_client(write=True).flushdb()


def test_counts_both_limits_and_refuses_over_either(redis_cache):
    answers = [ratelimit.hit_all([("claim_ip", "1.2.3.4"), ("claim_phone", "+85291234567")]) for _ in range(4)]
    assert answers == [True, True, True, False]  # the phone's limit (3) ends it first
    # Another phone from the same address: the address has counted 4 of 5.
    assert ratelimit.hit_all([("claim_ip", "1.2.3.4"), ("claim_phone", "+85290000000")]) is True
    assert ratelimit.hit_all([("claim_ip", "1.2.3.4"), ("claim_phone", "+85290000001")]) is False


def test_a_new_window_counter_expires(redis_cache):
    assert ratelimit.hit("claim_phone", "+85291111111")
    client = redis_cache.client.get_client(write=True)
    keys = client.keys("*claim_phone:+85291111111*")
    assert len(keys) == 1
    assert 60 < client.ttl(keys[0]) <= 65  # the window and five seconds
    assert int(client.get(keys[0])) == 1


def test_the_script_is_loaded_again_when_the_server_lost_it(redis_cache):
    client = redis_cache.client.get_client(write=True)
    assert ratelimit.hit("claim_phone", "+85292222222")
    client.script_flush()
    assert ratelimit.hit("claim_phone", "+85292222222")
    keys = client.keys("*claim_phone:+85292222222*")
    assert int(client.get(keys[0])) == 2
