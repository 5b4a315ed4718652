"""Figures as a bureau writes them (issue 17): rates 58.3%, scores at most two decimals, 差异系数 three decimals,
dates 2025年9月1日 — the pure functions, the template filters, Django's date formats and the Excel formats."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core import formatting as fmt

# --- pure functions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "text"), [
    (0.5833, "58.3%"), (0.58333333, "58.3%"), (0.0, "0.0%"), (1, "100.0%"), (0.00049, "0.0%"),
    (0.00051, "0.1%"), (0.9995, "100.0%"), (0.12345, "12.3%"), (0.1235, "12.4%"),  # 四舍五入 on 12.35
    (Decimal("0.4567"), "45.7%"), (-0.0001, "0.0%"), (1.25, "125.0%"), (None, "—"), ("", "—"),
    (float("nan"), "—"),
])
def test_percent_hand_checked(rate, text):
    assert fmt.percent(rate) == text


def test_percent_decimals():
    assert fmt.percent(0.58333, 2) == "58.33%" and fmt.percent(0.5, 0) == "50%"


@pytest.mark.parametrize(("value", "text"), [
    (87.255, "87.26"), (87.254, "87.25"), (90.0, "90"), (90, "90"), (90.5, "90.50"), (0.125, "0.13"),
    (Decimal("79.999"), "80"), (-1.005, "-1.01"), (None, "—"),
])
def test_score_at_most_two_decimals(value, text):
    assert fmt.score(value) == text


@pytest.mark.parametrize(("value", "text"), [(0.4517, "0.452"), (0.45, "0.450"), (0.0004, "0.000"),
                                             (0.5555, "0.556"), (None, "—")])
def test_cv_three_decimals(value, text):
    assert fmt.cv(value) == text


def test_cn_date():
    assert fmt.cn_date(dt.date(2025, 9, 1)) == "2025年9月1日"
    assert fmt.cn_date(dt.datetime(2025, 12, 31, 8, 5)) == "2025年12月31日 08:05"
    assert fmt.cn_date(None) == "—"


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_percent_round_trips_within_half_a_tenth(rate):
    text = fmt.percent(rate)
    assert text.endswith("%")
    assert abs(float(text[:-1]) / 100 - rate) <= 0.0005 + 1e-12
    assert fmt.percent_value(rate) == float(text[:-1])


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_score_never_more_than_two_decimals(value):
    text = fmt.score(value)
    assert len(text.partition(".")[2]) in (0, 2)
    assert abs(float(text) - value) <= 0.005 + 1e-9 * abs(value)


# --- templates and Django's formats ---------------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load figures %}" + source).render(Context(context))


def test_template_filters():
    assert render("{{ r|percent }} {{ s|score }} {{ c|cv }} {{ d|cndate }}", r=0.5833, s=87.5, c=0.45166,
                  d=dt.date(2025, 9, 1)) == "58.3% 87.50 0.452 2025年9月1日"
    assert render("{{ r|percent }}", r=None) == "—"


def test_django_date_formats_write_nian_yue_ri():
    day = dt.date(2025, 9, 1)
    moment = timezone.make_aware(dt.datetime(2025, 9, 1, 8, 30))
    source = ("{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ m|date:'DATETIME_FORMAT' }}"
              "|{{ d|date:'MONTH_DAY_FORMAT' }}|{{ d }}")
    out = Template(source).render(Context({"d": day, "m": moment}))
    assert out == "2025年9月1日|2025年9月1日|2025年9月1日 08:30|9月1日|2025年9月1日"


def test_date_input_keeps_iso_for_the_browser_picker():
    from django import forms

    class F(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    html = str(F(initial={"day": dt.date(2025, 9, 1)})["day"])
    assert 'value="2025-09-01"' in html
    assert F(data={"day": "2025年9月1日"}).is_valid()


def test_table_date_column():
    from edubureau.core.tables import DateColumn

    assert DateColumn().render(dt.date(2026, 1, 5)) == "2026年1月5日"


# --- Excel: numbers stay numbers, formats follow the pages ----------------------------------------------------------


def test_excel_date_cells_are_dates_shown_in_nian_yue_ri():
    import openpyxl

    from edubureau.core.io.writer import _Book

    book = _Book()
    sheet = book.book.add_worksheet("表")
    book.write(sheet, 0, 0, dt.date(2025, 9, 1))
    data = book.close()
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A1"]
    assert cell.is_date and cell.value.date() == dt.date(2025, 9, 1)
    assert cell.number_format == fmt.XLSX_DATE


def test_excel_percent_format_keeps_the_number():
    import openpyxl
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet().write_number(0, 0, 0.5833, book.add_format({"num_format": fmt.XLSX_PERCENT}))
    book.close()
    cell = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.value == pytest.approx(0.5833) and cell.number_format == "0.0%"


def test_a_year_in_a_template_has_no_separator():
    """A page writes 2026 (and links ?year=2026), never 2,026: the separator is only asked for with |cnnum."""
    assert Template("{{ y }}|{{ y|floatformat:0 }}").render(Context({"y": 2026})) == "2026|2026"
