from django.contrib import admin

from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.core.admin_mixins import AuditedAdmin


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    """Read-mostly: invitations are sent, resent and revoked from the invitations page (services)."""

    list_display = ("email", "enterprise", "role", "registration", "status", "expires_at", "created_by")
    list_filter = ("status", "role", "language")
    search_fields = ("email", "enterprise__name_zh", "enterprise__name_en")
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(AuditedAdmin):
    """Read-mostly: applications are reviewed on the association's review page (services)."""

    list_display = ("__str__", "association", "applicant", "status", "created_at", "reviewed_by")
    list_filter = ("status", "association")
    search_fields = ("name_zh", "name_en", "enterprise__name_zh", "enterprise__name_en", "applicant__username")
    readonly_fields = [f.name for f in MembershipApplication._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
