from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.matching.models import Introduction, Match, Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(AuditedAdmin):
    list_display = ("title", "kind", "subtype", "enterprise", "status", "language", "expires_on", "published_at")
    list_filter = ("status", "kind", "subtype", "language", "industry")
    search_fields = ("title", "description", "enterprise__name_zh", "enterprise__name_en")
    autocomplete_fields = ("enterprise",)
    raw_id_fields = ("author", "reviewed_by")
    filter_horizontal = ("target_markets",)
    exclude = ("vector",)


@admin.register(Match)
class MatchAdmin(AuditedAdmin):
    list_display = ("opportunity", "counterpart", "counterpart_enterprise", "score", "curated")
    list_filter = ("curated",)
    raw_id_fields = ("opportunity", "counterpart", "counterpart_enterprise", "curated_by")


@admin.register(Introduction)
class IntroductionAdmin(AuditedAdmin):
    list_display = ("requester", "target", "status", "outcome", "created_at")
    list_filter = ("status", "outcome")
    raw_id_fields = ("opportunity", "counterpart", "requester", "target", "requested_by", "responded_by")
    readonly_fields = ("pair",)
