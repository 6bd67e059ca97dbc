"""Write the demo data set: federation structure, synthetic membership, terms, demo logins.

Idempotent: every object is keyed (association slug, term number, enterprise e-mail, username)
and only missing ones are created, so a second run changes nothing and returns quickly. Bulk
inserts keep the first run fast; one ``demo.load`` audit entry records what was loaded.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from shanglian.core.audit import audit_record
from shanglian.core.models import Industry, Place, UserPreference
from shanglian.core.reference_data import load_reference_data
from shanglian.core.search import search_index_bulk
from shanglian.directory.demo import structure
from shanglian.directory.demo.generate import DEMO_EMAIL_DOMAIN, EnterpriseRecord, enterprise_record
from shanglian.directory.demo.vocab import COMMITTEES
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
from shanglian.directory.services import SEARCH_KIND, enterprise_search_parts

DEMO_PASSWORD = "demo12345"
BATCH = 2000
CHUNK = 2000


class _Out:
    def __init__(self, stdout: IO[str] | None):
        self.stdout = stdout
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}\n")


def demo_enterprises() -> Any:
    return Enterprise.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN)


def all_association_slugs() -> list[str]:
    return [structure.FEDERATION["slug"], *(spec.slug for spec in structure.ASSOCIATIONS)]


def is_loaded(enterprises: int) -> bool:
    """Quick check (a few COUNT queries) that a previous run already loaded this much."""
    return (Association.objects.filter(slug__in=all_association_slugs()).count() == len(all_association_slugs())
            and Term.objects.filter(association__slug=structure.FEDERATION["slug"]).exists()
            and demo_enterprises().count() >= enterprises)


# ---------------------------------------------------------------- structure
def ensure_reference_data() -> None:
    from shanglian.core.reference_data import INDUSTRIES, PLACES

    expected_industries = sum(1 + len(children) for *_rest, children in INDUSTRIES)
    if Place.objects.count() < len(PLACES) or Industry.objects.count() < expected_industries:
        load_reference_data(Place, Industry)


def ensure_associations() -> dict[str, Association]:
    """Create the federation and its 15 member associations if missing (existing rows are left as edited)."""
    places = {p.code: p for p in Place.objects.filter(kind__in=["hk_district"])}
    existing = {a.slug: a for a in Association.objects.filter(slug__in=all_association_slugs())}
    fed = structure.FEDERATION
    if fed["slug"] not in existing:
        existing[fed["slug"]] = Association.objects.create(kind=Association.Kind.FEDERATION, sort=0, **fed)
    for sort, spec in enumerate(structure.ASSOCIATIONS, start=1):
        if spec.slug in existing:
            continue
        districts = [places[code] for code in spec.districts]
        desc_zh, desc_en = structure.association_description(
            spec, [d.name_zh_hant for d in districts], [d.name_en for d in districts])
        association = Association.objects.create(
            kind=Association.Kind.MEMBER, slug=spec.slug, name_zh=spec.name_zh, name_en=spec.name_en,
            short_name_zh=spec.short_name_zh, sort=sort, description_zh=desc_zh, description_en=desc_en,
            email=f"info@{spec.slug}{DEMO_EMAIL_DOMAIN}",
        )
        association.districts.set(districts)
        existing[spec.slug] = association
    return existing


# ---------------------------------------------------------------- enterprises
def insert_enterprises(records: list[EnterpriseRecord], associations: dict[str, Association],
                       out: _Out | None = None) -> list[int]:
    """Bulk-insert enterprises with their contacts and membership chains; returns the new pks."""
    industries = dict(Industry.objects.values_list("code", "pk"))
    places = dict(Place.objects.values_list("code", "pk"))
    new_pks: list[int] = []
    for start in range(0, len(records), BATCH):
        chunk = records[start:start + BATCH]
        enterprises = Enterprise.objects.bulk_create([
            Enterprise(name_zh=r.name_zh, name_en=r.name_en, br_kind=r.br_kind, br_number=r.br_number,
                       industry_id=industries.get(r.industry), place_id=places.get(r.place), address=r.address,
                       phone=r.phone, email=r.email, website=r.website, description=r.description,
                       employees=r.employees)
            for r in chunk
        ])
        Person.objects.bulk_create([
            Person(name_zh=c.name_zh, name_en=c.name_en, title=c.title, enterprise=e, email=c.email, phone=c.phone)
            for r, e in zip(chunk, enterprises, strict=True) for c in r.contacts
        ])
        # Membership chains: round k inserts the k-th period of every chain, renewing round k-1's.
        chains: list[tuple[Enterprise, list]] = []
        for r, e in zip(chunk, enterprises, strict=True):
            current: list = []
            for m in r.memberships:
                if not m.renews_previous and current:
                    chains.append((e, current))
                    current = []
                current.append(m)
            if current:
                chains.append((e, current))
        previous: dict[int, Membership] = {}
        depth = 0
        while True:
            round_rows = [(i, e, periods[depth]) for i, (e, periods) in enumerate(chains) if len(periods) > depth]
            if not round_rows:
                break
            created = Membership.objects.bulk_create([
                Membership(association=associations[m.association], enterprise=e, type=m.type, status=m.status,
                           start_date=m.start_date, end_date=m.end_date, dues_amount=m.dues_amount,
                           dues_status=m.dues_status, dues_paid_on=m.dues_paid_on, renewed_from=previous.get(i))
                for i, e, m in round_rows
            ])
            previous = {i: obj for (i, _e, _m), obj in zip(round_rows, created, strict=True)}
            depth += 1
        new_pks.extend(e.pk for e in enterprises)
        if out:
            out(f"enterprises: {start + len(chunk)}/{len(records)} inserted")
    return new_pks


def index_enterprises(pks: list[int], out: _Out | None = None, batch: int = 1000) -> int:
    from shanglian.directory.selectors import live_memberships_prefetch

    total = 0
    for start in range(0, len(pks), batch):
        ids = pks[start:start + batch]
        qs = (Enterprise.objects.filter(pk__in=ids).select_related("industry", "place")
              .prefetch_related(live_memberships_prefetch()).order_by("pk"))
        total += search_index_bulk(kind=SEARCH_KIND, rows=((e.pk, enterprise_search_parts(e)) for e in qs),
                                   batch=batch)
        if out and (start // batch) % 5 == 4:
            out(f"search index: {total}/{len(pks)}")
    return total


def load_enterprises(*, count: int, today: datetime.date, associations: dict[str, Association],
                     out: _Out | None = None) -> list[int]:
    """Create the demo enterprises 0..count-1 that are not there yet (keyed by their e-mail)."""
    existing = set(demo_enterprises().values_list("email", flat=True))
    pks: list[int] = []
    for start in range(0, count, CHUNK):  # generate, insert and index in chunks: flat memory at 100k
        records = [r for r in (enterprise_record(i, today=today) for i in range(start, min(count, start + CHUNK)))
                   if r.email not in existing]
        if not records:
            continue
        taken = set(Enterprise.objects.filter(br_number__in=[r.br_number for r in records if r.br_number])
                    .values_list("br_number", flat=True))
        for r in records:  # a real record already holds this number: leave the demo one without
            if r.br_number in taken:
                r.br_number, r.br_kind = None, ""
        new = insert_enterprises(records, associations)
        index_enterprises(new)
        pks += new
        if out:
            out(f"enterprises: {min(count, start + CHUNK)}/{count} generated, inserted and indexed")
    return pks


# ---------------------------------------------------------------- terms and office-bearers
def _pool(association: Association) -> list[Person]:
    """Chinese-named contacts of the association's demo enterprises, in a stable order."""
    qs = Person.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exclude(name_zh="")
    if association.kind == Association.Kind.MEMBER:
        qs = qs.filter(enterprise__memberships__association=association,
                       enterprise__place__kind__in=["hk_district", "macao"])
    else:
        qs = qs.filter(enterprise__place__kind__in=["hk_district"])
    people = list(qs.distinct().order_by("pk")[:400])
    random.Random(f"pool-{association.slug}").shuffle(people)
    return people


def _bearers_for(term: Term, index: int, people: list[Person], past_presidents: list[Person]) -> list[OfficeBearer]:
    P = OfficeBearer.Position  # noqa: N806
    head = P.CHAIRMAN if term.association.kind == Association.Kind.FEDERATION else P.PRESIDENT
    window = [p for p in people[index * 5:] + people[:index * 5] if p not in past_presidents][:22]
    slots: list[tuple[str, str]] = [(head, ""), (P.EXECUTIVE_VICE_PRESIDENT, "")]
    slots += [(P.VICE_PRESIDENT, "")] * 4 + [(P.SECRETARY_GENERAL, ""), (P.TREASURER, "")]
    slots += [(P.COMMITTEE_CHAIR, c) for c in COMMITTEES[:3]]
    slots += [(P.HONORARY_PRESIDENT, "")] * 3 + [(P.DIRECTOR, "")] * 8
    bearers = [OfficeBearer(term=term, person=person, position=P.PERMANENT_HONORARY_PRESIDENT, sort=sort)
               for sort, person in enumerate(reversed(past_presidents[-4:]), start=1)]
    for sort, ((position, committee), person) in enumerate(zip(slots, window, strict=False), start=10):
        bearers.append(OfficeBearer(term=term, person=person, position=position, committee=committee, sort=sort))
    return bearers


def load_terms(*, associations: dict[str, Association], today: datetime.date) -> int:
    """Create missing terms (federation: 15th from 2013, 17th from 2017, … up to today's; members: the
    last three) with fictional office-bearers drawn from member enterprises' contacts."""
    created = 0
    plans: list[tuple[Association, list]] = [(associations["federation"], structure.federation_terms(today))]
    for index, spec in enumerate(structure.ASSOCIATIONS):
        plans.append((associations[spec.slug], structure.association_terms(index, today)))
    for association, plan in plans:
        existing = set(association.terms.values_list("number", flat=True))
        people = _pool(association)
        past_presidents: list[Person] = []
        bearers: list[OfficeBearer] = []
        for k, (number, start, end) in enumerate(plan):
            term_bearers = _bearers_for(Term(association=association, number=number), k, people, past_presidents)
            head = next((b.person for b in term_bearers if b.sort == 10), None)
            if number not in existing:
                term = Term.objects.create(association=association, number=number, start_date=start, end_date=end)
                for b in term_bearers:
                    b.term = term
                bearers += term_bearers
                created += 1
            if head is not None and head not in past_presidents:
                past_presidents.append(head)
        OfficeBearer.objects.bulk_create(bearers)
    return created


# ---------------------------------------------------------------- demo logins
DEMO_USERS = [
    # username, staff/superuser, association slug (admin role), language
    ("secretariat", True, None, "zh-hant"),
    ("kwuntong-admin", False, "kwun-tong", "zh-hant"),
    ("eastern-admin", False, "eastern", "en"),
    ("member1", False, None, "zh-hans"),
]


def ensure_users(associations: dict[str, Association]) -> list[str]:
    """Create the demo logins if missing; existing accounts keep their password. Returns a summary."""
    user_model = get_user_model()
    lines = []
    for username, staff, slug, language in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, email=f"{username}@shanglian.demo.invalid", is_staff=staff,
                              is_superuser=staff)
            user.set_password(DEMO_PASSWORD)
            user.save()
        UserPreference.objects.get_or_create(user=user, defaults={"language": language})
        role = "secretariat (staff)"
        if slug:
            AssociationRole.objects.get_or_create(user=user, association=associations[slug],
                                                  defaults={"role": AssociationRole.Role.ADMIN})
            role = f"admin of {associations[slug].name_zh}"
        if username == "member1":
            role = "member enterprise"
            enterprise = _member1_enterprise(user, associations["kwun-tong"])
            if enterprise is not None:
                role = f"owner of {enterprise.name_zh or enterprise.name_en}"
        lines.append(f"  {username:<16} {role}")
    return lines


def _member1_enterprise(user: Any, association: Association) -> Enterprise | None:
    held = EnterpriseRole.objects.filter(user=user).select_related("enterprise").first()
    if held is not None:
        return held.enterprise
    enterprise = (demo_enterprises().filter(memberships__association=association, memberships__status="active",
                                            place__code="kwun-tong").exclude(name_zh="").order_by("pk").first())
    if enterprise is None:
        return None
    EnterpriseRole.objects.create(user=user, enterprise=enterprise, role=EnterpriseRole.Role.OWNER)
    contact = enterprise.people.filter(user__isnull=True).order_by("pk").first()
    if contact is not None and not Person.objects.filter(user=user).exists():
        contact.user = user
        contact.save(update_fields=["user"])
    return enterprise


def load_activity(*, associations: dict[str, Association], today: datetime.date) -> int:
    """A few everyday changes by each association's demo admin, so activity logs are not empty."""
    from shanglian.directory import services
    from shanglian.directory.models import EmployeesBand

    user_model = get_user_model()
    done = 0
    for username, _staff, slug, _language in DEMO_USERS:
        admin = user_model.objects.filter(username=username).first()
        if not slug or admin is None:
            continue
        members = (Membership.objects.filter(association=associations[slug], status="active", enterprise__isnull=False)
                   .select_related("enterprise").order_by("pk"))
        for membership in members.exclude(dues_status=Membership.Dues.PAID)[:2]:
            services.membership_record_payment(actor=admin, membership=membership,
                                               paid_on=today - datetime.timedelta(days=3))
            done += 1
        first = members.first()
        if first is not None and first.end_date:
            services.membership_renew(actor=admin, membership=first,
                                      end_date=first.end_date.replace(year=first.end_date.year + 1))
            bands = [value for value, _label in EmployeesBand.choices]
            other = next(b for b in bands if b != first.enterprise.employees)
            services.enterprise_update(actor=admin, enterprise=first.enterprise, values={"employees": other})
            done += 2
    return done


# ---------------------------------------------------------------- entry points
def load_demo(*, enterprises: int = 4000, stdout: IO[str] | None = None, today: datetime.date | None = None,
              users: bool = True) -> dict[str, Any]:
    """Load (or complete) the demo data set. Returns counts of what was created."""
    out = _Out(stdout)
    today = today or datetime.date.today()
    if is_loaded(enterprises):
        associations = {a.slug: a for a in Association.objects.filter(slug__in=all_association_slugs())}
        lines = ensure_users(associations) if users else []
        out(f"demo data already loaded ({demo_enterprises().count()} demo enterprises); nothing to do")
        return {"skipped": True, "users": lines, "enterprises": 0, "terms": 0}
    with transaction.atomic():
        ensure_reference_data()
        associations = ensure_associations()
        out("federation and 15 member associations ready")
        pks = load_enterprises(count=enterprises, today=today, associations=associations, out=out)
        terms = load_terms(associations=associations, today=today)
        out(f"{terms} terms of office created")
        lines = ensure_users(associations) if users else []
        if users:
            changes = load_activity(associations=associations, today=today)
            out(f"{changes} everyday changes recorded in the activity logs")
        result = {"skipped": False, "users": lines, "enterprises": len(pks), "terms": terms}
        audit_record(actor=None, action="demo.load", target_type="directory.demo", target_repr="demo data",
                     changes={"enterprises": len(pks), "terms": terms, "requested": enterprises})
    return result


def _delete_in_the_way(queryset: Any, depth: int = 0) -> int:
    """Delete ``queryset``; rows of later apps that protect it (a declaration, a pledge, a seller
    of a demo enterprise: demo data too) are deleted first, and what protects those in turn."""
    for _attempt in range(50):
        try:
            with transaction.atomic():
                return queryset.delete()[0]
        except (ProtectedError, RestrictedError) as error:
            if depth > 8:
                raise
            blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            by_model: dict[Any, list[int]] = defaultdict(list)
            for obj in blockers:
                by_model[type(obj)].append(obj.pk)
            for model, pks in by_model.items():
                _delete_in_the_way(model._default_manager.filter(pk__in=pks), depth + 1)
    raise RuntimeError("demo reset: rows keep protecting the demo data")


def reset_demo(*, stdout: IO[str] | None = None, today: datetime.date | None = None) -> dict[str, int]:
    """Delete the demo data (demo enterprises, people, terms, logins); the associations stay."""
    out = _Out(stdout)
    today = today or datetime.date.today()
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        plans: list[tuple[str, Iterable[int]]] = [
            (structure.FEDERATION["slug"], [n for n, *_ in structure.federation_terms(today)])]
        plans += [(spec.slug, [n for n, *_ in structure.association_terms(i, today)])
                  for i, spec in enumerate(structure.ASSOCIATIONS)]
        for slug, numbers in plans:
            counts["terms"] += Term.objects.filter(association__slug=slug, number__in=list(numbers)).delete()[0]
        OfficeBearer.objects.filter(person__email__endswith=DEMO_EMAIL_DOMAIN).delete()
        counts["people"] = Person.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).delete()[0]
        counts["enterprises"] = _delete_in_the_way(demo_enterprises())
        counts["users"] = _delete_in_the_way(get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]))
        audit_record(actor=None, action="demo.reset", target_type="directory.demo", target_repr="demo data",
                     changes=dict(counts))
    out(f"demo data deleted: {dict(counts)}")
    return dict(counts)
