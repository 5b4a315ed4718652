"""Demo-like rows in every module beyond the registry, so that every API operation has something to read.

Issue 18: schemathesis ran every inspection, plans, quality and evaluation operation against empty tables, so
lists came back empty and details 404 — the 500 of every visit with a checklist went unseen. These rows are built
through the modules' own services, as the demo builds them: a zone with its inspector, a visit with a checklist
and a finding raised by one of its items, a notice; a plan with a task, a report and a problem; an exam with
imported scores; an evaluation scheme with a score and its ranking.
"""

from __future__ import annotations

import datetime as dt

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.evaluation import engine as evaluation_engine
from edubureau.evaluation import services as evaluation_services
from edubureau.evaluation.models import EvaluatorScore
from edubureau.evaluation.views import TEMPLATE_CATEGORIES
from edubureau.inspection.models import Checklist, ChecklistItem, Finding, Inspector, ResponsibilityZone, Visit
from edubureau.inspection.services import issue_notice
from edubureau.plans.models import Task
from edubureau.plans.services import import_plan, raise_problem, submit_report
from edubureau.quality.models import Exam
from edubureau.quality.services import import_scores

PLAN = "工作要点\n一、学前教育\n（一）扩大资源。新增学位1.75万个。\n（二）提升质量。每学期督查不少于2次。\n"


def build_module_rows(county, user, tmp_path) -> dict[str, object]:
    """Rows of inspection, plans, quality and evaluation around ``county``'s schools A and B, written as ``user``."""
    a, b = county.a, county.b
    inspector_user = f.make_user(Role.INSPECTOR, zone=a.zone, username="st_inspector")
    inspector = Inspector.objects.create(user=inspector_user, name="甲督学")
    zone = ResponsibilityZone.objects.create(name="甲责任区", term=county.term)
    zone.inspectors.set([inspector])
    zone.schools.set([a, b])
    checklist = Checklist.objects.create(name="经常性督导检查表", kind="routine")
    item = ChecklistItem.objects.create(checklist=checklist, position=1, text="校门值守", category="safety", points=10)
    visit = Visit.objects.create(day=dt.date(2025, 10, 9), kind="routine", checklist=checklist)
    visit.schools.set([a, b])
    visit.inspectors.set([inspector])
    finding = Finding.objects.create(visit=visit, school=a, item=item, category="safety", severity="serious",
                                     description="校门无人值守", found_on=visit.day)
    notice = issue_notice([finding], due=dt.date(2025, 10, 23), user=inspector_user, issued_on=visit.day)

    plan = import_plan(PLAN, title="工作要点", year=2025)
    task = Task.objects.get(plan=plan, item="1.1")
    task.schools.add(a)
    report = submit_report(task, user, period=dt.date(2025, 10, 1), narrative="已新增学位", percent_done=40,
                           figure=5000)
    problem = raise_problem(task, user, description="用地未落实", due=dt.date(2025, 12, 1), school=a,
                            issued_on=dt.date(2025, 10, 1))

    exam = Exam.objects.create(name="九年级期末统考", term=county.term, grade=9, full_marks={"语文": 120, "数学": 120})
    scores = tmp_path / "scores.csv"
    rows = [["考号", "姓名", "学校", "班级", "语文", "数学"], ["1", "张三", a.name, "1班", 110, 100],
            ["2", "李四", a.name, "2班", 80, "缺考"], ["3", "王五", b.code, "1班", 60, 40]]
    scores.write_text("\n".join(",".join(str(c) for c in r) for r in rows), encoding="utf-8")
    import_scores(exam, scores)
    assert exam.results.count() == 3, exam.errors

    scheme = evaluation_services.from_engine(evaluation_engine.standard_scheme(2026), categories=TEMPLATE_CATEGORIES)
    EvaluatorScore.objects.create(scheme=scheme, indicator=scheme.indicators.get(code="1.3"), school=a,
                                  evaluator=user, score=9)
    evaluation_services.recompute(scheme, user)
    return {"visit": visit, "finding": finding, "notice": notice, "plan": plan, "task": task, "report": report,
            "problem": problem, "exam": exam, "scheme": scheme, **_staffing_rows(county)}


def _staffing_rows(county) -> dict[str, object]:
    """A rotation plan in its 公示 with a move from A to B and B's objection, a leave at A, and a promotion round
    with a candidate (the registers' rows are the county's own, ``conftest.staffing_registers``)."""
    from edubureau.core.followup import open_followup
    from edubureau.staffing.models import (
        LeaveRequest,
        PromotionCandidate,
        PromotionRound,
        RotationMove,
        RotationObjection,
        RotationPlan,
    )

    a, b = county.a, county.b
    teacher = county.rows["a"]["staff"]
    region = a.region if a.region_id else f.make_region()
    rotation = RotationPlan.objects.create(region=region, year=2026, status="public", public_until=dt.date(2026, 9, 1))
    move = RotationMove.objects.create(plan=rotation, staff=teacher, source=a, target=b, subject="数学", km=3.5)
    followup = open_followup(module="staffing", kind="rotation_objection", title="异议", due=dt.date(2026, 9, 1),
                             school=b, issued_on=dt.date(2026, 8, 25))
    RotationObjection.objects.create(move=move, school=b, reason="接收学校数学不缺员", followup=followup)
    LeaveRequest.objects.create(staff=teacher, school=a, kind="事假", start=dt.date(2026, 11, 2),
                                end=dt.date(2026, 11, 3), days=2)
    round_ = PromotionRound.objects.create(region=region, year=2026, status="public")
    PromotionCandidate.objects.create(round=round_, staff=teacher, school=a, from_grade=10, to_grade=9,
                                      standing="拟晋升", rank=1, trail=[{"rule": "师德", "passed": True, "why": "无"}])
    return {"rotation": rotation, "promotion": round_}
