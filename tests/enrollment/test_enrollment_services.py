"""Enrolment in the database (issue 12): the checks write a reason for every flag, the clerk decides, a seed is
published before the draw, placement follows category, 积分 and the published lottery, the overflow is offered the
nearest public school, the rest become follow-ups, and anyone can rerun the draw from the published list.
A county of four schools on a line, worked by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from python_calamine import CalamineWorkbook

from edubureau.core.followup_models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.enrollment import services
from edubureau.enrollment.engine.draw_file import read_applicants
from edubureau.enrollment.engine.lottery import draw
from edubureau.enrollment.models import (
    Application,
    EnrollmentSettings,
    PropertyUse,
    ResidentialUnit,
    SeatPlan,
    UnitZone,
)

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def county():
    region = f.make_region()
    settings = EnrollmentSettings.current()
    settings.year = YEAR
    settings.save()
    # Four schools on a line 1 km apart (latitude steps of 0.009°): A, B, C public, P 民办.
    schools = {}
    for k, (tag, ownership) in enumerate((("A", "public"), ("B", "public"), ("C", "public"), ("P", "private"))):
        schools[tag] = f.make_school(f"{tag}小学", region=region, ownership=ownership, latitude=Decimal("30.0")
                                     + Decimal("0.009") * k, longitude=Decimal("120.0"))
    seats = {"A": 2, "B": 1, "C": 0, "P": 5}
    for tag, classes in seats.items():
        SeatPlan.objects.create(school=schools[tag], level="小学", classes=classes, class_size=1 if tag != "P" else 1)
    units = {}
    for tag in ("A", "B"):
        unit = ResidentialUnit.objects.create(region=region, code=f"U{tag}", name=f"{tag}小区", township="城关镇",
                                              latitude=schools[tag].latitude, longitude=Decimal("120.0"))
        zone = UnitZone.objects.create(year=YEAR, level="小学", unit=unit)
        zone.schools.set([schools[tag]])
        units[tag] = unit
    department = f.make_department(modules=("enrollment",), region=region)
    clerk = f.make_user(Role.DEPARTMENT, department=department)
    return {"schools": schools, "units": units, "clerk": clerk, "region": region,
            "head_a": f.make_user(Role.SCHOOL, school=schools["A"]), "leader": f.make_user(Role.LEADER)}


def apply(county, number, school="A", *, born=dt.date(2019, 10, 1), kind="一类", certificate=None, guardian=None,
          child_id=None, **kw):
    unit = county["units"][school if school in county["units"] else "A"]
    guardian = guardian or f.make_id_number(dt.date(1988, 3, 3), "F")
    values = dict(year=YEAR, level="小学", number=number, child_name=f"儿童{number}",
                  child_id=child_id or f.make_id_number(born, "M"), sex="男", school=county["schools"][school],
                  guardian_name="家长", guardian_id=guardian, guardian_phone="13911112222",
                  documents=["户口簿", "不动产权证"])
    if kind == "一类":
        values.update(hukou_unit=unit, hukou_address=f"{unit.name}1幢101室",
                      property_certificate=certificate or f"房产{number}", property_owner_id=guardian,
                      property_unit=unit, property_address=f"{unit.name}1幢101室")
    values.update(kw)
    return Application.objects.create(**values)


def test_checks_give_a_category_or_a_reason_for_each_application(county):
    clean = apply(county, "N1")
    PropertyUse.objects.create(region=county["region"], certificate="旧房", level="小学", year=YEAR - 2,
                               child_id=f.make_id_number(dt.date(2017, 1, 1), "F"), guardian_ids="某人",
                               application="2024X001")
    locked = apply(county, "N2", certificate="旧房")
    young = apply(county, "N3", born=dt.date(2020, 9, 1))
    report = services.check_applications(YEAR, "小学", by=county["clerk"])
    assert (report.checked, report.cleared, report.flagged) == (3, 1, 2)
    clean.refresh_from_db(), locked.refresh_from_db(), young.refresh_from_db()
    assert (clean.state, clean.category) == ("审核通过", "一类")
    assert locked.state == "待核实" and locked.findings[0]["code"] == "lock"
    assert "已于2024年为另一名儿童提供小学学位，6年内（至2029年）不能再用于小学入学" in locked.findings[0]["reason"]
    assert locked.findings[0]["others"] == ["2024X001"]
    assert young.findings[0]["reason"].startswith("出生于2020年9月1日")


def test_the_clerk_decides_with_a_note_and_a_decision_is_not_rechecked(county):
    locked = apply(county, "N2", certificate="旧房")
    PropertyUse.objects.create(region=county["region"], certificate="旧房", level="小学", year=YEAR - 1,
                               child_id=f.make_id_number(dt.date(2017, 1, 1), "F"), guardian_ids="某人")
    services.check_applications(YEAR, "小学", by=county["clerk"])
    locked.refresh_from_db()
    with pytest.raises(ValidationError, match="请填写审核意见"):
        services.decide(locked, accept=False, note=" ", by=county["clerk"])
    services.decide(locked, accept=False, note="一房一学位，不予安排", by=county["clerk"])
    services.check_applications(YEAR, "小学", by=county["clerk"])
    locked.refresh_from_db()
    assert (locked.state, locked.clerk_note, locked.checked_by) == ("不符合条件", "一房一学位，不予安排",
                                                                    county["clerk"])
    with pytest.raises(ValidationError, match="不能再审核"):
        services.decide(locked, accept=True, note="改判", by=county["clerk"])


def test_placement_needs_every_check_done_and_a_published_seed_where_oversubscribed(county):
    for n in range(3):
        apply(county, f"N{n}")
    flagged = apply(county, "X1", born=dt.date(2020, 9, 5))
    services.check_applications(YEAR, "小学", by=county["clerk"])
    with pytest.raises(ValidationError, match="还有1份申请待审核或待核实"):
        services.place_children(YEAR, "小学", by=county["clerk"])
    services.decide(Application.objects.get(pk=flagged.pk), accept=False, note="未满入学年龄", by=county["clerk"])
    with pytest.raises(ValidationError, match="须先公布摇号种子：A小学"):
        services.place_children(YEAR, "小学", by=county["clerk"])


def test_placement_by_the_published_lottery_then_the_nearest_public_school_then_a_follow_up(county):
    # A: 2 seats, four 一类 applicants → the lottery decides; the 3rd goes to B (1 seat, nearest public), the 4th
    # finds C full (0 seats) and P 民办 not offered: a follow-up owed by the enrolment department.
    apps = [apply(county, f"N{n}") for n in range(4)]
    services.check_applications(YEAR, "小学", by=county["clerk"])
    lottery = services.publish_seed(school=county["schools"]["A"], year=YEAR, level="小学", seed="20260612",
                                    source="公证处", seats=2, by=county["clerk"])
    with pytest.raises(ValidationError, match="已公布，不能更改"):
        services.publish_seed(school=county["schools"]["A"], year=YEAR, level="小学", seed="other", source="",
                              seats=2, by=county["clerk"])
    report = services.place_children(YEAR, "小学", by=county["clerk"])
    expected = sorted((a.number for a in apps), key=lambda n: hashlib.sha256(f"20260612|{n}".encode()).hexdigest())
    lottery.refresh_from_db()
    assert lottery.result["order"] == expected and lottery.result["admitted"] == expected[:2]
    states = {a.number: (a.state, a.admitted_school.name if a.admitted_school else None)
              for a in Application.objects.select_related("admitted_school")}
    assert states[expected[0]] == ("已录取", "A小学") and states[expected[1]] == ("已录取", "A小学")
    assert states[expected[2]] == ("统筹安排", "B小学")
    assert states[expected[3]] == ("待安排", None)
    assert (report.admitted, report.reassigned, report.unplaced) == (2, 1, 0 + 1)
    followup = FollowUp.objects.get()
    assert followup.module == "enrollment" and expected[3] in followup.title
    assert followup.department.modules == ["enrollment"] and followup.school is None
    # The houses of the placed children are locked for six years; the unplaced child's is not.
    assert set(PropertyUse.objects.values_list("application", flat=True)) == set(expected[:3])
    with pytest.raises(ValidationError, match="已完成录取"):
        services.place_children(YEAR, "小学", by=county["clerk"])
    # School A reads where its third applicant went only as "another school" (page and API alike).
    moved = Application.objects.get(number=expected[2])
    client = Client()
    client.force_login(county["head_a"])
    page = client.get(f"/enrollment/applications/{moved.pk}/").content.decode()
    api = client.get(f"/api/enrollment/applications/{moved.pk}/").content.decode()
    assert "B小学" not in page and "B小学" not in api and "已统筹安排到其他学校" in page
    client.force_login(county["clerk"])
    assert "B小学" in client.get(f"/enrollment/applications/{moved.pk}/").content.decode()
    # A placed child's application is part of the published result: the clerk may not delete it; an unplaced one
    # may still be withdrawn.
    response = client.post(f"/enrollment/applications/{moved.pk}/delete/")
    assert response.status_code == 409 and "不能删除" in response.content.decode()
    assert Application.objects.filter(pk=moved.pk).exists()
    unplaced = Application.objects.get(number=expected[3])
    assert client.post(f"/enrollment/applications/{unplaced.pk}/delete/").status_code == 302
    assert not Application.objects.filter(pk=unplaced.pk).exists()


def test_anyone_can_rerun_the_published_draw_from_its_csv(county, tmp_path):
    for n in range(5):
        apply(county, f"N{n}")
    apply(county, "M1", kind="三类", hukou_unit=None, residence_permit_start=dt.date(2024, 1, 1),
          insurance_months=20, documents=["居住证", "社保缴费证明"])
    services.check_applications(YEAR, "小学", by=county["clerk"])
    lottery = services.publish_seed(school=county["schools"]["A"], year=YEAR, level="小学", seed="S-7",
                                    source="公证处", seats=2, by=county["clerk"])
    services.place_children(YEAR, "小学", by=county["clerk"])
    lottery.refresh_from_db()
    client = Client()
    client.force_login(county["leader"])
    response = client.get(f"/enrollment/lotteries/{lottery.pk}/rerun.csv")
    path = tmp_path / "list.csv"
    path.write_bytes(response.content)
    rerun = draw(read_applicants(path), "S-7", 2)
    assert [a.number for a in rerun.order] == lottery.result["order"]
    assert lottery.result["order"][-1] == "M1"  # 三类 after every 一类, whatever its ticket


# --- Privacy: papers in full only to the clerk, each view logged -------------------------------------------------


def test_papers_masked_but_for_the_clerk_whose_view_is_logged(county):
    app = apply(county, "N1")
    url = f"/enrollment/applications/{app.pk}/"
    for user in (county["head_a"], county["leader"]):
        client = Client()
        client.force_login(user)
        body = client.get(url).content.decode()
        assert app.child_id not in body and app.guardian_id not in body and "13911112222" not in body
        assert app.child_id[:6] + "********" in body and "1幢101室" not in body
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    client = Client()
    client.force_login(county["clerk"])
    body = client.get(url).content.decode()
    assert app.child_id in body and "13911112222" in body and "A小区1幢101室" in body
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == county["clerk"] and "child_id" in entry.additional_data["revealed"]


def test_exports_mask_for_everyone_but_the_clerk(county):
    app = apply(county, "N1")
    client = Client()
    client.force_login(county["leader"])
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/export/enrollment.application/").content))
    cells = [str(c) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row]
    assert app.child_id not in cells and "13911112222" not in cells and "A小区1幢101室" not in cells
    assert any(c.startswith(app.child_id[:6]) and "*" in c for c in cells)
    client.force_login(county["clerk"])
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/export/enrollment.application/").content))
    cells = [str(c) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row]
    assert app.child_id in cells and "13911112222" in cells and "A小区1幢101室" in cells


def test_only_the_clerk_runs_checks_and_decides(county):
    app = apply(county, "N1", born=dt.date(2020, 9, 5))
    services.check_applications(YEAR, "小学", by=county["clerk"])
    client = Client()
    client.force_login(county["head_a"])
    assert client.post("/enrollment/check/", {"level": "小学"}).status_code == 403
    assert client.post(f"/enrollment/applications/{app.pk}/decide/",
                       {"decision": "accept", "note": "好"}).status_code == 403
    assert client.get("/enrollment/zones/").status_code == 403
    client.force_login(county["clerk"])
    response = client.post(f"/enrollment/applications/{app.pk}/decide/", {"decision": "refuse", "note": "年龄不足"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "不符合条件"


def test_public_lookup_names_the_schools_of_an_address_and_nothing_else(county):
    apply(county, "N1")
    body = Client().get("/enrollment/lookup/", {"q": "A小区"}).content.decode()
    assert "A小学" in body and "B小学" not in body and "儿童N1" not in body and "13911112222" not in body
    assert "本年度尚未划片" in body  # no 初中 zone yet


# --- 学位预测 ----------------------------------------------------------------------------------------------------


def test_seat_outlook_turns_red_the_year_demand_passes_the_seats(county):
    # One zone, one township: intake was 0.9 of the births six years before, three years running. Next year's
    # 一年级 = births of 2019 × 0.9 = 117 against 120 seats (above 95%: amber); 2026: 140 × 0.9 = 126 > 120 (red);
    # from 2027 a fourth class (160 seats) takes 150 × 0.9 = 135 (green).
    from edubureau.enrollment.forecast import seat_outlook
    from edubureau.enrollment.models import BirthCount, IntakeCount, SeatChange

    school = county["schools"]["A"]
    ResidentialUnit.objects.filter(code="UA").update(households=100, township="甲镇")
    ResidentialUnit.objects.filter(code="UB").update(households=0, township="乙镇")
    for born, n in zip(range(2016, 2025), (100, 110, 120, 130, 140, 150, 150, 150, 150), strict=True):
        BirthCount.objects.create(region=county["region"], township="甲镇", year=born, births=n)
    for at, n in ((2022, 90), (2023, 99), (2024, 108)):
        IntakeCount.objects.create(school=school, level="小学", year=at, pupils=n)
    SeatPlan.objects.filter(school=school).update(classes=3, class_size=40)
    SeatChange.objects.create(school=school, level="小学", year=2027, classes=1, source="扩建")
    UnitZone.objects.filter(unit__code__in=["UA", "UB"]).update(year=2024)
    outlook = seat_outlook(2025, "小学")
    [row] = [r for r in outlook.rows if r["school"] == school]
    cells = {c["year"]: (c["demand"], c["seats"], c["flag"]) for c in row["cells"]}
    assert cells[2025] == (117, 120, "amber") and cells[2026] == (126, 120, "red")
    assert cells[2027] == (135, 160, "green")
    assert outlook.first_red == {2026: 1}
    assert abs(row["ratio"].mid - 0.9) < 1e-9


def test_settings_change_the_rules_and_refuse_a_day_that_does_not_exist(county):
    client = Client()
    client.force_login(county["leader"])
    assert client.post("/enrollment/settings/", {"year": 2027}).status_code == 403
    client.force_login(county["clerk"])
    page = client.get("/enrollment/settings/").content.decode()
    token = page.split('name="version" value="')[1].split('"')[0] if 'name="version"' in page else ""
    data = {"year": 2026, "entry_age": 6, "cutoff_month": 2, "cutoff_day": 30, "lock_years_primary": 5,
            "lock_years_junior": 3, "min_residence_months": 12, "migrant_share": "0", "children_per_dwelling": "0.012",
            "version": token}
    response = client.post("/enrollment/settings/", data)
    assert response.status_code == 400 and "2月没有30日" in response.content.decode()
    data["cutoff_day"] = 28
    assert client.post("/enrollment/settings/", data).status_code == 302
    rules = EnrollmentSettings.current().rules()
    assert rules.lock_years["小学"] == 5 and rules.min_residence_months == 12 and rules.cutoff == (2, 28)
    assert [c.name for c in rules.categories] == ["一类", "二类", "三类"]  # blank: the defaults
    data["categories"] = "一类|户房一致|户房一致|户口簿|否\n二类|有房|买房了|不动产权证|否"
    response = client.post("/enrollment/settings/", data)
    assert response.status_code == 400 and "第2行：条件应为" in response.content.decode()
    data["categories"] = "一类|户房一致或有房|户房一致、有房无户|户口簿|否"
    assert client.post("/enrollment/settings/", data).status_code == 302
    [only] = EnrollmentSettings.current().rules().categories
    assert only.tests == ("户房一致", "有房无户")


def test_an_appeal_is_a_follow_up_and_a_refusal_found_wrong_is_placed_again(county):
    app = apply(county, "N1", born=dt.date(2020, 9, 5))
    apply(county, "N2")
    services.check_applications(YEAR, "小学", by=county["clerk"])
    services.decide(Application.objects.get(number="N1"), accept=False, note="未满入学年龄", by=county["clerk"])
    services.place_children(YEAR, "小学", by=county["clerk"])
    app = Application.objects.get(pk=app.pk)
    client = Client()
    client.force_login(county["head_a"])
    assert client.post(f"/enrollment/applications/{app.pk}/appeal/", {"reason": "出生证明日期有误"}).status_code == 403
    client.force_login(county["clerk"])
    client.post(f"/enrollment/applications/{app.pk}/appeal/", {"reason": "出生证明日期有误，实为8月"})
    app = Application.objects.select_related("appeal").get(pk=app.pk)
    assert app.appeal.kind == "招生申诉" and app.appeal.department.modules == ["enrollment"]
    assert app.appeal.due == app.appeal.issued_on + dt.timedelta(days=15)
    with pytest.raises(ValidationError, match="已有在办的申诉"):
        services.file_appeal(app, reason="再次申诉", by=county["clerk"])
    client.post(f"/enrollment/applications/{app.pk}/appeal/", {"upheld": "yes", "category": "一类",
                                                                "note": "经核实户口簿出生日期为8月，符合入学年龄"})
    app = Application.objects.select_related("appeal", "followup").get(pk=app.pk)
    assert app.appeal.state == "closed" and app.state == "待安排" and app.category == "一类"
    assert app.followup is not None and app.followup.kind == "统筹安排"  # the year was placed: placed by hand
    assert app.appeal.events.filter(action="respond", note__contains="申诉成立").exists()


def test_seventh_grade_outlook_from_the_feeding_primary(county):
    # A and B feed J (their units are zoned to J). 七年级 was 0.95 of A+B's first grade six years before:
    # 95/100, 114/120, 133/140. Next year's 七年级 = 0.95 × 160 (2021's first grade) = 152 > 150 seats: red.
    from edubureau.enrollment.forecast import seventh_outlook
    from edubureau.enrollment.models import IntakeCount

    junior = f.make_school("J中学", kind="junior", region=county["region"], latitude=Decimal("30.0"),
                           longitude=Decimal("120.01"))
    SeatPlan.objects.create(school=junior, level="初中", classes=3, class_size=50)
    ResidentialUnit.objects.update(households=100)
    for unit in county["units"].values():
        zone = UnitZone.objects.create(year=YEAR, level="初中", unit=unit)
        zone.schools.set([junior])
    first = {2018: 100, 2019: 120, 2020: 140, **dict.fromkeys(range(2021, 2027), 160)}
    for at, n in first.items():
        IntakeCount.objects.create(school=county["schools"]["A"], level="小学", year=at, pupils=n)
        IntakeCount.objects.create(school=county["schools"]["B"], level="小学", year=at, pupils=0)
    for at, n in ((2024, 95), (2025, 114), (2026, 133)):
        IntakeCount.objects.create(school=junior, level="初中", year=at, pupils=n)
    outlook = seventh_outlook(2027)
    [row] = outlook.rows
    assert row["school"] == junior and abs(row["ratio"].mid - 0.95) < 1e-9
    assert [(c["year"], c["demand"], c["seats"], c["flag"]) for c in row["cells"][:2]] == [
        (2027, 152, 150, "red"), (2028, 152, 150, "red")]


def test_the_receiving_school_balances_the_children_placed_with_it(county):
    # Four apply to A (2 seats): two are placed at A, one 统筹 to B. B's login sees that child in its class list
    # (by name, number masked) without reading where the child applied.
    for n in range(4):
        apply(county, f"N{n}")
    services.check_applications(YEAR, "小学", by=county["clerk"])
    services.publish_seed(school=county["schools"]["A"], year=YEAR, level="小学", seed="s", source="公证", seats=2,
                          by=county["clerk"])
    services.place_children(YEAR, "小学", by=county["clerk"])
    moved = Application.objects.get(state="统筹安排")
    client = Client()
    client.force_login(f.make_user(Role.SCHOOL, school=county["schools"]["B"]))
    listing = client.get(f"/enrollment/classes/{county['schools']['B'].pk}/",
                         {"classes": 1, "seed": "1", "format": "xlsx"})
    cells = [str(c) for row in CalamineWorkbook.from_filelike(io.BytesIO(listing.content)).get_sheet_by_index(0)
             .to_python() for c in row]
    assert moved.child_name in cells and moved.child_id not in cells
    page = client.get(f"/enrollment/classes/{county['schools']['B'].pk}/", {"classes": 1, "seed": "1"}).content
    text = page.decode()
    assert "本校的新生1人" in text.replace("已安排到本校的新生", "本校的新生") and "A小学" not in text
    home = client.get("/enrollment/").content.decode()
    assert "A小学" not in home
