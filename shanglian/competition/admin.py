from django.contrib import admin

from shanglian.competition.models import AgeGroup, Category, Competition, Entry, Judge
from shanglian.core.admin_mixins import AuditedAdmin


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class AgeGroupInline(admin.TabularInline):
    model = AgeGroup
    extra = 0


class JudgeInline(admin.TabularInline):
    model = Judge
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Competition)
class CompetitionAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "status", "entry_deadline")
    inlines = (CategoryInline, AgeGroupInline, JudgeInline)

    def save_related(self, request, form, formsets, change):
        # The entries' index holds their category names (the inline may have renamed one).
        super().save_related(request, form, formsets, change)
        if any(fs.model is Category and fs.has_changed() for fs in formsets):
            from shanglian.competition.services import entry_reindex_all

            entry_reindex_all(competition=form.instance)


@admin.register(Entry)
class EntryAdmin(AuditedAdmin):
    list_display = ("code", "title", "category", "status")
    readonly_fields = ("exif", "dhash", "duplicate_of")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from shanglian.competition.services import entry_reindex

        entry_reindex(entry=obj)  # a title, category or status changed here reaches the gallery search

    def delete_model(self, request, obj):
        from shanglian.competition.services import entry_unindex

        entry_unindex(entry_id=obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        from shanglian.competition.services import entry_unindex

        for pk in queryset.values_list("pk", flat=True):
            entry_unindex(entry_id=pk)
        super().delete_queryset(request, queryset)
