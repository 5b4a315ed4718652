"""The plan parser's rules one by one: numerals, units and scaling, ranges, comparators, exclusions, headings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.plans.engine import parse_text
from edubureau.plans.engine.cleaning import clean, join_page_fragments, strip_boilerplate
from edubureau.plans.engine.headings import build_tree, find_headings
from edubureau.plans.engine.numerals import cn_to_int
from edubureau.plans.engine.targets import find_targets


def one(text):
    targets = find_targets(text)
    assert len(targets) == 1, [t.text for t in targets]
    return targets[0]


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("新建、改扩建幼儿园148所。", 148, "所"),
        ("新增学位1.75万个。", 17500, "个"),
        ("校舍竣工32万平方米。", 320000, "平方米"),
        ("投资2.5亿元。", 250_000_000, "元"),
        ("年内新招聘教师2600人。", 2600, "人"),
        ("新增100辆高标准校车。", 100, "辆"),
        ("入学率达到95%。", 95, "%"),
        ("培训教师1,200人次。", 1200, "人次"),
        ("选拔一百二十名骨干教师。", 120, "名"),
        ("新建两千平方米运动场。", 2000, "平方米"),
        ("巩固率达到百分之九十。", 90, "%"),
    ],
)
def test_numbers_units_and_scaling(text, number, unit):
    target = one(text)
    assert target.number == number
    assert target.unit == unit


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("培育3-5项亮点工作。", 3, 5, "项"),
        ("每月督导2-4次。", 2, 4, "次"),
        ("打造2～3所特色学校。", 2, 3, "所"),
        ("建设1至2万平方米。", 10000, 20000, "平方米"),
    ],
)
def test_ranges_give_low_and_high(text, low, high, unit):
    target = one(text)
    assert (target.number, target.low, target.high, target.unit) == (None, low, high, unit)


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("每周督查不少于2次。", "不少于"),
        ("至少办一所公办中心幼儿园。", "至少"),
        ("培训教师5000多人。", "以上"),
        ("建成20所以上标准化学校。", "以上"),
        ("力争创建16所市级平安校园。", "力争"),
        ("大班额比例不超过5%。", "不超过"),
        ("班额控制在45人以内。", "控制在"),
        ("打造10所左右的样板学校。", "左右"),
        ("新增100辆校车。", None),
    ],
)
def test_comparators(text, comparator):
    assert one(text).comparator == comparator


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("年内新招聘教师2600人。", "年内"),
        ("2017年底前完成改造学校30所。", "2017年底前"),
        ("9月底前新增学位500个。", "9月底前"),
        ("新增学位500个。", None),
    ],
)
def test_deadlines(text, deadline):
    assert one(text).deadline == deadline


def test_objects_before_and_after_the_number():
    targets = find_targets(
        "新建、改扩建幼儿园148所，其中新建72所；新增100辆高标准校车；再培育3-5项在全国有影响力的亮点工作。"
    )
    assert [t.object for t in targets] == ["幼儿园", "幼儿园", "高标准校车", "亮点工作"]


def test_placeholders_are_targets_with_an_unknown_number():
    targets = find_targets("划分为x个片区，每次不少于xx个单位，培育创建x-x个示范学校。")
    assert [(t.text, t.number, t.unknown) for t in targets] == [
        ("x个", None, True),
        ("xx个", None, True),
        ("x-x个", None, True),
    ]
    assert targets[1].comparator == "不少于"


@pytest.mark.parametrize(
    "text",
    [
        "2017年是我市教育跨越发展攻坚之年。",  # a year
        "编制好2018-2020年解决大班额专项规划。",  # a span of years
        "9月1日开学。",  # a date
        "x月xx日初三学生顺利开学。",  # an anonymised date
        "出台通知（弋教〔2020〕12号）。",  # a document number
        "启动第二批学科基地的评选工作，组织第八届评比。",  # ordinals
        "启动第2所省优标准公办幼儿园建设。",  # an ordinal in Arabic digits
        "贯彻党的十九大精神。",  # a name containing a numeral
        "完善“三通两平台”建设与应用。",  # a name in quotes
        "全面启动教师培训“555行动计划”。",  # a programme name in quotes
        "指导学校一校一策，提前谋划。",  # an idiom
        "培育一批名师，推进“两学一做”。",  # a vague quantity and a slogan
        "进一步优化教育布局，统一规范管理。",  # numerals inside words
        "使用A4纸打印，支持5G网络。",  # codes with digits
    ],
)
def test_not_targets(text):
    assert find_targets(text) == []


@pytest.mark.parametrize(
    ("text", "value"), [("十九", 19), ("一百零五", 105), ("两万", 20000), ("三亿五千万", 350_000_000)]
)
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    digits = "零一二三四五六七八九"

    def spell(value):  # the standard reading of a number below 10^4
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = value // size % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    text = (spell(high) + "万" if high else "") + (
        ("零" if high and low < 1000 and low else "") + spell(low) if low else ""
    )
    assert cn_to_int(text) == n


@given(st.integers(min_value=1, max_value=9_999_999), st.sampled_from(["所", "个", "人", "项", "辆", "台", "册"]))
def test_any_arabic_count_with_a_unit_is_found(n, unit):
    target = one(f"新增{n}{unit}。")
    assert (target.number, target.unit) == (n, unit)


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=12))
def test_dates_are_never_targets(year, month):
    assert find_targets(f"{year}年{month}月{month}日前完成方案，{year}年是关键之年。") == []


def test_boilerplate_is_stripped():
    lines = strip_boilerplate(
        "上传人:工**** 文档编号:487 上传时间:2022-08-17\n第1页 / 共5页\n当前位置:首页 > 范文 > 计划\n"
        "一、指导思想\n以质量为核心。\n版权所有 某网站\n链接地址:http://example.com/1.html"
    )
    assert lines == ["一、指导思想", "以质量为核心。"]


def test_page_fragments_are_glued_not_headings():
    text = "1、 工作计划一、目标明确学\n\n2、校建设。二、措施（一）加快建设新增学位\n\n3、500个。"
    body = "\n".join(clean(text))
    assert body == "工作计划一、目标明确学校建设。二、措施（一）加快建设新增学位500个。"
    plan = parse_text(text)
    assert plan.title == "工作计划"
    assert [(h.id, h.marker) for h in plan.headings()] == [("1", "一、"), ("2", "二、"), ("2.1", "（一）")]
    assert plan.targets[0].item == "2.1"


def test_a_true_numbered_list_is_kept():
    lines = ["1、制定方案。", "2、组织实施。"]
    assert join_page_fragments(lines) == lines


def test_heading_tree_all_marker_kinds():
    body = "\n".join(
        [
            "一、总体目标",
            "（一）学前教育",
            "1.扩大资源。新建幼儿园3所。",
            "（1）城区",
            "①新建",
            "②改建",
            "（2）农村",
            "2．提高质量",
            "（二）义务教育。一是均衡发展；二是提升质量。",
            "二、保障措施",
            "第一，加强领导。第二，强化督查。",
        ]
    )
    flat = find_headings(body)
    build_tree(body, flat)
    assert [(h.id, h.marker, h.level) for h in flat] == [
        ("1", "一、", 1),
        ("1.1", "（一）", 2),
        ("1.1.1", "1.", 3),
        ("1.1.1.1", "（1）", 4),
        ("1.1.1.1.1", "①", 5),
        ("1.1.1.1.2", "②", 5),
        ("1.1.1.2", "（2）", 4),
        ("1.1.2", "2．", 3),
        ("1.2", "（二）", 2),
        ("1.2.1", "一是", 3),
        ("1.2.2", "二是", 3),
        ("2", "二、", 1),
        ("2.1", "第一", 2),
        ("2.2", "第二", 2),
    ]
    assert flat[2].title == "扩大资源"
    assert flat[2].text == "扩大资源。新建幼儿园3所。"


def test_numbering_must_continue():
    body = "一、目标\n坚持统一、规范管理，做到三、四项不走样。\n二、措施"
    flat = find_headings(body)
    assert [h.marker for h in flat] == ["一、", "二、"]


def test_decimals_are_not_headings():
    assert find_headings("新增学位1.75万个。\n2.5亿元投入。") == []


def test_the_json_shape():
    data = parse_text("某县2025年教育工作要点\n一、重点工作\n（一）学前教育。年内新增学位1.75万个。").as_dict()
    assert data["title"] == "某县2025年教育工作要点"
    item = data["items"][0]["children"][0]
    assert {k: item[k] for k in ("id", "marker", "level", "title")} == {
        "id": "1.1",
        "marker": "（一）",
        "level": 2,
        "title": "学前教育",
    }
    assert data["targets"] == [
        {
            "text": "1.75万个",
            "number": 17500.0,
            "low": None,
            "high": None,
            "comparator": None,
            "unit": "个",
            "object": "学位",
            "deadline": "年内",
            "item": "1.1",
            "unknown": False,
        }
    ]


def test_a_schedule_slot_is_the_deadline_but_not_a_target():
    targets = find_targets("3-4月,6所学校建设项目开复工。5-6月,新建成3所幼儿园。9月1日开学。")
    assert [(t.text, t.deadline) for t in targets] == [("6所", "3-4月"), ("3所", "5-6月")]


def test_verb_enumerations_and_a_copy_that_starts_mid_list():
    body = (
        "三抓课堂促高效。围绕核心要求。\n四抓教研重指导。坚持研管结合，一抓到底。\n"
        "（三）突出内涵发展\n一要机制集团化。二要管理制度化。"
    )
    flat = find_headings(body)
    assert [(h.marker, h.level) for h in flat] == [("三抓", 1), ("四抓", 1), ("（三）", 1), ("一要", 2), ("二要", 2)]


def test_a_lone_later_number_is_not_a_heading():
    assert find_headings("背景说明。\n三抓课堂促高效。\n其他内容。") == []


PIECES = [
    "一、",
    "二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（1）",
    "①",
    "一是",
    "二是",
    "第一，",
    "。",
    "；",
    "\n",
    "新建",
    "幼儿园",
    "3所",
    "1.75万个",
    "x个",
    "不少于",
    "2-4次",
    "2017年",
    "第二批",
    "“555行动计划”",
    "十九大",
    "，",
]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40))
def test_any_text_parses_into_a_consistent_tree(parts):
    plan = parse_text("".join(parts))
    headings = plan.headings()
    ids = [h.id for h in headings]
    assert len(ids) == len(set(ids))
    for h in headings:
        assert h.level == h.id.count(".") + 1
    assert all(t.item is None or t.item in ids for t in plan.targets)
    assert all(t.unit for t in plan.targets)
    assert all(t.number is None or t.number >= 0 for t in plan.targets)
