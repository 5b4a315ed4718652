"""Turning what real spreadsheets contain into clean values. Pure: no Django import.

School clerks fill the bureau's templates in Excel, WPS or by pasting from other systems, so a
cell may hold a number stored as text ("1,234", "１２３", "12.0"), a date as an Excel serial or
as "2025年9月1日", trailing spaces or an ideographic space (U+3000), and a header may carry a
unit ("面积（㎡）") or an asterisk marking it required. Each ``parse_*`` function accepts all of
that and returns the value, or raises :class:`CleaningError` with a reason code the import layer
turns into a translated message.

Examples
--------
>>> parse_int("１，２３４")
1234
>>> parse_date("2025年9月1日")
datetime.date(2025, 9, 1)
>>> normalize_header("* 面积（㎡）") == normalize_header("面积(平方米)")
True
>>> parse_grade("初二")
8
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

__all__ = [
    "CleaningError",
    "is_blank",
    "normalize_choice",
    "normalize_header",
    "parse_bool",
    "parse_choice",
    "parse_code",
    "parse_date",
    "parse_decimal",
    "parse_grade",
    "parse_int",
    "parse_school_year",
    "parse_term",
    "parse_text",
    "to_halfwidth",
]


class CleaningError(ValueError):
    """A cell that cannot be read as the expected kind of value.

    ``code`` names the reason (``"not_integer"``, ``"not_date"`` …) and ``params`` fills its
    message; the import layer owns the translated wording.
    """

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# Full-width forms U+FF01–U+FF5E map onto ASCII U+0021–U+007E; U+3000 is the ideographic space.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
# Spaces that survive a copy from Word, a web page or another system.
_SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
_INNER_SPACES = re.compile(f"[{_SPACES}]+")

# Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for (serials from 61 on).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, punctuation and the ideographic space, as ASCII.

    >>> to_halfwidth("３３０１Ａ，（１）")
    '3301A,(1)'
    """
    return text.translate(_HALFWIDTH)


def is_blank(value) -> bool:
    """True for an empty cell: ``None``, ``""`` or only spaces of any width."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(_SPACES)
    return False


def _number_as_text(value: float | int) -> str:
    """A number Excel stored in a text column (a phone, a code) written back without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_text(value) -> str:
    """Free text with the spaces around it removed; a number cell gives its digits ("12", not "12.0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number_as_text(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip(_SPACES)


def parse_code(value) -> str:
    """A code (学校标识码, 学籍号 …): ASCII, no spaces anywhere.

    A long code typed into a number cell has already lost its last digits in Excel (it keeps 15
    significant digits), so such a cell is refused rather than silently mangled.
    """
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
        raise CleaningError("stored_as_number")
    return _INNER_SPACES.sub("", to_halfwidth(parse_text(value)))


_INT_TEXT = re.compile(r"[+-]?\d+(\.0*)?")
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def _numeric_text(value: str) -> str:
    """A number typed as text, without spaces and thousands separators ("1,234" and "1，234")."""
    return _INNER_SPACES.sub("", to_halfwidth(value)).replace(",", "")


def parse_int(value) -> int:
    """A whole number from a number cell or text ("1,234", "１２３", "12.0")."""
    if isinstance(value, bool):
        raise CleaningError("not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CleaningError("not_integer")
        return int(value)
    text = _numeric_text(str(value))
    if not _INT_TEXT.fullmatch(text):
        raise CleaningError("not_integer")
    return int(text.split(".")[0])


def parse_decimal(value) -> Decimal:
    """A decimal number; a float cell keeps the digits Excel shows (12.3, not 12.300000000000001)."""
    if isinstance(value, bool):
        raise CleaningError("not_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CleaningError("not_number")
        return Decimal(repr(value))
    text = _numeric_text(str(value))
    if not _DECIMAL_TEXT.fullmatch(text):
        raise CleaningError("not_number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        raise CleaningError("not_number") from None


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL_TEXT = re.compile(r"\d{5}(\.0*)?")


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial <= _MAX_EXCEL_SERIAL:
        raise CleaningError("not_date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value) -> dt.date:
    """A date from a date cell, an Excel serial (45901) or text.

    Text may be 2025-09-01, 2025/9/1, 2025.9.1, 2025年9月1日 or 20250901.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CleaningError("not_date")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = to_halfwidth(str(value)).strip(_SPACES)
    match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CleaningError("no_such_date", value=text) from None
    if _SERIAL_TEXT.fullmatch(text):
        return _from_serial(float(text))
    raise CleaningError("not_date")


_TRUE = {"是", "有", "√", "✓", "y", "yes", "true", "1", "t"}
_FALSE = {"否", "无", "没有", "×", "✗", "n", "no", "false", "0", "f"}


def parse_bool(value) -> bool:
    """是/否 (also 有/无, √/×, Y/N, 1/0, TRUE/FALSE)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = to_halfwidth(str(value)).strip(_SPACES).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CleaningError("not_bool")


def normalize_choice(text: str) -> str:
    """The form in which a choice label or stored value is compared: ASCII, no spaces, lower case."""
    return _INNER_SPACES.sub("", to_halfwidth(str(text))).lower()


def parse_choice(value, options: Mapping[str, str]) -> str:
    """The stored value of a choice, given its label or its stored value.

    ``options`` maps :func:`normalize_choice` of every accepted spelling to the stored value.
    """
    key = normalize_choice(parse_text(value))
    if key not in options:
        raise CleaningError("not_choice", value=parse_text(value))
    return options[key]


_YEAR_TEXT = re.compile(r"(\d{4})(?:\s*(?:[-—–~至/]|－)\s*(\d{4}))?\s*(?:学年(?:度)?)?")


def parse_school_year(value) -> int:
    """The start year of a school year: 2025, "2025", "2025-2026", "2025—2026学年".

    >>> parse_school_year("2025—2026学年")
    2025
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        year = parse_int(value)
    else:
        match = _YEAR_TEXT.fullmatch(to_halfwidth(parse_text(value)))
        if not match:
            raise CleaningError("not_school_year")
        year, end = int(match.group(1)), match.group(2)
        if end is not None and int(end) != year + 1:
            raise CleaningError("not_school_year")
    if not 1900 <= year <= 2200:
        raise CleaningError("not_school_year")
    return year


_TERM_TEXT = re.compile(
    r"(\d{4})(?:\s*[-—–~至/]\s*\d{4})?\s*(?:学年(?:度)?)?\s*[-/第]?\s*(一|二|1|2|上|下|秋|春)\s*(?:学期)?"
)
_TERM_NUMBER = {"一": 1, "1": 1, "上": 1, "秋": 1, "二": 2, "2": 2, "下": 2, "春": 2}


def parse_term(value) -> tuple[int, int]:
    """A term as (start year of the school year, 1 or 2): "2025—2026学年第一学期", "2025-1", "2025学年第二学期".

    >>> parse_term("2025—2026学年第二学期")
    (2025, 2)
    """
    text = _INNER_SPACES.sub("", to_halfwidth(parse_text(value)))
    match = _TERM_TEXT.fullmatch(text)
    if not match:
        raise CleaningError("not_term")
    return int(match.group(1)), _TERM_NUMBER[match.group(2)]


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_GRADE_WORDS = {"小班": -3, "中班": -2, "大班": -1}
_GRADE_PREFIX = {"初": 6, "高": 9}  # 初一 = 7th grade, 高一 = 10th grade
_GRADE_TEXT = re.compile(r"(初|高)?([一二三四五六七八九十]|\d{1,2})(?:年级)?")


def parse_grade(value) -> int:
    """A grade as the registry numbers it: 1–6 小学, 7–9 初中 (初一 = 7), 10–12 高中, -3…-1 幼儿园 (小/中/大班).

    >>> parse_grade("七年级"), parse_grade("高一"), parse_grade("大班"), parse_grade(3.0)
    (7, 10, -1, 3)
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        grade = parse_int(value)
    else:
        text = _INNER_SPACES.sub("", to_halfwidth(parse_text(value)))
        if text in _GRADE_WORDS:
            return _GRADE_WORDS[text]
        if re.fullmatch(r"-\d", text):
            grade = int(text)
        else:
            match = _GRADE_TEXT.fullmatch(text)
            if not match:
                raise CleaningError("not_grade")
            prefix, number = match.groups()
            grade = _CN_DIGITS[number] if number in _CN_DIGITS else int(number)
            if prefix:
                if grade > 3:
                    raise CleaningError("not_grade")
                grade += _GRADE_PREFIX[prefix]
    if not -3 <= grade <= 12 or grade == 0:
        raise CleaningError("not_grade")
    return grade


# Brackets hold a unit or a remark: "面积（㎡）", "图书册数(册)", "学校标识码【10位】".
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>|《[^》]*》")
_HEADER_NOISE = re.compile(f"[{_SPACES}*:：＊※]+")


def normalize_header(text) -> str:
    """The form in which a column header is matched: no units in brackets, no spaces or asterisks.

    >>> normalize_header("*教学及辅助用房面积（㎡）")
    '教学及辅助用房面积'
    """
    plain = to_halfwidth(parse_text(text))
    plain = _BRACKETED.sub("", plain)
    return _HEADER_NOISE.sub("", plain).lower()
