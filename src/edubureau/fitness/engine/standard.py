"""The 2014 scoring tables of 《国家学生体质健康标准（2014年修订）》 as data, and the lookups on them (issue 14).

The tables live in ``tables/*.json``, one file per item, each naming its source; this module loads them once and
answers "how many points is this raw value worth" for one pupil. :mod:`.scoring` does the same for a whole frame.

Lookup rule (every implementation found does this; the standard prints only the table):

* higher-is-better items: the highest score whose threshold is ≤ the value;
* lower-is-better items (the runs): the highest score whose threshold is ≥ the time;
* worse than the 10-point row: 0 points. A row printed empty (引体向上 78, 74 …) cannot be reached.

Examples
--------
>>> item_points("50米跑", "男", "11", 10.2)
100
>>> item_points("50米跑", "男", "11", 10.3)
95
>>> item_points("一分钟跳绳", "女", "13", 0)
0
>>> bmi_band("男", "11", 18.1), bmi_band("男", "11", 18.2), bmi_band("男", "11", 20.4)
('正常', '超重', '肥胖')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "BMI",
    "GRADE_CODES",
    "GRADE_NAMES",
    "ITEMS",
    "LOWER_IS_BETTER",
    "SCORES",
    "TABLE_FILES",
    "Item",
    "bmi_band",
    "bmi_points",
    "bonus_points",
    "bonus_steps",
    "grade_of",
    "item_points",
    "items_for",
    "table",
    "threshold_row",
    "weights_for",
]

TABLES = Path(__file__).with_name("tables")
SCORES = (100, 95, 90, 85, 80, 78, 76, 74, 72, 70, 68, 66, 64, 62, 60, 50, 40, 30, 20, 10)
BMI = "体重指数（BMI）"

# 年级编号 of the national upload template: 小学 11–16, 初中 21–23, 高中 31–33, 大学 41–44.
GRADE_NAMES = {
    "11": "一年级", "12": "二年级", "13": "三年级", "14": "四年级", "15": "五年级", "16": "六年级",
    "21": "初一", "22": "初二", "23": "初三", "31": "高一", "32": "高二", "33": "高三",
    "41": "大一", "42": "大二", "43": "大三", "44": "大四",
}
GRADE_CODES = tuple(GRADE_NAMES)


@dataclass(frozen=True)
class Item:
    """One test item: its template column, its table file, its unit and which way is better."""

    name: str
    file: str
    unit: str
    lower_is_better: bool = False
    timed: bool = False  # written as m'ss" in the template


ITEMS = {
    item.name: item
    for item in (
        Item("肺活量", "vital_capacity", "毫升"),
        Item("50米跑", "run_50m", "秒", lower_is_better=True),
        Item("坐位体前屈", "sit_and_reach", "厘米"),
        Item("一分钟跳绳", "rope_skipping", "次"),
        Item("一分钟仰卧起坐", "sit_ups", "次"),
        Item("50米×8往返跑", "shuttle_50x8", "秒", lower_is_better=True, timed=True),
        Item("立定跳远", "standing_long_jump", "厘米"),
        Item("引体向上", "pull_ups", "次"),
        Item("800米跑", "run_800m", "秒", lower_is_better=True, timed=True),
        Item("1000米跑", "run_1000m", "秒", lower_is_better=True, timed=True),
    )
}
LOWER_IS_BETTER = frozenset(name for name, item in ITEMS.items() if item.lower_is_better)
TABLE_FILES = {name: item.file for name, item in ITEMS.items()} | {BMI: "bmi", "bonus": "bonus"}

# Weights (%) per grade group: tyxy.sqnu.edu.cn/info/1124/7292.htm (policy-facts §6, wave2-facts §(f)).
_WEIGHTS = {
    "12": {BMI: 15, "肺活量": 15, "50米跑": 20, "坐位体前屈": 30, "一分钟跳绳": 20},
    "34": {BMI: 15, "肺活量": 15, "50米跑": 20, "坐位体前屈": 20, "一分钟跳绳": 20, "一分钟仰卧起坐": 10},
    "56": {BMI: 15, "肺活量": 15, "50米跑": 20, "坐位体前屈": 10, "一分钟跳绳": 10, "一分钟仰卧起坐": 20,
           "50米×8往返跑": 10},
    "男": {BMI: 15, "肺活量": 15, "50米跑": 20, "坐位体前屈": 10, "立定跳远": 10, "引体向上": 10, "1000米跑": 20},
    "女": {BMI: 15, "肺活量": 15, "50米跑": 20, "坐位体前屈": 10, "立定跳远": 10, "一分钟仰卧起坐": 10, "800米跑": 20},
}


def _check_grade(sex: str, grade: str) -> None:
    if sex not in ("男", "女"):
        raise ValueError(f"性别应为男或女（或1、2），不是“{sex}”")
    if grade not in GRADE_NAMES:
        raise ValueError(f"年级编号应为11–16、21–23、31–33或41–44，不是“{grade}”")


def weights_for(sex: str, grade: str) -> dict[str, int]:
    """The items of a pupil's grade and sex with their weights in percent (they add up to 100).

    >>> weights_for("女", "15")["一分钟仰卧起坐"], sum(weights_for("男", "31").values())
    (20, 100)
    """
    _check_grade(sex, grade)
    if grade[0] == "1":
        return dict(_WEIGHTS["12" if grade in ("11", "12") else "34" if grade in ("13", "14") else "56"])
    return dict(_WEIGHTS[sex])


def items_for(sex: str, grade: str) -> list[str]:
    """The tested items of a grade and sex, BMI first, in the template's column order."""
    return list(weights_for(sex, grade))


@cache
def table(name: str) -> dict:
    """The parsed JSON of an item's table file (``tables/<file>.json``)."""
    return json.loads((TABLES / f"{TABLE_FILES[name]}.json").read_text(encoding="utf-8"))


def threshold_row(name: str, sex: str, grade: str) -> list | None:
    """The 20 thresholds (100 → 10 points) of an item for a sex and grade, or None if no source was found."""
    return table(name)["thresholds"].get(sex, {}).get(grade)


def item_points(name: str, sex: str, grade: str, value: float | None) -> int | None:
    """Points (0–100) for ``value``; None if the value is missing or the table is not in the repository."""
    row = threshold_row(name, sex, grade)
    if value is None or row is None:
        return None
    lower = name in LOWER_IS_BETTER
    for score, limit in zip(SCORES, row, strict=True):
        if limit is not None and (value <= limit if lower else value >= limit):
            return score
    return 0


def bmi_band(sex: str, grade: str, bmi: float) -> str | None:
    """正常 / 低体重 / 超重 / 肥胖 for a BMI already rounded to one decimal; None if the grade has no table."""
    bands = table(BMI)["bands"].get(sex, {}).get(grade)
    if bands is None:
        return None
    if bmi <= bands["低体重"]:
        return "低体重"
    if bmi >= bands["肥胖"]:
        return "肥胖"
    return "正常" if bmi <= bands["正常"][1] else "超重"


def bmi_points(sex: str, grade: str, bmi: float | None) -> int | None:
    """100 正常, 80 低体重 or 超重, 60 肥胖."""
    band = None if bmi is None else bmi_band(sex, grade, bmi)
    return None if band is None else table(BMI)["points"][band]


def bonus_steps(name: str, sex: str, grade: str) -> tuple[float, list[float]] | None:
    """(100-point threshold, steps) of an item that earns 加分 for this pupil, or None.

    ``steps[i]`` is the margin beyond the 100-point threshold that earns ``i + 1`` points.

    >>> bonus_steps("1000米跑", "男", "41")
    (197, [4, 8, 12, 16, 20, 23, 26, 29, 32, 35])
    >>> bonus_steps("一分钟跳绳", "男", "21") is None
    True
    """
    spec = table("bonus")["items"].get(name)
    if spec is None or sex not in spec["sexes"]:
        return None
    primary = grade[0] == "1"
    if (spec["grades"] == "小学") != primary:
        return None
    row = threshold_row(name, sex, grade)
    if row is None:
        return None
    steps = spec["per_grade"][sex][grade] if "per_grade" in spec else spec["steps"]
    return row[0], list(steps)


def bonus_points(name: str, sex: str, grade: str, value: float | None) -> int:
    """加分 for ``value``: how many steps beyond the 100-point threshold it reaches (0 if none apply).

    >>> bonus_points("一分钟跳绳", "女", "11", 117 + 16)
    8
    >>> bonus_points("1000米跑", "男", "41", 197 - 35)
    10
    """
    spec = bonus_steps(name, sex, grade)
    if spec is None or value is None:
        return 0
    top, steps = spec
    margin = (top - value) if name in LOWER_IS_BETTER else (value - top)
    return sum(1 for step in steps if margin >= step)


def grade_of(total: float | None) -> str | None:
    """等级 of a 学年总分: ≥ 90 优秀, 80–89.9 良好, 60–79.9 及格, below 60 不及格.

    >>> [grade_of(t) for t in (90, 89.9, 80, 60, 59.9)]
    ['优秀', '良好', '良好', '及格', '不及格']
    """
    if total is None:
        return None
    return "优秀" if total >= 90 else "良好" if total >= 80 else "及格" if total >= 60 else "不及格"
