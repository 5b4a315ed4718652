"""Every registry model's six pages, as each kind of user (brief A: anonymous, no role, department,
school administrator). Writes are proved by reading the database and the audit log back."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from edubureau.core.generic import get_viewname, object_url

from .conftest import form_data
from .specs import SPEC_IDS, SPECS

pytestmark = pytest.mark.django_db

ROW_ACTIONS = ("detail", "edit", "delete", "history")


def page_urls(spec, obj):
    urls = [reverse(get_viewname(spec.model, "list")), reverse(get_viewname(spec.model, "add"))]
    return urls + [object_url(obj, action) for action in ROW_ACTIONS]


def as_post_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is True:
        return True
    return str(value)


def audit(obj, action):
    return LogEntry.objects.get_for_object(obj).filter(action=action)


def test_every_model_of_org_and_people_has_a_spec():
    from django.apps import apps

    models = {m for label in ("org", "people") for m in apps.get_app_config(label).get_models()}
    assert models == {s.model for s in SPECS}


def test_url_names_and_paths_are_derived():
    from edubureau.org.models import SchoolFacts
    from edubureau.people.models import SchoolClass, Staff

    assert get_viewname(SchoolFacts, "detail") == "org:schoolfacts_detail"
    assert reverse("org:school_list") == "/org/schools/"
    assert reverse("org:schoolfacts_list") == "/org/school-facts/"
    assert reverse("people:staff_edit", args=[3]) == "/people/staff/3/edit/"
    assert reverse(get_viewname(SchoolClass, "list")) == "/people/classes/"
    assert reverse("people:student_history", args=[5]) == "/people/students/5/history/"
    assert get_viewname(Staff(), "add") == "people:staff_add"
    with pytest.raises(ValueError):
        get_viewname(Staff, "explode")


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_anonymous_is_sent_to_login(client, world, spec):
    for url in page_urls(spec, world.rows[spec.own]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_user_without_role_is_refused(client, world, spec):
    client.force_login(world.users["nobody"])
    for url in page_urls(spec, world.rows[spec.own]):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "尚未分配角色" in response.content.decode(), url
    before = spec.model.objects.count()
    assert client.post(reverse(get_viewname(spec.model, "add")), spec.create(world)).status_code == 403
    assert spec.model.objects.count() == before


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_department_reads_every_page(client, world, spec):
    client.force_login(world.users["department"])
    obj = world.rows[spec.own]
    listing = client.get(reverse(get_viewname(spec.model, "list")))
    assert listing.status_code == 200
    assert object_url(obj, "detail") in listing.content.decode()
    detail = client.get(object_url(obj, "detail")).content.decode()
    assert object_url(obj, "edit") in detail and object_url(obj, "delete") in detail  # buttons shown
    for action in ("edit", "delete", "history"):
        assert client.get(object_url(obj, action)).status_code == 200, action
    assert client.get(reverse(get_viewname(spec.model, "add"))).status_code == 200


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_department_creates_a_row_with_audit_entry(client, world, spec):
    user = world.users["department"]
    client.force_login(user)
    data = spec.create(world)
    before = set(spec.model.objects.values_list("pk", flat=True))
    response = client.post(reverse(get_viewname(spec.model, "add")), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = spec.model.objects.exclude(pk__in=before).get()
    assert response["Location"] == object_url(new, "detail")
    entry = audit(new, LogEntry.Action.CREATE).get()
    assert entry.actor == user


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_department_edits_a_row_with_audit_entry(client, world, spec):
    user = world.users["department"]
    client.force_login(user)
    obj = world.rows[spec.own]
    name, value = spec.change
    data = form_data(spec.form, obj, user, **{name: as_post_value(value)})
    response = client.post(object_url(obj, "edit"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    obj.refresh_from_db()
    assert getattr(obj, name) == value
    entry = audit(obj, LogEntry.Action.UPDATE).get()
    assert entry.actor == user and name in entry.changes_dict
    history = client.get(object_url(obj, "history")).content.decode()
    assert str(spec.model._meta.get_field(name).verbose_name) in history
    assert "修改" in history and user.username in history


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_department_deletes_a_row(client, world, spec):
    user = world.users["department"]
    client.force_login(user)
    obj = spec.fresh(world)
    pk = obj.pk
    assert "确认删除" in client.get(object_url(obj, "delete")).content.decode()
    response = client.post(object_url(obj, "delete"))
    assert response.status_code == 302
    assert response["Location"] == reverse(get_viewname(spec.model, "list"))
    assert not spec.model.objects.filter(pk=pk).exists()
    assert LogEntry.objects.filter(
        content_type__model=spec.model._meta.model_name, object_pk=str(pk), action=LogEntry.Action.DELETE,
        actor=user,
    ).exists()


@pytest.mark.parametrize("spec", [s for s in SPECS if s.other], ids=[s.id for s in SPECS if s.other])
def test_school_admin_reaches_only_own_school(client, world, spec):
    client.force_login(world.users["school"])
    own, other = world.rows[spec.own], world.rows[spec.other]
    listing = client.get(reverse(get_viewname(spec.model, "list"))).content.decode()
    assert object_url(own, "detail") in listing
    assert object_url(other, "detail") not in listing
    assert client.get(object_url(own, "detail")).status_code == 200
    assert client.get(object_url(other, "detail")).status_code == 404
    assert client.get(object_url(other, "history")).status_code == 404
    before = spec.model.objects.filter(pk=other.pk).values().get()
    for action in ("edit", "delete"):
        assert client.get(object_url(other, action)).status_code == 403, action
        response = client.post(object_url(other, action), form_data(spec.form, other, world.users["department"]))
        assert response.status_code == 403, action
        assert "无权" in response.content.decode()
    assert spec.model.objects.filter(pk=other.pk).values().get() == before


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_school_admin_cannot_create_for_another_school(client, world, spec):
    client.force_login(world.users["school"])
    data = spec.for_school_b(world) if spec.for_school_b else spec.create(world)
    before = spec.model.objects.count()
    response = client.post(reverse(get_viewname(spec.model, "add")), data)
    if spec.for_school_b:
        # School B is not even offered: the form says the choice is not valid.
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
    else:
        assert response.status_code == 403
    assert spec.model.objects.count() == before


def test_school_admin_edits_own_rows(client, world):
    user = world.users["school"]
    client.force_login(user)
    klass = world.class_a
    from edubureau.people.forms import SchoolClassForm

    response = client.post(object_url(klass, "edit"), form_data(SchoolClassForm, klass, user, size="52"))
    assert response.status_code == 302
    klass.refresh_from_db()
    assert klass.size == 52
    assert LogEntry.objects.get_for_object(klass).filter(actor=user).exists()


def test_department_without_module_sees_no_buttons_and_cannot_write(client, world):
    client.force_login(world.users["org_only"])
    staff = world.staff_a
    detail = client.get(object_url(staff, "detail")).content.decode()
    assert object_url(staff, "edit") not in detail
    listing = client.get(reverse("people:staff_list")).content.decode()
    assert reverse("people:staff_add") not in listing
    assert client.get(object_url(staff, "edit")).status_code == 403
    assert client.post(reverse("people:staff_add"), {}).status_code == 403
    # The same user writes its own module.
    assert client.get(object_url(world.a, "edit")).status_code == 200


def test_inspector_reads_zone_and_writes_nothing(client, world):
    client.force_login(world.users["inspector"])
    assert client.get(object_url(world.a, "detail")).status_code == 200
    assert client.get(object_url(world.b, "detail")).status_code == 404
    detail = client.get(object_url(world.facts_a, "detail")).content.decode()
    assert object_url(world.facts_a, "edit") not in detail
    assert client.get(object_url(world.facts_a, "edit")).status_code == 403
