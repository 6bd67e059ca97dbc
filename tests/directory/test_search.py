"""The directory search treats 繁, 简, regional vocabulary and English as one (both backends)."""

import pytest

from shanglian.directory.selectors import DirectoryFilters, enterprise_directory


def names(q: str) -> list[str]:
    return [e.name_zh for e in enterprise_directory(DirectoryFilters(q=q))]


@pytest.mark.django_db
def test_cross_script_and_vocabulary(kt_enterprise, east_enterprise):
    assert names("观塘") == ["觀塘資訊科技有限公司"]
    assert names("信息技术") == ["觀塘資訊科技有限公司"]
    assert names("出租车") == ["東區的士車行"]
    assert names("taxi") == ["東區的士車行"]
    assert names("kwun") == ["觀塘資訊科技有限公司"]
    assert names("塘") == ["觀塘資訊科技有限公司"]
    assert names("不存在的詞語xyz") == []


@pytest.mark.django_db
def test_ranked_and_filtered(kt_enterprise, east_enterprise):
    both = names("有限公司 OR 車行")  # AND semantics: no record has all of these
    assert both == []
    assert names("") == sorted(["觀塘資訊科技有限公司", "東區的士車行"])
    results = enterprise_directory(DirectoryFilters(q="科技", association="eastern"))
    assert list(results) == []
