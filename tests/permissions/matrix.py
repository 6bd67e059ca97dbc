"""The permission matrix: for every route (URL name) and API operation (OpenAPI operationId), the
expected outcome for each of the nine personas. tests/permissions/test_matrix.py enumerates the
URL conf and the OpenAPI schema and fails for any route or operation without a row here.

How to add a row (see docs/architecture.md, "Permission matrix"):
    "app:name": row(<rule>, kwargs={...}, methods=("GET", "POST"), data={...}),
- the rule: ``public()``, ``logged_in()``, ``only("admin_a", "secretariat")`` (everyone else is
  denied, anonymous visitors are sent to log in), ``staff()`` (Django's staff_member_required),
  optionally with per-persona overrides: ``only("member_a", secretariat=DENY)``;
- ``kwargs``: URL arguments, as "<world object>.<attribute>" (see tests/permissions/world.py) or a
  literal (numbers, action names);
- ``methods``: GET for pages; add POST for pages that write (forms), or POST alone for
  require_POST actions. Every POST that is not OK also checks that nothing changed in the database;
- ``post=``: a different rule for POST where GET and POST differ (a public page with an organisers'
  form); ``query=``: extra query string (a second key like "app:name#xlsx" adds a variant).

Outcomes: OK (2xx/3xx, not to a login page), LOGIN (redirect to a login page; 401 for the API),
DENY (403 or 404), PHONE (redirect to the festival phone page), NOOP (answered, but a write must
change nothing: a soft refusal shown as a message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK, LOGIN, DENY, PHONE, NOOP = "ok", "login", "deny", "phone", "noop"
PERSONAS = ("anonymous", "consumer", "member_a", "member_b", "admin_a", "admin_b", "merchant", "cashier_b",
            "secretariat")
ANONYMOUS = ("anonymous", "consumer")  # the consumer has a verified phone, not an account


@dataclass
class Row:
    expect: dict[str, str]
    kwargs: dict[str, Any] = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET",)
    data: dict[str, Any] | None = None
    post: dict[str, str] | None = None
    query: dict[str, str] | None = None
    route: str | None = None  # for a variant key ("app:name#xlsx"): the route it exercises


def rule(default: str, **overrides: str) -> dict[str, str]:
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return {p: overrides.get(p, default) for p in PERSONAS}


def public(**overrides: str) -> dict[str, str]:
    return rule(OK, **overrides)


def logged_in(**overrides: str) -> dict[str, str]:
    return rule(OK, **{**{p: LOGIN for p in ANONYMOUS}, **overrides})


def only(*allowed: str, **overrides: str) -> dict[str, str]:
    return rule(DENY, **{**{p: LOGIN for p in ANONYMOUS}, **{p: OK for p in allowed}, **overrides})


def staff(**overrides: str) -> dict[str, str]:
    """Django's staff_member_required: everyone but the secretariat is sent to the admin login."""
    return rule(LOGIN, **{"secretariat": OK, **overrides})


def row(expect: dict[str, str], **kw: Any) -> Row:
    return Row(expect=expect, **kw)


GP = ("GET", "POST")
P = ("POST",)
A_ADMIN = ("admin_a", "secretariat")           # association A's own records
ENT_A = ("member_a", "admin_a", "secretariat")  # enterprise A: its users, A's admins, the secretariat
ORG_A = ("admin_a", "secretariat")             # organisers of event A
MERCHANT = ("merchant", "secretariat")          # merchant A's managers
ASSOC = {"slug": "association_a.slug"}
EVENT = {"slug": "event_a.slug"}

PAGES: dict[str, Row] = {
    # ------------------------------------------------------------------ project-level
    "core:home": row(public()),
    "core:dashboard": row(logged_in()),
    "login": row(public()),
    "logout": row(public(), methods=P),
    "password_reset": row(public()),  # redirects to allauth's
    "password_change": row(public()),  # redirects to allauth's (which asks anonymous visitors to log in)
    "set_language": row(public(), methods=P, data={"language": "en", "next": "/"}),
    "healthz": row(public()),
    "favicon": row(public()),
    "api/docs": row(public()),
    "api-v1:openapi-json": row(public()),
    "api-v1:openapi-view": row(public()),
    "admin": row(staff()),  # the whole Django admin, one entry: staff only
    # ------------------------------------------------------------------ accounts (django-allauth + ours)
    "account_login": row(public()),
    "account_logout": row(public(), methods=P),
    "account_signup": row(public()),
    "account_inactive": row(public()),
    "account_reauthenticate": row(logged_in()),
    "account_email": row(logged_in()),
    "account_email_verification_sent": row(public()),
    "account_confirm_email": row(public(), kwargs={"key": "not-a-key"}),
    "account_change_password": row(logged_in()),
    "account_set_password": row(logged_in()),
    "account_reset_password": row(public()),
    "account_reset_password_done": row(public()),
    "account_reset_password_from_key": row(public(), kwargs={"uidb36": "1", "key": "not-a-key"}),
    "account_reset_password_from_key_done": row(public()),
    # Steps of a login in progress: without one, back to the login page.
    "account_confirm_login_code": row(logged_in()),
    "mfa_index": row(logged_in()),
    "mfa_authenticate": row(logged_in()),
    "mfa_reauthenticate": row(logged_in()),
    "mfa_activate_totp": row(logged_in()),
    # Nobody in the world has an authenticator yet: nothing to deactivate, no codes to view (404).
    "mfa_deactivate_totp": row(only()),
    "mfa_view_recovery_codes": row(only()),
    "mfa_generate_recovery_codes": row(logged_in()),
    "mfa_download_recovery_codes": row(only()),
    "accounts:home": row(logged_in()),
    "accounts:invitations": row(logged_in()),  # each sees only the invitations they may manage
    "accounts:invitation_revoke": row(only("admin_a", "secretariat"), kwargs={"pk": "invitation.pk"}, methods=P),
    "accounts:invitation_resend": row(only("admin_a", "secretariat"), kwargs={"pk": "invitation.pk"}, methods=P),
    "accounts:invitation_accept": row(public(), kwargs={"token": "invitation_link.token"}),
    "accounts:invite": row(only(*A_ADMIN), kwargs={"pk": "enterprise_a.pk"}, methods=GP,
                           data={"email": "new@example.invalid", "role": "staff", "language": "en"}),
    "accounts:invite_registration": row(only("member_a", "admin_a", "secretariat"), kwargs={"pk": "group_staff.pk"},
                                        methods=GP, data={"language": "en"}),
    "accounts:applications": row(logged_in()),
    "accounts:application_new": row(logged_in()),
    "accounts:application": row(only("member_b", "admin_a", "secretariat"),
                                kwargs={"pk": "membership_application.pk"}),
    "accounts:application_approve": row(only(*A_ADMIN), kwargs={"pk": "membership_application.pk"}, methods=P),
    "accounts:application_reject": row(only(*A_ADMIN), kwargs={"pk": "membership_application.pk"}, methods=P,
                                       data={"reason": "不符合資格"}),
    "accounts:application_withdraw": row(only("member_b"), kwargs={"pk": "membership_application.pk"}, methods=P),
    "accounts:application_queue": row(only(*A_ADMIN), kwargs=ASSOC),
    # ------------------------------------------------------------------ directory
    "directory:enterprises": row(public()),
    "directory:enterprises#xlsx": row(only("member_a", "member_b", "admin_a", "admin_b", "secretariat"),
                                      route="directory:enterprises", query={"format": "xlsx"}),
    "directory:enterprise": row(public(), kwargs={"pk": "enterprise_a.pk"}),
    "directory:enterprise_edit": row(only(*ENT_A), kwargs={"pk": "enterprise_a.pk"}, methods=GP),
    "directory:associations": row(public()),
    "directory:association": row(public(), kwargs=ASSOC),
    "directory:term": row(public(), kwargs={**ASSOC, "number": 1}),
    "directory:manage_members": row(only(*A_ADMIN), kwargs=ASSOC),
    "directory:manage_members#xlsx": row(only(*A_ADMIN), kwargs=ASSOC, route="directory:manage_members",
                                         query={"format": "xlsx"}),
    "directory:member_add": row(only(*A_ADMIN), kwargs=ASSOC, methods=GP),
    "directory:membership_renew": row(only(*A_ADMIN), kwargs={**ASSOC, "pk": "membership_a.pk"}, methods=P,
                                      data={"end_date": "2031-12-31", "dues_amount": "100"}),
    "directory:membership_payment": row(only(*A_ADMIN), kwargs={**ASSOC, "pk": "membership_a.pk"}, methods=P,
                                        data={"paid_on": "2025-01-01"}),
    "directory:activity": row(only(*A_ADMIN), kwargs=ASSOC),
    "directory:terms_manage": row(only(*A_ADMIN), kwargs=ASSOC, methods=GP,
                                  data={"number": 2, "start_date": "2026-01-01"}),
    "directory:term_bearers": row(only(*A_ADMIN), kwargs={**ASSOC, "number": 1}, methods=GP),
    "directory:contacts": row(only(*ENT_A), kwargs={"pk": "enterprise_a.pk"}, methods=GP,
                              data={"name_zh": "新聯絡人", "phone": "91234000"}),
    "directory:import": row(only("secretariat"), methods=GP),
    "directory:import_template": row(only("secretariat")),
    "directory:import_batch": row(only("secretariat"), kwargs={"pk": "import_batch.pk"}, methods=GP),
    "directory:import_errors": row(only("secretariat"), kwargs={"pk": "import_batch.pk"}),
    # ------------------------------------------------------------------ matching
    "matching:search": row(public()),
    "matching:new": row(only("member_a", "member_b"), methods=GP),
    "matching:mine": row(logged_in()),
    "matching:inbox": row(logged_in()),
    "matching:introduction_meeting": row(only("member_a", "member_b"), kwargs={"pk": "introduction.pk"}, methods=GP),
    "matching:introduction_action": row(only("member_b"), kwargs={"pk": "introduction.pk", "name": "accept"},
                                        methods=P),
    "matching:detail": row(public(), kwargs={"pk": "opportunity_a.pk"}),
    "matching:edit": row(only("member_a", "secretariat"), kwargs={"pk": "opportunity_a.pk"}, methods=GP),
    "matching:action": row(only("member_a", "secretariat"), kwargs={"pk": "opportunity_a.pk", "name": "close"},
                           methods=P),
    "matching:curate": row(only("secretariat"), kwargs={"pk": "opportunity_a.pk"}, methods=GP),
    "matching:interest": row(only("member_a"), kwargs={"pk": "match_a.pk"}, methods=P),
    "matching:dismiss": row(only("member_a", "secretariat"), kwargs={"pk": "match_a.pk"}, methods=P),
    "matching:review": row(only("secretariat")),
    "matching:review_decision": row(only("secretariat"), kwargs={"pk": "opportunity_a.pk", "decision": "approve"},
                                    methods=P),
    "matching:dashboard": row(only("secretariat")),
    # ------------------------------------------------------------------ events
    "events:list": row(public()),
    "events:mine": row(logged_in()),
    "events:ticket": row(only("member_a", *ORG_A), kwargs={"pk": "registration_a.pk"}),
    "events:ticket_qr": row(only("member_a", *ORG_A), kwargs={"pk": "registration_a.pk"}),
    "events:ticket_ics": row(only("member_a", *ORG_A), kwargs={"pk": "registration_a.pk"}),
    "events:ticket_cancel": row(only("member_a", *ORG_A), kwargs={"pk": "registration_a.pk"}, methods=P),
    "events:manage": row(only("admin_a", "admin_b", "secretariat")),
    "events:create": row(only("admin_a", "admin_b", "secretariat"), methods=GP),
    "events:detail": row(public(), kwargs=EVENT),
    "events:register": row(logged_in(), kwargs=EVENT, methods=GP),
    "events:edit": row(only(*ORG_A), kwargs=EVENT, methods=GP),
    "events:setup": row(only(*ORG_A), kwargs=EVENT, methods=GP,
                        data={"kind": "organiser", "o-role": "supporter", "o-name_zh": "支持機構"}),
    "events:session_delete": row(only(*ORG_A), kwargs={**EVENT, "pk": "session_a.pk"}, methods=P),
    "events:registrations": row(only(*ORG_A), kwargs=EVENT),
    "events:registration_action": row(only(*ORG_A), kwargs={**EVENT, "pk": "registration_a.pk", "action": "paid"},
                                      methods=P),
    "events:counts": row(only(*ORG_A), kwargs=EVENT),
    "events:checkin": row(only(*ORG_A), kwargs=EVENT),
    "events:checkin_scan": row(only(*ORG_A), kwargs=EVENT, methods=P, data={"code": "registration_a.ticket_code"}),
    "events:checkin_sync": row(only(*ORG_A), kwargs=EVENT, methods=P, data={"scans": "[]"}),
    "events:meetings": row(logged_in(), kwargs=EVENT),
    "events:availability": row(only("member_a", "member_b"), kwargs=EVENT, methods=GP,
                               data={"slot": "slot_a.pk"}),
    "events:participants": row(logged_in(), kwargs=EVENT),
    "events:request_meeting": row(only("member_a", "member_b"), kwargs={**EVENT, "pk": "registration_b.pk"},
                                  methods=P, data={"priority": "10", "reason": "合作"}),
    "events:respond": row(only("member_a"), kwargs={**EVENT, "pk": "meeting_request.pk", "answer": "accept"},
                          methods=P),
    "events:schedule_ics": row(only("member_a", "member_b"), kwargs=EVENT),
    "events:meetings_manage": row(only(*ORG_A), kwargs=EVENT),
    "events:meeting_slots": row(only(*ORG_A), kwargs=EVENT, methods=P, data={"delete": "slot_a.pk"}),
    "events:meetings_run": row(only(*ORG_A), kwargs=EVENT, methods=P),
    "events:meeting_move": row(only(*ORG_A), kwargs={**EVENT, "pk": "meeting.pk"}, methods=P, data={"pin": "1"}),
    "events:meeting_cancel": row(only(*ORG_A), kwargs={**EVENT, "pk": "meeting.pk"}, methods=P),
    "events:meetings_publish": row(only(*ORG_A), kwargs=EVENT, methods=P),
    "events:exhibitors": row(public(), kwargs=EVENT, methods=GP, post=rule(NOOP, admin_a=OK, secretariat=OK),
                             data={"x-name_zh": "新展商", "x-booth": "B9"}),
    "events:exhibitor": row(public(), kwargs={**EVENT, "pk": "exhibitor_a.pk"}, methods=GP,
                            post=rule(DENY, admin_a=OK, secretariat=OK), data={"p-name_zh": "新產品"}),
    "events:bookmark": row(logged_in(), kwargs={**EVENT, "pk": "exhibitor_a.pk"}, methods=P),
    "events:export_xlsx": row(only(*ORG_A), kwargs={**EVENT, "what": "attendees"}),
    "events:print": row(only(*ORG_A), kwargs={**EVENT, "what": "attendees"}),
    "events:badges": row(only(*ORG_A), kwargs=EVENT),
    # ------------------------------------------------------------------ festival
    "festival:home": row(public()),
    "festival:offers": row(public()),
    "festival:offer": row(public(), kwargs={"pk": "offer_a.pk"}),
    "festival:phone": row(public(), methods=GP, data={"step": "phone", "phone": "12"}),
    "festival:phone_forget": row(public(), methods=P),
    "festival:claim": row(rule(PHONE, consumer=OK), kwargs={"pk": "campaign_a.pk"}, methods=P),
    "festival:my_coupons": row(rule(PHONE, consumer=OK)),
    "festival:coupon": row(public(), kwargs={"code": "coupon.code"}),  # the signed code is the key
    "festival:merchant_home": row(logged_in()),
    "festival:merchant_apply": row(logged_in(), methods=GP),
    "festival:merchant": row(only(*MERCHANT), kwargs={"pk": "merchant_a.pk"}),
    "festival:offer_new": row(only(*MERCHANT), kwargs={"pk": "merchant_a.pk"}, methods=GP),
    "festival:offer_edit": row(only(*MERCHANT), kwargs={"pk": "offer_a.pk"}, methods=GP),
    "festival:offer_publish": row(only(*MERCHANT), kwargs={"pk": "offer_a.pk"}, methods=P),
    "festival:shop_new": row(only(*MERCHANT), kwargs={"pk": "merchant_a.pk"}, methods=GP),
    "festival:staff_new": row(only(*MERCHANT), kwargs={"pk": "merchant_a.pk"}, methods=GP),
    "festival:redeem": row(logged_in(), methods=GP,  # others' POST: "not staff of this shop", nothing changes
                           post=logged_in(**{p: NOOP for p in PERSONAS[2:] if p != "merchant"}),
                           data={"code": "coupon.code", "shop": "shop_a.pk"}),
    "festival:organiser": row(staff()),
    "festival:organiser#xlsx": row(staff(), route="festival:organiser", query={"format": "xlsx", "edition": "2026"}),
    "festival:setup": row(staff(), methods=GP),
    "festival:applications": row(staff()),
    "festival:review": row(staff(), kwargs={"pk": "application.pk"}, methods=P, data={"decision": "approve"}),
    "festival:feature": row(staff(), kwargs={"pk": "offer_a.pk"}, methods=P),
    "festival:campaign_new": row(staff(), kwargs={"pk": "offer_a.pk"}, methods=GP),
}

# API operations (operationId from shanglian.api.api.get_openapi_schema()); LOGIN means 401.
API: dict[str, Row] = {
    "shanglian_directory_api_list_enterprises": row(public()),
    "shanglian_directory_api_get_enterprise": row(public(), kwargs={"enterprise_id": "enterprise_a.pk"}),
    "shanglian_matching_api_list_opportunities": row(public()),
    "shanglian_matching_api_get_opportunity": row(public(), kwargs={"opportunity_id": "opportunity_a.pk"}),
    "shanglian_matching_api_list_matches": row(only("member_a", "secretariat"),
                                               kwargs={"opportunity_id": "opportunity_a.pk"}),
    "shanglian_matching_api_create_opportunity": row(
        only("member_a", "member_b"),
        data={"kind": "need", "subtype": "sourcing", "title": "尋找包裝物料供應商",
              "description": "本公司需要環保包裝物料，每月約五千件，送貨到香港觀塘。", "submit": False}),
    "shanglian_matching_api_opportunity_action": row(only("member_a", "secretariat"),
                                                     kwargs={"opportunity_id": "opportunity_a.pk", "action": "close"}),
    "shanglian_matching_api_express_interest": row(only("member_a"), kwargs={"match_id": "match_a.pk"}, data={}),
    "shanglian_matching_api_meeting_events": row(only("member_a", "member_b"),
                                                 kwargs={"introduction_id": "introduction.pk"}),
    "shanglian_matching_api_request_event_meeting": row(only("member_a", "member_b"),
                                                        kwargs={"introduction_id": "introduction.pk"},
                                                        data={"event_id": "event_a.pk"}),
    "shanglian_events_api_list_events": row(public()),
    "shanglian_events_api_get_event": row(public(), kwargs={"event_id": "event_a.pk"}),
    "shanglian_events_api_register": row(logged_in(), kwargs={"event_id": "event_a.pk"},
                                         data={"attendees": [{"name_zh": "新參加者", "email": "new@example.invalid"}],
                                               "privacy_consent": True}),
    "shanglian_events_api_my_registrations": row(logged_in()),
    "shanglian_events_api_cancel": row(only("member_a", *ORG_A), kwargs={"registration_id": "registration_a.pk"}),
    "shanglian_events_api_checkin": row(only(*ORG_A), kwargs={"event_id": "event_a.pk"},
                                        data={"code": "registration_a.ticket_code"}),
    "shanglian_festival_api_list_offers": row(public()),
    "shanglian_festival_api_send_code": row(public(), data={"phone": "+85261234567", "privacy_consent": True}),
    "shanglian_festival_api_verify_code": row(public(), data={"verification_id": "no-such-handle", "code": "000000"}),
    "shanglian_festival_api_claim": row(rule(LOGIN, consumer=OK), kwargs={"campaign_id": "campaign_a.pk"}),
    "shanglian_festival_api_redeem": row(only("merchant"), data={"code": "coupon.code", "shop_id": "shop_a.pk"}),
}


def _extend() -> None:
    """Rows of the apps that plug in through tests/permissions/apps/ (one module per app)."""
    from tests.permissions.apps import modules

    for module in modules():
        for mine, theirs in ((PAGES, getattr(module, "PAGES", {})), (API, getattr(module, "API", {}))):
            clash = set(mine) & set(theirs)
            assert not clash, f"{module.__name__} redefines rows {sorted(clash)}"
            mine.update(theirs)


_extend()
