"""Evaluation pages: list, detail, designer (htmx edits, live checks, moves), score entry, import, figures,
recompute/publish, appeals — with bad input answered by form errors or 4xx."""

import datetime as dt
import io
import re

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.evaluation import engine, services
from edubureau.evaluation.models import Appeal, EvaluatorScore, FigureSnapshot, ThirdPartyScore
from edubureau.evaluation.views import TEMPLATE_CATEGORIES

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def world(client):
    a = make_school("甲小学", locality="urban")
    b = make_school("乙小学", locality="rural")
    scheme = services.from_engine(engine.standard_scheme(YEAR), categories=TEMPLATE_CATEGORIES)
    dept = make_department(modules=("evaluation",))
    staff = make_user(Role.DEPARTMENT, department=dept)
    head = make_user(Role.SCHOOL, school=a)
    other = make_user(Role.DEPARTMENT, department=make_department(modules=("org",)))
    return {"a": a, "b": b, "scheme": scheme, "staff": staff, "head": head, "other": other}


def url(name, *args):
    return reverse(f"evaluation:{name}", args=args)


def test_list_detail_and_design_pages(client, world):
    s = world["scheme"]
    client.force_login(world["staff"])
    assert "考核方案" in client.get(url("scheme_list")).content.decode()
    page = client.get(url("scheme_detail", s.pk)).content.decode()
    assert "计算与发布" in page and "城区小学" in page
    design = client.get(url("scheme_design", s.pk)).content.decode()
    assert "方案校验通过" in design and "常规考核" in design and "12" in design  # 1.1 full marks in 城区小学


def test_create_from_template(client, world):
    client.force_login(world["staff"])
    r = client.post(url("scheme_create"), {"year": YEAR + 1, "title": "", "start_from": "template"})
    assert r.status_code == 302
    assert services.problems(services.Scheme.objects.get(year=YEAR + 1)) == []


def test_indicator_edit_htmx_and_live_checks(client, world):
    s = world["scheme"]
    node = s.indicators.get(code="1")
    client.force_login(world["staff"])
    data = {"code": "1", "title": "常规考核", "kind": "normal", "source": "entered", "weight": "0.5",
            "aggregate": "mean", "veto_at": "1"}
    live = client.post(url("indicator_check", s.pk, node.pk), data, HTTP_HX_REQUEST="true").content.decode()
    assert "权重合计为 1.1，应为 1" in live
    r = client.post(url("indicator_edit", s.pk, node.pk), data, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "权重合计为 1.1" in r.content.decode()
    node.refresh_from_db()
    assert node.weight == 0.5
    bad = client.post(url("indicator_edit", s.pk, node.pk), {**data, "code": "2"}, HTTP_HX_REQUEST="true")
    assert bad["HX-Retarget"] == "#editor" and "已被" in bad.content.decode()
    bad = client.post(url("indicator_edit", s.pk, node.pk), {**data, "mapping_kind": "linear",
                                                             "mapping_params": "[1, 1]"}, HTTP_HX_REQUEST="true")
    assert "两个不同的端点" in bad.content.decode()


def test_add_move_delete(client, world):
    s = world["scheme"]
    client.force_login(world["staff"])
    parent = s.indicators.get(code="4")
    r = client.post(url("indicator_create", s.pk), {"parent": parent.pk, "code": "4.3", "title": "新项",
                                                    "kind": "normal", "source": "entered", "max_score": "5",
                                                    "weight": "0", "aggregate": "mean", "veto_at": "1"})
    assert r.status_code == 302
    new = s.indicators.get(code="4.3")
    client.post(url("indicator_move", s.pk, new.pk, "up"), HTTP_HX_REQUEST="true")
    order = list(s.indicators.filter(parent=parent).order_by("position").values_list("code", flat=True))
    assert order == ["4.1", "4.3", "4.2"]
    client.post(url("indicator_move", s.pk, new.pk, "out"))
    new.refresh_from_db()
    assert new.parent_id is None
    client.post(url("indicator_delete", s.pk, new.pk))
    assert not s.indicators.filter(code="4.3").exists()


def test_category_weights(client, world):
    s = world["scheme"]
    cat = s.categories.get(key="rural")
    client.force_login(world["staff"])
    data = {"key": "rural", "title": "农村小学", "school_kinds": ["primary"], "localities": ["rural"],
            "w_1": "0.45", "w_2": "0.15", "w_3": "0.3", "w_4": "0.15"}
    client.post(url("category_edit", s.pk, cat.pk), data)
    cat.refresh_from_db()
    assert cat.weights["3"] == 0.3
    assert any("农村小学" in p and "1.05" in p for p in services.problems(s))


def test_design_refused_outside_the_module(client, world):
    s = world["scheme"]
    for user in (world["head"], world["other"]):
        client.force_login(user)
        assert client.get(url("scheme_design", s.pk)).status_code == 200  # reading is fine
        assert client.post(url("indicator_delete", s.pk, s.indicators.first().pk)).status_code == 403
        assert client.post(url("publish", s.pk)).status_code == 403
        assert client.get(url("score_entry", s.pk)).status_code == 403


def test_score_entry(client, world):
    s, a = world["scheme"], world["a"]
    client.force_login(world["staff"])
    ind = s.indicators.get(code="1.3")
    page = client.get(url("score_entry", s.pk), {"school": a.pk})
    assert "规范办学行为" in page.content.decode()
    bad = client.post(f"{url('score_entry', s.pk)}?school={a.pk}", {f"s_{ind.pk}": "12"})
    assert bad.status_code == 400 and "应在0到10之间" in bad.content.decode()
    assert not EvaluatorScore.objects.exists()
    ok = client.post(f"{url('score_entry', s.pk)}?school={a.pk}", {f"s_{ind.pk}": "9", f"c_{ind.pk}": "好"})
    assert ok.status_code == 302
    score = EvaluatorScore.objects.get()
    assert (score.score, score.comment, score.evaluator) == (9, "好", world["staff"])


def _book(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.close()
    return out.getvalue()


def test_third_party_import_all_or_nothing(client, world):
    s, a, b = world["scheme"], world["a"], world["b"]
    client.force_login(world["staff"])
    tpl = client.get(url("third_party_template", s.pk))
    assert tpl.status_code == 200 and tpl.content[:2] == b"PK"
    bad = _book([["学校标识码", "学校名称", "2.2 家长和社会满意度", "9.9 不存在"],
                 [a.code, a.name, 88, 1], ["0000000000", "无名", 70, 1], [b.code, b.name, "很好", 1]])
    r = client.post(url("third_party_import", s.pk), {"file": SimpleUploadedFile("tp.xlsx", bad)})
    page = r.content.decode()
    assert r.status_code == 400 and "整表未导入" in page
    assert "9.9 不存在" in page and "0000000000" in page and "不是数字" in page
    assert not ThirdPartyScore.objects.exists()
    good = _book([["学校标识码", "学校名称", "家长和社会满意度"], [a.code, a.name, 88], [b.code, b.name, 71.5]])
    r = client.post(url("third_party_import", s.pk), {"file": SimpleUploadedFile("tp.xlsx", good)})
    assert r.status_code == 302
    assert dict(ThirdPartyScore.objects.values_list("school__code", "value")) == {a.code: 88, b.code: 71.5}


def test_manual_figure_recompute_publish(client, world):
    s, a = world["scheme"], world["a"]
    client.force_login(world["staff"])
    r = client.post(url("figures", s.pk), {"school": a.pk, "key": "safety.serious_incidents", "value": "1",
                                           "source": "校车事故"})
    assert r.status_code == 302 and FigureSnapshot.objects.get(manual=True).value == 1
    assert client.post(url("recompute", s.pk)).status_code == 302
    page = client.get(url("scheme_detail", s.pk)).content.decode()
    assert "草稿结果" in page and "一票否决" in page
    # Issue 17: the 计算 stamp in 年月日 (it was 2026-03-01 14:05).
    now = timezone.localtime()
    assert f"{now.year}年{now.month}月{now.day}日" in page and not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)
    client.post(url("publish", s.pk), {"note": "初步结果"})
    assert services.latest_published(s).version == 1


def test_school_sees_own_result_only_after_publication_and_appeals(client, world):
    s = world["scheme"]
    client.force_login(world["staff"])
    client.post(url("recompute", s.pk))
    client.force_login(world["head"])
    page = client.get(url("scheme_detail", s.pk)).content.decode()
    assert "尚未发布" in page and world["b"].name not in page  # no draft ranking for a school
    s.appeal_until = timezone.localdate() + dt.timedelta(days=5)
    s.save()
    client.force_login(world["staff"])
    client.post(url("publish", s.pk))
    client.force_login(world["head"])
    page = client.get(url("scheme_detail", s.pk)).content.decode()
    assert "本校结果" in page and "提交申诉" in page and world["b"].name not in page
    ind = s.indicators.get(code="1.3")
    r = client.post(url("appeal_create", s.pk), {"indicator": ind.pk, "reason": "材料漏评",
                                                 "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    appeal = Appeal.objects.get()
    assert r.status_code == 302 and appeal.followup.state == "responded"
    bad = client.post(url("appeal_create", s.pk), {"indicator": ind.pk, "reason": ""})
    assert bad.status_code == 200 and Appeal.objects.count() == 1
    # Issue 17: the appeal form reads like the others — Bootstrap fields, the error beside its field, the choice kept.
    text = bad.content.decode()
    assert '<div class="text-danger small">该字段是必填项。</div>' in text and 'class="form-select"' in text
    assert 'class="form-control"' in text and f'<option value="{ind.pk}" selected>' in text
    assert client.get(url("appeal_create", s.pk)).status_code == 200
    assert client.get(url("appeal_detail", appeal.pk)).status_code == 200
    client.force_login(world["staff"])
    r = client.post(url("appeal_detail", appeal.pk), {"decided_score": "8"})
    assert r.status_code == 302
    appeal.refresh_from_db()
    assert appeal.decided_score == 8
    assert "核查" in client.get(url("appeal_detail", appeal.pk)).content.decode()
    # Issue 17: the appeals list searches and exports as it shows.
    listed = client.get(url("appeal_list", s.pk), {"q": "漏评"}).content.decode()
    assert world["a"].name in listed and "format=xlsx" in listed
    assert world["a"].name not in client.get(url("appeal_list", s.pk), {"q": "无此内容"}).content.decode()
    from openpyxl import load_workbook

    exported = load_workbook(io.BytesIO(client.get(url("appeal_list", s.pk), {"format": "xlsx"}).content)).active
    assert [c.value for c in exported[2]][:3] == ["学校", "指标", "申诉理由"]
    appeal.followup.refresh_from_db()
    assert [c.value for c in exported[3]][2:4] == ["材料漏评", appeal.followup.get_state_display()]
    assert exported.cell(3, 7).value == 8
    other_head = make_user(Role.SCHOOL, school=world["b"])
    client.force_login(other_head)
    assert client.get(url("appeal_detail", appeal.pk)).status_code == 404


def test_unknown_scheme_is_404(client, world):
    client.force_login(world["staff"])
    assert client.get(url("scheme_detail", 99999)).status_code == 404
    assert client.get(url("indicator_edit", world["scheme"].pk, 99999)).status_code == 404


def test_bundle_from_an_education_group(client, world):
    from edubureau.org.models import EducationGroup, GroupMembership

    s, a, b = world["scheme"], world["a"], world["b"]
    group = EducationGroup.objects.create(name="甲小学教育集团", kind="multi", lead_school=a,
                                          started=dt.date(2020, 9, 1))
    GroupMembership.objects.create(group=group, school=b, joined=dt.date(2020, 9, 1))
    client.force_login(world["staff"])
    r = client.post(url("bundle_create", s.pk), {"group": group.pk, "share": "0.2", "full_at": "10"})
    assert r.status_code == 302
    bundle = s.bundles.get()
    assert (bundle.lead, list(bundle.members.all()), bundle.title) == (a, [b], "甲小学教育集团")
    assert services.to_engine(s).bundles[0].members == (b.code,)
    bad = client.post(url("bundle_create", s.pk), {"lead": a.pk, "members": [a.pk], "share": "1.5", "full_at": "10"})
    page = bad.content.decode()
    assert bad.status_code == 400 and "不能包括牵头学校" in page and "0和1之间" in page and "已牵头" in page
    client.post(url("bundle_delete", s.pk, bundle.pk))
    assert not s.bundles.exists()
