from django.contrib import admin

from shanglian.agreements.models import (
    Activity,
    Agreement,
    AgreementFile,
    Ceremony,
    Instalment,
    Obligation,
    Organisation,
    Outcome,
    Party,
    Pledge,
    Project,
    Source,
)
from shanglian.core.admin_mixins import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name_zh_hant", "name_en", "kind", "country", "region")
    list_filter = ("kind",)
    search_fields = ("name_zh_hant", "name_zh_hans", "name_en")


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    raw_id_fields = ("association", "enterprise", "organisation")


class FileInline(admin.TabularInline):
    model = AgreementFile
    extra = 0
    readonly_fields = ("language", "version", "filename", "size", "uploaded_by", "uploaded_at")


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    raw_id_fields = ("owner",)


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ("reference", "title_zh_hant", "kind", "association", "status", "signed_on", "is_public")
    list_filter = ("status", "kind", "is_public")
    search_fields = ("reference", "title_zh_hant", "title_en")
    readonly_fields = ("reference", "last_activity_at", "approved_by", "created_by")
    inlines = [PartyInline, FileInline, ObligationInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("agreement", "verb", "actor", "created_at")
    list_filter = ("verb",)

    def has_change_permission(self, request, obj=None):
        return False


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(AuditedAdmin):
    list_display = ("project", "association", "enterprise", "amount", "pledged_on", "acknowledged_at")
    inlines = [InstalmentInline]
    raw_id_fields = ("enterprise",)


for model in (Project, Outcome, Source, Ceremony):
    admin.site.register(model, AuditedAdmin)
