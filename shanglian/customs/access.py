"""One access helper per entity (views and API use the same ones). The secretariat (is_staff) reads
and acts on everything; an enterprise's users on their enterprise's declarations, batches and
dossiers; a declaration agent's accounts on the declarations handed to that agent and its bundles.
Missing or someone else's → 404 (we do not confirm that a record exists)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from shanglian.core.params import id_param
from shanglian.customs.models import Bundle, Declaration, ExportDossier, Partner, PositiveListImport, WorkbenchBatch
from shanglian.customs.selectors import agent_ids, declarations_visible_to
from shanglian.directory.access import own_enterprise_ids, own_enterprises


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_secretariat(user: Any) -> bool:
    return _authenticated(user) and bool(user.is_staff)


def declaration_for_user(user: Any, pk: Any) -> Declaration:
    pk = id_param(pk)
    found = declarations_visible_to(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def declaration_for_user_by_guid(user: Any, guid: Any) -> Declaration:
    import uuid

    try:
        value = uuid.UUID(str(guid))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = declarations_visible_to(user).filter(guid=value).first()
    if found is None:
        raise Http404
    return found


def can_act_on_declaration(user: Any, declaration: Declaration) -> bool:
    """Cancel / return: the seller's enterprise and the secretariat (not the agent alone)."""
    return is_secretariat(user) or (declaration.enterprise_id is not None
                                    and declaration.enterprise_id in own_enterprise_ids(user))


def agents_for_user(user: Any):
    """Agents whose inbox ``user`` works: their own agent partners; the secretariat: every agent."""
    qs = Partner.objects.filter(kind=Partner.Kind.AGENT)
    if is_secretariat(user):
        return qs
    return qs.filter(pk__in=agent_ids(user))


def agent_for_user(user: Any, pk: Any) -> Partner:
    pk = id_param(pk)
    found = agents_for_user(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def require_agent_access(user: Any) -> None:
    if not _authenticated(user):
        raise PermissionDenied
    if not agents_for_user(user).exists() and not is_secretariat(user):
        raise PermissionDenied


def bundle_for_user(user: Any, pk: Any) -> Bundle:
    pk = id_param(pk)
    found = Bundle.objects.filter(pk=pk, agent__in=agents_for_user(user)).first() if pk else None
    if found is None:
        raise Http404
    return found


def enterprises_for_workbench(user: Any):
    """The enterprises whose orders ``user`` may declare (their own enterprises)."""
    return own_enterprises(user)


def enterprise_for_workbench(user: Any, pk: Any):
    pk = id_param(pk)
    found = enterprises_for_workbench(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def batch_for_user(user: Any, pk: Any) -> WorkbenchBatch:
    pk = id_param(pk)
    qs = WorkbenchBatch.objects.all() if is_secretariat(user) else WorkbenchBatch.objects.filter(
        enterprise_id__in=list(own_enterprise_ids(user)))
    found = qs.filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def positive_list_import_for_user(user: Any, pk: Any) -> PositiveListImport:
    """A positive-list upload: the secretariat's only (404 for everyone else)."""
    pk = id_param(pk)
    found = PositiveListImport.objects.filter(pk=pk).first() if pk and is_secretariat(user) else None
    if found is None:
        raise Http404
    return found


def dossier_for_user(user: Any, pk: Any) -> ExportDossier:
    pk = id_param(pk)
    qs = ExportDossier.objects.all() if is_secretariat(user) else ExportDossier.objects.filter(
        enterprise_id__in=list(own_enterprise_ids(user)))
    found = qs.filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def partner_public(pk: Any) -> Partner:
    pk = id_param(pk)
    found = Partner.objects.filter(pk=pk, is_active=True).first() if pk else None
    if found is None:
        raise Http404
    return found


def has_enterprises(user: Any) -> bool:
    return bool(own_enterprise_ids(user))


def receipt_agent(user: Any) -> Partner | None:
    """The agent a receipt upload is scoped to: none for the secretariat (any declaration)."""
    if is_secretariat(user):
        return None
    return agents_for_user(user).order_by("pk").first()
