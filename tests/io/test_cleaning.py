"""The pure cleaning module: what real spreadsheets contain, read as clean values."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core.io import cleaning as c


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(12, 12), (12.0, 12), ("12", 12), ("12.0", 12), ("1,234", 1234), ("１２３", 123), ("１，２３４", 1234),
     (" 7\u3000", 7), ("-3", -3), ("+5", 5)],
)
def test_parse_int_accepts_numbers_stored_as_text(cell, expected):
    assert c.parse_int(cell) == expected


@pytest.mark.parametrize("cell", ["12.5", 12.5, "十二", "12人", "", True, "1.2.3"])
def test_parse_int_refuses_what_is_not_a_whole_number(cell):
    with pytest.raises(c.CleaningError) as info:
        c.parse_int(cell)
    assert info.value.code == "not_integer"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(3000.5, Decimal("3000.5")), (0.1 + 0.2, Decimal("0.30000000000000004")), (12.3, Decimal("12.3")),
     ("1,234.50", Decimal("1234.50")), ("３０００．５", Decimal("3000.5")), (7, Decimal(7)), (".5", Decimal("0.5"))],
)
def test_parse_decimal(cell, expected):
    assert c.parse_decimal(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.date(2025, 9, 1), dt.date(2025, 9, 1)),
        (dt.datetime(2025, 9, 1, 8, 30), dt.date(2025, 9, 1)),
        (45901, dt.date(2025, 9, 1)),
        (45901.0, dt.date(2025, 9, 1)),
        ("45901", dt.date(2025, 9, 1)),
        ("2025-09-01", dt.date(2025, 9, 1)),
        ("2025/9/1", dt.date(2025, 9, 1)),
        ("2025.9.1", dt.date(2025, 9, 1)),
        ("2025年9月1日", dt.date(2025, 9, 1)),
        ("２０２５年９月１日", dt.date(2025, 9, 1)),
        ("2025-09-01 00:00:00", dt.date(2025, 9, 1)),
        ("20250901", dt.date(2025, 9, 1)),
        (" 2025-9-1 ", dt.date(2025, 9, 1)),
    ],
)
def test_parse_date_forms(cell, expected):
    assert c.parse_date(cell) == expected


def test_parse_date_refusals_say_why():
    with pytest.raises(c.CleaningError) as info:
        c.parse_date("2025-02-30")
    assert info.value.code == "no_such_date"
    for cell in ("九月一日", "2025-09", True, -5):
        with pytest.raises(c.CleaningError):
            c.parse_date(cell)


@pytest.mark.parametrize(("cell", "expected"), [("是", True), ("否", False), (" 是 ", True), ("Y", True), ("n", False),
                                                ("√", True), (1, True), (0.0, False), (True, True), ("无", False)])
def test_parse_bool(cell, expected):
    assert c.parse_bool(cell) is expected


def test_parse_bool_refuses_other_words():
    with pytest.raises(c.CleaningError):
        c.parse_bool("也许")


def test_parse_code_strips_every_space_and_refuses_mangled_numbers():
    assert c.parse_code(" 3301 000001\u3000") == "3301000001"
    assert c.parse_code(3301000001.0) == "3301000001"
    assert c.parse_code("３３０１０００００１") == "3301000001"
    with pytest.raises(c.CleaningError) as info:
        c.parse_code(3.30102198506150e17)  # an ID number typed into a number cell
    assert info.value.code == "stored_as_number"


def test_parse_text_keeps_inner_spaces_and_writes_whole_numbers_without_decimals():
    assert c.parse_text("  城东 实验小学\u3000") == "城东 实验小学"
    assert c.parse_text(13800138000.0) == "13800138000"
    assert c.parse_text(None) == ""


@pytest.mark.parametrize(
    ("headers", "same"),
    [
        (["面积（㎡）", "面积(平方米)", "面积", " 面积 ", "*面积", "面积【㎡】"], True),
        (["图书册数(册)", "图书册数", "图书 册数"], True),
        (["*学校标识码", "学校标识码：", "＊学校标识码"], True),
        (["大班额班级数(56—65人)", "超大班额班级数(66人及以上)"], False),
    ],
)
def test_normalize_header_ignores_units_spaces_and_asterisks(headers, same):
    normalized = {c.normalize_header(h) for h in headers}
    assert (len(normalized) == 1) is same


@pytest.mark.parametrize(("cell", "expected"), [("2025", 2025), (2025.0, 2025), ("2025-2026", 2025),
                                                ("2025—2026学年", 2025), ("2025至2026学年", 2025)])
def test_parse_school_year(cell, expected):
    assert c.parse_school_year(cell) == expected


def test_parse_school_year_refuses_years_that_do_not_follow():
    with pytest.raises(c.CleaningError):
        c.parse_school_year("2025-2027")


@pytest.mark.parametrize(("cell", "expected"), [
    ("2025—2026学年第一学期", (2025, 1)), ("2025-2026学年第二学期", (2025, 2)),
    ("2025-1", (2025, 1)), ("2025-2026-2", (2025, 2)), ("2025学年第二学期", (2025, 2)),
])
def test_parse_term(cell, expected):
    assert c.parse_term(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    (1, 1), ("3", 3), ("一年级", 1), ("七年级", 7), ("初一", 7), ("初三", 9),
    ("高一", 10), ("高三", 12), ("小班", -3), ("大班", -1), ("６", 6),
])
def test_parse_grade(cell, expected):
    assert c.parse_grade(cell) == expected


@pytest.mark.parametrize("cell", ["初四", "13", "0", "十三年级", "高级"])
def test_parse_grade_refuses_grades_that_do_not_exist(cell):
    with pytest.raises(c.CleaningError):
        c.parse_grade(cell)


def test_parse_choice_takes_label_or_stored_value():
    options = {"小学": "primary", "primary": "primary", "初中": "junior", "junior": "junior"}
    assert c.parse_choice(" 小学 ", options) == "primary"
    assert c.parse_choice("PRIMARY", options) == "primary"
    with pytest.raises(c.CleaningError) as info:
        c.parse_choice("大学", options)
    assert info.value.params["value"] == "大学"


# --- Properties -----------------------------------------------------------------------------------


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_fullwidth_digits_round_trip(n):
    text = f"{n:,}" if n % 2 else str(n)
    assert c.parse_int(to_fullwidth(text)) == n
    assert c.to_halfwidth(to_fullwidth(str(n))) == str(n)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_to_halfwidth_inverts_fullwidth(text):
    assert c.to_halfwidth(to_fullwidth(text)) == text


@given(st.text())
def test_text_cleaning_is_idempotent(text):
    once = c.parse_text(text)
    assert c.parse_text(once) == once
    header = c.normalize_header(text)
    assert c.normalize_header(header) == header


@given(st.text(alphabet="0123456789 ０１２３\u3000ABCxyz-"))
def test_code_cleaning_is_idempotent_and_spaceless(text):
    code = c.parse_code(text)
    assert c.parse_code(code) == code
    assert " " not in code and "\u3000" not in code


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)))
def test_every_date_form_reads_back_the_same_day(day):
    serial = (day - dt.date(1899, 12, 30)).days
    forms = [day, serial, float(serial), day.isoformat(), f"{day.year}/{day.month}/{day.day}",
             f"{day.year}年{day.month}月{day.day}日", f"{day.year}.{day.month}.{day.day}"]
    assert {c.parse_date(form) for form in forms} == {day}
