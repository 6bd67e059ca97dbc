"""The secretariat edits the dated rules and the hub here (every change is audited)."""

from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.customs.models import (
    CodeEntry,
    Declaration,
    ExportDossier,
    LimitRule,
    Partner,
    PositiveListItem,
    PositiveListVersion,
    TaxRate,
)


@admin.register(LimitRule)
class LimitRuleAdmin(AuditedAdmin):
    list_display = ("label_zh_hant", "valid_from", "valid_to", "per_order_limit", "annual_limit", "tax_factor",
                    "source")


@admin.register(TaxRate)
class TaxRateAdmin(AuditedAdmin):
    list_display = ("hs_prefix", "label_zh_hant", "vat_rate", "ct_rate", "tariff_rate", "valid_from", "valid_to")
    search_fields = ("hs_prefix", "label_zh_hant", "label_en")


class PositiveListItemInline(admin.TabularInline):
    model = PositiveListItem
    extra = 0
    fields = ("hs_code", "name_zh_hant", "remark_zh_hant", "modes", "max_net_weight", "excluded_names")
    show_change_link = True


@admin.register(PositiveListVersion)
class PositiveListVersionAdmin(AuditedAdmin):
    list_display = ("code", "title_zh_hant", "valid_from", "valid_to", "official_count", "source")


@admin.register(PositiveListItem)
class PositiveListItemAdmin(AuditedAdmin):
    list_display = ("hs_code", "name_zh_hant", "remark_zh_hant", "modes", "max_net_weight", "version")
    list_filter = ("version", "modes")
    search_fields = ("hs_code", "name_zh_hant", "name_zh_hans", "name_en")


@admin.register(CodeEntry)
class CodeEntryAdmin(AuditedAdmin):
    list_display = ("table", "code", "label_zh_hant", "label_en", "valid_from", "valid_to")
    list_filter = ("table",)
    search_fields = ("code", "label_zh_hant", "label_en")


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin):
    list_display = ("name_zh_hant", "kind", "city", "customs_code", "modes", "is_active")
    list_filter = ("kind", "city", "is_active")
    search_fields = ("name_zh_hant", "name_en", "customs_code")
    filter_horizontal = ("members",)
    raw_id_fields = ("enterprise",)


@admin.register(Declaration)
class DeclarationAdmin(AuditedAdmin):
    list_display = ("order_no", "mode", "source", "status", "agent", "paid", "created_at")
    list_filter = ("status", "mode", "source")
    search_fields = ("order_no", "cop_no", "invt_no", "logistics_no")
    readonly_fields = [f.name for f in Declaration._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ExportDossier)
class ExportDossierAdmin(AuditedAdmin):
    list_display = ("contract_no", "mode", "enterprise", "buyer_name", "created_at")
