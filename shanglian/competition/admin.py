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


@admin.register(Entry)
class EntryAdmin(AuditedAdmin):
    list_display = ("code", "title", "category", "status")
    readonly_fields = ("exif", "dhash", "duplicate_of")
