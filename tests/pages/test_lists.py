"""List pages: filters, search, sorting, counts, paging, Excel links, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.core.generic import object_url
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import School

pytestmark = pytest.mark.django_db

# Fixed ceilings for a 30-row page (session, user, profile, scope, count, rows, prefetches, menu …).
MAX_QUERIES = {"org:school_list": 12, "people:staff_list": 12, "people:schoolclass_list": 12,
               "org:schoolfacts_list": 12, "people:student_list": 12}


def queries(client, url):
    client.get(url)  # warm caches (content types, …)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def grow(world, n):
    """``n`` more schools with a row of each kind, and ``n`` more staff, classes and pupils at school A."""
    for _ in range(n):
        school = f.make_school(zone=world.zone_a)
        f.make_facts(school, world.year)
        for where in (school, world.a):
            staff = f.make_staff(where)
            klass = f.make_class(where, head_teacher=staff)
            f.make_student(where, klass)


@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
@pytest.mark.parametrize("who", ["department", "school"])
def test_list_query_count_is_fixed(client, world, name, who):
    client.force_login(world.users[who])
    url = reverse(name)
    grow(world, 3)
    few = queries(client, url)
    grow(world, 30)
    many = queries(client, url)
    assert many == few, (few, many)
    assert many <= MAX_QUERIES[name]


def test_search_filter_sort_and_count(client, world):
    client.force_login(world.users["department"])
    url = reverse("org:school_list")
    body = client.get(url).content.decode()
    assert "共 3 条" in body
    response = client.get(url, {"q": "甲"})
    assert list(response.context["table"].data) == [world.a]
    assert "共 1 条" in response.content.decode()
    body = client.get(url, {"kind": "junior"}).content.decode()
    assert "共 1 条" in body and "丙中学" in body
    assert 'class="collapse show" id="eb-filters"' in body  # the panel stays open while a filter is on
    response = client.get(url, {"zone": world.zone_b.pk, "sort": "-name"})
    assert list(response.context["table"].data) == sorted([world.b, world.c], key=lambda s: s.name, reverse=True)
    body = client.get(url, {"sort": "name"}).content.decode()
    assert "?sort=-name" in body  # the sorted header now offers the other direction


def test_bad_filter_value_is_a_form_error_not_a_500(client, world):
    client.force_login(world.users["department"])
    response = client.get(reverse("org:school_list"), {"zone": "abc", "is_active": "maybe"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


def test_huge_choice_filters_leave_the_panel(client, world, monkeypatch):
    from edubureau.core.generic import list as generic_list

    monkeypatch.setattr(generic_list, "MAX_FILTER_CHOICES", 1)
    client.force_login(world.users["department"])
    form = client.get(reverse("people:posting_list")).context["filterset"].form
    assert "staff" not in form.fields and "reason" in form.fields
    response = client.get(reverse("people:posting_list"), {"staff": world.staff_b.pk})
    assert list(response.context["filterset"].form.fields["staff"].queryset) == [world.staff_b]
    assert list(response.context["table"].data) == [world.posting_b]


def test_pagination_is_50_rows(client, world):
    for i in range(52):
        School.objects.create(code=f"34000000{i:02d}", name=f"分页学校{i:02d}", kind="primary", locality="rural",
                              region=world.region)
    client.force_login(world.users["department"])
    first = client.get(reverse("org:school_list"), {"q": "分页"})
    assert first.context["table"].page.object_list.__len__() == 50
    assert "共 52 条" in first.content.decode()
    second = client.get(reverse("org:school_list"), {"q": "分页", "page": 2}).content.decode()
    assert "分页学校51" in second or "分页学校00" in second


def test_excel_links_follow_the_filters(client, world):
    client.force_login(world.users["department"])
    body = client.get(reverse("org:school_list"), {"kind": "primary", "page": 1}).content.decode()
    export = reverse("core:export", args=["org.school"])
    assert f'href="{export}?kind=primary"' in body
    assert reverse("core:import_start", args=["org.school"]) in body
    assert reverse("core:import_template", args=["org.school"]) in body
    assert reverse("org:school_add") in body


def test_readers_get_export_but_no_import_or_add(client, world):
    client.force_login(world.users["leader"])
    body = client.get(reverse("org:school_list")).content.decode()
    assert reverse("core:export", args=["org.school"]) in body
    assert reverse("core:import_start", args=["org.school"]) not in body
    assert reverse("org:school_add") not in body


def test_optional_url_tag_is_empty_for_a_missing_page():
    from edubureau.core.templatetags.registry import optional_url

    assert optional_url("core:no_such_page", "org.school") == ""
    assert optional_url("org:school_detail", 7) == "/org/schools/7/"


def test_related_tables_on_detail_pages(client, world):
    client.force_login(world.users["department"])
    body = client.get(object_url(world.year, "detail")).content.decode()
    assert "第一学期" in body and "第二学期" in body
    assert f"{reverse('org:term_add')}?school_year={world.year.pk}" in body
    body = client.get(object_url(world.group_a, "detail")).content.decode()
    assert "成员学校" in body and object_url(world.membership_a, "detail") in body


def test_404_and_403_pages_are_chinese(client, world):
    client.force_login(world.users["school"])
    missing = client.get("/org/schools/999999/")
    assert missing.status_code == 404 and "找不到该页面或记录" in missing.content.decode()
    refused = client.get(reverse("org:school_add"))  # a school administrator adds no schools
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()
    client.force_login(f.make_user(Role.READONLY))
    assert client.get(object_url(world.b, "edit")).status_code == 403


def test_empty_filter_choices_read_all(client, world):
    client.force_login(world.users["department"])
    form = client.get(reverse("people:student_list")).context["filterset"].form
    for name in ("school", "sex", "left_behind"):
        assert list(form.fields[name].widget.choices)[0][1] == "全部", name
