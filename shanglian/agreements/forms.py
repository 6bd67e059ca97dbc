from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.agreements.models import (
    LANGUAGE_CHOICES,
    Agreement,
    Ceremony,
    Obligation,
    Organisation,
    Outcome,
    Project,
    Source,
)
from shanglian.agreements.services import ORGANISATION_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PARTY_ROWS = 4


def _grouped(choices: dict[str, list[tuple[str, str]]]) -> list[Any]:
    return [
        ("", "—"),
        (_("聯會及屬會"), choices["associations"]),
        (_("外部機構"), choices["organisations"]),
        (_("會員企業"), choices["enterprises"]),
    ]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class AgreementForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("語言版本"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, initial=["zh-hant"]
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "association",
            "title_zh_hant",
            "title_zh_hans",
            "title_en",
            "scope_zh_hant",
            "scope_zh_hans",
            "scope_en",
            "signed_on",
            "effective_on",
            "expires_on",
            "languages",
            "prevailing_language",
            "news_url",
            "is_public",
        ]
        widgets = {
            "signed_on": DATE,
            "effective_on": DATE,
            "expires_on": DATE,
            **{f"scope_{s}": forms.Textarea(attrs={"rows": 3}) for s in ("zh_hant", "zh_hans", "en")},
        }

    def __init__(
        self,
        *args: Any,
        associations: Any = None,
        secretariat: bool = False,
        party_choices: dict | None = None,
        **kwargs: Any,
    ) -> None:
        instance = kwargs.get("instance")
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"languages": instance.language_list()}
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["association"].queryset = associations
        self.fields["association"].label_from_instance = lambda a: a.name
        if not secretariat:  # publishing on the achievements page is the federation's choice
            del self.fields["is_public"]
        if party_choices is not None:
            grouped = _grouped(party_choices)
            for i in range(1, PARTY_ROWS + 1):
                self.fields[f"party{i}"] = forms.ChoiceField(
                    label=_("協議方 %(n)s") % {"n": i}, choices=grouped, required=False
                )
                self.fields[f"signatory{i}"] = forms.CharField(label=_("簽署人"), max_length=120, required=False)
                self.fields[f"signatory_title{i}"] = forms.CharField(label=_("職銜"), max_length=160, required=False)


class PhotoForm(forms.Form):
    photo = forms.ImageField(label=_("簽約儀式相片"))


class PartyForm(forms.Form):
    party = forms.ChoiceField(label=_("協議方"))
    signatory_name = forms.CharField(label=_("簽署人"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("簽署人職銜"), max_length=160, required=False)
    seat = forms.CharField(label=_("座位"), max_length=20, required=False)

    def __init__(self, *args: Any, party_choices: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _grouped(party_choices)


class PartyEditForm(forms.Form):
    signatory_name = forms.CharField(label=_("簽署人"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("簽署人職銜"), max_length=160, required=False)
    order = forms.IntegerField(label=_("簽署次序"), min_value=1, max_value=99)
    seat = forms.CharField(label=_("座位"), max_length=20, required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("新狀態"), choices=Agreement.Status.choices)
    board_approved_on = forms.DateField(label=_("理事會批准日期"), required=False, widget=DATE)
    board_resolution = forms.CharField(label=_("理事會決議編號"), max_length=120, required=False)
    signed_on = forms.DateField(label=_("簽署日期"), required=False, widget=DATE)
    effective_on = forms.DateField(label=_("生效日期"), required=False, widget=DATE)


class FileForm(forms.Form):
    language = forms.ChoiceField(label=_("語言版本"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("PDF 檔案"))
    note = forms.CharField(label=_("說明"), max_length=200, required=False)


class ObligationForm(forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=Obligation.Kind.choices)
    title = forms.CharField(label=_("內容"), max_length=200)
    owner = forms.TypedChoiceField(label=_("負責人"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label=_("限期"), widget=DATE)

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owners]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("進度備註"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    obligation = forms.TypedChoiceField(label=_("相關責任 / 里程碑"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, obligations: list[Obligation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["obligation"].choices = [("", "—"), *[(o.pk, o.title) for o in obligations or []]]


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("來源類別"), choices=Source.Kind.choices)
    object_id = forms.IntegerField(
        label=_("記錄編號"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("配對、引薦、洽談會面或活動的編號（見各自頁面）"),
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=Outcome.Kind.choices)
    amount = forms.DecimalField(label=_("金額（港元）"), max_digits=16, decimal_places=2, required=False, min_value=0)
    jobs = forms.IntegerField(label=_("職位數目"), min_value=0, max_value=10_000_000, required=False)
    project = forms.ModelChoiceField(label=_("項目"), queryset=Project.objects.none(), required=False)
    description = forms.CharField(label=_("說明"), max_length=300, required=False)
    recorded_on = forms.DateField(label=_("日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: p.name


class CeremonyForm(forms.ModelForm):
    event = forms.TypedChoiceField(label=_("活動"), coerce=int)

    class Meta:
        model = Ceremony
        fields = ["starts_at", "ends_at", "room", "backdrop_zh_hant", "backdrop_zh_hans", "backdrop_en", "notes"]
        widgets = {"starts_at": DT, "ends_at": DT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, events: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e.pk, f"{e.title} ({e.starts_at:%Y-%m-%d})") for e in events]
        self.order_fields(["event"])
        if self.instance and self.instance.pk:
            self.initial["event"] = self.instance.event_id


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name_zh_hant", "name_zh_hans", "name_en", "description", "association", "agreement", "budget"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, associations: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["association"].label_from_instance = lambda a: a.name
        self.fields["agreement"].queryset = agreements
        self.fields["agreement"].label_from_instance = lambda a: f"{a.reference} {a.title}"


class PledgeForm(forms.Form):
    pledger = forms.ChoiceField(label=_("認捐方"))
    amount = forms.DecimalField(label=_("認捐金額（港元）"), max_digits=14, decimal_places=2, min_value=0)
    pledged_on = forms.DateField(label=_("認捐日期"), required=False, widget=DATE)
    instalments = forms.CharField(
        label=_("分期（每行：到期日 金額）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：2027-03-31 50000，合共須等於認捐金額"),
    )

    def __init__(self, *args: Any, party_choices: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pledger"].choices = [
            ("", "—"),
            (_("聯會及屬會"), party_choices["associations"]),
            (_("會員企業"), party_choices["enterprises"]),
        ]


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("收款日期"), required=False, widget=DATE)
