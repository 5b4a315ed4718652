"""Precision and recall of the parser against hand-checked plans (the fixtures under tests/plans/fixtures).

A fixture lists a plan's headings as [level, marker, start of title] and its targets as
[text, number, low, high, unit, comparator]. A heading is found when the parser has one at the same
level with the same marker whose title starts with the expected words (brackets half- or full-width
alike); a target is found when text, number, range and unit agree. Pure, no Django.

    python -m edubureau.plans.engine.evaluation tests/plans/fixtures
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import ParsedPlan, parse_text

WIDTH = str.maketrans("（）．", "().")


@dataclass
class Score:
    """Counts for one kind of thing (headings or targets): expected, found by the parser, and both."""

    expected: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def __iadd__(self, other: Score) -> Score:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        return self


def score_headings(plan: ParsedPlan, expected: list[list]) -> Score:
    actual = [(h.level, h.marker.translate(WIDTH), h.title.translate(WIDTH)) for h in plan.headings()]
    used = [False] * len(actual)
    matched = 0
    for level, marker, prefix in expected:
        marker, prefix = marker.translate(WIDTH), prefix.translate(WIDTH)
        for i, (a_level, a_marker, a_title) in enumerate(actual):
            if not used[i] and a_level == level and a_marker == marker and a_title.startswith(prefix):
                used[i] = True
                matched += 1
                break
    return Score(expected=len(expected), found=len(actual), matched=matched)


def _target_key(text, number, low, high, unit):
    return (text, number and float(number), low and float(low), high and float(high), unit)


def score_targets(plan: ParsedPlan, expected: list[list]) -> tuple[Score, int]:
    """Target score, and how many matched targets also carry the expected comparator."""
    actual = Counter(_target_key(t.text, t.number, t.low, t.high, t.unit) for t in plan.targets)
    comparators = Counter((_target_key(t.text, t.number, t.low, t.high, t.unit), t.comparator) for t in plan.targets)
    want = Counter(_target_key(*row[:5]) for row in expected)
    matched = sum((actual & want).values())
    want_cmp = Counter((_target_key(*row[:5]), row[5]) for row in expected)
    return Score(expected=len(expected), found=len(plan.targets), matched=matched), sum(
        (comparators & want_cmp).values()
    )


def evaluate(fixtures: Path) -> dict:
    """Per-seed and total scores for every ``*.json`` fixture beside its ``.txt`` source."""
    rows, headings, targets, comparators, titles = [], Score(), Score(), 0, 0
    for path in sorted(fixtures.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        plan = parse_text((fixtures / fixture["seed"]).read_text(encoding="utf-8"))
        h = score_headings(plan, fixture["headings"])
        t, c = score_targets(plan, fixture["targets"])
        headings += h
        targets += t
        comparators += c
        titles += plan.title == fixture["title"]
        rows.append({"seed": fixture["seed"], "headings": h, "targets": t, "title": plan.title == fixture["title"]})
    return {"rows": rows, "headings": headings, "targets": targets, "comparators": comparators, "titles": titles}


def report(result: dict) -> str:
    def fmt(s: Score) -> str:
        return f"{s.matched}/{s.expected} 期望, {s.found} 识别, 精确率 {s.precision:.1%}, 召回率 {s.recall:.1%}"

    lines = [
        f"{r['seed']}: 标题 {'√' if r['title'] else '×'}; 条目 {fmt(r['headings'])}; 指标 {fmt(r['targets'])}"
        for r in result["rows"]
    ]
    lines.append(f"合计 条目: {fmt(result['headings'])}")
    lines.append(f"合计 指标: {fmt(result['targets'])}; 比较词一致 {result['comparators']}/{result['targets'].matched}")
    lines.append(f"文档标题正确 {result['titles']}/{len(result['rows'])}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(report(evaluate(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/plans/fixtures"))))
