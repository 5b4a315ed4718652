"""Staff and student pages: ID numbers masked by ``can_see_personal``, the posting timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core import idcard
from edubureau.core.generic import object_url
from edubureau.core.testing import factories as f
from edubureau.people.forms import StaffForm
from edubureau.people.models import Posting

from .conftest import form_data

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_id_number_masked_for_inspector_and_shown_to_personnel(client, world):
    staff = world.staff_a
    full, masked = staff.id_number, idcard.mask(staff.id_number)
    for who in ("inspector", "leader"):
        body = page(client, world.users[who], object_url(staff, "detail"))
        assert masked in body and full not in body, who
        listing = page(client, world.users[who], reverse("people:staff_list"))
        assert masked in listing and full not in listing, who
    for who in ("department", "school"):
        body = page(client, world.users[who], object_url(staff, "detail"))
        assert full in body, who
        # Issue 18: lists mask for everybody; the full number only on the detail page (each reveal logged).
        listing = page(client, world.users[who], reverse("people:staff_list"))
        assert full not in listing and masked in listing, who


def test_student_id_number_masked_for_inspector(client, world):
    student = world.student_a
    student.id_number = f.make_id_number(dt.date(2016, 3, 1), "M")
    student.save()
    masked = idcard.mask(student.id_number)
    body = page(client, world.users["inspector"], object_url(student, "detail"))
    assert masked in body and student.id_number not in body
    assert student.id_number in page(client, world.users["school"], object_url(student, "detail"))
    listing = page(client, world.users["inspector"], reverse("people:student_list"))
    assert masked in listing and student.id_number not in listing


def test_history_hides_id_number_changes_from_inspector(client, world):
    user = world.users["department"]
    staff = world.staff_a
    old = staff.id_number
    new = f.make_id_number(dt.date(1985, 6, 15), "F")
    client.force_login(user)
    response = client.post(object_url(staff, "edit"), form_data(StaffForm, staff, user, id_number=new))
    assert response.status_code == 302
    shown = page(client, user, object_url(staff, "history"))
    # The audit trail never stores an ID number in clear (core.audit.MASKED_FIELDS): even the
    # personnel department sees the change only as a masked value.
    assert old not in shown and new not in shown and new[9:] in shown
    hidden = page(client, world.users["inspector"], object_url(staff, "history"))
    assert old not in hidden and new not in hidden and "（已隐藏）" in hidden


def test_edit_form_drops_id_number_for_those_who_may_not_see_it(world):
    # Whoever may not read the number cannot overwrite it blind either.
    form = StaffForm(instance=world.staff_a, user=world.users["inspector"])
    assert "id_number" not in form.fields
    assert "id_number" in StaffForm(instance=world.staff_a, user=world.users["department"]).fields


def test_posting_timeline(client, world):
    staff = world.staff_a  # regular posting at A since 2015-09-01
    Posting.objects.create(staff=staff, school=world.c, start=dt.date(2012, 9, 1), end=dt.date(2015, 8, 31),
                           reason="support", position="数学教师")
    Posting.objects.create(staff=staff, school=world.b, start=dt.date(2025, 9, 1), reason="rotation")
    body = page(client, world.users["department"], object_url(staff, "detail"))
    timeline = body[body.index('data-section="timeline"'):]
    # Newest first: the rotation at B, then A, then the support posting at C.
    assert timeline.index("乙小学") < timeline.index("甲小学") < timeline.index("丙中学")
    for text in ("交流轮岗", "任职", "支教", "2012年9月1日", "2015年8月31日", "至今", "数学教师"):
        assert text in timeline, text
    years = world.staff_a.years_at_current_school()
    assert f'<div class="eb-kpi">{years}</div>' in timeline
    assert "无校籍（县管校聘）" not in body


def test_timeline_shows_county_pool_and_hides_other_schools_from_school_admin(client, world):
    staff = world.staff_a
    Posting.objects.create(staff=staff, school=world.b, start=dt.date(2020, 9, 1), end=dt.date(2021, 7, 1),
                           reason="secondment")
    Posting.objects.filter(staff=staff, school=world.a).update(reason="county_pool")
    department_view = page(client, world.users["department"], object_url(staff, "detail"))
    assert "无校籍（县管校聘）" in department_view and "借调" in department_view
    school_view = page(client, world.users["school"], object_url(staff, "detail"))
    timeline = school_view[school_view.index('data-section="timeline"'):]
    assert "乙小学" not in timeline and "借调" not in timeline
    assert "另有 1 条在其他学校的任职记录不在您的查看范围内" in timeline


def test_staff_list_filters_by_school(client, world):
    client.force_login(world.users["department"])
    response = client.get(reverse("people:staff_list"), {"school": world.b.pk})
    body = response.content.decode()
    assert object_url(world.staff_b, "detail") in body and object_url(world.staff_a, "detail") not in body
    assert "共 1 条" in body


def test_home_school_admin_is_not_told_the_host_school(client, world):
    """A teacher rotating to school B: school A's administrator sees him, but nothing of B."""
    Posting.objects.create(staff=world.staff_a, school=world.b, start=dt.date(2025, 9, 1), reason="rotation")
    body = page(client, world.users["school"], object_url(world.staff_a, "detail"))
    content = body.split("<main", 1)[1]  # the menu has its own 交流轮岗 entry (issue 11)
    assert "乙小学" not in body and "交流轮岗" not in content
    assert "甲小学 · 任职" in body


def test_staff_list_names_no_host_school_to_the_home_school(client, world):
    Posting.objects.create(staff=world.staff_a, school=world.b, start=dt.date(2025, 9, 1), reason="rotation")
    listing = page(client, world.users["school"], reverse("people:staff_list"))
    assert "乙小学" not in listing and "甲小学" in listing
    department = page(client, world.users["department"], reverse("people:staff_list") + f"?q={world.staff_a.name}")
    assert "乙小学" in department  # the latest open posting, for who may see it
