"""The five seed plans, hand-checked (fixtures/*.json): precision and recall of headings and targets.

The figures are printed with ``-s``; run ``python -m edubureau.plans.engine.evaluation tests/plans/fixtures``
for the per-seed table. The thresholds sit just under today's figures so a regression fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edubureau.plans.engine import parse_text
from edubureau.plans.engine.evaluation import evaluate, report

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def result():
    return evaluate(FIXTURES)


def test_all_five_seeds_are_checked(result):
    assert len(result["rows"]) == 5
    assert result["titles"] == 5


def test_heading_precision_and_recall(result):
    print(report(result))
    assert result["headings"].precision >= 0.98
    assert result["headings"].recall >= 0.95


def test_target_precision_and_recall(result):
    assert result["targets"].precision >= 0.95
    assert result["targets"].recall >= 0.95
    assert result["comparators"] >= result["targets"].matched - 1


def test_page_counters_of_the_sharing_site_are_not_headings():
    text = (FIXTURES / "000_63fd147aa4140104.txt").read_text(encoding="utf-8")
    plan = parse_text(text)
    assert not any(h.kind == "arabic" for h in plan.headings())
    # "…加快打造“教育名" + page "2、区”。" is one sentence again
    assert "加快打造“教育名区”。" in plan.body
    assert "金锄头" not in plan.body and "第1页" not in plan.body


def test_seed_002_figures_and_owning_items():
    plan = parse_text((FIXTURES / "002_5c9ae5dad0fb98c4.txt").read_text(encoding="utf-8"))
    by_text = {t.text: t for t in plan.targets}
    places = by_text["1.75万个"]
    assert (places.number, places.unit, places.object, places.item) == (17500, "个", "学位", "3.3")
    teachers = by_text["2600人"]
    assert (teachers.deadline, teachers.comparator, teachers.object, teachers.item) == ("年内", "力争", "教师", "3.8.1")
    assert by_text["2.5亿元"].number == 250_000_000
    assert by_text["32万平方米"].number == 320_000
    texts = [t.text for t in plan.targets]
    assert not any(s in "".join(texts) for s in ("2017", "2018", "十八"))


def test_fixtures_are_consistent():
    for path in FIXTURES.glob("*.json"):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        assert (FIXTURES / fixture["seed"]).exists()
        assert all(len(row) == 3 for row in fixture["headings"])
        assert all(len(row) == 6 and row[4] for row in fixture["targets"])
