import datetime

import pytest

from shanglian.core.models import Industry, Place, UserPreference
from shanglian.directory import services as directory
from shanglian.directory.models import EnterpriseRole, Person
from shanglian.mailings.demo import ensure_topics


@pytest.fixture
def topics(db):
    return {t.slug: t for t in ensure_topics()}


@pytest.fixture
def members(kwun_tong, eastern, secretariat, make_user):
    """Four member enterprises with addresses: KT (HK, owner prefers English), KT (Mainland),
    KT (HK, no account), Eastern (HK)."""
    def ent(name, email, association, place="kwun-tong", industry="it", **extra):
        return directory.enterprise_create(actor=secretariat, association=association,
                                           start_date=datetime.date(2024, 1, 1), values={
                                               "name_zh": name, "email": email,
                                               "industry": Industry.objects.get(code=industry),
                                               "place": Place.objects.get(code=place), **extra})
    en_owner = ent("英語科技有限公司", "Owner@EN.example", kwun_tong)
    user = make_user("en-owner")
    EnterpriseRole.objects.create(user=user, enterprise=en_owner)
    UserPreference.objects.update_or_create(user=user, defaults={"language": "en"})
    mainland = ent("深圳貿易有限公司", "sz@trade.example", kwun_tong, place="shenzhen", industry="logistics")
    hk = ent("觀塘五金有限公司", "hk@hardware.example", kwun_tong)
    east = ent("東區茶餐廳", "east@cafe.example", eastern, place="eastern")
    return {"en": en_owner, "mainland": mainland, "hk": hk, "east": east}


@pytest.fixture
def office_bearers(kwun_tong, secretariat):
    term = directory.term_create(actor=secretariat, association=kwun_tong, number=1,
                                 start_date=datetime.date(2024, 1, 1))
    president = Person.objects.create(name_zh="陳會長", email="president@kt.example")
    director = Person.objects.create(name_zh="李會董", email="director@kt.example")
    directory.office_bearer_add(actor=secretariat, term=term, person=president, position="president")
    directory.office_bearer_add(actor=secretariat, term=term, person=director, position="director")
    return {"president": president, "director": director}
