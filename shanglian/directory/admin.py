from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.directory.models import (
    Association,
    AssociationRole,
    Enterprise,
    EnterpriseRole,
    ImportBatch,
    Membership,
    OfficeBearer,
    Person,
    Term,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "enterprise"
    extra = 0
    fields = ("association", "type", "status", "start_date", "end_date", "dues_amount", "dues_status")
    autocomplete_fields = ("association",)


class OfficeBearerInline(admin.TabularInline):
    model = OfficeBearer
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Association)
class AssociationAdmin(AuditedAdmin):
    list_display = ("name_zh", "name_en", "kind", "founded", "phone")
    list_filter = ("kind", "districts")
    search_fields = ("name_zh", "name_en", "short_name_zh")
    prepopulated_fields = {"slug": ("name_en",)}
    filter_horizontal = ("districts",)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ("name_zh", "name_en", "br_number", "industry", "place", "is_active", "updated_at")
    list_filter = ("is_active", "br_kind", "industry", "place__kind", "place", "memberships__association")
    search_fields = ("name_zh", "name_en", "br_number", "phone", "email")
    list_select_related = ("industry", "place")
    autocomplete_fields = ("industry", "place")
    inlines = [MembershipInline]
    readonly_fields = ("created_at", "updated_at")

    def save_related(self, request, form, formsets, change):
        # Reindex after the inlines are saved: the associations are part of the indexed text.
        super().save_related(request, form, formsets, change)
        from shanglian.directory.services import enterprise_reindex

        enterprise_reindex(enterprise=form.instance)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("name_zh", "name_en", "title", "enterprise", "email")
    search_fields = ("name_zh", "name_en", "email", "enterprise__name_zh")
    autocomplete_fields = ("enterprise", "user")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("__str__", "association", "type", "status", "start_date", "end_date", "dues_amount", "dues_status")
    list_filter = ("association", "type", "status", "dues_status")
    search_fields = ("enterprise__name_zh", "enterprise__name_en", "person__name_zh", "person__name_en")
    autocomplete_fields = ("association", "enterprise", "person", "renewed_from")
    date_hierarchy = "start_date"


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("association", "number", "start_date", "end_date")
    list_filter = ("association",)
    search_fields = ("association__name_zh",)
    inlines = [OfficeBearerInline]


@admin.register(OfficeBearer)
class OfficeBearerAdmin(AuditedAdmin):
    list_display = ("term", "position", "person", "committee")
    list_filter = ("position", "term__association")
    search_fields = ("person__name_zh", "person__name_en")
    autocomplete_fields = ("person", "term")


@admin.register(AssociationRole)
class AssociationRoleAdmin(AuditedAdmin):
    list_display = ("user", "association", "role")
    list_filter = ("association", "role")
    autocomplete_fields = ("user", "association")


@admin.register(EnterpriseRole)
class EnterpriseRoleAdmin(AuditedAdmin):
    list_display = ("user", "enterprise", "role")
    autocomplete_fields = ("user", "enterprise")




@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: batches are created and committed by the import pages and command."""

    list_display = ("created_at", "filename", "uploaded_by", "status", "created_count", "updated_count",
                    "rejected_count", "finished_at")
    list_filter = ("status",)
    search_fields = ("filename", "uploaded_by__username")
    date_hierarchy = "created_at"
    exclude = ("preview",)
    readonly_fields = ("created_at", "finished_at", "filename", "uploaded_by", "status", "progress_done",
                       "progress_total", "created_count", "updated_count", "rejected_count", "error_message")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
