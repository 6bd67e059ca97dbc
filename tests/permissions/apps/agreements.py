"""Permission rows of the agreements app (issue 16).

Association admins manage their association's agreements and projects; the secretariat all;
members see the published agreements and those their enterprise is party to (and the projects
their enterprise pledged to). Agreement A belongs to association A with enterprise A as a party;
agreement P is B's, published.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from tests.permissions.matrix import GP, P, logged_in, only, public, row

MANAGERS = ("admin_a", "admin_b", "secretariat")
OWNER_A = ("admin_a", "secretariat")
SEES_A = ("member_a", "admin_a", "secretariat")
AG = {"pk": "agreement_a.pk"}

PAGES = {
    "agreements:achievements": row(public()),
    "agreements:achievements#xlsx": row(public(), route="agreements:achievements", query={"format": "xlsx"}),
    "agreements:public_detail": row(public(), kwargs={"pk": "agreement_pub.pk"}),
    "agreements:organisations": row(public(), query={"q": "KOTRA"}),
    "agreements:organisation": row(public(), kwargs={"pk": "organisation_x.pk"}),
    "agreements:organisation_create": row(
        only(*MANAGERS), methods=GP, data={"kind": "chamber", "name_zh_hant": "矩陣新機構"}
    ),
    "agreements:organisation_edit": row(
        only("secretariat"),
        kwargs={"pk": "organisation_x.pk"},
        methods=GP,
        data={"kind": "chamber", "name_zh_hant": "改名機構"},
    ),
    "agreements:register": row(logged_in()),
    "agreements:register#xlsx": row(only(*MANAGERS), route="agreements:register", query={"format": "xlsx"}),
    "agreements:create": row(
        only(*MANAGERS),
        methods=GP,
        data={
            "kind": "mou",
            "association": "association_a.pk",
            "title_zh_hant": "矩陣協議",
            "languages": "zh-hant",
            "prevailing_language": "zh-hant",
        },
    ),
    "agreements:funnel": row(only(*MANAGERS)),
    "agreements:detail": row(only(*SEES_A), kwargs=AG),
    "agreements:edit": row(
        only(*OWNER_A),
        kwargs=AG,
        methods=GP,
        data={
            "kind": "mou",
            "association": "association_a.pk",
            "title_zh_hant": "改名協議",
            "languages": "zh-hant",
            "prevailing_language": "zh-hant",
        },
    ),
    "agreements:party_add": row(only(*OWNER_A), kwargs=AG, methods=P, data={"party": "agreements_codes.party"}),
    "agreements:party_edit": row(
        only(*OWNER_A),
        kwargs={**AG, "party_pk": "party_a.pk"},
        methods=P,
        data={"signatory_name": "改簽署人", "order": 1},
    ),
    "agreements:transition": row(
        only(*OWNER_A),
        kwargs=AG,
        methods=P,
        data={"to": "approved", "board_approved_on": "2026-01-05", "board_resolution": "B1"},
    ),
    "agreements:file_upload": row(only(*OWNER_A), kwargs=AG, methods=P, data={"language": "zh-hant"}),
    "agreements:file_download": row(only(*SEES_A), kwargs={**AG, "file_pk": "file_a.pk"}),
    "agreements:obligation_add": row(
        only(*OWNER_A), kwargs=AG, methods=P, data={"kind": "milestone", "title": "新里程碑", "due_on": "2027-06-30"}
    ),
    "agreements:obligation_done": row(only(*OWNER_A), kwargs={**AG, "obligation_pk": "obligation_a.pk"}, methods=P),
    "agreements:note_add": row(only(*OWNER_A), kwargs=AG, methods=P, data={"text": "進度良好"}),
    "agreements:source_add": row(
        only(*OWNER_A), kwargs=AG, methods=P, data={"kind": "event", "object_id": "event_a.pk"}
    ),
    "agreements:outcome_add": row(only(*OWNER_A), kwargs=AG, methods=P, data={"kind": "jobs", "jobs": 12}),
    "agreements:ceremony": row(
        only(*OWNER_A),
        kwargs=AG,
        methods=GP,
        data={
            "event": "event_a.pk",
            "starts_at": "2027-05-01T10:00",
            "ends_at": "2027-05-01T10:30",
            "backdrop_zh_hant": "簽約儀式",
        },
    ),
    "agreements:ceremony_pdf": row(only(*OWNER_A), kwargs=AG),
    "agreements:projects": row(logged_in()),
    "agreements:project_create": row(
        only(*MANAGERS),
        methods=GP,
        data={"name_zh_hant": "矩陣項目", "association": "association_a.pk", "budget": "1000000"},
    ),
    "agreements:project": row(
        only(*SEES_A),
        kwargs={"pk": "project_a.pk"},
        methods=GP,
        post=only(*OWNER_A),
        data={"pledger": "agreements_codes.pledger", "amount": "1000", "instalments": "2027-01-31 1000"},
    ),
    "agreements:project_edit": row(
        only(*OWNER_A),
        kwargs={"pk": "project_a.pk"},
        methods=GP,
        data={"name_zh_hant": "改名項目", "association": "association_a.pk", "budget": "2000000"},
    ),
    "agreements:instalment_paid": row(
        only(*OWNER_A),
        kwargs={"pk": "pledge_a.pk", "instalment_pk": "instalment_a.pk"},
        methods=P,
        data={"paid_on": "2026-12-01"},
    ),
    "agreements:pledge_acknowledge": row(only(*OWNER_A), kwargs={"pk": "pledge_a.pk"}, methods=P),
    "agreements:pledge_letter": row(only(*SEES_A), kwargs={"pk": "pledge_a.pk"}),
}

API = {
    "shanglian_agreements_api_list_agreements": row(public()),
}

LABELS = ("agreements",)


def build(w) -> None:
    from shanglian.agreements import services
    from shanglian.agreements.models import Agreement

    w.organisation_x = services.organisation_save(
        actor=w.secretariat,
        values={"kind": "trade_body", "name_zh_hant": "大韓貿易投資振興公社", "name_en": "KOTRA", "country": "韓國"},
    )
    w.agreement_a = services.agreement_create(
        actor=w.admin_a,
        values={"kind": "mou", "title_zh_hant": "甲區合作備忘錄", "association": w.association_a},
        parties=[
            services.PartyIn(association=w.association_a, signatory_name="甲會長"),
            services.PartyIn(enterprise=w.enterprise_a, signatory_name="甲總經理"),
        ],
    )
    w.party_a = w.agreement_a.parties.first()
    w.file_a = services.file_upload(
        actor=w.admin_a, agreement=w.agreement_a, language="zh-hant", name="a.pdf", data=b"%PDF-1.4\n%%EOF\n"
    )
    w.obligation_a = services.obligation_add(
        actor=w.admin_a,
        agreement=w.agreement_a,
        values={"title": "年度檢討", "due_on": datetime.date(2027, 6, 30), "owner": w.admin_a},
    )
    w.agreement_pub = services.agreement_create(
        actor=w.admin_b,
        values={
            "kind": "cooperation",
            "title_zh_hant": "乙區公開協議",
            "association": w.association_b,
            "is_public": True,
            "signed_on": datetime.date(2026, 3, 1),
        },
        parties=[
            services.PartyIn(association=w.association_b, signatory_name="乙會長"),
            services.PartyIn(organisation=w.organisation_x, signatory_name="Kim"),
        ],
    )
    Agreement.objects.filter(pk=w.agreement_pub.pk).update(status=Agreement.Status.ACTIVE)
    w.project_a = services.project_save(
        actor=w.admin_a,
        values={"name_zh_hant": "總部大樓", "association": w.association_a, "budget": Decimal("5000000")},
    )
    w.pledge_a = services.pledge_create(
        actor=w.admin_a,
        project=w.project_a,
        values={"enterprise": w.enterprise_a, "amount": Decimal("30000")},
        instalments=[(datetime.date(2027, 1, 31), Decimal("10000")), (datetime.date(2027, 7, 31), Decimal("20000"))],
    )
    w.instalment_a = w.pledge_a.instalments.order_by("due_on").first()
    w.agreements_codes = SimpleNamespace(party=f"o:{w.organisation_x.pk}", pledger=f"a:{w.association_b.pk}")
