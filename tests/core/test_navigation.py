import pytest
from django.urls import reverse

from edubureau.core.navigation import menu_for
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def active_labels(user, path):
    return [str(link["label"]) for group in menu_for(user, path) for link in group["links"] if link.get("active")]


def test_detail_page_keeps_its_list_highlighted():
    user = f.make_user()
    assert active_labels(user, reverse("org:school_list") + "12/") == ["学校"]
    # /org/school-facts/ is not under /org/schools/: the longest matching prefix wins.
    assert active_labels(user, reverse("org:schoolfacts_list") + "3/edit/") == ["学校基本数据"]
    assert active_labels(user, "/") == ["工作台"]


def test_pages_are_chinese_even_for_an_english_browser(client):
    user = f.make_user()
    for n in range(60):
        f.make_school(name=f"分页测试{n}小学")
    client.force_login(user)
    response = client.get(reverse("org:school_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = response.content.decode()
    assert "下一页" in text and ">next<" not in text.replace(" ", "").replace("\n", "")
    assert response["Content-Language"] == "zh-hans"


def test_a_school_is_not_shown_the_bureaus_own_tools():
    from edubureau.core.roles import Role

    def names(user):
        return {link["name"] for group in menu_for(user, "/") for link in group["links"]}

    school_menu = names(f.make_user(Role.SCHOOL, school=f.make_school()))
    leader_menu = names(f.make_user(Role.LEADER))
    assert "inspection:department" in leader_menu and "inspection:department" not in school_menu
    assert "inspection:notice_list" in school_menu  # its own notices stay


def test_upper_tasks_only_for_a_countys_bureau():
    from edubureau.core.roles import Role

    city, (county, _other) = f.make_city_with_counties("甲县", "乙县")
    f.make_school("甲县一小", region=county)
    f.make_school("乙县一小", region=_other)

    def names(user):
        return {link["name"] for group in menu_for(user) for link in group["links"]}

    assert "plans:upper_tasks" in names(f.make_user(Role.LEADER, region=county))
    assert "plans:upper_tasks" not in names(f.make_user(Role.LEADER, region=city))
    assert "plans:upper_tasks" not in names(f.make_user(Role.LEADER))
