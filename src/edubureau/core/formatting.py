"""Figures as a bureau writes them (issue 17): one convention for every page, chart, export and command.

Pure: no Django import. Rates are percentages with one decimal (58.3%), scores at most two decimals (87.25, 90),
差异系数 three decimals (0.452, as the national 督导评估 documents print it), dates 2025年9月1日. Rounding is 四舍五入
on the decimal digits a person reads (0.125 → 0.13), not binary round-half-even (Python's ``f"{0.125:.2f}"`` is
0.12).

The template filters (``core/templatetags/figures.py``: ``percent``, ``score``, ``cv``) and the Excel number formats
below come from here, so a cell in a workbook and a cell on a page read alike while the workbook keeps numbers.

Examples
--------
>>> percent(0.58333)
'58.3%'
>>> percent(None)
'—'
>>> score(87.255), score(90.0), score(90.5)
('87.26', '90', '90.50')
>>> cv(0.4517)
'0.452'
>>> cn_date(dt.date(2025, 9, 1))
'2025年9月1日'
>>> percent_value(0.58333)
58.3
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "EMPTY",
    "XLSX_CV",
    "XLSX_DATE",
    "XLSX_DATETIME",
    "XLSX_PERCENT",
    "XLSX_SCORE",
    "cn_date",
    "cv",
    "percent",
    "percent_value",
    "round_half_up",
    "score",
]

EMPTY = "—"

# Excel number formats: the cell stays a number (or a date), only its look follows the page.
XLSX_PERCENT = "0.0%"
XLSX_SCORE = "0.00"
XLSX_CV = "0.000"
XLSX_DATE = 'yyyy"年"m"月"d"日"'
XLSX_DATETIME = 'yyyy"年"m"月"d"日" hh:mm'


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def round_half_up(value, decimals: int) -> Decimal | None:
    """``value`` rounded 四舍五入 to ``decimals`` places (None when it is not a finite number).

    >>> round_half_up(0.125, 2), round_half_up(2.5, 0), round_half_up(-0.125, 2)
    (Decimal('0.13'), Decimal('3'), Decimal('-0.13'))
    """
    number = _decimal(value)
    if number is None:
        return None
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(rate, decimals: int = 1) -> str:
    """A rate (0.5833) as the bureau writes it: ``58.3%``; ``—`` when there is none.

    Parameters
    ----------
    rate : float, Decimal or None
        A share between 0 and 1 (values outside are shown as they are: 1.25 → 125.0%).
    decimals : int
        Decimals of the percentage, one by default.
    """
    number = _decimal(rate)
    if number is None:
        return EMPTY
    rounded = round_half_up(number * 100, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.0%"
    return f"{rounded}%"


def percent_value(rate, decimals: int = 1) -> float | None:
    """The percentage as a number for a chart's data (0.5833 → 58.3); the chart adds the % sign."""
    number = _decimal(rate)
    return None if number is None else float(round_half_up(number * 100, decimals))


def score(value, decimals: int = 2) -> str:
    """A score or mean: at most two decimals, none when whole (90, 87.50, 87.26); ``—`` when there is none."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return EMPTY
    if rounded == rounded.to_integral_value():
        return f"{int(rounded)}"
    return f"{rounded:f}"


def cv(value) -> str:
    """A 差异系数 with three decimals (0.452), the national documents' convention; ``—`` when there is none."""
    rounded = round_half_up(value, 3)
    return EMPTY if rounded is None else f"{abs(rounded) if rounded == 0 else rounded:f}"


def cn_date(value) -> str:
    """2025年9月1日; a datetime also shows the time (already in the bureau's time zone: the caller converts)."""
    if value is None or value == "":
        return EMPTY
    text = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text
