"""A mailing to 4,000 members in three languages, queued and sent through Django's SMTP backend
into a local SMTP sink (issue 17, "Benchmarks": < 2 min).

    .venv/bin/python bench/mailings_send.py                 # 4,000 members
    .venv/bin/python bench/mailings_send.py --members 500   # quick
    .venv/bin/python bench/mailings_send.py --pg postgres://postgres@127.0.0.1:5432/h_voicea

What runs: a fresh SQLite file under var/bench/ (or the given PostgreSQL database, its own
``bench_mailings`` schema), 4,000 member enterprises of 15 associations, a third Mainland
(→ 简体), a third with an English-speaking owner account (→ English), a third HK (→ 繁體); an
aiosmtpd sink on 127.0.0.1 (port 8160 unless --port) that counts and parses every message. The
secretariat composes a mailing (繁 master, 简 generated, EN by hand) and schedules it for now
(the service enqueues ``mailing_send_task`` on the database task backend); then the real
worker, ``manage.py db_worker`` started right after, runs it in its own process: resolve the segment,
materialise 4,000 deliveries, send in batches of 200 on one SMTP connection, progress after
each batch. Reported: seconds from "schedule" to the last message in the sink, messages/s, the
split per language seen by the sink, and the load average. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import email
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))


class Sink:
    """aiosmtpd handler: counts messages and the language of each (Content-Language is not set by
    Django, so the subject tells: EN / 简 / 繁)."""

    def __init__(self):
        self.count = 0
        self.languages: Counter[str] = Counter()
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"] or "")))
        lang = "en" if subject.startswith("Annual") else "zh-hans" if "会员" in subject else "zh-hant"
        with self.lock:
            self.count += 1
            self.languages[lang] += 1
            self.last = time.perf_counter()
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=4000)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--pg", default="")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_file = BENCH_DIR / "mailings.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "shanglian.settings", "DEBUG": "1",
        "DATABASE_URL": args.pg or f"sqlite:///{db_file}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(args.port),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "SEARCH_DENSE": "0",
    }
    os.environ.update(env)
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
        import psycopg

        with psycopg.connect(args.pg.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS bench_mailings CASCADE; CREATE SCHEMA bench_mailings")
        os.environ["PGOPTIONS"] = "-c search_path=bench_mailings"

    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=args.port)
    controller.start()

    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup = _populate(args.members)
    print(f"set-up: migrate + {args.members} members in {time.perf_counter() - t0:.1f} s ({setup})")

    from django.contrib.auth import get_user_model

    from shanglian.mailings import services
    from shanglian.mailings.demo import ensure_topics
    from shanglian.mailings.models import Mailing

    staff = get_user_model().objects.get(username="bench-secretariat")
    topic = ensure_topics()[0]
    values = services.simplified_from_master({
        "topic": topic, "association": None, "audience": "members", "segment": {},
        "subject_zh_hant": "會員大會通告", "subject_en": "Annual general meeting",
        "body_zh_hant": "各位會員：\n\n本會將於下月舉行**會員大會**，討論資訊科技委員會的網上服務計劃。"
                        "\n\n[議程](https://example.hk/agm)",
        "body_en": "Dear members,\n\nThe **annual general meeting** is next month. [Agenda](https://example.hk/agm)",
    })
    mailing = services.mailing_save(actor=staff, values=values)
    start = time.perf_counter()
    services.mailing_schedule(actor=staff, mailing=mailing)  # enqueues mailing_send_task (database backend)
    queued = time.perf_counter() - start
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay",
                               "--interval", "0.2"], cwd=ROOT, env={**os.environ},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.perf_counter() + 600
    while time.perf_counter() < deadline and worker.poll() is None:
        if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENT).exists():
            break
        time.sleep(0.2)
    worker.terminate()  # the worker this bench started, by its own handle
    output = worker.communicate(timeout=30)[0]
    wall = time.perf_counter() - start
    time.sleep(0.5)
    controller.stop()
    mailing = Mailing.objects.get(pk=mailing.pk)
    loadavg = Path("/proc/loadavg").read_text().split()[:3]
    sent_span = (sink.last - start) if sink.count else 0.0
    span = (mailing.finished_at - mailing.started_at).total_seconds() if mailing.finished_at else float("nan")
    print(f"mailing #{mailing.pk}: status {mailing.status}, {mailing.processed}/{mailing.total} processed; "
          f"the task ran {span:.1f} s (segment + deliveries + sending)")
    print(f"queued in {queued * 1000:.0f} ms; sent {wall:.1f} s after scheduling (a worker started then, its "
          f"start-up included); last message in the sink at {sent_span:.1f} s")
    print(f"sink received {sink.count} messages ({sink.count / max(sent_span, 1e-9):.0f}/s): "
          + ", ".join(f"{k} {v}" for k, v in sorted(sink.languages.items())))
    print(f"load average: {' '.join(loadavg)}")
    if mailing.status != "sent":
        print(output[-3000:])


def _populate(n: int) -> str:
    """4,000 members in bulk (the bench measures sending, not the directory's services)."""
    import datetime

    from django.contrib.auth import get_user_model

    from shanglian.core.models import Industry, Place, UserPreference
    from shanglian.directory.models import Association, Enterprise, EnterpriseRole, Membership

    User = get_user_model()
    User.objects.create_user("bench-secretariat", "sec@bench.example", "x", is_staff=True, is_superuser=True)
    associations = [Association.objects.create(slug=f"a{i}", name_zh=f"第{i}區工商會", sort=i) for i in range(15)]
    industries = list(Industry.objects.filter(parent__isnull=True))
    hk = list(Place.objects.filter(kind="hk_district"))
    mainland = list(Place.objects.filter(kind="gba_city"))
    enterprises = []
    for i in range(n):
        kind = i % 3  # 0 HK, 1 Mainland, 2 English owner
        enterprises.append(Enterprise(
            name_zh=f"會員企業{i}有限公司" if kind != 2 else "", name_en=f"Member Enterprise {i} Ltd",
            email=f"m{i}@members.example", br_kind="cn_uscc" if kind == 1 else "hk_br",
            industry=industries[i % len(industries)],
            place=(mainland[i % len(mainland)] if kind == 1 else hk[i % len(hk)])))
    Enterprise.objects.bulk_create(enterprises, batch_size=1000)
    enterprises = list(Enterprise.objects.order_by("pk"))
    Membership.objects.bulk_create([Membership(association=associations[i % 15], enterprise=e,
                                               start_date=datetime.date(2025, 1, 1))
                                    for i, e in enumerate(enterprises)], batch_size=1000)
    owners = User.objects.bulk_create([User(username=f"owner{i}", email=f"o{i}@members.example")
                                       for i in range(2, n, 3)], batch_size=1000)
    owners = list(User.objects.filter(username__startswith="owner").order_by("pk"))
    EnterpriseRole.objects.bulk_create([EnterpriseRole(user=u, enterprise=enterprises[int(u.username[5:])])
                                        for u in owners], batch_size=1000)
    UserPreference.objects.bulk_create([UserPreference(user=u, language="en") for u in owners], batch_size=1000)
    return f"{len(owners)} English-speaking owners"


if __name__ == "__main__":
    main()
