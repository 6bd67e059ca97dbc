from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.crossborder.models import Address, BondedMovement, Mode, Product, Seller


class SellerForm(forms.ModelForm):
    origin = forms.ChoiceField(label=_("以哪間企業 / 商戶申請"), choices=())

    class Meta:
        model = Seller
        fields = ["name_zh", "name_en", "contact_email", "trademark", "mainland_agent", "agent_code", "customs_code",
                  "ebc_code", "ebc_name",
                  "mode_9610", "mode_1210", "warehouse_partner", "freight_first_kg", "freight_per_kg"]
        help_texts = {"ebc_code": _("在內地海關登記的 10 位編碼；可由申報代理代辦，批准前須填妥。"),
                      "mainland_agent": _("持有電子口岸密鑰、代為簽名申報的內地企業。"),
                      "freight_first_kg": _("每個包裹首公斤（或以下）的運費；兩項皆為 0 即包郵。"),
                      "freight_per_kg": _("超過首公斤後，每續重一公斤（不足一公斤亦作一公斤計）的運費。")}

    def __init__(self, *args, origins: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("freight_first_kg", "freight_per_kg"):
            self.fields[name].required = False
            self.fields[name].min_value = 0
        if origins is None:
            del self.fields["origin"]
        else:
            self.fields["origin"].choices = (
                [(f"e{e.pk}", f"{e.name_zh}（{_('會員企業')}）") for e in origins["enterprises"]]
                + [(f"m{m.pk}", f"{m.name_zh}（{_('購物節商戶')}）") for m in origins["merchants"]])
            self.order_fields(["origin"])


class ProductForm(forms.ModelForm):
    photo_upload = forms.ImageField(label=_("相片"), required=False)

    class Meta:
        model = Product
        fields = ["title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_zh_hans",
                  "description_en", "hs_code", "origin", "brand", "barcode", "net_weight_kg", "unit", "price_cny",
                  "vat_rate", "ct_rate", "tariff_rate", "indivisible", "elabel", "hk_stock", "is_published"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in
                   ("description_zh_hant", "description_zh_hans", "description_en", "elabel")}
        help_texts = {"hs_code": _("10 位商品編碼；須在跨境電商零售進口商品清單（正面清單）內。"),
                      "vat_rate": _("例如 0.13（13 %）。"), "elabel": _("內地消費者看到的中文電子標籤。")}


class ProfileForm(forms.Form):
    real_name = forms.CharField(label=_("真實姓名（與身份證相同）"), max_length=60)
    id_number = forms.CharField(label=_("居民身份證號碼（18 位）"), max_length=18, min_length=1)
    email = forms.EmailField(label=_("電郵（接收訂單通知，選填）"), required=False)
    id_consent = forms.BooleanField(label=_("我同意商聯為跨境電商實名申報處理我的身份證號碼。"), required=False)
    transfer_consent = forms.BooleanField(
        label=_("我另行同意將我的姓名、身份證號碼及收貨資料傳輸至香港處理，並經內地申報代理提交海關。"), required=False)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["consignee", "phone", "province", "city", "district", "street"]


class CartForm(forms.Form):
    product = forms.IntegerField(min_value=1, max_value=2**62)
    mode = forms.ChoiceField(choices=Mode.choices)
    qty = forms.IntegerField(min_value=0, max_value=99)


class StockForm(forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=[("hk", _("香港庫存（9610）")),
                                                      (BondedMovement.Kind.INBOUND, _("保稅倉入倉（1210）")),
                                                      (BondedMovement.Kind.ADJUST, _("保稅倉盤點調整（1210）"))])
    qty = forms.IntegerField(label=_("數量（減少用負數）"), min_value=-100000, max_value=100000)
    reference = forms.CharField(label=_("單號 / 備註"), max_length=120, required=False)


class ShipForm(forms.Form):
    waybill_no = forms.CharField(label=_("運單號"), max_length=40)
    logistics_name = forms.CharField(label=_("物流企業"), max_length=100)
