"""异议 during the 公示 (issue 11): a school contests a move into or out of it; the 人事科 keeps or withdraws it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edubureau.core.followup_models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Posting
from edubureau.staffing import objections, services
from edubureau.staffing.models import RotationObjection, RotationPlan

pytestmark = pytest.mark.django_db
D = dt.date


def _public_plan(county, today):
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    return services.advance(plan, county["renshi"], today=today)


def test_an_objection_is_a_followup_answered_by_the_school_and_decided_by_the_department(county):
    plan = _public_plan(county, D(2026, 8, 20))
    move = plan.moves.get()
    objection = objections.file_objection(move=move, school=county["village"], reason="本校音乐课已由外聘教师承担",
                                          user=county["village_head"], today=D(2026, 8, 21))
    followup = objection.followup
    assert (followup.module, followup.kind, followup.state, followup.due) == (
        "staffing", "rotation_objection", "responded", D(2026, 8, 27))
    assert "王乐" in followup.title and followup.school == county["village"]
    with pytest.raises(ValidationError, match="还有1件异议未答复"):
        services.advance(plan, county["renshi"], today=D(2026, 8, 28))
    with pytest.raises(PermissionDenied):
        objections.decide_objection(objection, "kept", "理由", county["village_head"])
    objections.decide_objection(objection, "kept", "该校音乐课外聘不可持续", county["renshi"], today=D(2026, 8, 24))
    objection.refresh_from_db()
    followup.refresh_from_db()
    assert objection.decision == "kept" and followup.state == "closed"
    assert followup.events.last().note == "维持原方案：该校音乐课外聘不可持续"
    assert services.advance(plan, county["renshi"], today=D(2026, 8, 28)).status == "final"


def test_a_withdrawn_move_is_marked_and_never_executed(county):
    plan = _public_plan(county, D(2026, 8, 20))
    move = plan.moves.get()
    town_head = f.make_user(Role.SCHOOL, school=county["town"])
    objection = objections.file_objection(move=move, school=county["town"], reason="王乐老师处于哺乳期",
                                          user=town_head, today=D(2026, 8, 22))
    objections.decide_objection(objection, "withdrawn", "核实属实，免于交流", county["renshi"], today=D(2026, 8, 24))
    move.refresh_from_db()
    assert move.withdrawn
    services.advance(plan, county["renshi"], today=D(2026, 8, 28))
    services.advance(plan, county["renshi"], today=D(2026, 9, 1))
    assert not Posting.objects.filter(staff=county["music"], reason="rotation").exists()
    with pytest.raises(ValidationError, match="该异议已答复"):
        objections.decide_objection(objection, "kept", "再改", county["renshi"])


def test_objections_are_refused_outside_the_window_other_schools_and_without_reasons(county):
    plan = services.build_plan(county["region"], 2026, county["renshi"], time_limit=2)
    move = plan.moves.get()
    kwargs = {"move": move, "school": county["village"], "user": county["village_head"]}
    client = Client()
    client.force_login(county["village_head"])  # a draft is the bureau's: its moves are not shown to a school
    assert client.get(reverse("staffing:objection_create", args=[move.pk])).status_code == 404
    with pytest.raises(ValidationError, match="方案不在公示期"):
        objections.file_objection(reason="理由", today=D(2026, 8, 19), **kwargs)
    plan = services.advance(plan, county["renshi"], today=D(2026, 8, 20))
    move.refresh_from_db()
    with pytest.raises(ValidationError, match="公示期已于2026年8月27日结束"):
        objections.file_objection(reason="理由", today=D(2026, 8, 28), **kwargs)
    with pytest.raises(ValidationError, match="请填写异议理由"):
        objections.file_objection(reason="  ", today=D(2026, 8, 21), **kwargs)
    with pytest.raises(ValidationError, match="只能对调出或调入本校"):
        objections.file_objection(move=move, school=county["junior"], user=county["junior_head"], reason="理由",
                                  today=D(2026, 8, 21))
    with pytest.raises(PermissionDenied):  # the village's move, filed in the village's name by another school
        objections.file_objection(move=move, school=county["village"], user=county["junior_head"], reason="理由",
                                  today=D(2026, 8, 21))
    objections.file_objection(reason="第一次", today=D(2026, 8, 21), **kwargs)
    with pytest.raises(ValidationError, match="尚在处理中"):
        objections.file_objection(reason="第二次", today=D(2026, 8, 22), **kwargs)
    assert RotationObjection.objects.count() == 1 and FollowUp.objects.count() == 1


def test_pages_school_files_department_answers_others_see_nothing(client, county):
    plan = _public_plan(county, timezone.localdate())
    move = plan.moves.get()
    detail = reverse("staffing:rotation_detail", args=[plan.pk])
    client.force_login(county["village_head"])
    assert "提出异议" in client.get(detail).content.decode()
    create = reverse("staffing:objection_create", args=[move.pk])
    page = client.post(create, {"reason": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert client.post(create, {"reason": "本校音乐课已有外聘教师"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "本校音乐课已有外聘教师" in page and "待人事科答复" in page
    objection = RotationObjection.objects.get()
    decide = reverse("staffing:objection_decide", args=[objection.pk])
    assert client.post(decide, {"decision": "withdrawn", "note": "自己撤"}).status_code in (302, 403)
    objection.refresh_from_db()
    assert objection.decision == ""  # a school never decides its own objection
    client.force_login(county["junior_head"])  # a school with no part in the move reads neither it nor the objection
    assert client.get(create).status_code == 404
    assert client.post(decide, {"decision": "kept", "note": "x"}).status_code == 404
    client.force_login(county["renshi"])
    assert "答复理由" in client.get(detail).content.decode()
    client.post(decide, {"decision": "withdrawn", "note": "情况属实"})
    objection.refresh_from_db()
    assert objection.decision == "withdrawn"
    page = client.get(detail).content.decode()
    assert "已撤回" in page and "情况属实" in page
    assert RotationPlan.objects.get().status == "public"
