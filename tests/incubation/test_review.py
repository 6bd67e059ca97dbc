"""Review: conflicts block assignment, CP-SAT assignment constraints, score ranges, z-scores,
decisions with PDF letters, acceptance into the directory, space without double allocation, and
instalments released against evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from shanglian.core.errors import DomainError
from shanglian.core.models import AuditEntry
from shanglian.directory.models import Enterprise
from shanglian.incubation import assign, sample, selectors, services
from shanglian.incubation.letters import letter_pdf
from shanglian.incubation.models import Application, Assignment, Incubatee, Instalment, KpiReminder, Space
from tests.incubation.conftest import GOOD, pdf

pytestmark = pytest.mark.django_db


def submit_many(call, make_user, n, tags=("ai",)):
    apps = []
    for i in range(n):
        user = make_user(f"founder{i}")
        app = services.application_start(actor=user, call=call, language=("zh-hant", "en", "zh-hans")[i % 3])
        services.member_add(actor=user, application=app, values=sample.eligible_member())
        apps.append(
            services.application_save(
                actor=user,
                application=app,
                files={"deck": pdf()},
                submit=True,
                values={**GOOD, "project_name": f"項目{i}", "tags": ",".join(tags)},
            )
        )
    return apps


def test_solver_respects_k_conflicts_and_balance():
    match = [[(a * 7 + r * 3) % 101 for r in range(6)] for a in range(20)]
    conflicts = {(a, a % 6) for a in range(20)}
    result = assign.solve(n_applications=20, n_reviewers=6, k=3, match=match, conflicts=conflicts, time_limit=5)
    assert result.status == "optimal" and result.gap == 0
    per_app, loads = {}, [0] * 6
    for a, r in result.pairs:
        assert (a, r) not in conflicts
        per_app[a] = per_app.get(a, 0) + 1
        loads[r] += 1
    assert set(per_app.values()) == {3} and len(per_app) == 20
    assert max(loads) - min(loads) <= 1


def test_solver_reports_applications_without_enough_reviewers():
    result = assign.solve(n_applications=2, n_reviewers=3, k=3, match=[[1] * 3] * 2, conflicts={(1, 0)})
    assert result.status == "infeasible" and result.short == [1]


def test_auto_assignment_uses_expertise_and_skips_conflicts(call, make_user, reviewers, secretariat):
    apps = submit_many(call, make_user, 4)
    services.conflict_declare(actor=reviewers[0].user, application=apps[0], user=reviewers[0].user, reason="前同事")
    summary = services.assignments_auto(actor=secretariat, call=call)
    assert summary["status"] == "optimal" and summary["gap"] == 0
    assert Assignment.objects.count() == 12
    assert not Assignment.objects.filter(application=apps[0], reviewer=reviewers[0]).exists()
    loads = [r.assignments.count() for r in reviewers]
    assert max(loads) - min(loads) <= 1
    for app in apps:
        app.refresh_from_db()
        assert app.status == Application.Status.REVIEW and app.assignments.count() == 3


def test_conflict_blocks_manual_assignment(submitted, reviewers, secretariat):
    services.conflict_declare(actor=reviewers[1].user, application=submitted, user=reviewers[1].user, reason="親戚")
    with pytest.raises(DomainError) as exc:
        services.assignment_add(actor=secretariat, application=submitted, reviewer=reviewers[1])
    assert exc.value.code == "conflict_of_interest"
    assert not Assignment.objects.exists()


def test_declaring_a_conflict_removes_the_assignment(submitted, reviewers, secretariat):
    a = services.assignment_add(actor=secretariat, application=submitted, reviewer=reviewers[0])
    services.conflict_declare(actor=reviewers[0].user, application=submitted, user=reviewers[0].user, reason="投資者")
    assert not Assignment.objects.filter(pk=a.pk).exists()


def test_too_few_reviewers_is_a_clear_error(submitted, secretariat):
    with pytest.raises(DomainError) as exc:
        services.assignments_auto(actor=secretariat, call=submitted.call)
    assert exc.value.code == "too_few_reviewers"


def scores(call, value):
    return {str(c.pk): value for c in call.criteria.all()}


def test_scores_out_of_range_are_refused_and_nothing_is_saved(call, make_user, reviewers, secretariat):
    submit_many(call, make_user, 2)
    services.assignments_auto(actor=secretariat, call=call)
    a = Assignment.objects.filter(reviewer=reviewers[0]).first()
    for bad in (11, -1, "abc", ""):
        with pytest.raises(DomainError) as exc:
            services.review_submit(actor=reviewers[0].user, assignment=a, scores=scores(call, bad))
        assert exc.value.code == "bad_scores"
    a.refresh_from_db()
    assert a.submitted_at is None and a.total is None
    other = Assignment.objects.exclude(reviewer=reviewers[0]).first()
    with pytest.raises(DomainError):
        services.review_submit(actor=reviewers[0].user, assignment=other, scores=scores(call, 5))
    a = services.review_submit(actor=reviewers[0].user, assignment=a, scores=scores(call, 10), comment="好")
    assert a.total == 100


def test_ranking_normalises_each_reviewer(call, make_user, reviewers, secretariat):
    apps = submit_many(call, make_user, 4)
    services.assignments_auto(actor=secretariat, call=call)
    # the harsh reviewer 0 and lenient others: z-scores rank by relative standing per reviewer
    quality = {apps[0].pk: 9, apps[1].pk: 7, apps[2].pk: 5, apps[3].pk: 3}
    for a in Assignment.objects.select_related("reviewer"):
        harsh = a.reviewer_id == reviewers[0].pk
        value = max(0, quality[a.application_id] - 3) if harsh else min(10, quality[a.application_id] + 1)
        services.review_submit(actor=a.reviewer.user, assignment=a, scores=scores(call, value))
    rows = selectors.ranking(call)
    assert [r["application"].pk for r in rows] == [a.pk for a in apps]
    assert rows[0]["z"] > 0 > rows[-1]["z"]


def test_decisions_letters_acceptance_and_one_identity(
    call, make_user, reviewers, secretariat, django_capture_on_commit_callbacks
):
    apps = submit_many(call, make_user, 3)
    services.assignments_auto(actor=secretariat, call=call)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_make(actor=secretariat, application=apps[0], decision="offer")
        services.decision_make(actor=secretariat, application=apps[1], decision="waitlist")
        services.decision_make(actor=secretariat, application=apps[2], decision="reject")
    assert len(mail.outbox) == 3 and all(m.attachments[0][2] == "application/pdf" for m in mail.outbox)
    for app in apps:
        app.refresh_from_db()
        assert letter_pdf(app).startswith(b"%PDF")
    with pytest.raises(DomainError):
        services.offer_accept(actor=apps[0].applicant, application=apps[0], agreement=None)
    with pytest.raises(DomainError):
        services.offer_accept(actor=apps[1].applicant, application=apps[1], agreement=pdf("agreement.pdf"))
    n = Enterprise.objects.count()
    incubatee = services.offer_accept(actor=apps[0].applicant, application=apps[0], agreement=pdf("agreement.pdf"))
    apps[0].refresh_from_db()
    assert apps[0].status == Application.Status.ACCEPTED
    assert Enterprise.objects.count() == n + 1 and incubatee.enterprise_id == apps[0].enterprise_id
    assert incubatee.enterprise.name_zh == "項目0"


def test_offers_stop_at_the_quota(call, make_user, reviewers, secretariat):
    call.quota = 1
    call.save()
    apps = submit_many(call, make_user, 2)
    services.assignments_auto(actor=secretariat, call=call)
    services.decision_make(actor=secretariat, application=apps[0], decision="offer")
    with pytest.raises(DomainError) as exc:
        services.decision_make(actor=secretariat, application=apps[1], decision="offer")
    assert exc.value.code == "quota_full"


@pytest.fixture
def incubatee(call, make_user, reviewers, secretariat):
    (app,) = submit_many(call, make_user, 1)
    Application.objects.filter(pk=app.pk).update(status=Application.Status.OFFERED)
    return services.offer_accept(actor=app.applicant, application=app, agreement=pdf("agreement.pdf"))


def test_no_double_allocation(incubatee, secretariat):
    desk = Space.objects.create(base=incubatee.base, code="D-01", kind=Space.Kind.DESK)
    d = datetime.date(2027, 1, 1)
    services.allocation_create(
        actor=secretariat, space=desk, incubatee=incubatee, start=d, end=d + datetime.timedelta(days=90)
    )
    for start, end in [
        (d, d + datetime.timedelta(days=1)),
        (d - datetime.timedelta(days=5), d + datetime.timedelta(days=1)),
        (d + datetime.timedelta(days=89), d + datetime.timedelta(days=200)),
    ]:
        with pytest.raises(DomainError) as exc:
            services.allocation_create(actor=secretariat, space=desk, incubatee=incubatee, start=start, end=end)
        assert exc.value.code == "double_allocation"
    # back to back is fine (end is exclusive)
    services.allocation_create(
        actor=secretariat,
        space=desk,
        incubatee=incubatee,
        start=d + datetime.timedelta(days=90),
        end=d + datetime.timedelta(days=120),
    )
    with pytest.raises(DomainError):
        services.allocation_create(actor=secretariat, space=desk, incubatee=incubatee, start=d, end=d)
    assert desk.allocations.count() == 2


@pytest.mark.skipif("not __import__('django.db').db.connection.vendor == 'postgresql'")
def test_postgres_exclusion_constraint_refuses_overlap_written_directly(incubatee):
    from django.db import IntegrityError, transaction

    from shanglian.incubation.models import Allocation

    desk = Space.objects.create(base=incubatee.base, code="D-02", kind=Space.Kind.DESK)
    d = datetime.date(2027, 1, 1)
    Allocation.objects.create(space=desk, incubatee=incubatee, start=d, end=d + datetime.timedelta(days=10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            space=desk, incubatee=incubatee, start=d + datetime.timedelta(days=5), end=d + datetime.timedelta(days=20)
        )


def test_instalments_release_only_against_evidence_and_once(incubatee, secretariat):
    inst = Instalment.objects.create(incubatee=incubatee, number=1, amount=Decimal("100000"), milestone="原型")
    with pytest.raises(DomainError):
        services.instalment_release(actor=secretariat, instalment=inst)
    with pytest.raises(DomainError):
        services.instalment_release(actor=incubatee.application.applicant, instalment=inst)
    services.instalment_evidence(actor=incubatee.application.applicant, instalment=inst, evidence=pdf("evidence.pdf"))
    services.instalment_release(actor=secretariat, instalment=inst)
    with pytest.raises(DomainError):
        services.instalment_release(actor=secretariat, instalment=inst)
    assert AuditEntry.objects.filter(action="incubation.instalment.release").count() == 1
    services.kpi_submit(
        actor=secretariat,
        incubatee=incubatee,
        year=2027,
        quarter=1,
        values={"revenue": 50000, "jobs": 3, "funds_raised": 0, "ip_count": 1},
    )
    rows = selectors.funder_rows()
    assert rows[0][6] == 100000.0 and rows[0][7] == "2027Q1"
    assert Incubatee.objects.count() == 1


def test_pitch_day_is_an_event_with_one_session_per_pitch(call, make_user, reviewers, secretariat, kwun_tong):
    import datetime as dt

    from django.utils import timezone

    submit_many(call, make_user, 3)
    services.assignments_auto(actor=secretariat, call=call)
    start = timezone.now() + dt.timedelta(days=30)
    shortlist = selectors.pitch_shortlist(call)
    event = services.pitch_day_schedule(
        actor=secretariat, call=call, association=kwun_tong, starts_at=start, minutes=15, ranked=shortlist
    )
    assert event.sessions.count() == 3 and event.ends_at == start + dt.timedelta(minutes=45)
    again = services.pitch_day_schedule(
        actor=secretariat, call=call, association=kwun_tong, starts_at=start, minutes=10, ranked=shortlist[:2]
    )
    assert again.pk == event.pk and again.sessions.count() == 2
    with pytest.raises(DomainError):
        services.pitch_day_schedule(
            actor=secretariat, call=call, association=kwun_tong, starts_at=start, minutes=2, ranked=shortlist
        )


def test_kpi_reminders_go_to_start_ups_missing_last_quarter(incubatee, secretariat, django_capture_on_commit_callbacks):
    from shanglian.incubation.tasks import kpi_reminders_task

    Incubatee.objects.filter(pk=incubatee.pk).update(start_date=datetime.date(2026, 1, 1))
    today = datetime.date(2027, 5, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kpi_reminders_send(today=today) == 1
    assert "2027" in mail.outbox[-1].subject
    # Once per start-up and quarter: the next days' runs send nothing for 2027 Q1.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kpi_reminders_send(today=today + datetime.timedelta(days=1)) == 0
        assert services.kpi_reminders_send(today=today + datetime.timedelta(days=40)) == 0
    assert KpiReminder.objects.filter(incubatee=incubatee, year=2027, quarter=1).count() == 1
    # The next quarter is reminded again (the report of Q2 is missing once Q3 starts).
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kpi_reminders_send(today=datetime.date(2027, 7, 2)) == 1
    services.kpi_submit(actor=secretariat, incubatee=incubatee, year=2027, quarter=3, values={"jobs": 2})
    assert services.kpi_reminders_send(today=datetime.date(2027, 10, 3)) == 0
    assert services.previous_quarter(datetime.date(2027, 2, 1)) == (2026, 4)
    assert kpi_reminders_task.func() in (0, 1)  # the real date: due unless already reminded


def test_kpi_reminder_is_in_the_recipients_language(incubatee, django_capture_on_commit_callbacks):
    from shanglian.core.models import UserPreference

    applicant = incubatee.application.applicant
    Incubatee.objects.filter(pk=incubatee.pk).update(start_date=datetime.date(2026, 1, 1))
    UserPreference.objects.update_or_create(user=applicant, defaults={"language": "zh-hans"})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kpi_reminders_send(today=datetime.date(2027, 5, 10)) == 1
    assert "请提交" in mail.outbox[-1].subject and "季度报告" in mail.outbox[-1].body
    UserPreference.objects.filter(user=applicant).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kpi_reminders_send(today=datetime.date(2027, 8, 10)) == 1
    assert "report" in mail.outbox[-1].subject.lower()


def test_incubation_daily_command(incubatee, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incubation_daily", stdout=out)
        call_command("incubation_daily", stdout=out)
    lines = out.getvalue().split("\n")
    assert lines[0].startswith("kpi_reminders: ") and lines[1] == "kpi_reminders: 0"


def test_acceptance_and_space_licence_are_agreements_with_parties_and_dates(
    call, make_user, reviewers, secretariat, kwun_tong, client
):
    from django.urls import reverse

    from shanglian.agreements.models import Agreement

    (app,) = submit_many(call, make_user, 1)
    Application.objects.filter(pk=app.pk).update(status=Application.Status.OFFERED)
    inc = services.offer_accept(actor=app.applicant, application=app, agreement=pdf("signed.pdf"))
    deal = inc.agreement
    assert deal is not None and deal.association == kwun_tong
    assert deal.effective_on == inc.start_date and deal.expires_on == inc.end_date
    assert app.project_name in deal.title_zh_hant and deal.title_en.startswith("Incubation agreement")
    parties = list(deal.parties.order_by("order"))
    assert [p.target for p in parties] == [kwun_tong, inc.enterprise] and parties[1].signatory_name
    assert deal.files.count() == 1 and deal.files.get().filename == "signed.pdf"

    desk = Space.objects.create(base=inc.base, code="D-09", kind=Space.Kind.DESK)
    d = datetime.date(2027, 1, 1)
    allocation = services.allocation_create(
        actor=secretariat, space=desk, incubatee=inc, start=d, end=d + datetime.timedelta(days=90), licence_ref="L-7"
    )
    licence = allocation.licence
    assert licence.kind == Agreement.Kind.OTHER and "D-09" in licence.title_zh_hant and "L-7" in licence.scope_en
    assert licence.effective_on == d and licence.expires_on == d + datetime.timedelta(days=89)
    assert {p.target for p in licence.parties.all()} == {kwun_tong, inc.enterprise}

    # A refused (double) allocation leaves no licence behind.
    with pytest.raises(DomainError):
        services.allocation_create(
            actor=secretariat, space=desk, incubatee=inc, start=d, end=d + datetime.timedelta(days=5)
        )
    assert Agreement.objects.count() == 2

    rows = selectors.agreements_of(inc)
    assert [r["agreement"] for r in rows] == [deal, licence]
    client.force_login(app.applicant)
    body = client.get(reverse("incubation:incubatee", args=[inc.pk])).content.decode()
    assert deal.reference in body and licence.reference in body and "2027-03-31" in body
    client.force_login(secretariat)
    body = client.get(reverse("incubation:incubatee", args=[inc.pk])).content.decode()
    assert reverse("agreements:detail", args=[licence.pk]) in body
