"""The demo story on a small generated county: zones cover every school, duxue has a zone, every state exists."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from edubureau.core.models import FollowUp
from edubureau.core.scope import scope_for
from edubureau.demo.generator import generate
from edubureau.demo.loader import load_county
from edubureau.inspection.demo import load_demo
from edubureau.inspection.models import PlannedVisit, QuotaRule, ResponsibilityZone, Visit
from edubureau.org.models import School

pytestmark = pytest.mark.django_db


def test_demo_story():
    # Twelve weeks into the autumn term, whatever the date the suite runs on (early in a term the story is thin).
    now = timezone.localdate()
    year = now.year if now.month >= 9 else now.year - 1
    today = dt.date(year, 11, 24)
    load_county(generate(seed=3, current_year=year, scale=0.1))
    line = load_demo(3, today=today)
    assert line and "整改通知" in line
    covered = set(ResponsibilityZone.schools.through.objects.values_list("school_id", flat=True))
    assert covered == set(School.objects.filter(is_active=True).values_list("pk", flat=True))
    duxue = get_user_model().objects.get(username="duxue")
    assert scope_for(duxue).school_ids and len(scope_for(duxue).school_ids) < School.objects.count()
    assert QuotaRule.objects.get(kind="routine").visits_per_inspector_per_week == 2
    assert PlannedVisit.objects.filter(day__gt=today).exists()
    assert Visit.objects.filter(status="done").exists() and Visit.objects.filter(status="missed").exists()
    states = set(FollowUp.objects.values_list("state", flat=True))
    assert states == {"issued", "responded", "returned", "closed", "withdrawn"}
    closed = FollowUp.objects.filter(state="closed")
    assert any(f.closed_on <= f.due for f in closed) and any(f.closed_on > f.due for f in closed)
    assert FollowUp.objects.overdue(today).exists()
    assert get_user_model().objects.get(username="dudao").profile.department.modules
    assert load_demo(3, today=today) is None  # once only
