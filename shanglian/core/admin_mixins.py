"""Admin saves and deletes are writes too: record them in the audit log."""

from __future__ import annotations

from django.contrib import admin

from shanglian.core.audit import audit_record, diff, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = snapshot(obj.__class__.objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            target=obj,
            changes=diff(before, snapshot(obj)),
        )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin.delete", target=obj, changes=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", target=obj, changes=snapshot(obj))
        super().delete_queryset(request, queryset)
