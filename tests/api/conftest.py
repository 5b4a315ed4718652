"""Fixtures of the API tests: two schools with a row of every registry model each, and API clients per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import Campus, EducationGroup, GroupMembership, Pairing, Term
from edubureau.people.models import Honour


@pytest.fixture(autouse=True)
def _fresh_throttles(db):
    # Throttle counters live in the cache; one test's token requests must not throttle the next. The cache is
    # the database's, as in production (issue 18), so clearing it needs the test database.
    cache.clear()
    yield
    cache.clear()


@dataclass
class County:
    """Schools A (the school administrator's) and B, each with one row of every registry model."""

    a: object
    b: object
    year: object
    term: object
    rows: dict[str, dict[str, object]] = field(default_factory=dict)  # "a"/"b"/"ref" → model_name → row


def staffing_registers(staff) -> dict[str, object]:
    """The teacher's rows in the 人事 registers (年度考核, 岗位聘任, 师德, 继续教育)."""
    from edubureau.staffing.models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

    return {
        "appraisal": Appraisal.objects.create(staff=staff, year=2025, result="合格"),
        "postappointment": PostAppointment.objects.create(staff=staff, grade=10, since=dt.date(2020, 9, 1)),
        "conductrecord": ConductRecord.objects.create(staff=staff, kind="表彰", category="关心爱护学生",
                                                      day=dt.date(2025, 9, 10)),
        "trainingrecord": TrainingRecord.objects.create(staff=staff, course="校本研修", hours=24, level="校",
                                                        year=2026),
    }


def welfare_rows(school, student, term, program, batch) -> dict[str, object]:
    """The pupil's rows in the students module (学籍变动, 差异, 劝返, 认定, 资助, 关爱, 缺课)."""
    from edubureau.core.followup import open_followup
    from edubureau.welfare.models import (
        AidRecognition,
        CareProfile,
        DropoutCase,
        Grant,
        HomeVisit,
        PupilAbsence,
        RollChange,
        RollDifference,
    )

    followup = open_followup(module="welfare", kind="dropout", title="劝返", due=dt.date(2025, 12, 1), school=school,
                             issued_on=dt.date(2025, 11, 1))
    care = CareProfile.objects.create(student=student, guardian="祖母", parents_work_place="浙江省宁波市",
                                      placement="送教上门", visits_per_term=2)
    return {
        "rollchange": RollChange.objects.create(student=student, school=school, kind="休学", day=dt.date(2025, 10, 8),
                                                until=dt.date(2026, 1, 8), reason="病休"),
        "rolldifference": RollDifference.objects.create(batch=batch, school=school, student=student,
                                                        kind="信息不一致", label=student.name, field="班级",
                                                        national="2", roll="1"),
        "dropoutcase": DropoutCase.objects.create(school=school, student=student, name=student.name,
                                                  risk="疑似辍学", reason="连续缺课5天", school_head="校长",
                                                  followup=followup),
        "aidrecognition": AidRecognition.objects.create(student=student, school=school, year=2025, groups=["低保"],
                                                        family_situation="父亲病故", tier="困难"),
        "grant": Grant.objects.create(term=term, program=program, student=student, school=school,
                                      amount=312.5, account="6217000011112222"),
        "careprofile": care,
        "homevisit": HomeVisit.objects.create(profile=care, day=dt.date(2025, 10, 20), teachers="王老师",
                                              content="识字"),
        "pupilabsence": PupilAbsence.objects.create(student=student, day=dt.date(2025, 10, 9), reason="未请假"),
    }


def welfare_registers(student, term) -> None:
    """The importable students registers around one pupil: a grant, a care record, an absence, a 户籍 child."""
    from edubureau.welfare.models import AidProgram, CareProfile, Grant, HouseholdChild, PupilAbsence

    program = AidProgram.objects.create(year=term.school_year.start_year, name="义务教育家庭经济困难学生生活补助",
                                        levels=["小学"], yearly={"小学": 1250}, day_share=0.5)
    Grant.objects.create(term=term, program=program, student=student, school=student.school, amount=312.5,
                         account="6217000011112222", paid_on=dt.date(2025, 10, 15))
    CareProfile.objects.create(student=student, guardian="祖母", guardian_relation="祖母", guardian_phone="13900001111",
                               parents_work_place="浙江省宁波市")
    PupilAbsence.objects.create(student=student, day=dt.date(2025, 10, 9), reason="未请假")
    HouseholdChild.objects.create(id_number=student.id_number, name=student.name, township="城关镇")


def enrollment_rows(school, tag: str) -> dict[str, object]:
    """A school's rows in the enrolment module: its seats, a past intake, a seat change, an application, a lottery."""
    from edubureau.enrollment.models import Application, IntakeCount, Lottery, SeatChange, SeatPlan

    return {
        "seatplan": SeatPlan.objects.create(school=school, level="小学", classes=4, class_size=45),
        "intakecount": IntakeCount.objects.create(school=school, level="小学", year=2025, pupils=170),
        "seatchange": SeatChange.objects.create(school=school, level="小学", year=2027, classes=2, source="扩建"),
        "application": Application.objects.create(
            year=2026, level="小学", number=f"2026{tag}0001", child_name=f"{tag}儿童",
            child_id=f.make_id_number(dt.date(2019, 5, 1), "M"), sex="男", school=school, guardian_name="家长",
            guardian_id=f.make_id_number(dt.date(1988, 1, 1), "F"), guardian_phone="13900002222",
            property_certificate=f"{tag}房产证", findings=[{"code": "lock", "reason": "一房一学位", "others": []}],
            state="待核实"),
        "lottery": Lottery.objects.create(school=school, year=2026, level="小学", seed="2026", seed_source="公证",
                                          published=timezone.now(), seats=180),
    }


def fitness_rows(school, tag: str) -> dict[str, object]:
    """A school's 体质健康 test with one scored pupil."""
    from edubureau.fitness.models import FitnessResult, FitnessTest

    test = FitnessTest.objects.create(school=school, year=2026, file_name=f"{tag}体测.xlsx", pupils=1, scored=1)
    result = FitnessResult.objects.create(test=test, row=2, student_no=f"G{tag}0001", name=f"{tag}学生",
                                          grade_code="11", class_name="一年级(1)班", sex="男", raw={"50米跑": "10.2"},
                                          points_run_50m=100, standard_score=80, total=80, level="良好")
    return {"fitnesstest": test, "fitnessresult": result}


def enrollment_reference(region, school) -> dict[str, object]:
    """The bureau's enrolment rows: a unit and its zone, births, a lock, a proposal."""
    from edubureau.enrollment.models import BirthCount, PropertyUse, ResidentialUnit, UnitZone, ZoningProposal

    unit = ResidentialUnit.objects.create(region=region, code="JZ0001", name="幸福小区", township="城关镇",
                                          longitude="118.95", latitude="30.81", households=800, surveyed_primary=9)
    zone = UnitZone.objects.create(year=2026, level="小学", unit=unit)
    zone.schools.set([school])
    return {
        "residentialunit": unit, "unitzone": zone,
        "birthcount": BirthCount.objects.create(region=region, township="城关镇", year=2019, births=900),
        "propertyuse": PropertyUse.objects.create(region=region, certificate="旧房产证", level="小学", year=2023,
                                                  child_id=f.make_id_number(dt.date(2016, 2, 2), "F")),
        "zoningproposal": ZoningProposal.objects.create(region=region, year=2027, level="小学",
                                                        result={"assignments": []}),
    }


# --- issue 15: projects (projects helper's block) -----------------------------------------------------------------
def projects_rows(school, tag: str) -> dict[str, object]:
    """A school's project (saved with its six stages), its 立项 stage and a payment."""
    from decimal import Decimal

    from edubureau.projects.models import Payment, Project

    project = Project(number=f"XM-{tag}", name=f"{tag}校运动场改造", school=school, kind="运动场",
                      budget_county=Decimal(100))
    project.save()
    stage = project.stages.get(step="立项")
    stage.planned = stage.actual = dt.date(2025, 10, 1)
    stage.save()
    return {"project": project, "stage": stage,
            "payment": Payment.objects.create(project=project, paid_on=dt.date(2025, 11, 1), amount=Decimal(40),
                                              source="县")}


# --- issue 15: safety (safety helper's block) ---------------------------------------------------------------------
def safety_rows(school, tag: str) -> dict[str, object]:
    """A school's rows in every safety register (the hazard opens its follow-up as it is saved)."""
    from edubureau.core.followup import open_followup
    from edubureau.safety import models as sm

    check = sm.Inspection.objects.create(school=school, kind="自查", day=dt.date(2025, 10, 8), categories=["消防"])
    bus = sm.Vehicle.objects.create(school=school, plate=f"赣C{tag}0001", seats=30,
                                    inspection_expiry=dt.date(2026, 6, 1), insurance_expiry=dt.date(2026, 6, 1))
    canteen = sm.Canteen.objects.create(school=school, name=f"{tag}食堂", licence_expiry=dt.date(2027, 1, 1))
    return {
        "inspection": check,
        "hazard": sm.Hazard.objects.create(school=school, category="消防", description=f"{tag}灭火器过期",
                                           grade="一般", found_on=dt.date(2025, 10, 8), responsible="后勤主任",
                                           inspection=check),
        "vehicle": bus,
        "driver": sm.Driver.objects.create(school=school, name=f"{tag}司机", id_number="362201197803154517",
                                           phone="13900003333", vehicle=bus, licence_expiry=dt.date(2028, 1, 1),
                                           qualification_expiry=dt.date(2028, 1, 1)),
        "route": sm.Route.objects.create(school=school, name=f"{tag}线", vehicle=bus, stops="学校、村口", pupils=20),
        "canteen": canteen,
        "supplier": sm.Supplier.objects.create(canteen=canteen, name=f"{tag}供应商",
                                               licence_expiry=dt.date(2027, 1, 1)),
        "drill": sm.Drill.objects.create(school=school, day=dt.date(2025, 10, 9), participants=300),
        # No API route; here for the pages that need one of every row (the edit-token check).
        "mealcompanion": sm.MealCompanion.objects.create(canteen=canteen, day=dt.date(2025, 10, 9), leader="校长"),
        "samplecheck": sm.SampleCheck.objects.create(canteen=canteen, day=dt.date(2025, 10, 9), min_grams=130,
                                                     hours=48),
        "paperalert": sm.PaperAlert.objects.create(
            school=school, paper="校车年检", holder=f"校车{bus.plate}", holder_key=f"vehicle:{bus.pk}",
            expires=dt.date(2026, 6, 1), followup=open_followup(
                module="safety", kind="paper", title=f"{tag}校车年检到期", due=dt.date(2026, 6, 1), school=school,
                issued_on=dt.date(2026, 5, 10))),
    }


def _safety_campaign():
    from edubureau.safety.models import Campaign

    return Campaign.objects.create(title="汛期安全专项检查", kind="汛期", categories=["校舍"],
                                   issued_on=dt.date(2025, 10, 1), due=dt.date(2025, 10, 15))


# --- issue 15: complaints (complaints helper's block) -------------------------------------------------------------
def complaints_rows(school, tag: str) -> dict[str, object]:
    """A 信访件 about the school and assigned to it, naming its complainant (the office alone reads who)."""
    from edubureau.complaints.models import Complaint

    return {"complaint": Complaint.objects.create(
        number=f"XF2025-{tag}001", channel="来信", received_on=dt.date(2025, 10, 8), category="乱收费", school=school,
        summary=f"{tag}校收取资料费", content="每生80元", complainant_name=f"{tag}信访人",
        complainant_phone="13900004444", assigned_school=school, accept_due=dt.date(2025, 10, 23),
        answer_due=dt.date(2025, 12, 7))}


def build_county() -> County:
    zone = f.make_zone("东部片区")
    year = f.make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a = f.make_school("甲小学", zone=zone)
    b = f.make_school("乙小学", zone=zone)
    county = County(a=a, b=b, year=year, term=term)
    from edubureau.welfare.models import AidProgram, HouseholdChild, NationalRollImport

    program = AidProgram.objects.create(year=2025, name="义务教育家庭经济困难学生生活补助", levels=["小学", "初中"],
                                        yearly={"小学": 1250, "初中": 1500}, day_share=0.5)
    batch = NationalRollImport.objects.create(filename="全国学籍导出.xlsx", rows=2, roll_rows=2, matched=2)
    for tag, school in (("a", a), ("b", b)):
        staff = f.make_staff(school, name=f"{tag}教师")
        klass = f.make_class(school, grade=3, head_teacher=staff)
        county.rows[tag] = {
            "school": school,
            "schoolfacts": f.make_facts(school, year),
            "campus": Campus.objects.create(school=school, name=f"{tag}东校区"),
            "staff": staff,
            "posting": staff.postings.get(),
            "honour": Honour.objects.create(
                staff=staff, kind="key_teacher", level="county", awarded=dt.date(2023, 9, 1)
            ),
            "schoolclass": klass,
            "student": f.make_student(school, klass, id_number=f.make_id_number(dt.date(2016, 3, 1), "M")),
            **staffing_registers(staff),
        }
        county.rows[tag].update(welfare_rows(school, county.rows[tag]["student"], term, program, batch))
        county.rows[tag].update(enrollment_rows(school, tag))
        county.rows[tag].update(safety_rows(school, tag))  # issue 15: safety
        county.rows[tag].update(projects_rows(school, tag))  # issue 15: projects
        county.rows[tag].update(complaints_rows(school, tag))  # issue 15: complaints
        county.rows[tag].update(fitness_rows(school, tag))  # issue 14: fitness
    # Rows that concern school B only: its group, its pairing with a third school.
    c = f.make_school("丙中学", kind="junior", zone=zone)
    group_b = EducationGroup.objects.create(name="乙集团", kind="multi", lead_school=b, started=dt.date(2024, 9, 1))
    county.rows["b"]["educationgroup"] = group_b
    county.rows["b"]["groupmembership"] = GroupMembership.objects.create(group=group_b, school=c, joined="2024-09-01")
    county.rows["b"]["pairing"] = Pairing.objects.create(strong_school=b, supported_school=c, start_term=term)
    group_a = EducationGroup.objects.create(name="甲集团", kind="single", lead_school=a, started=dt.date(2024, 9, 1))
    county.rows["a"]["educationgroup"] = group_a
    county.rows["a"]["groupmembership"] = GroupMembership.objects.create(group=group_a, school=a, joined="2024-09-01")
    county.rows["a"]["pairing"] = Pairing.objects.create(strong_school=c, supported_school=a, start_term=term)
    county.rows["ref"] = {
        "region": a.region,
        "zone": zone,
        "department": f.make_department(code="renshi", name="人事科", modules=["org", "people"]),
        "schoolyear": year,
        "term": term,
        "aidprogram": program,
        "nationalrollimport": batch,
        "householdchild": HouseholdChild.objects.create(id_number=f.make_id_number(dt.date(2017, 5, 2), "F"),
                                                        name="户籍儿童", township="城关镇"),
        **enrollment_reference(a.region, a),
        # issue 15: safety's one bureau row (a 专项检查 not yet sent)
        "campaign": _safety_campaign(),
    }
    return county


@pytest.fixture
def county(db) -> County:
    return build_county()


def token_client(user) -> APIClient:
    """An API client sending ``user``'s token, as an external system would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def department_user(county):
    """人事科: owns the org and people modules, so reads and writes the whole registry."""
    return f.make_user(Role.DEPARTMENT, department=county.rows["ref"]["department"], username="renshi")


@pytest.fixture
def school_admin(county):
    return f.make_user(Role.SCHOOL, school=county.a, username="jia_admin")


@pytest.fixture
def dept_api(department_user) -> APIClient:
    return token_client(department_user)


@pytest.fixture
def school_api(school_admin) -> APIClient:
    return token_client(school_admin)
