"""The dashboard (工作台): hand-computed figures on a small county, and scope — a school sees only itself."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.core.dashboard import age_band_case
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Posting, Staff

pytestmark = pytest.mark.django_db


def born(age: int) -> dt.date:
    """A birth date making someone ``age`` today (born on 1 January)."""
    return dt.date(timezone.localdate().year - age, 1, 1)


@pytest.fixture
def county():
    year = f.make_school_year(2025)
    last = f.make_school_year(2024, current=False)
    z1, z2 = f.make_zone("城区片区"), f.make_zone("东部片区秘")
    a = f.make_school("甲城关小学", zone=z1, locality="urban")
    b = f.make_school("乙秘山中学", kind="junior", zone=z2, locality="rural")
    k = f.make_school("丙秘镇幼儿园", kind="kindergarten", zone=z2, locality="town")
    f.make_facts(a, year, "primary", students=600, classes=12, classes_46_55=4, classes_56_65=2, classes_66_plus=1)
    f.make_facts(a, last, "primary", students=640, classes=12, classes_46_55=3, classes_56_65=5, classes_66_plus=2)
    f.make_facts(b, year, "junior", students=300, classes=8, classes_46_55=1, sports_area=Decimal("2000"),
                 equipment_value=Decimal("600000"))
    f.make_facts(k, year, "kindergarten", students=100, classes=4)
    f.make_staff(a, teaching_level="primary", title="second", born=born(25))
    f.make_staff(a, teaching_level="primary", title="first", born=born(35))
    rotating = f.make_staff(a, teaching_level="primary", title="senior", born=born(52))
    Posting.objects.create(staff=rotating, school=b, start=dt.date(2025, 9, 1), reason="rotation")
    f.make_staff(a, post_kind="admin", born=born(48))
    f.make_staff(b, teaching_level="junior", title="senior", born=born(56))
    f.make_staff(b, teaching_level="junior", title="first", born=born(45))
    f.make_staff(b, post_kind="worker", born=born(50))
    f.make_staff(k, teaching_level="kindergarten", title="none", born=born(23))
    f.make_staff(a, teaching_level="primary", is_active=False)  # retired: not counted anywhere
    return {"a": a, "b": b, "k": k}


def chart_data(response) -> dict:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(match.group(1))


def kpi(response, label: str) -> str:
    return next(k["value"] for k in response.context["kpis"] if k["label"].startswith(label))


def test_leader_sees_hand_computed_county_totals(client, county):
    client.force_login(f.make_user(Role.LEADER))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    s = response.context["summary"]
    assert (s.schools, s.students, s.staff, s.teachers) == (3, 1000, 8, 6)
    assert (s.classes, s.large_classes, s.super_large_classes) == (20, 2, 1)  # kindergarten classes left out
    assert s.class_bands == {"normal": 12, "biggish": 5, "large": 2, "super_large": 1}
    assert kpi(response, "在校生数") == "1,000" and kpi(response, "生师比") == "166.7 : 1"
    assert kpi(response, "大班额班级") == "3"
    parts = {g.key: (g.schools, g.classes, g.students, g.teachers) for g in s.by_part}
    # The rotating teacher works at 乙 (junior school) but still teaches primary: counted under 小学.
    assert parts == {"kindergarten": (1, 4, 100, 1), "primary": (1, 12, 600, 3), "junior": (1, 8, 300, 2)}
    zones = {g.key: (g.schools, g.students, g.teachers) for g in s.by_zone}
    assert zones == {"城区片区": (1, 600, 2), "东部片区秘": (2, 400, 4)}
    assert [g.key for g in s.by_zone] == ["城区片区", "东部片区秘"]
    assert s.age_by_locality["all"] == {"≤29": 2, "30—39": 1, "40—49": 1, "50—54": 1, "≥55": 1}
    assert s.title_by_locality["rural"] == {"senior": 2, "first": 1}
    assert [r.name for r in s.top_oversized] == ["甲城关小学"]
    assert [(x.name, sorted(x.failing)) for x in s.facility_short] == [("乙秘山中学", ["equipment", "sports"])]
    data = chart_data(response)
    assert data["zones"]["students"] == [600, 400] and data["class_bands"]["values"] == [12, 5, 2, 1]
    assert data["age"]["rows"][0] == "合计" and data["age"]["counts"][0] == [2, 1, 1, 1, 1]
    assert [t["oversized"] for t in response.context["trend"]] == ["7", "3"]
    text = response.content.decode()
    assert "桐溪" not in text and "2025—2026学年" in text
    assert "56人及以上班级3个，占中小学班级的15.0%" in text
    assert "1所义务教育学校至少一项办学条件低于优质均衡标准" in text


def test_school_admin_sees_only_its_school(client, county):
    client.force_login(f.make_user(Role.SCHOOL, school=county["a"]))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    s = response.context["summary"]
    # 甲: two teachers and the administrator; its rotating teacher works at 乙 now.
    assert (s.schools, s.students, s.staff, s.teachers, s.large_classes, s.super_large_classes) == (1, 600, 3, 2, 2, 1)
    assert response.context["scope_label"] == "甲城关小学"
    assert not response.context["several_zones"] and not response.context["several_localities"]
    text = response.content.decode()
    assert "秘" not in text  # nothing of the other schools, not even their zone's name
    assert "56人及以上班级3个，占本校班级的25.0%" in text
    # The school's own layout (issue 17): no county charts, no "学校数 1 所".
    assert 'id="dashboard-data"' not in text and "学校数" not in text


def test_school_admin_of_the_host_school_counts_the_rotating_teacher(client, county):
    client.force_login(f.make_user(Role.SCHOOL, school=county["b"]))
    response = client.get(reverse("core:dashboard"))
    s = response.context["summary"]
    assert (s.schools, s.students, s.staff, s.teachers) == (1, 300, 4, 3)
    assert "本校有2项办学条件低于优质均衡标准：生均体育运动场馆、生均教学仪器设备值" in response.content.decode()


def test_inspector_sees_its_zone(client, county):
    zone = county["b"].zone
    client.force_login(f.make_user(Role.INSPECTOR, zone=zone))
    response = client.get(reverse("core:dashboard"))
    s = response.context["summary"]
    assert (s.schools, s.students) == (2, 400)
    assert "甲城关小学" not in response.content.decode()
    assert response.context["scope_label"].startswith("东部片区秘")


def test_anonymous_is_sent_to_login_and_no_profile_sees_nothing(client, county):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(f.make_user(None))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert response.context["summary"].schools == 0
    assert "秘" not in response.content.decode() and "甲城关小学" not in response.content.decode()


def test_no_inline_script_and_echarts_served_locally(client, county):
    client.force_login(f.make_user(Role.LEADER))
    text = client.get(reverse("core:dashboard")).content.decode()
    for tag in re.findall(r"<script[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/vendor/echarts/dist/echarts.min.js" in text and "/static/js/dashboard.js" in text
    assert " on" not in " ".join(re.findall(r"<[a-z]+ [^>]*\bon[a-z]+=", text))


def test_a_few_queries_whatever_the_size(client, county, django_assert_max_num_queries):
    for _ in range(20):
        f.make_staff(county["b"], teaching_level="junior")
    client.force_login(f.make_user(Role.LEADER))
    # 12 for the registry figures (the county's facility lines among them), 2 for the follow-up card (counts per
    # module, the most overdue items), the figures' cache (core.figures_cache: the fingerprint, the look-up, the store
    # in the database's cache), and the modules' cards as one more cache entry (core.dashboard_cards: fingerprint,
    # look-up, the store) computed once: each card's own aggregates, whatever the size (the evaluation scheme 1,
    # safety's hazards and papers 2, projects 1, complaints 1).
    with django_assert_max_num_queries(33):
        client.get(reverse("core:dashboard"))
    # Then the figures come from the cache (issue 16): the fingerprint and the look-up instead of the figures, for
    # the dashboard's own figures and for the cards.
    with django_assert_max_num_queries(13):
        client.get(reverse("core:dashboard"))


def test_age_band_boundaries():
    today = timezone.localdate()
    cases = {30: "30—39", 29: "≤29", 39: "30—39", 55: "≥55", 54: "50—54"}
    for age, band in cases.items():
        # Born exactly ``age`` years ago today: the birthday is today, so the age is reached.
        birthday = today.replace(year=today.year - age) if not (today.month == 2 and today.day == 29) else \
            today.replace(year=today.year - age, day=28)
        staff = f.make_staff(born=birthday)
        assert Staff.objects.filter(pk=staff.pk).annotate(b=age_band_case(today)).get().b == band, age
        assert staff.age == age
