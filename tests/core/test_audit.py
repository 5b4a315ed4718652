"""Audit trail: who, when, what — with personal ID numbers never stored in clear."""

import pytest
from auditlog.models import LogEntry

from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def test_staff_creation_is_logged_with_id_number_masked():
    staff = f.make_staff(f.make_school())
    entry = LogEntry.objects.get_for_object(staff).get()
    assert entry.action == LogEntry.Action.CREATE
    assert staff.id_number not in str(entry.changes)
    assert "id_number" in entry.changes  # the change is recorded, only its value masked


def test_update_records_old_and_new_value():
    school = f.make_school(name="旧名小学")
    school.name = "新名小学"
    school.save()
    entry = LogEntry.objects.get_for_object(school).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["name"] == ["旧名小学", "新名小学"]


def test_deletion_is_logged():
    school = f.make_school()
    pk = school.pk
    school.delete()
    assert LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).exists()
