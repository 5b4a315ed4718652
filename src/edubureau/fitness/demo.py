"""The demo county's 体质健康 story: every pupil on the roll tested this 学年 and last (issue 14), scored by the 2014
tables, with one junior school whose boys' 1000米跑 collapsed this year.

Raw values are drawn from the tables themselves: each pupil has an ability, each item a score row chosen from it
(most pupils 及格, some 优秀, a few 不及格), and the raw value is that row's threshold, written as the national template
writes it (9.8 for 50米跑, 4'05" for 1000米跑). The engine then scores them like any school's file.
"""

from __future__ import annotations

import random

import polars as pl
from django.db import transaction

from edubureau.org.models import SchoolYear
from edubureau.people.choices import ON_ROLL
from edubureau.people.models import Student
from edubureau.staffing.demo_support import demo_office

from . import services
from .engine.scoring import VISION, score_frame
from .engine.standard import BMI, SCORES, items_for, table, threshold_row
from .engine.upload import raw_column
from .engine.values import format_time
from .models import FitnessTest

SEX = {"M": "男", "F": "女"}
RUNS = {"800米跑", "1000米跑", "50米×8往返跑"}
HEIGHT = {1: 120, 2: 126, 3: 131, 4: 137, 5: 142, 6: 148, 7: 155, 8: 161, 9: 165, 10: 168, 11: 169, 12: 170}
COLLAPSED_ITEM = "1000米跑"
# Every item some grade of 小学 or 初中 tests (BMI is computed from 身高 and 体重).
TESTED_ITEMS = sorted({i for s in SEX.values() for g in ("11", "13", "15", "21") for i in items_for(s, g)} - {BMI})


def grade_code(grade: int) -> str | None:
    """年级编号 of the national template for the roll's grade (1–12)."""
    if 1 <= grade <= 6:
        return f"1{grade}"
    if 7 <= grade <= 9:
        return f"2{grade - 6}"
    if 10 <= grade <= 12:
        return f"3{grade - 9}"
    return None


def _row_index(rng: random.Random, ability: float, penalty: int = 0) -> int:
    """A score row (0 = 100 points … 19 = 10 points) for a pupil: ability plus the item's own spread."""
    z = 0.6 * ability + 0.8 * rng.gauss(0, 1)
    # Quantiles of z → rows: about 12% 优秀 (rows 0–2), 33% 良好 (3–4), 47% 及格 (5–14), 8% 不及格 (15–19).
    cuts = ((1.17, 0), (1.0, 1), (0.9, 2), (0.55, 3), (0.15, 4))
    for edge, row in cuts:
        if z >= edge:
            return min(row + penalty, 19)
    span = max(0.0, min(1.0, (0.15 - z) / 1.55))  # z from 0.15 down to −1.4 spreads over rows 5–14
    row = 5 + int(span * 10) if z > -1.4 else 15 + min(int((-1.4 - z) * 4), 4)
    return min(row + penalty, 19)


def _raw(item: str, thresholds: list, row: int) -> tuple[float, str]:
    # A row the standard prints empty (引体向上 78, 74 …) cannot be reached: take the next lower one, else the next
    # higher one.
    order = [*range(row, len(thresholds)), *range(row - 1, -1, -1)]
    value = next(thresholds[i] for i in order if thresholds[i] is not None)
    if item in RUNS:
        return float(value), format_time(float(value))
    if item == "50米跑":
        return float(value), f"{float(value):.1f}"
    return float(value), (f"{value:g}" if isinstance(value, float) else str(value))


def _body(rng: random.Random, sex: str, code: str, grade: int) -> tuple[float, float]:
    height = rng.gauss(HEIGHT.get(grade, 150) - (2 if sex == "女" and grade >= 7 else 0), 5)
    bands = table(BMI)["bands"].get(sex, {}).get(code)
    if bands is None:
        bmi = rng.uniform(16, 22)
    else:
        pick = rng.random()
        if pick < 0.05:
            bmi = bands["低体重"] - rng.uniform(0.1, 1.0)
        elif pick < 0.75:
            bmi = rng.uniform(*bands["正常"])
        elif pick < 0.88:
            bmi = rng.uniform(*bands["超重"])
        else:
            bmi = bands["肥胖"] + rng.uniform(0.1, 4.0)
    return round(height, 1), round(bmi * height * height / 10000, 1)


def _lines(pupils, rng: random.Random, grade_shift: int, weak: dict) -> dict[str, list]:
    """The template's columns for ``pupils``; ``weak`` maps (school, item) to the rows its pupils lose there."""
    columns = ("行号", "学籍号", "姓名", "年级编号", "班级编号", "班级名称", "性别", "身高", "体重", *VISION)
    data: dict[str, list] = {c: [] for c in columns}
    items = TESTED_ITEMS
    for item in items:
        data[item], data[raw_column(item)] = [], []
    for measure in ("身高", "体重", *VISION):
        data[raw_column(measure)] = []
    data["学校"] = []
    for number, (_pk, school, no, name, sex, grade, klass, ability) in enumerate(pupils, start=2):
        grade -= grade_shift
        code = grade_code(grade)
        sex = SEX.get(sex, "男")
        height, weight = _body(rng, sex, code, grade)
        myopic = rng.random() < 0.08 + 0.055 * grade
        for column, value in (("行号", number), ("学籍号", no), ("姓名", name), ("年级编号", code),
                              ("班级编号", f"{code}{klass[-2:] if klass else '01'}"), ("班级名称", klass),
                              ("性别", sex), ("身高", height), ("体重", weight), ("学校", school),
                              (VISION[0], round(rng.uniform(4.2, 4.9) if myopic else rng.uniform(5.0, 5.3), 1)),
                              (VISION[1], round(rng.uniform(4.2, 4.9) if myopic else rng.uniform(5.0, 5.3), 1))):
            data[column].append(value)
        for measure in ("身高", "体重", *VISION):
            data[raw_column(measure)].append(f"{data[measure][-1]:.1f}")
        tested = set(items_for(sex, code))
        for item in items:
            thresholds = threshold_row(item, sex, code) if item in tested else None
            if thresholds is None:
                data[item].append(None)
                data[raw_column(item)].append(None)
                continue
            penalty = weak.get((school, item), 0)
            value, text = _raw(item, thresholds, _row_index(rng, ability, penalty))
            data[item].append(value)
            data[raw_column(item)].append(text)
    return data


def load_demo(seed: int = 0) -> str | None:
    year = SchoolYear.objects.filter(is_current=True).first()
    clerk = demo_office("fitness")
    if year is None or clerk is None:
        return None
    rng = random.Random(f"{seed}:fitness")
    rows = list(Student.objects.filter(status__in=ON_ROLL, grade__range=(1, 12))
                .values_list("pk", "school_id", "student_no", "name", "sex", "grade", "school_class__name")
                .order_by("school_id", "grade", "school_class__name", "student_no"))
    if not rows:
        return None
    pupils = [(*r, rng.gauss(0, 1)) for r in rows]
    junior = sorted({r[1] for r in rows if r[5] in (7, 8, 9)})
    collapsed = junior[len(junior) // 2] if junior else None
    start = year.start.year
    # Each school has its weak items (the same both years); one junior school's 1000米跑 collapses this year.
    weak = {(school, item): rng.choice((0, 0, 0, 1, 2, 3))
            for school in sorted({r[1] for r in rows}) for item in TESTED_ITEMS}
    with transaction.atomic():
        for shift, test_year in ((1, start - 1), (0, start)):
            here = [p for p in pupils if p[5] - shift >= 1]
            this_year = dict(weak) if shift else {**weak, (collapsed, COLLAPSED_ITEM): 7}
            data = _lines(here, rng, shift, this_year)
            frame = score_frame(pl.DataFrame(data, infer_schema_length=None))
            measures = [c for c in data if c not in ("行号", "学校") and not c.startswith("原始:")]
            for (school,), part in frame.group_by("学校", maintain_order=True):
                test = FitnessTest.objects.create(school_id=school, year=test_year)
                services.store_scored(test, part, measures, file_name=f"体质健康上报_{test_year}.xlsx", user=clerk)
    tests = FitnessTest.objects.filter(year=start)
    pupils_now = sum(t.pupils for t in tests)
    school_name = FitnessTest.objects.filter(school_id=collapsed).values_list("school__name", flat=True).first()
    return (f"体质健康：{start - 1}、{start}两个学年共{FitnessTest.objects.count()}份学校测试，本学年{pupils_now:,}人；"
            f"{school_name or '—'}男生1000米跑平均得分大幅下降")


assert SCORES[0] == 100  # _row_index counts rows from the 100-point one
