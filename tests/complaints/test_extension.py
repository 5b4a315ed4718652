"""延期 (信访工作条例): the office extends a case's 办理期限 once, by at most 30 days, with the reason told to the
complainant; the follow-up's deadline moves with an entry in its history, and the statistics count the case against
the extended deadline and show how many were extended."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.complaints import services
from edubureau.complaints.models import Complaint
from edubureau.core.followup_engine import Action

pytestmark = pytest.mark.django_db


def assigned_case(county, received=None, channel="来信", **kw):
    office = county.users["office"]
    case = services.register(Complaint(
        channel=channel, received_on=received or timezone.localdate() - dt.timedelta(days=5), category="招生",
        school=county.a, summary="反映招生不公", content="反映学校招生不公。",
        complainant_name="赵女士", complainant_phone="13900001111", **kw), by=office)
    return services.assign(case, by=office, school=county.a, today=case.received_on)


def extend(client, case, due, reason="涉及多个部门，需进一步调查核实。", notified="on"):
    data = {"due": due.isoformat(), "reason": reason}
    if notified:
        data["notified"] = notified
    return client.post(reverse("complaints:extend", args=[case.pk]), data, follow=True)


def test_the_office_extends_once_and_the_followup_moves_with_it(county, login):
    office = login("office")
    case = assigned_case(county)
    original = case.answer_due
    page = office.get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    assert 'data-section="extend"' in page and "最多延期30日" in page
    response = extend(office, case, original + dt.timedelta(days=30))
    assert "已延期，办理期限延至" in response.content.decode()
    case.refresh_from_db()
    assert (case.original_due, case.answer_due) == (original, original + dt.timedelta(days=30))
    assert case.extended_on == timezone.localdate() and case.extended_by == county.users["office"]
    assert case.extension_reason == "涉及多个部门，需进一步调查核实。" and case.extension_notified
    # On the follow-up: its deadline, and a 延期 step in its history naming both deadlines and the reason.
    assert case.followup.due == case.answer_due and case.followup.reminded_on is None
    event = case.followup.events.get(action=Action.EXTEND)
    assert event.actor == county.users["office"] and "涉及多个部门" in event.note
    assert event.from_state == event.to_state == case.followup.state
    # On the case page (the office's and the school's) and the follow-up page.
    page = office.get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    assert "已延期，原期限" in page and "涉及多个部门" in page and 'data-section="extend"' not in page
    school_page = login("school_a").get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    assert "已延期，原期限" in school_page and "延期" in school_page and "已告知信访人" not in school_page
    followup_page = login("school_a").get(reverse("core:followup_detail", args=[case.followup_id])).content.decode()
    assert "延期" in followup_page and "涉及多个部门" in followup_page
    # Once only.
    response = extend(office, case, case.answer_due + dt.timedelta(days=5))
    assert "每件信访件只能延期一次" in response.content.decode()
    case.refresh_from_db()
    assert case.answer_due == original + dt.timedelta(days=30)
    assert case.followup.events.filter(action=Action.EXTEND).count() == 1


@pytest.mark.parametrize(("days", "reason", "notified", "message"), [
    (31, "需要调查", "on", "延期不得超过30日"),
    (0, "需要调查", "on", "延期后的办理期限须晚于原办理期限"),
    (10, "", "on", "请填写延期后的办理期限和延期理由"),
    (10, "需要调查", "", "请将延期理由告知信访人后再办理延期"),
])
def test_refused_extensions_change_nothing(county, login, days, reason, notified, message):
    case = assigned_case(county)
    original = case.answer_due
    response = extend(login("office"), case, original + dt.timedelta(days=days), reason, notified)
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.answer_due == case.followup.due == original and case.extended_on is None
    assert not case.followup.events.filter(action=Action.EXTEND).exists()


def test_an_anonymous_case_is_extended_without_notice(county, login):
    office = county.users["office"]
    case = services.register(Complaint(channel="网上信访", received_on=timezone.localdate(), category="安全",
                                       school=county.a, summary="反映校门口交通", content="上下学拥堵。",
                                       anonymous=True), by=office)
    services.assign(case, by=office, school=county.a)
    page = login("office").get(reverse("complaints:complaint_detail", args=[case.pk])).content.decode()
    assert "已将延期理由告知信访人" not in page
    extend(login("office"), case, case.answer_due + dt.timedelta(days=10), notified="")
    case.refresh_from_db()
    assert case.is_extended and not case.extension_notified


def test_an_overdue_or_unassigned_case_is_not_extended(county, login):
    office = login("office")
    late = assigned_case(county, received=timezone.localdate() - dt.timedelta(days=70))
    assert late.answer_due < timezone.localdate()
    assert 'data-section="extend"' not in office.get(
        reverse("complaints:complaint_detail", args=[late.pk])).content.decode()
    assert "已超过办理期限" in extend(office, late, late.answer_due + dt.timedelta(days=20)).content.decode()
    new = services.register(Complaint(channel="来信", received_on=timezone.localdate(), category="其他",
                                      summary="未交办", content="未交办。", complainant_name="孙"),
                            by=county.users["office"])
    refused = extend(office, new, new.answer_due + dt.timedelta(days=5)).content.decode()
    assert "交办后、答复前的信访件才能延期" in refused
    for c in (late, new):
        c.refresh_from_db()
        assert c.extended_on is None


@pytest.mark.parametrize("role", ["school_a", "jichu", "leader", "readonly"])
def test_only_the_office_extends(county, login, role):
    case = assigned_case(county)
    response = login(role).post(reverse("complaints:extend", args=[case.pk]),
                                {"due": (case.answer_due + dt.timedelta(days=5)).isoformat(), "reason": "x",
                                 "notified": "on"})
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.extended_on is None and case.followup.due == case.answer_due


def test_the_generic_followup_action_does_not_extend(county, login):
    case = assigned_case(county)
    response = login("office").post(reverse("core:followup_act", args=[case.followup_id]),
                                    {"action": "extend", "note": "想延期"}, follow=True)
    assert "不能执行“延期”" in response.content.decode()
    case.refresh_from_db()
    assert case.followup.due == case.answer_due and not case.followup.events.filter(action=Action.EXTEND).exists()


def test_statistics_count_an_extended_case_against_its_extended_deadline(county, login):
    office, school = county.users["office"], county.users["school_a"]
    received = timezone.localdate() - dt.timedelta(days=80)
    case = assigned_case(county, received=received)
    first_due = case.answer_due
    services.extend(case, by=office, due=first_due + dt.timedelta(days=30), reason="案情复杂", notified=True,
                    today=first_due - dt.timedelta(days=1))
    # Answered after the first deadline, within the extended one.
    services.answer(case, by=school, finding="部分属实", reply="已整改。", today=first_due + dt.timedelta(days=10))
    other = assigned_case(county, received=received, channel="来访", complainant_id="")
    services.answer(other, by=school, finding="不属实", reply="经核查不属实。",
                    today=other.answer_due + dt.timedelta(days=1))
    page = login("office").get(reverse("complaints:statistics")).content.decode()
    assert "50.0%" in page and "1/2件" in page  # the extended case on time, the other late
    assert 'data-kpi="extended">1<' in page
    assert "按延期后的期限计算按期率" in page
