"""全港生活圈 cross-border store: sellers, catalogue, bonded stock, Mainland buyers, carts, orders,
payments and the per-buyer annual quota (docs/crossborder.md).

Limits live in the database: stock columns and the annual quota carry CheckConstraints, and the
services change them with conditional UPDATEs inside the order's transaction."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated

ANNUAL_LIMIT = Decimal("26000")
ORDER_LIMIT = Decimal("5000")
MONEY = {"max_digits": 12, "decimal_places": 2}


class Mode(models.TextChoices):
    DIRECT = "9610", _("9610 直購進口（香港直郵）")
    BONDED = "1210", _("1210 保稅備貨")


class Seller(models.Model):
    """A member enterprise (directory) or an approved festival merchant selling to the Mainland."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("待審批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已拒絕")

    enterprise = models.ForeignKey("directory.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("會員企業"))
    festival_merchant = models.ForeignKey("festival.Merchant", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("購物節商戶"))
    name_zh = models.CharField(_("商店名稱（中文）"), max_length=200)
    name_en = models.CharField(_("商店名稱（英文）"), max_length=200, blank=True)
    contact_email = models.EmailField(_("聯絡電郵"), blank=True)
    # readiness checklist
    trademark = models.CharField(_("商標註冊號碼或授權"), max_length=200, blank=True)
    mainland_agent = models.CharField(_("內地申報代理"), max_length=200, blank=True)
    agent_code = models.CharField(_("申報代理海關編碼"), max_length=18, blank=True)
    customs_code = models.CharField(_("申報海關關區代碼（4 位）"), max_length=4, blank=True)
    ebc_code = models.CharField(_("電商企業海關編碼（ebcCode）"), max_length=18, blank=True)
    ebc_name = models.CharField(_("電商企業海關登記名稱"), max_length=200, blank=True)
    mode_9610 = models.BooleanField(_("9610 直購進口"), default=True)
    mode_1210 = models.BooleanField(_("1210 保稅備貨"), default=False)
    warehouse_partner = models.CharField(_("倉儲 / 物流夥伴"), max_length=200, blank=True)
    # freight rule (CNY): the first kilogram, then each further kilogram begun (rules.freight)
    freight_first_kg = models.DecimalField(_("運費：首公斤（人民幣）"), max_digits=8, decimal_places=2,
                                           default=Decimal("0"))
    freight_per_kg = models.DecimalField(_("運費：每續重公斤（人民幣）"), max_digits=8, decimal_places=2,
                                         default=Decimal("0"))
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.APPLIED,
                              db_index=True)
    rejection_reason = models.TextField(_("拒絕原因"), blank=True)
    language = models.CharField(_("通知語言"), max_length=10, default="zh-hant")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("申請人"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("審批人"))
    reviewed_at = models.DateTimeField(_("審批時間"), null=True, blank=True)
    created_at = models.DateTimeField(_("申請時間"), auto_now_add=True)
    name = Translated("name")

    class Meta:
        ordering = ["name_zh", "pk"]
        verbose_name = _("跨境賣家")
        verbose_name_plural = _("跨境賣家")
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=False) | Q(festival_merchant__isnull=False),
                                   name="crossborder_seller_has_origin"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                                   name="crossborder_seller_rejection_reason"),
            models.CheckConstraint(condition=Q(mode_9610=True) | Q(mode_1210=True),
                                   name="crossborder_seller_has_mode"),
            models.CheckConstraint(condition=Q(freight_first_kg__gte=0) & Q(freight_per_kg__gte=0),
                                   name="crossborder_seller_freight_not_negative"),
            models.UniqueConstraint(fields=["enterprise"], condition=Q(enterprise__isnull=False),
                                    name="crossborder_seller_one_per_enterprise"),
            models.UniqueConstraint(fields=["festival_merchant"], condition=Q(festival_merchant__isnull=False),
                                    name="crossborder_seller_one_per_merchant"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("crossborder:seller", args=[self.pk])

    def checklist(self) -> list[tuple[str, bool]]:
        """(label, done) of the readiness checklist, in order."""
        return [
            (str(_("商標註冊或品牌授權")), bool(self.trademark.strip())),
            (str(_("內地申報代理（持有海關電子口岸密鑰）")),
             bool(self.mainland_agent.strip()) and len(self.agent_code.strip()) == 10),
            (str(_("申報海關關區代碼")), len(self.customs_code) == 4 and self.customs_code.isdigit()),
            (str(_("電商企業海關編碼（10 位）")), len(self.ebc_code.strip()) == 10),
            (str(_("選定模式（9610 / 1210）")), bool(self.mode_9610 or self.mode_1210)),
            (str(_("倉儲 / 物流夥伴")), bool(self.warehouse_partner.strip())),
        ]

    @property
    def ready(self) -> bool:
        return all(done for _label, done in self.checklist())


class Product(models.Model):
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="products", verbose_name=_("賣家"))
    title_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("介紹（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("介紹（简体）"), blank=True)
    description_en = models.TextField(_("介紹（English）"), blank=True)
    hs_code = models.CharField(_("商品編碼（HS）"), max_length=10)
    positive_list_note = models.CharField(_("正面清單備註"), max_length=300, blank=True)
    origin = models.CharField(_("原產國 / 地區"), max_length=60)
    brand = models.CharField(_("品牌"), max_length=120, blank=True)
    barcode = models.CharField(_("條碼"), max_length=32, blank=True)
    net_weight_kg = models.DecimalField(_("淨重（公斤）"), max_digits=9, decimal_places=3)
    unit = models.CharField(_("計量單位"), max_length=12, default="件")
    vat_rate = models.DecimalField(_("增值稅率"), max_digits=5, decimal_places=4, default=Decimal("0.13"))
    ct_rate = models.DecimalField(_("消費稅率"), max_digits=5, decimal_places=4, default=Decimal("0"))
    tariff_rate = models.DecimalField(_("最惠國關稅率（超額單件時適用）"), max_digits=5, decimal_places=4,
                                      default=Decimal("0"))
    elabel = models.TextField(_("中文電子標籤"), blank=True)
    photo = models.ImageField(_("相片"), upload_to="crossborder/products/", blank=True)
    price_cny = models.DecimalField(_("售價（人民幣）"), **MONEY)
    indivisible = models.BooleanField(_("不可分割的單件商品"), default=False)
    hk_stock = models.IntegerField(_("香港庫存（9610）"), default=0)
    bonded_stock = models.IntegerField(_("保稅倉庫存（1210）"), default=0)
    is_published = models.BooleanField(_("已上架"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        constraints = [
            models.CheckConstraint(condition=Q(hk_stock__gte=0), name="crossborder_hk_stock_not_negative"),
            models.CheckConstraint(condition=Q(bonded_stock__gte=0), name="crossborder_bonded_stock_not_negative"),
            models.CheckConstraint(condition=Q(price_cny__gt=0), name="crossborder_price_positive"),
            models.CheckConstraint(condition=Q(net_weight_kg__gt=0), name="crossborder_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("crossborder:product", args=[self.pk])

    @property
    def cover_code(self) -> str:
        """The generated cover's family from the HS chapter (core.covers)."""
        chapter = self.hs_code[:2]
        return {"33": "beauty", "34": "beauty", "42": "accessories", "22": "drink", "09": "drink", "20": "drink",
                "30": "health", "21": "health", "85": "electronics", "64": "shoes", "61": "fashion",
                "62": "fashion"}.get(chapter, "food" if chapter < "25" else "services")

    def stock_for(self, mode: str) -> int:
        return self.bonded_stock if mode == Mode.BONDED else self.hk_stock


class BondedMovement(models.Model):
    """One line of a bonded warehouse's ledger (1210): inbound, outbound (an order), return."""

    class Kind(models.TextChoices):
        INBOUND = "in", _("入倉")
        OUTBOUND = "out", _("出倉")
        RETURN = "return", _("退貨回倉")
        ADJUST = "adjust", _("盤點調整")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="movements",
                                verbose_name=_("商品"))
    kind = models.CharField(_("類別"), max_length=8, choices=Kind.choices)
    qty = models.IntegerField(_("數量"))
    balance = models.IntegerField(_("結餘"))
    reference = models.CharField(_("單號 / 備註"), max_length=120, blank=True)
    order = models.ForeignKey("Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("保稅倉記錄")
        verbose_name_plural = _("保稅倉記錄")
        constraints = [
            models.CheckConstraint(condition=~Q(qty=0), name="crossborder_movement_not_zero"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="crossborder_movement_balance"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.qty}"


class Buyer(models.Model):
    """A Mainland consumer, known by a verified phone; the real-name profile is optional until
    checkout. The ID number is kept for the customs order (≥ 3 years) and shown masked."""

    phone = models.CharField(_("手機號碼"), max_length=20, unique=True)
    real_name = models.CharField(_("真實姓名"), max_length=60, blank=True)
    id_number = models.CharField(_("身份證號碼"), max_length=18, blank=True)
    id_consent_at = models.DateTimeField(_("同意處理身份證號碼"), null=True, blank=True)
    transfer_consent_at = models.DateTimeField(_("同意跨境傳輸"), null=True, blank=True)
    email = models.EmailField(_("電郵（接收訂單通知）"), blank=True)
    language = models.CharField(_("語言"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("內地買家")
        verbose_name_plural = _("內地買家")
        constraints = [
            models.CheckConstraint(condition=Q(id_number="") | (Q(id_consent_at__isnull=False)
                                                                & Q(transfer_consent_at__isnull=False)),
                                   name="crossborder_buyer_id_needs_consents"),
        ]

    def __str__(self) -> str:
        from shanglian.core.privacy import mask_phone

        return mask_phone(self.phone)

    @property
    def masked_id(self) -> str:
        return f"{self.id_number[:3]}***********{self.id_number[-4:]}" if self.id_number else ""

    @property
    def profile_complete(self) -> bool:
        return bool(self.real_name and self.id_number and self.id_consent_at and self.transfer_consent_at)


class Address(models.Model):
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("買家"))
    consignee = models.CharField(_("收貨人"), max_length=60)
    phone = models.CharField(_("收貨人電話"), max_length=20)
    province = models.CharField(_("省 / 直轄市"), max_length=30)
    city = models.CharField(_("市"), max_length=30)
    district = models.CharField(_("區 / 縣"), max_length=30)
    street = models.CharField(_("詳細地址"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("收貨地址")
        verbose_name_plural = _("收貨地址")

    def __str__(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.street}"


class CartItem(models.Model):
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="cart", verbose_name=_("買家"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("商品"))
    mode = models.CharField(_("模式"), max_length=4, choices=Mode.choices, default=Mode.DIRECT)
    qty = models.PositiveIntegerField(_("數量"), default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "product", "mode"], name="crossborder_cart_unique"),
            models.CheckConstraint(condition=Q(qty__gte=1) & Q(qty__lte=99), name="crossborder_cart_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.qty}"


class BuyerYear(models.Model):
    """The buyer's cross-border purchases of one calendar year: ``used`` can never pass ¥26,000
    (a CheckConstraint; checkout raises it with a conditional UPDATE in the order's transaction)."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    used = models.DecimalField(**MONEY, default=Decimal("0"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer", "year"], name="crossborder_buyer_year_unique"),
            models.CheckConstraint(condition=Q(used__gte=0) & Q(used__lte=ANNUAL_LIMIT),
                                   name="crossborder_buyer_year_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.used}"


PAID_SUM = F("goods_value") + F("freight") - F("discount") + F("tax_total")
HALF_CENT = Value(Decimal("0.005"))


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("待付款")
        PAID = "paid", _("已付款，待申報")
        DECLARED = "declared", _("已申報")
        RELEASED = "released", _("海關已放行")
        SHIPPED = "shipped", _("已發貨")
        REJECTED = "rejected", _("海關退單")
        CANCELLED = "cancelled", _("已取消")
        RETURN_REQUESTED = "return_requested", _("退貨申報中")
        RETURNED = "returned", _("已退貨")

    order_no = models.CharField(_("訂單編號"), max_length=40, unique=True)
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("買家"))
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="orders", verbose_name=_("賣家"))
    mode = models.CharField(_("模式"), max_length=4, choices=Mode.choices)
    status = models.CharField(_("狀態"), max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT,
                              db_index=True)
    year = models.PositiveSmallIntegerField(_("計入年度"))
    goods_value = models.DecimalField(_("商品價格"), **MONEY)
    freight = models.DecimalField(_("運費"), **MONEY, default=Decimal("0"))
    discount = models.DecimalField(_("優惠減免"), **MONEY, default=Decimal("0"))
    tax_total = models.DecimalField(_("代扣稅款"), **MONEY)
    actural_paid = models.DecimalField(_("實際支付"), **MONEY)
    quota_amount = models.DecimalField(_("計入年度額度"), **MONEY)
    weight_kg = models.DecimalField(_("淨重合計（公斤）"), max_digits=9, decimal_places=3, default=Decimal("0"))
    coupon_label = models.CharField(_("購物節優惠券"), max_length=120, blank=True)
    single_item_exception = models.BooleanField(_("單件不可分割商品超額"), default=False)
    buyer_name = models.CharField(_("訂購人姓名"), max_length=60)
    buyer_id_number = models.CharField(_("訂購人證件號碼"), max_length=18)
    buyer_phone = models.CharField(_("訂購人電話"), max_length=20)
    consignee = models.CharField(_("收貨人"), max_length=60)
    consignee_phone = models.CharField(_("收貨人電話"), max_length=20)
    consignee_address = models.CharField(_("收貨地址"), max_length=300)
    notice_version = models.CharField(_("消費者告知書版本"), max_length=20)
    notice_accepted_at = models.DateTimeField(_("接受告知書時間"))
    payment_provider = models.CharField(_("支付方式"), max_length=20, blank=True)
    payment_transaction = models.CharField(_("支付交易號"), max_length=64, blank=True)
    waybill_no = models.CharField(_("運單號"), max_length=40, blank=True)
    logistics_name = models.CharField(_("物流企業"), max_length=100, blank=True)
    customs_note = models.CharField(_("海關回執"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("下單時間"), auto_now_add=True)
    paid_at = models.DateTimeField(_("付款時間"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("發貨時間"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退貨時間"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("跨境訂單")
        verbose_name_plural = _("跨境訂單")
        constraints = [
            models.CheckConstraint(condition=Q(quota_amount__lte=ANNUAL_LIMIT) & Q(quota_amount__gte=0),
                                   name="crossborder_order_quota_amount"),
            # Within half a cent, not equal: SQLite keeps decimals as REAL, where
            # 250.50 + 12 − 46.29 + 19.68 is 235.89000000000001 ≠ 235.89 (PostgreSQL's numeric is exact).
            models.CheckConstraint(condition=Q(actural_paid__gt=PAID_SUM - HALF_CENT)
                                   & Q(actural_paid__lt=PAID_SUM + HALF_CENT),
                                   name="crossborder_order_paid_adds_up"),
            models.CheckConstraint(condition=Q(freight__gte=0) & Q(discount__gte=0)
                                   & Q(discount__lte=F("goods_value")),
                                   name="crossborder_order_discount_within_goods"),
        ]

    def __str__(self) -> str:
        return self.order_no

    def get_absolute_url(self) -> str:
        return reverse("crossborder:my_order", args=[self.pk])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    gnum = models.PositiveSmallIntegerField()
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    item_no = models.CharField(max_length=40)
    item_name = models.CharField(max_length=250)
    gcode = models.CharField(max_length=10)
    unit = models.CharField(max_length=12)
    qty = models.PositiveIntegerField()
    price = models.DecimalField(**MONEY)
    total_price = models.DecimalField(**MONEY)
    tax = models.DecimalField(**MONEY)
    tax_rate = models.DecimalField(max_digits=7, decimal_places=4)
    # Units returned or waiting for customs' answer on a return (reserved by a conditional UPDATE;
    # the CheckConstraint is the backstop: concurrent returns cannot return more than was ordered).
    returned_qty = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["gnum"]
        constraints = [models.UniqueConstraint(fields=["order", "gnum"], name="crossborder_line_gnum"),
                       models.CheckConstraint(condition=Q(returned_qty__gte=0) & Q(returned_qty__lte=F("qty")),
                                              name="crossborder_line_returned_within_qty")]

    def __str__(self) -> str:
        return f"{self.gnum}. {self.item_name}"


class OrderReturn(models.Model):
    """One return of some units of some lines of an order (``services.order_return``). Its amounts
    are the returned share of what the order counted and charged, per line, to the cent
    (``services.return_amounts``): ``quota_amount`` (taxable value: goods + freight − discount,
    given back to the buyer's year), ``tax`` (restored), ``refund`` = quota_amount + tax (paid back)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待海關回執")
        ACCEPTED = "accepted", _("已退貨")
        REFUSED = "refused", _("海關不接受")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(_("退貨原因"), max_length=500)
    whole = models.BooleanField(_("整單退貨"), default=False)
    message_kind = models.CharField(max_length=8, blank=True)  # CEB625 / CEB623 / "" (none needed)
    goods_value = models.DecimalField(_("退貨商品價格"), **MONEY)
    quota_amount = models.DecimalField(_("恢復年度額度"), **MONEY)
    tax = models.DecimalField(_("恢復稅款"), **MONEY)
    refund = models.DecimalField(_("退款金額"), **MONEY)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(goods_value__gte=0) & Q(quota_amount__gte=0) & Q(tax__gte=0),
                                   name="crossborder_return_amounts"),
            models.CheckConstraint(condition=Q(refund__gt=F("quota_amount") + F("tax") - HALF_CENT)
                                   & Q(refund__lt=F("quota_amount") + F("tax") + HALF_CENT),
                                   name="crossborder_return_refund_adds_up"),
            # one return waiting for customs per order at a time
            models.UniqueConstraint(fields=["order"], condition=Q(status="requested"),
                                    name="crossborder_return_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.pk}"


class ReturnLine(models.Model):
    ret = models.ForeignKey(OrderReturn, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    qty = models.PositiveIntegerField()
    goods_value = models.DecimalField(**MONEY)
    quota_amount = models.DecimalField(**MONEY)
    tax = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["line__gnum"]
        constraints = [models.CheckConstraint(condition=Q(qty__gte=1), name="crossborder_return_line_qty"),
                       models.UniqueConstraint(fields=["ret", "line"], name="crossborder_return_line_once")]

    def __str__(self) -> str:
        return f"{self.line_id}×{self.qty}"


class Payment(models.Model):
    """One payment attempt through a provider (wechat, alipay, bank); its notification, verified,
    moves the order to paid."""

    class Status(models.TextChoices):
        CREATED = "created", _("已建立")
        SUCCEEDED = "succeeded", _("已付款")
        FAILED = "failed", _("失敗")
        REFUNDED = "refunded", _("已退款")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(max_length=20)
    out_trade_no = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CREATED)
    transaction_id = models.CharField(max_length=64, blank=True)
    payer_name = models.CharField(max_length=60, blank=True)
    payer_id_number = models.CharField(max_length=18, blank=True)
    customs_pushed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.out_trade_no
