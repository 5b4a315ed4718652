"""Resident identity card numbers (居民身份证号码, GB 11643-1999). Pure: no Django import.

Examples
--------
>>> check_digit("11010519491231002")
'X'
>>> is_valid("11010519491231002X")
True
>>> mask("11010519491231002X")
'110105********002X'
"""

from __future__ import annotations

import datetime as dt

__all__ = ["IdCardError", "birth_date", "check_digit", "is_valid", "mask", "mask_phone", "normalize", "sex"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdCardError(ValueError):
    """Raised with a Chinese reason when a number is not a valid 18-digit ID number."""


def normalize(value: str) -> str:
    """Strip spaces, turn full-width digits into ASCII and a lower-case x into X."""
    text = str(value).strip().translate(_FULLWIDTH).replace(" ", "")
    return text.upper()


_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def validate(value: str) -> str:
    """Return the normalized number, or raise IdCardError saying what is wrong."""
    number = normalize(value)
    if len(number) != 18:
        raise IdCardError(f"身份证号应为18位，实为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdCardError("身份证号含有非法字符")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdCardError("身份证号中的出生日期不存在") from None
    if born.year < 1900 or born > dt.date.today():
        raise IdCardError("身份证号中的出生日期不合理")
    if check_digit(number[:17]) != number[17]:
        raise IdCardError("身份证号校验位错误")
    return number


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except IdCardError:
        return False
    return True


def birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex(number: str) -> str:
    """'M' or 'F', from the parity of the 17th digit."""
    return "M" if int(number[16]) % 2 else "F"


def mask(number: str) -> str:
    """Show the region code (first 6) and the last 4 characters only (issue 18: 110101********1234)."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str) -> str:
    """A phone number with its middle hidden: the first 3 and last 4 digits shown (issue 18: 138****5678).

    >>> mask_phone("13812345678")
    '138****5678'
    >>> mask_phone("0571-8888")
    '*********'
    """
    number = (number or "").strip()
    if not number:
        return ""
    if len(number) < 11:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
