"""The shared follow-up life cycle: rules (pure), services (sides, scope, evidence, scan) and pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core.followup import act, can_act, open_followup, scan_followups
from edubureau.core.followup_engine import (
    Action,
    State,
    TransitionError,
    allowed_actions,
    escalation_level,
    is_open,
    next_state,
    on_time_rate,
    urgency,
)
from edubureau.core.models import FollowUp, FollowUpEvent
from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user, make_zone

D = dt.date
USER_ACTIONS = [Action.RESPOND, Action.VERIFY, Action.RETURN, Action.WITHDRAW]


# ---- rules -------------------------------------------------------------------------------------------------


@given(st.lists(st.sampled_from(USER_ACTIONS), max_size=12))
def test_closing_needs_an_answer_first(actions):
    """Whatever the order of attempts, an item is closed only straight after an answer, never skipped to."""
    state = State.ISSUED
    history = [state]
    for action in actions:
        try:
            state = next_state(state, action)
        except TransitionError:
            assert action not in allowed_actions(history[-1])
            continue
        history.append(state)
    for before, after in zip(history, history[1:], strict=False):
        if after == State.CLOSED:
            assert before == State.RESPONDED
        if after == State.RESPONDED:
            assert before in (State.ISSUED, State.RETURNED)
    assert history.count(State.CLOSED) + history.count(State.WITHDRAWN) <= 1  # settled items stay settled


def test_settled_items_take_no_more_steps():
    for settled in (State.CLOSED, State.WITHDRAWN):
        assert allowed_actions(settled) == []
        assert not is_open(settled)
        with pytest.raises(TransitionError, match="无需到期提醒"):
            next_state(settled, Action.REMIND)


def test_urgency_and_escalation_by_hand():
    due = D(2026, 5, 10)
    assert urgency(D(2026, 5, 6), due, State.ISSUED) == "on_track"  # four days ahead
    assert urgency(D(2026, 5, 7), due, State.ISSUED) == "due_soon"
    assert urgency(D(2026, 5, 10), due, State.RETURNED) == "due_soon"  # the deadline day itself is still on time
    assert urgency(D(2026, 5, 11), due, State.ISSUED) == "overdue"
    assert urgency(D(2026, 5, 11), due, State.CLOSED) == "closed"
    assert escalation_level(D(2026, 5, 17), due, State.ISSUED) == 1  # 7 days late
    assert escalation_level(D(2026, 5, 18), due, State.ISSUED) == 2  # 8 days late → leaders
    assert escalation_level(D(2026, 5, 18), due, State.RESPONDED) == 0  # answered: waits for the issuer


@given(st.lists(st.tuples(st.dates(D(2026, 1, 1), D(2026, 12, 31)),
                          st.none() | st.dates(D(2026, 1, 1), D(2026, 12, 31))), max_size=20))
def test_on_time_rate_is_a_share(items):
    rate = on_time_rate(items, today=D(2026, 7, 1))
    assert rate is None or 0 <= rate <= 1
    if rate is None:
        assert all(closed is None and due >= D(2026, 7, 1) for due, closed in items)


# ---- services -----------------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    zone, other_zone = make_zone(), make_zone()
    school = make_school(zone=zone)
    elsewhere = make_school(zone=other_zone)
    dept = make_department(modules=("inspection",))
    return {
        "school": school,
        "elsewhere": elsewhere,
        "admin": make_user(Role.SCHOOL, school=school),
        "other_admin": make_user(Role.SCHOOL, school=elsewhere),
        "inspector": make_user(Role.INSPECTOR, zone=zone),
        "other_inspector": make_user(Role.INSPECTOR, zone=other_zone),
        "dept_user": make_user(Role.DEPARTMENT, department=dept),
        "plans_user": make_user(Role.DEPARTMENT, department=make_department(modules=("plans",))),
        "leader": make_user(Role.LEADER),
    }


JUNE_FIRST = D(2026, 6, 1)


def _notice(world, due=JUNE_FIRST, **kw):
    return open_followup(module="inspection", kind="rectification", title="消防通道堵塞", due=due,
                         issued_by=world["inspector"], school=world["school"], issued_on=D(2026, 5, 1), **kw)


def test_full_cycle_with_a_sending_back(world):
    item = _notice(world)
    assert item.state == State.ISSUED and item.events.get().action == Action.ISSUE
    act(item, Action.RESPOND, world["admin"], measures="清理杂物，张贴标识", today=D(2026, 5, 20))
    assert item.state == State.RESPONDED and item.responded_on == D(2026, 5, 20)
    act(item, Action.RETURN, world["inspector"], note="照片看不清", today=D(2026, 5, 21))
    assert item.state == State.RETURNED and item.responded_on is None
    act(item, Action.RESPOND, world["admin"], measures="重新拍照", today=D(2026, 5, 25))
    act(item, Action.VERIFY, world["inspector"], today=D(2026, 5, 26))
    assert item.state == State.CLOSED and item.closed_on == D(2026, 5, 26)
    assert [e.action for e in item.events.all()] == ["issue", "respond", "return", "respond", "verify"]
    assert [e.actor for e in item.events.all()][1] == world["admin"]


def test_sides_and_scope(world):
    item = _notice(world)
    assert can_act(world["admin"], item, Action.RESPOND)
    assert not can_act(world["admin"], item, Action.VERIFY)  # a school cannot close its own notice
    assert not can_act(world["other_admin"], item, Action.RESPOND)
    assert not can_act(world["inspector"], item, Action.RESPOND)
    assert can_act(world["inspector"], item, Action.WITHDRAW)
    assert not can_act(world["other_inspector"], item, Action.WITHDRAW)  # another zone
    assert can_act(world["dept_user"], item, Action.VERIFY)
    assert not can_act(world["plans_user"], item, Action.VERIFY)  # does not write inspection
    assert not can_act(world["leader"], item, Action.VERIFY)  # leaders read; they do not verify
    with pytest.raises(PermissionDenied):
        act(item, Action.VERIFY, world["admin"])
    with pytest.raises(TransitionError):
        act(item, Action.VERIFY, world["inspector"])  # not answered yet: no skipping
    assert FollowUpEvent.objects.filter(followup=item).count() == 1


def test_answers_need_measures_and_sending_back_needs_a_reason(world):
    item = _notice(world)
    with pytest.raises(ValidationError):
        act(item, Action.RESPOND, world["admin"], measures="  ")
    act(item, Action.RESPOND, world["admin"], measures="已整改")
    with pytest.raises(ValidationError):
        act(item, Action.RETURN, world["inspector"], note="")
    item.refresh_from_db()
    assert item.state == State.RESPONDED


def test_evidence_is_kept_and_a_bad_file_writes_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = _notice(world)
    photo = SimpleUploadedFile("通道.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    event = act(item, Action.RESPOND, world["admin"], measures="已清理", files=[photo])
    assert [e.name for e in event.evidence.all()] == ["通道.jpg"]
    act(item, Action.RETURN, world["inspector"], note="补充材料")
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        act(item, Action.RESPOND, world["admin"], measures="再次整改", files=[script])
    item.refresh_from_db()
    assert item.state == State.RETURNED  # nothing written: the answer and its event were rolled back
    assert item.events.filter(action=Action.RESPOND).count() == 1


def test_department_owned_items_are_answered_by_that_module(world):
    item = open_followup(module="plans", kind="problem", title="用地指标未落实", due=D(2026, 6, 1),
                         department=make_department(modules=("plans",)), issued_by=world["leader"],
                         issued_on=D(2026, 5, 1))
    assert can_act(world["plans_user"], item, Action.RESPOND)
    assert not can_act(world["admin"], item, Action.RESPOND)


def test_an_item_must_be_owed_by_someone(world):
    with pytest.raises(ValidationError):
        open_followup(module="plans", kind="problem", title="无主", due=D(2026, 6, 1))
    with pytest.raises(ValidationError):
        _notice(world, due=D(2026, 4, 1))  # due before it was issued


def test_scan_reminds_once_and_escalates_level_by_level(world):
    soon = _notice(world, due=D(2026, 6, 3))
    late = _notice(world, due=D(2026, 5, 20))
    answered = _notice(world, due=D(2026, 5, 20))
    act(answered, Action.RESPOND, world["admin"], measures="已整改")
    report = scan_followups(D(2026, 6, 1))
    assert (report.reminded, report.escalated) == (1, 1)
    assert scan_followups(D(2026, 6, 1)).escalated == 0  # idempotent
    soon.refresh_from_db(), late.refresh_from_db(), answered.refresh_from_db()
    assert soon.reminded_on == D(2026, 6, 1) and late.escalation_level == 2 and answered.escalation_level == 0
    assert late.events.filter(action=Action.ESCALATE).count() == 1
    assert FollowUp.objects.overdue(D(2026, 6, 1)).count() == 2  # the answered one is still owed a verification
    ordered = list(FollowUp.objects.urgent_first(D(2026, 6, 1)))
    assert ordered[-1] == soon


# ---- pages --------------------------------------------------------------------------------------------------


def test_pages_follow_scope_and_actions(world, client):
    mine = _notice(world)
    theirs = open_followup(module="inspection", kind="rectification", title="食堂留样不全", due=D(2026, 6, 1),
                           school=world["elsewhere"], issued_on=D(2026, 5, 1))
    client.force_login(world["admin"])
    page = client.get("/followups/").content.decode()
    assert "消防通道堵塞" in page and "食堂留样不全" not in page
    assert client.get(f"/followups/{theirs.pk}/").status_code == 404  # outside the scope: not found (issue 18)
    detail = client.get(f"/followups/{mine.pk}/").content.decode()
    assert "反馈整改情况" in detail and "核查销号" not in detail
    response = client.post(f"/followups/{mine.pk}/act/", {"action": "verify"})
    assert response.status_code == 302  # refused with a message, not a 500
    mine.refresh_from_db()
    assert mine.state == State.ISSUED
    client.post(f"/followups/{mine.pk}/act/", {"action": "respond", "measures": "已清理"})
    mine.refresh_from_db()
    assert mine.state == State.RESPONDED
    assert client.post(f"/followups/{mine.pk}/act/", {"action": "nonsense"}).status_code == 302
    client.force_login(world["inspector"])
    client.post(f"/followups/{mine.pk}/act/", {"action": "verify", "next": "https://evil.example/"})
    mine.refresh_from_db()
    assert mine.state == State.CLOSED


def test_list_filters_overdue(world, client):
    old = open_followup(module="inspection", kind="rectification", title="旧问题", due=D(2020, 6, 1),
                        school=world["school"], issued_on=D(2020, 5, 1))
    _notice(world, due=D(2099, 6, 1))
    client.force_login(world["dept_user"])
    page = client.get("/followups/?urgency=overdue").content.decode()
    assert old.title in page and "消防通道堵塞" not in page
    assert client.get("/followups/?urgency=bogus").status_code == 200


def test_the_list_page_starts_the_days_scan_once(world, client):
    from django.core.cache import cache

    cache.clear()
    late = open_followup(module="inspection", kind="rectification", title="旧问题", due=D(2020, 6, 1),
                         school=world["school"], issued_on=D(2020, 5, 1))
    client.force_login(world["dept_user"])
    client.get("/followups/")
    late.refresh_from_db()
    assert late.escalation_level == 2  # the task ran (tests run tasks immediately)
    assert late.events.filter(action=Action.ESCALATE).count() == 1
    client.get("/followups/")
    assert late.events.filter(action=Action.ESCALATE).count() == 1


def test_steps_dated_in_the_past_keep_their_date(world):
    item = _notice(world)
    act(item, Action.RESPOND, world["admin"], measures="已整改", today=D(2026, 5, 9))
    issued, responded = item.events.all()
    local = [timezone.localtime(event.at).date() for event in (issued, responded)]
    assert local == [D(2026, 5, 1), D(2026, 5, 9)]


def test_dashboard_names_the_most_overdue_items_in_scope(world, client):
    open_followup(module="inspection", kind="rectification", title="旧问题甲", due=D(2020, 6, 1),
                  school=world["school"], issued_on=D(2020, 5, 1))
    open_followup(module="inspection", kind="rectification", title="别校问题乙", due=D(2020, 6, 1),
                  school=world["elsewhere"], issued_on=D(2020, 5, 1))
    client.force_login(world["admin"])
    page = client.get("/").content.decode()
    assert "旧问题甲" in page and "别校问题乙" not in page
    client.force_login(world["leader"])
    page = client.get("/").content.decode()
    assert "旧问题甲" in page and "别校问题乙" in page and "办理中2项，其中逾期2项" in page


def test_a_department_answers_what_it_owes_without_writing_the_module(world):
    dept = make_department(modules=())
    staff = make_user(Role.DEPARTMENT, department=dept)
    item = open_followup(module="plans", kind="milestone", title="节点逾期", due=D(2026, 6, 1), department=dept,
                         issued_on=D(2026, 5, 1))
    assert can_act(staff, item, Action.RESPOND)
    assert not can_act(staff, item, Action.VERIFY)  # the plans office verifies
    assert can_act(world["plans_user"], item, Action.VERIFY)


def test_the_daily_task_runs_the_apps_scans_first(world):
    from edubureau.core.followup import DAILY_SCANS
    from edubureau.core.tasks import scan_followups_task

    seen = []
    DAILY_SCANS.append(seen.append)
    try:
        scan_followups_task.enqueue()
    finally:
        DAILY_SCANS.remove(seen.append)
    assert seen == [None]


def test_followup_list_exports_the_filtered_rows_with_dates_as_dates(world, client):
    import io

    from python_calamine import CalamineWorkbook

    _notice(world)
    _notice(world, due=D(2099, 1, 1))  # not overdue
    client.force_login(world["dept_user"])
    response = client.get("/followups/", {"urgency": "overdue", "format": "xlsx"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[1][:5] == ["事项", "所属模块", "责任方", "下发日期", "办理期限"]
    assert len(rows) == 3 and rows[2][4] == D(2026, 6, 1) and rows[2][6] > 0  # 逾期天数
    page = client.get("/followups/", {"urgency": "overdue"}).content.decode()
    assert "format=xlsx" in page and "data-eb-print" in page
