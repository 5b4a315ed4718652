"""The exam's ranking page with a 教学点 of 4 candidates (issue 17, point 13): interval, flag, EB rank, method."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_school, make_school_year, make_user
from edubureau.org.models import Term
from edubureau.quality.models import Exam
from edubureau.quality.services import import_scores

from .conftest import csv_bytes, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    term = Term.objects.create(school_year=make_school_year(), number=1, start=dt.date(2025, 9, 1),
                               end=dt.date(2026, 1, 20))
    point = make_school("乙镇小河教学点", kind="primary")
    big = [make_school(name, kind="primary") for name in
           ("乙县实验小学", *(f"乙县第{n}小学" for n in "二三四五六七八九十"))]
    rnd = random.Random(17)
    rows = [["考号", "姓名", "学校", "班级", "数学"]]
    # The 教学点: 4 pupils, mean 81.25; ten schools of 40 pupils around 73, 72 … 64 (spread 15 within a school).
    rows += [[f"P{i}", f"甲{i}", point.name, "1班", score] for i, score in enumerate((82, 76, 88, 79))]
    for school, centre in zip(big, range(73, 63, -1), strict=True):
        rows += [[f"{school.pk}-{i}", f"乙{i}", school.name, "1班", max(0, min(100, round(rnd.gauss(centre, 15))))]
                 for i in range(40)]
    exam = Exam.objects.create(name="四年级期末统考", term=term, grade=4, full_marks={"数学": 100})
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes(rows))
    import_scores(exam, path)
    exam.refresh_from_db()
    return {"exam": exam, "point": point, "big": big}


def _row(page: str, school: str) -> str:
    return re.search(rf"<tr>(?:(?!</tr>).)*{school}(?:(?!</tr>).)*</tr>", page, re.S).group(0)


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_ranking_page_flags_the_point_and_ranks_it_on_shrunken_means(exam, client):
    login(client, make_user(Role.LEADER))
    page = client.get(reverse("quality:exam_detail", args=[exam["exam"].pk]), {"subject": "数学"}).content.decode()
    point = _cells(_row(page, exam["point"].name))
    others = [_cells(_row(page, s.name)) for s in exam["big"]]
    assert point[0] == "1" and all(o[0] != "1" for o in others)  # the raw mean puts the 教学点 first …
    assert "小样本" in point[1] and not any("小样本" in o[1] for o in others)
    assert point[-1] != "1" and [o[-1] for o in others].count("1") == 1  # … the shrunken mean does not
    # 82, 76, 88, 79: mean 81.25, s = √(78.75/3) = 5.123, t(0.975, 3)·s/√4 = 8.153 → 73.1–89.4
    assert point[5] == "73.1–89.4"
    assert "经验贝叶斯" in page and "矩估计" in page and "95%置信区间" in page  # the method, in Chinese
    assert 'name="min_n" id="min-n" value="20"' in page


def test_the_small_size_is_set_on_the_page(exam, client):
    login(client, make_user(Role.LEADER))
    url = reverse("quality:exam_detail", args=[exam["exam"].pk])
    page = client.get(url, {"subject": "数学", "min_n": "100"}).content.decode()
    assert all("小样本" in _cells(_row(page, s.name))[1] for s in [exam["point"], *exam["big"]])
    page = client.get(url, {"subject": "数学", "min_n": "3"}).content.decode()
    assert "小样本" not in _cells(_row(page, exam["point"].name))[1]
    assert client.get(url, {"subject": "数学", "min_n": "很多"}).status_code == 200


def test_a_school_sees_its_own_eb_rank_among_all(exam, client):
    login(client, make_user(Role.SCHOOL, school=exam["point"]))
    page = client.get(reverse("quality:exam_detail", args=[exam["exam"].pk]), {"subject": "数学"}).content.decode()
    assert "乙县实验小学" not in page
    assert _cells(_row(page, exam["point"].name))[-1] not in ("1", "—")
