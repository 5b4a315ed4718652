"""建设项目 in the database: the stage life cycle through the pages, the late-stage scan (opens once, closes on the
actual date), seats → SeatChange → enrolment seats, budget over, a bad import row, and the scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edubureau.core.followup_models import FollowUp
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.enrollment import services as enrollment
from edubureau.enrollment.models import SeatChange
from edubureau.projects.models import Payment, Project, Stage
from edubureau.projects.services import scan_projects
from tests.io.conftest import workbook

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_project(county, number="XM-1", school="a", **kw) -> Project:
    values = dict(number=number, name=f"项目{number}", school=county[school] if school else None, kind="改扩建",
                  region=county["region"], budget_county=Decimal(100))
    values.update(kw)
    project = Project(**values)
    project.save()
    return project


def stage(project, step) -> Stage:
    return project.stages.get(step=step)


def set_dates(project, step, planned=None, actual=None):
    s = stage(project, step)
    s.planned, s.actual = planned, actual
    s.save()
    return s


def test_the_stage_life_cycle_through_the_pages(county):
    writer = client_for(county["writer"])
    response = writer.post(reverse("projects:project_add"), {
        "number": "XM2026-9", "name": "甲小学教学楼扩建", "school": county["a"].pk, "kind": "改扩建", "level": "小学",
        "area": "2400", "classrooms": "12", "seats": "540", "budget_central": "600", "budget_province": "0",
        "budget_city": "0", "budget_county": "400", "budget_self": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(number="XM2026-9")
    steps = list(project.stages.values_list("step", flat=True))
    assert steps == ["立项", "招标", "开工", "主体完工", "竣工验收", "交付"]
    assert project.region == county["region"] and project.seat_change is None  # no delivery date yet
    approved = stage(project, "立项")
    url = reverse("projects:stage_edit", args=[approved.pk])
    response = writer.post(url, {"project": project.pk, "step": "立项", "planned": TODAY - dt.timedelta(days=10),
                                 "actual": TODAY - dt.timedelta(days=5), "note": "发改局批复"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.actual == TODAY - dt.timedelta(days=5) and approved.is_late()
    delivered = stage(project, "交付")
    writer.post(reverse("projects:stage_edit", args=[delivered.pk]),
                {"project": project.pk, "step": "交付", "planned": dt.date(TODAY.year + 1, 7, 1)})
    project.refresh_from_db()
    assert (project.seat_change.year, project.seat_change.classes) == (TODAY.year + 1, 2)
    writer.post(reverse("projects:payment_add"), {"project": project.pk, "paid_on": TODAY, "amount": "120",
                                                  "source": "中央", "note": "首期"})
    assert Payment.objects.get(project=project).amount == Decimal(120)
    page = writer.get(reverse("projects:project_detail", args=[project.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "延期5天完成" in text and "起始年级每年增加2个班" in text
    assert "480.00" in text  # 中央 600 − 120 left
    home = writer.get(reverse("projects:home")).content.decode()
    assert "甲小学教学楼扩建" in home and "eb-pj-bar actual late" in home
    # A future actual date is refused.
    response = writer.post(url, {"project": project.pk, "step": "立项", "actual": TODAY + dt.timedelta(days=3)})
    assert response.status_code == 200 and "实际日期不能晚于今天" in response.content.decode()


def test_a_late_stage_opens_one_follow_up_and_its_actual_date_closes_it(county):
    project = make_project(county)
    started = set_dates(project, "开工", planned=TODAY - dt.timedelta(days=3))
    set_dates(project, "交付", planned=TODAY + dt.timedelta(days=300))
    assert scan_projects(TODAY).opened == 1
    assert scan_projects(TODAY).opened == 0  # once
    started.refresh_from_db()
    followup = started.followup
    assert (followup.school, followup.module, followup.state, followup.due) == (
        county["a"], "projects", "issued", TODAY - dt.timedelta(days=3))
    assert "开工" in followup.title
    # The school sees it on its project page; the date entered closes it.
    page = client_for(county["head_a"]).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert followup.title in page
    client_for(county["writer"]).post(reverse("projects:stage_edit", args=[started.pk]), {
        "project": project.pk, "step": "开工", "planned": started.planned, "actual": TODAY})
    followup.refresh_from_db()
    assert followup.state == "closed" and followup.closed_on == TODAY
    assert list(followup.events.values_list("action", flat=True)) == ["issue", "respond", "verify"]
    assert scan_projects(TODAY).opened == 0


def test_deleting_a_project_withdraws_its_open_follow_up(county):
    project = make_project(county)
    set_dates(project, "开工", planned=TODAY - dt.timedelta(days=3))
    scan_projects(TODAY)
    response = client_for(county["writer"]).post(reverse("projects:project_delete", args=[project.pk]))
    assert response.status_code == 302 and not Project.objects.exists()
    assert FollowUp.objects.get().state == "withdrawn"


def test_a_new_school_without_a_row_owes_the_department(county):
    project = make_project(county, school=None, kind="新建")
    set_dates(project, "招标", planned=TODAY - dt.timedelta(days=1))
    assert scan_projects(TODAY).opened == 1
    followup = FollowUp.objects.get(module="projects")
    assert followup.school is None and followup.department == county["jicai"]
    assert project.seat_change is None


def test_the_scan_closes_what_an_import_completed(county):
    project = make_project(county)
    started = set_dates(project, "开工", planned=TODAY - dt.timedelta(days=3))
    scan_projects(TODAY)
    Stage.objects.filter(pk=started.pk).update(actual=TODAY)  # as a bulk import writes it
    assert scan_projects(TODAY).closed == 1
    assert FollowUp.objects.get().state == "closed"


def test_delivery_puts_seats_into_the_enrolment_forecast(county):
    year = TODAY.year + 1
    before = enrollment.seats_for(year, "小学")[county["a"].pk]
    assert before == 4 * 45
    project = make_project(county, level="小学", classrooms=12, seats=540)
    set_dates(project, "交付", planned=dt.date(year, 8, 31))
    assert enrollment.seats_for(year, "小学")[county["a"].pk] == 6 * 45
    change = SeatChange.objects.get()
    assert (change.school, change.level, change.year, change.classes, change.source) == (
        county["a"], "小学", year, 2, project.name)
    # Delivered a day later: the seats move to the next autumn.
    set_dates(project, "交付", planned=dt.date(year, 9, 1))
    assert enrollment.seats_for(year, "小学")[county["a"].pk] == 4 * 45
    assert enrollment.seats_for(year + 1, "小学")[county["a"].pk] == 6 * 45
    # The actual date wins over the plan.
    set_dates(project, "交付", planned=dt.date(year, 9, 1), actual=TODAY)
    assert SeatChange.objects.get().year == (TODAY.year if TODAY.month < 9 else TODAY.year + 1)
    # No longer adding classrooms: the row goes; the project deleted: nothing is left.
    project.classrooms = project.seats = 0
    project.save()
    assert not SeatChange.objects.exists()
    project.classrooms = 6
    project.save()
    assert SeatChange.objects.get().classes == 1
    project.delete()
    assert not SeatChange.objects.exists()


def test_over_budget_by_source_on_the_pages(county):
    project = make_project(county, budget_province=Decimal(150), budget_county=Decimal(200))
    for source, amount in (("省", 150), ("县", 140), ("县", 105)):
        Payment.objects.create(project=project, paid_on=TODAY, source=source, amount=Decimal(amount))
    assert project.over_budget()
    county_row = next(r for r in project.budget_rows() if r.source == "县")
    assert county_row.spent == Decimal(245) and county_row.remaining == Decimal(-45)
    writer = client_for(county["writer"])
    money = writer.get(reverse("projects:money")).content.decode()
    assert "245.00" in money and "table-danger" in money
    assert "超支" in writer.get(reverse("projects:project_detail", args=[project.pk])).content.decode()


def test_a_bad_import_row_is_named_and_nothing_is_written(county):
    headers = ["项目编号", "项目名称", "学校标识码", "项目类型", "新增学位学段", "新增教室"]
    rows = [["XM-A", "甲小学运动场", county["a"].code, "运动场", "", 0],
            ["XM-B", "甲小学扩建", county["a"].code, "扩建", "小学", 6],
            ["XM-C", "甲小学教学楼", county["a"].code, "改扩建", "", 6]]
    result = run_import(get_spec("projects.project"), workbook(headers, rows), "项目库.xlsx",
                        user=county["writer"], commit=True)
    assert not result.committed and not Project.objects.exists() and not Stage.objects.exists()
    errors = {(e.row, e.column) for e in result.errors}
    assert (3, "项目类型") in errors and (4, "新增学位学段") in errors
    good = [rows[0], ["XM-C", "甲小学教学楼", county["a"].code, "改扩建", "小学", 12]]
    assert run_import(get_spec("projects.project"), workbook(headers, good), "项目库.xlsx",
                      user=county["writer"], commit=True).committed
    project = Project.objects.get(number="XM-C")
    assert project.stages.count() == 6 and project.region == county["region"]
    stages = run_import(get_spec("projects.stage"), workbook(["项目编号", "阶段", "计划日期"], [
        ["XM-C", "交付", f"{TODAY.year + 1}-08-01"]]), "阶段.xlsx", user=county["writer"], commit=True)
    assert stages.committed and stages.updated == 1
    assert SeatChange.objects.get().year == TODAY.year + 1


def test_a_school_reads_its_own_projects_only_and_writes_none(county):
    mine = make_project(county, "XM-A", "a")
    theirs = make_project(county, "XM-B", "b", name="乙小学秘密项目")
    Payment.objects.create(project=theirs, paid_on=TODAY, source="县", amount=Decimal(5))
    head = client_for(county["head_a"])
    assert head.get(reverse("projects:project_detail", args=[mine.pk])).status_code == 200
    assert head.get(reverse("projects:project_detail", args=[theirs.pk])).status_code == 404
    for name in ("projects:home", "projects:money", "projects:seats", "projects:project_list",
                 "projects:stage_list", "projects:payment_list"):
        response = head.get(reverse(name))
        assert response.status_code == 200 and "乙小学秘密项目" not in response.content.decode(), name
    assert head.get(reverse("projects:project_edit", args=[mine.pk])).status_code == 403
    assert head.post(reverse("projects:stage_edit", args=[stage(mine, "立项").pk]),
                     {"project": mine.pk, "step": "立项", "actual": TODAY}).status_code == 403
    api = head.get("/api/projects/projects/").json()
    assert [row["number"] for row in api["results"]] == ["XM-A"]
    assert head.get("/api/projects/payments/").json()["count"] == 0
    # Another department reads but does not write; the 计划财务科 writes.
    assert client_for(county["other_department"]).get(
        reverse("projects:project_edit", args=[mine.pk])).status_code == 403
    assert client_for(county["writer"]).get(reverse("projects:project_edit", args=[mine.pk])).status_code == 200


def test_seats_page_and_dashboard_card(county):
    from edubureau.projects.dashboard_card import projects_card

    project = make_project(county, level="小学", classrooms=12, seats=540)
    set_dates(project, "交付", planned=dt.date(TODAY.year + 1, 7, 1))
    set_dates(project, "开工", planned=TODAY - dt.timedelta(days=2))
    page = client_for(county["leader"]).get(reverse("projects:seats")).content.decode()
    assert f"{TODAY.year + 1}年秋季" in page and "540" in page
    card = projects_card(county["leader"], TODAY)
    assert card == {"open": 1, "late": 1, "over": 0}
    assert projects_card(county["head_b"], TODAY) is None


def test_the_api_answers_bad_calls_with_4xx(county):
    project = make_project(county)
    api = client_for(county["writer"])
    for url in ("/api/projects/projects/", "/api/projects/stages/", "/api/projects/payments/"):
        assert api.get(url).status_code == 200
    assert api.get(f"/api/projects/projects/{project.pk}/").json()["budget_total"] == "100.00"
    stages = api.get("/api/projects/stages/", {"project": project.pk}).json()
    assert stages["count"] == 6 and stages["results"][0]["followup_state"] is None
    for url, params in (("/api/projects/projects/", {"school": "x"}), ("/api/projects/stages/", {"project": "x"}),
                        ("/api/projects/payments/", {"source": "火星"}), ("/api/projects/projects/", {"kind": "?"})):
        assert 400 <= api.get(url, params).status_code < 500, (url, params)
    assert api.get("/api/projects/projects/999999/").status_code == 404
    assert api.post("/api/projects/projects/", {"number": "X"}).status_code in (403, 405)


def test_pages_do_not_grow_their_queries_with_projects(county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for _ in range(n):
            project = make_project(county, f"XM-{Project.objects.count() + 1}", level="小学", classrooms=6)
            set_dates(project, "开工", planned=TODAY - dt.timedelta(days=5))
            set_dates(project, "交付", planned=TODAY + dt.timedelta(days=100))
            Payment.objects.create(project=project, paid_on=TODAY, source="县", amount=Decimal(5))

    leader = client_for(county["leader"])
    first = make_project(county, "XM-0")
    urls = [reverse(name) for name in ("projects:home", "projects:money", "projects:seats", "projects:project_list",
                                       "projects:stage_list", "projects:payment_list")]
    urls.append(reverse("projects:project_detail", args=[first.pk]))

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert leader.get(url).status_code == 200, url
            out.append(len(captured))
        return out

    grow(2)
    before = counts()
    grow(4)
    after = counts()
    assert all(b2 - b1 <= 3 for b1, b2 in zip(before, after, strict=True)), list(zip(urls, before, after, strict=True))


def test_the_balance_list_becomes_draft_projects_in_one_step(county):
    from edubureau.core.testing import factories as f

    year = f.make_school_year(2025)
    f.make_facts(county["a"], year, teaching_room_area=Decimal("1200"), sports_area=Decimal("2000"))
    f.make_facts(county["b"], year)
    writer = client_for(county["writer"])
    standing = writer.get(reverse("balance:standing")).content.decode()
    assert "生成建设项目草案" in standing
    assert "生成建设项目草案" not in client_for(county["head_a"]).get(reverse("balance:standing")).content.decode()
    assert client_for(county["head_a"]).post(reverse("projects:from_balance"), {"year": 2025}).status_code == 403
    response = writer.post(reverse("projects:from_balance"), {"year": 2025})
    assert response.status_code == 302
    drafts = {p.kind: p for p in Project.objects.filter(school=county["a"])}
    assert set(drafts) == {"改扩建", "运动场"}
    room = drafts["改扩建"]
    assert room.area > 0 and room.budget_county > 0 and room.number == f"JH2025-{county['a'].code}-JX"
    assert stage(room, "立项").planned == TODAY + dt.timedelta(days=30)
    count = Project.objects.count()
    writer.post(reverse("projects:from_balance"), {"year": 2025})
    assert Project.objects.count() == count  # once
    assert writer.get(reverse("projects:from_balance")).status_code == 405


def test_the_project_page_shows_the_balance_figure_after_the_project(county):
    from edubureau.core.testing import factories as f

    f.make_facts(county["a"], f.make_school_year(2025), students=600, teaching_room_area=Decimal("3000"))
    project = make_project(county, kind="改扩建", level="小学", area=Decimal("1200"))
    page = client_for(county["writer"]).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "现为5.00㎡，本项目完成后为7.00㎡" in page


def test_edit_pages_carry_the_version_token(county):
    from edubureau.core.concurrency import FIELD

    project = make_project(county)
    payment = Payment.objects.create(project=project, paid_on=TODAY, source="县", amount=Decimal(5))
    writer = client_for(county["writer"])
    for name, pk in (("projects:project_edit", project.pk), ("projects:stage_edit", stage(project, "交付").pk),
                     ("projects:payment_edit", payment.pk)):
        response = writer.get(reverse(name, args=[pk]))
        assert response.status_code == 200 and f'name="{FIELD}"' in response.content.decode(), name
