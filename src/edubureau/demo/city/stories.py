"""The demo city's stories, loaded after its registry: the city exam, the city's work plan, and in every county its
inspection (责任区, 责任督学, visits, findings, rectification notices) and its evaluation scheme.

Each loader returns one console line; ``load_city_stories`` times them. Rows go in by ``bulk_create``; the few
service calls that save one row at a time run as system work (no user named in the audit trail).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.audit import system_work
from edubureau.org.choices import RegionLevel
from edubureau.org.models import Region, School, SchoolYear, Term, Zone
from edubureau.people.models import SchoolClass

from .generator import City

__all__ = ["EXAM_GRADES", "load_city_exam", "load_city_plan", "load_city_stories", "load_county_evaluation",
           "load_county_inspection"]

# The city's 期末统考: every pupil of 八、九年级 in the city, one exam per grade (about 128,000 candidates).
EXAM_GRADES = {8: "八年级", 9: "九年级"}
# The standard template's categories (城区小学, 农村小学, 初中) and the schools each takes.
CATEGORIES = {
    "urban": {"school_kinds": ["primary"], "localities": ["urban"]},
    "rural": {"school_kinds": ["primary"], "localities": ["town", "rural"]},
    "junior": {"school_kinds": ["junior", "nine_year", "complete_secondary"]},
}
WORK = "演示市数据"


def _city(city: City) -> Region:
    return Region.objects.get(code=city.code, level=RegionLevel.CITY)


def _counties(city: City) -> list[Region]:
    return list(Region.objects.filter(parent__code=city.code).order_by("code"))


# --- The city exam ------------------------------------------------------------------------------------------------


def load_city_exam(city: City, seed: int) -> str:
    """The city-wide 期末统考 of 八、九年级 (region = the city), analysed by the exam engine."""
    from edubureau.quality.engine.demo import GRADE_FULL_MARKS, demo_exam_frames
    from edubureau.quality.models import Exam
    from edubureau.quality.services import write_results

    region = _city(city)
    year = SchoolYear.objects.filter(is_current=True).first()
    term = Term.objects.filter(school_year=year).order_by("number").first() if year else None
    if term is None or Exam.objects.filter(region=region).exists():
        return ""
    classes = list(SchoolClass.objects.filter(school_year=year, grade__in=EXAM_GRADES, school__region__parent=region)
                   .order_by("grade", "school__code", "name").values_list("grade", "school__name", "name", "size",
                                                                          "school_id"))
    school_ids = {name: pk for _g, name, _c, _s, pk in classes}
    candidates = 0
    for grade, grade_name in EXAM_GRADES.items():
        mine = [(school, name, size) for g, school, name, size, _pk in classes if g == grade]
        if not mine:
            continue
        (frame,) = demo_exam_frames(mine, seed=seed + grade, full_marks=GRADE_FULL_MARKS[grade],
                                    prefix=f"{year.start_year}{grade:02d}", stages=1)
        exam = Exam.objects.create(name=_("{city}{grade}期末统考").format(city=city.name, grade=grade_name),
                                   term=term, grade=grade, full_marks=dict(GRADE_FULL_MARKS[grade]), region=region)
        write_results(exam, frame, school_ids)
        candidates += frame.height
    return _("市级统考已载入：八、九年级期末统考共{count}名考生，已完成分析。").format(count=f"{candidates:,}")


# --- The city's work plan -----------------------------------------------------------------------------------------


def load_city_plan(city: City, seed: int) -> str:
    """Seed 002 (德州市's 教育工作要点) as the city's plan (region = the city), its working tasks assigned to every
    county, each county's reports and breakdowns told by the plans app's own demo story (``plans.city``)."""
    from edubureau.plans.city import load_city_plan as load_plan
    from edubureau.plans.models import Task, WorkPlan

    region = _city(city)
    if WorkPlan.objects.filter(region=region).exists():
        return ""
    counties = _counties(city)
    plan = load_plan(region, counties, seed=seed)
    tasks = Task.objects.filter(plan=plan)
    assigned = Task.counties.through.objects.filter(task__plan=plan).count()
    return _("市级工作计划已载入：《{title}》{tasks}项任务，分派到{counties}个区县（{assigned}条分派）。").format(
        title=plan.title, tasks=tasks.count(), assigned=assigned, counties=len(counties))


# --- Each county's inspection -------------------------------------------------------------------------------------

def _routine_checklist():
    from edubureau.inspection.demo import CHECKLISTS
    from edubureau.inspection.models import Checklist, ChecklistItem

    checklist = Checklist.objects.filter(kind="routine", name=_("经常性督导检查表（市级模板）")).first()
    if checklist is None:
        checklist = Checklist.objects.create(name=_("经常性督导检查表（市级模板）"), kind="routine")
        ChecklistItem.objects.bulk_create([
            ChecklistItem(checklist=checklist, position=n, text=text, category=category, points=points,
                          severity=severity)
            # The county demo's routine checklist, so a city's and a county's visits ask the same things.
            for n, (text, category, points, severity) in enumerate(CHECKLISTS["routine"][1], 1)
        ])
    return checklist, list(checklist.items.order_by("position"))


def load_county_inspection(county: Region, slug: str, seed: int, today: dt.date) -> tuple[int, int, int]:
    """One 责任区 per 片区 with its 责任督学 (the county's ``<slug>_duxueN`` logins), a routine visit to about a
    third of the county's schools this term, their checklist answers and findings, and a notice for some findings.

    Returns:
        (zones, visits, notices).
    """
    from edubureau.core.followup import act
    from edubureau.core.followup_engine import Action
    from edubureau.inspection.models import (
        Answer,
        Finding,
        Inspector,
        ResponsibilityZone,
        Visit,
        VisitAnswer,
    )
    from edubureau.inspection.services import current_term, issue_notice

    term = current_term(today)
    if term is None:
        return 0, 0, 0
    rng = random.Random(f"{seed}:{slug}:inspection")
    checklist, items = _routine_checklist()
    users = {u.profile.zone_id: u for u in get_user_model().objects.filter(
        username__startswith=f"{slug}_duxue", profile__zone__region=county).select_related("profile")}
    admins = {u.profile.school_id: u for u in get_user_model().objects.filter(
        profile__school__region=county, username__startswith="school").select_related("profile")}
    zones = list(Zone.objects.filter(region=county).order_by("name"))
    inspectors = {}
    for zone in zones:
        user = users.get(zone.pk)
        if user is not None:
            inspectors[zone.pk] = Inspector.objects.create(user=user, name=user.first_name, employment="full")
    visits: list[tuple[Visit, School, Inspector]] = []
    days = [d for d in (term.start + dt.timedelta(days=k) for k in range((min(today, term.end) - term.start).days))
            if d.weekday() < 5]
    for zone in zones:
        schools = list(School.objects.filter(zone=zone, is_active=True).order_by("code"))
        inspector = inspectors.get(zone.pk)
        if not schools or inspector is None:
            continue
        rz = ResponsibilityZone.objects.create(term=term, name=_("{zone}责任区").format(zone=zone.name))
        rz.schools.set(schools)
        rz.inspectors.set([inspector])
        if not days:
            continue
        for school in rng.sample(schools, max(1, len(schools) // 3)):
            visit = Visit(day=rng.choice(days), kind="routine", checklist=checklist, status=Visit.Status.DONE,
                          recorded_by=inspector.user, notes=_("按检查表逐项查看，与校长、教师代表座谈。"))
            visits.append((visit, school, inspector))
    Visit.objects.bulk_create([v for v, _s, _i in visits])
    Visit.schools.through.objects.bulk_create([Visit.schools.through(visit_id=v.pk, school_id=s.pk)
                                               for v, s, _i in visits])
    Visit.inspectors.through.objects.bulk_create([Visit.inspectors.through(visit_id=v.pk, inspector_id=i.pk)
                                                  for v, _s, i in visits])
    answers, groups = [], []
    for visit, school, inspector in visits:
        group = []
        for item in items:
            no = rng.random() < 0.06
            note = _("现场检查发现不符合要求，已当场指出。") if no else ""
            answers.append(VisitAnswer(visit=visit, school=school, item=item, answer=Answer.NO if no else Answer.YES,
                                       note=note, score=0 if no else item.points))
            if no:
                group.append(Finding(visit=visit, school=school, item=item, category=item.category,
                                     severity=item.severity, found_on=visit.day,
                                     description=f"{item.text}：{note}"))
        if group:
            groups.append((group, inspector))
    VisitAnswer.objects.bulk_create(answers, batch_size=5000)
    Finding.objects.bulk_create([f for group, _inspector in groups for f in group], batch_size=5000)
    notices = 0
    for k, (group, inspector) in enumerate(sorted(groups, key=lambda g: (g[0][0].found_on, g[0][0].school_id))):
        issued_on = group[0].found_on + dt.timedelta(days=1)
        if issued_on > today or k % 2:
            continue  # every other one was put right on the spot: no notice
        due = issued_on + dt.timedelta(days=rng.choice((7, 14, 21)))
        notice = issue_notice(group, due=due, user=inspector.user, issued_on=issued_on)
        admin = admins.get(group[0].school_id)
        if admin is not None and due < today and k % 3 != 0:
            answered = min(today, due - dt.timedelta(days=1))
            act(notice.followup, Action.RESPOND, admin, measures=_("已落实责任人，逐项整改到位，附整改前后照片。"),
                today=answered)
            act(notice.followup, Action.VERIFY, inspector.user, note=_("现场复查，整改到位，同意销号。"),
                today=min(today, answered + dt.timedelta(days=1)))
        notices += 1
    return len(inspectors), len(visits), notices


# --- Each county's evaluation scheme -------------------------------------------------------------------------------


def load_county_evaluation(county: Region, slug: str, seed: int, today: dt.date) -> int:
    """This year's 学校年度考核 scheme of the county (region = the county) from the standard template, its three
    categories naming the county's own schools, scored by the county's 督导室 login.

    Returns:
        The number of schools evaluated.
    """
    from edubureau.evaluation import engine, services
    from edubureau.evaluation.demo import _score_all
    from edubureau.evaluation.models import Scheme

    if Scheme.objects.filter(region=county).exists():
        return 0
    rng = random.Random(f"{seed}:{slug}:evaluation")
    evaluator = get_user_model().objects.filter(username=f"{slug}_dudao").first()
    if evaluator is None:
        return 0
    scheme = services.from_engine(engine.standard_scheme(today.year), categories=CATEGORIES,
                                  note=_("{county}中小学校年度综合考核").format(county=county.name))
    scheme.region = county
    scheme.title = _("{county}{title}").format(county=county.name, title=scheme.title)
    scheme.save(update_fields=["region", "title"])
    # A category takes schools by kind across the whole instance; naming the county's schools keeps it to them.
    schools = []
    for category in scheme.categories.all():
        mine = School.objects.filter(region=county, is_active=True, is_teaching_point=False,
                                     kind__in=category.school_kinds)
        if category.localities:
            mine = mine.filter(locality__in=category.localities)
        mine = list(mine.order_by("code"))
        category.schools.set(mine)
        category.school_kinds, category.localities = [], []
        category.save(update_fields=["school_kinds", "localities"])
        schools += mine
    standing = {s.pk: rng.uniform(0.68, 0.97) for s in schools}
    _score_all(rng, scheme, schools, standing, [evaluator])
    return len(schools)


def load_city_stories(city: City, seed: int) -> Iterator[tuple[str, float]]:
    """Load every story of the city, yielding (console line, seconds) as each is done."""
    today = timezone.localdate()
    with system_work(WORK, started_by="edubureau demo --scale city"):
        t0 = time.perf_counter()
        with transaction.atomic():
            line = load_city_exam(city, seed)
        if line:
            yield "  " + line, time.perf_counter() - t0
        t0 = time.perf_counter()
        with transaction.atomic():
            line = load_city_plan(city, seed)
        if line:
            yield "  " + line, time.perf_counter() - t0
        t0 = time.perf_counter()
        slugs = {p.code: p.slug for p in city.counties}
        totals = [0, 0, 0, 0]
        for county in _counties(city):
            with transaction.atomic():
                zones, visits, notices = load_county_inspection(county, slugs[county.code], seed, today)
                evaluated = load_county_evaluation(county, slugs[county.code], seed, today)
            for i, n in enumerate((zones, visits, notices, evaluated)):
                totals[i] += n
        yield "  " + _("各区县督导与考核已载入：{zones}个责任区、{visits}次督导、{notices}份整改通知；"
                       "{schools}所学校纳入区县年度考核方案。").format(
            zones=totals[0], visits=f"{totals[1]:,}", notices=totals[2], schools=f"{totals[3]:,}"), \
            time.perf_counter() - t0
