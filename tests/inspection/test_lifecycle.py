"""A rectification notice through its life cycle on the pages: issued → answered → sent back → answered →
verified; no skipping states; a school cannot verify; an inspector of another zone cannot act; overdue found."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.followup import scan_followups
from edubureau.core.followup_engine import State
from edubureau.core.models import FollowUpEvent
from edubureau.inspection.services import open_notices

from .helpers import notice_for

pytestmark = pytest.mark.django_db


def _act(client, fu, action, **data):
    return client.post(reverse("core:followup_act", args=[fu.pk]), {"action": action, **data}, follow=True)


def test_full_life_cycle_through_the_pages(client, world):
    notice = notice_for(world, world["a1"])
    fu = notice.followup
    detail = reverse("inspection:notice_detail", args=[notice.pk])

    client.force_login(world["admin_a1"])
    page = client.get(detail).content.decode()
    assert 'value="respond"' in page and 'value="verify"' not in page
    body = _act(client, fu, "verify").content.decode()  # a school cannot verify (and cannot skip the answer)
    fu.refresh_from_db()
    assert fu.state == State.ISSUED and "无权" in body
    _act(client, fu, "respond", measures="已补齐留样柜", next=detail)
    fu.refresh_from_db()
    assert fu.state == State.RESPONDED and fu.responded_on == world["today"]

    client.force_login(world["u2"])  # the inspector of another zone
    assert client.get(detail).status_code == 404
    assert _act(client, fu, "verify").status_code == 404  # outside its scope the follow-up does not exist
    fu.refresh_from_db()
    assert fu.state == State.RESPONDED

    client.force_login(world["u1"])
    assert 'value="verify"' in client.get(detail).content.decode()
    _act(client, fu, "return", note="未附照片")
    fu.refresh_from_db()
    assert fu.state == State.RETURNED and fu.responded_on is None

    client.force_login(world["admin_a1"])
    _act(client, fu, "respond", measures="补充照片")
    client.force_login(world["u1"])
    _act(client, fu, "verify", note="复查到位")
    fu.refresh_from_db()
    assert fu.state == State.CLOSED and fu.closed_on == world["today"]
    steps = list(FollowUpEvent.objects.filter(followup=fu).values_list("action", flat=True))
    assert steps == ["issue", "respond", "return", "respond", "verify"]
    assert all(e.at for e in FollowUpEvent.objects.filter(followup=fu))


def test_no_skipping_states(client, world):
    fu = notice_for(world, world["a1"]).followup
    client.force_login(world["u1"])
    body = _act(client, fu, "verify").content.decode()  # nothing answered yet: cannot close
    fu.refresh_from_db()
    assert fu.state == State.ISSUED
    assert "alert-danger" in body


def test_overdue_first_and_escalated(client, world):
    late = notice_for(world, world["a1"], issued_on=world["today"] - dt.timedelta(days=20), due_in=10,
                      day=world["today"] - dt.timedelta(days=21))
    soon = notice_for(world, world["a2"], due_in=2)
    assert [f.pk for f in open_notices(world["u1"])] == [late.followup.pk, soon.followup.pk]
    scan_followups(world["today"])
    late.followup.refresh_from_db()
    assert late.followup.escalation_level == 2  # ten days overdue → 局领导
    client.force_login(world["u1"])
    home = client.get(reverse("inspection:home"))
    assert "逾期10天" in home.content.decode()
    assert [f.pk for f in home.context["notices"]] == [late.followup.pk, soon.followup.pk]
    overdue = client.get(reverse("inspection:notice_list"), {"state": "overdue"})
    assert [f.pk for f in overdue.context["followups"]] == [late.followup.pk]


def test_school_home_shows_what_is_due(client, world):
    notice_for(world, world["a1"], due_in=5)
    notice_for(world, world["b"], due_in=5)
    client.force_login(world["admin_a1"])
    body = client.get(reverse("inspection:home")).content.decode()
    assert "甲一小学" in body and "乙秘" not in body and "期限" in body
