"""The public gallery at a federation's size: search through core.search (繁體, 简体, English and
HK / Mainland words alike), category and age-group filters, 24 a page, and votes cast from a
searched page going back to it. Real database and index; nothing of ours is mocked."""

from __future__ import annotations

import datetime
import importlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shanglian.competition import selectors, services
from shanglian.competition.models import AgeGroup, Category, Competition, Entry, PublicVote
from shanglian.core.models import SearchEntry
from shanglian.core.search import REINDEXERS
from shanglian.festival.phone_session import SESSION_PHONE
from tests.competition.images import photo
from tests.competition.test_competition import _phone, _token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _make_competition(secretariat, title="青年學藝攝影比賽"):
    now = timezone.now()
    return services.competition_save(actor=secretariat, values={
        "title_zh_hant": title, "entry_deadline": now + datetime.timedelta(days=10),
        "vote_opens": now - datetime.timedelta(days=1), "vote_closes": now + datetime.timedelta(days=20),
        "status": "entries", "min_width": 400, "min_height": 300, "max_bytes": 2 * 1024 * 1024,
        "entries_per_person": 20},
        categories="城市風貌 | 城市风貌 | Cityscape\n人物生活 | 人物生活 | People",
        age_groups="少年組 | 10 | 17 | 少年组 | Junior\n青年組 | 18 | 30 | 青年组 | Youth")


@pytest.fixture
def competition(secretariat):
    return _make_competition(secretariat)


def submit(competition, user, title, *, seed, category=0):
    """An entry through the service, its index written after commit as in production."""
    return services.entry_submit(
        actor=user, competition=competition, category_id=list(competition.categories.order_by("pk"))[category].pk,
        age_group_id=competition.age_groups.get(name_zh_hant="青年組").pk, entrant_name="陳小明",
        birth_date=datetime.date(2000, 1, 1), title=title, data=photo(seed=seed))


def bulk_entries(competition, user, n, *, title="街景", category=None):
    """Many live entries written straight to the table (no photos needed to list them), then
    indexed by the registered reindexer, as ``manage.py reindex`` does."""
    category = category or competition.categories.order_by("pk").first()
    group = competition.age_groups.get(name_zh_hant="青年組")
    rows = [Entry(competition=competition, category=category, age_group=group, user=user,
                  code=f"T{competition.pk:03d}{category.pk:03d}{i:04d}"[:12], entrant_name="甲",
                  birth_date=datetime.date(2000, 1, 1), title=f"{title} {i + 1}", dhash=f"{i:016x}")
            for i in range(n)]
    Entry.objects.bulk_create(rows)
    REINDEXERS[services.SEARCH_KIND]()
    return rows


def gallery(client, competition, **params):
    response = client.get(reverse("competition:gallery", args=[competition.pk]), params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


# ------------------------------------------------------------------------------- search
def test_search_finds_an_entry_in_traditional_simplified_and_english(
        client, competition, kt_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(competition, kt_member, "深夜的士", seed=1)
        submit(competition, kt_member, "電車叮叮", seed=2)
        submit(competition, kt_member, "郊野紅葉", seed=3, category=1)
    assert SearchEntry.objects.filter(kind=services.SEARCH_KIND).count() == 3
    # the HK word, its Mainland word and English: one entry
    for q in ("的士", "出租车", "taxi"):
        assert titles(gallery(client, competition, q=q))[0] == "深夜的士", q
    # Traditional and Simplified characters
    for q in ("電車", "电车"):
        found = titles(gallery(client, competition, q=q))
        assert found[0] == "電車叮叮" and "郊野紅葉" not in found, q
    assert titles(gallery(client, competition, q="红叶"))[0] == "郊野紅葉"
    # the category's name in any of its three languages finds its entries
    assert set(titles(gallery(client, competition, q="people"))) >= {"郊野紅葉"}
    page = gallery(client, competition, q="电车").content.decode()
    assert "共 1 件作品" in page or "共 2 件作品" in page or "共 3 件作品" in page  # a count is shown
    assert 'value="电车"' in page  # the query stays in the box


def test_search_never_reads_the_entrants_name(client, competition, kt_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(competition, kt_member, "維港晨光", seed=4)
    assert "陳小明" not in SearchEntry.objects.get(kind=services.SEARCH_KIND, object_id=entry.pk).tokens
    assert "維港晨光" not in gallery(client, competition, q="陳小明").content.decode()


def test_withdrawn_and_disqualified_entries_leave_the_search(
        client, competition, kt_member, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tram = submit(competition, kt_member, "電車叮叮", seed=5)
        ferry = submit(competition, kt_member, "天星小輪", seed=6)
    assert titles(gallery(client, competition, q="電車"))[0] == "電車叮叮"
    services.entry_withdraw(actor=kt_member, entry=tram)
    assert "電車叮叮" not in titles(gallery(client, competition, q="電車"))
    assert not SearchEntry.objects.filter(kind=services.SEARCH_KIND, object_id=tram.pk).exists()
    services.entry_disqualify(actor=secretariat, entry=ferry, reason="並非本人作品")
    assert "天星小輪" not in titles(gallery(client, competition, q="天星"))
    assert not SearchEntry.objects.filter(kind=services.SEARCH_KIND).exists()
    page = gallery(client, competition, q="天星").content.decode()
    assert "沒有符合「天星」的參賽作品。" in page
    assert f'href="{reverse("competition:gallery", args=[competition.pk])}"' in page  # clear the search


def test_renamed_category_is_found_by_its_new_name(client, competition, kt_member, secretariat,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(competition, kt_member, "舊區天台", seed=7)

    def tokens():
        return SearchEntry.objects.get(kind=services.SEARCH_KIND, object_id=entry.pk).tokens

    assert "cityscape" in tokens() and "skyline" not in tokens()
    with django_capture_on_commit_callbacks(execute=True):
        services.competition_save(
            actor=secretariat, competition=competition, values={"title_zh_hant": competition.title_zh_hant,
                                                                "vote_opens": competition.vote_opens,
                                                                "vote_closes": competition.vote_closes},
            categories="城市風貌 | 城市风貌 | Skyline\n人物生活 | 人物生活 | People",
            age_groups=services.age_groups_text(competition))
    assert "skyline" in tokens() and "cityscape" not in tokens()
    assert titles(gallery(client, competition, q="skyline")) == ["舊區天台"]


def test_existing_entries_are_indexed_by_reindex_and_by_the_migration(client, competition, kt_member):
    bulk_entries(competition, kt_member, 3, title="石澳浪花")
    assert len(titles(gallery(client, competition, q="浪花"))) == 3
    SearchEntry.objects.filter(kind=services.SEARCH_KIND).delete()
    assert not titles(gallery(client, competition, q="浪花"))
    call_command("reindex", services.SEARCH_KIND, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(titles(gallery(client, competition, q="浪花"))) == 3
    SearchEntry.objects.filter(kind=services.SEARCH_KIND).delete()
    migration = importlib.import_module("shanglian.competition.migrations.0003_index_entries")
    migration.forward(django_apps, None)
    assert len(titles(gallery(client, competition, q="浪花"))) == 3
    migration.backward(django_apps, None)
    assert not SearchEntry.objects.filter(kind=services.SEARCH_KIND).exists()


# ------------------------------------------------------------------------------- pages and filters
def test_pagination_keeps_the_search_and_filters(client, competition, kt_member):
    people = competition.categories.order_by("pk").last()
    bulk_entries(competition, kt_member, 30, title="街景")
    bulk_entries(competition, kt_member, 5, title="街坊", category=people)
    first = gallery(client, competition)
    assert len(first.context["page"].object_list) == 24 and first.context["page"].paginator.count == 35
    assert "共 35 件作品" in first.content.decode()
    second = gallery(client, competition, page=2)
    assert len(second.context["page"].object_list) == 11
    assert not set(titles(first)) & set(titles(second))
    searched = gallery(client, competition, q="街景")
    # the word's own entries first (records near in meaning may follow them: a hybrid search)
    assert searched.context["page"].paginator.count >= 30
    assert all(t.startswith("街景") for t in titles(searched))
    assert "q=%E8%A1%97%E6%99%AF&amp;page=2" in searched.content.decode()  # the next page keeps q
    rest = titles(gallery(client, competition, q="街景", page=2))
    assert all(t.startswith("街景") for t in rest[:6]) and not set(rest) & set(titles(searched))
    only_people = gallery(client, competition, category=people.pk)
    assert sorted(titles(only_people)) == sorted(f"街坊 {i}" for i in range(1, 6))
    assert "共 5 件作品" in only_people.content.decode()
    assert all(t.startswith("街坊") for t in titles(gallery(client, competition, q="街景", category=people.pk)))
    both = gallery(client, competition, q="街坊", category=people.pk)
    assert len(titles(both)) == 5 and f"category={people.pk}" in both.context["query_string"]
    junior = competition.age_groups.get(name_zh_hant="少年組")
    empty = gallery(client, competition, age=junior.pk).content.decode()
    assert "這個組別暫無參賽作品。" in empty


def test_search_ranks_within_this_competition_only(client, competition, secretariat, kt_member):
    other = _make_competition(secretariat, title="另一比賽")
    bulk_entries(other, kt_member, 5, title="街市人情")
    bulk_entries(competition, kt_member, 2, title="街市人情")
    found = gallery(client, competition, q="街市")
    assert found.context["page"].paginator.count == 2
    assert {e.competition_id for e in found.context["page"].object_list} == {competition.pk}


BAD_QUERIES = ["📷🎉🇭🇰", "x" * 10_000, "電" * 10_000, '"AND OR*', "NEAR(a b)", "a AND NOT b", "*", "^",
               ")(", "'; DROP TABLE x; --", "\x01\x02\x1f\x7f", "a\x00b", "\u200b\u202e", "%", "_",
               "col:val", "-", "{}", "\\", "電車 OR", "   "]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_any_query_is_a_page(client, competition, kt_member, q):
    bulk_entries(competition, kt_member, 3)
    gallery(client, competition, q=q)


def test_a_long_query_is_cut_and_said_so(client, competition, kt_member):
    bulk_entries(competition, kt_member, 3, title="街景")
    response = gallery(client, competition, q="街景" + "字" * 5000)
    page = response.content.decode()
    assert len(response.context["q"]) == 200 and "搜尋字詞太長" in page and "字" * 201 not in page


@pytest.mark.parametrize("params", [
    {"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": "99999"}, {"page": "9" * 40}, {"page": "²"},
    {"page": "1e3"}, {"page": ""}, {"category": "abc"}, {"category": "-3"}, {"category": "9" * 40},
    {"category": "0"}, {"age": "x"}, {"age": "9" * 30}, {"category": "1.5", "age": "[]", "page": "2"},
])
def test_any_page_or_filter_value_is_a_page(client, competition, kt_member, params):
    bulk_entries(competition, kt_member, 30)
    assert titles(gallery(client, competition, **params))


def test_another_competitions_category_is_ignored(client, competition, secretariat, kt_member):
    other = _make_competition(secretariat, title="另一比賽")
    bulk_entries(competition, kt_member, 3)
    foreign = other.categories.first()
    response = gallery(client, competition, category=foreign.pk, age=other.age_groups.first().pk)
    assert len(titles(response)) == 3 and response.context["category"] is None
    assert Category.objects.filter(pk=foreign.pk).exists() and AgeGroup.objects.count() == 4


def test_draft_competition_has_no_gallery(client, competition):
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.DRAFT)
    assert client.get(reverse("competition:gallery", args=[competition.pk]), {"q": "x"}).status_code == 404


# ------------------------------------------------------------------------------- voting from a search
def _verified(client, n: int) -> None:
    session = client.session
    session[SESSION_PHONE] = _token(_phone(n))
    session.save()


def test_a_vote_from_a_searched_page_counts_and_returns_there(client, competition, kt_member):
    people = competition.categories.order_by("pk").last()
    bulk_entries(competition, kt_member, 30, title="街景", category=people)
    _verified(client, 1)
    page = gallery(client, competition, q="街景", category=people.pk, page=2)
    entry = page.context["page"].object_list[0]
    here = page.context["here"]
    assert f'name="next" value="{here.replace("&", "&amp;")}"' in page.content.decode()
    response = client.post(reverse("competition:vote", args=[entry.pk]), {"next": here})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("competition:gallery", args=[competition.pk])
    assert parse_qs(target.query) == {"q": ["街景"], "category": [str(people.pk)], "page": ["2"]}
    assert target.fragment == f"entry-{entry.pk}"
    assert PublicVote.objects.filter(entry=entry).count() == 1
    after = client.get(response["Location"])
    assert after.status_code == 200 and "多謝投票" in after.content.decode()
    assert entry.title in titles(after)


def test_a_vote_never_goes_back_elsewhere(client, competition, kt_member):
    entry = bulk_entries(competition, kt_member, 1)[0]
    entry = Entry.objects.get(code=entry.code)
    _verified(client, 2)
    gallery_url = reverse("competition:gallery", args=[competition.pk])
    for bad in ("https://evil.example/", "//evil.example/x", reverse("competition:list"), "javascript:alert(1)"):
        response = client.post(reverse("competition:vote", args=[entry.pk]), {"next": bad})
        assert response.status_code == 302 and response["Location"] == f"{gallery_url}#entry-{entry.pk}"
    assert PublicVote.objects.filter(entry=entry).count() == 1  # one phone, one vote


def test_a_vote_without_a_phone_comes_back_to_the_search(client, competition, kt_member):
    entry = Entry.objects.get(code=bulk_entries(competition, kt_member, 1)[0].code)
    here = gallery(client, competition, q="街景").context["here"]
    response = client.post(reverse("competition:vote", args=[entry.pk]), {"next": here})
    target = urlsplit(response["Location"])
    assert target.path == reverse("festival:phone") and parse_qs(target.query)["next"] == [here]
    assert not PublicVote.objects.exists()


def test_selector_keeps_the_news_embed_working(competition, kt_member):
    bulk_entries(competition, kt_member, 3)
    assert len(list(selectors.gallery(competition)[:12])) == 3
