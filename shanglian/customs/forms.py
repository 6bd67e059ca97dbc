"""Forms of the customs pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.customs.documents import MODES
from shanglian.customs.models import ExportDossier, LimitRule, Partner

MODE_CHOICES = [("9610", _("9610 直購進口")), ("1210", _("1210 網購保稅進口"))]
assert [c[0] for c in MODE_CHOICES] == list(MODES)


class WorkbenchForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企業"), queryset=None, empty_label=None)
    mode = forms.ChoiceField(label=_("進口模式"), choices=MODE_CHOICES)
    ebp_code = forms.CharField(label=_("電商平台代碼"), max_length=18)
    ebp_name = forms.CharField(label=_("電商平台名稱"), max_length=100)
    ebc_code = forms.CharField(label=_("電商企業代碼"), max_length=18)
    ebc_name = forms.CharField(label=_("電商企業名稱"), max_length=100)
    agent = forms.ModelChoiceField(label=_("申報代理"), queryset=Partner.objects.none(), required=False,
                                   empty_label=_("（稍後選擇）"))
    file = forms.FileField(label=_("訂單 Excel（.xlsx）"))

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["agent"].queryset = Partner.objects.filter(kind=Partner.Kind.AGENT, is_active=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReceiptUploadForm(forms.Form):
    file = forms.FileField(label=_("海關回執 XML（CEB312、512、622、624、626）"))


class BundleForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("申報代理"), queryset=Partner.objects.none(), empty_label=None)

    def __init__(self, *args: Any, agents: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents


class DossierForm(forms.ModelForm):
    enterprise = forms.ModelChoiceField(label=_("企業"), queryset=None, empty_label=None)
    goods = forms.CharField(
        label=_("貨物（每行一項）"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行：商品編碼, 名稱, 數量, 單位, 單價, 原產地；例如 6109100021, 棉製T恤, 500, 件, 35.5, 香港"))

    class Meta:
        model = ExportDossier
        fields = ["enterprise", "mode", "contract_no", "invoice_no", "buyer_name", "destination_country", "currency",
                  "incoterm", "port"]

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

    def clean_goods(self) -> list[dict[str, str]]:
        lines: list[dict[str, str]] = []
        errors = []
        for number, raw in enumerate(self.cleaned_data["goods"].splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.replace("，", ",").split(",")]
            if len(parts) != 6:
                errors.append(_("第 %(n)d 行要有 6 項，以逗號分隔。") % {"n": number})
                continue
            gcode, name, qty, unit, price, origin = parts
            if not (gcode.isdigit() and len(gcode) in (8, 10)):
                errors.append(_("第 %(n)d 行的商品編碼要是 8 或 10 位數字。") % {"n": number})
            try:
                if Decimal(qty) <= 0 or Decimal(price) < 0:
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(_("第 %(n)d 行的數量或單價不是有效數字。") % {"n": number})
            lines.append({"gcode": gcode, "name": name[:200], "qty": qty, "unit": unit[:10], "price": price,
                          "origin": origin[:40]})
        if errors:
            raise forms.ValidationError(errors)
        if not lines:
            raise forms.ValidationError(_("請最少填寫一項貨物。"))
        if len(lines) > 200:
            raise forms.ValidationError(_("最多 200 項貨物。"))
        return lines


class LimitRuleForm(forms.ModelForm):
    class Meta:
        model = LimitRule
        fields = ["label_zh_hant", "label_zh_hans", "label_en", "source", "valid_from", "per_order_limit",
                  "annual_limit", "tax_factor", "default_vat_rate", "amount_tolerance"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}


class PositiveListUploadForm(forms.Form):
    file = forms.FileField(label=_("清單檔案（Excel .xlsx 或 CSV）"),
                           help_text=_("須有「稅則號列」及「商品名稱」兩欄；可另有「備註」、英文名稱、只限模式、淨重上限、排除名稱。"))
    code = forms.SlugField(label=_("版本代碼"), max_length=40, help_text=_("例如 2022-official"))
    title = forms.CharField(label=_("標題"), max_length=200)
    source = forms.CharField(label=_("公告"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
