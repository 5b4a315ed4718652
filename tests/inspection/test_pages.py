"""Pages of 督导 for each role; the phone visit record; findings → notice; bad input → form errors."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.inspection.models import (
    Finding,
    PlannedVisit,
    PlanRun,
    QuotaRule,
    Rectification,
    ResponsibilityZone,
    Visit,
)
from edubureau.inspection.tasks import run_planner

pytestmark = pytest.mark.django_db

PAGES = ["home", "zone_list", "quotas", "planner", "visit_list", "notice_list", "department", "checklist_list"]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize("who", ["office", "u1", "admin_a1"])
def test_menu_pages_open(client, world, who):
    client.force_login(world[who])
    for name in PAGES:
        response = client.get(reverse(f"inspection:{name}"))
        expected = (403,) if who == "admin_a1" and name == "department" else (200,)
        assert response.status_code in expected, (name, response.status_code)


def test_leader_reads_everything(client, world):
    client.force_login(f.make_user(Role.LEADER))
    for name in PAGES:
        assert client.get(reverse(f"inspection:{name}")).status_code == 200


def _record(client, world, answers, **extra):
    data = {"day": world["today"].isoformat(), "kind": "routine", "checklist": world["checklist"].pk,
            "schools": [world["a1"].pk], "status": "done", "notes": "座谈", **extra}
    for item, value in zip(world["items"], answers, strict=True):
        data[f"a-{world['a1'].pk}-{item.pk}"] = value
    return client.post(reverse("inspection:visit_new"), data)


def test_visit_record_on_phone_raises_findings(client, world):
    client.force_login(world["u1"])
    step1 = client.get(reverse("inspection:visit_new"))
    assert step1.status_code == 200 and "乙秘中学" not in step1.content.decode()  # only its own zone offered
    step2 = client.get(reverse("inspection:visit_new"), {"day": world["today"].isoformat(), "kind": "routine",
                                                         "checklist": world["checklist"].pk,
                                                         "schools": [world["a1"].pk]})
    body = step2.content.decode()
    assert 'accept="image/*" capture' in body and "校门值守" in body
    photo = SimpleUploadedFile("gate.png", PNG, content_type="image/png")
    response = _record(client, world, ["no", "yes"], photos=photo)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspection:visit_detail", args=[visit.pk])
    assert visit.inspectors.get() == world["i1"] and visit.photos.count() == 1
    finding = Finding.objects.get()
    assert finding.category == "safety" and finding.severity == "serious" and finding.item == world["items"][0]
    assert visit.answers.get(item=world["items"][0]).score == 0


def test_visit_form_errors(client, world):
    client.force_login(world["u1"])
    missing = _record(client, world, ["no", ""])
    assert missing.status_code == 200 and "未选择结果" in missing.content.decode()
    missed_without_reason = _record(client, world, ["", ""], status="missed", notes="")
    assert "请写明原因" in missed_without_reason.content.decode()
    wrong_kind = client.get(reverse("inspection:visit_new"), {"day": world["today"].isoformat(), "kind": "teaching",
                                                              "checklist": world["checklist"].pk,
                                                              "schools": [world["a1"].pk]})
    assert "检查表用于" in wrong_kind.content.decode()
    future = client.get(reverse("inspection:visit_new"), {"day": (world["today"] + dt.timedelta(days=9)).isoformat(),
                                                          "kind": "routine", "schools": [world["a1"].pk]})
    assert "未来日期" in future.content.decode()
    assert not Visit.objects.exists()


def test_other_zone_school_cannot_be_recorded(client, world):
    client.force_login(world["u1"])
    data = {"day": world["today"].isoformat(), "kind": "routine", "schools": [world["b"].pk], "status": "done"}
    response = client.post(reverse("inspection:visit_new"), data)
    assert response.status_code == 200 and "schools" in response.context["form"].errors  # not offered
    assert not Visit.objects.exists()


def test_school_admin_cannot_record(client, world):
    client.force_login(world["admin_a1"])
    assert client.get(reverse("inspection:visit_new")).status_code == 403


def test_planned_visit_prefills(client, world):
    plan = PlannedVisit.objects.create(term=world["term"], inspector=world["i1"], day=world["today"], kind="routine")
    plan.schools.set([world["a1"], world["a2"]])
    client.force_login(world["u1"])
    response = client.get(reverse("inspection:visit_new"), {"planned": plan.pk})
    assert "甲二小学" in response.content.decode()
    home = client.get(reverse("inspection:home")).content.decode()
    assert f"?planned={plan.pk}" in home


def test_findings_to_notice_page(client, world):
    client.force_login(world["u1"])
    _record(client, world, ["no", "no"])
    visit = Visit.objects.get()
    findings = list(Finding.objects.values_list("pk", flat=True))
    url = reverse("inspection:notice_new", args=[visit.pk])
    past = client.post(url, {"n-findings": findings, "n-due": (world["today"] - dt.timedelta(days=1)).isoformat()})
    assert past.status_code == 400 and "不能早于今天" in past.content.decode()
    due = (world["today"] + dt.timedelta(days=14)).isoformat()
    response = client.post(url, {"n-findings": findings, "n-due": due})
    notice = Rectification.objects.get()
    assert response.url == reverse("inspection:notice_detail", args=[notice.pk])
    assert notice.findings.count() == 2 and notice.followup.school == world["a1"]
    detail = client.get(response.url).content.decode()
    assert "办理进程" in detail and "校门值守" in detail


def test_settings_pages_belong_to_the_office(client, world):
    client.force_login(world["u1"])
    assert client.get(reverse("inspection:zone_new")).status_code == 403
    assert client.post(reverse("inspection:quotas"), {"quotas": "1"}).status_code == 403
    client.force_login(world["office"])
    response = client.post(reverse("inspection:zone_new"), {
        "name": "新责任区", "term": world["term"].pk, "inspectors": [world["i1"].pk], "schools": [world["b"].pk]})
    assert response.status_code == 200 and "已属其他责任区" in response.content.decode()
    response = client.post(reverse("inspection:quotas"), {
        "quotas": "1", "q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "1", "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "10",
        "q-0-id": QuotaRule.objects.get().pk, "q-0-kind": "routine", "q-0-visits_per_inspector_per_week": "3",
        "q-0-schools_per_visit_min": "2", "q-0-schools_per_visit_max": "3", "q-0-visits_per_school": "0",
        "q-0-per": "term", "q-0-active": "on",
    })
    assert response.status_code == 302
    assert QuotaRule.objects.get().visits_per_inspector_per_week == 3
    bad = client.post(reverse("inspection:quotas"), {"blocked": "1", "b-day": "2026-13-01", "b-reason": "holiday"})
    assert bad.status_code == 200 and "b-day" in bad.content.decode()


def test_zoning_helper_proposes_and_saves(client, world):
    client.force_login(world["office"])
    data = {"term": world["term"].pk, "inspectors": [world["i1"].pk, world["i2"].pk], "propose": "1"}
    response = client.post(reverse("inspection:zoning"), data)
    assert response.status_code == 200 and "保存为责任区" in response.content.decode()
    save = {**data, "save": "1", f"school-{world['a1'].pk}": world["i2"].pk, f"school-{world['a2'].pk}": world["i1"].pk,
            f"school-{world['b'].pk}": world["i1"].pk}
    client.post(reverse("inspection:zoning"), save)
    zone = ResponsibilityZone.objects.get(inspectors=world["i2"])
    assert list(zone.schools.all()) == [world["a1"]]


def _run_planner(client, world):
    response = client.post(reverse("inspection:planner"), {"term": world["term"].pk, "time_limit": 2, "run": "1"})
    run = PlanRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"run={run.pk}")
    run.refresh_from_db()
    assert run.status == "done"  # the test settings run tasks at once; a worker does it in the background
    PlanRun.objects.filter(pk=run.pk).update(status="running")
    waiting = client.get(response.url).content.decode()
    assert "正在排定督导计划" in waiting and reverse("inspection:planner_progress", args=[run.pk]) in waiting
    assert "HX-Refresh" not in client.get(reverse("inspection:planner_progress", args=[run.pk]))
    run_planner.call(run.pk)
    run.refresh_from_db()
    assert client.get(reverse("inspection:planner_progress", args=[run.pk]))["HX-Refresh"] == "true"
    return run, client.get(response.url)


def test_planner_preview_and_accept(client, world):
    client.force_login(world["office"])
    run, preview = _run_planner(client, world)
    assert run.status == "done" and "采用此计划" in preview.content.decode()
    client.post(reverse("inspection:planner"), {"accept": "1", "run": run.pk})
    assert PlannedVisit.objects.filter(term=world["term"]).count() == len(run.result["visits"]) > 0
    again = client.post(reverse("inspection:planner"), {"accept": "1", "run": run.pk}, follow=True)
    assert "已采用" in again.content.decode()
    client.force_login(world["u1"])
    assert client.post(reverse("inspection:planner"), {"accept": "1", "run": run.pk}).status_code == 403


def test_planner_explains_infeasible_quotas(client, world):
    # 乙责任区 has one school, but every visit must take in two.
    QuotaRule.objects.filter(kind="routine").update(schools_per_visit_min=2, schools_per_visit_max=2)
    client.force_login(world["office"])
    run, preview = _run_planner(client, world)
    assert not run.result["feasible"] and run.result["gaps"]
    assert "无法全部满足" in preview.content.decode()


def test_planner_bad_input(client, world):
    client.force_login(world["office"])
    response = client.post(reverse("inspection:planner"), {"term": world["term"].pk, "time_limit": 999})
    assert response.status_code == 400 and not PlanRun.objects.exists()


def test_checklist_edit(client, world):
    client.force_login(world["office"])
    data = {"name": "专项督导：食品安全", "kind": "special", "active": "on", "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "100",
            "items-0-position": "1", "items-0-text": "索证索票", "items-0-category": "food", "items-0-points": "10",
            "items-0-raises_finding": "on", "items-0-severity": "serious"}
    assert client.post(reverse("inspection:checklist_new"), data).status_code == 302
    client.force_login(world["u1"])
    assert client.post(reverse("inspection:checklist_new"), data).status_code == 403


def test_department_bad_period_is_400(client, world):
    client.force_login(world["office"])
    response = client.get(reverse("inspection:department"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert client.get(reverse("inspection:bulletin"), {"start": "x", "end": "y"}).status_code == 400


def test_zoning_helper_weighs_pupils_as_asked(client, world):
    client.force_login(world["office"])
    data = {"term": world["term"].pk, "inspectors": [world["i1"].pk, world["i2"].pk], "propose": "1"}
    for balance in ("1", "16"):
        response = client.post(reverse("inspection:zoning"), {**data, "balance": balance})
        assert response.status_code == 200 and "保存为责任区" in response.content.decode()
    refused = client.post(reverse("inspection:zoning"), {**data, "balance": "7"})
    assert refused.status_code == 200 and "保存为责任区" not in refused.content.decode()


def test_the_checklist_choice_marks_each_list_with_its_kind(client, world):
    """Issue 17: options carry their 督导类型 and the page's script offers only the chosen kind's lists."""
    from edubureau.inspection.models import Checklist

    other = Checklist.objects.create(name="教学常规检查表", kind="teaching")
    client.force_login(world["u1"])
    body = client.get(reverse("inspection:visit_new")).content.decode()
    assert f'data-kind="routine" value="{world["checklist"].pk}"' in body or \
        f'value="{world["checklist"].pk}" data-kind="routine"' in body
    assert 'data-kind="teaching"' in body and other.name in body
    assert "js/visit_start.js" in body
