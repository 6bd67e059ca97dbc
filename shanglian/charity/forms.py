from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.charity.models import Campaign, Pledge


class CampaignForm(forms.ModelForm):
    goal = forms.CharField(label=_("目標金額（港元）"), max_length=20)

    class Meta:
        model = Campaign
        fields = ("title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_en",
                  "beneficiary_name", "beneficiary_s88", "permit_number", "goal", "deadline")
        widgets = {"deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "description_zh_hant": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}


class PledgeForm(forms.Form):
    side = forms.ChoiceField(label=_("以誰的名義認捐"))
    donor_name = forms.CharField(label=_("個人捐款者姓名"), max_length=200, required=False)
    amount = forms.CharField(label=_("認捐金額（港元）"), max_length=30, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    in_kind = forms.CharField(label=_("實物捐贈（如有）"), max_length=300, required=False)
    leaderboard_consent = forms.BooleanField(label=_("同意將此認捐計入屬會排行榜"), required=False)

    def __init__(self, *args, sides: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"association:{a.pk}", a.name_zh) for a in sides["associations"]]
        choices += [(f"enterprise:{e.pk}", e.name_zh or e.name_en) for e in sides["enterprises"]]
        choices.append(("individual:0", _("個人")))
        self.fields["side"].choices = choices

    def side_values(self) -> dict:
        kind, _sep, pk = self.cleaned_data["side"].partition(":")
        pk_int = int(pk) if pk.isdigit() else None
        return {"kind": {"association": Pledge.Kind.ASSOCIATION, "enterprise": Pledge.Kind.ENTERPRISE}.get(
            kind, Pledge.Kind.INDIVIDUAL), "association_id": pk_int if kind == "association" else None,
            "enterprise_id": pk_int if kind == "enterprise" else None}


class ReceiveForm(forms.Form):
    amount = forms.CharField(label=_("實收金額"), max_length=30)
    received_at = forms.DateField(label=_("收款日期"), widget=forms.DateInput(attrs={"type": "date"}))
    receipt_number = forms.CharField(label=_("收據編號"), max_length=60, required=False)


class UsageForm(forms.Form):
    text = forms.CharField(label=_("善款用途報告"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
