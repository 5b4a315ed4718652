"""隐患 on the follow-up life cycle through the pages: a school records and answers, the 安全科 verifies or sends
back; a 重大 hazard reaches the leaders at once; the ledger's columns; the import refuses a bad file whole; and a
school never reads another school's hazards."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.followup_models import FollowUp
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.safety import services
from edubureau.safety.models import Campaign, Hazard, Inspection

from ..io.conftest import workbook
from .conftest import login

pytestmark = pytest.mark.django_db


def _add(client, county, user, **kw):
    data = {"school": county["a"].pk, "category": "校舍", "description": "教学楼护栏松动", "grade": "一般",
            "source": "自查", "found_on": county["today"].isoformat(), "responsible": "总务主任"}
    data.update(kw)
    login(client, user)
    return client.post(reverse("safety:hazard_add"), data)


def _act(client, user, hazard, action, **kw):
    login(client, user)
    return client.post(reverse("core:followup_act", args=[hazard.followup_id]),
                       {"action": action, "next": hazard.get_absolute_url(), **kw})


def test_life_cycle_school_answers_and_the_safety_office_verifies(client, county):
    response = _add(client, county, county["school_a"])
    assert response.status_code == 302, response.content.decode()[:2000]
    hazard = Hazard.objects.get()
    followup = hazard.followup
    assert (followup.school, followup.module, followup.state) == (county["a"], "safety", "issued")
    assert followup.issued_by == county["school_a"]
    assert hazard.deadline == followup.due == county["today"] + dt.timedelta(days=30)
    assert hazard.code.startswith(f"YH{county['today'].year}-")

    # School B cannot answer A's hazard; A answers with its measures.
    _act(client, county["school_b"], hazard, "respond", measures="乙校代答")
    followup.refresh_from_db()
    assert followup.state == "issued"
    _act(client, county["school_a"], hazard, "respond", measures="已加固护栏并拍照")
    followup.refresh_from_db()
    assert followup.state == "responded"

    # A school cannot close its own hazard; the 安全科 sends it back, then verifies the second answer.
    _act(client, county["school_a"], hazard, "verify")
    followup.refresh_from_db()
    assert followup.state == "responded"
    _act(client, county["clerk"], hazard, "return", note="未见整改后照片")
    followup.refresh_from_db()
    assert followup.state == "returned"
    _act(client, county["school_a"], hazard, "respond", measures="补充整改后照片")
    _act(client, county["clerk"], hazard, "verify", note="复查合格")
    followup.refresh_from_db()
    assert followup.state == "closed" and followup.closed_on == county["today"]

    page = login(client, county["school_a"]).get(hazard.get_absolute_url())
    assert page.status_code == 200 and "已销号" in page.content.decode()


def test_grave_hazard_reaches_the_leaders_at_once(client, county):
    response = _add(client, county, county["clerk"], grade="重大", description="围墙西段裂缝外倾",
                    school=county["b"].pk)
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert hazard.deadline == county["today"] + dt.timedelta(days=7)
    assert hazard.followup.escalation_level == 2
    assert hazard.followup.events.filter(action="escalate").exists()
    login(client, county["leader"])
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "围墙西段裂缝外倾" in dashboard and "重大隐患" in dashboard
    followups = client.get(reverse("core:followup_list")).content.decode()
    assert "围墙西段裂缝外倾" in followups
    # An 一般 hazard is not reported to them.
    _add(client, county, county["clerk"], description="灭火器过期")
    assert Hazard.objects.get(description="灭火器过期").followup.escalation_level == 0


def test_school_cannot_read_another_schools_hazards(client, county):
    _add(client, county, county["clerk"], description="甲校隐患")
    _add(client, county, county["clerk"], description="乙校隐患", school=county["b"].pk)
    theirs = Hazard.objects.get(description="乙校隐患")
    client = login(Client(), county["school_a"])  # a fresh session: no message left from the clerk's saves
    for url in (reverse("safety:hazard_list"), reverse("safety:home"), reverse("safety-api:hazard-list")):
        body = client.get(url).content.decode()
        assert "乙校隐患" not in body and county["b"].name not in body, url
    assert "甲校隐患" in client.get(reverse("safety:hazard_list")).content.decode()
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("safety-api:hazard-detail", args=[theirs.pk])).status_code == 404
    ledger = load_workbook(io.BytesIO(client.get(reverse("safety:hazard_ledger")).content))
    cells = [c.value for row in ledger.active.iter_rows() for c in row]
    assert "甲校隐患" in cells and "乙校隐患" not in cells
    # Nor put a hazard under it.
    assert _add(client, county, county["school_a"], school=county["b"].pk).status_code in (200, 403)
    assert not Hazard.objects.filter(school=county["b"], description="教学楼护栏松动").exists()


def test_ledger_has_the_usual_columns(client, county):
    _add(client, county, county["school_a"])
    hazard = Hazard.objects.get()
    _act(client, county["school_a"], hazard, "respond", measures="已加固护栏")
    _act(client, county["clerk"], hazard, "verify")
    response = login(client, county["clerk"]).get(reverse("safety:hazard_ledger"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "序号")
    assert list(header) == ["序号", "学校", "隐患编号", "隐患类别", "隐患描述", "等级", "发现日期", "整改期限",
                            "责任人", "整改措施", "整改状态", "完成日期"]
    line = rows[rows.index(header) + 1]
    assert line[1] == county["a"].name and line[9] == "已加固护栏" and line[10] == "已销号"


HEADERS = ["隐患编号", "学校标识码", "隐患类别", "隐患描述", "等级", "发现日期", "整改期限", "责任人"]


def test_import_opens_follow_ups_and_a_bad_row_writes_nothing(county):
    spec = get_spec("safety.hazard")
    day = dt.date(2026, 5, 4)
    good = [["YH2026-0101", "3301000001", "消防", "灭火器过期", "一般", day, None, "后勤主任"],
            ["YH2026-0102", "3301000002", "校舍", "围墙裂缝", "重大", day, None, "校长"]]
    bad = good + [["YH2026-0103", "3301000001", "用电", "私拉电线", "特大", day, None, "宿管员"]]
    result = run_import(spec, workbook(HEADERS, bad), "隐患.xlsx", user=county["clerk"], commit=True)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(4, "等级", "特大")]
    assert not Hazard.objects.exists() and not FollowUp.objects.exists()

    result = run_import(spec, workbook(HEADERS, good), "隐患.xlsx", user=county["clerk"], commit=True)
    assert result.errors == [] and result.created == 2
    grave = Hazard.objects.get(code="YH2026-0102")
    assert grave.deadline == day + dt.timedelta(days=7) and grave.followup.escalation_level == 2
    assert Hazard.objects.get(code="YH2026-0101").followup.due == day + dt.timedelta(days=30)


def test_import_refuses_another_schools_rows_for_a_school(county):
    spec = get_spec("safety.hazard")
    rows = [["YH2026-0201", "3301000002", "消防", "灭火器过期", "一般", dt.date(2026, 5, 4), None, "后勤主任"]]
    result = run_import(spec, workbook(HEADERS, rows), "隐患.xlsx", user=county["school_a"], commit=True)
    assert result.errors and not Hazard.objects.exists()


def test_campaign_sent_to_every_school_once_with_a_report_owed_by_the_deadline(client, county):
    today = county["today"]
    login(client, county["clerk"])
    response = client.post(reverse("safety:campaign_add"), {
        "title": "汛期安全专项检查", "kind": "汛期", "categories": ["校舍", "防溺水"], "issued_on": today.isoformat(),
        "due": (today + dt.timedelta(days=10)).isoformat(), "requirements": "重点排查校舍"})
    assert response.status_code == 302, response.content.decode()[:1500]
    campaign = Campaign.objects.get()
    assert client.post(reverse("safety:campaign_send", args=[campaign.pk])).status_code == 302
    assert services.send_campaign(campaign) == 0  # sending again changes nothing
    reports = Inspection.objects.filter(campaign=campaign)
    assert reports.count() == 2
    assert {r.followup.due for r in reports} == {today + dt.timedelta(days=10)}
    assert {r.followup.school_id for r in reports} == {county["a"].pk, county["b"].pk}
    # A school may not send it; it sees only its own report.
    login(client, county["school_a"])
    assert client.post(reverse("safety:campaign_send", args=[campaign.pk])).status_code == 403
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert county["a"].name in page and county["b"].name not in page


def test_a_hazard_photo_is_linked_on_its_page_and_served_to_its_school_only(client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
    response = _add(client, county, county["school_a"], photo=SimpleUploadedFile("护栏.png", png))
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    page = client.get(hazard.get_absolute_url()).content.decode()
    url = reverse("core:file", args=["safety", "hazard", hazard.pk, "photo"])
    assert f'href="{url}"' in page and "护栏" in page
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    for user, status in ((county["clerk"], 200), (county["leader"], 200), (county["school_b"], 404)):
        login(client, user)
        assert client.get(url).status_code == status, user
