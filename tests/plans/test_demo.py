"""The demo plan: seed 002 parsed and loaded with tasks in every state and problems in every stage."""

from __future__ import annotations

from collections import Counter

import pytest

from edubureau.core.models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_region, make_school, make_user
from edubureau.plans.demo import SOURCE, load_demo
from edubureau.plans.models import Problem, Task, WorkPlan
from edubureau.plans.tracking import leaf_tasks

pytestmark = pytest.mark.django_db


def test_the_seed_ships_with_the_package():
    assert SOURCE.exists() and "2017年教育工作要点" in SOURCE.read_text(encoding="utf-8")


def test_demo_plan_has_every_state_and_problem_stage():
    make_region(name="演示县")
    for code in ("jichu", "renshi", "duxue", "anquan", "jicai", "jiaoyan", "zizhu", "bangong"):
        make_department(code=code, modules=("plans",) if code == "bangong" else ("org",))
    schools = [make_school() for _ in range(6)]
    make_user(None, superuser=True, username="admin")
    make_user(Role.SCHOOL, school=schools[0], username="xiaozhang")
    line = load_demo(5)
    plan = WorkPlan.objects.get()
    assert "演示工作计划已载入" in line and plan.title.endswith("年教育工作要点") and "德州市" not in plan.source_text
    tasks = leaf_tasks(list(Task.objects.filter(plan=plan).prefetch_related("milestones", "reports")
                            .select_related("plan")))
    states = Counter(str(t.status().label) for t in tasks)
    assert set(states) == {"未开始", "推进中", "滞后", "逾期", "已完成"} and min(states.values()) >= 3
    assert all(t.lead_department_id and t.deadline for t in tasks)
    assert Task.objects.filter(schools=schools[0]).count() >= 5  # xiaozhang has tasks to report on
    problem_states = Counter(p.followup.state for p in Problem.objects.select_related("followup"))
    assert {"issued", "responded", "closed"} <= set(problem_states)
    assert FollowUp.objects.filter(module="plans", kind="milestone").exists()
    assert FollowUp.objects.filter(module="plans", escalation_level=2).exists()
    assert load_demo(5) == ""  # once
