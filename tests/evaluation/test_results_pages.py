"""Results pages: ranking by category, a school's report card, the results workbook — and who sees what."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.evaluation import engine, services
from edubureau.evaluation.models import EvaluatorScore, FigureSnapshot

pytestmark = pytest.mark.django_db
CATS = {"urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]},
        "rural": {"school_kinds": ["primary"], "localities": ["rural"]}}


@pytest.fixture
def world():
    a = make_school("甲小学", locality="urban")
    b = make_school("乙小学", locality="urban")
    c = make_school("丙小学", locality="rural")
    scheme = services.from_engine(engine.standard_scheme(2026), categories=CATS)
    staff = make_user(Role.DEPARTMENT, department=make_department(modules=("evaluation",)))
    head = make_user(Role.SCHOOL, school=a)
    for school, value in ((a, 9), (b, 6), (c, 8)):
        EvaluatorScore.objects.create(scheme=scheme, indicator=scheme.indicators.get(code="1.3"), school=school,
                                      evaluator=staff, score=value)
    FigureSnapshot.objects.create(scheme=scheme, school=b, key="safety.serious_incidents", value=1, manual=True)
    services.recompute(scheme, staff)
    return {"a": a, "b": b, "c": c, "scheme": scheme, "staff": staff, "head": head}


def card_url(scheme, school):
    return reverse("evaluation:report_card", args=[scheme.pk, school.code])


def test_bureau_sees_the_draft_ranking_cards_and_workbook(client, world):
    s = world["scheme"]
    client.force_login(world["staff"])
    page = client.get(reverse("evaluation:ranking")).content.decode()
    assert "草稿" in page and "城区小学" in page and "农村小学" in page
    assert re.search(r"计算于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", page)  # 年月日, as everywhere (issue 17)
    assert "一票否决" in page and card_url(s, world["b"]) in page
    # 甲 1.3 9 of 10 → 0.4 × 0.4 × 100 × 0.9 = 14.4, and 1.2 (no notice due: full marks, the template's setting)
    # 0.4 × 0.3 × 100 = 12 → 26.4; 乙 vetoed, after 甲.
    assert page.index("甲小学") < page.index("乙小学") and "26.40" in page
    card = client.get(card_url(s, world["a"]))
    assert card.status_code == 200
    text = card.content.decode()
    assert "甲小学" in text and "report-radar-data" in text and "评委打分 9" in text and "计分说明" in text
    response = client.get(reverse("evaluation:results_export", args=[s.pk]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:2] == ["城区小学", "农村小学"]
    rows = book.get_sheet_by_name("城区小学").to_python()
    assert rows[1][1] == "甲小学" and rows[1][2] == pytest.approx(26.4)


def test_school_sees_nothing_before_publication(client, world):
    s = world["scheme"]
    client.force_login(world["head"])
    page = client.get(reverse("evaluation:ranking")).content.decode()
    assert "还没有可查看的考核结果" in page and "26.40" not in page
    assert client.get(card_url(s, world["a"])).status_code == 404
    assert client.get(card_url(s, world["a"]) + "?version=0").status_code == 404
    assert client.get(reverse("evaluation:results_export", args=[s.pk])).status_code == 403


def test_school_sees_published_ranking_and_only_its_own_card(client, world):
    s = world["scheme"]
    services.publish(s, world["staff"])
    client.force_login(world["head"])
    page = client.get(reverse("evaluation:ranking")).content.decode()
    assert "已发布 v1" in page and "乙小学" in page
    assert card_url(s, world["a"]) in page and card_url(s, world["b"]) not in page
    assert "一票否决" in page and "重大安全责任事故数" not in page  # that 乙 was vetoed, not why
    own = client.get(card_url(s, world["a"])).content.decode()
    assert "黄色行缺少数据" in own and "提出申诉" not in own  # no appeal window set
    s.appeal_until = dt.date(2099, 1, 1)
    s.save()
    assert "对单项得分提出申诉（2099年1月1日 前）" in client.get(card_url(s, world["a"])).content.decode()
    assert client.get(card_url(s, world["b"])).status_code == 403
    assert client.get(card_url(s, world["a"]) + "?version=0").status_code == 404
    assert client.get(reverse("evaluation:results_export", args=[s.pk])).status_code == 403
    response = client.get(reverse("evaluation:my_card"))
    assert response.status_code == 302 and response["Location"] == card_url(s, world["a"])


def test_bad_version_and_unknown_school(client, world):
    s = world["scheme"]
    client.force_login(world["staff"])
    assert client.get(card_url(s, world["a"]) + "?version=x").status_code == 404
    assert client.get(card_url(s, world["a"]) + "?version=7").status_code == 404
    assert client.get(reverse("evaluation:report_card", args=[s.pk, "0000"])).status_code == 404
    assert client.get(reverse("evaluation:ranking_scheme", args=[s.pk + 100])).status_code == 404
    # The ranking page tolerates another scheme's version number.
    assert client.get(reverse("evaluation:ranking") + f"?scheme={s.pk}&version=9").status_code == 200
