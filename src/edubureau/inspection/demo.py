"""The demo county's inspection story, deterministic from the seed.

Eight responsibility zones (each 片区 split in two by longitude) cover every school; ``duxue`` answers for the
western half of 西北片区. Quotas follow the seeds (责任督学每周督查不少于2次、每次不少于2个单位; 综合督导 and
教学视导 once a term per school). The current term is planned (the greedy planner: fast and deterministic),
visits up to today are done or missed, checklist answers raise findings, and rectification notices run through
every state of the follow-up life cycle (issued, responded, returned, closed on time, closed late, withdrawn,
overdue) so the homes and the department view tell a story.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from edubureau.core.followup import act, scan_followups
from edubureau.core.followup_engine import Action
from edubureau.core.models import Profile
from edubureau.core.roles import Role
from edubureau.demo.accounts import demo_user, school_admin
from edubureau.org.models import Department, School, Zone

from .engine import planner as planner_engine
from .models import (
    Answer,
    BlockedDay,
    Checklist,
    ChecklistItem,
    Finding,
    Inspector,
    PlannedVisit,
    QuotaRule,
    ResponsibilityZone,
    Visit,
    VisitAnswer,
)
from .services import accept_plan, current_term, issue_notice, planner_input

__all__ = ["CHECKLISTS", "load_demo"]

# username, name, 专/兼职 (the first is the demo login duxue, created by the county loader)
INSPECTORS = (
    ("duxue", "孙海涛", "full"), ("duxue2", "钱文斌", "full"), ("duxue3", "李秀英", "part"),
    ("duxue4", "周明亮", "full"), ("duxue5", "郑晓燕", "full"), ("duxue6", "王建华", "part"),
    ("duxue7", "冯国强", "full"), ("duxue8", "陈丽萍", "full"),
)
DEPARTMENT_LOGIN = ("dudao", "督导室")

# kind → (name, [(text, category, points, severity)])
CHECKLISTS = {
    "routine": ("经常性督导检查表", [
        ("校门值守、来访登记落实到位", "safety", 10, "serious"),
        ("消防通道畅通，灭火器在有效期内", "safety", 10, "serious"),
        ("食堂证照齐全，食品留样48小时", "food", 10, "serious"),
        ("校长陪餐、食材出入库记录完整", "food", 5, "minor"),
        ("晨午检和因病缺课追踪登记", "epidemic", 5, "minor"),
        ("按课表开齐开足课程", "teaching", 10, "minor"),
        ("作业总量符合规定", "management", 5, "minor"),
        ("无在职教师有偿补课反映", "tutoring", 10, "major"),
        ("无收受家长礼品礼金反映", "gifts", 10, "major"),
        ("校舍无明显安全隐患", "facilities", 10, "serious"),
    ]),
    "comprehensive": ("综合督导评估表", [
        ("学校发展规划与年度计划落实", "management", 10, "minor"),
        ("师德师风建设与负面清单落实", "conduct", 15, "serious"),
        ("安全工作责任制与应急演练", "safety", 15, "serious"),
        ("课程实施与课后服务", "teaching", 15, "minor"),
        ("家校沟通与收费公示", "management", 10, "minor"),
        ("校舍设施设备维护", "facilities", 10, "minor"),
    ]),
    "teaching": ("教学视导记录表", [
        ("随堂听课：教学目标明确、学生参与度高", "teaching", 20, "minor"),
        ("教研组活动记录真实完整", "teaching", 10, "minor"),
        ("作业设计分层、批改及时", "teaching", 10, "minor"),
        ("实验课、体育艺术课按标准开设", "teaching", 10, "minor"),
    ]),
    "special": ("专项督导：食品安全与疫情防控", [
        ("食品原料索证索票", "food", 10, "serious"),
        ("餐具消毒记录", "food", 10, "minor"),
        ("传染病报告与隔离观察室", "epidemic", 10, "serious"),
    ]),
}
QUOTAS = (
    # kind, per week, schools per visit min–max, visits per school, per
    ("routine", 2, 2, 3, 0, "term"),
    ("comprehensive", 0, 1, 2, 1, "term"),
    ("teaching", 0, 1, 2, 1, "term"),
)
MISSED_NOTES = ("临时参加县局专题会议，未能成行，顺延补查。", "学校组织期中考试，改期督导。", "督学病假。")






def _checklists() -> dict[str, Checklist]:
    out = {}
    for kind, (name, items) in CHECKLISTS.items():
        checklist = Checklist.objects.create(name=name, kind=kind)
        ChecklistItem.objects.bulk_create([
            ChecklistItem(checklist=checklist, position=n, text=text, category=category, points=points,
                          severity=severity)
            for n, (text, category, points, severity) in enumerate(items, 1)
        ])
        out[kind] = checklist
    return out


def _calendar(term, inspectors, rng) -> None:
    days = []
    for offset in range((term.end - term.start).days + 1):
        day = term.start + dt.timedelta(days=offset)
        if (day.month == 10 and day.day <= 7) or (day.month == 1 and day.day == 1):
            note = "国庆节" if day.month == 10 else "元旦"
            days.append(BlockedDay(day=day, reason=BlockedDay.Reason.HOLIDAY, note=note))
    midterm = term.start + dt.timedelta(weeks=10)
    finals = term.end - dt.timedelta(days=12)
    days.append(BlockedDay(day=midterm, reason=BlockedDay.Reason.EXAM_WEEK, note="期中考试周"))
    days.append(BlockedDay(day=finals, reason=BlockedDay.Reason.EXAM_WEEK, note="期末考试周"))
    for person in inspectors[1:4]:
        start = term.start + dt.timedelta(days=rng.randrange(14, 100))
        for k in range(2):
            day = start + dt.timedelta(days=k)
            if day.weekday() < 5:
                days.append(BlockedDay(day=day, reason=BlockedDay.Reason.LEAVE, inspector=person, note="省级督学培训"))
    BlockedDay.objects.bulk_create(days)


def _zones(term, inspectors) -> list[ResponsibilityZone]:
    zones = []
    n = 0
    for org_zone in Zone.objects.order_by("name"):
        schools = sorted(School.objects.filter(zone=org_zone, is_active=True),
                         key=lambda s: (float(s.longitude or 0), s.code))
        if not schools:
            continue
        half = (len(schools) + 1) // 2
        for part, chunk in enumerate((schools[:half], schools[half:])):
            if not chunk:
                continue
            zone = ResponsibilityZone.objects.create(term=term, name=f"{org_zone.name}第{'一二'[part]}责任区")
            zone.schools.set(chunk)
            zones.append((org_zone.name, part, zone))
            n += 1
    # duxue takes the western half of its own 片区; the others follow in order.
    home_zone = inspectors[0].user.profile.zone.name if inspectors[0].user.profile.zone_id else ""
    zones.sort(key=lambda z: (z[0] != home_zone, z[0], z[1]))
    # duxue first; then the part-time (兼职) inspectors take the smallest of the other zones.
    rest = sorted(zones[1:], key=lambda z: (z[2].schools.count(), z[0], z[1]))
    people = [inspectors[0]] + sorted(inspectors[1:], key=lambda p: (p.employment != "part", p.pk))
    for k, (_name, _part, zone) in enumerate(zones[:1] + rest):
        zone.inspectors.set([people[k % len(people)]])
    return [z for _n, _p, z in zones]


def _inspectors() -> list[Inspector]:
    region_zones = {z.name: z for z in Zone.objects.all()}
    fallback = next(iter(region_zones.values()), None)
    people = []
    for k, (username, name, employment) in enumerate(INSPECTORS):
        zone = list(region_zones.values())[k // 2 % len(region_zones)] if region_zones else fallback
        user = demo_user(username, name, Role.INSPECTOR, zone=zone)
        people.append(Inspector.objects.create(
            user=user, name=user.first_name or name, employment=employment,
            weekly_visits=1 if employment == "part" else None,
        ))
    return people


def _visit_schools(planned: PlannedVisit) -> list[School]:
    return list(planned.schools.all())


@transaction.atomic
def load_demo(seed: int = 20250901, today: dt.date | None = None) -> str | None:
    """Write the inspection story up to ``today`` (default: today); one console line (None when there is no county
    to inspect, or the story is already there)."""
    today = today or timezone.localdate()
    term = current_term(today)
    if term is None or not School.objects.exists() or Inspector.objects.exists():
        return None
    rng = random.Random(f"{seed}:inspection")
    department = next((d for d in Department.objects.order_by("code") if "inspection" in d.modules), None)
    if department is not None:
        demo_user(DEPARTMENT_LOGIN[0], department.head or DEPARTMENT_LOGIN[1], Role.DEPARTMENT, department=department)
    for kind, weekly, lo, hi, per_school, per in QUOTAS:
        QuotaRule.objects.create(kind=kind, visits_per_inspector_per_week=weekly, schools_per_visit_min=lo,
                                 schools_per_visit_max=hi, visits_per_school=per_school, per=per)
    checklists = _checklists()
    inspectors = _inspectors()
    _calendar(term, inspectors, rng)
    zones = _zones(term, inspectors)
    result = planner_engine.plan_greedy(planner_input(term, seed=seed))
    accept_plan(term, result.visits, from_day=term.start)

    # Some schools have recurring trouble in one category (repeat problems); the showcase school has some too.
    schools = list(School.objects.filter(inspection_zones__term=term).distinct().order_by("code"))
    weak = {s.pk: rng.choice(["safety", "food", "tutoring", "management"]) for s in schools[::5]}
    showcase_pk = Profile.objects.filter(role=Role.SCHOOL, user__username="xiaozhang").values_list(
        "school_id", flat=True).first()
    if showcase_pk:
        weak[showcase_pk] = "food"
    zone_inspector = {s.pk: z.inspectors.first() for z in zones for s in z.schools.all()}

    findings_by_group: list[list[Finding]] = []
    planned = (PlannedVisit.objects.filter(term=term, day__lt=today).select_related("inspector")
               .prefetch_related("schools").order_by("day", "inspector_id"))
    for plan in planned:
        missed = rng.random() < 0.1
        visit = Visit.objects.create(
            day=plan.day, kind=plan.kind, checklist=checklists.get(plan.kind), planned=plan,
            status=Visit.Status.MISSED if missed else Visit.Status.DONE, recorded_by=plan.inspector.user,
            notes=rng.choice(MISSED_NOTES) if missed else "按检查表逐项查看，与校长、教师代表座谈。",
        )
        visit_schools = _visit_schools(plan)
        visit.schools.set(visit_schools)
        visit.inspectors.set([plan.inspector])
        if missed or visit.checklist is None:
            continue
        items = list(visit.checklist.items.all())
        answers = []
        for school in visit_schools:
            group = []
            for item in items:
                chance = 0.25 if weak.get(school.pk) == item.category else 0.015
                no = rng.random() < chance
                note = "现场检查发现不符合要求，已当场指出。" if no else ""
                answers.append(VisitAnswer(visit=visit, school=school, item=item,
                                           answer=Answer.NO if no else Answer.YES, note=note,
                                           score=0 if no else item.points))
                if no and item.raises_finding:
                    group.append(Finding(visit=visit, school=school, item=item, category=item.category,
                                         severity=item.severity, found_on=visit.day,
                                         description=f"{item.text}：{note}"))
            if group:
                Finding.objects.bulk_create(group)
                findings_by_group.append(group)
        VisitAnswer.objects.bulk_create(answers)

    notices = _notices(findings_by_group, zone_inspector, today, rng)
    scan_followups(today)
    return (f"督导演示已载入：{len(zones)}个责任区、{len(inspectors)}名责任督学、"
            f"{PlannedVisit.objects.filter(term=term).count()}次计划督导、{Visit.objects.count()}条督导记录、"
            f"{Finding.objects.count()}个问题、{notices}份整改通知（各状态齐全）。")


# The story of a notice whose deadline has passed, and of one still running, in turn. Most schools put things
# right in time; about one past notice in seven is still open after its deadline (left alone, or sent back),
# so the overdue list names a few schools rather than reading as a county where nothing gets done.
PAST = ("closed_on_time", "closed_on_time", "closed_late", "closed_on_time", "overdue", "closed_on_time",
        "closed_on_time", "withdrawn", "closed_on_time", "closed_late", "closed_on_time", "returned",
        "closed_on_time", "closed_on_time")
RUNNING = ("issued", "responded", "returned", "issued")


def _notices(groups: list[list[Finding]], zone_inspector, today: dt.date, rng) -> int:
    count = 0
    past = running = 0
    for group in groups:
        if rng.random() < 0.2:
            continue  # found and put right on the spot: no notice
        school = group[0].school
        inspector = zone_inspector.get(school.pk)
        if inspector is None:
            continue
        issued_on = group[0].found_on + dt.timedelta(days=1)
        if issued_on > today:
            continue
        due = issued_on + dt.timedelta(days=rng.choice((7, 14, 14, 21)))
        notice = issue_notice(group, due=due, user=inspector.user, issued_on=issued_on)
        fu = notice.followup
        admin = school_admin(school)
        if due < today:
            story = PAST[past % len(PAST)]
            past += 1
        else:
            story = RUNNING[running % len(RUNNING)]
            running += 1
        _play(fu, story, inspector.user, admin, today)
        count += 1
    return count


def _play(fu, story: str, inspector_user, admin, today: dt.date) -> None:
    def day(offset: int) -> dt.date:
        return min(today, fu.issued_on + dt.timedelta(days=offset))

    span = (fu.due - fu.issued_on).days
    measures = "已召开专题会议，落实责任人，逐项整改到位，附整改前后照片。"
    if story == "withdrawn":
        act(fu, Action.WITHDRAW, inspector_user, note="经复核，该问题已在督导当日现场整改到位，撤销通知。",
            today=day(2))
    elif story in ("closed_on_time", "closed_late"):
        answer_on = day(span - 2) if story == "closed_on_time" else min(today, fu.due + dt.timedelta(days=4))
        act(fu, Action.RESPOND, admin, measures=measures, today=answer_on)
        act(fu, Action.VERIFY, inspector_user, note="现场复查，整改到位，同意销号。",
            today=min(today, answer_on + dt.timedelta(days=1)))
    elif story == "returned":
        answer_on = day(max(1, span // 2))
        act(fu, Action.RESPOND, admin, measures="已安排整改。", today=answer_on)
        act(fu, Action.RETURN, inspector_user, note="整改措施过于笼统，未附佐证，请补充后重新反馈。",
            today=min(today, answer_on + dt.timedelta(days=1)))
    elif story == "responded":
        act(fu, Action.RESPOND, admin, measures=measures, today=day(max(1, span // 2)))
    # "issued" and "overdue": nothing answered yet
