"""Demo data for accounts: the demo logins' e-mail addresses count as verified (e-mail verification
is mandatory), and one application to join waits in the Eastern association's review queue."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEMO_USERNAMES = ("secretariat", "kwuntong-admin", "eastern-admin", "member1", "merchant1", "cashier1")


def verify_demo_emails() -> int:
    """A verified, primary EmailAddress for each demo login that has an e-mail and none yet."""
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES).exclude(email="")
    made = 0
    for user in users:
        if not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            made += 1
    return made


def load_demo(*, stdout: Any) -> None:
    from shanglian.accounts.models import MembershipApplication
    from shanglian.accounts.services import application_submit
    from shanglian.directory.models import Association

    made = verify_demo_emails()
    member1 = get_user_model().objects.filter(username="member1").first()
    eastern = Association.objects.filter(slug="eastern").first()
    if member1 is not None and eastern is not None and not MembershipApplication.objects.filter(
            applicant=member1).exists():
        application_submit(actor=member1, association=eastern, language="zh-hans",
                           values={"name_zh": "深圳前海跨境貿易有限公司",
                                   "name_en": "Qianhai Cross-border Trading Ltd"},
                           message="我们希望加入东区工商业联合会，参与区内商贸交流。")
    stdout.write(f"Accounts demo: {made} demo e-mail addresses verified; one application waits at Eastern.")
