"""Plans in traditional characters parse as the simplified ones do, shown as published; numbered items under a
heading are tasks with their own targets (issue 17, point 12)."""

from __future__ import annotations

import functools
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.plans.engine import parse_text
from edubureau.plans.engine.script import is_traditional, to_simplified

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("[0-9]*.txt"))
# s2t: OpenCC standard traditional; s2hk and s2tw: Hong Kong and Taiwan variant characters.
VARIANTS = ("s2t", "s2hk", "s2tw")


@functools.cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def structure(plan) -> tuple:
    """What the parser found, without the wording: the tree and every target's figures and owner."""
    headings = [(h.id, h.kind, h.level, h.number, len(h.title), len(h.text)) for h in plan.headings()]
    targets = [(t.number, t.low, t.high, t.unit, t.comparator, t.item, t.unknown, len(t.text)) for t in plan.targets]
    return headings, targets


def test_the_seeds_are_simplified():
    assert len(SEEDS) == 5
    assert not any(is_traditional(path.read_text(encoding="utf-8")) for path in SEEDS)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_every_seed_in_traditional_parses_to_the_same_tasks_and_targets(seed, variant):
    simplified = seed.read_text(encoding="utf-8")
    traditional = converter(variant).convert(simplified)
    assert is_traditional(traditional)
    plain, converted = parse_text(simplified), parse_text(traditional)
    assert converted.traditional and not plain.traditional
    assert structure(converted) == structure(plain)
    assert plain.headings() and plain.targets
    # Shown as published: every title, text and target wording is the traditional one, word for word.
    for a, b in zip(plain.headings(), converted.headings(), strict=True):
        assert b.title in converted.published and b.text in converted.published
        # OpenCC's round trip is not exact (著/着, 衞/卫): compare with the same conversion of the original
        assert to_simplified(b.title) == to_simplified(converter(variant).convert(a.title))
        assert (b.title != a.title) == (converter(variant).convert(a.title) != a.title)
    for a, b in zip(plain.targets, converted.targets, strict=True):
        assert b.text in converted.published
        assert to_simplified(b.text) == to_simplified(converter(variant).convert(a.text))
        assert to_simplified(b.object) == to_simplified(converter(variant).convert(a.object))
    assert to_simplified(converted.title) == to_simplified(converter(variant).convert(plain.title))
    assert converted.published != converted.body and len(converted.published) == len(converted.body)


@settings(max_examples=25, deadline=None)
@given(seed=st.sampled_from(SEEDS), start=st.floats(0, 1), share=st.floats(0.1, 1), variant=st.sampled_from(VARIANTS))
def test_any_part_of_a_seed_parses_alike_in_both_scripts(seed, start, share, variant):
    lines = seed.read_text(encoding="utf-8").split("\n")
    first = int(start * (len(lines) - 1))
    part = "\n".join(lines[first : first + max(1, int(share * len(lines)))])
    traditional = converter(variant).convert(part)
    if not is_traditional(traditional):  # a part with (almost) no characters that differ
        return
    assert structure(parse_text(traditional)) == structure(parse_text(part))


def test_to_simplified_keeps_every_character_in_its_place():
    text = "㈠各級學校：發展目標\n⑴新建幼兒園不少於3所；進一步提升質量。"
    out = to_simplified(text)
    assert out == "㈠各级学校：发展目标\n⑴新建幼儿园不少于3所；进一步提升质量。"
    assert len(out) == len(text) and [i for i, ch in enumerate(text) if ch == "\n"] == [out.index("\n")]


def test_a_real_traditional_plan():
    """An excerpt of a district bureau's plan as copied in traditional characters (fixtures/traditional/README.md)."""
    text = (FIXTURES / "traditional" / "district_plan_excerpt.txt").read_text(encoding="utf-8")
    plan = parse_text(text)
    assert plan.traditional and plan.as_dict()["script"] == "traditional"
    assert plan.title == "教育局教育工作計劃"
    assert [(h.id, h.marker, h.title) for h in plan.headings()] == [
        ("1", "一、", "深入實踐科學發展觀,促進教育的科學發展"),
        ("1.1", "1、", "組織學習實踐科學發展觀的主題教育活動"),
        ("1.2", "2、", "啟動區中長期教育改革和發展規劃綱要的編撰"),
        ("1.3", "3、", "繼續實施《教育事業發展“十一五”規劃綱要》"),
    ]
    assert plan.targets == []  # "改革開放30年" is a span of years, not a target
    assert "上半年組織好教育局機關的學習活動" in plan.published
    assert structure(parse_text(to_simplified(text))) == structure(plan)


# --- numbered items under a heading ---------------------------------------------------------------------------

MARKERS = [("1.", "2."), ("1、", "2、"), ("1．", "2．"), ("⒈", "⒉"), ("(1)", "(2)"), ("（1）", "（2）"), ("⑴", "⑵"),
           ("①", "②"), ("（一）", "（二）"), ("㈠", "㈡")]


def items_plan(first: str, second: str) -> str:
    return (f"某县2026年教育工作要点\n一、学前教育\n{first}新建幼儿园3所，新增学位1200个。\n"
            f"{second}年内培训保教人员不少于500人次。\n二、义务教育\n改扩建学校6所。\n")


@pytest.mark.parametrize(("first", "second"), MARKERS, ids=lambda m: m)
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_numbered_items_are_tasks_with_their_own_targets(first, second, script):
    text = items_plan(first, second)
    if script == "traditional":
        text = converter("s2t").convert(text)
    plan = parse_text(text)
    section = plan.items[0]
    assert [(c.id, c.marker) for c in section.children] == [("1.1", first), ("1.2", second)]
    assert [(t.number, t.unit, t.item) for t in plan.targets] == [
        (3, "所", "1.1"), (1200, "个", "1.1"), (500, "人次", "1.2"), (6, "所", "2")]
    assert plan.targets[2].comparator == "不少于"
    if script == "traditional":
        assert section.children[0].title.startswith("新建幼兒園") and plan.targets[0].object == "幼兒園"


def test_items_of_two_depths_nest():
    text = "工作要点\n一、队伍建设\n㈠教师培训\n⒈省级培训100人。\n⒉县级培训300人。\n㈡校长培养\n⑴评选名校长5名。\n"
    plan = parse_text(text)
    assert [(h.id, h.marker, h.level) for h in plan.headings()] == [
        ("1", "一、", 1), ("1.1", "㈠", 2), ("1.1.1", "⒈", 3), ("1.1.2", "⒉", 3), ("1.2", "㈡", 2), ("1.2.1", "⑴", 3)]
    assert [(t.number, t.item) for t in plan.targets] == [(100, "1.1.1"), (300, "1.1.2"), (5, "1.2.1")]


@pytest.mark.django_db
def test_an_imported_traditional_plan_keeps_its_wording_on_tasks_and_targets():
    from edubureau.plans.models import Target, Task
    from edubureau.plans.services import import_plan

    text = converter("s2hk").convert(items_plan("⑴", "⑵"))
    plan = import_plan(text, title="某縣2026年教育工作要點", year=2026)
    tasks = {t.item: t for t in Task.objects.filter(plan=plan)}
    assert tasks["1"].title == "學前教育" and tasks["1.1"].marker == "⑴"
    assert tasks["1.1"].title == "新建幼兒園3所，新增學位1200個"
    assert tasks["1.2"].text == "年內培訓保教人員不少於500人次。"
    targets = list(Target.objects.filter(plan=plan).order_by("pk"))
    assert [(t.task.item, t.number, t.counted) for t in targets] == [
        ("1.1", 3, "幼兒園"), ("1.1", 1200, "學位"), ("1.2", 500, "保教人員"), ("2", 6, "學校")]
    assert targets[2].comparator == "不少于" and targets[2].deadline_text == "年內"
