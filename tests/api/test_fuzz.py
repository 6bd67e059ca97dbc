"""schemathesis against the app's own OpenAPI document, through the WSGI app (no server).

Every operation is called with generated valid and invalid input, as an anonymous caller and as
a logged-in member (session cookie + CSRF token), with a fixed seed (derandomized), and each
answer must be no server error, a status code the document declares, and a body that matches
the declared schema. Bounded for CI: FUZZ_EXAMPLES examples per operation and caller (the suite
runs twice in CI, SQLite and PostgreSQL); raise it locally for a deeper run.
"""

from __future__ import annotations

import datetime
import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shanglian.events import services as event_services
from tests.api.conftest import FUZZ_STATS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))



@pytest.fixture(scope="session")
def api_schema(django_db_setup, django_db_blocker):
    """Loaded when the tests run, not at collection: building the WSGI app imports the URL conf,
    which must happen after pytest-django has set up the test settings (DEBUG off)."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def world(kt_member, kt_enterprise, kt_admin, secretariat, east_enterprise, make_user):
    """A little of everything, so ids 1, 2 … exist for the generated requests to find (and the
    second-wave apps' write operations reach their services: a bookable listing of another member,
    an open consultation, an open charity campaign)."""
    start = timezone.now() + datetime.timedelta(days=10)
    event = event_services.event_save(actor=secretariat, values={
        "type": "forum", "title_zh_hant": "論壇", "title_en": "Forum", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=4), "association": kt_enterprise.current_associations()[0],
        "capacity": 50, "audience": "public", "is_published": True})
    event_services.registration_create(actor=kt_member, event=event, language="zh-hant", attendees=[
        event_services.Attendee(name_zh="陳大文", email="kt@example.invalid", user=kt_member)])
    _second_wave(secretariat, east_enterprise, make_user)
    return {"member": kt_member}


def _second_wave(secretariat, east_enterprise, make_user):
    from shanglian.charity import services as charity
    from shanglian.consultations import services as consultations
    from shanglian.directory.models import EnterpriseRole
    from shanglian.sharing import services as sharing
    from tests.sharing.conftest import listing_values, publish

    provider = make_user("east-provider")
    EnterpriseRole.objects.create(user=provider, enterprise=east_enterprise, role=EnterpriseRole.Role.OWNER)
    publish(sharing.listing_save(actor=provider, enterprise=east_enterprise, values=listing_values()), secretariat)
    consultation = consultations.consultation_create(actor=secretariat, values={
        "title_zh_hant": "財政預算案諮詢", "deadline": timezone.now() + datetime.timedelta(days=7)})
    consultations.question_add(actor=secretariat, consultation=consultation, kind="scale", prompt_zh_hant="評分")
    consultations.consultation_set_status(actor=secretariat, consultation=consultation, status="open")
    campaign = charity.campaign_create(actor=secretariat, values={
        "title_zh_hant": "水災賑災", "beneficiary_name": "香港紅十字會", "beneficiary_s88": "91/0001",
        "permit_number": "2026/001", "goal": "50000", "deadline": timezone.now() + datetime.timedelta(days=10)})
    charity.campaign_set_status(actor=secretariat, campaign=campaign, status="open")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the same answers (not 429s left by an earlier test) on every run


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The raw WSGI app closes database connections after each request, which on PostgreSQL ends
    the test's transaction; Django's own test client switches that off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def member_session(world, client):
    client.force_login(world["member"])
    token = _get_new_csrf_string()
    # The WSGI test transport keeps its own cookie jar (a Cookie header would be dropped).
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
            "headers": {"X-CSRFToken": token}}


def _call(case, headers=None, cookies=None):
    response = case.call(headers=headers, cookies=cookies)
    FUZZ_STATS["requests"] += 1
    FUZZ_STATS[f"status_{response.status_code}"] += 1
    if response.status_code >= 500:
        FUZZ_STATS["server_errors"] += 1
    if os.environ.get("FUZZ_DEBUG") and response.status_code in (401, 403):
        FUZZ_STATS[f"debug_{'member' if cookies else 'anon'}_{case.method}_{response.status_code}_"
                   f"{response.text[:40]}"] += 1
    case.validate_response(response, checks=CHECKS, headers=headers)


@schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
def test_api_anonymous(case, world):
    _call(case)


@schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
def test_api_member(case, member_session):
    _call(case, **member_session)
