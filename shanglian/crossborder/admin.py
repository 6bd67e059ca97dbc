from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.crossborder.models import BondedMovement, Buyer, Order, OrderLine, Payment, Product, Seller


@admin.register(Seller)
class SellerAdmin(AuditedAdmin):
    list_display = ("name_zh", "status", "ebc_code", "mode_9610", "mode_1210", "created_at")
    list_filter = ("status", "mode_9610", "mode_1210")
    search_fields = ("name_zh", "name_en", "ebc_code")
    raw_id_fields = ("enterprise", "festival_merchant", "applied_by", "reviewed_by")


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "seller", "hs_code", "price_cny", "hk_stock", "bonded_stock", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title_zh_hant", "title_zh_hans", "title_en", "hs_code", "barcode")
    raw_id_fields = ("seller",)
    readonly_fields = ("hk_stock", "bonded_stock")  # stock moves through the services (ledger)


@admin.register(BondedMovement)
class BondedMovementAdmin(AuditedAdmin):
    list_display = ("product", "kind", "qty", "balance", "reference", "created_at")
    raw_id_fields = ("product", "order", "actor")

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    raw_id_fields = ("product",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(AuditedAdmin):
    list_display = ("order_no", "seller", "status", "goods_value", "tax_total", "actural_paid", "created_at")
    list_filter = ("status", "mode")
    search_fields = ("order_no", "waybill_no")
    inlines = [OrderLineInline]
    readonly_fields = ("buyer", "seller", "goods_value", "tax_total", "actural_paid", "quota_amount", "year",
                       "buyer_id_number")
    exclude = ()


@admin.register(Buyer)
class BuyerAdmin(AuditedAdmin):
    list_display = ("__str__", "real_name", "created_at")
    exclude = ("id_number",)  # shown masked only
    readonly_fields = ("phone", "id_consent_at", "transfer_consent_at")


@admin.register(Payment)
class PaymentAdmin(AuditedAdmin):
    list_display = ("out_trade_no", "provider", "amount", "status", "created_at")
    list_filter = ("provider", "status")
    raw_id_fields = ("order",)
