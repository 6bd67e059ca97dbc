from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Industry, Place
from shanglian.directory.models import Association, Enterprise, Membership, OfficeBearer, Person


class EnterpriseForm(forms.ModelForm):
    """Validates shape only; services normalise phones and registration numbers."""

    website = forms.URLField(label=_("網站"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = ["name_zh", "name_en", "br_number", "industry", "place", "address", "phone", "email",
                  "website", "description", "employees"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "phone": _("香港 +852、澳門 +853 或內地 +86 號碼"),
            "br_number": _("香港 8 位數字商業登記號碼，或內地 18 位統一社會信用代碼"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.order_by("sort", "code")
        self.fields["place"].queryset = Place.objects.order_by("sort", "code")

    def validate_unique(self):  # the service checks uniqueness with a translated message
        pass

    def clean(self):
        cleaned = super().clean()
        # Said here, on the field, so the database constraint's generic message never shows.
        if not (cleaned.get("name_zh") or "").strip() and not (cleaned.get("name_en") or "").strip():
            self.add_error("name_zh", _("請填寫中文或英文名稱。"))
        return cleaned


class MembershipRenewForm(forms.Form):
    end_date = forms.DateField(label=_("新的屆滿日期"), widget=forms.DateInput(attrs={"type": "date"}))
    dues_amount = forms.DecimalField(label=_("會費（港元）"), min_value=0, max_digits=10, decimal_places=2,
                                     required=False)


class MembershipPaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("繳費日期"), widget=forms.DateInput(attrs={"type": "date"}))


class NewMemberForm(EnterpriseForm):
    membership_type = forms.ChoiceField(label=_("會員類別"), choices=Membership.Type.choices)
    start_date = forms.DateField(label=_("入會日期"), widget=forms.DateInput(attrs={"type": "date"}))


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name_zh", "name_en", "title", "email", "phone"]


class TermForm(forms.Form):
    number = forms.IntegerField(label=_("屆數"), min_value=1, max_value=200)
    start_date = forms.DateField(label=_("開始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("結束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class OfficeBearerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人士"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("職位"), choices=OfficeBearer.Position.choices)
    committee = forms.CharField(label=_("委員會"), required=False, max_length=80)

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people of this association's current member enterprises (or its current individual
        # members): not those of an enterprise that left or moved to another association.
        from shanglian.directory.access import current_membership_q

        via_enterprise = "enterprise__memberships__"
        self.fields["person"].queryset = Person.objects.filter(
            (Q(enterprise__memberships__association=association) & current_membership_q(prefix=via_enterprise))
            | (Q(memberships__association=association) & current_membership_q(prefix="memberships__"))
        ).distinct().order_by("name_zh", "name_en")
