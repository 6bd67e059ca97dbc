from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.core.privacy import mask_phone
from shanglian.festival.models import (
    Brand,
    Category,
    Coupon,
    CouponCampaign,
    Edition,
    Merchant,
    MerchantStaff,
    Offer,
    Shop,
)


@admin.register(Edition)
class EditionAdmin(AuditedAdmin):
    list_display = ("code", "name_zh_hant", "starts_on", "ends_on", "is_current")


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "name_zh_hant", "name_zh_hans", "name_en", "parent", "sort")
    list_filter = ("parent",)
    search_fields = ("code", "name_zh_hant", "name_en")


class BrandInline(admin.TabularInline):
    model = Brand
    extra = 0


class StaffInline(admin.TabularInline):
    model = MerchantStaff
    extra = 0
    raw_id_fields = ("user", "shop")


@admin.register(Merchant)
class MerchantAdmin(AuditedAdmin):
    list_display = ("name_zh", "name_en", "edition", "status", "created_at")
    list_filter = ("edition", "status")
    search_fields = ("name_zh", "name_en", "br_number")
    inlines = [BrandInline, StaffInline]
    raw_id_fields = ("applied_by", "reviewed_by")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from shanglian.festival.services import brand_reindex

        brand_reindex(brands=list(form.instance.brands.all()))  # the offer list's brand box finds renames


@admin.register(Shop)
class ShopAdmin(AuditedAdmin):
    list_display = ("name_zh", "merchant", "district", "phone")
    list_filter = ("district",)
    search_fields = ("name_zh", "name_en", "address")
    raw_id_fields = ("merchant", "brand")


@admin.register(Offer)
class OfferAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "merchant", "category", "valid_from", "valid_until", "is_featured")
    list_filter = ("is_featured", "is_published", "category")
    search_fields = ("title_zh_hant", "title_en")
    raw_id_fields = ("merchant", "brand")
    filter_horizontal = ("shops",)


@admin.register(CouponCampaign)
class CouponCampaignAdmin(AuditedAdmin):
    list_display = ("__str__", "quota", "claimed", "claim_starts", "claim_ends")
    # The counter is only ever changed by claims (a conditional UPDATE), never by hand.
    readonly_fields = ("claimed",)
    raw_id_fields = ("offer",)
    filter_horizontal = ("shops",)


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    # Staff see the phone masked (search by the full number still works, for data requests).
    list_display = ("campaign", "masked_phone", "claimed_at", "redeemed_at", "redeemed_shop")
    search_fields = ("phone", "token")
    exclude = ("phone", "token", "idempotency_key")
    readonly_fields = ["masked_phone"] + [f.name for f in Coupon._meta.fields
                                          if f.name not in ("phone", "token", "idempotency_key")]

    @admin.display(description=_("手機號碼"))
    def masked_phone(self, obj: Coupon) -> str:
        return mask_phone(obj.phone)

    def has_add_permission(self, request):
        return False
