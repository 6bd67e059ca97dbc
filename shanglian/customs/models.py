"""Customs compliance: the rules as dated data, declarations with their XML messages, export
bundles, receipts and a status timeline; the 福建自貿區 hub (partners, workbench batches, B2B
export dossiers).

Dated rules: every rule row has ``valid_from`` / ``valid_to`` (inclusive; empty = open) and a
label in 繁/简/EN. ``selectors.rules_snapshot(day)`` reads the rows in force on a day into the
pure ``rules.RulesSnapshot``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated


class Dated(models.Model):
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("留空表示現行有效。"))

    class Meta:
        abstract = True


def _dates_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name=name)


class LimitRule(Dated):
    """The personal limits, the tax factor and the tolerance in force for a period."""

    label_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    label_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    label_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    source = models.CharField(_("依據"), max_length=200, blank=True, help_text=_("例如 財關稅〔2018〕49號"))
    per_order_limit = models.DecimalField(_("單次交易限值（人民幣）"), max_digits=12, decimal_places=2)
    annual_limit = models.DecimalField(_("年度交易限值（人民幣）"), max_digits=12, decimal_places=2)
    tax_factor = models.DecimalField(_("增值稅及消費稅徵收比例"), max_digits=5, decimal_places=4, default=0.7)
    default_vat_rate = models.DecimalField(_("預設增值稅率"), max_digits=5, decimal_places=4, default=0.13)
    amount_tolerance = models.DecimalField(_("金額容許差額（人民幣）"), max_digits=8, decimal_places=2, default=0.05)
    label = Translated("label")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("限值及稅率規則")
        verbose_name_plural = _("限值及稅率規則")
        constraints = [
            _dates_check("customs_limitrule_dates"),
            models.CheckConstraint(condition=Q(per_order_limit__gt=0) & Q(annual_limit__gte=F("per_order_limit")),
                                   name="customs_limitrule_limits"),
            models.CheckConstraint(condition=Q(tax_factor__gte=0) & Q(tax_factor__lte=1),
                                   name="customs_limitrule_factor"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.valid_from}–{self.valid_to or ''})"


class TaxRate(Dated):
    """VAT / consumption tax / MFN tariff for an HS code prefix (the longest prefix wins)."""

    hs_prefix = models.CharField(_("商品編碼（前綴）"), max_length=10)
    label_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    label_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    label_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    vat_rate = models.DecimalField(_("增值稅率"), max_digits=5, decimal_places=4)
    ct_rate = models.DecimalField(_("消費稅率"), max_digits=5, decimal_places=4, default=0)
    tariff_rate = models.DecimalField(_("最惠國關稅率"), max_digits=5, decimal_places=4, default=0)
    label = Translated("label")

    class Meta:
        ordering = ["hs_prefix", "-valid_from"]
        verbose_name = _("稅率")
        verbose_name_plural = _("稅率")
        constraints = [
            _dates_check("customs_taxrate_dates"),
            models.CheckConstraint(condition=Q(ct_rate__gte=0) & Q(ct_rate__lt=1), name="customs_taxrate_ct"),
            models.UniqueConstraint(fields=["hs_prefix", "valid_from"], name="customs_taxrate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.hs_prefix} {self.label}"


class PositiveListVersion(Dated):
    code = models.SlugField(_("版本代碼"), max_length=40, unique=True)
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    source = models.CharField(_("公告"), max_length=300, blank=True)
    official_count = models.PositiveIntegerField(_("官方稅號數目"), default=0)
    title = Translated("title")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("正面清單版本")
        verbose_name_plural = _("正面清單版本")
        constraints = [_dates_check("customs_plversion_dates")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PositiveListItem(models.Model):
    version = models.ForeignKey(PositiveListVersion, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("版本"))
    hs_code = models.CharField(_("稅則號列"), max_length=10, db_index=True)
    name_zh_hant = models.CharField(_("商品名稱（繁體）"), max_length=300)
    name_zh_hans = models.CharField(_("商品名稱（简体）"), max_length=300, blank=True)
    name_en = models.CharField(_("商品名稱（English）"), max_length=300, blank=True)
    remark_zh_hant = models.CharField(_("備註（繁體）"), max_length=500, blank=True)
    remark_zh_hans = models.CharField(_("備註（简体）"), max_length=500, blank=True)
    remark_en = models.CharField(_("備註（English）"), max_length=500, blank=True)
    modes = models.CharField(_("只限模式"), max_length=20, blank=True,
                             help_text=_("留空 = 9610 及 1210 均可；例如「1210」表示僅限網購保稅。"))
    max_net_weight = models.DecimalField(_("每項淨重上限（千克）"), max_digits=10, decimal_places=3, null=True,
                                         blank=True)
    excluded_names = models.CharField(_("排除的商品名稱"), max_length=300, blank=True, help_text=_("以逗號分隔"))
    name = Translated("name")
    remark = Translated("remark")

    class Meta:
        ordering = ["version", "hs_code"]
        verbose_name = _("正面清單項目")
        verbose_name_plural = _("正面清單項目")
        constraints = [models.UniqueConstraint(fields=["version", "hs_code"], name="customs_plitem_unique")]

    def __str__(self) -> str:
        return f"{self.hs_code} {self.name}"


class CodeEntry(Dated):
    """Code tables of the message specification (ID types, currencies, countries, units, customs)."""

    class Table(models.TextChoices):
        ID_TYPE = "id_type", _("證件類型")
        CURRENCY = "currency", _("幣制")
        COUNTRY = "country", _("國家（地區）")
        UNIT = "unit", _("計量單位")
        CUSTOMS = "customs", _("關區")
        TRANSPORT = "transport", _("運輸方式")

    table = models.CharField(_("代碼表"), max_length=20, choices=Table.choices)
    code = models.CharField(_("代碼"), max_length=10)
    label_zh_hant = models.CharField(_("名稱（繁體）"), max_length=120)
    label_zh_hans = models.CharField(_("名稱（简体）"), max_length=120, blank=True)
    label_en = models.CharField(_("名稱（English）"), max_length=120, blank=True)
    label = Translated("label")

    class Meta:
        ordering = ["table", "code"]
        verbose_name = _("代碼")
        verbose_name_plural = _("代碼表")
        constraints = [
            _dates_check("customs_code_dates"),
            models.UniqueConstraint(fields=["table", "code", "valid_from"], name="customs_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_table_display()} {self.code} {self.label}"


# ------------------------------------------------------------------------------ the hub

class Partner(models.Model):
    """A bonded warehouse, customs broker or declaration agent in the 福建自貿區 (or elsewhere)."""

    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("保稅倉")
        BROKER = "broker", _("報關行")
        AGENT = "agent", _("申報代理")

    class City(models.TextChoices):
        XIAMEN = "xiamen", _("廈門")
        FUZHOU = "fuzhou", _("福州")
        PINGTAN = "pingtan", _("平潭")

    kind = models.CharField(_("類別"), max_length=12, choices=Kind.choices)
    city = models.CharField(_("片區"), max_length=12, choices=City.choices)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("簡介（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("簡介（简体）"), blank=True)
    description_en = models.TextField(_("簡介（English）"), blank=True)
    customs_code = models.CharField(_("海關編碼"), max_length=18, blank=True)
    modes = models.CharField(_("服務模式"), max_length=40, blank=True, help_text=_("例如 9610,1210,9710"))
    customs_district = models.CharField(_("申報關區代碼"), max_length=4, blank=True,
                                        help_text=_("申報代理的申報海關（4 位數字，例如 3700）。"))
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact_email = models.EmailField(_("聯絡電郵"), blank=True)
    is_active = models.BooleanField(_("公開"), default=True)
    enterprise = models.ForeignKey("directory.Enterprise", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="customs_partners", verbose_name=_("商聯企業"),
                                   help_text=_("如夥伴是屬會企業，可把其服務發佈到商機配對。"))
    opportunity_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="customs_partners",
                                     verbose_name=_("帳戶"))
    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["city", "kind", "name_zh_hant"]
        verbose_name = _("自貿區夥伴")
        verbose_name_plural = _("自貿區夥伴")

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------------------ declarations

class Declaration(models.Model):
    class Status(models.TextChoices):
        INVALID = "invalid", _("未通過檢查")
        READY = "ready", _("待交代理")
        EXPORTED = "exported", _("已交代理")
        ACCEPTED = "accepted", _("海關已接收")
        RELEASED = "released", _("已放行")
        REJECTED = "rejected", _("海關退單")
        CANCEL_REQUESTED = "cancel_requested", _("撤銷申請中")
        CANCELLED = "cancelled", _("已撤銷")
        REFUND_REQUESTED = "refund_requested", _("退貨申請中")
        REFUNDED = "refunded", _("已退貨")

    class Source(models.TextChoices):
        STORE = "store", _("全港生活圈")
        WORKBENCH = "workbench", _("工作台")
        API = "api", _("API")

    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mode = models.CharField(_("模式"), max_length=4)
    source = models.CharField(_("來源"), max_length=12, choices=Source.choices)
    source_ref = models.CharField(_("來源編號"), max_length=80, blank=True)
    order_no = models.CharField(_("訂單編號"), max_length=60)
    ebc_code = models.CharField(_("電商企業代碼"), max_length=18)
    enterprise = models.ForeignKey("directory.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="customs_declarations", verbose_name=_("企業"))
    agent = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="declarations", verbose_name=_("申報代理"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(_("狀態"), max_length=20, choices=Status.choices)
    buyer_name = models.CharField(_("訂購人"), max_length=60)
    goods_value = models.DecimalField(_("商品價格"), max_digits=12, decimal_places=2)
    tax_total = models.DecimalField(_("稅款"), max_digits=12, decimal_places=2)
    paid = models.DecimalField(_("實付金額"), max_digits=12, decimal_places=2)
    order_doc = models.JSONField(default=dict)
    payment_doc = models.JSONField(null=True, blank=True)
    waybill_doc = models.JSONField(null=True, blank=True)
    declarant = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    rules_version = models.CharField(max_length=60, blank=True)
    cop_no = models.CharField(_("企業內部編號"), max_length=20, unique=True)
    logistics_no = models.CharField(_("運單編號"), max_length=60, blank=True, db_index=True)
    invt_no = models.CharField(_("清單編號"), max_length=40, blank=True)
    released_at = models.DateTimeField(_("放行時間"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("申報")
        verbose_name_plural = _("申報")
        constraints = [
            models.UniqueConstraint(fields=["ebc_code", "order_no"], name="customs_declaration_order_unique"),
        ]
        indexes = [models.Index(fields=["status", "agent"]), models.Index(fields=["source", "source_ref"])]

    def __str__(self) -> str:
        return f"{self.order_no} ({self.mode})"


class Message(models.Model):
    """One generated XML message (CEB311/511/621/623/625)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8)
    guid = models.UUIDField(default=uuid.uuid4, unique=True)
    xml = models.TextField()
    bundle = models.ForeignKey("Bundle", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declaration", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.guid}"


class Bundle(models.Model):
    """A zip of messages handed to a declaration agent."""

    agent = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="bundles")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    count = models.PositiveIntegerField(default=0)
    content = models.BinaryField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"bundle {self.pk}"


class Receipt(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="receipts")
    kind = models.CharField(max_length=8)
    guid = models.CharField(max_length=40)
    return_status = models.CharField(max_length=8)
    return_time = models.CharField(max_length=20, blank=True)
    return_info = models.CharField(max_length=1000, blank=True)
    xml = models.TextField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["imported_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "guid", "return_status", "declaration"],
                                               name="customs_receipt_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.return_status}"


class TimelineEntry(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True)
    event = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    detail = models.CharField(max_length=1000, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    EVENTS = {"prepared": _("已檢查"), "exported": _("已交代理"), "cancel": _("申請撤銷"), "refund": _("申報退貨")}

    def __str__(self) -> str:
        return f"{self.event} → {self.status}"

    @property
    def event_label(self) -> str:
        return str(self.EVENTS.get(self.event, self.event))

    @property
    def status_label(self) -> str:
        try:
            return str(Declaration.Status(self.status).label)
        except ValueError:
            return self.status


class WorkbenchBatch(models.Model):
    """An Excel of orders uploaded on the workbench: parsed and checked, then committed."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待確認")
        COMMITTED = "committed", _("已建立申報")

    enterprise = models.ForeignKey("directory.Enterprise", on_delete=models.CASCADE, related_name="customs_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200)
    mode = models.CharField(max_length=4)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    orders = models.JSONField(default=list)       # [{order, payment, waybill, row}] as parsed
    row_problems = models.JSONField(default=list)  # [{row, field, code, params}]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class PositiveListImport(models.Model):
    """An official positive-list file uploaded by the secretariat: parsed and checked
    (``positive_import``), shown as a preview, then committed as a new ``PositiveListVersion``."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待確認")
        COMMITTED = "committed", _("已匯入")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    code = models.SlugField(_("版本代碼"), max_length=40)
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    source = models.CharField(_("公告"), max_length=300, blank=True)
    valid_from = models.DateField(_("生效日期"))
    rows = models.PositiveIntegerField(default=0)
    items = models.JSONField(default=list)      # the good rows, as they will be stored
    problems = models.JSONField(default=list)   # [{row, code, field, params}] (capped)
    problem_count = models.PositiveIntegerField(default=0)
    version = models.ForeignKey(PositiveListVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.filename})"


class ExportDossier(models.Model):
    """A 9710 / 9810 B2B export dossier: contract, invoice and export declaration fields, goods."""

    enterprise = models.ForeignKey("directory.Enterprise", on_delete=models.CASCADE, related_name="customs_dossiers")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    mode = models.CharField(_("監管方式"), max_length=4, choices=[("9710", _("9710 跨境電商B2B直接出口")),
                                                                 ("9810", _("9810 跨境電商出口海外倉"))])
    contract_no = models.CharField(_("合同號"), max_length=60)
    invoice_no = models.CharField(_("發票號"), max_length=60)
    buyer_name = models.CharField(_("境外買家"), max_length=200)
    destination_country = models.CharField(_("運抵國（地區）代碼"), max_length=3)
    currency = models.CharField(_("幣制代碼"), max_length=3, default="502")
    incoterm = models.CharField(_("成交方式"), max_length=3, default="FOB")
    port = models.CharField(_("離境口岸"), max_length=60, blank=True)
    lines = models.JSONField(default=list)  # [{gcode, name, qty, unit, price, total, origin}]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "contract_no"], name="customs_dossier_unique")]

    def __str__(self) -> str:
        return f"{self.mode} {self.contract_no}"
