from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.mailings.models import Delivery, Mailing, MarketingConsent, Suppression, Topic


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ("name_zh_hant", "slug", "promotional", "sort")
    list_editable = ("sort",)


@admin.register(Mailing)
class MailingAdmin(AuditedAdmin):
    list_display = ("subject_zh_hant", "topic", "association", "status", "send_at", "total", "processed")
    list_filter = ("status", "topic")
    readonly_fields = ("status", "total", "processed", "started_at", "finished_at", "created_by")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("email", "mailing", "language", "status", "skip_reason", "sent_at", "opened_at")
    list_filter = ("status", "language")
    search_fields = ("email",)
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Suppression)
class SuppressionAdmin(AuditedAdmin):
    list_display = ("email", "topic", "reason", "created_at")
    list_filter = ("reason",)
    search_fields = ("email",)


@admin.register(MarketingConsent)
class MarketingConsentAdmin(admin.ModelAdmin):
    list_display = ("email", "given_at", "withdrawn_at")
    search_fields = ("email",)
    readonly_fields = ("email", "consent", "given_at", "withdrawn_at")
