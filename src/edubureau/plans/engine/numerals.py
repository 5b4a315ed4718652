"""Chinese and Arabic numbers as written in bureau documents: 148、1.75万、两千、一百二十、百分之九十.

Pure functions, no Django.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral, or None if ``text`` is not one.

    >>> cn_to_int("一百二十"), cn_to_int("十九"), cn_to_int("两千"), cn_to_int("三万五千")
    (120, 19, 2000, 35000)
    >>> cn_to_int("二〇一七"), cn_to_int("大") is None, cn_to_int("三亿五千万"), cn_to_int("万") is None
    (2017, True, 350000000, True)
    """
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:  # digit by digit: 二〇一七
        return int("".join(str(DIGITS[ch]) for ch in text))
    if text[0] in BIG_UNITS or text in SMALL_UNITS and text != "十":
        return None  # 万人空巷, 千方百计: a word, not a number
    yi_part, wan_part, section, digit = 0, 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            wan_part += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:  # 亿 closes everything before it
            yi_part += (wan_part + section + (digit or 0)) * 100_000_000
            wan_part, section, digit = 0, 0, None
    return yi_part + wan_part + section + (digit or 0)


def circled_to_int(ch: str) -> int | None:
    """①…⑳ as 1…20.

    >>> circled_to_int("③")
    3
    """
    pos = CIRCLED.find(ch)
    return pos + 1 if pos >= 0 else None


_ARABIC = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")


def to_number(text: str) -> float | None:
    """An Arabic (with thousands commas) or Chinese numeral as a float.

    >>> to_number("1,200"), to_number("1.75"), to_number("十五")
    (1200.0, 1.75, 15.0)
    """
    text = text.replace("，", ",").replace("．", ".")
    if _ARABIC.match(text):
        return float(text.replace(",", ""))
    value = cn_to_int(text)
    return None if value is None else float(value)
