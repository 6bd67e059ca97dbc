"""The activity log of one association: the audit entries its records produced, for its admins."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import AuditEntry
from shanglian.directory import access, selectors

# Human labels for the action codes services write; unknown codes are shown as written.
ACTION_LABELS = {
    "association.update": _("更新商會資料"),
    "enterprise.create": _("新增企業"),
    "enterprise.update": _("更新企業資料"),
    "membership.create": _("新增會籍"),
    "membership.renew": _("續會"),
    "membership.payment": _("記錄繳費"),
    "membership.expire_due": _("會籍到期"),
    "membership.remind": _("寄出續會提醒"),
    "person.create": _("新增聯絡人"),
    "person.update": _("更新聯絡人"),
    "term.create": _("新增屆別"),
    "office_bearer.add": _("委任會務職位"),
    "admin.add": _("管理介面新增"),
    "admin.change": _("管理介面修改"),
    "admin.delete": _("管理介面刪除"),
    "import.commit": _("匯入企業"),
}


association_activity_entries = selectors.association_activity_entries  # the activity log's query


HIDDEN_FIELDS = {"updated_at", "created_at", "search_tokens"}


def _field_label(target_type: str, name: str) -> str:
    try:
        model = apps.get_model(target_type)
        field = model._meta.get_field(name.removesuffix("_id"))
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    # A reverse relation (the scheduler records "meetings" on an event) has no verbose_name.
    label = getattr(field, "verbose_name", None)
    return str(label) if label else name


def _plain(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def readable_changes(entry: AuditEntry) -> list[tuple[str, str]]:
    """(field label, "before → after" or the recorded value) pairs for the page."""
    if not isinstance(entry.changes, dict):
        return []
    rows = []
    for name, value in sorted(entry.changes.items()):
        if name in HIDDEN_FIELDS:
            continue
        if isinstance(value, list) and len(value) == 2:
            shown = f"{_plain(value[0])} → {_plain(value[1])}"
        else:
            shown = _plain(value)
        rows.append((_field_label(entry.target_type, name), shown))
    return rows


@login_required
def association_activity(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    action = request.GET.get("action", "")
    page = Paginator(association_activity_entries(association.pk, action=action), 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)
        entry.change_list = readable_changes(entry)
    return render(request, "directory/activity.html", {
        "association": association, "page": page, "action": action,
        "actions": sorted(ACTION_LABELS.items(), key=lambda kv: kv[0]),
    })
