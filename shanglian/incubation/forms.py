from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.incubation.models import Residency, Stage


class ProjectForm(forms.Form):
    project_name = forms.CharField(label=_("項目名稱"), max_length=200, required=False)
    stage = forms.ChoiceField(label=_("發展階段"), choices=Stage.choices)
    tags = forms.CharField(
        label=_("領域標籤"),
        max_length=300,
        required=False,
        help_text=_("以逗號分隔，例如 ai, fintech（用於配對評審專長）"),
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=120)
    email = forms.EmailField(label=_("電郵"), required=False)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    residency = forms.ChoiceField(label=_("居民身份"), choices=Residency.choices)
    share_pct = forms.DecimalField(
        label=_("持股（%）"), min_value=0, max_value=100, decimal_places=2, max_digits=5, initial=0
    )
    is_founder = forms.BooleanField(label=_("創辦人"), required=False, initial=True)
    role = forms.CharField(label=_("職務"), max_length=80, required=False)


class OverrideForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("覆核結果"), choices=[("1", _("符合資格")), ("0", _("不符合資格"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("覆核說明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("利益衝突原因"), max_length=300)


class AcceptForm(forms.Form):
    agreement = forms.FileField(label=_("已簽署的協議（PDF）"), required=False)


class AllocationForm(forms.Form):
    space = forms.TypedChoiceField(label=_("空間"), coerce=int, choices=())
    incubatee = forms.TypedChoiceField(label=_("初創企業"), coerce=int, choices=())
    start = forms.DateField(label=_("開始"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("結束"), widget=forms.DateInput(attrs={"type": "date"}))
    licence_ref = forms.CharField(label=_("使用許可編號"), max_length=40, required=False)


def score_form(criteria, data=None, initial=None) -> forms.Form:
    form = forms.Form(data=data, initial=initial or {})
    for c in criteria:
        form.fields[f"c{c.pk}"] = forms.IntegerField(
            label=f"{c.name} ({c.weight}%)",
            min_value=0,
            max_value=c.max_score,
            help_text=_("0 至 %(max)s 分") % {"max": c.max_score},
        )
    form.fields["comment"] = forms.CharField(
        label=_("評語"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    return form


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("證明文件（PDF 或相片）"))


class KpiForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, f"Q{q}") for q in range(1, 5)])
    revenue = forms.DecimalField(label=_("收入（港元）"), min_value=0, max_digits=14, decimal_places=2)
    jobs = forms.IntegerField(label=_("創造職位"), min_value=0, max_value=100_000)
    funds_raised = forms.DecimalField(label=_("融資（港元）"), min_value=0, max_digits=14, decimal_places=2)
    ip_count = forms.IntegerField(label=_("知識產權"), min_value=0, max_value=10_000)


class MentoringForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("分鐘"), min_value=1, max_value=600)
    notes = forms.CharField(label=_("紀錄"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PitchDayForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("路演日開始時間"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("每場分鐘"), min_value=5, max_value=60, initial=10)
