from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.news.models import Article, Attachment, Photo, Tag


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "state_zh_hant", "state_zh_hans", "state_en", "published_at")
    list_filter = ("state_zh_hant", "state_zh_hans", "state_en", "tags")
    search_fields = ("slug",)
    inlines = [PhotoInline, AttachmentInline]
    filter_horizontal = ("tags",)


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ("name_zh_hant", "name_zh_hans", "name_en", "slug")
