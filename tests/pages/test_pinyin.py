"""Names in pinyin order (issue 17): the key is kept on save and on bulk writes, lists and the name column use it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core.pinyin import pinyin_key
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import School
from edubureau.people.models import Staff, Student

pytestmark = pytest.mark.django_db
NAMES = ["赵六", "张三", "阿依", "王五", "李四"]
PINYIN_ORDER = ["阿依", "李四", "王五", "张三", "赵六"]


def test_staff_list_is_in_pinyin_order_and_the_name_column_sorts_by_pinyin(client):
    school = f.make_school("城关小学")
    for name in NAMES:
        f.make_staff(school, name=name)
    client.force_login(f.make_user(Role.LEADER))
    url = reverse("people:staff_list")
    assert [s.name for s in client.get(url).context["table"].data] == PINYIN_ORDER
    assert [s.name for s in client.get(url, {"sort": "-name"}).context["table"].data] == PINYIN_ORDER[::-1]
    # By code point the order would be 张 李 王 赵 阿: the database alone does not sort as users expect.
    assert sorted(NAMES) != PINYIN_ORDER


def test_school_name_column_sorts_by_pinyin(client):
    for i, name in enumerate(["张家小学", "安乐小学", "李庄小学"]):
        f.make_school(name, code=f"33000000{i + 1:02d}")
    client.force_login(f.make_user(Role.LEADER))
    rows = client.get(reverse("org:school_list"), {"sort": "name"}).context["table"].data
    assert [s.name for s in rows] == ["安乐小学", "李庄小学", "张家小学"]


def test_filter_panel_drop_downs_list_schools_and_staff_in_pinyin_order(client):
    for i, name in enumerate(["赵庄小学", "张家小学", "阿里小学", "王村小学", "李庄小学"]):
        school = f.make_school(name, code=f"33000000{i + 1:02d}")  # by code the order would be 赵 张 阿 王 李
    for name in NAMES:
        f.make_staff(school, name=name)
    client.force_login(f.make_user(Role.LEADER))
    panel = {b.name: b.field for b in client.get(reverse("people:staff_list")).context["filter_fields"]}
    assert [s.name for s in panel["school"].queryset] == ["阿里小学", "李庄小学", "王村小学", "张家小学", "赵庄小学"]
    panel = {b.name: b.field for b in client.get(reverse("people:posting_list")).context["filter_fields"]}
    assert [s.name for s in panel["staff"].queryset] == PINYIN_ORDER


def test_a_surname_is_read_as_a_surname_on_every_write_path():
    """曾 is zeng as a surname (ceng in 曾经), 单 shan, 翟 zhai: pypinyin alone files 曾 under C."""
    school = f.make_school("曾家小学")  # a school's name is not a person's: no surname rule
    assert school.name_pinyin == "ceng jia xiao xue"
    for name in ("曾小明", "陈东", "单丽", "翟志刚", "万俟远"):
        f.make_staff(school, name=name)
    assert list(Staff.objects.values_list("name", flat=True)) == ["陈东", "万俟远", "单丽", "曾小明", "翟志刚"]
    assert Staff.objects.get(name="万俟远").name_pinyin == "mo qi yuan"
    made = Staff.objects.get(name="陈东")
    made.name = "解东"
    Staff.objects.bulk_update([made], ["name"])
    assert Staff.objects.get(pk=made.pk).name_pinyin == "xie dong"
    assert pinyin_key("曾", person=True) == "zeng" and pinyin_key("李曾", person=True) == "li ceng"


def test_bulk_writes_and_saves_keep_the_key():
    school = f.make_school("城关小学")
    made = f.make_staff(school, name="王五")
    assert made.name_pinyin == "wang wu"
    made.name = "赵六"
    made.save(update_fields=["name"])
    made.refresh_from_db()
    assert made.name_pinyin == "zhao liu"
    made.name = "李四"
    Staff.objects.bulk_update([made], ["name"])
    assert Staff.objects.get(pk=made.pk).name_pinyin == "li si"
    School.objects.bulk_create([School(name="阿里小学", code="3300009999", kind="primary", locality="rural",
                                       region=school.region)])
    assert School.objects.get(code="3300009999").name_pinyin == "a li xiao xue"


def test_the_demo_loader_keeps_the_key_of_every_school_staff_member_and_pupil(client):
    """The demo writes pupils with a raw insert (no save(), no bulk_create): the key must still be there."""
    from edubureau.demo.generator import generate
    from edubureau.demo.loader import load_county

    load_county(generate(seed=3, scale=0.1))
    for model in (School, Staff, Student):
        rows = list(model.objects.values_list("name", "name_pinyin"))
        assert rows, model
        person = model is not School
        wrong = [(name, key) for name, key in rows if key != pinyin_key(name, person=person) or not key]
        assert not wrong, (model.__name__, wrong[:5])
    # A class's roll call through the pupils' list comes out in pinyin order.
    client.force_login(f.make_user(Role.LEADER))
    shown = [p.name for p in client.get(reverse("people:student_list"), {"sort": "name"}).context["table"].data]
    assert shown and shown == sorted(shown, key=lambda n: (pinyin_key(n, person=True), n))


def test_the_migrations_fill_existing_rows_a_batch_at_a_time():
    from importlib import import_module

    from django.apps import apps

    from edubureau.core.pinyin import fill_pinyin_keys

    school = f.make_school("城关小学")
    for name in NAMES:
        f.make_staff(school, name=name)
    Staff.objects.update(name_pinyin="")
    School.objects.update(name_pinyin="")
    assert fill_pinyin_keys(Staff, batch_size=2) == len(NAMES)  # three batches
    assert list(Staff.objects.values_list("name", flat=True)) == PINYIN_ORDER
    import_module("edubureau.org.migrations.0004_name_pinyin").fill_pinyin(apps, None)
    assert School.objects.get().name_pinyin == "cheng guan xiao xue"


@given(st.lists(st.sampled_from(list("阿白陈邓方高何李刘马王吴徐杨张赵")), min_size=2, max_size=8))
def test_keys_follow_the_alphabet_of_the_first_syllable(chars):
    keys = [pinyin_key(c) for c in chars]
    firsts = [k[0] for k in keys]
    assert sorted(keys) == sorted(keys, key=lambda k: k)  # plain ASCII keys: any database sorts them alike
    assert all(k.isascii() and k.islower() for k in keys)
    assert sorted(firsts) == [k[0] for k in sorted(keys)]
