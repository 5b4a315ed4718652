"""Issue 18, must-fix 6: no lost updates. A save from a stale copy of a record is refused (pages 409, API 412/409).

Two browsers are two Django test clients that load the real edit page and post back what its form holds.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from edubureau.core.concurrency import FIELD, KEEP_PREFIX, version_of
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Staff

pytestmark = pytest.mark.django_db


# ---- a browser's view of a form -------------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    """The fields a browser would submit from each ``<form>`` of a page (disabled controls left out)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.append((a["name"], a.get("value", default)))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._form.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def edit_form(response) -> dict[str, list[str]]:
    """The fields of the page's edit form (the one carrying the version token), as a browser would post them."""
    assert response.status_code in (200, 409), response.status_code
    parser = _FormParser()
    parser.feed(response.content.decode())
    for form in parser.forms:
        if any(name == FIELD for name, _value in form):
            data: dict[str, list[str]] = {}
            for name, value in form:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError("no form with a version token on the page")


def change(data: dict, **values) -> dict:
    out = dict(data)
    for name, value in values.items():
        out[name] = value if isinstance(value, list) else [value]
    return out


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- fixtures -------------------------------------------------------------------------------------------------------


@pytest.fixture
def county(db):
    zone = f.make_zone("东片区")
    f.make_school_year(2025)
    school = f.make_school("甲小学", zone=zone, code="3300000001")
    staff = f.make_staff(school, name="李老师", title="first", phone="13800000001")
    department = f.make_department("renshi", modules=["org", "people"], name="人事科")
    zhang = f.make_user(Role.DEPARTMENT, department=department, username="zhang")
    zhang.first_name = "张三"  # get_full_name() is "first last"; a Chinese name is kept whole
    zhang.save()
    wang = f.make_user(Role.DEPARTMENT, department=department, username="wang")
    return {"school": school, "zone": zone, "staff": staff, "zhang": zhang, "wang": wang}


# ---- pages ----------------------------------------------------------------------------------------------------------


def test_second_staff_save_from_a_stale_form_is_refused_and_shows_both_values(county):
    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    a, b = login(county["zhang"]), login(county["wang"])
    form_a, form_b = edit_form(a.get(url)), edit_form(b.get(url))

    # A raises the title (一级 → 高级); B, from the same copy, changes only the phone number.
    saved = a.post(url, change(form_a, title="senior"))
    assert saved.status_code == 302
    refused = b.post(url, change(form_b, phone="13900000002"))

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "张三 于" in page and "修改了" in page
    assert "职称（一级 → 高级）" in page
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13800000001")  # A's change kept, B's not applied

    # The page shows B's value and the stored one for the title; B did not touch it, so "keep stored" is ticked.
    again = edit_form(refused)
    assert again[KEEP_PREFIX + "title"] == ["stored"]
    assert again["title"] == ["first"] and again["phone"] == ["13900000002"]
    assert again[FIELD] != form_b[FIELD]  # a fresh token

    # B saves again from the page as shown: the stored title stays, B's phone is written.
    resolved = b.post(url, again)
    assert resolved.status_code == 302
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13900000002")


def test_keeping_ones_own_value_overwrites_knowingly(county):
    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    a, b = login(county["zhang"]), login(county["wang"])
    form_a, form_b = edit_form(a.get(url)), edit_form(b.get(url))
    assert a.post(url, change(form_a, phone="13700000000")).status_code == 302
    refused = b.post(url, change(form_b, phone="13900000002"))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "13700000000" in page and "13900000002" in page  # the stored value and B's, side by side
    again = edit_form(refused)
    assert KEEP_PREFIX + "phone" not in again  # B changed the phone: B's value is kept unless ticked
    assert b.post(url, again).status_code == 302
    staff.refresh_from_db()
    assert staff.phone == "13900000002"


def test_change_by_bulk_update_is_caught_though_updated_did_not_move(county):
    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    b = login(county["wang"])
    form_b = edit_form(b.get(url))
    stamp = Staff.objects.get(pk=staff.pk).updated
    Staff.objects.filter(pk=staff.pk).update(title="second")  # no save(), no audit entry, same ``updated``
    assert Staff.objects.get(pk=staff.pk).updated == stamp
    refused = b.post(url, change(form_b, phone="13900000002"))
    assert refused.status_code == 409
    assert "其他用户（未留下修改记录）" in refused.content.decode()
    assert Staff.objects.get(pk=staff.pk).phone == "13800000001"


def test_a_change_outside_the_form_is_no_conflict(county):
    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    b = login(county["wang"])
    form_b = edit_form(b.get(url))
    # ``name`` is on the form, ``note``-like fields are not: the save starts from the stored row.
    Staff.objects.filter(pk=staff.pk).update(created=staff.created - dt.timedelta(days=1))
    assert b.post(url, change(form_b, phone="13900000002")).status_code == 302
    assert Staff.objects.get(pk=staff.pk).phone == "13900000002"


def test_damaged_token_is_refused_without_a_500(county):
    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    b = login(county["wang"])
    form_b = edit_form(b.get(url))
    response = b.post(url, change(form_b, **{FIELD: "forged", "phone": "13900000002"}))
    assert response.status_code == 200
    assert "表单已失效" in response.content.decode()
    assert Staff.objects.get(pk=staff.pk).phone == "13800000001"


def test_school_edit_in_org_refuses_a_stale_save(county):
    school = county["school"]
    url = reverse("org:school_edit", args=[school.pk])
    a, b = login(county["zhang"]), login(county["wang"])
    form_a, form_b = edit_form(a.get(url)), edit_form(b.get(url))
    assert a.post(url, change(form_a, name="甲实验小学")).status_code == 302
    refused = b.post(url, change(form_b, address="城关镇新路1号"))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "甲小学 → 甲实验小学" in page and "张三" in page
    school.refresh_from_db()
    assert school.name == "甲实验小学" and school.address != "城关镇新路1号"
    assert b.post(url, edit_form(refused)).status_code == 302
    school.refresh_from_db()
    assert (school.name, school.address) == ("甲实验小学", "城关镇新路1号")


def test_version_moves_with_any_stored_value():
    staff = Staff(pk=1, name="李老师", title="first")
    before = version_of(staff)
    assert version_of(Staff(pk=1, name="李老师", title="first")) == before
    staff.title = "senior"
    assert version_of(staff) != before


def test_plan_task_edit_refuses_a_stale_save_of_its_schools(county):
    from edubureau.plans.services import import_plan

    plan = import_plan("某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所。\n",
                       title="某县教育工作要点", year=2026)
    task = plan.tasks.get(item="1.1")
    other = f.make_school("乙小学", zone=county["zone"], code="3300000002")
    planner_a = f.make_user(Role.DEPARTMENT, department=f.make_department(name="办公室", modules=("plans",)))
    planner_b = f.make_user(Role.DEPARTMENT, department=planner_a.profile.department)
    url = reverse("plans:task_edit", args=[task.pk])
    a, b = login(planner_a), login(planner_b)
    form_a, form_b = edit_form(a.get(url)), edit_form(b.get(url))

    # A adds a school (a many-to-many change); B, from the old copy, changes the deadline.
    assert a.post(url, change(form_a, schools=[str(other.pk)])).status_code == 302
    refused = b.post(url, change(form_b, deadline="2026-12-31"))
    assert refused.status_code == 409
    page = refused.content.decode()
    # Many-to-many changes are audited too: who added the school is named, and what changed is shown.
    assert "涉及学校（— → 乙小学）" in page
    assert (planner_a.get_full_name() or planner_a.username) in page and "未留下修改记录" not in page
    task.refresh_from_db()
    assert list(task.schools.all()) == [other] and task.deadline is None
    assert b.post(url, edit_form(refused)).status_code == 302
    task.refresh_from_db()
    assert list(task.schools.all()) == [other] and task.deadline == dt.date(2026, 12, 31)


def test_inspection_zone_edit_refuses_a_stale_save(county):
    from edubureau.inspection.models import Inspector, ResponsibilityZone
    from edubureau.org.models import Term

    year = county["school"].facts.model.school_year.field.related_model.objects.get()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    office = f.make_department("duxue", modules=("inspection",), name="督导室")
    u1 = f.make_user(Role.DEPARTMENT, department=office, username="office_a")
    u1.first_name = "张三"
    u1.save()
    u2 = f.make_user(Role.DEPARTMENT, department=office, username="office_b")
    inspector = Inspector.objects.create(user=f.make_user(Role.INSPECTOR, zone=county["zone"]), name="甲督学")
    zone = ResponsibilityZone.objects.create(name="甲责任区", term=term)
    zone.inspectors.set([inspector])
    zone.schools.set([county["school"]])
    url = reverse("inspection:zone_edit", args=[zone.pk])
    a, b = login(u1), login(u2)
    form_a, form_b = edit_form(a.get(url)), edit_form(b.get(url))
    assert a.post(url, change(form_a, name="城关责任区")).status_code == 302
    refused = b.post(url, change(form_b, schools=[]))
    assert refused.status_code == 409
    assert "甲责任区 → 城关责任区" in refused.content.decode()
    zone.refresh_from_db()
    assert zone.name == "城关责任区" and list(zone.schools.all()) == [county["school"]]




def test_a_write_between_the_check_and_the_save_is_caught_under_the_lock(county, monkeypatch):
    """The race the form's check cannot see: A saves after B's form validated but before B's row is written."""
    from edubureau.core.generic import edit

    staff = county["staff"]
    url = reverse("people:staff_edit", args=[staff.pk])
    b = login(county["wang"])
    form_b = edit_form(b.get(url))
    real_can_write = edit.can_write
    raced = []

    def can_write_while_a_saves(user, obj):
        if not raced:  # the first check runs after B's form validated, before B's transaction
            raced.append(True)
            Staff.objects.filter(pk=staff.pk).update(title="senior")
        return real_can_write(user, obj)

    monkeypatch.setattr(edit, "can_write", can_write_while_a_saves)
    response = b.post(url, change(form_b, phone="13900000002"))
    assert raced and response.status_code == 409
    assert "同时被他人修改" in response.content.decode()
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13800000001")


def test_form_save_checks_the_version_under_the_lock(county):
    from edubureau.core.concurrency import VersionConflict
    from edubureau.people.forms import StaffForm

    staff = county["staff"]
    user = county["wang"]
    unbound = StaffForm(instance=Staff.objects.get(pk=staff.pk), user=user)
    data = {name: unbound[name].value() for name in unbound.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False} | {"phone": "13900000002"}
    form = StaffForm(data, instance=Staff.objects.get(pk=staff.pk), user=user)
    assert form.is_valid(), form.errors
    Staff.objects.filter(pk=staff.pk).update(title="senior")
    with pytest.raises(VersionConflict):
        form.save()
    assert Staff.objects.get(pk=staff.pk).phone == "13800000001"



def test_a_function_view_caught_in_the_race_answers_a_409_page(county, monkeypatch):
    """A page written as a function calls ``form.save()``; the lock check's refusal becomes a 409 page."""
    from edubureau.plans.forms import TaskEditForm
    from edubureau.plans.models import Task
    from edubureau.plans.services import import_plan

    plan = import_plan("某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所。\n",
                       title="某县教育工作要点", year=2026)
    task = plan.tasks.get(item="1.1")
    planner = f.make_user(Role.DEPARTMENT, department=f.make_department(name="办公室", modules=("plans",)))
    url = reverse("plans:task_edit", args=[task.pk])
    client = login(planner)
    form = edit_form(client.get(url))
    real_is_valid = TaskEditForm.is_valid

    def valid_then_someone_saves(self):
        valid = real_is_valid(self)
        Task.objects.filter(pk=task.pk).update(partners="财政局")
        return valid

    monkeypatch.setattr(TaskEditForm, "is_valid", valid_then_someone_saves)
    response = client.post(url, change(form, deadline="2026-12-31"))
    assert response.status_code == 409
    assert "同时被他人修改" in response.content.decode() and url in response.content.decode()
    task.refresh_from_db()
    assert task.partners == "财政局" and task.deadline is None


# ---- every edit form has it ------------------------------------------------------------------------------------------


def _edit_urls():
    """``(name, view)`` of every URL named ``…_edit`` (class views through ``view_class``)."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    found = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(pattern, f"{namespace}:{inner}".strip(":") if inner else namespace)
            elif (pattern.name or "").endswith("_edit"):
                found.append((f"{namespace}:{pattern.name}", pattern.callback))

    walk(get_resolver(), "")
    return found


def _function_view_forms():
    """The forms of the edit pages written as functions (the generic edit view names its own)."""
    from edubureau.evaluation import forms as evaluation
    from edubureau.inspection import forms as inspection
    from edubureau.plans.forms import TaskEditForm
    from edubureau.staffing.views import MoveForm

    return {
        "staffing:rotation_move_edit": MoveForm,
        "plans:task_edit": TaskEditForm,
        "inspection:zone_edit": inspection.ZoneForm,
        "inspection:checklist_edit": inspection.ChecklistForm,
        "evaluation:scheme_edit": evaluation.SchemeForm,
        "evaluation:indicator_edit": evaluation.IndicatorForm,
        "evaluation:category_edit": evaluation.CategoryForm,
        "evaluation:bundle_edit": evaluation.BundleForm,
    }


def test_every_edit_form_carries_the_version_token():
    from edubureau.balance.views import SettingsForm
    from edubureau.core.concurrency import ConcurrencyFormMixin
    from edubureau.core.generic import ObjectEditView
    from edubureau.enrollment.settings_views import SettingsForm as EnrollmentSettingsForm
    from edubureau.fitness.settings_views import SettingsForm as FitnessSettingsForm
    from edubureau.inspection.forms import ChecklistItemForm, QuotaForm
    from edubureau.safety.views import SettingsForm as SafetySettingsForm  # issue 15: safety
    from edubureau.staffing.settings_views import SettingsForm as StaffingSettingsForm
    from edubureau.welfare.settings_views import SettingsForm as WelfareSettingsForm

    urls = _edit_urls()
    assert len(urls) > 20
    functions = _function_view_forms()
    for name, view in urls:
        view_class = getattr(view, "view_class", None)
        if view_class is not None and issubclass(view_class, ObjectEditView):
            form = view_class.form
        else:
            # A new edit page written as a function must be listed here, with its form.
            assert name in functions, f"{name}: edit view without a known form"
            form = functions[name]
        assert issubclass(form, ConcurrencyFormMixin), f"{name}: {form.__name__} has no version token"
    # Edit forms on pages not named ``…_edit``: the quota table, the checklist's items, the two settings pages.
    for form in (QuotaForm, ChecklistItemForm, SettingsForm, StaffingSettingsForm, WelfareSettingsForm,
                 EnrollmentSettingsForm, FitnessSettingsForm, SafetySettingsForm):
        assert issubclass(form, ConcurrencyFormMixin), form.__name__


def test_every_generic_edit_page_renders_the_token():
    from edubureau.core.generic import ObjectEditView
    from tests.api.conftest import build_county

    county = build_county()
    rows = {}
    for group in county.rows.values():
        for model_name, row in group.items():
            rows.setdefault(model_name, row)
    admin = get_user_model().objects.create_superuser(username="root", password="x-Long-pass-1")
    client = login(admin)
    rendered = 0
    for name, view in _edit_urls():
        view_class = getattr(view, "view_class", None)
        if view_class is None or not issubclass(view_class, ObjectEditView):
            continue
        row = rows[view_class.queryset.model._meta.model_name]
        response = client.get(reverse(name, args=[row.pk]))
        assert response.status_code == 200, name
        assert f'name="{FIELD}"' in response.content.decode(), name
        rendered += 1
    assert rendered >= 16


def test_function_edit_pages_render_the_token(county):
    from edubureau.evaluation import engine, services
    from edubureau.evaluation.models import Bundle
    from edubureau.inspection.models import Checklist

    scheme = services.from_engine(engine.standard_scheme(2026))
    indicator = scheme.indicators.first()
    category = scheme.categories.create(title="城区小学")
    bundle = Bundle.objects.create(scheme=scheme, lead=county["school"], share=0.2, title="甲小学集团")
    checklist = Checklist.objects.create(name="经常性督导检查表", kind="routine")
    checklist.items.create(position=1, text="校门值守", category="safety", points=10)
    from edubureau.balance.models import BalanceSettings
    from edubureau.fitness.models import FitnessSettings
    from edubureau.staffing.models import StaffingSettings
    from edubureau.welfare.models import WelfareSettings

    BalanceSettings.objects.create()  # once saved, the settings are an edited record like any other
    StaffingSettings.objects.create()
    WelfareSettings.objects.create()
    FitnessSettings.objects.create()
    from edubureau.safety.models import SafetySettings  # issue 15: safety

    SafetySettings.objects.create()
    admin = get_user_model().objects.create_superuser(username="root", password="x-Long-pass-1")
    client = login(admin)
    pages = [
        reverse("evaluation:scheme_edit", args=[scheme.pk]),
        reverse("evaluation:indicator_edit", args=[scheme.pk, indicator.pk]),
        reverse("evaluation:category_edit", args=[scheme.pk, category.pk]),
        reverse("evaluation:bundle_edit", args=[scheme.pk, bundle.pk]),
        reverse("inspection:checklist_edit", args=[checklist.pk]),
        reverse("balance:settings"),
        reverse("staffing:settings"),
        reverse("welfare:settings"),
        reverse("fitness:settings"),
        reverse("safety:settings"),  # issue 15: safety
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'name="{FIELD}"' in response.content.decode(), url
    # The checklist's items carry one each, under the formset's prefix.
    assert 'name="items-0-eb_version"' in client.get(pages[4]).content.decode()


# ---- API ------------------------------------------------------------------------------------------------------------


def api_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def writable(body: dict) -> dict:
    """A GET body as a client would PUT it back: related rows as their ids, read-only keys dropped."""
    out = {}
    for key, value in body.items():
        if key in ("id", "url", "display", "created", "updated"):
            continue
        out[key] = value["id"] if isinstance(value, dict) and "id" in value else value
    return out


def test_api_stale_put_after_a_patch_is_refused(county):
    staff = county["staff"]
    url = reverse("people-api:staff-detail", args=[staff.pk])
    a, b = api_client(county["zhang"]), api_client(county["wang"])

    read_a, read_b = a.get(url), b.get(url)
    etag = read_b["ETag"]
    assert etag == f'"{read_b.json()["version"]}"' == f'"{version_of(Staff.objects.get(pk=staff.pk))}"'
    stale_body = writable(read_b.json())

    patched = a.patch(url, {"title": "senior"}, format="json", HTTP_IF_MATCH=read_a["ETag"])
    assert patched.status_code == 200, patched.content
    assert patched["ETag"] != etag
    assert a.get(url)["ETag"] == patched["ETag"]  # the ETag after a write is the one a new read gives

    # B's PUT of the body it read, with If-Match of the old ETag: 412, in Chinese, naming who and what.
    refused = b.put(url, stale_body | {"phone": "13900000002"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    body = refused.json()
    assert "张三" in body["detail"] and "职称（一级 → 高级）" in body["detail"]
    assert body["current_version"] == patched.json()["version"]
    assert {"field": "职称", "old": "一级", "new": "高级"} in body["changes"]
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13800000001")  # nothing written

    # The same stale body, with no If-Match but the version it read: 409.
    stale = b.put(url, stale_body | {"phone": "13900000002"}, format="json")
    assert stale.status_code == 409
    assert "张三" in stale.json()["detail"]
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13800000001")

    # Read again, PUT with the fresh version (and If-Match): written.
    fresh = b.get(url)
    body = writable(fresh.json()) | {"phone": "13900000002"}
    saved = b.put(url, body, format="json", HTTP_IF_MATCH=fresh["ETag"])
    assert saved.status_code == 200, saved.content
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13900000002")


def test_api_write_without_any_version_is_still_accepted(county):
    staff = county["staff"]
    url = reverse("people-api:staff-detail", args=[staff.pk])
    response = api_client(county["zhang"]).patch(url, {"phone": "13700000000"}, format="json")
    assert response.status_code == 200
    assert Staff.objects.get(pk=staff.pk).phone == "13700000000"


def test_api_bulk_update_moves_the_version(county):
    staff = county["staff"]
    url = reverse("people-api:staff-detail", args=[staff.pk])
    client = api_client(county["zhang"])
    etag = client.get(url)["ETag"]
    Staff.objects.filter(pk=staff.pk).update(phone="13600000000")  # ``updated`` unchanged
    refused = client.patch(url, {"title": "senior"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    assert Staff.objects.get(pk=staff.pk).title == "first"


def test_api_delete_honours_if_match(county):
    school = county["school"]
    from edubureau.org.models import Campus

    campus = Campus.objects.create(school=school, name="东校区")
    url = reverse("org-api:campus-detail", args=[campus.pk])
    client = api_client(county["zhang"])
    etag = client.get(url)["ETag"]
    Campus.objects.filter(pk=campus.pk).update(name="西校区")
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Campus.objects.filter(pk=campus.pk).exists()
    assert client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 204


def test_api_list_rows_carry_their_version(county):
    client = api_client(county["zhang"])
    rows = client.get(reverse("people-api:staff-list")).json()["results"]
    assert rows and all(row["version"] == version_of(Staff.objects.get(pk=row["id"])) for row in rows)


def test_api_write_between_read_and_lock_is_refused(county, monkeypatch):
    """Without any version sent: a row written by someone else after this request read it is not overwritten."""
    from edubureau.core.api import viewsets

    staff = county["staff"]
    url = reverse("people-api:staff-detail", args=[staff.pk])
    real_locked_fields = viewsets.locked_fields

    def locked_fields_while_a_saves(user, model):  # runs after the row was read, before the write's lock
        Staff.objects.filter(pk=staff.pk).update(title="senior")
        return real_locked_fields(user, model)

    monkeypatch.setattr(viewsets, "locked_fields", locked_fields_while_a_saves)
    response = api_client(county["wang"]).patch(url, {"phone": "13900000002"}, format="json")
    assert response.status_code == 409
    staff.refresh_from_db()
    assert (staff.title, staff.phone) == ("senior", "13800000001")
