"""The secretariat configures programmes, calls (eligibility rules and application forms as data,
validated on save), rubrics, panels, spaces, instalments and mentors here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.core.errors import DomainError
from shanglian.incubation import formconfig, rules
from shanglian.incubation.models import (
    Allocation,
    Application,
    Call,
    Criterion,
    Incubatee,
    Instalment,
    KpiReport,
    Mentor,
    MentoringSession,
    Panel,
    Programme,
    Reviewer,
    Space,
)


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = (
            "programme",
            "slug",
            "title_zh_hant",
            "title_zh_hans",
            "title_en",
            "description",
            "opens_at",
            "closes_at",
            "time_zone",
            "quota",
            "reviews_per_application",
            "blind_review",
            "is_published",
            "eligibility",
            "form_fields",
        )

    def clean_eligibility(self):
        try:
            return rules.rules_validate(self.cleaned_data["eligibility"])
        except DomainError as exc:
            raise ValidationError(exc.fields.get("eligibility") or [str(exc)]) from exc

    def clean_form_fields(self):
        try:
            return formconfig.form_config_validate(self.cleaned_data["form_fields"])
        except DomainError as exc:
            raise ValidationError(exc.fields.get("form_fields") or [str(exc)]) from exc

    def clean_time_zone(self):
        import zoneinfo

        value = self.cleaned_data["time_zone"]
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError(str(exc)) from exc
        return value


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class PanelInline(admin.TabularInline):
    model = Panel
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name_zh_hant", "base", "code")


@admin.register(Call)
class CallAdmin(AuditedAdmin):
    form = CallForm
    list_display = ("title_zh_hant", "programme", "opens_at", "closes_at", "quota", "is_published")
    inlines = [CriterionInline, PanelInline]


@admin.register(Reviewer)
class ReviewerAdmin(AuditedAdmin):
    list_display = ("user", "panel", "max_load")
    raw_id_fields = ("user",)


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    list_display = ("reference", "project_name", "call", "status", "submitted_at")
    list_filter = ("status", "call")
    raw_id_fields = ("applicant", "enterprise", "override_by")


@admin.register(Incubatee)
class IncubateeAdmin(AuditedAdmin):
    list_display = ("application", "enterprise", "base", "status", "start_date")
    raw_id_fields = ("application", "enterprise")


@admin.register(Space)
class SpaceAdmin(AuditedAdmin):
    list_display = ("code", "base", "kind", "capacity")
    exclude = ("lock_version",)


@admin.register(Allocation)
class AllocationAdmin(AuditedAdmin):
    list_display = ("space", "incubatee", "start", "end")


@admin.register(Instalment)
class InstalmentAdmin(AuditedAdmin):
    list_display = ("incubatee", "number", "amount", "status")


@admin.register(KpiReport)
class KpiReportAdmin(AuditedAdmin):
    list_display = ("incubatee", "year", "quarter", "revenue", "jobs")


@admin.register(Mentor)
class MentorAdmin(AuditedAdmin):
    raw_id_fields = ("user", "enterprise")


@admin.register(MentoringSession)
class MentoringSessionAdmin(AuditedAdmin):
    list_display = ("mentor", "incubatee", "date", "minutes")
