"""Raw values as the national upload template writes them, parsed and range-checked (issue 14).

Times of the long runs and the shuttle are ``分′秒″`` (``3′45″``, ``3'45"``, ``3’45”``, ``3'45``, ``3:45``,
``3分45秒``, ``3'45.5``) or plain seconds (``225``); 50米跑 is seconds with one decimal. The ranges are those the
platform's validator enforces (national-formats §5b); a value outside them is refused with row, column and reason.

Examples
--------
>>> parse_value("1000米跑", "3′45″"), parse_value("1000米跑", "3:45"), parse_value("1000米跑", "225")
(225.0, 225.0, 225.0)
>>> parse_value("50米跑", "8.53")
8.6
>>> parse_value("50米跑", "")
>>> parse_value("50米跑", "2.1")
Traceback (most recent call last):
...
ValueError: 超出数据导入范围（5—20秒）：2.1
"""

from __future__ import annotations

import math
import re

__all__ = ["RANGES", "format_time", "half_up", "parse_value", "round_50m"]

# Allowed ranges of the platform's validator (低, 高, 单位文字).
RANGES = {
    "身高": (80, 250, "80—250厘米"),
    "体重": (14, 200, "14—200公斤"),
    "肺活量": (500, 9999, "500—9999毫升"),
    "50米跑": (5, 20, "5—20秒"),
    "坐位体前屈": (-30, 40, "－30—40厘米"),
    "一分钟跳绳": (0, 300, "0—300次"),
    "一分钟仰卧起坐": (0, 99, "0—99次"),
    "引体向上": (0, 99, "0—99次"),
    "立定跳远": (50, 400, "50—400厘米"),
    "50米×8往返跑": (45, 240, "0′45″—4′00″"),
    "800米跑": (120, 540, "2′00″—9′00″"),
    "1000米跑": (120, 540, "2′00″—9′00″"),
    "左眼裸眼视力": (0, 5.3, "3.0—5.3（低于3.0填0）"),
    "右眼裸眼视力": (0, 5.3, "3.0—5.3（低于3.0填0）"),
}
TIMED = {"50米×8往返跑", "800米跑", "1000米跑"}
COUNTS = {"一分钟跳绳", "一分钟仰卧起坐", "引体向上"}
_TIME = re.compile(r"^(\d{1,2})\s*(?:['′’:：]|分)\s*(\d{1,2}(?:\.\d+)?)\s*(?:[\"″”]|''|′′|秒)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋：", "0123456789.-+:")


def half_up(value: float, digits: int = 1) -> float:
    """``value`` rounded half-up to ``digits`` decimals, by one float formula both scorers share.

    >>> half_up(22.05), half_up(22.04)
    (22.1, 22.0)
    """
    scale = 10**digits
    return math.floor(value * scale + 0.5 + 1e-9) / scale


def round_50m(seconds: float) -> float:
    """50米跑 recorded to 0.1 s, rounding up when the second decimal is not zero (10.11 → 10.2).

    >>> round_50m(10.11), round_50m(10.1), round_50m(9.0)
    (10.2, 10.1, 9.0)
    """
    return math.ceil(seconds * 10 - 1e-6) / 10


def format_time(seconds: float) -> str:
    """``m'ss"`` as the template writes times.

    >>> format_time(225), format_time(110.5)
    ('3\\'45"', '1\\'50.5"')
    """
    minutes, rest = divmod(seconds, 60)
    text = f"{rest:04.1f}".rstrip("0").rstrip(".") if rest != int(rest) else f"{int(rest):02d}"
    if "." in text and len(text.split(".")[0]) < 2:
        text = "0" + text
    return f"{int(minutes)}'{text}\""


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip().translate(_FULLWIDTH)


def parse_value(column: str, raw) -> float | None:
    """The value of a template cell as a number (seconds for times), None if blank.

    Raises
    ------
    ValueError
        The text is not a number (or a time) or lies outside the platform's range; the message says which.
    """
    text = _text(raw)
    if text == "":
        return None
    if column in TIMED:
        match = _TIME.match(text)
        if match:
            if float(match[2]) >= 60:
                raise ValueError(f"秒数应小于60：{text}")
            value = int(match[1]) * 60 + float(match[2])
        elif _NUMBER.match(text):
            value = float(text)
        else:
            raise ValueError(f"数据格式错误（应为分′秒″，如3′45″，或秒数）：{text}")
    elif _NUMBER.match(text):
        value = float(text)
        if column in COUNTS and not value.is_integer():
            raise ValueError(f"次数应为整数：{text}")
    else:
        raise ValueError(f"数据格式错误（应为数字）：{text}")
    low, high, shown = RANGES[column]
    if not low <= value <= high:
        raise ValueError(f"超出数据导入范围（{shown}）：{text}")
    if column == "50米跑":
        value = round_50m(value)
    return value
