"""Double allocation under a real race (PostgreSQL: each thread has its own connection). On SQLite
the test database is one in-memory connection, so the threads could not race: skipped there."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from shanglian.core.errors import DomainError
from shanglian.incubation import sample, services
from shanglian.incubation.models import Allocation, Application, Space
from tests.incubation.conftest import GOOD, pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_allocations_of_one_space_never_overlap(secretariat, reference_data, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    call = sample.sample_call(actor=secretariat, slug="race-call")
    user = make_user("race-founder")
    app = services.application_start(actor=user, call=call)
    services.member_add(actor=user, application=app, values=sample.eligible_member())
    services.application_save(actor=user, application=app, values=GOOD, files={"deck": pdf()}, submit=True)
    Application.objects.filter(pk=app.pk).update(status=Application.Status.OFFERED)
    app.refresh_from_db()
    incubatee = services.offer_accept(actor=user, application=app, agreement=pdf("agreement.pdf"))
    desk = Space.objects.create(base=incubatee.base, code="RACE-1", kind=Space.Kind.DESK)
    day = datetime.date(2027, 1, 1)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            services.allocation_create(
                actor=secretariat,
                space=desk,
                incubatee=incubatee,
                start=day + datetime.timedelta(days=n),
                end=day + datetime.timedelta(days=n + 30),
            )
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "double_allocation"}
    assert Allocation.objects.filter(space=desk).count() == 1
