from __future__ import annotations

from django import forms
from django.conf import settings
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


class CompetitionForm(forms.ModelForm):
    """The staff page: fields, categories and age groups (one a line), dates and the quorum."""

    categories = forms.CharField(
        label=_("組別（每行一個：繁體 | 简体 | English）"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如「城市風貌 | 城市风貌 | Cityscape」；已有作品的組別不能刪除。"))
    age_groups = forms.CharField(
        label=_("年齡組別（每行一個：名稱 | 最低年齡 | 最高年齡 | 简体 | English）"),
        widget=forms.Textarea(attrs={"rows": 4}), help_text=_("年齡以截止參賽日計算，例如「少年組 | 12 | 17」。"))

    class Meta:
        from shanglian.competition.models import Competition

        model = Competition
        fields = ("title_zh_hant", "title_zh_hans", "title_en", "rules_zh_hant", "rules_zh_hans", "rules_en",
                  "entry_deadline", "vote_opens", "vote_closes", "min_width", "min_height", "max_bytes",
                  "entries_per_person", "quorum")
        widgets = {
            **{f"rules_{k}": forms.Textarea(attrs={"rows": 4}) for k in ("zh_hant", "zh_hans", "en")},
            **{k: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
               for k in ("entry_deadline", "vote_opens", "vote_closes")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("entry_deadline", "vote_opens", "vote_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["quorum"].min_value = 1

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class JudgeInviteForm(forms.Form):
    email = forms.EmailField(label=_("評審電郵"))
    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("郵件語言"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)


class DisqualifyForm(forms.Form):
    reason = forms.CharField(label=_("取消資格原因（會通知參賽者）"), max_length=200)
