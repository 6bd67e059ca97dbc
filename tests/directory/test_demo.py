"""manage.py demo: the real federation structure, a valid synthetic membership, idempotence, demo logins."""

from __future__ import annotations

import datetime
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from stdnum.cn import uscc

from shanglian.core.models import SearchEntry, UserPreference
from shanglian.core.validation import normalise_phone, normalise_registration
from shanglian.directory.demo.generate import DEMO_EMAIL_DOMAIN
from shanglian.directory.management.commands import demo as demo_command
from shanglian.directory.models import (
    Association,
    AssociationRole,
    Enterprise,
    EnterpriseRole,
    Membership,
    OfficeBearer,
    Person,
    Term,
)
from shanglian.directory.selectors import DirectoryFilters, current_term, enterprise_directory
from shanglian.text.script import to_simplified

MEMBER_NAMES = [
    "香港觀塘工商業聯合會", "東區工商業聯合會", "香港深水埗工商聯會", "葵青工商業聯合會", "香港荃灣工商業聯合會",
    "新界東北區工商業聯合會", "香港沙田工商業聯合會", "油尖旺工商聯會", "灣仔中西區工商業聯合會", "西貢區工商業聯合會",
    "香港啟德工商業聯合會", "香港銅鑼灣工商業聯合會", "香港紅磡工商業聯合會", "南區工商業聯合會",
    "香港元朗工商業聯合會",
]


@pytest.fixture
def demo(db, monkeypatch):
    """The directory's demo alone: the other apps' demo data is tested once, below, and in their own suites."""
    monkeypatch.setattr(demo_command, "OTHER_APPS", ())
    call_command("demo", enterprises=200, stdout=_Sink())


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def _counts() -> dict[str, int]:
    models = [Association, Enterprise, Person, Membership, Term, OfficeBearer, SearchEntry, AssociationRole,
              EnterpriseRole, UserPreference, get_user_model()]
    return {m.__name__: m.objects.count() for m in models}


def test_federation_and_associations(demo):
    federation = Association.objects.get(slug="federation")
    assert federation.kind == Association.Kind.FEDERATION
    assert federation.name_zh == "全港各區工商聯"
    assert "全港各工業區工商業聯合會" in federation.former_names
    assert federation.founded.year == 1993
    assert "2006" in federation.description_zh and federation.description_en
    members = Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")
    assert [a.name_zh for a in members] == MEMBER_NAMES
    assert all(a.name_en for a in members)
    districts = {a.slug: sorted(a.districts.values_list("code", flat=True)) for a in members}
    assert districts["kwun-tong"] == ["kwun-tong"]
    assert districts["ne-nt"] == ["north", "tai-po"]
    assert districts["kai-tak"] == ["kowloon-city", "wong-tai-sin"]
    assert districts["wan-chai-central-western"] == ["central-western", "wan-chai"]


def test_terms_and_office_bearers(demo):
    federation = Association.objects.get(slug="federation")
    term17 = federation.terms.get(number=17)
    assert term17.start_date.year == 2017
    assert federation.terms.filter(number=15).exists()
    today = datetime.date.today()
    current = current_term(federation, today=today)
    assert current.start_date <= today <= current.end_date
    assert current.office_bearers.filter(position=OfficeBearer.Position.CHAIRMAN).count() == 1
    assert current.office_bearers.filter(position=OfficeBearer.Position.PERMANENT_HONORARY_PRESIDENT).exists()
    for association in Association.objects.filter(kind=Association.Kind.MEMBER):
        assert association.terms.count() >= 3
    bearer = OfficeBearer.objects.filter(term__association__slug="kwun-tong").select_related("person").first()
    assert bearer.person.enterprise is not None
    assert bearer.person.email.endswith(DEMO_EMAIL_DOMAIN)


def test_enterprises_in_three_writing_styles(demo):
    assert Enterprise.objects.count() == 200
    hk = Enterprise.objects.filter(place__kind="hk_district").exclude(name_zh="")
    mainland = Enterprise.objects.filter(place__kind__in=["gba_city", "mainland"])
    english = Enterprise.objects.filter(name_zh="")
    assert hk.exists() and mainland.exists() and english.exists()
    # HK records are Traditional: converting to Simplified changes them; Mainland ones are already Simplified.
    assert any(to_simplified(e.description) != e.description for e in hk)
    assert all(to_simplified(e.name_zh) == e.name_zh and to_simplified(e.description) == e.description
               for e in mainland)
    assert all(e.name_en and e.description.isascii() for e in english)
    # No word said twice in a row ("Lung Chit Trading Trading Company").
    for name in Enterprise.objects.exclude(name_en="").values_list("name_en", flat=True):
        words = name.lower().split()
        assert all(a != b for a, b in zip(words, words[1:])), name
    # Every one belongs to at least one association, some to two.
    live = Membership.objects.filter(status__in=["active", "pending"])
    assert not Enterprise.objects.exclude(memberships__isnull=False).exists()
    assert live.values("enterprise").distinct().count() > 150


def test_registration_numbers_phones_and_emails_are_valid(demo):
    kinds = set()
    for e in Enterprise.objects.all():
        if e.br_number:
            kind, number = normalise_registration(e.br_number)
            assert (kind, number) == (e.br_kind, e.br_number)
            if kind == "cn_uscc":
                assert uscc.validate(e.br_number) == e.br_number
            kinds.add(kind)
        assert normalise_phone(e.phone) == e.phone
        assert e.email.endswith(DEMO_EMAIL_DOMAIN)
    assert kinds == {"hk_br", "cn_uscc"}
    for p in Person.objects.all():
        assert normalise_phone(p.phone) == p.phone
        assert p.email.endswith(DEMO_EMAIL_DOMAIN)


def test_memberships_have_history_and_dues(demo):
    statuses = set(Membership.objects.values_list("status", flat=True))
    assert {"active", "renewed"} <= statuses
    renewal = Membership.objects.filter(renewed_from__isnull=False).select_related("renewed_from").first()
    assert renewal.renewed_from.status == "renewed"
    assert renewal.renewed_from.end_date < renewal.start_date
    assert Membership.objects.filter(dues_status="paid", dues_paid_on__isnull=False).exists()
    assert Membership.objects.filter(dues_amount__gt=0).exists()


def test_search_index_covers_demo_enterprises(demo):
    assert SearchEntry.objects.filter(kind="enterprise").count() == Enterprise.objects.count()
    kwun_tong = enterprise_directory(DirectoryFilters(q="观塘"))
    assert kwun_tong.exists()
    assert enterprise_directory(DirectoryFilters(q="kwun tong")).count() == kwun_tong.count()


def test_second_run_changes_nothing(demo):
    before = _counts()
    out = _Sink()
    call_command("demo", enterprises=200, stdout=out)
    assert _counts() == before
    assert "already loaded" in out.text


def test_smaller_request_after_larger_changes_nothing_and_larger_completes(demo):
    before = _counts()
    call_command("demo", enterprises=100, stdout=_Sink())
    assert _counts() == before
    call_command("demo", enterprises=230, stdout=_Sink())
    assert Enterprise.objects.count() == 230
    assert SearchEntry.objects.filter(kind="enterprise").count() == 230


def test_reset_reloads_only_demo_data(demo):
    own = Enterprise.objects.create(name_zh="真實企業有限公司", email="office@example.com")
    call_command("demo", enterprises=50, reset=True, stdout=_Sink())
    assert Enterprise.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).count() == 50
    assert Enterprise.objects.filter(pk=own.pk).exists()
    assert Association.objects.count() == 16


@pytest.mark.parametrize("username", ["secretariat", "kwuntong-admin", "eastern-admin", "member1"])
def test_demo_users_can_log_in(demo, client, username):
    assert client.login(username=username, password="demo12345")
    assert UserPreference.objects.filter(user__username=username).exists()


def test_demo_user_roles(demo):
    users = get_user_model().objects
    assert users.get(username="secretariat").is_superuser
    assert AssociationRole.objects.filter(user__username="kwuntong-admin", association__slug="kwun-tong",
                                          role="admin").exists()
    assert AssociationRole.objects.filter(user__username="eastern-admin", association__slug="eastern").exists()
    role = EnterpriseRole.objects.get(user__username="member1")
    assert role.role == "owner"
    assert role.enterprise.memberships.filter(association__slug="kwun-tong", status="active").exists()


def test_other_apps_demo_hooks_are_called(db, monkeypatch):
    calls = []
    for label in ("matching", "events", "festival"):
        module = types.ModuleType(f"shanglian.{label}.demo")
        module.load_demo = lambda *, stdout, label=label: calls.append(label)
        monkeypatch.setitem(sys.modules, f"shanglian.{label}.demo", module)
    call_command("demo", enterprises=20, stdout=_Sink())
    assert calls == ["matching", "events", "festival"]


def test_whole_demo_loads_every_app_and_survives_a_reset(db):
    from shanglian.events.models import Event
    from shanglian.festival.models import Offer
    from shanglian.matching.models import Opportunity

    call_command("demo", enterprises=60, stdout=_Sink())
    counts = (Event.objects.count(), Offer.objects.count(), Opportunity.objects.count())
    assert all(counts)
    call_command("demo", enterprises=60, reset=True, stdout=_Sink())  # the apps' data refers to re-created users
    assert (Event.objects.count(), Offer.objects.count(), Opportunity.objects.count()) == counts


def test_data_is_deterministic(demo):
    """The database holds exactly what the seeded generator produces for each index."""
    from shanglian.directory.demo.generate import enterprise_record

    today = datetime.date.today()
    for index in (0, 7, 199):
        record = enterprise_record(index, today=today)
        stored = Enterprise.objects.get(email=record.email)
        assert (stored.name_zh, stored.name_en, stored.br_number, stored.phone) == (
            record.name_zh, record.name_en, record.br_number, record.phone)
        assert set(stored.memberships.values_list("association__slug", flat=True)) == set(record.associations)
