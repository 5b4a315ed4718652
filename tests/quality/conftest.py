"""Fixtures of the quality tests: a county of two schools with two exams imported through the service."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.testing.factories import make_school, make_school_year, make_zone
from edubureau.org.models import Term
from edubureau.quality.models import Exam
from edubureau.quality.services import import_scores


def csv_bytes(rows) -> bytes:
    return "\n".join(",".join(str(c) for c in r) for r in rows).encode()


@pytest.fixture
def county(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    year = make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a = make_school("甲县第一中学", kind="junior", zone=make_zone("城区片"))
    b = make_school("甲县第二中学", kind="junior", zone=make_zone("山区片"))
    header = ["考号", "姓名", "学校", "班级", "语文", "数学"]
    now = [header, ["1", "张三", a.name, "1班", 110, 100], ["2", "李四", a.name, "2班", 80, "缺考"],
           ["3", "王五", b.code, "1班", 60, 40], ["4", "赵六", b.name, "1班", 90, 110]]
    before = [header, *[[*r[:4], 60 + i, 70 - i] for i, r in enumerate(now[1:])]]
    exams = []
    for name, rows in (("期末", now), ("期中", before)):
        exam = Exam.objects.create(name=f"九年级{name}统考", term=term, grade=9, full_marks={"语文": 120, "数学": 120})
        path = tmp_path / f"{name}.csv"
        path.write_bytes(csv_bytes(rows))
        import_scores(exam, path)
        exams.append(exam)
    return {"a": a, "b": b, "term": term, "exam": exams[0], "prior": exams[1], "rows": now}


def login(client, user):
    client.force_login(user)
    return client


