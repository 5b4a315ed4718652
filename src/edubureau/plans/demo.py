"""The demo county's work plan: seed 002 (德州市2017年教育工作要点) parsed by the engine and loaded as the county's
plan for the current year, with lead departments, schools, start dates, deadlines, milestones (倒排工期),
monthly progress reports, targets under way and 难点问题, so that tasks stand in every state (未开始, 推进中,
滞后, 逾期, 已完成) and problems are open, overdue, answered and closed.

Every date is laid relative to today, so the states hold whenever the demo is loaded. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import act, open_followup
from edubureau.core.models import Profile
from edubureau.org.models import Department, Region, School

from .models import Milestone, Problem, ProgressReport, Target, Task, WorkPlan
from .services import import_plan, scan_plans
from .tracking import leaf_tasks

__all__ = ["load_demo"]

SOURCE = Path(__file__).parent / "demo_data" / "002_dezhou_2017_jiaoyu_gongzuo_yaodian.txt"

# Which department leads a task, by the first keyword found in its section and title (else 办公室).
LEADS = (
    (("督导",), "duxue"),
    (("平安", "安全"), "anquan"),
    (("资助", "扶贫"), "zizhu"),
    (("经费", "项目", "改薄", "大班额", "设施"), "jicai"),
    (("教师", "校长", "人事", "干部", "队伍"), "renshi"),
    (("教研", "教学", "评价", "体育", "美育", "德育", "招生", "考试"), "jiaoyan"),
    (("学前", "均衡", "基础教育", "职业", "学校管理", "信息化", "办学"), "jichu"),
)
# The states the tasks are spread over (cycled), and the monthly narrative of each.
STATES = ("in_progress", "done", "lagging", "in_progress", "overdue", "not_started", "done", "lagging",
          "in_progress", "overdue", "not_started")
NARRATIVES = ("已制定工作方案，明确责任分工和时间节点。", "召开推进会，逐项分解任务到学校。",
              "完成摸底调查，形成问题清单。", "按节点推进，已完成阶段性任务。",
              "开展专项督查，通报进展情况。", "组织中期评估，查找差距并整改。",
              "重点项目有序推进，资金已拨付到位。", "总结经验做法，准备验收材料。")
STAGES = {3: ("制定方案", "组织实施", "验收总结"), 4: ("制定方案", "组织实施", "阶段督查", "验收总结")}
PROBLEMS = (
    ("新建幼儿园用地指标未落实，两个项目无法开工。", "提请县政府协调自然资源部门，优先保障教育用地。", "jicai", 25,
     "overdue"),
    ("部分乡村学校教师结构性缺编，音体美教师不足。", "通过县管校聘和走教解决，年内补充到位。", "school", 12, "overdue"),
    ("改扩建项目资金缺口约1200万元。", "申请专项债券，分批拨付。", "jicai", -20, "open"),
    ("信息化设备采购招标流标一次。", "修改采购需求，重新组织招标。", "jichu", -10, "responded"),
    ("校园安全隐患排查发现消防通道被占用。", "限期清理，建立日常巡查制度。", "school", 40, "closed"),
    ("课后服务经费保障机制尚未建立。", "会同财政部门研究经费分担办法。", "jiaoyan", -35, "open"),
)


def load_demo(seed: int = 5) -> str:
    """Load the plan once (nothing when a plan is already there or the county has no departments)."""
    if WorkPlan.objects.exists() or not Department.objects.exists():
        return ""
    today = timezone.localdate()
    with transaction.atomic():
        plan = _plan(today)
        summary = _track(plan, today, random.Random(seed))
    scan = scan_plans(today)
    return _("演示工作计划已载入：《{title}》{tasks}项任务（{states}），{problems}个难点问题，"
             "{followups}个逾期督办事项。").format(
        title=plan.title, tasks=summary["tasks"], states=summary["states"], problems=summary["problems"],
        followups=scan.milestones + scan.tasks,
    )


def _plan(today: dt.date) -> WorkPlan:
    region = Region.objects.order_by("pk").first()
    county = region.name if region else "演示县"
    text = SOURCE.read_text(encoding="utf-8").replace("德州市", county).replace("2017年", f"{today.year}年")
    return import_plan(text, title=f"{county}{today.year}年教育工作要点", year=today.year,
                       issuing_body=f"{county}教育局", source_name=SOURCE.name)


def _lead(task: Task, departments: dict[str, Department]) -> Department | None:
    context = f"{task.parent.title if task.parent else ''} {task.title}"
    for words, code in LEADS:
        if any(word in context for word in words) and code in departments:
            return departments[code]
    return departments.get("bangong")


def _users():
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("admin", "xiaozhang"))}
    return users.get("admin"), users.get("xiaozhang")


def _track(plan: WorkPlan, today: dt.date, rng: random.Random) -> dict:
    departments = {d.code: d for d in Department.objects.all()}
    admin, head = _users()
    home = None
    if head is not None:
        home = Profile.objects.filter(user=head).values_list("school", flat=True).first()
    schools = list(School.objects.filter(is_teaching_point=False).order_by("code").values_list("pk", flat=True))
    tasks = leaf_tasks(list(Task.objects.filter(plan=plan).select_related("parent", "plan").order_by("position")))
    counts: dict[str, int] = {}
    reports: list[ProgressReport] = []
    milestones: list[Milestone] = []
    for i, task in enumerate(tasks):
        # A first-level section with nothing under it (指导思想, 工作原则) is read and passed on, not worked.
        state = "done" if task.level == 1 else STATES[i % len(STATES)]
        counts[state] = counts.get(state, 0) + 1
        task.lead_department = _lead(task, departments) if task.level > 1 else departments.get("bangong")
        if task.lead_department and task.lead_department.code != "bangong":
            task.partners = "办公室"
        start, deadline, percent, marks = _schedule(state, today, rng)
        task.start, task.deadline = start, deadline
        task.save()
        concerned = rng.sample(schools, k=min(len(schools), rng.randint(2, 6))) if schools else []
        if task.level == 1:
            concerned = []
        elif home and i % 3 == 0:
            concerned = [home, *[s for s in concerned if s != home]]
        task.schools.set(concerned)
        names = STAGES[len(marks)]
        for j, (due, done) in enumerate(marks):
            milestones.append(Milestone(task=task, title=names[j % len(names)],
                                        due=due, done_on=done))
        reports.extend(_reports(task, start, today, percent, concerned[:1] if i % 3 == 0 else [], rng))
    Milestone.objects.bulk_create(milestones)
    ProgressReport.objects.bulk_create(reports)
    _targets(plan, today)
    problems = _problems(tasks, departments, admin, head, home, today)
    states = "，".join(f"{label}{counts.get(code, 0)}项" for code, label in (
        ("not_started", "未开始"), ("in_progress", "推进中"), ("lagging", "滞后"), ("overdue", "逾期"),
        ("done", "已完成")))
    return {"tasks": len(tasks), "states": states, "problems": problems}


def _schedule(state: str, today: dt.date, rng: random.Random):
    """(start, deadline, percent done today, [(milestone due, done on)]) that give ``state`` today."""
    day = dt.timedelta(days=1)
    if state == "not_started":
        start = today + day * rng.randint(10, 60)
        deadline = start + day * rng.randint(120, 240)
        return start, deadline, 0, _marks(start, deadline, today, done_before=today)
    if state == "done":
        start = today - day * rng.randint(200, 300)
        deadline = today + day * rng.randint(-30, 60)
        finish = min(today, deadline) - day * rng.randint(1, 20)
        return start, deadline, 100, _marks(start, deadline, today, done_before=finish + day, all_done_on=finish)
    if state == "overdue":
        start = today - day * rng.randint(200, 300)
        deadline = today - day * rng.randint(3, 40)
        return start, deadline, rng.choice((60, 70, 80, 90)), _marks(start, deadline, today, done_before=deadline)
    start = today - day * rng.randint(120, 240)
    deadline = today + day * rng.randint(30, 120)
    expected = 100 * (today - start).days / (deadline - start).days
    if state == "lagging":
        # Behind the straight line, and one milestone past due and open.
        marks = _marks(start, deadline, today, done_before=today)
        marks.append((today - day * rng.randint(5, 25), None))  # a node missed: 阶段督查 not held
        return start, deadline, max(5, int(expected) - 30), sorted(marks)
    return start, deadline, min(95, int(expected) + 5), _marks(start, deadline, today, done_before=today)


def _marks(start, deadline, today, *, done_before, all_done_on=None):
    """Three milestones laid back from the deadline; those due before ``done_before`` are done (on time)."""
    from .engine.status import propose_milestones

    marks = []
    for due in propose_milestones(deadline, 3, start=start):
        if all_done_on is not None:
            marks.append((due, min(due, all_done_on)))
        else:
            marks.append((due, due if due < done_before and due <= today else None))
    return marks


def _reports(task, start, today, percent, schools, rng):
    """Monthly reports from the lead department up to today (rising to ``percent``), and the first school's."""
    months = []
    month = start.replace(day=1)
    while month <= today:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    if percent == 0 or not months:
        return []
    rows = []
    for k, period in enumerate(months, start=1):
        share = round(percent * k / len(months))
        rows.append(ProgressReport(task=task, period=period, narrative=NARRATIVES[(k - 1) % len(NARRATIVES)],
                                   percent_done=share))
    for school_id in schools:
        rows.append(ProgressReport(task=task, school_id=school_id, period=months[-1],
                                   narrative="本校已按要求完成阶段任务，相关材料已上传。",
                                   percent_done=min(100, percent)))
    return rows


def _targets(plan: WorkPlan, today: dt.date) -> None:
    """Progress on the targets: a few on pace, a few behind (the leader view lists those)."""
    for k, target in enumerate(Target.objects.filter(plan=plan, number__isnull=False).select_related("task")):
        share = (0.95, 0.4, 0.8, 0.3, 1.0)[k % 5]
        target.baseline = 0
        target.actual = round(target.number * share)
        target.evidence = "见各月进展报告附件。"
        target.save(update_fields=["baseline", "actual", "evidence", "updated"])


def _problems(tasks, departments, admin, head, home, today) -> int:
    """难点问题 on the shared life cycle: open, overdue (escalated by the scan), answered, closed."""
    made = 0
    school = School.objects.filter(pk=home).first() if home else None
    mine = [t for t in tasks if home and t.schools.filter(pk=home).exists()]
    for k, (description, measures, owner, days_ago_due, state) in enumerate(PROBLEMS):
        task = tasks[(k * 5 + 2) % len(tasks)]
        if owner == "school" and mine:
            task = mine[k % len(mine)]  # a school owes problems on the tasks that concern it
        owner_school = school if owner == "school" else None
        department = None if owner_school else departments.get(owner) or task.lead_department
        if owner_school is None and department is None:
            continue
        due = today - dt.timedelta(days=days_ago_due)
        issued = min(due, today) - dt.timedelta(days=30)
        followup = open_followup(module="plans", kind="problem", title=f"难点问题：{task.item} {description}"[:200],
                                 due=due,
                                 issued_by=admin, school=owner_school, department=department, detail=measures,
                                 issued_on=issued)
        Problem.objects.create(task=task, description=description, measures=measures, raised_by=admin,
                               followup=followup)
        answerer = head if owner_school else admin
        if state in ("responded", "closed") and answerer is not None and admin is not None:
            answered = min(today, issued + dt.timedelta(days=20))
            act(followup, "respond", answerer, measures=measures, note="已按要求整改，附现场照片。", today=answered)
            if state == "closed":
                act(followup, "verify", admin, note="经核查，问题已整改到位，予以销号。",
                    today=min(today, answered + dt.timedelta(days=3)))
        made += 1
    return made
