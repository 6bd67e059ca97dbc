"""Double votes under a real race (PostgreSQL: each thread has its own connection). On SQLite the
test database is one shared in-memory connection, so the race is run by bench/competition_vote.py
(gunicorn workers on a SQLite file) instead."""

from __future__ import annotations

import datetime
import io
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from PIL import Image

from shanglian.competition import services
from shanglian.competition.models import PublicVote

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_votes_one_per_phone(secretariat, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    c = services.competition_create(actor=secretariat, values={
        "title_zh_hant": "race", "entry_deadline": now + datetime.timedelta(days=1), "status": "entries",
        "vote_opens": now - datetime.timedelta(days=1), "vote_closes": now + datetime.timedelta(days=1),
        "min_width": 100, "min_height": 100}, categories=["A"], age_groups=[("all", 5, 99)])
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(buf, "JPEG")
    entry = services.entry_submit(actor=secretariat, competition=c, category_id=c.categories.get().pk,
                                  age_group_id=c.age_groups.get().pk, entrant_name="x",
                                  birth_date=datetime.date(2000, 1, 1), title="t", data=buf.getvalue())
    phones = [f"+8526{5000000 + i:07d}" for i in range(30)]
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        try:
            for phone in phones:
                try:
                    services.vote_cast(competition=c, entry_id=entry.pk, phone=phone)
                    result = "ok"
                except ValidationError as exc:
                    result = exc.code
                with lock:
                    outcomes[result] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes["ok"] == len(phones) == PublicVote.objects.count()
    assert outcomes["already_voted"] == 7 * len(phones)
