"""A case through the pages: intake → assigned to a school → the school answers → the office checks (once sent
back) → closed → 回访; a department's case; repeats on intake; the 师德 record (office proposes, 人事科 records)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.complaints import services
from edubureau.complaints.models import Complaint
from edubureau.core.followup_engine import State
from edubureau.staffing.models import ConductRecord

pytestmark = pytest.mark.django_db


def intake(client, **over):
    data = {"channel": "12345热线", "received_on": timezone.localdate().isoformat(), "category": "乱收费",
            "school": "", "teacher": "", "summary": "反映学校收取资料费", "content": "每生收取资料费80元。",
            "complainant_name": "王秀英", "complainant_phone": "13807311234", "complainant_id": "",
            "complainant_address": "城关镇文昌路18号"}
    data.update(over)
    response = client.post(reverse("complaints:complaint_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Complaint.objects.order_by("-pk").first()


def test_life_cycle_through_the_pages(county, login):
    office, school = login("office"), login("school_a")
    case = intake(office, school=county.a.pk)
    year = case.received_on.year
    assert case.number == f"XF{year}-0001" and case.status == "待交办"
    assert case.answer_due == services.calendar().add_working_days(case.received_on, 5)
    # Not yet assigned: the school does not see it.
    assert school.get(reverse("complaints:complaint_detail", args=[case.pk])).status_code == 404
    assert office.post(reverse("complaints:assign", args=[case.pk]), {"school": county.a.pk}).status_code == 302
    case.refresh_from_db()
    assert case.assigned_school == county.a and case.followup.due == case.answer_due
    assert case.followup.title == f"信访件{case.number}（乱收费）办理"
    page = school.get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    assert "每生收取资料费80元" in page and "提交调查结论和答复" in page
    # The other school never sees it.
    assert login("school_b").get(reverse("complaints:complaint_detail", args=[case.pk])).status_code == 404
    # The school answers.
    school.post(reverse("complaints:answer", args=[case.pk]), {"finding": "属实", "reply": "已清退资料费。"})
    case.refresh_from_db()
    assert case.finding == "属实" and case.followup.state == State.RESPONDED and case.status == "已答复待审核"
    # The office sends it back, the school answers again, the office closes it.
    office.post(reverse("complaints:check", args=[case.pk]), {"decision": "return", "note": "请补充整改措施"})
    case.refresh_from_db()
    assert case.followup.state == State.RETURNED
    school.post(reverse("complaints:answer", args=[case.pk]), {"finding": "属实", "reply": "已清退，并通报全校。"})
    office.post(reverse("complaints:check", args=[case.pk]), {"decision": "approve", "note": ""})
    case.refresh_from_db()
    assert case.is_closed and case.closed_on == timezone.localdate() and case.reply == "已清退，并通报全校。"
    # 回访.
    office.post(reverse("complaints:visit", args=[case.pk]), {"satisfaction": "基本满意", "note": "电话回访"})
    case.refresh_from_db()
    assert case.satisfaction == "基本满意" and case.visit_on == timezone.localdate()
    # The school may not check its own answer nor record the visit.
    assert school.post(reverse("complaints:check", args=[case.pk]), {"decision": "approve"}).status_code == 403
    stats = office.get(reverse("complaints:statistics")).content.decode()
    assert "按期答复率" in stats and "100.0%" in stats


def test_department_case_and_school_cannot_answer_for_it(county, login):
    office = login("office")
    case = intake(office, channel="来信")
    assert case.answer_due == case.received_on + dt.timedelta(days=60)
    office.post(reverse("complaints:assign", args=[case.pk]), {"department": county.jichu_dept.pk})
    case.refresh_from_db()
    assert case.assigned_department == county.jichu_dept
    assert login("school_a").get(reverse("complaints:complaint_detail", args=[case.pk])).status_code == 404
    jichu = login("jichu")
    assert "提交调查结论和答复" in jichu.get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    jichu.post(reverse("complaints:answer", args=[case.pk]), {"finding": "不属实", "reply": "已说明政策。"})
    case.refresh_from_db()
    assert case.followup.state == State.RESPONDED


def test_anonymous_case_names_nobody_and_is_not_visited(county, login):
    office = login("office")
    response = office.post(reverse("complaints:complaint_create"), {
        "channel": "网上信访", "received_on": timezone.localdate().isoformat(), "category": "师德",
        "summary": "匿名反映", "content": "内容", "anonymous": "on", "complainant_name": "某人"})
    assert response.status_code == 200 and "匿名信访件不登记信访人信息" in response.content.decode()
    assert not Complaint.objects.exists()


def test_only_the_office_registers(county, login):
    for name in ("jichu", "leader", "school_a", "readonly"):
        assert login(name).get(reverse("complaints:complaint_create")).status_code == 403


def test_repeats_on_intake(county, login):
    office = login("office")
    today = timezone.localdate()
    first = intake(office, received_on=(today - dt.timedelta(days=80)).isoformat(), school=county.b.pk,
                   category="安全")
    second = intake(office, received_on=today.isoformat(), category="招生", complainant_phone="138 0731 1234")
    third = intake(office, received_on=today.isoformat(), school=county.b.pk, category="安全",
                   complainant_name="", complainant_phone="13000000000", complainant_address="")
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.repeat_of, second.repeat_reason) == (first, "person")
    assert third.repeat_of in (first, second) and third.repeat_reason in ("topic", "person")
    assert third.repeat_of == first and third.repeat_reason == "topic"
    page = office.get(reverse("complaints:complaint_detail", args=[second.pk])).content.decode()
    assert "同一信访人" in page and first.number in page
    assert "重复件" in office.get(reverse("complaints:statistics")).content.decode()


def test_conduct_record_office_proposes_and_renshi_records(county, login):
    office = login("office")
    case = intake(office, channel="网上信访", category="师德", school=county.a.pk, teacher=county.teacher.pk,
                  anonymous="on", complainant_name="", complainant_phone="", complainant_address="")
    assert case.anonymous and not case.complainant_phone
    office.post(reverse("complaints:assign", args=[case.pk]), {"school": county.a.pk})
    login("school_a").post(reverse("complaints:answer", args=[case.pk]), {"finding": "属实", "reply": "有偿补课属实。"})
    # The office may propose, but not write the 师德 record itself.
    office.post(reverse("complaints:refer", args=[case.pk]), {"conduct_category": "规范从教行为", "note": "有偿补课"})
    case.refresh_from_db()
    assert case.conduct_category == "规范从教行为"
    assert office.post(reverse("complaints:record_conduct", args=[case.pk])).status_code == 403
    assert login("school_a").get(reverse("complaints:conduct_referrals")).status_code == 403
    renshi = login("renshi")
    listing = renshi.get(reverse("complaints:conduct_referrals")).content.decode()
    assert case.number in listing and "甲老师" in listing
    renshi.post(reverse("complaints:record_conduct", args=[case.pk]))
    record = ConductRecord.objects.get()
    assert (record.staff, record.kind, record.category, record.source) == (
        county.teacher, "违规", "规范从教行为", case.number)
    case.refresh_from_db()
    assert case.conduct_record == record
    renshi.post(reverse("complaints:record_conduct", args=[case.pk]))  # twice: still one record
    assert ConductRecord.objects.count() == 1


def test_refer_needs_a_true_finding_about_a_teacher(county, login):
    office = login("office")
    case = intake(office, school=county.a.pk)
    office.post(reverse("complaints:refer", args=[case.pk]), {"conduct_category": "规范从教行为"})
    case.refresh_from_db()
    assert not case.conduct_category


def test_overdue_on_workbench_and_dashboard_card(county, login):
    office = login("office")
    case = intake(office, received_on=(timezone.localdate() - dt.timedelta(days=30)).isoformat())
    office.post(reverse("complaints:assign", args=[case.pk]), {"school": county.a.pk})
    assert Complaint.objects.overdue().get() == case
    page = office.get(reverse("complaints:home")).content.decode()
    assert "已逾期" in page and case.number in page
    dash = office.get(reverse("core:dashboard")).content.decode()
    assert 'data-section="card-complaints"' in dash and "逾期1件" in dash


def test_unsatisfied_visit_reopens_the_case_with_the_same_handler(county, login):
    office, school = login("office"), login("school_a")
    case = intake(office, school=county.a.pk)
    office.post(reverse("complaints:assign", args=[case.pk]), {"school": county.a.pk})
    school.post(reverse("complaints:answer", args=[case.pk]), {"finding": "不属实", "reply": "未收费。"})
    office.post(reverse("complaints:check", args=[case.pk]), {"decision": "approve"})
    office.post(reverse("complaints:visit", args=[case.pk]), {"satisfaction": "不满意", "note": "认为确有收费"})
    first = Complaint.objects.get(pk=case.pk).followup
    assert school.post(reverse("complaints:reopen", args=[case.pk])).status_code == 403
    office.post(reverse("complaints:reopen", args=[case.pk]))
    case.refresh_from_db()
    assert case.followup != first and case.followup.school == county.a and case.followup.state == State.ISSUED
    assert case.reopened == 1 and case.status == "办理中" and not case.finding and not case.satisfaction
    assert "提交调查结论和答复" in school.get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()


def test_menu_offers_each_reader_only_the_doors_that_open(county, login):
    from edubureau.core.navigation import menu_for

    def links(name):
        return {link["name"] for group in menu_for(county.users[name]) for link in group["links"]
                if link["name"].startswith("complaints:")}

    assert links("office") == {"complaints:home", "complaints:complaint_list", "complaints:complaint_create",
                               "complaints:statistics"}
    assert links("school_a") == {"complaints:home", "complaints:complaint_list"}
    assert links("leader") == links("readonly") == {"complaints:home", "complaints:complaint_list",
                                                    "complaints:statistics"}
    assert links("renshi") == {"complaints:home", "complaints:complaint_list", "complaints:conduct_referrals"}
    assert links("inspector") == set()
    for name in ("office", "school_a", "leader", "renshi", "jichu"):
        client = login(name)
        for url_name in links(name):
            assert client.get(reverse(url_name)).status_code == 200, (name, url_name)
    assert login("inspector").get(reverse("complaints:home")).status_code == 403
