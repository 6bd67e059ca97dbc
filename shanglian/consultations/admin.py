from django.contrib import admin

from shanglian.consultations.models import Consultation, Submission
from shanglian.core.admin_mixins import AuditedAdmin


@admin.register(Consultation)
class ConsultationAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "status", "deadline")


@admin.register(Submission)
class SubmissionAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "status", "sent_to", "sent_at")
