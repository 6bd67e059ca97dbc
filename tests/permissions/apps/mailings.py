"""Permission rows of the mailings app: association admins mail their own association's members,
the secretariat everyone; the public links (unsubscribe, preferences, pixel, click) are signed."""

from __future__ import annotations

import secrets
from types import SimpleNamespace

from tests.permissions.matrix import DENY, GP, NOOP, P, logged_in, only, public, row, rule, staff

LABELS = ("mailings",)
MINE = ("admin_a", "secretariat")
MAILERS = ("admin_a", "admin_b", "secretariat")
MAILING = {"pk": "mailing_a.pk"}


class SignedClickQuery(dict):
    """The click link's query (u=target, s=signature), signed when the URL is built."""

    def items(self):
        from shanglian.mailings.services import sign_click_target

        target = "https://example.hk/agm"
        return [("u", target), ("s", sign_click_target(target))]


PAGES = {
    "mailings:list": row(only(*MAILERS)),
    "mailings:create": row(only(*MAILERS), methods=GP, post=only("admin_a", "secretariat", admin_b=NOOP),
                           data={"topic": "mailing_topic.pk", "association": "association_a.pk", "audience": "members",
                                 "subject_zh_hant": "通告", "body_zh_hant": "內容", "action": "save"}),
    "mailings:detail": row(only(*MINE), kwargs=MAILING),
    "mailings:edit": row(only(*MINE), kwargs=MAILING, methods=GP,
                         data={"topic": "mailing_topic.pk", "association": "association_a.pk", "audience": "members",
                               "subject_zh_hant": "改", "body_zh_hant": "改", "action": "save"}),
    "mailings:progress": row(only(*MINE), kwargs=MAILING),
    "mailings:schedule": row(only(*MINE), kwargs=MAILING, methods=P, data={"send_at": ""}),
    "mailings:cancel": row(only(*MINE), kwargs=MAILING, methods=P),
    "mailings:bounces": row(staff(), methods=GP, data={"kind": "hard", "addresses": "x@bounce.example"}),
    "mailings:my_preferences": row(logged_in()),
    "mailings:preferences": row(public(), kwargs={"token": "mailing_tokens.preferences"}, methods=GP,
                                data={"marketing": "1"}),
    "mailings:preferences#forged": row(rule(DENY), route="mailings:preferences", kwargs={"token": "forged"},
                                       methods=GP, data={"marketing": "1"}),
    "mailings:unsubscribe": row(public(), kwargs={"token": "mailing_tokens.unsubscribe"}, methods=GP),
    "mailings:unsubscribe#forged": row(rule(DENY), route="mailings:unsubscribe", kwargs={"token": "forged:x"},
                                       methods=GP),
    "mailings:open": row(public(), kwargs={"token": "mailing_tokens.delivery"}),
    "mailings:click": row(public(), kwargs={"token": "mailing_tokens.delivery"},
                          query=SignedClickQuery(u="signed when built")),
    "mailings:click#unsigned": row(rule(DENY), route="mailings:click", kwargs={"token": "mailing_tokens.delivery"},
                                   query={"u": "https://evil.example/", "s": "x"}),
}

API = {
    "shanglian_mailings_api_list_mailings": row(only(*MAILERS)),
    "shanglian_mailings_api_get_mailing": row(only(*MINE), kwargs={"mailing_id": "mailing_a.pk"}),
    "shanglian_mailings_api_record_bounce": row(only("secretariat"), data={"email": "x@bounce.example"}),
}


def build(w) -> None:
    from shanglian.mailings import services
    from shanglian.mailings.demo import ensure_topics
    from shanglian.mailings.models import Delivery

    w.mailing_topic = ensure_topics()[0]
    w.mailing_a = services.mailing_save(actor=w.admin_a, values={
        "topic": w.mailing_topic, "association": w.association_a, "audience": "members", "segment": {},
        "subject_zh_hant": "甲區會員通告", "body_zh_hant": "各位會員：週年大會將於下月舉行。"})
    delivery = Delivery.objects.create(mailing=w.mailing_a, email="member@a.example", language="zh-hant",
                                       token=secrets.token_hex(16))
    w.mailing_tokens = SimpleNamespace(
        preferences=services.preferences_token("member@a.example"),
        unsubscribe=services.unsubscribe_token("member@a.example", w.mailing_topic.pk),
        delivery=delivery.token)
