from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.core.models import AuditEntry, Industry, Place, RegionalTerm, UserPreference

admin.site.site_header = _("全港各區工商聯 · 商聯平台")
admin.site.site_title = _("商聯平台管理")
admin.site.index_title = _("秘書處管理")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr", "action", "actor__username", "target_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ("code", "name_zh_hant", "name_zh_hans", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name_zh_hant", "name_zh_hans", "name_en")


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ("code", "name_zh_hant", "name_zh_hans", "name_en", "parent")
    search_fields = ("code", "name_zh_hant", "name_zh_hans", "name_en")


@admin.register(RegionalTerm)
class RegionalTermAdmin(AuditedAdmin):
    list_display = ("hk", "mainland", "en", "created_at")
    search_fields = ("hk", "mainland", "en")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from shanglian.core.vocabulary_sync import vocabulary_changed

        vocabulary_changed()
        self.message_user(request, _("已更新用語表，搜尋即時生效。"))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        from shanglian.core.vocabulary_sync import vocabulary_changed

        vocabulary_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        from shanglian.core.vocabulary_sync import vocabulary_changed

        vocabulary_changed()


@admin.register(UserPreference)
class UserPreferenceAdmin(AuditedAdmin):
    list_display = ("user", "language")
