"""Forms: they read input; the services decide (errors come back through form_add_domain_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Place
from shanglian.sharing.cities import TIME_ZONES
from shanglian.sharing.models import Listing
from shanglian.sharing.services import SETTLEMENT_METHODS

WEEKDAYS = [(0, _("星期一")), (1, _("星期二")), (2, _("星期三")), (3, _("星期四")), (4, _("星期五")),
            (5, _("星期六")), (6, _("星期日"))]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def when_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=LocalDateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])


class ListingForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("時區"), choices=[("", _("按城市"))] + [(z, z) for z in TIME_ZONES],
                                  required=False)
    weekdays = forms.TypedMultipleChoiceField(label=_("開放日"), choices=WEEKDAYS, coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    photo = forms.FileField(label=_("相片"), required=False, help_text=_("JPEG、PNG 或 WebP，最多六張。"))

    class Meta:
        model = Listing
        fields = ["enterprise", "kind", "title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant",
                  "description_zh_hans", "description_en", "city", "district", "district_text", "address", "lat",
                  "lng", "capacity", "unit", "currency", "price", "deposit", "policy", "rules", "lead_time_hours",
                  "instant_booking", "opens_at", "closes_at", "weekdays"]
        widgets = {"opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "description_zh_hant": forms.Textarea(attrs={"rows": 4}),
                   "description_zh_hans": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3}), "rules": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Place.objects.filter(kind="hk_district")
        if self.instance.pk:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = enterprises
            self.fields["enterprise"].empty_label = None
        # Model fields may be blank where the service fills a default: the service is the judge.
        for name in ("deposit",):
            self.fields[name].required = False

    def values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("enterprise", "time_zone", "photo")}
        data["weekdays"] = list(self.cleaned_data.get("weekdays") or [])
        if data.get("deposit") is None:
            data["deposit"] = 0
        return data


class BlockForm(forms.Form):
    starts_at = when_field(_("開始"))
    ends_at = when_field(_("結束"))
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class BookingForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("以哪家企業預約"), coerce=int)
    starts_at = when_field(_("開始"))
    ends_at = when_field(_("結束"))
    quantity = forms.IntegerField(label=_("數量"), min_value=1, initial=1)
    message = forms.CharField(label=_("給提供者的留言"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=2000)
    transfer_consent = forms.BooleanField(
        label=_("我同意按《粵港澳大灣區（內地、香港）個人信息跨境流動標準合同》把本企業聯絡人的資料傳送給邊境另一方的提供者，"
                "只作安排此預約之用。"), required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]


class CounterForm(forms.Form):
    amount = forms.DecimalField(label=_("新價錢"), required=False, max_digits=12, decimal_places=2, min_value=0)
    starts_at = when_field(_("建議開始"))
    ends_at = when_field(_("建議結束"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].required = False
        self.fields["ends_at"].required = False


class MessageForm(forms.Form):
    body = forms.CharField(label=_("訊息"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    attachment = forms.FileField(label=_("附件（PDF 或相片）"), required=False)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("評分"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)])
    text = forms.CharField(label=_("評語"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("爭議內容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class SettleForm(forms.Form):
    method = forms.ChoiceField(label=_("付款方式"), choices=[
        (m, label) for m, label in zip(SETTLEMENT_METHODS, [_("銀行轉帳"), _("轉數快（FPS）"), _("支票"), _("現金"),
                                                           _("其他")], strict=True)])
    reference = forms.CharField(label=_("參考編號"), max_length=80, required=False)
    paid_on = forms.DateField(label=_("付款日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因 / 意見"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=2000)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("處理結果"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
