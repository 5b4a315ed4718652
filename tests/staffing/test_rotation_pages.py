"""交流轮岗 in the bureau: a plan built from the registry, its 公示 to the schools, and its execution as postings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.people.models import Posting, Staff
from edubureau.staffing import services
from edubureau.staffing.models import RotationPlan

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_registry_gives_the_engine_its_shortages_and_eligible_teachers(county):
    schools, teachers, staff = services.engine_input(county["region"], 2026)
    assert "音乐" in schools[county["village"].code].shortages  # no music teacher at 山口小学
    assert "语文" not in schools[county["village"].code].shortages
    assert schools[county["town"].code].locality == "城区" and schools[county["junior"].code].level == "初中"
    assert {staff[t.number].name for t in teachers if t.since.year < 2020} == {"王乐", "李文"}


def test_department_builds_a_plan_that_fills_the_music_shortage(client, county):
    client.force_login(county["renshi"])
    response = client.post(reverse("staffing:rotation_list"), {"region": county["region"].pk, "year": 2026})
    plan = RotationPlan.objects.get()
    assert response.status_code == 302 and plan.status == "draft"
    # 2 eligible (王乐, 李文) → ⌈0.2⌉ = 1 move; the plan sends 王乐 (音乐) to 山口小学, which has no music teacher.
    assert [(m.staff.name, m.target.name, m.fills_shortage) for m in plan.moves.all()] == [("王乐", "山口小学", True)]
    assert plan.figures["plan"]["shortages_covered"] == 1 and plan.figures["eligible"] == 2
    page = client.get(reverse("staffing:rotation_detail", args=[plan.pk])).content.decode()
    assert "方案与简单排法对照" in page and "王乐" in page and "在本校任教不满6年（已满3年）" in page
    book = load_workbook(io.BytesIO(client.get(reverse("staffing:rotation_detail", args=[plan.pk]),
                                               {"format": "xlsx"}).content)).active
    assert [c.value for c in book[3]][:5] == ["王乐", "音乐", "否", "城关小学", "山口小学"]


def test_schools_see_nothing_before_the_publication_and_then_only_their_own_moves(client, county):
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    detail = reverse("staffing:rotation_detail", args=[plan.pk])
    client.force_login(county["village_head"])
    assert client.get(detail).status_code == 404
    assert "2026年度交流轮岗方案" not in client.get(reverse("staffing:rotation_list")).content.decode()
    services.advance(plan, county["renshi"], today=D(2026, 8, 20))
    page = client.get(detail).content.decode()
    assert "王乐" in page and "方案与简单排法对照" not in page  # its incoming teacher, not the county's figures
    client.force_login(county["junior_head"])
    page = client.get(detail).content.decode()
    assert "王乐" not in page and "没有交流人员" in page
    assert client.post(reverse("staffing:rotation_advance", args=[plan.pk])).status_code == 403


def test_publication_then_final_then_execution_writes_the_postings(county):
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    plan = services.advance(plan, county["renshi"], today=D(2026, 8, 20))
    assert plan.status == "public" and plan.public_until == D(2026, 8, 27)
    with pytest.raises(ValidationError, match="公示期到2026年8月27日为止，公示期满后才能定稿"):
        services.advance(plan, county["renshi"], today=D(2026, 8, 25))
    plan = services.advance(plan, county["renshi"], today=D(2026, 8, 28))
    plan = services.advance(plan, county["renshi"], today=D(2026, 9, 1))
    assert plan.status == "executed" and plan.executed_on == D(2026, 9, 1)
    rotation = Posting.objects.get(staff=county["music"], reason="rotation")
    assert (rotation.school, rotation.start, rotation.end) == (county["village"], D(2026, 9, 1), None)
    assert Staff.objects.with_current_school().get(pk=county["music"].pk).current_school_id == county["village"].pk
    # The school of record stays 城关小学; the teacher on rotation is not planned again next year.
    assert Posting.objects.get(staff=county["music"], reason="regular").end is None
    _schools, teachers, staff = services.engine_input(county["region"], 2027)
    assert "王乐" not in {staff[t.number].name for t in teachers}
    with pytest.raises(ValidationError, match="方案已执行"):
        services.advance(plan, county["renshi"])


def test_only_the_personnel_department_builds(client, county):
    client.force_login(county["leader"])
    assert client.get(reverse("staffing:rotation_list")).status_code == 200
    assert client.post(reverse("staffing:rotation_list"), {"region": county["region"].pk, "year": 2026}
                       ).status_code == 403
    assert not RotationPlan.objects.exists()


def test_the_annual_statistics_count_the_moves_left_after_objections(client, county):
    """One move, 王乐 from 城关小学 (城区) to 山口小学 (乡村), not a 骨干, filling 音乐: of 2 eligible, 50%."""
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    figures = dict(services.annual_statistics(plan))
    assert (figures["交流人数"], figures["交流人数占符合条件人数比例"], figures["其中骨干教师人数"]) == (1, 0.5, 0)
    assert (figures["城区学校到乡村学校人数"], figures["补充缺员学科人数"], figures["接收学校数"]) == (1, 1, 1)
    plan.moves.update(withdrawn=True)  # an 异议 withdrew it
    assert dict(services.annual_statistics(plan))["交流人数"] == 0
    client.force_login(county["renshi"])
    book = load_workbook(io.BytesIO(client.get(reverse("staffing:rotation_statistics", args=[plan.pk])).content))
    rows = {row[0].value: row[1].value for row in book.active.iter_rows(min_row=3) if row[0].value}
    assert rows["符合交流条件人数"] == 2 and rows["交流人数"] == 0
    services.advance(plan, county["renshi"], today=D(2026, 8, 20))
    client.force_login(county["village_head"])
    assert client.get(reverse("staffing:rotation_statistics", args=[plan.pk])).status_code == 403


def test_the_department_adjusts_a_draft_and_nothing_after_its_publication(client, county):
    """王乐 (音乐) goes to 东岭中学 instead of 山口小学: 0.05° of latitude north of 城关小学, ≈ 5.56 km; 东岭中学
    has no classes entered, so its shortage is the floor (no 音乐 teacher): the move still fills one."""
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    move = plan.moves.get()
    client.force_login(county["renshi"])
    edit = reverse("staffing:rotation_move_edit", args=[move.pk])
    assert "调整交流安排" in client.get(edit).content.decode()
    response = client.post(edit, {"target": county["junior"].pk})
    assert response.status_code == 302
    move.refresh_from_db()
    assert (move.target, move.fills_shortage, round(move.km, 1)) == (county["junior"], True, 5.6)
    plan.refresh_from_db()
    assert plan.figures["adjusted"] is True
    assert "方案已由人事科人工调整" in client.get(reverse("staffing:rotation_detail", args=[plan.pk])).content.decode()
    with pytest.raises(ValidationError, match="本县另一所学校"):
        services.adjust_move(move, county["renshi"], target=county["town"])  # its own school
    client.force_login(county["junior_head"])  # the receiving school does not learn of the draft
    assert client.get(edit).status_code == 404
    services.advance(plan, county["renshi"], today=D(2026, 8, 20))
    client.force_login(county["renshi"])
    assert client.get(edit).status_code == 403
    with pytest.raises(ValidationError, match="已发布公示"):
        services.adjust_move(move, county["renshi"], remove=True)
    plan.status = "draft"
    plan.save()
    client.force_login(county["renshi"])
    assert client.post(edit, {"remove": "1"}).status_code == 302
    assert not plan.moves.exists()
