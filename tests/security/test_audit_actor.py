"""Issue 18, must-fix 8: the daily scan is the system's work, not the change of whoever opened the first page."""

import datetime as dt

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from edubureau.core.audit import STARTED_BY_KEY, SYSTEM_KEY
from edubureau.core.followup import ensure_daily_scan, open_followup
from edubureau.core.followup_engine import Action
from edubureau.core.generic.history import history_rows
from edubureau.core.models import FollowUp, FollowUpEvent
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cache.clear()  # the scan runs once a day per cache key
    zone = f.make_zone()
    a, b = f.make_school("甲小学", zone=zone), f.make_school("乙小学", zone=zone)
    today = timezone.localdate()
    late = open_followup(module="inspection", kind="rectification", title="乙校消防通道堵塞", school=b,
                         issued_on=today - dt.timedelta(days=40), due=today - dt.timedelta(days=20))
    soon = open_followup(module="inspection", kind="rectification", title="甲校食堂留样不全", school=a,
                         issued_on=today - dt.timedelta(days=5), due=today + dt.timedelta(days=2))
    admin = f.make_user(Role.SCHOOL, school=a, username="jia_admin")
    yield {"a": a, "b": b, "late": late, "soon": soon, "admin": admin, "leader": f.make_user(Role.LEADER)}
    cache.clear()


def _scan_entries(followup):
    return LogEntry.objects.get_for_object(followup).filter(action=LogEntry.Action.UPDATE)


def test_first_page_view_scan_is_logged_as_the_system(client, world):
    client.force_login(world["admin"])
    assert client.get("/followups/").status_code == 200
    late, soon = FollowUp.objects.get(pk=world["late"].pk), FollowUp.objects.get(pk=world["soon"].pk)
    assert late.escalation_level == 2 and soon.reminded_on == timezone.localdate()  # the scan did run
    for followup in (late, soon):
        entries = list(_scan_entries(followup))
        assert entries, followup.title
        for entry in entries:
            assert entry.actor is None and entry.remote_addr is None
            assert entry.additional_data == {SYSTEM_KEY: "每日扫描", STARTED_BY_KEY: "jia_admin 首次访问"}
    # The events the scan wrote name the system too, not the school administrator.
    events = FollowUpEvent.objects.filter(action__in=[Action.REMIND, Action.ESCALATE])
    assert events.count() == 2 and all(event.actor is None and event.by_system for event in events)
    # Nothing at all is logged as the administrator's change of the other school's item.
    assert not LogEntry.objects.get_for_object(late).filter(actor=world["admin"]).exists()


def test_history_page_says_it_was_the_daily_scan(client, world):
    client.force_login(world["admin"])
    client.get("/followups/")
    rows = history_rows(FollowUp.objects.get(pk=world["late"].pk), world["leader"])
    scan_rows = [row for row in rows if row["action_code"] == LogEntry.Action.UPDATE]
    assert scan_rows and all(row["actor"] == "系统（每日扫描）" for row in scan_rows)
    created = [row for row in rows if row["action_code"] == LogEntry.Action.CREATE]
    assert created and created[0]["actor"] == "系统"  # an unlabelled entry with no actor keeps the plain label


def test_scan_run_at_once_keeps_the_request_actor_for_what_follows(world):
    """``background=False`` (the plan overview) runs the scan inside the request; the user's own later changes
    in that request are still the user's."""
    admin = world["admin"]
    with set_actor(admin):
        assert ensure_daily_scan(background=False)
        school = world["a"]
        school.name = "甲小学（新）"
        school.save()
    assert all(entry.actor is None for entry in _scan_entries(world["late"]))
    renamed = LogEntry.objects.get_for_object(school).filter(action=LogEntry.Action.UPDATE).get()
    assert renamed.actor == admin and renamed.additional_data is None


def test_command_line_scan_says_so(world):
    call_command("followups", "scan")
    entry = _scan_entries(world["late"]).get()
    assert entry.actor is None and entry.additional_data == {SYSTEM_KEY: "每日扫描", STARTED_BY_KEY: "命令行"}
