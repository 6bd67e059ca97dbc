"""Incubation rows: member_a is the applicant of application_a; member_b is a reviewer assigned to
it; admin_b is a reviewer who declared a conflict on it (so they are denied); the secretariat
runs the bases. Applicants see only their own applications; reviewers only assigned,
non-conflicted ones."""

from __future__ import annotations

from shanglian.incubation import sample, services
from shanglian.incubation.models import Application, Assignment, Conflict, Panel, Reviewer, Space
from tests.permissions.matrix import GP, P, logged_in, only, public, row

LABELS = ("incubation",)
APP = {"pk": "incubation_application_a.pk"}
ASSIGNMENT = {"pk": "incubation_assignment_a.pk"}
CALL = {"slug": "incubation_call_a.slug"}
STAFF = only("secretariat")

PAGES = {
    "incubation:home": row(public()),
    "incubation:call": row(public(), kwargs=CALL),
    # Starting an application is for every logged-in user (member_a gets their existing draft back).
    "incubation:apply": row(logged_in(), kwargs=CALL, methods=P),
    "incubation:mine": row(logged_in()),
    "incubation:application": row(
        only("member_a", "secretariat"),
        kwargs=APP,
        methods=GP,
        post=only("member_a"),
        data={"project_name": "新名稱", "stage": "idea", "action": "save"},
    ),
    "incubation:member_add": row(
        only("member_a"),
        kwargs=APP,
        methods=P,
        data={"name": "新成員", "birth_date": "1999-01-01", "residency": "hk", "share_pct": "0"},
    ),
    "incubation:member_remove": row(only("member_a"), kwargs={"pk": "incubation_member_a.pk"}, methods=P),
    "incubation:letter": row(only("member_a", "secretariat"), kwargs=APP),
    "incubation:accept": row(only("member_a"), kwargs=APP, methods=P),
    "incubation:reviews": row(logged_in()),
    "incubation:review": row(only("member_b"), kwargs=ASSIGNMENT, methods=GP, data={"comment": "好"}),
    "incubation:conflict": row(only("member_b"), kwargs=ASSIGNMENT, methods=P, data={"reason": "前同事"}),
    "incubation:manage": row(STAFF),
    "incubation:manage_call": row(STAFF, kwargs=CALL),
    "incubation:form_builder": row(STAFF, kwargs=CALL, methods=GP, data={"op": "preview"}),
    "incubation:assign": row(STAFF, kwargs=CALL, methods=P),
    "incubation:moderation": row(STAFF, kwargs=CALL),
    "incubation:pitch_day": row(STAFF, kwargs=CALL, methods=P, data={"starts_at": "2027-03-01T10:00", "minutes": "10"}),
    "incubation:override": row(
        STAFF, kwargs={"pk": "incubation_application_b.pk"}, methods=P, data={"eligible": "1", "note": "職員覆核"}
    ),
    "incubation:decide": row(STAFF, kwargs=APP, methods=P, data={"decision": "waitlist"}),
    "incubation:spaces": row(
        STAFF,
        methods=GP,
        data={"space": "incubation_space_a.pk", "incubatee": "0", "start": "2027-01-01", "end": "2027-02-01"},
    ),
    "incubation:funder_report": row(STAFF),
}

API = {
    "incubation_calls": row(public()),
    "incubation_my_applications": row(logged_in()),
    "incubation_application": row(
        only("member_a", "secretariat"), kwargs={"application_id": "incubation_application_a.pk"}
    ),
}


def build(w) -> None:
    call = sample.sample_call(actor=w.secretariat, slug="matrix-call", k=1)
    w.incubation_call_a = call

    def submit(user, name):
        app = services.application_start(actor=user, call=call, language="zh-hant")
        member = services.member_add(actor=user, application=app, values=sample.eligible_member())
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.application_save(
            actor=user,
            application=app,
            submit=True,
            files={"deck": SimpleUploadedFile("deck.pdf", sample.PDF)},
            values={"project_name": name, "stage": "idea", "summary": "摘要", "sector": "ai", "tags": "ai"},
        )
        app.refresh_from_db()
        return app, member

    w.incubation_application_a, _m = submit(w.member_a, "甲項目")
    w.incubation_application_b, _m = submit(w.admin_a, "乙項目")
    # a draft with a member, so member_remove has a row to act on
    draft = services.application_start(
        actor=w.member_a, call=sample.sample_call(actor=w.secretariat, slug="matrix-call-2")
    )
    w.incubation_member_a = services.member_add(actor=w.member_a, application=draft, values=sample.eligible_member())
    panel = Panel.objects.get(call=call)
    reviewer_b = Reviewer.objects.create(panel=panel, user=w.member_b, expertise=["ai"])
    Reviewer.objects.create(panel=panel, user=w.admin_b, expertise=["ai"])
    Conflict.objects.create(application=w.incubation_application_a, user=w.admin_b, reason="親戚")
    w.incubation_assignment_a = Assignment.objects.create(application=w.incubation_application_a, reviewer=reviewer_b)
    Application.objects.filter(pk=w.incubation_application_a.pk).update(status=Application.Status.REVIEW)
    w.incubation_application_a.refresh_from_db()
    w.incubation_space_a = Space.objects.create(base=call.programme.base, code="M-01", kind=Space.Kind.DESK)
    build_incubatee(w)


INC = {"pk": "incubation_incubatee_a.pk"}
PAGES.update(
    {
        # member_a founded the start-up; member_b is a mentor (from enterprise B); the secretariat runs it.
        "incubation:incubatee": row(only("member_a", "member_b", "secretariat"), kwargs=INC),
        "incubation:kpi": row(
            only("member_a", "secretariat"),
            kwargs=INC,
            methods=P,
            data={"year": "2027", "quarter": "1", "revenue": "1000", "jobs": "2", "funds_raised": "0", "ip_count": "0"},
        ),
        "incubation:mentoring": row(
            only("member_a", "member_b", "secretariat"),
            kwargs=INC,
            methods=P,
            data={"date": "2026-01-05", "minutes": "60", "notes": "定價"},
        ),
        "incubation:instalment_evidence": row(only("member_a"), kwargs={"pk": "incubation_instalment_a.pk"}, methods=P),
        "incubation:instalment_release": row(STAFF, kwargs={"pk": "incubation_instalment_a.pk"}, methods=P),
    }
)


def build_incubatee(w) -> None:
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from shanglian.incubation.models import Incubatee, Instalment, Mentor

    app = services.application_start(actor=w.member_a, call=sample.sample_call(actor=w.secretariat, slug="matrix-3"))
    services.member_add(actor=w.member_a, application=app, values=sample.eligible_member())
    services.application_save(
        actor=w.member_a,
        application=app,
        submit=True,
        values={"project_name": "甲初創", "stage": "idea", "summary": "摘要", "sector": "ai", "tags": "ai"},
        files={"deck": SimpleUploadedFile("deck.pdf", sample.PDF)},
    )
    Application.objects.filter(pk=app.pk).update(status=Application.Status.OFFERED)
    app.refresh_from_db()
    w.incubation_incubatee_a = services.offer_accept(
        actor=w.member_a, application=app, agreement=SimpleUploadedFile("a.pdf", sample.PDF)
    )
    w.incubation_instalment_a = Instalment.objects.create(
        incubatee=w.incubation_incubatee_a,
        number=1,
        amount=Decimal(1000),
        milestone="原型",
        status=Instalment.Status.EVIDENCED,
    )
    Mentor.objects.create(user=w.member_b, enterprise=w.enterprise_b, expertise=["ai"])
    assert Incubatee.objects.filter(pk=w.incubation_incubatee_a.pk).exists()
