"""Models: constraints, the inspector scope provider, notices linked to the core follow-up."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from edubureau.core.scope import scope_for
from edubureau.inspection.models import BlockedDay, Finding, QuotaRule, Visit
from edubureau.inspection.services import issue_notice, planner_input

pytestmark = pytest.mark.django_db


def test_inspector_scope_is_its_zone(world):
    assert scope_for(world["u1"]).school_ids == {world["a1"].pk, world["a2"].pk}
    assert scope_for(world["u2"]).school_ids == {world["b"].pk}


def test_quota_max_not_below_min(world):
    rule = QuotaRule(kind="special", schools_per_visit_min=3, schools_per_visit_max=2)
    with pytest.raises(ValidationError, match="最多学校数"):
        rule.full_clean()


def test_leave_needs_an_inspector(world):
    with pytest.raises(ValidationError):
        BlockedDay(day=world["today"], reason="leave").full_clean()
    with pytest.raises(IntegrityError):
        BlockedDay.objects.create(day=world["today"], reason="holiday", inspector=world["i1"])


def test_notice_opens_followup_owed_by_the_school(world):
    visit = Visit.objects.create(day=world["today"], kind="routine")
    visit.schools.set([world["a1"]])
    finding = Finding.objects.create(visit=visit, school=world["a1"], category="food", description="留样不足",
                                     found_on=world["today"])
    notice = issue_notice([finding], due=world["today"] + dt.timedelta(days=7), user=world["u1"])
    assert notice.followup.school == world["a1"]
    assert notice.followup.module == "inspection" and notice.followup.state == "issued"
    assert notice.number.startswith("督整〔")
    assert list(notice.findings.all()) == [finding]


def test_notice_refuses_two_schools(world):
    visit = Visit.objects.create(day=world["today"], kind="routine")
    one = Finding.objects.create(visit=visit, school=world["a1"], category="food", description="x",
                                 found_on=world["today"])
    two = Finding.objects.create(visit=visit, school=world["a2"], category="food", description="y",
                                 found_on=world["today"])
    with pytest.raises(ValueError):
        issue_notice([one, two], due=world["today"], user=world["u1"])


def test_planner_input_from_settings(world):
    data = planner_input(world["term"])
    assert {i.name for i in data.inspectors} == {"甲督学", "乙督学"}
    part = next(i for i in data.inspectors if i.name == "乙督学")
    assert part.weekly_visits == 1 and part.schools == (str(world["b"].pk),)
    assert [q.kind for q in data.quotas] == ["routine"]
