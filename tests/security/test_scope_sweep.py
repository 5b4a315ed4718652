"""Issue 18, "make the probe part of the suite": every route, as a school administrator and as an inspector of the
demo county, aimed at another school's rows, reads nothing of them and changes nothing.

The data is the demo county itself (what the outside probe used), loaded once for this module inside a transaction
that is rolled back at the end; each request runs in its own savepoint, rolled back after its checks. Routes and
models are discovered (``sweep.discover_routes``, ``sweep.owned_models``), so a new module is swept as it lands;
``test_sweep_reaches_every_route_and_owned_model`` fails if the discovery stops finding them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.io.registry import all_specs
from edubureau.core.management.commands.demo import Command as DemoCommand
from edubureau.core.management.commands.demo import school_year_of
from edubureau.core.scope import scope_for
from edubureau.core.testing.module_data import rolled_back_after_module, settled
from edubureau.demo.generator import DEFAULT_SEED
from edubureau.org.models import School

from . import sweep as sw

# Marked so that pytest-django sets the test database up (it does for marked items only); each test then runs in a
# savepoint inside the module's transaction.
# One worker loads this module's demo (``make test`` distributes by group): two would each load it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("scope-sweep")]

ROUTES = sw.discover_routes()
ROLES = ("xiaozhang", "duxue")  # the demo's school administrator and inspector, as the probe signed in
STAFF = "admin"  # the demo's superuser, who writes the rows the demo story leaves out

# Leaks other helpers are closing while this sweep lands (issue 18): strict, so the mark goes once they are fixed.
# (The plan ledger xlsx and the department's follow-up, the other two named in the brief, pass already.)
# Draft evaluation rankings (?version=0) are closed to inspectors now (evaluation.drafts), so no mark is left.
KNOWN_LEAKS: dict[str, str] = {}


def _case(route: sw.Route):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[route.name])] if route.name in KNOWN_LEAKS else []
    return pytest.param(route, id=f"{route.name}[{','.join(route.kwargs)}]", marks=marks)


@dataclass
class Sweep:
    """The loaded county, the secret rows, a page client and an API client per role, and the tally."""

    secrets: sw.Secrets
    baseline: str
    clients: dict[str, tuple[Client, Client]]
    specs: list[str]
    tally: sw.Tally = field(default_factory=sw.Tally)
    tables: frozenset[str] = field(init=False)

    def __post_init__(self):
        self.tables = sw.guarded_tables(self.secrets)

    # --- one route -----------------------------------------------------------------------------------------

    def run(self, route: sw.Route) -> list[str]:
        problems: list[str] = []
        self.tally.routes.add(route.name)
        targets = sw.targets_for(route, ROUTES, self.secrets, self.specs)
        for role, (pages, api) in self.clients.items():
            client = api if route.is_api else pages
            for target in targets:
                if target.model is not None:
                    self.tally.models_tried.add(target.model)
                for url in self._read_urls(route, target):
                    problems += self._request(role, client, route, "get", url, target)
                for method in self._write_methods(route):
                    problems += self._request(role, client, route, method, target.url, target)
        return problems

    def _read_urls(self, route: sw.Route, target: sw.Target) -> list[str]:
        if route.is_api:
            if route.is_api_detail or route.kwargs:
                return [target.url, f"{target.url}?version=0"]
            return [f"{target.url}?limit=200", f"{target.url}?school={self.secrets.school.pk}&limit=200"]
        urls = [target.url, f"{target.url}?version=0"]
        if not route.kwargs:
            urls.append(f"{target.url}?school={self.secrets.school.pk}")
        return urls

    @staticmethod
    def _write_methods(route: sw.Route) -> list[str]:
        if route.name.split(":")[-1] in sw.NO_WRITE_ROUTES:
            return []
        if route.is_api:
            return [m for m, _a in route.api_actions if m in ("post", "put", "patch", "delete")]
        return ["post"]

    def _request(self, role, client, route, method, url, target) -> list[str]:
        self.tally.requests[method.upper()] += 1
        self.tally.by_role[role] += 1
        data = target.data
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            if method == "get":
                response = client.get(url)
            elif route.is_api:
                response = getattr(client, method)(url, data=json.dumps(data), content_type="application/json")
            else:
                response = client.post(url, data={k: v for k, v in data.items() if v is not None})
            status = response.status_code
            self.tally.statuses[status] += 1
            found = []
            where = f"{role} {method.upper()} {url} → {status}"
            if status >= 500:
                found.append(f"{where}: server error")
            elif method == "get" and status == 200:
                hits = sw.found_in(sw.body_text(response), self.secrets)
                if hits and sw.published_ranking(response):
                    # A published ranking names every school of the county, by design (evaluation.services.
                    # visible_version); the draft does not, and B's own rows' text never shows.
                    hits = [h for h in hits if h.startswith(repr(sw.MARKER))]
                if hits:
                    found.append(f"{where} shows {hits}")
                elif sw.is_secret(target.model, target.pk, self.secrets) and (
                        route.is_api_detail and target.model in self.secrets.pks
                        or {"app", "model", "field"} <= set(route.kwargs)):
                    found.append(f"{where}: another school's row answered")
            elif (method != "get" and sw.may_have_changed(queries, self.tables)
                  and sw.fingerprint(self.secrets) != self.baseline):
                found.append(f"{where} changed another school's rows")
            transaction.set_rollback(True)
        self.tally.leaks += found
        return found


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county, loaded once in a transaction rolled back after the module (uploads in a temporary folder)."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("sweep_media")):
        with rolled_back_after_module():
            DemoCommand(stdout=io.StringIO())._load(DEFAULT_SEED, school_year_of(timezone.localdate()), 1.0)
            cache.clear()
            users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
            admin = get_user_model().objects.get(username=STAFF)
            reached = set()
            for user in users.values():
                reached |= set(scope_for(user).school_ids)
            school_b = _richest_other_school(reached, list(users.values()))
            _top_up(school_b, reached, admin)
            visible_names = [s.name for s in School.objects.filter(pk__in=reached)]
            secrets = sw.collect_secrets(school_b, list(users.values()), visible_names)
            clients = {}
            for name in ROLES:
                pages = Client(raise_request_exception=False)
                pages.force_login(users[name])
                pages.get("/")
                token = Token.objects.create(user=users[name])
                api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token.key}")
                clients[name] = (pages, api)
            # The day's scan (papers about to expire, late stages, reminders …) is the system's work, started by the
            # first follow-up page a visitor opens: it runs here, before the baseline, not inside a route's request.
            ensure_daily_scan(background=False)
            state = Sweep(secrets=secrets, baseline=sw.fingerprint(secrets), clients=clients,
                          specs=sorted(all_specs()))
            settled()  # once, not in every test's teardown (module_data explains)
            yield state


def _richest_other_school(reached: set[int], users):
    """School B: outside both roles' reach, sharing as few rows as may be with them (a rotating teacher, a task of
    both schools: what they may rightly see of B), then with rows none of them may read in the most owned models."""
    hidden, shown = {}, {}
    for model in sw.owned_models():
        qs = model.objects.all()
        visible = model.objects.none()
        for user in users:
            qs = qs.exclude(pk__in=model.objects.visible_to(user).values("pk"))
            visible = visible | model.objects.visible_to(user)
        hidden[model], shown[model] = qs, visible
    best, best_key = None, None
    for school in School.objects.exclude(pk__in=reached).order_by("pk"):
        shared = sum(qs.filter(m.scope_q({school.pk})).exists() for m, qs in shown.items())
        secret = sum(qs.filter(m.scope_q({school.pk})).exists() for m, qs in hidden.items())
        key = (-shared, secret)
        if best_key is None or key > best_key:
            best, best_key = school, key
    return best


def _top_up(school, reached: set[int], user) -> None:
    """Rows of school B of the kinds the demo story gives it none of (registered pupils, a campus, a pairing, a
    problem, an attachment, a visit photo, an appeal), written through the modules' own services where they exist."""
    from edubureau.core.testing import factories as f
    from edubureau.evaluation.models import Appeal, Indicator, ResultVersion
    from edubureau.evaluation.services import open_appeal
    from edubureau.inspection.models import Visit, VisitPhoto
    from edubureau.org.models import Campus, EducationGroup, GroupMembership, Pairing, Term
    from edubureau.people.models import SchoolClass, Student
    from edubureau.plans.models import Problem, ProgressReport, ReportAttachment, Task
    from edubureau.plans.services import raise_problem

    # A teacher of B alone (B's own staff may all be rotating or named by a visible row of A's school).
    f.make_staff(school, name="乙教师", subject="数学", start=dt.date(2020, 9, 1))
    if not GroupMembership.objects.filter(school=school).exists() and \
            not EducationGroup.objects.filter(EducationGroup.scope_q({school.pk})).exists():
        group = EducationGroup.objects.create(name="乙教育集团", kind="multi", lead_school=school,
                                             started=dt.date(2024, 9, 1))
        GroupMembership.objects.create(group=group, school=school, joined=dt.date(2024, 9, 1))
    gif = ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", name="photo.gif")
    if not Student.objects.filter(school=school).exists():
        klass = SchoolClass.objects.filter(school=school).order_by("-school_year__start_year", "pk").first()
        f.make_student(school, klass, name="乙学生")
    if not Campus.objects.filter(school=school).exists():
        Campus.objects.create(school=school, name="乙东校区", address="乙路1号")
    if not Pairing.objects.filter(Q(strong_school=school) | Q(supported_school=school)).exists():
        other = School.objects.exclude(pk__in=reached).exclude(pk=school.pk).order_by("pk").first()
        Pairing.objects.create(strong_school=school, supported_school=other, start_term=Term.objects.first(),
                               content="送教下乡")
    task = Task.objects.filter(Task.scope_q({school.pk})).order_by("pk").first()
    if task is not None and not Problem.objects.filter(Problem.scope_q({school.pk})).exists():
        raise_problem(task, user, description="校舍用地未落实", due=dt.date(2026, 12, 31), school=school)
    report = ProgressReport.objects.filter(ProgressReport.scope_q({school.pk})).order_by("pk").first()
    if report is not None and not ReportAttachment.objects.filter(ReportAttachment.scope_q({school.pk})).exists():
        ReportAttachment.objects.create(report=report, file=ContentFile(b"%PDF-1.4\n", name="a.pdf"), name="进展.pdf")
    visit = Visit.objects.filter(schools=school).order_by("pk").first()
    if visit is not None and not VisitPhoto.objects.filter(school=school).exists():
        VisitPhoto.objects.create(visit=visit, school=school, file=gif, caption="乙校门")
    version = ResultVersion.objects.filter(published_at__isnull=False, scheme__appeal_until__isnull=False).first()
    if version is not None and not Appeal.objects.filter(school=school).exists():
        indicator = Indicator.objects.filter(scheme=version.scheme).order_by("pk").first()
        open_appeal(scheme=version.scheme, school=school, indicator=indicator, reason="分数有误", user=user,
                    today=version.scheme.appeal_until)
    _rotation_objection(school, reached, user)
    from edubureau.people.models import Staff
    from edubureau.staffing.leave import file_leave

    file_leave(staff=Staff.objects.get(name="乙教师"), kind="病假", start=dt.date(2026, 11, 2),
               end=dt.date(2026, 11, 3), user=user, reason="乙校病假")
    _careers(school, Staff.objects.get(name="乙教师"))
    _students(school)
    _enrollment(school)
    _safety(school)  # issue 15: safety
    _projects(school)  # issue 15: projects
    _complaints(school, user)  # issue 15: complaints
    _fitness(school)  # issue 14: fitness


# --- issue 15: complaints (complaints helper's block) -----------------------------------------------------------
def _complaints(school, user) -> None:
    """A 信访件 about B assigned to B (with its follow-up), and one about B not yet assigned, both naming a
    complainant (the demo gives cases to a few schools only)."""
    from edubureau.complaints import services
    from edubureau.complaints.models import Complaint

    if Complaint.objects.filter(assigned_school=school).exists():
        return
    case = services.register(Complaint(channel="来信", received_on=dt.date(2026, 11, 2), category="乱收费",
                                       school=school, summary="乙校收取资料费", content="乙校每生收取资料费",
                                       complainant_name="乙信访人", complainant_phone="13900001111"), by=user)
    services.assign(case, by=user, school=school, today=dt.date(2026, 11, 3))
    services.register(Complaint(channel="电话", received_on=dt.date(2026, 11, 4), category="安全", school=school,
                                summary="乙校门口拥堵", content="乙校门口接送拥堵", complainant_name="乙家长"), by=user)


# --- issue 15: projects (projects helper's block) ---------------------------------------------------------------
def _projects(school) -> None:
    """B's rows in every projects register: a project (its six stages, one late with its follow-up, and its
    enrolment seat change), a payment and a photo of its first stage."""
    from decimal import Decimal

    from edubureau.projects.models import Payment, Project, StagePhoto
    from edubureau.projects.services import scan_projects

    project = Project(number="XM-B-SWEEP", name="乙校扩建项目", school=school, kind="改扩建", level="小学",
                      classrooms=6, seats=270, budget_county=Decimal(100), note="乙校项目备注")
    project.save()
    for stage in project.stages.all():
        stage.planned, stage.note = dt.date(2026, 3, 1) + dt.timedelta(days=60 * stage.order), "乙校阶段说明"
        stage.actual = stage.planned if stage.order == 0 else None
        stage.save()
    Payment.objects.create(project=project, paid_on=dt.date(2026, 4, 1), amount=Decimal(30), source="县",
                           note="乙校拨付")
    StagePhoto.objects.create(stage=project.stages.get(step="立项"), caption="乙校立项照片", by_school=True,
                              file=ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", name="stage.gif"))
    scan_projects(dt.date(2026, 12, 6))


# --- issue 15: safety (safety helper's block) -------------------------------------------------------------------
def _safety(school) -> None:
    """B's rows in every safety register: a hazard (with its follow-up), a self-check, a bus, a driver, a route, a
    canteen with a supplier, a 陪餐 record and a 留样 check, a drill."""
    from edubureau.safety import models as sm

    check = sm.Inspection.objects.create(school=school, kind="自查", day=dt.date(2026, 10, 8), inspectors="乙校检查人",
                                         categories=["消防"], summary="乙校自查")
    sm.Hazard.objects.create(school=school, category="消防", description="乙校灭火器过期", grade="一般",
                             found_on=dt.date(2026, 10, 8), responsible="乙校责任人", inspection=check,
                             measures="乙校措施",
                             photo=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 24, name="乙校隐患.png"))
    bus = sm.Vehicle.objects.create(school=school, plate="乙B12345", model_name="乙校车型", seats=30,
                                    inspection_expiry=dt.date(2027, 1, 1), insurance_expiry=dt.date(2027, 1, 1))
    sm.Driver.objects.create(school=school, name="乙司机", id_number="362201197803154516", phone="13900000000",
                             vehicle=bus, licence_class="A1", licence_expiry=dt.date(2028, 1, 1),
                             qualification_expiry=dt.date(2028, 1, 1))
    sm.Route.objects.create(school=school, name="乙线路", vehicle=bus, stops="乙站、乙村", pupils=20, escort="乙照管")
    canteen = sm.Canteen.objects.create(school=school, name="乙校食堂", licence_no="JY乙",
                                        licence_expiry=dt.date(2028, 1, 1))
    sm.Supplier.objects.create(canteen=canteen, name="乙供应商", goods="乙蔬菜", licence_no="JY乙2",
                               licence_expiry=dt.date(2028, 1, 1))
    sm.MealCompanion.objects.create(canteen=canteen, day=dt.date(2026, 10, 8), leader="乙校长", remarks="乙陪餐")
    sm.SampleCheck.objects.create(canteen=canteen, day=dt.date(2026, 10, 8), min_grams=130, hours=48, checker="乙检查")
    sm.Drill.objects.create(school=school, day=dt.date(2026, 10, 8), participants=300, problems="乙校演练问题")
    from edubureau.core.followup import open_followup

    sm.PaperAlert.objects.create(school=school, paper="校车年检", holder="乙校车", holder_key=f"vehicle:{bus.pk}",
                                 expires=dt.date(2026, 10, 30), followup=open_followup(
                                     module="safety", kind="paper", title="乙校车年检到期", due=dt.date(2026, 10, 30),
                                     school=school, issued_on=dt.date(2026, 10, 1)))
    sm.SelfCheckAlert.objects.create(school=school, month=dt.date(2026, 9, 1), done=0, owed=1, followup=open_followup(
        module="safety", kind="selfcheck", title="乙校2026年9月安全自查未完成", due=dt.date(2026, 10, 6), school=school,
        issued_on=dt.date(2026, 10, 1)))


def _students(school) -> None:
    """A pupil of B in every students register: a 学籍变动, an absence, a 劝返 case, a care record with a 送教上门
    visit, a 认定 and a grant (the demo story gives only some schools some of these)."""
    from decimal import Decimal

    from edubureau.core.followup import open_followup
    from edubureau.org.models import Term
    from edubureau.people.models import Student
    from edubureau.welfare.models import (
        AidProgram,
        AidRecognition,
        CareProfile,
        DropoutCase,
        Grant,
        HomeVisit,
        NationalRollImport,
        PupilAbsence,
        RollChange,
        RollDifference,
    )

    pupil = Student.objects.filter(school=school).order_by("pk").first()
    RollChange.objects.create(student=pupil, school=school, kind="休学", day=dt.date(2026, 10, 8),
                              until=dt.date(2027, 1, 8), reason="乙校病休")
    PupilAbsence.objects.create(student=pupil, day=dt.date(2026, 10, 9), reason="乙校缺课")
    followup = open_followup(module="welfare", kind="dropout", title="乙校劝返", due=dt.date(2026, 12, 31),
                             school=school)
    DropoutCase.objects.create(school=school, student=pupil, name=pupil.name, risk="疑似辍学", reason="乙校缺课",
                               school_head="乙校长", followup=followup)
    care, _created = CareProfile.objects.get_or_create(student=pupil, defaults={
        "guardian": "乙监护人", "parents_work_place": "乙务工地", "placement": "送教上门", "visits_per_term": 2})
    HomeVisit.objects.create(profile=care, day=dt.date(2026, 10, 20), teachers="乙送教教师", content="乙送教")
    AidRecognition.objects.get_or_create(student=pupil, year=2026, defaults={
        "school": school, "family_situation": "乙校家庭情况", "tier": "困难"})
    program = AidProgram.objects.order_by("pk").first() or AidProgram.objects.create(
        year=2026, name="乙项目", levels=["小学"], yearly={"小学": 1250})
    Grant.objects.create(term=Term.objects.order_by("pk").first(), program=program, student=pupil, school=school,
                         amount=Decimal("312.50"), account="6217000099990000")
    batch = NationalRollImport.objects.order_by("pk").first() or NationalRollImport.objects.create(
        filename="国家学籍.xlsx")
    RollDifference.objects.create(batch=batch, school=school, student=pupil, kind="信息不一致", label=pupil.name,
                                  field="班级", national="9班", roll="1班", note="乙校差异")


def _fitness(school) -> None:
    """A 体质健康 test of B with one pupil (the demo tests only the schools with a 学籍 roll)."""
    from edubureau.fitness.models import FitnessResult, FitnessTest

    test, created = FitnessTest.objects.get_or_create(school=school, year=2030, defaults={"pupils": 1, "scored": 1})
    if created:
        FitnessResult.objects.create(test=test, row=2, student_no="G乙0001", name="乙体测学生", grade_code="11",
                                     class_name="乙一班", sex="男", raw={"50米跑": "10.2"}, points_run_50m=100,
                                     standard_score=80, total=80, level="良好")


def _enrollment(school) -> None:
    """B's rows in every enrolment register: seats, a past intake, a seat change, an application whose findings
    name B's applicant, and a published lottery (the demo gives these to some schools only)."""
    from django.utils import timezone as tz

    from edubureau.core.testing import factories as f
    from edubureau.enrollment.models import Application, IntakeCount, Lottery, SeatChange, SeatPlan

    SeatPlan.objects.get_or_create(school=school, level="小学", defaults={"classes": 2, "class_size": 45})
    IntakeCount.objects.get_or_create(school=school, level="小学", year=2020, defaults={"pupils": 88})
    SeatChange.objects.create(school=school, level="小学", year=2029, classes=1, source="乙校扩建工程")
    Application.objects.create(year=2030, level="小学", number="2030B0001", child_name="乙申请儿童", sex="男",
                               child_id=f.make_id_number(dt.date(2023, 5, 1), "M"), school=school,
                               guardian_name="乙家长", guardian_id=f.make_id_number(), state="待核实",
                               findings=[{"code": "lock", "reason": "乙校房产已使用", "others": []}])
    Lottery.objects.get_or_create(school=school, year=2030, level="小学", defaults={
        "seed": "乙校种子", "seed_source": "乙校公证", "published": tz.now(), "seats": 45})


def _careers(school, teacher) -> None:
    """B's teacher in every 人事 register (年度考核, 岗位聘任, 师德, 继续教育), with a 旷工 case, and among the
    promotion candidates."""
    from edubureau.core.followup import open_followup
    from edubureau.staffing.models import (
        AbsenceCase,
        Appraisal,
        ConductRecord,
        PostAppointment,
        PromotionCandidate,
        PromotionRound,
        TrainingRecord,
    )

    Appraisal.objects.create(staff=teacher, year=2020, result="合格")
    PostAppointment.objects.create(staff=teacher, grade=10, since=dt.date(2020, 9, 1))
    ConductRecord.objects.create(staff=teacher, kind="违规", category="规范从教行为", day=dt.date(2026, 10, 1),
                                 sanction="警告", source="乙校信访", note="乙校师德")
    TrainingRecord.objects.create(staff=teacher, course="乙校校本研修", hours=8, level="校", year=2026)
    followup = open_followup(module="staffing", kind="absence", title="乙校旷工", due=dt.date(2026, 12, 31),
                             school=school)
    AbsenceCase.objects.create(staff=teacher, school=school, year=2026, days=16, longest_run=16, followup=followup)
    round_ = PromotionRound.objects.filter(status=PromotionRound.Status.PUBLIC).order_by("pk").first()
    if round_ is not None:
        PromotionCandidate.objects.create(round=round_, staff=teacher, school=school, from_grade=10, to_grade=9,
                                          standing="候补", trail=[{"rule": "师德", "passed": False, "why": "乙校"}])


def _rotation_objection(school, reached: set[int], user) -> None:
    """An 异议 of school B against a move out of it, in the demo's plan under 公示 (a move is added when B has none)."""
    from edubureau.people.models import Staff
    from edubureau.staffing.models import RotationMove, RotationObjection, RotationPlan
    from edubureau.staffing.objections import file_objection

    public = RotationPlan.objects.filter(status=RotationPlan.Status.PUBLIC).order_by("pk")
    plan = public.filter(region=school.region_id).first() or public.first()  # B's county's plan
    if plan is None or RotationObjection.objects.filter(school=school, move__plan=plan).exists():
        return  # none to file in, or the demo story gave B one already
    move = RotationMove.objects.filter(RotationMove.scope_q({school.pk}), plan=plan).order_by("pk").first()
    if move is None:
        other = School.objects.exclude(pk__in=reached).exclude(pk=school.pk).filter(
            region=plan.region_id).order_by("pk").first()
        move = RotationMove.objects.create(plan=plan, staff=Staff.objects.get(name="乙教师"), source=school,
                                           target=other, subject="数学")
    file_objection(move=move, school=school if school.pk in (move.source_id, move.target_id) else move.source,
                   reason="乙校异议：该教师孕期", user=user, today=plan.public_until)


@pytest.mark.parametrize("route", [_case(r) for r in ROUTES])
def test_route_reads_and_changes_nothing_of_another_school(route, sweep):
    problems = sweep.run(route)
    assert not problems, "\n".join(problems)


def test_sweep_reaches_every_route_and_owned_model(sweep, capsys):
    """New modules are swept without new test code: the discovery finds the routes, pages and API alike, and every
    model with an owning school is aimed at with rows of school B (run last, it also prints the tally)."""
    api = [r for r in ROUTES if r.is_api]
    assert len(ROUTES) > 250 and len(api) > 60, (len(ROUTES), len(api))
    owned = sw.owned_models()
    assert len(owned) >= 30
    without_rows = [m._meta.label for m in owned if not sweep.secrets.sample[m]]
    assert not without_rows, f"no rows of school B to aim at (add them in _top_up): {without_rows}"
    aimed = {t.model for r in ROUTES for t in sw.targets_for(r, ROUTES, sweep.secrets, sweep.specs)}
    assert not set(owned) - aimed, sorted(m._meta.label for m in set(owned) - aimed)
    # Each text field of B's rows carries the marker (else a leak would go unseen).
    for model in owned:
        fields = sw.marked_fields(model)
        if fields:
            row = model.objects.filter(pk=sweep.secrets.sample[model][0]).values(*fields).get()
            assert all(sw.MARKER in (value or "") for value in row.values()), (model, row)
    # The admin's routes are left out of the walk (sweep.SKIPPED_NAMESPACES): none of the swept roles gets past
    # its login.
    for pages, _api in sweep.clients.values():
        response = pages.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    with capsys.disabled():
        print(f"\nscope sweep: {len(ROUTES)} routes ({len(api)} API), {len(owned)} owned models, school B "
              f"{sweep.secrets.school.code}")
        print(sweep.tally.summary())


def test_a_write_to_a_secret_row_is_seen_before_the_fingerprint(sweep):
    """The fingerprint is read only after a request that wrote to a table of a secret model: an update, an insert
    or a delete there is seen; the session and cache writes of every request are not."""
    from django.contrib.sessions.backends.db import SessionStore

    from edubureau.core.followup_models import FollowUp

    assert FollowUp in sweep.secrets.pks and sweep.secrets.pks[FollowUp]
    secret = sweep.secrets.pks[FollowUp][0]
    for write in (lambda: FollowUp.objects.filter(pk=secret).update(title="改"),
                  lambda: FollowUp.objects.filter(pk=secret).delete()):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            write()
            assert sw.may_have_changed(queries, sweep.tables)
            transaction.set_rollback(True)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        SessionStore().save()
        cache.set("sweep-self-test", 1)
        assert queries.captured_queries and not sw.may_have_changed(queries, sweep.tables)
        transaction.set_rollback(True)
