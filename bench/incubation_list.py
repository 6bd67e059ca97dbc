"""Application list benchmark (issue 15): the secretariat's list of a call's applications
(incubation:manage_call, 50 a page with filters) at 5,000 applications, p50/p95 over requests.

    DATABASE_URL=sqlite:////tmp/inc_bench.sqlite3 .venv/bin/python bench/incubation_list.py [--n 5000]

Uses its own database (migrated on first run); inserts rows in bulk; requests go through the full
Django stack with the test client (no network).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--requests", type=int, default=40)
    args = p.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from shanglian.incubation import sample
    from shanglian.incubation.models import Application, Call, TeamMember

    User = get_user_model()  # noqa: N806
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True, "is_superuser": True})
    call = Call.objects.filter(slug="bench-call").first() or sample.sample_call(actor=staff, slug="bench-call")
    have = Application.objects.filter(call=call).count()
    if have < args.n:
        t0 = time.perf_counter()
        users = User.objects.bulk_create([User(username=f"bench-{i}") for i in range(have, args.n)], batch_size=1000)
        statuses = ["submitted", "review", "ineligible", "offered", "rejected"]
        now = timezone.now()
        apps = Application.objects.bulk_create([
            Application(call=call, applicant=u, project_name=f"項目 {i}", status=statuses[i % 5], submitted_at=now,
                        reference=f"B-{i:05d}", eligible=i % 5 != 2, tags=["ai"])
            for i, u in enumerate(users, start=have)], batch_size=1000)
        TeamMember.objects.bulk_create([TeamMember(application=a, name="成員", birth_date=now.date().replace(year=1995),
                                                   residency="hk", share_pct=100) for a in apps], batch_size=1000)
        print(f"inserted {len(apps)} applications in {time.perf_counter() - t0:.1f}s")
    client = Client()
    client.force_login(staff)
    base = f"/zh-hant/incubation/manage/calls/{call.slug}/"
    urls = [base, base + "?status=review", base + "?page=50", base + "?status=submitted&page=10"]
    client.get(base)  # warm up
    times = []
    for i in range(args.requests):
        t = time.perf_counter()
        r = client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.status_code
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{Application.objects.filter(call=call).count()} applications, {len(times)} requests over {len(urls)} URLs: "
          f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
          f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")
    with open("/proc/loadavg") as f:
        print("loadavg", f.read().strip())


if __name__ == "__main__":
    main()
