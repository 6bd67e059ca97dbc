from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from shanglian.directory.models import Association, Enterprise, EnterpriseRole, Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("電郵"), max_length=254)
    role = forms.ChoiceField(label=_("角色"), choices=EnterpriseRole.Role.choices, initial=EnterpriseRole.Role.STAFF,
                             help_text=_("負責人及職員都可代表企業更新資料、發佈商機及報名活動。"))
    language = forms.ChoiceField(label=_("邀請電郵的語言"), choices=settings.LANGUAGES)


class StaffInvitationForm(forms.Form):
    """Invite a staff member registered for an event: the address is the registration's."""

    language = forms.ChoiceField(label=_("邀請電郵的語言"), choices=settings.LANGUAGES)


class AcceptNewAccountForm(forms.Form):
    username = forms.CharField(label=_("用戶名稱"), max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("登入時使用；只可包含字母、數字及 @ . + - _。"))
    first_name = forms.CharField(label=_("名字"), max_length=150, required=False)
    last_name = forms.CharField(label=_("姓氏"), max_length=150, required=False)
    password1 = forms.CharField(label=_("密碼"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("再次輸入密碼"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("兩次輸入的密碼不相同。"))
        elif p1:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(username=cleaned.get("username") or "", email=self.email)
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ApplicationForm(forms.Form):
    association = forms.ModelChoiceField(label=_("申請加入的商會"), queryset=Association.objects.none())
    enterprise = forms.ModelChoiceField(label=_("企業"), queryset=Enterprise.objects.none(), required=False,
                                        empty_label=_("新企業（請在下面填寫資料）"))
    name_zh = forms.CharField(label=_("中文名稱"), max_length=200, required=False)
    name_en = forms.CharField(label=_("英文名稱"), max_length=200, required=False)
    br_number = forms.CharField(label=_("商業登記號碼"), max_length=32, required=False,
                                help_text=_("香港 8 位數字商業登記號碼，或內地 18 位統一社會信用代碼"))
    phone = forms.CharField(label=_("電話"), max_length=32, required=False)
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    membership_type = forms.ChoiceField(label=_("會員類別"), choices=[
        (Membership.Type.CORPORATE, Membership.Type.CORPORATE.label),
        (Membership.Type.INDIVIDUAL, Membership.Type.INDIVIDUAL.label)])
    message = forms.CharField(label=_("附言"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, own_enterprises: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")
        self.fields["association"].queryset = members
        self.fields["enterprise"].queryset = (own_enterprises if own_enterprises is not None
                                              else Enterprise.objects.none())


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("不接納的理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
