"""Permission rows of the photography competition: public pages and gallery; entries by logged-in
users (member_a's entry here); judging by the judges (admin_b); the public vote by a verified
phone (the consumer), everyone else is sent to the phone page; the secretariat manages."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.permissions.matrix import (  # noqa: F401
    ANONYMOUS,
    DENY,
    GP,
    LOGIN,
    OK,
    PERSONAS,
    PHONE,
    P,
    logged_in,
    only,
    public,
    row,
    rule,
)

LABELS = ("competition",)
C = {"pk": "photo_competition.pk"}
E = {"pk": "photo_entry.pk"}

PAGES = {
    "competition:list": row(public()),
    "competition:detail": row(public(), kwargs=C),
    "competition:gallery": row(public(), kwargs=C),
    "competition:results": row(public(), kwargs=C),
    "competition:mine": row(logged_in()),
    # a GET shows the form; the POST without a photo re-shows it with errors (nothing written)
    "competition:enter": row(logged_in(), kwargs=C, methods=("GET",)),
    "competition:image": row(public(), kwargs={**E, "kind": "public"}),
    "competition:image#original": row(only("member_a", "admin_b", "secretariat", anonymous=DENY, consumer=DENY),
                                      route="competition:image",
                                      kwargs={**E, "kind": "original"}),
    "competition:vote": row(rule(PHONE, consumer=OK), kwargs=E, methods=P),
    "competition:report": row(public(), kwargs=E, methods=GP, data={"reason": "抄襲"}),
    "competition:withdraw": row(only("member_a", "secretariat"), kwargs=E, methods=P),
    "competition:certificate": row(only(), kwargs=E),  # results not published yet: nobody
    "competition:judging": row(only("admin_b"), kwargs=C),
    "competition:manage": row(only("secretariat"), kwargs=C, methods=GP,
                              data={"action": "status", "status": "judging"}),
    # the staff page: create / edit (a POST without the required fields re-shows the form)
    "competition:new": row(only("secretariat"), methods=GP, data={"title_zh_hant": "新比賽"}),
    "competition:edit": row(only("secretariat"), kwargs=C, methods=GP, data={"title_zh_hant": "改名"}),
    "competition:judge_invite": row(only("secretariat"), kwargs=C, methods=P,
                                    data={"email": "judge@example.invalid", "language": "en"}),
    "competition:invitation_revoke": row(only("secretariat"), kwargs={"pk": "photo_invitation.pk"}, methods=P),
    # the e-mailed link: any logged-in account may open it (accepting is a separate POST)
    "competition:invitation": row(logged_in(), kwargs={"token": "photo_invitation_link.token"}),
}
API = {
    "shanglian_competition_api_list_competitions": row(public()),
    "shanglian_competition_api_vote": row(rule(LOGIN, consumer=OK), kwargs={"entry_id": "photo_entry.pk"}),
}
assert set(ANONYMOUS) <= set(PERSONAS)


def build(w) -> None:
    from shanglian.competition import services
    from tests.competition.images import photo

    now = timezone.now()
    w.photo_competition = services.competition_create(actor=w.secretariat, values={
        "title_zh_hant": "青年學藝攝影比賽", "entry_deadline": now + datetime.timedelta(days=10),
        "vote_opens": now - datetime.timedelta(days=1), "vote_closes": now + datetime.timedelta(days=20),
        "status": "entries", "min_width": 200, "min_height": 150},
        categories=["城市"], age_groups=[("公開組", 12, 99)])
    services.judge_add(actor=w.secretariat, competition=w.photo_competition, user=w.admin_b)
    from types import SimpleNamespace

    w.photo_invitation, token = services.judge_invite(actor=w.secretariat, competition=w.photo_competition,
                                                      email="invited-judge@example.invalid", language="zh-hant")
    w.photo_invitation_link = SimpleNamespace(token=token)
    w.photo_entry = services.entry_submit(
        actor=w.member_a, competition=w.photo_competition, category_id=w.photo_competition.categories.get().pk,
        age_group_id=w.photo_competition.age_groups.get().pk, entrant_name="陳小明",
        birth_date=datetime.date(1990, 1, 1), title="維港晨光", data=photo(seed=99))
