from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(AuditedAdmin):
    list_display = ("reference", "purpose", "object_id", "provider", "amount", "currency", "status", "paid_at",
                    "confirmed_by")
    list_filter = ("status", "provider", "purpose")
    search_fields = ("reference", "transaction_id", "description")
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request):  # payments start from the pages; changes go through services
        return False
