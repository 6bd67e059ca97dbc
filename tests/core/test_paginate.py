"""core.selectors.paginate: the API's one pagination (clamped, never raising, counted once)."""

import pytest

from shanglian.core.models import Industry
from shanglian.core.selectors import paginate

pytestmark = pytest.mark.django_db


def test_pages_of_a_queryset_and_a_list():
    qs = Industry.objects.order_by("pk")
    total = qs.count()
    page = paginate(qs, 1, 3)
    assert page.count == total and page.page == 1 and page.page_size == 3 and len(page.items) == min(3, total)
    assert paginate(list(range(10)), 2, 4).items == [4, 5, 6, 7]
    assert paginate(list(range(10)), "abc", "²").items == list(range(10))  # junk: page 1, default size
    far = paginate(list(range(10)), 10**30, 10**30, max_size=50)
    assert far.items == [] and far.page_size == 50 and far.count == 10
    assert paginate(list(range(10)), -5, 0).page == 1
