"""Issue 16: the dashboards' figures come from the cache until a row they are read from changes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edubureau.core import dashboard
from edubureau.core.figures_cache import cached_figures, figures_fingerprint, refresh_figures, register_figures
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import School
from edubureau.people.models import Posting, Staff

from .test_dashboard import county, kpi  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_fingerprint_moves_with_inserts_edits_and_deletes(county):  # noqa: F811
    before = figures_fingerprint((School, Staff))
    staff = f.make_staff(county["a"])
    added = figures_fingerprint((School, Staff))
    assert added != before
    staff.name = "改名"
    staff.save(update_fields=["name", "updated"])
    edited = figures_fingerprint((School, Staff))
    assert edited != added
    Posting.objects.filter(staff=staff).delete()
    staff.delete()
    assert figures_fingerprint((School, Staff)) != edited


def test_cached_until_a_source_changes(county):  # noqa: F811
    user = f.make_user(Role.LEADER)
    calls = []

    def count_schools(reader, day):
        calls.append(day)
        return School.objects.count()

    register_figures("test-count", count_schools)
    day = dt.date(2026, 3, 2)
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 3
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 3
    assert len(calls) == 1
    f.make_school()
    # The test settings run tasks at once: the refresh has run by the time the reader is answered.
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 4
    assert len(calls) == 2


def test_after_a_change_the_reader_gets_the_last_figures_while_a_task_recomputes(county, monkeypatch):  # noqa: F811
    """With a real queue (production, the demo) the reader after a write does not wait for the computation."""
    from edubureau.core import tasks

    user = f.make_user(Role.LEADER)
    queued = []
    monkeypatch.setattr(tasks, "refresh_figures_task", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    register_figures("test-count", lambda reader, day: School.objects.count())
    day = dt.date(2026, 3, 2)
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 3
    f.make_school()
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 3, "the last figures, at once"
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 3
    assert len(queued) == 1, "one refresh per entry, however many readers come meanwhile"
    kind, user_id, day_text, params, sources = queued[0]
    refresh_figures(kind, user, dt.date.fromisoformat(day_text), params, [School])
    assert cached_figures("test-count", user, day=day, sources=(School,)) == 4
    f.make_school()
    cached_figures("test-count", user, day=day, sources=(School,))
    assert len(queued) == 2, "the refresh released its lock"


def test_dashboard_reads_cached_figures_and_sees_a_new_teacher(client, county):  # noqa: F811
    client.force_login(f.make_user(Role.LEADER))
    url = reverse("core:dashboard")
    first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    f.make_staff(county["a"], teaching_level="primary", title="first")
    with CaptureQueriesContext(connection) as recomputed:
        cold = client.get(url)
    assert kpi(again, "专任教师") == kpi(first, "专任教师")
    assert int(kpi(cold, "专任教师")) == int(kpi(first, "专任教师")) + 1
    assert len(warm) < len(recomputed), [q["sql"] for q in warm]  # the figures' queries only when they changed


def test_stale_figures_say_when_they_were_computed(client, county, monkeypatch):  # noqa: F811
    """While a refresh runs, the reader is told the figures' time (issue 17), and not told once they are fresh."""
    from edubureau.core import tasks

    queued = []
    monkeypatch.setattr(tasks, "refresh_figures_task", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    client.force_login(f.make_user(Role.LEADER))
    first = client.get(reverse("core:dashboard"))
    assert first.context["figures_refreshing_since"] is None
    assert 'data-section="refreshing"' not in first.content.decode()
    f.make_school("新建学校")
    stale = client.get(reverse("core:dashboard"))
    assert len(queued) == 1 and stale.context["summary"].schools == first.context["summary"].schools
    since = stale.context["figures_refreshing_since"]
    assert since is not None and since <= timezone.localtime()
    assert "新数据正在后台计算" in stale.content.decode()
    read = cached_figures("dashboard", stale.wsgi_request.user, day=timezone.localdate(),
                          sources=dashboard.FIGURE_SOURCES, as_read=True)
    assert read.refreshing and read.computed_at == since
