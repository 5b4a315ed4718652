"""The demo county's 项目库 (issue 15): six projects in different stages — 城关第二小学's extension (the enrolment
demo's SeatChange, now kept by its project), a late extension at 城关第一小学 (a follow-up open) whose two new first
classes change the 城区 一年级 forecast, a new school not yet in the registry (the 计划财务科 owns it), a canteen over
its county budget, a dormitory about to be delivered and a reinforcement out to tender. The 计划财务科 gets a login,
``jicai``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.demo.accounts import demo_user
from edubureau.enrollment.models import SeatChange
from edubureau.org.models import Department, School

from .models import Payment, Project
from .services import scan_projects

__all__ = ["LOGIN", "load_demo"]

LOGIN = ("jicai", "计划财务科")

D = Decimal


def _school(*names, kind_hint: str = ""):
    for name in names:
        school = School.objects.filter(name=name).first() or School.objects.filter(name__endswith=name).first()
        if school is not None:
            return school
    rows = School.objects.filter(is_active=True, is_teaching_point=False).order_by("code")
    return next((s for s in rows if kind_hint in s.level_parts), None) if kind_hint else rows.first()


def _add(today, number, name, school, kind, stages, payments, *, level="", classrooms=0, seats=0, streams=None,
         area=0, budget=None, region=None, note=""):
    budget = budget or {}
    project = Project(
        number=number, name=name, school=school, region=region or (school.region if school else None), kind=kind,
        level=level, classrooms=classrooms, seats=seats, streams=streams, area=D(area), note=note,
        budget_central=D(budget.get("中央", 0)), budget_province=D(budget.get("省", 0)),
        budget_city=D(budget.get("市", 0)), budget_county=D(budget.get("县", 0)), budget_self=D(budget.get("自筹", 0)))
    project.save()
    # stages: (planned offset in days from today, actual offset or None) per step, in order.
    for stage, (planned, actual) in zip(project.stages.order_by("order"), stages, strict=False):
        stage.planned = today + dt.timedelta(days=planned) if planned is not None else None
        stage.actual = today + dt.timedelta(days=actual) if actual is not None else None
        stage.save()
    for days, source, amount, note_ in payments:
        Payment.objects.create(project=project, paid_on=today + dt.timedelta(days=days), source=source,
                               amount=D(amount), note=note_)
    return project


def load_demo(seed: int = 0) -> str | None:
    today = timezone.localdate()
    second = _school("城关第二小学", kind_hint="primary")
    if second is None:
        return None
    first = _school("城关第一小学", kind_hint="primary") or second
    third = _school("城关第三小学", kind_hint="primary") or second
    junior = _school("城关中学", kind_hint="junior") or second
    rural = (School.objects.filter(is_active=True, is_teaching_point=False, locality="rural")
             .exclude(pk__in=[second.pk, first.pk, third.pk, junior.pk]).order_by("code").first()) or third
    department = next((d for d in Department.objects.order_by("code") if "projects" in (d.modules or [])), None)
    y = today.year
    with transaction.atomic():
        if department is not None:  # the 计划财务科 gets a login: it keeps the 项目库
            demo_user(LOGIN[0], department.head or LOGIN[1], Role.DEPARTMENT, department=department)
        # 城关第二小学: the enrolment demo's extension becomes a project; its delivery keeps the same autumn.
        change = SeatChange.objects.filter(school=second, source="城关第二小学教学楼扩建工程").first()
        usable = change.year if change is not None else y + 2
        if change is not None:
            change.delete()  # the project below keeps its own row, same school, classes and autumn
        deliver = (dt.date(usable, 7, 15) - today).days
        _add(today, f"XM{y - 1}-003", "城关第二小学教学楼扩建工程", second, "改扩建",
             [(-520, -525), (-430, -440), (-360, -362), (deliver - 300, None), (deliver - 60, None), (deliver, None)],
             [(-350, "中央", "300", "首期"), (-200, "县", "260", "进度款"), (-40, "省", "150", "进度款")],
             level="小学", classrooms=6, seats=270, streams=2, area=2400,
             budget={"中央": 600, "省": 300, "县": 500})
        # 城关第一小学: two new first classes from next autumn on the plan — but the works have not started.
        next_autumn = (dt.date(y + 1 if today.month >= 9 else y, 8, 20) - today).days
        _add(today, f"XM{y}-001", "城关第一小学综合楼扩建工程", first, "改扩建",
             [(-200, -201), (-120, -122), (-60, None), (next_autumn - 90, None), (next_autumn - 30, None),
              (next_autumn, None)],
             [(-100, "县", "120", "设计及前期费用")],
             level="小学", classrooms=12, seats=540, area=4200, budget={"中央": 800, "市": 200, "县": 600},
             note="征地拆迁未完成，开工推迟")
        # A new primary school for the 城南 new district: not yet a school in the registry (计划财务科 owns it).
        _add(today, f"XM{y}-002", "城南新区小学新建工程", None, "新建",
             [(-30, -28), (60, None), (150, None), (520, None), (760, None), (800, None)], [],
             level="小学", classrooms=36, seats=1620, area=16800, region=second.region,
             budget={"中央": 2000, "省": 1500, "市": 1000, "县": 3500})
        # 城关中学's canteen: delivered, paid beyond its county budget.
        _add(today, f"XM{y - 1}-001", "城关中学食堂改造工程", junior, "食堂",
             [(-400, -400), (-340, -342), (-300, -301), (-200, -190), (-120, -121), (-110, -112)],
             [(-290, "省", "150", "首期"), (-180, "县", "140", "进度款"), (-90, "县", "105", "结算款（含变更）")],
             area=1200, budget={"省": 150, "县": 200}, note="设计变更增加排烟及明厨亮灶改造")
        # A rural dormitory: accepted, to be handed over next month.
        _add(today, f"XM{y - 1}-002", f"{rural.name}学生宿舍建设工程", rural, "宿舍",
             [(-330, -330), (-270, -272), (-230, -231), (-120, -125), (-20, -21), (30, None)],
             [(-220, "中央", "180", "首期"), (-100, "中央", "120", "进度款"), (-15, "县", "60", "进度款")],
             area=1800, budget={"中央": 320, "县": 120})
        # 城关第三小学: seismic reinforcement, out to tender.
        _add(today, f"XM{y}-003", "城关第三小学教学楼抗震加固工程", third, "加固",
             [(-40, -40), (25, None), (60, None), (150, None), (200, None), (210, None)], [],
             area=3100, budget={"省": 180, "县": 90})
        # A rural centre school short of 网络多媒体教室 gets three this year: the balance page's "计入本年度建设项目后"
        # shows it newly reaching the line (delivered within this calendar year, even in early January).
        hill = School.objects.filter(name="高山乡中心学校").first()
        if hill is not None:
            done = -min(20, today.timetuple().tm_yday - 1)
            _add(today, f"XM{y}-004", "高山乡中心学校综合楼改造（多媒体教室）", hill, "改扩建",
                 [(done - 300, done - 300), (done - 250, done - 252), (done - 200, done - 201),
                  (done - 100, done - 102), (done - 5, done - 5), (done, done)],
                 [(done - 240, "省", "90", "首期"), (done - 60, "县", "60", "进度款")],
                 level="小学", classrooms=3, streams=0, area=600, budget={"省": 90, "县": 70})  # no new 轨
        scan = scan_projects(today)
    over = sum(1 for p in Project.objects.all() if p.over_budget())
    return (f"建设项目：{Project.objects.count()}个（逾期阶段督办{scan.opened}件、超预算{over}个），"
            f"新增学位计入招生{Project.objects.filter(seat_change__isnull=False).count()}个")
