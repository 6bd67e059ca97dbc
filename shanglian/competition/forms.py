from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EntryForm(forms.Form):
    category = forms.ChoiceField(label=_("組別"))
    age_group = forms.ChoiceField(label=_("年齡組別"))
    title = forms.CharField(label=_("作品名稱"), max_length=120)
    entrant_name = forms.CharField(label=_("參賽者姓名"), max_length=100)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    guardian_name = forms.CharField(label=_("家長或監護人姓名（未滿 18 歲必填）"), max_length=100, required=False)
    guardian_consent = forms.BooleanField(label=_("本人為參賽者的家長或監護人，同意其參賽及作品按規則展示"),
                                          required=False)
    photo = forms.FileField(label=_("相片（JPEG、PNG 或 WebP）"))
    rules = forms.BooleanField(label=_("我已閱讀並同意參賽規則；作品為參賽者本人拍攝"))

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.name) for c in competition.categories.all()]
        self.fields["age_group"].choices = [(g.pk, g.name) for g in competition.age_groups.all()]
        self.fields["photo"].help_text = _("最少 %(w)s × %(h)s 像素，檔案不超過 %(mb)s MB。") % {
            "w": competition.min_width, "h": competition.min_height, "mb": competition.max_bytes // 1048576}


class FraudForm(forms.Form):
    reason = forms.CharField(label=_("舉報原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
