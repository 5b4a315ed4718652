"""How a person's identifiers read for those who do not handle the person: one place for every module, so a
parent's address on an enrolment page and a complainant's on a 信访 page are hidden the same way.

ID numbers and phones follow ``core.idcard`` (issue 18: 110101********1234, 138****5678); every function takes an
empty value to "".
"""

from __future__ import annotations

from . import idcard

__all__ = ["mask_address", "mask_id", "mask_name", "mask_phone"]


def mask_id(number: str) -> str:
    """The region code and the last four characters.

    >>> mask_id("110101199003071234")
    '110101********1234'
    """
    return idcard.mask(number) if number else ""


def mask_phone(number: str) -> str:
    """The first three and the last four digits.

    >>> mask_phone("13812345678")
    '138****5678'
    """
    return idcard.mask_phone(number) if number else ""


def mask_name(name: str) -> str:
    """The family name only.

    >>> mask_name("张三丰")
    '张**'
    >>> mask_name("李")
    '李*'
    """
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_address(address: str) -> str:
    """An address down to the street or estate, its building and door hidden.

    >>> mask_address("城关镇幸福小区3幢2单元501室")
    '城关镇幸福小区****'
    >>> mask_address("白沙镇河口村五组")
    '白沙镇河口村****'
    >>> mask_address("滨江路")
    '滨江****'
    """
    if not address:
        return ""
    for mark in ("幢", "栋", "号楼", "号", "组"):
        at = address.find(mark)
        if at > 0:
            head = address[:at].rstrip("0123456789０１２３４５６７８９-一二三四五六七八九十")
            return head + "****"
    return address[: max(len(address) // 2, 2)] + "****"
