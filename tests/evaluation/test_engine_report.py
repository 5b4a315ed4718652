"""Report card and ranking data on the hand-computed example (see test_engine.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from edubureau.evaluation.engine import score
from edubureau.evaluation.engine.report import ranking_rows, report_card

from .test_engine import example_scheme, example_schools


def test_report_card_of_the_lead_school():
    result = score(example_scheme(), example_schools())
    card = report_card(result, "A")
    assert (card["total"], card["rank"], card["count"], card["grade"]) == (78, 1, 3, "合格")
    assert (card["own_part"], card["bundled_part"], card["change"]) == (64, 14, 3)
    # 常规考核 32 of 40 = 80%, urban mean (32 + 40 + 13) / 3 = 28.33 → 70.8%; 办学成效 45 of 60 = 75%,
    # mean (45 + 42 + 21) / 3 = 36 → 60%.
    assert card["radar"]["school"] == [80.0, 75.0] and card["radar"]["mean"] == [70.8, 60.0]
    titles = [g["title"] for g in card["groups"]]
    assert titles == ["常规考核", "办学成效", "加分项", "违规办学扣分", "重大安全责任事故", "合计"]
    bonus = card["groups"][2]
    assert bonus["points"] == 5 and [s.code for s in bonus["steps"]] == ["8.1", "8.2", "加分"]
    assert [s.code for s in card["groups"][-1]["steps"]] == ["捆绑", "总分", "等次"]


def test_branch_change_against_last_year():
    now = score(example_scheme(), example_schools())
    last_year = [replace(s, entered={**s.entered, "1.2": (5,)}) for s in example_schools()]
    before = score(example_scheme(), last_year)
    card = report_card(now, "A", previous=before)
    # Last year 1.2 was 5 → 10 of 20: 常规考核 15 + 10 = 25 of 40 = 62.5%; now 80%.
    assert card["branches"][0]["previous_pct"] == 62.5 and card["branches"][0]["change_pct"] == 17.5


def test_ranking_rows():
    rows = ranking_rows(score(example_scheme(), example_schools()), "urban")
    assert [(r["name"], r["rank"], r["total"]) for r in rows] == [("甲校", 1, 78), ("丙校", 2, 34), ("乙校", 3, 82)]
    assert rows[0]["branches"] == [32, 45] and rows[2]["vetoed"]
    assert rows[0]["change"] == pytest.approx(3)
