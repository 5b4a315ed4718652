"""The search-as-you-type pick list (issue 17): scoped matches from /pick/<kind>/, forms without their thousands of
options, and a forged id outside the scope refused by the form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from edubureau.core.generic import object_url
from edubureau.core.picklist import LIMIT
from edubureau.core.testing import factories as f
from edubureau.people.models import Posting, Student
from tests.pages.conftest import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def found(client, user, kind, q) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("core:pick", args=[kind]), {"q": q})
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


def test_matches_stay_in_the_readers_scope(client, world):  # noqa: F811
    department, school, inspector = world.users["department"], world.users["school"], world.users["inspector"]
    assert set(found(client, department, "school", "小学")) == {"甲小学", "乙小学"}
    assert found(client, school, "school", "小学") == ["甲小学"]
    assert found(client, inspector, "school", "乙") == []  # 乙小学 is in the other zone
    assert found(client, school, "class", "三年级") == ["甲小学 三年级1班"]
    assert len(found(client, department, "class", "三年级")) == 2
    assert found(client, school, "staff", "教师") == ["a教师（甲小学）"]
    assert found(client, department, "staff", "b教师") == ["b教师（乙小学）"]


def test_every_word_must_match_and_codes_are_searched(client, world):  # noqa: F811
    department = world.users["department"]
    assert found(client, department, "school", "3300000002") == ["乙小学"]
    assert found(client, department, "class", "乙 三年级") == ["乙小学 三年级1班"]
    student = world.student_a
    assert found(client, department, "student", student.student_no[-6:]) == [str(student)]
    assert found(client, department, "school", "") == []


def test_at_most_the_limit_and_the_more_flag(client, world):  # noqa: F811
    for i in range(LIMIT + 5):
        f.make_staff(world.a, name=f"同名教师{i}")
    client.force_login(world.users["department"])
    body = client.get(reverse("core:pick", args=["staff"]), {"q": "同名"}).json()
    assert len(body["results"]) == LIMIT and body["more"] is True


def test_unknown_kind_and_anonymous(client, world):  # noqa: F811
    assert client.get(reverse("core:pick", args=["staff"]), {"q": "a"}).status_code == 302  # to the login page
    client.force_login(world.users["department"])
    assert client.get(reverse("core:pick", args=["salary"])).status_code == 404


def test_forms_send_the_chosen_row_not_every_option(client, world):  # noqa: F811
    for i in range(40):
        f.make_staff(world.a, name=f"教师{i:02d}")
    client.force_login(world.users["department"])
    body = client.get(object_url(Posting, "add")).content.decode()
    staff_select = re.search(r'<select[^>]*name="staff"[^>]*>(.*?)</select>', body, re.S)
    assert staff_select and 'data-pick="/pick/staff/"' in staff_select.group(0)
    assert staff_select.group(1).count("<option") <= 1  # the empty choice only
    edit = client.get(object_url(world.posting_a, "edit")).content.decode()
    chosen = re.search(r'<select[^>]*name="staff"[^>]*>(.*?)</select>', edit, re.S).group(1)
    assert chosen.count("<option") == 2 and "selected" in chosen and world.staff_a.name in chosen


def test_a_forged_id_outside_the_scope_is_refused(client, world):  # noqa: F811
    client.force_login(world.users["school"])
    before = Student.objects.count()
    response = client.post(object_url(Student, "add"), {
        "student_no": "G330000000000000097", "name": "越权学生", "sex": "M", "school": world.a.pk,
        "school_class": world.class_b.pk, "grade": "3"})  # 乙小学's class
    assert response.status_code == 200 and Student.objects.count() == before
    assert "school_class" in response.context["form"].errors


def test_names_starting_with_the_word_come_first_and_only_the_current_school_counts(client, world):  # noqa: F811
    wangjia = f.make_school("王家岭小学", zone=world.zone_a, code="3300000009")
    moved = f.make_staff(wangjia, name="陈老师")
    posting = moved.postings.get()
    posting.end = posting.start
    posting.save()
    Posting.objects.create(staff=moved, school=world.a, start=posting.start, reason="rotation")
    f.make_staff(wangjia, name="卢老师")
    f.make_staff(world.a, name="王老师")
    department = world.users["department"]
    assert found(client, department, "staff", "王") == ["王老师（甲小学）", "卢老师（王家岭小学）"]
